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
#include "base/text.h"
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
    R"sql(
    -- Counselling offices, each the controller of the profiles its kiosks collect. The first is
    -- every kiosk's, event's, login's and person's of a hub from before offices; its administrator
    -- gives it its real name and settings.
    CREATE TABLE offices(
      id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, contact TEXT NOT NULL,
      data_protection_officer TEXT NOT NULL, supervisory_authority TEXT NOT NULL,
      retention_days INT NOT NULL, updated_at INTEGER NOT NULL
    );
    INSERT INTO offices(id, name, contact, data_protection_officer, supervisory_authority,
      retention_days, updated_at) VALUES (1, 'Beratungsstelle', '', '', '', 730, 0);
    ALTER TABLE devices ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE enroll_tokens ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE office_users ADD COLUMN role TEXT NOT NULL DEFAULT 'administrator';
    ALTER TABLE office_users ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
    -- Events, made from the first record that names one, owned by the office of its kiosk.
    CREATE TABLE events(
      event_id TEXT PRIMARY KEY, name TEXT NOT NULL, event_date TEXT NOT NULL,
      office_id INTEGER NOT NULL, first_seen INTEGER NOT NULL
    );
    CREATE INDEX events_office ON events(office_id, event_date);
    -- People: one or more profiles (record_index.person_id) staff linked as the same person, and
    -- what the work lists need of the newest one. Personal data: erased with the person.
    CREATE TABLE persons(
      id INTEGER PRIMARY KEY AUTOINCREMENT, office_id INTEGER NOT NULL,
      last_activity INTEGER NOT NULL, newest_record BLOB NULL, wishes TEXT NOT NULL
    );
    CREATE INDEX persons_office_activity ON persons(office_id, last_activity);
    -- Per record: its office (the search's office filter), its person, the wishes of its newest
    -- version (" job recognition_advice ") and the keys duplicate suggestions compare. A record
    -- of a migrated hub gets its person when the hub opens (person_id 0 until then).
    ALTER TABLE record_index ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE record_index ADD COLUMN person_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE record_index ADD COLUMN wishes TEXT NOT NULL DEFAULT '';
    ALTER TABLE record_index ADD COLUMN match_keys TEXT NOT NULL DEFAULT '';
    CREATE INDEX record_index_person ON record_index(person_id, received_at);
    CREATE INDEX record_index_event ON record_index(event_id);
    CREATE INDEX record_index_office ON record_index(office_id, received_at);
    -- A person's case (at most one) and its history; erased with the person. wishes: the
    -- person's (its newest profile's), kept here too so the work list by wish reads cases only.
    CREATE TABLE cases(
      person_id INTEGER PRIMARY KEY, office_id INTEGER NOT NULL, stage TEXT NOT NULL,
      assigned_to TEXT NOT NULL, next_action TEXT NOT NULL, next_action_date TEXT NOT NULL,
      competent_body TEXT NOT NULL, decision TEXT NOT NULL, outcome TEXT NOT NULL,
      opened_by TEXT NOT NULL, opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      revision INTEGER NOT NULL, wishes TEXT NOT NULL
    );
    -- wishes at the end: the count of a work list by wish reads this index only.
    CREATE INDEX cases_office_stage ON cases(office_id, stage, updated_at, wishes);
    CREATE INDEX cases_office_next ON cases(office_id, next_action_date);
    CREATE INDEX cases_office_updated ON cases(office_id, updated_at);
    CREATE INDEX cases_assigned ON cases(assigned_to, updated_at);
    CREATE TABLE case_entries(
      id INTEGER PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, at INTEGER NOT NULL,
      author TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL
    );
    CREATE INDEX case_entries_person ON case_entries(person_id, id);
    -- Two profiles staff said are different people (record_a < record_b); erased with either.
    CREATE TABLE different_pairs(
      record_a BLOB NOT NULL CHECK (length(record_a) = 16),
      record_b BLOB NOT NULL CHECK (length(record_b) = 16), marked_by TEXT NOT NULL,
      marked_at INTEGER NOT NULL, PRIMARY KEY (record_a, record_b), CHECK (record_a < record_b)
    );
    CREATE INDEX different_pairs_b ON different_pairs(record_b);
    -- Audit entries about a record or a person go with the person (erase_person).
    CREATE INDEX audit_log_subject ON audit_log(subject);
    -- The figures (FiguresStore) count from this index alone, never reading a record's wide row:
    -- an office's profiles by event date, and its people by their earliest profile.
    CREATE INDEX record_index_office_person ON record_index(office_id, person_id, event_date);
    )sql",
    R"sql(
    -- The event date of each person's first profile (the earliest of its profiles' event dates),
    -- kept when profiles come, are linked, taken apart or erased: the figures count people by its
    -- month from the persons alone instead of grouping every profile of the office by person.
    ALTER TABLE persons ADD COLUMN first_event_date TEXT NOT NULL DEFAULT '';
    UPDATE persons SET first_event_date = coalesce((SELECT min(i.event_date) FROM record_index i
      WHERE i.person_id = persons.id), '');
    CREATE INDEX persons_office_first ON persons(office_id, first_event_date);
    -- The work list's tab counts (count_cases) read this index only: an office's cases by stage
    -- with what the "overdue", "mine" and wish tabs look at.
    CREATE INDEX cases_office_counts ON cases(office_id, stage, next_action_date, assigned_to,
      wishes);
    )sql",
    R"sql(
    -- The consent texts the hub hashed from each office's settings (ConsentTextBook), kept so
    -- that a record a kiosk made with settings the office has changed since still passes after
    -- a restart. Hashes of public texts, no personal data; never deleted.
    CREATE TABLE consent_texts(
      office_id INTEGER NOT NULL, form_id TEXT NOT NULL, form_version INT NOT NULL,
      language TEXT NOT NULL, sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      PRIMARY KEY (office_id, form_id, form_version, language, sha256)
    );
    )sql",
    R"sql(
    -- The "overdue" and "mine" work lists in their own order, the person last: PostgreSQL's
    -- indexes end at the date and at the time of the change, so it read and sorted every overdue
    -- case of the office (every case of the login) to find a page of 50 when many share a day.
    -- (SQLite's indexes end with the rowid, the person, already: the same order as before.)
    DROP INDEX cases_office_next;
    CREATE INDEX cases_office_due ON cases(office_id, next_action_date, person_id);
    DROP INDEX cases_assigned;
    CREATE INDEX cases_assigned_order ON cases(assigned_to, updated_at, person_id);
    -- The administrator's lists of every office (no office to lead): without these, all, overdue,
    -- a stage and a wish read and sorted every case of the hub for a page of 50.
    CREATE INDEX cases_updated ON cases(updated_at, person_id);
    CREATE INDEX cases_due ON cases(next_action_date, person_id);
    CREATE INDEX cases_stage_updated ON cases(stage, updated_at, person_id);
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
    // The first office was inserted with its id: the next one must not be given it again.
    "SELECT setval(pg_get_serial_sequence('offices', 'id'), 1);",
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
    {"INSERT INTO devices(device_id, sign_public, name, enrolled_at, revoked_at, office_id) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
    {"SELECT device_id, sign_public, name, enrolled_at, revoked_at, office_id FROM devices "
     "WHERE device_id = ?1"},
    {"SELECT device_id, sign_public, name, enrolled_at, revoked_at, office_id FROM devices "
     "ORDER BY enrolled_at, device_id"},
    {"UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE device_id = ?1"},
    {"UPDATE devices SET revoked_at = NULL, name = ?3, enrolled_at = ?4, office_id = ?5 "
     "WHERE device_id = ?1 AND sign_public = ?2 AND revoked_at IS NOT NULL"},
    {"UPDATE devices SET last_seen_at = ?2 WHERE device_id = ?1"},
    {"SELECT last_seen_at FROM devices WHERE device_id = ?1"},
    // Records: everything decide() needs, in one round trip.
    // Whether the kiosk's seq ?5 was seen: the range starting at or before it, by the key.
    {"SELECT EXISTS (SELECT 1 FROM tombstones WHERE record_id = ?1), "
     "(SELECT envelope_sha256 FROM records WHERE record_id = ?1 AND version = ?2), "
     "(SELECT record_id FROM profile_tokens WHERE token_hash = ?3), "
     "EXISTS (SELECT 1 FROM (SELECT last_seq FROM device_seq_ranges WHERE device_id = ?4 AND "
     "first_seq <= ?5 ORDER BY first_seq DESC LIMIT 1) AS s WHERE s.last_seq >= ?5), "
     "EXISTS (SELECT 1 FROM occupation_codings WHERE record_id = ?1), "
     "(SELECT person_id FROM record_index WHERE record_id = ?1)"},
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
     "regulated, procedures, bodies, office_id, person_id, wishes, match_keys) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
     "?19) "
     "ON CONFLICT (record_id) DO UPDATE "
     "SET version = EXCLUDED.version, received_at = EXCLUDED.received_at, "
     "event_id = EXCLUDED.event_id, event_name = EXCLUDED.event_name, "
     "event_date = EXCLUDED.event_date, country = EXCLUDED.country, "
     "occupations = EXCLUDED.occupations, languages = EXCLUDED.languages, "
     "wants_advice = EXCLUDED.wants_advice, search_text = EXCLUDED.search_text, "
     "isco_majors = EXCLUDED.isco_majors, regulated = EXCLUDED.regulated, "
     "procedures = EXCLUDED.procedures, bodies = EXCLUDED.bodies, wishes = EXCLUDED.wishes, "
     "match_keys = EXCLUDED.match_keys WHERE EXCLUDED.version > record_index.version"},
    // Records stored before the index existed (a database of schema 1): their newest versions.
    {"SELECT r.record_id, r.version, r.received_at, r.record_json FROM records r "
     "WHERE NOT EXISTS (SELECT 1 FROM record_index i WHERE i.record_id = r.record_id) "
     "AND r.version = (SELECT max(version) FROM records v WHERE v.record_id = r.record_id)"},
    // PostgreSQL's transaction advisory locks (nothing to do on SQLite: one process owns the
    // file). Records by key: unnest keeps the sorted array's order, so every caller takes its
    // locks in ascending order and two cannot deadlock on them. A kiosk's sequence ranges.
    {"", "SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::int8[]) AS k"},
    {"", "SELECT pg_advisory_xact_lock($1::int4, $2::int4)"},
    // People (ascending keys, in the two-int4 form's space ?1): whoever changes which profiles,
    // case or notes a person has holds its lock, so a link never works on a person another call
    // is merging away, taking apart or opening a case for.
    {"", "SELECT count(pg_advisory_xact_lock($1::int4, k)) FROM unnest($2::int4[]) AS k"},
    // Office users and the audit log.
    {"INSERT INTO office_users(name, password_hash, created_at, role, office_id) "
     "VALUES (?1, ?2, ?3, ?4, ?5)"},
    {"SELECT name, password_hash, created_at, role, office_id FROM office_users WHERE name = ?1"},
    {"SELECT name, password_hash, created_at, role, office_id FROM office_users ORDER BY name"},
    {"DELETE FROM office_users WHERE name = ?1"},
    {"INSERT INTO audit_log(at, user_name, action, subject, reason) VALUES (?1, ?2, ?3, ?4, ?5)"},
    {"SELECT at, user_name, action, subject, reason FROM audit_log ORDER BY id DESC LIMIT ?1"},
    // The filter's choices, of one office's records (?1) or of all (0).
    {"SELECT event_id, event_name, event_date, count(*) FROM record_index "
     "WHERE ?1 = 0 OR office_id = ?1 "
     "GROUP BY event_id, event_name, event_date ORDER BY event_date DESC, event_name"},
    {"SELECT DISTINCT country FROM record_index WHERE country <> '' AND (?1 = 0 OR office_id = ?1) "
     "ORDER BY country"},
    {"SELECT DISTINCT occupations FROM record_index WHERE ?1 = 0 OR office_id = ?1"},
    {"SELECT DISTINCT languages FROM record_index WHERE ?1 = 0 OR office_id = ?1"},
    // Enrollment tokens.
    {"INSERT INTO enroll_tokens(token_hash, expires_at, office_id) VALUES (?1, ?2, ?3)"},
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
    // Offices, their logins and kiosks, events. An office id ?1 of 0 stands for every office.
    {"INSERT INTO offices(name, contact, data_protection_officer, supervisory_authority, "
     "retention_days, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"},
    {"UPDATE offices SET name = ?2, contact = ?3, data_protection_officer = ?4, "
     "supervisory_authority = ?5, retention_days = ?6, updated_at = ?7 WHERE id = ?1"},
    {"SELECT id, name, contact, data_protection_officer, supervisory_authority, retention_days, "
     "updated_at FROM offices WHERE id = ?1"},
    {"SELECT id, name, contact, data_protection_officer, supervisory_authority, retention_days, "
     "updated_at FROM offices ORDER BY id"},
    {"SELECT EXISTS (SELECT 1 FROM offices WHERE id = ?1)"},
    {"UPDATE office_users SET role = ?2, office_id = ?3 WHERE name = ?1"},
    {"UPDATE devices SET office_id = ?2 WHERE device_id = ?1"},
    {"SELECT e.event_id, e.name, e.event_date, e.office_id, e.first_seen, "
     "(SELECT count(*) FROM record_index i WHERE i.event_id = e.event_id) FROM events e "
     "WHERE ?1 = 0 OR e.office_id = ?1 ORDER BY e.event_date DESC, e.name, e.event_id"},
    // An event named for the first time is the office's whose consent its first record names
    // (?6; 0: the office's of the kiosk that brought it).
    {"INSERT INTO events(event_id, name, event_date, office_id, first_seen) VALUES (?1, ?2, ?3, "
     "coalesce(nullif(CAST(?6 AS BIGINT), 0), (SELECT office_id FROM devices WHERE device_id = "
     "?4), 1), ?5) "
     "ON CONFLICT (event_id) DO NOTHING"},
    // People. A new record's person is its event's office's (its kiosk's without an event).
    {"INSERT INTO persons(office_id, last_activity, newest_record, wishes) VALUES ("
     "coalesce((SELECT office_id FROM events WHERE event_id = ?1), "
     "(SELECT office_id FROM devices WHERE device_id = ?2), 1), ?3, ?4, ?5) "
     "RETURNING id, office_id"},
    // The newest profile (what the work lists show and filter by), the activity it brings and
    // the first profile's event date (the figures' month of the person). In one round trip on
    // PostgreSQL; the case's copy of the wishes too.
    {"UPDATE persons SET (newest_record, wishes, last_activity) = (SELECT i.record_id, i.wishes, "
     "CASE WHEN i.received_at > persons.last_activity THEN i.received_at "
     "ELSE persons.last_activity END FROM record_index i WHERE i.person_id = ?1 "
     "ORDER BY i.received_at DESC, i.record_id DESC LIMIT 1), first_event_date = coalesce(("
     "SELECT min(f.event_date) FROM record_index f WHERE f.person_id = ?1), '') WHERE id = ?1;\n"
     "UPDATE cases SET wishes = (SELECT p.wishes FROM persons p WHERE p.id = ?1) "
     "WHERE person_id = ?1",
     "WITH u AS (UPDATE persons SET (newest_record, wishes, last_activity) = (SELECT i.record_id, "
     "i.wishes, CASE WHEN i.received_at > persons.last_activity THEN i.received_at "
     "ELSE persons.last_activity END FROM record_index i WHERE i.person_id = $1 "
     "ORDER BY i.received_at DESC, i.record_id DESC LIMIT 1), first_event_date = coalesce(("
     "SELECT min(f.event_date) FROM record_index f WHERE f.person_id = $1), '') WHERE id = $1 "
     "RETURNING id, wishes) UPDATE cases SET wishes = u.wishes FROM u WHERE cases.person_id = u.id"},
    {"UPDATE persons SET last_activity = CASE WHEN ?2 > last_activity THEN ?2 "
     "ELSE last_activity END WHERE id = ?1"},
    {"SELECT id, office_id, last_activity FROM persons WHERE id = ?1"},
    {"SELECT person_id FROM record_index WHERE record_id = ?1"},
    // A person's profiles, oldest first (by when their first version arrived).
    {"SELECT i.record_id FROM record_index i WHERE i.person_id = ?1 ORDER BY "
     "(SELECT min(r.received_at) FROM records r WHERE r.record_id = i.record_id), i.record_id"},
    {"SELECT count(*) FROM record_index WHERE person_id = ?1"},
    {"DELETE FROM persons WHERE id = ?1"},
    // Records without a person (a migrated hub), oldest first, with what their person needs.
    {"SELECT i.record_id, i.received_at, r.record_json, r.device_id FROM record_index i "
     "JOIN records r ON r.record_id = i.record_id AND r.version = i.version "
     "WHERE i.person_id = 0 ORDER BY i.received_at, i.record_id"},
    {"UPDATE record_index SET person_id = ?2, office_id = ?3, wishes = ?4, match_keys = ?5 "
     "WHERE record_id = ?1"},
    // Cases: opened once (nothing when the person has one), changed only from the revision the
    // change was made on.
    // With its "opened" entry (?4 its text), in one round trip on PostgreSQL; one changed row:
    // opened.
    {"INSERT INTO cases(person_id, office_id, stage, assigned_to, next_action, "
     "next_action_date, competent_body, decision, outcome, opened_by, opened_at, updated_at, "
     "revision, wishes) "
     "SELECT id, office_id, 'new', '', '', '', '', '', '', CAST(?2 AS TEXT), CAST(?3 AS BIGINT), "
     "CAST(?3 AS BIGINT), 0, wishes FROM persons WHERE id = ?1 ON CONFLICT (person_id) DO NOTHING;\n"
     "INSERT INTO case_entries(person_id, at, author, kind, text) "
     "SELECT ?1, ?3, ?2, 'opened', ?4 WHERE changes() = 1",
     "WITH c AS (INSERT INTO cases(person_id, office_id, stage, assigned_to, next_action, "
     "next_action_date, competent_body, decision, outcome, opened_by, opened_at, updated_at, "
     "revision, wishes) "
     "SELECT id, office_id, 'new', '', '', '', '', '', '', $2::text, $3::int8, $3::int8, 0, "
     "wishes FROM persons WHERE id = $1::int8 ON CONFLICT (person_id) DO NOTHING "
     "RETURNING person_id) INSERT INTO case_entries(person_id, at, author, kind, text) "
     "SELECT person_id, $3::int8, $2::text, 'opened', $4::text FROM c"},
    {"SELECT person_id, office_id, stage, assigned_to, next_action, next_action_date, "
     "competent_body, decision, outcome, opened_by, opened_at, updated_at, revision FROM cases "
     "WHERE person_id = ?1"},
    {"UPDATE cases SET stage = ?2, assigned_to = ?3, next_action = ?4, next_action_date = ?5, "
     "competent_body = ?6, decision = ?7, outcome = ?8, updated_at = ?9, "
     "revision = revision + 1 WHERE person_id = ?1 AND revision = ?10"},
    {"DELETE FROM cases WHERE person_id = ?1"},
    {"INSERT INTO case_entries(person_id, at, author, kind, text) VALUES (?1, ?2, ?3, ?4, ?5) "
     "RETURNING id"},
    {"SELECT id, person_id, at, author, kind, text FROM case_entries WHERE person_id = ?1 "
     "ORDER BY id DESC"},
    {"DELETE FROM case_entries WHERE person_id = ?1"},
    // Linking: the profiles, case and entries of person ?2 become ?1's.
    {"UPDATE record_index SET person_id = ?1 WHERE person_id = ?2"},
    {"UPDATE cases SET person_id = ?1 WHERE person_id = ?2"},
    {"UPDATE case_entries SET person_id = ?1 WHERE person_id = ?2"},
    {"UPDATE record_index SET person_id = ?2 WHERE record_id = ?1"},
    // Marks "different", of one office (the first record's) or all.
    {"INSERT INTO different_pairs(record_a, record_b, marked_by, marked_at) "
     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (record_a, record_b) DO NOTHING"},
    {"SELECT d.record_a, d.record_b FROM different_pairs d JOIN record_index i "
     "ON i.record_id = d.record_a WHERE ?1 = 0 OR i.office_id = ?1 "
     "ORDER BY d.record_a, d.record_b"},
    {"DELETE FROM different_pairs WHERE record_a = ?1 OR record_b = ?1"},
    {"SELECT record_id, person_id, match_keys FROM record_index WHERE ?1 = 0 OR office_id = ?1 "
     "ORDER BY record_id"},
    {"SELECT id FROM persons WHERE office_id = ?1 AND last_activity < ?2 "
     "ORDER BY last_activity, id LIMIT ?3"},
    {"DELETE FROM audit_log WHERE subject = ?1"},
    {"UPDATE persons SET office_id = (SELECT o.office_id FROM persons o WHERE o.id = ?2) "
     "WHERE id = ?1"},
    // A new record's person, its index row and, when ?21 = 1, its case with the "opened" entry,
    // at once (one round trip on PostgreSQL): the index's columns ?1..?17 as upsert_index without
    // office and person, ?18 the kiosk, ?19 who opened the case, ?20 the entry's text, ?22 the
    // office whose consent the record names (0: its event's, else its kiosk's).
    {"INSERT INTO persons(office_id, last_activity, newest_record, wishes, first_event_date) "
     "VALUES (coalesce(nullif(?22, 0), (SELECT office_id FROM events WHERE event_id = ?4), "
     "(SELECT office_id FROM devices WHERE device_id = ?18), 1), ?3, ?1, ?16, ?6);\n"
     "INSERT INTO record_index(record_id, version, received_at, event_id, event_name, "
     "event_date, country, occupations, languages, wants_advice, search_text, isco_majors, "
     "regulated, procedures, bodies, office_id, person_id, wishes, match_keys) "
     "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, p.office_id, p.id, "
     "?16, ?17 FROM persons p WHERE p.id = last_insert_rowid();\n"
     "INSERT INTO cases(person_id, office_id, stage, assigned_to, next_action, "
     "next_action_date, competent_body, decision, outcome, opened_by, opened_at, updated_at, "
     "revision, wishes) SELECT p.id, p.office_id, 'new', '', '', '', '', '', '', ?19, ?3, ?3, 0, "
     "p.wishes FROM persons p WHERE p.id = (SELECT person_id FROM record_index "
     "WHERE record_id = ?1) AND ?21 = 1;\n"
     "INSERT INTO case_entries(person_id, at, author, kind, text) SELECT person_id, ?3, ?19, "
     "'opened', ?20 FROM record_index WHERE record_id = ?1 AND changes() = 1",
     "WITH p AS (INSERT INTO persons(office_id, last_activity, newest_record, wishes, "
     "first_event_date) VALUES (coalesce(nullif($22::int8, 0), (SELECT office_id FROM events "
     "WHERE event_id = $4::text), (SELECT office_id FROM devices WHERE device_id = $18::bytea), "
     "1), $3::int8, "
     "$1::bytea, $16::text, $6::text) RETURNING id, office_id, wishes), "
     "i AS (INSERT INTO record_index(record_id, version, received_at, event_id, event_name, "
     "event_date, country, occupations, languages, wants_advice, search_text, isco_majors, "
     "regulated, procedures, bodies, office_id, person_id, wishes, match_keys) "
     "SELECT $1::bytea, $2::int8, $3::int8, $4::text, $5::text, $6::text, $7::text, $8::text, "
     "$9::text, $10::int4, $11::text, $12::text, $13::text, $14::text, $15::text, p.office_id, "
     "p.id, $16::text, $17::text FROM p), "
     "c AS (INSERT INTO cases(person_id, office_id, stage, assigned_to, next_action, "
     "next_action_date, competent_body, decision, outcome, opened_by, opened_at, updated_at, "
     "revision, wishes) SELECT p.id, p.office_id, 'new', '', '', '', '', '', '', $19::text, "
     "$3::int8, $3::int8, 0, p.wishes FROM p WHERE $21::int4 = 1 RETURNING person_id) "
     "INSERT INTO case_entries(person_id, at, author, kind, text) "
     "SELECT person_id, $3::int8, $19::text, 'opened', $20::text FROM c"},
    {"SELECT office_id FROM enroll_tokens WHERE token_hash = ?1"},
    // The figures (FiguresStore): offices ?1..?2 (one, or all), event dates in [?3, ?4). The
    // profiles by the month of their event; the people by the month of their first profile's
    // event (kept in persons), grouped by what the figures count of them (wishes, their case's
    // stage, decision and outcome), so a month returns a few rows however many people it had.
    {"SELECT office_id, substr(event_date, 1, 7), count(*) FROM record_index "
     "WHERE office_id BETWEEN ?1 AND ?2 AND event_date >= ?3 AND event_date < ?4 "
     "GROUP BY office_id, substr(event_date, 1, 7)"},
    {"SELECT p.office_id, substr(p.first_event_date, 1, 7), p.wishes, c.stage, c.decision, "
     "c.outcome, count(*) FROM persons p LEFT JOIN cases c ON c.person_id = p.id "
     "WHERE p.office_id BETWEEN ?1 AND ?2 AND p.first_event_date >= ?3 "
     "AND p.first_event_date < ?4 "
     "GROUP BY p.office_id, substr(p.first_event_date, 1, 7), p.wishes, c.stage, c.decision, "
     "c.outcome"},
    // Schema 7: the consent texts the hub hashed.
    {"INSERT INTO consent_texts(office_id, form_id, form_version, language, sha256) "
     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING"},
    {"SELECT office_id, form_id, form_version, language, sha256 FROM consent_texts "
     "ORDER BY office_id, form_id, form_version, language, sha256"},
};
static_assert(std::size(kStatements) == static_cast<std::size_t>(Sql::count_));

using P = SqlParam;

// What erasure deletes of a record, in this order: every row that holds its data.
constexpr Sql kErasedWithRecord[] = {Sql::delete_records, Sql::delete_quarantine,
                                     Sql::delete_tokens, Sql::delete_index, Sql::delete_codings,
                                     Sql::delete_marks};
// hub_state's name for the sha256 (hex) of the recognition map the index was computed with.
constexpr std::string_view kIndexMapState = "index_recognition_map";
// Its value while a run for a map is under way: this, the map's sha256, ':' and the hex of the
// last record id indexed (never equal to a map's sha256, so the next run indexes the rest).
constexpr std::string_view kIndexPartialState = "partial:";
// Records per transaction when the index is computed again.
constexpr std::size_t kReindexChunk = 500;
// Who opened a case that a profile's wish opened at ingest (Case::opened_by).
constexpr std::string_view kIngestOpener = "(ingest)";
// What the statements that take an office take for "every office" (ids start at 1).
constexpr std::int64_t kAllOffices = 0;
std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

// The advisory lock keys. Records lock with the one-bigint form (a record's first 8 random
// bytes), kiosks with the two-int4 form (kLockSpaceDevice and its first 4), people with it too
// (kLockSpacePerson and the id's low 32 bits), whose key spaces PostgreSQL keeps apart. A clash
// of two keys only makes two calls wait for each other. A call takes them in this order:
// records, kiosks, people.
constexpr std::int32_t kLockSpaceDevice = 0x53424844;  // "SBHD"
constexpr std::int32_t kLockSpacePerson = 0x53424850;  // "SBHP"
std::int64_t record_lock_key(const RecordId& id) {
  return static_cast<std::int64_t>(get_be(id.data(), 8));
}
std::int32_t device_lock_key(const DeviceId& id) {
  return static_cast<std::int32_t>(get_be(id.data(), 4));
}
std::int32_t person_lock_key(std::int64_t person_id) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(person_id));
}
// "{1,2,3}": the keys, in ascending order, as an int8[] or int4[] parameter in text format.
template <typename Key = std::int64_t>
std::string int_array(const std::set<Key>& keys) {
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
  d.office_id = r.integer(5);
  return d;
}
SeqRange range_from_row(const SqlRow& r) {
  return {static_cast<std::uint64_t>(r.integer(0)), static_cast<std::uint64_t>(r.integer(1))};
}
OfficeUser user_from_row(const SqlRow& r) {
  // A role this hub does not know (written by a newer one) may do the least.
  return {r.text(0), r.text(1), r.integer(2),
          office_role_from_name(r.text(3)).value_or(OfficeRole::statistics), r.integer(4)};
}
Office office_from_row(const SqlRow& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4),
          static_cast<std::int32_t>(r.integer(5)), r.integer(6)};
}
Event stored_event_from_row(const SqlRow& r) {
  return {r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4),
          static_cast<std::uint64_t>(r.integer(5))};
}
// A case as the statements list its columns (person_id ... revision), from column `at` on.
Case case_from_row(const SqlRow& r, int at = 0) {
  Case c;
  c.person_id = r.integer(at);
  c.office_id = r.integer(at + 1);
  c.stage = case_stage_from_name(r.text(at + 2)).value_or(CaseStage::fresh);
  c.assigned_to = r.text(at + 3);
  c.next_action = r.text(at + 4);
  c.next_action_date = r.text(at + 5);
  c.competent_body = r.text(at + 6);
  c.decision = r.text(at + 7);
  c.outcome = r.text(at + 8);
  c.opened_by = r.text(at + 9);
  c.opened_at_ms = r.integer(at + 10);
  c.updated_at_ms = r.integer(at + 11);
  c.revision = r.integer(at + 12);
  return c;
}
CaseEntry entry_from_row(const SqlRow& r) {
  return {r.integer(0), r.integer(1), r.integer(2), r.text(3), r.text(4), r.text(5)};
}
RecordId record_id_from_row(const SqlRow& r) {
  RecordId id{};
  r.blob(0, id);
  return id;
}
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
// transaction (a failed migration leaves nothing); a newer schema is refused, untouched. Returns
// the version it was at.
Result<int> migrate(SqlSession& db, NewDatabase if_new) {
  const std::string doing = "update its database";
  return transaction(db, doing, [&]() -> Result<int> {
    auto version = db.schema_version(doing);
    if (!version) return std::unexpected(version.error());
    if (*version == 0 && if_new == NewDatabase::refuse)
      return std::unexpected(no_schema(db.where()));
    if (*version > kHubSchemaVersion) return std::unexpected(newer_schema(*version, db.where()));
    const std::vector<std::string> migrations = hub_migrations(db.dialect());
    for (int v = *version; v < kHubSchemaVersion; ++v)
      if (auto r = db.exec(migrations[static_cast<std::size_t>(v)], doing); !r)
        return std::unexpected(r.error());
    return *version;
  });
}

