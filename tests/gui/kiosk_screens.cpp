// The kiosk's real screens, headless: a real KioskUi (store, form, catalogues, fonts and the
// shaped-text atlas) drawn into an ImGui context without a window, fed with synthetic touches,
// keys and text through the platform's FrameInput, as the kiosk's loop feeds them. What is
// checked is what a person would notice: a tap moves on, a drag scrolls and presses nothing,
// typing fills the field, Arabic editing works, right-to-left swaps Back and Next, and a reset
// leaves nothing of the person on any screen; the occupation picker's browse path goes down
// and up one level per tap, in both directions. The harness is tests/gui/headless_kiosk.h.
#include <httplib.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "core/outbox.h"
#include "domain/occupation_labels.h"
#include "headless_kiosk.h"
#include "ui/welcome_screen.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;
using namespace std::chrono_literals;

TEST_CASE("a tap on a language starts a person and a tap on Next moves the session on") {
  HeadlessKiosk k;
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  k.choose("de");
  REQUIRE(k.app->session().screen() == Screen::Consent);
  CHECK(k.app->session().language() == "de");
  // Next walks the consent's steps, one a tap, to its choices.
  k.read_consent(false);
  CHECK(k.app->session().consent_step() == kConsentSteps - 1);
  // Next without the required purpose stays, and says why.
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  CHECK(k.app->session().screen() == Screen::Consent);
  CHECK_FALSE(k.app->session().problems().empty());
  k.tap(0.5f, 0.685f);  // the required purpose
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  REQUIRE(k.app->session().screen() == Screen::Section);
  CHECK(k.app->session().section()->id == "about");
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  CHECK(k.app->session().section()->id == "languages");
}

TEST_CASE("a kiosk waiting for its USB enrollment receipt lets no person start") {
  HeadlessKiosk k({}, {}, {}, /*enrolled=*/false);
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  // Where the language buttons would be: a tap starts nobody. The volunteer's "Connect" button
  // lies where German would be, and leads to the PIN (the desk answers off the frame, so wait
  // for it): a volunteer's screen, never a person's.
  for (const char* language : {"de", "en", "ar"}) {
    k.choose(language);
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (k.app->session().screen() == Screen::Welcome &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
      k.frame();
    }
    const Screen screen = k.app->session().screen();
    INFO(language << ": " << screen_name(screen));
    CHECK((screen == Screen::Welcome || screen == Screen::AdminSetPin));
    CHECK(k.app->session().draft() == nullptr);
    k.app->session().lock_admin();
    k.settle();
  }
  CHECK(!k.app->session().enrolled());
}

TEST_CASE("a drag over a list of choices scrolls it and chooses nothing") {
  HeadlessKiosk k;
  k.choose("de");
  k.agree(false);
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // about -> languages
  REQUIRE(k.app->session().section()->id == "languages");
  CHECK(body_scroll() == 0);
  // From the German level choices (the rows at 55-85 % of the height) upwards, lifting on one.
  k.drag(0.5f, 0.8f, 0.5f, 0.45f);
  CHECK(body_scroll() > 100);
  const nlohmann::json* level = k.app->session().draft()->answer("languages", "german_level");
  CHECK((level == nullptr || level->is_null()));
  CHECK(k.app->session().screen() == Screen::Section);
  // A tap there now does choose.
  k.tap(0.5f, 0.6f);
  level = k.app->session().draft()->answer("languages", "german_level");
  CHECK((level != nullptr && level->is_string()));
}

TEST_CASE("typing on the on-screen keyboard and on a physical keyboard fills the field") {
  HeadlessKiosk k;
  k.choose("de");
  k.agree(false);
  REQUIRE(k.app->session().section()->id == "about");
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  REQUIRE(k.app->section_screen().editors().focus().field == &k.field("about.name"));
  // QWERTZ: a capital by Shift, then small letters.
  k.tap_key("\u21E7");
  k.tap_key("A");
  k.tap_key("m");
  k.tap_key("i");
  k.tap_key("r");
  CHECK(k.field("about.name").text() == "Amir");
  k.type(" Haddad");
  k.key(SDL_SCANCODE_BACKSPACE);
  k.frames(1);
  CHECK(k.field("about.name").text() == "Amir Hadda");
  CHECK(k.answer("about", "name") == "Amir Hadda");
  // The year of birth takes the digits keypad.
  k.tap_rect(k.field("about.year_of_birth").last_rect());
  k.tap_key("1");
  k.tap_key("9");
  k.type("90");
  k.frames(1);
  const nlohmann::json* year = k.app->session().draft()->answer("about", "year_of_birth");
  REQUIRE(year);
  CHECK(*year == 1990);
}

TEST_CASE("Arabic in the touch text field: insert, backspace and caret moves right to left") {
  HeadlessKiosk k;
  k.choose("ar");
  REQUIRE(k.app->session().right_to_left());
  k.agree(true);
  REQUIRE(k.app->session().section()->id == "about");
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  k.type("\u0633\u0644\u0627\u0645");  // سلام
  CHECK(k.field("about.name").text() == "\u0633\u0644\u0627\u0645");
  // Right goes back in the text in a right-to-left field: the caret lands before م.
  k.key(SDL_SCANCODE_RIGHT);
  k.key(SDL_SCANCODE_BACKSPACE);  // deletes ا
  k.frames(1);
  CHECK(k.answer("about", "name") == "\u0633\u0644\u0645");
  // The Arabic keyboard's key inserts at the caret (before م).
  k.tap_key("\u0628");  // ب
  CHECK(k.field("about.name").text() == "\u0633\u0644\u0628\u0645");
  // Left moves on towards the end; typing there appends.
  k.key(SDL_SCANCODE_LEFT);
  k.type("\u0629");
  CHECK(k.field("about.name").text() == "\u0633\u0644\u0628\u0645\u0629");
}

namespace {
// The "about you" screen in Arabic with the name field focused.
void focus_name_in_arabic(HeadlessKiosk& k) {
  k.choose("ar");
  k.agree(true);
  REQUIRE(k.app->session().section()->id == "about");
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  REQUIRE(k.app->section_screen().editors().focus().field == &k.field("about.name"));
}
}  // namespace

TEST_CASE("a right-to-left override or an emoji typed into a field is left out with a message") {
  HeadlessKiosk k;
  focus_name_in_arabic(k);
  ui::TouchTextField& name = k.field("about.name");
  const std::string refused = k.app->ui().tr("ui.field.character_refused");
  REQUIRE(refused != "ui.field.character_refused");
  CHECK(name.notice(k.app->ui()).empty());
  // U+202E would show "def" reversed in the field and make a record the hub quarantines.
  k.type(
      "abc\u202E"
      "def");
  CHECK(name.text() == "abcdef");
  CHECK(k.answer("about", "name") == "abcdef");
  CHECK(name.notice(k.app->ui()) == refused);
  // The message goes after a few seconds (frame times, not sleeps), and the loop is asked to
  // draw then.
  REQUIRE(k.app->ui().redraw_at);
  CHECK(*k.app->ui().redraw_at <= k.now + ui::TouchTextField::kNoticeTime);
  REQUIRE(k.app->next_deadline(k.now));
  CHECK(*k.app->next_deadline(k.now) <= *k.app->ui().redraw_at);
  k.now += ui::TouchTextField::kNoticeTime;
  k.frames(1);
  CHECK(name.notice(k.app->ui()).empty());
  // An emoji beyond U+FFFF (ImGui's 16-bit input makes it U+FFFD) and one inside it: neither
  // can be drawn by the kiosk's fonts, so neither goes in as an empty box.
  k.type("\U0001F600");
  CHECK(name.text() == "abcdef");
  CHECK(name.notice(k.app->ui()) == refused);
  k.type("\u2705!");
  CHECK(name.text() == "abcdef!");
  // Backspace still works, and the other controls the hub refuses stay out too.
  k.key(SDL_SCANCODE_BACKSPACE);
  k.type("\u2066x\u2069\u202A");
  CHECK(name.text() == "abcdefx");
}

TEST_CASE("a Persian name keeps its zero-width non-joiner and direction marks pass") {
  HeadlessKiosk k;
  focus_name_in_arabic(k);
  ui::TouchTextField& name = k.field("about.name");
  // می‌خواهم: the ZWNJ keeps می apart from خواهم; the hub allows it and Persian
  // needs it.
  const std::string persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
  k.type(persian);
  CHECK(name.text() == persian);
  k.type("\u200F");  // RLM, which some keyboards insert
  CHECK(name.text() == persian + "\u200F");
  CHECK(name.notice(k.app->ui()).empty());
}

