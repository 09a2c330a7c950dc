// The SQLite HubStore: opening and refusing files, migrations, and every HubStore call on one
// connection with prepared statements that are made once and reused (store_batch is on the
// ingest hot path: a few indexed lookups and inserts per record, one COMMIT per batch).
// SQL stays plain (no SQLite-only functions) so the PostgreSQL backend can follow the same shape.
#include "hub/sqlite_hub_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "hub/record_index.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

namespace {

// Migrations in order; migration i brings the schema from version i to i + 1. Never edit a
// migration that has shipped: add a new one (and raise kHubSchemaVersion).
const std::vector<const char*> kMigrations = {
    R"sql(
    -- Enrolled kiosks. Revoked ones stay, so their old records keep a known origin.
    CREATE TABLE devices(
      device_id    BLOB PRIMARY KEY CHECK (length(device_id) = 16),
      sign_public  BLOB NOT NULL CHECK (length(sign_public) = 32),
      name         TEXT NOT NULL,
      enrolled_at  INTEGER NOT NULL,
      revoked_at   INTEGER,
      last_seen_at INTEGER
    );
    -- One row per stored version of a record. The envelope stays sealed to the hub key; the JSON
    -- is the decrypted record without its profile token.
    CREATE TABLE records(
      record_id       BLOB NOT NULL CHECK (length(record_id) = 16),
      version         INTEGER NOT NULL CHECK (version >= 0),
      device_id       BLOB NOT NULL CHECK (length(device_id) = 16),
      seq             INTEGER NOT NULL CHECK (seq >= 1),
      envelope        BLOB NOT NULL,
      envelope_sha256 BLOB NOT NULL CHECK (length(envelope_sha256) = 32),
      record_json     TEXT NOT NULL,
      event_id        TEXT NOT NULL,
      form_id         TEXT NOT NULL,
      form_version    INTEGER NOT NULL,
      received_at     INTEGER NOT NULL,
      PRIMARY KEY (record_id, version)
    );
    -- The profile link: SHA-256 of the token -> record. A token belongs to one record (all of its
    -- versions); the token itself is never stored.
    CREATE TABLE profile_tokens(
      token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
      record_id  BLOB NOT NULL CHECK (length(record_id) = 16)
    );
    CREATE INDEX profile_tokens_record ON profile_tokens(record_id);
    -- Envelopes that clash with a stored one (409). Kept for the office to resolve.
    CREATE TABLE quarantine(
      envelope_sha256 BLOB PRIMARY KEY CHECK (length(envelope_sha256) = 32),
      record_id       BLOB NOT NULL CHECK (length(record_id) = 16),
      version         INTEGER NOT NULL,
      device_id       BLOB NOT NULL CHECK (length(device_id) = 16),
      seq             INTEGER NOT NULL,
      envelope        BLOB NOT NULL,
      record_json     TEXT NOT NULL,
      reason          TEXT NOT NULL,
      received_at     INTEGER NOT NULL
    );
    CREATE INDEX quarantine_record ON quarantine(record_id);
    -- Erased records: only the id, why and when. A tombstone is never removed.
    CREATE TABLE tombstones(
      record_id BLOB PRIMARY KEY CHECK (length(record_id) = 16),
      reason    TEXT NOT NULL,
      erased_at INTEGER NOT NULL
    );
    -- Sequence numbers seen per kiosk as disjoint, non-adjacent ranges [first_seq, last_seq]:
    -- a kiosk that syncs in order has one row, so checkpoints cost one row per gap.
    CREATE TABLE device_seq_ranges(
      device_id BLOB NOT NULL CHECK (length(device_id) = 16),
      first_seq INTEGER NOT NULL CHECK (first_seq >= 1),
      last_seq  INTEGER NOT NULL CHECK (last_seq >= first_seq),
      PRIMARY KEY (device_id, first_seq)
    );
    -- One-time enrollment tokens, as SHA-256 only; a used or expired token is deleted.
    CREATE TABLE enroll_tokens(
      token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
      expires_at INTEGER NOT NULL
    );
    )sql",
    R"sql(
    -- The office's search index (record_index.h): one row per record, for its newest version.
    -- Personal data (the folded text): deleted with the record on erasure.
    CREATE TABLE record_index(
      record_id    BLOB PRIMARY KEY CHECK (length(record_id) = 16),
      version      INTEGER NOT NULL,
      received_at  INTEGER NOT NULL,
      event_id     TEXT NOT NULL,
      event_name   TEXT NOT NULL,
      event_date   TEXT NOT NULL,
      country      TEXT NOT NULL,
      occupations  TEXT NOT NULL,
      languages    TEXT NOT NULL,
      wants_advice INTEGER NOT NULL,
      search_text  TEXT NOT NULL
    );
    CREATE INDEX record_index_received ON record_index(received_at);
    -- Office logins: the argon2id hash only.
    CREATE TABLE office_users(
      name          TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,
      created_at    INTEGER NOT NULL
    );
    -- Who did what when, to which record or kiosk id, and why. No personal data of a person.
    CREATE TABLE audit_log(
      id        INTEGER PRIMARY KEY AUTOINCREMENT,
      at        INTEGER NOT NULL,
      user_name TEXT NOT NULL,
      action    TEXT NOT NULL,
      subject   TEXT NOT NULL,
      reason    TEXT NOT NULL
    );
    )sql",
};

constexpr std::uint64_t kMaxSeq = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

template <std::size_t N>
bool copy_blob(sqlite3_stmt* s, int col, std::array<std::uint8_t, N>& out) {
  const void* p = sqlite3_column_blob(s, col);
  if (!p || sqlite3_column_bytes(s, col) != static_cast<int>(N)) return false;
  std::memcpy(out.data(), p, N);
  return true;
}

