// The erasure ledger (hub/erasure_ledger.h) as the mistakes it stands against, on both backends:
// a profile erased (by its person or by the office: both are the store's tombstone) comes back
// neither from a database restored to before the erasure, nor from a kiosk that sends it again;
// a torn last line of the ledger is skipped and the hub still starts; a ledger that cannot be
// written makes the erasure fail instead of half happening. The hub is opened as every verb of
// sichtbar-hub opens it (open_hub_store); the restore is the database without the tombstone and
// with the record, as an older copy or pg_dump has it.
#include "hub/erasure_ledger.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "domain/form_library.h"
#include "domain/record.h"
#include "domain/validate.h"
#include "hub/hub_files.h"
#include "hub/ingest.h"
#include "protocol/envelope.h"
#include "support/hub_backends.h"
#include "support/hub_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using nlohmann::json;
using test::HubBackend;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1'795'900'000'000;  // 2026-11-28

struct Kiosk {
  DeviceIdentity id = DeviceIdentity::generate();
  std::uint64_t next_seq = 1;
};

// One hub on a fresh database of one backend, with its key folder beside it.
struct Hub {
  explicit Hub(HubBackend backend) : db(backend) {
    settings.keys = db.folder() / "keys";
    settings.database = db.location();
  }
  test::HubDatabase db;
  HubSettings settings;
  HubKeys keys = HubKeys::generate(1);
  Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  FormLibrary forms = *FormLibrary::from_forms({form});
  // The consent text these records name (record() below), known to the hub as a real one is.
  KnownConsentTexts consent_texts = test::hub_records_consent_texts(form);
  std::unique_ptr<HubStore> store;

  // What `sichtbar-hub serve` does at its start.
  void start() {
    store.reset();
    auto opened = open_hub_store(settings);
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened);
    store = std::move(*opened);
  }
  fs::path ledger() const { return erasure_ledger_file(settings); }

  Record record(const Kiosk& kiosk, const std::string& name) {
    json answers = json::parse(test::read_file(test::fixture("answers/complete-de.json")));
    answers["about"]["name"] = name;
    return test::hub_record(form, to_hex(kiosk.id.device_id), answers);
  }
  Bytes seal(Kiosk& kiosk, const Record& r) {
    auto plaintext = canonical_json(r);
    REQUIRE(plaintext);
    auto envelope =
        seal_envelope({r.record_id, static_cast<std::uint32_t>(r.record_version),
                       kiosk.id.device_id, kiosk.next_seq++, kNow, keys.key_id, form.schema()},
                      as_bytes(*plaintext), keys.recipient(), kiosk.id);
    REQUIRE(envelope);
    return *envelope;
  }
  // A kiosk's push, as the sync API hands it to ingest: the outcome its ACK carries.
  ItemOutcome push(HubStore& to, const Kiosk& kiosk, const Bytes& envelope) {
    const ByteView view = envelope;
    auto parsed = parse_envelope(envelope);
    REQUIRE(parsed);
    const std::uint64_t seq = parsed->header.seq;
    auto out = ingest_batch(to, kiosk.id.device_id, std::span<const ByteView>(&view, 1),
                            std::span<const std::uint64_t>(&seq, 1),
                            {keys, forms, {}, &consent_texts}, kNow);
    REQUIRE(out);
    REQUIRE(out->size() == 1);
    return (*out)[0].outcome;
  }
  void enroll(const Kiosk& k) {
    REQUIRE(store->add_device({k.id.device_id, k.id.sign_public, "Stand 1", kNow, std::nullopt}));
  }
  // The office's search for a name.
  std::uint64_t found_by_search(const std::string& word) {
    RecordFilter f;
    f.text = word;
    auto page = store->search_records(f);
    REQUIRE(page);
    return page->total;
  }

  // The database as an older backup has it: the erased records back, their tombstones gone, and
  // only the seqs it had seen (here: those of the records it holds, stored again below).
  // (SQLite: what copying last night's file back gives; PostgreSQL: what pg_restore gives.)
  void restore_old_copy(const std::vector<std::pair<Kiosk*, Bytes>>& envelopes) {
    db.execute("DELETE FROM tombstones");
    db.execute("DELETE FROM device_seq_ranges");
    auto plain = db.open();  // a store without the ledger: the database alone
    REQUIRE(plain);
    for (const auto& [kiosk, envelope] : envelopes)
      REQUIRE(push(**plain, *kiosk, envelope).status == IngestStatus::Stored);
  }
};

