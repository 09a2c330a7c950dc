// The hub's files as a careless system leaves them: with umask 022 a fresh hub (keys made by
// init, the store opened as every verb opens it, a record stored and erased) has only 0600 files
// and 0700 folders, the database's -wal and -shm included while it is open; and a hub started on
// a database, ledger and key folder an older hub left readable makes them private.
#include "hub/hub_files.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "base/files.h"
#include "hub/erasure_ledger.h"
#include "hub/key_file.h"
#include "support/file_modes.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1'795'900'000'000;

HubSettings settings_in(const fs::path& root) {
  HubSettings s;
  s.keys = root / "etc" / "keys";
  s.database = (root / "var" / "hub" / "hub.db").string();
  return s;
}

std::unique_ptr<HubStore> open_hub(const HubSettings& s) {
  auto store = open_hub_store(s);
  INFO((store ? std::string() : store.error().message));
  REQUIRE(store);
  return std::move(*store);
}

}  // namespace

TEST_CASE("with umask 022 a fresh hub makes only private files and folders") {
  test::TempDir tmp;
  const test::ScopedUmask careless(022);
  const HubSettings s = settings_in(tmp.path());
  REQUIRE(init_hub_dir(s.keys, 1, "ein langes Passwort fuer den Hub"));
  auto store = open_hub(s);
  // A record's id erased: the ledger gets its line, the WAL its pages.
  RecordId id{};
  id[0] = 7;
  REQUIRE(store->tombstone(id, "erased by the office (see the audit log)", kNow));
  REQUIRE(store->add_audit({kNow, "anna", "erase", "x", "test"}));

  // Stat'ed while the database is open: its WAL and shared-memory files are there now.
  const auto names = test::files_under(tmp.path());
  INFO("files: " << Catch::Detail::stringify(names));
  for (const char* expected :
       {"hub.db", "hub.db-wal", "hub.db-shm", "erasures.log", "hub-secret.key", "hub-public.json"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  CHECK(test::not_private_under(tmp.path()).empty());
  INFO(Catch::Detail::stringify(test::not_private_under(tmp.path())));
}

TEST_CASE("a hub started on files an older hub left readable makes them private") {
  test::TempDir tmp;
  const HubSettings s = settings_in(tmp.path());
  REQUIRE(init_hub_dir(s.keys, 1, "ein langes Passwort fuer den Hub"));
  open_hub(s).reset();
  const fs::path db = s.database, ledger = erasure_ledger_file(s);
  // What an older hub under umask 022 made, or a copy with cp -r.
  fs::permissions(db, fs::perms(0644));
  fs::permissions(ledger, fs::perms(0644));
  fs::permissions(s.keys, fs::perms(0755));
  fs::permissions(s.keys / kSecretKeyFileName, fs::perms(0644));

  auto store = open_hub(s);
  CHECK(test::mode_of(db) == 0600);
  CHECK(test::mode_of(ledger) == 0600);
  CHECK(test::mode_of(s.keys) == 0700);
  CHECK(test::mode_of(s.keys / kSecretKeyFileName) == 0600);
  CHECK(test::mode_of(db.string() + "-wal") == 0600);
}
