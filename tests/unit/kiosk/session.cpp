// The kiosk's screens as a person and a volunteer meet them, headless: the way through the form,
// back and skip, required fields, consent declined, review, finishing, inactivity and reset, and
// the way into the admin screens. Real store, real form, injected time.
#include "flow/session.h"

#include <catch2/catch.hpp>

#include "core/outbox.h"
#include "domain/consent_text.h"
#include "protocol/envelope.h"
#include "support/consent_office.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A small form with a required field, a football-only section and a repeatable group.
constexpr const char* kRequiredForm = R"({
  "form_id": "session-test", "version": 1, "title_key": "form.title",
  "sections": [
    {"id": "consent", "title_key": "section.consent.title", "fields": [
      {"id": "purposes", "type": "consent", "label_key": "consent.purposes.label",
       "text_key": "consent.text", "text_version": 1, "privacy_notice_version": 1,
       "options": [
         {"value": "keep_profile", "label_key": "consent.purpose.keep_profile", "required": true},
         {"value": "contact", "label_key": "consent.purpose.contact"}]}]},
    {"id": "about", "title_key": "section.about.title", "fields": [
      {"id": "name", "type": "text", "label_key": "about.name.label", "required": true},
      {"id": "year_of_birth", "type": "year", "label_key": "about.year_of_birth.label",
       "min": 1920, "max": "current"}]},
    {"id": "sports", "title_key": "section.sports.title", "event_kinds": ["football"], "fields": [
      {"id": "years_coaching", "type": "number", "label_key": "sports.years_coaching.label",
       "min": 0, "max": 60}]},
    {"id": "work", "title_key": "section.work.title", "fields": [
      {"id": "items", "type": "group", "label_key": "work.items.label", "max_items": 2,
       "fields": [
         {"id": "job_title", "type": "text", "label_key": "work.job_title.label"},
         {"id": "years", "type": "number", "label_key": "work.years.label", "min": 0,
          "max": 60, "required": true}]}]}
  ]})";

const MonotonicTime t0 = MonotonicTime{} + 1000h;  // some time after the machine started

struct Kiosk {
  test::TempDir tmp;
  HubKeys hub = HubKeys::generate(7);
  KioskStore store = *KioskStore::open(tmp / "kiosk");
  DeviceIdentity device = *ensure_device_identity(store);
  Catalogue de = *Catalogue::load_locale(test::asset("i18n"), "de");
  Catalogue en = *Catalogue::load_locale(test::asset("i18n"), "en");
  Form form;

  explicit Kiosk(std::string kind = "info", const char* form_json = nullptr) {
    form = form_json ? *parse_form(form_json, "session-test.json")
                     : *load_form(test::asset("forms/skills-profile/1.json"));
    REQUIRE(save_hub(store, hub_public_json(hub).dump(), "https://hub.example.org/", ""));
    REQUIRE(save_enrolled(store));  // the office's receipt was imported
    REQUIRE(save_office_settings(store, test::augsburg_office()));  // and its first sync
    REQUIRE(save_event(store, {"", "Infoabend", "Augsburg", "2026-11-28", kind},
                       {"de", "en", "ar", "fa"}));
  }
  KioskSetup setup() { return *KioskSetup::load(store); }
  const Catalogue& catalogue(const std::string& code) { return code == "en" ? en : de; }
};

std::vector<std::string> ids(const std::vector<const Section*>& sections) {
  std::vector<std::string> out;
  for (const Section* s : sections) out.push_back(s->id);
  return out;
}

// Through the consent's steps to its choices, Next on each as a person reads them.
void to_consent_choices(KioskSession& s) {
  while (s.consent_step() && *s.consent_step() + 1 < kConsentSteps) REQUIRE(s.next().moved);
  REQUIRE(s.consent_step() == kConsentSteps - 1);
}

// From the language screen to the first section, with the required consent given.
void start(KioskSession& s, std::string_view language = "de") {
  REQUIRE(s.choose_language(language));
  to_consent_choices(s);
  REQUIRE(s.person().value()->set_consent("keep_profile", true));
  REQUIRE(s.next().moved);
  REQUIRE(s.screen() == Screen::Section);
}

void next_until_review(KioskSession& s) {
  while (s.screen() == Screen::Section) REQUIRE(s.next().moved);
  REQUIRE(s.screen() == Screen::Review);
}

}  // namespace

