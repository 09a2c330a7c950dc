// The PostgreSQL session of the hub store (sql_session.h): connecting (and telling an office
// admin what failed and where), session settings, the schema's version under an advisory lock,
// the statement table prepared once per connection (again after a reconnect), and SQLSTATEs as
// hub_store.* errors.
// Parameters go as text (integers) or raw bytes (bytea); results come back in binary.
#include <libpq-fe.h>

#include <cctype>
#include <deque>
#include <string>
#include <vector>

#include "hub/hub_store.h"
#include "hub/postgres_conninfo.h"
#include "hub/postgres_handles.h"
#include "hub/sql_session.h"

namespace sichtbar::hub {

namespace {

// The advisory lock of migrations, in the two-int4 key space (see sql_store.cpp, lock keys).
constexpr std::int32_t kLockSpaceSchema = 0x53424842;  // "SBHB"

// Result types decoded as integers (the rest are text or bytea: their bytes).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23;

// The parameters of one call: integers and text in text format (the server infers their types
// from the statement; libpq reads them up to their NUL), blobs as raw bytes. Values point into
// the caller's data or into `text_`.
struct Params {
  explicit Params(std::span<const SqlParam> params) {
    using Kind = SqlParam::Kind;
    for (const SqlParam& p : params) {
      if (p.kind == Kind::Integer) text_.push_back(std::to_string(p.integer));
      if (p.kind == Kind::Text) text_.emplace_back(p.bytes);
      const bool blob = p.kind == Kind::Blob;
      // An empty blob must not be a null pointer: that would mean SQL NULL.
      values.push_back(p.kind == Kind::Null ? nullptr
                       : blob               ? (p.bytes.empty() ? "" : p.bytes.data())
                                            : text_.back().c_str());
      lengths.push_back(blob ? static_cast<int>(p.bytes.size()) : 0);
      formats.push_back(blob ? 1 : 0);
    }
  }
  int size() const { return static_cast<int>(values.size()); }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;