TEST_CASE("a 500-character paste fills the field up to its limit and says the rest was too long") {
  HeadlessKiosk k;
  focus_name_in_arabic(k);
  ui::TouchTextField& name = k.field("about.name");
  REQUIRE(name.edit().max_code_points() == 120);
  std::vector<std::string> letters;
  for (int i = 0; i < 500; ++i)
    letters.push_back(i % 7 == 6 ? " " : i % 2 ? "\u0633" : "\u0645");  // س م and spaces
  // As SDL delivers a paste: text events of at most 31 bytes, in order, with nothing between.
  std::string piece, first120;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (piece.size() + letters[i].size() > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1) {
      k.push(ScriptInput::Kind::text, 0, 0, piece);
      piece.clear();
    }
    piece += letters[i];
    if (i < 120) first120 += letters[i];
  }
  k.push(ScriptInput::Kind::text, 0, 0, piece);
  k.settle();
  CHECK(name.text() == first120);
  CHECK(k.answer("about", "name") == first120);
  CHECK(name.notice(k.app->ui()) == k.app->ui().format("ui.problem.too_long", {{"max", "120"}}));
}

TEST_CASE("the Arabic language picker offers English first for انج and a tap chooses it") {
  HeadlessKiosk k;
  k.choose("ar");
  k.agree(true);
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // about -> languages
  REQUIRE(k.app->session().section()->id == "languages");
  // One mother tongue entry (the group's Add button is another helper's screen work).
  REQUIRE((*k.app->session().person())->add_entry("languages", "mother_tongues"));
  k.frames(2);
  const std::string path = "languages.mother_tongues[0].mother_tongue";
  ui::TouchTextField& search = k.field(path + "#search");
  k.tap_rect(search.last_rect());
  REQUIRE(k.app->section_screen().editors().focus().field == &search);
  // The start of الإنجليزية as an Arabic speaker types it (without the article).
  k.type("\u0627\u0646\u062C");
  // The first match sits right under the search field: 6 design px apart, 72 high.
  const auto [top_left, bottom_right] = search.last_rect();
  k.tap_px(ImVec2((top_left.x + bottom_right.x) / 2, bottom_right.y + (6 + 36) * k.scale + 4));
  const nlohmann::json* entries = k.app->session().draft()->answer("languages", "mother_tongues");
  REQUIRE(entries);
  REQUIRE(entries->is_array());
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].value("mother_tongue", "") == "en");
}

TEST_CASE("right to left swaps Back and Next") {
  SECTION("German: the right button goes on, the left one back") {
    HeadlessKiosk k;
    k.choose("de");
    k.agree(false);
    CHECK(k.app->session().screen() == Screen::Section);
    k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);
    CHECK(k.app->session().screen() == Screen::Consent);
  }
  SECTION("Arabic and Pashto: the left button goes on, the right one back") {
    for (const char* language : {"ar", "ps"}) {
      HeadlessKiosk k;
      k.choose(language);
      k.tap(0.5f, 0.685f);
      k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
      // Back from consent would wipe: it asks Stop's question first (its Yes where Back is).
      CHECK(k.app->session().screen() == Screen::Consent);
      k.tap(0.65f, 0.616f);
      CHECK(k.app->session().screen() == Screen::Welcome);  // back from consent: a reset
      k.choose(language);
      k.agree(true);
      CHECK(k.app->session().screen() == Screen::Section);
    }
  }
}

TEST_CASE("after the inactivity reset nothing of the person is left on any screen") {
  SessionConfig config;
  config.timeouts.form_idle = 5s;
  config.timeouts.warning = 3s;
  HeadlessKiosk k(config);
  k.choose("de");
  k.agree(false);
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  k.type("Zaphira Quellenberg");
  k.frames(1);
  REQUIRE(k.answer("about", "name") == "Zaphira Quellenberg");
  CHECK(k.app->text().cached_paragraphs() > 0);
  // 5 s untouched: the warning; 3 s more: the reset.
  k.now += 5s;
  k.frames(1);
  CHECK(k.app->session().idle().warning_seconds_left(k.now).has_value());
  k.now += 4s;
  k.frames(1);
  CHECK(k.app->session().screen() == Screen::Welcome);
  CHECK(k.app->section_screen().editors().field("about.name") == nullptr);
  CHECK(k.app->section_screen().editors().focus().field == nullptr);
  // Whatever the welcome screen shaped since is its own words: no typed text among them.
  k.choose("de");
  k.agree(false);
  k.frames(1);
  CHECK(k.field("about.name").text().empty());
  CHECK(k.answer("about", "name").empty());
}

TEST_CASE("every text of every catalogue, keyboard and language name draws without a box") {
  HeadlessKiosk k;
  ui::TextRenderer& text = k.app->text();
  const auto strings = k.app->atlas_strings();
  REQUIRE(strings.size() > 12 * 200);
  std::size_t shaped = 0;
  for (const std::string& s : strings) {
    // The sizes screens ask for; title is only the step Arabic runs of headings take.
    for (auto size : {ui::TextSize::small, ui::TextSize::body, ui::TextSize::heading}) {
      auto paragraph = text.shape(s, size, 900);
      INFO("text: " << s << " at " << text.pixel_size(size) << " px");
      CHECK(text.missing_glyphs(*paragraph) == 0);
      ++shaped;
    }
  }
  CHECK(shaped == strings.size() * 3);
  // And typed text: Pashto letters in every joining form, Tigrinya syllables, Turkish and
  // Ukrainian letters.
  for (const char* typed :
       {"\u069A\u0681\u0685\u067C \u0689\u0693\u0696 \u06AB\u06BC\u06CD",
        "\u1230\u120B\u121D \u1295\u1325\u12A5", "\u011F\u0131\u015F \u0457\u0454\u0491"}) {
    INFO("typed: " << typed);
    CHECK(text.missing_glyphs(*text.shape(typed, ui::TextSize::body)) == 0);
  }
  // A letter no font has shows as a box, and is counted.
  CHECK(text.missing_glyphs(*text.shape("\u4E2D", ui::TextSize::body)) == 1);
}

TEST_CASE(
    "Latin words and digits inside Arabic text keep their size; only the Arabic run steps up") {
  HeadlessKiosk k;
  ui::TextRenderer& text = k.app->text();
  const std::uint16_t latin_font = 0;
  // The widths of the Latin glyphs of a paragraph.
  auto latin_width = [&](const script::ShapedParagraph& p) {
    float w = 0;
    for (const script::PositionedGlyph& g : p.lines.front().glyphs)
      if (g.font == latin_font) w += g.advance;
    return w;
  };
  for (auto size : {ui::TextSize::small, ui::TextSize::body, ui::TextSize::heading}) {
    auto alone = text.shape("SDL2 Berlin ", size);  // the space before the Arabic is Latin too
    auto inside = text.shape("مرحبا SDL2 Berlin سلام", size);
    INFO("at " << text.pixel_size(size) << " px");
    CHECK(latin_width(*inside) == Approx(latin_width(*alone)).margin(0.01));
    // The Arabic words are a size up: as wide as when shaped at the next size on their own.
    auto arabic_alone = text.shape("مرحبا", size);
    CHECK(inside->arabic_pixel_size > inside->pixel_size);
    CHECK(arabic_alone->arabic_pixel_size == inside->arabic_pixel_size);
    CHECK(text.missing_glyphs(*inside) == 0);
  }
}

TEST_CASE("a profile that cannot be saved says so, keeps the answers, and Try again finishes it") {
  HeadlessKiosk k;
  k.choose("de");
  k.agree(false);
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  k.type("Amir");
  k.frames(1);
  // The database refuses new envelopes, as a full or broken disk would.
  REQUIRE(
      k.app->store().exec("CREATE TRIGGER refuse_envelopes BEFORE INSERT ON outbox "
                          "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END"));
  while (k.app->session().screen() == Screen::Section)
    k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  REQUIRE(k.app->session().screen() == Screen::Review);
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // finish
  k.until_saved();
  REQUIRE(k.app->session().screen() == Screen::FinishFailed);
  CHECK(k.app->session().finish_error() != nullptr);
  CHECK(k.answer("about", "name") == "Amir");
  REQUIRE(k.app->store().exec("DROP TRIGGER refuse_envelopes"));
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // Try again
  k.until_saved();
  CHECK(k.app->session().screen() == Screen::Qr);
  CHECK(k.app->session().profile_url() != nullptr);
}

