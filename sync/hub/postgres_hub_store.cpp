// The PostgreSQL HubStore: connecting (and telling an office admin what failed and where),
// migrations, and every HubStore call on one libpq connection with statements prepared once per
// session and reused. Parameters and results travel in binary: envelopes and hashes as raw
// bytea, integers as 8 big-endian bytes, text as its UTF-8 bytes (no hex, no escaping).
// The shape follows sqlite_hub_store.cpp call for call; where PostgreSQL differs (several hub
// processes on one database, a connection that can break) the comments say why.
#include "hub/postgres_hub_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "hub/postgres_conninfo.h"
#include "hub/record_index.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

namespace {

// Migrations in order; migration i brings the schema from version i to i + 1. Never edit a
// migration that has shipped: add a new one (and raise kPostgresHubSchemaVersion). The tables
// are those of the SQLite backend with PostgreSQL types; see sqlite_hub_store.cpp for why each
// table is there.
const std::vector<const char*> kMigrations = {
    R"sql(
    -- Which program owns this schema, and at which version (SQLite's application_id and
    -- user_version).
    CREATE TABLE sichtbar_schema(
      application text PRIMARY KEY,
      version     integer NOT NULL
    );
    CREATE TABLE devices(
      device_id    bytea PRIMARY KEY CHECK (length(device_id) = 16),
      sign_public  bytea NOT NULL CHECK (length(sign_public) = 32),
      name         text NOT NULL,
      enrolled_at  bigint NOT NULL,
      revoked_at   bigint,
      last_seen_at bigint
    );
    CREATE TABLE records(
      record_id       bytea NOT NULL CHECK (length(record_id) = 16),
      version         bigint NOT NULL CHECK (version >= 0),
      device_id       bytea NOT NULL CHECK (length(device_id) = 16),
      seq             bigint NOT NULL CHECK (seq >= 1),
      envelope        bytea NOT NULL,
      envelope_sha256 bytea NOT NULL CHECK (length(envelope_sha256) = 32),
      record_json     text NOT NULL,
      event_id        text NOT NULL,
      form_id         text NOT NULL,
      form_version    bigint NOT NULL,
      received_at     bigint NOT NULL,
      PRIMARY KEY (record_id, version)
    );
    -- Envelopes are ciphertext: trying to compress them only costs time.
    ALTER TABLE records ALTER COLUMN envelope SET STORAGE EXTERNAL;
    CREATE TABLE profile_tokens(
      token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
      record_id  bytea NOT NULL CHECK (length(record_id) = 16)
    );
    CREATE INDEX profile_tokens_record ON profile_tokens(record_id);
    CREATE TABLE quarantine(
      envelope_sha256 bytea PRIMARY KEY CHECK (length(envelope_sha256) = 32),
      record_id       bytea NOT NULL CHECK (length(record_id) = 16),
      version         bigint NOT NULL,
      device_id       bytea NOT NULL CHECK (length(device_id) = 16),
      seq             bigint NOT NULL,
      envelope        bytea NOT NULL,
      record_json     text NOT NULL,
      reason          text NOT NULL,
      received_at     bigint NOT NULL
    );
    ALTER TABLE quarantine ALTER COLUMN envelope SET STORAGE EXTERNAL;
    CREATE INDEX quarantine_record ON quarantine(record_id);
    CREATE TABLE tombstones(
      record_id bytea PRIMARY KEY CHECK (length(record_id) = 16),
      reason    text NOT NULL,
      erased_at bigint NOT NULL
    );
    CREATE TABLE device_seq_ranges(
      device_id bytea NOT NULL CHECK (length(device_id) = 16),
      first_seq bigint NOT NULL CHECK (first_seq >= 1),
      last_seq  bigint NOT NULL CHECK (last_seq >= first_seq),
      PRIMARY KEY (device_id, first_seq)
    );
    CREATE TABLE enroll_tokens(
      token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
      expires_at bigint NOT NULL
    );
    )sql",
    R"sql(
    CREATE TABLE record_index(
      record_id    bytea PRIMARY KEY CHECK (length(record_id) = 16),
      version      bigint NOT NULL,
      received_at  bigint NOT NULL,
      event_id     text NOT NULL,
      event_name   text NOT NULL,
      event_date   text NOT NULL,
      country      text NOT NULL,
      occupations  text NOT NULL,
      languages    text NOT NULL,
      wants_advice integer NOT NULL,
      search_text  text NOT NULL
    );
    CREATE INDEX record_index_received ON record_index(received_at);
    CREATE TABLE office_users(
      name          text PRIMARY KEY,
      password_hash text NOT NULL,
      created_at    bigint NOT NULL
    );
    CREATE TABLE audit_log(
      id        bigserial PRIMARY KEY,
      at        bigint NOT NULL,
      user_name text NOT NULL,
      action    text NOT NULL,
      subject   text NOT NULL,
      reason    text NOT NULL
    );
    -- Records stored before the index existed: the index_record() of their JSON is made by the
    -- hub right after this migration (PostgresHubStore::index_unindexed).
    )sql",
};

constexpr const char* kApplication = "sichtbar-hub";
constexpr std::uint64_t kMaxSeq = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

// Advisory lock keys. Records lock with the one-bigint form (the first 8 bytes of the random
// record id), the rest with the two-int4 form, whose key space PostgreSQL keeps apart. A clash
// of two keys only makes two calls wait for each other.
constexpr std::int32_t kLockSpaceSchema = 0x53424842;  // "SBHB": migrations
constexpr std::int32_t kLockSpaceDevice = 0x53424844;  // "SBHD": a kiosk's sequence ranges

// Type OIDs of the parameters (fixed in PostgreSQL's catalog since forever).
constexpr Oid kBytea = 17, kInt8 = 20, kInt4 = 23, kText = 25, kInt8Array = 1016;

// SQLSTATEs that mean "try the whole transaction again": the server chose us as the victim of a
// deadlock (two batches that hit each other's profile tokens) or of a serialisation conflict.
bool retryable(std::string_view state) { return state == "40P01" || state == "40001"; }
constexpr int kMaxAttempts = 3;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// The parameters of one statement call, in binary. Values point into the caller's data, which
// outlives the (synchronous) call; integers are encoded here, so a Params never moves.
class Params {
 public:
  Params() = default;
  Params(const Params&) = delete;
  Params& operator=(const Params&) = delete;

  Params& i64(std::int64_t v) { return integer(static_cast<std::uint64_t>(v), 8); }
  Params& i32(std::int32_t v) { return integer(static_cast<std::uint32_t>(v), 4); }
  Params& bytes(ByteView b) {
    // An empty value must not be a null pointer: that would mean SQL NULL.
    return add(b.empty() ? "" : reinterpret_cast<const char*>(b.data()), b.size(), 1);
  }
  Params& text(std::string_view t) { return add(t.empty() ? "" : t.data(), t.size(), 1); }
  Params& null() { return add(nullptr, 0, 1); }
  // Text format (NUL-terminated): for the int8[] of lock keys, which has no simple binary form.
  Params& text_format(const std::string& t) { return add(t.c_str(), t.size(), 0); }