class SqlHubStore final : public HubStore {
 public:
  SqlHubStore(std::unique_ptr<SqlSession> db, int opened_at_schema)
      : db_(std::move(db)), opened_at_schema_(opened_at_schema) {}
  int opened_at_schema() const override { return opened_at_schema_; }

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
        Sql::insert_device,
        {d.device_id, d.sign_public, d.name, d.enrolled_at_ms, d.revoked_at_ms, d.office_id},
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
  Result<void> reinstate_device(const Device& d) override {
    return change_device(locked(Sql::reinstate_device,
                                {d.device_id, d.sign_public, d.name, d.enrolled_at_ms, d.office_id},
                                "enroll the revoked kiosk again"),
                         d.device_id);
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
      auto r = retried("store the records", [&] {
        outcomes.clear();
        return store_batch_in_transaction(items, outcomes);
      });
      if (!r) return std::unexpected(r.error());
      return outcomes;
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
      auto made = retried(doing, [&]() -> Result<bool> {
        // The record's lock: a store_batch of the same record elsewhere either committed before
        // (and its rows are deleted here) or waits and then finds the tombstone.
        if (auto r = run(Sql::lock_records, {int_array({record_lock_key(record_id)})}, doing); !r)
          return std::unexpected(r.error());
        auto tomb = run(Sql::insert_tombstone, {record_id, reason, now_ms}, doing);
        if (!tomb) return std::unexpected(tomb.error());
        if (auto r = erase_rows(record_id, doing); !r) return std::unexpected(r.error());
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
      auto done = retried(doing, [&]() -> Result<void> {
        replay.erased_again = 0;
        if (!keys.empty())
          if (auto r = run(Sql::lock_records, {int_array(keys)}, doing); !r)
            return std::unexpected(r.error());
        for (const ErasedRecord& r : erased) {
          auto tomb = run(Sql::insert_tombstone,
                          {r.record_id, std::string_view("erasure ledger"), r.erased_at_ms}, doing);
          if (!tomb) return std::unexpected(tomb.error());
          if (tomb->changed == 0) continue;  // erased in this database already
          auto rows = erase_rows(r.record_id, doing);
          if (!rows) return std::unexpected(rows.error());
          if (*rows > 0) ++replay.erased_again;
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
                run(Sql::lock_records, {int_array({record_lock_key(record.record_id)})}, doing);
            !r)
          return std::unexpected(r.error());
        // The kiosk's lock too, in the order store_batch takes them: its seq is looked at.
        if (auto r =
                run(Sql::lock_device, {kLockSpaceDevice, device_lock_key(record.device_id)}, doing);
            !r)
          return std::unexpected(r.error());
        ItemOutcome outcome;
        events_made_.clear();
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
        locked(Sql::insert_user,
               {user.name, user.password_hash, user.created_at_ms, office_role_name(user.role),
                user.office_id},
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

  Result<RecordFacets> record_facets(std::optional<std::int64_t> office_id) override {
    return call([&]() -> Result<RecordFacets> {
      const std::int64_t office = office_id.value_or(kAllOffices);
      auto events = each(run(Sql::facet_events, {office}, "list the events"), event_from_row);
      if (!events) return std::unexpected(events.error());
      RecordFacets facets{std::move(*events), {}, {}, {}};
      std::vector<std::string>* out[] = {&facets.countries, &facets.occupations, &facets.languages};
      const Sql sql[] = {Sql::facet_countries, Sql::facet_occupations, Sql::facet_languages};
      for (int k = 0; k < 3; ++k) {
        auto codes = each(run(sql[k], {office}, "list the filter's choices"),
                          [](const SqlRow& r) { return r.text(0); });
        if (!codes) return std::unexpected(codes.error());
        *out[k] = k == 0 ? std::move(*codes) : split_codes(*codes);
      }
      return facets;
    });
  }

  Result<std::uint64_t> use_index_context(std::shared_ptr<const IndexContext> context, Reindex when,
                                          const std::function<bool()>& stop) override {
    const std::string doing = "index the records for the recognition map in use";
    // From now on every record stored is indexed with it; then the ones stored before.
    context_.store(context);
    auto made_with = first(locked(Sql::read_state, {kIndexMapState}, doing),
                           [](const SqlRow& r) { return r.text(0); });
    if (!made_with) return std::unexpected(made_with.error());
    if (!context || (when == Reindex::if_changed && *made_with == context->map_sha256)) return 0;
    // Chunks in key order, each a call of its own: the store is never held for long. Each
    // chunk leaves where it got to, so a run a stop cut short is taken up there by the next one
    // for the same map (the records stored meanwhile were indexed with it as they came; one
    // stored without a map forgets the state, and the next run starts from the first record).
    const std::string partial = std::string(kIndexPartialState) + context->map_sha256 + ":";
    Bytes after{0};  // before every record id
    if (when == Reindex::if_changed && *made_with && made_with->value().starts_with(partial))
      after = from_hex(std::string_view(**made_with).substr(partial.size())).value_or(after);
    std::uint64_t done = 0;
    for (;;) {
      if (stop && stop())
        return fail(std::string(kIndexStopped),
                    std::to_string(done) +
                        " records were indexed again for the recognition map in use before the "
                        "hub stopped; the next start indexes the rest");
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
          if (auto r = run(Sql::write_state, {kIndexMapState, partial + to_hex(after)}, doing); !r)
            return std::unexpected(r.error());
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

  // --- Offices, events ---------------------------------------------------------------------

  Result<std::int64_t> add_office(const Office& o) override {
    if (auto bad = check_office(o)) return std::unexpected(*bad);
    auto id = first(locked(Sql::insert_office,
                           {o.name, o.contact, o.data_protection_officer, o.supervisory_authority,
                            std::int64_t{o.retention_days}, o.updated_at_ms},
                           "add the office", office_exists(o.name)),
                    [](const SqlRow& r) { return r.integer(0); });
    if (!id) return std::unexpected(id.error());
    return id->value_or(0);
  }
  Result<void> update_office(const Office& o) override {
    if (auto bad = check_office(o)) return std::unexpected(*bad);
    auto r = locked(Sql::update_office,
                    {o.id, o.name, o.contact, o.data_protection_officer, o.supervisory_authority,
                     std::int64_t{o.retention_days}, o.updated_at_ms},
                    "change the office's settings", office_exists(o.name));
    if (r && r->changed == 0) return std::unexpected(unknown_office(o.id));
    return written(r);
  }
  Result<std::optional<Office>> find_office(std::int64_t office_id) override {
    return first(locked(Sql::find_office, {office_id}, "look up the office"), office_from_row);
  }
  Result<std::vector<Office>> list_offices() override {
    return each(locked(Sql::list_offices, {}, "list the offices"), office_from_row);
  }
  Result<void> set_user_role(std::string_view name, OfficeRole role,
                             std::int64_t office_id) override {
    return call([&]() -> Result<void> {
      const std::string doing = "change the login's role";
      if (auto known = office_known(office_id, doing); !known) return known;
      auto r = run(Sql::set_user_role, {name, office_role_name(role), office_id}, doing);
      if (r && r->changed == 0)
        return fail("hub_store.unknown_user",
                    "There is no office login named \"" + std::string(name) + "\".");
      return written(r);
    });
  }
  Result<void> move_device(const DeviceId& device_id, std::int64_t office_id) override {
    return call([&]() -> Result<void> {
      const std::string doing = "move the kiosk to the office";
      if (auto known = office_known(office_id, doing); !known) return known;
      return change_device(run(Sql::move_device, {device_id, office_id}, doing), device_id);
    });
  }
  Result<std::vector<Event>> list_events(std::optional<std::int64_t> office_id) override {
    return each(locked(Sql::list_events, {office_id.value_or(kAllOffices)}, "list the events"),
                stored_event_from_row);
  }
  Result<void> keep_consent_texts(std::span<const KeptConsentText> texts) override {
    return call([&]() -> Result<void> {
      const std::string doing = "keep the consent texts";
      return transaction(*db_, doing, [&]() -> Result<void> {
        for (const KeptConsentText& t : texts)
          if (auto r = run(Sql::keep_consent_text,
                           {t.office_id, t.form_id, std::int64_t{t.form_version}, t.language,
                            t.sha256},
                           doing);
              !r)
            return std::unexpected(r.error());
        return {};
      });
    });
  }
  Result<std::vector<KeptConsentText>> kept_consent_texts() override {
    return each(locked(Sql::kept_consent_texts, {}, "read the consent texts"),
                [](const SqlRow& r) {
                  return KeptConsentText{r.text(4), r.integer(0), r.text(3), r.text(1),
                                         static_cast<std::int32_t>(r.integer(2))};
                });
  }

  // --- People and cases --------------------------------------------------------------------

  Result<std::optional<PersonId>> person_of(const RecordId& record_id) override {
    if (erased_in_ledger(record_id)) return std::nullopt;
    return first(locked(Sql::person_of_record, {record_id}, "look up the record's person"),
                 [](const SqlRow& r) { return PersonId{r.integer(0)}; });
  }

  Result<std::optional<Person>> find_person(PersonId person_id) override {
    return call([&]() -> Result<std::optional<Person>> {
      return read_person(person_id, "read the person");
    });
  }

  Result<Case> open_case(PersonId person_id, std::string_view by, std::int64_t now_ms) override {
    return call([&]() -> Result<Case> {
      const std::string doing = "open the case";
      return retried(doing, [&]() -> Result<Case> {
        if (auto r = lock_people({person_id}, doing); !r) return std::unexpected(r.error());
        auto opened = open_case_in(person_id, by, now_ms, "", doing);
        if (!opened) return std::unexpected(opened.error());
        if (*opened)
          if (auto r = run(Sql::touch_person, {person_id, now_ms}, doing); !r)
            return std::unexpected(r.error());
        return case_of(person_id, doing);
      });
    });
  }

  Result<Case> update_case(const Case& c, const CaseEntry& entry) override {
    if (auto bad = check_case(c)) return std::unexpected(*bad);
    if (auto bad = check_texts({entry.author, entry.kind, entry.text}))
      return std::unexpected(*bad);
    return call([&]() -> Result<Case> {
      const std::string doing = "save the case";
      return retried(doing, [&]() -> Result<Case> {
        if (auto r = lock_people({c.person_id}, doing); !r) return std::unexpected(r.error());
        auto r = run(Sql::update_case,
                     {c.person_id, case_stage_name(c.stage), c.assigned_to, c.next_action,
                      c.next_action_date, c.competent_body, c.decision, c.outcome, entry.at_ms,
                      c.revision},
                     doing);
        if (!r) return std::unexpected(r.error());
        if (r->changed == 0) {
          auto now = case_of(c.person_id, doing);
          if (!now) return now;
          return fail("hub_store.case_changed",
                      "Someone else changed this case meanwhile; nothing was saved. Look at "
                      "what they changed and make your change again.");
        }
        CaseEntry e = entry;
        e.person_id = c.person_id;
        if (e.kind.empty()) e.kind = "change";
        if (auto added = add_entry(e, doing); !added) return std::unexpected(added.error());
        return case_of(c.person_id, doing);
      });
    });
  }

  Result<CaseEntry> add_case_entry(const CaseEntry& entry) override {
    if (auto bad = check_texts({entry.author, entry.kind, entry.text})) return std::unexpected(*bad);
    return call([&]() -> Result<CaseEntry> {
      const std::string doing = "add to the case";
      return retried(doing, [&]() -> Result<CaseEntry> {
        // Under the person's lock: a link moving the case's entries meanwhile would miss it.
        if (auto r = lock_people({entry.person_id}, doing); !r) return std::unexpected(r.error());
        if (auto c = case_of(entry.person_id, doing); !c) return std::unexpected(c.error());
        return add_entry(entry, doing);
      });
    });
  }

  Result<std::vector<CaseEntry>> case_entries(PersonId person_id) override {
    return each(locked(Sql::list_entries, {person_id}, "read the case's history"),
                entry_from_row);
  }

  Result<CasePage> list_cases(const CaseFilter& filter) override {
    return call([&]() -> Result<CasePage> {
      const std::string doing = "list the cases";
      const SearchSql where = case_where(filter, '?', db_->dialect() == Dialect::Sqlite);
      const std::vector<P> params(where.params.begin(), where.params.end());
      auto total = filter.count_total
                       ? count_of(db_->run_once(case_count_sql(where), params, doing))
                       : Result<std::uint64_t>(0);
      if (!total) return std::unexpected(total.error());
      auto rows = each(db_->run_once(case_rows_sql(filter, where), params, doing),
                       [](const SqlRow& r) {
                         CaseRow row{case_from_row(r), {}, 0};
                         r.blob(13, row.newest.record_id);
                         r.blob(14, row.newest.device_id);
                         row.newest.received_at_ms = r.integer(15);
                         row.newest.record_json = r.text(16);
                         row.profiles = static_cast<std::uint32_t>(r.integer(17));
                         return row;
                       });
      if (!rows) return std::unexpected(rows.error());
      return CasePage{*total, std::move(*rows)};
    });
  }

  Result<CaseCounts> count_cases(const CaseFilter& filter) override {
    return call([&]() -> Result<CaseCounts> {
      const SearchSql sql = case_counts_sql(filter, '?', db_->dialect() == Dialect::Sqlite);
      const std::vector<P> params(sql.params.begin(), sql.params.end());
      auto rows = db_->run_once(sql.where, params, "count the work lists");
      if (!rows) return std::unexpected(rows.error());
      CaseCounts out;
      for (const SqlRow& r : rows->rows) {
        const auto stage = case_stage_from_name(r.text(0));
        if (!stage) continue;  // a stage a newer hub wrote: no tab of ours shows it
        out.stages[static_cast<std::size_t>(*stage)] = {static_cast<std::uint64_t>(r.integer(1)),
                                                        static_cast<std::uint64_t>(r.integer(2)),
                                                        static_cast<std::uint64_t>(r.integer(3))};
      }
      return out;
    });
  }

  // --- Links between profiles --------------------------------------------------------------

  Result<PersonId> link_people(PersonId keep, PersonId other, std::string_view by,
                               std::int64_t now_ms) override {
    if (keep == other)
      return fail("hub_store.same_person", "These profiles belong to one person already.");
    return call([&]() -> Result<PersonId> {
      const std::string doing = "link the profiles as one person";
      return retried(doing, [&]() -> Result<PersonId> {
        // Both people are read under their locks: one merged into a third meanwhile is gone.
        if (auto r = lock_people({keep, other}, doing); !r) return std::unexpected(r.error());
        auto a = read_person(keep, doing);
        if (!a) return std::unexpected(a.error());
        auto b = read_person(other, doing);
        if (!b) return std::unexpected(b.error());
        if (!*a || !*b) return std::unexpected(unknown_person(!*a ? keep : other));
        if ((*a)->office_id != (*b)->office_id)
          return fail("hub_store.other_office",
                      "These profiles belong to different offices: a person is linked only "
                      "with profiles of the same office.");
        if (auto r = run(Sql::move_records, {keep, other}, doing); !r)
          return std::unexpected(r.error());
        if ((*b)->open_case) {
          if (auto r = run(Sql::move_entries, {keep, other}, doing); !r)
            return std::unexpected(r.error());
          // keep's case stays when both have one; other's goes with its entries moved.
          if (auto r = run((*a)->open_case ? Sql::delete_case : Sql::move_case,
                           (*a)->open_case ? std::initializer_list<P>{other}
                                           : std::initializer_list<P>{keep, other},
                           doing);
              !r)
            return std::unexpected(r.error());
        }
        if (auto r = run(Sql::delete_person, {other}, doing); !r)
          return std::unexpected(r.error());
        for (std::int64_t at : {(*b)->last_activity_ms, now_ms})
          if (auto r = run(Sql::touch_person, {keep, at}, doing); !r)
            return std::unexpected(r.error());
        if (auto r = refresh(keep, doing); !r) return std::unexpected(r.error());
        if ((*a)->open_case || (*b)->open_case)
          if (auto r = add_entry({0, keep, now_ms, std::string(by), "linked",
                                  std::to_string((*b)->records.size()) + " profile(s)"},
                                 doing);
              !r)
            return std::unexpected(r.error());
        return keep;
      });
    });
  }

  Result<PersonId> unlink_record(const RecordId& record_id, std::string_view by,
                                 std::int64_t now_ms) override {
    return call([&]() -> Result<PersonId> {
      const std::string doing = "take the profile out of the person";
      return retried(doing, [&]() -> Result<PersonId> {
        // Under the person's lock: two profiles taken out at once cannot both leave it empty.
        auto owner = locked_person_of(record_id, doing);
        if (!owner) return std::unexpected(owner.error());
        if (!*owner || erased_in_ledger(record_id))
          return std::unexpected(unknown_record(record_id));
        const PersonId from = **owner;
        auto count = count_of(run(Sql::count_person_records, {from}, doing));
        if (!count) return std::unexpected(count.error());
        if (*count <= 1)
          return fail("hub_store.only_profile",
                      "This is the person's only profile: there is nothing to take apart.");
        auto made = run(Sql::new_person,
                        {std::string_view(), record_id, now_ms, record_id, std::string_view()},
                        doing);
        if (!made) return std::unexpected(made.error());
        const PersonId fresh = made->rows.at(0).integer(0);
        // The new person is the office's of the one it leaves (its kiosk may have moved since).
        if (auto r = run(Sql::set_record_person, {record_id, fresh}, doing); !r)
          return std::unexpected(r.error());
        for (PersonId p : {fresh, from})
          if (auto r = refresh(p, doing); !r) return std::unexpected(r.error());
        if (auto r = set_person_office(fresh, from, doing); !r) return std::unexpected(r.error());
        auto had = first(run(Sql::find_case, {from}, doing), [](const SqlRow&) { return true; });
        if (!had) return std::unexpected(had.error());
        if (*had)
          if (auto r = add_entry({0, from, now_ms, std::string(by), "unlinked", to_hex(record_id)},
                                 doing);
              !r)
            return std::unexpected(r.error());
        return fresh;
      });
    });
  }

  Result<void> mark_different(const RecordId& a, const RecordId& b, std::string_view by,
                              std::int64_t now_ms) override {
    if (a == b)
      return fail("hub_store.same_person", "A profile cannot be a different person from itself.");
    return call([&]() -> Result<void> {
      const std::string doing = "mark the profiles as different people";
      return transaction(*db_, doing, [&]() -> Result<void> {
        // The records' locks, as an erasure takes them: one erased meanwhile is found gone
        // here, rather than marked after its marks were deleted.
        if (auto r = run(Sql::lock_records, {int_array({record_lock_key(a), record_lock_key(b)})},
                         doing);
            !r)
          return std::unexpected(r.error());
        for (const RecordId& id : {a, b}) {
          auto owner = first(run(Sql::person_of_record, {id}, doing),
                             [](const SqlRow& r) { return r.integer(0); });
          if (!owner) return std::unexpected(owner.error());
          if (!*owner || erased_in_ledger(id)) return std::unexpected(unknown_record(id));
        }
        const auto& [low, high] = std::minmax(a, b);
        return written(run(Sql::insert_mark, {low, high, by, now_ms}, doing));
      });
    });
  }

  Result<std::vector<std::pair<RecordId, RecordId>>> different_pairs(
      std::optional<std::int64_t> office_id) override {
    return each(locked(Sql::list_marks, {office_id.value_or(kAllOffices)},
                       "read the profiles marked as different people"),
                [](const SqlRow& r) {
                  std::pair<RecordId, RecordId> pair{};
                  r.blob(0, pair.first);
                  r.blob(1, pair.second);
                  return pair;
                });
  }

  Result<std::vector<MatchEntry>> match_entries(std::optional<std::int64_t> office_id) override {
    return each(locked(Sql::match_entries, {office_id.value_or(kAllOffices)},
                       "read the profiles for duplicate suggestions"),
                [](const SqlRow& r) {
                  MatchEntry e;
                  r.blob(0, e.record_id);
                  e.person_id = r.integer(1);
                  e.match_keys = r.text(2);
                  return e;
                });
  }

  Result<PersonErasure> erase_person(PersonId person_id, std::string_view reason,
                                     std::int64_t now_ms) override {
    return call([&]() -> Result<PersonErasure> {
      const std::string doing = "erase the person";
      auto records = each(run(Sql::person_records, {person_id}, doing), record_id_from_row);
      if (!records) return std::unexpected(records.error());
      if (records->empty()) return std::unexpected(unknown_person(person_id));
      // The ledger first, as tombstone() (a restore must not bring any profile back).
      if (const auto ledger = ledger_.load())
        for (const RecordId& id : *records)
          if (auto kept = ledger->append(id, now_ms); !kept) return std::unexpected(kept.error());
      PersonErasure erased;
      auto done = retried(doing, [&]() -> Result<void> {
        std::set<std::int64_t> keys;
        for (const RecordId& id : *records) keys.insert(record_lock_key(id));
        if (auto r = run(Sql::lock_records, {int_array(keys)}, doing); !r)
          return std::unexpected(r.error());
        if (auto r = lock_people({person_id}, doing); !r) return std::unexpected(r.error());
        // Read again under the locks: a profile linked meanwhile goes too.
        auto now = each(run(Sql::person_records, {person_id}, doing), record_id_from_row);
        if (!now) return std::unexpected(now.error());
        auto forgotten = forget_person(person_id, doing);
        if (!forgotten) return std::unexpected(forgotten.error());
        erased = {*now, forgotten->second, forgotten->first};
        for (const RecordId& id : *now) {
          if (auto r = run(Sql::insert_tombstone, {id, reason, now_ms}, doing); !r)
            return std::unexpected(r.error());
          if (auto r = delete_record_rows(id, doing); !r) return std::unexpected(r.error());
        }
        return {};
      });
      if (!done) return std::unexpected(done.error());
      db_->after_erase(true);
      return erased;
    });
  }

  Result<std::vector<PersonId>> inactive_people(std::int64_t office_id, std::int64_t before_ms,
                                                std::uint64_t limit) override {
    return each(locked(Sql::inactive_people, {office_id, before_ms, i64(std::min(limit, kMaxSeq))},
                       "look for people without activity"),
                [](const SqlRow& r) { return PersonId{r.integer(0)}; });
  }

  // Gives every record without a person (a hub migrated from schema 4, whose records had none,
  // or one of schema 1 indexed just now) a person of its own, its event (of its kiosk's office),
  // and the case a wish of it opens: once, at the first start after the update.
  Result<void> give_people() {
    const std::string doing = "give every stored record its person";
    auto rows = run(Sql::unpersoned, {}, doing);
    if (!rows) return std::unexpected(rows.error());
    if (rows->rows.empty()) return {};
    return transaction(*db_, doing, [&]() -> Result<void> {
      events_made_.clear();
      for (const SqlRow& row : rows->rows) {
        RecordId id{};
        DeviceId device{};
        row.blob(0, id);
        row.blob(3, device);
        const std::int64_t received = row.integer(1);
        const RecordIndex i = index_record(row.text(2));
        if (auto e = make_event(i, device, 0, received); !e) return e;
        auto made = run(Sql::new_person, {i.event_id, device, received, id, i.wishes}, doing);
        if (!made) return std::unexpected(made.error());
        const PersonId person = made->rows.at(0).integer(0);
        const std::int64_t office = made->rows.at(0).integer(1);
        if (auto r = run(Sql::give_person, {id, person, office, i.wishes, i.match_keys}, doing);
            !r)
          return std::unexpected(r.error());
        if (auto r = refresh(person, doing); !r) return r;  // its first profile's event date
        if (opens_case(i.wishes))
          if (auto r = open_case_in(person, kIngestOpener, received, trimmed(i.wishes), doing); !r)
            return std::unexpected(r.error());
      }
      return {};
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
      auto wrote = run(Sql::insert_enroll, {probe, std::int64_t{0}, kFirstOffice}, doing);
      db_->rollback();
      if (!wrote) return std::unexpected(wrote.error());
      return {};
    });
  }

  Result<void> add_enroll_token(const Sha256& token_hash, std::int64_t expires_at_ms,
                                std::int64_t office_id) override {
    return call([&]() -> Result<void> {
      const std::string doing = "save the enrollment token";
      if (auto known = office_known(office_id, doing); !known) return known;
      auto r = run(Sql::insert_enroll, {token_hash, expires_at_ms, office_id}, doing);
      if (!r && db_->duplicate_key())
        return fail("hub_store.token_exists",
                    "This enrollment token exists already; make a new one.");
      return written(r);
    });
  }

  Result<std::int64_t> enroll_token_office(const Sha256& token_hash) override {
    auto office = first(locked(Sql::enroll_office, {token_hash}, "look up the token's office"),
                        [](const SqlRow& r) { return r.integer(0); });
    if (!office) return std::unexpected(office.error());
    return office->value_or(kFirstOffice);
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
        if (auto r = run(Sql::lock_records, {int_array({record_lock_key(c.record_id)})}, doing);
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
      if (auto r = run(Sql::lock_records, {int_array(keys)}, "store the records"); !r)
        return std::unexpected(r.error());
    for (std::int32_t key : devices)
      if (auto r =
              run(Sql::lock_device, {kLockSpaceDevice, key}, "record the kiosk's sequence numbers");
          !r)
        return std::unexpected(r.error());

    events_made_.clear();  // a batch run again after a rollback makes its events again
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
      // The record's person when a version of it is stored already (0: none yet).
      const PersonId person = row.is_null(5) ? 0 : row.integer(5);
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
        if (auto f = file(item, coded, person); !f) return std::unexpected(f.error());
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
                     std::string_view record_json) {
    auto i = index_of(record_id, record_json, true);
    if (!i) return std::unexpected(i.error());
    // Its person follows (give_people), with the office of its event.
    return upsert_index(record_id, version, received_at, *i, kFirstOffice, 0);
  }
  Result<RecordIndex> index_of(const RecordId& record_id, std::string_view record_json,
                               bool coded) {
    const std::string doing = "index a record for the office's search";
    const auto context = context_.load();
    std::vector<std::string> uris;
    if (coded) {
      auto rows = each(run(Sql::codings_of_record, {record_id}, doing),
                       [](const SqlRow& r) { return r.text(1); });
      if (!rows) return std::unexpected(rows.error());
      uris = std::move(*rows);
    }
    RecordIndex i = index_record(record_json, context.get(), uris);
    if (!context)
      if (auto r = run(Sql::forget_state, {kIndexMapState}, doing); !r)
        return std::unexpected(r.error());
    return i;
  }
  // office and person count only for a record indexed for the first time: a newer version
  // keeps the row's.
  Result<void> upsert_index(const RecordId& record_id, std::int64_t version,
                            std::int64_t received_at, const RecordIndex& i, std::int64_t office,
                            PersonId person) {
    const RecognitionTokens& t = i.recognition;
    return written(run(Sql::upsert_index,
                       {record_id, version, received_at, i.event_id, i.event_name, i.event_date,
                        i.country, i.occupations, i.languages,
                        std::int64_t{i.wants_advice ? 1 : 0}, i.search_text, t.isco_majors,
                        t.regulated, t.procedures, t.bodies, office, person, i.wishes,
                        i.match_keys},
                       "index a record for the office's search"));
  }

  // A stored record's place in the office: its row in the search index, its event (made by the
  // first record naming it, the office's whose consent it names), its person (a new one for a
  // new record, that office's), and the case a wish opens when the person has none.
  Result<void> file(const StoredRecord& item, bool coded, PersonId person) {
    const std::string doing = "store a record";
    auto i = index_of(item.record_id, item.record_json, coded);
    if (!i) return std::unexpected(i.error());
    if (auto e = make_event(*i, item.device_id, item.office_id, item.received_at_ms); !e) return e;
    const bool opens = opens_case(i->wishes);
    if (person != 0) {
      // Its person as it is under the person's lock: a link may have moved the record since.
      auto locked = locked_person_of(item.record_id, doing);
      if (!locked) return std::unexpected(locked.error());
      person = locked->value_or(person);
    }
    if (person == 0) {
      // A new record: its person, index row and case in one statement.
      const RecognitionTokens& t = i->recognition;
      return written(run(Sql::new_person_index,
                         {item.record_id, item.record_version, item.received_at_ms, i->event_id,
                          i->event_name, i->event_date, i->country, i->occupations,
                          i->languages, std::int64_t{i->wants_advice ? 1 : 0}, i->search_text,
                          t.isco_majors, t.regulated, t.procedures, t.bodies, i->wishes,
                          i->match_keys, item.device_id, kIngestOpener, trimmed(i->wishes),
                          std::int64_t{opens ? 1 : 0}, item.office_id},
                         doing));
    }
    if (auto r = upsert_index(item.record_id, item.record_version, item.received_at_ms, *i,
                              kFirstOffice, person);
        !r)
      return r;
    // A new version may be the person's newest profile now: its wishes, its activity.
    if (auto r = refresh(person, doing); !r) return r;
    if (!opens) return {};
    auto opened =
        open_case_in(person, kIngestOpener, item.received_at_ms, trimmed(i->wishes), doing);
    if (!opened) return std::unexpected(opened.error());
    return {};
  }

  // The record's event unless made in this transaction already (or the record names none).
  Result<void> make_event(const RecordIndex& i, const DeviceId& device, std::int64_t office,
                          std::int64_t at) {
    if (i.event_id.empty() || !events_made_.insert(i.event_id).second) return {};
    return written(run(Sql::ensure_event,
                       {i.event_id, i.event_name, i.event_date, device, at, office},
                       "note the record's event"));
  }

  // Opens the person's case unless it has one, with an "opened" entry; whether it opened it.
  Result<bool> open_case_in(PersonId person, std::string_view by, std::int64_t now_ms,
                            std::string_view text, std::string_view doing) {
    auto opened = run(Sql::open_case, {person, by, now_ms, text}, doing);
    if (!opened) return std::unexpected(opened.error());
    return opened->changed == 1;
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

  static Error office_exists(const std::string& name) {
    return {"hub_store.office_exists",
            "There is an office named \"" + name + "\" already. Choose another name."};
  }
  static Error unknown_office(std::int64_t id) {
    return {"hub_store.unknown_office",
            "There is no office number " + std::to_string(id) + " at this hub."};
  }
  static Error unknown_person(PersonId id) {
    return {"hub_store.unknown_person",
            "There is no person number " + std::to_string(id) +
                " at this hub (erased, or linked into another person meanwhile)."};
  }
  static Error unknown_record(const RecordId& id) {
    return {"hub_store.unknown_record",
            "The record " + to_hex(id) + " is not stored at this hub (erased?)."};
  }
  Result<void> office_known(std::int64_t office_id, std::string_view doing) {
    auto known = count_of(run(Sql::office_exists, {office_id}, doing));
    if (!known) return std::unexpected(known.error());
    if (*known == 0) return std::unexpected(unknown_office(office_id));
    return {};
  }
  // body() in a transaction, run again (up to three times in all) when PostgreSQL made it a
  // deadlock's victim, which stored nothing: a call that takes people's locks one at a time (an
  // ingest batch, in its records' order) may cross another's.
  template <typename F>
  auto retried(std::string_view doing, F body) -> decltype(body()) {
    for (int attempt = 1;; ++attempt) {
      auto r = transaction(*db_, doing, body);
      if (r || attempt >= 3 || !db_->retryable()) return r;
    }
  }
  // Takes the people's locks (PostgreSQL), in ascending key order.
  Result<void> lock_people(std::initializer_list<PersonId> people, std::string_view doing) {
    std::set<std::int32_t> keys;
    for (PersonId p : people) keys.insert(person_lock_key(p));
    return written(run(Sql::lock_people, {kLockSpacePerson, int_array(keys)}, doing));
  }
  // The record's person (nullopt: none) with the person's lock held. Looked up again after each
  // lock until it stays: a link that committed while this call waited moved the record.
  Result<std::optional<PersonId>> locked_person_of(const RecordId& record_id,
                                                   std::string_view doing) {
    std::optional<PersonId> held;
    for (int round = 0; round < 8; ++round) {
      auto owner = first(run(Sql::person_of_record, {record_id}, doing),
                         [](const SqlRow& r) { return PersonId{r.integer(0)}; });
      if (!owner || !*owner || *owner == held) return owner;
      if (auto r = lock_people({**owner}, doing); !r) return std::unexpected(r.error());
      held = **owner;
    }
    return fail("hub_store.busy", "The hub could not " + std::string(doing) +
                                      ": other office staff kept linking this profile at the "
                                      "same moment. Try again" +
                                      db_->where() + ".");
  }
  // The person's case, or unknown_person when it has none.
  Result<Case> case_of(PersonId person, std::string_view doing) {
    auto c = first(run(Sql::find_case, {person}, doing), [](const SqlRow& r) {
      return case_from_row(r);
    });
    if (!c) return std::unexpected(c.error());
    if (!*c) return std::unexpected(unknown_person(person));
    return **c;
  }
  // An entry of the person's case (which must exist), counted as the person's activity.
  Result<CaseEntry> add_entry(CaseEntry e, std::string_view doing) {
    auto id = run(Sql::insert_entry, {e.person_id, e.at_ms, e.author, e.kind, e.text}, doing);
    if (!id) return std::unexpected(id.error());
    e.id = id->rows.at(0).integer(0);
    if (auto r = run(Sql::touch_person, {e.person_id, e.at_ms}, doing); !r)
      return std::unexpected(r.error());
    return e;
  }
  Result<std::optional<Person>> read_person(PersonId id, std::string_view doing) {
    auto row = first(run(Sql::find_person, {id}, doing), [](const SqlRow& r) {
      Person p;
      p.id = r.integer(0);
      p.office_id = r.integer(1);
      p.last_activity_ms = r.integer(2);
      return p;
    });
    if (!row || !*row) return row;
    auto records = each(run(Sql::person_records, {id}, doing), record_id_from_row);
    if (!records) return std::unexpected(records.error());
    (*row)->records = std::move(*records);
    auto c = first(run(Sql::find_case, {id}, doing), [](const SqlRow& r) {
      return case_from_row(r);
    });
    if (!c) return std::unexpected(c.error());
    (*row)->open_case = std::move(*c);
    return row;
  }
  // The person's newest profile (and its wishes, also in its case) and activity, after its
  // profiles changed.
  Result<void> refresh(PersonId person, std::string_view doing) {
    return written(run(Sql::refresh_person, {person}, doing));
  }
  // The person `to` is of the office of the person `of`.
  Result<void> set_person_office(PersonId to, PersonId of, std::string_view doing) {
    return written(run(Sql::set_person_office, {to, of}, doing));
  }

  // Every row of the record (kErasedWithRecord) and the audit entries about it (what staff did
  // with it is about its person: the erasure's own entry, written after, says that it happened).
  // How many of the record's rows there were.
  Result<std::uint64_t> delete_record_rows(const RecordId& record_id, std::string_view doing) {
    std::uint64_t rows = 0;
    for (Sql s : kErasedWithRecord) {
      auto deleted = run(s, {record_id}, doing);
      if (!deleted) return std::unexpected(deleted.error());
      rows += deleted->changed;
    }
    if (auto r = run(Sql::delete_audit_about, {to_hex(record_id)}, doing); !r)
      return std::unexpected(r.error());
    return rows;
  }
  // The record's rows (delete_record_rows), and its person when it was the person's last profile
  // (with case, entries and the audit entries about the person as a whole); else the person's
  // newest profile again. How many of the record's rows there were.
  Result<std::uint64_t> erase_rows(const RecordId& record_id, std::string_view doing) {
    auto owner = locked_person_of(record_id, doing);
    if (!owner) return std::unexpected(owner.error());
    auto rows = delete_record_rows(record_id, doing);
    if (!rows) return std::unexpected(rows.error());
    if (owner->value_or(0) != 0)
      if (auto r = leave_person(**owner, doing); !r) return std::unexpected(r.error());
    return rows;
  }
  // After a profile left the person: the person's newest profile again, or, without one, the
  // person goes with its case and entries.
  Result<void> leave_person(PersonId person, std::string_view doing) {
    auto left = count_of(run(Sql::count_person_records, {person}, doing));
    if (!left) return std::unexpected(left.error());
    if (*left > 0) return refresh(person, doing);
    auto gone = forget_person(person, doing);
    if (!gone) return std::unexpected(gone.error());
    return {};
  }
  // Deletes the person's row, case, entries and the audit entries about the person as a whole;
  // how many entries there were and whether there was a case.
  Result<std::pair<std::uint64_t, bool>> forget_person(PersonId person, std::string_view doing) {
    auto entries = run(Sql::delete_entries, {person}, doing);
    if (!entries) return std::unexpected(entries.error());
    auto had_case = run(Sql::delete_case, {person}, doing);
    if (!had_case) return std::unexpected(had_case.error());
    if (auto r = run(Sql::delete_person, {person}, doing); !r) return std::unexpected(r.error());
    if (auto r = run(Sql::delete_audit_about, {audit_subject_of_person(person)}, doing); !r)
      return std::unexpected(r.error());
    return std::pair{entries->changed, had_case->changed > 0};
  }

  std::unique_ptr<SqlSession> db_;
  const int opened_at_schema_;
  std::mutex mutex_;
  std::set<std::string> events_made_;  // events made in the current store_batch transaction
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
  auto opened_at = migrate(*session, if_new);
  if (!opened_at) return std::unexpected(opened_at.error());
  if (auto r = session->prepare(); !r) return std::unexpected(r.error());
  auto store = std::make_unique<SqlHubStore>(std::move(session), *opened_at);
  if (auto r = store->index_unindexed(); !r) return std::unexpected(r.error());
  if (auto r = store->give_people(); !r) return std::unexpected(r.error());
  return std::unique_ptr<HubStore>(std::move(store));
}

}  // namespace sichtbar::hub
