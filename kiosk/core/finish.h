// Finishing a profile: the one path from a person's answers to a QR code, shared by the finish
// button and `sichtbar-kiosk fill`. Validate, build the record, serialize it canonically, seal it
// to the hub and sign it, store the envelope in the outbox with one synchronous commit, and make
// the QR code. If any step fails the profile is not finished, nothing is stored, and the caller
// gets an error to show; the answers stay in RAM so the person can try again.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "base/qr.h"
#include "base/wipe.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/catalogue.h"
#include "domain/consent_text.h"
#include "domain/form.h"
#include "protocol/keys.h"

namespace sichtbar {

// One person's answers while they fill the form: in RAM only, wiped at reset.
struct Draft {
  std::array<std::uint8_t, 16> record_id{};
  std::string locale;
  // The language the consent text was shown in when the person gave consent; empty = locale.
  // A person may change the language after consenting: the consent block must still prove the
  // text they saw.
  std::string consent_locale;
  std::chrono::system_clock::time_point started_at;
  nlohmann::json answers = nlohmann::json::object();  // {section: {field: value}}, consent too

  static Draft start(std::string locale, std::chrono::system_clock::time_point now);
  // Overwrites every string in memory, then empties the draft.
  void wipe();
};

struct FinishedProfile {
  std::uint64_t seq = 0;
  std::array<std::uint8_t, 16> record_id{};
  std::string profile_url;
  QrCode qr;
  std::size_t envelope_bytes = 0;
};
// Overwrites the link and the QR code (they open the person's profile) and the record's id.
void wipe(FinishedProfile& profile);

// What finishing needs besides the draft; loaded once per kiosk session, not per person.
struct FinishContext {
  const Form& form;
  // The consent's language (draft.consent_locale, else draft.locale): the consent text shown
  // comes from it.
  const Catalogue& catalogue;
  const DeviceIdentity& device;
  const KioskSetup& setup;
  // The version of the occupation data the picker offered (OccupationList::reference_version()),
  // stored once in the record ("references"); empty: none is stored.
  std::string_view occupation_reference = {};
};

// The office's settings as the consent steps name them (views into `office`).
ConsentOffice consent_office(const OfficeSettings& office);

// A kiosk whose enrollment is not complete (is_enrolled) finishes nothing: "kiosk.not_enrolled";
// nor does one without its office's settings (setup.office), whose consent could not say who is
// responsible: "kiosk.no_office", or whose settings leave out what it names:
// "kiosk.office_incomplete" (office_incomplete_message). The consent block holds the SHA-256 of every step as shown
// (consent_steps with setup.office, in the consent's language).
Result<FinishedProfile> finish_profile(KioskStore& store, const FinishContext& context,
                                       Draft& draft, std::chrono::system_clock::time_point now);

}  // namespace sichtbar
