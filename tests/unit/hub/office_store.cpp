// The hub store's side of the office, against both backends (SQLite and PostgreSQL): office
// logins, the audit log, and the search index: every filter, full-text search that forgives
// case and accents, paging, the filter's choices, a newer version replacing an older one in
// the index, an erased record vanishing from search and from every table, and records stored
// before the index existed being indexed when the hub opens; the way to recognition (ISCO major
// group, regulated, procedure, competent body) under the map in use, with a counsellor's
// codings, computed again when the map changes, and filled when a database of schema 3 migrates.
#include <catch2/catch.hpp>

#include "base/bytes.h"
#include "base/files.h"
#include "domain/esco.h"
#include "domain/recognition.h"
#include "hub/hub_store.h"
#include "hub/record_index.h"
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

struct Person {
  std::string name, residence, country, occupation, language, event = "e1", date = "2026-11-28";
  bool advice = false;
};

// A stored record of the person (the store keeps and indexes what ingest hands it).
StoredRecord stored(const Person& p, std::uint64_t seq, std::int64_t received_at,
                    const RecordId& id = random_array<16>(), std::uint32_t version = 1) {
  json r = test::fixture_record("de");
  r["event"]["id"] = p.event;
  r["event"]["name"] = "Veranstaltung " + p.event;
  r["event"]["date"] = p.date;
  json& a = r["answers"];
  a["about"]["name"] = p.name;
  a["about"]["place_of_residence"] = p.residence;
  a["about"]["country_of_origin"] = p.country;
  a["work"]["items"] = json::array({{{"occupation", p.occupation}, {"job_title", "Job"}}});
  a["wishes"]["desired_occupation"] = p.occupation;
  a["wishes"]["wants"] = json::array({"job"});
  a["education"]["items"] = json::array({{{"title", "Schule"}, {"wants_advice", p.advice}}});
  a["languages"]["mother_tongues"] = json::array({{{"mother_tongue", p.language}}});
  a["languages"]["other_languages"] = json::array();
  return test::stored_record(r, seq, received_at, id, version);
}

std::vector<std::string> names(const RecordPage& page) {
  std::vector<std::string> out;
  for (const RecordSummary& r : page.rows)
    out.push_back(json::parse(r.record_json)["answers"]["about"]["name"].get<std::string>());
  return out;
}

std::vector<std::string> found(HubStore& store, const RecordFilter& filter) {
  auto page = store.search_records(filter);
  INFO((page ? "" : page.error().message));
  REQUIRE(page);
  CHECK(page->total == page->rows.size());
  return names(*page);
}

const std::vector<Person> kPeople = {
    {"Amanuel Tesfaye", "München", "ER", "7411", "ti", "e1", "2026-11-28", true},
    {"Rania Al-Hassan", "Augsburg", "SY", "2211", "ar", "e1", "2026-11-28", false},
    {"Zoë Müller", "Köln", "UA", "7411", "uk", "e2", "2026-10-03", false},
    {"Олена Коваль", "Nürnberg", "UA", "2221", "uk", "e2", "2026-10-03", true},
};

// Stores kPeople in order (the last received last, so it comes first in the list).
void store_people(HubStore& store) {
  std::vector<StoredRecord> batch;
  for (std::size_t i = 0; i < kPeople.size(); ++i)
    batch.push_back(stored(kPeople[i], i + 1, kNow + static_cast<std::int64_t>(i)));
  auto out = store.store_batch(batch);
  REQUIRE(out);
  for (const auto& o : *out) REQUIRE(o.status == IngestStatus::Stored);
}

const std::string kDoctor =
    "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6";  // ISCO 2211
const std::string kCook =
    "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e";  // ISCO 5120

std::string shipped_map_json() {
  const auto text = read_whole_file(RecognitionMap::shipped_file(test::asset("")));
  REQUIRE(text);
  return *text;
}