// A prepared statement, made once per connection. Bound blobs and text are SQLITE_STATIC: they
// must outlive the use, which Use (reset on scope exit) guarantees for locals of the caller.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  int prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
  }
  sqlite3_stmt* get() const { return s_; }

  // Resets the statement and its bindings when the use ends, whatever happened.
  class Use {
   public:
    explicit Use(Stmt& s) : s_(s.s_) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use() {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
    Use& bind(int i, std::int64_t v) {
      sqlite3_bind_int64(s_, i, v);
      return *this;
    }
    Use& bind(int i, ByteView b) {
      sqlite3_bind_blob(s_, i, b.data(), static_cast<int>(b.size()), SQLITE_STATIC);
      return *this;
    }
    Use& bind(int i, std::string_view t) {
      sqlite3_bind_text(s_, i, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
      return *this;
    }
    Use& bind_null(int i) {
      sqlite3_bind_null(s_, i);
      return *this;
    }
    int step() { return sqlite3_step(s_); }
    std::int64_t integer(int col) const { return sqlite3_column_int64(s_, col); }
    bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
    std::string text(int col) const {
      auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
      return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
               : std::string();
    }
    template <std::size_t N>
    bool blob(int col, std::array<std::uint8_t, N>& out) const {
      return copy_blob(s_, col, out);
    }

   private:
    sqlite3_stmt* s_;
  };
  Use use() { return Use(*this); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

class SqliteHubStore final : public HubStore {
 public:
  SqliteHubStore(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}
  ~SqliteHubStore() override {
    // Statements first: a connection with live statements does not close.
    statements_.reset();
    sqlite3_close_v2(db_);
  }

  Result<void> init(bool existed);

  Result<void> add_device(const Device& device) override;
  Result<std::optional<Device>> find_device(const DeviceId& device_id) override;
  Result<std::vector<Device>> list_devices() override;
  Result<void> revoke_device(const DeviceId& device_id, std::int64_t now_ms) override;
  Result<std::vector<ItemOutcome>> store_batch(std::span<const StoredRecord> items) override;
  Result<DeviceCheckpoint> checkpoint(const DeviceId& device_id) override;
  Result<void> touch_device(const DeviceId& device_id, std::int64_t now_ms) override;
  Result<bool> tombstone(const RecordId& record_id, std::string_view reason,
                         std::int64_t now_ms) override;
  Result<std::uint64_t> count_records() override;
  Result<std::uint64_t> count_quarantined() override;
  Result<std::optional<std::string>> record_json(const RecordId& record_id) override;
  Result<std::optional<ProfileRecord>> find_profile(const Sha256& token_hash) override;
  Result<void> add_enroll_token(const Sha256& token_hash, std::int64_t expires_at_ms) override;
  Result<bool> consume_enroll_token(const Sha256& token_hash, std::int64_t now_ms) override;
  Result<void> add_user(const OfficeUser& user) override;
  Result<std::optional<OfficeUser>> find_user(std::string_view name) override;
  Result<std::vector<OfficeUser>> list_users() override;
  Result<bool> remove_user(std::string_view name) override;
  Result<void> add_audit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> list_audit(std::uint64_t limit) override;
  Result<RecordPage> search_records(const RecordFilter& filter) override;
  Result<RecordFacets> record_facets() override;
  Result<std::optional<RecordSummary>> find_record(const RecordId& record_id) override;

  Error error_from(int rc, std::string_view doing) const;

 private:
  struct Statements {
    Stmt begin, commit, rollback;
    Stmt insert_device, find_device, list_devices, revoke_device, touch_device;
    Stmt find_tombstone, find_version, find_token_owner, insert_record, insert_token,
        insert_quarantine;
    Stmt range_before, ranges_within, delete_range, insert_range, list_ranges, last_seen;
    Stmt insert_tombstone, delete_records, delete_quarantine, delete_tokens;
    Stmt count_records, count_quarantined, newest_json, profile_by_token;
    Stmt insert_enroll, consume_enroll, prune_enroll;
    Stmt upsert_index, delete_index, unindexed, newest_record;
    Stmt insert_user, find_user, list_users, delete_user, insert_audit, list_audit;
    Stmt facet_events, facet_countries, facet_occupations, facet_languages;
  };

  Result<void> exec(const char* sql, std::string_view doing);
  Result<void> migrate();
  Result<void> prepare_all();
  int schema_version();
  Result<void> begin(std::string_view doing);
  Result<void> commit(std::string_view doing);
  void rollback();
  Result<IngestStatus> store_one(const StoredRecord& item, std::string& reason);
  Result<void> quarantine(const StoredRecord& item, std::string_view reason);
  Result<void> mark_seen(const DeviceId& device_id, std::uint64_t first, std::uint64_t last);
  Result<void> store_batch_locked(std::span<const StoredRecord> items,
                                  std::vector<ItemOutcome>& outcomes);
  Result<void> index(const RecordId& record_id, std::int64_t version, std::int64_t received_at,
                     std::string_view record_json);
  Result<void> index_unindexed();
  Result<std::vector<std::string>> distinct_codes(Stmt& stmt, bool space_separated);

  sqlite3* db_;
  std::filesystem::path file_;
  std::unique_ptr<Statements> statements_;
  std::mutex mutex_;
};

// --- opening -----------------------------------------------------------------------------

Error SqliteHubStore::error_from(int rc, std::string_view doing) const {
  const std::string where = " (hub database: " + file_.string() + ")";
  // SQLite's own words for the log; our code may pass an rc without SQLite having failed.
  const std::string detail =
      db_ && sqlite3_errcode(db_) != SQLITE_OK ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  const std::string what(doing);
  switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return {"hub_store.write_failed",
              "The hub could not " + what +
                  ": the disk is full or failing. Nothing already acknowledged was lost; free "
                  "some space and the kiosks will send again" +
                  where + ". [" + detail + "]"};
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return {"hub_store.read_only",
              "The hub could not " + what +
                  ": its database or folder cannot be written (read-only or wrong permissions)" +
                  where + ". [" + detail + "]"};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {"hub_store.corrupt", "The hub's database is damaged, so the hub could not " + what +
                                       ". It was left as it is: restore the latest backup or "
                                       "call support" +
                                       where + ". [" + detail + "]"};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {"hub_store.busy", "The hub could not " + what +
                                    ": another program holds its database. Stop the other "
                                    "program and try again" +
                                    where + "."};
    case SQLITE_CONSTRAINT:
      return {"hub_store.failed",
              "The hub could not " + what + ": the data broke a rule of the database" + where +
                  ". [" + detail + "]"};
    default:
      return {"hub_store.failed", "The hub could not " + what + where + ". [" + detail + "]"};
  }
}

Result<void> SqliteHubStore::exec(const char* sql, std::string_view doing) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from(rc, doing));
  return {};
}