#define FOR_EACH_BACKEND()                                                       \
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres); \
  INFO("backend: " << backend);                                                  \
  Hub hub(backend)

}  // namespace

TEST_CASE("profiles erased before a restore stay erased after the next start, and a resend too") {
  FOR_EACH_BACKEND();
  hub.start();
  Kiosk kiosk;
  hub.enroll(kiosk);
  const Record by_person = hub.record(kiosk, "Ayaan Warsame");
  const Record by_office = hub.record(kiosk, "Bashir Nuur");
  const Record kept = hub.record(kiosk, "Bleibt Hier");
  const Bytes e1 = hub.seal(kiosk, by_person), e2 = hub.seal(kiosk, by_office),
              e3 = hub.seal(kiosk, kept);
  for (const Bytes* e : {&e1, &e2, &e3})
    REQUIRE(hub.push(*hub.store, kiosk, *e).status == IngestStatus::Stored);

  // The person on their profile page, and the office with a reason (server.cpp, office.cpp).
  REQUIRE(*hub.store->tombstone(by_person.record_id, "erased by the person on their profile page",
                                kNow));
  REQUIRE(
      *hub.store->tombstone(by_office.record_id, "erased by the office (see the audit log)", kNow));
  CHECK(*hub.store->count_records() == 1);
  // The ledger names both, and nothing about the people.
  const std::string ledger = test::read_file(hub.ledger());
  CHECK(ledger.find(to_hex(by_person.record_id)) != std::string::npos);
  CHECK(ledger.find(to_hex(by_office.record_id)) != std::string::npos);
  CHECK(ledger.find(to_hex(kept.record_id)) == std::string::npos);
  CHECK(ledger.find("Ayaan") == std::string::npos);
  CHECK(ledger.find("Bashir") == std::string::npos);

  // The disk failed; last night's copy of the database is put back. It holds both profiles.
  hub.store.reset();
  hub.restore_old_copy({{&kiosk, e1}, {&kiosk, e2}});
  CHECK(!hub.db.places_containing("Ayaan Warsame").empty());

  hub.start();
  CHECK(*hub.store->count_records() == 1);
  CHECK(!*hub.store->find_record(by_person.record_id));
  CHECK(!*hub.store->find_record(by_office.record_id));
  // The profile link shows the neutral page (nothing found), the office's search finds neither.
  CHECK(!*hub.store->find_profile(profile_token_hash(by_person.profile_token)));
  CHECK(!*hub.store->find_profile(profile_token_hash(by_office.profile_token)));
  CHECK(hub.found_by_search("Ayaan") == 0);
  CHECK(hub.found_by_search("Bashir") == 0);
  CHECK(hub.found_by_search("Bleibt") == 1);
  CHECK(*hub.store->find_profile(profile_token_hash(kept.profile_token)));
  // Erased from the storage again, not just hidden.
  CHECK(hub.db.places_containing("Ayaan Warsame").empty());
  CHECK(hub.db.places_containing("Bashir Nuur").empty());

  // A kiosk restored from its own backup sends both again: acknowledged as gone (so it stops
  // sending), never stored.
  for (const Bytes* e : {&e1, &e2}) {
    const ItemOutcome out = hub.push(*hub.store, kiosk, *e);
    CHECK(out.status == IngestStatus::Gone);
  }
  CHECK(*hub.store->count_records() == 1);
  CHECK(hub.db.places_containing("Ayaan Warsame").empty());
}

TEST_CASE("a database restored while the hub runs shows no erased profile and takes no resend") {
  FOR_EACH_BACKEND();
  hub.start();
  Kiosk kiosk;
  hub.enroll(kiosk);
  const Record r = hub.record(kiosk, "Ayaan Warsame");
  const Bytes e = hub.seal(kiosk, r);
  REQUIRE(hub.push(*hub.store, kiosk, e).status == IngestStatus::Stored);
  REQUIRE(*hub.store->tombstone(r.record_id, "erased by the person on their profile page", kNow));

  // pg_restore of an older dump under the running hub (or a copy of the tombstone-less rows).
  hub.restore_old_copy({{&kiosk, e}});
  // The running hub does not show it, and a kiosk's resend is acknowledged as gone.
  CHECK(!*hub.store->find_profile(profile_token_hash(r.profile_token)));
  CHECK(!*hub.store->find_record(r.record_id));
  CHECK(!*hub.store->record_json(r.record_id));
  CHECK(hub.push(*hub.store, kiosk, e).status == IngestStatus::Gone);
}