  int size() const { return n_; }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  static constexpr int kMax = 12;
  Params& integer(std::uint64_t v, std::size_t width) {
    auto& slot = ints_[static_cast<std::size_t>(n_)];
    put_be(slot.data(), v, width);
    return add(reinterpret_cast<const char*>(slot.data()), width, 1);
  }
  Params& add(const char* value, std::size_t length, int format) {
    const auto i = static_cast<std::size_t>(n_++);
    values_.at(i) = value;
    lengths_.at(i) = static_cast<int>(length);
    formats_.at(i) = format;
    return *this;
  }
  std::array<const char*, kMax> values_{};
  std::array<int, kMax> lengths_{};
  std::array<int, kMax> formats_{};
  std::array<std::array<std::uint8_t, 8>, kMax> ints_{};
  int n_ = 0;
};

// Reading binary result columns.
bool is_null(const PGresult* r, int row, int col) { return PQgetisnull(r, row, col) == 1; }
std::int64_t get_i64(const PGresult* r, int row, int col) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(r, row, col));
  const int n = PQgetlength(r, row, col);
  if (n == 8) return static_cast<std::int64_t>(get_be(p, 8));
  if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(get_be(p, 4)));
  return 0;
}
bool get_bool(const PGresult* r, int row, int col) {
  return PQgetlength(r, row, col) == 1 && PQgetvalue(r, row, col)[0] != 0;
}
std::string get_text(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}
template <std::size_t N>
bool get_blob(const PGresult* r, int row, int col, std::array<std::uint8_t, N>& out) {
  if (is_null(r, row, col) || PQgetlength(r, row, col) != static_cast<int>(N)) return false;
  std::memcpy(out.data(), PQgetvalue(r, row, col), N);
  return true;
}
bool one_row_changed(const PGresult* r) { return std::string_view(PQcmdTuples(const_cast<PGresult*>(r))) == "1"; }

std::string one_line(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  for (char& c : text)
    if (c == '\n' || c == '\t') c = ' ';
  return text;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
  const std::string text = lower(detail);
  const auto has = [&](std::string_view s) { return text.find(s) != std::string::npos; };
  if (has("database \"") && has("does not exist"))
    return {"hub_store.no_database",
            "The PostgreSQL server has no " + target +
                ". Create it (for example: sudo -u postgres createdb -O <hub user> <database>) or "
                "correct the database name in the hub's settings. [" + detail + "]"};
  if ((conn && PQconnectionNeedsPassword(conn)) || has("password authentication failed") ||
      has("authentication failed") || has("no password supplied") || has("pg_hba.conf") ||
      (has("role \"") && has("does not exist")))
    return {"hub_store.auth_failed",
            "The PostgreSQL server refused the hub's login to the " + target +
                ". Check the user name and password in the hub's settings (or its .pgpass file) "
                "and that the server's pg_hba.conf lets this user in. [" + detail + "]"};
  if (has("could not connect") || has("connection refused") || has("no such file or directory") ||
      has("timeout expired") || has("could not translate host name") ||
      has("name or service not known") || has("unreachable") || has("no route to host") ||
      has("server closed the connection") || has("is starting up") || has("shutting down") ||
      has("connection to server"))
    return {"hub_store.unreachable",
            "The hub cannot reach its PostgreSQL server for the " + target +
                ". Check that the server is running, that the address in the hub's settings is "
                "right, and that the network (or a firewall) lets the hub through. [" + detail +
                "]"};
  return {"hub_store.connect_failed",
          "The hub could not connect to its PostgreSQL " + target +
              ". Check that the server runs, the address, user and password in the hub's "
              "settings, and the server's log. [" + detail + "]"};
}

// A statement prepared on the connection, by name; made again after a reconnect.
struct Stmt {
  std::string name;
  const char* sql = nullptr;
  std::vector<Oid> types;
};

class PostgresHubStore final : public HubStore {
 public:
  explicit PostgresHubStore(PGconn* conn) : conn_(conn) {}
  ~PostgresHubStore() override { PQfinish(conn_); }

  Result<void> init();

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

 private:
  struct Statements {
    Stmt insert_device, find_device, list_devices, revoke_device, touch_device;
    Stmt lock_records, lock_record, lock_device;
    Stmt record_state, insert_record, insert_record_and_token, insert_quarantine;
    Stmt touching_ranges, delete_ranges, insert_ranges, list_ranges, last_seen;
    Stmt insert_tombstone, delete_records, delete_quarantine, delete_tokens;
    Stmt count_records, count_quarantined, newest_json, profile_by_token;
    Stmt insert_enroll, consume_enroll, prune_enroll;
    Stmt upsert_index, delete_index, unindexed, newest_record;
    Stmt insert_user, find_user, list_users, delete_user, insert_audit, list_audit;
    Stmt facet_events, facet_countries, facet_occupations, facet_languages;
  };

  Error error_from(const PGresult* res, std::string_view doing) const;
  Result<PgResult> run(const Stmt& s, const Params& p, std::string_view doing);
  Result<PgResult> simple(const char* sql, std::string_view doing);
  Result<void> configure_session();
  Result<void> migrate();
  Result<void> prepare_all();
  Result<void> ensure_connected();
  Result<void> begin(std::string_view doing);
  Result<void> commit(std::string_view doing);
  void rollback();
  Result<void> quarantine(const StoredRecord& item, std::string_view reason);
  Result<IngestStatus> store_one(const StoredRecord& item, std::string& reason);
  Result<void> lock_device(const DeviceId& device_id);
  using SeqRange = std::pair<std::int64_t, std::int64_t>;
  Result<void> mark_seen(const DeviceId& device_id, const std::vector<SeqRange>& runs);
  Result<void> store_batch_locked(std::span<const StoredRecord> items,
                                  std::vector<ItemOutcome>& outcomes);
  Result<void> index(const RecordId& record_id, std::int64_t version, std::int64_t received_at,
                     std::string_view record_json);
  Result<void> index_unindexed();
  Result<PgResult> run_text(const std::string& sql, const std::vector<std::string>& params,
                            std::string_view doing);

  PGconn* conn_;
  std::string where_;       // " (hub database ...)" for every message
  std::string last_state_;  // SQLSTATE of the last failed statement ("" if none)
  Statements st_;
  std::mutex mutex_;
};

// --- errors ------------------------------------------------------------------------------

Error PostgresHubStore::error_from(const PGresult* res, std::string_view doing) const {
  const char* state_c = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_c ? state_c : "";
  std::string detail = one_line(res ? PQresultErrorMessage(res) : "");
  if (detail.empty()) detail = one_line(PQerrorMessage(conn_));
  const std::string what(doing);
  const std::string tail = where_ + ". [" + detail + "]";
  if (PQstatus(conn_) == CONNECTION_BAD || state.starts_with("08") || state == "57P01" ||
      state == "57P02" || state == "57P03")
    return {"hub_store.unreachable",
            "The hub lost its connection to its PostgreSQL database, so it could not " + what +
                ". Nothing already acknowledged was lost: check that the database server runs "
                "and can be reached; the hub connects again on its next call and the kiosks "
                "send again" +
                tail};
  if (state == "53100" || state.starts_with("58"))
    return {"hub_store.write_failed",
            "The hub could not " + what +
                ": the database server's disk is full or failing. Nothing already acknowledged "
                "was lost; free some space on the server and the kiosks will send again" +
                tail};
  if (state == "42501" || state == "25006")
    return {"hub_store.read_only",
            "The hub could not " + what +
                ": its database cannot be written (the user lacks the rights on the hub's "
                "tables, or the server is a read-only standby)" +
                tail};
  if (state == "55P03" || state == "57014" || retryable(state))
    return {"hub_store.busy", "The hub could not " + what +
                                  ": another program held its records for too long. Try again; "
                                  "if it keeps happening, look for stuck sessions on the "
                                  "database server" +
                                  tail};
  if (state == "XX001" || state == "XX002")
    return {"hub_store.corrupt", "The database server reports damaged data, so the hub could not " +
                                     what + ". Restore the latest backup or call support" + tail};
  if (state.starts_with("23"))
    return {"hub_store.failed",
            "The hub could not " + what + ": the data broke a rule of the database" + tail};
  return {"hub_store.failed", "The hub could not " + what + tail};
}

