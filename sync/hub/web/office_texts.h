// The office pages' words: assets/i18n/office/<lang>.po (German and English), read with the
// catalogue code every other page uses. Keys start with "office.".
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "base/error.h"
#include "domain/catalogue.h"

namespace sichtbar::hub::web {

class OfficeTexts {
 public:
  // The office's languages; German is the default.
  static constexpr std::string_view kLanguages[] = {"de", "en"};

  // i18n_dir/office/de.po and en.po; both must be there.
  static Result<OfficeTexts> load(const std::filesystem::path& i18n_dir);

  // The text of key in lang, else in German, else the key itself (so a missing text shows, and
  // tests catch it).
  const std::string& text(std::string_view key, std::string_view lang = "de") const;

 private:
  std::map<std::string, Catalogue, std::less<>> catalogues_;
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

}  // namespace sichtbar::hub::web