// The index's context: the shipped ESCO data and the map (JSON) named sha.
std::shared_ptr<const IndexContext> index_context(const std::string& map_json,
                                                  const std::string& sha) {
  static const EscoReference esco = [] {
    auto loaded = EscoReference::load(test::asset(""));
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  auto map = RecognitionMap::parse(map_json, "test map");
  INFO((map ? "" : map.error().message));
  REQUIRE(map);
  auto context = std::make_shared<IndexContext>();
  context->esco = std::make_shared<const EscoIndex>(esco_index(esco));
  context->map = std::make_shared<const RecognitionMap>(std::move(*map));
  context->map_sha256 = sha;
  return context;
}

// The doctor (an ESCO URI), an electrician of an older record (a 4-digit ISCO code), a cook,
// and someone who typed their occupation as text only.
const std::vector<Person> kWays = {
    {"Doktor Ayad", "München", "SY", kDoctor, "ar"},
    {"Elektriker Haile", "Augsburg", "ER", "7411", "ti"},
    {"Koch Bondarenko", "Nürnberg", "UA", kCook, "uk"},
    {"Freitext Nasser", "Fürth", "AF", "", "prs"},
};

// Stores kWays; the ids in order.
std::vector<RecordId> store_ways(HubStore& store) {
  std::vector<StoredRecord> batch;
  std::vector<RecordId> ids;
  for (std::size_t i = 0; i < kWays.size(); ++i) {
    batch.push_back(stored(kWays[i], 100 + i, kNow + static_cast<std::int64_t>(i)));
    ids.push_back(batch.back().record_id);
  }
  auto out = store.store_batch(batch);
  REQUIRE(out);
  for (const auto& o : *out) REQUIRE(o.status == IngestStatus::Stored);
  return ids;
}

RecordFilter way(std::string RecordFilter::*field, std::string value) {
  RecordFilter f;
  f.*field = std::move(value);
  return f;
}

// A counsellor's coding, as the coding page writes it.
void code_occupation(const HubDatabase& db, const RecordId& id, const std::string& uri) {
  const std::string blob = db.backend() == HubBackend::Sqlite ? "x'" + to_hex(id) + "'"
                                                              : "'\\x" + to_hex(id) + "'::bytea";
  db.execute("INSERT INTO occupation_codings(record_id, answer_path, esco_uri, coded_by, "
             "coded_at) VALUES (" + blob + ", 'work.items.0', '" + uri + "', 'anna', 1)");
}

}  // namespace

#define FOR_EACH_BACKEND()                                                       \
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres); \
  INFO("backend: " << backend);                                                  \
  HubDatabase hub_db(backend)

TEST_CASE("office logins are added once, found, listed by name and removed") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  REQUIRE(store->add_user({"ben", "$argon2id$hash-b", kNow}));
  REQUIRE(store->add_user({"anna", "$argon2id$hash-a", kNow + 1}));
  auto again = store->add_user({"anna", "other", kNow});
  REQUIRE_FALSE(again);
  CHECK(again.error().code == "hub_store.user_exists");
  auto anna = store->find_user("anna");
  REQUIRE(anna);
  REQUIRE(*anna);
  CHECK((*anna)->password_hash == "$argon2id$hash-a");
  CHECK((*anna)->created_at_ms == kNow + 1);
  CHECK_FALSE(*store->find_user("Anna"));  // names are exact
  auto all = store->list_users();
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].name == "anna");
  CHECK(*store->remove_user("anna"));
  CHECK_FALSE(*store->remove_user("anna"));
  CHECK_FALSE(*store->find_user("anna"));
}

TEST_CASE("the audit log keeps entries in order and gives the newest first") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  for (int i = 0; i < 5; ++i)
    REQUIRE(store->add_audit({kNow + i, "anna", "erase", "id" + std::to_string(i), "Widerruf"}));
  auto entries = store->list_audit(3);
  REQUIRE(entries);
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].subject == "id4");
  CHECK((*entries)[0].at_ms == kNow + 4);
  CHECK((*entries)[0].user == "anna");
  CHECK((*entries)[0].action == "erase");
  CHECK((*entries)[0].reason == "Widerruf");
  CHECK((*entries)[2].subject == "id2");
}

