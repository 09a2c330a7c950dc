// The consent as a person goes through it: short steps, each a title and a text from the
// catalogue with the office's settings filled in (who is responsible, whom to ask, how long
// profiles are kept, where to complain), and last the purposes to choose. The record's consent
// block holds the SHA-256 of everything the steps showed (consent_shown_text), so the kiosk that
// shows the steps and the hub that checks the hash compose them here, in one place.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/form.h"

namespace sichtbar {

// The office's settings as the consent names them (the protocol's OfficeSettings on the kiosk,
// the hub's Office on the hub: the domain sees neither).
struct ConsentOffice {
  std::string_view name;  // the controller
  std::string_view contact;
  std::string_view data_protection_officer;
  std::string_view supervisory_authority;
  std::int32_t retention_days = 0;  // 0: kept until erased
};

// The steps with their keys, in order. The first step's text is the form's consent text
// (Field::text_key, "consent.text"); the others are the kiosk's own keys. Placeholders:
// {controller}, {contact}, {data_protection_officer}, {supervisory_authority}, {days}.
struct ConsentStepKeys {
  std::string_view id;
  std::string_view title_key;
  std::string_view text_key;  // empty: the form's consent text
};
inline constexpr std::array<ConsentStepKeys, 5> kConsentTextSteps = {{
    {"about", "consent.step.about", ""},
    {"controller", "consent.step.controller", "consent.text.controller"},
    {"keep", "consent.step.keep", "consent.text.keep"},
    {"rights", "consent.step.rights", "consent.text.rights"},
    {"withdraw", "consent.step.withdraw", "consent.text.withdraw"},
}};
// The "keep" step ends with one of these: how long the office keeps a profile with no activity.
inline constexpr std::string_view kConsentRetentionDaysKey = "consent.text.retention";
inline constexpr std::string_view kConsentRetentionUntilErasedKey =
    "consent.text.retention.until_erased";
// The last step: the purposes (the consent field's options) as choices under its label.
inline constexpr std::string_view kConsentChooseTitleKey = "consent.step.choose";
// The text steps and the choice: what the progress through the consent counts.
inline constexpr std::size_t kConsentSteps = kConsentTextSteps.size() + 1;

// One step as shown: everything filled in. The last step's text is the consent field's label and
// its choices the purposes' labels, in the form's order.
struct ConsentStep {
  std::string id;
  std::string title;
  std::string text;
  std::vector<std::string> choices;
};

// The text key of a step: its own, or the form's consent text for the first.
inline std::string_view consent_text_key_of(const Field& consent, const ConsentStepKeys& step) {
  return step.text_key.empty() ? std::string_view(consent.text_key) : step.text_key;
}
// Every message key the steps of this consent field use (for the catalogue checks and read
// aloud), the form's own keys included. Inline: the form's key walk (form.cpp) uses it, and the
// fuzzers link the form without the catalogue.
inline std::vector<std::string> consent_step_keys(const Field& consent) {
  std::vector<std::string> keys;
  for (const ConsentStepKeys& step : kConsentTextSteps) {
    keys.emplace_back(step.title_key);
    keys.emplace_back(consent_text_key_of(consent, step));
  }
  keys.emplace_back(kConsentRetentionDaysKey);
  keys.emplace_back(kConsentRetentionUntilErasedKey);
  keys.emplace_back(kConsentChooseTitleKey);
  return keys;
}
// The keys step `index` reads aloud: its title and text (the choose step: its title, the label
// and the purposes).
std::vector<std::string> consent_step_speech_keys(const Field& consent, std::size_t index,
                                                  std::int32_t retention_days);

// What the steps fill in, by placeholder ({controller}, {contact}, {data_protection_officer},
// {supervisory_authority}, {days}): consent_steps shows these, and read aloud says them
// (speech_script.h), so the person hears the same office as they read.
MessageValues consent_values(const ConsentOffice& office);

// The steps in the catalogue's language with the office filled in. Each filled-in value is
// isolated (FSI ... PDI) in every language, so an office name typed in another script or with
// stray direction marks shows as typed and never reorders the words around it.
// Error "finish.no_consent_text" when the catalogue lacks a step's text (naming the language).
Result<std::vector<ConsentStep>> consent_steps(const Field& consent, const Catalogue& catalogue,
                                               const ConsentOffice& office);

// What the steps showed, as one text: every title, text and choice in order, each ended by a line
// feed, a blank line between steps. Its SHA-256 is what a record's consent block holds.
std::string consent_shown_text(const std::vector<ConsentStep>& steps);

}  // namespace sichtbar
