// What the hub store (sql_store.cpp) needs of a database, and what each backend gives it: a
// thin session that connects (or opens and refuses files), reads the schema's version, runs the
// migrations and the one statement table in its dialect, holds transactions, and maps errors to
// hub_store.* codes.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/error.h"
#include "hub/hub_store.h"

namespace sichtbar::hub {

enum class Dialect { Sqlite, Postgres };

// A statement's text in the table, written with ?N placeholders (PostgreSQL's session makes them
// $N). `postgres`, when set, replaces it where PostgreSQL does in one round trip what SQLite
// does in two, or where only PostgreSQL has something to do (an empty `sql`: the advisory
// locks). A text may hold several statements separated by ";\n" (SQLite only).
struct SqlText {
  const char* sql;
  const char* postgres = nullptr;
};

// The statements of the table, by name (sql_store.cpp).
// clang-format off
enum class Sql {
  insert_device, find_device, list_devices, revoke_device, reinstate_device, touch_device,
  last_seen,
  record_state, insert_record, insert_record_and_token, insert_quarantine,
  touching_ranges, delete_ranges, insert_range, list_ranges,
  insert_tombstone, delete_records, delete_quarantine, delete_tokens, delete_index,
  list_tombstones,
  count_records, count_quarantined, newest_json, profile_by_token, newest_record,
  upsert_index, unindexed, lock_records, lock_device, lock_people,
  insert_user, find_user, list_users, delete_user, insert_audit, list_audit,
  facet_events, facet_countries, facet_occupations, facet_languages,
  insert_enroll, consume_enroll, prune_enroll, live_enroll,
  list_quarantined, find_quarantined, delete_quarantined, seq_stored,
  insert_recognition_map, current_recognition_map, current_recognition_sha256,
  index_chunk, indexed_record, update_recognition_columns,
  codings_of_record, codings_in_range, delete_codings,
  read_state, write_state, forget_state,
  upsert_coding, delete_coding, list_codings, all_codings,
  // Schema 5: offices, events, people, cases, links.
  insert_office, update_office, find_office, list_offices, office_exists, set_user_role,
  move_device, list_events, ensure_event,
  new_person, refresh_person, touch_person, find_person, person_of_record, person_records,
  count_person_records, delete_person, unpersoned, give_person,
  open_case, find_case, update_case, delete_case, insert_entry, list_entries, delete_entries,
  move_records, move_case, move_entries, set_record_person,
  insert_mark, list_marks, delete_marks, match_entries, inactive_people, delete_audit_about,
  set_person_office, new_person_index,
  enroll_office,  // the office a kiosk enrolled with the token joins
  figures_profiles, figures_people,
  // Schema 7: the consent texts the hub hashed.
  keep_consent_text, kept_consent_texts,
  count_  // the number of statements
};
// clang-format on
std::span<const SqlText> hub_statements();
// The schema migrations in order (migration i brings version i to i + 1 and records it), in the
// dialect's column types. Never edit one that has shipped: add a new one.
std::vector<std::string> hub_migrations(Dialect dialect);
// Who owns a PostgreSQL schema: the application in its table sichtbar_schema.
inline constexpr std::string_view kSchemaOwner = "sichtbar-hub";
// "?1 ... ?12" as "$1 ... $12".
std::string dollar_placeholders(std::string_view sql);

// A parameter, made from the value it binds: an integer, an optional one (empty: NULL), text, or
// a blob (Bytes or a byte array). Views into the caller's data, which outlives the call.
// Implicit on purpose (NOLINT): a statement's parameters are written as a list of values.
struct SqlParam {
  enum class Kind { Null, Integer, Text, Blob } kind = Kind::Null;
  std::int64_t integer = 0;
  std::string_view bytes;  // Text or Blob

  SqlParam(std::int64_t v) : kind(Kind::Integer), integer(v) {}  // NOLINT
  SqlParam(std::optional<std::int64_t> v)                        // NOLINT
      : kind(v ? Kind::Integer : Kind::Null), integer(v.value_or(0)) {}
  SqlParam(std::string_view t) : kind(Kind::Text), bytes(t) {}       // NOLINT
  SqlParam(const std::string& t) : SqlParam(std::string_view(t)) {}  // NOLINT
  SqlParam(const Bytes& b) : SqlParam(ByteView(b)) {}                // NOLINT
  template <std::size_t N>
  SqlParam(const std::array<std::uint8_t, N>& b) : SqlParam(ByteView(b)) {}  // NOLINT

