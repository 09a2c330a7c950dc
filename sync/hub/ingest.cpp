// Hub ingest: the checks of one envelope (prepare_envelope) and one kiosk's batch (ingest_batch).
// The order of the checks matters: nothing is decrypted before the signature verified, and
// nothing is stored unless every check passed.
#include "hub/ingest.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "base/dates.h"
#include "base/files.h"
#include "base/wipe.h"
#include "domain/catalogue.h"
#include "domain/record.h"
#include "domain/record_check.h"
#include "domain/ui_languages.h"
#include "domain/validate.h"
#include "hub/request_log.h"
#include "hub/store_logic.h"
#include "protocol/envelope.h"

namespace sichtbar::hub {

namespace {

ItemOutcome rejected(std::string_view code, std::string_view message) {
  return {IngestStatus::Rejected, std::string(code) + ": " + std::string(message)};
}
ItemOutcome rejected(const Error& e) { return rejected(e.code, e.message); }

// The year of an RFC 3339 time ("2026-11-28T..."), or 0 if it does not start with one.
int year_of_text(std::string_view rfc3339) {
  int year = 0;
  if (rfc3339.size() < 4) return 0;
  auto [end, ec] = std::from_chars(rfc3339.data(), rfc3339.data() + 4, year);
  return ec == std::errc() && end == rfc3339.data() + 4 ? year : 0;
}

// Everything parsed from a plaintext. The plaintext buffer is always overwritten; the parsed
// trees are overwritten too unless the record is stored (then the store keeps its JSON anyway and
// wiping would only cost time on the ingest path): nothing of a rejected item's plaintext stays
// behind in memory. (Members are destroyed after this destructor's body: still alive here.)
struct Parsed {
  Bytes& plaintext;
  bool stored = false;
  nlohmann::json document;
  Record record;

