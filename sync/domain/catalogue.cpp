// Catalogue loading through libgettextpo, and the placeholders of message texts.
#include "domain/catalogue.h"

#include <cctype>

#include "domain/po_read.h"

namespace sichtbar {

namespace {

// If a placeholder "{name}" starts at text[open] (a "{"), the index just past its "}"; else npos.
std::size_t placeholder_end(std::string_view text, std::size_t open) {
  std::size_t i = open + 1;
  while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == '_')) ++i;
  if (i == open + 1 || i >= text.size() || text[i] != '}') return std::string_view::npos;
  return i + 1;
}

// The name inside the placeholder text[open, end).
std::string_view placeholder_name(std::string_view text, std::size_t open, std::size_t end) {
  return text.substr(open + 1, end - open - 2);
}

bool is_word_byte(char c) {
  return static_cast<unsigned char>(c) < 0x80 && !std::isspace(static_cast<unsigned char>(c));
}

// A stray brace with the ASCII word it is attached to ("{seconds", "seconds}"), for messages.
std::string stray_brace_context(std::string_view text, std::size_t at) {
  constexpr std::size_t kMax = 20;
  std::size_t begin = at, end = at + 1;
  if (text[at] == '{') {
    while (end < text.size() && end - at < kMax && is_word_byte(text[end])) ++end;
  } else {
    while (begin > 0 && at - begin < kMax && is_word_byte(text[begin - 1])) --begin;
  }
  return std::string(text.substr(begin, end - begin));
}

std::string list_names(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "{" : ", {") + name + "}";
  return out;
}

}  // namespace

Result<Catalogue> Catalogue::load(const std::filesystem::path& po_file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(po_file, ec))
    return fail("i18n.missing_catalogue", "The language file " + po_file.string() + " is missing.");
  std::string problem;
  po_file_t file = po::read(po_file, problem);
  if (!file)
    return fail("i18n.bad_catalogue",
                "The language file " + po_file.string() + " is not a valid PO file: " + problem);
  Catalogue c;
  c.language_ = po::header_field(file, "Language");
  c.whole_file_draft_ = po::header_field(file, "X-Sichtbar-Draft") == "yes";
  po_message_iterator_t it = po_message_iterator(file, nullptr);
  while (po_message_t m = po_next_message(it)) {
    std::string_view id = po_message_msgid(m);
    if (id.empty() || po_message_is_obsolete(m)) continue;  // header or obsolete entry
    std::string_view str = po_message_msgstr(m);
    if (!str.empty() && !po_message_is_fuzzy(m)) c.messages_.emplace(id, str);
    std::string_view comments = po_message_extracted_comments(m);
    if (comments.find("draft") != std::string_view::npos) c.drafts_.emplace(id, true);
  }
  po_message_iterator_free(it);
  po_file_free(file);
  return c;
}

Result<Catalogue> Catalogue::load_locale(const std::filesystem::path& i18n_dir,
                                         std::string_view locale) {
  for (char ch : locale)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
      return fail("i18n.bad_locale", "\"" + std::string(locale) + "\" is not a language code.");
  return load(i18n_dir / (std::string(locale) + ".po"));
}

const std::string* Catalogue::find(std::string_view key) const {
  auto it = messages_.find(key);
  return it == messages_.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalogue::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : messages_) out.push_back(k);
  return out;
}

bool Catalogue::is_draft(std::string_view key) const {
  return whole_file_draft_ || drafts_.contains(key);
}

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const std::size_t end = placeholder_end(text, i);
    if (end != std::string_view::npos) names.emplace(placeholder_name(text, i, end));
  }
  return names;
}

Result<void> check_placeholders(std::string_view source, std::string_view translation) {
  for (std::size_t i = 0; i < translation.size(); ++i) {
    if (translation[i] == '{') {
      const std::size_t end = placeholder_end(translation, i);
      if (end != std::string_view::npos) {
        i = end - 1;
        continue;
      }
    } else if (translation[i] != '}') {
      continue;
    }
    return fail("i18n.placeholder", "has a stray \"" + std::string(1, translation[i]) + "\" in \"" +
                                        stray_brace_context(translation, i) +
                                        "\"; a placeholder is written {name}, with a-z and _ only");
  }
  const std::set<std::string> wanted = placeholders(source);
  const std::set<std::string> found = placeholders(translation);
  std::set<std::string> extra, missing;
  for (const auto& name : found)
    if (!wanted.contains(name)) extra.insert(name);
  for (const auto& name : wanted)
    if (!found.contains(name)) missing.insert(name);
  if (extra.empty() && missing.empty()) return {};
  std::string message;
  if (!extra.empty())
    message = "has " + list_names(extra) + ", which the source text does not have";
  if (!missing.empty())
    message += (message.empty() ? "lacks " : ", and lacks ") + list_names(missing);
  return fail("i18n.placeholder", message);
}

namespace {

// Both lists of values: each entry's .first/.name is the placeholder, .second/.value the words.
std::string_view value_name(const MessageValue& v) { return v.name; }
std::string_view value_words(const MessageValue& v) { return v.value; }
std::string_view value_name(const std::pair<std::string, std::string>& v) { return v.first; }
std::string_view value_words(const std::pair<std::string, std::string>& v) { return v.second; }

template <class Values>
std::string fill_message(std::string_view text, const Values& values, ValueIsolation isolation) {
  const bool isolated = isolation == ValueIsolation::isolated;
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const std::size_t end = placeholder_end(text, i);
    if (end == std::string_view::npos) continue;
    const std::string_view name = placeholder_name(text, i, end);
    for (const auto& v : values) {
      if (value_name(v) != name) continue;
      out.append(text.substr(done, i - done));
      if (isolated) out.append("\u2068");  // FSI: the value's own direction, from its first letter
      out.append(value_words(v));
      if (isolated) out.append("\u2069");  // PDI
      done = end;
      break;
    }
    i = end - 1;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace

std::string format_message(std::string_view text, std::initializer_list<MessageValue> values,
                           ValueIsolation isolation) {
  return fill_message(text, values, isolation);
}

std::string format_message(std::string_view text, const MessageValues& values,
                           ValueIsolation isolation) {
  return fill_message(text, values, isolation);
}

}  // namespace sichtbar
