// The kiosk store: opening, checks, migrations, settings, device identity and audit log.
#include "core/store.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <vector>

#include "base/files.h"

namespace sichtbar {

namespace {

// "SICH" in the database header: tells our database from any other SQLite file.
constexpr std::int64_t kApplicationId = 0x53494348;

// Migrations in order; migration i brings the schema from version i to i + 1. Never edit a
// migration that has shipped: add a new one.
const std::vector<const char*> kMigrations = {
    R"sql(
    CREATE TABLE settings(
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE device(
      id          INTEGER PRIMARY KEY CHECK (id = 1),
      device_id   BLOB NOT NULL CHECK (length(device_id) = 16),
      sign_public BLOB NOT NULL CHECK (length(sign_public) = 32),
      sign_secret BLOB NOT NULL CHECK (length(sign_secret) = 64),
      created_at  INTEGER NOT NULL
    );
    -- Sealed envelopes waiting for the hub. Only outbox.cpp writes this table.
    CREATE TABLE outbox(
      seq        INTEGER PRIMARY KEY,
      record_id  BLOB NOT NULL UNIQUE CHECK (length(record_id) = 16),
      state      TEXT NOT NULL CHECK (state IN ('sealed', 'sent', 'acknowledged', 'purged')),
      envelope   BLOB,
      sha256     BLOB NOT NULL CHECK (length(sha256) = 32),
      size       INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      sent_at    INTEGER,
      acked_at   INTEGER,
      purged_at  INTEGER,
      CHECK ((state = 'purged') = (envelope IS NULL))
    );
    CREATE INDEX outbox_state ON outbox(state, seq);
    -- What happened, as codes and counts: never a name, an answer or a token.
    CREATE TABLE audit(
      id     INTEGER PRIMARY KEY,
      at     INTEGER NOT NULL,
      event  TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT ''
    );
    )sql",
    // 2: enrollment became a state of its own. A kiosk enrolled online before (it has a hub
    // address) is enrolled; one set up offline from a key file never was, and the hub refuses
    // its bundles until it enrolls by USB stick.
    R"sql(
    INSERT INTO settings(key, value)
      SELECT 'enrollment', 'complete' FROM settings WHERE key = 'hub.url' AND value <> '';
    )sql",
};

std::string folder_advice(const std::filesystem::path& dir) {
  return " (kiosk data folder: " + dir.string() + ")";
}

}  // namespace

// --- KioskStore --------------------------------------------------------------------------

Error KioskStore::error_from(int rc, std::string_view doing) const {
  const std::string where = folder_advice(data_dir_);
  const int primary = rc & 0xff;
  // SQLite's own words, for the office; our code may have picked rc without SQLite failing.
  const std::string detail =
      db_ && sqlite3_errcode(db_) != SQLITE_OK ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (primary) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return {"store.write_failed",
              "The kiosk could not " + std::string(doing) +
                  ": the disk is full or failing. Nothing already saved was lost. Free some "
                  "space or sync the kiosk, then try again" +
                  where + ". [" + detail + "]"};
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return {"store.read_only",
              "The kiosk could not " + std::string(doing) +
                  ": its data folder cannot be written (read-only or wrong permissions). Check "
                  "the folder or the storage card" +
                  where + ". [" + detail + "]"};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {"store.corrupt", "The kiosk's database is damaged, so the kiosk could not " +
                                   std::string(doing) +
                                   ". It was left as it is: do not delete it, call the office" +
                                   where + ". [" + detail + "]"};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {"store.busy",
              "The kiosk's database is in use by another Sichtbar program, so the "
              "kiosk could not " +
                  std::string(doing) + ". Close the other program and try again" + where + "."};
    default:
      return {"store.failed",
              "The kiosk could not " + std::string(doing) + where + ". [" + detail + "]"};
  }
}

