// Loading and checking form files (format and error codes in form.h), and the form model's
// queries.
#include "domain/form.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "base/files.h"
#include "domain/consent_text.h"

namespace sichtbar {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 11> kTypeNames = {
    "text",   "long_text", "single_choice",  "multi_choice", "year",   "number",
    "yes_no", "taxonomy",  "language_level", "group",        "consent"};
constexpr std::string_view kTaxonomies[] = {"occupation", "country", "language"};
constexpr std::string_view kTextFormats[] = {"email", "phone"};
// Labels of the CEFR levels (kCefrLevels), which every language_level field offers.
constexpr std::string_view kCefrLevelKeys[] = {"cefr.a1", "cefr.a2", "cefr.b1",
                                               "cefr.b2", "cefr.c1", "cefr.c2"};

constexpr int kDefaultTextLength = 200;
constexpr int kDefaultLongTextLength = 2000;
// Far above any sensible form, low enough that no count overflows anywhere downstream.
constexpr int kMaxLengthLimit = 100000;
constexpr std::size_t kMaxIdLength = 40;
constexpr std::size_t kMaxKeyLength = 100;

// Properties each object takes. A field's list depends on its type.
const std::vector<std::string_view> kFormProperties = {"form_id", "version", "title_key",
                                                       "sections"};
const std::vector<std::string_view> kSectionProperties = {"id", "title_key", "help_key",
                                                          "event_kinds", "fields"};
const std::vector<std::string_view> kFieldCommon = {"id", "type", "label_key", "help_key",
                                                    "required"};

std::vector<std::string_view> field_properties(FieldType type) {
  std::vector<std::string_view> p = kFieldCommon;
  auto add = [&](std::initializer_list<std::string_view> more) { p.insert(p.end(), more); };
  switch (type) {
    case FieldType::Text:
      add({"max_length", "format"});
      break;
    case FieldType::LongText:
      add({"max_length"});
      break;
    case FieldType::SingleChoice:
      add({"options"});
      break;
    case FieldType::MultiChoice:
      add({"options", "max_items"});
      break;
    case FieldType::Year:
    case FieldType::Number:
      add({"min", "max"});
      break;
    case FieldType::YesNo:
    case FieldType::LanguageLevel:
      break;
    case FieldType::Taxonomy:
      add({"taxonomy"});
      break;
    case FieldType::Group:
      add({"fields", "max_items"});
      break;
    case FieldType::Consent:
      // Whether consent is needed is said per purpose, so the field itself takes no "required".
      p.erase(std::find(p.begin(), p.end(), "required"));
      add({"text_key", "text_version", "privacy_notice_version", "options"});
      break;
  }
  return p;
}

// Every property any field type takes: the first check, before the type is known.
std::vector<std::string_view> all_field_properties() {
  std::set<std::string_view> all;
  for (std::size_t t = 0; t < kTypeNames.size(); ++t)
    for (auto p : field_properties(static_cast<FieldType>(t))) all.insert(p);
  return {all.begin(), all.end()};
}

std::string join(const auto& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool contains(const auto& list, std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// A JSON value as it can appear in a message: short, and always valid JSON text.
std::string shown(const json& value) {
  std::string s = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// Levenshtein distance, for "did you mean" on unknown properties and types.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(std::string_view word, const auto& candidates) {
  std::string_view best;
  std::size_t best_distance = 3;  // more than two edits away is not a typo
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best.empty() ? "" : "did you mean " + in_quotes(best) + "? ";
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_id(std::string_view s, bool may_start_with_digit) {
  if (s.empty() || s.size() > kMaxIdLength) return false;
  if (!may_start_with_digit && !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '_'; });
}

bool is_form_id(std::string_view s) {
  if (s.empty() || s.size() > kMaxIdLength || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_lower_alnum(c) || c == '_' || c == '-'; });
}

// Dot-separated words of a-z, 0-9 and "_", starting with a letter: "consent.purpose.contact".
bool is_message_key(std::string_view s) {
  if (s.empty() || s.size() > kMaxKeyLength || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  char previous = '.';
  for (char c : s) {
    if (c == '.' && previous == '.') return false;
    if (c != '.' && !is_lower_alnum(c) && c != '_') return false;
    previous = c;
  }
  return previous != '.';
}

// Thrown inside this file only, caught by parse_form: a form file has one error reported, and the
// checks below read straight through instead of passing a result up every level.
struct FormFileError {
  Error error;
};

// Where in the file a check is: the JSON path, plus the id of the object once it is known.
struct Place {
  std::string path;
  std::string id;

  Place child(std::string_view property, std::size_t index) const {
    return {(path.empty() ? "" : path + ".") + std::string(property) + "[" + std::to_string(index) +
                "]",
            ""};
  }
  std::string text() const {
    if (path.empty()) return "top level";
    return id.empty() ? path : path + " (" + in_quotes(id) + ")";
  }
};

class FormReader {
 public:
  explicit FormReader(std::string_view source) : source_(source) {}

  Form read_form(const json& root);

 private:
  [[noreturn]] void fail(const Place& at, std::string code, std::string problem) const {
    throw FormFileError{
        Error{std::move(code), source_ + ": " + at.text() + ": " + std::move(problem)}};
  }

  void check_properties(const json& object, const Place& at,
                        const std::vector<std::string_view>& allowed, std::string_view what) const;
  const json* find(const json& object, std::string_view property) const;
  const json& need(const json& object, const Place& at, std::string_view property) const;
  std::string string_of(const json& value, const Place& at, std::string_view property) const;
  std::string read_string(const json& object, const Place& at, std::string_view property,
                          bool required) const;
  std::string read_key(const json& object, const Place& at, std::string_view property,
                       bool required) const;
  std::string read_id(const json& object, const Place& at, std::string_view property,
                      bool may_start_with_digit) const;
  int int_of(const json& value, const Place& at, std::string_view property) const;
  int read_int(const json& object, const Place& at, std::string_view property) const;
  bool read_bool(const json& object, const Place& at, std::string_view property) const;
  const json& read_list(const json& object, const Place& at, std::string_view property,
                        std::string_view what) const;

  Section read_section(const json& object, Place at, bool first);
  Field read_field(const json& object, Place at, const Section& section, bool in_group);
  std::vector<Field> read_fields(const json& list, const Place& at, const Section& section,
                                 bool in_group);
  std::vector<Option> read_options(const json& object, const Place& at, bool consent) const;
  void read_range(const json& object, const Place& at, Field& field) const;

  std::string source_;
  std::string consent_path_;  // where the consent field was found, once it was
};

void FormReader::check_properties(const json& object, const Place& at,
                                  const std::vector<std::string_view>& allowed,
                                  std::string_view what) const {
  for (const auto& [name, value] : object.items()) {
    if (contains(allowed, name)) continue;
    fail(at, "form.unknown_property",
         "unknown property " + in_quotes(name) + " (" + did_you_mean(name, allowed) +
             std::string(what) + " takes: " + join(allowed) + ")");
  }
}

const json* FormReader::find(const json& object, std::string_view property) const {
  auto it = object.find(property);
  return it == object.end() ? nullptr : &*it;
}

const json& FormReader::need(const json& object, const Place& at, std::string_view property) const {
  const json* value = find(object, property);
  if (!value) fail(at, "form.missing_property", "missing property " + in_quotes(property));
  return *value;
}

std::string FormReader::string_of(const json& value, const Place& at,
                                  std::string_view property) const {
  if (!value.is_string())
    fail(at, "form.wrong_type",
         in_quotes(property) + " must be a string, not " + describe_json_type(value));
  return value.get<std::string>();
}

std::string FormReader::read_string(const json& object, const Place& at, std::string_view property,
                                    bool required) const {
  const json* value = required ? &need(object, at, property) : find(object, property);
  return value ? string_of(*value, at, property) : std::string();
}

std::string FormReader::read_key(const json& object, const Place& at, std::string_view property,
                                 bool required) const {
  std::string key = read_string(object, at, property, required);
  if (find(object, property) && !is_message_key(key))
    fail(at, "form.bad_key",
         in_quotes(property) + " is " + shown(key) +
             ", which is not a message key (dot-separated words of a-z, 0-9 and \"_\", such as "
             "\"about.name.label\"; the words themselves belong in assets/i18n/)");
  return key;
}

std::string FormReader::read_id(const json& object, const Place& at, std::string_view property,
                                bool may_start_with_digit) const {
  std::string id = read_string(object, at, property, true);
  if (!is_id(id, may_start_with_digit))
    fail(at, "form.bad_id",
         in_quotes(property) + " is " + shown(id) + ", which is not a valid " +
             std::string(property) + " (a-z, 0-9 and \"_\", " +
             (may_start_with_digit ? "" : "starting with a letter, ") + "at most " +
             std::to_string(kMaxIdLength) + " characters)");
  return id;
}

int FormReader::int_of(const json& value, const Place& at, std::string_view property) const {
  if (!value.is_number_integer())
    fail(at, "form.wrong_type",
         in_quotes(property) + " must be a whole number, not " + describe_json_type(value));
  constexpr auto kLow = std::numeric_limits<int>::min(), kHigh = std::numeric_limits<int>::max();
  const bool fits = value.is_number_unsigned()
                        ? value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kHigh)
                        : value.get<std::int64_t>() >= kLow && value.get<std::int64_t>() <= kHigh;
  if (!fits)
    fail(at, "form.bad_value",
         in_quotes(property) + " is " + shown(value) + ", which is too large");
  return value.get<int>();
}

int FormReader::read_int(const json& object, const Place& at, std::string_view property) const {
  return int_of(need(object, at, property), at, property);
}

bool FormReader::read_bool(const json& object, const Place& at, std::string_view property) const {
  const json* value = find(object, property);
  if (!value) return false;
  if (!value->is_boolean())
    fail(at, "form.wrong_type",
         in_quotes(property) + " must be true or false, not " + describe_json_type(*value));
  return value->get<bool>();
}

const json& FormReader::read_list(const json& object, const Place& at, std::string_view property,
                                  std::string_view what) const {
  const json& list = need(object, at, property);
  if (!list.is_array())
    fail(at, "form.wrong_type",
         in_quotes(property) + " must be a list, not " + describe_json_type(list));
  if (list.empty())
    fail(at, "form.bad_structure", in_quotes(property) + " is empty: " + std::string(what));
  return list;
}

Form FormReader::read_form(const json& root) {
  const Place top{"", ""};
  if (!root.is_object())
    fail(top, "form.wrong_type", "a form must be a JSON object, not " + describe_json_type(root));
  check_properties(root, top, kFormProperties, "a form");

  Form form;
  form.id = read_string(root, top, "form_id", true);
  if (!is_form_id(form.id))
    fail(top, "form.bad_id",
         "\"form_id\" is " + shown(form.id) +
             ", which is not a valid form id (a-z, 0-9, \"_\" and \"-\", starting with a letter)");
  form.version = read_int(root, top, "version");
  if (form.version < 1)
    fail(top, "form.bad_value",
         "\"version\" is " + std::to_string(form.version) + ", but versions start at 1");
  form.title_key = read_key(root, top, "title_key", true);

  const json& sections = read_list(root, top, "sections", "a form needs sections");
  for (std::size_t i = 0; i < sections.size(); ++i) {
    Section section = read_section(sections[i], top.child("sections", i), i == 0);
    for (const Section& other : form.sections)
      if (other.id == section.id)
        fail({top.child("sections", i).path, section.id}, "form.duplicate_id",
             "the section id " + in_quotes(section.id) + " is used twice");
    form.sections.push_back(std::move(section));
  }
  if (consent_path_.empty())
    fail(top.child("sections", 0), "form.bad_structure",
         "the form has no consent field; the first section must hold exactly one field of type "
         "\"consent\"");
  return form;
}

Section FormReader::read_section(const json& object, Place at, bool first) {
  if (!object.is_object())
    fail(at, "form.wrong_type",
         "a section must be a JSON object, not " + describe_json_type(object));
  check_properties(object, at, kSectionProperties, "a section");
  Section section;
  section.id = read_id(object, at, "id", false);
  at.id = section.id;
  section.title_key = read_key(object, at, "title_key", true);
  section.help_key = read_key(object, at, "help_key", false);
  if (const json* kinds = find(object, "event_kinds")) {
    if (!kinds->is_array())
      fail(at, "form.wrong_type",
           "\"event_kinds\" must be a list, not " + describe_json_type(*kinds));
    if (kinds->empty())
      fail(at, "form.bad_value",
           "\"event_kinds\" is empty, so the section would never be shown; leave the property "
           "out to show it at every event");
    for (std::size_t i = 0; i < kinds->size(); ++i) {
      const std::string property = "event_kinds[" + std::to_string(i) + "]";
      std::string kind = string_of((*kinds)[i], at, property);
      if (!contains(kEventKinds, kind))
        fail(at, "form.bad_reference",
             property + " is " + shown(kind) +
                 ", which is not an event kind (expected one of: " + join(kEventKinds) + ")");
      section.event_kinds.push_back(std::move(kind));
    }
    if (first)
      fail(at, "form.bad_structure",
           "the first section holds the consent, which everyone must see; it cannot have "
           "\"event_kinds\"");
  }
  const json& fields = read_list(object, at, "fields", "a section needs at least one field");
  section.fields = read_fields(fields, at, section, false);
  if (first && consent_path_.empty())
    fail(at, "form.bad_structure",
         "the first section must hold the form's consent field (type \"consent\")");
  return section;
}

std::vector<Field> FormReader::read_fields(const json& list, const Place& at,
                                           const Section& section, bool in_group) {
  std::vector<Field> fields;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Place field_at = at.child("fields", i);
    Field field = read_field(list[i], field_at, section, in_group);
    for (const Field& other : fields)
      if (other.id == field.id)
        fail({field_at.path, field.id}, "form.duplicate_id",
             "the field id " + in_quotes(field.id) + " is used twice in " +
                 (in_group ? "this group" : "section " + in_quotes(section.id)));
    fields.push_back(std::move(field));
  }
  return fields;
}

Field FormReader::read_field(const json& object, Place at, const Section& section, bool in_group) {
  if (!object.is_object())
    fail(at, "form.wrong_type", "a field must be a JSON object, not " + describe_json_type(object));
  // Typos first: "lable_key" should be reported as a typo, not as a missing "label_key". The id and
  // type are only peeked at here, to name the field and to know which properties it takes.
  Field field;
  if (const json* id = find(object, "id"); id && id->is_string()) at.id = id->get<std::string>();
  const json* type = find(object, "type");
  const bool type_known = type && type->is_string() &&
                          parse_field_type(type->get_ref<const std::string&>(), field.type);
  const auto allowed = type_known ? field_properties(field.type) : all_field_properties();
  const std::string what =
      type_known ? "a field of type " + in_quotes(field_type_name(field.type)) : "a field";
  static const auto kAnyField = all_field_properties();
  for (const auto& [name, value] : object.items()) {
    if (contains(allowed, name)) continue;
    if (contains(kAnyField, name))
      fail(at, "form.unknown_property",
           "property " + in_quotes(name) + " does not apply to " + what +
               " (it takes: " + join(allowed) + ")");
    fail(at, "form.unknown_property",
         "unknown property " + in_quotes(name) + " (" + did_you_mean(name, allowed) + what +
             " takes: " + join(allowed) + ")");
  }

  field.id = read_id(object, at, "id", false);
  const std::string type_name = read_string(object, at, "type", true);
  if (!type_known)
    fail(at, "form.unknown_type",
         "unknown type " + shown(type_name) + " (" + did_you_mean(type_name, kTypeNames) +
             "expected one of: " + join(kTypeNames) + ")");

  field.label_key = read_key(object, at, "label_key", true);
  field.help_key = read_key(object, at, "help_key", false);
  field.required = read_bool(object, at, "required");

  switch (field.type) {
    case FieldType::Text:
    case FieldType::LongText:
      field.max_length =
          field.type == FieldType::Text ? kDefaultTextLength : kDefaultLongTextLength;
      if (find(object, "max_length")) field.max_length = read_int(object, at, "max_length");
      if (field.max_length <= 0 || field.max_length > kMaxLengthLimit)
        fail(at, "form.bad_value",
             "\"max_length\" is " + std::to_string(field.max_length) + "; it must be from 1 to " +
                 std::to_string(kMaxLengthLimit));
      field.format = read_string(object, at, "format", false);
      if (find(object, "format") && !contains(kTextFormats, field.format))
        fail(at, "form.bad_reference",
             "\"format\" is " + shown(field.format) + " (expected one of: " + join(kTextFormats) +
                 ")");
      break;
    case FieldType::SingleChoice:
    case FieldType::MultiChoice:
      field.options = read_options(object, at, false);
      break;
    case FieldType::Year:
    case FieldType::Number:
      read_range(object, at, field);
      break;
    case FieldType::Taxonomy:
      field.taxonomy = read_string(object, at, "taxonomy", true);
      if (!contains(kTaxonomies, field.taxonomy))
        fail(at, "form.bad_reference",
             "\"taxonomy\" is " + shown(field.taxonomy) +
                 " (expected one of: " + join(kTaxonomies) + ")");
      break;
    case FieldType::LanguageLevel:
      for (std::size_t i = 0; i < std::size(kCefrLevels); ++i)
        field.options.push_back({std::string(kCefrLevels[i]), std::string(kCefrLevelKeys[i])});
      break;
    case FieldType::Group: {
      if (in_group) fail(at, "form.bad_structure", "a group cannot hold another group");
      const json& fields = need(object, at, "fields");
      if (!fields.is_array())
        fail(at, "form.wrong_type", "\"fields\" must be a list, not " + describe_json_type(fields));
      if (fields.empty())
        fail(at, "form.bad_structure", "a group needs at least one field in \"fields\"");
      field.fields = read_fields(fields, at, section, true);
      break;
    }
    case FieldType::Consent:
      if (in_group) fail(at, "form.bad_structure", "a consent field cannot be inside a group");
      if (!consent_path_.empty())
        fail(at, "form.bad_structure",
             "a second consent field; a form has exactly one (the first is at " + consent_path_ +
                 ")");
      consent_path_ = at.path;
      field.text_key = read_key(object, at, "text_key", true);
      field.text_version = read_int(object, at, "text_version");
      field.privacy_notice_version = read_int(object, at, "privacy_notice_version");
      if (field.text_version < 1 || field.privacy_notice_version < 1)
        fail(at, "form.bad_value", "\"text_version\" and \"privacy_notice_version\" start at 1");
      field.options = read_options(object, at, true);
      break;
    case FieldType::YesNo:
      break;
  }
  if (field.type == FieldType::MultiChoice || field.type == FieldType::Group) {
    const bool required = field.type == FieldType::Group;  // a group must say how far it repeats
    if (required || find(object, "max_items")) {
      field.max_items = read_int(object, at, "max_items");
      if (field.max_items < 1)
        fail(at, "form.bad_value",
             "\"max_items\" is " + std::to_string(field.max_items) + "; it must be at least 1");
    }
  }
  return field;
}

std::vector<Option> FormReader::read_options(const json& object, const Place& at,
                                             bool consent) const {
  const json& list = read_list(object, at, "options", "a choice needs at least one option");
  static const std::vector<std::string_view> kChoiceOption = {"value", "label_key"};
  static const std::vector<std::string_view> kConsentOption = {"value", "label_key", "required"};
  std::vector<Option> options;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Place option_at{at.path + ".options[" + std::to_string(i) + "]", ""};
    const json& item = list[i];
    if (!item.is_object())
      fail(option_at, "form.wrong_type",
           "an option must be a JSON object, not " + describe_json_type(item));
    if (!consent && item.contains("required"))
      fail(option_at, "form.unknown_property",
           "property \"required\" does not apply here: only consent purposes can be required");
    check_properties(item, option_at, consent ? kConsentOption : kChoiceOption,
                     consent ? "a consent purpose" : "an option");
    Option option;
    option.value = read_id(item, option_at, "value", true);
    option_at.id = option.value;
    option.label_key = read_key(item, option_at, "label_key", true);
    option.required = read_bool(item, option_at, "required");
    for (std::size_t k = 0; k < options.size(); ++k)
      if (options[k].value == option.value)
        fail(option_at, "form.duplicate_id",
             "the option value " + in_quotes(option.value) + " is used twice (also at options[" +
                 std::to_string(k) + "])");
    options.push_back(std::move(option));
  }
  return options;
}

