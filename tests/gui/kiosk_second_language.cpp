// The person's switch for a second language under every label (issue #17 item 4), headless on
// the real screens (tests/gui/headless_kiosk.h): in Arabic the switch says "Deutsch" and puts
// each question's German below it; tapped again it goes; on a German screen it gives English;
// the next person starts without it.
#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <string>

#include "headless_kiosk.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;

namespace {

// Glyphs in the second line's colour (muted: text, not shapes, which sample the atlas' white
// pixel) that the screen's scrolling body draws, counted by their quads.
int muted_glyphs_in_body() {
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  int vertices = 0;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active || std::string(w->Name).find("##body") == std::string::npos) continue;
    for (const ImDrawVert& v : w->DrawList->VtxBuffer)
      if (v.col == ui::colors::muted && (v.uv.x != white.x || v.uv.y != white.y)) ++vertices;
  }
  return vertices / 4;
}

// The glyphs a label's second line draws (a space draws none).
int glyphs_of(HeadlessKiosk& k, const std::string& text) {
  auto shaped =
      k.app->ui().shape(text, ui::TextSize::small, script::kNoWrap, script::BaseDirection::ltr);
  int n = 0;
  for (const auto& line : shaped->lines)
    for (const auto& glyph : line.glyphs) n += text[glyph.cluster] == ' ' ? 0 : 1;
  return n;
}

void tap_switch(HeadlessKiosk& k) {
  const auto rect = k.app->second_language().button_rect();
  REQUIRE(rect);
  k.tap_rect(*rect);
}

}  // namespace

TEST_CASE("a person in Arabic switches German on under every question, and off again") {
  HeadlessKiosk k;
  k.start_person("ar");
  REQUIRE(k.app->session().section()->id == "about");
  const int arabic_only = muted_glyphs_in_body();
  // The switch sits at the top, beside Stop, where reading ends (the left in Arabic).
  const auto rect = k.app->second_language().button_rect();
  REQUIRE(rect);
  CHECK(rect->second.x < kWidth / 2);
  CHECK(rect->first.y < kHeight * 0.15f);
  CHECK(k.app->ui().second_text("about.name.label") == "Ihr Name");

  tap_switch(k);
  CHECK(k.app->second_language().on());
  const int with_german = muted_glyphs_in_body();
  // At least the German of the name's question came in below it ("Ihr Name").
  CHECK(with_german - arabic_only >= glyphs_of(k, "Ihr Name"));

  tap_switch(k);
  CHECK_FALSE(k.app->second_language().on());
  CHECK(muted_glyphs_in_body() == arabic_only);
}

TEST_CASE("on a German screen the switch gives English, and the next person starts without it") {
  HeadlessKiosk k;
  k.start_person("de");
  REQUIRE(k.app->session().section()->id == "about");
  const int german_only = muted_glyphs_in_body();
  CHECK(k.app->ui().second_text("about.name.label") == "Your name");
  tap_switch(k);
  CHECK(muted_glyphs_in_body() - german_only >= glyphs_of(k, "Your name"));

  // Stop and delete (the button in the top corner, then Yes): the next person sees the
  // screens as they were.
  k.tap(0.867f, 0.043f);
  k.tap(0.35f, 0.616f);
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  CHECK_FALSE(k.app->second_language().on());
  k.start_person("ar");
  CHECK_FALSE(k.app->second_language().on());
}

TEST_CASE("with the switch on, every choice shows its German under its own words") {
  HeadlessKiosk k;
  k.start_person("ar");
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // about you -> languages
  REQUIRE(k.app->session().section()->id == "languages");
  const auto a1 = [&] {
    for (const ui::TouchTarget& t : k.targets())
      if (t.id == "A1") return t;
    FAIL("no choice A1 on the languages screen");
    return ui::TouchTarget{};
  };
  const std::string german = k.app->ui().second_text("cefr.a1");
  REQUIRE_FALSE(german.empty());
  const ui::TouchTarget before = a1();
  const int arabic_only = muted_glyphs_in_body();

  tap_switch(k);
  const ui::TouchTarget after = a1();
  // The row grew by the German line, and its glyphs came in (on top of the question's German).
  CHECK(after.max.y - after.min.y > before.max.y - before.min.y);
  CHECK(muted_glyphs_in_body() - arabic_only >=
        glyphs_of(k, german) +
            glyphs_of(k, k.app->ui().second_text("languages.german_level.label")));
  // The row keeps the person's own words as what it is (the pictogram and the tap are theirs).
  CHECK(after.text == before.text);

  tap_switch(k);
  CHECK(a1().max.y - a1().min.y == before.max.y - before.min.y);
  CHECK(muted_glyphs_in_body() == arabic_only);
}

