// Test support implementation: fresh hub databases of either backend, and looking into them
// from outside the store (a connection of their own), as an admin would.
#include "support/hub_backends.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <random>
#include <stdexcept>

#include "hub/hub_store.h"
#include "hub/postgres_handles.h"

namespace sichtbar::test {

namespace {

const char* const kHowToStart =
    "The PostgreSQL variant of this test needs the throwaway test server. Run the tests with "
    "ctest (which starts it as the fixture \"postgres\"), or start it by hand: "
    "export SICHTBAR_TEST_POSTGRES=\"$(tests/support/pg_cluster.sh start /tmp/sichtbar-pg)\" "
    "(and tests/support/pg_cluster.sh stop /tmp/sichtbar-pg afterwards).";

using Conn = hub::PgConn;
using hub::PgResult;

Conn pg_connect(const std::string& conninfo) {
  Conn conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("cannot connect to the PostgreSQL test server (" + conninfo + "): " +
                             (conn ? PQerrorMessage(conn.get()) : "out of memory") + kHowToStart);
  return conn;
}

PgResult exec(PGconn* conn, const std::string& sql, const std::vector<std::string>& params = {}) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PgResult r(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error("PostgreSQL test query failed: " + sql + ": " + PQerrorMessage(conn));
  return r;
}

std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Sqlite {
  sqlite3* db = nullptr;
  Sqlite(const std::string& file, int flags) {
    if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + file);
  }
  ~Sqlite() { sqlite3_close(db); }
};

}  // namespace

std::string test_postgres_server() {
  const char* conninfo = std::getenv("SICHTBAR_TEST_POSTGRES");
  if (!conninfo || !*conninfo)
    throw std::runtime_error(std::string("SICHTBAR_TEST_POSTGRES is not set. ") + kHowToStart);
  return conninfo;
}

std::string test_postgres_url(const std::string& database,
                              const std::vector<std::pair<std::string, std::string>>& with) {
  const std::string server = test_postgres_server();
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(server.c_str(), &error);
  if (!options) {
    const std::string detail = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("SICHTBAR_TEST_POSTGRES does not parse: " + detail);
  }
  std::map<std::string, std::string> settings;
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (o->val) settings[o->keyword] = o->val;
  PQconninfoFree(options);
  settings.erase("dbname");
  for (const auto& [key, value] : with) settings[key] = value;
  std::string url = "postgresql:///" + percent_encode(database);
  char separator = '?';
  for (const auto& [key, value] : settings) {
    url += separator + key + "=" + percent_encode(value);
    separator = '&';
  }
  return url;
}

HubDatabase::HubDatabase(HubBackend backend) : backend_(backend) {
  if (backend_ == HubBackend::Sqlite) {
    location_ = (tmp_ / "hub.db").string();
    return;
  }
  // A name of its own per test run: ctest runs test cases side by side on the one server.
  std::random_device random;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  pg_database_ = "sichtbar_t_";
  for (int i = 0; i < 16; ++i) pg_database_ += "0123456789abcdef"[digit(random)];
  Conn admin = pg_connect(test_postgres_server());
  exec(admin.get(), "CREATE DATABASE " + pg_database_);
  location_ = test_postgres_url(pg_database_);
}

