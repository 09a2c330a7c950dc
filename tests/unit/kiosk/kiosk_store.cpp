// The kiosk store and its outbox: opening, migrations, settings, refusal of foreign or damaged
// files (left unchanged), and every outbox transition.
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "core/outbox.h"
#include "core/store.h"
#include "support/file_modes.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using sichtbar::test::TempDir;

namespace {

std::array<std::uint8_t, 16> id_of(int n) {
  std::array<std::uint8_t, 16> id{};
  id[15] = static_cast<std::uint8_t>(n);
  id[14] = static_cast<std::uint8_t>(n >> 8);
  id[0] = 0xA5;
  return id;
}

Bytes envelope_of(int n, size_t size = 600) {
  Bytes b(size, static_cast<std::uint8_t>(n));
  // A recognisable marker so a test can look for the bytes on disk after purge.
  const std::string marker = "ENVELOPE-MARKER-" + std::to_string(n) + "-";
  std::copy(marker.begin(), marker.end(), b.begin());
  return b;
}

uint64_t add(KioskStore& store, int n) {
  Outbox outbox(store);
  auto tx = store.begin();
  REQUIRE(tx);
  auto seq = outbox.next_seq();
  REQUIRE(seq);
  REQUIRE(outbox.add_sealed(*seq, id_of(n), envelope_of(n), 1000 + n));
  REQUIRE(tx->commit());
  return *seq;
}

}  // namespace

TEST_CASE("a new store uses WAL, synchronous=FULL, secure_delete and the current schema") {
  TempDir dir;
  auto store = KioskStore::open(dir.path() / "kiosk");
  REQUIRE(store);
  CHECK(store->schema_version() == KioskStore::kSchemaVersion);
  auto pragma = [&](const char* sql) {
    Statement s(store->handle(), sql);
    REQUIRE(s.step() == SQLITE_ROW);
    return s.column_text(0);
  };
  CHECK(pragma("PRAGMA journal_mode") == "wal");
  CHECK(pragma("PRAGMA synchronous") == "2");  // FULL
  CHECK(pragma("PRAGMA secure_delete") == "1");
  CHECK(pragma("PRAGMA temp_store") == "2");  // MEMORY: no temp files with data on disk
}

TEST_CASE("settings and the device identity survive reopening") {
  TempDir dir;
  DeviceIdentity device = DeviceIdentity::generate();
  {
    auto store = KioskStore::open(dir.path());
    REQUIRE(store);
    REQUIRE(store->set_setting("event.name", "Infoabend Augsburg"));
    REQUIRE(store->set_setting("event.name", "Infoabend München"));
    REQUIRE(store->save_device_identity(device, 1));
  }
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  auto name = store->setting("event.name");
  REQUIRE(name);
  CHECK(name->value() == "Infoabend München");
  CHECK(!store->setting("never.set")->has_value());
  auto loaded = store->device_identity();
  REQUIRE(loaded);
  REQUIRE(loaded->has_value());
  CHECK((*loaded)->device_id == device.device_id);
  CHECK((*loaded)->sign_secret == device.sign_secret);
}

TEST_CASE("a file that is not a database is refused and left unchanged") {
  TempDir dir;
  const std::string garbage = "this is a shopping list, not a database\n" + std::string(5000, 'z');
  test::write_file(dir / "kiosk.db", garbage);
  auto store = KioskStore::open(dir.path());
  REQUIRE(!store);
  CHECK(store.error().code == "store.not_a_database");
  CHECK(store.error().message.find("kiosk.db") != std::string::npos);
  CHECK(test::read_file(dir / "kiosk.db") == garbage);
}

TEST_CASE("another program's SQLite database is refused and left unchanged") {
  TempDir dir;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "kiosk.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES('Obatzda')",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string before = test::read_file(dir / "kiosk.db");
  auto store = KioskStore::open(dir.path());
  REQUIRE(!store);
  CHECK(store.error().code == "store.foreign_database");
  CHECK(test::read_file(dir / "kiosk.db") == before);
}