 private:
  std::deque<std::string> text_;  // a deque never moves what it holds
};

SqlResult rows_of(const PGresult* r) {
  SqlResult out;
  const char* changed = PQcmdTuples(const_cast<PGresult*>(r));
  out.changed = changed && *changed ? std::stoull(changed) : 0;
  for (int row = 0; row < PQntuples(r); ++row) {
    SqlRow& cells = out.rows.emplace_back();
    for (int c = 0; c < PQnfields(r); ++c) {
      SqlRow::Cell& cell = cells.cells.emplace_back();
      cell.null = PQgetisnull(r, row, c) == 1;
      if (cell.null) continue;
      const char* value = PQgetvalue(r, row, c);
      const auto n = static_cast<std::size_t>(PQgetlength(r, row, c));
      const Oid type = PQftype(r, c);
      if (type == kInt8 || type == kInt4 || type == kInt2 || type == kBool) {
        const std::uint64_t raw = get_be(reinterpret_cast<const std::uint8_t*>(value), n);
        // Sign-extend the narrower integers.
        cell.integer = n == 8   ? static_cast<std::int64_t>(raw)
                       : n == 4 ? static_cast<std::int32_t>(static_cast<std::uint32_t>(raw))
                       : n == 2 ? static_cast<std::int16_t>(static_cast<std::uint16_t>(raw))
                                : static_cast<std::int64_t>(raw);
      } else {
        cell.bytes.assign(value, n);
      }
    }
  }
  return out;
}

// SQLSTATEs that mean "try the whole transaction again" (see PostgresSession::retryable).
bool retryable_state(std::string_view state) { return state == "40P01" || state == "40001"; }

std::string one_line(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  for (char& c : text)
    if (c == '\n' || c == '\t') c = ' ';
  return text;
}

// "database "x" on db.example.org:5432 as user "y"": where the hub looked, never the password.
std::string describe_target(PGconn* conn) {
  const char* db = PQdb(conn);
  const char* user = PQuser(conn);
  const char* host_c = PQhost(conn);
  const char* port_c = PQport(conn);
  const std::string host = host_c ? host_c : "", port = port_c && *port_c ? port_c : "5432";
  std::string where = "database \"" + std::string(db ? db : "") + "\" on ";
  if (host.empty() || host.front() == '/' || host.front() == '@')
    where += "the local socket " + (host.empty() ? std::string("in the default folder") : host) +
             " (port " + port + ")";
  else
    where += host + ":" + port;
  if (user && *user) where += " as user \"" + std::string(user) + "\"";
  return where;
}

// Why a connection attempt failed, in words an office admin can act on. libpq gives no SQLSTATE
// for a failed connection, so this reads its (English, the hub does not localise libpq) text and
// the server's; a server that answers in another language ends up as connect_failed, with its
// own words attached.
Error connect_error(PGconn* conn, const std::vector<std::string>& secrets) {
  const std::string detail =
      redact(one_line(conn ? PQerrorMessage(conn) : "out of memory"), secrets);
  const std::string target = conn ? describe_target(conn) : std::string("the database server");
  std::string text = detail;  // lower-cased, to match libpq's words
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto has = [&](std::string_view s) { return text.find(s) != std::string::npos; };
  if (has("database \"") && has("does not exist"))
    return {"hub_store.no_database",
            "The PostgreSQL server has no " + target +
                ". Create it (for example: sudo -u postgres createdb -O <hub user> <database>) or "
                "correct the database name in the hub's settings. [" +
                detail + "]"};
  if ((conn && PQconnectionNeedsPassword(conn)) || has("password authentication failed") ||
      has("authentication failed") || has("no password supplied") || has("pg_hba.conf") ||
      (has("role \"") && has("does not exist")))
    return {"hub_store.auth_failed",
            "The PostgreSQL server refused the hub's login to the " + target +
                ". Check the user name and password in the hub's settings (or its .pgpass file) "
                "and that the server's pg_hba.conf lets this user in. [" +
                detail + "]"};
  if (has("could not connect") || has("connection refused") || has("no such file or directory") ||
      has("timeout expired") || has("could not translate host name") ||
      has("name or service not known") || has("unreachable") || has("no route to host") ||
      has("server closed the connection") || has("is starting up") || has("shutting down") ||
      has("connection to server"))
    return {"hub_store.unreachable",
            "The hub cannot reach its PostgreSQL server for the " + target +
                ". Check that the server is running, that the address in the hub's settings is "
                "right, and that the network (or a firewall) lets the hub through. [" +
                detail + "]"};
  return {"hub_store.connect_failed",
          "The hub could not connect to its PostgreSQL " + target +
              ". Check that the server runs, the address, user and password in the hub's "
              "settings, and the server's log. [" +
              detail + "]"};
}

class PostgresSession final : public SqlSession {
 public:
  explicit PostgresSession(PGconn* conn) : conn_(conn) {
    where_ = " (hub " + describe_target(conn_) + ")";
  }
  ~PostgresSession() override { PQfinish(conn_); }
  Result<void> configure_session();  // the settings of every session (again after a reconnect)

  Dialect dialect() const override { return Dialect::Postgres; }
  Result<int> schema_version(std::string_view doing) override;
  Result<void> exec(const std::string& sql, std::string_view doing) override {
    auto r = checked(PQexec(conn_, sql.c_str()), doing);
    if (!r) return std::unexpected(r.error());
    return {};
  }
  // The statement table, prepared on this connection.
  Result<void> prepare() override {
    names_.clear();
    for (const SqlText& text : hub_statements()) {
      names_.push_back("sichtbar_" + std::to_string(names_.size()));
      const std::string sql = text.postgres ? text.postgres : dollar_placeholders(text.sql);
      PgResult res(PQprepare(conn_, names_.back().c_str(), sql.c_str(), 0, nullptr));
      if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
        return std::unexpected(error_from(res.get(), "prepare its database"));
    }
    return {};
  }
  Result<void> ready() override;
  Result<SqlResult> run(Sql s, std::span<const SqlParam> params, std::string_view doing) override {
    const Params p(params);
    return check(PQexecPrepared(conn_, names_[static_cast<std::size_t>(s)].c_str(), p.size(),
                                p.values.data(), p.lengths.data(), p.formats.data(), 1),
                 doing);
  }
  Result<SqlResult> run_once(const std::string& sql, std::span<const SqlParam> params,
                             std::string_view doing) override {
    const Params p(params);
    return check(PQexecParams(conn_, dollar_placeholders(sql).c_str(), p.size(), nullptr,
                              p.values.data(), p.lengths.data(), p.formats.data(), 1),
                 doing);
  }
  // READ COMMITTED on purpose, whatever default the server has: after waiting for a lock or a
  // unique key, each statement sees what the other transaction committed. (Under REPEATABLE
  // READ or SERIALIZABLE the same wait would end in a serialisation error.)
  Result<void> begin(std::string_view doing) override {
    last_state_.clear();
    return exec("BEGIN ISOLATION LEVEL READ COMMITTED", doing);
  }
  Result<void> commit(std::string_view doing) override {
    auto r = checked(PQexec(conn_, "COMMIT"), doing);
    if (!r) return std::unexpected(r.error());
    // COMMIT of a failed transaction "succeeds" as ROLLBACK: never report that as stored.
    if (std::string_view(PQcmdStatus(r->get())) != "COMMIT")
      return std::unexpected(error_from(r->get(), doing));
    return {};
  }
  void rollback() override {
    const auto status = PQtransactionStatus(conn_);
    if (status == PQTRANS_IDLE || status == PQTRANS_UNKNOWN) return;
    PgResult res(PQexec(conn_, "ROLLBACK"));
  }
  bool duplicate_key() const override { return last_state_ == "23505"; }
  // The server chose us as the victim of a deadlock (two batches that hit each other's profile
  // tokens) or of a serialisation conflict: the whole transaction may run again.
  bool retryable() const override {
    return retryable_state(last_state_) && PQstatus(conn_) == CONNECTION_OK;
  }
  // DELETE leaves the old row versions in the table's pages until VACUUM reclaims them; run it
  // now on the tables that held the person, so their data does not linger until autovacuum
  // gets round to it (README, "Erasure"). SKIP_LOCKED: never wait behind an ingest. Best effort,
  // like SQLite's checkpoint: the erasure itself has committed, and the next erasure or
  // autovacuum catches up on a skipped table.
  void after_erase(bool made) override {
    if (made)
      (void)exec("VACUUM (SKIP_LOCKED) records, quarantine, profile_tokens, record_index",
                 "erase the record");
  }

