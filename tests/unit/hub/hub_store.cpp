// The hub store, each behaviour against both backends (SQLite and PostgreSQL, see
// support/hub_backends.h): kiosks, exactly-once storage of records, quarantine, tombstones,
// checkpoints with gaps, enrollment tokens, reopening, big batches and several threads at once.
// Then what only one backend has: SQLite files that are not ours are refused and left unchanged;
// PostgreSQL databases that are not ours likewise, errors an admin can act on, several hub
// processes (store objects) on one database, and a connection that breaks. Records are real
// envelopes of real records, made ready by prepare_envelope as ingest does.
#include "hub/hub_store.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "domain/form_library.h"
#include "domain/record.h"
#include "domain/validate.h"
#include "hub/ingest.h"
#include "protocol/envelope.h"
#include "support/hub_backends.h"
#include "support/hub_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using nlohmann::json;
using test::HubBackend;
using test::HubDatabase;
using Gaps = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

namespace {

constexpr std::int64_t kNow = 1'795'900'000'000;  // 2026-11-28

struct Kiosk {
  DeviceIdentity id = DeviceIdentity::generate();
  Device device() const { return {id.device_id, id.sign_public, "Stand 1", kNow, std::nullopt}; }
};

// Makes StoredRecords from real envelopes: a record from the fixture answers, sealed and signed,
// then prepared (verified, opened, validated) as the hub's ingest does.
struct Maker {
  HubKeys keys = HubKeys::generate(1);
  Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  FormLibrary forms = *FormLibrary::from_forms({form});
  json answers = json::parse(test::read_file(test::fixture("answers/complete-de.json")));
  // The consent text these records name, known to the hub like the real catalogues' texts.
  KnownConsentTexts consent_texts = test::hub_records_consent_texts(form);

  Record record(const Kiosk& kiosk) {
    return test::hub_record(form, to_hex(kiosk.id.device_id), answers);
  }

  StoredRecord stored(const Kiosk& kiosk, const Record& r, std::uint64_t seq) {
    auto plaintext = canonical_json(r);
    REQUIRE(plaintext);
    auto envelope = seal_envelope({r.record_id, static_cast<std::uint32_t>(r.record_version),
                                   kiosk.id.device_id, seq, kNow, keys.key_id, form.schema()},
                                  as_bytes(*plaintext), keys.recipient(), kiosk.id);
    REQUIRE(envelope);
    PreparedItem item =
        prepare_envelope(*envelope, kiosk.device(), {keys, forms, {}, &consent_texts}, kNow);
    INFO(item.rejected.reason);
    REQUIRE(item.record);
    return *item.record;
  }
  StoredRecord stored(const Kiosk& kiosk, std::uint64_t seq) {
    return stored(kiosk, record(kiosk), seq);
  }
};

// A record that only the store looks at (no envelope semantics): for tests of thousands of seqs.
StoredRecord synthetic(const Kiosk& kiosk, std::uint64_t seq) {
  StoredRecord r;
  r.record_id = random_array<16>();
  r.record_version = 1;
  r.device_id = kiosk.id.device_id;
  r.seq = seq;
  r.envelope = Bytes(64, 0x42);
  r.envelope_sha256 = sha256(r.envelope);
  r.record_json = "{}";
  r.token_hash = random_array<32>();
  r.event_id = "e";
  r.form_id = "skills-profile";
  r.form_version = 1;
  r.received_at_ms = kNow;
  return r;
}

std::unique_ptr<HubStore> open_store(const std::filesystem::path& file) {
  auto store = open_sqlite_hub_store(file);
  INFO((store ? std::string() : store.error().message));
  REQUIRE(store);
  return std::move(*store);
}

std::vector<IngestStatus> statuses(HubStore& store, const std::vector<StoredRecord>& items) {
  auto out = store.store_batch(items);
  REQUIRE(out);
  REQUIRE(out->size() == items.size());
  std::vector<IngestStatus> s;
  for (const auto& o : *out) s.push_back(o.status);
  return s;
}

std::string pragma(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  std::string value = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return value;
}

void run_sql(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

// Runs the rest of the test case once per backend, each time on a fresh database `hub_db`.
#define FOR_EACH_BACKEND()                                                       \
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres); \
  INFO("backend: " << backend);                                                  \
  HubDatabase hub_db(backend)

TEST_CASE("a new SQLite hub database is ours, in WAL mode, at the current schema") {
  test::TempDir tmp;
  auto store = open_store(tmp / "data" / "hub.db");  // the missing folder is made
  CHECK(pragma(tmp / "data" / "hub.db", "PRAGMA journal_mode") == "wal");
  CHECK(pragma(tmp / "data" / "hub.db", "PRAGMA application_id") ==
        std::to_string(kHubApplicationId));
  CHECK(pragma(tmp / "data" / "hub.db", "PRAGMA user_version") ==
        std::to_string(kHubSchemaVersion));
  CHECK(*store->count_records() == 0);
  CHECK(*store->count_quarantined() == 0);
}

TEST_CASE("kiosks are enrolled once, found, listed and revoked") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Kiosk a, b;
  Device da = a.device(), db = b.device();
  db.name = "Stand 2";
  db.enrolled_at_ms = kNow + 1;
  REQUIRE(store->add_device(da));
  REQUIRE(store->add_device(db));
  auto again = store->add_device(da);
  REQUIRE(!again);
  CHECK(again.error().code == "hub_store.device_exists");