Result<PgResult> PostgresHubStore::run(const Stmt& s, const Params& p, std::string_view doing) {
  PgResult res(PQexecPrepared(conn_, s.name.c_str(), p.size(), p.values(), p.lengths(),
                              p.formats(), /*resultFormat=binary*/ 1));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
  const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
  last_state_ = state ? state : "";
  return std::unexpected(error_from(res.get(), doing));
}

Result<PgResult> PostgresHubStore::simple(const char* sql, std::string_view doing) {
  PgResult res(PQexec(conn_, sql));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
  const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
  last_state_ = state ? state : "";
  return std::unexpected(error_from(res.get(), doing));
}

// --- opening -----------------------------------------------------------------------------

Result<void> PostgresHubStore::init() {
  where_ = " (hub " + describe_target(conn_) + ")";
  if (auto r = configure_session(); !r) return r;
  if (auto r = migrate(); !r) return r;
  if (auto r = prepare_all(); !r) return r;
  return index_unindexed();
}

// Settings of every session (again after a reconnect).
Result<void> PostgresHubStore::configure_session() {
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
  const std::string doing = "set up its database connection";
  // An ACK is only sent for what survives a crash: with synchronous_commit off, COMMIT returns
  // before the WAL is on disk. Only "off" is raised; "local" and the replica levels are durable
  // here already, and the stronger ones an admin chose stay.
  auto sync = simple("SHOW synchronous_commit", doing);
  if (!sync) return std::unexpected(sync.error());
  if (PQntuples(sync->get()) == 1 && std::string_view(PQgetvalue(sync->get(), 0, 0)) == "off")
    if (auto r = simple("SET synchronous_commit = on", doing); !r) return std::unexpected(r.error());
  // A lock held by a stuck session elsewhere must not hang the hub's HTTP threads for ever.
  auto lock_timeout = simple("SHOW lock_timeout", doing);
  if (!lock_timeout) return std::unexpected(lock_timeout.error());
  if (PQntuples(lock_timeout->get()) == 1 &&
      std::string_view(PQgetvalue(lock_timeout->get(), 0, 0)) == "0")
    if (auto r = simple("SET lock_timeout = '60s'", doing); !r) return std::unexpected(r.error());
  return {};
}

Result<void> PostgresHubStore::migrate() {
  const std::string doing = "update its database";
  // One transaction for the check and every migration: a failed migration leaves nothing, and
  // two hubs starting at once on a new database wait for each other on the advisory lock
  // instead of both creating the tables.
  if (auto r = simple("BEGIN ISOLATION LEVEL READ COMMITTED", doing); !r)
    return std::unexpected(r.error());
  auto body = [&]() -> Result<bool> {  // true when something was migrated
    const std::string lock = "SELECT pg_advisory_xact_lock(" + std::to_string(kLockSpaceSchema) +
                             ", 0)";
    if (auto r = simple(lock.c_str(), doing); !r) return std::unexpected(r.error());
    auto where = simple(
        "SELECT current_schema() IS NOT NULL, "
        "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "        WHERE n.nspname = current_schema() AND c.relname = 'sichtbar_schema' "
        "        AND c.relkind IN ('r', 'p')), "
        "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')), "
        "coalesce(current_schema(), '')",
        doing);
    if (!where) return std::unexpected(where.error());
    const PGresult* w = where->get();
    const std::string schema = PQgetvalue(w, 0, 3);
    if (std::string_view(PQgetvalue(w, 0, 0)) != "t")
      return std::unexpected(Error{
          "hub_store.read_only",
          "The hub has no schema to keep its tables in: the search_path of its database user "
          "names no schema that exists. Create one, or set search_path" +
              where_ + "."});
    const bool ours = std::string_view(PQgetvalue(w, 0, 1)) == "t";
    const long tables = std::stol(PQgetvalue(w, 0, 2));
    int version = 0;
    if (ours) {
      const std::string sql =
          "SELECT version FROM sichtbar_schema WHERE application = '" + std::string(kApplication) +
          "'";
      auto v = simple(sql.c_str(), doing);
      if (!v) return std::unexpected(v.error());
      if (PQntuples(v->get()) != 1) {
        return std::unexpected(Error{
            "hub_store.foreign_database",
            "The schema \"" + schema + "\" belongs to another program, not to a Sichtbar hub. It "
            "was left as it is: give the hub a database (or schema) of its own" + where_ + "."});
      }
      version = std::stoi(PQgetvalue(v->get(), 0, 0));
    } else if (tables > 0) {
      return std::unexpected(Error{
          "hub_store.foreign_database",
          "The schema \"" + schema + "\" holds " + std::to_string(tables) +
              " tables of another program and none of a Sichtbar hub. It was left as it is: give "
              "the hub a database (or schema) of its own, e.g. createdb -E UTF8 -O <hub user> "
              "sichtbar_hub" +
              where_ + "."});
    }
    if (version > kPostgresHubSchemaVersion)
      return std::unexpected(Error{
          "hub_store.newer_schema",
          "The hub's database was made by a newer Sichtbar hub (schema " + std::to_string(version) +
              ", this hub knows up to " + std::to_string(kPostgresHubSchemaVersion) +
              "). It was left as it is: update the hub; never run an older hub on it" + where_ +
              "."});
    for (int v = version; v < kPostgresHubSchemaVersion; ++v) {
      if (auto r = simple(kMigrations[static_cast<std::size_t>(v)], doing); !r)
        return std::unexpected(r.error());
      const std::string stamp =
          "INSERT INTO sichtbar_schema(application, version) VALUES ('" +
          std::string(kApplication) + "', " + std::to_string(v + 1) +
          ") ON CONFLICT (application) DO UPDATE SET version = EXCLUDED.version";
      if (auto r = simple(stamp.c_str(), doing); !r) return std::unexpected(r.error());
    }
    return version < kPostgresHubSchemaVersion;
  };
  auto migrated = body();
  if (!migrated) {
    rollback();
    return std::unexpected(migrated.error());
  }
  return commit(doing);
}