TEST_CASE("Pashto letters and Tigrinya syllables typed on their on-screen keyboards") {
  SECTION("Pashto: letters without presentation forms go in as typed") {
    HeadlessKiosk k;
    k.choose("ps");
    k.agree(true);
    k.frames(1);
    k.tap_rect(k.field("about.name").last_rect());
    k.tap_key("\u069A");  // ښ
    k.tap_key("\u0681");  // ځ
    k.tap_key("\u0647");  // ه
    k.frames(1);
    CHECK(k.answer("about", "name") == "\u069A\u0681\u0647");
    CHECK(k.app->text().missing_glyphs(
              *k.app->ui().shape(k.field("about.name").text(), ui::TextSize::body)) == 0);
  }
  SECTION("Tigrinya: a consonant, then its vowel order") {
    HeadlessKiosk k;
    k.choose("ti");
    k.agree(false);
    k.frames(1);
    k.tap_rect(k.field("about.name").last_rect());
    k.tap_key("\u1230");  // ሰ: its row of orders opens
    k.tap_key("\u1230");  // ሰ (first order)
    k.tap_key("\u1208");  // ለ
    k.tap_key("\u120B");  // ላ
    k.tap_key("\u1218");  // መ
    k.tap_key("\u121D");  // ም
    k.frames(1);
    CHECK(k.answer("about", "name") == "\u1230\u120B\u121D");  // ሰላም
  }
}

TEST_CASE("Stop and delete my answers: the question, No goes on, Yes wipes at once") {
  for (const char* language : {"de", "ar"}) {
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    INFO("language " << language);
    HeadlessKiosk k;
    k.start_person(language);
    k.tap_rect(k.field("about.name").last_rect());
    k.type("Zaphira");
    k.frames(1);
    REQUIRE(k.answer("about", "name") == "Zaphira");
    // The button sits in the top corner where reading ends; the question's Yes where Back is.
    const float stop_x = rtl ? 0.133f : 0.867f, yes_x = rtl ? 0.65f : 0.35f,
                no_x = rtl ? 0.35f : 0.65f;
    k.tap(stop_x, 0.043f);
    k.tap(no_x, 0.616f);
    CHECK(k.app->session().screen() == Screen::Section);
    CHECK(k.answer("about", "name") == "Zaphira");
    k.tap(stop_x, 0.043f);
    k.tap(yes_x, 0.616f);
    CHECK(k.app->session().screen() == Screen::Welcome);
    CHECK(k.app->section_screen().editors().field("about.name") == nullptr);
    CHECK(k.app->text().cached_paragraphs() < 200);  // the welcome screen's own words only
  }
}

TEST_CASE("a tap in the text field puts the caret where the finger landed, in both directions") {
  for (const char* language : {"de", "ar"}) {
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    INFO("language " << language);
    HeadlessKiosk k;
    k.start_person(language);
    ui::TouchTextField& name = k.field("about.name");
    k.tap_rect(name.last_rect());
    const std::string word = rtl ? "\u0633\u0644\u0627\u0645" : "Amir";
    k.type(word);
    REQUIRE(name.text() == word);
    // Where the text starts: the field's left edge, or its right edge in Arabic.
    const auto [a, b] = name.last_rect();
    const float y = (a.y + b.y) / 2;
    k.tap_px(ImVec2(rtl ? b.x - 12 : a.x + 12, y));
    CHECK(name.edit().cursor() == 0);
    k.type("X");
    CHECK(name.text() == "X" + word);
    // Far past the text's end: the caret goes to the end.
    k.tap_px(ImVec2(rtl ? a.x + 40 : b.x - 40, y));
    CHECK(name.edit().cursor() == name.text().size());
  }
}