  CHECK(**store->find_device(a.id.device_id) == da);
  CHECK(!*store->find_device(Kiosk().id.device_id));
  CHECK(*store->list_devices() == std::vector<Device>{da, db});

  REQUIRE(store->revoke_device(b.id.device_id, kNow + 10));
  REQUIRE(store->revoke_device(b.id.device_id, kNow + 20));  // the first revocation time stays
  CHECK((*store->find_device(b.id.device_id))->revoked_at_ms == kNow + 10);
  CHECK(!(*store->find_device(a.id.device_id))->revoked_at_ms);
  auto unknown = store->revoke_device(Kiosk().id.device_id, kNow);
  REQUIRE(!unknown);
  CHECK(unknown.error().code == "hub_store.unknown_device");

  REQUIRE(store->touch_device(a.id.device_id, kNow + 99));
  CHECK(store->checkpoint(a.id.device_id)->last_seen_ms == kNow + 99);
  CHECK(store->touch_device(Kiosk().id.device_id, kNow).error().code == "hub_store.unknown_device");
}

TEST_CASE("a revoked kiosk enrolled again with the key it had is trusted again, and only it") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Kiosk a, b;
  Device da = a.device(), db = b.device();
  REQUIRE(store->add_device(da));
  REQUIRE(store->add_device(db));
  REQUIRE(store->revoke_device(b.id.device_id, kNow + 10));
  // Another key under b's id (a copy of its id, not its key): refused, b stays revoked.
  Device forged = db;
  forged.sign_public = da.sign_public;
  CHECK(store->reinstate_device(forged).error().code == "hub_store.unknown_device");
  CHECK((*store->find_device(b.id.device_id))->revoked_at_ms == kNow + 10);
  // A kiosk that is not revoked is not enrolled "again" this way.
  CHECK(store->reinstate_device(da).error().code == "hub_store.unknown_device");

  Device again = db;
  again.name = "Stand 2, wieder da";
  again.enrolled_at_ms = kNow + 30;
  REQUIRE(store->reinstate_device(again));
  CHECK(**store->find_device(b.id.device_id) == again);  // no revocation any more
  CHECK(*store->list_devices() == std::vector<Device>{da, again});
}

TEST_CASE(
    "store_batch: stored once, duplicate on replay, conflict quarantined, gone after erasure") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Maker maker;
  Kiosk kiosk;
  REQUIRE(store->add_device(kiosk.device()));
  const Record r1 = maker.record(kiosk);
  const StoredRecord one = maker.stored(kiosk, r1, 1);
  const StoredRecord two = maker.stored(kiosk, 2);
  const StoredRecord one_resealed = maker.stored(kiosk, r1, 3);  // same record, other bytes

  CHECK(statuses(*store, {one, two}) ==
        std::vector<IngestStatus>{IngestStatus::Stored, IngestStatus::Stored});
  CHECK(statuses(*store, {two, one}) ==
        std::vector<IngestStatus>{IngestStatus::Duplicate, IngestStatus::Duplicate});
  CHECK(statuses(*store, {one_resealed}) == std::vector<IngestStatus>{IngestStatus::Conflict});
  CHECK(*store->count_records() == 2);
  CHECK(*store->count_quarantined() == 1);
  CHECK(*store->record_json(r1.record_id) == one.record_json);  // the first one stays in place

  REQUIRE(*store->tombstone(r1.record_id, "erasure request", kNow));
  CHECK(*store->count_records() == 1);
  CHECK(*store->count_quarantined() == 0);  // the quarantined copy is the person's data too
  CHECK(!*store->record_json(r1.record_id));
  CHECK(statuses(*store, {one, one_resealed}) ==
        std::vector<IngestStatus>{IngestStatus::Gone, IngestStatus::Gone});
  CHECK(*store->count_records() == 1);
  // Erased seqs still count as received: the kiosk is not asked for them again.
  auto cp = store->checkpoint(kiosk.id.device_id);
  CHECK(cp->high_water == 3);
  CHECK(cp->missing.empty());

  // A record erased before it ever arrived (requested at the office) never gets in either.
  const StoredRecord early = maker.stored(kiosk, 4);
  REQUIRE(*store->tombstone(early.record_id, "erasure request", kNow));
  CHECK(statuses(*store, {early}) == std::vector<IngestStatus>{IngestStatus::Gone});
}