Result<void> PostgresHubStore::prepare_all() {
  Statements& s = st_;
  const std::pair<Stmt*, Stmt> all[] = {
      {&s.insert_device,
       {"",
        "INSERT INTO devices(device_id, sign_public, name, enrolled_at, revoked_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {kBytea, kBytea, kText, kInt8, kInt8}}},
      {&s.find_device,
       {"",
        "SELECT device_id, sign_public, name, enrolled_at, revoked_at FROM devices "
        "WHERE device_id = $1",
        {kBytea}}},
      {&s.list_devices,
       {"",
        "SELECT device_id, sign_public, name, enrolled_at, revoked_at FROM devices "
        "ORDER BY enrolled_at, device_id",
        {}}},
      {&s.revoke_device,
       {"",
        "UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE device_id = $1",
        {kBytea, kInt8}}},
      {&s.touch_device,
       {"", "UPDATE devices SET last_seen_at = $2 WHERE device_id = $1", {kBytea, kInt8}}},
      // The keys come sorted; unnest keeps the array's order, so every batch takes its locks in
      // ascending order and two batches cannot deadlock on them.
      {&s.lock_records,
       {"", "SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::int8[]) AS k", {kInt8Array}}},
      {&s.lock_record, {"", "SELECT pg_advisory_xact_lock($1)", {kInt8}}},
      {&s.lock_device, {"", "SELECT pg_advisory_xact_lock($1, $2)", {kInt4, kInt4}}},
      // Everything store_one decides on, in one round trip.
      {&s.record_state,
       {"",
        "SELECT EXISTS (SELECT 1 FROM tombstones WHERE record_id = $1), "
        "(SELECT envelope_sha256 FROM records WHERE record_id = $1 AND version = $2), "
        "(SELECT record_id FROM profile_tokens WHERE token_hash = $3)",
        {kBytea, kInt8, kBytea}}},
      {&s.insert_record,
       {"",
        "INSERT INTO records(record_id, version, device_id, seq, envelope, envelope_sha256, "
        "record_json, event_id, form_id, form_version, received_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "ON CONFLICT (record_id, version) DO NOTHING",
        {kBytea, kInt8, kBytea, kInt8, kBytea, kBytea, kText, kText, kText, kInt8, kInt8}}},
      // A new record with a new profile link: the record goes in only if the link could be
      // claimed for it. ON CONFLICT waits for a claim in flight elsewhere to commit; one changed
      // row means both were stored.
      {&s.insert_record_and_token,
       {"",
        "WITH claim AS (INSERT INTO profile_tokens(token_hash, record_id) VALUES ($12, $1) "
        "ON CONFLICT (token_hash) DO NOTHING RETURNING 1) "
        "INSERT INTO records(record_id, version, device_id, seq, envelope, envelope_sha256, "
        "record_json, event_id, form_id, form_version, received_at) "
        "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 WHERE EXISTS (SELECT 1 FROM claim) "
        "ON CONFLICT (record_id, version) DO NOTHING",
        {kBytea, kInt8, kBytea, kInt8, kBytea, kBytea, kText, kText, kText, kInt8, kInt8, kBytea}}},
      {&s.insert_quarantine,
       {"",
        "INSERT INTO quarantine(envelope_sha256, record_id, version, device_id, seq, "
        "envelope, record_json, reason, received_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (envelope_sha256) DO NOTHING",
        {kBytea, kBytea, kInt8, kBytea, kInt8, kBytea, kText, kText, kInt8}}},
      // The kiosk's stored ranges that overlap or touch any of the runs [f, l] of a batch: per
      // run the range starting at or before f (SQLite's range_before) and those starting in
      // (f, l + 1] (ranges_within), both by the primary key. f >= 1, and l + 1 is not taken
      // when l is the largest bigint, so nothing overflows.
      {&s.touching_ranges,
       {"",
        "SELECT DISTINCT x.first_seq, x.last_seq "
        "FROM unnest($2::int8[], $3::int8[]) AS n(f, l), LATERAL ("
        "  (SELECT first_seq, last_seq FROM device_seq_ranges "
        "   WHERE device_id = $1 AND first_seq <= n.f ORDER BY first_seq DESC LIMIT 1) "
        "  UNION ALL "
        "  (SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = $1 AND "
        "   first_seq > n.f AND first_seq <= n.l + (n.l < 9223372036854775807)::int)"
        ") AS x WHERE x.last_seq >= n.f - 1 ORDER BY x.first_seq",
        {kBytea, kInt8Array, kInt8Array}}},
      {&s.delete_ranges,
       {"",
        "DELETE FROM device_seq_ranges WHERE device_id = $1 AND first_seq = ANY($2::int8[])",
        {kBytea, kInt8Array}}},
      {&s.insert_ranges,
       {"",
        "INSERT INTO device_seq_ranges(device_id, first_seq, last_seq) "
        "SELECT $1, f, l FROM unnest($2::int8[], $3::int8[]) AS n(f, l)",
        {kBytea, kInt8Array, kInt8Array}}},
      {&s.list_ranges,
       {"",
        "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = $1 "
        "ORDER BY first_seq",
        {kBytea}}},
      {&s.last_seen, {"", "SELECT last_seen_at FROM devices WHERE device_id = $1", {kBytea}}},
      {&s.insert_tombstone,
       {"",
        "INSERT INTO tombstones(record_id, reason, erased_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (record_id) DO NOTHING",
        {kBytea, kText, kInt8}}},
      {&s.delete_records, {"", "DELETE FROM records WHERE record_id = $1", {kBytea}}},
      {&s.delete_quarantine, {"", "DELETE FROM quarantine WHERE record_id = $1", {kBytea}}},
      {&s.delete_tokens, {"", "DELETE FROM profile_tokens WHERE record_id = $1", {kBytea}}},
      {&s.count_records, {"", "SELECT count(DISTINCT record_id) FROM records", {}}},
      {&s.count_quarantined, {"", "SELECT count(*) FROM quarantine", {}}},
      {&s.newest_json,
       {"",
        "SELECT record_json FROM records WHERE record_id = $1 ORDER BY version DESC LIMIT 1",
        {kBytea}}},
      {&s.profile_by_token,
       {"",
        "SELECT t.record_id, r.record_json FROM profile_tokens t JOIN records r "
        "ON r.record_id = t.record_id WHERE t.token_hash = $1 ORDER BY r.version DESC LIMIT 1",
        {kBytea}}},
      {&s.insert_enroll,
       {"", "INSERT INTO enroll_tokens(token_hash, expires_at) VALUES ($1, $2)", {kBytea, kInt8}}},
      {&s.consume_enroll,
       {"",
        "DELETE FROM enroll_tokens WHERE token_hash = $1 AND expires_at > $2",
        {kBytea, kInt8}}},
      {&s.prune_enroll, {"", "DELETE FROM enroll_tokens WHERE expires_at <= $1", {kInt8}}},
      {&s.upsert_index,
       {"",
        "INSERT INTO record_index(record_id, version, received_at, event_id, event_name, "
        "event_date, country, occupations, languages, wants_advice, search_text) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (record_id) DO "
        "UPDATE SET version = EXCLUDED.version, received_at = EXCLUDED.received_at, "
        "event_id = EXCLUDED.event_id, event_name = EXCLUDED.event_name, "
        "event_date = EXCLUDED.event_date, country = EXCLUDED.country, "
        "occupations = EXCLUDED.occupations, languages = EXCLUDED.languages, "
        "wants_advice = EXCLUDED.wants_advice, search_text = EXCLUDED.search_text "
        "WHERE EXCLUDED.version > record_index.version",
        {kBytea, kInt8, kInt8, kText, kText, kText, kText, kText, kText, kInt4, kText}}},
      {&s.delete_index, {"", "DELETE FROM record_index WHERE record_id = $1", {kBytea}}},
      {&s.newest_record,
       {"",
        "SELECT record_id, device_id, received_at, record_json FROM records "
        "WHERE record_id = $1 ORDER BY version DESC LIMIT 1",
        {kBytea}}},
      {&s.unindexed,
       {"",
        "SELECT r.record_id, r.version, r.received_at, r.record_json FROM records r "
        "WHERE NOT EXISTS (SELECT 1 FROM record_index i WHERE i.record_id = r.record_id) "
        "AND r.version = (SELECT max(version) FROM records v WHERE v.record_id = r.record_id)",
        {}}},
      {&s.insert_user,
       {"",
        "INSERT INTO office_users(name, password_hash, created_at) VALUES ($1, $2, $3)",
        {kText, kText, kInt8}}},
      {&s.find_user,
       {"", "SELECT name, password_hash, created_at FROM office_users WHERE name = $1", {kText}}},
      {&s.list_users,
       {"", "SELECT name, password_hash, created_at FROM office_users ORDER BY name", {}}},
      {&s.delete_user, {"", "DELETE FROM office_users WHERE name = $1", {kText}}},
      {&s.insert_audit,
       {"",
        "INSERT INTO audit_log(at, user_name, action, subject, reason) "
        "VALUES ($1, $2, $3, $4, $5)",
        {kInt8, kText, kText, kText, kText}}},
      {&s.list_audit,
       {"",
        "SELECT at, user_name, action, subject, reason FROM audit_log ORDER BY id DESC "
        "LIMIT $1",
        {kInt8}}},
      {&s.facet_events,
       {"",
        "SELECT event_id, event_name, event_date, count(*) FROM record_index "
        "GROUP BY event_id, event_name, event_date ORDER BY event_date DESC, event_name",
        {}}},
      {&s.facet_countries,
       {"", "SELECT DISTINCT country FROM record_index WHERE country <> '' ORDER BY country", {}}},
      {&s.facet_occupations, {"", "SELECT DISTINCT occupations FROM record_index", {}}},
      {&s.facet_languages, {"", "SELECT DISTINCT languages FROM record_index", {}}},
  };
  int n = 0;
  for (const auto& [stmt, def] : all) {
    *stmt = def;
    stmt->name = "sichtbar_" + std::to_string(n++);
    PgResult res(PQprepare(conn_, stmt->name.c_str(), stmt->sql,
                           static_cast<int>(stmt->types.size()), stmt->types.data()));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
      return std::unexpected(error_from(res.get(), "prepare its database"));
  }
  return {};
}

// A connection that broke (server restart, network) is made again before the next call, with
// its session settings and statements; the call that noticed the break has failed already.
Result<void> PostgresHubStore::ensure_connected() {
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      const char* pass = PQpass(conn_);
      return std::unexpected(connect_error(conn_, {pass ? pass : ""}));
    }
    if (auto r = configure_session(); !r) return r;
    return prepare_all();
  }
  // A transaction left open by a call that failed half-way must not swallow the next one.
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) rollback();
  return {};
}