  explicit Parsed(Bytes& p) : plaintext(p) {}
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;
  ~Parsed() {
    sodium_memzero(plaintext.data(), plaintext.size());
    sodium_memzero(record.profile_token.data(), record.profile_token.size());
    if (stored) return;
    wipe_json(document);
    wipe_json(record.answers);
    for (std::string* text : {&record.event.name, &record.event.venue, &record.locale})
      sodium_memzero(text->data(), text->size());
  }
};

// The consent block must describe the form's consent field: the same text and notice versions
// and exactly its purposes. (Which purposes must be granted is checked by validate_answers.)
std::optional<std::string> consent_mismatch(const Form& form, const ConsentBlock& consent) {
  const Field& field = form.consent_field();
  if (consent.text_id != field.text_key || consent.text_version != field.text_version)
    return "the consent text it names is not the one this form shows";
  if (consent.privacy_notice_version != field.privacy_notice_version)
    return "the privacy notice version is not the one this form shows";
  std::set<std::string> expected;
  for (const Option& o : field.options) expected.insert(o.value);
  std::set<std::string> got;
  for (const auto& [purpose, granted] : consent.purposes) got.insert(purpose);
  if (got != expected) return "its purposes are not the purposes of this form";
  return std::nullopt;
}

// The row of an opened envelope, as stored or quarantined: what its signed header and record say.
StoredRecord envelope_row(const EnvelopeHeader& header, const Sha256& envelope_sha256,
                          ByteView envelope, const Record& r, std::int64_t now_ms) {
  StoredRecord row;
  row.record_id = header.record_id;
  row.record_version = header.record_version;
  row.device_id = header.device_id;
  row.seq = header.seq;
  row.envelope_sha256 = envelope_sha256;
  row.envelope.assign(envelope.begin(), envelope.end());
  row.form_id = r.form_id;
  row.form_version = r.form_version;
  row.received_at_ms = now_ms;
  return row;
}

// Whose record it is: the office whose consent the person gave. The kiosk's own office when its
// settings made the text (or no office's did: a catalogue's retired text); else the office of
// this hub whose kept settings did: a kiosk moved to another office brings the profiles it made
// under its earlier office's consent. (check_record quarantined a text no office's settings made.)
std::int64_t office_of_consent(const IngestContext& context, std::string_view text_sha256,
                               std::int64_t kiosk_office) {
  if (context.consent_offices == nullptr) return 0;
  const auto it = context.consent_offices->find(text_sha256);
  if (it == context.consent_offices->end() || it->second.empty() ||
      std::ranges::find(it->second, kiosk_office) != it->second.end())
    return kiosk_office;
  return it->second.front();
}

}  // namespace

Sha256 profile_token_hash(std::string_view profile_token) {
  // A link typed by hand (upper case, O for 0, hyphens left out) finds its record; the
  // base64url tokens of older records hash as they always did.
  std::string key = profile_token_key(profile_token);
  const Sha256 hash = sha256(as_bytes(key));
  wipe_string(key);
  return hash;
}

PreparedItem prepare_envelope(ByteView envelope, const Device& device, const IngestContext& context,
                              std::int64_t now_ms) {
  PreparedItem item;
  item.envelope_sha256 = sha256(envelope);

  auto parsed = parse_envelope(envelope);
  if (!parsed) {
    item.rejected = rejected(parsed.error());
    return item;
  }
  const EnvelopeHeader& header = parsed->header;
  item.seq = header.seq;
  item.record_id = header.record_id;

  if (header.device_id != device.device_id) {
    item.rejected =
        rejected("ingest.wrong_device", "The envelope was made by kiosk " +
                                            device_id_text(header.device_id) + ", not by kiosk " +
                                            device_id_text(device.device_id) + " that sent it.");
    return item;
  }
  if (device.revoked_at_ms) {
    item.rejected =
        rejected("ingest.device_revoked", "Kiosk " + device_id_text(device.device_id) +
                                              " was revoked at this hub; it cannot send records.");
    return item;
  }
  if (!seq_in_range(header.seq)) {
    item.rejected = rejected("ingest.bad_seq", "The envelope's " + seq_out_of_range(header.seq));
    return item;
  }
  // Verify before opening: a forged envelope is never decrypted.
  if (auto v = verify_envelope(envelope, device.sign_public); !v) {
    item.rejected = rejected(v.error());
    return item;
  }
  // The version the envelope names: records made with an older version (a kiosk not yet
  // upgraded) are checked with that version, not refused.
  const Form* form_ptr = nullptr;
  for (const Form& version : context.forms.versions())
    if (version.schema() == header.schema) form_ptr = &version;
  if (form_ptr == nullptr) {
    std::string known;
    for (const Form& version : context.forms.versions())
      known += (known.empty() ? "\"" : ", \"") + version.schema() + "\"";
    item.rejected = rejected("ingest.unknown_form",
                             "The record was made with the form \"" + header.schema +
                                 "\", which this hub does not have (it knows " + known +
                                 "). Update the hub: add that form version to its forms folder; "
                                 "the record stays on the kiosk until then.");
    return item;
  }
  const Form& form = *form_ptr;
  // Sealed to a retired key (before a rotation reached the kiosk): that key opens it. An id the
  // hub never had fails in open_envelope with its own reason.
  const HubKeys* key = context.key_for(header.hub_key_id);
  auto plaintext = open_envelope(envelope, key != nullptr ? *key : context.keys);
  if (!plaintext) {
    item.rejected = rejected(plaintext.error());
    return item;
  }

  Parsed p(*plaintext);
  p.document = nlohmann::json::parse(plaintext->begin(), plaintext->end(), nullptr,
                                     /*allow_exceptions=*/false);
  if (p.document.is_discarded() || !p.document.is_object()) {
    item.rejected = rejected("ingest.bad_record", "The sealed record is not a JSON object.");
    return item;
  }
  auto record = record_from_json(p.document);
  if (!record) {
    item.rejected = rejected("ingest.bad_record", record.error().message);
    return item;
  }
  p.record = std::move(*record);
  const Record& r = p.record;

  if (r.record_id != header.record_id || r.record_version < 0 ||
      static_cast<std::uint32_t>(r.record_version) != header.record_version ||
      r.device_id != to_hex(header.device_id)) {
    item.rejected = rejected("ingest.header_mismatch",
                             "The record_id, record_version or device inside the record differ "
                             "from the envelope's signed header.");
    return item;
  }
  if (r.form_id != form.id || r.form_version != form.version) {
    item.rejected =
        rejected("ingest.unknown_form", "The record names the form \"" + r.form_id + "@" +
                                            std::to_string(r.form_version) +
                                            "\", but its envelope says \"" + header.schema + "\".");
    return item;
  }
  if (std::find(std::begin(kEventKinds), std::end(kEventKinds), r.event.kind) ==
      std::end(kEventKinds)) {
    item.rejected = rejected("ingest.bad_record",
                             "The record's event kind is not one this hub "
                             "knows (info or football).");
    return item;
  }
  if (auto why = consent_mismatch(form, r.consent)) {
    item.rejected = rejected("ingest.bad_consent",
                             "The record's consent block does not fit the "
                             "form: " +
                                 *why + ".");
    return item;
  }

  // The kiosk keeps consent in the consent block, not in the answers; check_record validates
  // both together the way the kiosk did at finish.
  const std::string& consent_section = form.sections.front().id;
  if (r.answers.contains(consent_section)) {
    item.rejected = rejected("ingest.bad_record",
                             "The record's answers hold a consent section; "
                             "consent belongs in the consent block.");
    return item;
  }
  // The kiosk validated with its own clock's year, which is finished_at's year; a hub ahead of
  // it by days must not turn "born this year" into an error, so take the later of the two.
  const int year = std::max(year_of_text(r.finished_at), year_of_unix_ms(now_ms));
  std::vector<FieldProblem> record_problems, answer_problems;
  for (FieldProblem& problem : check_record(form, r, {year, context.consent_texts}))
    (is_record_problem(problem) ? record_problems : answer_problems).push_back(std::move(problem));
  if (!record_problems.empty()) {
    // What an honest kiosk never sends (it cleans and checks before sealing): kept sealed in
    // quarantine for the office, and acknowledged, so the kiosk does not send it forever.
    StoredRecord quarantined = envelope_row(header, item.envelope_sha256, envelope, r, now_ms);
    quarantined.quarantine_reason =
        record_problems.front().code + ": " + to_error(record_problems).message;
    item.record = std::move(quarantined);
    return item;
  }
  if (!answer_problems.empty()) {
    item.rejected = rejected("ingest.invalid_answers", to_error(answer_problems).message);
    return item;
  }

  if (!is_profile_token(r.profile_token)) {
    item.rejected = rejected("ingest.bad_token",
                             "The record's profile token is not 16 bytes in the form a kiosk makes "
                             "(Crockford base32 in blocks of 4, or base64url).");
    return item;
  }

  // What the hub keeps: the record without its profile token, and the token's hash. The token
  // is a bearer secret, so its copy in the parsed document is overwritten before it is freed.
  const Sha256 token_hash = profile_token_hash(r.profile_token);
  if (auto it = p.document.find("profile_token"); it != p.document.end()) wipe_json(*it);
  p.document.erase("profile_token");
  auto json_text = canonical_json(p.document);
  if (!json_text) {
    item.rejected = rejected("ingest.bad_record", json_text.error().message);
    return item;
  }

  StoredRecord stored = envelope_row(header, item.envelope_sha256, envelope, r, now_ms);
  stored.record_json = std::move(*json_text);
  stored.token_hash = token_hash;
  stored.event_id = r.event.id;
  stored.office_id = office_of_consent(context, r.consent.text_sha256, device.office_id);
  item.record = std::move(stored);
  p.stored = true;
  return item;
}

ConsentOffice consent_office(const Office& office) {
  return {office.name, office.contact, office.data_protection_officer,
          office.supervisory_authority, office.retention_days};
}

namespace {

Result<std::vector<Catalogue>> load_catalogues(const std::filesystem::path& i18n_dir) {
  std::vector<Catalogue> catalogues;
  for (std::string_view lang : kUiLanguages) {
    auto catalogue = Catalogue::load_locale(i18n_dir, lang);
    if (!catalogue) return std::unexpected(catalogue.error());
    catalogues.push_back(std::move(*catalogue));
  }
  return catalogues;
}

// Every form version's steps in every catalogue with the office's settings: take(form, catalogue,
// hex SHA-256 of what they show).
template <typename Take>
void each_office_text(const FormLibrary& forms, const std::vector<Catalogue>& catalogues,
                      const Office& office, Take take) {
  for (const Catalogue& catalogue : catalogues)
    for (const Form& form : forms.versions())
      if (auto steps = consent_steps(form.consent_field(), catalogue, consent_office(office)))
        take(form, catalogue, to_hex(sha256(as_bytes(consent_shown_text(*steps)))));
}

// Texts a catalogue edit replaced: records made with them were consent to a known text.
Result<KnownConsentTexts> load_retired_texts(const std::filesystem::path& i18n_dir) {
  KnownConsentTexts known;
  const std::filesystem::path retired = i18n_dir / "retired_consent_texts.txt";
  const std::optional<std::string> lines = read_whole_file(retired);
  if (!lines) return known;
  std::istringstream in(*lines);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string schema, lang, hash, rest;
    fields >> schema >> lang >> hash;
    if (!is_ui_language(lang) || hash.size() != 64 ||
        hash.find_first_not_of("0123456789abcdef") != std::string::npos || (fields >> rest))
      return fail("ingest.bad_retired_consent",
                  retired.string() + ":" + std::to_string(number) +
                      ": a line names a form version, a UI language and the 64-digit SHA-256 "
                      "of an old consent text; fix or remove it and start the hub again.");
    known[schema].insert(hash);
  }
  return known;
}

}  // namespace

