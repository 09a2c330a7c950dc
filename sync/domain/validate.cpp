// Checking answers against the form (see validate.h). Every problem is collected, so a volunteer
// sees them all at once; nothing here throws on any JSON it is given.
#include "domain/validate.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

#include "base/dates.h"
#include "base/text.h"

namespace sichtbar {
namespace {

using nlohmann::json;

constexpr std::string_view kEscoOccupationPrefix = "http://data.europa.eu/esco/occupation/";
constexpr std::size_t kShownValueLength = 40;  // code points of a wrong value quoted in a message

// A key or value the person sent, as it may appear in a path or message: cleaned, valid UTF-8
// and short. Only used for names, codes and option values; typed text is never quoted back (it
// may be personal).
std::string shortened(std::string_view value) {
  std::string s = clean_text(value, false);
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++points > kShownValueLength) return s.substr(0, i) + "...";
  }
  return s;
}

std::string shown(std::string_view value) { return "\"" + shortened(value) + "\""; }

std::string option_list(const std::vector<Option>& options) {
  std::string out;
  for (const Option& o : options) out += (out.empty() ? "" : ", ") + o.value;
  return out;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_lower_hex(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f'); }

// One "@", something before it, a domain with a dot that neither starts nor ends it, no spaces.
bool is_email(std::string_view s) {
  const std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
    return false;
  if (std::any_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n'; })) return false;
  // Non-ASCII spaces: cleaned text has no controls, so any other white space is multibyte.
  for (std::string_view space :
       {"\u00A0", "\u2000", "\u2002", "\u2003", "\u2009", "\u202F", "\u3000"})
    if (s.find(space) != std::string_view::npos) return false;
  const std::string_view domain = s.substr(at + 1);
  const std::size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot != 0 && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

// Digits, spaces and + - ( ) / only, with 5 to 20 digits: written the way people write numbers.
bool is_phone(std::string_view s) {
  std::size_t digits = 0;
  for (char c : s) {
    if (is_ascii_digit(c)) {
      ++digits;
    } else if (std::string_view(" +-()/").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= 5 && digits <= 20;
}

bool is_country_code(std::string_view s) {  // ISO 3166-1 alpha-2
  return s.size() == 2 && is_ascii_upper(s[0]) && is_ascii_upper(s[1]);
}

bool is_language_code(std::string_view s) {  // ISO 639-1 or 639-3
  return (s.size() == 2 || s.size() == 3) && std::all_of(s.begin(), s.end(), is_ascii_lower);
}

bool is_occupation_code(std::string_view s) {  // ISCO-08 unit group or ESCO occupation URI
  if (s.size() == 4) return std::all_of(s.begin(), s.end(), is_ascii_digit);
  if (!s.starts_with(kEscoOccupationPrefix)) return false;
  const std::string_view uuid = s.substr(kEscoOccupationPrefix.size());
  if (uuid.size() != 36) return false;
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? uuid[i] != '-' : !is_lower_hex(uuid[i])) return false;
  }
  return true;
}

std::string what_is_expected(const Field& field) {
  switch (field.type) {
    case FieldType::Text:
    case FieldType::LongText:
      return "text";
    case FieldType::SingleChoice:
    case FieldType::LanguageLevel:
      return "one option (a string)";
    case FieldType::MultiChoice:
      return "a list of options";
    case FieldType::Year:
      return "a year (a whole number)";
    case FieldType::Number:
      return "a whole number";
    case FieldType::YesNo:
      return "yes or no (true or false)";
    case FieldType::Taxonomy:
      return "a " + field.taxonomy + " code (a string)";
    case FieldType::Group:
      return "a list of entries";
    case FieldType::Consent:
      return "the list of granted purposes";
  }
  return "something else";
}

class AnswerChecker {
 public:
  AnswerChecker(int current_year, bool refuse_hidden_text, std::vector<FieldProblem>& problems)
      : current_year_(current_year), refuse_hidden_text_(refuse_hidden_text), problems_(problems) {}

  // Checks object against fields; returns the answered, cleaned fields.
  json check_fields(const std::vector<Field>& fields, const json& object, const std::string& prefix,
                    std::string_view where);

 private:
  void problem(const std::string& path, std::string code, std::string message) {
    problems_.push_back({path, std::move(code), std::move(message)});
  }
  void wrong_type(const Field& field, const json& value, const std::string& path) {
    problem(path, "answers.wrong_type",
            "Expects " + what_is_expected(field) + ", but got " + describe_json_type(value) + ".");
  }

  // Each returns the cleaned answer, or nothing if the field is unanswered or has a problem.
  std::optional<json> check_value(const Field& field, const json& value, const std::string& path);
  std::optional<json> check_text(const Field& field, const json& value, const std::string& path);
  std::optional<json> check_choices(const Field& field, const json& value, const std::string& path);
  std::optional<json> check_integer(const Field& field, const json& value, const std::string& path);
  std::optional<json> check_code(const Field& field, const json& value, const std::string& path);
  std::optional<json> check_group(const Field& field, const json& value, const std::string& path);
  void check_required_purposes(const Field& consent, const json* granted, const std::string& path);

  int current_year_;
  bool refuse_hidden_text_;
  std::vector<FieldProblem>& problems_;
};

json AnswerChecker::check_fields(const std::vector<Field>& fields, const json& object,
                                 const std::string& prefix, std::string_view where) {
  json out = json::object();
  for (const Field& field : fields) {
    const std::string path = prefix + "." + field.id;
    const auto it = object.find(field.id);
    const bool given = it != object.end() && !it->is_null();
    const std::size_t problems_before = problems_.size();
    std::optional<json> cleaned = given ? check_value(field, *it, path) : std::nullopt;
    const bool had_problem = problems_.size() != problems_before;
    if (had_problem) cleaned.reset();
    // Missing required purposes are reported even beside other problems with the consent: the
    // volunteer must learn that the profile cannot be finished without them.
    if (field.type == FieldType::Consent)
      check_required_purposes(field, given && it->is_array() ? &*it : nullptr, path);
    if (cleaned) {
      out[field.id] = std::move(*cleaned);
    } else if (field.required && !had_problem) {
      problem(path, "answers.required", "This question must be answered.");
    }
  }
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    const bool known =
        std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.id == key; });
    if (!known)
      problem(prefix + "." + shortened(key), "answers.unknown_field",
              "There is no field " + shown(key) + " in " + std::string(where) + ".");
  }
  return out;
}

std::optional<json> AnswerChecker::check_value(const Field& field, const json& value,
                                               const std::string& path) {
  switch (field.type) {
    case FieldType::Text:
    case FieldType::LongText:
      return check_text(field, value, path);
    case FieldType::SingleChoice:
    case FieldType::LanguageLevel:
    case FieldType::MultiChoice:
    case FieldType::Consent:
      return check_choices(field, value, path);
    case FieldType::Year:
    case FieldType::Number:
      return check_integer(field, value, path);
    case FieldType::YesNo:
      if (!value.is_boolean()) {
        wrong_type(field, value, path);
        return std::nullopt;
      }
      return value;
    case FieldType::Taxonomy:
      return check_code(field, value, path);
    case FieldType::Group:
      return check_group(field, value, path);
  }
  return std::nullopt;
}

std::optional<json> AnswerChecker::check_text(const Field& field, const json& value,
                                              const std::string& path) {
  if (!value.is_string()) {
    wrong_type(field, value, path);
    return std::nullopt;
  }
  const std::string& raw = value.get_ref<const std::string&>();
  if (!is_valid_utf8(raw)) {
    problem(path, "answers.invalid_utf8",
            "The text contains bytes that are not valid UTF-8; it was not kept.");
    return std::nullopt;
  }
  if (refuse_hidden_text_) {
    switch (find_hidden_text(raw, field.type == FieldType::LongText)) {
      case HiddenText::None:
        break;
      case HiddenText::BidiControl:
        problem(path, "record.bidi_control",
                "The text holds a character that reverses or embeds writing direction.");
        return std::nullopt;
      case HiddenText::InvalidUtf8:  // ruled out above
      case HiddenText::Control:
        problem(path, "record.control_character",
                "The text holds a control character or a line break where none belongs.");
        return std::nullopt;
    }
  }
  std::string text = clean_text(raw, field.type == FieldType::LongText);
  if (text.empty()) return std::nullopt;
  const std::size_t length = count_code_points(text);
  if (length > static_cast<std::size_t>(field.max_length)) {
    problem(path, "answers.too_long",
            "The text is " + std::to_string(length) + " characters long; at most " +
                std::to_string(field.max_length) + " are allowed.");
    return std::nullopt;
  }
  if (field.format == "email" && !is_email(text)) {
    problem(path, "answers.bad_format",
            "This is not an email address (it needs one @, a domain with a dot, and no spaces).");
    return std::nullopt;
  }
  if (field.format == "phone" && !is_phone(text)) {
    problem(path, "answers.bad_format",
            "This is not a phone number (digits, spaces and + - ( ) / only, with 5 to 20 "
            "digits).");
    return std::nullopt;
  }
  return text;
}

// Single choice and language level take one option value; multi choice and consent a list.
std::optional<json> AnswerChecker::check_choices(const Field& field, const json& value,
                                                 const std::string& path) {
  const bool single =
      field.type == FieldType::SingleChoice || field.type == FieldType::LanguageLevel;
  if (single ? !value.is_string() : !value.is_array()) {
    wrong_type(field, value, path);
    return std::nullopt;
  }
  const auto find_option = [&](const std::string& v) {
    return std::find_if(field.options.begin(), field.options.end(),
                        [&](const Option& o) { return o.value == v; });
  };
  const auto not_an_option = [&](const std::string& v) {
    problem(path, "answers.not_an_option",
            shown(v) + " is not one of the options (" + option_list(field.options) + ").");
  };
  if (single) {
    const std::string& chosen = value.get_ref<const std::string&>();
    if (chosen.empty()) return std::nullopt;
    if (find_option(chosen) == field.options.end()) {
      not_an_option(chosen);
      return std::nullopt;
    }
    return chosen;
  }

  std::vector<bool> chosen(field.options.size(), false);
  std::size_t count = 0;
  for (const json& item : value) {
    if (!item.is_string()) {
      problem(path, "answers.wrong_type",
              "Each entry of the list must be an option value (a string), not " +
                  describe_json_type(item) + ".");
      continue;
    }
    const std::string& v = item.get_ref<const std::string&>();
    const auto option = find_option(v);
    if (option == field.options.end()) {
      not_an_option(v);
      continue;
    }
    const auto index = static_cast<std::size_t>(option - field.options.begin());
    if (chosen[index]) {
      problem(path, "answers.duplicate", shown(v) + " is chosen more than once.");
      continue;
    }
    chosen[index] = true;
    ++count;
  }
  if (field.max_items > 0 && count > static_cast<std::size_t>(field.max_items)) {
    problem(path, "answers.too_many",
            std::to_string(count) + " options are chosen, but at most " +
                std::to_string(field.max_items) + " are allowed.");
  }
  if (count == 0) return std::nullopt;
  // Kept in the form's order, so the same choices always make the same record.
  json out = json::array();
  for (std::size_t i = 0; i < chosen.size(); ++i)
    if (chosen[i]) out.push_back(field.options[i].value);
  return out;
}

std::optional<json> AnswerChecker::check_integer(const Field& field, const json& value,
                                                 const std::string& path) {
  if (!value.is_number_integer()) {
    wrong_type(field, value, path);
    return std::nullopt;
  }
  // Anything beyond int64 is out of range anyway; clamp instead of overflowing.
  const std::int64_t n =
      value.is_number_unsigned()
          ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                value.get<std::uint64_t>(),
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
          : value.get<std::int64_t>();
  const int max = field.max_is_current_year ? current_year_ : field.max;
  if (n < field.min || n > max) {
    const bool year = field.type == FieldType::Year;
    problem(path, "answers.out_of_range",
            std::string(year ? "The year " : "The number ") + std::to_string(n) +
                " is outside the allowed range: " + std::to_string(field.min) + " to " +
                std::to_string(max) + (field.max_is_current_year ? " (this year)." : "."));
    return std::nullopt;
  }
  return n;
}

std::optional<json> AnswerChecker::check_code(const Field& field, const json& value,
                                              const std::string& path) {
  if (!value.is_string()) {
    wrong_type(field, value, path);
    return std::nullopt;
  }
  const std::string& code = value.get_ref<const std::string&>();
  if (code.empty()) return std::nullopt;
  if (field.taxonomy == "country" && !is_country_code(code)) {
    problem(path, "answers.bad_code",
            shown(code) + " is not a country code (ISO 3166-1: two capital letters, e.g. \"SY\").");
    return std::nullopt;
  }
  if (field.taxonomy == "language" && !is_language_code(code)) {
    problem(path, "answers.bad_code",
            shown(code) +
                " is not a language code (ISO 639: two or three small letters, e.g. \"ar\").");
    return std::nullopt;
  }
  if (field.taxonomy == "occupation" && !is_occupation_code(code)) {
    problem(path, "answers.bad_code",
            shown(code) +
                " is not an occupation code (a four-digit ISCO-08 code such as \"2211\", or an "
                "ESCO occupation address).");
    return std::nullopt;
  }
  return code;
}

std::optional<json> AnswerChecker::check_group(const Field& field, const json& value,
                                               const std::string& path) {
  if (!value.is_array()) {
    wrong_type(field, value, path);
    return std::nullopt;
  }
  std::size_t checked = value.size();
  if (field.max_items > 0 && value.size() > static_cast<std::size_t>(field.max_items)) {
    checked = static_cast<std::size_t>(field.max_items);
    problem(path, "answers.too_many",
            std::to_string(value.size()) + " entries were given, but at most " +
                std::to_string(field.max_items) + " are allowed; only the first " +
                std::to_string(field.max_items) + " were checked.");
  }
  json items = json::array();
  for (std::size_t i = 0; i < checked; ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const json& item = value[i];
    if (item.is_null()) continue;
    if (!item.is_object()) {
      problem(item_path, "answers.wrong_type",
              "Each entry must be an object of answers, not " + describe_json_type(item) + ".");
      continue;
    }
    json cleaned = check_fields(field.fields, item, item_path, "this entry");
    if (!cleaned.empty()) items.push_back(std::move(cleaned));  // an empty entry is no entry
  }
  if (items.empty()) return std::nullopt;
  return items;
}

void AnswerChecker::check_required_purposes(const Field& consent, const json* granted,
                                            const std::string& path) {
  for (const Option& option : consent.options) {
    if (!option.required) continue;
    const bool given =
        granted && std::find(granted->begin(), granted->end(), option.value) != granted->end();
    if (!given)
      problem(path, "answers.consent_required",
              "Consent to \"" + option.value +
                  "\" is missing: without it the profile cannot be finished.");
  }
}

}  // namespace