Result<KioskStore> KioskStore::open(const std::filesystem::path& data_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(data_dir, ec)) {
    // The folder holds the device's signing key and the sealed profiles: owner only.
    if (auto made = create_private_folder(data_dir); !made)
      return fail("store.read_only", "The kiosk could not create its data folder " +
                                         data_dir.string() + ": " + made.error().message);
  } else if (!std::filesystem::is_directory(data_dir, ec)) {
    return fail("store.not_a_folder",
                "The kiosk data folder " + data_dir.string() + " is a file, not a folder.");
  }

  const auto db_file = data_dir / kDatabaseFile;
  bool existed = std::filesystem::exists(db_file, ec);
  // A folder or database others can read (an older kiosk, a copy, a umask) is made private
  // before anything is read from it, and said on the kiosk's log.
  auto fixed = make_private(data_dir);
  if (!fixed) return std::unexpected(fixed.error());
  auto fixed_files = make_database_private(db_file);
  if (!fixed_files) return std::unexpected(fixed_files.error());
  if (*fixed) fixed_files->insert(fixed_files->begin(), std::move(**fixed));
  for (const ModeFix& fix : *fixed_files) std::cerr << "sichtbar-kiosk: " << fix.message() << "\n";

  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(db_file.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, nullptr);
  KioskStore store(raw, data_dir);
  if (rc != SQLITE_OK) return std::unexpected(store.error_from(rc, "open its database"));
  // SQLite made a new file with the umask's mode; private before its first write, so the WAL
  // and shared-memory files SQLite makes with the same mode are private too.
  if (auto made = make_private(db_file); !made) return std::unexpected(made.error());
  sqlite3_extended_result_codes(raw, 1);
  // SQLite quietly falls back to read-only when the file or folder cannot be written.
  if (sqlite3_db_readonly(raw, "main") == 1)
    return std::unexpected(store.error_from(SQLITE_READONLY, "open its database for writing"));
  sqlite3_busy_timeout(raw, 5000);

  // Reject a foreign or damaged file before writing anything to it.
  if (existed) {
    // Only SQLite opens the file, never a stream of our own to peek at its header: closing any
    // other descriptor of it drops every POSIX lock this process holds on it, those of the
    // kiosk's other connection too, and another program closing the database could then
    // delete a WAL still in use. A file that is no database fails its first read instead.
    Statement app(raw, "PRAGMA application_id");
    rc = app.step();
    if ((rc & 0xff) == SQLITE_NOTADB)
      return fail("store.not_a_database",
                  db_file.string() +
                      " is not a Sichtbar kiosk database (it is damaged or a different kind of "
                      "file). It was left as it is: move it away or call the office.");
    if (rc != SQLITE_ROW) return std::unexpected(store.error_from(rc, "read its database"));
    Statement tables(raw, "SELECT count(*) FROM sqlite_schema");
    rc = tables.step();
    if (rc != SQLITE_ROW) return std::unexpected(store.error_from(rc, "read its database"));
    if (app.column_int(0) != kApplicationId && tables.column_int(0) > 0)
      return fail("store.foreign_database",
                  db_file.string() +
                      " belongs to another program, not to the Sichtbar kiosk. It was left as it "
                      "is: choose another data folder or move the file away.");
    Statement check(raw, "PRAGMA quick_check");
    rc = check.step();
    if (rc != SQLITE_ROW) return std::unexpected(store.error_from(rc, "check its database"));
    if (check.column_text(0) != "ok")
      return fail("store.corrupt",
                  "The kiosk's database " + db_file.string() +
                      " is damaged. It was left as it is: do not delete it, call the office. [" +
                      check.column_text(0) + "]");
  }

  // WAL with synchronous=FULL: a finished profile survives power loss once finish returns.
  // secure_delete overwrites purged envelopes; temp_store=MEMORY keeps temp data off the disk.
  {
    Statement wal(raw, "PRAGMA journal_mode=WAL");
    rc = wal.step();
    if (rc != SQLITE_ROW) return std::unexpected(store.error_from(rc, "open its database"));
    if (wal.column_text(0) != "wal")
      return fail("store.read_only", "The kiosk could not switch its database to WAL mode" +
                                         folder_advice(data_dir) + ".");
  }  // a statement left open would keep the migrations below from committing
  if (auto r = store.exec("PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; "
                          "PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON; "
                          "PRAGMA wal_autocheckpoint=0;");
      !r)
    return std::unexpected(r.error());
  sqlite3_wal_hook(
      raw,
      [](void* frames, sqlite3*, const char*, int n) {
        *static_cast<int*>(frames) = n;
        return SQLITE_OK;
      },
      store.wal_frames_.get());
  if (auto r = store.migrate(); !r) return std::unexpected(r.error());
  return store;
}

KioskStore::KioskStore(KioskStore&& other) noexcept
    : db_(other.db_),
      data_dir_(std::move(other.data_dir_)),
      wal_frames_(std::move(other.wal_frames_)) {
  other.db_ = nullptr;
}
KioskStore& KioskStore::operator=(KioskStore&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = other.db_;
    data_dir_ = std::move(other.data_dir_);
    wal_frames_ = std::move(other.wal_frames_);
    other.db_ = nullptr;
  }
  return *this;
}
KioskStore::~KioskStore() { sqlite3_close_v2(db_); }

