// The hub store, written once for SQLite and PostgreSQL: the schema and its migrations, the
// statement table (with ?N placeholders; the PostgreSQL session makes them $N), and every
// HubStore call on a SqlSession. The decisions are store_logic.h's; a session only connects,
// says its schema version, runs statements and maps errors.
// store_batch is on the ingest hot path: per record one read of everything decide() needs (and
// whether a counsellor coded the record), one insert and one index row; one COMMIT per batch.
#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "base/dates.h"
#include "hub/erasure_ledger.h"
#include "hub/record_index.h"
#include "hub/sql_session.h"
#include "hub/store_logic.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

namespace {

// SQLite's types; hub_migrations() gives PostgreSQL's (BLOB bytea, INTEGER bigint, INT int4).
const char* const kMigrations[] = {
    R"sql(
    -- Enrolled kiosks. Revoked ones stay, so their old records keep a known origin.
    CREATE TABLE devices(
      device_id BLOB PRIMARY KEY CHECK (length(device_id) = 16),
      sign_public BLOB NOT NULL CHECK (length(sign_public) = 32),
      name TEXT NOT NULL, enrolled_at INTEGER NOT NULL, revoked_at INTEGER, last_seen_at INTEGER
    );
    -- One row per stored version of a record. The envelope stays sealed to the hub key; the JSON
    -- is the decrypted record without its profile token.
    CREATE TABLE records(
      record_id BLOB NOT NULL CHECK (length(record_id) = 16),
      version INTEGER NOT NULL CHECK (version >= 0),
      device_id BLOB NOT NULL CHECK (length(device_id) = 16),
      seq INTEGER NOT NULL CHECK (seq >= 1),
      envelope BLOB NOT NULL,
      envelope_sha256 BLOB NOT NULL CHECK (length(envelope_sha256) = 32),
      record_json TEXT NOT NULL, event_id TEXT NOT NULL, form_id TEXT NOT NULL,
      form_version INTEGER NOT NULL, received_at INTEGER NOT NULL,
      PRIMARY KEY (record_id, version)
    );
    -- The profile link: SHA-256 of the token -> record. A token belongs to one record (all of its
    -- versions); the token itself is never stored.
    CREATE TABLE profile_tokens(
      token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
      record_id BLOB NOT NULL CHECK (length(record_id) = 16)
    );
    CREATE INDEX profile_tokens_record ON profile_tokens(record_id);
    -- Envelopes that clash with a stored one (409). Kept for the office to resolve.
    CREATE TABLE quarantine(
      envelope_sha256 BLOB PRIMARY KEY CHECK (length(envelope_sha256) = 32),
      record_id BLOB NOT NULL CHECK (length(record_id) = 16),
      version INTEGER NOT NULL,
      device_id BLOB NOT NULL CHECK (length(device_id) = 16),
      seq INTEGER NOT NULL, envelope BLOB NOT NULL, record_json TEXT NOT NULL,
      reason TEXT NOT NULL, received_at INTEGER NOT NULL
    );
    CREATE INDEX quarantine_record ON quarantine(record_id);
    -- Erased records: only the id, why and when. A tombstone is never removed.
    CREATE TABLE tombstones(
      record_id BLOB PRIMARY KEY CHECK (length(record_id) = 16),
      reason TEXT NOT NULL, erased_at INTEGER NOT NULL
    );
    -- Sequence numbers seen per kiosk as disjoint, non-adjacent ranges [first_seq, last_seq]:
    -- a kiosk that syncs in order has one row, so checkpoints cost one row per gap.
    CREATE TABLE device_seq_ranges(
      device_id BLOB NOT NULL CHECK (length(device_id) = 16),
      first_seq INTEGER NOT NULL CHECK (first_seq >= 1),
      last_seq INTEGER NOT NULL CHECK (last_seq >= first_seq),
      PRIMARY KEY (device_id, first_seq)
    );
    -- One-time enrollment tokens, as SHA-256 only; a used or expired token is deleted.
    CREATE TABLE enroll_tokens(
      token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32), expires_at INTEGER NOT NULL
    );
    )sql",
    R"sql(
    -- The office's search index (record_index.h): one row per record, for its newest version.
    -- Personal data (the folded text): deleted with the record on erasure.
    CREATE TABLE record_index(
      record_id BLOB PRIMARY KEY CHECK (length(record_id) = 16),
      version INTEGER NOT NULL, received_at INTEGER NOT NULL,
      event_id TEXT NOT NULL, event_name TEXT NOT NULL, event_date TEXT NOT NULL,
      country TEXT NOT NULL, occupations TEXT NOT NULL, languages TEXT NOT NULL,
      wants_advice INT NOT NULL, search_text TEXT NOT NULL
    );
    CREATE INDEX record_index_received ON record_index(received_at);
    -- Office logins: the argon2id hash only.
    CREATE TABLE office_users(
      name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL
    );
    -- Who did what when, to which record or kiosk id, and why. No personal data of a person.
    CREATE TABLE audit_log(
      id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user_name TEXT NOT NULL,
      action TEXT NOT NULL, subject TEXT NOT NULL, reason TEXT NOT NULL
    );
    )sql",
    R"sql(
    -- Recognition maps imported with `reference import-recognition`, newest last; the hub uses
    -- the newest, or the shipped one when there is none. Every hub process on this database
    -- sees an import.
    CREATE TABLE recognition_maps(
      id INTEGER PRIMARY KEY AUTOINCREMENT, map_json TEXT NOT NULL,
      sha256 BLOB NOT NULL CHECK (length(sha256) = 32), imported_by TEXT NOT NULL,
      imported_at INTEGER NOT NULL
    );
    )sql",
    R"sql(
    -- The way to recognition in the search index (record_index.h), as token lists like
    -- occupations: ISCO major groups, regulated values, procedures and competent bodies of the
    -- person's occupations under the recognition map in use.
    ALTER TABLE record_index ADD COLUMN isco_majors TEXT NOT NULL DEFAULT '';
    ALTER TABLE record_index ADD COLUMN regulated TEXT NOT NULL DEFAULT '';
    ALTER TABLE record_index ADD COLUMN procedures TEXT NOT NULL DEFAULT '';
    ALTER TABLE record_index ADD COLUMN bodies TEXT NOT NULL DEFAULT '';
    -- A counsellor's ESCO occupation for a free-text occupation answer ("work.items.0"): it
    -- counts in the index like an answered one. Deleted with the record on erasure.
    CREATE TABLE occupation_codings(
      record_id BLOB NOT NULL CHECK (length(record_id) = 16),
      answer_path TEXT NOT NULL, esco_uri TEXT NOT NULL, coded_by TEXT NOT NULL,
      coded_at INTEGER NOT NULL, PRIMARY KEY (record_id, answer_path)
    );
    -- The hub's own facts by name; "index_recognition_map": the sha256 (hex) of the recognition
    -- map the index's recognition columns were computed with (none: compute them again).
    CREATE TABLE hub_state(name TEXT PRIMARY KEY, value TEXT NOT NULL);
    )sql",
};

static_assert(std::size(kMigrations) == kHubSchemaVersion);

// What PostgreSQL adds to each migration: the table recording which program owns the schema
// (SQLite's application_id and user_version), and no compression of envelopes (ciphertext).
const char* const kPostgresExtra[] = {
    R"sql(
    CREATE TABLE sichtbar_schema(application text PRIMARY KEY, version integer NOT NULL);
    ALTER TABLE records ALTER COLUMN envelope SET STORAGE EXTERNAL;
    ALTER TABLE quarantine ALTER COLUMN envelope SET STORAGE EXTERNAL;
    )sql",
    "",
    "",
    "",
};

// SQLite's column types as PostgreSQL's, in this order.
constexpr std::pair<std::string_view, std::string_view> kPostgresTypes[] = {
    {"INTEGER PRIMARY KEY AUTOINCREMENT", "bigserial PRIMARY KEY"},
    {" BLOB ", " bytea "},
    {" INTEGER ", " bigint "},
    {" INTEGER,", " bigint,"},
    {" INTEGER\n", " bigint\n"},
    {" INT ", " integer "},
    {" TEXT ", " text "}};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

