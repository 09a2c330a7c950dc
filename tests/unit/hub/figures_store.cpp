// The figures for the programme's reporting, against both backends (SQLite and PostgreSQL): what
// FiguresStore counts for a planted month (several offices, linked profiles once as people,
// stages, decisions, outcomes), and what the page, its charts and the CSV show of it: "< 5" for
// every count of 1 to 4, a total withheld when a part of it is hidden (so no small cell can be
// worked back out), and offices' and events' names as text, never markup or a formula.
#include <catch2/catch.hpp>
#include <regex>

#include "hub/hub_store.h"
#include "hub/retention.h"
#include "hub/web/office_figures.h"
#include "support/csv.h"
#include "support/hub_backends.h"
#include "support/planted_figures.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using namespace sichtbar::hub::web;
using test::HubBackend;
using test::HubDatabase;
using test::kPlantedAt;

namespace {

const OfficeTexts& office_texts() {
  static const OfficeTexts t = *OfficeTexts::load(test::asset("i18n"));
  return t;
}

using test::planted::must;

const std::vector<std::string> kMonths = {"2026-03", "2026-04"};

const MonthFigures* month_of(const std::vector<MonthFigures>& rows, std::int64_t office,
                             std::string_view month) {
  for (const MonthFigures& r : rows)
    if (r.office_id == office && r.month == month) return &r;
  return nullptr;
}

std::vector<MonthFigures> figures_of(HubStore& store, std::optional<std::int64_t> office,
                                     std::string_view from, std::string_view to) {
  auto rows = store.figures(office, from, to);
  INFO((rows ? std::string() : rows.error().message));
  REQUIRE(rows);
  return std::move(*rows);
}

FiguresTable table_of(HubStore& store, std::optional<std::int64_t> office) {
  const auto rows = figures_of(store, office, kMonths.front(), kMonths.back());
  auto events = store.list_events(office);
  REQUIRE(events);
  return figures_table(rows, *events, kMonths, office);
}

std::string shown(const FiguresTable& table, std::string_view key, std::size_t month) {
  const FiguresTable::Row* row = table.row(key);
  INFO("row " << key);
  REQUIRE(row);
  return figure_text(office_texts(), row->cells.at(month));
}

// Every count a person could be picked out by.
bool is_small_number(const std::string& text) {
  return text == "1" || text == "2" || text == "3" || text == "4";
}

const std::set<std::string> kFigureTags = {
    "html", "head",    "meta",   "title",  "link",   "body",       "header", "nav",  "ul",
    "li",   "a",       "form",   "input",  "span",   "bdi",        "button", "main", "h1",
    "h2",   "p",       "label",  "div",    "table",  "thead",      "tbody",  "tr",   "th",
    "td",   "caption", "select", "option", "figure", "figcaption", "svg",    "rect"};

}  // namespace

