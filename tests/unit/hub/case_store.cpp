// The hub store's offices, events, people and cases (schema 5), against both backends (SQLite
// and PostgreSQL): a hub of schema 4 migrates with every record kept and its office, events,
// people and cases made; offices, roles and kiosks with their errors; a profile's wish opens its
// person's case at ingest; events belong to the sending kiosk's office; the work lists by every
// filter and never across offices; a change made from an older revision is refused; linking,
// unlinking and marking profiles as different people; erasing a person takes everything about
// them (and nothing else); hostile text in a case is kept byte for byte; several hubs on one
// database linking, taking apart and adding notes while profiles arrive keep every profile in
// one person with at most one case and lose no link and no note.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <latch>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "base/bytes.h"
#include "base/text.h"
#include "hub/hub_store.h"
#include "hub/web/office_cases.h"
#include "protocol/keys.h"
#include "support/hostile_records.h"
#include "support/hub_backends.h"
#include "support/stored_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using nlohmann::json;
using test::HubBackend;
using test::HubDatabase;

namespace {

constexpr std::int64_t kNow = 1'795'900'000'000;  // 2026-11-28

template <typename T>
T must(Result<T> r) {
  INFO((r ? std::string() : r.error().code + ": " + r.error().message));
  REQUIRE(r);
  return std::move(*r);
}
void must(Result<void> r) {
  INFO((r ? std::string() : r.error().code + ": " + r.error().message));
  REQUIRE(r);
}
// The code of the error a call ended with ("" when it succeeded).
template <typename T>
std::string code_of(const Result<T>& r) {
  return r ? std::string() : r.error().code;
}

// A kiosk enrolled at the hub for an office.
Device kiosk(std::uint8_t tag, std::int64_t office = kFirstOffice) {
  Device d;
  d.device_id.fill(tag);
  d.sign_public.fill(tag);
  d.name = "Stand " + std::to_string(tag);
  d.enrolled_at_ms = kNow;
  d.office_id = office;
  return d;
}

// A profile as a kiosk sends it: the fixture's answers with a name, an event and wishes (none:
// no wish, and no education item that wants advice).
struct Profile {
  std::string name;
  std::string event = "e1";
  std::vector<std::string> wishes = {};
  std::uint8_t device = 0xd1;
  std::int64_t received_at = kNow;
};

std::atomic<std::uint64_t> next_seq = 1;

StoredRecord stored(const Profile& p, const RecordId& id = random_array<16>(),
                    std::uint32_t version = 1) {
  json r = test::fixture_record("de");
  r["event"]["id"] = p.event;
  r["event"]["name"] = "Veranstaltung " + p.event;
  r["event"]["date"] = "2026-11-1" + p.event.substr(p.event.size() - 1);  // e2 after e1
  r["answers"]["about"]["name"] = p.name;
  r["answers"]["wishes"]["wants"] = p.wishes;
  r["answers"]["education"]["items"] = json::array();
  StoredRecord s = test::stored_record(r, next_seq++, p.received_at, id, version);
  s.device_id.fill(p.device);
  return s;
}

// Stores the profiles (each must be Stored); their record ids in order.
std::vector<RecordId> store(HubStore& hub, const std::vector<StoredRecord>& items) {
  auto out = must(hub.store_batch(items));
  std::vector<RecordId> ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    REQUIRE(out[i].status == IngestStatus::Stored);
    ids.push_back(items[i].record_id);
  }
  return ids;
}
RecordId store(HubStore& hub, const Profile& p) { return store(hub, {stored(p)}).at(0); }

PersonId person_of(HubStore& hub, const RecordId& id) {
  auto p = must(hub.person_of(id));
  REQUIRE(p);
  return *p;
}

Person find_person(HubStore& hub, PersonId id) {
  auto p = must(hub.find_person(id));
  REQUIRE(p);
  return *p;
}

// The names (of the newest profile) of a work list, in its order.
std::vector<std::string> names(HubStore& hub, const CaseFilter& filter) {
  const CasePage page = must(hub.list_cases(filter));
  std::vector<std::string> out;
  for (const CaseRow& row : page.rows)
    out.push_back(json::parse(row.newest.record_json)["answers"]["about"]["name"]);
  if (filter.limit == 0 || filter.limit > page.total) CHECK(page.total == out.size());
  return out;
}

std::vector<std::string> names_of_all(HubStore& hub, CaseFilter filter) {
  filter.limit = 0;
  auto out = names(hub, filter);
  std::sort(out.begin(), out.end());
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

#define FOR_EACH_BACKEND()                                                       \
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres); \
  INFO("backend: " << backend);                                                  \
  HubDatabase hub_db(backend)

TEST_CASE("a hub of schema 4 keeps every record and gets its office, events, people and cases") {
  FOR_EACH_BACKEND();
  std::vector<RecordId> ids;
  {
    auto hub = open_store(hub_db);
    must(hub->add_device(kiosk(0xd1)));
    must(hub->add_user({"anna", "$argon2id$hash", kNow}));
    ids = store(*hub, {stored({"Amina", "e1", {"recognition_advice"}}), stored({"Bekele", "e1"}),
                       stored({"Chen", "e2", {"job"}})});
  }
  hub_db.make_schema_4();
  auto hub = open_store(hub_db);
  CHECK(must(hub->count_records()) == 3);
  const auto offices = must(hub->list_offices());
  REQUIRE(offices.size() == 1);
  CHECK(offices[0].id == kFirstOffice);
  CHECK(offices[0].name == "Beratungsstelle");
  CHECK(offices[0].contact.empty());
  CHECK(must(hub->list_devices()).at(0).office_id == kFirstOffice);
  const auto anna = must(hub->find_user("anna"));
  REQUIRE(anna);
  CHECK(anna->role == OfficeRole::administrator);
  CHECK(anna->office_id == kFirstOffice);
  const auto events = must(hub->list_events(std::nullopt));
  REQUIRE(events.size() == 2);
  CHECK(events[0].event_id == "e2");  // newest date first
  CHECK(events[0].office_id == kFirstOffice);
  CHECK(events[0].records == 1);
  CHECK(events[1].records == 2);
  // One person per record; a case for those whose record has a wish.
  std::set<PersonId> people;
  for (const RecordId& id : ids) people.insert(person_of(*hub, id));
  CHECK(people.size() == 3);
  const Person amina = find_person(*hub, person_of(*hub, ids[0]));
  CHECK(amina.records == std::vector<RecordId>{ids[0]});
  REQUIRE(amina.open_case);
  CHECK(amina.open_case->opened_by == "(ingest)");
  CHECK(amina.open_case->stage == CaseStage::fresh);
  CHECK(!find_person(*hub, person_of(*hub, ids[1])).open_case);
  CHECK(names_of_all(*hub, {}) == Names{"Amina", "Chen"});
  // The office's search finds every record of the first office.
  RecordFilter first_office;
  first_office.office_id = kFirstOffice;
  CHECK(must(hub->search_records(first_office)).total == 3);
  // Opening again changes nothing.
  hub = open_store(hub_db);
  CHECK(must(hub->list_cases({})).total == 2);
}