int SqliteHubStore::schema_version() {
  sqlite3_stmt* s = nullptr;
  int version = -1;
  if (sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  return version;
}

// Runs a one-row PRAGMA or query; the value of its first column, or the SQLite error code.
std::expected<std::string, int> query_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    return std::unexpected(rc);
  }
  rc = sqlite3_step(s);
  std::string value;
  if (rc == SQLITE_ROW) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    if (p) value = p;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW) return std::unexpected(rc);
  return value;
}

Result<void> SqliteHubStore::init(bool existed) {
  sqlite3_extended_result_codes(db_, 1);
  // SQLite quietly falls back to read-only when the file or folder cannot be written.
  if (sqlite3_db_readonly(db_, "main") == 1)
    return std::unexpected(error_from(SQLITE_READONLY, "open its database for writing"));
  sqlite3_busy_timeout(db_, 5000);

  // Everything that can refuse the file comes before the first write to it (the switch to WAL
  // writes the header), so a refused file is left exactly as it was.
  if (existed) {
    // SQLite alone opens the file (see KioskStore::open): a file that is no database fails
    // its first read.
    auto app = query_text(db_, "PRAGMA application_id");
    if (!app && (app.error() & 0xff) == SQLITE_NOTADB)
      return fail("hub_store.not_a_database",
                  file_.string() +
                      " is not a Sichtbar hub database (it is damaged or a different kind of "
                      "file). It was left as it is: restore the latest backup or move it away.");
    if (!app) return std::unexpected(error_from(app.error(), "read its database"));
    auto tables = query_text(db_, "SELECT count(*) FROM sqlite_schema");
    if (!tables) return std::unexpected(error_from(tables.error(), "read its database"));
    if (*app != std::to_string(kHubApplicationId) && *tables != "0")
      return fail("hub_store.foreign_database",
                  file_.string() +
                      " belongs to another program, not to the Sichtbar hub. It was left as it "
                      "is: choose another database file or move this one away.");
    const int version = schema_version();
    if (version > kHubSchemaVersion)
      return fail("hub_store.newer_schema",
                  "The hub's database " + file_.string() +
                      " was made by a newer version of Sichtbar (schema " +
                      std::to_string(version) + ", this program knows up to " +
                      std::to_string(kHubSchemaVersion) +
                      "). It was left as it is: update the hub software.");
    auto check = query_text(db_, "PRAGMA quick_check");
    if (!check) return std::unexpected(error_from(check.error(), "check its database"));
    if (*check != "ok")
      return fail("hub_store.corrupt",
                  "The hub's database " + file_.string() +
                      " is damaged. It was left as it is: restore the latest backup or call "
                      "support. [" +
                      *check + "]");
  }

  // WAL with synchronous=FULL: what store_batch returned survives power loss, so an ACK never
  // acknowledges a record the hub could lose. secure_delete overwrites erased records;
  // temp_store=MEMORY keeps sorts and temp tables with personal data off the disk.
  auto wal = query_text(db_, "PRAGMA journal_mode=WAL");
  if (!wal) return std::unexpected(error_from(wal.error(), "open its database"));
  if (*wal != "wal")
    return fail("hub_store.read_only", "The hub could not switch its database " + file_.string() +
                                           " to WAL mode (is the folder writable?).");
  if (auto r = exec("PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; "
                    "PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;",
                    "open its database");
      !r)
    return r;
  if (auto r = migrate(); !r) return r;
  if (auto r = prepare_all(); !r) return r;
  return index_unindexed();
}

Result<void> SqliteHubStore::migrate() {
  const int version = schema_version();
  if (version < 0) return std::unexpected(error_from(SQLITE_ERROR, "read its schema version"));
  for (int v = version; v < kHubSchemaVersion; ++v) {
    if (auto r = exec("BEGIN IMMEDIATE", "update its database"); !r) return r;
    const std::string stamp = "PRAGMA application_id=" + std::to_string(kHubApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(v + 1);
    auto r = exec(kMigrations[static_cast<std::size_t>(v)], "update its database");
    if (r) r = exec(stamp.c_str(), "update its database");
    if (r) r = exec("COMMIT", "update its database");
    if (!r) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return r;
    }
  }
  return {};
}