TEST_CASE("a new version of a record is stored beside the old one and keeps its profile link") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Maker maker;
  Kiosk kiosk;
  Record r = maker.record(kiosk);
  const StoredRecord v1 = maker.stored(kiosk, r, 1);
  r.record_version = 2;
  r.answers["about"]["place_of_residence"] = "Augsburg-Haunstetten";
  const StoredRecord v2 = maker.stored(kiosk, r, 2);
  CHECK(statuses(*store, {v1, v2}) ==
        std::vector<IngestStatus>{IngestStatus::Stored, IngestStatus::Stored});
  CHECK(*store->count_records() == 1);
  CHECK(json::parse(**store->record_json(r.record_id))["answers"]["about"]["place_of_residence"] ==
        "Augsburg-Haunstetten");
}

TEST_CASE("find_profile finds the newest version by the link's hash, and nothing once erased") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Maker maker;
  Kiosk kiosk;
  const std::string marker = "Profilmarke-7Q2XW";
  maker.answers["about"]["place_of_residence"] = marker;
  Record r = maker.record(kiosk);
  const Sha256 link = profile_token_hash(r.profile_token);
  // Before the kiosk synced, the link leads nowhere.
  CHECK(!*store->find_profile(link));
  const StoredRecord v1 = maker.stored(kiosk, r, 1);
  r.record_version = 2;
  r.answers["about"]["place_of_residence"] = marker + "-v2";
  const StoredRecord v2 = maker.stored(kiosk, r, 2);
  REQUIRE(statuses(*store, {v1, v2}) ==
          std::vector<IngestStatus>{IngestStatus::Stored, IngestStatus::Stored});
  // Another record's link, and a hash that differs in its last bit only, find nothing else.
  maker.answers["about"]["place_of_residence"] = "Augsburg";
  REQUIRE(statuses(*store, {maker.stored(kiosk, 3)}) ==
          std::vector<IngestStatus>{IngestStatus::Stored});

  auto found = store->find_profile(link);
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->record_id == r.record_id);
  CHECK(json::parse((*found)->record_json)["answers"]["about"]["place_of_residence"] ==
        marker + "-v2");
  Sha256 near = link;
  near[31] ^= 0x01;
  CHECK(!*store->find_profile(near));
  CHECK(!*store->find_profile(sha256(as_bytes(r.profile_token + "x"))));

  REQUIRE(*store->tombstone(r.record_id, "erased by the person on their profile page", kNow));
  CHECK(!*store->find_profile(link));
  CHECK(*store->count_records() == 1);
  // Gone from every file (SQLite) or every table (PostgreSQL), not just unlinked.
  CHECK(hub_db.places_containing(marker) == std::vector<std::string>{});
}

TEST_CASE("checkpoint: high water and gaps after out-of-order sequence numbers") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Maker maker;
  Kiosk kiosk;
  REQUIRE(store->add_device(kiosk.device()));
  CHECK(store->checkpoint(kiosk.id.device_id)->max_seen == 0);

  statuses(*store, {maker.stored(kiosk, 1), maker.stored(kiosk, 2)});
  statuses(*store, {maker.stored(kiosk, 5)});
  statuses(*store, {maker.stored(kiosk, 3)});
  auto cp = store->checkpoint(kiosk.id.device_id);
  CHECK(cp->high_water == 3);
  CHECK(cp->missing == Gaps{{4, 4}});
  CHECK(cp->max_seen == 5);

  statuses(*store, {maker.stored(kiosk, 4)});
  cp = store->checkpoint(kiosk.id.device_id);
  CHECK(cp->high_water == 5);
  CHECK(cp->missing.empty());
  CHECK(cp->max_seen == 5);

  // Another kiosk whose first batch was lost: the hub asks from 1.
  Kiosk late;
  statuses(*store, {maker.stored(late, 7), maker.stored(late, 9)});
  cp = store->checkpoint(late.id.device_id);
  CHECK(cp->high_water == 0);
  CHECK(cp->missing == Gaps{{1, 6}, {8, 8}});
  CHECK(cp->max_seen == 9);
  CHECK(store->checkpoint(kiosk.id.device_id)->high_water == 5);  // kiosks do not mix
}

TEST_CASE("checkpoint stays exact with 20,000 seqs in shuffled batches") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Kiosk kiosk;
  // Every seq 1..20,000 except those divisible by 1,000, sent in batches of 500 in a scrambled
  // order (like a transport that reorders), each batch itself out of order.
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t s = 1; s <= 20'000; ++s)
    if (s % 1000 != 0) seqs.push_back(s);
  for (std::size_t i = 0; i < seqs.size(); ++i) std::swap(seqs[i], seqs[(i * 7919) % seqs.size()]);
  for (std::size_t i = 0; i < seqs.size(); i += 500) {
    std::vector<StoredRecord> batch;
    for (std::size_t j = i; j < std::min(seqs.size(), i + 500); ++j)
      batch.push_back(synthetic(kiosk, seqs[j]));
    statuses(*store, batch);
  }
  Gaps expected;
  for (std::uint64_t s = 1000; s < 20'000; s += 1000) expected.emplace_back(s, s);
  auto cp = store->checkpoint(kiosk.id.device_id);
  CHECK(cp->high_water == 999);
  CHECK(cp->missing == expected);
  CHECK(cp->max_seen == 19'999);
  CHECK(*store->count_records() == seqs.size());
  // The checkpoint reads one row per gap, not one per record.
  CHECK(hub_db.query("SELECT count(*) FROM device_seq_ranges") == "20");
}

TEST_CASE("a sequence number outside what SQL can hold is rejected, the rest is stored") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Kiosk kiosk;
  auto out = store->store_batch(std::vector<StoredRecord>{
      synthetic(kiosk, 0), synthetic(kiosk, 1), synthetic(kiosk, std::uint64_t{1} << 63)});
  REQUIRE(out);
  CHECK((*out)[0].status == IngestStatus::Rejected);
  CHECK((*out)[0].reason.starts_with("hub_store.bad_seq"));
  CHECK((*out)[1].status == IngestStatus::Stored);
  CHECK((*out)[2].status == IngestStatus::Rejected);
  CHECK(*store->count_records() == 1);
}

