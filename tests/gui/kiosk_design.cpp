// The design pass of issue #17 (item 9), on every screen a person and a volunteer see, in a
// left-to-right and a right-to-left language: nothing a finger taps is under 48 px at 1080p (the
// keyboard's keys, the PIN pad, the stop question included), and no screen offers more than one
// filled primary action (a question over a screen exactly one), so the way on is plain to
// someone who does not read. The widgets
// record what they draw (ui::TouchTarget); the person's walk through the form with pictograms
// is kiosk_low_literacy.cpp's.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "core/admin.h"
#include "headless_kiosk.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;

namespace {

void check(HeadlessKiosk& k, const std::string& where) {
  const auto targets = k.targets();
  CHECK_FALSE(targets.empty());
  check_touch_targets(targets, k.scale, k.app->session().language() + " " + where);
  check_texts(k.texts(), k.app->session().language() + " " + where);
}

const ui::TouchTarget* target(const std::vector<ui::TouchTarget>& targets, const std::string& id) {
  for (const ui::TouchTarget& t : targets)
    if (t.id == id) return &t;
  return nullptr;
}

// The volunteer's screens: check(), and every action (a button or a row with words; the PIN
// pad's keys and the text fields aside) shows a pictogram beside its words, so a volunteer
// finds Sync, USB, PIN, Lock by their pictures in any language.
void check_volunteer(HeadlessKiosk& k, const std::string& where) {
  check(k, where);
  INFO("screen: " << where);
  for (const ui::TouchTarget& t : k.targets()) {
    if (t.id == "##key" || t.text.empty() || t.covered) continue;
    INFO("action " << t.id << " \"" << t.text << "\"");
    CHECK(t.icon.has_value());
  }
}

}  // namespace

TEST_CASE("every person screen keeps its touch targets at 48 px at 1080p and one primary action") {
  for (const std::string language : {"de", "ar"}) {
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    const float next_x = rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
    HeadlessKiosk k;
    check(k, "welcome");
    k.choose(language);
    check(k, "consent");
    k.agree(rtl);
    // Every section, with the keyboard up on the first (its keys are targets too).
    check(k, "about");
    k.tap_rect(k.field("about.name").last_rect());
    REQUIRE(k.app->section_screen().editors().focus().field);
    k.type("Amir");  // a profile of consent alone is not finished
    check(k, "about with the keyboard");
    k.tap(next_x, HeadlessKiosk::nav_y);
    // The stop question over a section.
    const auto section = k.targets();
    const ui::TouchTarget* stop = target(section, "##stop");
    REQUIRE(stop);
    k.tap_rect({stop->min, stop->max});
    check(k, "stop question");
    const ui::TouchTarget* keep_going = target(k.targets(), "##stop_keep_going");
    REQUIRE(keep_going);
    k.tap_rect({keep_going->min, keep_going->max});
    while (k.app->session().screen() == Screen::Section) {
      check(k, k.app->session().section()->id);
      k.tap(next_x, HeadlessKiosk::nav_y);
    }
    REQUIRE(k.app->session().screen() == Screen::Review);
    check(k, "review");
    k.tap(next_x, HeadlessKiosk::nav_y);
    k.until_saved();
    REQUIRE(k.app->session().screen() == Screen::Qr);
    check(k, "qr");
  }
}

TEST_CASE(
    "every volunteer screen keeps its touch targets at 48 px at 1080p and one primary action") {
  HeadlessKiosk k;
  AdminPin pin(k.app->store());
  k.app->input(k.now);  // the volunteer's gesture
  REQUIRE(k.app->session().open_admin(pin.is_set()));
  k.frames(2);
  REQUIRE(k.app->session().screen() == Screen::AdminSetPin);
  check_volunteer(k, "set PIN");
  REQUIRE(k.app->session().set_first_pin(pin.set_first("2580", "2580")));
  k.frames(2);
  REQUIRE(k.app->session().screen() == Screen::AdminHome);
  check_volunteer(k, "menu");
  // The question before quitting to the desktop, over the menu.
  for (const ui::TouchTarget& t : k.targets())
    if (t.id == "##quit") k.tap_rect({t.min, t.max});
  check_volunteer(k, "quit question");
  const ui::TouchTarget* stay = target(k.targets(), "##quit_cancel");
  REQUIRE(stay);
  k.tap_rect({stay->min, stay->max});
  REQUIRE(target(k.targets(), "##quit_cancel") == nullptr);
  for (const Screen screen : {Screen::AdminEvent, Screen::AdminChangePin}) {
    REQUIRE(k.app->session().open_admin_screen(screen));
    k.frames(2);
    check_volunteer(k, std::string(screen == Screen::AdminEvent ? "event" : "change PIN"));
    k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // back to the menu
    REQUIRE(k.app->session().screen() == Screen::AdminHome);
  }
  // The question before connecting this (enrolled) kiosk again, over the connection screen.
  REQUIRE(k.app->session().open_admin_screen(Screen::AdminEnroll));
  k.frames(2);
  check_volunteer(k, "connection");
  const ui::TouchTarget* connect = target(k.targets(), "##nav_next");
  REQUIRE(connect);
  k.tap_rect({connect->min, connect->max});
  REQUIRE(target(k.targets(), "##again_confirm"));
  check_volunteer(k, "connect again?");
  const ui::TouchTarget* cancel = target(k.targets(), "##again_cancel");
  REQUIRE(cancel);
  k.tap_rect({cancel->min, cancel->max});
  REQUIRE(target(k.targets(), "##again_cancel") == nullptr);
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // back to the menu
  REQUIRE(k.app->session().screen() == Screen::AdminHome);
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // Lock
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  k.app->input(k.now);
  REQUIRE(k.app->session().open_admin(pin.is_set()));
  k.frames(2);
  REQUIRE(k.app->session().screen() == Screen::AdminUnlock);
  check_volunteer(k, "unlock");
}

