// The kiosk's form fields, headless, as a person at the stand uses them (issue #14): a tap into
// a field keeps its question in view with the marks above its letters, phone numbers and years
// read left to right in Arabic with the caret where the finger landed, and the words, keyboards
// and review that go with them.
#include <catch2/catch.hpp>
#include <string>

#include "core/admin.h"
#include "core/outbox.h"
#include "headless_kiosk.h"
#include "protocol/envelope.h"
#include "ui/layout.h"
#include "ui/pin_fields.h"
#include "ui/review_screen.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;

namespace {

// The top of the scrolling body on screen (its clip rectangle's top edge).
float body_top() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && std::string(w->Name).find("##body") != std::string::npos)
      return w->InnerClipRect.Min.y;
  FAIL("no scrolling body on screen");
  return 0;
}

// Drags the body up until the text field of `path` is on screen.
ui::TouchTextField& scroll_to_field(HeadlessKiosk& k, const std::string& path) {
  for (int i = 0; i < 12; ++i) {
    ui::TouchTextField& f = k.field(path);
    const float body_bottom = kHeight - ui::nav_bar_height(k.app->ui());
    if (f.last_rect().second.y < body_bottom && f.last_rect().first.y > body_top()) return f;
    k.drag(0.5f, 0.7f, 0.5f, 0.45f);
  }
  FAIL("the field " << path << " never came into view");
  return k.field(path);
}

}  // namespace

TEST_CASE("a tap into a field with a hint keeps its question in view, marks and all") {
  for (const char* language : {"de", "ar", "ps", "ti"}) {
    INFO("language " << language);
    HeadlessKiosk k;
    k.start_person(language);
    for (const std::string path : {"about.place_of_residence", "about.phone", "about.email"}) {
      INFO(path);
      ui::TouchTextField& field = scroll_to_field(k, path);
      k.tap_rect(field.last_rect());
      REQUIRE(k.app->section_screen().editors().focus().field == &field);
      const auto question = k.app->section_screen().editors().question_y(path);
      REQUIRE(question);
      // The question's first line is below the body's top edge with room for the marks above
      // Arabic letters (a hamza over a damma reaches above the line's ascender at the edge).
      CHECK(*question >= body_top() + 8 * k.scale);
      // ... and the field itself is above the keyboard.
      const float keyboard_top = kHeight - ui::nav_bar_height(k.app->ui()) -
                                 k.app->section_screen().editors().keyboard().height(k.app->ui());
      CHECK(field.last_rect().second.y <= keyboard_top);
      k.app->section_screen().editors().focus() = {};
      k.frames(2);
    }
  }
}

TEST_CASE("phone numbers and years read left to right in Arabic, the caret where the tap was") {
  HeadlessKiosk k;
  k.choose("ar");
  k.agree(true);
  k.frames(1);
  SECTION("a phone number keeps its order and its caret at its end") {
    ui::TouchTextField& phone = scroll_to_field(k, "about.phone");
    k.tap_rect(phone.last_rect());
    k.type("+49 176 5551234");
    REQUIRE(phone.text() == "+49 176 5551234");
    // Drawn left to right: the glyphs' text offsets grow from left to right (not
    // "5551234 176 49+").
    const script::ShapedParagraph* layout = phone.last_layout();
    REQUIRE(layout);
    std::size_t previous = 0;
    for (const script::PositionedGlyph& g : layout->lines.at(0).glyphs) {
      CHECK(g.cluster >= previous);
      previous = g.cluster;
    }
    CHECK(phone.edit().cursor() == phone.text().size());
    CHECK(k.answer("about", "phone") == "+49 176 5551234");
  }
  SECTION("a phone number typed in Arabic digits on a keyboard is the same number") {
    // A USB keyboard set to Arabic types ٠-٩: the phone check wants the digits, as the keypad's.
    ui::TouchTextField& phone = scroll_to_field(k, "about.phone");
    k.tap_rect(phone.last_rect());
    k.type("+49 \u0661\u0667\u0666 \u0665\u0665\u0665\u0661\u0662\u0663\u0664");
    CHECK(phone.text() == "+49 176 5551234");
    CHECK(k.answer("about", "phone") == "+49 176 5551234");
  }
  SECTION("a tap after a year's digits puts the caret after them, and Delete takes the last") {
    ui::TouchTextField& year = scroll_to_field(k, "about.year_of_birth");
    k.tap_rect(year.last_rect());
    k.type("1990");
    const auto [a, b] = year.last_rect();
    // Tap where the first digit starts ("1" at the field's left), then just after the "0".
    k.tap_px(ImVec2(a.x + 14 * k.scale + 2, (a.y + b.y) / 2));
    CHECK(year.edit().cursor() == 0);
    k.tap_px(ImVec2(a.x + 14 * k.scale + year.last_layout()->width + 8, (a.y + b.y) / 2));
    CHECK(year.edit().cursor() == 4);
    k.key(SDL_SCANCODE_BACKSPACE);
    CHECK(year.text() == "199");
  }
}