// --- transactions ------------------------------------------------------------------------

// READ COMMITTED on purpose, whatever default the server has: after waiting for a lock or a
// unique key, each statement sees what the other transaction committed. (Under REPEATABLE READ
// or SERIALIZABLE the same wait would end in a serialisation error.)
Result<void> PostgresHubStore::begin(std::string_view doing) {
  if (auto r = simple("BEGIN ISOLATION LEVEL READ COMMITTED", doing); !r)
    return std::unexpected(r.error());
  return {};
}

Result<void> PostgresHubStore::commit(std::string_view doing) {
  auto r = simple("COMMIT", doing);
  if (!r) {
    rollback();
    return std::unexpected(r.error());
  }
  // COMMIT of a failed transaction "succeeds" as ROLLBACK: never report that as stored.
  if (std::string_view(PQcmdStatus(r->get())) != "COMMIT")
    return std::unexpected(error_from(r->get(), doing));
  return {};
}

void PostgresHubStore::rollback() {
  const auto status = PQtransactionStatus(conn_);
  if (status == PQTRANS_IDLE || status == PQTRANS_UNKNOWN) return;
  PgResult res(PQexec(conn_, "ROLLBACK"));
}

// --- devices -----------------------------------------------------------------------------

Device device_from_row(const PGresult* r, int row) {
  Device d;
  get_blob(r, row, 0, d.device_id);
  get_blob(r, row, 1, d.sign_public);
  d.name = get_text(r, row, 2);
  d.enrolled_at_ms = get_i64(r, row, 3);
  if (!is_null(r, row, 4)) d.revoked_at_ms = get_i64(r, row, 4);
  return d;
}

Error unknown_device(const DeviceId& device_id) {
  return {"hub_store.unknown_device",
          "No kiosk with the device id " + device_id_text(device_id) + " is enrolled at this hub."};
}

Result<void> PostgresHubStore::add_device(const Device& device) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return r;
  Params p;
  p.bytes(device.device_id).bytes(device.sign_public).text(device.name).i64(device.enrolled_at_ms);
  if (device.revoked_at_ms)
    p.i64(*device.revoked_at_ms);
  else
    p.null();
  auto r = run(st_.insert_device, p, "enroll the kiosk");
  if (!r && last_state_ == "23505")
    return fail("hub_store.device_exists", "A kiosk with the device id " +
                                               device_id_text(device.device_id) +
                                               " is enrolled already.");
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::optional<Device>> PostgresHubStore::find_device(const DeviceId& device_id) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.bytes(device_id);
  auto r = run(st_.find_device, p, "look up the kiosk");
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<Device>();
  return std::optional<Device>(device_from_row(r->get(), 0));
}

Result<std::vector<Device>> PostgresHubStore::list_devices() {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  auto r = run(st_.list_devices, p, "list the kiosks");
  if (!r) return std::unexpected(r.error());
  std::vector<Device> devices;
  for (int row = 0; row < PQntuples(r->get()); ++row)
    devices.push_back(device_from_row(r->get(), row));
  return devices;
}

Result<void> PostgresHubStore::revoke_device(const DeviceId& device_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return r;
  Params p;
  p.bytes(device_id).i64(now_ms);
  auto r = run(st_.revoke_device, p, "revoke the kiosk");
  if (!r) return std::unexpected(r.error());
  if (!one_row_changed(r->get())) return std::unexpected(unknown_device(device_id));
  return {};
}

Result<void> PostgresHubStore::touch_device(const DeviceId& device_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return r;
  Params p;
  p.bytes(device_id).i64(now_ms);
  auto r = run(st_.touch_device, p, "note when the kiosk was seen");
  if (!r) return std::unexpected(r.error());
  if (!one_row_changed(r->get())) return std::unexpected(unknown_device(device_id));
  return {};
}

// --- records -----------------------------------------------------------------------------

// The advisory lock key of a record: its first 8 random bytes.
std::int64_t record_lock_key(const RecordId& record_id) {
  return static_cast<std::int64_t>(get_be(record_id.data(), 8));
}

Result<void> PostgresHubStore::quarantine(const StoredRecord& item, std::string_view reason) {
  Params p;
  p.bytes(item.envelope_sha256)
      .bytes(item.record_id)
      .i64(static_cast<std::int64_t>(item.record_version))
      .bytes(item.device_id)
      .i64(static_cast<std::int64_t>(item.seq))
      .bytes(item.envelope)
      .text(item.record_json)
      .text(reason)
      .i64(item.received_at_ms);
  if (auto r = run(st_.insert_quarantine, p, "quarantine a conflicting record"); !r)
    return std::unexpected(r.error());
  return {};
}