constexpr SqlText kStatements[] = {
    // Devices.
    {"INSERT INTO devices(device_id, sign_public, name, enrolled_at, revoked_at) "
     "VALUES (?1, ?2, ?3, ?4, ?5)"},
    {"SELECT device_id, sign_public, name, enrolled_at, revoked_at FROM devices "
     "WHERE device_id = ?1"},
    {"SELECT device_id, sign_public, name, enrolled_at, revoked_at FROM devices "
     "ORDER BY enrolled_at, device_id"},
    {"UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE device_id = ?1"},
    {"UPDATE devices SET last_seen_at = ?2 WHERE device_id = ?1"},
    {"SELECT last_seen_at FROM devices WHERE device_id = ?1"},
    // Records: everything decide() needs, in one round trip.
    // Whether the kiosk's seq ?5 was seen: the range starting at or before it, by the key.
    {"SELECT EXISTS (SELECT 1 FROM tombstones WHERE record_id = ?1), "
     "(SELECT envelope_sha256 FROM records WHERE record_id = ?1 AND version = ?2), "
     "(SELECT record_id FROM profile_tokens WHERE token_hash = ?3), "
     "EXISTS (SELECT 1 FROM (SELECT last_seq FROM device_seq_ranges WHERE device_id = ?4 AND "
     "first_seq <= ?5 ORDER BY first_seq DESC LIMIT 1) AS s WHERE s.last_seq >= ?5), "
     "EXISTS (SELECT 1 FROM occupation_codings WHERE record_id = ?1)"},
    {"INSERT INTO records(record_id, version, device_id, seq, envelope, envelope_sha256, "
     "record_json, event_id, form_id, form_version, received_at) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
     "ON CONFLICT (record_id, version) DO NOTHING"},
    // A new record with a new profile link: the record goes in only if the link could be
    // claimed for it (a claim in flight elsewhere is waited for); one changed row: both stored.
    {"INSERT INTO profile_tokens(token_hash, record_id) VALUES (?12, ?1) "
     "ON CONFLICT (token_hash) DO NOTHING;\n"
     "INSERT INTO records(record_id, version, device_id, seq, envelope, envelope_sha256, "
     "record_json, event_id, form_id, form_version, received_at) "
     "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE changes() = 1 "
     "ON CONFLICT (record_id, version) DO NOTHING",
     "WITH claim AS (INSERT INTO profile_tokens(token_hash, record_id) VALUES ($12, $1) "
     "ON CONFLICT (token_hash) DO NOTHING RETURNING 1) "
     "INSERT INTO records(record_id, version, device_id, seq, envelope, envelope_sha256, "
     "record_json, event_id, form_id, form_version, received_at) "
     "SELECT $1::bytea, $2::int8, $3::bytea, $4::int8, $5::bytea, $6::bytea, $7::text, "
     "$8::text, $9::text, $10::int8, $11::int8 WHERE EXISTS (SELECT 1 FROM claim) "
     "ON CONFLICT (record_id, version) DO NOTHING"},
    {"INSERT INTO quarantine(envelope_sha256, record_id, version, device_id, seq, envelope, "
     "record_json, reason, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
     "ON CONFLICT (envelope_sha256) DO NOTHING"},
    // The kiosk's stored ranges that overlap or touch the run [?2, l]: the one starting at or
    // before ?2, and those starting in (?2, ?3] with ?3 = l + 1 (or l at the largest bigint).
    // Both by the primary key; ?2 >= 1, so ?2 - 1 cannot overflow.
    {"SELECT first_seq, last_seq FROM (SELECT first_seq, last_seq FROM device_seq_ranges "
     "WHERE device_id = ?1 AND first_seq <= ?2 ORDER BY first_seq DESC LIMIT 1) AS b "
     "WHERE last_seq >= ?2 - 1 UNION ALL "
     "SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ?1 AND "
     "first_seq > ?2 AND first_seq <= ?3 ORDER BY first_seq"},
    {"DELETE FROM device_seq_ranges WHERE device_id = ?1 AND first_seq >= ?2 AND "
     "first_seq <= ?3"},
    {"INSERT INTO device_seq_ranges(device_id, first_seq, last_seq) VALUES (?1, ?2, ?3)"},
    {"SELECT first_seq, last_seq FROM device_seq_ranges WHERE device_id = ?1 ORDER BY first_seq"},
    // Erasure.
    {"INSERT INTO tombstones(record_id, reason, erased_at) VALUES (?1, ?2, ?3) "
     "ON CONFLICT (record_id) DO NOTHING"},
    {"DELETE FROM records WHERE record_id = ?1"},
    {"DELETE FROM quarantine WHERE record_id = ?1"},
    {"DELETE FROM profile_tokens WHERE record_id = ?1"},
    {"DELETE FROM record_index WHERE record_id = ?1"},
    {"SELECT record_id, erased_at FROM tombstones ORDER BY erased_at, record_id"},
    // Reading records.
    {"SELECT count(DISTINCT record_id) FROM records"},
    {"SELECT count(*) FROM quarantine"},
    {"SELECT record_json FROM records WHERE record_id = ?1 ORDER BY version DESC LIMIT 1"},
    // The link's record and its newest version, by the primary keys of both tables.
    {"SELECT t.record_id, r.record_json FROM profile_tokens t JOIN records r "
     "ON r.record_id = t.record_id WHERE t.token_hash = ?1 ORDER BY r.version DESC LIMIT 1"},
    {"SELECT record_id, device_id, received_at, record_json FROM records WHERE record_id = ?1 "
     "ORDER BY version DESC LIMIT 1"},
    // The search index.
    {"INSERT INTO record_index(record_id, version, received_at, event_id, event_name, "
     "event_date, country, occupations, languages, wants_advice, search_text, isco_majors, "
     "regulated, procedures, bodies) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
     "ON CONFLICT (record_id) DO UPDATE "
     "SET version = EXCLUDED.version, received_at = EXCLUDED.received_at, "
     "event_id = EXCLUDED.event_id, event_name = EXCLUDED.event_name, "
     "event_date = EXCLUDED.event_date, country = EXCLUDED.country, "
     "occupations = EXCLUDED.occupations, languages = EXCLUDED.languages, "
     "wants_advice = EXCLUDED.wants_advice, search_text = EXCLUDED.search_text, "
     "isco_majors = EXCLUDED.isco_majors, regulated = EXCLUDED.regulated, "
     "procedures = EXCLUDED.procedures, bodies = EXCLUDED.bodies "
     "WHERE EXCLUDED.version > record_index.version"},
    // Records stored before the index existed (a database of schema 1): their newest versions.
    {"SELECT r.record_id, r.version, r.received_at, r.record_json FROM records r "
     "WHERE NOT EXISTS (SELECT 1 FROM record_index i WHERE i.record_id = r.record_id) "
     "AND r.version = (SELECT max(version) FROM records v WHERE v.record_id = r.record_id)"},
    // PostgreSQL's transaction advisory locks (nothing to do on SQLite: one process owns the
    // file). Records by key: unnest keeps the sorted array's order, so every caller takes its
    // locks in ascending order and two cannot deadlock on them. A kiosk's sequence ranges.
    {"", "SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::int8[]) AS k"},
    {"", "SELECT pg_advisory_xact_lock($1::int4, $2::int4)"},
    // Office users and the audit log.
    {"INSERT INTO office_users(name, password_hash, created_at) VALUES (?1, ?2, ?3)"},
    {"SELECT name, password_hash, created_at FROM office_users WHERE name = ?1"},
    {"SELECT name, password_hash, created_at FROM office_users ORDER BY name"},
    {"DELETE FROM office_users WHERE name = ?1"},
    {"INSERT INTO audit_log(at, user_name, action, subject, reason) VALUES (?1, ?2, ?3, ?4, ?5)"},
    {"SELECT at, user_name, action, subject, reason FROM audit_log ORDER BY id DESC LIMIT ?1"},
    // The filter's choices.
    {"SELECT event_id, event_name, event_date, count(*) FROM record_index "
     "GROUP BY event_id, event_name, event_date ORDER BY event_date DESC, event_name"},
    {"SELECT DISTINCT country FROM record_index WHERE country <> '' ORDER BY country"},
    {"SELECT DISTINCT occupations FROM record_index"},
    {"SELECT DISTINCT languages FROM record_index"},
    // Enrollment tokens.
    {"INSERT INTO enroll_tokens(token_hash, expires_at) VALUES (?1, ?2)"},
    {"DELETE FROM enroll_tokens WHERE token_hash = ?1 AND expires_at > ?2"},
    {"DELETE FROM enroll_tokens WHERE expires_at <= ?1"},
    {"SELECT token_hash FROM enroll_tokens WHERE expires_at > ?1 ORDER BY expires_at LIMIT 1000"},
    // The quarantine, for the office; whether a stored record holds a kiosk's seq (a release:
    // rare, so no index of its own).
    {"SELECT envelope_sha256, record_id, version, device_id, seq, reason, received_at "
     "FROM quarantine ORDER BY received_at DESC, envelope_sha256 LIMIT ?1"},
    {"SELECT envelope_sha256, record_id, version, device_id, seq, reason, received_at, envelope "
     "FROM quarantine WHERE envelope_sha256 = ?1"},
    {"DELETE FROM quarantine WHERE envelope_sha256 = ?1"},
    {"SELECT EXISTS (SELECT 1 FROM records WHERE device_id = ?1 AND seq = ?2)"},
    // Recognition maps.
    {"INSERT INTO recognition_maps(map_json, sha256, imported_by, imported_at) "
     "VALUES (?1, ?2, ?3, ?4)"},
    {"SELECT map_json, sha256, imported_by, imported_at FROM recognition_maps "
     "ORDER BY id DESC LIMIT 1"},
    {"SELECT sha256 FROM recognition_maps ORDER BY id DESC LIMIT 1"},
    // The recognition columns of the index, computed again: the indexed versions after ?1, a
    // chunk of ?2 in key order (a 1-byte x'00' sorts before every 16-byte id), and one record's;
    // a version stored meanwhile by another hub is not overwritten.
    {"SELECT i.record_id, i.version, r.record_json FROM record_index i JOIN records r "
     "ON r.record_id = i.record_id AND r.version = i.version WHERE i.record_id > ?1 "
     "ORDER BY i.record_id LIMIT ?2"},
    {"SELECT i.record_id, i.version, r.record_json FROM record_index i JOIN records r "
     "ON r.record_id = i.record_id AND r.version = i.version WHERE i.record_id = ?1"},
    {"UPDATE record_index SET isco_majors = ?3, regulated = ?4, procedures = ?5, bodies = ?6 "
     "WHERE record_id = ?1 AND version = ?2"},
    // A counsellor's codings: of a record, of the records in (?1, ?2], and erased with it.
    {"SELECT record_id, esco_uri FROM occupation_codings WHERE record_id = ?1 "
     "ORDER BY answer_path"},
    {"SELECT record_id, esco_uri FROM occupation_codings WHERE record_id > ?1 AND "
     "record_id <= ?2 ORDER BY record_id, answer_path"},
    {"DELETE FROM occupation_codings WHERE record_id = ?1"},
    // The hub's own facts by name.
    {"SELECT value FROM hub_state WHERE name = ?1"},
    {"INSERT INTO hub_state(name, value) VALUES (?1, ?2) "
     "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value"},
    {"DELETE FROM hub_state WHERE name = ?1"},
    // The office's codings of typed occupations. Set only while the record is stored (its lock
    // held, so an erasure at another hub either deleted it before or deletes the coding after).
    {"INSERT INTO occupation_codings(record_id, answer_path, esco_uri, coded_by, coded_at) "
     "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM records WHERE record_id = ?1) "
     "ON CONFLICT (record_id, answer_path) DO UPDATE SET esco_uri = EXCLUDED.esco_uri, "
     "coded_by = EXCLUDED.coded_by, coded_at = EXCLUDED.coded_at",
     "INSERT INTO occupation_codings(record_id, answer_path, esco_uri, coded_by, coded_at) "
     "SELECT $1::bytea, $2::text, $3::text, $4::text, $5::int8 "
     "WHERE EXISTS (SELECT 1 FROM records WHERE record_id = $1) "
     "ON CONFLICT (record_id, answer_path) DO UPDATE SET esco_uri = EXCLUDED.esco_uri, "
     "coded_by = EXCLUDED.coded_by, coded_at = EXCLUDED.coded_at"},
    {"DELETE FROM occupation_codings WHERE record_id = ?1 AND answer_path = ?2"},
    {"SELECT record_id, answer_path, esco_uri, coded_by, coded_at FROM occupation_codings "
     "WHERE record_id = ?1 ORDER BY answer_path"},
    {"SELECT record_id, answer_path, esco_uri, coded_by, coded_at FROM occupation_codings "
     "ORDER BY record_id, answer_path"},
    // The figures (FiguresStore): offices ?1..?2 (one, or all), event dates in [?3, ?4). The
    // profiles by the month of their event; the people by the month of their first profile's
    // event, grouped by what the figures count of them (wishes, their case's stage, decision and
    // outcome), so a month returns a few rows however many people it had.
    {"SELECT office_id, substr(event_date, 1, 7), count(*) FROM record_index "
     "WHERE office_id BETWEEN ?1 AND ?2 AND event_date >= ?3 AND event_date < ?4 "
     "GROUP BY office_id, substr(event_date, 1, 7)"},
    {"SELECT p.office_id, substr(f.first_date, 1, 7), p.wishes, c.stage, c.decision, c.outcome, "
     "count(*) FROM (SELECT person_id, min(event_date) AS first_date FROM record_index "
     "WHERE office_id BETWEEN ?1 AND ?2 AND person_id <> 0 GROUP BY person_id) AS f "
     "JOIN persons p ON p.id = f.person_id LEFT JOIN cases c ON c.person_id = f.person_id "
     "WHERE f.first_date >= ?3 AND f.first_date < ?4 "
     "GROUP BY p.office_id, substr(f.first_date, 1, 7), p.wishes, c.stage, c.decision, "
     "c.outcome"},
};
static_assert(std::size(kStatements) == static_cast<std::size_t>(Sql::count_));