TEST_CASE("offices are added, changed and listed, and logins and kiosks given roles and offices") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  Office nord{0, "Beratungsstelle Nord", "Hauptstr. 1", "DSB Nord", "BayLDA", 365, kNow};
  const std::int64_t id = must(hub->add_office(nord));
  CHECK(id != kFirstOffice);
  nord.id = id;
  CHECK(must(hub->find_office(id)) == nord);
  CHECK(code_of(hub->add_office(nord)) == "hub_store.office_exists");
  Office unnamed = nord;
  unnamed.name = "  ";
  CHECK(code_of(hub->add_office(unnamed)) == "hub_store.bad_office");
  nord.contact = "Neue Str. 2";
  nord.retention_days = 0;
  must(hub->update_office(nord));
  CHECK(must(hub->find_office(id)) == nord);
  Office taken = nord;
  taken.name = "Beratungsstelle";  // the first office's
  CHECK(code_of(hub->update_office(taken)) == "hub_store.office_exists");
  Office nowhere = nord;
  nowhere.id = 99;
  nowhere.name = "Nirgends";
  CHECK(code_of(hub->update_office(nowhere)) == "hub_store.unknown_office");
  CHECK(!must(hub->find_office(99)));
  const auto offices = must(hub->list_offices());
  REQUIRE(offices.size() == 2);
  CHECK(offices[1] == nord);

  must(hub->add_user({"anna", "$argon2id$hash", kNow}));
  CHECK(must(hub->find_user("anna"))->role == OfficeRole::administrator);
  must(hub->set_user_role("anna", OfficeRole::counsellor, id));
  const auto anna = must(hub->find_user("anna"));
  CHECK(anna->role == OfficeRole::counsellor);
  CHECK(anna->office_id == id);
  CHECK(must(hub->list_users()).at(0).role == OfficeRole::counsellor);
  CHECK(code_of(hub->set_user_role("bert", OfficeRole::statistics, id)) ==
        "hub_store.unknown_user");
  CHECK(code_of(hub->set_user_role("anna", OfficeRole::statistics, 99)) ==
        "hub_store.unknown_office");
  CHECK(must(hub->find_user("anna"))->role == OfficeRole::counsellor);
  must(hub->add_user({"carla", "$argon2id$hash", kNow, OfficeRole::statistics, id}));
  CHECK(must(hub->find_user("carla"))->role == OfficeRole::statistics);

  must(hub->add_device(kiosk(0xd1, id)));
  CHECK(must(hub->find_device(kiosk(0xd1).device_id))->office_id == id);
  must(hub->move_device(kiosk(0xd1).device_id, kFirstOffice));
  CHECK(must(hub->find_device(kiosk(0xd1).device_id))->office_id == kFirstOffice);
  CHECK(code_of(hub->move_device(kiosk(0xd2).device_id, id)) == "hub_store.unknown_device");
  CHECK(code_of(hub->move_device(kiosk(0xd1).device_id, 99)) == "hub_store.unknown_office");
  CHECK(must(hub->find_device(kiosk(0xd1).device_id))->office_id == kFirstOffice);

  CHECK(office_role_from_name("counsellor") == OfficeRole::counsellor);
  CHECK(!office_role_from_name("root"));
  CHECK(case_stage_from_name("new") == CaseStage::fresh);
  CHECK(case_stage_from_name("adaptation") == CaseStage::adaptation);
  CHECK(!case_stage_from_name("fresh"));
}

TEST_CASE("a profile with a wish opens its person's case at ingest, one without does not") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const RecordId wish = store(*hub, {"Amina", "e1", {"recognition_advice"}, 0xd1, kNow + 5});
  const RecordId none = store(*hub, {"Bekele"});
  const Person amina = find_person(*hub, person_of(*hub, wish));
  REQUIRE(amina.open_case);
  CHECK(amina.open_case->opened_by == "(ingest)");
  CHECK(amina.open_case->opened_at_ms == kNow + 5);
  CHECK(amina.last_activity_ms == kNow + 5);
  const auto entries = must(hub->case_entries(amina.id));
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].kind == "opened");
  CHECK(entries[0].author == "(ingest)");
  const PersonId bekele = person_of(*hub, none);
  CHECK(!find_person(*hub, bekele).open_case);
  CHECK(must(hub->case_entries(bekele)).empty());
  // Bekele's second version has a wish: now the case opens; a third changes nothing.
  store(*hub, {stored({"Bekele", "e1", {"job"}, 0xd1, kNow + 10}, none, 2)});
  const Person again = find_person(*hub, bekele);
  REQUIRE(again.open_case);
  CHECK(again.records == std::vector<RecordId>{none});
  CHECK(again.last_activity_ms == kNow + 10);
  store(*hub, {stored({"Bekele", "e1", {"job"}, 0xd1, kNow + 20}, none, 3)});
  CHECK(must(hub->case_entries(bekele)).size() == 1);
  // An education item that wants advice is a wish too.
  json r = test::fixture_record("de");
  r["answers"]["wishes"]["wants"] = json::array();
  r["answers"]["education"]["items"] = json::array({{{"title", "Diplom"}, {"wants_advice", true}}});
  const auto item = test::stored_record(r, next_seq++, kNow);
  store(*hub, std::vector{item});
  CaseFilter advice;
  advice.wish = "qualification_advice";
  CHECK(must(hub->list_cases(advice)).total == 1);
}