TEST_CASE("enrollment tokens work once, and not after they expire") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const auto token = sha256(as_bytes("ENROLL-4711"));
  const auto stale = sha256(as_bytes("ENROLL-0815"));
  REQUIRE(store->add_enroll_token(token, kNow + 600'000));
  REQUIRE(store->add_enroll_token(stale, kNow + 600'000));
  CHECK(store->add_enroll_token(token, kNow + 1).error().code == "hub_store.token_exists");

  CHECK(!*store->consume_enroll_token(sha256(as_bytes("guess")), kNow));
  CHECK(*store->consume_enroll_token(token, kNow + 1000));
  CHECK(!*store->consume_enroll_token(token, kNow + 2000));     // single use
  CHECK(!*store->consume_enroll_token(stale, kNow + 600'000));  // expired at that moment
  CHECK(hub_db.query("SELECT count(*) FROM enroll_tokens") == "0");
  // Only hashes are kept.
  CHECK(hub_db.places_containing("ENROLL-").empty());
}

TEST_CASE("everything survives closing and reopening the hub") {
  FOR_EACH_BACKEND();
  Maker maker;
  Kiosk kiosk;
  const StoredRecord one = maker.stored(kiosk, 1);
  const StoredRecord three = maker.stored(kiosk, 3);
  {
    auto store = open_store(hub_db);
    REQUIRE(store->add_device(kiosk.device()));
    statuses(*store, {one, three});
    REQUIRE(store->add_enroll_token(sha256(as_bytes("t")), kNow + 1000));
  }
  auto store = open_store(hub_db);
  CHECK(*store->count_records() == 2);
  CHECK(*store->record_json(one.record_id) == one.record_json);
  CHECK(*store->find_device(kiosk.id.device_id) == kiosk.device());
  auto cp = store->checkpoint(kiosk.id.device_id);
  CHECK(cp->high_water == 1);
  CHECK(cp->missing == Gaps{{2, 2}});
  CHECK(statuses(*store, {three}) == std::vector<IngestStatus>{IngestStatus::Duplicate});
  CHECK(*store->consume_enroll_token(sha256(as_bytes("t")), kNow));
}

TEST_CASE("a file that is not a database is refused and left unchanged") {
  test::TempDir tmp;
  const std::string text = "name;skills\nnot a database\n";
  test::write_file(tmp / "hub.db", text);
  auto store = open_sqlite_hub_store(tmp / "hub.db");
  REQUIRE(!store);
  CHECK(store.error().code == "hub_store.not_a_database");
  CHECK(store.error().message.find("left as it is") != std::string::npos);
  CHECK(test::read_file(tmp / "hub.db") == text);
}

TEST_CASE("another program's SQLite database, or the kiosk's, is refused and left unchanged") {
  test::TempDir tmp;
  run_sql(tmp / "other.db",
          "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x');"
          "PRAGMA application_id=1397310280;");  // "SICH": the kiosk's database
  const std::string before = test::read_file(tmp / "other.db");
  auto store = open_sqlite_hub_store(tmp / "other.db");
  REQUIRE(!store);
  CHECK(store.error().code == "hub_store.foreign_database");
  CHECK(test::read_file(tmp / "other.db") == before);
  CHECK(!std::filesystem::exists(tmp / "other.db-wal"));
}

TEST_CASE("a hub database from a newer version is refused, not downgraded") {
  test::TempDir tmp;
  open_store(tmp / "hub.db").reset();
  run_sql(tmp / "hub.db", "PRAGMA user_version=99");
  const std::string before = test::read_file(tmp / "hub.db");
  auto store = open_sqlite_hub_store(tmp / "hub.db");
  REQUIRE(!store);
  CHECK(store.error().code == "hub_store.newer_schema");
  CHECK(store.error().message.find("update the hub") != std::string::npos);
  CHECK(test::read_file(tmp / "hub.db") == before);
}

TEST_CASE("a damaged hub database is refused and left unchanged") {
  test::TempDir tmp;
  {
    auto store = open_store(tmp / "hub.db");
    std::vector<StoredRecord> batch;
    Kiosk kiosk;
    for (std::uint64_t s = 1; s <= 200; ++s) batch.push_back(synthetic(kiosk, s));
    statuses(*store, batch);
  }  // closing folds the WAL into the file
  std::string bytes = test::read_file(tmp / "hub.db");
  REQUIRE(bytes.size() > 16384);
  for (std::size_t i = 4096; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xEE);
  test::write_file(tmp / "hub.db", bytes);
  auto store = open_sqlite_hub_store(tmp / "hub.db");
  REQUIRE(!store);
  CHECK(store.error().code == "hub_store.corrupt");
  CHECK(test::read_file(tmp / "hub.db") == bytes);
}

TEST_CASE("store_batch takes 1,000 records in one call") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Maker maker;
  Kiosk kiosk;
  std::vector<StoredRecord> batch;
  for (std::uint64_t s = 1; s <= 1000; ++s) batch.push_back(maker.stored(kiosk, s));
  const auto start = std::chrono::steady_clock::now();
  auto out = store->store_batch(batch);
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  REQUIRE(out);
  for (const auto& o : *out) REQUIRE(o.status == IngestStatus::Stored);
  CHECK(*store->count_records() == 1000);
  CHECK(store->checkpoint(kiosk.id.device_id)->high_water == 1000);
  WARN("store_batch of 1,000 real records: " << ms.count() << " ms");
  // The replay of the whole batch changes nothing.
  auto replay = store->store_batch(batch);
  REQUIRE(replay);
  for (const auto& o : *replay) REQUIRE(o.status == IngestStatus::Duplicate);
  CHECK(*store->count_records() == 1000);
}

TEST_CASE("several threads storing the same records at once store each exactly once") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  Kiosk kiosk;
  std::vector<StoredRecord> records;
  for (std::uint64_t s = 1; s <= 200; ++s) records.push_back(synthetic(kiosk, s));
  // Four "connections" push the same records (retries crossing each other) in batches of 20.
  std::vector<std::vector<ItemOutcome>> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < records.size(); i += 20) {
        auto out = store->store_batch(std::span(records).subspan(i, 20));
        if (out) results[t].insert(results[t].end(), out->begin(), out->end());
        (void)store->checkpoint(kiosk.id.device_id);
      }
    });
  for (auto& th : threads) th.join();
  std::size_t stored = 0, duplicates = 0;
  for (const auto& r : results) {
    REQUIRE(r.size() == records.size());
    for (const auto& o : r) (o.status == IngestStatus::Stored ? stored : duplicates)++;
  }
  CHECK(stored == records.size());
  CHECK(duplicates == records.size() * 3);
  CHECK(*store->count_records() == records.size());
  CHECK(store->checkpoint(kiosk.id.device_id)->high_water == 200);
}