 private:
  explicit SqlParam(ByteView b)
      : kind(Kind::Blob), bytes(reinterpret_cast<const char*>(b.data()), b.size()) {}
};

// One row of a result: integers (and booleans) as integers, text and blobs as their bytes.
struct SqlRow {
  struct Cell {
    bool null = true;
    std::int64_t integer = 0;
    std::string bytes;
  };
  std::vector<Cell> cells;

  bool is_null(int c) const { return cells.at(static_cast<std::size_t>(c)).null; }
  std::int64_t integer(int c) const { return cells.at(static_cast<std::size_t>(c)).integer; }
  const std::string& text(int c) const { return cells.at(static_cast<std::size_t>(c)).bytes; }
  // False (and out untouched) unless the column holds exactly N bytes.
  template <std::size_t N>
  bool blob(int c, std::array<std::uint8_t, N>& out) const {
    const Cell& cell = cells.at(static_cast<std::size_t>(c));
    if (cell.null || cell.bytes.size() != N) return false;
    std::memcpy(out.data(), cell.bytes.data(), N);
    return true;
  }
};

struct SqlResult {
  std::vector<SqlRow> rows;
  std::uint64_t changed = 0;  // rows inserted, updated or deleted
};

class SqlSession {
 public:
  virtual ~SqlSession() = default;
  // Opening (make_sql_hub_store): inside migrate's transaction, the schema version the database
  // is at (0: new; another program's tables are refused here), migrations run by exec (several
  // statements, no parameters); then the statement table is prepared.
  virtual Dialect dialect() const = 0;
  virtual Result<int> schema_version(std::string_view doing) = 0;
  virtual Result<void> exec(const std::string& sql, std::string_view doing) = 0;
  virtual Result<void> prepare() = 0;
  // Before each call of the store: PostgreSQL reconnects a broken connection and closes a
  // transaction a failed call left open; SQLite has nothing to do.
  virtual Result<void> ready() = 0;
  virtual Result<SqlResult> run(Sql statement, std::span<const SqlParam> params,
                                std::string_view doing) = 0;
  // A statement made for this call only (the search, whose text depends on the filter).
  virtual Result<SqlResult> run_once(const std::string& sql, std::span<const SqlParam> params,
                                     std::string_view doing) = 0;
  // A failed COMMIT is rolled back by the caller; rollback() without a transaction does nothing.
  virtual Result<void> begin(std::string_view doing) = 0;
  virtual Result<void> commit(std::string_view doing) = 0;
  virtual void rollback() = 0;
  // About the last failed call: a unique key was taken / a deadlock victim (run it again).
  virtual bool duplicate_key() const = 0;
  virtual bool retryable() const = 0;
  // After an erasure committed: make the freed pages of the person's data go (best effort).
  virtual void after_erase(bool made) = 0;
  // For check_ready: what the database's own storage needs beyond a write that is rolled back
  // (SQLite: the file is still there and its disk has room; a rolled-back write never reaches it).
  virtual Result<void> check_storage() { return {}; }
  // " (hub database ...)": which database, for every message about it.
  const std::string& where() const { return where_; }

 protected:
  std::string where_;
};

// What went wrong with a statement, from either database; store_error() says it in words for
// office staff, the same from both: "The hub could not <doing>: <why><where>. [<detail>]".
enum class Fault { WriteFailed, ReadOnly, Corrupt, Busy, Constraint, Lost, Other };
Error store_error(Fault fault, std::string_view doing, std::string_view where,
                  std::string_view detail);
// hub_store.newer_schema: the database was made by a newer hub (refused, left as it is).
Error newer_schema(int version, std::string_view where);
// hub_store.no_schema: opened with NewDatabase::refuse on a database without the hub's tables.
Error no_schema(std::string_view where);

// The store on a connected session: migrates the schema, prepares the statements, and indexes
// what a hub of schema 1 stored before the search index.
Result<std::unique_ptr<HubStore>> make_sql_hub_store(std::unique_ptr<SqlSession> session,
                                                     NewDatabase if_new);

}  // namespace sichtbar::hub