TEST_CASE("records are found by event, date, country, occupation, language and advice") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  store_people(*store);
  using V = std::vector<std::string>;
  RecordFilter all;
  CHECK(found(*store, all) ==
        V{"Олена Коваль", "Zoë Müller", "Rania Al-Hassan", "Amanuel Tesfaye"});
  RecordFilter f;
  f.event_id = "e2";
  CHECK(found(*store, f) == V{"Олена Коваль", "Zoë Müller"});
  f = {};
  f.date_from = "2026-11-01";
  CHECK(found(*store, f) == V{"Rania Al-Hassan", "Amanuel Tesfaye"});
  f = {};
  f.date_to = "2026-10-03";
  CHECK(found(*store, f) == V{"Олена Коваль", "Zoë Müller"});
  f = {};
  f.country = "UA";
  CHECK(found(*store, f) == V{"Олена Коваль", "Zoë Müller"});
  f = {};
  f.occupation = "7411";
  CHECK(found(*store, f) == V{"Zoë Müller", "Amanuel Tesfaye"});
  f.occupation = "741";  // a code is matched whole, not as a prefix
  CHECK(found(*store, f).empty());
  f = {};
  f.language = "uk";
  CHECK(found(*store, f) == V{"Олена Коваль", "Zoë Müller"});
  f = {};
  f.wants_advice = true;
  CHECK(found(*store, f) == V{"Олена Коваль", "Amanuel Tesfaye"});
  f.wants_advice = false;
  CHECK(found(*store, f) == V{"Zoë Müller", "Rania Al-Hassan"});
  f = {};
  f.country = "UA";
  f.wants_advice = true;
  f.occupation = "2221";
  CHECK(found(*store, f) == V{"Олена Коваль"});
}

TEST_CASE(
    "full-text search forgives case and accents, needs every word at a word start, no wildcards") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  store_people(*store);
  using V = std::vector<std::string>;
  const auto search = [&](const std::string& text) {
    RecordFilter f;
    f.text = text;
    return found(*store, f);
  };
  CHECK(search("zoe") == V{"Zoë Müller"});
  CHECK(search("MUELLER") == V{"Zoë Müller"});  // umlauts spelled out, as Germans type them
  CHECK(search("koeln zoe") == V{"Zoë Müller"});
  CHECK(search("zoee").empty());  // only German umlauts are spelled out
  CHECK(search("müller KÖLN") == V{"Zoë Müller"});
  CHECK(search("muller munchen").empty());  // every word must be found in the same record
  CHECK(search("олена") == V{"Олена Коваль"});
  CHECK(search("al-hassan") == V{"Rania Al-Hassan"});
  CHECK(search("Veranstaltung e2") == V{"Олена Коваль", "Zoë Müller"});  // the event's name
  CHECK(search("hassan") == V{"Rania Al-Hassan"});
  CHECK(search("assan").empty());    // words are matched from their start
  CHECK(search("m%ller").empty());   // no wildcard: "m" and "ller", and no word starts "ller"
  CHECK(search("   ").size() == 4);  // nothing to search for: no text filter
  CHECK(search("%_").size() == 4);
}

TEST_CASE("paging gives the total and the page asked for") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  std::vector<StoredRecord> batch;
  for (int i = 0; i < 7; ++i)
    batch.push_back(stored({"Person " + std::to_string(i), "Ort", "AF", "7411", "ps"},
                           static_cast<std::uint64_t>(i + 1), kNow + i));
  REQUIRE(store->store_batch(batch));
  RecordFilter f;
  f.limit = 3;
  f.offset = 3;
  auto page = store->search_records(f);
  REQUIRE(page);
  CHECK(page->total == 7);
  CHECK(names(*page) == std::vector<std::string>{"Person 3", "Person 2", "Person 1"});
  f.offset = 6;
  CHECK(names(*store->search_records(f)) == std::vector<std::string>{"Person 0"});
  f.limit = 0;  // everything (exports)
  f.offset = 0;
  CHECK(store->search_records(f)->rows.size() == 7);
}