TEST_CASE(
    "a person goes from the language screen through consent, each section and review to "
    "the QR code, and the next person starts afresh") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  CHECK(s.screen() == Screen::Welcome);
  CHECK(!s.progress());

  REQUIRE(s.choose_language("en"));
  CHECK(s.screen() == Screen::Consent);
  CHECK(s.language() == "en");
  CHECK(s.section()->id == "consent");
  // Each of the consent's steps, each section and the review: a place in the progress.
  const int consent = static_cast<int>(kConsentSteps);
  const int total = consent + static_cast<int>(s.sections().size()) + 1;
  CHECK(s.progress()->step == 1);
  CHECK(s.progress()->total == total);

  // Next on each step of the consent moves the bar on by one: "2 of 14", not "1 of 9" six times.
  for (int step = 2; step <= consent; ++step) {
    REQUIRE(s.next().moved);
    CHECK(s.progress()->step == step);
  }
  REQUIRE(s.consent_step() == kConsentSteps - 1);
  // Back walks it back.
  REQUIRE(s.back());
  CHECK(s.progress()->step == consent - 1);
  REQUIRE(s.next().moved);
  REQUIRE(s.person().value()->set_consent("keep_profile", true));
  REQUIRE(s.person().value()->set_consent("contact", true));
  REQUIRE(s.next().moved);
  CHECK(s.section()->id == "about");
  CHECK(s.progress()->step == consent + 1);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amanuel Tesfaye"));
  REQUIRE(s.person().value()->set_answer("about", "year_of_birth", 1991));
  next_until_review(s);
  CHECK(s.progress()->step == total);

  REQUIRE(s.confirm_finish().moved);
  CHECK(s.screen() == Screen::Finishing);
  CHECK(!s.back());  // nothing interrupts the sealing
  REQUIRE(s.finish(k.store, k.en, k.device));
  CHECK(s.screen() == Screen::Qr);
  REQUIRE(s.profile_url());
  CHECK(s.profile_url()->starts_with("https://hub.example.org/p/"));
  REQUIRE(s.qr());
  CHECK(s.qr()->size >= 21);
  CHECK(!s.draft());  // sealed: the plaintext (answers and all) left RAM at once
  CHECK(Outbox(k.store).counts()->sealed == 1);
  CHECK(!s.back());  // no way back into the finished profile

  REQUIRE(s.next().moved);  // "Done"
  CHECK(s.screen() == Screen::Welcome);
  CHECK(s.language() == "de");
  CHECK(!s.profile_url());
  CHECK(!s.qr());
}

TEST_CASE("the football section is shown only at football venues") {
  Kiosk info("info"), football("football");
  KioskSession at_info(info.form, info.setup());
  KioskSession at_football(football.form, football.setup());
  const auto info_sections = ids(at_info.sections());
  const auto football_sections = ids(at_football.sections());
  CHECK(std::find(info_sections.begin(), info_sections.end(), "sports") == info_sections.end());
  CHECK(std::find(football_sections.begin(), football_sections.end(), "sports") !=
        football_sections.end());
  CHECK(football_sections.size() == info_sections.size() + 1);
  CHECK(std::find(info_sections.begin(), info_sections.end(), "consent") == info_sections.end());

  // At an info event, the hidden section takes no answers, so no record can carry them.
  start(at_info);
  CHECK(at_info.person().value()->set_answer("sports", "years_coaching", 4).error().code ==
        "session.unknown_field");
  start(at_football);
  CHECK(at_football.person().value()->set_answer("sports", "years_coaching", 4));
}

TEST_CASE("a required field blocks Next and names the field") {
  Kiosk k("info", kRequiredForm);
  KioskSession s(k.form, k.setup());
  start(s);
  REQUIRE(s.section()->id == "about");
  REQUIRE(s.person().value()->set_answer("about", "year_of_birth", 1985));

  Step step = s.next();
  CHECK(!step.moved);
  CHECK(s.screen() == Screen::Section);
  CHECK(s.section()->id == "about");
  REQUIRE(step.problems.size() == 1);
  CHECK(step.problems[0].path == "about.name");
  CHECK(step.problems[0].code == "answers.required");
  CHECK(s.label_key(step.problems[0]) == "about.name.label");
  CHECK(s.problems().size() == 1);  // kept for the screen to mark the field

  REQUIRE(s.person().value()->set_answer("about", "name", "Leyla"));
  CHECK(s.next().moved);
  CHECK(s.problems().empty());
}

TEST_CASE("a wrong answer blocks Next too, and only the problems of the shown section count") {
  Kiosk k("info", kRequiredForm);
  KioskSession s(k.form, k.setup());
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Leyla"));
  REQUIRE(s.person().value()->set_answer("about", "year_of_birth", 1850));
  Step step = s.next();
  REQUIRE(step.problems.size() == 1);
  CHECK(step.problems[0].code == "answers.out_of_range");
  REQUIRE(s.person().value()->set_answer("about", "year_of_birth", 1985));
  // The work section's required entry field is not this screen's business yet.
  CHECK(s.next().moved);
  CHECK(s.section()->id == "work");
}