namespace {

// A hub on loopback that holds every request until the test lets it answer (or 20 s pass),
// then answers that it is busy: what a kiosk sees of an office at the end of a slow line.
class HeldHub {
 public:
  HeldHub() {
    server_.Post(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++requests;
      released_.wait_for(std::chrono::seconds(20));
      res.status = 503;
      res.set_content(R"({"error":{"code":"busy","message":"The office hub is busy."}})",
                      "application/json");
      ++answered;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HeldHub() {
    release();
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  void release() {
    if (!released_flag_.exchange(true)) release_.set_value();
  }
  std::atomic<int> requests{0}, answered{0};

 private:
  httplib::Server server_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<bool> released_flag_{false};
  int port_ = 0;
  std::thread thread_;
};

// The volunteer's menu, opened with a first PIN.
void open_admin_menu(HeadlessKiosk& k, AdminPin& pin) {
  k.app->input(k.now);  // the volunteer's gesture: input now
  REQUIRE(k.app->session().open_admin(pin.is_set()));
  REQUIRE(k.app->session().set_first_pin(pin.set_first("2580", "2580")));
  k.frames(2);
  REQUIRE(k.app->session().screen() == Screen::AdminHome);
}

// Opens the volunteer's menu and taps Sync now (the menu's first button): the tap returns
// while the hub still holds the request, since the sync runs on its own.
void tap_sync_now(HeadlessKiosk& k, AdminPin& pin, HeldHub& hub) {
  open_admin_menu(k, pin);
  k.tap(0.225f, 0.205f);
  CHECK(k.app->sync().state().running);
  for (int i = 0; i < 100 && hub.requests == 0; ++i) std::this_thread::sleep_for(50ms);
  REQUIRE(hub.requests == 1);
  CHECK(hub.answered == 0);
}

}  // namespace

TEST_CASE(
    "Sync now waits for a slow hub off the screen: the menu counts the seconds and stays usable") {
  HeldHub hub;
  HeadlessKiosk k({}, hub.url());
  AdminPin pin(k.app->store());
  tap_sync_now(k, pin, hub);
  // The menu redraws each second to count them.
  CHECK(k.app->next_deadline(k.now) == k.now + 1s);
  // A second tap starts nothing more.
  k.tap(0.225f, 0.205f);
  // The volunteer locks the kiosk meanwhile, and a person can start.
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  CHECK(k.app->session().screen() == Screen::Welcome);
  k.choose("de");
  CHECK(k.app->session().screen() == Screen::Consent);
  CHECK(k.app->sync().state().running);
  CHECK(hub.answered == 0);

  hub.release();
  for (int i = 0; i < 400 && k.app->sync().state().running; ++i) std::this_thread::sleep_for(50ms);
  const auto state = k.app->sync().state();
  REQUIRE_FALSE(state.running);
  REQUIRE(state.last.has_value());
  REQUIRE_FALSE(state.last->has_value());
  INFO(state.last->error().message);
  CHECK(state.last->error().message.find("busy") != std::string::npos);
  // The HELLO was retried by nobody: one request, one answer.
  CHECK(hub.requests == 1);
  // The volunteer sees the answer when the menu opens again; locking forgets it.
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // the person steps back to Welcome
  k.tap(0.35f, 0.616f);  // and says yes to Stop's question, which Back from consent asks
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  REQUIRE(k.app->session().open_admin(pin.is_set()));
  auto unlocked =
      k.app->session().unlock_admin(pin.try_unlock("2580", std::chrono::system_clock::now()));
  REQUIRE(unlocked);
  k.frames(2);
  REQUIRE(k.app->session().screen() == Screen::AdminHome);
  CHECK(k.app->sync().state().last.has_value());
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // Lock
  CHECK_FALSE(k.app->sync().state().last.has_value());
}

TEST_CASE("closing the kiosk while a sync waits for the hub does not wait for the hub") {
  HeldHub hub;
  HeadlessKiosk k({}, hub.url());
  AdminPin pin(k.app->store());
  tap_sync_now(k, pin, hub);
  k.app.reset();  // the kiosk closes: the request in flight is cut, not waited for
  CHECK(hub.answered == 0);
  // Nothing was lost: the outbox is as it was (empty here), and the store opens.
  CHECK(KioskStore::open(k.tmp / "kiosk"));
}

namespace {

// The kiosk's own store and a USB stick in a folder, every count, export, PIN check and finish
// taking 2 s: what a volunteer meets when the SD card is slow, the stick a cheap one, or the
// hashing slower than on the development machine.
class SlowDeskStore final : public DeskStore {
 public:
  SlowDeskStore(const std::filesystem::path& data_dir, std::filesystem::path stick)
      : store_(*KioskStore::open(data_dir)),
        device_(*ensure_device_identity(store_)),
        real_(kiosk_desk_store(data_dir, device_)),
        stick_(std::move(stick)) {}
  Result<KioskCounts> counts(std::chrono::system_clock::time_point now) override {
    std::this_thread::sleep_for(2s);
    return real_->counts(now);
  }
  Result<KioskSetup> setup() override { return real_->setup(); }
  Result<EventInfo> save_event(const EventInfo& event, const std::vector<std::string>& languages,
                               bool sound) override {
    return real_->save_event(event, languages, sound);
  }
  Result<void> save_printer(const std::string& printer) override {
    return real_->save_printer(printer);
  }
  std::optional<std::filesystem::path> usb_stick() override { return stick_; }
  Result<BundleExport> export_bundle(const KioskSetup& setup,
                                     const std::filesystem::path& dir) override {
    std::this_thread::sleep_for(2s);
    return real_->export_bundle(setup, dir);
  }
  Result<KioskConfig> enroll(const std::string& hub_url, const std::string& code) override {
    return real_->enroll(hub_url, code);
  }
  Result<SyncReport> first_sync(const KioskConfig& config, const std::string& hub_url) override {
    return real_->first_sync(config, hub_url);
  }
  Result<std::filesystem::path> write_enroll_request(const std::string& hub_url,
                                                     const std::string& code,
                                                     const std::filesystem::path& dir) override {
    return real_->write_enroll_request(hub_url, code, dir);
  }
  Result<KioskConfig> import_enroll_receipt(const std::filesystem::path& dir) override {
    return real_->import_enroll_receipt(dir);
  }
  Result<bool> pin_is_set() override { return real_->pin_is_set(); }
  Result<void> set_first_pin(std::string_view pin, std::string_view repeated) override {
    return real_->set_first_pin(pin, repeated);
  }
  Result<UnlockOutcome> unlock(std::string_view pin,
                               std::chrono::system_clock::time_point now) override {
    ++unlocks;
    std::this_thread::sleep_for(2s);
    return real_->unlock(pin, now);
  }
  Result<UnlockOutcome> change_pin(std::string_view old_pin, std::string_view new_pin,
                                   std::string_view repeated,
                                   std::chrono::system_clock::time_point now) override {
    return real_->change_pin(old_pin, new_pin, repeated, now);
  }
  Result<FinishedProfile> finish(FinishOrder& order, const Catalogue& consent_catalogue,
                                 std::chrono::system_clock::time_point now) override {
    ++finishes;
    std::this_thread::sleep_for(2s);
    return real_->finish(order, consent_catalogue, now);
  }

  std::atomic<int> unlocks{0};
  std::atomic<int> finishes{0};

 private:
  KioskStore store_;  // for the device key only
  DeviceIdentity device_;
  std::unique_ptr<DeskStore> real_;
  std::filesystem::path stick_;
};

}  // namespace

TEST_CASE(
    "the volunteer's menu keeps drawing while the store takes 2 s: counts and USB export come off "
    "the frame") {
  test::TempDir sticks;
  const std::filesystem::path stick = sticks / "stick";
  std::filesystem::create_directories(stick);
  HeadlessKiosk k({}, {}, [&](const std::filesystem::path& data_dir) {
    return std::make_unique<SlowDeskStore>(data_dir, stick);
  });
  // A person finished, so there is something to export.
  KioskSession& session = k.app->session();
  k.app->input(k.now);  // the person's taps: input now
  REQUIRE(session.choose_language("de"));
  while (session.consent_step() < kConsentSteps - 1) REQUIRE(session.next().moved);
  REQUIRE(session.person().value()->set_consent("keep_profile", true));
  REQUIRE(session.next().moved);
  REQUIRE(session.person().value()->set_answer("about", "name", "Amanuel Tesfaye"));
  while (session.screen() == Screen::Section) REQUIRE(session.next().moved);
  REQUIRE(session.confirm_finish().moved);
  k.until_saved();  // "Saving ..." is drawn while the desk seals and saves
  REQUIRE(session.screen() == Screen::Qr);
  REQUIRE(session.next().moved);
  k.frames(2);
  AdminPin pin(k.app->store());
  // Opening the menu asks the desk for fresh counts: 2 s of store. The menu is there at once,
  // with the counts the kiosk read when it opened (the PIN's hashing before it is not timed).
  k.app->input(k.now);
  REQUIRE(session.open_admin(pin.is_set()));
  REQUIRE(session.set_first_pin(pin.set_first("2580", "2580")));
  const auto opened_at = std::chrono::steady_clock::now();
  k.frames(2);
  CHECK(std::chrono::steady_clock::now() - opened_at < 1s);
  REQUIRE(session.screen() == Screen::AdminHome);
  CHECK(k.app->desk().view().busy);
  REQUIRE(k.app->desk().view().counts.has_value());
  // Export to USB (the first button without a hub): the tap returns at once as well.
  const auto tapped_at = std::chrono::steady_clock::now();
  k.tap(0.225f, 0.205f);
  CHECK(std::chrono::steady_clock::now() - tapped_at < 1s);
  // Frames go on being drawn, each quickly, while the store takes its time.
  int frames_while_busy = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (k.app->desk().view().busy && std::chrono::steady_clock::now() < deadline) {
    const auto before = std::chrono::steady_clock::now();
    k.frame();
    slowest = std::max(slowest, std::chrono::steady_clock::now() - before);
    ++frames_while_busy;
    std::this_thread::sleep_for(16ms);
  }
  REQUIRE_FALSE(k.app->desk().view().busy);
  CHECK(frames_while_busy >=
        30);  // about 4 s of the store: well over a hundred, unless the machine crawls
  CHECK(slowest < 250ms);
  // The export's answer shows, and the bundle is on the stick.
  k.frames(2);
  const auto usb = k.app->desk().view().usb;
  REQUIRE(usb.has_value());
  INFO(usb->detail);
  CHECK(usb->kind == VolunteerDesk::UsbResult::Kind::exported);
  int bundles = 0;
  for (const auto& entry : std::filesystem::directory_iterator(stick))
    bundles += entry.is_regular_file();
  CHECK(bundles >= 1);
}

TEST_CASE(
    "the PIN screen keeps drawing while the PIN check takes 2 s, and a double tap on Unlock "
    "checks once") {
  test::TempDir sticks;
  SlowDeskStore* slow = nullptr;
  HeadlessKiosk k({}, {}, [&](const std::filesystem::path& data_dir) {
    auto store = std::make_unique<SlowDeskStore>(data_dir, sticks / "stick");
    slow = store.get();
    return store;
  });
  {
    AdminPin pin(k.app->store(), PinHashCost{1, 8192});  // the check is slow by the store here
    REQUIRE(pin.set_first("2580", "2580"));
  }
  // The volunteer's gesture: five taps in the top-left corner. Whether a PIN is set is read by
  // the desk; its answer opens the PIN screen a few frames later.
  for (int i = 0; i < 5; ++i) k.tap(0.02f, 0.02f);
  for (int i = 0; i < 100 && k.app->session().screen() == Screen::Welcome; ++i) {
    k.frame();
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(k.app->session().screen() == Screen::AdminUnlock);

  k.type("2580");
  const auto tapped_at = std::chrono::steady_clock::now();
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // Unlock
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // and again, at once
  CHECK(std::chrono::steady_clock::now() - tapped_at < 1s);
  CHECK(k.app->session().screen() == Screen::AdminUnlock);
  CHECK(k.app->desk().pin_pending());
  // Frames go on being drawn, each quickly, while the check takes its time.
  int frames_while_checking = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (k.app->desk().pin_pending() && std::chrono::steady_clock::now() < deadline) {
    const auto before = std::chrono::steady_clock::now();
    k.frame();
    slowest = std::max(slowest, std::chrono::steady_clock::now() - before);
    ++frames_while_checking;
    std::this_thread::sleep_for(16ms);
  }
  REQUIRE_FALSE(k.app->desk().pin_pending());
  CHECK(frames_while_checking >= 15);  // about 2 s of checking: some hundred, unless it crawls
  CHECK(slowest < 250ms);
  // The answer arrives after: the menu opens, and the PIN was checked once.
  k.frames(2);
  CHECK(k.app->session().screen() == Screen::AdminHome);
  REQUIRE(slow);
  CHECK(slow->unlocks == 1);
}

TEST_CASE(
    "the kiosk keeps drawing \"Saving\" while sealing a profile takes 2 s, a second tap on "
    "Finish saves once, and the QR code follows") {
  test::TempDir sticks;
  SlowDeskStore* slow = nullptr;
  HeadlessKiosk k({}, {}, [&](const std::filesystem::path& data_dir) {
    auto store = std::make_unique<SlowDeskStore>(data_dir, sticks / "stick");
    slow = store.get();
    return store;
  });
  k.choose("ar");
  k.agree(true);
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  k.type("أمير");
  while (k.app->session().screen() == Screen::Section)
    k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);
  REQUIRE(k.app->session().screen() == Screen::Review);
  const auto tapped_at = std::chrono::steady_clock::now();
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // finish (right to left: on the left)
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // and again, at once
  CHECK(std::chrono::steady_clock::now() - tapped_at < 1s);
  REQUIRE(k.app->session().screen() == Screen::Finishing);
  // Frames go on being drawn, each quickly, while the store takes its time.
  int frames_while_saving = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (k.app->session().screen() == Screen::Finishing &&
         std::chrono::steady_clock::now() < deadline) {
    const auto before = std::chrono::steady_clock::now();
    k.frame();
    slowest = std::max(slowest, std::chrono::steady_clock::now() - before);
    ++frames_while_saving;
    std::this_thread::sleep_for(16ms);
  }
  REQUIRE(k.app->session().screen() == Screen::Qr);
  CHECK(frames_while_saving >= 30);  // about 2 s of the store: over a hundred frames
  CHECK(slowest < 250ms);
  CHECK(slow->finishes == 1);
  REQUIRE(k.app->session().profile_url() != nullptr);
  CHECK(Outbox(k.app->store()).counts()->total() == 1);
}

// --- Issue #14: taps that cannot lose a profile, errors a person sees ---------------------

namespace {

ImGuiWindow* body_window() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && std::string(w->Name).find("##body") != std::string::npos) return w;
  return nullptr;
}

// Glyphs drawn in the problem colour (text, not the frame around a field: glyph quads sample
// the atlas, shapes its white pixel) inside the visible part of the screen's scrolling body,
// from y0 to y1 in screen coordinates.
int red_glyph_vertices_in_view(float y0, float y1) {
  ImGuiWindow* body = body_window();
  if (!body) return 0;
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  const ImRect view = body->InnerClipRect;
  int n = 0;
  for (const ImDrawVert& v : body->DrawList->VtxBuffer)
    if (v.col == ui::colors::danger && (v.uv.x != white.x || v.uv.y != white.y) &&
        view.Contains(v.pos) && v.pos.y >= y0 && v.pos.y <= y1)
      ++n;
  return n;
}

// A person through consent to the education section (step 4), by taps at a person's pace.
void to_education(HeadlessKiosk& k, const std::string& language) {
  const bool rtl = language == "ar";
  const float next_x = rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
  k.choose(language);
  k.agree(rtl);
  while (k.app->session().screen() == Screen::Section &&
         k.app->session().section()->id != "education")
    k.tap(next_x, HeadlessKiosk::nav_y);
  REQUIRE(k.app->session().section()->id == "education");
}

}  // namespace

TEST_CASE("six quick taps on Next move one step") {
  HeadlessKiosk k;
  k.choose("de");
  k.agree(false);
  const int first = k.app->session().progress()->step;
  REQUIRE(k.app->session().section()->id == "about");
  k.quick_taps(ImVec2(HeadlessKiosk::next_right * kWidth, HeadlessKiosk::nav_y * kHeight), 6,
               120ms);
  CHECK(k.app->session().screen() == Screen::Section);
  CHECK(k.app->session().progress()->step == first + 1);
  // At a person's pace, the next tap moves on again.
  k.now += 500ms;
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  CHECK(k.app->session().progress()->step == first + 2);
}

TEST_CASE("quick taps on Back from the first section ask Stop's question and wipe nothing") {
  for (const char* language : {"de", "ar"}) {
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    INFO("language " << language);
    HeadlessKiosk k;
    k.start_person(language);
    k.tap_rect(k.field("about.name").last_rect());
    k.type("Zaphira");
    k.frames(1);
    REQUIRE(k.answer("about", "name") == "Zaphira");
    const float back_x = rtl ? HeadlessKiosk::next_right : HeadlessKiosk::next_left;
    k.quick_taps(ImVec2(back_x * kWidth, HeadlessKiosk::nav_y * kHeight), 6, 120ms);
    // One step back to consent, and whatever Back does there asks first: nothing is wiped.
    CHECK(k.app->session().screen() == Screen::Consent);
    CHECK(k.answer("about", "name") == "Zaphira");
    // Back on consent, at a person's pace, walks back through its steps; on the first it asks
    // the question, whose No keeps everything.
    const float yes_x = rtl ? 0.65f : 0.35f, no_x = rtl ? 0.35f : 0.65f;
    for (std::size_t i = 0; i < kConsentSteps && k.app->session().consent_step() > 0u; ++i) {
      k.now += 500ms;
      k.tap(back_x, HeadlessKiosk::nav_y);
    }
    REQUIRE(k.app->session().consent_step() == 0u);
    k.now += 500ms;
    k.tap(back_x, HeadlessKiosk::nav_y);
    CHECK(k.app->session().screen() == Screen::Consent);
    k.tap(no_x, 0.616f);
    CHECK(k.app->session().screen() == Screen::Consent);
    CHECK(k.answer("about", "name") == "Zaphira");
    // Its Yes wipes, as Stop's does.
    k.tap(back_x, HeadlessKiosk::nav_y);
    k.tap(yes_x, 0.616f);
    CHECK(k.app->session().screen() == Screen::Welcome);
    CHECK(k.answer("about", "name").empty());
  }
}

TEST_CASE("a doubled letter typed 150 ms apart on the on-screen keyboard counts twice") {
  HeadlessKiosk k;
  k.choose("de");
  k.agree(false);
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  k.tap_key("\u21E7");
  k.tap_key("A");
  ui::KeyboardPanel& panel = k.app->section_screen().editors().keyboard();
  const auto& rows = panel.keyboard().rows();
  std::optional<std::pair<ImVec2, ImVec2>> l;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      if (rows[r][c].label == "l") l = panel.key_rect(r, c);
  REQUIRE(l);
  k.quick_taps(ImVec2((l->first.x + l->second.x) / 2, (l->first.y + l->second.y) / 2), 2, 150ms);
  k.tap_key("a");
  CHECK(k.field("about.name").text() == "Alla");
}

TEST_CASE("a double tap on Finish keeps the QR screen until the person has the link") {
  for (const char* language : {"de", "ar"}) {
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    INFO("language " << language);
    HeadlessKiosk k;
    const float next_x = rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
    k.start_person(language);
    // One answer: a profile of consent alone is not finished.
    k.tap_rect(k.field("about.name").last_rect());
    k.type("Amir");
    while (k.app->session().screen() == Screen::Section) k.tap(next_x, HeadlessKiosk::nav_y);
    REQUIRE(k.app->session().screen() == Screen::Review);
    // Finish, and the same finger again 150 ms later. The sealing is quick (the QR screen is up
    // before the second tap lands, the worst case): frames drawn meanwhile take no time.
    k.now += k.pace;
    const MonotonicTime first = k.now;
    const ImVec2 finish(next_x * kWidth, HeadlessKiosk::nav_y * kHeight);
    k.push(ScriptInput::Kind::finger_down, finish.x / kWidth, finish.y / kHeight);
    k.frames(2);
    k.push(ScriptInput::Kind::finger_up, finish.x / kWidth, finish.y / kHeight);
    k.frame();
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (k.app->session().screen() != Screen::Qr && std::chrono::steady_clock::now() < deadline) {
      k.frame();
      k.now -= 20ms;
      std::this_thread::sleep_for(5ms);
    }
    REQUIRE(k.app->session().screen() == Screen::Qr);
    while (k.now - first < 150ms) k.frame();
    k.push(ScriptInput::Kind::finger_down, finish.x / kWidth, finish.y / kHeight);
    k.frames(2);
    k.push(ScriptInput::Kind::finger_up, finish.x / kWidth, finish.y / kHeight);
    k.frames(3);
    CHECK(k.app->session().screen() == Screen::Qr);
    REQUIRE(k.app->session().profile_url() != nullptr);
    // Untouched, it stays: after 30 s, and after 3 minutes, when it counts down on screen.
    k.now += 30s;
    k.frames(1);
    CHECK(k.app->session().screen() == Screen::Qr);
    k.now += 150s;
    k.frames(1);
    CHECK(k.app->session().screen() == Screen::Qr);
    const auto left = k.app->session().idle().warning_seconds_left(k.now);
    REQUIRE(left.has_value());
    CHECK(*left <= 30);
    CHECK(*left >= 29);
    // A touch anywhere keeps it for 3 more minutes.
    k.tap(0.5f, 0.3f);
    CHECK_FALSE(k.app->session().idle().warning_seconds_left(k.now).has_value());
    k.now += 3min;
    k.frames(1);
    CHECK(k.app->session().screen() == Screen::Qr);
    // 3 minutes and 30 seconds untouched: the link is not left for the next person.
    k.now += 30s;
    k.frames(1);
    CHECK(k.app->session().screen() == Screen::Welcome);
    CHECK(k.app->session().profile_url() == nullptr);
  }
}

TEST_CASE("\"I have my link\" ends the QR screen at once") {
  HeadlessKiosk k;
  k.choose("de");
  k.agree(false);
  while (k.app->session().screen() == Screen::Section)
    k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // Finish
  k.until_saved();
  REQUIRE(k.app->session().screen() == Screen::Qr);
  // Where Finish was, nothing: the button sits in the middle of the bottom edge.
  k.now += 1s;
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  CHECK(k.app->session().screen() == Screen::Qr);
  k.tap(0.5f, HeadlessKiosk::nav_y);
  CHECK(k.app->session().screen() == Screen::Welcome);
}

TEST_CASE("Quit (to desktop) on the volunteer's menu asks first") {
  HeadlessKiosk k;
  int quits = 0;
  k.app->set_quit([&] { ++quits; });
  KioskSession& session = k.app->session();
  AdminPin pin(k.app->store(), PinHashCost{1, 8192});
  k.app->input(k.now);
  REQUIRE(session.open_admin(pin.is_set()));
  REQUIRE(session.set_first_pin(pin.set_first("2580", "2580")));
  k.frames(2);
  REQUIRE(session.screen() == Screen::AdminHome);
  k.now += 500ms;
  const ImVec2 quit(0.225f, 0.528f);
  k.tap(quit.x, quit.y);
  CHECK(quits == 0);
  CHECK(session.screen() == Screen::AdminHome);
  k.tap(0.65f, 0.616f);  // No
  CHECK(quits == 0);
  k.tap(quit.x, quit.y);
  k.tap(0.35f, 0.616f);  // Yes, quit
  CHECK(quits == 1);
}

TEST_CASE("Next with a year 2123 in an education entry scrolls to it and says what to do") {
  for (const char* language : {"de", "ar"}) {
    const bool rtl = std::string(language) == "ar";
    INFO("language " << language);
    HeadlessKiosk k;
    to_education(k, language);
    const float next_x = rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
    PersonDraft& person = *k.app->session().person().value();
    REQUIRE(person.add_entry("education", "items"));
    REQUIRE(person.set_entry_answer("education", "items", 0, "title", "Bauingenieurwesen"));
    REQUIRE(person.set_entry_answer("education", "items", 0, "year_completed", 2123));
    k.frames(2);
    const std::string path = "education.items[0].year_completed";
    REQUIRE(k.field(path).text() == "2123");
    k.tap(next_x, HeadlessKiosk::nav_y);
    CHECK(k.app->session().section()->id == "education");
    REQUIRE_FALSE(k.app->session().problems().empty());
    // The field is in view, and below it its message in red.
    const auto [a, b] = k.field(path).last_rect();
    ImGuiWindow* body = body_window();
    REQUIRE(body);
    CHECK(body->InnerClipRect.Contains(ImRect(a, b)));
    CHECK(red_glyph_vertices_in_view(b.y, b.y + 200) > 40);
  }
}

TEST_CASE("Finish with a year 2123 in an education entry goes there and shows the problem") {
  for (const char* language : {"de", "ar"}) {
    const bool rtl = std::string(language) == "ar";
    INFO("language " << language);
    HeadlessKiosk k;
    to_education(k, language);
    const float next_x = rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
    while (k.app->session().screen() == Screen::Section) k.tap(next_x, HeadlessKiosk::nav_y);
    REQUIRE(k.app->session().screen() == Screen::Review);
    // A year that slipped past Next (as the issue found it): on the review, several screens on.
    PersonDraft& person = *k.app->session().person().value();
    REQUIRE(person.add_entry("education", "items"));
    REQUIRE(person.set_entry_answer("education", "items", 0, "title", "Bauingenieurwesen"));
    REQUIRE(person.set_entry_answer("education", "items", 0, "year_completed", 2123));
    k.tap(next_x, HeadlessKiosk::nav_y);  // Finish
    k.frames(2);
    REQUIRE(k.app->session().screen() == Screen::Section);
    CHECK(k.app->session().section()->id == "education");
    CHECK(k.app->session().editing_from_review());
    const std::string path = "education.items[0].year_completed";
    const auto [a, b] = k.field(path).last_rect();
    ImGuiWindow* body = body_window();
    REQUIRE(body);
    CHECK(body->InnerClipRect.Contains(ImRect(a, b)));
    CHECK(red_glyph_vertices_in_view(b.y, b.y + 200) > 40);
    // Corrected, Next returns to the review and Finish saves.
    REQUIRE(k.app->session().person().value()->set_entry_answer("education", "items", 0,
                                                                "year_completed", 2003));
    k.tap(next_x, HeadlessKiosk::nav_y);
    REQUIRE(k.app->session().screen() == Screen::Review);
    k.tap(next_x, HeadlessKiosk::nav_y);
    k.until_saved();
    CHECK(k.app->session().screen() == Screen::Qr);
  }
}

TEST_CASE("the welcome screen greets in each of the event's languages, each in its direction") {
  HeadlessKiosk k;
  k.frames(2);
  const auto& greetings = k.app->welcome_screen().greetings();
  // German, the kiosk's language, is the screen's own (above the buttons); the others below.
  for (const std::string language : {"en", "ar", "ps", "ti"}) {
    INFO("language " << language);
    const auto it = std::find_if(greetings.begin(), greetings.end(),
                                 [&](const auto& g) { return g.language == language; });
    REQUIRE(it != greetings.end());
    const Catalogue* catalogue = k.app->services().catalogue(language);
    REQUIRE(catalogue);
    // "Choose your language" in that language, read in its own direction, shaped without a box.
    CHECK(it->text.find(*catalogue->find("ui.welcome.choose_language")) != std::string::npos);
    const bool rtl = language == "ar" || language == "ps";
    CHECK(it->direction == (rtl ? script::BaseDirection::rtl : script::BaseDirection::ltr));
    auto shaped = k.app->text().shape(it->text, ui::TextSize::body, script::kNoWrap, it->direction);
    CHECK(k.app->text().missing_glyphs(*shaped) == 0);
    CHECK((shaped->direction == script::Direction::rtl) == rtl);
  }
  // Only the event's languages (not all twelve).
  CHECK(greetings.size() == 4);
}

TEST_CASE("on a German screen Elektrikerin finds the Elektriker/in occupation and stores its URI") {
  HeadlessKiosk k;
  k.start_person("de");
  KioskSession& session = k.app->session();
  while (session.screen() == Screen::Section && session.section()->id != "work") session.next();
  REQUIRE(session.section()->id == "work");
  REQUIRE((*session.person())->add_entry("work", "items"));
  k.frames(2);
  ui::Taxonomies& taxonomies = k.app->services().taxonomies;
  // Built on its worker as the kiosk started; a person needs longer than that to get here.
  REQUIRE(taxonomies.wait_for_occupations(std::chrono::seconds(30)));
  const std::string path = "work.items[0].occupation";
  ui::TouchTextField& search = k.field(path + "#search");
  k.tap_rect(search.last_rect());
  REQUIRE(k.app->section_screen().editors().focus().field == &search);
  k.type("Elektrikerin");
  // ESCO's Elektriker/in ("electrician"): where the picker lists it among the first hits.
  const auto& reference = taxonomies.reference();
  const auto electrician = reference.find("4910419f-b4af-4f59-b544-9dbebc8a74f0");
  REQUIRE(electrician);
  const auto hits = taxonomies.search("occupation", "de", "Elektrikerin", 6);
  REQUIRE(hits);
  std::size_t row = hits->size();
  for (std::size_t i = 0; i < hits->size(); ++i)
    if ((*hits)[i].code == reference.uri(*electrician)) row = i;
  REQUIRE(row < 3);
  // Each hit is 72 design px high, 6 apart, right under the search field.
  const auto [top_left, bottom_right] = search.last_rect();
  k.tap_px(ImVec2((top_left.x + bottom_right.x) / 2,
                  bottom_right.y + (6 + 36 + 78 * static_cast<float>(row)) * k.scale + 4));
  const nlohmann::json* items = k.app->session().draft()->answer("work", "items");
  REQUIRE(items);
  REQUIRE(items->is_array());
  REQUIRE(items->size() == 1);
  CHECK((*items)[0].value("occupation", "") ==
        "http://data.europa.eu/esco/occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0");
  // The review names it in German, never by its URI.
  CHECK(taxonomies.display_name("occupation", (*items)[0].value("occupation", ""), "de") ==
        "Industrieelektriker – Geräte und Systeme/Industrieelektrikerin – Geräte und Systeme");
}

TEST_CASE("the occupation picker says it is still loading until its index is built off the frame") {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto loaded = ui::Taxonomies::load(test::asset(""), [released] { released.wait(); });
  REQUIRE(loaded);
  ui::Taxonomies& taxonomies = *loaded;
  // Held back: the picker has nothing yet, and says so instead of waiting in the frame.
  CHECK_FALSE(taxonomies.search("occupation", "de", "Koch", 6).has_value());
  CHECK(taxonomies.occupations() == nullptr);
  // Countries and languages do not wait for it.
  CHECK(taxonomies.search("country", "de", "Syrien", 6).has_value());
  release.set_value();
  REQUIRE(taxonomies.wait_for_occupations(std::chrono::seconds(30)));
  const auto hits = taxonomies.search("occupation", "de", "Koch", 6);
  REQUIRE(hits);
  REQUIRE_FALSE(hits->empty());
  CHECK(taxonomies.display_name("occupation", hits->front().code, "de") == "Koch/Köchin");
  CHECK(taxonomies.display_name("occupation", hits->front().code, "en") == "cook");
  // A language ESCO lacks: its draft name where it has one, else the German name with the
  // English one beside.
  auto drafts = OccupationLabels::load(test::asset(""));
  REQUIRE(drafts);
  const auto* cook = drafts->find("ar", "90f75f67-495d-49fa-ab57-2f320e251d7e");
  REQUIRE(cook);
  CHECK(taxonomies.display_name("occupation", hits->front().code, "ar") == cook->front());
  const std::string drawer = "000e93a3-d956-4e45-aacb-f12c83fedf84";  // no Arabic draft
  REQUIRE(drafts->find("ar", drawer) == nullptr);
  // The answer a record holds is the whole URI.
  CHECK(taxonomies.display_name("occupation", std::string(EscoReference::uri_prefix) + drawer,
                                "ar") ==
        "Metallziehmaschinenbediener/Metallziehmaschinenbedienerin (metal drawing machine "
        "operator)");
  REQUIRE(taxonomies.occupation_build_thread());
  CHECK(*taxonomies.occupation_build_thread() != std::this_thread::get_id());
}

TEST_CASE(
    "a Tigrinya screen finds occupations by German and English names until its own are added, "
    "then by Tigrinya ones") {
  auto loaded = ui::Taxonomies::load(test::asset(""));
  REQUIRE(loaded);
  ui::Taxonomies& taxonomies = *loaded;
  REQUIRE(taxonomies.wait_for_occupations(std::chrono::seconds(30)));
  // Until a screen shows a language ESCO lacks, none of those languages' labels is held.
  const std::size_t esco_labels = taxonomies.occupations()->labels();
  CHECK_FALSE(taxonomies.occupations()->has_language("ti"));
  CHECK_FALSE(taxonomies.occupations()->has_language("ar"));
  auto drafts = OccupationLabels::load(test::asset(""));
  REQUIRE(drafts);
  const std::string cook = "90f75f67-495d-49fa-ab57-2f320e251d7e";
  const auto* tigrinya = drafts->find("ti", cook);
  REQUIRE(tigrinya);
  const std::string cook_uri = std::string(EscoReference::uri_prefix) + cook;
  // The screen was switched to Tigrinya: the picker shows German and English results meanwhile,
  // never nothing.
  const auto meanwhile = taxonomies.search("occupation", "ti", "Koch", 6);
  REQUIRE(meanwhile);
  CHECK(std::any_of(meanwhile->begin(), meanwhile->end(),
                    [&](const ui::PickerHit& h) { return h.code == cook_uri; }));
  // Then its own labels: the Tigrinya name finds the cook, named so.
  REQUIRE(taxonomies.wait_for_occupation_language("ti", std::chrono::seconds(30)));
  CHECK(taxonomies.occupations()->labels() > esco_labels);
  const auto hits = taxonomies.search("occupation", "ti", tigrinya->front(), 6);
  REQUIRE(hits);
  REQUIRE_FALSE(hits->empty());
  CHECK(hits->front().code == cook_uri);
  CHECK(hits->front().label == tigrinya->front());
  // Only the language asked for.
  CHECK_FALSE(taxonomies.occupations()->has_language("ar"));
}

TEST_CASE(
    "picking a language ESCO lacks adds its occupation labels before the person reaches the "
    "picker") {
  HeadlessKiosk k;
  k.start_person("ti");
  ui::Taxonomies& taxonomies = k.app->services().taxonomies;
  REQUIRE(taxonomies.wait_for_occupations(std::chrono::seconds(30)));
  CHECK(taxonomies.wait_for_occupation_language("ti", std::chrono::seconds(30)));
  CHECK(taxonomies.occupations()->has_language("ti"));
  CHECK_FALSE(taxonomies.occupations()->has_language("fa"));
}

namespace {

// The visible part of the screen's scrolling body, in window pixels.
std::pair<ImVec2, ImVec2> body_rect() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && std::string(w->Name).find("##body") != std::string::npos)
      return {w->InnerClipRect.Min, w->InnerClipRect.Max};
  FAIL("no scrolling body on screen");
  return {};
}

