// `sichtbar-hub backup DEST` and `sichtbar-hub restore SRC`: the hub's database, its keys'
// encrypted files and its erasure ledger in one folder with a manifest, and back.
//
// A backup folder (mode 0700, every file 0600) holds:
//   manifest.json   format, hub version, schema version, backend, time, and the size and SHA-256
//                   of every other file; written last, so a backup cut off has none
//   hub.db          SQLite: a consistent copy, taken while serve runs and writes (one read
//                   transaction of SQLite's online backup: in WAL mode it blocks no writer)
//   hub.pgdump      PostgreSQL: pg_dump --format=custom of the hub's schema (one snapshot)
//   keys/           hub-secret.key, every retired hub-secret-<id>.key, hub-public.json: still
//                   encrypted with the passphrase, as in the keys folder
//   erasures.log    the erasure ledger (erasure_ledger.h), copied after the database, so it
//                   names at least every erasure the copy holds
// Nothing is in it in plain text that the database does not hold already.
//
// A restore checks everything before it changes anything: the manifest and every file's hash,
// the backend, the schema (a newer one than this hub's is refused; an older one migrates when
// the restored store opens), the keys (a keys folder with other keys is refused), that no hub
// runs on the database, and that the database is empty (else only with `replace`, which sets the
// old one aside, never deletes it). Then it merges the erasure ledgers (the union: an erasure
// made after the backup stays), adds the keys that are missing, puts the database in place and
// opens it as serve would, which erases again what the ledger names. The kiosks' next syncs
// bring back what was newer than the backup (PROTOCOL.md, HELLO: they keep acknowledged
// envelopes 7 days).
//
// Errors: "backup.*" and "restore.*", each saying what to do; nothing was changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "hub/settings.h"

namespace sichtbar::hub {

inline constexpr std::string_view kBackupManifestName = "manifest.json";
inline constexpr std::string_view kBackupFormat = "sichtbar-hub-backup-1";

struct BackupFile {
  std::string name;  // relative to the backup folder: "hub.db", "keys/hub-secret.key", ...
  std::uintmax_t bytes = 0;
  std::string sha256;  // hex
};

struct BackupReport {
  std::filesystem::path folder;
  std::string backend;  // "sqlite" or "postgresql"
  int schema_version = 0;
  std::vector<BackupFile> files;
};

// DEST must not exist or be an empty folder ("backup.dest_exists" otherwise).
Result<BackupReport> backup_hub(const HubSettings& settings, const std::filesystem::path& dest,
                                std::int64_t now_ms);

struct RestoreOptions {
  bool replace = false;  // a database that holds kiosks, records or logins is set aside
};

struct RestoreReport {
  std::string backend;
  int schema_version = 0;         // of the backup
  std::string set_aside;          // where the old database went (file or schema); "" if none
  std::vector<std::string> keys_added, keys_same;  // file names
  std::size_t erasures_from_backup = 0;  // ledger lines the live ledger lacked
  std::size_t erasures_in_ledger = 0;    // after the merge
};

Result<RestoreReport> restore_hub(const HubSettings& settings, const std::filesystem::path& source,
                                  const RestoreOptions& options, std::int64_t now_ms);

}  // namespace sichtbar::hub
