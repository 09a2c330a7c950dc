// The hub's store: enrolled kiosks, records stored exactly once, quarantined conflicts,
// tombstones of erased records, per-kiosk checkpoints, office users, search and enrollment
// tokens, imported recognition maps, the office's codings of typed occupations, and (schema 5) the
// counselling offices, their events, the people behind the records with their cases, links and
// marks "different", and (schema 7) the consent texts the hub hashed from its offices' settings.
// One implementation
// (sql_store.cpp) over a thin session per database (SQLite and PostgreSQL), so nothing here names a
// database type; ingest.h decides what reaches the store, the store decides only "once"
// (store_logic.h).
//
// Thread safety: the store may be called from several threads at once (the HTTP server does);
// each call is atomic on its own, serialised on the store's one connection by a mutex. The slow
// parts of ingest (verify, open, validate) run outside the store and can run in parallel.
//
// Errors: code "hub_store.*" (listed with the openers at the end), message for office staff.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/error.h"

namespace sichtbar::hub {

using DeviceId = std::array<std::uint8_t, 16>;
using RecordId = std::array<std::uint8_t, 16>;
using Sha256 = std::array<std::uint8_t, 32>;

// The office every kiosk, event, login and person of a hub from before offices (schema 4)
// belongs to; the migration makes it, and a new database starts with it too.
inline constexpr std::int64_t kFirstOffice = 1;

// An enrolled kiosk: the key that signs its envelopes, and whether the office revoked it.
struct Device {
  DeviceId device_id{};
  std::array<std::uint8_t, 32> sign_public{};
  std::string name;
  std::int64_t enrolled_at_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;
  // The counselling office the kiosk belongs to (Office::id): HELLO gives it that office's
  // settings, so the profiles made on it (whose consent names the office) and the events they
  // start are that office's. Kiosks of a schema-4 hub: the first.
  std::int64_t office_id = kFirstOffice;