namespace {

// The paragraph drawn with its top at y (a question's, FieldEditors::question_y).
const ui::DrawnText* text_at(const std::vector<ui::DrawnText>& texts, float y) {
  for (const ui::DrawnText& t : texts)
    if (!t.icon && std::abs(t.min.y - y) < 1) return &t;
  return nullptr;
}

// The paragraph drawn inside a touch target (a choice row's words).
const ui::DrawnText* text_in(const std::vector<ui::DrawnText>& texts, const ui::TouchTarget& t) {
  for (const ui::DrawnText& d : texts)
    if (!d.icon && d.min.x >= t.min.x && d.max.x <= t.max.x && d.min.y >= t.min.y &&
        d.max.y <= t.max.y)
      return &d;
  return nullptr;
}

}  // namespace

// Larger type where there is room (issue #17, item 9): "education" (three choices about school
// and a list still empty) leaves most of the screen empty, so its question and its choices are
// drawn at heading's size; "skills" (nine and sixteen choices) scrolls already and keeps body,
// so it does not scroll further. Arabic goes a step up from either.
TEST_CASE("a screen with room draws its question and choices one size up, a long one does not") {
  for (const std::string language : {"de", "ar"}) {
    CAPTURE(language);
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    const float next_x = rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
    HeadlessKiosk k;
    k.start_person(language);
    ui::TextRenderer& text = k.app->text();
    while (k.app->session().section()->id != "education") k.tap(next_x, HeadlessKiosk::nav_y);
    k.frames(2);
    auto question_size = [&](const std::string& path) {
      const auto y = k.app->section_screen().editors().question_y(path);
      REQUIRE(y);
      const auto texts = k.texts();
      const ui::DrawnText* question = text_at(texts, *y);
      REQUIRE(question);
      return question->pixel_size;
    };
    CHECK(question_size("education.schooling") == text.pixel_size(ui::TextSize::heading));
    const auto targets = k.targets();
    const auto texts = k.texts();
    int choices = 0;
    for (const ui::TouchTarget& t : targets)
      if (t.id.find('#') == std::string::npos)  // an option's row (its value), not a button
        if (const ui::DrawnText* words = text_in(texts, t)) {
          ++choices;
          INFO("choice " << t.id << " \"" << t.text << "\"");
          CHECK(words->pixel_size == text.pixel_size(ui::TextSize::heading));
        }
    CHECK(choices >= 3);
    check(k, "education, larger");
    while (k.app->session().section()->id != "skills") k.tap(next_x, HeadlessKiosk::nav_y);
    k.frames(2);
    CHECK(question_size("skills.digital") == text.pixel_size(ui::TextSize::body));
  }
}

// Pictograms on the review (issue #17, item 9): each answered choice shows its option's
// pictogram beside its words, as the person picked it on the section (an education entry's
// kind and status too), and each section's Edit shows the edit pictogram.
TEST_CASE("the review shows every chosen option's pictogram beside it, and Edit's") {
  const std::vector<std::tuple<std::string, std::string, nlohmann::json>> answers = {
      {"education", "schooling", "interrupted"},
      {"skills", "digital", nlohmann::json::array({"email", "programming"})},
      {"wishes", "wants", nlohmann::json::array({"job", "language_course"})},
  };
  // One education entry: the choices inside a repeatable group.
  const std::vector<std::tuple<std::string, nlohmann::json>> entry = {
      {"kind", "master_craftsman"}, {"title", "Elektrotechnik"}, {"status", "ongoing"}};
  for (const std::string language : {"de", "ar"}) {
    CAPTURE(language);
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    HeadlessKiosk k;
    k.start_person(language);
    for (const auto& [section, field, value] : answers) {
      auto person = k.app->session().person();
      REQUIRE(person);
      REQUIRE((*person)->set_answer(section, field, value));
    }
    {
      auto person = k.app->session().person();
      REQUIRE(person);
      REQUIRE((*person)->add_entry("education", "items"));
      for (const auto& [field, value] : entry)
        REQUIRE((*person)->set_entry_answer("education", "items", 0, field, value));
    }
    while (k.app->session().screen() == Screen::Section)
      k.tap(rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
    REQUIRE(k.app->session().screen() == Screen::Review);
    const auto texts = k.texts();
    for (const auto& [section, field, value] : answers)
      for (const auto& option : value.is_array() ? value : nlohmann::json::array({value})) {
        const auto icon = script::option_icon(field, option.get<std::string>());
        INFO(section << "." << field << " = " << option);
        REQUIRE(icon);
        CHECK(std::count_if(texts.begin(), texts.end(),
                            [&](const ui::DrawnText& t) { return t.icon == icon; }) >= 1);
      }
    for (const auto& [field, value] : entry) {
      const auto icon = script::option_icon(field, value.get<std::string>());
      if (!icon) continue;  // the title: words alone
      INFO("education.items[0]." << field << " = " << value);
      CHECK(std::count_if(texts.begin(), texts.end(),
                          [&](const ui::DrawnText& t) { return t.icon == icon; }) >= 1);
    }
    int edits = 0;
    for (const ui::TouchTarget& t : k.targets())
      if (t.id == "##edit") {
        ++edits;
        CHECK(t.icon == script::Icon::edit);
      }
    CHECK(edits == static_cast<int>(k.app->session().sections().size()));
    check(k, "review with choices");
  }
}
