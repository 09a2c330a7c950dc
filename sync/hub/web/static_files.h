// The files the hub's pages load: the stylesheet from assets/web/ and the Noto fonts from
// Debian's fonts-noto-core (read where Debian installs them, not copied into the repository).
// All are read once at start and served from memory; a missing one stops the start with a
// message saying which package or file is missing, rather than pages with boxes for letters.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "base/error.h"

namespace sichtbar::hub::web {

// Where Debian's fonts-noto-core puts its TrueType files.
inline constexpr std::string_view kDebianNotoFontDir = "/usr/share/fonts/truetype/noto";

// The font files the pages need: Latin, Cyrillic and Greek (Noto Sans), Arabic script for
// Arabic, Farsi and Pashto (Noto Naskh Arabic) and Ge'ez for Tigrinya (Noto Sans Ethiopic).
inline constexpr std::string_view kPageFonts[] = {
    "NotoSans-Regular.ttf",         "NotoSans-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",  "NotoNaskhArabic-Bold.ttf",
    "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"};

struct StaticFile {
  std::string content_type;
  std::string body;
};

class StaticFiles {
 public:
  // web_dir: assets/web (style.css); font_dir: kDebianNotoFontDir unless told otherwise.
  // Errors: "web.missing_file" naming the file (and fonts-noto-core for a font).
  static Result<StaticFiles> load(const std::filesystem::path& web_dir,
                                  const std::filesystem::path& font_dir);
  // By URL path: "/assets/style.css", "/assets/fonts/NotoSans-Regular.ttf". nullptr if none.
  const StaticFile* find(std::string_view url_path) const;

 private:
  std::map<std::string, StaticFile, std::less<>> files_;
};

}  // namespace sichtbar::hub::web