Result<KnownConsentTexts> load_consent_texts(const FormLibrary& forms,
                                             const std::filesystem::path& i18n_dir,
                                             std::span<const Office> offices) {
  auto catalogues = load_catalogues(i18n_dir);
  if (!catalogues) return std::unexpected(catalogues.error());
  auto known = load_retired_texts(i18n_dir);
  if (!known) return std::unexpected(known.error());
  for (const Office& office : offices)
    each_office_text(forms, *catalogues, office, [&](const Form& form, const Catalogue&,
                                                     std::string hash) {
      (*known)[form.schema()].insert(std::move(hash));
    });
  return known;
}

ConsentTextBook::ConsentTextBook(const FormLibrary& forms, std::vector<Catalogue> catalogues,
                                 KnownConsentTexts retired)
    : forms_(forms),
      catalogues_(std::move(catalogues)),
      retired_(std::move(retired)),
      texts_(std::make_shared<const Texts>(Texts{retired_, {}})) {}

Result<std::unique_ptr<ConsentTextBook>> ConsentTextBook::load(
    const FormLibrary& forms, const std::filesystem::path& i18n_dir) {
  auto catalogues = load_catalogues(i18n_dir);
  if (!catalogues) return std::unexpected(catalogues.error());
  auto retired = load_retired_texts(i18n_dir);
  if (!retired) return std::unexpected(retired.error());
  return std::unique_ptr<ConsentTextBook>(
      new ConsentTextBook(forms, std::move(*catalogues), std::move(*retired)));
}

