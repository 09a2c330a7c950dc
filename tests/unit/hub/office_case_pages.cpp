// The case pages without a server: hostile text in every field of a case, its history and the
// records it shows becomes no markup on the case page, the work list or the print summary; the
// contact box shows the contact details only with the person's consent (and the profile on the
// page never shows them); an overdue next action says so in words; the print page has no
// navigation, form or button.
#include "hub/web/office_case_pages.h"

#include <catch2/catch.hpp>
#include <set>

#include "domain/form_library.h"
#include "support/hostile_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using namespace sichtbar::hub::web;
using nlohmann::json;

namespace {

const FormLibrary& skills_forms() {
  static const FormLibrary forms = *FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  return forms;
}
const PageTexts& texts() {
  static const PageTexts t = *PageTexts::load(test::asset("i18n"));
  return t;
}
const OccupationList& occupations() {
  static const OccupationList list = *OccupationList::load(test::asset(""));
  return list;
}
const OfficeTexts& office_texts() {
  static const OfficeTexts t = *OfficeTexts::load(test::asset("i18n"));
  return t;
}
OfficeContext context() { return {skills_forms(), texts(), occupations()}; }
const OfficeLayout kLayout{office_texts(), "anna", "csrf-token-of-the-session", "cases"};

RecordSummary summary(const json& record, std::uint8_t id) {
  RecordSummary s;
  s.record_id.fill(id);
  s.device_id.fill(0xd0);
  s.received_at_ms = 1'795'900'000'000;
  s.record_json = record.dump(-1, ' ', false, json::error_handler_t::replace);
  return s;
}

const std::set<std::string> kTags = {
    "html",  "head",  "meta",  "title",   "link",     "body",    "header", "nav",     "ul",
    "li",    "a",     "form",  "input",   "span",     "bdi",     "button", "main",    "h1",
    "h2",    "h3",    "p",     "select",  "option",   "label",   "div",    "table",   "caption",
    "thead", "tbody", "tr",    "th",      "td",       "section", "dl",     "dt",      "dd",
    "ol",    "code",  "small", "article", "textarea", "strong",  "time",   "details", "summary"};

void check_page(const std::string& html) {
  test::check_no_markup_got_through(html, kTags, {"/office/", "/assets/", "#main"});
}

Case hostile_case(std::size_t pick) {
  const auto h = [&](std::size_t i) { return test::kHostile[(pick + i) % test::kHostile.size()]; };
  Case c;
  c.person_id = 7;
  c.stage = CaseStage::closed;
  c.assigned_to = h(0);
  c.next_action = h(1);
  c.next_action_date = "2020-01-01";
  c.competent_body = h(2);
  c.decision = h(3);
  c.outcome = h(4);
  c.opened_by = h(5);
  c.revision = 3;
  return c;
}

}  // namespace

TEST_CASE("case pages: hostile text in every case field, entry and record is escaped") {
  for (std::size_t pick = 0; pick < test::kHostile.size(); ++pick) {
    INFO("pick " << pick);
    const auto h = [&](std::size_t i) {
      return test::kHostile[(pick + i) % test::kHostile.size()];
    };
    Person person;
    person.id = 7;
    person.open_case = hostile_case(pick);
    const std::vector<RecordSummary> profiles = {summary(test::hostile_record(pick), 1),
                                                 summary(test::hostile_record(pick + 1), 2)};
    const std::vector<CaseEntry> entries = {{1, 7, 1'795'900'000'000, h(6), "note", h(7)},
                                            {2, 7, 1'795'900'000'000, h(8), h(0), h(1)}};
    const std::vector<std::string> counsellors = {h(2), "anna"};
    const CaseView view{person, profiles, entries, counsellors, "2026-12-05", h(3)};
    check_page(render_case_page(context(), kLayout, view));
    check_page(render_case_print(context(), office_texts(), view));
    CasePage page;
    page.total = 1;
    page.rows.push_back({*person.open_case, profiles[0], 2});
    const std::vector<Event> events = {{h(4), h(5), h(6)}};
    CaseListQuery q;
    q.event_id = h(7);
    q.wish = h(8);
    q.stage = h(0);
    check_page(render_case_list(
        context(), kLayout, {q, page, 50, {{"all", 1}}, {{"", 1}}, events, "2026-12-05", h(1)}));
  }
}

TEST_CASE("case pages: contact details only with consent, never in the profile shown beside") {
  json record = test::fixture_record("de");
  record["answers"]["about"]["phone"] = "+49 821 5550101";
  record["answers"]["about"]["email"] = "amira@example.org";
  record["answers"]["about"]["place_of_residence"] = "Augsburg-Lechhausen";
  Person person;
  person.id = 7;
  person.open_case = Case{};
  const std::vector<CaseEntry> entries;
  const std::vector<std::string> counsellors = {"anna"};
  for (const bool agreed : {true, false}) {
    INFO("agreed " << agreed);
    record["consent"]["purposes"]["contact"] = agreed;
    const std::vector<RecordSummary> profiles = {summary(record, 1)};
    const CaseView view{person, profiles, entries, counsellors, "2026-12-05"};
    for (const std::string& page : {render_case_page(context(), kLayout, view),
                                    render_case_print(context(), office_texts(), view)}) {
      for (const char* detail : {"+49 821 5550101", "amira@example.org", "Augsburg-Lechhausen"}) {
        INFO(detail);
        // Once, in the contact box, when agreed; nowhere otherwise.
        const std::size_t at = page.find(detail);
        CHECK((at != std::string::npos) == agreed);
        if (at != std::string::npos) CHECK(page.find(detail, at + 1) == std::string::npos);
      }
      CHECK((page.find("Kein Kontakt erlaubt") != std::string::npos) == !agreed);
    }
  }
}

TEST_CASE(
    "case pages: an overdue next action says so in words, and the print page has no controls") {
  Person person;
  person.id = 7;
  Case c;
  c.next_action = "Zurückrufen";
  c.next_action_date = "2026-12-04";
  person.open_case = c;
  const std::vector<RecordSummary> profiles = {summary(test::fixture_record("de"), 1)};
  const std::vector<CaseEntry> entries;
  const std::vector<std::string> counsellors = {"anna"};
  const CaseView overdue{person, profiles, entries, counsellors, "2026-12-05"};
  const CaseView due_today{person, profiles, entries, counsellors, "2026-12-04"};
  CHECK(render_case_page(context(), kLayout, overdue).find("Überfällig seit") != std::string::npos);
  CHECK(render_case_page(context(), kLayout, due_today).find("Überfällig seit") ==
        std::string::npos);
  // A closed case is overdue no more.
  person.open_case->stage = CaseStage::closed;
  CHECK(render_case_page(context(), kLayout, overdue).find("Überfällig seit") == std::string::npos);
  person.open_case->stage = CaseStage::fresh;
  const std::string print = render_case_print(context(), office_texts(), overdue);
  for (const char* control : {"<nav", "<form", "<button", "<input", "<select", "office-head"}) {
    INFO(control);
    CHECK(print.find(control) == std::string::npos);
  }
  CHECK(print.find("Überfällig seit") != std::string::npos);
}
