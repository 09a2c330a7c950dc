// Screenshots of every kiosk screen in German, Arabic, Pashto and Tigrinya, taken from the real
// `sichtbar-kiosk ui` under Xvfb with Mesa's llvmpipe, driven by input scripts, and kept as PNG
// files in the build directory (tests/gui/screenshots/<language>/<screen>.png) for people to
// look at. Each must exist, have the window's size and show something (not a blank frame).
// The volunteer's screens open from the welcome screen, which is in the kiosk's default
// language (German): they are taken in German.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/store.h"
#include "kiosk_under_xvfb.h"

namespace fs = std::filesystem;
using namespace sichtbar::test;

namespace {

struct Language {
  std::string code;
  float x, y;     // its button on the welcome screen (event languages de, ar, ps, ti)
  bool rtl;
  float name_y;   // the name field on "about", one text size larger in Arabic script
  std::string name;  // typed into it
};

const std::vector<Language> kLanguages = {
    {"de", 0.176f, 0.165f, false, 0.241f, "Zaphira Quellenberg"},
    {"ar", 0.492f, 0.165f, true, 0.30f, "\u0632\u0641\u064A\u0631\u0629 \u0644\u0627"},
    {"ps", 0.81f, 0.165f, true, 0.30f, "\u069A\u0681\u0647 \u0685\u067C"},
    {"ti", 0.176f, 0.265f, false, 0.241f, "\u1230\u120B\u121D"},
};

fs::path screenshot_dir(const std::string& language) {
  const fs::path dir = fs::path(SICHTBAR_SCREENSHOT_DIR) / language;
  fs::create_directories(dir);
  return dir;
}

// Checks the screenshots and removes stale ones first is the caller's job.
void check_screenshots(const fs::path& dir, const std::vector<std::string>& screens) {
  for (const std::string& screen : screens) {
    const fs::path file = dir / (screen + ".png");
    INFO("screenshot " << file);
    REQUIRE(fs::exists(file));
    const Png png = read_png(file);
    CHECK(png.width == kWindowWidth);
    CHECK(png.height == kWindowHeight);
    CHECK(ink_share(png) > 0.01);
  }
}

void remove_old(const fs::path& dir, const std::vector<std::string>& screens) {
  for (const std::string& screen : screens) fs::remove(dir / (screen + ".png"));
}

std::string at(float x, float y) { return std::to_string(x) + " " + std::to_string(y); }

void person_screens(const Language& l) {
  const fs::path dir = screenshot_dir(l.code);
  const std::vector<std::string> screens = {
      "welcome", "consent", "about_keyboard", "languages", "education", "work", "skills",
      "wishes", "review", "qr", "consent_declined", "idle_warning", "finish_failed",
      "stop_question"};
  remove_old(dir, screens);
  if (l.code == "de") fs::remove(dir / "education_entry.png");
  const std::string next = at(l.rtl ? 0.145f : 0.855f, 0.9375f);
  const std::string shot = "screenshot " + dir.string() + "/";
  std::string s = "wait 200\n" + shot + "welcome.png\n";
  s += "tap " + at(l.x, l.y) + "\n" + shot + "consent.png\n";
  s += "tap 0.5 0.685\ntap " + next + "\n";
  s += "tap " + at(0.5f, l.name_y) + "\ntext " + l.name + "\n" + shot + "about_keyboard.png\n";
  for (const char* section : {"languages", "education", "work", "skills", "wishes", "review"}) {
    s += "tap " + next + "\n" + shot + section + ".png\n";
    // German: one entry of the repeatable education group, with its fields ("Add another" is
    // under the section's help text there).
    if (l.code == "de" && std::string(section) == "education")
      s += "tap 0.145 0.256\n" + shot + "education_entry.png\n";
  }
  s += "tap " + next + "\nwait 300\n" + shot + "qr.png\n";
  s += "tap " + next + "\n";  // Done: back to the welcome screen
  s += "tap " + at(l.x, l.y) + "\ntap 0.5 0.9375\n" + shot + "consent_declined.png\n";
  s += "tap " + next + "\n";
  // Stop and delete my answers: the question over the first section.
  s += "tap " + at(l.x, l.y) + "\ntap 0.5 0.685\ntap " + next + "\ntap " +
       at(l.rtl ? 0.133f : 0.867f, 0.043f) + "\n" + shot + "stop_question.png\n";
  s += "tap " + at(l.rtl ? 0.65f : 0.35f, 0.616f) + "\nquit\n";
  KioskUnderXvfb kiosk;
  kiosk.run_ui(s);
  // The inactivity warning, with untouched form screens warning after one second.
  kiosk.run_ui("wait 200\ntap " + at(l.x, l.y) + "\nwait 1500\n" + shot +
                   "idle_warning.png\nquit\n",
               {"--idle-seconds", "1"});
  // A profile that cannot be saved: the kiosk's database refuses new envelopes (as a full or
  // broken disk would), so finishing fails and says so.
  {
    auto store = sichtbar::KioskStore::open(kiosk.data);
    REQUIRE(store);
    REQUIRE(store->exec("CREATE TRIGGER refuse_envelopes BEFORE INSERT ON outbox "
                        "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END"));
  }
  std::string failing = "wait 200\ntap " + at(l.x, l.y) + "\ntap 0.5 0.685\n";
  for (int i = 0; i < 8; ++i) failing += "tap " + next + "\n";  // consent, 6 sections, review
  failing += "wait 300\n" + shot + "finish_failed.png\nquit\n";
  kiosk.run_ui(failing);
  check_screenshots(dir, screens);
  if (l.code == "de") check_screenshots(dir, {"education_entry"});
}

}  // namespace