TEST_CASE("the filter's choices are the values stored records have") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  store_people(*store);
  auto facets = store->record_facets();
  REQUIRE(facets);
  REQUIRE(facets->events.size() == 2);
  CHECK(facets->events[0].id == "e1");  // the newest date first
  CHECK(facets->events[0].name == "Veranstaltung e1");
  CHECK(facets->events[0].records == 2);
  CHECK(facets->countries == std::vector<std::string>{"ER", "SY", "UA"});
  CHECK(facets->occupations == std::vector<std::string>{"2211", "2221", "7411"});
  CHECK(facets->languages == std::vector<std::string>{"ar", "ti", "uk"});
}

TEST_CASE("a newer version replaces the older one in search; an older one arriving late does not") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const RecordId id = random_array<16>();
  REQUIRE(store->store_batch(
      std::vector{stored({"Alter Name", "Ort", "AF", "7411", "ps"}, 1, kNow, id, 2)}));
  REQUIRE(store->store_batch(
      std::vector{stored({"Ganz Alt", "Ort", "AF", "7411", "ps"}, 2, kNow, id, 1)}));
  RecordFilter f;
  CHECK(found(*store, f) == std::vector<std::string>{"Alter Name"});
  REQUIRE(store->store_batch(
      std::vector{stored({"Neuer Name", "Ort", "AF", "7411", "ps"}, 3, kNow, id, 3)}));
  CHECK(found(*store, f) == std::vector<std::string>{"Neuer Name"});
  f.text = "alter";
  CHECK(found(*store, f).empty());
  auto record = store->find_record(id);
  REQUIRE(record);
  REQUIRE(*record);
  CHECK(json::parse((*record)->record_json)["answers"]["about"]["name"] == "Neuer Name");
  CHECK((*record)->device_id == stored({}, 1, kNow).device_id);
  CHECK((*record)->received_at_ms == kNow);
}

TEST_CASE("an erased record vanishes from search, from the choices and from every table") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const std::string marker = "Suchmarke-Q7X2";
  const RecordId id = random_array<16>();
  // Seq 100: the kiosk's seqs 1..4 are the people's below (one record per kiosk and seq).
  REQUIRE(
      store->store_batch(std::vector{stored({marker, marker, "ER", "9999", "ti"}, 100, kNow, id)}));
  store_people(*store);
  RecordFilter f;
  f.text = marker;
  CHECK(found(*store, f).size() == 1);
  CHECK(*store->tombstone(id, "erased by the office (see the audit log)", kNow));
  CHECK(found(*store, f).empty());
  CHECK_FALSE(*store->find_record(id));
  auto facets = store->record_facets();
  REQUIRE(facets);
  CHECK(std::find(facets->occupations.begin(), facets->occupations.end(), "9999") ==
        facets->occupations.end());
  CHECK(store->search_records({})->total == kPeople.size());
  // The folded text of the index held the marker too ("suchmarke q7x2"): gone everywhere.
  CHECK(hub_db.places_containing(marker).empty());
  CHECK(hub_db.places_containing("suchmarke q7x2").empty());
}

TEST_CASE("records stored before the search index existed are indexed when the hub opens") {
  FOR_EACH_BACKEND();
  {
    auto store = open_store(hub_db);
    store_people(*store);
  }
  // As a database of schema 1 had it: records, and no index rows.
  hub_db.execute("DELETE FROM record_index");
  auto store = open_store(hub_db);
  CHECK(found(*store, {}).size() == kPeople.size());
  RecordFilter f;
  f.text = "zoe";
  CHECK(found(*store, f) == std::vector<std::string>{"Zoë Müller"});
}

