// Backup and restore of the hub: see backup.h.
#include "hub/backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/atomic_file.h"
#include "base/bytes.h"
#include "base/dates.h"
#include "base/files.h"
#include "hub/erasure_ledger.h"
#include "hub/hub_files.h"
#include "hub/key_file.h"
#include "hub/postgres_backup.h"
#include "hub/postgres_conninfo.h"

extern char** environ;

namespace sichtbar::hub {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSqliteFile = "hub.db", kPostgresFile = "hub.pgdump",
                           kLedgerFile = "erasures.log", kKeysFolder = "keys";

std::unexpected<Error> backup_failed(const std::string& what) {
  return fail("backup.failed", "The backup could not be made: " + what +
                                   ". The backup folder is incomplete (it has no " +
                                   std::string(kBackupManifestName) +
                                   "); remove it and try again.");
}

// --- files ---------------------------------------------------------------------------------

// The hex SHA-256 of a file read in pieces (a database can be larger than memory should hold).
std::optional<std::string> sha256_of_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0)
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) return std::nullopt;
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return to_hex(digest);
}

// fsync of a file or folder; 0 or an errno value.
int sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  return rc != 0 && err != EINVAL ? err : 0;
}

// Copies from to a new file `to` (mode 0600) and fsyncs it.
Result<void> copy_private_file(const fs::path& from, const fs::path& to) {
  const auto bytes = read_whole_file(from);
  if (!bytes) return fail("backup.unreadable", "cannot read " + from.string());
  return write_file_atomically(to, *bytes, {.mode = 0600, .replace = false});
}