using P = SqlParam;

// What erasure deletes of a record, in this order: every row that holds its data.
constexpr Sql kErasedWithRecord[] = {Sql::delete_records, Sql::delete_quarantine,
                                     Sql::delete_tokens, Sql::delete_index, Sql::delete_codings};
// hub_state's name for the sha256 (hex) of the recognition map the index was computed with.
constexpr std::string_view kIndexMapState = "index_recognition_map";
// Records per transaction when the index is computed again.
constexpr std::size_t kReindexChunk = 500;
std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

// The advisory lock keys. Records lock with the one-bigint form (a record's first 8 random
// bytes), kiosks with the two-int4 form (kLockSpaceDevice and its first 4), whose key space
// PostgreSQL keeps apart. A clash of two keys only makes two calls wait for each other.
constexpr std::int32_t kLockSpaceDevice = 0x53424844;  // "SBHD"
std::int64_t record_lock_key(const RecordId& id) {
  return static_cast<std::int64_t>(get_be(id.data(), 8));
}
std::int32_t device_lock_key(const DeviceId& id) {
  return static_cast<std::int32_t>(get_be(id.data(), 4));
}
// "{1,2,3}": the keys, in ascending order, as an int8[] parameter in text format.
std::string int8_array(const std::set<std::int64_t>& keys) {
  std::string out;
  for (std::int64_t key : keys) out += (out.empty() ? "" : ",") + std::to_string(key);
  return "{" + out + "}";
}

