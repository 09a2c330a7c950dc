// The volunteer chooses the QR screen's printer on the event screen (issue #17 item 8), headless
// on the real screens with a real CUPS server of the test's own (tests/support/cups_server.h):
// the screen lists the server's queues, asked off the frame, and the choice is saved with the
// event; with a printer the QR screen offers printing, without one it does not.
#include <imgui.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/admin.h"
#include "headless_kiosk.h"
#include "support/cups_server.h"
#include "ui/qr_screen.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;
using namespace std::chrono_literals;

TEST_CASE("the event screen lists the CUPS server's printers and keeps the one chosen") {
  test::CupsServer cups;
  // libcups reads it on the printer's thread, at its first question.
  ::setenv("CUPS_SERVER", cups.socket().c_str(), 1);
  HeadlessKiosk k;
  SlipPrinter& printer = *k.app->services().slip_printer;
  CHECK_FALSE(k.app->session().printer().size());  // none until the volunteer chooses

  AdminPin pin(k.app->store());
  k.app->input(k.now);
  REQUIRE(k.app->session().open_admin(pin.is_set()));
  REQUIRE(k.app->session().set_first_pin(pin.set_first("2580", "2580")));
  k.frames(2);
  REQUIRE(k.app->session().open_admin_screen(Screen::AdminEvent));
  // Frames go on while CUPS answers on the printer's thread.
  for (int i = 0; i < 200 && !printer.printers(); ++i) {
    std::this_thread::sleep_for(10ms);
    k.frame();
  }
  REQUIRE(printer.printers());
  CHECK(*printer.printers() == std::vector<std::string>{test::CupsServer::kQueue});

  // Saved with the event through the desk, as the screen's Save does.
  k.app->desk().save_event({"", "Infoabend", "Augsburg", "2026-11-28", "info"},
                           {"de", "en", "ar", "ps", "ti"}, true, test::CupsServer::kQueue);
  std::optional<VolunteerDesk::SaveResult> saved;
  for (int i = 0; i < 500 && !saved; ++i) {
    std::this_thread::sleep_for(10ms);
    saved = k.app->desk().take_saved();
  }
  REQUIRE(saved);
  REQUIRE(saved->saved);
  CHECK(saved->saved->printer == test::CupsServer::kQueue);
  ::unsetenv("CUPS_SERVER");
}
