// Screenshots of every kiosk screen in German, Arabic, Pashto and Tigrinya, taken from the real
// `sichtbar-kiosk ui` under Xvfb with Mesa's llvmpipe, driven by input scripts, and kept as PNG
// files in the build directory (tests/gui/screenshots/<language>/<screen>.png) for people to
// look at. Each must exist, have the window's size and show something (not a blank frame).
// The volunteer's screens (admin_*.png) open from the welcome screen and speak the kiosk's
// language, so they are taken with `ui --language`: mirrored in Arabic and Pashto, and each
// title checked against the German one. The occupation picker's browse path (its three levels) is
// taken in Arabic, Pashto and German, with a check that its pictograms were drawn.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/store.h"
#include "domain/consent_text.h"
#include "kiosk_under_xvfb.h"

namespace fs = std::filesystem;
using namespace sichtbar::test;

namespace {

struct Language {
  std::string code;
  float x, y;  // its button on the welcome screen (event languages de, ar, ps, ti)
  bool rtl;
  float name_y;       // the name field on "about", one text size larger in Arabic script
  std::string name;   // typed into it
  std::string title;  // an education entry's title
};

const std::vector<Language> kLanguages = {
    {"de", 0.176f, 0.165f, false, 0.241f, "Zaphira Quellenberg", "Bauingenieurwesen"},
    {"ar", 0.492f, 0.165f, true, 0.30f, "\u0632\u0641\u064A\u0631\u0629 \u0644\u0627",
     "\u0647\u0646\u062F\u0633\u0629 \u0645\u062F\u0646\u064A\u0629"},
    {"ps", 0.81f, 0.165f, true, 0.30f, "\u069A\u0681\u0647 \u0685\u067C",
     "\u0627\u0646\u062C\u0646\u064A\u0631\u064A"},
    {"ti", 0.176f, 0.265f, false, 0.241f, "\u1230\u120B\u121D", "\u121D\u1205\u1295\u12F5\u1235"},
    // Farsi's person screens only, at an event of de, ar and fa (the welcome screen orders the
    // languages itself: fa would come before ps and ti and move them).
    {"fa", 0.81f, 0.165f, true, 0.30f, "\u0632\u0647\u0631\u0627",
     "\u0645\u0647\u0646\u062F\u0633\u06CC"},
};
// The languages the person screens' event offers.
std::string person_event_languages(const Language& l) {
  return l.code == "fa" ? "de,ar,fa" : "de,ar,ps,ti";
}

// $SICHTBAR_SCREENSHOT_DIR keeps a run's pictures elsewhere (before and after a design change).
fs::path screenshot_dir(const std::string& language) {
  const char* elsewhere = std::getenv("SICHTBAR_SCREENSHOT_DIR");
  const fs::path dir = fs::path(elsewhere ? elsewhere : SICHTBAR_SCREENSHOT_DIR) / language;
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

// Pixels in the primary blue (ui::colors::primary) between two heights, in percent.
std::size_t primary_blue(const Png& png, unsigned from_percent, unsigned to_percent) {
  std::size_t blue = 0;
  for (unsigned y = png.height * from_percent / 100; y < png.height * to_percent / 100; ++y)
    for (unsigned x = 0; x < png.width; ++x) {
      const unsigned char* p = png.at(x, y);
      blue += p[0] == 18 && p[1] == 94 && p[2] == 160 ? 1 : 0;
    }
  return blue;
}

void remove_old(const fs::path& dir, const std::vector<std::string>& screens) {
  for (const std::string& screen : screens) fs::remove(dir / (screen + ".png"));
}

std::string at(float x, float y) { return std::to_string(x) + " " + std::to_string(y); }

// A tap on Next (at `next`) for each of the consent's steps that is only read: to its choices.
std::string read_consent_steps(const std::string& next) {
  std::string taps;
  for (std::size_t step = 0; step + 1 < sichtbar::kConsentSteps; ++step)
    taps += "tap " + next + "\n";
  return taps;
}

void person_screens(const Language& l) {
  const fs::path dir = screenshot_dir(l.code);
  const std::vector<std::string> screens = {"welcome",
                                            "consent",
                                            "consent_2",
                                            "consent_3",
                                            "consent_4",
                                            "consent_5",
                                            "consent_6",
                                            "about_keyboard",
                                            "languages",
                                            "education",
                                            "work",
                                            "skills",
                                            "wishes",
                                            "review",
                                            "qr",
                                            "consent_declined",
                                            "idle_warning",
                                            "finish_failed",
                                            "stop_question",
                                            "error_in_view",
                                            "phone_focused",
                                            "review_groups",
                                            "about_second_language"};
  remove_old(dir, screens);
  if (l.code == "de") fs::remove(dir / "education_entry.png");
  fs::remove(dir / "about_character_refused.png");
  const std::string next = at(l.rtl ? 0.145f : 0.855f, 0.9375f);
  const std::string read_consent = read_consent_steps(next);
  const std::string shot = "screenshot " + dir.string() + "/";
  std::string s = "wait 200\n" + shot + "welcome.png\n";
  s += "tap " + at(l.x, l.y) + "\n" + shot + "consent.png\n";
  // Each of the consent's steps, the last with its choices.
  for (int step = 2; step <= 6; ++step)
    s += "tap " + next + "\n" + shot + "consent_" + std::to_string(step) + ".png\n";
  s += "tap 0.5 0.685\ntap " + next + "\n";
  s += "tap " + at(0.5f, l.name_y) + "\ntext " + l.name + "\n" + shot + "about_keyboard.png\n";
  // An emoji and a right-to-left override typed after the name: left out, with the message.
  s += "text \U0001F600\u202E\n" + shot + "about_character_refused.png\n";
  for (const char* section : {"languages", "education", "work", "skills", "wishes", "review"}) {
    s += "tap " + next + "\n" + shot + section + ".png\n";
    // German: one entry of the repeatable education group, with its fields. "Add" is tapped
    // where it is drawn (the schooling question above it moves it); the entry's first
    // question, its kind, must be in view then to be answered, or the script fails.
    if (l.code == "de" && std::string(section) == "education")
      s += "tap-on ##add\n" + shot + "education_entry.png\ntap-on vocational_training\n";
  }
  s += "tap " + next + "\nwait 300\n" + shot + "qr.png\n";
  s += "tap 0.5 0.9375\n";  // "I have my link": back to the welcome screen
  s += "tap " + at(l.x, l.y) + "\ntap 0.5 0.9375\n" + shot + "consent_declined.png\n";
  s += "tap " + next + "\n";
  // Stop and delete my answers: the question over the first section.
  s += "tap " + at(l.x, l.y) + "\n" + read_consent + "tap 0.5 0.685\ntap " + next + "\ntap " +
       at(l.rtl ? 0.133f : 0.867f, 0.043f) + "\n" + shot + "stop_question.png\n";
  s += "tap " + at(l.rtl ? 0.65f : 0.35f, 0.616f) + "\n";
  // A year of birth of 2123 (in the field under the name): Next stays, and shows why.
  s += "tap " + at(l.x, l.y) + "\n" + read_consent + "tap 0.5 0.685\ntap " + next + "\n";
  s += "tap " + at(0.5f, l.name_y) + "\ntext " + l.name + "\n";
  // The tap into the name scrolled its question to the top; the year field is under it (lower
  // in Arabic script's taller lines).
  s += "tap " + at(l.rtl ? 0.885f : 0.115f, l.rtl ? 0.378f : 0.335f) + "\ntext 2123\ntap " + next +
       "\n";
  s += "wait 300\n" + shot + "error_in_view.png\nquit\n";
  KioskUnderXvfb kiosk(person_event_languages(l));
  kiosk.run_ui(s);
  // A phone number typed into its field (which has a hint): its question and hint stay in view
  // over the keyboard, its digits left to right in every language. Then one education entry
  // with a title, and the review that shows it under its name.
  std::string fields =
      "wait 200\ntap " + at(l.x, l.y) + "\n" + read_consent + "tap 0.5 0.685\ntap " + next + "\n";
  fields += "drag 0.5 0.8 0.5 0.3\ntap " + at(0.5f, l.rtl ? 0.63f : 0.64f) +
            "\ntext +49 176 5551234\n" + shot + "phone_focused.png\n";
  // Add by target, then up past the kind's choices to the title.
  fields += "tap " + next + "\ntap " + next + "\ntap-on ##add\ndrag 0.5 0.8 0.5 0.3\n";
  fields += "tap-on ##text\ntext " + l.title + "\n";
  for (int i = 0; i < 4; ++i) fields += "tap " + next + "\n";
  fields += shot + "review_groups.png\nquit\n";
  kiosk.run_ui(fields);
  // The inactivity warning, with untouched form screens warning after one second.
  kiosk.run_ui(
      "wait 200\ntap " + at(l.x, l.y) + "\nwait 1500\n" + shot + "idle_warning.png\nquit\n",
      {"--idle-seconds", "1"});
  // The person's switch (beside Stop, where reading ends): German under each question, or
  // English under the German ones.
  kiosk.run_ui("wait 200\ntap " + at(l.x, l.y) + "\ntap 0.5 0.685\ntap " + next + "\ntap " +
               at(l.rtl ? 0.329f : 0.671f, 0.043f) + "\n" + shot +
               "about_second_language.png\nquit\n");
  // A profile that cannot be saved: the kiosk's database refuses new envelopes (as a full or
  // broken disk would), so finishing fails and says so.
  {
    auto store = sichtbar::KioskStore::open(kiosk.data);
    REQUIRE(store);
    REQUIRE(
        store->exec("CREATE TRIGGER refuse_envelopes BEFORE INSERT ON outbox "
                    "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END"));
  }
  std::string failing = "wait 200\ntap " + at(l.x, l.y) + "\n" + read_consent + "tap 0.5 0.685\n";
  // Consent, the name (a profile of consent alone is not finished), 6 sections, review.
  failing += "tap " + next + "\ntap " + at(0.5f, l.name_y) + "\ntext " + l.name + "\n";
  for (int i = 0; i < 7; ++i) failing += "tap " + next + "\n";
  failing += "wait 300\n" + shot + "finish_failed.png\nquit\n";
  kiosk.run_ui(failing);
  check_screenshots(dir, screens);
  check_screenshots(dir, {"about_character_refused"});
  if (l.code == "de") check_screenshots(dir, {"education_entry"});
  // The choices' pictograms are drawn (in the primary blue, which nothing else between the title
  // and the bottom bar has while nothing is chosen): over a thousand pixels for the five to nine
  // pictograms of 40 design pixels in view; none before the choices had them.
  for (const char* screen : {"skills", "wishes"}) {
    INFO(l.code << " " << screen << ".png");
    const std::size_t blue = primary_blue(read_png(dir / (std::string(screen) + ".png")), 15, 85);
    INFO("blue " << blue);
    CHECK(blue > 1000);
  }
}

// The volunteer's screens, in the kiosk's language (`ui --language`), into dir as admin_*.png.
// First one person finishes a profile in that language (nothing ticked but the required
// purpose), so there is something to export; the last shot is the USB export's message. German
// also switches German under the labels on; with german_below it then shows it under an Arabic
// form screen (ar/about_german_below.png).
const std::vector<std::string> kAdminScreens = {
    "admin_set_pin",      "admin_home",   "admin_event",       "admin_change_pin",
    "admin_usb_exported", "admin_unlock", "admin_unlock_wrong"};

void admin_screens(const Language& l, const fs::path& dir, bool german_below = false) {
  const bool german = l.code == "de";
  remove_old(dir, kAdminScreens);
  // Right-to-left screens are mirrored: so is every tap but the hidden gesture's corner.
  auto x = [&](float left_to_right) { return l.rtl ? 1.0f - left_to_right : left_to_right; };
  const std::string next = at(x(0.855f), 0.9375f), back = at(x(0.145f), 0.9375f);
  const std::string read_consent = read_consent_steps(next);
  // The admin menu's buttons: Export to USB stick, German under the labels, Event, Change PIN.
  // Arabic script's larger text pushes them down.
  const float arabic_script = l.rtl ? 0.02f : 0.0f;
  auto menu = [&](float y) { return at(x(0.225f), y + arabic_script); };
  const std::string shot = "screenshot " + dir.string() + "/";
  std::string gesture;
  for (int i = 0; i < 5; ++i) gesture += "tap 0.02 0.03\n";
  // The welcome screen is in the kiosk's language, so its buttons are mirrored too.
  std::string s = "wait 200\ntap " + at(x(l.x), l.y) + "\n" + read_consent + "tap 0.5 0.685\n";
  // One answer (the name), since a profile of consent alone is not finished.
  s += "tap " + next + "\ntap 0.5 0.25\ntext Amir\n";
  for (int i = 0; i < 7; ++i) s += "tap " + next + "\n";
  s += "wait 300\ntap 0.5 0.9375\n";  // the QR screen's "I have my link"
  s += gesture + shot + "admin_set_pin.png\n";
  // The first PIN twice (typed on a keyboard into the focused field), then Save.
  s += "text 2580\ntap " + at(x(0.16f), 0.255f) + "\ntext 2580\ntap " + next + "\nwait 500\n";
  s += shot + "admin_home.png\n";
  if (german) s += "tap " + menu(0.286f) + "\n";  // German under the labels: on
  s += "tap " + menu(0.365f) + "\n" + shot + "admin_event.png\ntap " + back + "\n";
  s += "tap " + menu(0.448f) + "\n" + shot + "admin_change_pin.png\ntap " + back + "\n";
  s += "tap " + menu(0.206f) + "\n" + shot + "admin_usb_exported.png\n";
  s += "tap " + next + "\n";  // Lock
  s += gesture + shot + "admin_unlock.png\n";
  s += "text 1111\ntap " + next + "\nwait 500\n" + shot + "admin_unlock_wrong.png\n";
  s += "tap " + back + "\n";  // Cancel: back to the welcome screen
  const fs::path ar_dir = screenshot_dir("ar");
  if (german_below) {
    fs::remove(ar_dir / "about_german_below.png");
    s += "tap 0.492 0.165\n" + read_consent_steps("0.145 0.9375") +
         "tap 0.5 0.685\ntap 0.145 0.9375\nscreenshot " + ar_dir.string() +
         "/about_german_below.png\n";
  }
  s += "quit\n";
  KioskUnderXvfb kiosk;
  const fs::path usb = kiosk.tmp / "usb-stick";
  fs::create_directories(usb);
  kiosk.run_ui(s, {"--language", l.code}, {"SICHTBAR_USB_DIR=" + usb.string()});
  check_screenshots(dir, kAdminScreens);
  if (german_below) check_screenshots(ar_dir, {"about_german_below"});
  // The export wrote one bundle file onto the "stick".
  std::size_t bundles = 0;
  for (const auto& entry : fs::directory_iterator(usb)) bundles += entry.is_regular_file();
  CHECK(bundles == 1);
}

// The band of the screen's title (rows 10 to 55 of 800).
constexpr unsigned kTitleTop = 10, kTitleBottom = 56;

// Where the title's ink is: its leftmost and rightmost column.
std::pair<unsigned, unsigned> title_ink(const Png& png) {
  const unsigned char* bg = png.at(0, 0);
  unsigned first = png.width, last = 0;
  for (unsigned y = kTitleTop; y < kTitleBottom; ++y)
    for (unsigned x = 0; x < png.width; ++x)
      if (std::memcmp(png.at(x, y), bg, 3) != 0) {
        first = std::min(first, x);
        last = std::max(last, x);
      }
  return {first, last};
}

bool same_title(const Png& a, const Png& b) {
  const std::size_t row = std::size_t(a.width) * 3;
  return a.width == b.width && a.height == b.height &&
         std::equal(a.rgb.begin() + kTitleTop * row, a.rgb.begin() + kTitleBottom * row,
                    b.rgb.begin() + kTitleTop * row);
}

// Every admin screen's title starts where the language reads from: at the left margin in
// left-to-right languages, at the right one in Arabic and Pashto (the layout is mirrored).
void check_title_side(const fs::path& dir, bool rtl) {
  for (const std::string& screen : kAdminScreens) {
    INFO("screenshot " << (dir / (screen + ".png")));
    const Png png = read_png(dir / (screen + ".png"));
    const auto [first, last] = title_ink(png);
    REQUIRE(first <= last);  // a title at all
    if (rtl) {
      CHECK(first > png.width / 2);
      CHECK(last > png.width - 60);
    } else {
      CHECK(first < 60);
      CHECK(last < png.width / 2);
    }
  }
}

void volunteer_screens(const Language& l) {
  const fs::path dir = screenshot_dir(l.code);
  admin_screens(l, dir);
  check_title_side(dir, l.rtl);
  // The same screens in German, as a reference: every title must differ from the German one
  // (a kiosk that ignored --language, or a catalogue falling back to German, shows German).
  TempDir reference;
  admin_screens(kLanguages[0], reference.path());
  for (const std::string& screen : kAdminScreens) {
    INFO(screen << " in " << l.code << " against German");
    CHECK_FALSE(
        same_title(read_png(dir / (screen + ".png")), read_png(reference / (screen + ".png"))));
  }
}

}  // namespace

TEST_CASE("screenshots of every screen a person sees, in German") { person_screens(kLanguages[0]); }
TEST_CASE("screenshots of every screen a person sees, in Arabic") { person_screens(kLanguages[1]); }
TEST_CASE("screenshots of every screen a person sees, in Pashto") { person_screens(kLanguages[2]); }
TEST_CASE("screenshots of every screen a person sees, in Tigrinya") {
  person_screens(kLanguages[3]);
}
TEST_CASE("screenshots of every screen a person sees, in Farsi") { person_screens(kLanguages[4]); }

TEST_CASE("screenshots of the volunteer's screens, and German under the labels") {
  const fs::path dir = screenshot_dir("de");
  admin_screens(kLanguages[0], dir, true);
  check_title_side(dir, false);
}
TEST_CASE("screenshots of the volunteer's screens in Arabic, mirrored") {
  volunteer_screens(kLanguages[1]);
}
TEST_CASE("screenshots of the volunteer's screens in Pashto, mirrored") {
  volunteer_screens(kLanguages[2]);
}
TEST_CASE("screenshots of the volunteer's screens in Tigrinya") {
  volunteer_screens(kLanguages[3]);
}

namespace {

// The text tesseract reads in a screenshot (Debian's tesseract-ocr with its Arabic and German
// data, as deploy/sichtbar installs them for the tests).
std::string ocr(const fs::path& png, const std::string& tesseract_language) {
  const std::string tesseract = KioskUnderXvfb::find_program("tesseract");
  REQUIRE(!tesseract.empty());  // deploy/sichtbar installs it with the test packages
  auto read = run({tesseract, png.string(), "stdout", "-l", tesseract_language});
  INFO(read.err);
  REQUIRE(read.exit_code == 0);
  return read.out;
}

// The occupation picker's browse path on the "work" section, one job added: the major groups,
// the sub-major groups of 7 (crafts), and the occupations of 74 (electrical trades), as
// browse_groups.png, browse_crafts.png and browse_electrical.png; in German also the first
// electrical trade chosen (browse_chosen.png), read back.
void browse_screens(const Language& l) {
  const fs::path dir = screenshot_dir(l.code);
  std::vector<std::string> screens = {"browse_groups", "browse_crafts", "browse_electrical"};
  const bool choose = l.code == "de";
  if (choose) screens.push_back("browse_chosen");
  remove_old(dir, screens);
  const std::string next = at(l.rtl ? 0.145f : 0.855f, 0.9375f);
  const std::string read_consent = read_consent_steps(next);
  const std::string shot = "screenshot " + dir.string() + "/";
  std::string s =
      "wait 200\ntap " + at(l.x, l.y) + "\n" + read_consent + "tap 0.5 0.685\ntap " + next + "\n";
  for (int i = 0; i < 3; ++i) s += "tap " + next + "\n";  // languages, education, work
  // Taps by target, wherever the language's layout draws it: "Add" (the first job), then the
  // crafts tile (7) of the groups it opens. A script step fails when its target is not in view,
  // so the run fails if "Add" did not bring the picker's groups.
  s += "tap-on ##add\nwait 300\n" + shot + "browse_groups.png\n";
  s += "tap-on 7\nwait 300\n" + shot + "browse_crafts.png\n";
  // A short drag brings the fourth row, electrical trades (74), up; a tap opens it.
  s += "drag 0.5 0.8 0.5 0.7\nwait 300\ntap-on 74\nwait 300\n" + shot + "browse_electrical.png\n";
  // The first row of the list, chosen: the job's occupation.
  if (choose) s += "tap-on ##occupation\nwait 300\n" + shot + "browse_chosen.png\n";
  s += "quit\n";
  KioskUnderXvfb kiosk;
  kiosk.run_ui(s);
  check_screenshots(dir, screens);
  // The pictograms are drawn (in the primary blue, which nothing else between the search field
  // and the Next button has): ten of 72 design pixels are thousands of pixels.
  CHECK(primary_blue(read_png(dir / "browse_groups.png"), 45, 85) > 3000);
  if (choose) {
    // What the person sees once it is chosen: that occupation in the job's entry, and the list
    // it came from gone (its second row, say).
    const std::string text = ocr(dir / "browse_chosen.png", "deu");
    CAPTURE(text);
    CHECK(text.find("Elektroniker") != std::string::npos);
    CHECK(text.find("Hardwaretechniker") == std::string::npos);
  }
}

}  // namespace

TEST_CASE("screenshots of the occupation picker's browse path in Arabic, Pashto and German") {
  for (const Language& l : {kLanguages[1], kLanguages[2], kLanguages[0]}) browse_screens(l);
}

// Whether shaping survives all the way to the pixels: Arabic letters drawn unjoined, in the
// wrong order or as boxes read back as nothing a reader (or tesseract) knows. Each consent step
// is screenshotted in German and Arabic and read back; its key word must be there.
TEST_CASE("OCR reads the key words of every consent step in Arabic and German") {
  struct StepWords {
    std::string language, tesseract;
    std::vector<std::string> words;  // one per step, from its title or first lines
  };
  const std::vector<StepWords> languages = {
      {"de", "deu", {"freiwillig", "verantwortlich", "speichern", "Rechte", "Zustimmung", "Wahl"}},
      // The rights step: a right it names (tesseract loses its one-word title beside the header's
      // switches), as the German one is read from its title.
      {"ar", "ara", {"اختياري", "المسؤول", "نحفظ", "تصحيح", "موافقتك", "بملفك"}},
  };
  for (const StepWords& l : languages) {
    CAPTURE(l.language);
    const Language& where = l.language == "de" ? kLanguages[0] : kLanguages[1];
    const fs::path dir = screenshot_dir(l.language);
    const std::string next = at(where.rtl ? 0.145f : 0.855f, 0.9375f);
    std::string s = "wait 200\ntap " + at(where.x, where.y) + "\n";
    for (std::size_t step = 1; step <= sichtbar::kConsentSteps; ++step) {
      const fs::path shot = dir / ("consent_ocr_" + std::to_string(step) + ".png");
      fs::remove(shot);
      s += "screenshot " + shot.string() + "\ntap " + next + "\n";
    }
    s += "quit\n";
    KioskUnderXvfb kiosk;
    kiosk.run_ui(s);
    for (std::size_t step = 1; step <= sichtbar::kConsentSteps; ++step) {
      CAPTURE(step);
      const std::string text =
          ocr(dir / ("consent_ocr_" + std::to_string(step) + ".png"), l.tesseract);
      CAPTURE(text);
      CHECK(text.find(l.words[step - 1]) != std::string::npos);
    }
  }
}