// The key files of a keys folder: what `sichtbar-hub init` and `rotate-keys` write.
std::vector<std::string> key_file_names(const fs::path& keys) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(keys, ec)) {
    const std::string name = entry.path().filename().string();
    const bool key = name == kSecretKeyFileName || name == kPublicKeyFileName ||
                     (name.starts_with("hub-secret-") && name.ends_with(".key"));
    if (key && entry.is_regular_file(ec)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// --- SQLite --------------------------------------------------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;

SqliteDb open_sqlite(const fs::path& file, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  SqliteDb owned(db);
  if (rc != SQLITE_OK) return nullptr;
  sqlite3_busy_timeout(db, 5000);
  return owned;
}

std::optional<std::int64_t> sqlite_number(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) return std::nullopt;
  std::optional<std::int64_t> value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

// Copies the SQLite database `from` into a new file `to` (0600), as one read transaction of
// SQLite's online backup. The hub's database is in WAL mode, where a reader blocks no writer:
// serve goes on storing while the copy is made, and the copy is the database as of its start.
// (Copying in steps would let serve's writes restart the copy over and over during an ingest.)
// The copy is left in rollback-journal mode, so it opens read-only without -wal and -shm files.
Result<void> copy_sqlite_database(const fs::path& from, const fs::path& to, int from_flags) {
  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("backup.failed", "cannot create " + to.string() + ": " + std::strerror(errno));
  ::close(fd);
  SqliteDb source = open_sqlite(from, from_flags);
  if (!source) return fail("backup.failed", "cannot open the database " + from.string());
  SqliteDb target = open_sqlite(to, SQLITE_OPEN_READWRITE);
  if (!target) return fail("backup.failed", "cannot open " + to.string());
  sqlite3_backup* copy = sqlite3_backup_init(target.get(), "main", source.get(), "main");
  if (!copy) return fail("backup.failed", sqlite3_errmsg(target.get()));
  int rc = SQLITE_OK;
  for (int tries = 0; tries < 500; ++tries) {
    rc = sqlite3_backup_step(copy, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sqlite3_backup_finish(copy);
  if (rc != SQLITE_DONE)
    return fail("backup.failed", std::string("copying the database failed: ") + sqlite3_errstr(rc));
  if (sqlite3_exec(target.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return fail("backup.failed", sqlite3_errmsg(target.get()));
  target.reset();
  if (const int err = sync_path(to); err != 0)
    return fail("backup.failed", "cannot flush " + to.string() + ": " + std::strerror(err));
  return {};
}

// The hub's SQLite database held so that no hub can open it: a hub that runs on it (serve, or
// any verb at that moment) keeps it open and the lock is refused. Held until the database is set
// aside.
struct SqliteHold {
  SqliteDb db;
  std::optional<std::int64_t> rows;  // kiosks, records and logins; nullopt: not a hub's database
};

Result<SqliteHold> hold_sqlite_database(const fs::path& file) {
  SqliteHold hold;
  hold.db = open_sqlite(file, SQLITE_OPEN_READWRITE);
  if (!hold.db)
    return fail("restore.database_unreadable",
                "The database " + file.string() + " cannot be opened. Nothing was changed.");
  sqlite3_busy_timeout(hold.db.get(), 1000);
  if (sqlite3_exec(hold.db.get(), "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    return fail("restore.database_in_use",
                "A hub is running on " + file.string() +
                    " (the database is in use). Stop it first (systemctl stop sichtbar-hub), "
                    "then restore. Nothing was changed.");
  const auto tables = sqlite_number(hold.db.get(), "SELECT count(*) FROM sqlite_schema");
  hold.rows = tables == 0 ? std::optional<std::int64_t>(0)
                          : sqlite_number(hold.db.get(),
                                          "SELECT (SELECT count(*) FROM devices) + (SELECT "
                                          "count(*) FROM records) + (SELECT count(*) FROM "
                                          "office_users)");
  return hold;
}

// --- PostgreSQL client programs ------------------------------------------------------------

// Runs a PostgreSQL client program (pg_dump, pg_restore) with the password in its environment,
// never on its command line. What it wrote to stderr comes back with the error, the password
// redacted.
Result<void> run_client(const std::vector<std::string>& args,
                        const std::optional<std::string>& password, const std::string& code) {
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e)
    if (!std::string_view(*e).starts_with("PGPASSWORD=")) env_text.emplace_back(*e);
  if (password) env_text.push_back("PGPASSWORD=" + *password);
  std::vector<char*> envp, argv;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args_copy = args;
  for (auto& a : args_copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    return fail(code, std::string("cannot start ") + args[0] + ": " + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  for (auto& e : env_text) sodium_memzero(e.data(), e.size());
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    return fail(code, args[0] + " could not be started (" + std::strerror(spawned) +
                          "). Install it: apt-get install postgresql-client");
  }
  std::string errors;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    errors.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (password) errors = redact(std::move(errors), {*password});
  while (!errors.empty() && std::isspace(static_cast<unsigned char>(errors.back())))
    errors.pop_back();
  return fail(code, args[0] + " failed: " + errors);
}

// pg_restore of the hub's schema into the database, whose schema is there and empty (a new
// database's public, or the one set aside made again). The dump of one schema creates it, so
// its list of contents goes through without the schema itself (and the schema's comment, which
// only its owner may set).
Result<void> restore_postgres_dump(const fs::path& dump, const PostgresClientAddress& address) {
  std::string list_file = (fs::temp_directory_path() / "sichtbar-restore-XXXXXX").string();
  const int fd = ::mkstemp(list_file.data());
  if (fd < 0) return fail("restore.failed", std::string("no temporary file: ") + std::strerror(errno));
  ::close(fd);
  struct Remove {
    std::string file;
    ~Remove() { ::unlink(file.c_str()); }
  } remove_list{list_file};
  if (auto listed = run_client({"pg_restore", "--list", "--file=" + list_file, dump.string()},
                               std::nullopt, "restore.failed");
      !listed)
    return listed;
  const auto list = read_whole_file(list_file);
  if (!list) return fail("restore.failed", "pg_restore --list wrote nothing readable");
  std::string kept;
  std::string_view rest = *list;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.find(" SCHEMA - ") != std::string_view::npos ||
        line.find(" COMMENT - SCHEMA ") != std::string_view::npos)
      continue;
    kept.append(line).append("\n");
  }
  if (auto written = write_file_atomically(list_file, kept); !written)
    return std::unexpected(written.error());
  return run_client({"pg_restore", "--no-owner", "--no-privileges", "--single-transaction",
                     "--exit-on-error", "--use-list=" + list_file, "--dbname=" + address.conninfo,
                     dump.string()},
                    address.password, "restore.failed");
}

// --- manifest ------------------------------------------------------------------------------

std::string backend_of(const HubSettings& settings) {
  return is_postgres_address(settings.database) ? "postgresql" : "sqlite";
}

std::string stamp_of(std::int64_t now_ms) {
  std::string stamp = rfc3339_utc_of_unix_ms(now_ms);  // 2026-12-05T12:31:01Z
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':'; });
  std::replace(stamp.begin(), stamp.end(), 'Z', ' ');
  std::erase(stamp, ' ');
  return stamp;  // 20261205T123101
}

struct Manifest {
  std::string backend;
  int schema_version = 0;
  std::vector<BackupFile> files;
};

std::unexpected<Error> damaged(const fs::path& source, const std::string& what) {
  return fail("restore.damaged", "The backup " + source.string() + " cannot be used: " + what +
                                     ". Nothing was changed. Take another backup (an older one, "
                                     "or a copy from another disk).");
}

// The manifest, and every file it lists checked against its size and hash.
Result<Manifest> checked_manifest(const fs::path& source) {
  const auto text = read_whole_file(source / kBackupManifestName);
  if (!text)
    return damaged(source, "it has no " + std::string(kBackupManifestName) +
                               " (not a backup of sichtbar-hub, or one cut off before its end)");
  Manifest m;
  try {
    const auto j = nlohmann::json::parse(*text);
    if (j.at("format").get<std::string>() != kBackupFormat)
      return damaged(source, "its manifest is of another format (" +
                                 j.at("format").get<std::string>() + ")");
    m.backend = j.at("backend").get<std::string>();
    m.schema_version = j.at("schema_version").get<int>();
    for (const auto& f : j.at("files"))
      m.files.push_back({f.at("name").get<std::string>(), f.at("bytes").get<std::uintmax_t>(),
                         f.at("sha256").get<std::string>()});
  } catch (const nlohmann::json::exception&) {
    return damaged(source, "its manifest is damaged");
  }
  const std::string database(m.backend == "postgresql" ? kPostgresFile : kSqliteFile);
  for (const std::string_view needed : {std::string_view(database), std::string_view("keys/hub-secret.key")})
    if (std::none_of(m.files.begin(), m.files.end(),
                     [&](const BackupFile& f) { return f.name == needed; }))
      return damaged(source, "its manifest does not list " + std::string(needed));
  for (const BackupFile& f : m.files) {
    const fs::path rel(f.name);
    if (rel.is_absolute() || f.name.find("..") != std::string::npos)
      return damaged(source, "its manifest names a file outside it (" + f.name + ")");
    std::error_code ec;
    const auto size = fs::file_size(source / rel, ec);
    if (ec) return damaged(source, f.name + " is missing");
    const auto hash = sha256_of_file(source / rel);
    if (size != f.bytes || !hash || *hash != f.sha256)
      return damaged(source, f.name + " is not the file the backup wrote (its contents changed)");
  }
  return m;
}

}  // namespace

// --- backup --------------------------------------------------------------------------------

Result<BackupReport> backup_hub(const HubSettings& settings, const fs::path& dest,
                                std::int64_t now_ms) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dest, ec)) &&
      (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec)))
    return fail("backup.dest_exists",
                dest.string() +
                    " exists and is not an empty folder. A backup goes into a new folder "
                    "(e.g. with the date in its name); nothing was written.");
  const auto keys = key_file_names(settings.keys);
  if (std::find(keys.begin(), keys.end(), kSecretKeyFileName) == keys.end())
    return fail("backup.no_keys",
                "There is no " + std::string(kSecretKeyFileName) + " in " +
                    settings.keys.string() +
                    ": without the hub's keys a backup cannot be opened. Check the setting "
                    "\"keys\" (--keys). Nothing was written.");
  if (auto made = create_private_folder(dest); !made) return std::unexpected(made.error());
  if (auto mode = make_private(dest); !mode) return std::unexpected(mode.error());

  BackupReport report;
  report.folder = dest;
  report.backend = backend_of(settings);
  std::vector<std::string> names;
  if (report.backend == "sqlite") {
    const fs::path database = settings.database;
    if (!fs::exists(database, ec))
      return fail("backup.no_database", "The hub's database " + database.string() +
                                            " does not exist. Check the setting \"database\" "
                                            "(--database). Nothing was written.");
    if (auto copied = copy_sqlite_database(database, dest / kSqliteFile, SQLITE_OPEN_READWRITE);
        !copied)
      return backup_failed(copied.error().message);
    SqliteDb copy = open_sqlite(dest / kSqliteFile, SQLITE_OPEN_READONLY);
    const auto version = copy ? sqlite_number(copy.get(), "PRAGMA user_version") : std::nullopt;
    if (!version) return backup_failed("the copy of the database cannot be read");
    report.schema_version = static_cast<int>(*version);
    names.emplace_back(kSqliteFile);
  } else {
    auto target = inspect_postgres_target(settings.database);
    if (!target) return std::unexpected(target.error());
    if (!target->has_tables)
      return fail("backup.no_database", "The hub's PostgreSQL database has no hub tables. Check "
                                        "the setting \"database\". Nothing was written.");
    report.schema_version = target->schema_version;
    auto address = postgres_client_address(settings.database);
    if (!address) return std::unexpected(address.error());
    // One snapshot of the hub's schema (pg_dump reads in a repeatable-read transaction, so
    // serve goes on writing). Owners and rights stay in the dump; the restore leaves them out.
    const fs::path file = dest / kPostgresFile;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return backup_failed("cannot create " + file.string());
    ::close(fd);
    if (auto dumped = run_client({"pg_dump", "--format=custom", "--schema=" + target->schema,
                                  "--file=" + file.string(), "--dbname=" + address->conninfo},
                                 address->password, "backup.failed");
        !dumped)
      return backup_failed(dumped.error().message);
    if (const int err = sync_path(file); err != 0) return backup_failed(std::strerror(err));
    names.emplace_back(kPostgresFile);
  }
  // After the database: the ledger names at least every erasure the copy holds.
  const fs::path ledger = erasure_ledger_file(settings);
  if (fs::exists(ledger, ec)) {
    if (auto copied = copy_private_file(ledger, dest / kLedgerFile); !copied)
      return backup_failed(copied.error().message);
    names.emplace_back(kLedgerFile);
  }
  if (auto made = create_private_folder(dest / kKeysFolder); !made)
    return backup_failed(made.error().message);
  for (const std::string& name : keys) {
    if (auto copied = copy_private_file(settings.keys / name, dest / kKeysFolder / name); !copied)
      return backup_failed(copied.error().message);
    names.push_back(std::string(kKeysFolder) + "/" + name);
  }
  if (const int err = sync_path(dest / kKeysFolder); err != 0)
    return backup_failed(std::strerror(err));

  nlohmann::json files = nlohmann::json::array();
  for (const std::string& name : names) {
    const auto hash = sha256_of_file(dest / name);
    if (!hash) return backup_failed("cannot read back " + (dest / name).string());
    BackupFile f{name, fs::file_size(dest / name, ec), *hash};
    files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
    report.files.push_back(std::move(f));
  }
  const nlohmann::json manifest = {{"format", kBackupFormat},
                                   {"hub_version", SICHTBAR_HUB_VERSION},
                                   {"schema_version", report.schema_version},
                                   {"backend", report.backend},
                                   {"created_at", rfc3339_utc_of_unix_ms(now_ms)},
                                   {"created_at_ms", now_ms},
                                   {"files", files}};
  if (auto written = write_file_atomically(dest / kBackupManifestName, manifest.dump(2) + "\n",
                                           {.mode = 0600, .replace = false});
      !written)
    return backup_failed(written.error().message);
  return report;
}

