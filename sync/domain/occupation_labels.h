// Occupation labels in the languages ESCO does not give here (ar, fa, ps, ti, so, ku, uk, ru,
// tr): assets/taxonomy/occupations/<lang>.po, one entry per common occupation, msgctxt = the ESCO
// UUID, msgstr = its labels separated by "|" (the common name first, then the other gendered
// form, then synonyms). Both programs read them beside the ESCO reference (domain/esco.h): the
// kiosk's search, the profile page's names.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar {

class OccupationLabels {
 public:
  // Every <lang>.po under assets_dir/taxonomy/occupations, read with libgettextpo like the
  // catalogues. Error "occupation_labels.missing" when the folder is absent,
  // "occupation_labels.malformed" naming the file (and the entry) for a file that is not valid
  // PO, whose Language header is not its name, or with an entry without a UUID as msgctxt, a
  // UUID twice, or an empty label. Untranslated and fuzzy entries are left out (gettext's rule).
  static Result<OccupationLabels> load(const std::filesystem::path& assets_dir);

  // The labels of the occupation `uuid` (lower-case, no URI prefix) in `language`, the common
  // name first; nullptr when the file lacks it or there is no file for the language.
  const std::vector<std::string>* find(std::string_view language, std::string_view uuid) const;

  // f(std::string_view uuid, const std::vector<std::string>& labels) for every occupation the
  // language has, in UUID order; nothing for a language without a file.
  template <class F>
  void for_each(std::string_view language, F&& f) const {
    const auto it = languages_.find(language);
    if (it == languages_.end()) return;
    for (const auto& [uuid, labels] : it->second.labels) f(std::string_view(uuid), labels);
  }

  // The languages with a file, sorted.
  std::vector<std::string> languages() const;
  // Whether the language's file is marked "X-Sichtbar-Draft: yes" (awaits a native review).
  bool is_draft(std::string_view language) const;

 private:
  struct Language {
    bool draft = false;
    std::map<std::string, std::vector<std::string>, std::less<>> labels;  // by UUID
  };
  std::map<std::string, Language, std::less<>> languages_;
};

}  // namespace sichtbar
