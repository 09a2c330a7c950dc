// A year typed in the Solar Hijri or Ethiopian calendar (issue #17), headless, as a person at the
// stand types it: in Dari the year of birth is asked in the Solar Hijri calendar first, 1380 shows
// as 2001/02 while typing and on the review, the record keeps 2001 and the hub's profile page
// shows it; in German the digits typed count in the calendar tapped afterwards; and a year out
// of the form's range once read in its calendar gets the form's own message.
#include <catch2/catch.hpp>
#include <string>

#include "base/dates.h"
#include "core/outbox.h"
#include "core/store.h"
#include "domain/assets.h"
#include "domain/form_library.h"
#include "headless_kiosk.h"
#include "hub/web/profile_page.h"
#include "protocol/envelope.h"
#include "ui/field_editors.h"
#include "ui/read_aloud.h"
#include "ui/review_screen.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;

namespace {

const std::string kYearOfBirth = "about.year_of_birth";

// A person in `language` (the event's first or second) past the consent, on "about you".
void to_about(HeadlessKiosk& k, const std::string& language) {
  const bool rtl = language == "fa" || language == "ar" || language == "ps";
  k.tap(language == "de" ? 0.176f : 0.492f, 0.165f);  // the welcome screen's first row
  REQUIRE(k.app->session().screen() == Screen::Consent);
  REQUIRE(k.app->session().language() == language);
  k.agree(rtl);
  REQUIRE(k.app->session().screen() == Screen::Section);
  REQUIRE(k.app->session().section()->id == "about");
}

// Taps into the year of birth and types `digits` on the on-screen keypad.
void type_year(HeadlessKiosk& k, const std::string& digits) {
  k.tap_rect(k.field(kYearOfBirth).last_rect());
  for (const char digit : digits) k.tap_key(std::string(1, digit));
}

const nlohmann::json* year_of_birth(HeadlessKiosk& k) {
  const PersonDraft* draft = k.app->session().draft();
  REQUIRE(draft);
  return draft->answer("about", "year_of_birth");
}

std::string shown(HeadlessKiosk& k) {
  return k.app->section_screen().editors().year_both_ways_shown(kYearOfBirth).value_or("(none)");
}

void tap_calendar(HeadlessKiosk& k, YearCalendar calendar) {
  const auto button = k.app->section_screen().editors().calendar_button(kYearOfBirth, calendar);
  REQUIRE(button);
  k.tap_rect(*button);
}

}  // namespace

TEST_CASE("in Dari 1380 is a Solar Hijri year of birth: 2001/02 on screen, 2001 at the hub") {
  HeadlessKiosk k({}, {}, {}, true, {}, {"de", "fa"});
  to_about(k, "fa");
  type_year(k, "1380");
  CHECK(k.field(kYearOfBirth).text() == "1380");
  // While typing: the year both ways, in the person's words, with nothing drawn as a box.
  const std::string both_ways = shown(k);
  INFO(both_ways);
  CHECK(both_ways.find("1380") != std::string::npos);
  CHECK(both_ways.find("2001/02") != std::string::npos);
  CHECK(both_ways.find(k.app->ui().tr("ui.calendar.solar_hijri")) != std::string::npos);
  auto shaped = k.app->text().shape(both_ways, ui::TextSize::body, script::kNoWrap,
                                    script::BaseDirection::rtl);
  CHECK(k.app->text().missing_glyphs(*shaped) == 0);
  // The form's answer is the Gregorian year holding most of 1380 SH.
  REQUIRE(year_of_birth(k));
  CHECK(*year_of_birth(k) == 2001);

  // On the review, the same both ways.
  for (int i = 0; i < 10 && k.app->session().screen() == Screen::Section; ++i)
    k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);
  REQUIRE(k.app->session().screen() == Screen::Review);
  const Field* field = k.app->services().form.find_field("about", "year_of_birth");
  REQUIRE(field);
  CHECK(ui::answer_summary(k.app->ui(), k.app->services().taxonomies, *field, *year_of_birth(k),
                           k.app->session().draft(), kYearOfBirth) == both_ways);

  // Finished: the sealed record holds 2001, and the hub's page for it shows 2001.
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);
  k.until_saved();
  REQUIRE(k.app->session().screen() == Screen::Qr);
  auto store = KioskStore::open(k.tmp / "kiosk");
  REQUIRE(store);
  auto waiting = Outbox(*store).waiting(10);
  REQUIRE(waiting);
  REQUIRE(waiting->size() == 1);
  auto plaintext = open_envelope((*waiting)[0].envelope, k.hub);
  REQUIRE(plaintext);
  const auto record = nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end()));
  CHECK(record["answers"]["about"]["year_of_birth"] == 2001);
  CHECK(record["locale"] == "fa");
  const auto forms = FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  REQUIRE(forms);
  const auto texts = hub::web::PageTexts::load(test::asset("i18n"));
  REQUIRE(texts);
  const std::string page =
      hub::web::render_profile_page({*forms, *texts}, record, "fa", "Zq3xW9kLmN2pR7sT4vY8bA");
  CHECK(page.find(">2001<") != std::string::npos);
}