// The browse path of the first job's occupation picker, on the "work" section with one entry.
ui::OccupationBrowse& open_work_browse(HeadlessKiosk& k, const std::string& language) {
  k.start_person(language);
  KioskSession& session = k.app->session();
  while (session.screen() == Screen::Section && session.section()->id != "work") session.next();
  REQUIRE(session.section()->id == "work");
  REQUIRE((*session.person())->add_entry("work", "items"));
  k.frames(2);
  ui::OccupationBrowse* browse =
      k.app->section_screen().editors().browse("work.items[0].occupation");
  REQUIRE(browse);
  return *browse;
}

// Brings a tile or row of the browse path into view by dragging the body (as a finger does),
// and returns where it is.
std::pair<ImVec2, ImVec2> in_view(HeadlessKiosk& k, ui::OccupationBrowse& browse,
                                  const std::string& what) {
  for (int i = 0; i < 40; ++i) {
    const auto r = browse.rect(what);
    REQUIRE(r);
    const auto [top, bottom] = body_rect();
    if (r->first.y >= top.y && r->second.y <= bottom.y) return *r;
    // A third of the window per drag, up or down, from the screen's middle.
    const float dy = r->second.y > bottom.y ? -0.3f : 0.3f;
    k.drag(0.5f, 0.5f, 0.5f, 0.5f + dy);
  }
  FAIL("cannot scroll " << what << " into view");
  return {};
}

