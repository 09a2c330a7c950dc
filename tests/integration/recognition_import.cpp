// `sichtbar-hub reference import-recognition FILE` as an operator runs it, on both store
// backends: a good map is used from then on (by this process's map in use after its recheck, and
// by any other hub process on the database), a bad one is refused naming the entry and the
// field, and the map in use stays; without an import the hub shows the shipped map. The office's
// filters by the way to recognition follow an import at once (the verb indexes the records
// again), and a running hub's RecognitionIndexKeeper follows a map it finds stored by another.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <nlohmann/json.hpp>

#include "domain/recognition.h"
#include "hub/recognition_maps.h"
#include "support/hostile_records.h"
#include "support/hub_backends.h"
#include "support/stored_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

json shipped_json() { return json::parse(read_file(RecognitionMap::shipped_file(asset("")))); }

json& entry_of(json& doc, const std::string& id) {
  for (json& e : doc["entries"])
    if (e["id"] == id) return e;
  FAIL("no entry " << id);
  throw;
}

RunResult import_verb(const HubDatabase& db, const TempDir& tmp,
                      const std::filesystem::path& file) {
  return run({SICHTBAR_HUB_BIN, "reference", "import-recognition", file.string(), "--keys",
              (tmp / "keys").string(), "--database", db.location(), "--assets",
              asset("").string()});
}

std::string reference_of(hub::RecognitionMapInUse& in_use, const std::string& id) {
  const auto map = in_use.current();
  const RecognitionEntry* e = map->find_by_id(id);
  REQUIRE(e != nullptr);
  return e->reference_de;
}

}  // namespace

TEST_CASE("import-recognition: a good map is used from then on, a bad one is refused") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  TempDir tmp;
  auto store = db.open();
  REQUIRE(store);
  // A hub process that rechecks at every call, so the test need not wait 30 seconds.
  auto in_use = hub::RecognitionMapInUse::open(**store, asset(""), 0ms);
  INFO((in_use ? "" : in_use.error().message));
  REQUIRE(in_use);
  // Nothing imported: the shipped map.
  CHECK(reference_of(**in_use, "koch") == "Köchin/Koch");
  CHECK(db.query("SELECT count(*) FROM recognition_maps") == "0");

  // The office's expert corrects an entry and marks it checked.
  json good = shipped_json();
  entry_of(good, "koch")["reference"]["de"] = "Köchin/Koch (geprüft)";
  entry_of(good, "koch")["expert_checked"] = true;
  write_file(tmp / "good.json", good.dump(1));
  const RunResult ok = import_verb(db, tmp, tmp / "good.json");
  INFO(ok.out << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(ok.out.find("Imported the recognition map") != std::string::npos);
  CHECK(ok.out.find("112 entries") != std::string::npos);
  CHECK(reference_of(**in_use, "koch") == "Köchin/Koch (geprüft)");
  CHECK((*in_use)->current()->find_by_id("koch")->expert_checked);
  // Another hub process on the same database sees it too.
  auto other_store = db.open();
  REQUIRE(other_store);
  auto other = hub::RecognitionMapInUse::open(**other_store, asset(""), 0ms);
  REQUIRE(other);
  CHECK(reference_of(**other, "koch") == "Köchin/Koch (geprüft)");
  // Stored with its hash, who and when; the audit log names the import.
  auto stored = (*store)->current_recognition_map();
  REQUIRE(stored);
  REQUIRE(stored->has_value());
  CHECK((*stored)->map_json == read_file(tmp / "good.json"));
  CHECK((*stored)->imported_by.find("command line") != std::string::npos);
  CHECK((*stored)->imported_at_ms > 0);
  auto audit = (*store)->list_audit(10);
  REQUIRE(audit);
  REQUIRE_FALSE(audit->empty());
  CHECK(audit->front().action == "recognition_import");

  // Bad files: each refused, naming the entry and the field; the imported map stays in use.
  struct Bad {
    const char* what;
    std::function<void(json&)> spoil;
    std::vector<std::string> message_has;
  };
  const std::vector<Bad> bad = {
      {"a bring key the catalogues lack",
       [](json& d) { entry_of(d, "koch")["bring"].push_back("recognition.bring.recipe_book"); },
       {"(koch).bring[", "recognition.bring.recipe_book", "catalogue"}},
      {"a body nobody defined",
       [](json& d) { entry_of(d, "arzt")["bodies"][0] = "regierung"; },
       {"(arzt).bodies[0]", "regierung"}},
      {"a date in the wrong form",
       [](json& d) { entry_of(d, "friseur")["checked"] = "12/2026"; },
       {"(friseur).checked", "YYYY-MM-DD"}},
      {"a malformed ESCO URI",
       [](json& d) { entry_of(d, "koch")["esco"][0] = "https://esco.example/koch"; },
       {"(koch).esco[0]"}},
      {"an ESCO occupation the hub's reference data lacks",
       [](json& d) {
         entry_of(d, "koch")["esco"][0] =
             "http://data.europa.eu/esco/occupation/11111111-2222-4333-8444-555555555555";
       },
       {"(koch).esco[0]", "not an occupation of the ESCO reference"}},
  };
  for (const Bad& b : bad) {
    INFO(b.what);
    json doc = good;
    entry_of(doc, "koch")["reference"]["de"] = "Köchin/Koch (kaputt)";
    b.spoil(doc);
    write_file(tmp / "bad.json", doc.dump());
    const RunResult refused = import_verb(db, tmp, tmp / "bad.json");
    INFO(refused.out << refused.err);
    CHECK(refused.exit_code != 0);
    for (const std::string& part : b.message_has)
      CHECK(refused.err.find(part) != std::string::npos);
    CHECK(refused.err.find("Nothing was changed") != std::string::npos);
    CHECK(reference_of(**in_use, "koch") == "Köchin/Koch (geprüft)");
  }
  write_file(tmp / "broken.json", "{\"format\": 1, \"entries\": [");
  const RunResult broken = import_verb(db, tmp, tmp / "broken.json");
  CHECK(broken.exit_code != 0);
  CHECK(broken.err.find("not valid JSON") != std::string::npos);
  const RunResult missing = import_verb(db, tmp, tmp / "nowhere.json");
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find("nowhere.json") != std::string::npos);
  CHECK(db.query("SELECT count(*) FROM recognition_maps") == "1");
  CHECK(reference_of(**other, "koch") == "Köchin/Koch (geprüft)");
}