HubDatabase::~HubDatabase() {
  if (backend_ != HubBackend::Postgres || pg_database_.empty()) return;
  try {
    Conn admin = pg_connect(test_postgres_server());
    // FORCE: a store the test leaked (or a failed assertion left open) must not keep it.
    exec(admin.get(), "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
  } catch (...) {
    // The server is a throwaway: pg_cluster.sh stop removes whatever is left.
  }
}

Result<std::unique_ptr<hub::HubStore>> HubDatabase::open() const {
  if (backend_ == HubBackend::Sqlite) return hub::open_sqlite_hub_store(location_);
  return hub::open_postgres_hub_store(location_);
}

std::unique_ptr<hub::HubStore> open_store(const HubDatabase& db) {
  auto store = db.open();
  if (!store)
    throw std::runtime_error("The test's hub store did not open (" +
                             std::string(backend_name(db.backend())) + "): " + store.error().code +
                             ": " + store.error().message);
  return std::move(*store);
}

std::string HubDatabase::query(const std::string& sql) const {
  if (backend_ == HubBackend::Sqlite) {
    Sqlite db(location_, SQLITE_OPEN_READONLY);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db.db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error("SQLite test query failed: " + sql + ": " + sqlite3_errmsg(db.db));
    std::string value;
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
      value = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      throw std::runtime_error("SQLite test query failed: " + sql);
    return value;
  }
  Conn conn = pg_connect(location_);
  PgResult r = exec(conn.get(), sql);
  if (PQntuples(r.get()) == 0 || PQnfields(r.get()) == 0) return "";
  return PQgetvalue(r.get(), 0, 0);
}

void HubDatabase::make_schema_4() const {
  make_schema_6();
  execute(
      "DROP TABLE offices; DROP TABLE events; DROP TABLE persons; DROP TABLE cases; "
      "DROP TABLE case_entries; DROP TABLE different_pairs; DROP INDEX audit_log_subject; "
      "DROP INDEX record_index_person; DROP INDEX record_index_event; "
      "DROP INDEX record_index_office; DROP INDEX record_index_office_person; "
      "ALTER TABLE devices DROP COLUMN office_id; ALTER TABLE enroll_tokens DROP COLUMN office_id; "
      "ALTER TABLE office_users DROP COLUMN role; ALTER TABLE office_users DROP COLUMN office_id; "
      "ALTER TABLE record_index DROP COLUMN office_id; "
      "ALTER TABLE record_index DROP COLUMN person_id; "
      "ALTER TABLE record_index DROP COLUMN wishes; "
      "ALTER TABLE record_index DROP COLUMN match_keys; " +
      std::string(backend_ == HubBackend::Sqlite ? "PRAGMA user_version=4"
                                                 : "UPDATE sichtbar_schema SET version = 4"));
}

void HubDatabase::make_schema_5() const {
  make_schema_6();
  execute(
      "DROP INDEX persons_office_first; DROP INDEX cases_office_counts; "
      "ALTER TABLE persons DROP COLUMN first_event_date; " +
      std::string(backend_ == HubBackend::Sqlite ? "PRAGMA user_version=5"
                                                 : "UPDATE sichtbar_schema SET version = 5"));
}

void HubDatabase::make_schema_6() const {
  make_schema_7();
  execute("DROP TABLE consent_texts; " +
          std::string(backend_ == HubBackend::Sqlite ? "PRAGMA user_version=6"
                                                     : "UPDATE sichtbar_schema SET version = 6"));
}

void HubDatabase::make_schema_7() const {
  execute(
      "DROP INDEX cases_office_due; DROP INDEX cases_assigned_order; DROP INDEX cases_updated; "
      "DROP INDEX cases_due; DROP INDEX cases_stage_updated; "
      "CREATE INDEX cases_office_next ON cases(office_id, next_action_date); "
      "CREATE INDEX cases_assigned ON cases(assigned_to, updated_at); " +
      std::string(backend_ == HubBackend::Sqlite ? "PRAGMA user_version=7"
                                                 : "UPDATE sichtbar_schema SET version = 7"));
}

void HubDatabase::load(const std::string& sql) const {
  if (backend_ == HubBackend::Sqlite)
    Sqlite created(location_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  execute(sql);
}

void HubDatabase::execute(const std::string& sql) const {
  if (backend_ == HubBackend::Sqlite) {
    Sqlite db(location_, SQLITE_OPEN_READWRITE);
    if (sqlite3_exec(db.db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error("SQLite test statement failed: " + sql + ": " +
                               sqlite3_errmsg(db.db));
    return;
  }
  Conn conn = pg_connect(location_);
  // The simple protocol: it takes several statements at once.
  PgResult r(PQexec(conn.get(), sql.c_str()));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error("PostgreSQL test statement failed: " + sql + ": " +
                             PQerrorMessage(conn.get()));
}

std::vector<std::string> HubDatabase::places_containing(const std::string& needle) const {
  std::vector<std::string> places;
  if (backend_ == HubBackend::Sqlite) {
    for (const auto& file : files_containing(tmp_.path(), needle)) places.push_back(file.string());
    return places;
  }
  Conn conn = pg_connect(location_);
  PgResult columns =
      exec(conn.get(),
           "SELECT table_name, column_name, data_type FROM information_schema.columns "
           "WHERE table_schema = current_schema() AND data_type IN ('text', 'bytea') "
           "ORDER BY table_name, column_name");
  for (int row = 0; row < PQntuples(columns.get()); ++row) {
    const std::string table = PQgetvalue(columns.get(), row, 0);
    const std::string column = PQgetvalue(columns.get(), row, 1);
    const bool bytea = std::string_view(PQgetvalue(columns.get(), row, 2)) == "bytea";
    char* t = PQescapeIdentifier(conn.get(), table.c_str(), table.size());
    char* c = PQescapeIdentifier(conn.get(), column.c_str(), column.size());
    // Text columns by characters, bytea columns by the needle's UTF-8 bytes.
    const std::string sql = "SELECT count(*) FROM " + std::string(t) + " WHERE " +
                            (bytea ? "position(convert_to($1, 'UTF8') IN " + std::string(c) + ")"
                                   : "strpos(" + std::string(c) + ", $1)") +
                            " > 0";
    PQfreemem(t);
    PQfreemem(c);
    PgResult hits = exec(conn.get(), sql, {needle});
    if (std::string_view(PQgetvalue(hits.get(), 0, 0)) != "0")
      places.push_back(table + "." + column);
  }
  return places;
}

}  // namespace sichtbar::test