TEST_CASE("records are found by the way to recognition of their occupations and by major group") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  REQUIRE(store->use_index_context(index_context(shipped_map_json(), "shipped")));
  const std::vector<RecordId> ids = store_ways(*store);
  using F = RecordFilter;
  CHECK(found(*store, way(&F::regulated, "yes")) == std::vector<std::string>{"Doktor Ayad"});
  CHECK(found(*store, way(&F::procedure, "approbation")) ==
        std::vector<std::string>{"Doktor Ayad"});
  CHECK(found(*store, way(&F::body, "zaaby")) == std::vector<std::string>{"Doktor Ayad"});
  CHECK(found(*store, way(&F::isco_major, "2")) == std::vector<std::string>{"Doktor Ayad"});
  const auto not_regulated = found(*store, way(&F::regulated, "no"));
  CHECK(std::find(not_regulated.begin(), not_regulated.end(), "Doktor Ayad") ==
        not_regulated.end());
  CHECK(std::find(not_regulated.begin(), not_regulated.end(), "Koch Bondarenko") !=
        not_regulated.end());
  // The older record's 4-digit code by its major group; the filters combine.
  CHECK(found(*store, way(&F::isco_major, "7")) == std::vector<std::string>{"Elektriker Haile"});
  F both = way(&F::isco_major, "2");
  both.regulated = "no";
  CHECK(found(*store, both).empty());
  // Typed as text only: no occupation, no way, until a counsellor codes it.
  CHECK(found(*store, way(&F::isco_major, "5")) == std::vector<std::string>{"Koch Bondarenko"});
  code_occupation(hub_db, ids[3], kCook);
  REQUIRE(store->reindex_record(ids[3]));
  CHECK(found(*store, way(&F::isco_major, "5")) ==
        std::vector<std::string>{"Freitext Nasser", "Koch Bondarenko"});
  // A newer version of the coded record keeps its coding in the index.
  auto again = kWays[3];
  again.name = "Freitext Nasser-Omar";
  REQUIRE(store->store_batch(std::vector{stored(again, 200, kNow + 10, ids[3], 2)}));
  CHECK(found(*store, way(&F::isco_major, "5")) ==
        std::vector<std::string>{"Freitext Nasser-Omar", "Koch Bondarenko"});
  // Erased: its index row and its coding go with it.
  REQUIRE(store->tombstone(ids[3], "erased by the office (see the audit log)", kNow));
  CHECK(found(*store, way(&F::isco_major, "5")) == std::vector<std::string>{"Koch Bondarenko"});
  CHECK(hub_db.query("SELECT count(*) FROM occupation_codings") == "0");
}

TEST_CASE("a changed recognition map changes what the filters find, once") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  REQUIRE(store->use_index_context(index_context(shipped_map_json(), "shipped")));
  store_ways(*store);
  using F = RecordFilter;
  CHECK(found(*store, way(&F::regulated, "yes")) == std::vector<std::string>{"Doktor Ayad"});
  // The same map again (a restart): nothing to compute.
  CHECK(*store->use_index_context(index_context(shipped_map_json(), "shipped")) == 0);
  // An import that says doctors are not regulated (wrongly, but the office must see it).
  std::string changed = shipped_map_json();
  const auto doctor = changed.find("\"id\": \"arzt\"");
  REQUIRE(doctor != std::string::npos);
  const auto regulated = changed.find("\"regulated\": \"yes\"", doctor);
  REQUIRE(regulated != std::string::npos);
  changed.replace(regulated, std::string("\"regulated\": \"yes\"").size(),
                  "\"regulated\": \"no\"");
  CHECK(*store->use_index_context(index_context(changed, "changed")) == kWays.size());
  CHECK(found(*store, way(&F::regulated, "yes")).empty());
  const auto not_regulated = found(*store, way(&F::regulated, "no"));
  CHECK(std::find(not_regulated.begin(), not_regulated.end(), "Doktor Ayad") !=
        not_regulated.end());
  // Another store on the database (another hub process, or the next start) finds it current.
  auto second = open_store(hub_db);
  CHECK(*second->use_index_context(index_context(changed, "changed")) == 0);
}