TEST_CASE("events and people belong to the office of the kiosk that sent their first record") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const std::int64_t sued = must(hub->add_office({0, "Süd", "", "", "", 730, kNow}));
  must(hub->add_device(kiosk(0xd1)));
  must(hub->add_device(kiosk(0xd2, sued)));
  const RecordId a = store(*hub, {"Amina", "nord-1", {"job"}, 0xd1});
  const RecordId b = store(*hub, {"Bekele", "sued-1", {"job"}, 0xd2});
  // A record of the north's event from the south's kiosk: the event stays the north's.
  const RecordId c = store(*hub, {"Chen", "nord-1", {}, 0xd2});
  const auto south = must(hub->list_events(sued));
  REQUIRE(south.size() == 1);
  CHECK(south[0].event_id == "sued-1");
  CHECK(south[0].name == "Veranstaltung sued-1");
  CHECK(south[0].office_id == sued);
  CHECK(south[0].records == 1);
  const auto north = must(hub->list_events(kFirstOffice));
  REQUIRE(north.size() == 1);
  CHECK(north[0].records == 2);
  CHECK(must(hub->list_events(std::nullopt)).size() == 2);
  CHECK(find_person(*hub, person_of(*hub, a)).office_id == kFirstOffice);
  CHECK(find_person(*hub, person_of(*hub, b)).office_id == sued);
  CHECK(find_person(*hub, person_of(*hub, c)).office_id == kFirstOffice);
  // A kiosk moved brings its next new events to its new office; the old ones stay.
  must(hub->move_device(kiosk(0xd2).device_id, kFirstOffice));
  store(*hub, {"Dara", "nord-2", {}, 0xd2});
  store(*hub, {"Emre", "sued-1", {}, 0xd2});
  CHECK(must(hub->list_events(sued)).size() == 1);
  CHECK(must(hub->list_events(kFirstOffice)).size() == 2);
  // The search and the filter's choices of an office hold its records only.
  RecordFilter f;
  f.office_id = sued;
  const auto page = must(hub->search_records(f));
  CHECK(page.total == 2);
  f.office_id = kFirstOffice;
  CHECK(must(hub->search_records(f)).total == 3);
  const auto facets = must(hub->record_facets(sued));
  REQUIRE(facets.events.size() == 1);
  CHECK(facets.events[0].id == "sued-1");
  CHECK(must(hub->record_facets()).events.size() == 3);
}

TEST_CASE("the work lists: by login, stage, overdue, event and wish, never across offices") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const std::int64_t sued = must(hub->add_office({0, "Süd", "", "", "", 730, kNow}));
  must(hub->add_device(kiosk(0xd2, sued)));
  const auto ids =
      store(*hub, {stored({"Amina", "e1", {"recognition_advice"}, 0xd1, kNow + 1}),
                   stored({"Bekele", "e1", {"job"}, 0xd1, kNow + 2}),
                   stored({"Chen", "e2", {"recognition_advice", "job"}, 0xd1, kNow + 3}),
                   stored({"Dara", "e2", {}, 0xd1, kNow + 4}),
                   stored({"Emre", "s1", {"recognition_advice"}, 0xd2, kNow + 5})});
  const auto case_of = [&](std::size_t i) {
    return *find_person(*hub, person_of(*hub, ids[i])).open_case;
  };
  const auto change = [&](Case c, std::int64_t at) {
    return must(hub->update_case(c, {0, c.person_id, at, "anna", "change", "changed"}));
  };
  Case amina = case_of(0);
  amina.assigned_to = "anna";
  amina.stage = CaseStage::documents;
  amina.next_action = "Zeugnis bringen";
  amina.next_action_date = "2026-11-20";
  change(amina, kNow + 100);
  Case bekele = case_of(1);
  bekele.assigned_to = "anna";
  bekele.next_action_date = "2026-11-10";
  change(bekele, kNow + 200);
  Case chen = case_of(2);
  chen.assigned_to = "bert";
  chen.stage = CaseStage::closed;
  chen.outcome = "working_in_field";
  chen.next_action_date = "2026-11-01";
  change(chen, kNow + 300);
  Case emre = case_of(4);
  emre.assigned_to = "anna";
  emre.next_action_date = "2026-11-05";
  change(emre, kNow + 400);

  CaseFilter all;
  CHECK(names(*hub, all) == Names{"Emre", "Bekele", "Amina"});  // last changed first, not closed
  all.include_closed = true;
  CHECK(names(*hub, all) == Names{"Emre", "Chen", "Bekele", "Amina"});
  CaseFilter north;
  north.office_id = kFirstOffice;
  CHECK(names(*hub, north) == Names{"Bekele", "Amina"});
  CaseFilter south;
  south.office_id = sued;
  CHECK(names(*hub, south) == Names{"Emre"});
  CaseFilter mine = north;
  mine.assigned_to = "anna";
  CHECK(names(*hub, mine) == Names{"Bekele", "Amina"});
  mine.assigned_to = "bert";
  CHECK(names(*hub, mine).empty());  // Chen's case is closed
  mine.include_closed = true;
  CHECK(names(*hub, mine) == Names{"Chen"});
  CaseFilter stage = north;
  stage.stage = CaseStage::documents;
  CHECK(names(*hub, stage) == Names{"Amina"});
  stage.stage = CaseStage::closed;
  CHECK(names(*hub, stage) == Names{"Chen"});
  CaseFilter overdue = north;
  overdue.overdue_before = "2026-11-28";
  CHECK(names(*hub, overdue) == Names{"Bekele", "Amina"});  // soonest next action first
  overdue.overdue_before = "2026-11-15";
  CHECK(names(*hub, overdue) == Names{"Bekele"});
  overdue.office_id.reset();
  overdue.include_closed = true;
  CHECK(names(*hub, overdue) == Names{"Chen", "Emre", "Bekele"});
  CaseFilter event = north;
  event.event_id = "e2";
  event.include_closed = true;
  CHECK(names(*hub, event) == Names{"Chen"});
  event.event_id = "s1";
  CHECK(names(*hub, event).empty());  // the south's event: not in the north's list
  CaseFilter wish = north;
  wish.wish = "recognition_advice";
  CHECK(names(*hub, wish) == Names{"Amina"});
  wish.include_closed = true;
  CHECK(names(*hub, wish) == Names{"Chen", "Amina"});
  wish.wish = "recognition";  // a whole wish, not the start of one
  CHECK(names(*hub, wish).empty());
  // Paging: the total of all, the page asked for.
  CaseFilter page = all;
  page.limit = 2;
  page.offset = 1;
  const CasePage p = must(hub->list_cases(page));
  CHECK(p.total == 4);
  REQUIRE(p.rows.size() == 2);
  CHECK(p.rows[0].c.person_id == chen.person_id);
  CHECK(p.rows[0].profiles == 1);
  CHECK(p.rows[0].newest.record_id == ids[2]);
  // The newest profile's wishes count: Amina's new version wishes for a job only.
  store(*hub, {stored({"Amina", "e1", {"job"}, 0xd1, kNow + 500}, ids[0], 2)});
  wish.wish = "recognition_advice";
  CHECK(names(*hub, wish) == Names{"Chen"});
}

