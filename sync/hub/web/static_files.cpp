// Loading the pages' stylesheet and fonts into memory; see static_files.h.
#include "hub/web/static_files.h"

#include <fstream>
#include <sstream>

#include "base/files.h"

namespace sichtbar::hub::web {

namespace {

Result<std::string> read_whole(const std::filesystem::path& file, std::string_view advice) {
  auto bytes = read_whole_file(file);
  if (!bytes)
    return fail("web.missing_file", "The hub cannot read " + file.string() +
                                        ", which its pages need. " + std::string(advice));
  return std::move(*bytes);
}

}  // namespace

Result<StaticFiles> StaticFiles::load(const std::filesystem::path& web_dir,
                                      const std::filesystem::path& font_dir) {
  StaticFiles files;
  auto css = read_whole(web_dir / "style.css",
                        "Point the hub's assets setting at Sichtbar's assets folder.");
  if (!css) return std::unexpected(css.error());
  files.files_["/assets/style.css"] = {"text/css; charset=utf-8", std::move(*css)};
  for (std::string_view font : kPageFonts) {
    auto bytes = read_whole(font_dir / font,
                            "Install the Debian package fonts-noto-core (apt-get install "
                            "fonts-noto-core).");
    if (!bytes) return std::unexpected(bytes.error());
    files.files_["/assets/fonts/" + std::string(font)] = {"font/ttf", std::move(*bytes)};
  }
  return files;
}

const StaticFile* StaticFiles::find(std::string_view url_path) const {
  auto it = files_.find(url_path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace sichtbar::hub::web