Device device_from_row(const SqlRow& r) {
  Device d;
  r.blob(0, d.device_id);
  r.blob(1, d.sign_public);
  d.name = r.text(2);
  d.enrolled_at_ms = r.integer(3);
  if (!r.is_null(4)) d.revoked_at_ms = r.integer(4);
  return d;
}
SeqRange range_from_row(const SqlRow& r) {
  return {static_cast<std::uint64_t>(r.integer(0)), static_cast<std::uint64_t>(r.integer(1))};
}
OfficeUser user_from_row(const SqlRow& r) { return {r.text(0), r.text(1), r.integer(2)}; }
RecordSummary summary_from_row(const SqlRow& r) {
  RecordSummary s;
  r.blob(0, s.record_id);
  r.blob(1, s.device_id);
  s.received_at_ms = r.integer(2);
  s.record_json = r.text(3);
  if (r.cells.size() > 4)  // a search's row: with the index's recognition columns
    s.recognition = {r.text(4), r.text(5), r.text(6), r.text(7)};
  return s;
}
QuarantinedEnvelope quarantined_from_row(const SqlRow& r) {
  QuarantinedEnvelope q;
  r.blob(0, q.id);
  r.blob(1, q.record_id);
  q.record_version = static_cast<std::uint32_t>(r.integer(2));
  r.blob(3, q.device_id);
  q.seq = static_cast<std::uint64_t>(r.integer(4));
  q.reason = r.text(5);
  q.received_at_ms = r.integer(6);
  if (r.cells.size() > 7) q.envelope.assign(r.text(7).begin(), r.text(7).end());
  return q;
}
OccupationCoding coding_from_row(const SqlRow& r) {
  OccupationCoding c;
  r.blob(0, c.record_id);
  c.answer_path = r.text(1);
  c.esco_uri = r.text(2);
  c.coded_by = r.text(3);
  c.coded_at_ms = r.integer(4);
  return c;
}
AuditEntry audit_from_row(const SqlRow& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)};
}
RecordFacets::Event event_from_row(const SqlRow& r) {
  return {r.text(0), r.text(1), r.text(2), static_cast<std::uint64_t>(r.integer(3))};
}

Result<void> written(const Result<SqlResult>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}
// The first row, or nullopt without one.
template <typename F>
auto first(const Result<SqlResult>& r, F from_row)
    -> Result<std::optional<decltype(from_row(SqlRow{}))>> {
  if (!r) return std::unexpected(r.error());
  if (r->rows.empty()) return std::nullopt;
  return from_row(r->rows[0]);
}
template <typename F>
auto each(const Result<SqlResult>& r, F from_row)
    -> Result<std::vector<decltype(from_row(SqlRow{}))>> {
  if (!r) return std::unexpected(r.error());
  std::vector<decltype(from_row(SqlRow{}))> out;
  for (const SqlRow& row : r->rows) out.push_back(from_row(row));
  return out;
}
Result<std::uint64_t> count_of(const Result<SqlResult>& r) {
  if (!r) return std::unexpected(r.error());
  return static_cast<std::uint64_t>(r->rows.at(0).integer(0));
}

template <std::size_t N>
void count_in(std::array<std::uint64_t, N>& counts, std::span<const std::string_view> names,
              std::string_view name, std::uint64_t n) {
  for (std::size_t i = 0; i < names.size() && i < N; ++i)
    if (names[i] == name) counts[i] += n;
}
// The figures' rows (office, month, count) and (office, month, wishes, stage, decision, outcome,
// count) as one MonthFigures per office and month, by month, then office.
std::vector<MonthFigures> fold_figures(const std::vector<SqlRow>& profiles,
                                       const std::vector<SqlRow>& people) {
  std::map<std::pair<std::string, std::int64_t>, FigureCounts> by;
  std::map<std::pair<std::string, std::int64_t>, std::map<std::string, std::uint64_t>> wishes;
  for (const SqlRow& r : profiles)
    by[{r.text(1), r.integer(0)}].profiles += static_cast<std::uint64_t>(r.integer(2));
  std::string_view stages[std::size(FigureCounts{}.stages)];
  for (std::size_t i = 0; i < std::size(stages); ++i)
    stages[i] = case_stage_name(static_cast<CaseStage>(i));
  for (const SqlRow& r : people) {
    const std::pair<std::string, std::int64_t> key{r.text(1), r.integer(0)};
    const auto n = static_cast<std::uint64_t>(r.integer(6));
    FigureCounts& c = by[key];
    c.people += n;
    for (const std::string& wish : split_codes({r.text(2)})) wishes[key][wish] += n;
    if (r.is_null(3)) continue;  // no case
    c.cases += n;
    count_in(c.stages, stages, r.text(3), n);
    count_in(c.decisions, kCaseDecisions, r.text(4), n);
    count_in(c.outcomes, kCaseOutcomes, r.text(5), n);
  }
  std::vector<MonthFigures> out;
  for (auto& [key, counts] : by) {
    const auto w = wishes.find(key);
    if (w != wishes.end()) counts.wishes.assign(w->second.begin(), w->second.end());
    out.push_back({key.second, key.first, std::move(counts)});
  }
  return out;
}

// body() in one transaction: committed when it succeeds, rolled back when it or COMMIT fails.
template <typename F>
auto transaction(SqlSession& db, std::string_view doing, F body) -> decltype(body()) {
  if (auto r = db.begin(doing); !r) return std::unexpected(r.error());
  auto result = body();
  if (auto r = result ? db.commit(doing) : Result<void>(); !r) result = std::unexpected(r.error());
  if (!result) db.rollback();
  return result;
}

// Brings the schema from the version the database is at to kHubSchemaVersion, in one
// transaction (a failed migration leaves nothing); a newer schema is refused, untouched.
Result<void> migrate(SqlSession& db, NewDatabase if_new) {
  const std::string doing = "update its database";
  return transaction(db, doing, [&]() -> Result<void> {
    auto version = db.schema_version(doing);
    if (!version) return std::unexpected(version.error());
    if (*version == 0 && if_new == NewDatabase::refuse)
      return std::unexpected(no_schema(db.where()));
    if (*version > kHubSchemaVersion) return std::unexpected(newer_schema(*version, db.where()));
    const std::vector<std::string> migrations = hub_migrations(db.dialect());
    for (int v = *version; v < kHubSchemaVersion; ++v)
      if (auto r = db.exec(migrations[static_cast<std::size_t>(v)], doing); !r) return r;
    return {};
  });
}

class SqlHubStore final : public HubStore {
 public:
  explicit SqlHubStore(std::unique_ptr<SqlSession> db) : db_(std::move(db)) {}

  // Indexes what a hub of schema 1 stored before the index existed: once, at the first start
  // after the update (later, every stored record is indexed as it is stored).
  Result<void> index_unindexed() {
    const std::string doing = "index the stored records for the office's search";
    auto rows = run(Sql::unindexed, {}, doing);
    if (!rows) return std::unexpected(rows.error());
    if (rows->rows.empty()) return {};
    return transaction(*db_, doing, [&]() -> Result<void> {
      for (const SqlRow& row : rows->rows) {
        RecordId id{};
        row.blob(0, id);
        if (auto i = index(id, row.integer(1), row.integer(2), row.text(3)); !i) return i;
      }
      return {};
    });
  }

  Result<void> add_device(const Device& d) override {
    return written(locked(
        Sql::insert_device, {d.device_id, d.sign_public, d.name, d.enrolled_at_ms, d.revoked_at_ms},
        "enroll the kiosk",
        {"hub_store.device_exists",
         "A kiosk with the device id " + device_id_text(d.device_id) + " is enrolled already."}));
  }
  Result<std::optional<Device>> find_device(const DeviceId& id) override {
    return first(locked(Sql::find_device, {id}, "look up the kiosk"), device_from_row);
  }
  Result<std::vector<Device>> list_devices() override {
    return each(locked(Sql::list_devices, {}, "list the kiosks"), device_from_row);
  }
  Result<void> revoke_device(const DeviceId& id, std::int64_t now_ms) override {
    return change_device(locked(Sql::revoke_device, {id, now_ms}, "revoke the kiosk"), id);
  }
  Result<void> touch_device(const DeviceId& id, std::int64_t now_ms) override {
    return change_device(locked(Sql::touch_device, {id, now_ms}, "note when the kiosk was seen"),
                         id);
  }