TEST_CASE("a database of schema 3 keeps every record and gets the way to recognition indexed") {
  FOR_EACH_BACKEND();
  {
    auto store = open_store(hub_db);
    store_people(*store);
    store_ways(*store);
  }
  // As schema 3 had it: no recognition columns, codings or hub_state.
  hub_db.make_schema_4();
  hub_db.execute(
      "ALTER TABLE record_index DROP COLUMN isco_majors; "
      "ALTER TABLE record_index DROP COLUMN regulated; "
      "ALTER TABLE record_index DROP COLUMN procedures; "
      "ALTER TABLE record_index DROP COLUMN bodies; "
      "DROP TABLE occupation_codings; DROP TABLE hub_state; " +
      std::string(hub_db.backend() == HubBackend::Sqlite
                      ? "PRAGMA user_version=3"
                      : "UPDATE sichtbar_schema SET version = 3"));
  auto store = open_store(hub_db);
  CHECK(*store->count_records() == kPeople.size() + kWays.size());
  CHECK(found(*store, {}).size() == kPeople.size() + kWays.size());
  CHECK(*store->use_index_context(index_context(shipped_map_json(), "shipped")) ==
        kPeople.size() + kWays.size());
  using F = RecordFilter;
  // Rania's older record holds 2211, the doctors' unit.
  CHECK(found(*store, way(&F::procedure, "approbation")) ==
        std::vector<std::string>{"Rania Al-Hassan", "Doktor Ayad"});
  // kPeople hold 4-digit codes only: 7411 twice, 2211, 2221; kWays one 7411.
  CHECK(found(*store, way(&F::isco_major, "7")).size() == 3);
  CHECK(found(*store, way(&F::isco_major, "2")).size() == 3);
}

// Schema 7 keeps the consent texts the hub hashed from its offices' settings (ConsentTextBook).
TEST_CASE("a database of schema 6 keeps every record and office, and keeps consent texts from "
          "then on, each once") {
  FOR_EACH_BACKEND();
  std::vector<Office> offices;
  {
    auto store = open_store(hub_db);
    store_people(*store);
    REQUIRE(store->add_office(
        {0, "Beratungsstelle München", "Sonnenstraße 1, München", "Datenschutz GmbH", "BayLDA",
         365, kNow}));
    offices = *store->list_offices();
  }
  REQUIRE(offices.size() == 2);
  hub_db.make_schema_6();
  auto store = open_store(hub_db);
  CHECK(hub_db.query(hub_db.backend() == HubBackend::Sqlite
                         ? "PRAGMA user_version"
                         : "SELECT version FROM sichtbar_schema") ==
        std::to_string(kHubSchemaVersion));
  CHECK(*store->count_records() == kPeople.size());
  CHECK(found(*store, {}).size() == kPeople.size());
  CHECK(*store->list_offices() == offices);
  CHECK(store->kept_consent_texts()->empty());

  const KeptConsentText old_address{std::string(64, 'a'), kFirstOffice, "de", "skills-profile", 1};
  const KeptConsentText new_address{std::string(64, 'b'), kFirstOffice, "de", "skills-profile", 1};
  const KeptConsentText munich{std::string(64, 'a'), offices[1].id, "ar", "skills-profile", 2};
  REQUIRE(store->keep_consent_texts(std::vector{old_address, munich}));
  REQUIRE(store->keep_consent_texts(std::vector{new_address, old_address}));  // kept already
  auto again = open_store(hub_db);  // the next start
  CHECK(*again->kept_consent_texts() == std::vector{old_address, new_address, munich});
}

// --- The office's codings of typed occupations -------------------------------------------

namespace {

const std::string kWelder = "http://data.europa.eu/esco/occupation/welder-test-uri";
const std::string kNurse = "http://data.europa.eu/esco/occupation/nurse-test-uri";

std::vector<OccupationCoding> codings_of(HubStore& store, const RecordId& id) {
  auto out = store.codings(id);
  INFO((out ? "" : out.error().message));
  REQUIRE(out);
  return *out;
}

}  // namespace

