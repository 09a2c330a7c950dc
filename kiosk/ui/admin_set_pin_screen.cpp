// The first unlock of a new kiosk: the volunteer sets the PIN, typed twice (see admin.h). The
// desk hashes and saves it off the frame; its answer opens the menu.
#include "ui/admin_set_pin_screen.h"

namespace sichtbar::ui {

AdminSetPinScreen::AdminSetPinScreen()
    : PinScreen({"admin.pin.new", "admin.pin.repeat"}, "admin.pin.title", "ui.nav.cancel",
                "admin.event.save", {.back = script::Icon::cancel, .next = script::Icon::save}) {}

void AdminSetPinScreen::draw(Frame& frame) {
  VolunteerDesk& desk = frame.services.desk;
  if (auto answer = desk.take_pin<VolunteerDesk::FirstPinSaved>()) {
    auto r = frame.session.set_first_pin(std::move(answer->saved));
    message_ = r ? std::string() : pin_error_text(frame.ui, r.error());
    if (frame.session.screen() != Screen::AdminSetPin) return;  // saved: the menu is next
  }
  const NavResult nav = draw_pin_screen(frame);
  if (nav.back) frame.session.back();
  if (nav.next)
    ask([&](const PinFields& pins) { return desk.set_first_pin(pins.text(0), pins.text(1)); });
}

}  // namespace sichtbar::ui