namespace {
const Field& form_field(HeadlessKiosk& k, const std::string& section, const std::string& id) {
  for (const Section& s : k.app->services().form.sections)
    if (s.id == section)
      for (const Field& f : s.fields)
        if (f.id == id) return f;
  FAIL("no field " << section << "." << id);
  throw;
}
}  // namespace

TEST_CASE("entries are named by their content and the review labels every answer in them") {
  for (const char* language : {"de", "ar"}) {
    INFO("language " << language);
    HeadlessKiosk k;
    k.start_person(language);
    auto person = k.app->session().person();
    REQUIRE(person);
    REQUIRE((*person)->add_entry("work", "items"));
    REQUIRE((*person)->add_entry("work", "items"));
    REQUIRE((*person)->set_entry_answer("work", "items", 0, "job_title", "Schweißer"));
    REQUIRE((*person)->set_entry_answer("work", "items", 0, "years", 5));
    REQUIRE((*person)->set_entry_answer("work", "items", 1, "years", 2));
    const Field& items = form_field(k, "work", "items");
    const nlohmann::json& entries = *k.app->session().draft()->answer("work", "items");
    ui::Ui& ui = k.app->ui();
    ui::Taxonomies& taxonomies = k.app->services().taxonomies;
    // A filled entry is called by what it is; one without a name keeps its number.
    CHECK(ui::entry_name(ui, taxonomies, items, entries[0], 0) == "Schweißer");
    // In Arabic the number is isolated (FSI 2 PDI), so it keeps its place in the line.
    const std::string number =
        std::string_view(language) == "ar" ? "\u2068" "2" "\u2069" : "2";
    CHECK(ui::entry_name(ui, taxonomies, items, entries[1], 1) ==
          format_message(ui.tr("ui.group.item"), {{"number", number}}));
    const std::string summary = ui::answer_summary(ui, taxonomies, items, entries);
    INFO(summary);
    // One labelled line per answer, in the screen's language; no bare values joined by commas.
    CHECK(summary.find("Schweißer\n") == 0);
    std::string years = ui.tr("work.years.label");  // "How many years?"
    for (std::string_view mark : {"?", "\u061f"})
      if (years.ends_with(mark)) years.resize(years.size() - mark.size());
    CHECK(summary.find(years + ": 5") != std::string::npos);
    CHECK(summary.find(years + ": 2") != std::string::npos);
    CHECK(summary.find(", ") == std::string::npos);
  }
}

