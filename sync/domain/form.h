// The profile form as data: the model that the kiosk draws and the hub renders and flattens, and
// the loader that checks a form file before anyone relies on it.
//
// Form file format (assets/forms/<form_id>/<version>.json, one file per published version; see
// form_library.h; one JSON object, UTF-8):
//
//   { "form_id": "skills-profile",          lowercase a-z, 0-9, "_", "-"; names the form in records
//     "version": 1,                         whole number >= 1: each change a new file
//     "title_key": "form.title",
//     "sections": [ <section>, ... ] }      in the order the kiosk shows them
//
//   section: { "id": "about", "title_key": "...", "help_key": "..." (optional),
//              "event_kinds": ["football"]  (optional; absent = shown at every kind of event;
//                                            kinds are "info" and "football"),
//              "fields": [ <field>, ... ] }
//
//   field:   { "id": "year_of_birth", "type": "year", "label_key": "...",
//              "help_key": "..." (optional), "required": false (optional; not for consent),
//              ...the properties of its type: }
//     "text"           "max_length" (default 200), "format": "email" | "phone" (optional)
//     "long_text"      "max_length" (default 2000)
//     "single_choice"  "options": [ <option>, ... ]
//     "multi_choice"   "options", "max_items" (optional; absent = no limit)
//     "year"           "min", "max" (whole numbers; "max" may be the string "current")
//     "number"         "min", "max" (whole numbers)
//     "yes_no"         -
//     "taxonomy"       "taxonomy": "occupation" | "country" | "language"
//     "language_level" -  (the six CEFR levels A1..C2; the loader adds them as options with the
//                          label keys cefr.a1 .. cefr.c2)
//     "group"          "fields": [ <field>, ... ] (no group or consent inside), "max_items"
//     "consent"        "text_key", "text_version", "privacy_notice_version" (whole numbers >= 1),
//                      "options" whose entries may say "required": true (a purpose that must be
//                      granted to finish). Exactly one consent field, in the first section, and
//                      that section has no event_kinds: everyone sees it.
//
//   option:  { "value": "keep_profile", "label_key": "...", "required": true (consent only) }
//
// Ids and option values: lowercase a-z, 0-9 and "_", starting with a letter (values may start
// with a digit), at most 40 characters; unique among their siblings. Every title, label, help
// text and option label is a message key (lowercase a-z, 0-9, "_" and ".", dot-separated words,
// e.g. "about.name.label"), never text: the catalogues in assets/i18n/ hold the words.
// Lengths count code points. Unknown properties are errors, so a typo cannot pass unnoticed.
//
// The loader returns the first problem as one Error whose message names the file, the JSON path
// (with the id of the object, when it has one; "top level" for the form object itself) and the
// problem, e.g.
//   skills-profile.json: sections[3].fields[2] ("year"): unknown type "yeer" (expected one of: ...)
// Error codes:
//   form.unreadable          the file cannot be read
//   form.not_json            not JSON (the message gives line, column and byte)
//   form.duplicate_property  the same JSON property twice in one object
//   form.wrong_type          a property has the wrong JSON type (a string where a number goes)
//   form.missing_property    a required property is absent
//   form.unknown_property    a property that the object or field type does not take
//   form.unknown_type        a field type that does not exist
//   form.duplicate_id        two sections, sibling fields or options of a field share an id
//   form.bad_key             a message key of the wrong shape
//   form.bad_id              an id, option value or form id of the wrong shape
//   form.bad_reference       a taxonomy, event kind or text format that does not exist
//   form.bad_structure       consent missing, twice or not first; an empty group, section or
//                            option list; a group inside a group
//   form.bad_value           a number out of range: version < 1, min > max, max_length <= 0, ...
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar {

enum class FieldType {
  Text,
  LongText,
  SingleChoice,
  MultiChoice,
  Year,
  Number,
  YesNo,
  Taxonomy,
  LanguageLevel,
  Group,
  Consent
};

// The name a form file uses for a type ("long_text"), and the way back.
std::string_view field_type_name(FieldType type);
bool parse_field_type(std::string_view name, FieldType& type);

struct Option {
  std::string value;
  std::string label_key;
  bool required = false;  // consent purposes only: must be granted to finish
};

struct Field {
  std::string id;
  FieldType type = FieldType::Text;
  std::string label_key;
  std::string help_key;  // empty if none
  bool required = false;
  std::string format;           // text: "", "email" or "phone"
  std::string taxonomy;         // taxonomy: "occupation", "country" or "language"
  std::vector<Option> options;  // choices, consent purposes, CEFR levels
  int max_length = 0;           // text and long_text, in code points, defaults filled in
  int min = 0;                  // year and number
  int max = 0;                  // year and number; unused when max_is_current_year
  bool max_is_current_year = false;
  int max_items = 0;          // multi_choice and group; 0 = no limit
  std::vector<Field> fields;  // group
  std::string text_key;       // consent: the consent text shown
  int text_version = 0;
  int privacy_notice_version = 0;
};

struct Section {
  std::string id;
  std::string title_key;
  std::string help_key;
  std::vector<std::string> event_kinds;  // empty = every kind
  std::vector<Field> fields;

  bool shown_at(std::string_view event_kind) const;
};

struct Form {
  std::string id;
  int version = 0;
  std::string title_key;
  std::vector<Section> sections;

  // The one consent field. Every form that load_form/parse_form returns has it; calling this on
  // a form without one is a programming error and throws std::logic_error.
  const Field& consent_field() const;
  const Section* find_section(std::string_view section) const;
  const Field* find_field(std::string_view section, std::string_view field) const;
  // Every message key the form needs to be drawn, sorted and unique; includes the keys implied
  // by field types (answer.yes/answer.no for yes_no, cefr.* for language levels).
  std::vector<std::string> message_keys() const;
  // "skills-profile@1": the schema name records and envelopes carry.
  std::string schema() const;
};

// Appends the message keys a field shows, in the order a person reads them: label, question,
// help, the options (answer.yes/answer.no for yes_no), then its sub-fields'; empty keys are left
// out. Form::message_keys collects them for the catalogue checks, read aloud speaks them.
void append_message_keys(const Field& field, std::vector<std::string>& keys);

// The six CEFR levels, in order; the values that language_level answers take.
inline constexpr std::string_view kCefrLevels[] = {"A1", "A2", "B1", "B2", "C1", "C2"};
// The event kinds a section can be limited to.
inline constexpr std::string_view kEventKinds[] = {"info", "football"};

// Parses and checks a form. source_name (usually the file name) starts every error message.
Result<Form> parse_form(std::string_view json_text, std::string_view source_name);

// How a JSON value's type reads in an error message: "a whole number", "text", "a list", ...
std::string describe_json_type(const nlohmann::json& value);
// Reads the file and parses it; errors name the file by its file name.
Result<Form> load_form(const std::filesystem::path& file);

}  // namespace sichtbar
