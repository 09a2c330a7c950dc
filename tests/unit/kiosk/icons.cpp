// The pictogram table (kiosk/text/icons.h) against the font Debian installs: every name has the
// code point the package's CSS gives it, the font draws a glyph there, the ten ISCO-08 major
// groups have ten different pictograms, and only the ones that point somewhere are mirrored.
#include "text/icons.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "text/fonts.h"

using namespace sichtbar::script;

namespace {

constexpr const char* kCss =
    "/usr/share/fonts-material-design-icons-iconfont/css/material-design-icons.css";

// The code point the CSS gives `.material-icons.<name>:before { content: "\xxxx"; }`.
long css_code_point(const std::string& css, std::string_view name) {
  const std::regex rule("\\.material-icons\\." + std::string(name) +
                        ":before\\s*\\{\\s*content:\\s*\"\\\\([0-9a-fA-F]+)\"");
  std::smatch m;
  if (!std::regex_search(css, m, rule)) return -1;
  return std::stol(m[1].str(), nullptr, 16);
}

}  // namespace

TEST_CASE("every pictogram has the code point of its name in Debian's Material Icons") {
  std::ifstream in(kCss);
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string css = buffer.str();
  auto fonts = FontSet::open({{kMaterialIconsFont, FontRole::general, kMaterialIconsPackage}});
  REQUIRE(fonts);
  FontFace& face = fonts->face(0, 72);
  for (const IconGlyph& icon : icon_table()) {
    INFO(icon.name);
    CHECK(css_code_point(css, icon.name) == static_cast<long>(icon.code_point));
    CHECK(face.glyph_for(icon.code_point) != 0);
    CHECK(&icon_glyph(icon.icon) == &icon);
  }
}

TEST_CASE("the ten major groups have ten different pictograms, and only arrows are mirrored") {
  std::set<Icon> seen;
  for (char major = '0'; major <= '9'; ++major) {
    const Icon icon = isco_major_icon(major);
    CHECK(icon != Icon::forward);
    CHECK_FALSE(icon_glyph(icon).directional);
    seen.insert(icon);
  }
  CHECK(seen.size() == 10);
  CHECK(isco_major_icon('x') == Icon::forward);
  CHECK(icon_glyph(Icon::back).directional);
  CHECK(icon_glyph(Icon::forward).directional);
  CHECK_FALSE(icon_glyph(Icon::not_listed).directional);
}

TEST_CASE("a missing icon font names the Debian package that installs it") {
  auto fonts = FontSet::open(
      {{"/nonexistent/MaterialIcons-Regular.ttf", FontRole::general, kMaterialIconsPackage}});
  REQUIRE_FALSE(fonts);
  CHECK(fonts.error().code == "font.unreadable");
  CHECK(fonts.error().message.find("fonts-material-design-icons-iconfont") != std::string::npos);
}