  Result<DeviceCheckpoint> checkpoint(const DeviceId& device_id) override {
    return call([&]() -> Result<DeviceCheckpoint> {
      const std::string doing = "read the kiosk's checkpoint";
      auto ranges = each(run(Sql::list_ranges, {device_id}, doing), range_from_row);
      if (!ranges) return std::unexpected(ranges.error());
      auto seen = first(run(Sql::last_seen, {device_id}, doing),
                        [](const SqlRow& r) { return r.is_null(0) ? 0 : r.integer(0); });
      if (!seen) return std::unexpected(seen.error());
      return checkpoint_from_ranges(*ranges, seen->value_or(0));
    });
  }

  Result<std::vector<ItemOutcome>> store_batch(std::span<const StoredRecord> items) override {
    std::vector<ItemOutcome> outcomes;
    if (items.empty()) return outcomes;
    return call([&]() -> Result<std::vector<ItemOutcome>> {
      // A deadlock victim (PostgreSQL) has stored nothing: the whole batch simply runs again.
      for (int attempt = 1;; ++attempt) {
        auto r = transaction(*db_, "store the records", [&] {
          outcomes.clear();
          return store_batch_in_transaction(items, outcomes);
        });
        if (r) return outcomes;
        if (attempt >= 3 || !db_->retryable()) return std::unexpected(r.error());
      }
    });
  }

  Result<bool> tombstone(const RecordId& record_id, std::string_view reason,
                         std::int64_t now_ms) override {
    return call([&]() -> Result<bool> {
      const std::string doing = "erase the record";
      // The ledger first: what it lacks must not be erased in the database only, where a
      // restore would bring it back; what it holds is erased again at the next start.
      if (const auto ledger = ledger_.load())
        if (auto kept = ledger->append(record_id, now_ms); !kept)
          return std::unexpected(kept.error());
      auto made = transaction(*db_, doing, [&]() -> Result<bool> {
        // The record's lock: a store_batch of the same record elsewhere either committed before
        // (and its rows are deleted here) or waits and then finds the tombstone.
        if (auto r = run(Sql::lock_records, {int8_array({record_lock_key(record_id)})}, doing); !r)
          return std::unexpected(r.error());
        auto tomb = run(Sql::insert_tombstone, {record_id, reason, now_ms}, doing);
        if (!tomb) return std::unexpected(tomb.error());
        for (Sql s : kErasedWithRecord)
          if (auto r = run(s, {record_id}, doing); !r) return std::unexpected(r.error());
        return tomb->changed == 1;
      });
      if (made) db_->after_erase(*made);
      return made;
    });
  }

  Result<ErasureReplay> keep_erasures_in(std::shared_ptr<ErasureLedger> ledger) override {
    return call([&]() -> Result<ErasureReplay> {
      const std::string doing = "erase again what the erasure ledger names";
      ErasureReplay replay;
      // Tombstones from before the ledger existed (or from another hub on this database) go
      // into it first, so a later restore cannot bring those back either.
      auto tombs = each(run(Sql::list_tombstones, {}, doing), [](const SqlRow& row) {
        ErasedRecord r;
        row.blob(0, r.record_id);
        r.erased_at_ms = row.integer(1);
        return r;
      });
      if (!tombs) return std::unexpected(tombs.error());
      std::erase_if(*tombs, [&](const ErasedRecord& r) { return ledger->contains(r.record_id); });
      replay.added_to_ledger = tombs->size();
      if (auto kept = ledger->append(*tombs); !kept) return std::unexpected(kept.error());

      const std::vector<ErasedRecord> erased = ledger->records();
      replay.in_ledger = erased.size();
      std::set<std::int64_t> keys;
      for (const ErasedRecord& r : erased) keys.insert(record_lock_key(r.record_id));
      auto done = transaction(*db_, doing, [&]() -> Result<void> {
        if (!keys.empty())
          if (auto r = run(Sql::lock_records, {int8_array(keys)}, doing); !r)
            return std::unexpected(r.error());
        for (const ErasedRecord& r : erased) {
          auto tomb = run(Sql::insert_tombstone,
                          {r.record_id, std::string_view("erasure ledger"), r.erased_at_ms}, doing);
          if (!tomb) return std::unexpected(tomb.error());
          if (tomb->changed == 0) continue;  // erased in this database already
          std::uint64_t rows = 0;
          for (Sql s : kErasedWithRecord) {
            auto deleted = run(s, {r.record_id}, doing);
            if (!deleted) return std::unexpected(deleted.error());
            rows += deleted->changed;
          }
          if (rows > 0) ++replay.erased_again;
        }
        return {};
      });
      if (!done) return std::unexpected(done.error());
      if (replay.erased_again > 0) db_->after_erase(true);
      ledger_.store(std::move(ledger));
      return replay;
    });
  }

  Result<std::uint64_t> count_records() override {
    return count_of(locked(Sql::count_records, {}, "count the records"));
  }
  Result<std::uint64_t> count_quarantined() override {
    return count_of(locked(Sql::count_quarantined, {}, "count the quarantined records"));
  }
  Result<std::optional<std::string>> record_json(const RecordId& id) override {
    if (erased_in_ledger(id)) return std::nullopt;
    return first(locked(Sql::newest_json, {id}, "read the record"),
                 [](const SqlRow& r) { return r.text(0); });
  }
  Result<std::optional<RecordSummary>> find_record(const RecordId& id) override {
    if (erased_in_ledger(id)) return std::nullopt;
    return first(locked(Sql::newest_record, {id}, "read the record"), summary_from_row);
  }
  Result<std::optional<ProfileRecord>> find_profile(const Sha256& token_hash) override {
    auto row = first(locked(Sql::profile_by_token, {token_hash}, "look up the profile link"),
                     [](const SqlRow& r) { return r; });
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::nullopt;
    ProfileRecord found;
    if (!(*row)->blob(0, found.record_id))
      return fail(
          "hub_store.corrupt",
          "A profile link in the hub's database names no valid record" + db_->where() + ".");
    found.record_json = (*row)->text(1);
    if (erased_in_ledger(found.record_id)) return std::nullopt;
    return found;
  }

  Result<std::vector<QuarantinedEnvelope>> list_quarantined(std::uint64_t limit) override {
    return each(locked(Sql::list_quarantined, {i64(std::min(limit, kMaxSeq))},
                       "list the quarantined records"),
                quarantined_from_row);
  }
  Result<std::optional<QuarantinedEnvelope>> find_quarantined(const Sha256& id) override {
    return first(locked(Sql::find_quarantined, {id}, "read a quarantined record"),
                 quarantined_from_row);
  }
  Result<bool> discard_quarantined(const Sha256& id) override {
    auto r = locked(Sql::delete_quarantined, {id}, "discard a quarantined record");
    if (!r) return std::unexpected(r.error());
    return r->changed == 1;
  }
  Result<ItemOutcome> release_quarantined(const Sha256& id, const StoredRecord& record) override {
    return call([&]() -> Result<ItemOutcome> {
      const std::string doing = "release a quarantined record";
      return transaction(*db_, doing, [&]() -> Result<ItemOutcome> {
        if (auto r =
                run(Sql::lock_records, {int8_array({record_lock_key(record.record_id)})}, doing);
            !r)
          return std::unexpected(r.error());
        // The kiosk's lock too, in the order store_batch takes them: its seq is looked at.
        if (auto r =
                run(Sql::lock_device, {kLockSpaceDevice, device_lock_key(record.device_id)}, doing);
            !r)
          return std::unexpected(r.error());
        ItemOutcome outcome;
        auto status = store_one(record, outcome.reason, /*releasing=*/true);
        if (!status) return std::unexpected(status.error());
        outcome.status = *status;
        const bool done = *status == IngestStatus::Stored || *status == IngestStatus::Duplicate ||
                          *status == IngestStatus::Gone;
        if (done)
          if (auto r = run(Sql::delete_quarantined, {id}, doing); !r)
            return std::unexpected(r.error());
        return outcome;
      });
    });
  }

