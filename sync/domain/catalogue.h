// Message catalogues: gettext PO files in assets/i18n, one per UI language, msgid = message key.
// Read with libgettextpo (gettext's own PO reader), so translators' tools and we agree on the
// format.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace sichtbar {

class Catalogue {
 public:
  // Loads one PO file. A syntax error gives an error naming the file and line.
  static Result<Catalogue> load(const std::filesystem::path& po_file);
  // assets/i18n/<locale>.po; a locale without a catalogue is an error naming the locale.
  static Result<Catalogue> load_locale(const std::filesystem::path& i18n_dir,
                                       std::string_view locale);

  const std::string& language() const { return language_; }
  // The translation, or nullptr when the key is missing or untranslated. Fuzzy entries count as
  // missing (gettext's own rule).
  const std::string* find(std::string_view key) const;
  std::vector<std::string> keys() const;
  // Keys whose translation was drafted and awaits a native speaker's review ("#. draft" comment
  // or "X-Sichtbar-Draft: yes" in the header for the whole file).
  bool is_draft(std::string_view key) const;

 private:
  std::string language_;
  std::map<std::string, std::string, std::less<>> messages_;
  std::map<std::string, bool, std::less<>> drafts_;
  bool whole_file_draft_ = false;
};

// Placeholders: a message text may name a value the UI fills in, written {name} with name made of
// ASCII a-z and "_" ("Step {current} of {total}"). A translation must use the same names as the
// English text, in any order. Braces mean nothing else: a "{" or "}" outside a placeholder is a
// mistake, such as "{seconds" or "{Seconds}".

// The names of the placeholders in a text: {"current", "total"} for "Step {current} of {total}".
std::set<std::string> placeholders(std::string_view text);

// Whether translation has exactly the placeholders of source and no stray brace. The error
// (code i18n.placeholder) names what differs, e.g. "has {secnds}, which the source text does not
// have, and lacks {seconds}".
Result<void> check_placeholders(std::string_view source, std::string_view translation);

struct MessageValue {
  std::string_view name;
  std::string_view value;
};

// How a filled-in value sits in its message's text.
enum class ValueIsolation : bool {
  none,
  // Each value between FSI (U+2068) and PDI (U+2069): in a right-to-left message a number, a
  // date "2025-06-14 15:30" or a Latin name keeps its own order ("15:30 2025-06-14" otherwise)
  // and does not pull the words around it. The kiosk's bidi (ICU ubidi) honours isolates and
  // HarfBuzz draws nothing for them.
  isolated,
};

// Fills a message's placeholders: format_message(text, {{"seconds", "5"}}). Values go in as they
// are (a value that looks like a placeholder is not filled again); a placeholder without a value
// and stray braces stay as written, so a forgotten value shows on screen and in tests.
std::string format_message(std::string_view text, std::initializer_list<MessageValue> values,
                           ValueIsolation isolation = ValueIsolation::none);
// Values that own their words, by placeholder name: a message filled later than they were
// composed (the consent's office settings, read aloud when the person asks).
using MessageValues = std::vector<std::pair<std::string, std::string>>;
std::string format_message(std::string_view text, const MessageValues& values,
                           ValueIsolation isolation = ValueIsolation::none);

}  // namespace sichtbar