// Runs with the record's advisory lock held (store_batch_locked), so no other hub decides about
// the same record_id meanwhile. The unique keys still have the last word: an insert that finds
// its key taken (a profile link claimed by another record at this moment, or a writer that did
// not lock) changes nothing, and the decision is made again on what is committed now.
// The decisions and their order are SQLite's: tombstone, same version, profile link, store.
Result<IngestStatus> PostgresHubStore::store_one(const StoredRecord& item, std::string& reason) {
  const std::string doing = "store a record";
  for (int round = 0; round < 3; ++round) {
    bool token_known = false;
    {
      Params p;
      p.bytes(item.record_id)
          .i64(static_cast<std::int64_t>(item.record_version))
          .bytes(item.token_hash);
      auto r = run(st_.record_state, p, doing);
      if (!r) return std::unexpected(r.error());
      const PGresult* state = r->get();
      if (get_bool(state, 0, 0)) {
        reason = kGone;
        return IngestStatus::Gone;
      }
      if (!is_null(state, 0, 1)) {
        Sha256 stored{};
        if (get_blob(state, 0, 1, stored) && stored == item.envelope_sha256)
          return IngestStatus::Duplicate;
        reason = kVersionConflict;
        if (auto q = quarantine(item, reason); !q) return std::unexpected(q.error());
        return IngestStatus::Conflict;
      }
      if (!is_null(state, 0, 2)) {
        RecordId owner{};
        if (!get_blob(state, 0, 2, owner) || owner != item.record_id) {
          reason = kTokenConflict;
          if (auto q = quarantine(item, reason); !q) return std::unexpected(q.error());
          return IngestStatus::Conflict;
        }
        token_known = true;  // an earlier version of this record carries the same link
      }
    }
    Params p;
    p.bytes(item.record_id)
        .i64(static_cast<std::int64_t>(item.record_version))
        .bytes(item.device_id)
        .i64(static_cast<std::int64_t>(item.seq))
        .bytes(item.envelope)
        .bytes(item.envelope_sha256)
        .text(item.record_json)
        .text(item.event_id)
        .text(item.form_id)
        .i64(item.form_version)
        .i64(item.received_at_ms);
    if (!token_known) p.bytes(item.token_hash);
    auto r = run(token_known ? st_.insert_record : st_.insert_record_and_token, p, doing);
    if (!r) return std::unexpected(r.error());
    if (one_row_changed(r->get())) {
      if (auto i = index(item.record_id, static_cast<std::int64_t>(item.record_version),
                         item.received_at_ms, item.record_json);
          !i)
        return std::unexpected(i.error());
      return IngestStatus::Stored;
    }
  }
  return fail("hub_store.busy", "The hub could not store a record: other hubs kept changing it "
                                "at the same moment. Try again" + where_ + ".");
}

Result<void> PostgresHubStore::lock_device(const DeviceId& device_id) {
  Params p;
  p.i32(kLockSpaceDevice).i32(static_cast<std::int32_t>(get_be(device_id.data(), 4)));
  if (auto r = run(st_.lock_device, p, "record the kiosk's sequence numbers"); !r)
    return std::unexpected(r.error());
  return {};
}

// "{1,2,3}": an int8[] parameter in text format.
std::string int8_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::to_string(values[i]);
  return out + "}";
}

// Adds the runs [first, last] (sorted, disjoint) to the kiosk's seen ranges, merging them with
// the ranges they overlap or touch: the same result as SQLite's mark_seen, in three statements
// per kiosk and batch however scattered its seqs are, and none when everything was seen already
// (every replay). Runs with the kiosk's advisory lock held, so two hubs never merge the same
// kiosk's ranges at once.
Result<void> PostgresHubStore::mark_seen(const DeviceId& device_id,
                                         const std::vector<SeqRange>& runs) {
  const std::string doing = "record the kiosk's sequence numbers";
  std::vector<std::int64_t> firsts, lasts;
  for (const auto& [f, l] : runs) {
    firsts.push_back(f);
    lasts.push_back(l);
  }
  const std::string run_firsts = int8_array(firsts), run_lasts = int8_array(lasts);
  std::vector<SeqRange> touching;
  {
    Params p;
    p.bytes(device_id).text_format(run_firsts).text_format(run_lasts);
    auto r = run(st_.touching_ranges, p, doing);
    if (!r) return std::unexpected(r.error());
    for (int row = 0; row < PQntuples(r->get()); ++row)
      touching.emplace_back(get_i64(r->get(), row, 0), get_i64(r->get(), row, 1));
  }
  // Merge the stored ranges with the runs: sorted by start, a range joins the previous one when
  // it starts at most one past its end (first - 1 cannot overflow: first >= 1).
  std::vector<SeqRange> all = touching;
  all.insert(all.end(), runs.begin(), runs.end());
  std::sort(all.begin(), all.end());
  std::vector<SeqRange> merged;
  for (const auto& [f, l] : all) {
    if (!merged.empty() && f - 1 <= merged.back().second)
      merged.back().second = std::max(merged.back().second, l);
    else
      merged.emplace_back(f, l);
  }
  if (merged == touching) return {};  // seen already, as on every replay: nothing to change
  if (!touching.empty()) {
    std::vector<std::int64_t> old_firsts;
    for (const auto& range : touching) old_firsts.push_back(range.first);
    const std::string array = int8_array(old_firsts);
    Params p;
    p.bytes(device_id).text_format(array);
    if (auto r = run(st_.delete_ranges, p, doing); !r) return std::unexpected(r.error());
  }
  firsts.clear();
  lasts.clear();
  for (const auto& [f, l] : merged) {
    firsts.push_back(f);
    lasts.push_back(l);
  }
  const std::string new_firsts = int8_array(firsts), new_lasts = int8_array(lasts);
  Params p;
  p.bytes(device_id).text_format(new_firsts).text_format(new_lasts);
  if (auto r = run(st_.insert_ranges, p, doing); !r) return std::unexpected(r.error());
  return {};
}

Result<void> PostgresHubStore::store_batch_locked(std::span<const StoredRecord> items,
                                                  std::vector<ItemOutcome>& outcomes) {
  // Every record of the batch is locked up front, in ascending key order; then the kiosks, in
  // ascending key order, once the items are decided. Every caller takes its locks in this one
  // order (tombstone takes a single record lock), so locks alone never deadlock.
  std::vector<std::int64_t> keys;
  for (const StoredRecord& item : items)
    if (item.seq != 0 && item.seq <= kMaxSeq) keys.push_back(record_lock_key(item.record_id));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (!keys.empty()) {
    const std::string array = int8_array(keys);
    Params p;
    p.text_format(array);
    if (auto r = run(st_.lock_records, p, "store the records"); !r)
      return std::unexpected(r.error());
  }

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
  // Device locks in ascending key order (the map's order is the device id's, and the key is its
  // first 4 bytes, so the order is the same up to clashes, which only add a wait).
  std::vector<std::pair<std::int32_t, DeviceId>> devices;
  for (const auto& entry : seen)
    devices.emplace_back(static_cast<std::int32_t>(get_be(entry.first.data(), 4)), entry.first);
  std::sort(devices.begin(), devices.end());
  for (const auto& [key, device_id] : devices)
    if (auto r = lock_device(device_id); !r) return r;
  // The seqs as runs of consecutive numbers: an in-order batch of 500 is one run.
  for (auto& [device_id, seqs] : seen) {
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    std::vector<SeqRange> runs;
    for (std::uint64_t seq : seqs) {
      const auto s64 = static_cast<std::int64_t>(seq);
      if (!runs.empty() && runs.back().second == s64 - 1)
        runs.back().second = s64;
      else
        runs.emplace_back(s64, s64);
    }
    if (auto r = mark_seen(device_id, runs); !r) return r;
  }
  return {};
}

