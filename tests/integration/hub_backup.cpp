// `sichtbar-hub backup` and `restore` the way an office lives them, on both backends, with a real
// `sichtbar-hub serve` and a real kiosk: the nightly backup taken while a kiosk sends 10,000
// profiles, the disk lost, the backup restored on a new one, and the kiosk's next sync bringing
// back what was newer (it keeps what the hub confirmed for 7 days): every profile exactly once.
// An erasure made after the backup stays erased; a damaged backup, a running hub and a backup
// folder that exists are refused, and nothing changes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "base/bytes.h"
#include "core/finish.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/catalogue.h"
#include "domain/form_library.h"
#include "support/hub_backends.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
namespace fs = std::filesystem;

namespace {

const std::string kUnknownToken = "AAAAAAAAAAAAAAAAAAAAAA";

// n profiles finished on the kiosk as its finish button finishes them (finish_profile: sealed,
// signed, one commit each), without a process per profile; their record ids in hex.
std::vector<std::string> finish_many(const Kiosk& kiosk, int n) {
  auto store = KioskStore::open(kiosk.data);
  REQUIRE(store);
  // The one thing not as at an event: no fsync per profile on this connection (10,000 of them
  // took a minute). Power loss is not what this test is about; what is stored is the same.
  REQUIRE(store->exec("PRAGMA synchronous=OFF"));
  auto setup = KioskSetup::load(*store);
  REQUIRE(setup);
  auto device = ensure_device_identity(*store);
  REQUIRE(device);
  auto forms = FormLibrary::load(form_folder(asset("forms").parent_path(), kProfileFormId));
  REQUIRE(forms);
  auto german = Catalogue::load_locale(asset("i18n"), "de");
  REQUIRE(german);
  const auto answers = nlohmann::json::parse(read_file(asset("demo/profile-de.json")))["answers"];
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    Draft draft = Draft::start("de", std::chrono::system_clock::now());
    draft.answers = answers;
    auto done = finish_profile(*store, {forms->latest(), *german, *device, *setup}, draft,
                               std::chrono::system_clock::now());
    INFO((done ? "" : done.error().message));
    REQUIRE(done);
    ids.push_back(to_hex(done->record_id));
  }
  return ids;
}

// The hub's stored rows of records (every version; here each record has one) and the record ids.
std::uint64_t record_rows(const HubDatabase& db) {
  return std::stoull(db.query("SELECT count(*) FROM records"));
}
std::set<std::string> record_ids(const HubDatabase& db) {
  auto store = open_store(db);
  hub::RecordFilter all;
  all.limit = 0;
  auto page = store->search_records(all);
  REQUIRE(page);
  std::set<std::string> ids;
  for (const auto& row : page->rows) ids.insert(to_hex(row.record_id));
  return ids;
}

// The bytes of every file under folder (name -> content): "unchanged" down to the byte.
std::map<std::string, std::string> files_under(const fs::path& folder) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(folder, ec))
    if (entry.is_regular_file()) files[entry.path().string()] = read_file(entry.path());
  return files;
}

// An office on backend with a kiosk enrolled and a login, as KioskOffice, with the backup's
// helpers.
struct BackedUpOffice {
  HubDatabase db;
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};

  explicit BackedUpOffice(HubBackend backend) : db(backend), office(false, {}, db.location()) {
    kiosk.enroll(office);
  }
  RunResult sync() { return kiosk.run({"sync"}); }
  RunResult backup(const fs::path& dest) { return office.hub({"backup", dest.string()}); }
  RunResult restore(const fs::path& source, bool replace = false) {
    std::vector<std::string> args = {"restore", source.string()};
    if (replace) args.push_back("--replace");
    return office.hub(args);
  }
  // What a restore must leave as it was: the database's rows and schemas (PostgreSQL) or the
  // files of its folder (SQLite), the keys folder and the ledger.
  std::string target_state() {
    std::string state = std::to_string(record_rows(db)) + "|" +
                        db.query("SELECT count(*) FROM office_users") + "|";
    if (db.backend() == HubBackend::Postgres)
      state += db.query(
          "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname "
          "LIKE 'sichtbar%'");
    for (const auto& [name, bytes] : files_under(db.folder().path()))
      state += name + ":" + to_hex(sha256(as_bytes(bytes))) + ",";
    for (const auto& [name, bytes] : files_under(office.tmp_ / "keys"))
      state += name + ":" + to_hex(sha256(as_bytes(bytes))) + ",";
    return state;
  }
};

}  // namespace