Result<void> SqliteHubStore::prepare_all() {
  auto s = std::make_unique<Statements>();
  const std::pair<Stmt*, const char*> all[] = {
      {&s->begin, "BEGIN IMMEDIATE"},
      {&s->commit, "COMMIT"},
      {&s->rollback, "ROLLBACK"},
      {&s->insert_device,
       "INSERT INTO devices(device_id, sign_public, name, enrolled_at, revoked_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&s->find_device,
       "SELECT device_id, sign_public, name, enrolled_at, revoked_at FROM devices "
       "WHERE device_id = ?1"},
      {&s->list_devices,
       "SELECT device_id, sign_public, name, enrolled_at, revoked_at FROM devices "
       "ORDER BY enrolled_at, device_id"},
      {&s->revoke_device,
       "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE device_id = ?1"},
      {&s->touch_device, "UPDATE devices SET last_seen_at = ?2 WHERE device_id = ?1"},
      {&s->find_tombstone, "SELECT 1 FROM tombstones WHERE record_id = ?1"},
      {&s->find_version,
       "SELECT envelope_sha256 FROM records WHERE record_id = ?1 AND version = ?2"},
      {&s->find_token_owner, "SELECT record_id FROM profile_tokens WHERE token_hash = ?1"},
      {&s->insert_record,
       "INSERT INTO records(record_id, version, device_id, seq, envelope, envelope_sha256, "
       "record_json, event_id, form_id, form_version, received_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
      {&s->insert_token, "INSERT INTO profile_tokens(token_hash, record_id) VALUES (?1, ?2)"},
      {&s->insert_quarantine,
       "INSERT INTO quarantine(envelope_sha256, record_id, version, device_id, seq, envelope, "
       "record_json, reason, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
       "ON CONFLICT (envelope_sha256) DO NOTHING"},
      {&s->range_before,
       "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ?1 AND "
       "first_seq <= ?2 ORDER BY first_seq DESC LIMIT 1"},
      {&s->ranges_within,
       "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ?1 AND "
       "first_seq > ?2 AND first_seq <= ?3 ORDER BY first_seq"},
      {&s->delete_range, "DELETE FROM device_seq_ranges WHERE device_id = ?1 AND first_seq = ?2"},
      {&s->insert_range,
       "INSERT INTO device_seq_ranges(device_id, first_seq, last_seq) VALUES (?1, ?2, ?3)"},
      {&s->list_ranges,
       "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ?1 "
       "ORDER BY first_seq"},
      {&s->last_seen, "SELECT last_seen_at FROM devices WHERE device_id = ?1"},
      {&s->insert_tombstone,
       "INSERT INTO tombstones(record_id, reason, erased_at) VALUES (?1, ?2, ?3) "
       "ON CONFLICT (record_id) DO NOTHING"},
      {&s->delete_records, "DELETE FROM records WHERE record_id = ?1"},
      {&s->delete_quarantine, "DELETE FROM quarantine WHERE record_id = ?1"},
      {&s->delete_tokens, "DELETE FROM profile_tokens WHERE record_id = ?1"},
      {&s->count_records, "SELECT count(DISTINCT record_id) FROM records"},
      {&s->count_quarantined, "SELECT count(*) FROM quarantine"},
      {&s->newest_json,
       "SELECT record_json FROM records WHERE record_id = ?1 ORDER BY version DESC LIMIT 1"},
      // The link's record and its newest version, by the primary keys of both tables.
      {&s->profile_by_token,
       "SELECT t.record_id, r.record_json FROM profile_tokens t JOIN records r "
       "ON r.record_id = t.record_id WHERE t.token_hash = ?1 ORDER BY r.version DESC LIMIT 1"},
      {&s->insert_enroll, "INSERT INTO enroll_tokens(token_hash, expires_at) VALUES (?1, ?2)"},
      {&s->consume_enroll, "DELETE FROM enroll_tokens WHERE token_hash = ?1 AND expires_at > ?2"},
      {&s->prune_enroll, "DELETE FROM enroll_tokens WHERE expires_at <= ?1"},
      {&s->upsert_index,
       "INSERT INTO record_index(record_id, version, received_at, event_id, event_name, "
       "event_date, country, occupations, languages, wants_advice, search_text) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (record_id) DO UPDATE "
       "SET version = excluded.version, received_at = excluded.received_at, "
       "event_id = excluded.event_id, event_name = excluded.event_name, "
       "event_date = excluded.event_date, country = excluded.country, "
       "occupations = excluded.occupations, languages = excluded.languages, "
       "wants_advice = excluded.wants_advice, search_text = excluded.search_text "
       "WHERE excluded.version > record_index.version"},
      {&s->delete_index, "DELETE FROM record_index WHERE record_id = ?1"},
      {&s->newest_record,
       "SELECT record_id, device_id, received_at, record_json FROM records WHERE record_id = ?1 "
       "ORDER BY version DESC LIMIT 1"},
      // Records stored before the index existed (a database of schema 1): their newest versions.
      {&s->unindexed,
       "SELECT r.record_id, r.version, r.received_at, r.record_json FROM records r "
       "WHERE NOT EXISTS (SELECT 1 FROM record_index i WHERE i.record_id = r.record_id) "
       "AND r.version = (SELECT max(version) FROM records v WHERE v.record_id = r.record_id)"},
      {&s->insert_user,
       "INSERT INTO office_users(name, password_hash, created_at) VALUES (?1, ?2, ?3)"},
      {&s->find_user, "SELECT name, password_hash, created_at FROM office_users WHERE name = ?1"},
      {&s->list_users, "SELECT name, password_hash, created_at FROM office_users ORDER BY name"},
      {&s->delete_user, "DELETE FROM office_users WHERE name = ?1"},
      {&s->insert_audit,
       "INSERT INTO audit_log(at, user_name, action, subject, reason) VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&s->list_audit,
       "SELECT at, user_name, action, subject, reason FROM audit_log ORDER BY id DESC LIMIT ?1"},
      {&s->facet_events,
       "SELECT event_id, event_name, event_date, count(*) FROM record_index "
       "GROUP BY event_id, event_name, event_date ORDER BY event_date DESC, event_name"},
      {&s->facet_countries,
       "SELECT DISTINCT country FROM record_index WHERE country <> '' ORDER BY country"},
      {&s->facet_occupations, "SELECT DISTINCT occupations FROM record_index"},
      {&s->facet_languages, "SELECT DISTINCT languages FROM record_index"},
  };
  for (const auto& [stmt, sql] : all)
    if (int rc = stmt->prepare(db_, sql); rc != SQLITE_OK)
      return std::unexpected(error_from(rc, "prepare its database"));
  statements_ = std::move(s);
  return {};
}

// --- transactions ------------------------------------------------------------------------

Result<void> SqliteHubStore::begin(std::string_view doing) {
  auto u = statements_->begin.use();
  if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  return {};
}

Result<void> SqliteHubStore::commit(std::string_view doing) {
  int rc;
  {
    auto u = statements_->commit.use();
    rc = u.step();
  }
  if (rc != SQLITE_DONE) {
    Error e = error_from(rc, doing);
    rollback();
    return std::unexpected(std::move(e));
  }
  return {};
}

void SqliteHubStore::rollback() {
  if (sqlite3_get_autocommit(db_)) return;  // nothing open (SQLite may have rolled back itself)
  auto u = statements_->rollback.use();
  u.step();
}

// --- devices -----------------------------------------------------------------------------

Device device_from_row(const Stmt::Use& u) {
  Device d;
  u.blob(0, d.device_id);
  u.blob(1, d.sign_public);
  d.name = u.text(2);
  d.enrolled_at_ms = u.integer(3);
  if (!u.is_null(4)) d.revoked_at_ms = u.integer(4);
  return d;
}

Result<void> SqliteHubStore::add_device(const Device& device) {
  std::lock_guard lock(mutex_);
  auto u = statements_->insert_device.use();
  u.bind(1, ByteView(device.device_id))
      .bind(2, ByteView(device.sign_public))
      .bind(3, std::string_view(device.name))
      .bind(4, device.enrolled_at_ms);
  if (device.revoked_at_ms)
    u.bind(5, *device.revoked_at_ms);
  else
    u.bind_null(5);
  const int rc = u.step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return fail("hub_store.device_exists", "A kiosk with the device id " +
                                               device_id_text(device.device_id) +
                                               " is enrolled already.");
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "enroll the kiosk"));
  return {};
}