Result<void> ConsentTextBook::keep_current(OfficeStore& store) {
  auto offices = store.list_offices();
  if (!offices) return std::unexpected(offices.error());
  std::lock_guard lock(mutex_);
  if (*offices == offices_) return {};
  std::vector<KeptConsentText> texts;
  for (const Office& office : *offices)
    each_office_text(forms_, catalogues_, office,
                     [&](const Form& form, const Catalogue& catalogue, std::string hash) {
                       texts.push_back(
                           {std::move(hash), office.id, catalogue.language(), form.id, form.version});
                     });
  // Kept before they are used: what a kiosk was given stays known whatever happens next.
  if (auto kept = store.keep_consent_texts(texts); !kept) return kept;
  // Read back whole: another hub on the same database may have kept texts this one never made.
  auto all = store.kept_consent_texts();
  if (!all) return std::unexpected(all.error());
  auto known = std::make_shared<Texts>(Texts{retired_, {}});
  for (const KeptConsentText& text : *all) {
    const Form* form = forms_.find(text.form_id, text.form_version);
    if (form == nullptr) continue;  // a version this hub does not know: refused at ingest anyway
    known->known[form->schema()].insert(text.sha256);
    std::vector<std::int64_t>& by = known->offices[text.sha256];
    if (std::ranges::find(by, text.office_id) == by.end()) by.push_back(text.office_id);
  }
  for (auto& [hash, by] : known->offices) std::ranges::sort(by);
  texts_ = std::move(known);
  offices_ = std::move(*offices);
  return {};
}