namespace {

// A doctor's record (an ESCO URI) as ingest hands it to the store.
hub::StoredRecord doctor_record() {
  json r = fixture_record("de");
  r["answers"]["work"]["items"] = json::array(
      {{{"occupation",
         "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6"}}});
  r["answers"]["wishes"].erase("desired_occupation");
  return stored_record(r, 1, 1);
}

std::uint64_t regulated(hub::HubStore& store, const std::string& value) {
  hub::RecordFilter f;
  f.regulated = value;
  auto page = store.search_records(f);
  REQUIRE(page);
  return page->total;
}

json with_doctor_regulated(const std::string& value) {
  json map = shipped_json();
  entry_of(map, "arzt")["regulated"] = value;
  return map;
}

}  // namespace

TEST_CASE("import-recognition: the office's filters follow the new map, in every hub process") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  TempDir tmp;
  auto store = db.open();
  REQUIRE(store);
  auto in_use = hub::RecognitionMapInUse::open(**store, asset(""), 0ms);
  REQUIRE(in_use);
  // A running hub: the index is computed for the shipped map before it serves.
  auto keeper = hub::RecognitionIndexKeeper::start(**store, **in_use, {}, 10ms);
  REQUIRE(keeper);
  REQUIRE((*store)->store_batch(std::vector{doctor_record()}));
  CHECK(regulated(**store, "yes") == 1);

  // The verb indexes the records for the map it imported, before it returns.
  write_file(tmp / "doctors-no.json", with_doctor_regulated("no").dump(1));
  const RunResult ok = import_verb(db, tmp, tmp / "doctors-no.json");
  INFO(ok.out << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(ok.out.find("1 records were indexed again") != std::string::npos);
  CHECK(regulated(**store, "yes") == 0);
  CHECK(regulated(**store, "no") == 1);

  // A map stored by a process that did not index (an older hub): the running hub's keeper
  // notices it and indexes, off the request path. Waits for it, at most 10 seconds.
  const std::string map = with_doctor_regulated("self_employment").dump();
  REQUIRE((*store)->add_recognition_map({map, sha256(as_bytes(map)), "test", 2}));
  for (int k = 0; k < 1000 && regulated(**store, "self_employment") == 0; ++k)
    std::this_thread::sleep_for(10ms);
  CHECK(regulated(**store, "self_employment") == 1);
  CHECK(regulated(**store, "no") == 0);
}