Result<std::optional<Device>> SqliteHubStore::find_device(const DeviceId& device_id) {
  std::lock_guard lock(mutex_);
  auto u = statements_->find_device.use();
  u.bind(1, ByteView(device_id));
  const int rc = u.step();
  if (rc == SQLITE_DONE) return std::optional<Device>();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "look up the kiosk"));
  return std::optional<Device>(device_from_row(u));
}

Result<std::vector<Device>> SqliteHubStore::list_devices() {
  std::lock_guard lock(mutex_);
  auto u = statements_->list_devices.use();
  std::vector<Device> devices;
  int rc;
  while ((rc = u.step()) == SQLITE_ROW) devices.push_back(device_from_row(u));
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "list the kiosks"));
  return devices;
}

Error unknown_device(const DeviceId& device_id) {
  return {"hub_store.unknown_device",
          "No kiosk with the device id " + device_id_text(device_id) + " is enrolled at this hub."};
}

Result<void> SqliteHubStore::revoke_device(const DeviceId& device_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto u = statements_->revoke_device.use();
  u.bind(1, ByteView(device_id)).bind(2, now_ms);
  const int rc = u.step();
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "revoke the kiosk"));
  if (sqlite3_changes(db_) == 0) return std::unexpected(unknown_device(device_id));
  return {};
}

Result<void> SqliteHubStore::touch_device(const DeviceId& device_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto u = statements_->touch_device.use();
  u.bind(1, ByteView(device_id)).bind(2, now_ms);
  const int rc = u.step();
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "note when the kiosk was seen"));
  if (sqlite3_changes(db_) == 0) return std::unexpected(unknown_device(device_id));
  return {};
}

// --- records -----------------------------------------------------------------------------

Result<void> SqliteHubStore::quarantine(const StoredRecord& item, std::string_view reason) {
  auto u = statements_->insert_quarantine.use();
  u.bind(1, ByteView(item.envelope_sha256))
      .bind(2, ByteView(item.record_id))
      .bind(3, static_cast<std::int64_t>(item.record_version))
      .bind(4, ByteView(item.device_id))
      .bind(5, static_cast<std::int64_t>(item.seq))
      .bind(6, ByteView(item.envelope))
      .bind(7, std::string_view(item.record_json))
      .bind(8, reason)
      .bind(9, item.received_at_ms);
  if (int rc = u.step(); rc != SQLITE_DONE)
    return std::unexpected(error_from(rc, "quarantine a conflicting record"));
  return {};
}

