// Records as a kiosk finishes them (kiosk/core/finish.cpp), for the hub's store tests: answers
// validated against the form, every consent purpose granted, a fresh record id and profile token,
// and a stand-in consent text the test's hub is told it knows (hub_records_consent_texts).
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "base/bytes.h"
#include "domain/form.h"
#include "domain/record.h"
#include "domain/record_check.h"
#include "domain/validate.h"
#include "protocol/keys.h"

namespace sichtbar::test {

inline std::string hub_records_consent_sha256() {
  return to_hex(sha256(as_bytes("Einwilligungstext")));
}

// The consent texts a hub knows for the records below.
inline KnownConsentTexts hub_records_consent_texts(const Form& form) {
  return {{form.schema(), {hub_records_consent_sha256()}}};
}

// A record of a football event in Augsburg, finished on 2026-11-28 in German by device_hex.
inline Record hub_record(const Form& form, const std::string& device_hex,
                         const nlohmann::json& answers) {
  const ValidatedAnswers checked = validate_answers(form, answers, {"football", 2026});
  REQUIRE(checked.ok());
  Record r;
  r.record_id = random_array<16>();
  r.form_id = form.id;
  r.form_version = form.version;
  r.event = {"2026-11-28-augsburg-spieltag", "Spieltag", "Sportpark", "2026-11-28", "football"};
  r.device_id = device_hex;
  r.locale = "de";
  r.started_at = "2026-11-28T10:00:00Z";
  r.finished_at = "2026-11-28T10:12:00Z";
  const Field& consent = form.consent_field();
  for (const Option& o : consent.options) r.consent.purposes[o.value] = true;
  r.consent.text_id = consent.text_key;
  r.consent.text_version = consent.text_version;
  r.consent.text_sha256 = hub_records_consent_sha256();
  r.consent.language = "de";
  r.consent.privacy_notice_version = consent.privacy_notice_version;
  r.consent.given_at = r.finished_at;
  r.answers = checked.answers;
  r.answers.erase("consent");
  r.profile_token = to_base64url(random_array<16>());
  return r;
}

}  // namespace sichtbar::test