Result<std::shared_ptr<const ConsentTextBook::Texts>> ConsentTextBook::current(OfficeStore& store) {
  if (auto kept = keep_current(store); !kept) return std::unexpected(kept.error());
  std::lock_guard lock(mutex_);
  return texts_;
}

namespace {

// The context with the consent texts a record may name and their offices, when it has a book
// (held by `texts` while the context is used).
Result<IngestContext> with_current_texts(HubStore& store, const IngestContext& context,
                                         std::shared_ptr<const ConsentTextBook::Texts>& texts) {
  IngestContext now = context;
  if (!context.consent_book) return now;
  auto current = context.consent_book->current(store);
  if (!current) return std::unexpected(current.error());
  texts = std::move(*current);
  now.consent_texts = &texts->known;
  now.consent_offices = &texts->offices;
  return now;
}

// A record stored for another office than its kiosk's (made before the kiosk moved) is told to
// the operator: which kiosk, which seq, which offices; nothing of the person.
void log_earlier_office(const StoredRecord& record, const ItemOutcome& outcome,
                        std::int64_t kiosk_office) {
  if (outcome.status != IngestStatus::Stored || record.office_id == 0 ||
      record.office_id == kiosk_office)
    return;
  log_info("ingest.earlier_office", "device=" + to_hex(record.device_id) +
                                        " seq=" + std::to_string(record.seq) +
                                        " office=" + std::to_string(record.office_id) +
                                        " kiosk_office=" + std::to_string(kiosk_office));
}

}  // namespace

