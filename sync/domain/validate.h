// Checking a person's answers against the form: what the kiosk runs at finish and the hub runs
// again at ingest. Returns the cleaned answers to store and every problem found; never throws.
//
// Answers are a JSON object {section_id: {field_id: value}}:
//   text, long_text, single_choice, taxonomy, language_level   a string
//   multi_choice                                               a list of option values
//   year, number                                               a whole number
//   yes_no                                                     true or false
//   group                                                      a list of objects {field_id: value}
//   consent                                  the list of granted purposes, e.g. ["keep_profile"]
// null, "", [] and text that is empty after cleaning count as unanswered.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.h"
#include "domain/form.h"

namespace sichtbar {

struct ValidationContext {
  std::string event_kind = "info";  // sections limited to other kinds must stay unanswered
  int current_year = 0;             // what a year's "max": "current" means; 0 = from the clock
  // Text that should be clean already (a sealed record): hidden characters (base/text.h
  // find_hidden_text) are refused as record.control_character / record.bidi_control instead of
  // being cleaned away. The kiosk cleans what a person typed; the hub refuses what was not.
  bool refuse_hidden_text = false;
};

struct FieldProblem {
  std::string path;     // "about.year_of_birth", "education.items[1].year"; "" = the whole
  std::string code;     // "answers.required", "answers.out_of_range", ...
  std::string message;  // for a volunteer, in English; never repeats what the person typed
};

struct ValidatedAnswers {
  // Cleaned answers {section_id: {field_id: value}}: text cleaned (text.h), unanswered fields,
  // empty group items and empty sections left out, consent purposes in the form's order.
  // Answers with a problem are left out too.
  nlohmann::json answers = nlohmann::json::object();
  std::vector<FieldProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Problem codes: answers.not_object, answers.unknown_section, answers.section_not_shown,
// answers.unknown_field, answers.wrong_type, answers.required, answers.consent_required,
// answers.invalid_utf8, answers.too_long, answers.bad_format, answers.out_of_range,
// answers.not_an_option, answers.duplicate, answers.too_many, answers.bad_code; with
// refuse_hidden_text also record.control_character and record.bidi_control.
ValidatedAnswers validate_answers(const Form& form, const nlohmann::json& answers,
                                  const ValidationContext& context);

// One error for all problems: code "answers.invalid"; the message lists up to five problems as
// "path: message" and then "and N more".
Error to_error(const std::vector<FieldProblem>& problems);

}  // namespace sichtbar