TEST_CASE(
    "the words for the keyboard's delete and for removing an entry differ in every language") {
  HeadlessKiosk k;
  for (const std::string language :
       {"de", "en", "ar", "fa", "fr", "ku", "ps", "ru", "so", "ti", "tr", "uk"}) {
    INFO("language " << language);
    const Catalogue* catalogue = k.app->services().catalogue(language);
    REQUIRE(catalogue);
    const std::string* erase = catalogue->find("ui.keyboard.delete");
    const std::string* remove = catalogue->find("ui.group.remove");
    const std::string* add_first = catalogue->find("ui.group.add_first");
    const std::string* add_more = catalogue->find("ui.group.add");
    REQUIRE(erase);
    REQUIRE(remove);
    CHECK(*erase != *remove);
    // The first entry's button says "Add", not "Add another".
    REQUIRE(add_first);
    REQUIRE(add_more);
    CHECK(*add_first != *add_more);
  }
}

TEST_CASE("the Latin keys beside Arabic have the German letters and stay with their field") {
  HeadlessKiosk k;
  k.choose("ar");
  k.agree(true);
  k.frames(1);
  ui::TouchTextField& name = k.field("about.name");
  k.tap_rect(name.last_rect());
  k.tap_key("ABC");  // Latin letters, for a German place name
  for (const char* letter : {"n", "ü", "r", "n", "b", "e", "r", "g"}) k.tap_key(letter);
  CHECK(name.text() == "nürnberg");
  for (const char* letter : {"ö", "ä", "ß"}) k.tap_key(letter);
  CHECK(name.text() == "nürnbergöäß");
  // The next field starts in its own script again: Arabic letters (the keyboard closed with
  // Done in between, as the person scrolls down).
  k.app->section_screen().editors().focus() = {};
  k.frames(2);
  ui::TouchTextField& place = scroll_to_field(k, "about.place_of_residence");
  k.tap_rect(place.last_rect());
  k.tap_key("\u0628");  // ب
  CHECK(place.text() == "\u0628");
}

namespace {

// The scrolling body's window (its draw list and clip rectangle).
ImGuiWindow* body_window() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && std::string(w->Name).find("##body") != std::string::npos) return w;
  FAIL("no scrolling body on screen");
  return nullptr;
}

// Whether a vertex samples a glyph of the atlas (text) rather than its white pixel (shapes).
bool is_glyph(const ImDrawVert& v) {
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  return v.uv.x != white.x || v.uv.y != white.y;
}

}  // namespace

TEST_CASE("the red frame of a problem leaves every letter of its question and message whole") {
  for (const char* language : {"ar", "ps", "de", "ti"}) {
    const bool rtl = HeadlessKiosk::reads_rtl(language);
    INFO("language " << language);
    HeadlessKiosk k;
    k.start_person(language);
    ui::TouchTextField& year = scroll_to_field(k, "about.year_of_birth");
    k.tap_rect(year.last_rect());
    k.type("2123");
    k.tap(rtl ? HeadlessKiosk::next_left : HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
    k.frames(3);
    REQUIRE_FALSE(k.app->session().problems().empty());
    ImGuiWindow* body = body_window();
    REQUIRE(body);
    // The frame: the shapes drawn in the problem colour (glyphs in it are the message).
    ImRect frame(ImVec2(FLT_MAX, FLT_MAX), ImVec2(-FLT_MAX, -FLT_MAX));
    for (const ImDrawVert& v : body->DrawList->VtxBuffer)
      if (v.col == ui::colors::danger && !is_glyph(v)) frame.Add(v.pos);
    REQUIRE(frame.GetWidth() > 100);
    INFO("frame " << frame.Min.x << "," << frame.Min.y << " - " << frame.Max.x << "," << frame.Max.y
                  << ", body clip " << body->InnerClipRect.Min.x << " - "
                  << body->InnerClipRect.Max.x);
    // The frame is whole inside the body (its line not cut off at an edge) ...
    CHECK(body->InnerClipRect.Contains(frame));
    // ... and every letter inside it (the question, the typed year, the message) clears its
    // line, also the first letters where reading starts (right in Arabic script), and is
    // drawn inside the body's clip rectangle: no letter is cut by the frame or the clip.
    const float line = 4 * k.scale;  // the frame's line, with its anti-aliased fringe
    ImRect inner = frame;
    inner.Expand(-line);
    int letters = 0;
    for (const ImDrawVert& v : body->DrawList->VtxBuffer) {
      if (!is_glyph(v) || v.pos.y <= frame.Min.y + line || v.pos.y >= frame.Max.y - line) continue;
      ++letters;
      INFO("glyph vertex at " << v.pos.x << "," << v.pos.y);
      CHECK(v.pos.x >= inner.Min.x);
      CHECK(v.pos.x <= inner.Max.x);
      CHECK(body->InnerClipRect.Contains(v.pos));
    }
    CHECK(letters > 40);
  }
}

namespace {

// The tallest glyph drawn in `color` whose top lies between y0 and y1 on screen, over every
// window: a glyph is one quad of 4 vertices (top left first, bottom right third).
float tallest_glyph(ImU32 color, float y0, float y1) {
  float tallest = 0;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active) continue;
    const auto& v = w->DrawList->VtxBuffer;
    for (int i = 0; i + 3 < v.Size; ++i) {
      if (v[i].col != color || !is_glyph(v[i])) continue;
      if (v[i].pos.y >= y0 && v[i].pos.y <= y1)
        tallest = std::max(tallest, v[i + 2].pos.y - v[i].pos.y);
      i += 3;
    }
  }
  return tallest;
}

}  // namespace

