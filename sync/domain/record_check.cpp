// The whole-record check (see record_check.h): the record's own texts here, the answers through
// validate_answers with hidden text refused.
#include "domain/record_check.h"

#include <chrono>

#include "base/dates.h"
#include "base/text.h"
#include "base/wipe.h"
#include "domain/ui_languages.h"

namespace sichtbar {

namespace {

class OwnTexts {
 public:
  explicit OwnTexts(std::vector<FieldProblem>& problems) : problems_(problems) {}

  // A single-line text of the record: no hidden characters, at most `cap` code points. False
  // when it has a problem (reported).
  bool check(const std::string& path, std::string_view text, std::size_t cap) {
    switch (find_hidden_text(text, false)) {
      case HiddenText::None:
        break;
      case HiddenText::InvalidUtf8:
        return add(path, "record.invalid_utf8", "The text holds bytes that are not UTF-8.");
      case HiddenText::Control:
        return add(path, "record.control_character",
                   "The text holds a control character or a line break.");
      case HiddenText::BidiControl:
        return add(path, "record.bidi_control",
                   "The text holds a character that reverses or embeds writing direction.");
    }
    const std::size_t length = count_code_points(text);
    if (length > cap)
      return add(path, "record.too_long",
                 "The text is " + std::to_string(length) + " characters long; at most " +
                     std::to_string(cap) + " are allowed.");
    return true;
  }

  bool add(const std::string& path, std::string code, std::string message) {
    problems_.push_back({path, std::move(code), std::move(message)});
    return false;
  }

 private:
  std::vector<FieldProblem>& problems_;
};

}  // namespace

std::vector<FieldProblem> check_record(const Form& form, const Record& record,
                                       const RecordCheckContext& context) {
  std::vector<FieldProblem> problems;
  OwnTexts own(problems);

  own.check("event.id", record.event.id, kMaxRecordCode);
  own.check("event.name", record.event.name, kMaxEventText);
  own.check("event.venue", record.event.venue, kMaxEventText);
  own.check("event.kind", record.event.kind, kMaxRecordCode);
  if (own.check("event.date", record.event.date, kMaxRecordCode) &&
      !is_calendar_date(record.event.date))
    own.add("event.date", "record.bad_date",
            "The event's date is not a calendar date written YYYY-MM-DD.");
  // Kiosk clocks may be off by days or unset, so times are only checked to be harmless text.
  own.check("started_at", record.started_at, kMaxRecordCode);
  own.check("finished_at", record.finished_at, kMaxRecordCode);
  own.check("consent.given_at", record.consent.given_at, kMaxRecordCode);
  own.check("device_id", record.device_id, kMaxRecordCode);
  own.check("form.id", record.form_id, kMaxRecordCode);
  own.check("consent.text_id", record.consent.text_id, kMaxRecordCode);
  own.check("profile_token", record.profile_token, kMaxRecordCode);
  for (const auto& [purpose, granted] : record.consent.purposes)
    own.check("consent.purposes", purpose, kMaxRecordCode);
  for (const auto& [taxonomy, version] : record.references)
    if (own.check("references", taxonomy, kMaxRecordCode))
      own.check("references." + taxonomy, version, kMaxRecordCode);

  if (own.check("locale", record.locale, kMaxRecordCode) && !is_ui_language(record.locale))
    own.add("locale", "record.unknown_locale",
            "The record's language is none of the languages the kiosk offers.");
  if (own.check("consent.language", record.consent.language, kMaxRecordCode) &&
      !is_ui_language(record.consent.language))
    own.add("consent.language", "record.unknown_consent_text",
            "The consent was given in a language the kiosk does not offer.");
  if (own.check("consent.text_sha256", record.consent.text_sha256, kMaxRecordCode)) {
    bool known = false;
    if (context.consent_texts != nullptr) {
      const auto it = context.consent_texts->find(form.schema());
      known = it != context.consent_texts->end() && it->second.contains(record.consent.text_sha256);
    }
    if (!known)
      own.add(
          "consent.text_sha256", "record.unknown_consent_text",
          "The consent text the person saw is not one known for the form " + form.schema() + ".");
  }

  // The answers as the kiosk asked them: the consent block's granted purposes are the consent
  // question's answer. Validated with the event kind the record names.
  nlohmann::json answers = record.answers;
  if (answers.is_object()) {
    nlohmann::json granted = nlohmann::json::array();
    for (const auto& [purpose, yes] : record.consent.purposes)
      if (yes) granted.push_back(purpose);
    answers[form.sections.front().id][form.consent_field().id] = std::move(granted);
  }
  ValidationContext answer_context{record.event.kind, context.current_year, true};
  if (answer_context.current_year <= 0)
    answer_context.current_year = year_of(std::chrono::system_clock::now());
  ValidatedAnswers checked = validate_answers(form, answers, answer_context);
  wipe_json(answers);
  wipe_json(checked.answers);
  for (FieldProblem& p : checked.problems) problems.push_back(std::move(p));
  return problems;
}

bool is_record_problem(const FieldProblem& problem) { return problem.code.starts_with("record."); }

}  // namespace sichtbar