  bool operator==(const Device&) const = default;
};

// Per item of a PUSH or bundle; the ACK carries it back to the kiosk.
//   Stored     new: kept (the kiosk may purge it)
//   Duplicate  the same envelope bytes arrived before: success, nothing changes (may purge)
//   Conflict   409: another envelope with the same record_id and version (or the same profile
//              token on another record) is stored; this one is quarantined, both are kept
//   Gone       410: the record was erased; a tombstone never lets it back (may purge)
//   Rejected   the hub cannot accept it (signature, key, form, answers...): nothing is stored,
//              the kiosk keeps the envelope
enum class IngestStatus { Stored, Duplicate, Conflict, Gone, Rejected };

// How a status is written in ACKs, receipts and logs.
constexpr std::string_view ingest_status_name(IngestStatus status) {
  constexpr std::string_view kNames[] = {"stored", "duplicate", "conflict", "gone", "rejected"};
  const auto i = static_cast<std::size_t>(status);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

// What ingest hands the store for one verified, opened and validated envelope.
struct StoredRecord {
  RecordId record_id{};
  std::uint32_t record_version = 0;
  DeviceId device_id{};
  std::uint64_t seq = 0;  // 1..2^63-1 (the store refuses others: SQL integers are signed)
  Sha256 envelope_sha256{};
  Bytes envelope;           // raw, kept: still sealed to the hub key
  std::string record_json;  // canonical JSON of the decrypted record, WITHOUT its profile_token
  Sha256 token_hash{};      // profile_token_hash() of the profile token: the token itself is never
                            // stored
  std::string event_id, form_id;
  std::int32_t form_version = 0;
  std::int64_t received_at_ms = 0;
  // The office whose consent the record names (ingest's decision): its person and, when it is
  // the first to name it, its event are that office's. 0: its event's office, else its kiosk's.
  std::int64_t office_id = 0;
  // Set when ingest found the opened record unfit ("<code>: <message>", a record.* code of
  // domain/record_check.h): the envelope goes to quarantine with this reason, never into the
  // records (record_json, event_id and token_hash are then left empty), and the outcome is
  // Conflict, so the kiosk stops sending it.
  std::string quarantine_reason;
};

struct ItemOutcome {
  IngestStatus status{};
  std::string reason;  // empty for Stored and Duplicate; otherwise "<code>: <message>"
};

// The record behind a profile link: its id (to erase it) and its newest version's JSON.
struct ProfileRecord {
  RecordId record_id{};
  std::string record_json;  // without the profile token
};

// What the hub holds of one kiosk's sequence numbers; HELLO answers with it, so a hub restored
// from an older backup asks for what it lost.
struct DeviceCheckpoint {
  std::uint64_t high_water = 0;  // every seq 1..high_water is stored (or quarantined/tombstoned)
  std::vector<std::pair<std::uint64_t, std::uint64_t>> missing;  // gaps below max_seen, inclusive
  std::uint64_t max_seen = 0;
  std::int64_t last_seen_ms = 0;  // 0 = never
};

// An office login. Only the argon2id hash of the password is stored (libsodium's
// crypto_pwhash_str format, which carries its own salt and limits).
// What a login may do (checked on the server for every route):
//   administrator  everything, in every office: logins, offices, kiosks, and the people
//   counsellor     the people, cases and figures of its own office only
//   statistics     the figures of its own office only, never a person
// The logins of a hub from before roles (schema 4) are administrators of the first office, so
// nobody loses what they could do.
enum class OfficeRole { administrator, counsellor, statistics };
constexpr std::string_view office_role_name(OfficeRole role) {
  constexpr std::string_view kNames[] = {"administrator", "counsellor", "statistics"};
  const auto i = static_cast<std::size_t>(role);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}
std::optional<OfficeRole> office_role_from_name(std::string_view name);

struct OfficeUser {
  std::string name;
  std::string password_hash;
  std::int64_t created_at_ms = 0;
  OfficeRole role = OfficeRole::administrator;
  std::int64_t office_id = kFirstOffice;
};

// One line of the audit log: who did what, when, to which record or kiosk, and why. Never
// personal data of the person: `subject` is a record or device id in hex, `reason` is what the
// member of staff typed as the reason (the office UI says not to put names there).
// An entry about a person has as subject either one of its records' ids in hex (lower case, as
// to_hex writes it) or "person:<id>" (audit_subject_of_person): erase_person deletes the entries
// of both kinds with the person, so the log keeps no trace of whom the office counselled.
struct AuditEntry {
  std::int64_t at_ms = 0;
  std::string user;
  std::string action;   // "login", "login_failed", "logout", "erase", "export_csv", ...
  std::string subject;  // record or device id (hex), "person:<id>", or what an export covered
  std::string reason;
};
// The audit subject of an entry about a person as a whole (a case changed, people linked).
inline std::string audit_subject_of_person(std::int64_t person_id) {
  return "person:" + std::to_string(person_id);
}

// The office's search words are bounded (a 1,000-word search built a statement the database
// refused): at most this many characters and words. search_where uses the first words only.
inline constexpr std::size_t kMaxSearchCharacters = 200;
inline constexpr std::size_t kMaxSearchWords = 10;

// The office's filter over stored records (the newest version of each); empty = any.
struct RecordFilter {
  std::string event_id;
  std::string date_from, date_to;    // YYYY-MM-DD, inclusive, on the event's date
  std::string country;               // ISO 3166 code of the country of origin
  std::string occupation;            // ISCO-08 code (work experience or desired occupation)
  std::string language;              // ISO 639 code (mother tongue or other language)
  std::optional<bool> wants_advice;  // wants recognition advice
  // The way to recognition of an occupation (answered or coded) under the map in use:
  std::string isco_major;  // ISCO-08 major group, "0".."9"
  std::string regulated;   // regulated_name() of domain/recognition.h: yes, self_employment, no
  std::string procedure;   // procedure_name(): approbation, title, ...
  std::string body;        // a competent body's id in the map ("zaaby")
  std::string text;        // words that must all start a word of what the person typed (folded)
  // The office whose events the records come from; nullopt: every office (an administrator).
  // A counsellor's every search carries its own office.
  std::optional<std::int64_t> office_id;
  std::uint64_t offset = 0;
  std::uint64_t limit = 50;  // 0: no limit (exports)
};

// The way to recognition of a record's occupations (each answered occupation of work and
// wishes, and each a counsellor coded) under the recognition map in use, as token lists like
// the index's occupations. A record without an occupation has none; every occupation has a way
// (RecognitionMap::way_for, the general one when no entry matches), as on the person's page.
struct RecognitionTokens {
  std::string isco_majors;  // " 2 7 ": first digit of each occupation's ISCO unit
  std::string regulated;    // " yes no ": regulated_name()
  std::string procedures;   // " approbation equivalence ": procedure_name()
  std::string bodies;       // " zaaby ihk_fosa ": the entries' competent bodies (ids)
};

struct RecordSummary {
  RecordId record_id{};
  DeviceId device_id{};
  std::int64_t received_at_ms = 0;
  std::string record_json;  // newest version, without profile token
  RecognitionTokens recognition;  // from the search index: search_records only
};

struct RecordPage {
  std::uint64_t total = 0;          // matching records, whatever offset and limit
  std::vector<RecordSummary> rows;  // newest received first
};

// What the filter's choices can be: the values present in stored records.
struct RecordFacets {
  struct Event {
    std::string id, name, date;
    std::uint64_t records = 0;
  };
  std::vector<Event> events;                                   // newest date first
  std::vector<std::string> countries, occupations, languages;  // codes, sorted
};

// The reasons a backend gives with a conflict or gone outcome; the same words from every backend.
inline constexpr std::string_view kVersionConflict =
    "hub_store.conflict: another envelope with the same record id and version is stored "
    "already; this one was kept in quarantine for the office to resolve.";
inline constexpr std::string_view kTokenConflict =
    "hub_store.token_conflict: the profile link of this record belongs to another record "
    "already; this one was kept in quarantine for the office to resolve.";
inline constexpr std::string_view kSeqConflict =
    "hub_store.seq_conflict: the kiosk sent another record with this sequence number before; "
    "this one was kept in quarantine for the office to resolve.";
inline constexpr std::string_view kGone =
    "hub_store.gone: this record was erased at the hub and is not taken back; the kiosk may "
    "delete it.";

// The error code of a use_index_context that its stop ended: not a failure, the hub stops.
inline constexpr std::string_view kIndexStopped = "hub_store.index_stopped";

// One interface per concern, so a new table (cases, employers, mentors) is one more interface
// and its statements, written once for both databases (sql_store.cpp).

struct DeviceStore {
  virtual ~DeviceStore() = default;
  // "hub_store.device_exists" if the id is enrolled already (also when revoked).
  virtual Result<void> add_device(const Device& device) = 0;
  virtual Result<std::optional<Device>> find_device(const DeviceId& device_id) = 0;
  virtual Result<std::vector<Device>> list_devices() = 0;  // by enrollment time
  // "hub_store.unknown_device" if not enrolled; revoking twice keeps the first time.
  virtual Result<void> revoke_device(const DeviceId& device_id, std::int64_t now_ms) = 0;
  // A revoked kiosk the office enrolls again (a new one-time code) with the key it had: trusted
  // again, its name, office and enrollment time as now given, so what it kept through the
  // revocation (signed with that key) is taken. "hub_store.unknown_device" unless the id is
  // revoked here with that same key.
  virtual Result<void> reinstate_device(const Device& device) = 0;
  // Cost grows with the number of gaps, not with the number of records. A kiosk the hub has
  // never heard of gets an empty checkpoint (all zero), not an error.
  virtual Result<DeviceCheckpoint> checkpoint(const DeviceId& device_id) = 0;
  // Remembers when the kiosk was last heard from. "hub_store.unknown_device" if not enrolled.
  virtual Result<void> touch_device(const DeviceId& device_id, std::int64_t now_ms) = 0;
};

struct RecordStore {
  virtual ~RecordStore() = default;
  // One transaction for the whole batch; per item, in order:
  //   record_id tombstoned                                    -> Gone (never resurrected)
  //   quarantine_reason set (ingest found the record unfit)   -> Conflict, quarantined
  //   same record_id + version, same envelope hash            -> Duplicate
  //   same record_id + version, other hash                    -> Conflict, quarantined
  //   the kiosk's seq was seen before (another envelope)      -> Conflict, quarantined
  //   profile token already belongs to another record_id      -> Conflict, quarantined
  //   otherwise                                               -> Stored
  // (A new version of a stored record_id is Stored beside the older versions.) A Stored item
  // also makes its event when the event is new (the sending kiosk's office's), gives a new
  // record_id a person of its own, opens the person's case when the item has a wish and the
  // person has no case (opened_by "(ingest)", an "opened" entry), and moves the person's
  // last_activity on. Every item marks
  // (device, seq) as seen for checkpoint(), except a seq outside 1..2^63-1 (Rejected). Items
  // later in a batch see the earlier ones. Returns after COMMIT, so an ACK built from the
  // outcomes never acknowledges what a crash could still lose; on error nothing is stored.
  virtual Result<std::vector<ItemOutcome>> store_batch(std::span<const StoredRecord> items) = 0;

  // Erasure (GDPR Art. 17): deletes every version of the record, its quarantined envelopes, its
  // profile link and the office's codings of its answers, and keeps only a tombstone of its id
  // (with reason and time), so a replayed envelope is Gone. Returns true when it made the
  // tombstone, false when the record_id was tombstoned already. A record_id that never arrived is
  // tombstoned too (it may be on its way). `reason` must not contain personal data: it is kept.
  // The audit entries about the record go with it. The record leaves its person; a person left
  // without profiles goes with its case, entries and the audit entries about them, as
  // erase_person does (in the same transaction, so a profile linked meanwhile is never taken).
  virtual Result<bool> tombstone(const RecordId& record_id, std::string_view reason,
                                 std::int64_t now_ms) = 0;

  virtual Result<std::uint64_t> count_records() = 0;  // distinct record_ids
  virtual Result<std::uint64_t> count_quarantined() = 0;
  // The newest version's JSON (without profile token), if stored.
  virtual Result<std::optional<std::string>> record_json(const RecordId& record_id) = 0;
  // The profile behind a link, looked up by profile_token_hash() of the token in the link (the
  // database compares hashes through its index, so nothing about the token leaks through our
  // code's timing). nullopt when no stored record carries it: never synced yet, never issued,
  // or erased; the caller cannot tell these apart, and must not.
  virtual Result<std::optional<ProfileRecord>> find_profile(const Sha256& token_hash) = 0;
  // A record's newest version with where and when it arrived; nullopt if not stored (erased).
  virtual Result<std::optional<RecordSummary>> find_record(const RecordId& record_id) = 0;
};

// An envelope in quarantine, as the office lists it: where and when it came from and why it is
// there (never the record's text). `id` is the envelope's SHA-256.
struct QuarantinedEnvelope {
  Sha256 id{};
  RecordId record_id{};
  std::uint32_t record_version = 0;
  DeviceId device_id{};
  std::uint64_t seq = 0;
  std::string reason;  // "<code>: <message>"
  std::int64_t received_at_ms = 0;
  Bytes envelope;  // filled by find_quarantined only: still sealed to the hub key
};

// What the office does with quarantined envelopes (a record that failed ingest's checks, or
// clashed with a stored one): list them, release one (ingest checked it again and it passed),
// or discard one.
struct QuarantineStore {
  virtual ~QuarantineStore() = default;
  // The newest `limit` first.
  virtual Result<std::vector<QuarantinedEnvelope>> list_quarantined(std::uint64_t limit) = 0;
  virtual Result<std::optional<QuarantinedEnvelope>> find_quarantined(const Sha256& id) = 0;
  // In one transaction: stores `record` (made again from the quarantined envelope `id`) as
  // store_batch does, except that its own sequence number counts as free unless a stored record
  // holds it; when that is Stored or Duplicate, the quarantined copy is deleted. Otherwise
  // (still a conflict, or erased meanwhile: Gone, which deletes the copy too) the outcome says
  // why.
  virtual Result<ItemOutcome> release_quarantined(const Sha256& id, const StoredRecord& record) = 0;
  // False when there was none.
  virtual Result<bool> discard_quarantined(const Sha256& id) = 0;
};

// Office staff and the audit log.
struct OfficeUserStore {
  virtual ~OfficeUserStore() = default;
  // hub_store.user_exists when the name is taken; remove: false if none.
  virtual Result<void> add_user(const OfficeUser& user) = 0;
  virtual Result<std::optional<OfficeUser>> find_user(std::string_view name) = 0;
  virtual Result<std::vector<OfficeUser>> list_users() = 0;  // by name
  virtual Result<bool> remove_user(std::string_view name) = 0;
  // The audit log: appended, never changed; list_audit gives the newest `limit` entries.
  virtual Result<void> add_audit(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> list_audit(std::uint64_t limit) = 0;
};

// A counsellor's ESCO occupation for an occupation answer the person gave as free text
// (answer_path "work.items.0", "wishes.desired_occupation"); the table occupation_codings holds
// them, one per answer, and the search index counts esco_uri like an answered occupation.
// Erased with the record.
struct OccupationCoding {
  RecordId record_id{};
  std::string answer_path;
  std::string esco_uri;  // http://data.europa.eu/esco/occupation/<uuid>
  std::string coded_by;  // the office login
  std::int64_t coded_at_ms = 0;

  bool operator==(const OccupationCoding&) const = default;
};

struct IndexContext;  // record_index.h

// The office's search over the search index (record_index.h): every stored record's newest
// version is in it from store_batch on, and tombstone() removes it with the record.
struct SearchStore {
  virtual ~SearchStore() = default;
  virtual Result<RecordPage> search_records(const RecordFilter& filter) = 0;
  // The choices of the stored records of one office (a counsellor's filter boxes show only its
  // office's events and values), or of every office with nullopt.
  virtual Result<RecordFacets> record_facets(std::optional<std::int64_t> office_id) = 0;
  Result<RecordFacets> record_facets() { return record_facets(std::nullopt); }
  // What the index's recognition columns (ISCO major group, regulated, procedure, competent
  // body) are computed with from now on: the ESCO data and the recognition map in use. When the
  // index was computed with another map (or without one, or the schema just got the columns),
  // every record is indexed again, some hundred per transaction so that other calls go between
  // them, and the map is remembered once all are done. Returns how many were indexed again.
  // Without a context (a store opened by a command-line verb) rows are indexed without those
  // columns and the index counts as computed with no map: the hub's next start computes them.
  // always: every record again even when the index was computed with this map (a hub process
  // that switched maps may have stored records with the old one meanwhile).
  // stop is asked before each chunk, as retention asks it (a hub told to stop does not wait for
  // all the records): true ends the run there with kIndexStopped, its message saying how many
  // were indexed. Each chunk is whole and remembered: the next run for the map (if_changed)
  // indexes only the rest.
  enum class Reindex { if_changed, always };
  virtual Result<std::uint64_t> use_index_context(std::shared_ptr<const IndexContext> context,
                                                  Reindex when = Reindex::if_changed,
                                                  const std::function<bool()>& stop = {}) = 0;
  // One record's recognition columns again, from its newest version and its codings (after a
  // coding changed); nothing when the record is not stored.
  virtual Result<void> reindex_record(const RecordId& record_id) = 0;
};

// Enrollment tokens (one-time, short-lived): only their SHA-256 is stored.
struct EnrollmentStore {
  virtual ~EnrollmentStore() = default;
  // "hub_store.token_exists" if the hash is there already. The kiosk that uses the token joins
  // office_id (`sichtbar-hub enroll --office`); "hub_store.unknown_office" if there is none.
  virtual Result<void> add_enroll_token(const Sha256& token_hash, std::int64_t expires_at_ms,
                                        std::int64_t office_id = kFirstOffice) = 0;
  // The office the token's kiosk joins: asked before consume_enroll_token uses it up. A token
  // that is not there (used, expired, never made) gives kFirstOffice; consuming it fails anyway.
  virtual Result<std::int64_t> enroll_token_office(const Sha256& token_hash) = 0;
  // True exactly once per token, and only while now_ms < expires_at_ms. Expired tokens are
  // deleted along the way.
  virtual Result<bool> consume_enroll_token(const Sha256& token_hash, std::int64_t now_ms) = 0;
  // The hashes of the tokens still valid at now_ms (at most 1000, soonest to expire first): a
  // request from a USB stick carries no code, only a MAC keyed with one of them.
  virtual Result<std::vector<Sha256>> live_enroll_tokens(std::int64_t now_ms) = 0;
};

// A recognition map imported with `sichtbar-hub reference import-recognition` (validated before):
// the hub uses the newest one instead of the shipped assets/recognition/de-by.json.
struct ImportedRecognitionMap {
  std::string map_json;  // the file's bytes as imported
  Sha256 sha256{};       // of map_json
  std::string imported_by;
  std::int64_t imported_at_ms = 0;
};

class RecognitionMapStore {
 public:
  virtual ~RecognitionMapStore() = default;
  // Keeps map as the one in use from now on; the earlier ones stay as the import history.
  virtual Result<void> add_recognition_map(const ImportedRecognitionMap& map) = 0;
  // The newest imported map, or nullopt when none was imported.
  virtual Result<std::optional<ImportedRecognitionMap>> current_recognition_map() = 0;
  // Only the newest one's hash: what a hub process asks now and then to notice an import made
  // by another process, without reading the whole map.
  virtual Result<std::optional<Sha256>> current_recognition_map_sha256() = 0;
};

// Setting, removing and listing the codings (OccupationCoding above); the office's coding flow
// uses it and then calls reindex_record, so the filters find the coded occupation.
struct OccupationCodingStore {
  virtual ~OccupationCodingStore() = default;
  // Sets the answer's coding, replacing the one it had. "hub_store.unknown_record" when no
  // record of that id is stored (erased meanwhile): nothing is stored.
  virtual Result<void> set_coding(const OccupationCoding& coding) = 0;
  // False when the answer had none.
  virtual Result<bool> remove_coding(const RecordId& record_id, std::string_view answer_path) = 0;
  // The record's codings, by answer path.
  virtual Result<std::vector<OccupationCoding>> codings(const RecordId& record_id) = 0;
  // Every coding, by record and answer path: an export reads them once, not once per record
  // (only typed answers are coded, so there are far fewer codings than records).
  virtual Result<std::vector<OccupationCoding>> all_codings() = 0;
};

// --- Offices, events, people and their cases (schema 5) ----------------------------------

// A counselling office the hub serves: the controller of the profiles its kiosks collect. The
// consent screens of its kiosks name it (its settings travel signed with the HELLO reply).
struct Office {
  std::int64_t id = 0;  // given by add_office; the first is kFirstOffice
  std::string name;     // as the controller: "Beratungsstelle Anerkennung Augsburg (Träger e.V.)"
  std::string contact;  // the controller's postal address, phone and e-mail
  std::string data_protection_officer;  // name or function, and how to reach them
  std::string supervisory_authority;    // for Bavaria's non-public bodies the BayLDA, with address
  // A person with no activity for longer (no new profile, no change to the case) is erased with
  // their case; 0 keeps them until erased by hand.
  std::int32_t retention_days = 730;
  std::int64_t updated_at_ms = 0;

  bool operator==(const Office&) const = default;
};

// An event (a stand on one day), made by store_batch from the event block of the first record
// that names it, and owned by the office of the kiosk that brought that record.
struct Event {
  std::string event_id, name, date;  // date: YYYY-MM-DD
  std::int64_t office_id = kFirstOffice;
  std::int64_t first_seen_ms = 0;
  std::uint64_t records = 0;  // stored records (newest versions) of the event: list_events only

  bool operator==(const Event&) const = default;
};

// A consent text an office's kiosks showed, as the hub hashed it from that office's settings
// (ingest.h, ConsentTextBook; schema 7): the hex SHA-256 of the steps (domain/consent_text.h) in
// one language for one form version. The hash of a public text, no personal data. Never deleted:
// a kiosk's records made with settings the office has changed since still show a known text.
struct KeptConsentText {
  std::string sha256;  // 64 lowercase hex digits
  std::int64_t office_id = kFirstOffice;
  std::string language;
  std::string form_id;
  std::int32_t form_version = 0;

  bool operator==(const KeptConsentText&) const = default;
};

struct OfficeStore {
  virtual ~OfficeStore() = default;
  // Returns the new office's id. "hub_store.office_exists" when another office has that name.
  virtual Result<std::int64_t> add_office(const Office& office) = 0;
  // Changes everything but the id. "hub_store.unknown_office"; "hub_store.office_exists".
  virtual Result<void> update_office(const Office& office) = 0;
  virtual Result<std::optional<Office>> find_office(std::int64_t office_id) = 0;
  virtual Result<std::vector<Office>> list_offices() = 0;  // by id
  // A login's role and office from now on (its sessions see the change at their next request).
  // "hub_store.unknown_user", "hub_store.unknown_office".
  virtual Result<void> set_user_role(std::string_view name, OfficeRole role,
                                     std::int64_t office_id) = 0;
  // The kiosk belongs to another office from now on: the events it brings in from now on are
  // that office's; events and people it brought before stay where they are.
  // "hub_store.unknown_device", "hub_store.unknown_office".
  virtual Result<void> move_device(const DeviceId& device_id, std::int64_t office_id) = 0;
  // The events (newest date first) of one office, or of all with nullopt, with their counts.
  virtual Result<std::vector<Event>> list_events(std::optional<std::int64_t> office_id) = 0;
  // Keeps the texts not kept yet, in one transaction; one kept already stays as it is.
  virtual Result<void> keep_consent_texts(std::span<const KeptConsentText> texts) = 0;
  // Every text kept, by office, form, version, language and hash.
  virtual Result<std::vector<KeptConsentText>> kept_consent_texts() = 0;
};

// A person as the office knows them: one or more profiles (records) that staff linked as the
// same person, at most one case. Every stored record belongs to exactly one person from
// store_batch on (a new person of its own at first); linking joins two people into one.
using PersonId = std::int64_t;

// The way of a case, in order; a case may go back (a document was missing).
enum class CaseStage { fresh, contacted, counselling, documents, applied, decision, adaptation,
                       closed };
constexpr std::string_view case_stage_name(CaseStage stage) {
  constexpr std::string_view kNames[] = {"new",     "contacted", "counselling", "documents",
                                         "applied", "decision",  "adaptation",  "closed"};
  const auto i = static_cast<std::size_t>(stage);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}
std::optional<CaseStage> case_stage_from_name(std::string_view name);
// A decision of the competent body (Case::decision), and how a closed case ended (Case::outcome).
inline constexpr std::string_view kCaseDecisions[] = {"full", "partial", "none"};
inline constexpr std::string_view kCaseOutcomes[] = {
    "working_in_field", "other_work", "training", "moved_away", "unreachable", "withdrawn"};

struct Case {
  PersonId person_id = 0;
  std::int64_t office_id = kFirstOffice;
  CaseStage stage = CaseStage::fresh;
  std::string assigned_to;       // an office login, "" while nobody
  std::string next_action;       // what is to be done next ("call back", "bring diploma")
  std::string next_action_date;  // YYYY-MM-DD, "" when none
  std::string competent_body;    // applied: where the application went (the map's id or a name)
  std::string decision;          // decision: one of kCaseDecisions, "" before
  std::string outcome;           // closed: one of kCaseOutcomes, "" before
  std::string opened_by;         // a login, or "(ingest)" when a wish opened it
  std::int64_t opened_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  // Counts every change: update_case refuses a change made from an older state (two
  // counsellors on one case: the second sees the first's change instead of overwriting it).
  std::int64_t revision = 0;

  bool operator==(const Case&) const = default;
};

// The case's history, newest first on the case page: notes, contacts (a call, reached or not),
// and one line for every change update_case made (stage, counsellor, next action ...), with who
// and when. Personal data: erased with the person.
struct CaseEntry {
  std::int64_t id = 0;  // given by the store
  PersonId person_id = 0;
  std::int64_t at_ms = 0;
  std::string author;  // office login
  std::string kind;    // "note", "contact", "change", "opened", "linked", "unlinked"
  std::string text;    // the note; the contact's result; what the change was

  bool operator==(const CaseEntry&) const = default;
};

struct Person {
  PersonId id = 0;
  std::int64_t office_id = kFirstOffice;  // the office of its first profile's event
  std::vector<RecordId> records;          // its profiles, oldest first
  std::optional<Case> open_case;          // its case, if it has one (also when closed)
  std::int64_t last_activity_ms = 0;      // newest profile received, or case change
};

// The work lists: which cases, in which order.
struct CaseFilter {
  std::optional<std::int64_t> office_id;  // nullopt: every office (an administrator)
  std::string assigned_to;                // "my cases": this login
  std::optional<CaseStage> stage;
  bool include_closed = false;            // closed cases only when asked (or stage closed)
  // Overdue: the next action's date is before this day (YYYY-MM-DD); sorted by that date.
  std::string overdue_before;
  std::string event_id;  // a profile of the person is from this event
  std::string wish;      // a wish of the person's newest profile ("recognition_advice", ...)
  std::uint64_t offset = 0;
  std::uint64_t limit = 50;  // 0: no limit
  // false: CasePage::total stays 0 (the work list page takes it from count_cases instead of
  // counting every match twice).
  bool count_total = true;
};

struct CaseRow {
  Case c;
  RecordSummary newest;  // the person's newest profile (its JSON gives the name to show)
  std::uint32_t profiles = 0;
};

struct CasePage {
  std::uint64_t total = 0;
  std::vector<CaseRow> rows;  // overdue: soonest next action first; else last changed first
};

// The work list's tab counts in one query (count_cases): per stage, its cases, how many of them
// are assigned to the filter's login and how many are overdue before the filter's day.
struct CaseCounts {
  struct Stage {
    std::uint64_t cases = 0, mine = 0, overdue = 0;
    bool operator==(const Stage&) const = default;
  };
  std::array<Stage, static_cast<std::size_t>(CaseStage::closed) + 1> stages{};
  bool operator==(const CaseCounts&) const = default;
};

// What an erasure of a person took: the profiles (event and date for the confirmation page come
// from find_person before), whether a case went with its entries.
struct PersonErasure {
  std::vector<RecordId> records;
  bool had_case = false;
  std::uint64_t entries = 0;
};

struct CaseStore {
  virtual ~CaseStore() = default;
  virtual Result<std::optional<PersonId>> person_of(const RecordId& record_id) = 0;
  virtual Result<std::optional<Person>> find_person(PersonId person_id) = 0;
  // Opens a case at stage new for the person (an "opened" entry by `by`); the one it has when it
  // has one already (nothing changes). "hub_store.unknown_person".
  virtual Result<Case> open_case(PersonId person_id, std::string_view by, std::int64_t now_ms) = 0;
  // Stores `changed` (everything but person_id, office_id, opened_*: those stay) when the case
  // is still at changed.revision, adds `entry` (kind "change", what changed in words) in the same
  // transaction, and returns the case with its new revision. "hub_store.case_changed" when
  // someone changed it meanwhile: nothing is stored. "hub_store.unknown_person" when the case is
  // gone (erased). The change happens at entry.at_ms (the case's updated_at_ms and the person's
  // activity); entry.kind "" is "change". "hub_store.bad_case" when a field is not one of its
  // values (decision, outcome, next_action_date): nothing is stored.
  virtual Result<Case> update_case(const Case& changed, const CaseEntry& entry) = 0;
  // A note or contact; counts as activity. "hub_store.unknown_person" when there is no case.
  virtual Result<CaseEntry> add_case_entry(const CaseEntry& entry) = 0;
  virtual Result<std::vector<CaseEntry>> case_entries(PersonId person_id) = 0;  // newest first
  virtual Result<CasePage> list_cases(const CaseFilter& filter) = 0;
  // What every tab of a work list counts, at once: the cases of the filter's office, event and
  // wish by stage (closed too), and of them the ones assigned to filter.assigned_to and the ones
  // overdue before filter.overdue_before ("" counts none). Stage, include_closed and paging
  // are not applied: each tab picks its stages from the result.
  virtual Result<CaseCounts> count_cases(const CaseFilter& filter) = 0;
};

// Staff say that two profiles are the same person, or not. Nothing is linked automatically and
// linking deletes no profile.
struct PersonLinkStore {
  virtual ~PersonLinkStore() = default;
  // `other` becomes part of `keep`: its profiles join keep's, and their cases become one (keep's
  // when both have one: other's entries move into it). A "linked" entry records it when there is
  // a case. Returns keep. "hub_store.other_office" when they belong to different offices,
  // "hub_store.unknown_person", "hub_store.same_person".
  virtual Result<PersonId> link_people(PersonId keep, PersonId other, std::string_view by,
                                       std::int64_t now_ms) = 0;
  // Undoes a wrong link: the profile becomes a person of its own again (without a case; the
  // case stays with the rest). Returns the new person's id. "hub_store.unknown_record";
  // "hub_store.only_profile" when it is the person's only profile.
  virtual Result<PersonId> unlink_record(const RecordId& record_id, std::string_view by,
                                         std::int64_t now_ms) = 0;
  // The two profiles are different people: no suggestion pairs them again.
  virtual Result<void> mark_different(const RecordId& a, const RecordId& b, std::string_view by,
                                      std::int64_t now_ms) = 0;
  virtual Result<std::vector<std::pair<RecordId, RecordId>>> different_pairs(
      std::optional<std::int64_t> office_id) = 0;
  // What the duplicate suggestions work on: every stored record of the office (or all) with its
  // person and its matching keys (the index's match_keys column: domain/person_match.h's encode).
  struct MatchEntry {
    RecordId record_id{};
    PersonId person_id = 0;
    std::string match_keys;
  };
  virtual Result<std::vector<MatchEntry>> match_entries(std::optional<std::int64_t> office_id) = 0;
  // Erasure of a person (GDPR Art. 17): every profile of the person is tombstoned as tombstone()
  // does (ledger first), and the case, its entries, the marks "different" and the audit entries
  // whose subject is one of its records or the person go too, in one transaction. `reason` must
  // not contain personal data: it is kept with the tombstones.
  virtual Result<PersonErasure> erase_person(PersonId person_id, std::string_view reason,
                                             std::int64_t now_ms) = 0;
  // The people of an office with no activity since before `before_ms` (retention), oldest first.
  virtual Result<std::vector<PersonId>> inactive_people(std::int64_t office_id,
                                                        std::int64_t before_ms,
                                                        std::uint64_t limit) = 0;
};

// --- Figures for the programme's reporting --------------------------------------------------

// What an office did in one month, counted from the profiles' event dates (the day the person
// came to the stand: a kiosk that syncs weeks later still counts them in the month they came, and
// a date in words of the event needs no time zone). The people, wishes and case columns are a
// cohort: the people whose first profile's event fell in the month (linked profiles count once,
// in the month of the earliest), with their wishes (of their newest profile) and their case as it
// stands now (stage, the competent body's decision, the outcome of a closed case).
struct FigureCounts {
  std::uint64_t profiles = 0;
  std::uint64_t people = 0;
  std::vector<std::pair<std::string, std::uint64_t>> wishes;  // by wish token, in token order
  std::uint64_t cases = 0;                     // of the people, those with a case
  std::array<std::uint64_t, 8> stages{};       // by CaseStage
  std::array<std::uint64_t, 3> decisions{};    // by kCaseDecisions
  std::array<std::uint64_t, 6> outcomes{};     // by kCaseOutcomes

  bool operator==(const FigureCounts&) const = default;
};

struct MonthFigures {
  std::int64_t office_id = kFirstOffice;
  std::string month;  // YYYY-MM
  FigureCounts counts;

  bool operator==(const MonthFigures&) const = default;
};

struct FiguresStore {
  virtual ~FiguresStore() = default;
  // The figures of one office (or of every office, each on its own rows, with nullopt) for the
  // months from_month to to_month (YYYY-MM, both included), by month and office; a month or
  // office with nothing to count has no row. Counted by the database (GROUP BY), never by
  // reading profiles: no personal data leaves the store.
  virtual Result<std::vector<MonthFigures>> figures(std::optional<std::int64_t> office_id,
                                                    std::string_view from_month,
                                                    std::string_view to_month) = 0;
};

class ErasureLedger;  // erasure_ledger.h

// What keep_erasures_in did at start.
struct ErasureReplay {
  std::uint64_t in_ledger = 0;        // records the ledger names
  std::uint64_t erased_again = 0;     // of them, records the database held again (a restore)
  std::uint64_t added_to_ledger = 0;  // tombstones of the database the ledger lacked
};

// The whole store on one database: what the hub opens and hands to each part as the concern
// it needs (a HubStore& is a DeviceStore&, a RecordStore&, ...).
class HubStore : public DeviceStore,
                 public RecordStore,
                 public QuarantineStore,
                 public OfficeUserStore,
                 public SearchStore,
                 public EnrollmentStore,
                 public RecognitionMapStore,
                 public OccupationCodingStore,
                 public OfficeStore,
                 public CaseStore,
                 public PersonLinkStore,
                 public FiguresStore {
 public:
  // Erasures that survive a restore of the database from an older copy (erasure_ledger.h). From
  // now on tombstone() writes to the ledger first (and fails, erasing nothing, when it cannot),
  // store_batch treats a record id in the ledger as tombstoned (Gone: the kiosk may purge it,
  // nothing is stored), and the reads by id or profile link do not find it. Right now: every
  // record the ledger names is erased in the database if it is not (its rows deleted, its
  // tombstone made again), and every tombstone of the database the ledger lacks is added to it.
  virtual Result<ErasureReplay> keep_erasures_in(std::shared_ptr<ErasureLedger> ledger) = 0;

  // For /readyz: a read and a write (rolled back) on the database, and for SQLite that the file
  // opened is still the one at its path and its disk has room. Errors as every call's.
  virtual Result<void> check_ready() = 0;

  // The schema version the database was at when this store opened it: kHubSchemaVersion when it
  // was current, lower when the opening migrated it, 0 when it was new. What the operator is
  // told after an update.
  virtual int opened_at_schema() const = 0;
};

// --- Opening the store on a database ---------------------------------------------------
// Both openers make the schema, or migrate an older one to kHubSchemaVersion (sql_store.cpp),
// and refuse, leaving the database exactly as it was, with
//   hub_store.foreign_database the file or schema holds another program's tables and none of ours
//   hub_store.newer_schema     made by a newer Sichtbar hub: update the hub, never downgrade
//   hub_store.read_only        it cannot be written (file or folder, no rights to create tables,
//                              a read-only standby server, no schema in search_path)
// Later calls may fail with hub_store.write_failed (disk full or failing), hub_store.busy
// (another program holds the database, or a lock was held for more than a minute),
// hub_store.read_only, hub_store.corrupt, hub_store.failed (anything else), and the codes above.
inline constexpr int kHubSchemaVersion = 8;

// Whether opening may make the schema in a database that has none yet (a new SQLite file, an
// empty PostgreSQL database). `sichtbar-hub serve` refuses (a mistyped path must not start an
// empty hub that says it is healthy) with
//   hub_store.no_schema        no such SQLite file, or a database without the hub's tables
// and only `sichtbar-hub init-db` creates.
enum class NewDatabase { create, refuse };

// SQLite, the default for a single office: one database file, WAL with synchronous=FULL (an ACK
// is only sent for what survives power loss), secure_delete (erased records are overwritten).
// Creates the file (and missing parent folders, mode 0700) or opens it; refuses also with
//   hub_store.not_a_database   the file is not SQLite at all (damaged or some other file)
//   hub_store.corrupt          PRAGMA quick_check fails
// "SBHB" as application_id tells a hub database from any other SQLite file (the kiosk's is
// "SICH", so one can never be opened as the other); user_version is the schema.
inline constexpr std::int64_t kHubApplicationId = 0x53424842;
// min_free_bytes: less free space on the file's disk and check_ready() fails (a full disk).
Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& database_file,
                                                        NewDatabase if_new = NewDatabase::create,
                                                        std::uint64_t min_free_bytes = 4ull << 20);

// PostgreSQL, for offices that share one database, possibly with several hub processes.
// `conninfo` is a libpq connection string, a URL such as
//   postgresql://sichtbar@db.example.org:5432/sichtbar_hub?sslmode=verify-full
//   postgresql://sichtbar@/sichtbar_hub?host=/run/postgresql        (unix socket)
// or key=value pairs. The password may come from the URL, ~/.pgpass or PGPASSWORD; no message
// ever contains it. Tables go into the connection's current schema (the first of search_path);
// the table sichtbar_schema records the version. Refuses also with
//   hub_store.bad_address      the connection string does not parse
//   hub_store.unreachable      no server answers there (not running, wrong host/port, firewall)
//   hub_store.auth_failed      the server refused the login (user, password, pg_hba.conf)
//   hub_store.no_database      the server has no database of that name
//   hub_store.connect_failed   the connection failed for another reason (the server's words)
//   hub_store.bad_encoding     the database is not UTF8 (people's names are in every script)
// and later calls with hub_store.unreachable when the connection broke (the next call
// reconnects). Several hubs may share the database: store_batch and tombstone take a
// transaction advisory lock per record id (store_batch also one per kiosk for its sequence
// ranges), and the unique keys decide the rest, so a record is stored once however many hubs
// receive it. Erasure removes every row of the person; PostgreSQL drops the old row versions
// from its files only when (auto)vacuum reuses the space, and keeps them in WAL archives and
// backups for as long as the office keeps those.
Result<std::unique_ptr<HubStore>> open_postgres_hub_store(const std::string& conninfo,
                                                          NewDatabase if_new = NewDatabase::create);

}  // namespace sichtbar::hub