TEST_CASE("screenshots of every screen a person sees, in German") { person_screens(kLanguages[0]); }
TEST_CASE("screenshots of every screen a person sees, in Arabic") { person_screens(kLanguages[1]); }
TEST_CASE("screenshots of every screen a person sees, in Pashto") { person_screens(kLanguages[2]); }
TEST_CASE("screenshots of every screen a person sees, in Tigrinya") {
  person_screens(kLanguages[3]);
}

TEST_CASE("screenshots of the volunteer's screens, and German under the labels") {
  const fs::path dir = screenshot_dir("admin");
  const std::vector<std::string> screens = {"admin_set_pin",      "admin_home",
                                            "admin_event",        "admin_change_pin",
                                            "admin_usb_exported", "admin_unlock",
                                            "admin_unlock_wrong", "ar_about_german_below"};
  remove_old(dir, screens);
  const std::string shot = "screenshot " + dir.string() + "/";
  std::string gesture;
  for (int i = 0; i < 5; ++i) gesture += "tap 0.02 0.03\n";
  // First one person finishes a profile (nothing ticked but the required purpose), so there
  // is something to export.
  std::string s = "wait 200\ntap 0.176 0.165\ntap 0.5 0.685\n";
  for (int i = 0; i < 8; ++i) s += "tap 0.855 0.9375\n";
  s += "wait 300\ntap 0.855 0.9375\n";  // the QR screen's Done
  s += gesture + shot + "admin_set_pin.png\n";
  // The first PIN twice (typed on a keyboard into the focused field), then Save.
  s += "text 2580\ntap 0.16 0.255\ntext 2580\ntap 0.855 0.9375\nwait 500\n";
  s += shot + "admin_home.png\n";
  s += "tap 0.225 0.286\n";  // German under the labels: on
  s += "tap 0.225 0.365\n" + shot + "admin_event.png\ntap 0.145 0.9375\n";
  s += "tap 0.225 0.448\n" + shot + "admin_change_pin.png\ntap 0.145 0.9375\n";
  s += "tap 0.225 0.206\n" + shot + "admin_usb_exported.png\n";  // Export to USB stick
  s += "tap 0.855 0.9375\n";  // Lock
  s += gesture + shot + "admin_unlock.png\n";
  s += "text 1111\ntap 0.855 0.9375\nwait 500\n" + shot + "admin_unlock_wrong.png\n";
  s += "tap 0.145 0.9375\n";  // Cancel: back to the welcome screen
  s += "tap 0.492 0.165\ntap 0.5 0.685\ntap 0.145 0.9375\n" + shot + "ar_about_german_below.png\n";
  s += "quit\n";
  KioskUnderXvfb kiosk;
  const fs::path usb = kiosk.tmp / "usb-stick";
  fs::create_directories(usb);
  kiosk.run_ui(s, {}, {"SICHTBAR_USB_DIR=" + usb.string()});
  check_screenshots(dir, screens);
  // The export wrote one bundle file onto the "stick".
  std::size_t bundles = 0;
  for (const auto& entry : fs::directory_iterator(usb)) bundles += entry.is_regular_file();
  CHECK(bundles == 1);
}