TEST_CASE("in German the digits typed count in the calendar tapped, and they stay on screen") {
  HeadlessKiosk k;
  to_about(k, "de");
  type_year(k, "1380");
  // Gregorian first in German: the year as typed, nothing to convert.
  CHECK(*year_of_birth(k) == 1380);
  CHECK(shown(k).empty());
  tap_calendar(k, YearCalendar::solar_hijri);
  CHECK(k.field(kYearOfBirth).text() == "1380");
  CHECK(*year_of_birth(k) == 2001);
  CHECK(shown(k) == "1380 (Persisch (Hidschri)) = 2001/02");
  // 2014 in the Ethiopian calendar: 11 Sep 2021 to 10 Sep 2022, most of it in 2022.
  k.tap_rect(k.field(kYearOfBirth).last_rect());
  k.key(SDL_SCANCODE_BACKSPACE);
  k.key(SDL_SCANCODE_BACKSPACE);
  k.key(SDL_SCANCODE_BACKSPACE);
  k.key(SDL_SCANCODE_BACKSPACE);
  for (const char* digit : {"2", "0", "1", "4"}) k.tap_key(digit);
  tap_calendar(k, YearCalendar::ethiopian);
  CHECK(*year_of_birth(k) == 2022);
  CHECK(shown(k) == "2014 (Äthiopisch) = 2021/22");
  // Back to Gregorian: 2014 as it is.
  tap_calendar(k, YearCalendar::gregorian);
  CHECK(*year_of_birth(k) == 2014);
  CHECK(shown(k).empty());
}

TEST_CASE("a year typed on a physical keyboard in Persian or Arabic digits is the keypad's") {
  // A USB keyboard set to Persian or Arabic types ۱۳۸۰ or ١٩٩٠, not 1380: the field takes them
  // as the keypad's digits, so the year counts (it was no answer at all before).
  SECTION("Dari: ۱۳۸۰ is the Solar Hijri year the keypad's 1380 is") {
    HeadlessKiosk k({}, {}, {}, true, {}, {"de", "fa"});
    to_about(k, "fa");
    k.tap_rect(k.field(kYearOfBirth).last_rect());
    k.type("\u06F1\u06F3\u06F8\u06F0");
    CHECK(k.field(kYearOfBirth).text() == "1380");
    REQUIRE(year_of_birth(k));
    CHECK(*year_of_birth(k) == 2001);
    CHECK(shown(k).find("2001/02") != std::string::npos);
  }
  SECTION("Arabic: ١٩٩٠ is 1990") {
    HeadlessKiosk k;
    k.choose("ar");
    k.agree(true);
    k.frames(1);
    k.tap_rect(k.field(kYearOfBirth).last_rect());
    k.type("\u0661\u0669\u0669\u0660");
    CHECK(k.field(kYearOfBirth).text() == "1990");
    REQUIRE(year_of_birth(k));
    CHECK(*year_of_birth(k) == 1990);
  }
}