TEST_CASE("figures count a planted month per office: linked profiles are one person") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  auto store = open_store(db);
  const test::PlantedFigures planted = test::plant_figures(*store);

  const auto rows = figures_of(*store, kFirstOffice, "2026-03", "2026-04");
  CHECK(rows.size() == 2);  // the other office's March is not the first office's
  const MonthFigures* march = month_of(rows, kFirstOffice, "2026-03");
  REQUIRE(march);
  FigureCounts expected;
  expected.profiles = 8;
  expected.people = 8;
  // A person's wishes are those of their newest profile: the first person's is April's (a job).
  expected.wishes = {{"job", 3}, {"recognition_advice", 5}};
  expected.cases = 8;                           // every wish opens a case at ingest
  expected.stages = {3, 1, 1, 0, 0, 2, 0, 1};  // new ... decision x2 ... closed
  expected.decisions = {2, 1, 0};               // full, partial, none
  expected.outcomes = {1, 0, 0, 0, 0, 0};       // working in the field
  CHECK(march->counts == expected);

  // April: three profiles, but one is a March person's: two people, with their new cases.
  const MonthFigures* april = month_of(rows, kFirstOffice, "2026-04");
  REQUIRE(april);
  FigureCounts april_expected;
  april_expected.profiles = 3;
  april_expected.people = 2;
  april_expected.wishes = {{"job", 2}};
  april_expected.cases = 2;
  april_expected.stages[0] = 2;
  CHECK(april->counts == april_expected);

  // All offices: each office on its own rows.
  const auto all = figures_of(*store, std::nullopt, "2026-03", "2026-04");
  CHECK(all.size() == 3);
  const MonthFigures* munich = month_of(all, planted.second_office, "2026-03");
  REQUIRE(munich);
  CHECK(munich->counts.profiles == 5);
  CHECK(munich->counts.people == 5);
  CHECK(munich->counts.cases == 5);
  CHECK(munich->counts.stages[0] == 5);
  CHECK(month_of(all, kFirstOffice, "2026-03")->counts == expected);

  // The range holds: April alone has no March.
  const auto april_only = figures_of(*store, kFirstOffice, "2026-04", "2026-04");
  REQUIRE(april_only.size() == 1);
  CHECK(april_only[0].month == "2026-04");
  CHECK(figures_of(*store, planted.second_office, "2026-04", "2026-12").empty());

  auto bad = store->figures(kFirstOffice, "2026-13", "2026-04");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "hub_store.bad_month");
}

TEST_CASE(
    "a person counts in the month of their first profile after unlink, link, erasure and "
    "retention") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  auto store = open_store(db);
  const test::PlantedFigures planted = test::plant_figures(*store);
  const auto people = [&](std::int64_t office, std::string_view month) -> std::uint64_t {
    const auto rows = figures_of(*store, office, "2026-01", "2026-12");
    const MonthFigures* m = month_of(rows, office, month);
    return m ? m->counts.people : 0;
  };
  REQUIRE(people(kFirstOffice, "2026-03") == 8);
  REQUIRE(people(kFirstOffice, "2026-04") == 2);
  // The first March person's profiles: March's, then the April one linked to it.
  const Person first = *must(store->find_person(planted.march_people[0]));
  REQUIRE(first.records.size() == 2);
  const RecordId march_profile = first.records[0], april_profile = first.records[1];

  // Taken apart: the April profile is an April person of its own again.
  const PersonId april_person = must(store->unlink_record(april_profile, "anna", kPlantedAt));
  CHECK(people(kFirstOffice, "2026-03") == 8);
  CHECK(people(kFirstOffice, "2026-04") == 3);
  // Linked the other way round: the April person takes the March profile, so it is March's.
  REQUIRE(must(store->link_people(april_person, planted.march_people[0], "anna",
                                        kPlantedAt)) == april_person);
  CHECK(people(kFirstOffice, "2026-03") == 8);
  CHECK(people(kFirstOffice, "2026-04") == 2);
  // Its March profile erased: its first profile is April's now.
  REQUIRE(must(store->tombstone(march_profile, "requested", kPlantedAt)));
  CHECK(people(kFirstOffice, "2026-03") == 7);
  CHECK(people(kFirstOffice, "2026-04") == 3);
  // The person erased with every profile: counted nowhere.
  must(store->erase_person(april_person, "requested", kPlantedAt));
  CHECK(people(kFirstOffice, "2026-03") == 7);
  CHECK(people(kFirstOffice, "2026-04") == 2);
  // München's retention period over: its people go, office 1 keeps its own.
  Office munich = *must(store->find_office(planted.second_office));
  munich.retention_days = 1;
  must(store->update_office(munich));
  CHECK(people(planted.second_office, "2026-03") == 5);
  REQUIRE(must(apply_retention(*store, kPlantedAt + 30LL * 86'400'000, false))
              .offices.at(1)
              .people == 5);
  CHECK(people(planted.second_office, "2026-03") == 0);
  CHECK(people(kFirstOffice, "2026-03") == 7);
}