Result<std::vector<ItemOutcome>> PostgresHubStore::store_batch(
    std::span<const StoredRecord> items) {
  std::lock_guard lock(mutex_);
  std::vector<ItemOutcome> outcomes;
  outcomes.reserve(items.size());
  if (items.empty()) return outcomes;
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  const std::string doing = "store the records";
  for (int attempt = 1;; ++attempt) {
    outcomes.clear();
    last_state_.clear();
    auto r = begin(doing);
    if (r) r = store_batch_locked(items, outcomes);
    if (r) r = commit(doing);
    if (r) return outcomes;
    rollback();
    // A deadlock victim has stored nothing: the whole batch simply runs again.
    if (attempt < kMaxAttempts && retryable(last_state_) && PQstatus(conn_) == CONNECTION_OK)
      continue;
    return std::unexpected(r.error());
  }
}

Result<DeviceCheckpoint> PostgresHubStore::checkpoint(const DeviceId& device_id) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  const std::string doing = "read the kiosk's checkpoint";
  DeviceCheckpoint cp;
  {
    Params p;
    p.bytes(device_id);
    auto r = run(st_.list_ranges, p, doing);
    if (!r) return std::unexpected(r.error());
    std::uint64_t next = 1;  // the lowest seq not yet accounted for
    for (int row = 0; row < PQntuples(r->get()); ++row) {
      const auto first = static_cast<std::uint64_t>(get_i64(r->get(), row, 0));
      const auto last = static_cast<std::uint64_t>(get_i64(r->get(), row, 1));
      if (first > next) cp.missing.emplace_back(next, first - 1);
      if (first == 1) cp.high_water = last;
      next = last + 1;
      cp.max_seen = last;
    }
  }
  {
    Params p;
    p.bytes(device_id);
    auto r = run(st_.last_seen, p, doing);
    if (!r) return std::unexpected(r.error());
    if (PQntuples(r->get()) == 1 && !is_null(r->get(), 0, 0))
      cp.last_seen_ms = get_i64(r->get(), 0, 0);
  }
  return cp;
}

Result<bool> PostgresHubStore::tombstone(const RecordId& record_id, std::string_view reason,
                                         std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  const std::string doing = "erase the record";
  // The record's lock: a store_batch of the same record elsewhere either committed before (and
  // its rows are deleted here) or waits and then finds the tombstone.
  auto body = [&]() -> Result<bool> {
    {
      Params p;
      p.i64(record_lock_key(record_id));
      if (auto r = run(st_.lock_record, p, doing); !r) return std::unexpected(r.error());
    }
    bool made = false;
    {
      Params p;
      p.bytes(record_id).text(reason).i64(now_ms);
      auto r = run(st_.insert_tombstone, p, doing);
      if (!r) return std::unexpected(r.error());
      made = one_row_changed(r->get());
    }
    for (const Stmt* s :
         {&st_.delete_records, &st_.delete_quarantine, &st_.delete_tokens, &st_.delete_index}) {
      Params p;
      p.bytes(record_id);
      if (auto r = run(*s, p, doing); !r) return std::unexpected(r.error());
    }
    return made;
  };
  if (auto r = begin(doing); !r) return std::unexpected(r.error());
  auto made = body();
  if (!made) {
    rollback();
    return made;
  }
  if (auto r = commit(doing); !r) return std::unexpected(r.error());
  // DELETE leaves the old row versions in the table's pages until VACUUM reclaims them; run it
  // now on the tables that held the person, so their data does not linger until autovacuum
  // gets round to it (README, "Erasure"). SKIP_LOCKED: never wait behind an ingest. Best effort,
  // like SQLite's checkpoint: the erasure itself has committed, and the next erasure or
  // autovacuum catches up on a skipped table.
  if (made && *made)
    (void)simple("VACUUM (SKIP_LOCKED) records, quarantine, profile_tokens, record_index", doing);
  return made;
}

Result<std::uint64_t> PostgresHubStore::count_records() {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  auto r = run(st_.count_records, p, "count the records");
  if (!r) return std::unexpected(r.error());
  return static_cast<std::uint64_t>(get_i64(r->get(), 0, 0));
}

Result<std::uint64_t> PostgresHubStore::count_quarantined() {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  auto r = run(st_.count_quarantined, p, "count the quarantined records");
  if (!r) return std::unexpected(r.error());
  return static_cast<std::uint64_t>(get_i64(r->get(), 0, 0));
}

Result<std::optional<std::string>> PostgresHubStore::record_json(const RecordId& record_id) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.bytes(record_id);
  auto r = run(st_.newest_json, p, "read the record");
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<std::string>();
  return std::optional<std::string>(get_text(r->get(), 0, 0));
}

Result<std::optional<ProfileRecord>> PostgresHubStore::find_profile(const Sha256& token_hash) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.bytes(token_hash);
  auto r = run(st_.profile_by_token, p, "look up the profile link");
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<ProfileRecord>();
  ProfileRecord found;
  if (!get_blob(r->get(), 0, 0, found.record_id))
    return fail("hub_store.corrupt", "A profile link in the hub's database names no valid record" +
                                         where_ + ".");
  found.record_json = get_text(r->get(), 0, 1);
  return std::optional<ProfileRecord>(std::move(found));
}

// --- the office's search index ------------------------------------------------------------

// The record's row in the office's search index, unless a newer version is indexed already.
Result<void> PostgresHubStore::index(const RecordId& record_id, std::int64_t version,
                                     std::int64_t received_at, std::string_view record_json) {
  const RecordIndex i = index_record(record_json);
  Params p;
  p.bytes(record_id)
      .i64(version)
      .i64(received_at)
      .text(i.event_id)
      .text(i.event_name)
      .text(i.event_date)
      .text(i.country)
      .text(i.occupations)
      .text(i.languages)
      .i32(i.wants_advice ? 1 : 0)
      .text(i.search_text);
  if (auto r = run(st_.upsert_index, p, "index a record for the office's search"); !r)
    return std::unexpected(r.error());
  return {};
}

// Indexes what a hub of schema 1 stored before the index existed (see SQLite's).
Result<void> PostgresHubStore::index_unindexed() {
  const std::string doing = "index the stored records for the office's search";
  Params none;
  auto rows = run(st_.unindexed, none, doing);
  if (!rows) return std::unexpected(rows.error());
  const PGresult* r = rows->get();
  if (PQntuples(r) == 0) return {};
  if (auto b = begin(doing); !b) return b;
  for (int row = 0; row < PQntuples(r); ++row) {
    RecordId id{};
    get_blob(r, row, 0, id);
    if (auto i = index(id, get_i64(r, row, 1), get_i64(r, row, 2), get_text(r, row, 3)); !i) {
      rollback();
      return i;
    }
  }
  return commit(doing);
}