  Result<void> add_user(const OfficeUser& user) override {
    return written(
        locked(Sql::insert_user, {user.name, user.password_hash, user.created_at_ms},
               "add the office login",
               {"hub_store.user_exists", "There is an office login named \"" + user.name +
                                             "\" already. Choose another name, or remove "
                                             "the old login first (sichtbar-hub user remove)."}));
  }
  Result<std::optional<OfficeUser>> find_user(std::string_view name) override {
    return first(locked(Sql::find_user, {name}, "look up the office login"), user_from_row);
  }
  Result<std::vector<OfficeUser>> list_users() override {
    return each(locked(Sql::list_users, {}, "list the office logins"), user_from_row);
  }
  Result<bool> remove_user(std::string_view name) override {
    auto r = locked(Sql::delete_user, {name}, "remove the office login");
    if (!r) return std::unexpected(r.error());
    return r->changed == 1;
  }
  Result<void> add_audit(const AuditEntry& e) override {
    return written(locked(Sql::insert_audit, {e.at_ms, e.user, e.action, e.subject, e.reason},
                          "write the audit log"));
  }
  Result<std::vector<AuditEntry>> list_audit(std::uint64_t limit) override {
    return each(locked(Sql::list_audit, {i64(std::min(limit, kMaxSeq))}, "read the audit log"),
                audit_from_row);
  }

  Result<RecordPage> search_records(const RecordFilter& filter) override {
    return call([&]() -> Result<RecordPage> {
      const std::string doing = "search the records";
      const SearchSql where = search_where(filter, '?');
      const std::vector<P> params(where.params.begin(), where.params.end());
      auto total = count_of(db_->run_once(search_count_sql(where), params, doing));
      if (!total) return std::unexpected(total.error());
      auto rows =
          each(db_->run_once(search_rows_sql(filter, where), params, doing), summary_from_row);
      if (!rows) return std::unexpected(rows.error());
      return RecordPage{*total, std::move(*rows)};
    });
  }

  Result<RecordFacets> record_facets() override {
    return call([&]() -> Result<RecordFacets> {
      auto events = each(run(Sql::facet_events, {}, "list the events"), event_from_row);
      if (!events) return std::unexpected(events.error());
      RecordFacets facets{std::move(*events), {}, {}, {}};
      std::vector<std::string>* out[] = {&facets.countries, &facets.occupations, &facets.languages};
      const Sql sql[] = {Sql::facet_countries, Sql::facet_occupations, Sql::facet_languages};
      for (int k = 0; k < 3; ++k) {
        auto codes = each(run(sql[k], {}, "list the filter's choices"),
                          [](const SqlRow& r) { return r.text(0); });
        if (!codes) return std::unexpected(codes.error());
        *out[k] = k == 0 ? std::move(*codes) : split_codes(*codes);
      }
      return facets;
    });
  }

  Result<std::uint64_t> use_index_context(std::shared_ptr<const IndexContext> context,
                                          Reindex when) override {
    const std::string doing = "index the records for the recognition map in use";
    // From now on every record stored is indexed with it; then the ones stored before.
    context_.store(context);
    auto made_with = first(locked(Sql::read_state, {kIndexMapState}, doing),
                           [](const SqlRow& r) { return r.text(0); });
    if (!made_with) return std::unexpected(made_with.error());
    if (!context || (when == Reindex::if_changed && *made_with == context->map_sha256)) return 0;
    // Chunks in key order, each a call of its own: the store is never held for long.
    std::uint64_t done = 0;
    Bytes after{0};  // before every record id
    for (;;) {
      auto chunk = call([&]() -> Result<std::size_t> {
        return transaction(*db_, doing, [&]() -> Result<std::size_t> {
          auto rows = run(Sql::index_chunk, {after, std::int64_t{kReindexChunk}}, doing);
          if (!rows) return std::unexpected(rows.error());
          if (rows->rows.empty()) return 0;
          const std::string& last = rows->rows.back().text(0);
          auto codings =
              run(Sql::codings_in_range, {after, Bytes(last.begin(), last.end())}, doing);
          if (!codings) return std::unexpected(codings.error());
          if (auto r = reindex_rows(rows->rows, codings->rows, context.get(), doing); !r)
            return std::unexpected(r.error());
          after.assign(last.begin(), last.end());
          return rows->rows.size();
        });
      });
      if (!chunk) return std::unexpected(chunk.error());
      done += *chunk;
      if (*chunk < kReindexChunk) break;
    }
    if (auto r = locked(Sql::write_state, {kIndexMapState, context->map_sha256}, doing); !r)
      return std::unexpected(r.error());
    return done;
  }

  Result<void> reindex_record(const RecordId& record_id) override {
    return call([&]() -> Result<void> {
      const std::string doing = "index the record again";
      return transaction(*db_, doing, [&]() -> Result<void> {
        auto rows = run(Sql::indexed_record, {record_id}, doing);
        if (!rows) return std::unexpected(rows.error());
        auto codings = run(Sql::codings_of_record, {record_id}, doing);
        if (!codings) return std::unexpected(codings.error());
        return reindex_rows(rows->rows, codings->rows, context_.load().get(), doing);
      });
    });
  }

  Result<void> check_ready() override {
    return call([&]() -> Result<void> {
      const std::string doing = "check that it can read and write its database";
      if (auto r = db_->check_storage(); !r) return r;
      if (auto r = db_->begin(doing); !r) return r;
      // A token that can never be used (expired at 0), rolled back: a read-only server, a
      // database that cannot be written or locked refuses it.
      const Sha256 probe{};
      auto wrote = run(Sql::insert_enroll, {probe, std::int64_t{0}}, doing);
      db_->rollback();
      if (!wrote) return std::unexpected(wrote.error());
      return {};
    });
  }

  Result<void> add_enroll_token(const Sha256& token_hash, std::int64_t expires_at_ms) override {
    return written(locked(
        Sql::insert_enroll, {token_hash, expires_at_ms}, "save the enrollment token",
        {"hub_store.token_exists", "This enrollment token exists already; make a new one."}));
  }

  Result<bool> consume_enroll_token(const Sha256& token_hash, std::int64_t now_ms) override {
    return call([&]() -> Result<bool> {
      const std::string doing = "use the enrollment token";
      // Deleting the row is the use: a second attempt, from this hub or another, finds nothing
      // (PostgreSQL's DELETE waits for a concurrent one and then sees the row gone).
      auto used = run(Sql::consume_enroll, {token_hash, now_ms}, doing);
      if (!used) return std::unexpected(used.error());
      if (auto r = run(Sql::prune_enroll, {now_ms}, doing); !r) return std::unexpected(r.error());
      return used->changed == 1;
    });
  }

  Result<std::vector<Sha256>> live_enroll_tokens(std::int64_t now_ms) override {
    return call([&]() -> Result<std::vector<Sha256>> {
      return each(run(Sql::live_enroll, {now_ms}, "read the enrollment tokens"),
                  [](const SqlRow& row) {
                    Sha256 hash{};
                    row.blob(0, hash);
                    return hash;
                  });
    });
  }

  Result<void> add_recognition_map(const ImportedRecognitionMap& map) override {
    return written(locked(Sql::insert_recognition_map,
                          {map.map_json, map.sha256, map.imported_by, map.imported_at_ms},
                          "save the recognition map", {}));
  }

  Result<std::optional<ImportedRecognitionMap>> current_recognition_map() override {
    return first(locked(Sql::current_recognition_map, {}, "read the recognition map"),
                 [](const SqlRow& row) {
                   ImportedRecognitionMap map;
                   map.map_json = row.text(0);
                   row.blob(1, map.sha256);
                   map.imported_by = row.text(2);
                   map.imported_at_ms = row.integer(3);
                   return map;
                 });
  }

  Result<std::optional<Sha256>> current_recognition_map_sha256() override {
    return first(locked(Sql::current_recognition_sha256, {}, "read the recognition map"),
                 [](const SqlRow& row) {
                   Sha256 hash{};
                   row.blob(0, hash);
                   return hash;
                 });
  }