void FormReader::read_range(const json& object, const Place& at, Field& field) const {
  field.min = read_int(object, at, "min");
  const json& max = need(object, at, "max");
  if (field.type == FieldType::Year && max.is_string()) {
    if (max.get<std::string>() != "current")
      fail(at, "form.bad_value",
           "\"max\" is " + shown(max) + "; a year's max is a whole number or \"current\"");
    field.max_is_current_year = true;
    return;
  }
  field.max = int_of(max, at, "max");
  if (field.min > field.max)
    fail(at, "form.bad_value",
         "\"min\" (" + std::to_string(field.min) + ") is greater than \"max\" (" +
             std::to_string(field.max) + ")");
}

// The same property twice in one JSON object is legal JSON, but nlohmann keeps only the last one,
// which would silently drop half of a copy-pasted field. This tracks the path while parsing so
// the error can say where.
class DuplicatePropertyFinder {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        count_element();
        frames_.push_back({event == json::parse_event_t::object_start, {}, "", 0});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second && duplicate_.empty()) {
          duplicate_ = frame.key;
          where_ = path(frames_.size() - 1);
        }
        break;
      }
      case json::parse_event_t::value:
        count_element();
        break;
    }
    return true;
  }

  const std::string& duplicate() const { return duplicate_; }
  const std::string& where() const { return where_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;        // object: the property being read
    std::size_t index = 0;  // array: how many elements were seen
  };

  void count_element() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  // The path of the object at frames_[depth], e.g. "sections[2].fields[0]".
  std::string path(std::size_t depth) const {
    std::string out;
    for (std::size_t i = 0; i < depth; ++i) {
      if (frames_[i].object) {
        out += (out.empty() ? "" : ".") + frames_[i].key;
      } else {
        out += "[" + std::to_string(frames_[i].index - 1) + "]";
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
  std::string duplicate_;
  std::string where_;
};

}  // namespace

std::string_view field_type_name(FieldType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

bool parse_field_type(std::string_view name, FieldType& type) {
  auto it = std::find(kTypeNames.begin(), kTypeNames.end(), name);
  if (it == kTypeNames.end()) return false;
  type = static_cast<FieldType>(it - kTypeNames.begin());
  return true;
}

bool Section::shown_at(std::string_view event_kind) const {
  return event_kinds.empty() || contains(event_kinds, event_kind);
}

const Field& Form::consent_field() const {
  if (!sections.empty())
    for (const Field& field : sections.front().fields)
      if (field.type == FieldType::Consent) return field;
  throw std::logic_error("form " + schema() + " has no consent field; it was not loaded");
}

const Section* Form::find_section(std::string_view section) const {
  for (const Section& s : sections)
    if (s.id == section) return &s;
  return nullptr;
}

const Field* Form::find_field(std::string_view section, std::string_view field) const {
  const Section* s = find_section(section);
  if (!s) return nullptr;
  for (const Field& f : s->fields)
    if (f.id == field) return &f;
  return nullptr;
}

void append_message_keys(const Field& field, std::vector<std::string>& keys) {
  auto add = [&](const std::string& key) {
    if (!key.empty()) keys.push_back(key);
  };
  add(field.label_key);
  add(field.text_key);
  add(field.help_key);
  for (const Option& option : field.options) add(option.label_key);
  if (field.type == FieldType::YesNo) {
    add("answer.yes");
    add("answer.no");
  }
  // The consent is shown in steps (consent_text.h): their keys belong to the field too.
  if (field.type == FieldType::Consent)
    for (const std::string& key : consent_step_keys(field)) add(key);
  for (const Field& child : field.fields) append_message_keys(child, keys);
}

std::vector<std::string> Form::message_keys() const {
  std::vector<std::string> keys{title_key};
  for (const Section& section : sections) {
    keys.push_back(section.title_key);
    keys.push_back(section.help_key);
    for (const Field& field : section.fields) append_message_keys(field, keys);
  }
  std::erase(keys, std::string());
  std::ranges::sort(keys);
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string Form::schema() const { return id + "@" + std::to_string(version); }

std::string describe_json_type(const nlohmann::json& value) {
  if (value.is_number_integer()) return "a whole number";
  if (value.is_number()) return "a number with a fraction";
  if (value.is_string()) return "text";
  if (value.is_boolean()) return "true/false";
  if (value.is_array()) return "a list";
  if (value.is_object()) return "an object";
  return "nothing (null)";
}

Result<Form> parse_form(std::string_view json_text, std::string_view source_name) {
  const std::string source(source_name);
  json root;
  DuplicatePropertyFinder duplicates;
  try {
    root = json::parse(json_text, std::ref(duplicates));
  } catch (const json::parse_error& e) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: ...";
    // the bracketed part means nothing to whoever edits the form.
    std::string what = e.what();
    if (const std::size_t tag_end = what.find("] "); tag_end != std::string::npos)
      what.erase(0, tag_end + 2);
    return fail("form.not_json",
                source + ": not valid JSON: " + what + " (byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception& e) {
    // e.g. a number too large for any type (1e999): nlohmann reports it as out_of_range.
    std::string what = e.what();
    if (const std::size_t tag_end = what.find("] "); tag_end != std::string::npos)
      what.erase(0, tag_end + 2);
    return fail("form.not_json", source + ": not valid JSON: " + what);
  }
  if (!duplicates.duplicate().empty())
    return fail("form.duplicate_property",
                source + ": " + (duplicates.where().empty() ? "top level" : duplicates.where()) +
                    ": " + "the property " + in_quotes(duplicates.duplicate()) +
                    " appears twice in one object (only one would count)");
  try {
    return FormReader(source).read_form(root);
  } catch (const FormFileError& e) {
    return std::unexpected(e.error);
  }
}

Result<Form> load_form(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  const auto text = read_whole_file(file);
  if (!text)
    return fail("form.unreadable", name + ": cannot read the form file " + file.string() +
                                       " (missing, not a file, or no permission to read it)");
  return parse_form(*text, name);
}

}  // namespace sichtbar