TEST_CASE("every optional field and section can be skipped") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  start(s);
  int screens = 0;
  while (s.screen() == Screen::Section) {
    CHECK(s.next().moved);
    ++screens;
  }
  CHECK(screens == static_cast<int>(s.sections().size()));
  CHECK(s.screen() == Screen::Review);
  // A profile of consent alone is not finished: it says that one answer is needed (issue #14).
  CHECK(!s.confirm_finish().moved);
  CHECK(s.screen() == Screen::Review);
  REQUIRE(s.problems().size() == 1);
  CHECK(s.problems()[0].code == "answers.empty_profile");
  // An entry added and left empty is no answer either.
  REQUIRE(s.person().value()->add_entry("education", "items"));
  CHECK(!s.confirm_finish().moved);
  // One answer is enough.
  REQUIRE(s.person().value()->set_answer("skills", "other", "Schweißen"));
  CHECK(s.confirm_finish().moved);
}

TEST_CASE("consent without its required purpose does not go on") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  REQUIRE(s.choose_language("de"));
  to_consent_choices(s);
  REQUIRE(s.person().value()->set_consent("contact", true));
  Step step = s.next();
  CHECK(!step.moved);
  CHECK(s.screen() == Screen::Consent);
  REQUIRE(step.problems.size() == 1);
  CHECK(step.problems[0].code == "answers.consent_required");
  CHECK(s.draft()->consent_granted("contact"));
  CHECK(!s.draft()->consent_granted("keep_profile"));
}

TEST_CASE("the consent is read in steps: Next and Back walk them, Back from the first forgets") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  REQUIRE(s.choose_language("de"));
  REQUIRE(s.consent_step() == 0u);
  // Next on a step that is only read needs no choice yet: on to the next step, no problems.
  for (std::size_t step = 1; step < kConsentSteps; ++step) {
    const Step moved = s.next();
    CHECK(moved.moved);
    CHECK(moved.problems.empty());
    CHECK(s.screen() == Screen::Consent);
    CHECK(s.consent_step() == step);
  }
  // The last step is the choices: without the required one, no further (the problem shows).
  CHECK(!s.next().moved);
  CHECK(s.problems().size() == 1);
  // Back walks back through the steps and forgets the problem; the choices made stay.
  REQUIRE(s.person().value()->set_consent("contact", true));
  REQUIRE(s.back());
  CHECK(s.consent_step() == kConsentSteps - 2);
  CHECK(s.problems().empty());
  CHECK(s.draft()->consent_granted("contact"));
  while (*s.consent_step() > 0) REQUIRE(s.back());
  CHECK(s.screen() == Screen::Consent);
  // Back from the first step is back to the language screen: nothing of the person is kept.
  REQUIRE(s.back());
  CHECK(s.screen() == Screen::Welcome);
  CHECK(!s.draft());
  CHECK(!s.consent_step());
  // Declining is possible from any step, not only the last.
  REQUIRE(s.choose_language("de"));
  REQUIRE(s.next().moved);
  s.decline_consent();
  CHECK(s.screen() == Screen::ConsentDeclined);
}

TEST_CASE("no person starts while the office's settings leave out what the consent names") {
  Kiosk k;
  KioskSetup incomplete = k.setup();
  incomplete.office->contact.clear();
  incomplete.office->supervisory_authority.clear();
  KioskSession s(k.form, incomplete);
  auto refused = s.choose_language("de");
  REQUIRE(!refused);
  CHECK(refused.error().code == "session.office_incomplete");
  CHECK(refused.error().message.find("lack its contact and the supervisory authority") !=
        std::string::npos);
  CHECK(s.screen() == Screen::Welcome);
  CHECK(!s.draft());
  // The volunteer syncs from the menu: it brings the completed settings and hands them on.
  AdminPin pin(k.store, PinHashCost{1, 8192});  // cheap hashing: the test is about the flow
  REQUIRE(s.open_admin(pin.is_set()));
  REQUIRE(s.set_first_pin(pin.set_first("2580", "2580")));
  REQUIRE(s.replace_setup(k.setup()));
  s.lock_admin();
  CHECK(s.screen() == Screen::Welcome);
  REQUIRE(s.choose_language("de"));
  CHECK(s.screen() == Screen::Consent);
}

TEST_CASE("no person starts on a kiosk that does not know its office yet") {
  Kiosk k;
  KioskSetup never_synced = k.setup();
  never_synced.office.reset();
  KioskSession s(k.form, never_synced);
  CHECK(!s.office());
  auto refused = s.choose_language("de");
  REQUIRE(!refused);
  CHECK(refused.error().code == "session.no_office");
  CHECK(s.screen() == Screen::Welcome);
  CHECK(!s.draft());
  KioskSession synced(k.form, k.setup());
  REQUIRE(synced.office());
  CHECK(synced.office()->name == test::augsburg_office().name);
  CHECK(synced.choose_language("de"));
}