TEST_CASE("a backup taken while a kiosk sends 10,000 profiles, restored on a new disk, gets every "
          "profile exactly once after the kiosk syncs again") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend_name(backend));
  BackedUpOffice o(backend);
  const std::vector<std::string> first = finish_many(o.kiosk, 10'000);

  // The nightly backup while the kiosk's sync is storing: started once the hub holds some.
  auto syncing = std::async(std::launch::async, [&] { return o.sync(); });
  while (record_rows(o.db) == 0 &&
         syncing.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
  }
  const fs::path backup = o.office.tmp_ / "backup-night";
  const RunResult backed_up = o.backup(backup);
  INFO(backed_up.out << backed_up.err);
  REQUIRE(backed_up.exit_code == 0);
  const RunResult synced = syncing.get();
  INFO(synced.out << synced.err);
  REQUIRE(synced.exit_code == 0);
  REQUIRE(record_rows(o.db) == 10'000);
  // The backup holds the hub as of one moment: some of the profiles, each one whole.
  const fs::path database_file =
      backup / (backend == HubBackend::Sqlite ? "hub.db" : "hub.pgdump");
  REQUIRE(fs::exists(database_file));
  CHECK((fs::status(backup).permissions() & fs::perms::all) == fs::perms::owner_all);
  CHECK((fs::status(database_file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));

  // The day goes on: more profiles after the backup, synced.
  const std::vector<std::string> later = finish_many(o.kiosk, 300);
  REQUIRE(o.sync().exit_code == 0);
  REQUIRE(record_rows(o.db) == 10'300);

  // The disk fails: the database, the ledger and the keys are gone. A new disk, the backup
  // restored onto it, the hub started.
  o.office.stop_hub();
  HubDatabase fresh(backend);
  o.office.move_to(fresh.location(), fresh.folder().path() / "keys");
  const RunResult restored = o.restore(backup);
  INFO(restored.out << restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(fs::exists(fresh.folder().path() / "keys" / "hub-secret.key"));
  const std::uint64_t in_backup = record_rows(fresh);
  INFO("profiles in the backup: " << in_backup);
  CHECK(in_backup <= 10'000);
  o.office.start_hub();

  // The kiosk's next sync: the hub asks for what it lost; every profile is there once.
  const RunResult resynced = o.sync();
  INFO(resynced.out << resynced.err);
  REQUIRE(resynced.exit_code == 0);
  std::set<std::string> expected(first.begin(), first.end());
  expected.insert(later.begin(), later.end());
  REQUIRE(expected.size() == 10'300);
  CHECK(record_rows(fresh) == 10'300);
  CHECK(record_ids(fresh) == expected);
  CHECK(o.kiosk.counts().waiting_for_sync() == 0);
}

TEST_CASE("a profile erased after the backup stays erased when the backup is restored") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend_name(backend));
  BackedUpOffice o(backend);
  const std::string marker = "Löschmarke-Sicherung-B7";
  const std::string link = fill_answers(o.kiosk, demo_answers("Ayaan Warsame", marker), "a.json");
  fill_answers(o.kiosk, demo_answers("Bleibt Hier", "Augsburg"), "b.json");
  REQUIRE(o.sync().exit_code == 0);
  const fs::path backup = o.office.tmp_ / "backup";
  REQUIRE(o.backup(backup).exit_code == 0);

  // After the backup the person erases their profile on its page.
  const std::string token = token_of(link);
  const std::string nonce = nonce_in(get(o.office, "/p/" + token + "/erase")->body);
  REQUIRE(post_erase(o.office, token, {{"nonce", nonce}})->status == 200);
  REQUIRE(record_rows(o.db) == 1);

  // The office puts the backup back over its database (it held a mistake).
  o.office.stop_hub();
  const RunResult restored = o.restore(backup, /*replace=*/true);
  INFO(restored.out << restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(restored.out.find("kept as") != std::string::npos);
  o.office.start_hub();
  CHECK(record_rows(o.db) == 1);
  CHECK(get(o.office, path_of(link))->body == get(o.office, "/p/" + kUnknownToken)->body);
  CHECK(o.db.places_containing(marker).empty());
  // The kiosk sends it again (it still holds it): not stored.
  REQUIRE(o.sync().exit_code == 0);
  CHECK(record_rows(o.db) == 1);
}

TEST_CASE("a damaged backup, a running hub and a backup folder that exists are refused, and "
          "nothing changes") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend_name(backend));
  BackedUpOffice o(backend);
  fill_answers(o.kiosk, demo_answers("Bleibt Hier", "Augsburg"), "a.json");
  REQUIRE(o.sync().exit_code == 0);
  add_office_user(o.office, "anna");

  SECTION("a backup folder that holds something is not written into") {
    const fs::path dest = o.office.tmp_ / "backup-monday";
    fs::create_directories(dest);
    write_file(dest / "notes.txt", "Sicherung vom Montag");
    const RunResult r = o.backup(dest);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("exists") != std::string::npos);
    CHECK(files_under(dest) ==
          std::map<std::string, std::string>{{(dest / "notes.txt").string(), "Sicherung vom Montag"}});
  }

  const fs::path backup = o.office.tmp_ / "backup";
  REQUIRE(o.backup(backup).exit_code == 0);
  const fs::path database_file =
      backup / (backend == HubBackend::Sqlite ? "hub.db" : "hub.pgdump");

  SECTION("a restore while the hub runs on the database") {
    const std::string before = o.target_state();
    const RunResult r = o.restore(backup, /*replace=*/true);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Stop it first") != std::string::npos);
    CHECK(o.target_state() == before);
  }

  o.office.stop_hub();
  const std::string before = o.target_state();
  SECTION("one byte of the database flipped") {
    std::string bytes = read_file(database_file);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
    write_file(database_file, bytes);
    const RunResult r = o.restore(backup, /*replace=*/true);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("not the file the backup wrote") != std::string::npos);
  }
  SECTION("a key file missing") {
    fs::remove(backup / "keys" / "hub-secret.key");
    const RunResult r = o.restore(backup, /*replace=*/true);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("keys/hub-secret.key is missing") != std::string::npos);
  }
  SECTION("no manifest") {
    fs::remove(backup / "manifest.json");
    const RunResult r = o.restore(backup, /*replace=*/true);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("has no manifest.json") != std::string::npos);
  }
  SECTION("a manifest that lists another database") {
    auto manifest = nlohmann::json::parse(read_file(backup / "manifest.json"));
    for (auto& f : manifest["files"])
      if (f["name"] != "erasures.log") f["sha256"] = std::string(64, '0');
    write_file(backup / "manifest.json", manifest.dump());
    const RunResult r = o.restore(backup, /*replace=*/true);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("cannot be used") != std::string::npos);
  }
  SECTION("a backup of a newer hub") {
    auto manifest = nlohmann::json::parse(read_file(backup / "manifest.json"));
    manifest["schema_version"] = 99;
    write_file(backup / "manifest.json", manifest.dump());
    const RunResult r = o.restore(backup, /*replace=*/true);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("newer sichtbar-hub (schema 99") != std::string::npos);
  }
  SECTION("a database that holds records, without --replace") {
    const RunResult r = o.restore(backup);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("--replace") != std::string::npos);
  }
  CHECK(o.target_state() == before);
}
