// finish_profile: validate -> record -> canonical JSON -> seal + sign -> outbox commit -> QR.
#include "core/finish.h"

#include <sodium.h>

#include "base/dates.h"
#include "core/outbox.h"
#include "domain/record_check.h"
#include "domain/validate.h"
#include "protocol/envelope.h"

namespace sichtbar {

namespace {

// The consent block: every purpose of the form with granted or not, and proof of the text shown:
// the SHA-256 of every step with the office's settings, as the consent screen showed them.
Result<ConsentBlock> consent_block(const Form& form, const Catalogue& catalogue,
                                   const OfficeSettings& office, const nlohmann::json& answers,
                                   const std::string& locale, const std::string& given_at) {
  const Field& field = form.consent_field();
  auto steps = consent_steps(field, catalogue, consent_office(office));
  if (!steps) return std::unexpected(steps.error());
  ConsentBlock c;
  for (const Option& purpose : field.options) c.purposes[purpose.value] = false;
  const nlohmann::json* section =
      answers.contains(form.sections.front().id) ? &answers.at(form.sections.front().id) : nullptr;
  if (section && section->contains(field.id))
    for (const auto& granted : section->at(field.id)) c.purposes[granted.get<std::string>()] = true;
  c.text_id = field.text_key;
  c.text_version = field.text_version;
  c.text_sha256 = to_hex(sha256(as_bytes(consent_shown_text(*steps))));
  c.language = locale;
  c.privacy_notice_version = field.privacy_notice_version;
  c.given_at = given_at;
  return c;
}

}  // namespace

ConsentOffice consent_office(const OfficeSettings& office) {
  return {office.name, office.contact, office.data_protection_officer,
          office.supervisory_authority, office.retention_days};
}

Draft Draft::start(std::string locale, std::chrono::system_clock::time_point now) {
  Draft d;
  d.record_id = random_array<16>();
  d.locale = std::move(locale);
  d.started_at = now;
  return d;
}

void Draft::wipe() {
  wipe_json(answers);
  answers = nlohmann::json::object();
  sodium_memzero(locale.data(), locale.size());
  locale.clear();
  sodium_memzero(consent_locale.data(), consent_locale.size());
  consent_locale.clear();
  sodium_memzero(record_id.data(), record_id.size());
}

void wipe(FinishedProfile& profile) {
  wipe_string(profile.profile_url);
  sodium_memzero(profile.qr.modules.data(), profile.qr.modules.size());
  sodium_memzero(profile.record_id.data(), profile.record_id.size());
}

Result<FinishedProfile> finish_profile(KioskStore& store, const FinishContext& ctx, Draft& draft,
                                       std::chrono::system_clock::time_point now) {
  // The second line behind the screens' gate, read from the store each time: a hub that does not
  // know this kiosk refuses its profiles, and the person's QR code would never open.
  auto enrolled = is_enrolled(store);
  if (!enrolled) return std::unexpected(enrolled.error());
  if (!*enrolled) return fail("kiosk.not_enrolled", std::string(kNotEnrolledMessage));
  if (!ctx.setup.office) return fail("kiosk.no_office", std::string(kNoOfficeMessage));
  if (auto incomplete = office_incomplete_message(*ctx.setup.office); !incomplete.empty())
    return fail("kiosk.office_incomplete", incomplete);
  ValidatedAnswers checked = validate_answers(
      ctx.form, draft.answers, ValidationContext{ctx.setup.event.kind, year_of(now)});
  if (!checked.ok()) return std::unexpected(to_error(checked.problems));

  const std::string finished_at = rfc3339_utc(now);
  auto consent = consent_block(ctx.form, ctx.catalogue, *ctx.setup.office, checked.answers,
                               draft.consent_locale.empty() ? draft.locale : draft.consent_locale,
                               finished_at);
  if (!consent) return std::unexpected(consent.error());

  Record record;
  record.record_id = draft.record_id;
  record.form_id = ctx.form.id;
  record.form_version = ctx.form.version;
  record.event = ctx.setup.event;
  record.device_id = to_hex(ctx.device.device_id);
  record.locale = draft.locale;
  record.started_at = rfc3339_utc(draft.started_at);
  record.finished_at = finished_at;
  record.consent = std::move(*consent);
  record.answers = std::move(checked.answers);
  record.answers.erase(ctx.form.sections.front().id);  // consent lives in the consent block
  if (!ctx.occupation_reference.empty())
    record.references["occupations"] = std::string(ctx.occupation_reference);
  // The link is a secret the person may have to copy by hand: no look-alike characters.
  record.profile_token = new_profile_token(random_array<16>());

  // The hub's own check of the whole record (domain/record_check.h), so what the kiosk seals is
  // exactly what the hub accepts: a record it would quarantine is never sealed. The consent text
  // known here is the one just shown and hashed.
  const KnownConsentTexts shown = {{ctx.form.schema(), {record.consent.text_sha256}}};
  if (auto problems = check_record(ctx.form, record, {year_of(now), &shown}); !problems.empty()) {
    wipe_json(record.answers);
    return std::unexpected(to_error(problems));
  }

  FinishedProfile done;
  done.record_id = record.record_id;
  // The link carries the person's language, so the hub can greet them in it even before the
  // kiosk has synced and it knows their record.
  done.profile_url = profile_url(ctx.setup.profile_base_url, record.profile_token, record.locale);
  // The QR code is made before anything is stored: a finished profile always has its code.
  auto qr = encode_qr(done.profile_url);
  if (!qr) return std::unexpected(qr.error());
  done.qr = std::move(*qr);

  auto plaintext = canonical_json(record);
  wipe_json(record.answers);
  if (!plaintext) return std::unexpected(plaintext.error());

  auto result = [&]() -> Result<void> {
    auto tx = store.begin();
    if (!tx) return std::unexpected(tx.error());
    Outbox outbox(store);
    auto seq = outbox.next_seq();
    if (!seq) return std::unexpected(seq.error());
    EnvelopeHeader header{record.record_id,     static_cast<std::uint32_t>(record.record_version),
                          ctx.device.device_id, *seq,
                          unix_ms_of(now),      ctx.setup.hub.key_id,
                          ctx.form.schema()};
    auto envelope = seal_envelope(header, as_bytes(*plaintext), ctx.setup.hub, ctx.device);
    if (!envelope) return std::unexpected(envelope.error());
    if (auto r = outbox.add_sealed(*seq, record.record_id, *envelope, unix_ms_now()); !r) return r;
    if (auto r = store.audit("record.finished", "seq=" + std::to_string(*seq)); !r) return r;
    done.seq = *seq;
    done.envelope_bytes = envelope->size();
    return tx->commit();
  }();
  sodium_memzero(plaintext->data(), plaintext->size());
  if (!result) return std::unexpected(result.error());
  return done;
}

}  // namespace sichtbar