Result<std::vector<BatchOutcome>> ingest_batch(HubStore& store, const DeviceId& device_id,
                                               std::span<const ByteView> envelopes,
                                               std::span<const std::uint64_t> claimed_seqs,
                                               const IngestContext& context, std::int64_t now_ms) {
  if (claimed_seqs.size() != envelopes.size())
    return fail("ingest.bad_batch", "The batch names " + std::to_string(claimed_seqs.size()) +
                                        " sequence numbers for " +
                                        std::to_string(envelopes.size()) + " envelopes.");
  auto device = store.find_device(device_id);
  if (!device) return std::unexpected(device.error());
  if (!*device)
    return fail("ingest.unknown_device",
                "Kiosk " + device_id_text(device_id) +
                    " is not enrolled at this hub. Enroll it from the office (a new enrollment "
                    "code), then sync again; its records stay on the kiosk until then.");
  if ((*device)->revoked_at_ms)
    return fail("ingest.device_revoked",
                "Kiosk " + device_id_text(device_id) +
                    " was revoked at this hub and cannot send records any more. Its records "
                    "stay on the kiosk: ask the office what to do with them.");

  std::shared_ptr<const ConsentTextBook::Texts> texts;
  auto checked_with = with_current_texts(store, context, texts);
  if (!checked_with) return std::unexpected(checked_with.error());
  // Prepare every item first (this is where the time goes: verify, open, validate), then store
  // the good ones in one transaction.
  // prepare_envelope is pure, so the work is spread over the cores; the store stays serial.
  std::vector<PreparedItem> prepared(envelopes.size());
  const std::size_t workers = std::max<std::size_t>(
      1, std::min<std::size_t>(std::thread::hardware_concurrency(), (envelopes.size() + 15) / 16));
  auto prepare_range = [&](std::size_t worker) {
    for (std::size_t i = worker; i < envelopes.size(); i += workers)
      prepared[i] = prepare_envelope(envelopes[i], **device, *checked_with, now_ms);
  };
  if (workers <= 1) {
    prepare_range(0);
  } else {
    std::vector<std::jthread> threads;
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(prepare_range, w);
    prepare_range(0);
  }

  // The seq games: what the item claims must be what its envelope's signed header says, and no
  // seq may run far ahead of what the hub has seen from the kiosk. Both are refused before
  // anything is stored or marked as seen.
  auto seen = store.checkpoint(device_id);
  if (!seen) return std::unexpected(seen.error());
  const std::uint64_t furthest =
      seen->max_seen > kMaxSeq - kMaxSeqAhead ? kMaxSeq : seen->max_seen + kMaxSeqAhead;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    PreparedItem& item = prepared[i];
    if (!item.record) continue;
    if (item.seq != claimed_seqs[i]) {
      item.record.reset();
      item.rejected =
          rejected("ingest.seq_mismatch",
                   "The item says sequence number " + std::to_string(claimed_seqs[i]) +
                       ", but its envelope's signed header says " + std::to_string(item.seq) + ".");
    } else if (item.seq > furthest) {
      item.record.reset();
      item.rejected = rejected("ingest.seq_too_far",
                               "The sequence number " + std::to_string(item.seq) +
                                   " is more than " + std::to_string(kMaxSeqAhead) +
                                   " past the highest this hub has seen from the kiosk (" +
                                   std::to_string(seen->max_seen) + ").");
    }
  }

  std::vector<StoredRecord> good;
  std::vector<std::size_t> good_index;
  for (std::size_t i = 0; i < prepared.size(); ++i)
    if (prepared[i].record) {
      good.push_back(std::move(*prepared[i].record));
      good_index.push_back(i);
    }

  std::vector<BatchOutcome> outcomes(prepared.size());
  for (std::size_t i = 0; i < prepared.size(); ++i)
    outcomes[i] = {prepared[i].seq, prepared[i].record_id, prepared[i].envelope_sha256,
                   std::move(prepared[i].rejected)};
  if (!good.empty()) {
    auto stored = store.store_batch(good);
    if (!stored) return std::unexpected(stored.error());
    if (stored->size() != good.size())
      return fail("ingest.store_failed", "The hub's store answered for " +
                                             std::to_string(stored->size()) + " of " +
                                             std::to_string(good.size()) + " records.");
    for (std::size_t k = 0; k < good.size(); ++k) {
      log_earlier_office(good[k], (*stored)[k], (*device)->office_id);
      outcomes[good_index[k]].outcome = std::move((*stored)[k]);
    }
    for (StoredRecord& r : good) sodium_memzero(r.record_json.data(), r.record_json.size());
  }
  // Last seen is informational: the batch is committed already, so a failure here must not
  // turn its outcomes into an error (the next call reports a failing store anyway).
  (void)store.touch_device(device_id, now_ms);
  return outcomes;
}

Result<ItemOutcome> release_quarantined(HubStore& store, const IngestContext& context,
                                        const Sha256& id, std::int64_t now_ms) {
  auto found = store.find_quarantined(id);
  if (!found) return std::unexpected(found.error());
  if (!*found)
    return fail("ingest.not_quarantined",
                "There is no quarantined record " + to_hex(id) + " (released or discarded).");
  auto device = store.find_device((*found)->device_id);
  if (!device) return std::unexpected(device.error());
  if (!*device)
    return fail("ingest.unknown_device", "The quarantined record comes from kiosk " +
                                             device_id_text((*found)->device_id) +
                                             ", which is not enrolled at this hub.");
  std::shared_ptr<const ConsentTextBook::Texts> texts;
  auto checked_with = with_current_texts(store, context, texts);
  if (!checked_with) return std::unexpected(checked_with.error());
  PreparedItem item = prepare_envelope((*found)->envelope, **device, *checked_with, now_ms);
  if (!item.record) return item.rejected;
  if (item.record->seq != (*found)->seq)  // the row and its envelope always agree; be sure
    return rejected("ingest.seq_mismatch", "The quarantined envelope names another seq.");
  if (!item.record->quarantine_reason.empty())
    return ItemOutcome{IngestStatus::Conflict, item.record->quarantine_reason};
  auto outcome = store.release_quarantined(id, *item.record);
  if (outcome) log_earlier_office(*item.record, *outcome, (*device)->office_id);
  sodium_memzero(item.record->record_json.data(), item.record->record_json.size());
  return outcome;
}

}  // namespace sichtbar::hub