// --- PostgreSQL only -----------------------------------------------------------------------

namespace {

// A synthetic record (random profile token, the same envelope bytes as every other) with the
// given profile token and envelope bytes of its own, so its quarantined copy is not mistaken for
// another's.
StoredRecord with_token(StoredRecord r, const Sha256& token_hash) {
  r.token_hash = token_hash;
  const auto unique = random_array<16>();
  r.envelope.insert(r.envelope.end(), unique.begin(), unique.end());
  r.envelope_sha256 = sha256(r.envelope);
  return r;
}

// The pid of the backend serving the hub's connection on this database (its application name is
// sichtbar-hub), seen from an admin connection.
std::string hub_backend_pid(const HubDatabase& db) {
  return db.query(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
      "application_name = 'sichtbar-hub' AND pid <> pg_backend_pid() LIMIT 1");
}

}  // namespace

TEST_CASE("a new PostgreSQL hub database is ours, at the current schema, made once") {
  HubDatabase db(HubBackend::Postgres);
  auto store = open_store(db);
  CHECK(db.query("SELECT version FROM sichtbar_schema WHERE application = 'sichtbar-hub'") ==
        std::to_string(kHubSchemaVersion));
  CHECK(db.query("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM "
                 "information_schema.tables WHERE table_schema = current_schema()") ==
        "audit_log,case_entries,cases,consent_texts,device_seq_ranges,devices,different_pairs,"
        "enroll_tokens,"
        "events,hub_state,occupation_codings,office_users,offices,persons,profile_tokens,"
        "quarantine,recognition_maps,record_index,records,sichtbar_schema,tombstones");
  CHECK(*store->count_records() == 0);
  CHECK(*store->count_quarantined() == 0);
  // Every text arrives as UTF-8, whatever the client's locale says.
  CHECK(db.query("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = "
                 "current_database()") == "UTF8");
  // A second hub on the same database finds the schema made and changes nothing.
  auto second = open_store(db);
  CHECK(db.query("SELECT count(*) FROM sichtbar_schema") == "1");
}