bool inside(ImVec2 p, const std::pair<ImVec2, ImVec2>& r) {
  return p.x >= r.first.x && p.x <= r.second.x && p.y >= r.first.y && p.y <= r.second.y;
}

constexpr const char* kElectrician =
    "http://data.europa.eu/esco/occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0";

}  // namespace

TEST_CASE("browsing crafts, then electrical trades, then an electrician stores its ESCO URI") {
  HeadlessKiosk k;
  ui::OccupationBrowse& browse = open_work_browse(k, "de");
  CHECK(browse.level().empty());
  // Ten major groups, each a tile at least the smallest touch size.
  for (char major = '0'; major <= '9'; ++major) {
    const auto r = browse.rect(std::string(1, major));
    REQUIRE(r);
    CHECK(r->second.x - r->first.x >= ui::kMinTouchPx * k.scale);
    CHECK(r->second.y - r->first.y >= ui::kMinTouchPx * k.scale);
  }
  k.tap_rect(in_view(k, browse, "7"));
  REQUIRE(browse.level() == "7");
  // The sub-major groups of 7 and no other.
  CHECK(browse.rect("71"));
  CHECK(browse.rect("75"));
  CHECK_FALSE(browse.rect("81"));
  k.tap_rect(in_view(k, browse, "74"));
  REQUIRE(browse.level() == "74");
  const std::vector<std::string> shown = browse.shown_occupations();
  CHECK(shown.size() > 20);
  REQUIRE(std::find(shown.begin(), shown.end(), kElectrician) != shown.end());
  k.tap_rect(in_view(k, browse, kElectrician));
  const nlohmann::json* items = k.app->session().draft()->answer("work", "items");
  REQUIRE(items);
  REQUIRE(items->size() == 1);
  CHECK((*items)[0].value("occupation", "") == kElectrician);
  // Chosen: the browse path starts from the groups again next time.
  CHECK(browse.level().empty());
}