TEST_CASE("every tab of a work list counts what its own list would show, from one count") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const std::int64_t sued = must(hub->add_office({0, "Süd", "", "", "", 730, kNow}));
  must(hub->add_device(kiosk(0xd2, sued)));
  // Office 1: every stage, assigned to anna, to bert or nobody, a next action overdue, due later
  // or none, two events, two wishes. Office 2: anna's overdue cases, which no tab of office 1
  // may count.
  struct Planted {
    std::string event, wish;
    CaseStage stage;
    std::string assigned_to, next_date;
    std::uint8_t device = 0xd1;
  };
  const std::vector<Planted> planted = {
      {"e1", "recognition_advice", CaseStage::fresh, "anna", "2026-11-10"},
      {"e1", "job", CaseStage::fresh, "", ""},
      {"e2", "recognition_advice", CaseStage::fresh, "bert", "2026-12-24"},
      {"e1", "job", CaseStage::contacted, "anna", "2026-12-24"},
      {"e2", "job", CaseStage::counselling, "bert", "2026-11-27"},
      {"e1", "recognition_advice", CaseStage::documents, "anna", ""},
      {"e2", "recognition_advice", CaseStage::applied, "", "2026-11-01"},
      {"e1", "job", CaseStage::decision, "anna", "2026-11-28"},
      {"e2", "recognition_advice", CaseStage::adaptation, "anna", "2026-10-01"},
      {"e1", "recognition_advice", CaseStage::closed, "anna", "2026-11-02"},
      {"e2", "job", CaseStage::closed, "bert", ""},
      {"s1", "recognition_advice", CaseStage::fresh, "anna", "2026-11-02", 0xd2},
      {"s1", "job", CaseStage::closed, "anna", "2026-11-03", 0xd2},
  };
  for (std::size_t i = 0; i < planted.size(); ++i) {
    const Planted& p = planted[i];
    const RecordId id = store(*hub, {"P" + std::to_string(i),
                                     p.event,
                                     {p.wish},
                                     p.device,
                                     kNow + static_cast<std::int64_t>(i)});
    Case c = *find_person(*hub, person_of(*hub, id)).open_case;
    c.stage = p.stage;
    c.competent_body = "zaaby";
    if (p.stage == CaseStage::decision || p.stage == CaseStage::adaptation) c.decision = "full";
    if (p.stage == CaseStage::closed) c.outcome = "moved_away";
    c.assigned_to = p.assigned_to;
    c.next_action = p.next_date.empty() ? "" : "Anrufen";
    c.next_action_date = p.next_date;
    must(hub->update_case(c, {0, c.person_id, kNow + 100, "anna", "change", "changed"}));
  }

  // The list a tab leads to, as the work list page filters it.
  const auto tab = [](std::optional<std::int64_t> office, const web::CaseListQuery& q,
                      std::string_view list, std::string_view stage) {
    CaseFilter f;
    f.office_id = office;
    if (list == "mine") f.assigned_to = "anna";
    if (list == "overdue") f.overdue_before = "2026-11-28";
    f.stage = case_stage_from_name(stage);
    f.include_closed = list == "all" || f.stage == CaseStage::closed;
    f.event_id = q.event_id;
    f.wish = q.wish;
    f.limit = 0;
    return f;
  };
  std::vector<std::string> stages = {""};
  for (int k = 0; k <= static_cast<int>(CaseStage::closed); ++k)
    stages.emplace_back(case_stage_name(static_cast<CaseStage>(k)));
  for (const std::optional<std::int64_t> office :
       {std::optional<std::int64_t>(kFirstOffice), std::optional<std::int64_t>()})
    for (const std::string list : {"mine", "overdue", "all"})
      for (const std::string& stage : stages)
        for (const std::string event : {"", "e1", "e2"})
          for (const std::string wish : {"", "job", "recognition_advice"}) {
            const web::CaseListQuery q{list, stage, event, wish, 1};
            INFO("office " << office.value_or(0) << ", list " << list << ", stage " << stage
                           << ", event " << event << ", wish " << wish);
            const web::WorkList w =
                must(web::load_work_list(*hub, q, office, "anna", "2026-11-28"));
            CHECK(w.page.total == must(hub->list_cases(tab(office, q, list, stage))).total);
            REQUIRE(w.list_counts.size() == 3);
            for (const auto& [name, count] : w.list_counts) {
              INFO("list tab " << name);
              CHECK(count == must(hub->list_cases(tab(office, q, name, stage))).total);
            }
            REQUIRE(w.stage_counts.size() == stages.size());
            for (const auto& [name, count] : w.stage_counts) {
              INFO("stage tab " << name);
              CHECK(count == must(hub->list_cases(tab(office, q, list, name))).total);
            }
          }

  // The planted set gives each kind of tab something to count.
  const web::WorkList mine =
      must(web::load_work_list(*hub, {"mine", "", "", "", 1}, kFirstOffice, "anna", "2026-11-28"));
  CHECK(mine.list_counts == std::vector<std::pair<std::string, std::uint64_t>>{
                                {"mine", 5}, {"overdue", 4}, {"all", 11}});
  CHECK(mine.stage_counts.at(0).second == 5);  // every open stage of anna's
  CHECK(mine.stage_counts.at(8).second == 1);  // closed
  // The page's own rows without counting them again (the page takes its total from the tabs).
  CaseFilter uncounted = tab(kFirstOffice, {}, "all", "");
  uncounted.count_total = false;
  const CasePage rows_only = must(hub->list_cases(uncounted));
  CHECK(rows_only.total == 0);
  const CasePage counted = must(hub->list_cases(tab(kFirstOffice, {}, "all", "")));
  CHECK(counted.total == 11);
  REQUIRE(rows_only.rows.size() == counted.rows.size());
  for (std::size_t i = 0; i < counted.rows.size(); ++i)
    CHECK(rows_only.rows[i].c == counted.rows[i].c);
  const CaseCounts counts = must(hub->count_cases(tab(kFirstOffice, {}, "all", "")));
  CHECK(counts.stages[0] == CaseCounts::Stage{3, 0, 0});  // neither a login nor a day asked for
}