TEST_CASE("a field's hint and the progress label are drawn large enough to read at the stand") {
  for (const char* language : {"de", "ti"}) {
    INFO("language " << language);
    HeadlessKiosk k;
    k.choose(language);
    k.agree(false);
    k.frames(1);
    // Type of 20 px on this 800 px high screen (27 px on a 1080 px one) has letters about
    // 12 px tall in Noto Sans and Noto Sans Ethiopic; the 16 px the issue measured, 10.
    const float readable = 12;
    const float progress = tallest_glyph(ui::colors::muted, 0, 60 * k.scale);
    INFO("progress label's tallest letter " << progress << " px");
    CHECK(progress >= readable);
    ui::TouchTextField& place = scroll_to_field(k, "about.place_of_residence");
    k.frames(1);
    const auto question = k.app->section_screen().editors().question_y("about.place_of_residence");
    REQUIRE(question);
    const float hint = tallest_glyph(ui::colors::muted, *question, place.last_rect().first.y);
    INFO("hint's tallest letter " << hint << " px");
    CHECK(hint >= readable);
  }
}

TEST_CASE(
    "the PIN's refusals are shown in the volunteer screen's words, not the library's English") {
  // "This PIN is too easy to guess" stood in English on the German volunteer screen (issue #14).
  HeadlessKiosk k;
  AdminPin pin(k.app->store());
  const auto weak = pin.set_first("1234", "1234");
  const auto bad = pin.set_first("12a4", "12a4");
  const auto mismatch = pin.set_first("2580", "2581");
  REQUIRE(!weak);
  REQUIRE(!bad);
  REQUIRE(!mismatch);
  REQUIRE(k.app->ui().language == "de");
  for (const Error& e : {weak.error(), bad.error(), mismatch.error()}) {
    const std::string shown = ui::pin_error_text(k.app->ui(), e);
    INFO(e.code << ": " << shown);
    CHECK(shown != e.message);
    CHECK(shown.find("PIN") != std::string::npos);
  }
  CHECK(ui::pin_error_text(k.app->ui(), weak.error()).find("zu leicht zu erraten") !=
        std::string::npos);
}