 private:
  Error error_from(const PGresult* res, std::string_view doing) const;
  // The result, or its error (keeping the SQLSTATE for duplicate_key and retryable).
  Result<PgResult> checked(PGresult* raw, std::string_view doing) {
    PgResult res(raw);
    const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
    const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    last_state_ = state ? state : "";
    return std::unexpected(error_from(res.get(), doing));
  }
  Result<SqlResult> check(PGresult* raw, std::string_view doing) {
    auto res = checked(raw, doing);
    if (!res) return std::unexpected(res.error());
    return rows_of(res->get());
  }

  PGconn* conn_;
  std::string last_state_;  // SQLSTATE of the last failed statement ("" if none)
  std::vector<std::string> names_;
};

Error PostgresSession::error_from(const PGresult* res, std::string_view doing) const {
  const char* state_c = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_c ? state_c : "";
  std::string detail = one_line(res ? PQresultErrorMessage(res) : "");
  if (detail.empty()) detail = one_line(PQerrorMessage(conn_));
  const auto fault = [&] {
    if (PQstatus(conn_) == CONNECTION_BAD || state.starts_with("08") || state == "57P01" ||
        state == "57P02" || state == "57P03")
      return Fault::Lost;
    if (state == "53100" || state.starts_with("58")) return Fault::WriteFailed;
    if (state == "42501" || state == "25006") return Fault::ReadOnly;
    if (state == "55P03" || state == "57014" || retryable_state(state)) return Fault::Busy;
    if (state == "XX001" || state == "XX002") return Fault::Corrupt;
    return state.starts_with("23") ? Fault::Constraint : Fault::Other;
  };
  return store_error(fault(), doing, where_, detail);
}

Result<void> PostgresSession::configure_session() {
  // Names and answers come in every script; a LATIN1 or SQL_ASCII database would refuse or
  // garble them on the first Arabic or Tigrinya record, so refuse it now.
  const char* encoding = PQparameterStatus(conn_, "server_encoding");
  if (!encoding || std::string_view(encoding) != "UTF8")
    return fail("hub_store.bad_encoding",
                "The hub's PostgreSQL database uses the encoding " +
                    std::string(encoding ? encoding : "(unknown)") +
                    ", which cannot hold names in every script. Create the database with "
                    "ENCODING 'UTF8' (createdb -E UTF8 -T template0 ...)" +
                    where_ + ".");
  // Settings raised only from their weakest value: an ACK is only sent for what survives a crash
  // (with synchronous_commit off, COMMIT returns before the WAL is on disk; "local" and the
  // replica levels are durable here already, and the stronger ones an admin chose stay), and a
  // lock held by a stuck session elsewhere must not hang the hub's HTTP threads for ever.
  for (const auto [show, weakest, set] :
       {std::array{"SHOW synchronous_commit", "off", "SET synchronous_commit = on"},
        std::array{"SHOW lock_timeout", "0", "SET lock_timeout = '60s'"}}) {
    auto now = checked(PQexec(conn_, show), "set up its database connection");
    if (!now) return std::unexpected(now.error());
    if (PQntuples(now->get()) == 1 && std::string_view(PQgetvalue(now->get(), 0, 0)) == weakest)
      if (auto r = exec(set, "set up its database connection"); !r) return r;
  }
  return {};
}

// Under an advisory lock, in migrate's transaction: two hubs starting at once on a new database
// wait for each other instead of both creating the tables.
Result<int> PostgresSession::schema_version(std::string_view doing) {
  if (auto r =
          exec("SELECT pg_advisory_xact_lock(" + std::to_string(kLockSpaceSchema) + ", 0)", doing);
      !r)
    return std::unexpected(r.error());
  auto where = run_once(
      "SELECT current_schema() IS NOT NULL, "
      "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "        WHERE n.nspname = current_schema() AND c.relname = 'sichtbar_schema' "
      "        AND c.relkind IN ('r', 'p')), "
      "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')), "
      "coalesce(current_schema(), '')",
      {}, doing);
  if (!where) return std::unexpected(where.error());
  const SqlRow& w = where->rows.at(0);
  const std::string& schema = w.text(3);
  if (w.integer(0) == 0)
    return fail("hub_store.read_only",
                "The hub has no schema to keep its tables in: the search_path of its database "
                "user names no schema that exists. Create one, or set search_path" +
                    where_ + ".");
  if (w.integer(1) == 0 && w.integer(2) > 0)
    return fail("hub_store.foreign_database",
                "The schema \"" + schema + "\" holds " + std::to_string(w.integer(2)) +
                    " tables of another program and none of a Sichtbar hub. It was left as it "
                    "is: give the hub a database (or schema) of its own, e.g. createdb -E UTF8 "
                    "-O <hub user> sichtbar_hub" +
                    where_ + ".");
  if (w.integer(1) == 0) return 0;
  const SqlParam owner = kSchemaOwner;
  auto v =
      run_once("SELECT version FROM sichtbar_schema WHERE application = ?1", {&owner, 1}, doing);
  if (!v) return std::unexpected(v.error());
  if (v->rows.size() != 1)
    return fail("hub_store.foreign_database",
                "The schema \"" + schema +
                    "\" belongs to another program, not to a Sichtbar hub. It was left as it is: "
                    "give the hub a database (or schema) of its own" +
                    where_ + ".");
  return static_cast<int>(v->rows[0].integer(0));
}

// A connection that broke (server restart, network) is made again before the next call, with
// its session settings and statements; the call that noticed the break has failed already.
Result<void> PostgresSession::ready() {
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      const char* pass = PQpass(conn_);
      return std::unexpected(connect_error(conn_, {pass ? pass : ""}));
    }
    if (auto r = configure_session(); !r) return r;
    return prepare();
  }
  // A transaction left open by a call that failed half-way must not swallow the next one.
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) rollback();
  return {};
}

}  // namespace

// --- factory -----------------------------------------------------------------------------

Result<std::unique_ptr<HubStore>> open_postgres_hub_store(const std::string& conninfo,
                                                          NewDatabase if_new) {
  // Parsed by libpq first: its complaint about a malformed string leaves the string out, and the
  // passwords it finds are kept out of every later message.
  auto secrets = conninfo_passwords(conninfo);
  if (!secrets) return std::unexpected(secrets.error());

  // Later entries win over what the connection string says, earlier ones are defaults it may
  // override: a connect timeout (libpq waits for ever by default), UTF8 on the wire always.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                            "client_encoding", nullptr};
  const char* values[] = {"10", "sichtbar-hub", conninfo.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    Error e = connect_error(conn, *secrets);
    PQfinish(conn);
    return std::unexpected(std::move(e));
  }
  auto session = std::make_unique<PostgresSession>(conn);
  auto opened = session->configure_session();
  Result<std::unique_ptr<HubStore>> store =
      opened ? make_sql_hub_store(std::move(session), if_new) : std::unexpected(opened.error());
  if (!store) {
    Error e = store.error();
    e.message = redact(e.message, *secrets);
    return std::unexpected(std::move(e));
  }
  return store;
}

}  // namespace sichtbar::hub
