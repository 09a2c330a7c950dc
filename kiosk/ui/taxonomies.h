// What the kiosk's pickers offer: countries and languages with their names from ICU in the UI
// language (plus German and English, so either finds them), and occupations from the built-in
// list in assets/taxonomy/occupations.json (ISCO-08 codes, German and English labels) until the
// ESCO reference data arrives. Each search index is built on first use per UI language.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/occupations.h"
#include "text/search.h"

namespace sichtbar::ui {

class Taxonomies {
 public:
  // Error "taxonomy.unreadable" names the file.
  static Result<Taxonomies> load(const std::filesystem::path& assets_dir);

  // The index for "occupation", "country" or "language" in a UI language; null for others.
  const script::SearchIndex* index(std::string_view taxonomy, std::string_view ui_language);
  // How a chosen code reads in the UI language.
  std::string display_name(std::string_view taxonomy, std::string_view code,
                           std::string_view ui_language) const;
  // The occupation data's version, for the records (OccupationList::reference_version()).
  std::string_view reference_version() const { return occupations_.reference_version(); }
  // Every occupation label: the atlas must hold their glyphs.
  std::vector<std::string> occupation_labels() const;

 private:
  OccupationList occupations_;
  std::map<std::string, script::SearchIndex, std::less<>> indexes_;  // "country/ar"
};

}  // namespace sichtbar::ui