ValidatedAnswers validate_answers(const Form& form, const json& answers,
                                  const ValidationContext& context) {
  ValidatedAnswers result;
  if (!answers.is_object()) {
    result.problems.push_back({"", "answers.not_object",
                               "The answers must be a JSON object with one entry per section, "
                               "not " +
                                   describe_json_type(answers) + "."});
    return result;
  }
  const int current_year =
      context.current_year > 0 ? context.current_year : year_of(std::chrono::system_clock::now());
  AnswerChecker checker(current_year, context.refuse_hidden_text, result.problems);
  const json no_answers = json::object();

  for (const Section& section : form.sections) {
    const auto it = answers.find(section.id);
    const json* given = it == answers.end() || it->is_null() ? nullptr : &*it;
    if (given && !given->is_object()) {
      result.problems.push_back({section.id, "answers.wrong_type",
                                 "A section's answers must be an object of fields, not " +
                                     describe_json_type(*given) + "."});
      continue;
    }
    if (!section.shown_at(context.event_kind)) {
      // A UI may send the hidden section empty or with nulls; anything more is a real answer.
      const bool answered = given && std::any_of(given->begin(), given->end(),
                                                 [](const json& v) { return !v.is_null(); });
      if (answered)
        result.problems.push_back(
            {section.id, "answers.section_not_shown",
             "The section \"" + section.id + "\" is not shown at events of kind \"" +
                 shortened(context.event_kind) + "\", so it cannot have answers."});
      continue;
    }
    // Unanswered sections still go through the check: required fields and consent must fail.
    json cleaned = checker.check_fields(section.fields, given ? *given : no_answers, section.id,
                                        "section \"" + section.id + "\"");
    if (!cleaned.empty()) result.answers[section.id] = std::move(cleaned);
  }
  for (const auto& [key, value] : answers.items()) {
    if (!form.find_section(key))
      result.problems.push_back(
          {shortened(key), "answers.unknown_section",
           "There is no section " + shown(key) + " in the form " + form.schema() + "."});
  }
  return result;
}

Error to_error(const std::vector<FieldProblem>& problems) {
  constexpr std::size_t kListed = 5;
  std::string message = problems.size() == 1
                            ? "1 answer needs attention: "
                            : std::to_string(problems.size()) + " answers need attention: ";
  for (std::size_t i = 0; i < problems.size() && i < kListed; ++i) {
    if (i > 0) message += "; ";
    const FieldProblem& p = problems[i];
    std::string_view sentence = p.message;
    if (sentence.ends_with('.')) sentence.remove_suffix(1);  // the list has its own punctuation
    message += (p.path.empty() ? "" : p.path + ": ") + std::string(sentence);
  }
  if (problems.size() > kListed)
    message += "; and " + std::to_string(problems.size() - kListed) + " more";
  message += ".";
  return Error{"answers.invalid", message};
}

}  // namespace sichtbar