// A statement made for this call (the search's text depends on the filters set), with text
// parameters and binary results.
Result<PgResult> PostgresHubStore::run_text(const std::string& sql,
                                            const std::vector<std::string>& params,
                                            std::string_view doing) {
  std::vector<const char*> values;
  for (const std::string& v : params) values.push_back(v.c_str());
  PgResult res(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, /*resultFormat=binary*/ 1));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
  const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
  last_state_ = state ? state : "";
  return std::unexpected(error_from(res.get(), doing));
}

Result<RecordPage> PostgresHubStore::search_records(const RecordFilter& filter) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  const std::string doing = "search the records";
  const SearchSql where = search_where(filter, '$');
  RecordPage page;
  auto count = run_text(search_count_sql(where), where.params, doing);
  if (!count) return std::unexpected(count.error());
  page.total = static_cast<std::uint64_t>(get_i64(count->get(), 0, 0));
  auto rows = run_text(search_rows_sql(filter, where), where.params, doing);
  if (!rows) return std::unexpected(rows.error());
  const PGresult* r = rows->get();
  for (int row = 0; row < PQntuples(r); ++row) {
    RecordSummary s;
    get_blob(r, row, 0, s.record_id);
    get_blob(r, row, 1, s.device_id);
    s.received_at_ms = get_i64(r, row, 2);
    s.record_json = get_text(r, row, 3);
    page.rows.push_back(std::move(s));
  }
  return page;
}

Result<std::optional<RecordSummary>> PostgresHubStore::find_record(const RecordId& record_id) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.bytes(record_id);
  auto r = run(st_.newest_record, p, "read the record");
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<RecordSummary>();
  RecordSummary s;
  get_blob(r->get(), 0, 0, s.record_id);
  get_blob(r->get(), 0, 1, s.device_id);
  s.received_at_ms = get_i64(r->get(), 0, 2);
  s.record_json = get_text(r->get(), 0, 3);
  return std::optional<RecordSummary>(std::move(s));
}

Result<RecordFacets> PostgresHubStore::record_facets() {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  const std::string doing = "list the filter's choices";
  RecordFacets facets;
  Params none;
  auto events = run(st_.facet_events, none, doing);
  if (!events) return std::unexpected(events.error());
  for (int row = 0; row < PQntuples(events->get()); ++row)
    facets.events.push_back({get_text(events->get(), row, 0), get_text(events->get(), row, 1),
                             get_text(events->get(), row, 2),
                             static_cast<std::uint64_t>(get_i64(events->get(), row, 3))});
  const auto column = [&](const Stmt& stmt) -> Result<std::vector<std::string>> {
    Params p;
    auto r = run(stmt, p, doing);
    if (!r) return std::unexpected(r.error());
    std::vector<std::string> values;
    for (int row = 0; row < PQntuples(r->get()); ++row)
      values.push_back(get_text(r->get(), row, 0));
    return values;
  };
  auto countries = column(st_.facet_countries);
  if (!countries) return std::unexpected(countries.error());
  auto occupations = column(st_.facet_occupations);
  if (!occupations) return std::unexpected(occupations.error());
  auto languages = column(st_.facet_languages);
  if (!languages) return std::unexpected(languages.error());
  facets.countries = std::move(*countries);
  facets.occupations = split_codes(*occupations);
  facets.languages = split_codes(*languages);
  return facets;
}

// --- office users and audit log ------------------------------------------------------------

Result<void> PostgresHubStore::add_user(const OfficeUser& user) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return r;
  Params p;
  p.text(user.name).text(user.password_hash).i64(user.created_at_ms);
  auto r = run(st_.insert_user, p, "add the office login");
  if (!r && last_state_ == "23505")
    return fail("hub_store.user_exists", "There is an office login named \"" + user.name +
                                             "\" already. Choose another name, or remove the "
                                             "old login first (sichtbar-hub user remove).");
  if (!r) return std::unexpected(r.error());
  return {};
}

OfficeUser user_from_row(const PGresult* r, int row) {
  return {get_text(r, row, 0), get_text(r, row, 1), get_i64(r, row, 2)};
}

Result<std::optional<OfficeUser>> PostgresHubStore::find_user(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.text(name);
  auto r = run(st_.find_user, p, "look up the office login");
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<OfficeUser>();
  return std::optional<OfficeUser>(user_from_row(r->get(), 0));
}

Result<std::vector<OfficeUser>> PostgresHubStore::list_users() {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  auto r = run(st_.list_users, p, "list the office logins");
  if (!r) return std::unexpected(r.error());
  std::vector<OfficeUser> users;
  for (int row = 0; row < PQntuples(r->get()); ++row) users.push_back(user_from_row(r->get(), row));
  return users;
}

Result<bool> PostgresHubStore::remove_user(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.text(name);
  auto r = run(st_.delete_user, p, "remove the office login");
  if (!r) return std::unexpected(r.error());
  return one_row_changed(r->get());
}

Result<void> PostgresHubStore::add_audit(const AuditEntry& e) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return r;
  Params p;
  p.i64(e.at_ms).text(e.user).text(e.action).text(e.subject).text(e.reason);
  if (auto r = run(st_.insert_audit, p, "write the audit log"); !r)
    return std::unexpected(r.error());
  return {};
}

Result<std::vector<AuditEntry>> PostgresHubStore::list_audit(std::uint64_t limit) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  Params p;
  p.i64(static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMaxSeq)));
  auto r = run(st_.list_audit, p, "read the audit log");
  if (!r) return std::unexpected(r.error());
  std::vector<AuditEntry> entries;
  for (int row = 0; row < PQntuples(r->get()); ++row)
    entries.push_back({get_i64(r->get(), row, 0), get_text(r->get(), row, 1),
                       get_text(r->get(), row, 2), get_text(r->get(), row, 3),
                       get_text(r->get(), row, 4)});
  return entries;
}

// --- enrollment tokens -------------------------------------------------------------------

Result<void> PostgresHubStore::add_enroll_token(const Sha256& token_hash,
                                                std::int64_t expires_at_ms) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return r;
  Params p;
  p.bytes(token_hash).i64(expires_at_ms);
  auto r = run(st_.insert_enroll, p, "save the enrollment token");
  if (!r && last_state_ == "23505")
    return fail("hub_store.token_exists", "This enrollment token exists already; make a new one.");
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<bool> PostgresHubStore::consume_enroll_token(const Sha256& token_hash,
                                                    std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto r = ensure_connected(); !r) return std::unexpected(r.error());
  const std::string doing = "use the enrollment token";
  // Deleting the row is the use: a second attempt, from this hub or another, finds nothing
  // (DELETE waits for a concurrent one and then sees the row gone).
  bool used = false;
  {
    Params p;
    p.bytes(token_hash).i64(now_ms);
    auto r = run(st_.consume_enroll, p, doing);
    if (!r) return std::unexpected(r.error());
    used = one_row_changed(r->get());
  }
  {
    Params p;
    p.i64(now_ms);
    if (auto r = run(st_.prune_enroll, p, doing); !r) return std::unexpected(r.error());
  }
  return used;
}

}  // namespace

// --- factory -----------------------------------------------------------------------------

Result<std::unique_ptr<HubStore>> open_postgres_hub_store(const std::string& conninfo) {
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
  auto store = std::make_unique<PostgresHubStore>(conn);
  if (auto r = store->init(); !r) {
    Error e = r.error();
    e.message = redact(e.message, *secrets);
    return std::unexpected(std::move(e));
  }
  return std::unique_ptr<HubStore>(std::move(store));
}

}  // namespace sichtbar::hub