TEST_CASE("declining consent ends politely, keeps nothing, and returns to the language screen") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  REQUIRE(s.choose_language("ar"));
  REQUIRE(s.person().value()->set_consent("contact", true));
  s.decline_consent();
  CHECK(s.screen() == Screen::ConsentDeclined);
  CHECK(s.language() == "ar");  // the goodbye is said in their language
  CHECK(!s.draft());            // no answers, no consent: nothing of them is held
  CHECK(s.person().error().code == "session.no_person");

  SECTION("by tapping") { CHECK(s.next().moved); }
  SECTION("by itself after 10 s") {
    s.idle().touch(t0);
    CHECK(s.tick(t0 + 9s) == Idle::Active);
    CHECK(s.tick(t0 + 10s) == Idle::TimedOut);
  }
  CHECK(s.screen() == Screen::Welcome);
  CHECK(s.language() == "de");
  CHECK(Outbox(k.store).counts()->total() == 0);
}

TEST_CASE(
    "back goes one screen back, from the first section to consent, and never from the QR "
    "code or while finishing") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  CHECK(!s.back());  // nothing before the language screen
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amanuel"));
  REQUIRE(s.next().moved);
  const std::string second = s.section()->id;
  REQUIRE(s.back());
  CHECK(s.section()->id == "about");
  CHECK(*s.draft()->answer("about", "name") == "Amanuel");  // going back loses nothing
  REQUIRE(s.back());
  CHECK(s.screen() == Screen::Consent);
  CHECK(s.draft()->consent_granted("keep_profile"));
  REQUIRE(s.next().moved);
  next_until_review(s);
  REQUIRE(s.back());
  CHECK(s.section() == s.sections().back());
  REQUIRE(s.next().moved);
  REQUIRE(s.confirm_finish().moved);
  CHECK(!s.back());
  REQUIRE(s.finish(k.store, k.de, k.device));
  CHECK(!s.back());
  CHECK(s.screen() == Screen::Qr);
}

TEST_CASE("back from consent returns to the language screen and forgets the person") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  REQUIRE(s.choose_language("fa"));
  REQUIRE(s.person().value()->set_consent("keep_profile", true));
  REQUIRE(s.back());
  CHECK(s.screen() == Screen::Welcome);
  CHECK(s.language() == "de");
  CHECK(!s.draft());  // no answers
  CHECK(!s.back());
  REQUIRE(s.choose_language("fa"));
  CHECK(!s.draft()->consent_granted("keep_profile"));
}

TEST_CASE("review jumps to any section and returns to review") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  start(s);
  next_until_review(s);

  REQUIRE(s.edit("work"));
  CHECK(s.section()->id == "work");
  CHECK(s.editing_from_review());
  REQUIRE(s.person().value()->add_entry("work", "items"));
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "job_title", "Elektriker"));
  REQUIRE(s.next().moved);
  CHECK(s.screen() == Screen::Review);  // not on to the next section
  CHECK(!s.editing_from_review());

  REQUIRE(s.edit("about"));
  REQUIRE(s.back());
  CHECK(s.screen() == Screen::Review);

  REQUIRE(s.edit("consent"));
  CHECK(s.screen() == Screen::Consent);
  REQUIRE(s.person().value()->set_consent("employers", true));
  REQUIRE(s.next().moved);
  CHECK(s.screen() == Screen::Review);

  CHECK(!s.edit("sports"));  // not shown at an info event
  CHECK(!s.edit("nonsense"));
  CHECK(s.screen() == Screen::Review);
}

TEST_CASE("review's finish button checks every section and names what is missing") {
  Kiosk k("info", kRequiredForm);
  KioskSession s(k.form, k.setup());
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Leyla"));
  REQUIRE(s.next().moved);
  REQUIRE(s.person().value()->add_entry("work", "items"));
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "job_title", "Schneiderin"));
  Step blocked = s.next();  // the entry lacks its required years
  REQUIRE(blocked.problems.size() == 1);
  CHECK(blocked.problems[0].path == "work.items[0].years");
  CHECK(s.label_key(blocked.problems[0]) == "work.years.label");
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "years", 12));
  REQUIRE(s.next().moved);
  REQUIRE(s.screen() == Screen::Review);
  REQUIRE(s.edit("about"));
  REQUIRE(s.person().value()->set_answer("about", "name", nullptr));
  REQUIRE(s.back());  // back to review without passing Next's check
  Step step = s.confirm_finish();
  CHECK(!step.moved);
  CHECK(s.screen() == Screen::Review);
  REQUIRE(step.problems.size() == 1);
  CHECK(step.problems[0].path == "about.name");
}