int KioskStore::schema_version() const {
  Statement s(db_, "PRAGMA user_version");
  return s.step() == SQLITE_ROW ? static_cast<int>(s.column_int(0)) : -1;
}

Result<void> KioskStore::exec(std::string_view sql) {
  std::string copy(sql);
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from(rc, "update its database"));
  return {};
}

Result<void> KioskStore::checkpoint_if_due() {
  if (*wal_frames_ < kCheckpointFrames) return {};
  if (auto r = exec("PRAGMA wal_checkpoint(PASSIVE)"); !r) return r;
  *wal_frames_ = 0;
  return {};
}

Result<void> KioskStore::migrate() {
  const int version = schema_version();
  if (version > kSchemaVersion)
    return fail("store.newer_schema",
                "The kiosk's database was made by a newer version of Sichtbar (schema " +
                    std::to_string(version) + ", this program knows up to " +
                    std::to_string(kSchemaVersion) +
                    "). It was left as it is: update the kiosk software.");
  for (int v = version; v < kSchemaVersion; ++v) {
    auto tx = begin();
    if (!tx) return std::unexpected(tx.error());
    if (auto r = exec(kMigrations[static_cast<size_t>(v)]); !r) return r;
    if (auto r = exec("PRAGMA application_id=" + std::to_string(kApplicationId) +
                      "; PRAGMA user_version=" + std::to_string(v + 1));
        !r)
      return r;
    if (auto r = tx->commit(); !r) return r;
  }
  return {};
}

Result<std::optional<std::string>> KioskStore::setting(std::string_view key) const {
  Statement s(db_, "SELECT value FROM settings WHERE key = ?1");
  s.bind(1, key);
  int rc = s.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(s.column_text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return std::unexpected(error_from(rc, "read its settings"));
}

Result<void> KioskStore::set_setting(std::string_view key, std::string_view value) {
  Statement s(db_,
              "INSERT INTO settings(key, value) VALUES (?1, ?2) "
              "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind(1, key).bind(2, value);
  int rc = s.step();
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "save its settings"));
  return {};
}

Result<std::optional<DeviceIdentity>> KioskStore::device_identity() const {
  Statement s(db_, "SELECT device_id, sign_public, sign_secret FROM device WHERE id = 1");
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<DeviceIdentity>();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "read its device key"));
  DeviceIdentity id{};
  Bytes a = s.column_blob(0), b = s.column_blob(1), c = s.column_blob(2);
  if (a.size() != id.device_id.size() || b.size() != id.sign_public.size() ||
      c.size() != id.sign_secret.size())
    return fail("store.corrupt", "The kiosk's device key is damaged. Call the office.");
  std::memcpy(id.device_id.data(), a.data(), a.size());
  std::memcpy(id.sign_public.data(), b.data(), b.size());
  std::memcpy(id.sign_secret.data(), c.data(), c.size());
  sodium_memzero(c.data(), c.size());
  return std::optional<DeviceIdentity>(id);
}

Result<void> KioskStore::save_device_identity(const DeviceIdentity& identity, std::int64_t now_ms) {
  Statement s(db_,
              "INSERT INTO device(id, device_id, sign_public, sign_secret, created_at) "
              "VALUES (1, ?1, ?2, ?3, ?4)");
  s.bind(1, ByteView(identity.device_id))
      .bind(2, ByteView(identity.sign_public))
      .bind(3, ByteView(identity.sign_secret))
      .bind(4, now_ms);
  int rc = s.step();
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "save its device key"));
  return {};
}

Result<void> KioskStore::audit(std::string_view event, std::string_view detail) {
  Statement s(db_, "INSERT INTO audit(at, event, detail) VALUES (?1, ?2, ?3)");
  s.bind(1, unix_ms_now()).bind(2, event).bind(3, detail);
  int rc = s.step();
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "write its audit log"));
  return {};
}

Result<KioskStore::Transaction> KioskStore::begin() {
  int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from(rc, "start saving"));
  return Transaction(*this);
}

KioskStore::Transaction::~Transaction() {
  if (store_) sqlite3_exec(store_->db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> KioskStore::Transaction::commit() {
  KioskStore* s = store_;
  store_ = nullptr;
  int rc = sqlite3_exec(s->db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_exec(s->db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return std::unexpected(s->error_from(rc, "save"));
  }
  return {};
}

}  // namespace sichtbar
