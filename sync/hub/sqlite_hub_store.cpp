// The SQLite session of the hub store (sql_session.h): opening and refusing files, WAL and
// durability settings, migrations by user_version, the statement table prepared once and reused,
// and SQLite's result codes as hub_store.* errors. No locks: one process owns the file.
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <string>
#include <vector>

#include "base/sqlite.h"
#include "hub/hub_store.h"
#include "hub/sql_session.h"

namespace sichtbar::hub {

namespace {

// Runs a one-row PRAGMA or query; the value of its first column, or the SQLite error code.
std::expected<std::string, int> query_text(sqlite3* db, const char* sql) {
  Statement s(db, sql);
  if (!s.ok()) return std::unexpected(s.prepare_result());
  const int rc = s.step();
  if (rc != SQLITE_ROW) return std::unexpected(rc);
  return s.column_text(0);
}

class SqliteSession final : public SqlSession {
 public:
  SqliteSession(sqlite3* db, std::filesystem::path file, std::uint64_t min_free_bytes)
      : db_(db), file_(std::move(file)), min_free_bytes_(min_free_bytes) {
    where_ = " (hub database: " + file_.string() + ")";
  }
  ~SqliteSession() override {
    statements_.clear();  // first: a connection with live statements does not close
    sqlite3_close_v2(db_);
  }

  Result<void> open(bool existed, NewDatabase if_new);
  // The file at the path is still the one opened (not removed or replaced under the hub), and
  // its disk has room for a few more records.
  Result<void> check_storage() override {
    struct stat now {};
    if (::stat(file_.c_str(), &now) != 0 || now.st_ino != opened_.st_ino ||
        now.st_dev != opened_.st_dev)
      return fail("hub_store.gone",
                  "The hub's database file was removed or replaced while the hub ran" + where_ +
                      ". Restart the hub.");
    struct statvfs disk {};
    if (::statvfs(file_.parent_path().empty() ? "." : file_.parent_path().c_str(), &disk) == 0 &&
        static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize < min_free_bytes_)
      return fail("hub_store.write_failed",
                  "The disk of the hub's database is full" + where_ + ". Free some space.");
    return {};
  }
  Error error_from(int rc, std::string_view doing) const;