TEST_CASE("repeatable groups: entries are added, filled and removed, up to their limit") {
  Kiosk k("info", kRequiredForm);
  KioskSession s(k.form, k.setup());
  start(s);
  CHECK(s.draft()->entry_count("work", "items") == 0);
  CHECK(*s.person().value()->add_entry("work", "items") == 0);
  CHECK(*s.person().value()->add_entry("work", "items") == 1);
  auto third = s.person().value()->add_entry("work", "items");  // max_items is 2
  REQUIRE(!third);
  CHECK(third.error().code == "session.too_many_entries");
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "job_title", "Bäcker"));
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 1, "job_title", "Koch"));
  REQUIRE(s.person().value()->remove_entry("work", "items", 0));
  CHECK(s.draft()->entry_count("work", "items") == 1);
  CHECK((*s.draft()->answer("work", "items"))[0]["job_title"] == "Koch");
  CHECK(s.person().value()->remove_entry("work", "items", 5).error().code ==
        "session.no_such_entry");
  CHECK(s.person().value()->set_entry_answer("work", "items", 0, "salary", 1).error().code ==
        "session.unknown_field");
  CHECK(s.person().value()->set_answer("work", "items", "x").error().code == "session.not_a_group");
  CHECK(s.person().value()->add_entry("about", "name").error().code == "session.not_a_group");
}

TEST_CASE("the calendar a year was typed in stays with its entry when an entry before it goes") {
  Kiosk k("info", kRequiredForm);
  KioskSession s(k.form, k.setup());
  start(s);
  PersonDraft& person = *s.person().value();
  REQUIRE(person.add_entry("work", "items"));
  REQUIRE(person.add_entry("work", "items"));
  person.set_year_calendar("about.year_of_birth", YearCalendar::solar_hijri);
  person.set_year_calendar("work.items[0].since", YearCalendar::ethiopian);
  person.set_year_calendar("work.items[1].since", YearCalendar::solar_hijri);
  REQUIRE(person.remove_entry("work", "items", 0));
  // The second entry is now the first, its year still read in its calendar; the removed
  // entry's calendar is gone, and the year outside the group is untouched.
  CHECK(person.year_calendar("work.items[0].since") == YearCalendar::solar_hijri);
  CHECK_FALSE(person.year_calendar("work.items[1].since"));
  CHECK(person.year_calendar("about.year_of_birth") == YearCalendar::solar_hijri);
  // A person who leaves takes the calendars along: the next one starts with none.
  s.reset();
  start(s);
  CHECK_FALSE(s.draft()->year_calendar("about.year_of_birth"));
}

TEST_CASE("90 s without input bring a warning, and any input cancels it") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  s.idle().touch(t0);
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amanuel"));
  CHECK(s.tick(t0 + 89s) == Idle::Active);
  CHECK(!s.idle().warning_seconds_left(t0 + 89s));
  CHECK(s.tick(t0 + 90s) == Idle::Warning);
  CHECK(s.idle().warning_seconds_left(t0 + 90s) == 20);
  CHECK(s.idle().warning_seconds_left(t0 + 100500ms) == 10);
  s.idle().touch(t0 + 105s);  // "I am still here"
  CHECK(s.tick(t0 + 105s) == Idle::Active);
  CHECK(!s.idle().warning_seconds_left(t0 + 105s));
  CHECK(s.tick(t0 + 194s) == Idle::Active);
  CHECK(*s.draft()->answer("about", "name") == "Amanuel");
}

TEST_CASE(
    "after the warning countdown the answers are gone and nothing of the person is "
    "reachable") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  s.idle().touch(t0);
  start(s, "ar");
  CHECK(s.right_to_left());
  REQUIRE(s.person().value()->set_answer("about", "name", "أمل"));
  REQUIRE(s.person().value()->add_entry("work", "items"));
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "job_title", "ممرضة"));
  CHECK(s.tick(t0 + 90s) == Idle::Warning);
  CHECK(s.idle().warning_seconds_left(t0 + 109s) == 1);
  CHECK(s.tick(t0 + 110s) == Idle::TimedOut);

  CHECK(s.screen() == Screen::Welcome);
  CHECK(s.language() == "de");
  CHECK(!s.right_to_left());
  // No answers, no entries, no consent language: no draft at all.
  CHECK(!s.draft());
  CHECK(s.problems().empty());
  CHECK(!s.back());  // no way back into their answers
  CHECK(s.screen() == Screen::Welcome);
  // The next person starts with an empty form.
  REQUIRE(s.choose_language("ar"));
  CHECK(s.draft()->answers().empty());
  CHECK(!s.draft()->consent_granted("keep_profile"));
}