TEST_CASE("Back on the browse path goes up one level at a time") {
  HeadlessKiosk k;
  ui::OccupationBrowse& browse = open_work_browse(k, "de");
  k.tap_rect(in_view(k, browse, "7"));
  k.tap_rect(in_view(k, browse, "74"));
  REQUIRE(browse.level() == "74");
  k.tap_rect(in_view(k, browse, "back"));
  CHECK(browse.level() == "7");
  k.tap_rect(in_view(k, browse, "back"));
  CHECK(browse.level().empty());
  // Nothing was chosen on the way.
  const nlohmann::json* items = k.app->session().draft()->answer("work", "items");
  REQUIRE(items);
  CHECK((*items)[0].value("occupation", "").empty());
}

TEST_CASE("a double tap on a group's tile opens that group and not the one under the finger") {
  HeadlessKiosk k;
  ui::OccupationBrowse& browse = open_work_browse(k, "de");
  // Where the sub-major groups of 7 come when it opens: a point of the tile under which one of
  // them will lie, found by opening and closing it at a person's pace.
  auto tile = in_view(k, browse, "7");
  k.tap_rect(tile);
  REQUIRE(browse.level() == "7");
  std::optional<ImVec2> p;
  for (const char* sub : {"71", "72", "73", "74", "75"}) {
    const auto r = browse.rect(sub);
    REQUIRE(r);
    const float top = std::max(r->first.y, tile.first.y) + 2;
    const float bottom = std::min(r->second.y, tile.second.y) - 2;
    if (!p && top < bottom) p = ImVec2((tile.first.x + tile.second.x) / 2, (top + bottom) / 2);
  }
  REQUIRE(p);
  k.tap_rect(*browse.rect("back"));
  REQUIRE(browse.level().empty());
  REQUIRE(browse.rect("7"));
  REQUIRE(inside(*p, *browse.rect("7")));
  k.quick_taps(*p, 2, 150ms);
  REQUIRE(browse.level() == "7");
  // The second tap fell on a sub-major group's row, which the level's first moment ignored.
  bool under_finger = false;
  for (const char* sub : {"71", "72", "73", "74", "75"})
    if (const auto r = browse.rect(sub); r && inside(*p, *r)) under_finger = true;
  CHECK(under_finger);
  // At a person's pace, the same place opens that row.
  k.now += 500ms;
  k.tap_px(*p);
  CHECK(browse.level().size() == 2);
}