TEST_CASE("a damaged kiosk database is refused and left unchanged") {
  TempDir dir;
  {
    auto store = KioskStore::open(dir.path());
    REQUIRE(store);
    for (int i = 1; i <= 40; ++i) add(*store, i);
    REQUIRE(store->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  // Overwrite the middle of the file (table pages) with junk, keep the header intact.
  std::string bytes = test::read_file(dir / "kiosk.db");
  REQUIRE(bytes.size() > 8192);
  for (size_t i = 4096; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xEE);
  test::write_file(dir / "kiosk.db", bytes);
  auto store = KioskStore::open(dir.path());
  REQUIRE(!store);
  CHECK(store.error().code == "store.corrupt");
  CHECK(test::read_file(dir / "kiosk.db") == bytes);
}

TEST_CASE("a database from a newer version is refused, not downgraded") {
  TempDir dir;
  {
    auto store = KioskStore::open(dir.path());
    REQUIRE(store);
    REQUIRE(store->exec("PRAGMA user_version=99"));
  }
  auto store = KioskStore::open(dir.path());
  REQUIRE(!store);
  CHECK(store.error().code == "store.newer_schema");
}

TEST_CASE("outbox: sequence numbers are never reused, even after purge") {
  TempDir dir;
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  Outbox outbox(*store);
  CHECK(add(*store, 1) == 1);
  CHECK(add(*store, 2) == 2);
  const std::uint64_t both[] = {1, 2};
  REQUIRE(outbox.mark_acknowledged(both, 5));
  REQUIRE(outbox.purge_acknowledged(6));
  CHECK(add(*store, 3) == 3);
}

TEST_CASE("outbox: an envelope goes sealed -> sent -> acknowledged -> purged") {
  TempDir dir;
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  Outbox outbox(*store);
  uint64_t seq = add(*store, 7);
  CHECK(outbox.entry(seq)->state == OutboxState::Sealed);
  CHECK(outbox.counts()->waiting_for_sync() == 1);

  const std::uint64_t one[] = {seq};
  REQUIRE(outbox.mark_sent(one, 10));
  CHECK(outbox.entry(seq)->state == OutboxState::Sent);
  REQUIRE(outbox.mark_sent(one, 11));  // a retry keeps it sent
  CHECK(outbox.entry(seq)->state == OutboxState::Sent);
  CHECK(outbox.entry(seq)->envelope == envelope_of(7));
  CHECK(outbox.counts()->waiting_for_sync() == 1);

  REQUIRE(outbox.mark_acknowledged(one, 12));
  CHECK(outbox.entry(seq)->state == OutboxState::Acknowledged);
  CHECK(outbox.counts()->waiting_for_sync() == 0);
  REQUIRE(outbox.mark_sent(one, 13));  // a late send does not undo the acknowledgement
  CHECK(outbox.entry(seq)->state == OutboxState::Acknowledged);

  auto purged = outbox.purge_acknowledged(14);
  REQUIRE(purged);
  CHECK(*purged == 1);
  auto e = outbox.entry(seq);
  CHECK(e->state == OutboxState::Purged);
  CHECK(e->envelope.empty());
  CHECK(e->sha256 == sha256(envelope_of(7)));  // the hash is kept for the checkpoint
  REQUIRE(outbox.mark_acknowledged(one, 15));  // a repeated ACK changes nothing
  CHECK(outbox.entry(seq)->state == OutboxState::Purged);
}

TEST_CASE("outbox: only acknowledged envelopes are purged, and nothing else is lost") {
  TempDir dir;
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  Outbox outbox(*store);
  for (int i = 1; i <= 5; ++i) add(*store, i);
  const std::uint64_t sent[] = {1, 2, 3};
  const std::uint64_t acked[] = {2};
  REQUIRE(outbox.mark_sent(sent, 1));
  REQUIRE(outbox.mark_acknowledged(acked, 2));
  REQUIRE(*outbox.purge_acknowledged(3) == 1);
  auto waiting = outbox.waiting(100);
  REQUIRE(waiting);
  std::vector<std::uint64_t> seqs;
  for (auto& e : *waiting) {
    seqs.push_back(e.seq);
    CHECK(e.envelope == envelope_of(static_cast<int>(e.seq)));
  }
  CHECK(seqs == std::vector<std::uint64_t>{1, 3, 4, 5});
  auto c = outbox.counts();
  CHECK(c->sealed == 2);
  CHECK(c->sent == 2);
  CHECK(c->purged == 1);
}

TEST_CASE("outbox: purged envelope bytes are gone from every file of the data folder") {
  TempDir dir;
  {
    auto store = KioskStore::open(dir.path());
    REQUIRE(store);
    Outbox outbox(*store);
    for (int i = 1; i <= 3; ++i) add(*store, i);
    REQUIRE(store->exec("PRAGMA wal_checkpoint(TRUNCATE)"));  // bytes now in kiosk.db itself
    CHECK(!test::files_containing(dir.path(), "ENVELOPE-MARKER-2-").empty());
    const std::uint64_t two[] = {2};
    REQUIRE(outbox.mark_acknowledged(two, 1));
    REQUIRE(*outbox.purge_acknowledged(2) == 1);
    CHECK(test::files_containing(dir.path(), "ENVELOPE-MARKER-2-").empty());
    CHECK(!test::files_containing(dir.path(), "ENVELOPE-MARKER-3-").empty());
  }
  CHECK(test::files_containing(dir.path(), "ENVELOPE-MARKER-2-").empty());
}

TEST_CASE("a rolled-back transaction stores nothing") {
  TempDir dir;
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  Outbox outbox(*store);
  {
    auto tx = store->begin();
    REQUIRE(tx);
    REQUIRE(outbox.add_sealed(1, id_of(1), envelope_of(1), 1));
  }  // no commit
  CHECK(outbox.counts()->total() == 0);
}

TEST_CASE("the WAL stays bounded when the kiosk checkpoints between people") {
  TempDir dir;
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  for (int i = 1; i <= 600; ++i) {
    add(*store, i);
    REQUIRE(store->checkpoint_if_due());
  }
  // Each commit adds a few pages; without checkpoints 600 commits would leave thousands.
  const auto wal = std::filesystem::file_size(dir / "kiosk.db-wal");
  CHECK(wal < static_cast<std::uintmax_t>(KioskStore::kCheckpointFrames + 50) * (4096 + 24));
  CHECK(Outbox(*store).counts()->total() == 600);
}

TEST_CASE("outbox: the hub asks again for what it lost, and gets it unless already purged") {
  TempDir dir;
  auto store = KioskStore::open(dir.path());
  REQUIRE(store);
  Outbox outbox(*store);
  for (int i = 1; i <= 4; ++i) add(*store, i);
  const std::uint64_t all[] = {1, 2, 3, 4};
  REQUIRE(outbox.mark_acknowledged(all, 100));
  CHECK(*outbox.acknowledged_through() == 4);
  // Entry 1 was acknowledged long ago and purged; the others are kept a while.
  Statement s(store->handle(), "UPDATE outbox SET acked_at = 1 WHERE seq = 1");
  REQUIRE(s.step() == SQLITE_DONE);
  REQUIRE(*outbox.purge_acknowledged(200, 50) == 1);
  const std::uint64_t lost_at_hub[] = {1, 3, 4};
  auto requeued = outbox.requeue(lost_at_hub);
  REQUIRE(requeued);
  CHECK(requeued->count == 2);
  CHECK(requeued->purged == std::vector<std::uint64_t>{1});
  CHECK(*outbox.acknowledged_through() == 2);
  auto again = outbox.waiting_after(0, 10);
  REQUIRE(again);
  REQUIRE(again->size() == 2);
  CHECK((*again)[0].envelope == envelope_of(3));  // byte-identical to what was sent before
  CHECK(outbox.waiting_after(3, 10)->size() == 1);
  CHECK(*outbox.last_seq() == 4);
}

TEST_CASE("with umask 022 a fresh kiosk makes only private files and folders") {
  TempDir dir;
  const test::ScopedUmask careless(022);
  // The data folder with a parent the kiosk makes too, as on a fresh SD card.
  auto store = KioskStore::open(dir.path() / "var" / "kiosk");
  REQUIRE(store);
  REQUIRE(store->save_device_identity(DeviceIdentity::generate(), 1));
  REQUIRE(store->set_setting("event.name", "Infoabend Augsburg"));
  // Stat'ed while the database is open: the WAL and shared-memory files hold the signing key too.
  const auto names = test::files_under(dir.path());
  INFO("files: " << Catch::Detail::stringify(names));
  for (const char* expected : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  const auto readable = test::not_private_under(dir.path());
  INFO(Catch::Detail::stringify(readable));
  CHECK(readable.empty());
}

TEST_CASE("a kiosk started on a database an older kiosk left readable makes it private") {
  TempDir dir;
  {
    auto store = KioskStore::open(dir.path() / "kiosk");
    REQUIRE(store);
    REQUIRE(store->save_device_identity(DeviceIdentity::generate(), 1));
  }
  std::filesystem::permissions(dir.path() / "kiosk", std::filesystem::perms(0755));
  std::filesystem::permissions(dir.path() / "kiosk" / "kiosk.db", std::filesystem::perms(0644));
  auto store = KioskStore::open(dir.path() / "kiosk");
  REQUIRE(store);
  CHECK(test::mode_of(dir.path() / "kiosk") == 0700);
  CHECK(test::mode_of(dir.path() / "kiosk" / "kiosk.db") == 0600);
  CHECK(test::mode_of(dir.path() / "kiosk" / "kiosk.db-wal") == 0600);
}