TEST_CASE(
    "the QR screen stays 3 minutes untouched, counts down 30 s (a touch keeps it), then resets") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  s.idle().touch(t0);
  start(s);
  next_until_review(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amir"));  // not empty
  REQUIRE(s.confirm_finish().moved);
  REQUIRE(s.finish(k.store, k.de, k.device));
  s.idle().touch(t0 + 5s);
  // 30 s, the old timeout, is nothing now: the person may still be copying the link.
  CHECK(s.tick(t0 + 35s) == Idle::Active);
  CHECK(s.idle().next_deadline(t0 + 35s) == t0 + 185s);
  CHECK(s.tick(t0 + 184s) == Idle::Active);
  CHECK(!s.idle().warning_seconds_left(t0 + 184s));
  // 3 minutes: the countdown of 30 s.
  CHECK(s.tick(t0 + 185s) == Idle::Warning);
  CHECK(s.idle().warning_seconds_left(t0 + 185s) == 30);
  CHECK(s.idle().warning_seconds_left(t0 + 200s) == 15);
  CHECK(s.screen() == Screen::Qr);
  // A touch starts the 3 minutes again.
  s.idle().touch(t0 + 210s);
  CHECK(s.tick(t0 + 389s) == Idle::Active);
  CHECK(s.tick(t0 + 419s) == Idle::Warning);
  CHECK(s.tick(t0 + 420s) == Idle::TimedOut);
  CHECK(s.screen() == Screen::Welcome);
  CHECK(!s.profile_url());
  CHECK(!s.qr());
}

TEST_CASE("Finish with a problem several screens back goes to it, with the problem kept") {
  Kiosk k("info", kRequiredForm);
  KioskSession s(k.form, k.setup());
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Leyla"));
  while (s.screen() == Screen::Section) REQUIRE(s.next().moved);
  REQUIRE(s.screen() == Screen::Review);
  // A work entry without its required years, as if it slipped past Next.
  REQUIRE(s.person().value()->add_entry("work", "items"));
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "job_title", "Schneiderin"));
  Step step = s.confirm_finish();
  REQUIRE_FALSE(step.moved);
  REQUIRE(s.go_to_problem());
  CHECK(s.screen() == Screen::Section);
  CHECK(s.section()->id == "work");
  CHECK(s.editing_from_review());
  REQUIRE(s.problems().size() == 1);
  CHECK(s.problems()[0].path == "work.items[0].years");
  // Fixed, Next returns to the review, and Finish goes on.
  REQUIRE(s.person().value()->set_entry_answer("work", "items", 0, "years", 12));
  REQUIRE(s.next().moved);
  CHECK(s.screen() == Screen::Review);
  CHECK(s.confirm_finish().moved);
  // Nowhere to go without a problem, or away from the review.
  CHECK_FALSE(s.go_to_problem());
}