TEST_CASE(
    "\"my occupation is not in the list\" on every level sends the person to their own words") {
  HeadlessKiosk k;
  ui::OccupationBrowse& browse = open_work_browse(k, "de");
  ui::FieldEditors& editors = k.app->section_screen().editors();
  for (const std::vector<std::string>& path : {std::vector<std::string>{}, {"7"}, {"7", "74"}}) {
    for (const std::string& step : path) k.tap_rect(in_view(k, browse, step));
    REQUIRE(browse.level() == (path.empty() ? std::string() : path.back()));
    k.tap_rect(in_view(k, browse, "not_listed"));
    // The job's own-words field has the keyboard, and the browse path is back at its top.
    CHECK(editors.focus().field == &k.field("work.items[0].job_title"));
    CHECK(browse.level().empty());
    editors.focus().field = nullptr;
    k.frames(2);
  }
}

TEST_CASE("in Arabic the browse path reads right to left and names occupations in Arabic") {
  HeadlessKiosk k;
  ui::OccupationBrowse& browse = open_work_browse(k, "ar");
  // The first group sits where reading starts: at the right, the next one to its left.
  const auto zero = browse.rect("0"), one = browse.rect("1");
  REQUIRE(zero);
  REQUIRE(one);
  CHECK(zero->first.x > one->first.x);
  CHECK(std::abs(zero->first.y - one->first.y) < 1);
  k.tap_rect(in_view(k, browse, "7"));
  // Back sits at the right too.
  const auto back = browse.rect("back");
  REQUIRE(back);
  CHECK(back->second.x > kWidth / 2);
  k.tap_rect(in_view(k, browse, "74"));
  REQUIRE(browse.level() == "74");
  // The occupations with an Arabic name of their own come first.
  const ui::Taxonomies& taxonomies = k.app->services().taxonomies;
  const EscoReference& reference = taxonomies.reference();
  const std::vector<std::string> shown = browse.shown_occupations();
  REQUIRE(shown.size() > 20);
  bool common = true;
  std::size_t commons = 0;
  for (const std::string& uri : shown) {
    const auto row = reference.find(uri);
    REQUIRE(row);
    const bool own = taxonomies.has_draft_labels(*row);
    CHECK((common || !own));  // none of them after the first without
    common = common && own;
    commons += own ? 1 : 0;
  }
  CHECK(commons >= 2);
  CHECK(shown.front() != shown.back());
  // The electrician is named in Arabic script.
  const std::string name = taxonomies.display_name("occupation", kElectrician, "ar");
  CHECK(name.find("\xD8") != std::string::npos);  // a letter of the Arabic block (U+0600..)
}

TEST_CASE("the pictograms are in the atlas, and a missing icon font names its package") {
  HeadlessKiosk k;
  for (const script::IconGlyph& icon : script::icon_table()) {
    INFO(icon.name);
    CHECK(k.app->text().has_icon(icon.icon, ui::IconSize::tile));
    CHECK(k.app->text().has_icon(icon.icon, ui::IconSize::inline_icon));
  }
  auto opened = ui::TextRenderer::open(script::noto_font_files(),
                                       {"/nonexistent/MaterialIcons-Regular.ttf",
                                        script::FontRole::general, script::kMaterialIconsPackage});
  REQUIRE_FALSE(opened);
  CHECK(opened.error().message.find("fonts-material-design-icons-iconfont") != std::string::npos);
  CHECK(opened.error().message.find("/nonexistent/MaterialIcons-Regular.ttf") != std::string::npos);
}

TEST_CASE("the longest group of occupations scrolls to its end in Arabic, two lines a row") {
  // 21 (science and engineering) lists about 270 occupations, each with its German name below:
  // drawing every row, seen or not, passed the vertices one ImGui draw list holds.
  HeadlessKiosk k;
  ui::OccupationBrowse& browse = open_work_browse(k, "ar");
  k.tap_rect(in_view(k, browse, "2"));
  k.tap_rect(in_view(k, browse, "21"));
  REQUIRE(browse.level() == "21");
  const std::vector<std::string> shown = browse.shown_occupations();
  REQUIRE(shown.size() > 250);
  // Its last occupation can be reached and chosen.
  const auto before = std::chrono::steady_clock::now();
  k.frames(20);
  const double frame_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count() /
      20;
  CHECK(frame_ms < 50);
  for (int i = 0; i < 100 && browse.rect(shown.back())->second.y > body_rect().second.y; ++i)
    k.drag(0.5f, 0.85f, 0.5f, 0.15f, 4);
  k.tap_rect(in_view(k, browse, shown.back()));
  const nlohmann::json* items = k.app->session().draft()->answer("work", "items");
  REQUIRE(items);
  CHECK((*items)[0].value("occupation", "") == shown.back());
}

TEST_CASE("\"not in the list\" on a picker without an own-words field says what to do instead") {
  HeadlessKiosk k;
  k.start_person("de");
  KioskSession& session = k.app->session();
  while (session.screen() == Screen::Section && session.section()->id != "wishes") session.next();
  REQUIRE(session.section()->id == "wishes");
  k.frames(2);
  ui::FieldEditors& editors = k.app->section_screen().editors();
  const std::string path = "wishes.desired_occupation";
  ui::OccupationBrowse* browse = editors.browse(path);
  REQUIRE(browse);
  k.tap_rect(in_view(k, *browse, "7"));
  REQUIRE(browse->level() == "7");
  CHECK_FALSE(editors.said_not_listed(path));
  k.tap_rect(in_view(k, *browse, "not_listed"));
  CHECK(editors.said_not_listed(path));
  CHECK(browse->level().empty());
  // No text field takes the keyboard: the next one (the region) is about something else.
  CHECK(editors.focus().field == nullptr);
  // Choosing an occupation after all takes the note away.
  k.tap_rect(in_view(k, *browse, "7"));
  k.tap_rect(in_view(k, *browse, "74"));
  k.tap_rect(in_view(k, *browse, kElectrician));
  CHECK(k.answer("wishes", "desired_occupation") == kElectrician);
  CHECK_FALSE(editors.said_not_listed(path));
}