TEST_CASE("a change made from an older state of a case is refused, and nothing is stored") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const RecordId id = store(*hub, {"Amina", "e1", {"job"}});
  const PersonId person = person_of(*hub, id);
  const Case opened = *find_person(*hub, person).open_case;
  CHECK(opened.revision == 0);
  Case first = opened;
  first.stage = CaseStage::contacted;
  first.assigned_to = "anna";
  const Case saved = must(hub->update_case(first, {0, 0, kNow + 10, "anna", "", "stage"}));
  CHECK(saved.revision == 1);
  CHECK(saved.stage == CaseStage::contacted);
  CHECK(saved.updated_at_ms == kNow + 10);
  CHECK(saved.opened_by == "(ingest)");
  // Bert changes from the state he saw before Anna's change.
  Case second = opened;
  second.stage = CaseStage::closed;
  second.outcome = "withdrawn";
  CHECK(code_of(hub->update_case(second, {0, 0, kNow + 20, "bert", "", "closed"})) ==
        "hub_store.case_changed");
  CHECK(*find_person(*hub, person).open_case == saved);
  // Values a case cannot hold are refused.
  Case bad = saved;
  bad.decision = "maybe";
  CHECK(code_of(hub->update_case(bad, {0, 0, kNow, "anna", "", ""})) == "hub_store.bad_case");
  bad = saved;
  bad.next_action_date = "28.11.2026";
  CHECK(code_of(hub->update_case(bad, {0, 0, kNow, "anna", "", ""})) == "hub_store.bad_case");
  CHECK(*find_person(*hub, person).open_case == saved);
  const auto entries = must(hub->case_entries(person));
  REQUIRE(entries.size() == 2);  // newest first
  CHECK(entries[0].kind == "change");
  CHECK(entries[0].text == "stage");
  CHECK(entries[1].kind == "opened");
  // Notes, and a case for a person who has none; none for a person who does not exist.
  const PersonId other = person_of(*hub, store(*hub, {"Bekele"}));
  CHECK(code_of(hub->add_case_entry({0, other, kNow, "anna", "note", "x"})) ==
        "hub_store.unknown_person");
  const Case made = must(hub->open_case(other, "anna", kNow + 30));
  CHECK(made.opened_by == "anna");
  CHECK(made.stage == CaseStage::fresh);
  CHECK(must(hub->open_case(other, "bert", kNow + 40)) == made);
  const CaseEntry note = must(hub->add_case_entry({0, other, kNow + 50, "anna", "note", "x"}));
  CHECK(note.id != 0);
  CHECK(find_person(*hub, other).last_activity_ms == kNow + 50);
  CHECK(code_of(hub->open_case(12345, "anna", kNow)) == "hub_store.unknown_person");
  Case gone = made;
  gone.person_id = 12345;
  CHECK(code_of(hub->update_case(gone, {0, 0, kNow, "anna", "", ""})) ==
        "hub_store.unknown_person");
}

TEST_CASE("profiles are linked as one person, taken apart again and marked as different") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const std::int64_t sued = must(hub->add_office({0, "Süd", "", "", "", 730, kNow}));
  must(hub->add_device(kiosk(0xd2, sued)));
  const auto ids = store(*hub, {stored({"Amina", "e1", {"job"}, 0xd1, kNow + 1}),
                                stored({"Amina A.", "e2", {"job"}, 0xd1, kNow + 2}),
                                stored({"Amina", "e3", {}, 0xd1, kNow + 3}),
                                stored({"Amina", "s1", {}, 0xd2, kNow + 4})});
  const PersonId keep = person_of(*hub, ids[0]), other = person_of(*hub, ids[1]),
                 third = person_of(*hub, ids[2]), south = person_of(*hub, ids[3]);
  must(hub->add_case_entry({0, other, kNow + 5, "bert", "note", "Anruf"}));
  CHECK(must(hub->link_people(keep, other, "anna", kNow + 10)) == keep);
  Person linked = find_person(*hub, keep);
  CHECK(linked.records == std::vector<RecordId>{ids[0], ids[1]});
  CHECK(!must(hub->find_person(other)));
  CHECK(person_of(*hub, ids[1]) == keep);
  // Both had a case: keep's stays, with the other's entries and one saying it was linked.
  const auto entries = must(hub->case_entries(keep));
  std::vector<std::string> kinds;
  for (const CaseEntry& e : entries) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<std::string>{"linked", "note", "opened", "opened"});
  CHECK(must(hub->list_cases({})).total == 1);
  CHECK(must(hub->list_cases({})).rows.at(0).profiles == 2);
  // A person without a case joins one with a case; errors change nothing.
  CHECK(must(hub->link_people(third, keep, "anna", kNow + 20)) == third);
  linked = find_person(*hub, third);
  CHECK(linked.records.size() == 3);
  REQUIRE(linked.open_case);
  CHECK(linked.open_case->person_id == third);
  CHECK(code_of(hub->link_people(third, south, "anna", kNow)) == "hub_store.other_office");
  CHECK(code_of(hub->link_people(third, third, "anna", kNow)) == "hub_store.same_person");
  CHECK(code_of(hub->link_people(third, 12345, "anna", kNow)) == "hub_store.unknown_person");
  CHECK(find_person(*hub, south).records == std::vector<RecordId>{ids[3]});
  // Taken apart: the profile is a person of its own again, without a case.
  const PersonId apart = must(hub->unlink_record(ids[1], "anna", kNow + 30));
  CHECK(apart != third);
  const Person alone = find_person(*hub, apart);
  CHECK(alone.records == std::vector<RecordId>{ids[1]});
  CHECK(alone.office_id == kFirstOffice);
  CHECK(!alone.open_case);
  CHECK(find_person(*hub, third).records == std::vector<RecordId>{ids[0], ids[2]});
  CHECK(must(hub->case_entries(third)).at(0).kind == "unlinked");
  CHECK(code_of(hub->unlink_record(ids[3], "anna", kNow)) == "hub_store.only_profile");
  CHECK(code_of(hub->unlink_record(random_array<16>(), "anna", kNow)) ==
        "hub_store.unknown_record");
  // Marked as different: once per pair, in either order; by office.
  must(hub->mark_different(ids[1], ids[0], "anna", kNow));
  must(hub->mark_different(ids[0], ids[1], "anna", kNow));
  const auto pairs = must(hub->different_pairs(kFirstOffice));
  REQUIRE(pairs.size() == 1);
  CHECK(std::minmax(pairs[0].first, pairs[0].second) == std::minmax(ids[0], ids[1]));
  CHECK(pairs[0].first < pairs[0].second);
  CHECK(must(hub->different_pairs(sued)).empty());
  CHECK(code_of(hub->mark_different(ids[0], random_array<16>(), "anna", kNow)) ==
        "hub_store.unknown_record");
  CHECK(code_of(hub->mark_different(ids[0], ids[0], "anna", kNow)) == "hub_store.same_person");
  // What the duplicate suggestions work on: the office's records with their people.
  const auto entries_south = must(hub->match_entries(sued));
  REQUIRE(entries_south.size() == 1);
  CHECK(entries_south[0].record_id == ids[3]);
  CHECK(entries_south[0].person_id == south);
  CHECK(must(hub->match_entries(std::nullopt)).size() == 4);
}