TEST_CASE("a hub of schema 5 migrates with every person's first month, and counts the same") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  std::vector<MonthFigures> before;
  {
    auto store = open_store(db);
    test::plant_figures(*store);
    before = figures_of(*store, std::nullopt, "2026-01", "2026-12");
  }
  db.make_schema_5();
  CHECK(db.query("SELECT count(*) FROM persons") == "15");
  auto store = open_store(db);
  CHECK(db.query(backend == HubBackend::Sqlite ? "PRAGMA user_version"
                                               : "SELECT version FROM sichtbar_schema") ==
        std::to_string(kHubSchemaVersion));
  CHECK(db.query("SELECT count(*) FROM persons WHERE first_event_date = '2026-03-10'") == "8");
  CHECK(figures_of(*store, std::nullopt, "2026-01", "2026-12") == before);
  CHECK(month_of(before, kFirstOffice, "2026-03")->counts.people == 8);
}

TEST_CASE("the figures page, its charts and CSV show '< 5' for 1 to 4 and withhold revealing totals") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  auto store = open_store(db);
  test::plant_figures(*store);

  const FiguresTable table = table_of(*store, kFirstOffice);
  CHECK(shown(table, "profiles", 0) == "8");
  CHECK(shown(table, "wish.recognition_advice", 0) == "5");
  CHECK(shown(table, "wish.job", 0) == "< 5");
  // Most stages are 1 to 3: the cases (their sum, 8) would give one away with the others.
  CHECK(shown(table, "stage.decision", 0) == "< 5");
  CHECK(shown(table, "cases", 0) == "verdeckt");
  CHECK(shown(table, "outcome.withdrawn", 0) == "0");
  // April's 3 profiles and 2 people.
  CHECK(shown(table, "profiles", 1) == "< 5");
  CHECK(shown(table, "people", 1) == "< 5");

  const OfficeLayout layout{office_texts(), "anna", "csrf", "figures"};
  const std::string page = render_figures_page(
      layout, {table, {}, kFirstOffice, test::kHostileOffice, "2026-03", "2026-04", ""});
  // No table cell and no chart label holds a count of 1 to 4.
  const std::regex cell("<td class=\"num\">([^<]*)</td>|<span class=\"value\">([^<]*)</span>");
  int cells = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), cell); it != std::sregex_iterator();
       ++it, ++cells) {
    const std::string text = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
    INFO("cell " << it->str());
    CHECK_FALSE(is_small_number(text));
  }
  CHECK(cells > 40);
  CHECK(page.find("&lt; 5") != std::string::npos);
  // The charts read their values out, with April's profiles as "< 5", never "3".
  CHECK(page.find("2026-04 &lt; 5") != std::string::npos);
  CHECK(page.find("2026-04 3") == std::string::npos);
  CHECK(page.find("title=\"2026-04: 3\"") == std::string::npos);
  CHECK(page.find("title=\"2026-04: &lt; 5\"") != std::string::npos);
  CHECK(page.find("role=\"img\"") != std::string::npos);

  const auto csv = test::parse_office_csv(figures_csv(office_texts(), table, test::kHostileOffice));
  REQUIRE(csv.size() > 20);
  int values = 0;
  for (std::size_t r = 1; r < csv.size(); ++r)
    for (std::size_t c = 3; c < csv[r].size(); ++c, ++values) {
      INFO("row " << csv[r][2] << " column " << c);
      CHECK_FALSE(is_small_number(csv[r][c]));
    }
  CHECK(values > 40);
  const auto profiles = std::find_if(csv.begin(), csv.end(),
                                     [](const auto& row) { return row.at(2) == "profiles"; });
  REQUIRE(profiles != csv.end());
  CHECK(*profiles == std::vector<std::string>{"'" + test::kHostileOffice, "Profile", "profiles",
                                              "8", "< 5"});

  // All offices together: the job wishes of March are 3 (first office, "< 5") and 5 (the
  // other): their sum, 8, would give the 3 away beside the other office's page.
  const FiguresTable all = table_of(*store, std::nullopt);
  CHECK(shown(all, "profiles", 0) == "13");
  CHECK(shown(all, "wish.job", 0) == "verdeckt");
  CHECK(shown(all, "wish.recognition_advice", 0) == "5");
}