TEST_CASE(
    "a sealing that answers after the kiosk reset (a store that hung past the idle timeout) "
    "reaches neither that person's screen nor the next person's") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  s.idle().touch(t0);
  start(s);
  next_until_review(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amir"));  // not empty
  REQUIRE(s.confirm_finish().moved);
  auto late = s.finish_order();  // the desk took the order, and the store hangs
  REQUIRE(late);
  CHECK(s.screen() == Screen::Finishing);
  REQUIRE(s.tick(t0 + 110s) == Idle::TimedOut);
  CHECK(s.screen() == Screen::Welcome);
  // The next person reaches Finishing too.
  start(s);
  next_until_review(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Lena"));  // not empty
  REQUIRE(s.confirm_finish().moved);
  auto order = s.finish_order();
  REQUIRE(order);
  CHECK(order->draft.record_id != late->draft.record_id);
  // The first person's answer arrives now: it is dropped, the second person still waits.
  auto first = late->seal(k.store, k.de, k.device, std::chrono::system_clock::now());
  REQUIRE(first);
  CHECK(!s.finished(late->draft.record_id, std::move(first)));
  CHECK(s.screen() == Screen::Finishing);
  CHECK(!s.profile_url());
  // Their own answer shows their own link.
  auto second = order->seal(k.store, k.de, k.device, std::chrono::system_clock::now());
  REQUIRE(second);
  const std::string link = second->profile_url;
  CHECK(s.finished(order->draft.record_id, std::move(second)));
  CHECK(s.screen() == Screen::Qr);
  REQUIRE(s.profile_url());
  CHECK(*s.profile_url() == link);
}

TEST_CASE("the event loop may sleep: next_deadline names each moment something changes") {
  Kiosk k;
  SessionConfig config;
  config.timeouts.form_idle = 60s;
  config.timeouts.warning = 5s;
  KioskSession s(k.form, k.setup(), config);
  CHECK(!s.idle().next_deadline(t0));  // the language screen waits for input forever
  s.idle().touch(t0);
  start(s);
  CHECK(s.idle().next_deadline(t0 + 1s) == t0 + 60s);
  // During the countdown: whenever the number shown changes, then the reset.
  CHECK(s.idle().next_deadline(t0 + 60s) == t0 + 61s);
  CHECK(s.idle().next_deadline(t0 + 60500ms) == t0 + 61s);
  CHECK(s.idle().next_deadline(t0 + 63s) == t0 + 64s);
  CHECK(s.idle().next_deadline(t0 + 64200ms) == t0 + 65s);
  CHECK(s.tick(t0 + 65s) == Idle::TimedOut);
  CHECK(!s.idle().next_deadline(t0 + 65s));
}

TEST_CASE(
    "when sealing fails the person is told, nothing is finished, and the answers stay for "
    "another try") {
  Kiosk k;
  Form broken = k.form;
  broken.id = std::string(80, 'x');  // a schema name the envelope cannot carry
  KioskSession s(broken, k.setup());
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amanuel"));
  next_until_review(s);
  REQUIRE(s.confirm_finish().moved);
  auto done = s.finish(k.store, k.de, k.device);
  REQUIRE(!done);
  CHECK(s.screen() == Screen::FinishFailed);
  REQUIRE(s.finish_error());
  CHECK(s.finish_error()->code.starts_with("seal."));
  CHECK(!s.profile_url());
  CHECK(Outbox(k.store).counts()->total() == 0);
  CHECK(*s.draft()->answer("about", "name") == "Amanuel");

  REQUIRE(s.confirm_finish().moved);  // "try again"
  CHECK(s.screen() == Screen::Finishing);
  REQUIRE(!s.finish(k.store, k.de, k.device));
  REQUIRE(s.back());
  CHECK(s.screen() == Screen::Review);
  CHECK(!s.finish_error());
}

TEST_CASE("consent given in one language stays proven in that language after switching") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  start(s, "en");
  CHECK(s.draft()->consent_language() == "en");
  REQUIRE(s.change_language("de"));
  CHECK(s.language() == "de");
  next_until_review(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amir"));  // not empty
  REQUIRE(s.confirm_finish().moved);
  auto wrong = s.finish(k.store, k.de, k.device);  // the consent was not shown in German
  REQUIRE(!wrong);
  CHECK(wrong.error().code == "session.wrong_catalogue");
  REQUIRE(s.confirm_finish().moved);
  REQUIRE(s.finish(k.store, k.en, k.device));

  auto entry = Outbox(k.store).waiting(1);
  REQUIRE(entry->size() == 1);
  auto plaintext = open_envelope(entry->front().envelope, k.hub);
  REQUIRE(plaintext);
  auto record = json::parse(std::string(plaintext->begin(), plaintext->end()));
  CHECK(record["locale"] == "de");
  CHECK(record["consent"]["language"] == "en");
  // The English steps as they were shown, with the office's settings.
  CHECK(record["consent"]["text_sha256"] ==
        to_hex(sha256(as_bytes(consent_shown_text(*consent_steps(
            k.form.consent_field(), k.en, consent_office(test::augsburg_office())))))));
}

TEST_CASE("every record the session finishes names the occupation data the kiosk runs with") {
  Kiosk k;
  SessionConfig config;
  config.occupation_reference = "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1";
  KioskSession s(k.form, k.setup(), config);
  start(s);
  REQUIRE(s.person().value()->set_answer("about", "name", "Amir"));
  next_until_review(s);
  REQUIRE(s.confirm_finish().moved);
  auto order = s.finish_order();  // what the desk seals on its thread
  REQUIRE(order);
  auto done = order->seal(k.store, k.de, k.device, std::chrono::system_clock::now());
  REQUIRE(done);
  auto entry = Outbox(k.store).waiting(1);
  REQUIRE(entry->size() == 1);
  auto plaintext = open_envelope(entry->front().envelope, k.hub);
  REQUIRE(plaintext);
  auto record = json::parse(std::string(plaintext->begin(), plaintext->end()));
  CHECK(record["references"]["occupations"] == "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1");
}

TEST_CASE(
    "only the event's languages are offered, and Arabic, Farsi and Pashto read right to "
    "left") {
  Kiosk k;
  KioskSession s(k.form, k.setup());
  CHECK(s.languages() == std::vector<std::string>{"de", "en", "ar", "fa"});
  CHECK(s.choose_language("ru").error().code == "session.language_not_offered");
  CHECK(s.screen() == Screen::Welcome);
  CHECK(s.change_language("en").error().code == "session.wrong_screen");
  REQUIRE(s.choose_language("fa"));
  CHECK(s.right_to_left());
  REQUIRE(s.change_language("en"));
  CHECK(!s.right_to_left());
  CHECK(is_right_to_left("ps"));
  CHECK(!is_right_to_left("ti"));
}

TEST_CASE("the admin screens open only from the language screen and only with the PIN") {
  Kiosk k;
  AdminPin pin(k.store, PinHashCost{1, 8192});  // cheap hashing: the test is about the screens
  KioskSession s(k.form, k.setup());
  const auto now = std::chrono::system_clock::now();

  SECTION("a kiosk without a PIN asks for one first") {
    REQUIRE(s.open_admin(pin.is_set()));
    CHECK(s.screen() == Screen::AdminSetPin);
    CHECK(s.set_first_pin(pin.set_first("2580", "2850")).error().code == "admin.pin_mismatch");
    CHECK(s.screen() == Screen::AdminSetPin);
    REQUIRE(s.set_first_pin(pin.set_first("2580", "2580")));
    CHECK(s.screen() == Screen::AdminHome);
  }
  SECTION("a set PIN is asked for; a wrong one keeps the screens closed") {
    REQUIRE(pin.set_first("2580", "2580"));
    start(s);
    CHECK(!s.open_admin(pin.is_set()));  // a person is filling the form
    s.reset();
    REQUIRE(s.open_admin(pin.is_set()));
    CHECK(s.screen() == Screen::AdminUnlock);
    auto wrong = s.unlock_admin(pin.try_unlock("1111", now));
    REQUIRE(wrong);
    CHECK(wrong->kind == UnlockOutcome::Kind::Wrong);
    CHECK(s.screen() == Screen::AdminUnlock);
    CHECK(!s.open_admin_screen(Screen::AdminEvent));
    auto right = s.unlock_admin(pin.try_unlock("2580", now));
    REQUIRE(right);
    CHECK(right->kind == UnlockOutcome::Kind::Unlocked);
    CHECK(s.screen() == Screen::AdminHome);
  }
  CHECK(s.open_admin_screen(Screen::AdminEvent));
  CHECK(s.back());
  CHECK(s.screen() == Screen::AdminHome);
  CHECK(!s.open_admin_screen(Screen::Review));
  s.idle().touch(t0);
  CHECK(s.tick(t0 + 90s) == Idle::Warning);
  CHECK(s.tick(t0 + 110s) == Idle::TimedOut);  // an unattended admin screen locks itself
  CHECK(s.screen() == Screen::Welcome);
}

TEST_CASE("the enrollment screen opens from the menu, leads to the event, and locks like the rest") {
  Kiosk k("info");
  AdminPin pin(k.store, PinHashCost{1, 8192});
  REQUIRE(pin.set_first("2580", "2580"));
  KioskSession s(k.form, k.setup());
  CHECK(!s.open_admin_screen(Screen::AdminEnroll));  // not from the welcome screen
  REQUIRE(s.open_admin(pin.is_set()));
  REQUIRE(s.unlock_admin(pin.try_unlock("2580", std::chrono::system_clock::now())));
  REQUIRE(s.open_admin_screen(Screen::AdminEnroll));
  CHECK(screen_name(s.screen()) == "admin_enroll");
  CHECK(!s.open_admin_screen(Screen::AdminChangePin));  // only the event follows enrolling
  REQUIRE(s.replace_setup(k.setup()));  // enrolled again: the next person gets the new hub
  CHECK(s.back());
  CHECK(s.screen() == Screen::AdminHome);
  REQUIRE(s.open_admin_screen(Screen::AdminEnroll));
  REQUIRE(s.open_admin_screen(Screen::AdminEvent));  // a new kiosk's first event
  CHECK(s.back());
  CHECK(s.screen() == Screen::AdminHome);
  REQUIRE(s.open_admin_screen(Screen::AdminEnroll));
  s.idle().touch(t0);
  CHECK(s.tick(t0 + 90s) == Idle::Warning);
  CHECK(s.tick(t0 + 110s) == Idle::TimedOut);  // unattended, it locks itself
  CHECK(s.screen() == Screen::Welcome);
  REQUIRE(s.open_admin(pin.is_set()));
  REQUIRE(s.unlock_admin(pin.try_unlock("2580", std::chrono::system_clock::now())));
  REQUIRE(s.open_admin_screen(Screen::AdminEnroll));
  s.lock_admin();
  CHECK(s.screen() == Screen::Welcome);
}

TEST_CASE("a new event's kind and languages apply to the next person") {
  Kiosk k("info");
  AdminPin pin(k.store, PinHashCost{1, 8192});
  REQUIRE(pin.set_first("2580", "2580"));
  KioskSession s(k.form, k.setup());
  CHECK(!s.replace_setup(k.setup()));  // not while a person could be here
  REQUIRE(s.open_admin(pin.is_set()));
  REQUIRE(s.unlock_admin(pin.try_unlock("2580", std::chrono::system_clock::now())));
  REQUIRE(s.open_admin_screen(Screen::AdminEvent));
  REQUIRE(
      save_event(k.store, {"", "Spieltag", "Sportpark", "2026-11-29", "football"}, {"de", "ti"}));
  REQUIRE(s.replace_setup(k.setup()));
  s.lock_admin();
  CHECK(s.screen() == Screen::Welcome);
  CHECK(s.languages() == std::vector<std::string>{"de", "ti"});
  const auto shown = ids(s.sections());
  CHECK(std::find(shown.begin(), shown.end(), "sports") != shown.end());
}