  Result<void> set_coding(const OccupationCoding& c) override {
    return call([&]() -> Result<void> {
      const std::string doing = "save the occupation's coding";
      return transaction(*db_, doing, [&]() -> Result<void> {
        if (auto r = run(Sql::lock_records, {int8_array({record_lock_key(c.record_id)})}, doing);
            !r)
          return std::unexpected(r.error());
        auto set = run(Sql::upsert_coding,
                       {c.record_id, c.answer_path, c.esco_uri, c.coded_by, c.coded_at_ms}, doing);
        if (!set) return std::unexpected(set.error());
        if (set->changed == 0 || erased_in_ledger(c.record_id))
          return fail("hub_store.unknown_record",
                      "The record " + to_hex(c.record_id) +
                          " is not stored at this hub (erased?): its coding was not saved.");
        return {};
      });
    });
  }
  Result<bool> remove_coding(const RecordId& id, std::string_view answer_path) override {
    auto r = locked(Sql::delete_coding, {id, answer_path}, "remove the occupation's coding");
    if (!r) return std::unexpected(r.error());
    return r->changed == 1;
  }
  Result<std::vector<OccupationCoding>> codings(const RecordId& id) override {
    return each(locked(Sql::list_codings, {id}, "read the occupations' codings"),
                coding_from_row);
  }
  Result<std::vector<OccupationCoding>> all_codings() override {
    return each(locked(Sql::all_codings, {}, "read the occupations' codings"), coding_from_row);
  }

  Result<std::vector<MonthFigures>> figures(std::optional<std::int64_t> office_id,
                                            std::string_view from_month,
                                            std::string_view to_month) override {
    return call([&]() -> Result<std::vector<MonthFigures>> {
      const std::string doing = "count the figures";
      const auto first = month_index(from_month), last = month_index(to_month);
      if (!first || !last)
        return fail("hub_store.bad_month",
                    "A month for the figures is written YYYY-MM (such as 2026-03).");
      // Event dates are YYYY-MM-DD: every one of the range sorts at or after "from" and before
      // the month after "to".
      const std::string from = month_of_index(*first), until = month_of_index(*last + 1);
      const std::int64_t low = office_id.value_or(0),
                         high = office_id.value_or(std::numeric_limits<std::int64_t>::max());
      return transaction(*db_, doing, [&]() -> Result<std::vector<MonthFigures>> {
        auto profiles = run(Sql::figures_profiles, {low, high, from, until}, doing);
        if (!profiles) return std::unexpected(profiles.error());
        auto people = run(Sql::figures_people, {low, high, from, until}, doing);
        if (!people) return std::unexpected(people.error());
        return fold_figures(profiles->rows, people->rows);
      });
    });
  }

 private:
  // Every call holds the mutex (one connection per store) and starts on a ready session.
  template <typename F>
  auto call(F body) -> decltype(body()) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto r = db_->ready(); !r) return std::unexpected(r.error());
    return body();
  }
  Result<SqlResult> run(Sql s, std::initializer_list<P> params, std::string_view doing) {
    return db_->run(s, std::span<const P>(params.begin(), params.size()), doing);
  }
  // One statement as a whole call; a unique key taken already is `taken` (when it has a code).
  Result<SqlResult> locked(Sql s, std::initializer_list<P> params, std::string_view doing,
                           Error taken = {}) {
    return call([&]() -> Result<SqlResult> {
      auto r = run(s, params, doing);
      if (!r && !taken.code.empty() && db_->duplicate_key()) return std::unexpected(taken);
      return r;
    });
  }
  Result<void> change_device(const Result<SqlResult>& r, const DeviceId& id) {
    if (r && r->changed == 0)
      return fail("hub_store.unknown_device", "No kiosk with the device id " + device_id_text(id) +
                                                  " is enrolled at this hub.");
    return written(r);
  }

  Result<void> store_batch_in_transaction(std::span<const StoredRecord> items,
                                          std::vector<ItemOutcome>& outcomes) {
    // Every record of the batch is locked up front, in ascending key order; then its kiosks, in
    // ascending key order, before any seq is looked at: two different records under one kiosk's
    // seq at two hubs hold different record locks, and only the kiosk's lock keeps both from
    // finding the seq unused. Every caller takes its locks in this one order (tombstone takes a
    // single record lock), so locks alone never deadlock.
    std::set<std::int64_t> keys;
    std::set<std::int32_t> devices;
    for (const StoredRecord& item : items)
      if (seq_in_range(item.seq)) {
        keys.insert(record_lock_key(item.record_id));
        devices.insert(device_lock_key(item.device_id));
      }
    if (!keys.empty())
      if (auto r = run(Sql::lock_records, {int8_array(keys)}, "store the records"); !r)
        return std::unexpected(r.error());
    for (std::int32_t key : devices)
      if (auto r =
              run(Sql::lock_device, {kLockSpaceDevice, key}, "record the kiosk's sequence numbers");
          !r)
        return std::unexpected(r.error());

    std::map<DeviceId, std::vector<std::uint64_t>> seen;
    for (const StoredRecord& item : items) {
      if (!seq_in_range(item.seq)) {
        outcomes.push_back(
            {IngestStatus::Rejected, "hub_store.bad_seq: " + seq_out_of_range(item.seq)});
        continue;
      }
      std::string reason;
      auto status = store_one(item, reason);
      if (!status) return std::unexpected(status.error());
      outcomes.push_back({*status, std::move(reason)});
      seen[item.device_id].push_back(item.seq);
    }
    // One merge per run of consecutive seqs: an in-order batch of 500 touches one range row.
    for (const auto& [device_id, seqs] : seen)
      for (const SeqRange& run : runs_of(seqs))
        if (auto r = mark_seen(device_id, run); !r) return r;
    return {};
  }

  // With the record's advisory lock held (PostgreSQL), no other hub decides about the same
  // record_id meanwhile. The unique keys still have the last word: an insert that finds its key
  // taken (a profile link claimed by another record at this moment) changes nothing, and the
  // decision is made again on what is committed now.
  // Releasing (from quarantine): the item's seq was marked seen when it was quarantined, so only
  // a stored record holding it counts.
  Result<IngestStatus> store_one(const StoredRecord& item, std::string& reason,
                                 bool releasing = false) {
    const std::string doing = "store a record";
    for (int round = 0; round < 3; ++round) {
      auto facts =
          run(Sql::record_state,
              {item.record_id, item.record_version, item.token_hash, item.device_id, i64(item.seq)},
              doing);
      if (!facts) return std::unexpected(facts.error());
      const SqlRow& row = facts->rows.at(0);
      ItemState state;
      state.tombstoned = row.integer(0) != 0 || erased_in_ledger(item.record_id);
      if (!row.is_null(1)) row.blob(1, state.stored_hash.emplace());
      if (!row.is_null(2)) row.blob(2, state.token_owner.emplace());
      state.seq_seen = row.integer(3) != 0;
      const bool coded = row.integer(4) != 0;
      state.refused = item.quarantine_reason;
      if (releasing) {
        auto taken = run(Sql::seq_stored, {item.device_id, i64(item.seq)}, doing);
        if (!taken) return std::unexpected(taken.error());
        state.seq_seen = taken->rows.at(0).integer(0) != 0;
      }
      Decision d = decide(state, item.record_id, item.envelope_sha256);
      reason = std::move(d.reason);
      if (d.quarantine) {
        auto q = run(Sql::insert_quarantine,
                     {item.envelope_sha256, item.record_id, item.record_version, item.device_id,
                      i64(item.seq), item.envelope, item.record_json, reason, item.received_at_ms},
                     "quarantine a conflicting record");
        if (!q) return std::unexpected(q.error());
      }
      if (d.status != IngestStatus::Stored) return d.status;
      std::vector<P> values = {item.record_id,    item.record_version, item.device_id,
                               i64(item.seq),     item.envelope,       item.envelope_sha256,
                               item.record_json,  item.event_id,       item.form_id,
                               item.form_version, item.received_at_ms};
      if (d.claim_token) values.push_back(item.token_hash);
      auto r = db_->run(d.claim_token ? Sql::insert_record_and_token : Sql::insert_record, values,
                        doing);
      if (!r) return std::unexpected(r.error());
      if (r->changed == 1) {
        if (auto i = index(item.record_id, item.record_version, item.received_at_ms,
                           item.record_json, coded);
            !i)
          return std::unexpected(i.error());
        return IngestStatus::Stored;
      }
    }
    return fail("hub_store.busy",
                "The hub could not store a record: other hubs kept changing it "
                "at the same moment. Try again" +
                    db_->where() + ".");
  }

  // Adds the run to the kiosk's seen ranges, merged with the stored ranges it overlaps or touches;
  // nothing to write when it was seen already, as on every replay.
  Result<void> mark_seen(const DeviceId& device_id, const SeqRange& run_) {
    const std::string doing = "record the kiosk's sequence numbers";
    const std::uint64_t upper = run_.second == kMaxSeq ? kMaxSeq : run_.second + 1;
    auto touching = run(Sql::touching_ranges, {device_id, i64(run_.first), i64(upper)}, doing);
    if (!touching) return std::unexpected(touching.error());
    std::vector<SeqRange> ranges{run_};
    for (const SqlRow& row : touching->rows) ranges.push_back(range_from_row(row));
    const SeqRange merged = merge_ranges(ranges).at(0);  // all touch the run: one range
    if (touching->rows.size() == 1 && merged == ranges[1]) return {};
    const std::initializer_list<P> row = {device_id, i64(merged.first), i64(merged.second)};
    if (!touching->rows.empty())
      if (auto r = run(Sql::delete_ranges, row, doing); !r) return std::unexpected(r.error());
    return written(run(Sql::insert_range, row, doing));
  }

  // The record's row in the office's search index, unless a newer version is indexed already.
  // Without a context its recognition columns lack the map's tokens: the index then counts as
  // computed with no map, so the next use_index_context computes them all.
  // coded: whether the record has codings (false: they are not read).
  Result<void> index(const RecordId& record_id, std::int64_t version, std::int64_t received_at,
                     std::string_view record_json, bool coded = true) {
    const std::string doing = "index a record for the office's search";
    const auto context = context_.load();
    std::vector<std::string> uris;
    if (coded) {
      auto rows = each(run(Sql::codings_of_record, {record_id}, doing),
                       [](const SqlRow& r) { return r.text(1); });
      if (!rows) return std::unexpected(rows.error());
      uris = std::move(*rows);
    }
    const RecordIndex i = index_record(record_json, context.get(), uris);
    if (!context)
      if (auto r = run(Sql::forget_state, {kIndexMapState}, doing); !r)
        return std::unexpected(r.error());
    const RecognitionTokens& t = i.recognition;
    return written(run(Sql::upsert_index,
                       {record_id, version, received_at, i.event_id, i.event_name, i.event_date,
                        i.country, i.occupations, i.languages,
                        std::int64_t{i.wants_advice ? 1 : 0}, i.search_text, t.isco_majors,
                        t.regulated, t.procedures, t.bodies},
                       doing));
  }

  // The recognition columns of indexed rows (record_id, version, record_json) again, with their
  // codings (record_id, esco_uri, in record order).
  Result<void> reindex_rows(const std::vector<SqlRow>& rows, const std::vector<SqlRow>& codings,
                            const IndexContext* context, std::string_view doing) {
    std::size_t c = 0;
    for (const SqlRow& row : rows) {
      std::vector<std::string> coded;
      while (c < codings.size() && codings[c].text(0) < row.text(0)) ++c;
      for (; c < codings.size() && codings[c].text(0) == row.text(0); ++c)
        coded.push_back(codings[c].text(1));
      const RecognitionTokens t = index_recognition(row.text(2), context, coded);
      const std::string_view id = row.text(0);
      if (auto r = run(Sql::update_recognition_columns,
                       {Bytes(id.begin(), id.end()), row.integer(1), t.isco_majors, t.regulated,
                        t.procedures, t.bodies},
                       doing);
          !r)
        return std::unexpected(r.error());
    }
    return {};
  }

  // Whether the ledger names the record: a database restored while the hub runs (PostgreSQL)
  // may hold it again before the next start erases it.
  bool erased_in_ledger(const RecordId& record_id) const {
    const auto ledger = ledger_.load();
    return ledger && ledger->contains(record_id);
  }

  std::unique_ptr<SqlSession> db_;
  std::mutex mutex_;
  std::atomic<std::shared_ptr<ErasureLedger>> ledger_;  // set at start; read by every call
  std::atomic<std::shared_ptr<const IndexContext>> context_;  // set by the hub; read by index()
};

}  // namespace