TEST_CASE("form version 2's answers show on the review in the person's words and are sealed") {
  HeadlessKiosk k;
  k.start_person("ar");
  CHECK(k.app->services().form.version == 2);
  auto person = k.app->session().person();
  REQUIRE(person);
  PersonDraft& p = **person;
  REQUIRE(p.add_entry("languages", "mother_tongues"));
  REQUIRE(p.set_entry_answer("languages", "mother_tongues", 0, "mother_tongue", "ar"));
  REQUIRE(p.set_entry_answer("languages", "mother_tongues", 0, "literacy",
                             nlohmann::json::array({"speak", "read"})));
  REQUIRE(p.set_answer("education", "schooling", "interrupted"));
  REQUIRE(p.add_entry("education", "items"));
  REQUIRE(p.set_entry_answer("education", "items", 0, "kind", "university"));
  REQUIRE(p.set_entry_answer("education", "items", 0, "title", "Pharmazie"));
  REQUIRE(p.set_entry_answer("education", "items", 0, "status", "not_finished"));
  REQUIRE(p.set_entry_answer("education", "items", 0, "not_finished_reason", "war"));
  REQUIRE(p.set_entry_answer("education", "items", 0, "documents_status", "at_home"));
  REQUIRE(p.set_entry_answer("education", "items", 0, "recognition", "dont_know"));
  REQUIRE(p.add_entry("work", "items"));
  REQUIRE(p.set_entry_answer("work", "items", 0, "job_title", "Schneider"));
  REQUIRE(p.set_entry_answer("work", "items", 0, "learned",
                             nlohmann::json::array({"from_master"})));

  // The review says each answer in Arabic, under its question.
  ui::Ui& ui = k.app->ui();
  ui::Taxonomies& taxonomies = k.app->services().taxonomies;
  const nlohmann::json& answers = k.app->session().draft()->answers();
  const std::string education =
      ui::answer_summary(ui, taxonomies, form_field(k, "education", "items"),
                         answers["education"]["items"]);
  INFO(education);
  for (const char* key :
       {"education.status.option.not_finished", "education.not_finished_reason.option.war",
        "education.documents_status.option.at_home", "education.recognition.option.dont_know"})
    CHECK(education.find(ui.tr(key)) != std::string::npos);
  CHECK(ui::answer_summary(ui, taxonomies, form_field(k, "education", "schooling"),
                           answers["education"]["schooling"]) ==
        ui.tr("education.schooling.option.interrupted"));
  const std::string languages =
      ui::answer_summary(ui, taxonomies, form_field(k, "languages", "mother_tongues"),
                         answers["languages"]["mother_tongues"]);
  INFO(languages);
  CHECK(languages.find(ui.tr("languages.literacy.option.read")) != std::string::npos);
  CHECK(languages.find(ui.tr("languages.literacy.option.write")) == std::string::npos);
  CHECK(ui::answer_summary(ui, taxonomies, form_field(k, "work", "items"),
                           answers["work"]["items"])
            .find(ui.tr("work.learned.option.from_master")) != std::string::npos);

  // Through every section (each one's answers pass its check) to the review, and finished.
  while (k.app->session().screen() == Screen::Section)
    k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // "Next" in a right-to-left screen
  REQUIRE(k.app->session().screen() == Screen::Review);
  k.tap(HeadlessKiosk::next_left, HeadlessKiosk::nav_y);  // finish
  k.until_saved();
  REQUIRE(k.app->session().screen() == Screen::Qr);

  // The sealed record holds them, made with version 2.
  auto waiting = Outbox(k.app->store()).waiting(10);
  REQUIRE(waiting);
  REQUIRE(waiting->size() == 1);
  auto plaintext = open_envelope((*waiting)[0].envelope, k.hub);
  REQUIRE(plaintext);
  const auto record = nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end()));
  CHECK(record["form"]["version"] == 2);
  const auto& item = record["answers"]["education"]["items"][0];
  CHECK(item["documents_status"] == "at_home");
  CHECK(item["not_finished_reason"] == "war");
  CHECK(item["recognition"] == "dont_know");
  CHECK(record["answers"]["languages"]["mother_tongues"][0]["literacy"] ==
        nlohmann::json::array({"speak", "read"}));
  CHECK(record["answers"]["work"]["items"][0]["learned"] == nlohmann::json::array({"from_master"}));
}
