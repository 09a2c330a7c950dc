// Hub ingest: everything the hub does with pushed or bundled envelopes before it stores them
// (PROTOCOL.md "Envelope format v1", DESIGN.md "Sync protocol"). Per envelope: parse; the
// envelope comes from the kiosk that sends it; the signature verifies with that kiosk's enrolled
// key (before anything is opened); it is sealed to our key; the schema is a version of our form; it
// opens; the record inside parses and its record_id, record_version and device match the signed
// header; its form id/version are the envelope's; the consent block fits that form version; the
// answers validate against it; the profile token is well formed. Then the good ones go to
// HubStore::store_batch in one transaction. Nothing of a rejected item is stored, and its plaintext
// is wiped.
//
// Timestamps never reject a record (kiosk clocks may be off by days): the year that "current"
// means in the form is the later of the record's finished_at year and the hub's year.
//
// prepare_envelope is pure given its inputs (no store, no globals), so a server can verify and
// open the items of a batch on several threads and then call store_batch once.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/consent_text.h"
#include "domain/form_library.h"
#include "domain/record_check.h"
#include "hub/hub_store.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

class ConsentTextBook;

// The offices whose settings made each consent text the hub keeps (hex SHA-256 -> office ids,
// ascending): whose consent a record names, so whose record it is.
using ConsentTextOffices = std::map<std::string, std::vector<std::int64_t>, std::less<>>;

struct IngestContext {
  const HubKeys& keys;  // the current key: it signs ACKs and receipts
  // Every version of the form the hub knows: each record is checked with the version it names
  // (its schema, e.g. skills-profile@1), so kiosks not yet upgraded still sync.
  const FormLibrary& forms;
  std::span<const HubKeys> retired = {};  // older keys: envelopes sealed to them still open
  // The consent texts the hub knows per form version (load_consent_texts). A record whose
  // consent text is not among them goes to quarantine; nullptr: none known.
  const KnownConsentTexts* consent_texts = nullptr;
  // When set, the texts of the offices' settings as the store has them now and every one kept
  // (it replaces consent_texts and consent_offices for each batch): what a serving hub uses,
  // whose offices change while it runs and between its starts.
  ConsentTextBook* consent_book = nullptr;
  // Whose settings made each known text: a record is stored for the office whose consent it
  // names (StoredRecord::office_id). nullptr: the store's rule (its event's, else its kiosk's).
  const ConsentTextOffices* consent_offices = nullptr;

  // The key with this id, current or retired; nullptr for none.
  const HubKeys* key_for(std::uint32_t key_id) const {
    if (keys.key_id == key_id) return &keys;
    for (const HubKeys& k : retired)
      if (k.key_id == key_id) return &k;
    return nullptr;
  }
};

// The office's settings as its kiosks' consent steps name them (views into `office`).
ConsentOffice consent_office(const Office& office);

// The hex SHA-256 of what each form version's consent steps show (domain/consent_text.h) in
// every UI language whose catalogue (i18n_dir/<lang>.po) has them, once with each office's
// settings: what a kiosk of that office writes into a record's consent block
// (kiosk/core/finish.cpp hashes the same steps), plus the old texts a catalogue edit replaced
// (i18n_dir/retired_consent_texts.txt), so a record made with one is not quarantined.
// Errors: a catalogue that does not load, a retired line that is not "<form version> <language>
// <sha256>".
Result<KnownConsentTexts> load_consent_texts(const FormLibrary& forms,
                                             const std::filesystem::path& i18n_dir,
                                             std::span<const Office> offices);

// The consent texts of a serving hub, following its offices: the steps are hashed again when an
// office's settings changed in the store, and every hash is kept in the store with its office
// (OfficeStore::keep_consent_texts, never deleted), so a kiosk's records made with settings its
// office has changed since (before the kiosk's next sync) are not quarantined, also after the
// hub restarts, and the profiles a kiosk made before it moved to another office of this hub
// are its earlier office's, whose consent they name. Safe to use from several threads.
class ConsentTextBook {
 public:
  struct Texts {
    KnownConsentTexts known;     // the retired texts and every one kept for any office
    ConsentTextOffices offices;  // whose settings made each kept text
  };
  static Result<std::unique_ptr<ConsentTextBook>> load(const FormLibrary& forms,
                                                       const std::filesystem::path& i18n_dir);
  // Hashes the steps with every office's settings as the store has them now (when they changed
  // since the last call) and keeps the hashes in the store. Called when the hub starts serving
  // and before an office's settings change: its kiosks may hold them until their next sync.
  Result<void> keep_current(OfficeStore& store);
  // What a record may name (after keep_current): the retired texts and every one kept for an
  // office (those of every office's settings now among them), with their offices.
  Result<std::shared_ptr<const Texts>> current(OfficeStore& store);