Result<IngestStatus> SqliteHubStore::store_one(const StoredRecord& item, std::string& reason) {
  const std::string doing = "store a record";
  {
    auto u = statements_->find_tombstone.use();
    u.bind(1, ByteView(item.record_id));
    const int rc = u.step();
    if (rc == SQLITE_ROW) {
      reason = kGone;
      return IngestStatus::Gone;
    }
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  {
    auto u = statements_->find_version.use();
    u.bind(1, ByteView(item.record_id)).bind(2, static_cast<std::int64_t>(item.record_version));
    const int rc = u.step();
    if (rc == SQLITE_ROW) {
      Sha256 stored{};
      if (u.blob(0, stored) && stored == item.envelope_sha256) return IngestStatus::Duplicate;
      reason = kVersionConflict;
      if (auto r = quarantine(item, reason); !r) return std::unexpected(r.error());
      return IngestStatus::Conflict;
    }
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  bool token_known = false;
  {
    auto u = statements_->find_token_owner.use();
    u.bind(1, ByteView(item.token_hash));
    const int rc = u.step();
    if (rc == SQLITE_ROW) {
      RecordId owner{};
      if (!u.blob(0, owner) || owner != item.record_id) {
        reason = kTokenConflict;
        if (auto r = quarantine(item, reason); !r) return std::unexpected(r.error());
        return IngestStatus::Conflict;
      }
      token_known = true;  // an earlier version of this record carries the same link
    } else if (rc != SQLITE_DONE) {
      return std::unexpected(error_from(rc, doing));
    }
  }
  {
    auto u = statements_->insert_record.use();
    u.bind(1, ByteView(item.record_id))
        .bind(2, static_cast<std::int64_t>(item.record_version))
        .bind(3, ByteView(item.device_id))
        .bind(4, static_cast<std::int64_t>(item.seq))
        .bind(5, ByteView(item.envelope))
        .bind(6, ByteView(item.envelope_sha256))
        .bind(7, std::string_view(item.record_json))
        .bind(8, std::string_view(item.event_id))
        .bind(9, std::string_view(item.form_id))
        .bind(10, static_cast<std::int64_t>(item.form_version))
        .bind(11, item.received_at_ms);
    if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  if (!token_known) {
    auto u = statements_->insert_token.use();
    u.bind(1, ByteView(item.token_hash)).bind(2, ByteView(item.record_id));
    if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  if (auto r = index(item.record_id, static_cast<std::int64_t>(item.record_version),
                     item.received_at_ms, item.record_json);
      !r)
    return std::unexpected(r.error());
  return IngestStatus::Stored;
}

// The record's row in the office's search index, unless a newer version is indexed already.
Result<void> SqliteHubStore::index(const RecordId& record_id, std::int64_t version,
                                   std::int64_t received_at, std::string_view record_json) {
  const RecordIndex i = index_record(record_json);
  auto u = statements_->upsert_index.use();
  u.bind(1, ByteView(record_id))
      .bind(2, version)
      .bind(3, received_at)
      .bind(4, std::string_view(i.event_id))
      .bind(5, std::string_view(i.event_name))
      .bind(6, std::string_view(i.event_date))
      .bind(7, std::string_view(i.country))
      .bind(8, std::string_view(i.occupations))
      .bind(9, std::string_view(i.languages))
      .bind(10, std::int64_t{i.wants_advice ? 1 : 0})
      .bind(11, std::string_view(i.search_text));
  if (int rc = u.step(); rc != SQLITE_DONE)
    return std::unexpected(error_from(rc, "index a record for the office's search"));
  return {};
}

// Indexes what a hub of schema 1 stored before the index existed: once, at the first start
// after the update (later, every stored record is indexed as it is stored).
Result<void> SqliteHubStore::index_unindexed() {
  const std::string doing = "index the stored records for the office's search";
  struct Row {
    RecordId id{};
    std::int64_t version = 0, received_at = 0;
    std::string json;
  };
  std::vector<Row> rows;
  {
    auto u = statements_->unindexed.use();
    int rc;
    while ((rc = u.step()) == SQLITE_ROW) {
      Row row;
      u.blob(0, row.id);
      row.version = u.integer(1);
      row.received_at = u.integer(2);
      row.json = u.text(3);
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  if (rows.empty()) return {};
  if (auto r = begin(doing); !r) return r;
  for (const Row& row : rows)
    if (auto r = index(row.id, row.version, row.received_at, row.json); !r) {
      rollback();
      return r;
    }
  return commit(doing);
}

// Adds [first, last] to the device's seen ranges, merging with ranges it overlaps or touches.
Result<void> SqliteHubStore::mark_seen(const DeviceId& device_id, std::uint64_t first,
                                       std::uint64_t last) {
  const std::string doing = "record the kiosk's sequence numbers";
  std::int64_t lo = static_cast<std::int64_t>(first), hi = static_cast<std::int64_t>(last);
  std::vector<std::int64_t> merged;  // first_seq of the rows replaced by the merged range
  {
    auto u = statements_->range_before.use();
    u.bind(1, ByteView(device_id)).bind(2, lo);
    const int rc = u.step();
    if (rc == SQLITE_ROW) {
      const std::int64_t f = u.integer(0), l = u.integer(1);
      if (l >= hi) return {};  // seen already, as on every replay: nothing to change
      if (l >= lo - 1) {  // overlaps or ends right before: lo >= 1, so lo - 1 cannot overflow
        merged.push_back(f);
        lo = f;
        hi = std::max(hi, l);
      }
    } else if (rc != SQLITE_DONE) {
      return std::unexpected(error_from(rc, doing));
    }
  }
  {
    auto u = statements_->ranges_within.use();
    const std::int64_t upper = hi == std::numeric_limits<std::int64_t>::max() ? hi : hi + 1;
    u.bind(1, ByteView(device_id)).bind(2, static_cast<std::int64_t>(first)).bind(3, upper);
    int rc;
    while ((rc = u.step()) == SQLITE_ROW) {
      merged.push_back(u.integer(0));
      hi = std::max(hi, u.integer(1));
    }
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  for (std::int64_t f : merged) {
    auto u = statements_->delete_range.use();
    u.bind(1, ByteView(device_id)).bind(2, f);
    if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  auto u = statements_->insert_range.use();
  u.bind(1, ByteView(device_id)).bind(2, lo).bind(3, hi);
  if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  return {};
}

Result<void> SqliteHubStore::store_batch_locked(std::span<const StoredRecord> items,
                                                std::vector<ItemOutcome>& outcomes) {
  std::map<DeviceId, std::vector<std::uint64_t>> seen;
  for (const StoredRecord& item : items) {
    if (item.seq == 0 || item.seq > kMaxSeq) {
      outcomes.push_back({IngestStatus::Rejected,
                          "hub_store.bad_seq: the sequence number " + std::to_string(item.seq) +
                              " is outside 1.." + std::to_string(kMaxSeq) + "."});
      continue;
    }
    std::string reason;
    auto status = store_one(item, reason);
    if (!status) return std::unexpected(status.error());
    outcomes.push_back({*status, std::move(reason)});
    seen[item.device_id].push_back(item.seq);
  }
  // One merge per run of consecutive seqs: an in-order batch of 500 touches one range row.
  for (auto& [device_id, seqs] : seen) {
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    std::size_t i = 0;
    while (i < seqs.size()) {
      std::size_t j = i;
      while (j + 1 < seqs.size() && seqs[j + 1] == seqs[j] + 1) ++j;
      if (auto r = mark_seen(device_id, seqs[i], seqs[j]); !r) return r;
      i = j + 1;
    }
  }
  return {};
}

Result<std::vector<ItemOutcome>> SqliteHubStore::store_batch(std::span<const StoredRecord> items) {
  std::lock_guard lock(mutex_);
  std::vector<ItemOutcome> outcomes;
  outcomes.reserve(items.size());
  if (items.empty()) return outcomes;
  if (auto r = begin("store the records"); !r) return std::unexpected(r.error());
  if (auto r = store_batch_locked(items, outcomes); !r) {
    rollback();
    return std::unexpected(r.error());
  }
  if (auto r = commit("store the records"); !r) return std::unexpected(r.error());
  return outcomes;
}

Result<DeviceCheckpoint> SqliteHubStore::checkpoint(const DeviceId& device_id) {
  std::lock_guard lock(mutex_);
  const std::string doing = "read the kiosk's checkpoint";
  DeviceCheckpoint cp;
  {
    auto u = statements_->list_ranges.use();
    u.bind(1, ByteView(device_id));
    std::uint64_t next = 1;  // the lowest seq not yet accounted for
    int rc;
    while ((rc = u.step()) == SQLITE_ROW) {
      const auto first = static_cast<std::uint64_t>(u.integer(0));
      const auto last = static_cast<std::uint64_t>(u.integer(1));
      if (first > next) cp.missing.emplace_back(next, first - 1);
      if (first == 1) cp.high_water = last;
      next = last + 1;
      cp.max_seen = last;
    }
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  {
    auto u = statements_->last_seen.use();
    u.bind(1, ByteView(device_id));
    const int rc = u.step();
    if (rc == SQLITE_ROW && !u.is_null(0)) cp.last_seen_ms = u.integer(0);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  return cp;
}

Result<bool> SqliteHubStore::tombstone(const RecordId& record_id, std::string_view reason,
                                       std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const std::string doing = "erase the record";
  if (auto r = begin(doing); !r) return std::unexpected(r.error());
  auto body = [&]() -> Result<bool> {
    bool made = false;
    {
      auto u = statements_->insert_tombstone.use();
      u.bind(1, ByteView(record_id)).bind(2, reason).bind(3, now_ms);
      if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
      made = sqlite3_changes(db_) == 1;
    }
    for (Stmt* s : {&statements_->delete_records, &statements_->delete_quarantine,
                    &statements_->delete_tokens, &statements_->delete_index}) {
      auto u = s->use();
      u.bind(1, ByteView(record_id));
      if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
    }
    return made;
  };
  auto made = body();
  if (!made) {
    rollback();
    return made;
  }
  if (auto r = commit(doing); !r) return std::unexpected(r.error());
  // secure_delete zeroes the freed pages, but older copies of them may still sit in the WAL
  // file: copy the WAL back and truncate it, so the erased data is on no page of any file.
  // Best effort: a reader holding the WAL only delays this to the next erasure or close.
  sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  return made;
}

Result<std::uint64_t> SqliteHubStore::count_records() {
  std::lock_guard lock(mutex_);
  auto u = statements_->count_records.use();
  const int rc = u.step();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "count the records"));
  return static_cast<std::uint64_t>(u.integer(0));
}

Result<std::uint64_t> SqliteHubStore::count_quarantined() {
  std::lock_guard lock(mutex_);
  auto u = statements_->count_quarantined.use();
  const int rc = u.step();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "count the quarantined records"));
  return static_cast<std::uint64_t>(u.integer(0));
}

Result<std::optional<std::string>> SqliteHubStore::record_json(const RecordId& record_id) {
  std::lock_guard lock(mutex_);
  auto u = statements_->newest_json.use();
  u.bind(1, ByteView(record_id));
  const int rc = u.step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "read the record"));
  return std::optional<std::string>(u.text(0));
}

Result<std::optional<ProfileRecord>> SqliteHubStore::find_profile(const Sha256& token_hash) {
  std::lock_guard lock(mutex_);
  auto u = statements_->profile_by_token.use();
  u.bind(1, ByteView(token_hash));
  const int rc = u.step();
  if (rc == SQLITE_DONE) return std::optional<ProfileRecord>();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "look up the profile link"));
  ProfileRecord found;
  if (!u.blob(0, found.record_id))
    return fail("hub_store.corrupt", "A profile link in the hub's database names no valid record.");
  found.record_json = u.text(1);
  return std::optional<ProfileRecord>(std::move(found));
}

// --- office users and audit log ------------------------------------------------------------

Result<void> SqliteHubStore::add_user(const OfficeUser& user) {
  std::lock_guard lock(mutex_);
  auto u = statements_->insert_user.use();
  u.bind(1, std::string_view(user.name))
      .bind(2, std::string_view(user.password_hash))
      .bind(3, user.created_at_ms);
  const int rc = u.step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return fail("hub_store.user_exists", "There is an office login named \"" + user.name +
                                             "\" already. Choose another name, or remove the "
                                             "old login first (sichtbar-hub user remove).");
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "add the office login"));
  return {};
}

