// Loading the office pages' catalogues; see office_texts.h.
#include "hub/web/office_texts.h"

#include <mutex>

namespace sichtbar::hub::web {

Result<OfficeTexts> OfficeTexts::load(const std::filesystem::path& i18n_dir) {
  OfficeTexts texts;
  for (std::string_view lang : kLanguages) {
    auto catalogue = Catalogue::load_locale(i18n_dir / "office", lang);
    if (!catalogue) return std::unexpected(catalogue.error());
    texts.catalogues_.emplace(std::string(lang), std::move(*catalogue));
  }
  return texts;
}

const std::string& OfficeTexts::text(std::string_view key, std::string_view lang) const {
  for (std::string_view l : {lang, std::string_view("de")})
    if (auto it = catalogues_.find(l); it != catalogues_.end())
      if (const std::string* found = it->second.find(key)) return *found;
  // Served from many threads: the fallback copy is made once (std::map keeps its nodes put).
  static std::mutex guard;
  std::lock_guard lock(guard);
  return missing_.try_emplace(std::string(key), std::string(key)).first->second;
}

}  // namespace sichtbar::hub::web