TEST_CASE("a year past the form's range in its calendar gets the form's message, and stays") {
  // Digits that would pass as a Gregorian year, past "this year" once read in the calendar
  // chosen: 2000 SH is 2621/22; the Ethiopian year seven below this year begins in September of
  // this year and is kept as the next.
  const int this_year = year_of(std::chrono::system_clock::now());
  const std::string ethiopian = std::to_string(this_year - 7);
  for (const auto& [language, digits] :
       {std::pair{"fa", std::string("2000")}, std::pair{"de", ethiopian}}) {
    INFO(language << " " << digits);
    HeadlessKiosk k({}, {}, {}, true, {}, {"de", "fa"});
    to_about(k, language);
    type_year(k, digits);
    if (std::string(language) == "de") tap_calendar(k, YearCalendar::ethiopian);
    CHECK(*year_of_birth(k) > this_year);
    const float next =
        std::string(language) == "fa" ? HeadlessKiosk::next_left : HeadlessKiosk::next_right;
    k.tap(next, HeadlessKiosk::nav_y);
    CHECK(k.app->session().section()->id == "about");
    const auto& problems = k.app->session().problems();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path == kYearOfBirth);
    CHECK(problems[0].code == "answers.out_of_range");
    const Field* field = k.app->services().form.find_field("about", "year_of_birth");
    CHECK(ui::problem_text(k.app->ui(), problems[0], field) ==
          k.app->ui().format("ui.problem.year_range",
                             {{"min", "1920"}, {"max", std::to_string(this_year)}}));
    // What was typed stays, as typed, in its calendar.
    CHECK(k.field(kYearOfBirth).text() == digits);
    CHECK_FALSE(shown(k).empty());
  }
}

TEST_CASE("the year's question is read aloud with its calendar buttons, and 1380 both ways") {
  HeadlessKiosk k({}, {}, {}, true, {}, {"de", "fa"});
  to_about(k, "fa");
  const ui::Ui& ui = k.app->ui();
  REQUIRE(ui.catalogue);
  // What the speaker button says now, as it says it (the voice's texts, in order).
  const auto said = [&] {
    return k.app->read_aloud().library().filled_parts("fa", speech_script(k.app->session()),
                                                      *ui.catalogue);
  };
  const auto at = [](const std::vector<SpeechPart>& parts, std::string_view key) {
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (parts[i].key == key) return i;
    FAIL("nothing read for " << key);
    return std::size_t{0};
  };
  std::vector<SpeechPart> parts = said();
  // The three buttons, after the question and before the next one, in the order they show
  // (the person's language's calendar first).
  const std::size_t question = at(parts, "about.year_of_birth.label");
  const std::size_t next = at(parts, "about.in_germany_since.label");
  std::size_t before = question;
  for (const YearCalendar calendar : calendars_for_language("fa")) {
    const std::size_t button = at(parts, calendar_name_key(calendar));
    CHECK(button > before);
    CHECK(button < next);
    CHECK(parts[button].text == ui.tr(calendar_name_key(calendar)));
    before = button;
  }
  // Nothing typed: no year to read.
  CHECK(std::none_of(parts.begin(), parts.end(),
                     [](const SpeechPart& p) { return p.key == "ui.year.spoken"; }));

  type_year(k, "1380");
  parts = said();
  const std::size_t year = at(parts, "ui.year.spoken");
  const std::string& words = parts[year].text;
  INFO(words);
  // "1380 Solar Hijri, that is 2001" in Dari, in words a voice reads (no "=" or "2001/02").
  CHECK(words.find("1380") != std::string::npos);
  CHECK(words.find(ui.tr("ui.calendar.solar_hijri")) != std::string::npos);
  CHECK(words.find("2001") != std::string::npos);
  CHECK(words.find('=') == std::string::npos);
  CHECK(words.find('/') == std::string::npos);
  CHECK(year > at(parts, "about.year_of_birth.label"));
  CHECK(year < at(parts, "about.in_germany_since.label"));
}