TEST_CASE("erasing a person takes its profiles, case, entries, marks and audit entries about it") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const auto ids = store(*hub, {stored({"Amina", "e1", {"job"}}), stored({"Amina", "e2", {}}),
                                stored({"Bekele", "e1", {"job"}})});
  const PersonId amina = person_of(*hub, ids[0]);
  const PersonId bekele = person_of(*hub, ids[2]);
  must(hub->link_people(amina, person_of(*hub, ids[1]), "anna", kNow));
  must(hub->add_case_entry({0, amina, kNow, "anna", "note", "Termin am Montag"}));
  must(hub->add_case_entry({0, bekele, kNow, "anna", "note", "Termin am Dienstag"}));
  must(hub->mark_different(ids[0], ids[2], "anna", kNow));
  for (const std::string& subject :
       {to_hex(ids[0]), to_hex(ids[1]), audit_subject_of_person(amina), to_hex(ids[2]),
        audit_subject_of_person(bekele), std::string("export")})
    must(hub->add_audit({kNow, "anna", "view", subject, ""}));

  const PersonErasure erased = must(hub->erase_person(amina, "asked for it", kNow + 1));
  CHECK(erased.records.size() == 2);
  CHECK(erased.had_case);
  CHECK(erased.entries == 3);  // opened, linked, the note
  CHECK(!must(hub->find_person(amina)));
  CHECK(must(hub->count_records()) == 1);
  CHECK(!must(hub->record_json(ids[0])));
  CHECK(!must(hub->person_of(ids[1])));
  CHECK(must(hub->different_pairs(std::nullopt)).empty());
  CHECK(must(hub->list_cases({})).total == 1);
  std::vector<std::string> subjects;
  for (const AuditEntry& e : must(hub->list_audit(100))) subjects.push_back(e.subject);
  CHECK(subjects ==
        std::vector<std::string>{"export", audit_subject_of_person(bekele), to_hex(ids[2])});
  // Nothing of Amina's is left anywhere in the database.
  CHECK(hub_db.places_containing("Termin am Montag").empty());
  CHECK(hub_db.query("SELECT count(*) FROM case_entries") == "2");
  // Her records are tombstoned: a kiosk sending one again is told it is gone.
  next_seq += 100;
  const auto again = must(hub->store_batch(std::vector{stored({"Amina"}, ids[0])}));
  CHECK(again.at(0).status == IngestStatus::Gone);
  CHECK(code_of(hub->erase_person(amina, "again", kNow)) == "hub_store.unknown_person");
  CHECK(find_person(*hub, bekele).open_case);
}

TEST_CASE("a person goes with its last profile, and stays while it has another") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const auto ids = store(*hub, {stored({"Amina", "e1", {"job"}, 0xd1, kNow + 1}),
                                stored({"Amina", "e2", {}, 0xd1, kNow + 2})});
  const PersonId amina = person_of(*hub, ids[0]);
  must(hub->link_people(amina, person_of(*hub, ids[1]), "anna", kNow + 3));
  must(hub->add_case_entry({0, amina, kNow + 4, "anna", "note", "Notiz"}));
  CHECK(must(hub->tombstone(ids[1], "asked", kNow + 5)));
  const Person left = find_person(*hub, amina);
  CHECK(left.records == std::vector<RecordId>{ids[0]});
  CHECK(left.open_case);
  CHECK(must(hub->list_cases({})).rows.at(0).newest.record_id == ids[0]);
  CHECK(must(hub->tombstone(ids[0], "asked", kNow + 6)));
  CHECK(!must(hub->find_person(amina)));
  CHECK(must(hub->list_cases({})).total == 0);
  CHECK(must(hub->case_entries(amina)).empty());
  CHECK(hub_db.places_containing("Notiz").empty());
}

TEST_CASE("people without activity since a day are found per office, oldest first") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const auto ids = store(*hub, {stored({"Amina", "e1", {}, 0xd1, kNow + 1}),
                                stored({"Bekele", "e1", {"job"}, 0xd1, kNow + 2}),
                                stored({"Chen", "e1", {}, 0xd1, kNow + 3})});
  const PersonId a = person_of(*hub, ids[0]), b = person_of(*hub, ids[1]),
                 c = person_of(*hub, ids[2]);
  CHECK(must(hub->inactive_people(kFirstOffice, kNow + 3, 10)) == std::vector<PersonId>{a, b});
  // A note is activity.
  must(hub->add_case_entry({0, b, kNow + 100, "anna", "note", "x"}));
  CHECK(must(hub->inactive_people(kFirstOffice, kNow + 50, 10)) == std::vector<PersonId>{a, c});
  CHECK(must(hub->inactive_people(kFirstOffice, kNow + 50, 1)) == std::vector<PersonId>{a});
  CHECK(must(hub->inactive_people(2, kNow + 50, 10)).empty());
}