TEST_CASE("a coding is set beside the answer, replaced, listed by answer and removed") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const RecordId id = random_array<16>();
  REQUIRE(store->store_batch(std::vector{stored(kPeople[0], 1, kNow, id)}));
  const std::string before = *store->record_json(id).value();
  const OccupationCoding first{id, "work.items.1", kWelder, "anna", kNow};
  REQUIRE(store->set_coding(first));
  REQUIRE(store->set_coding({id, "work.items.0", kNurse, "ben", kNow + 1}));
  CHECK(codings_of(*store, id) ==
        std::vector<OccupationCoding>{{id, "work.items.0", kNurse, "ben", kNow + 1},
                                      first});
  // Coding the same answer again replaces its coding: who, what and when.
  REQUIRE(store->set_coding({id, "work.items.1", kNurse, "ben", kNow + 2}));
  auto now = codings_of(*store, id);
  REQUIRE(now.size() == 2);
  CHECK(now[1] == OccupationCoding{id, "work.items.1", kNurse, "ben", kNow + 2});
  // Another record's codings are its own.
  CHECK(codings_of(*store, random_array<16>()).empty());
  CHECK(*store->remove_coding(id, "work.items.0"));
  CHECK_FALSE(*store->remove_coding(id, "work.items.0"));
  CHECK(codings_of(*store, id) == std::vector<OccupationCoding>{now[1]});
  // The person's answer is never touched.
  CHECK(*store->record_json(id).value() == before);
}

TEST_CASE("a coding for a record that is not stored is refused, and nothing is kept") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const RecordId never = random_array<16>();
  auto r = store->set_coding({never, "work.items.0", kWelder, "anna", kNow});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "hub_store.unknown_record");
  CHECK(codings_of(*store, never).empty());
  CHECK(hub_db.query("SELECT count(*) FROM occupation_codings") == "0");
}

TEST_CASE("erasing a record erases its codings, and none can be set after") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const RecordId id = random_array<16>();
  REQUIRE(store->store_batch(std::vector{stored(kPeople[1], 1, kNow, id)}));
  REQUIRE(store->set_coding({id, "work.items.0", kWelder, "anna", kNow}));
  REQUIRE(store->set_coding({id, "work.items.1", kNurse, "anna", kNow}));
  // Another record's coding, which the erasure leaves alone; an export reads both at once.
  const RecordId other = random_array<16>();
  REQUIRE(store->store_batch(std::vector{stored(kPeople[2], 2, kNow, other)}));
  REQUIRE(store->set_coding({other, "work.items.0", "http://data.europa.eu/esco/occupation/cook-test-uri", "ben", kNow}));
  CHECK(store->all_codings()->size() == 3);
  CHECK(*store->tombstone(id, "erased by the office (see the audit log)", kNow));
  CHECK(codings_of(*store, id).empty());
  CHECK(*store->all_codings() == codings_of(*store, other));
  CHECK(hub_db.places_containing("welder-test-uri").empty());
  CHECK(hub_db.places_containing("nurse-test-uri").empty());
  auto again = store->set_coding({id, "work.items.0", kWelder, "anna", kNow + 1});
  REQUIRE_FALSE(again);
  CHECK(again.error().code == "hub_store.unknown_record");
  CHECK(hub_db.query("SELECT count(*) FROM occupation_codings") == "1");
}

TEST_CASE("codings survive closing and reopening the hub") {
  FOR_EACH_BACKEND();
  const RecordId id = random_array<16>();
  {
    auto store = open_store(hub_db);
    REQUIRE(store->store_batch(std::vector{stored(kPeople[2], 1, kNow, id)}));
    REQUIRE(store->set_coding({id, "work.items.0", kWelder, "anna", kNow}));
  }
  auto store = open_store(hub_db);
  CHECK(codings_of(*store, id) ==
        std::vector<OccupationCoding>{{id, "work.items.0", kWelder, "anna", kNow}});
}