OfficeUser user_from_row(const Stmt::Use& u) { return {u.text(0), u.text(1), u.integer(2)}; }

Result<std::optional<OfficeUser>> SqliteHubStore::find_user(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto u = statements_->find_user.use();
  u.bind(1, name);
  const int rc = u.step();
  if (rc == SQLITE_DONE) return std::optional<OfficeUser>();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "look up the office login"));
  return std::optional<OfficeUser>(user_from_row(u));
}

Result<std::vector<OfficeUser>> SqliteHubStore::list_users() {
  std::lock_guard lock(mutex_);
  auto u = statements_->list_users.use();
  std::vector<OfficeUser> users;
  int rc;
  while ((rc = u.step()) == SQLITE_ROW) users.push_back(user_from_row(u));
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "list the office logins"));
  return users;
}

Result<bool> SqliteHubStore::remove_user(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto u = statements_->delete_user.use();
  u.bind(1, name);
  if (int rc = u.step(); rc != SQLITE_DONE)
    return std::unexpected(error_from(rc, "remove the office login"));
  return sqlite3_changes(db_) == 1;
}

Result<void> SqliteHubStore::add_audit(const AuditEntry& e) {
  std::lock_guard lock(mutex_);
  auto u = statements_->insert_audit.use();
  u.bind(1, e.at_ms)
      .bind(2, std::string_view(e.user))
      .bind(3, std::string_view(e.action))
      .bind(4, std::string_view(e.subject))
      .bind(5, std::string_view(e.reason));
  if (int rc = u.step(); rc != SQLITE_DONE)
    return std::unexpected(error_from(rc, "write the audit log"));
  return {};
}

