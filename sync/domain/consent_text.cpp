// The consent's steps (see consent_text.h).
#include "domain/consent_text.h"

#include <algorithm>

namespace sichtbar {

namespace {

std::string_view retention_key(std::int32_t retention_days) {
  return retention_days > 0 ? kConsentRetentionDaysKey : kConsentRetentionUntilErasedKey;
}

}  // namespace

std::vector<std::string> consent_step_speech_keys(const Field& consent, std::size_t index,
                                                  std::int32_t retention_days) {
  if (index < kConsentTextSteps.size()) {
    const ConsentStepKeys& step = kConsentTextSteps[index];
    std::vector<std::string> keys{std::string(step.title_key),
                                  std::string(consent_text_key_of(consent, step))};
    if (step.id == "keep") keys.emplace_back(retention_key(retention_days));
    return keys;
  }
  std::vector<std::string> keys{std::string(kConsentChooseTitleKey), consent.label_key};
  for (const Option& purpose : consent.options) keys.push_back(purpose.label_key);
  return keys;
}

MessageValues consent_values(const ConsentOffice& office) {
  return {{"controller", std::string(office.name)},
          {"contact", std::string(office.contact)},
          {"data_protection_officer", std::string(office.data_protection_officer)},
          {"supervisory_authority", std::string(office.supervisory_authority)},
          {"days", std::to_string(office.retention_days)}};
}

Result<std::vector<ConsentStep>> consent_steps(const Field& consent, const Catalogue& catalogue,
                                               const ConsentOffice& office) {
  const MessageValues values = consent_values(office);
  std::vector<ConsentStep> steps;
  std::string missing;
  auto text = [&](std::string_view key) -> std::string {
    const std::string* found = catalogue.find(key);
    if (!found) {
      if (missing.empty()) missing = std::string(key);
      return {};
    }
    return format_message(*found, values, ValueIsolation::isolated);
  };
  for (const ConsentStepKeys& keys : kConsentTextSteps) {
    ConsentStep step{
        std::string(keys.id), text(keys.title_key), text(consent_text_key_of(consent, keys)), {}};
    if (keys.id == "keep") step.text += "\n" + text(retention_key(office.retention_days));
    steps.push_back(std::move(step));
  }
  ConsentStep choose{"choose", text(kConsentChooseTitleKey), text(consent.label_key), {}};
  for (const Option& purpose : consent.options) choose.choices.push_back(text(purpose.label_key));
  steps.push_back(std::move(choose));
  if (!missing.empty())
    return fail("finish.no_consent_text",
                "The consent text is missing in language \"" + catalogue.language() + "\" (" +
                    missing +
                    "), so the profile cannot be finished in it. Choose another "
                    "language.");
  return steps;
}

std::string consent_shown_text(const std::vector<ConsentStep>& steps) {
  std::string shown;
  for (const ConsentStep& step : steps) {
    if (!shown.empty()) shown += '\n';
    shown += step.title + '\n' + step.text + '\n';
    for (const std::string& choice : step.choices) shown += choice + '\n';
  }
  return shown;
}

}  // namespace sichtbar