TEST_CASE("hostile text in a case is kept byte for byte, and bytes that are not text are refused") {
  FOR_EACH_BACKEND();
  auto hub = open_store(hub_db);
  const PersonId person = person_of(*hub, store(*hub, {"Amina", "e1", {"job"}}));
  Case c = *find_person(*hub, person).open_case;
  std::size_t kept = 1;  // the "opened" entry
  for (const std::string& text : test::kHostile) {
    INFO(text);
    const bool is_text = text.find('\0') == std::string::npos && is_valid_utf8(text);
    const auto note = hub->add_case_entry({0, person, kNow, "anna", "note", text});
    Case changed = c;
    changed.next_action = text + "'; DROP TABLE cases; --";
    changed.competent_body = text;
    const auto saved = hub->update_case(changed, {0, person, kNow, "anna", "change", "x"});
    if (!is_text) {
      CHECK(code_of(note) == "hub_store.bad_text");
      CHECK(code_of(saved) == "hub_store.bad_text");
      CHECK(*find_person(*hub, person).open_case == c);
      continue;
    }
    kept += 2;
    REQUIRE(note);
    CHECK(must(hub->case_entries(person)).at(1) == *note);
    CHECK(note->text == text);
    c = must(saved);
    const Case stored_case = *find_person(*hub, person).open_case;
    CHECK(stored_case.next_action == text + "'; DROP TABLE cases; --");
    CHECK(stored_case.competent_body == text);
  }
  CHECK(must(hub->case_entries(person)).size() == kept);
  CHECK(kept > 10);
}

namespace {

// What a counsellor does when a call says the person was linked into another meanwhile: looks
// the profile's person up again and does it once more. "" when it was done, else the error.
template <typename F>
std::string again_while_linked_meanwhile(HubStore& hub, const RecordId& record, F call) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto person = hub.person_of(record);
    if (!person) return person.error().code + ": " + person.error().message;
    if (!*person) return "the profile has no person";
    const std::string error = call(**person);
    if (error != "hub_store.unknown_person") return error;
  }
  return "the profile's person was never found";
}
template <typename T>
std::string error_of(const Result<T>& r) {
  return r ? std::string() : r.error().code;
}

// Several hubs on one database: PostgreSQL's hub processes, or stores on one SQLite file.
std::vector<std::unique_ptr<HubStore>> open_hubs(const HubDatabase& db, std::size_t n) {
  std::vector<std::unique_ptr<HubStore>> hubs;
  for (std::size_t h = 0; h < n; ++h) hubs.push_back(open_store(db));
  return hubs;
}

// Rows a counsellor never sees but would miss: profiles, cases and notes whose person is gone,
// and people without a profile.
std::string orphans(const HubDatabase& db) {
  return "profiles without a person: " +
         db.query("SELECT count(*) FROM record_index i WHERE NOT EXISTS "
                  "(SELECT 1 FROM persons p WHERE p.id = i.person_id)") +
         ", people without a profile: " +
         db.query("SELECT count(*) FROM persons p WHERE NOT EXISTS "
                  "(SELECT 1 FROM record_index i WHERE i.person_id = p.id)") +
         ", cases without a person: " +
         db.query("SELECT count(*) FROM cases c WHERE NOT EXISTS "
                  "(SELECT 1 FROM persons p WHERE p.id = c.person_id)") +
         ", notes without a case: " +
         db.query("SELECT count(*) FROM case_entries e WHERE NOT EXISTS "
                  "(SELECT 1 FROM cases c WHERE c.person_id = e.person_id)");
}
const std::string kNoOrphans =
    "profiles without a person: 0, people without a profile: 0, cases without a person: 0, "
    "notes without a case: 0";

}  // namespace

TEST_CASE("counsellors at several hubs linking overlapping profiles while new ones arrive") {
  FOR_EACH_BACKEND();
  constexpr std::size_t kHubs = 4, kGroups = 8, kGroupSize = 4;
  auto hubs = open_hubs(hub_db, kHubs);
  // Each group is one person who filled four profiles; the odd ones wished advice (a case).
  std::vector<StoredRecord> profiles;
  for (std::size_t i = 0; i < kGroups * kGroupSize; ++i)
    profiles.push_back(stored({"Person " + std::to_string(i / kGroupSize), "e1",
                               i % 2 ? std::vector<std::string>{"job"} : std::vector<std::string>{},
                               0xd1, kNow + static_cast<std::int64_t>(i)}));
  const std::vector<RecordId> ids = store(*hubs[0], profiles);
  auto group_of = [&](std::size_t g) {
    return std::vector<RecordId>(ids.begin() + static_cast<long>(g * kGroupSize),
                                 ids.begin() + static_cast<long>((g + 1) * kGroupSize));
  };
  // What arrives meanwhile: a newer version of each profile without a wish, now with one (its
  // person's case opens unless it has one), and a third profile of some of the people, which
  // stays a person of its own until someone links it.
  std::vector<std::vector<StoredRecord>> arriving;
  std::vector<RecordId> third;
  for (std::size_t g = 0; g < kGroups; ++g) {
    std::vector<StoredRecord> batch;
    for (std::size_t k = 0; k < kGroupSize; k += 2)
      batch.push_back(stored({"Person " + std::to_string(g), "e2", {"recognition_advice"}, 0xd1,
                              kNow + 1000},
                             ids[g * kGroupSize + k], 2));
    batch.push_back(stored({"Person " + std::to_string(g), "e2", {"job"}, 0xd1, kNow + 1000}));
    third.push_back(batch.back().record_id);
    arriving.push_back(std::move(batch));
  }

  // Every hub links every pair of every group, in an order of its own: the same pair, and pairs
  // that share a profile, at several hubs at once; after each link, a note on the person.
  std::vector<std::pair<RecordId, RecordId>> pairs;
  for (std::size_t g = 0; g < kGroups; ++g)
    for (std::size_t a = 0; a < kGroupSize; ++a)
      for (std::size_t b = a + 1; b < kGroupSize; ++b)
        pairs.emplace_back(ids[g * kGroupSize + a], ids[g * kGroupSize + b]);
  std::vector<std::string> errors(kHubs + 1);
  std::vector<std::map<RecordId, std::set<std::string>>> notes(kHubs);  // by a profile of it
  std::latch start(kHubs + 1);
  std::vector<std::thread> threads;
  for (std::size_t h = 0; h < kHubs; ++h)
    threads.emplace_back([&, h] {
      auto order = pairs;
      std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(h)));
      start.arrive_and_wait();
      HubStore& hub = *hubs[h];
      for (std::size_t n = 0; n < order.size() && errors[h].empty(); ++n) {
        const auto& [a, b] = order[n];
        errors[h] = again_while_linked_meanwhile(hub, a, [&](PersonId keep) {
          auto other = hub.person_of(b);
          if (!other || !*other) return std::string("the profile has no person");
          if (**other == keep) return std::string();  // linked already
          return error_of(hub.link_people(keep, **other, "anna", kNow + 2000));
        });
        // On the odd profile of the pair's group: its person has had a case from the start.
        const RecordId& with_case = ids[(std::find(ids.begin(), ids.end(), a) - ids.begin()) | 1];
        const std::string text = "Anruf " + std::to_string(h) + "/" + std::to_string(n);
        if (errors[h].empty())
          errors[h] = again_while_linked_meanwhile(hub, with_case, [&](PersonId person) {
            return error_of(
                hub.add_case_entry({0, person, kNow + 3000, "bert", "note", text}));
          });
        if (errors[h].empty()) notes[h][with_case].insert(text);
      }
    });
  threads.emplace_back([&] {
    start.arrive_and_wait();
    for (const auto& batch : arriving) {
      auto out = hubs[kHubs - 1]->store_batch(batch);
      if (!out) errors[kHubs] = out.error().code + ": " + out.error().message;
      for (std::size_t i = 0; out && i < out->size(); ++i)
        if ((*out)[i].status != IngestStatus::Stored) errors[kHubs] = (*out)[i].reason;
      if (!errors[kHubs].empty()) return;
    }
  });
  for (auto& t : threads) t.join();
  for (const std::string& e : errors) CHECK(e == "");
  CHECK(orphans(hub_db) == kNoOrphans);

  // Each group is one person with its four profiles and one case holding every note added to
  // it; each third profile is a person of its own with the case its wish opened.
  HubStore& hub = *hubs[0];
  for (std::size_t g = 0; g < kGroups; ++g) {
    INFO("group " << g);
    const std::vector<RecordId> group = group_of(g);
    const PersonId person = person_of(hub, group[0]);
    for (const RecordId& id : group) CHECK(person_of(hub, id) == person);
    const Person found = find_person(hub, person);
    CHECK(std::set<RecordId>(found.records.begin(), found.records.end()) ==
          std::set<RecordId>(group.begin(), group.end()));
    CHECK(found.open_case);
    std::set<std::string> expected, kept;
    for (const auto& by_hub : notes)
      for (const auto& [record, texts] : by_hub)
        if (std::find(group.begin(), group.end(), record) != group.end())
          expected.insert(texts.begin(), texts.end());
    for (const CaseEntry& e : must(hub.case_entries(person)))
      if (e.kind == "note") kept.insert(e.text);
    CHECK(kept == expected);
    CHECK(!expected.empty());
    const Person alone = find_person(hub, person_of(hub, third[g]));
    CHECK(alone.records == std::vector<RecordId>{third[g]});
    CHECK(alone.open_case);
  }
  CHECK(must(hub.list_cases({})).total == 2 * kGroups);
}