Result<std::vector<AuditEntry>> SqliteHubStore::list_audit(std::uint64_t limit) {
  std::lock_guard lock(mutex_);
  auto u = statements_->list_audit.use();
  u.bind(1, static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMaxSeq)));
  std::vector<AuditEntry> entries;
  int rc;
  while ((rc = u.step()) == SQLITE_ROW)
    entries.push_back({u.integer(0), u.text(1), u.text(2), u.text(3), u.text(4)});
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "read the audit log"));
  return entries;
}

// --- the office's search -----------------------------------------------------------------

Result<RecordPage> SqliteHubStore::search_records(const RecordFilter& filter) {
  std::lock_guard lock(mutex_);
  const std::string doing = "search the records";
  const SearchSql where = search_where(filter, '?');
  RecordPage page;
  // Two statements made for this filter: their text depends on which filters are set.
  for (const std::string& sql : {search_count_sql(where), search_rows_sql(filter, where)}) {
    Stmt stmt;
    if (int rc = stmt.prepare(db_, sql.c_str()); rc != SQLITE_OK)
      return std::unexpected(error_from(rc, doing));
    auto u = stmt.use();
    for (std::size_t k = 0; k < where.params.size(); ++k)
      u.bind(static_cast<int>(k + 1), std::string_view(where.params[k]));
    int rc;
    while ((rc = u.step()) == SQLITE_ROW) {
      if (sqlite3_column_count(stmt.get()) == 1) {
        page.total = static_cast<std::uint64_t>(u.integer(0));
        continue;
      }
      RecordSummary row;
      u.blob(0, row.record_id);
      u.blob(1, row.device_id);
      row.received_at_ms = u.integer(2);
      row.record_json = u.text(3);
      page.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  return page;
}

Result<std::optional<RecordSummary>> SqliteHubStore::find_record(const RecordId& record_id) {
  std::lock_guard lock(mutex_);
  auto u = statements_->newest_record.use();
  u.bind(1, ByteView(record_id));
  const int rc = u.step();
  if (rc == SQLITE_DONE) return std::optional<RecordSummary>();
  if (rc != SQLITE_ROW) return std::unexpected(error_from(rc, "read the record"));
  RecordSummary r;
  u.blob(0, r.record_id);
  u.blob(1, r.device_id);
  r.received_at_ms = u.integer(2);
  r.record_json = u.text(3);
  return std::optional<RecordSummary>(std::move(r));
}

Result<std::vector<std::string>> SqliteHubStore::distinct_codes(Stmt& stmt, bool space_separated) {
  auto u = stmt.use();
  std::vector<std::string> codes;
  int rc;
  while ((rc = u.step()) == SQLITE_ROW) codes.push_back(u.text(0));
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "list the filter's choices"));
  return space_separated ? split_codes(codes) : codes;
}

Result<RecordFacets> SqliteHubStore::record_facets() {
  std::lock_guard lock(mutex_);
  RecordFacets facets;
  {
    auto u = statements_->facet_events.use();
    int rc;
    while ((rc = u.step()) == SQLITE_ROW)
      facets.events.push_back(
          {u.text(0), u.text(1), u.text(2), static_cast<std::uint64_t>(u.integer(3))});
    if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "list the events"));
  }
  auto countries = distinct_codes(statements_->facet_countries, false);
  if (!countries) return std::unexpected(countries.error());
  auto occupations = distinct_codes(statements_->facet_occupations, true);
  if (!occupations) return std::unexpected(occupations.error());
  auto languages = distinct_codes(statements_->facet_languages, true);
  if (!languages) return std::unexpected(languages.error());
  facets.countries = std::move(*countries);
  facets.occupations = std::move(*occupations);
  facets.languages = std::move(*languages);
  return facets;
}

// --- enrollment tokens -------------------------------------------------------------------

Result<void> SqliteHubStore::add_enroll_token(const Sha256& token_hash,
                                              std::int64_t expires_at_ms) {
  std::lock_guard lock(mutex_);
  auto u = statements_->insert_enroll.use();
  u.bind(1, ByteView(token_hash)).bind(2, expires_at_ms);
  const int rc = u.step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return fail("hub_store.token_exists", "This enrollment token exists already; make a new one.");
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, "save the enrollment token"));
  return {};
}

Result<bool> SqliteHubStore::consume_enroll_token(const Sha256& token_hash, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const std::string doing = "use the enrollment token";
  // Deleting the row is the use: a second attempt finds nothing, even at the same moment.
  bool used = false;
  {
    auto u = statements_->consume_enroll.use();
    u.bind(1, ByteView(token_hash)).bind(2, now_ms);
    if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
    used = sqlite3_changes(db_) == 1;
  }
  {
    auto u = statements_->prune_enroll.use();
    u.bind(1, now_ms);
    if (int rc = u.step(); rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  }
  return used;
}

}  // namespace

// --- factory -----------------------------------------------------------------------------

Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& database_file) {
  std::error_code ec;
  const auto folder = database_file.parent_path();
  if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
    std::filesystem::create_directories(folder, ec);
    if (ec)
      return fail("hub_store.read_only", "The hub could not create the folder " + folder.string() +
                                             " for its database: " + ec.message() + ".");
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
  }
  const bool existed = std::filesystem::exists(database_file, ec);
  if (existed) {
    if (std::filesystem::is_directory(database_file, ec))
      return fail("hub_store.not_a_database",
                  database_file.string() + " is a folder, not the hub's database file.");
  }
  sqlite3* raw = nullptr;
  // NOMUTEX: the store's own mutex already serialises every use of the connection.
  const int rc = sqlite3_open_v2(database_file.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                     SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  auto store = std::make_unique<SqliteHubStore>(raw, database_file);
  if (rc != SQLITE_OK) return std::unexpected(store->error_from(rc, "open its database"));
  if (auto r = store->init(existed); !r) return std::unexpected(r.error());
  return std::unique_ptr<HubStore>(std::move(store));
}

}  // namespace sichtbar::hub