TEST_CASE("erasures from before the ledger existed are added to it at the first start") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  const Record r = hub.record(kiosk, "Ayaan Warsame");
  {
    // A hub of the version before: its database has the tombstone, no ledger exists.
    auto plain = hub.db.open();
    REQUIRE(plain);
    REQUIRE(*(*plain)->tombstone(r.record_id, "erased by the office (see the audit log)", kNow));
  }
  REQUIRE(!fs::exists(hub.ledger()));
  hub.start();
  auto ledger = ErasureLedger::open(hub.ledger());
  REQUIRE(ledger);
  CHECK((*ledger)->contains(r.record_id));
}

TEST_CASE("a torn last line of the ledger is skipped, the hub starts, the next line is whole") {
  FOR_EACH_BACKEND();
  hub.start();
  Kiosk kiosk;
  hub.enroll(kiosk);
  const Record first = hub.record(kiosk, "Ayaan Warsame");
  const Record second = hub.record(kiosk, "Bashir Nuur");
  const Bytes e1 = hub.seal(kiosk, first), e2 = hub.seal(kiosk, second);
  REQUIRE(hub.push(*hub.store, kiosk, e1).status == IngestStatus::Stored);
  REQUIRE(hub.push(*hub.store, kiosk, e2).status == IngestStatus::Stored);
  REQUIRE(*hub.store->tombstone(first.record_id, "erased by the person", kNow));
  hub.store.reset();
  // A power cut in the middle of the next line's write: half a record id, no line feed.
  test::write_file(hub.ledger(),
                   test::read_file(hub.ledger()) + to_hex(second.record_id).substr(0, 20));

  hub.start();  // does not refuse
  CHECK(!*hub.store->find_record(first.record_id));
  {
    auto ledger = ErasureLedger::open(hub.ledger());
    REQUIRE(ledger);
    CHECK((*ledger)->damaged_lines() == 1);
    CHECK((*ledger)->size() == 1);
  }
  // The next erasure starts a line of its own, so it is not glued to the torn one.
  REQUIRE(*hub.store->tombstone(second.record_id, "erased by the person", kNow));
  hub.store.reset();
  auto ledger = ErasureLedger::open(hub.ledger());
  REQUIRE(ledger);
  CHECK((*ledger)->contains(second.record_id));
  CHECK((*ledger)->damaged_lines() == 1);
}

TEST_CASE("an erasure the ledger cannot keep fails visibly and erases nothing") {
  FOR_EACH_BACKEND();
  hub.start();
  Kiosk kiosk;
  hub.enroll(kiosk);
  const Record r = hub.record(kiosk, "Ayaan Warsame");
  REQUIRE(hub.push(*hub.store, kiosk, hub.seal(kiosk, r)).status == IngestStatus::Stored);
  // The ledger's place cannot take a line (here: a folder where the file was).
  fs::remove(hub.ledger());
  fs::create_directory(hub.ledger());

  auto erased = hub.store->tombstone(r.record_id, "erased by the person", kNow);
  REQUIRE(!erased);
  CHECK(erased.error().code == "erasure_ledger.write_failed");
  CHECK(erased.error().message.find(hub.ledger().string()) != std::string::npos);
  // Not reported erased, and not half erased: the profile is still there for a second try.
  CHECK(*hub.store->find_record(r.record_id));
  CHECK(*hub.store->find_profile(profile_token_hash(r.profile_token)));
}

TEST_CASE("a ledger the hub cannot read keeps the hub from starting") {
  FOR_EACH_BACKEND();
  fs::create_directories(hub.ledger());  // not a file
  auto opened = open_hub_store(hub.settings);
  REQUIRE(!opened);
  CHECK(opened.error().code == "erasure_ledger.unreadable");
}