  Dialect dialect() const override { return Dialect::Sqlite; }
  Result<int> schema_version(std::string_view doing) override {
    auto version = query_text(db_, "PRAGMA user_version");
    if (!version) return std::unexpected(error_from(version.error(), doing));
    return std::stoi(*version);
  }
  Result<void> exec(const std::string& sql, std::string_view doing) override {
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(error_from(rc, doing));
    return {};
  }
  // Every statement of the table, prepared once; a text of several statements in parts.
  Result<void> prepare() override {
    for (const SqlText& text : hub_statements()) {
      Parts parts;
      std::string_view rest = text.sql;
      while (!rest.empty()) {
        const auto end = rest.find(";\n");
        const auto& s = parts.emplace_back(
            std::make_unique<Statement>(db_, rest.substr(0, end), /*persistent=*/true));
        if (!s->ok())
          return std::unexpected(error_from(s->prepare_result(), "prepare its database"));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
      }
      statements_.push_back(std::move(parts));
    }
    return {};
  }
  Result<void> ready() override { return {}; }
  struct stat opened_ {};  // the database file as opened, for check_storage
  Result<SqlResult> run(Sql s, std::span<const SqlParam> params, std::string_view doing) override {
    SqlResult result;
    for (const auto& part : statements_[static_cast<std::size_t>(s)])
      if (auto r = execute_one(*part, params, doing, result); !r) return std::unexpected(r.error());
    return result;
  }
  Result<SqlResult> run_once(const std::string& sql, std::span<const SqlParam> params,
                             std::string_view doing) override {
    Statement s(db_, sql);
    if (!s.ok()) return std::unexpected(error_from(s.prepare_result(), doing));
    SqlResult result;
    if (auto r = execute_one(s, params, doing, result); !r) return std::unexpected(r.error());
    return result;
  }
  Result<void> begin(std::string_view doing) override { return exec("BEGIN IMMEDIATE", doing); }
  Result<void> commit(std::string_view doing) override { return exec("COMMIT", doing); }
  void rollback() override {
    if (sqlite3_get_autocommit(db_)) return;  // nothing open (SQLite may have rolled back itself)
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  // A primary key, or another unique key (an office's name), taken already.
  bool duplicate_key() const override {
    return last_rc_ == SQLITE_CONSTRAINT_PRIMARYKEY || last_rc_ == SQLITE_CONSTRAINT_UNIQUE;
  }
  bool retryable() const override { return false; }
  void after_erase(bool) override {
    // secure_delete zeroes the freed pages, but older copies of them may still sit in the WAL
    // file: copy the WAL back and truncate it, so the erased data is on no page of any file.
    // Best effort: a reader holding the WAL only delays this to the next erasure or close.
    sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }

 private:
  using Parts = std::vector<std::unique_ptr<Statement>>;
  Result<void> execute_one(Statement& s, std::span<const SqlParam> params, std::string_view doing,
                           SqlResult& result);

  sqlite3* db_;
  std::filesystem::path file_;
  std::uint64_t min_free_bytes_;
  std::vector<Parts> statements_;
  int last_rc_ = SQLITE_OK;
};

Error SqliteSession::error_from(int rc, std::string_view doing) const {
  // SQLite's own words for the log; our code may pass an rc without SQLite having failed.
  const std::string detail =
      db_ && sqlite3_errcode(db_) != SQLITE_OK ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  const auto fault = [p = rc & 0xff] {
    if (p == SQLITE_FULL || p == SQLITE_IOERR) return Fault::WriteFailed;
    if (p == SQLITE_READONLY || p == SQLITE_CANTOPEN || p == SQLITE_PERM) return Fault::ReadOnly;
    if (p == SQLITE_CORRUPT || p == SQLITE_NOTADB) return Fault::Corrupt;
    if (p == SQLITE_BUSY || p == SQLITE_LOCKED) return Fault::Busy;
    return p == SQLITE_CONSTRAINT ? Fault::Constraint : Fault::Other;
  };
  return store_error(fault(), doing, where_, detail);
}

// Binds the parameters the statement has (a text of several statements numbers them across all
// of its parts), steps it to the end and resets it, whatever happened.
Result<void> SqliteSession::execute_one(Statement& s, std::span<const SqlParam> params,
                                        std::string_view doing, SqlResult& result) {
  result.rows.clear();
  const int n = std::min(s.parameter_count(), static_cast<int>(params.size()));
  for (int i = 0; i < n; ++i) {
    const SqlParam& p = params[static_cast<std::size_t>(i)];
    if (p.kind == SqlParam::Kind::Integer)
      s.bind(i + 1, p.integer);
    else if (p.kind == SqlParam::Kind::Text)
      s.bind(i + 1, p.bytes);
    else if (p.kind == SqlParam::Kind::Blob)
      s.bind(i + 1,
             ByteView(reinterpret_cast<const std::uint8_t*>(p.bytes.data()), p.bytes.size()));
    else
      s.bind_null(i + 1);
  }
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    SqlRow& row = result.rows.emplace_back();
    row.cells.resize(static_cast<std::size_t>(s.column_count()));
    for (int c = 0; c < s.column_count(); ++c) {
      SqlRow::Cell& cell = row.cells[static_cast<std::size_t>(c)];
      cell.null = s.column_is_null(c);
      if (cell.null) continue;
      if (s.column_is_integer(c))
        cell.integer = s.column_int(c);
      else
        cell.bytes = s.column_text(c);
    }
  }
  s.reset();
  last_rc_ = rc;
  if (rc != SQLITE_DONE) return std::unexpected(error_from(rc, doing));
  result.changed = static_cast<std::uint64_t>(sqlite3_changes(db_));
  return {};
}

Result<void> SqliteSession::open(bool existed, NewDatabase if_new) {
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
    auto version = schema_version("read its database");
    if (!version) return std::unexpected(version.error());
    if (*version > kHubSchemaVersion) return std::unexpected(newer_schema(*version, where_));
    if (*version == 0 && if_new == NewDatabase::refuse) return std::unexpected(no_schema(where_));
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
  return exec(
      "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA foreign_keys=ON;",
      "open its database");
}

}  // namespace

// --- factory -----------------------------------------------------------------------------

Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& database_file,
                                                        NewDatabase if_new,
                                                        std::uint64_t min_free_bytes) {
  std::error_code ec;
  // Refused before anything is made: no folder, no file.
  if (if_new == NewDatabase::refuse && !std::filesystem::exists(database_file, ec))
    return fail("hub_store.no_schema", "The hub's database " + database_file.string() +
                                           " does not exist. Nothing was created.");
  const auto folder = database_file.parent_path();
  if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
    if (auto made = create_private_folder(folder); !made)
      return fail("hub_store.read_only", "The hub could not create the folder " + folder.string() +
                                             " for its database: " + made.error().message);
  }
  const bool existed = std::filesystem::exists(database_file, ec);
  if (existed && std::filesystem::is_directory(database_file, ec))
    return fail("hub_store.not_a_database",
                database_file.string() + " is a folder, not the hub's database file.");
  sqlite3* raw = nullptr;
  // NOMUTEX: the store's own mutex already serialises every use of the connection.
  const int rc = sqlite3_open_v2(
      database_file.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
      nullptr);
  auto session = std::make_unique<SqliteSession>(raw, database_file, min_free_bytes);
  if (rc != SQLITE_OK) return std::unexpected(session->error_from(rc, "open its database"));
  // Every decrypted record is in this file: private before its first write, so the WAL and
  // shared-memory files SQLite makes with the database's mode are private too, whatever the
  // umask. (An old file others could read is fixed, and logged, by hub_files.h first.)
  if (auto made = make_private(database_file); !made) return std::unexpected(made.error());
  if (auto r = session->open(existed, if_new); !r) return std::unexpected(r.error());
  ::stat(database_file.c_str(), &session->opened_);
  return make_sql_hub_store(std::move(session), if_new);
}

}  // namespace sichtbar::hub