std::span<const SqlText> hub_statements() { return kStatements; }

Error store_error(Fault fault, std::string_view doing, std::string_view where,
                  std::string_view detail) {
  // Per Fault, in its order: the code, and the words before and after what the hub was doing.
  static constexpr struct {
    const char *code, *before, *after;
  } kFaults[] = {
      {"hub_store.write_failed", "The hub could not ",
       ": the disk of its database is full or failing. Nothing already acknowledged was lost; "
       "free some space and the kiosks will send again"},
      {"hub_store.read_only", "The hub could not ",
       ": its database cannot be written (a read-only file or folder, wrong permissions, no "
       "rights on the hub's tables, or a read-only standby server)"},
      {"hub_store.corrupt", "The hub's database is damaged, so the hub could not ",
       ". It was left as it is: restore the latest backup or call support"},
      {"hub_store.busy", "The hub could not ",
       ": another program holds its database. Try again; if it keeps happening, stop the other "
       "program (or the stuck session on the database server)"},
      {"hub_store.failed", "The hub could not ", ": the data broke a rule of the database"},
      {"hub_store.unreachable", "The hub lost its connection to its database, so it could not ",
       ". Nothing already acknowledged was lost: check that the database server runs and can be "
       "reached; the hub connects again on its next call and the kiosks send again"},
      {"hub_store.failed", "The hub could not ", ""},
  };
  const auto& f = kFaults[static_cast<std::size_t>(fault)];
  return {f.code, f.before + std::string(doing) + f.after + std::string(where) + ". [" +
                      std::string(detail) + "]"};
}

Error newer_schema(int version, std::string_view where) {
  return {"hub_store.newer_schema",
          "The hub's database was made by a newer Sichtbar hub (schema " + std::to_string(version) +
              ", this hub knows up to " + std::to_string(kHubSchemaVersion) +
              "). It was left as it is: update the hub; never run an older hub on it" +
              std::string(where) + "."};
}

Error no_schema(std::string_view where) {
  return {"hub_store.no_schema",
          "The hub's database has no hub tables: it is new, empty or not the "
          "hub's" +
              std::string(where) + ". It was left as it is."};
}

std::vector<std::string> hub_migrations(Dialect dialect) {
  std::vector<std::string> out;
  for (std::size_t v = 0; v < std::size(kMigrations); ++v) {
    std::string sql = kMigrations[v];
    if (dialect == Dialect::Postgres) {
      for (const auto& [from, to] : kPostgresTypes) replace_all(sql, from, to);
      sql += kPostgresExtra[v];
    }
    // Each migration ends by recording the version it brings the schema to.
    const std::string next = std::to_string(v + 1);
    if (dialect == Dialect::Sqlite)
      sql += "PRAGMA application_id=" + std::to_string(kHubApplicationId) +
             "; PRAGMA user_version=" + next + ";";
    else
      sql += "INSERT INTO sichtbar_schema(application, version) VALUES ('" +
             std::string(kSchemaOwner) + "', " + next +
             ") ON CONFLICT (application) DO UPDATE SET version = EXCLUDED.version;";
    out.push_back(std::move(sql));
  }
  return out;
}

std::string dollar_placeholders(std::string_view sql) {
  std::string out(sql);
  for (std::size_t at = out.find('?'); at != std::string::npos; at = out.find('?', at + 1))
    if (at + 1 < out.size() && out[at + 1] >= '0' && out[at + 1] <= '9') out[at] = '$';
  return out;
}

Result<std::unique_ptr<HubStore>> make_sql_hub_store(std::unique_ptr<SqlSession> session,
                                                     NewDatabase if_new) {
  if (auto r = migrate(*session, if_new); !r) return std::unexpected(r.error());
  if (auto r = session->prepare(); !r) return std::unexpected(r.error());
  auto store = std::make_unique<SqlHubStore>(std::move(session));
  if (auto r = store->index_unindexed(); !r) return std::unexpected(r.error());
  return std::unique_ptr<HubStore>(std::move(store));
}

}  // namespace sichtbar::hub
