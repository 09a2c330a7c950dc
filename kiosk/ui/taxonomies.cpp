// The pickers' lists (see taxonomies.h).
#include "ui/taxonomies.h"

#include "domain/names.h"
#include "text/picker_lists.h"

namespace sichtbar::ui {

Result<Taxonomies> Taxonomies::load(const std::filesystem::path& assets_dir) {
  auto occupations = OccupationList::load(assets_dir);
  if (!occupations) return std::unexpected(occupations.error());
  Taxonomies t;
  t.occupations_ = std::move(*occupations);
  return t;
}

const script::SearchIndex* Taxonomies::index(std::string_view taxonomy,
                                             std::string_view ui_language) {
  const std::string key = std::string(taxonomy) + "/" + std::string(ui_language);
  if (auto it = indexes_.find(key); it != indexes_.end()) return &it->second;
  std::vector<script::SearchEntry> entries;
  const std::string ui(ui_language);
  if (taxonomy == "country") {
    entries = script::country_search_entries(ui);
  } else if (taxonomy == "language") {
    entries = script::language_search_entries(ui);
  } else if (taxonomy == "occupation") {
    for (const Occupation& o : occupations_.all()) {
      entries.push_back({o.code, ui == "de" ? o.de : o.en, true});
      entries.push_back({o.code, ui == "de" ? o.en : o.de, ui != "de" && ui != "en"});
    }
  } else {
    return nullptr;
  }
  auto built = script::SearchIndex::build(std::move(entries));
  if (!built) return nullptr;
  return &indexes_.emplace(key, std::move(*built)).first->second;
}

std::string Taxonomies::display_name(std::string_view taxonomy, std::string_view code,
                                     std::string_view ui_language) const {
  if (taxonomy == "country") return script::country_name(code, ui_language);
  if (taxonomy == "language") return script::language_name(code, ui_language);
  return occupations_.name(code, ui_language);
}

std::vector<std::string> Taxonomies::occupation_labels() const {
  std::vector<std::string> labels;
  for (const Occupation& o : occupations_.all()) {
    labels.push_back(o.de);
    labels.push_back(o.en);
  }
  return labels;
}

}  // namespace sichtbar::ui