TEST_CASE("PostgreSQL: a second store on the same database sees what the first one did") {
  // Two store objects are two connections: what two hub processes sharing a database are.
  HubDatabase db(HubBackend::Postgres);
  auto a = open_store(db);
  auto b = open_store(db);
  Maker maker;
  Kiosk kiosk;
  REQUIRE(a->add_device(kiosk.device()));
  CHECK(*b->find_device(kiosk.id.device_id) == kiosk.device());
  CHECK(b->add_device(kiosk.device()).error().code == "hub_store.device_exists");

  const Record r1 = maker.record(kiosk);
  const StoredRecord one = maker.stored(kiosk, r1, 1);
  const StoredRecord two = maker.stored(kiosk, 2);
  CHECK(statuses(*a, {one, two}) ==
        std::vector<IngestStatus>{IngestStatus::Stored, IngestStatus::Stored});
  CHECK(*b->count_records() == 2);
  CHECK(*b->record_json(r1.record_id) == one.record_json);
  CHECK(statuses(*b, {one}) == std::vector<IngestStatus>{IngestStatus::Duplicate});
  CHECK(statuses(*b, {maker.stored(kiosk, r1, 3)}) ==
        std::vector<IngestStatus>{IngestStatus::Conflict});
  CHECK(*a->count_quarantined() == 1);
  CHECK(a->checkpoint(kiosk.id.device_id)->high_water == 3);

  // Erased through one hub: gone for the other.
  REQUIRE(*b->tombstone(r1.record_id, "erasure request", kNow));
  CHECK(!*a->tombstone(r1.record_id, "erasure request", kNow));
  CHECK(statuses(*a, {one}) == std::vector<IngestStatus>{IngestStatus::Gone});
  CHECK(*a->count_quarantined() == 0);

  // An enrollment token works once across hubs.
  const auto token = sha256(as_bytes("ENROLL-SHARED"));
  REQUIRE(a->add_enroll_token(token, kNow + 60'000));
  CHECK(b->add_enroll_token(token, kNow + 60'000).error().code == "hub_store.token_exists");
  CHECK(*b->consume_enroll_token(token, kNow));
  CHECK(!*a->consume_enroll_token(token, kNow));

  REQUIRE(a->revoke_device(kiosk.id.device_id, kNow + 5));
  REQUIRE(b->revoke_device(kiosk.id.device_id, kNow + 9));
  CHECK((*b->find_device(kiosk.id.device_id))->revoked_at_ms == kNow + 5);
}

TEST_CASE("PostgreSQL: two hubs storing the same batches at once store each record once") {
  HubDatabase db(HubBackend::Postgres);
  constexpr std::size_t kHubs = 3;
  std::vector<std::unique_ptr<HubStore>> hubs;
  for (std::size_t h = 0; h < kHubs; ++h) hubs.push_back(open_store(db));
  Kiosk kiosk, other;
  std::vector<StoredRecord> records;
  for (std::uint64_t s = 1; s <= 300; ++s) records.push_back(synthetic(s % 3 ? kiosk : other, s));
  // Each hub gets the same batches of 30, the first in order, the next in reverse order, the
  // last from the middle out: retries crossing each other through several hubs, and batches that
  // lock the same records from both ends at once.
  std::vector<std::vector<ItemOutcome>> results(kHubs);
  std::vector<std::string> errors(kHubs);
  std::vector<std::thread> threads;
  for (std::size_t h = 0; h < kHubs; ++h)
    threads.emplace_back([&, h] {
      const std::size_t batches = records.size() / 30;
      for (std::size_t n = 0; n < batches; ++n) {
        const std::size_t i = h == 0 ? n : h == 1 ? batches - 1 - n : (n + batches / 2) % batches;
        std::vector<StoredRecord> batch(records.begin() + static_cast<long>(i * 30),
                                        records.begin() + static_cast<long>(i * 30 + 30));
        if (h == 1) std::reverse(batch.begin(), batch.end());
        auto out = hubs[h]->store_batch(batch);
        if (!out) {
          errors[h] = out.error().message;
          return;
        }
        results[h].insert(results[h].end(), out->begin(), out->end());
      }
    });
  for (auto& th : threads) th.join();
  std::size_t stored = 0, duplicates = 0;
  for (std::size_t h = 0; h < kHubs; ++h) {
    INFO(errors[h]);
    REQUIRE(errors[h].empty());
    REQUIRE(results[h].size() == records.size());
    for (const auto& o : results[h]) {
      REQUIRE((o.status == IngestStatus::Stored || o.status == IngestStatus::Duplicate));
      (o.status == IngestStatus::Stored ? stored : duplicates)++;
    }
  }
  CHECK(stored == records.size());
  CHECK(duplicates == records.size() * (kHubs - 1));
  CHECK(*hubs[0]->count_records() == records.size());
  CHECK(db.query("SELECT count(*) FROM records") == std::to_string(records.size()));
  CHECK(*hubs[0]->count_quarantined() == 0);
  // The sequence ranges were merged by three hubs at once and still hold one row per kiosk.
  auto cp = hubs[1]->checkpoint(kiosk.id.device_id);
  CHECK(cp->max_seen == 299);
  CHECK(cp->missing.size() == 99);  // 3, 6, ..., 297 went to the other kiosk
  CHECK(hubs[2]->checkpoint(other.id.device_id)->missing.size() == 100);
  CHECK(db.query("SELECT count(*) FROM device_seq_ranges") == "200");
}

// 50 rounds: in each, the two records `pair` makes for the round arrive at two hubs on one
// PostgreSQL database at the same moment. One is stored, the other quarantined, never both.
static void race_two_hubs(
    const HubDatabase& db, HubStore& a, HubStore& b,
    const std::function<std::pair<StoredRecord, StoredRecord>(std::uint64_t)>& pair) {
  std::size_t stored = 0, conflicts = 0;
  for (std::uint64_t round = 0; round < 50; ++round) {
    const auto [x, y] = pair(round);
    Result<std::vector<ItemOutcome>> out_a, out_b;
    std::thread ta([&] { out_a = a.store_batch(std::vector<StoredRecord>{x}); });
    std::thread tb([&] { out_b = b.store_batch(std::vector<StoredRecord>{y}); });
    ta.join();
    tb.join();
    REQUIRE(out_a);
    REQUIRE(out_b);
    const IngestStatus sa = (*out_a)[0].status, sb = (*out_b)[0].status;
    CHECK(((sa == IngestStatus::Stored && sb == IngestStatus::Conflict) ||
           (sa == IngestStatus::Conflict && sb == IngestStatus::Stored)));
    for (IngestStatus s : {sa, sb}) (s == IngestStatus::Stored ? stored : conflicts)++;
  }
  CHECK(stored == 50);
  CHECK(conflicts == 50);
  CHECK(*a.count_records() == 50);
  CHECK(*b.count_quarantined() == 50);
  CHECK(db.query("SELECT count(*) FROM records") == "50");
}

TEST_CASE("PostgreSQL: two hubs given one profile link on two records at once keep one record") {
  HubDatabase db(HubBackend::Postgres);
  auto a = open_store(db);
  auto b = open_store(db);
  Kiosk kiosk;
  // Two different records carrying the same profile token.
  race_two_hubs(db, *a, *b, [&](std::uint64_t round) {
    const Sha256 token = random_array<32>();
    return std::pair{with_token(synthetic(kiosk, 2 * round + 1), token),
                     with_token(synthetic(kiosk, 2 * round + 2), token)};
  });
  CHECK(db.query("SELECT count(*) FROM profile_tokens") == "50");
}

TEST_CASE("PostgreSQL: two hubs given two records under one kiosk's seq at once keep one record") {
  HubDatabase db(HubBackend::Postgres);
  auto a = open_store(db);
  auto b = open_store(db);
  Kiosk kiosk;
  // Two different records with the same kiosk and seq (a kiosk restored from an old copy, or a
  // forged one). The record locks differ, so only the kiosk's lock, taken before the seq is
  // looked at, keeps both from finding the seq unused.
  race_two_hubs(db, *a, *b, [&](std::uint64_t round) {
    return std::pair{with_token(synthetic(kiosk, round + 1), random_array<32>()),
                     with_token(synthetic(kiosk, round + 1), random_array<32>())};
  });
}

TEST_CASE("PostgreSQL: an erasure at one hub while another stores the record leaves nothing") {
  HubDatabase db(HubBackend::Postgres);
  auto a = open_store(db);
  auto b = open_store(db);
  Kiosk kiosk;
  for (std::uint64_t round = 1; round <= 50; ++round) {
    const StoredRecord r = synthetic(kiosk, round);
    Result<std::vector<ItemOutcome>> stored;
    Result<bool> erased;
    std::thread ta([&] { stored = a->store_batch(std::vector<StoredRecord>{r}); });
    std::thread tb([&] { erased = b->tombstone(r.record_id, "erasure request", kNow); });
    ta.join();
    tb.join();
    REQUIRE(stored);
    REQUIRE(erased);
    CHECK(*erased);
    // Whichever came first: the record is gone now, and stays gone.
    const IngestStatus first = (*stored)[0].status;
    CHECK((first == IngestStatus::Stored || first == IngestStatus::Gone));
    CHECK(!*a->record_json(r.record_id));
    CHECK(statuses(*a, {r}) == std::vector<IngestStatus>{IngestStatus::Gone});
  }
  CHECK(*a->count_records() == 0);
  CHECK(db.query("SELECT count(*) FROM profile_tokens") == "0");
  CHECK(db.query("SELECT count(*) FROM tombstones") == "50");
}

TEST_CASE("PostgreSQL: another program's database is refused and left unchanged") {
  HubDatabase db(HubBackend::Postgres);
  db.execute("CREATE TABLE contacts(name text); INSERT INTO contacts VALUES ('x')");
  auto store = db.open();
  REQUIRE(!store);
  CHECK(store.error().code == "hub_store.foreign_database");
  CHECK(store.error().message.find("left as it is") != std::string::npos);
  CHECK(store.error().message.find(db.database_name()) != std::string::npos);
  CHECK(db.query("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE "
                 "table_schema = current_schema()") == "contacts");
}

TEST_CASE("PostgreSQL: a hub database from a newer version is refused, not downgraded") {
  HubDatabase db(HubBackend::Postgres);
  open_store(db).reset();
  db.execute("UPDATE sichtbar_schema SET version = 99");
  auto store = db.open();
  REQUIRE(!store);
  CHECK(store.error().code == "hub_store.newer_schema");
  CHECK(store.error().message.find("update the hub") != std::string::npos);
  CHECK(db.query("SELECT version FROM sichtbar_schema") == "99");
}

TEST_CASE("PostgreSQL: a missing server, database or login are told apart, without the password") {
  const std::string password = "Pa55-word-of-the-office";
  SECTION("no server listens there") {
    auto store = open_postgres_hub_store("postgresql://sichtbar:" + password +
                                         "@/sichtbar_hub?host=/nonexistent/sichtbar-pg&port=5432");
    REQUIRE(!store);
    CHECK(store.error().code == "hub_store.unreachable");
    CHECK(store.error().message.find("/nonexistent/sichtbar-pg") != std::string::npos);
    CHECK(store.error().message.find("\"sichtbar_hub\"") != std::string::npos);
    CHECK(store.error().message.find(password) == std::string::npos);
  }
  SECTION("the server has no such database") {
    auto store = open_postgres_hub_store(
        test::test_postgres_url("sichtbar_no_such_db", {{"password", password}}));
    REQUIRE(!store);
    CHECK(store.error().code == "hub_store.no_database");
    CHECK(store.error().message.find("\"sichtbar_no_such_db\"") != std::string::npos);
    CHECK(store.error().message.find("createdb") != std::string::npos);
    CHECK(store.error().message.find(password) == std::string::npos);
  }
  SECTION("the password is wrong, or missing; the right one lets the hub in") {
    // pg_cluster.sh asks this role (and only it) for a password.
    HubDatabase db(HubBackend::Postgres);
    db.execute(
        "DO $$ BEGIN CREATE ROLE sichtbar_auth_test LOGIN; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$; "
        "ALTER ROLE sichtbar_auth_test PASSWORD 'the-right-one'");
    auto wrong = open_postgres_hub_store(test::test_postgres_url(
        db.database_name(), {{"user", "sichtbar_auth_test"}, {"password", password}}));
    REQUIRE(!wrong);
    CHECK(wrong.error().code == "hub_store.auth_failed");
    CHECK(wrong.error().message.find("sichtbar_auth_test") != std::string::npos);
    CHECK(wrong.error().message.find(db.database_name()) != std::string::npos);
    CHECK(wrong.error().message.find(password) == std::string::npos);
    auto none = open_postgres_hub_store(
        test::test_postgres_url(db.database_name(), {{"user", "sichtbar_auth_test"}}));
    REQUIRE(!none);
    CHECK(none.error().code == "hub_store.auth_failed");
    // Logged in, but PostgreSQL 15 lets only the database's owner create tables in "public".
    auto in = open_postgres_hub_store(test::test_postgres_url(
        db.database_name(), {{"user", "sichtbar_auth_test"}, {"password", "the-right-one"}}));
    REQUIRE(!in);
    CHECK(in.error().code == "hub_store.read_only");
    CHECK(in.error().message.find("the-right-one") == std::string::npos);
  }
  SECTION("the address does not parse") {
    auto store = open_postgres_hub_store("postgresql://sichtbar:" + password +
                                         "%zz@db.example.org/sichtbar_hub?sslmode=sometimes");
    REQUIRE(!store);
    CHECK(store.error().code == "hub_store.bad_address");
    CHECK(store.error().message.find(password) == std::string::npos);
  }
}

TEST_CASE("PostgreSQL: a hub whose connection was cut connects again on the next call") {
  HubDatabase db(HubBackend::Postgres);
  auto store = open_store(db);
  Kiosk kiosk;
  REQUIRE(store->add_device(kiosk.device()));
  statuses(*store, {synthetic(kiosk, 1)});
  const std::string pid = hub_backend_pid(db);
  REQUIRE(!pid.empty());
  // What a restart of the database server or a network cut looks like to the hub.
  REQUIRE(db.query("SELECT pg_terminate_backend(" + pid + ", 10000)") == "t");
  auto lost = store->count_records();
  REQUIRE(!lost);
  CHECK(lost.error().code == "hub_store.unreachable");
  CHECK(lost.error().message.find(db.database_name()) != std::string::npos);
  // The next calls reconnect, with their prepared statements made again.
  CHECK(*store->count_records() == 1);
  CHECK(statuses(*store, {synthetic(kiosk, 2)}) == std::vector<IngestStatus>{IngestStatus::Stored});
  CHECK(store->checkpoint(kiosk.id.device_id)->high_water == 2);
  CHECK(hub_backend_pid(db) != pid);
}
