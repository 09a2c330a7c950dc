// Printing the link for a person without a smartphone (issue #17 item 8), end to end: the real
// `sichtbar-kiosk ui` under Xvfb, set up with a printer on a real CUPS server of the test's own
// (tests/support/cups_server.h). A person finishes a profile in Arabic and taps "print": the
// page CUPS got decodes (zbarimg) to the link on screen and carries the note below the code;
// the kiosk left no file of it. With the server gone, the screen says to ask the volunteer and
// the code stays on screen.
#define ZX_USE_UTF8 1  // Result::text() as UTF-8 std::string (ZXing 1.4 transition)
#include <ZXing/ReadBarcode.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "domain/consent_text.h"
#include "kiosk_under_xvfb.h"
#include "support/cups_server.h"

namespace fs = std::filesystem;
using namespace sichtbar;
using namespace sichtbar::test;

namespace {

std::string qr_on_screen(const fs::path& screenshot) {
  REQUIRE(fs::exists(screenshot));
  const Png png = read_png(screenshot);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  const auto decoded =
      ZXing::ReadBarcode(ZXing::ImageView(png.rgb.data(), static_cast<int>(png.width),
                                          static_cast<int>(png.height), ZXing::ImageFormat::RGB),
                         hints);
  return decoded.isValid() ? decoded.text() : std::string();
}

// Pixels in the colour of an error message (danger red): the screen says something went wrong.
std::size_t danger_pixels(const fs::path& screenshot) {
  const Png png = read_png(screenshot);
  std::size_t n = 0;
  for (unsigned y = 0; y < png.height; ++y)
    for (unsigned x = 0; x < png.width; ++x) {
      const unsigned char* p = png.at(x, y);
      if (p[0] == 176 && p[1] == 36 && p[2] == 36) ++n;
    }
  return n;
}

// Bands of rows with ink below `from`: the lines of text under the code on the printed page.
int text_lines_below(const Png& page, unsigned from) {
  int bands = 0;
  bool in_band = false;
  for (unsigned y = from; y < page.height; ++y) {
    bool ink = false;
    for (unsigned x = 0; x < page.width && !ink; ++x) ink = page.at(x, y)[0] < 128;
    if (ink && !in_band) ++bands;
    in_band = ink;
  }
  return bands;
}

// Arabic, consent, past every section, Finish; then the QR screen, "print", a pause, a look.
std::string print_script(const fs::path& screenshot) {
  // Next sits at the left in Arabic; each screen ignores taps in its first moment.
  const std::string next = "wait 400\ntap 0.145 0.9375\n";
  std::string script = "wait 200\ntap 0.492 0.165\n";
  // The consent's steps that are only read, then its choices: keep my profile, I agree.
  for (std::size_t step = 0; step + 1 < kConsentSteps; ++step) script += next;
  script += "tap 0.5 0.685\n" + next;
  script += "tap 0.5 0.30\ntext \u0632\u0641\u064A\u0631\u0629\n";  // a name
  for (int i = 0; i < 7; ++i) script += next;  // six sections, then Finish on the review
  script +=
      "wait 500\n"
      "tap 0.844 0.937\n"  // "print" where reading starts in the bottom row (the right)
      "wait 3000\n"
      "screenshot " +
      screenshot.string() + "\nquit\n";
  return script;
}

}  // namespace

TEST_CASE(
    "a printed slip carries the link as a QR code and the note, and without a server the screen "
    "says to ask the volunteer") {
  CupsServer cups;
  KioskUnderXvfb kiosk("de,ar,ps,ti");
  auto set = run({SICHTBAR_KIOSK_BIN, "setup", "--data", kiosk.data.string(), "--event-name",
                  "Infoabend Augsburg", "--event-date", "2026-11-28", "--venue", "Kolpinghaus",
                  "--languages", "de,ar,ps,ti", "--printer", CupsServer::kQueue});
  INFO(set.out << set.err);
  REQUIRE(set.exit_code == 0);
  CHECK(set.out.find("printer:  slips") != std::string::npos);

  // The kiosk's own temp folder stays empty: the slip goes to CUPS from memory.
  const fs::path kiosk_tmp = kiosk.tmp / "kiosk-tmp";
  fs::create_directories(kiosk_tmp);
  const std::vector<std::string> env = {cups.client_env(), "TMPDIR=" + kiosk_tmp.string()};

  const fs::path shot = kiosk.tmp / "printed.png";
  kiosk.run_ui(print_script(shot), {}, env);
  const std::string link = qr_on_screen(shot);
  REQUIRE(link.starts_with("http://127.0.0.1:8470/p/"));
  // CUPS took the page (the backend writes it after the job): wait for it a little.
  for (int i = 0; i < 100 && !fs::exists(cups.printed()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(fs::exists(cups.printed()));
  const auto zbar = run({"/usr/bin/zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                         cups.printed().string()});
  INFO(zbar.err);
  REQUIRE(zbar.exit_code == 0);
  CHECK(zbar.out == link + "\n");
  // Under the code: the link, the three sentences of the note in Arabic and again in German
  // (each at least a line).
  const Png page = read_png(cups.printed());
  CHECK(text_lines_below(page, page.width / 12 + 10 * (4 + 8 + 2 * 4 * 4 + 2)) >= 7);
  CHECK(fs::is_empty(kiosk_tmp));
  CHECK(danger_pixels(shot) == 0);

  // The printer's server gone: the next person's tap says to ask the volunteer, and the code
  // stays on screen for their phone.
  cups.stop();
  const fs::path failed = kiosk.tmp / "failed.png";
  kiosk.run_ui(print_script(failed), {}, env);
  CHECK_FALSE(qr_on_screen(failed).empty());
  CHECK(danger_pixels(failed) > 50);  // its words in red (only exact red pixels count)
}

TEST_CASE("a kiosk without a printer offers no printing") {
  KioskUnderXvfb kiosk("de,ar,ps,ti");
  const fs::path shot = kiosk.tmp / "no_printer.png";
  kiosk.run_ui(print_script(shot));
  CHECK_FALSE(qr_on_screen(shot).empty());
  // The tap where "print" would be did nothing: no error, and nothing to say.
  CHECK(danger_pixels(shot) == 0);
}