TEST_CASE("offices' and events' names stay text on the figures page and in the CSV") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  auto store = open_store(db);
  test::plant_figures(*store);
  auto offices = store->list_offices();
  REQUIRE(offices);

  const FiguresTable table = table_of(*store, std::nullopt);
  REQUIRE(table.events.size() == 3);
  const OfficeLayout layout{office_texts(), "anna", "csrf", "figures"};
  const std::string page = render_figures_page(
      layout, {table, *offices, std::nullopt, "", "2026-03", "2026-04", "<i>notice</i>"});
  test::check_no_markup_got_through(page, kFigureTags, {"/office/", "/assets/", "#main"});
  CHECK(page.find("&lt;img src=x onerror=alert(7)&gt; Infoabend") != std::string::npos);
  CHECK(page.find("&lt;b&gt;Augsburg&lt;/b&gt;") != std::string::npos);

  const auto csv = test::parse_office_csv(figures_csv(office_texts(), table, test::kHostileOffice));
  for (const auto& row : csv)
    for (const std::string& c : row) {
      INFO("cell " << c);
      CHECK_FALSE((c.starts_with("=") || c.starts_with("@") || c.starts_with("+")));
    }
  const auto formula = std::find_if(csv.begin(), csv.end(), [](const auto& row) {
    return row.at(1).find(test::kFormulaEvent) != std::string::npos;
  });
  REQUIRE(formula != csv.end());
  CHECK(formula->at(0) == "'" + test::kHostileOffice);
}

TEST_CASE("a total is withheld when one of its parts is hidden, in an office and across offices") {
  // Office 1: 7 cases, 6 new and 1 closed (working in the field); office 2: 9 cases, all new.
  MonthFigures one{1, "2026-05", {}};
  one.counts.profiles = 20;
  one.counts.people = 20;
  one.counts.cases = 7;
  one.counts.stages[0] = 6;
  one.counts.stages[7] = 1;
  one.counts.outcomes[0] = 1;
  MonthFigures two{2, "2026-05", {}};
  two.counts.profiles = 9;
  two.counts.people = 9;
  two.counts.cases = 9;
  two.counts.stages[0] = 9;
  const std::vector<MonthFigures> rows = {one, two};
  const std::vector<std::string> months = {"2026-05"};
  const std::vector<Event> events = {{"e1", "Abend", "2026-05-02", 1, 0, 17},
                                     {"e2", "Kurs", "2026-05-20", 1, 0, 3},
                                     {"e3", "Messe", "2026-05-09", 2, 0, 9}};

  const FiguresTable first = figures_table(rows, events, months, 1);
  const auto text = [&](const FiguresTable& t, const char* key) { return shown(t, key, 0); };
  CHECK(text(first, "stage.new") == "6");
  CHECK(text(first, "stage.closed") == "< 5");
  CHECK(text(first, "cases") == "verdeckt");  // 7 - 6 would be the closed case
  // The month's 20 profiles are its events' 17 and 3.
  CHECK(text(first, "profiles") == "verdeckt");
  REQUIRE(first.events.size() == 2);
  CHECK(figure_text(office_texts(), first.events[0].profiles) == "< 5");  // newest first

  const FiguresTable second = figures_table(rows, events, months, 2);
  CHECK(text(second, "cases") == "9");
  CHECK(text(second, "profiles") == "9");

  // Together: 16 cases, 15 new; 29 profiles. Each total holds a hidden part of office 1.
  const FiguresTable all = figures_table(rows, events, months, std::nullopt);
  CHECK(text(all, "stage.new") == "15");
  CHECK(text(all, "cases") == "verdeckt");
  CHECK(text(all, "profiles") == "verdeckt");
  CHECK(text(all, "people") == "29");
  CHECK(all.events.size() == 3);
}