// --- restore -------------------------------------------------------------------------------

Result<RestoreReport> restore_hub(const HubSettings& settings, const fs::path& source,
                                  const RestoreOptions& options, std::int64_t now_ms) {
  // 1. Everything is checked before anything changes.
  auto manifest = checked_manifest(source);
  if (!manifest) return std::unexpected(manifest.error());
  RestoreReport report;
  report.backend = backend_of(settings);
  report.schema_version = manifest->schema_version;
  if (manifest->backend != report.backend)
    return fail("restore.other_backend",
                "The backup " + source.string() + " is of a hub on " + manifest->backend +
                    ", but the settings name a " + report.backend +
                    " database. Restore it with the settings of such a hub. Nothing was changed.");
  if (manifest->schema_version > kHubSchemaVersion)
    return fail("restore.newer_schema",
                "The backup " + source.string() + " was made by a newer sichtbar-hub (schema " +
                    std::to_string(manifest->schema_version) + "; this one knows up to " +
                    std::to_string(kHubSchemaVersion) +
                    "). Install that version of sichtbar-hub first, then restore. Nothing was "
                    "changed.");
  if (report.backend == "sqlite") {
    SqliteDb copy = open_sqlite(source / kSqliteFile, SQLITE_OPEN_READONLY);
    const auto version = copy ? sqlite_number(copy.get(), "PRAGMA user_version") : std::nullopt;
    if (!version || *version != manifest->schema_version)
      return damaged(source, std::string(kSqliteFile) + " is not the database the manifest names");
  }
  for (const BackupFile& f : manifest->files) {
    if (!f.name.starts_with(std::string(kKeysFolder) + "/")) continue;
    const fs::path name = fs::path(f.name).filename(), live = settings.keys / name;
    std::error_code ec;
    if (!fs::exists(live, ec)) {
      report.keys_added.push_back(name.string());
      continue;
    }
    if (read_whole_file(live) != read_whole_file(source / f.name))
      return fail("restore.other_keys",
                  "The keys folder " + settings.keys.string() + " holds another " +
                      name.string() +
                      " than the backup: the restored records could not be opened with it. "
                      "Move the keys folder aside (keep it: it may open newer records), then "
                      "restore. Nothing was changed.");
    report.keys_same.push_back(name.string());
  }
  const std::string stamp = stamp_of(now_ms);
  const auto not_empty = [&](const std::string& holds) {
    return fail("restore.not_empty",
                "The hub's database " + holds +
                    ". A restore does not overwrite it: run the restore again with --replace to "
                    "set it aside (it is kept, never deleted) and put the backup in its place. "
                    "Nothing was changed.");
  };
  const fs::path database = settings.database;
  std::optional<SqliteHold> hold;
  std::optional<PostgresTarget> target;
  std::error_code ec;
  if (report.backend == "sqlite") {
    if (fs::exists(database, ec)) {
      auto held = hold_sqlite_database(database);
      if (!held) return std::unexpected(held.error());
      hold = std::move(*held);
      if (hold->rows != 0 && !options.replace)
        return not_empty(database.string() +
                         (hold->rows ? " holds kiosks, records or logins (" +
                                           std::to_string(*hold->rows) + ")"
                                     : " is not empty"));
    }
  } else {
    auto found = inspect_postgres_target(settings.database);
    if (!found) return std::unexpected(found.error());
    if (found->other_connections > 0)
      return fail("restore.database_in_use",
                  "A hub (or another program) is connected to the hub's PostgreSQL database (" +
                      std::to_string(found->other_connections) +
                      " connection(s)). Stop it first (systemctl stop sichtbar-hub), then "
                      "restore. Nothing was changed.");
    if (found->rows > 0 && !options.replace)
      return not_empty("holds kiosks, records or logins (" + std::to_string(found->rows) + ")");
    target = *found;
  }

  // 2. The erasure ledgers merged: the union, so an erasure made after the backup stays, and
  // first, so that whatever happens next, no erased record comes back at the next start.
  auto live_ledger = ErasureLedger::open(erasure_ledger_file(settings));
  if (!live_ledger) return std::unexpected(live_ledger.error());
  if (fs::exists(source / kLedgerFile, ec)) {
    auto backup_ledger = ErasureLedger::open(source / kLedgerFile);
    if (!backup_ledger) return std::unexpected(backup_ledger.error());
    const std::size_t before = (*live_ledger)->size();
    if (auto merged = (*live_ledger)->append((*backup_ledger)->records()); !merged)
      return std::unexpected(merged.error());
    report.erasures_from_backup = (*live_ledger)->size() - before;
  }
  report.erasures_in_ledger = (*live_ledger)->size();

  // 3. The keys that are missing; the ones there are the same (checked above).
  if (auto made = create_private_folder(settings.keys); !made)
    return std::unexpected(made.error());
  for (const std::string& name : report.keys_added)
    if (auto copied = copy_private_file(source / kKeysFolder / name, settings.keys / name);
        !copied)
      return std::unexpected(copied.error());

  // 4. The database.
  if (report.backend == "sqlite") {
    if (hold) {
      // Closed first: the last connection to a WAL database folds its WAL in and removes it,
      // by name, which must still be the old database's.
      hold.reset();
      report.set_aside = database.string() + ".before-restore-" + stamp;
      for (const char* suffix : {"", "-wal", "-shm"})
        if (fs::exists(database.string() + suffix, ec))
          fs::rename(database.string() + suffix, report.set_aside + suffix, ec);
      if (ec)
        return fail("restore.failed", "The old database could not be set aside as " +
                                          report.set_aside + ": " + ec.message());
    }
    if (auto made = create_private_folder(database.parent_path()); !made)
      return std::unexpected(made.error());
    const fs::path restoring = database.string() + ".restoring-" + stamp;
    fs::remove(restoring, ec);
    if (auto copied = copy_sqlite_database(source / kSqliteFile, restoring, SQLITE_OPEN_READONLY);
        !copied) {
      fs::remove(restoring, ec);
      return fail("restore.failed", "The backup's database could not be copied into place (" +
                                        copied.error().message + ").");
    }
    fs::rename(restoring, database, ec);
    if (ec)
      return fail("restore.failed", "The restored database could not be put in place as " +
                                        database.string() + ": " + ec.message());
    sync_path(database.parent_path());
  } else {
    if (target->has_tables) {
      report.set_aside = "sichtbar_before_restore_" + stamp;
      std::transform(report.set_aside.begin(), report.set_aside.end(), report.set_aside.begin(),
                     [](char c) { return static_cast<char>(std::tolower(c)); });
      if (auto aside = set_postgres_schema_aside(settings.database, target->schema,
                                                 report.set_aside);
          !aside)
        return std::unexpected(aside.error());
    }
    auto address = postgres_client_address(settings.database);
    if (!address) return std::unexpected(address.error());
    // In one transaction: a restore that fails leaves nothing behind. Owners and rights are the
    // restoring user's: the roles of the old server need not exist on this one.
    auto restored = restore_postgres_dump(source / kPostgresFile, *address);
    if (!restored) {
      if (!report.set_aside.empty())
        (void)put_postgres_schema_back(settings.database, target->schema, report.set_aside);
      return std::unexpected(restored.error());
    }
  }

  // 5. Opened as serve opens it: an older schema migrates, and what the merged ledger names is
  // erased again in the restored database now.
  auto store = open_hub_store(settings, NewDatabase::refuse);
  if (!store) return std::unexpected(store.error());
  return report;
}

}  // namespace sichtbar::hub
