// Message catalogues: gettext PO files in assets/i18n, one per UI language, msgid = message key.
// Read with libgettextpo (gettext's own PO reader), so translators' tools and we agree on the
// format.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/error.h"

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

}  // namespace sichtbar