TEST_CASE("counsellors at several hubs taking one person's profiles apart at once") {
  FOR_EACH_BACKEND();
  constexpr std::size_t kHubs = 4, kPeople = 12;
  auto hubs = open_hubs(hub_db, kHubs);
  // Each person: four profiles linked into one, with a case.
  std::vector<std::vector<RecordId>> people;
  for (std::size_t p = 0; p < kPeople; ++p) {
    std::vector<StoredRecord> profiles;
    for (std::size_t k = 0; k < kHubs; ++k)
      profiles.push_back(stored({"Person " + std::to_string(p), "e1", {"job"}, 0xd1,
                                 kNow + static_cast<std::int64_t>(k)}));
    const auto ids = store(*hubs[0], profiles);
    for (std::size_t k = 1; k < ids.size(); ++k)
      must(hubs[0]->link_people(person_of(*hubs[0], ids[0]), person_of(*hubs[0], ids[k]), "anna",
                                kNow + 10));
    people.push_back(ids);
  }
  // Every hub takes one profile out of each person, all at once: one of the four must stay.
  std::vector<std::vector<std::string>> outcomes(kHubs, std::vector<std::string>(kPeople));
  std::latch start(kHubs);
  std::vector<std::thread> threads;
  for (std::size_t h = 0; h < kHubs; ++h)
    threads.emplace_back([&, h] {
      start.arrive_and_wait();
      for (std::size_t p = 0; p < kPeople; ++p)
        outcomes[h][p] = error_of(hubs[h]->unlink_record(people[p][h], "anna", kNow + 20));
    });
  for (auto& t : threads) t.join();
  CHECK(orphans(hub_db) == kNoOrphans);
  HubStore& hub = *hubs[0];
  for (std::size_t p = 0; p < kPeople; ++p) {
    INFO("person " << p);
    std::vector<std::string> codes;
    for (std::size_t h = 0; h < kHubs; ++h) codes.push_back(outcomes[h][p]);
    std::sort(codes.begin(), codes.end());
    CHECK(codes == std::vector<std::string>{"", "", "", "hub_store.only_profile"});
    // Four people now, one profile each; the case stayed with the one left.
    std::size_t with_case = 0;
    for (const RecordId& id : people[p]) {
      const Person alone = find_person(hub, person_of(hub, id));
      CHECK(alone.records == std::vector<RecordId>{id});
      with_case += alone.open_case ? 1 : 0;
    }
    CHECK(with_case == 1);
  }
  CHECK(must(hub.list_cases({})).total == kPeople);
}

TEST_CASE("a profile marked as a different person while another hub erases it leaves no mark") {
  FOR_EACH_BACKEND();
  auto hubs = open_hubs(hub_db, 2);
  for (int round = 0; round < 60; ++round) {
    const auto ids = store(*hubs[0], {stored({"Amina", "e1", {}, 0xd1, kNow + round}),
                                      stored({"Amina", "e2", {}, 0xd1, kNow + round})});
    Result<bool> erased;
    Result<void> marked;
    std::latch start(2);
    std::thread eraser([&] {
      start.arrive_and_wait();
      erased = hubs[0]->tombstone(ids[0], "asked", kNow + 100);
    });
    std::thread counsellor([&] {
      start.arrive_and_wait();
      marked = hubs[1]->mark_different(ids[1], ids[0], "anna", kNow + 100);
    });
    eraser.join();
    counsellor.join();
    CHECK(error_of(erased) == "");
    CHECK((error_of(marked) == "" || error_of(marked) == "hub_store.unknown_record"));
  }
  // Every mark named a profile that is erased now: none may stay behind.
  CHECK(must(hubs[1]->different_pairs(std::nullopt)).empty());
  CHECK(hub_db.query("SELECT count(*) FROM different_pairs") == "0");
}