namespace {

// Muted glyphs the screen draws outside its scrolling body: the header (progress, title).
int muted_glyphs_in_header() {
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  int vertices = 0;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active || std::string(w->Name).find("##body") != std::string::npos) continue;
    for (const ImDrawVert& v : w->DrawList->VtxBuffer)
      if (v.col == ui::colors::muted && (v.uv.x != white.x || v.uv.y != white.y)) ++vertices;
  }
  return vertices / 4;
}

// The top of the first touch target with this id drawn this frame.
float target_top(HeadlessKiosk& k, std::string_view id) {
  for (const ui::TouchTarget& t : k.targets())
    if (t.id == id) return t.min.y;
  FAIL("no touch target " << id);
  return 0;
}

float small_line_height(HeadlessKiosk& k, const std::string& text) {
  return k.app->ui()
      .shape(text, ui::TextSize::small, script::kNoWrap, script::BaseDirection::ltr)
      ->height;
}

}  // namespace

TEST_CASE("with the switch on, a section's title and help texts show their German below them") {
  HeadlessKiosk k;
  k.start_person("ar");
  REQUIRE(k.app->session().section()->id == "about");
  const int header_arabic = muted_glyphs_in_header();
  // The first field's Skip: what is above it (the section's help, the name's question) pushes it
  // down by their German lines.
  const std::string first = k.targets().empty() ? "" : [&] {
    for (const ui::TouchTarget& t : k.targets())
      if (t.min.y > kHeight * 0.2f && t.id.find("##") == 0) return t.id;
    return std::string();
  }();
  REQUIRE_FALSE(first.empty());
  const float first_before = target_top(k, first);
  const std::string title = k.app->ui().second_text("section.about.title");
  const std::string help = k.app->ui().second_text("section.about.help");
  REQUIRE_FALSE(title.empty());
  REQUIRE_FALSE(help.empty());

  tap_switch(k);
  REQUIRE(k.app->second_language().on());
  // The title's German ("Über Sie") under the Arabic title, in the header.
  CHECK(muted_glyphs_in_header() - header_arabic >= glyphs_of(k, title));
  // The help's German under the Arabic help, and the question's under the question: the field
  // moved down by at least a line of each.
  CHECK(target_top(k, first) - first_before >=
        small_line_height(k, help) + small_line_height(k, "Ihr Name"));

  tap_switch(k);
  CHECK(muted_glyphs_in_header() == header_arabic);
  CHECK(target_top(k, first) == first_before);
}

TEST_CASE("a question's help text shows its German below it with the switch on, none when off") {
  HeadlessKiosk k;
  k.start_person("ar");
  REQUIRE(k.app->session().section()->id == "about");
  const std::string help = k.app->ui().second_text("about.phone.help");
  REQUIRE_FALSE(help.empty());
  const int arabic_only = muted_glyphs_in_body();
  tap_switch(k);
  const int with_german = muted_glyphs_in_body();
  // Every label's, choice's and help's German of the screen: at least the phone help's on top of
  // the questions' and choices'.
  int labels = 0;
  for (const Field& field : k.app->session().section()->fields) {
    labels += glyphs_of(k, k.app->ui().second_text(field.label_key));
    for (const Option& option : field.options)
      labels += glyphs_of(k, k.app->ui().second_text(option.label_key));
  }
  CHECK(with_german - arabic_only >=
        labels + glyphs_of(k, k.app->ui().second_text("section.about.help")) + glyphs_of(k, help));
  tap_switch(k);
  CHECK(muted_glyphs_in_body() == arabic_only);
}
