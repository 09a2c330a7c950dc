// The pictogram table (kiosk/text/icons.h) against the font Debian installs: every name has the
// code point the package's CSS gives it, the font draws a glyph there, the ten ISCO-08 major
// groups have ten different pictograms, and only the ones that point somewhere are mirrored;
// every section and every choice of the profile form has one (issue #17: a person who does not
// read answers by pictures), chosen by the field's meaning, and a new option without one draws
// as words.
#include "text/icons.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "domain/form_library.h"
#include "support/temp_dir.h"
#include "text/fonts.h"

using namespace sichtbar;
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

TEST_CASE("every section and every choice of the profile form has a pictogram") {
  auto forms = FormLibrary::load(form_folder(sichtbar::test::asset(""), kProfileFormId));
  REQUIRE(forms);
  std::size_t options = 0;
  for (const Form& form : forms->versions())
    for (const Section& section : form.sections) {
      INFO(section.id);
      CHECK(section_icon(section.id));
      std::vector<const Field*> fields;
      for (const Field& field : section.fields) {
        fields.push_back(&field);
        for (const Field& child : field.fields) fields.push_back(&child);
      }
      for (const Field* field : fields) {
        for (const Option& option : field->options) {
          INFO(field->id << " " << option.value);
          ++options;
          CHECK(option_icon(field->id, option.value));
        }
        if (field->type == FieldType::YesNo) {
          CHECK(option_icon(field->id, "yes") == Icon::check_circle);
          CHECK(option_icon(field->id, "no") == Icon::cancel);
        }
      }
    }
  CHECK(options > 60);
}

TEST_CASE("a choice's pictogram follows its field's meaning, and an unknown one has none") {
  // "c" is a lorry licence and a football coach's licence.
  CHECK(option_icon("driving_licences", "c") == Icon::local_shipping);
  CHECK(option_icon("coaching_licence", "c") == Icon::sports);
  // Meaning that does not depend on the field: none, other, the CEFR levels.
  CHECK(option_icon("coaching_licence", "none") == Icon::block);
  CHECK(option_icon("german_certificate", "none") == Icon::block);
  CHECK(option_icon("some_new_field", "other") == Icon::more_horiz);
  CHECK(option_icon("german_level", "B2") == Icon::filter_4);
  CHECK(option_icon("level", "eqf_4") == Icon::filter_4);
  // A new form version's option draws as words until it gets a picture.
  CHECK_FALSE(option_icon("kind", "apprenticeship_abroad"));
  CHECK_FALSE(section_icon("a_new_section"));
  // A lorry drives towards where reading goes; a car seen from the front does not.
  CHECK(icon_glyph(Icon::local_shipping).directional);
  CHECK_FALSE(icon_glyph(Icon::directions_car).directional);
  CHECK(icon_glyph(Icon::skip).directional);
  CHECK_FALSE(icon_glyph(Icon::ask_helper).directional);
}