 private:
  ConsentTextBook(const FormLibrary& forms, std::vector<Catalogue> catalogues,
                  KnownConsentTexts retired);
  const FormLibrary& forms_;
  const std::vector<Catalogue> catalogues_;
  const KnownConsentTexts retired_;
  std::mutex mutex_;
  std::vector<Office> offices_;  // the settings texts_ was last made for
  std::shared_ptr<const Texts> texts_;
};

// How far past the highest seq the hub has seen from a kiosk a new one may be: a kiosk seals
// one envelope per person, so even a kiosk that was offline for a season stays far below; a
// seq beyond is refused (ingest.seq_too_far), so it can neither open a gap the office would see
// forever nor use up the kiosk's sequence space.
inline constexpr std::uint64_t kMaxSeqAhead = 100'000;

// What the hub keeps of a profile link: SHA-256 over profile_token_key(token) (domain/record.h):
// a Crockford token's 26 symbols, however the link was typed, or an older base64url token
// exactly as its QR link carries it (https://<hub>/p/<token>). The profile page hashes the path
// segment the same way and looks the hash up; the token itself is never stored.
Sha256 profile_token_hash(std::string_view profile_token);

struct PreparedItem {
  std::optional<StoredRecord> record;  // set when the envelope passed every check
  ItemOutcome rejected;                // otherwise: Rejected and the reason ("<code>: <message>")
  // From the header when it parsed (0 otherwise), and the hash of the bytes as received, so the
  // ACK names the item even when it was rejected.
  std::uint64_t seq = 0;
  RecordId record_id{};
  Sha256 envelope_sha256{};
};

// Reason codes of rejected items: the envelope.* codes of parse/verify/open (PROTOCOL.md), and
//   ingest.wrong_device      the envelope names another kiosk than the one sending it
//   ingest.device_revoked    the kiosk was revoked
//   ingest.unknown_form      the schema is no form version this hub knows (update the hub), or
//                            the record names another form than its envelope
//   ingest.bad_seq           seq outside 1..2^63-1
//   ingest.bad_record        the plaintext is not a record (not JSON, fields missing, ...)
//   ingest.header_mismatch   record_id, record_version or device inside differ from the header
//   ingest.bad_consent       the consent block does not fit the form's consent field
//   ingest.invalid_answers   the answers do not validate (the reason lists up to five problems,
//                            never what the person typed)
//   ingest.bad_token         the profile token is not 16 bytes of base64url
// A record that opens but fails domain/record_check.h's record.* checks (hidden characters,
// lengths, the event's date, locale, an unknown consent text) is not rejected: `record` is set
// with quarantine_reason "<record.* code>: <problems>", so the store quarantines it and the kiosk
// stops sending it. Its record_json, event_id and token_hash stay empty: nothing of its text is
// kept outside the sealed envelope.
PreparedItem prepare_envelope(ByteView envelope, const Device& device, const IngestContext& context,
                              std::int64_t now_ms);

struct BatchOutcome {
  std::uint64_t seq = 0;
  RecordId record_id{};
  Sha256 envelope_sha256{};
  ItemOutcome outcome;
};

// One batch from one kiosk: prepares each envelope, stores the good ones with one store_batch
// call (one transaction, committed before this returns), notes when the kiosk was last seen and
// returns one outcome per envelope in input order. claimed_seqs are the seqs the PUSH items (or
// the bundle's manifest) give, one per envelope: an envelope whose signed header says another
// is rejected (ingest.seq_mismatch), and so is one more than kMaxSeqAhead past the highest seq
// seen from the kiosk (ingest.seq_too_far); neither marks its seq as seen. An unknown kiosk
// ("ingest.unknown_device": it must be enrolled first) or a revoked one ("ingest.device_revoked")
// gets an Error and nothing of the batch is looked at; so does a store failure (nothing of the
// batch is stored then).
Result<std::vector<BatchOutcome>> ingest_batch(HubStore& store, const DeviceId& device_id,
                                               std::span<const ByteView> envelopes,
                                               std::span<const std::uint64_t> claimed_seqs,
                                               const IngestContext& context, std::int64_t now_ms);

// The office's Release of a quarantined envelope: opened and checked again as at ingest (a form
// version or consent text added since may let it pass), then stored (QuarantineStore). Stored or
// Duplicate: it left quarantine. Rejected or Conflict: it stays, and the reason says why.
// Errors: ingest.not_quarantined (no such envelope), ingest.unknown_device, store failures.
Result<ItemOutcome> release_quarantined(HubStore& store, const IngestContext& context,
                                        const Sha256& id, std::int64_t now_ms);

}  // namespace sichtbar::hub
