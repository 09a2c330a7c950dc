// The low-literacy path (issue #17): a person who does not read goes through the whole profile in
// Arabic, Farsi and Kurmanji by pictures and sound. Every question that is not typed text is
// answered by tapping a choice that shows a pictogram, on a screen whose speaker button reads
// that choice aloud; every typed question (name, year, place, phone, e-mail, a picker's search)
// shows the "ask a helper" picture and is passed with Skip; the profile ends with a QR code that
// decodes to the person's link. Drawn headless (headless_kiosk.h), with SDL's dummy sound
// driver behind the speaker. The same walk checks the design rule of item 9 on every screen it
// passes: no touch target under 48 px at 1080p, and at most one filled primary action.
#define ZX_USE_UTF8 1  // Result::text() as UTF-8 std::string (ZXing 1.4 transition)
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/qr.h"
#include "domain/consent_text.h"
#include "flow/speech_script.h"
#include "headless_kiosk.h"
#include "platform/speaker.h"
#include "ui/read_aloud.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;

namespace {

void check_design(const std::vector<ui::TouchTarget>& targets, float scale,
                  const std::string& where) {
  check_touch_targets(targets, scale, where);
}

// The body scrolls between the header and the bottom bar.
constexpr float kBodyTop = 150, kBodyBottom = 690;

// The n-th target (0: the first) with this id, scrolled into view by dragging the body as a
// finger does; checks the design of every frame it looks at.
ui::TouchTarget find_in_view(HeadlessKiosk& k, const std::string& id, int n,
                             const std::string& where) {
  for (int attempt = 0; attempt < 30; ++attempt) {
    const auto targets = k.targets();
    check_design(targets, k.scale, where);
    int seen = 0;
    const ui::TouchTarget* found = nullptr;
    for (const ui::TouchTarget& t : targets)
      if (t.id == id && seen++ == n) {
        found = &t;
        break;
      }
    INFO("looking for " << id << " #" << n << " on " << where);
    REQUIRE(found);
    // The bottom bar and the language buttons stay where they are; the rest is in the body.
    const bool fixed = id.starts_with("##nav_") || id.starts_with("##lang_");
    if (fixed ? found->min.y >= 0 && found->max.y <= kHeight
              : found->min.y >= kBodyTop && found->max.y <= kBodyBottom)
      return *found;
    const float centre = (found->min.y + found->max.y) / 2;
    // Drag the content up (finger up) to bring a lower target in, down for one above.
    const float by = std::clamp((kBodyTop + kBodyBottom) / 2 - centre, -250.0f, 250.0f);
    k.drag(0.5f, 0.5f, 0.5f, (0.5f * kHeight + by) / kHeight);
  }
  FAIL("could not scroll " << id << " into view on " << where);
  return {};
}

const Section& section_named(const Form& form, const std::string& id) {
  for (const Section& s : form.sections)
    if (s.id == id) return s;
  FAIL("no section " << id);
  return form.sections.front();
}

// Taps the choice `value` (the n-th row with that id on screen): it shows a pictogram, the
// screen shows the speaker button, and what the button reads includes the choice's words in the
// person's language.
void tap_choice(HeadlessKiosk& k, const Section& section, const std::string& value,
                const std::string& label_key, int n = 0) {
  const std::string& language = k.app->session().language();
  const ui::TouchTarget t = find_in_view(k, value, n, section.id);
  INFO(language << " " << section.id << ": " << value);
  CHECK(t.icon.has_value());
  CHECK(k.app->read_aloud().button_rect());
  const std::vector<std::string> keys = speech_keys(Screen::Section, &section);
  CHECK(std::find(keys.begin(), keys.end(), label_key) != keys.end());
  const Catalogue* catalogue = k.app->services().catalogue(language);
  REQUIRE(catalogue);
  const auto parts = k.app->read_aloud().library().parts(language, keys, *catalogue);
  CHECK(std::any_of(parts.begin(), parts.end(), [&](const SpeechPart& p) {
    return p.key == label_key && !p.voice.empty() && !p.text.empty();
  }));
  k.tap_rect({t.min, t.max});
}

// Passes every typed question of the screen with Skip, in order, checking its helper picture.
void skip_typed(HeadlessKiosk& k, const Section& section, const std::string& prefix,
                const std::vector<const Field*>& fields) {
  int n = 0;
  for (const Field* field : fields) {
    const bool typed = field->type == FieldType::Text || field->type == FieldType::LongText ||
                       field->type == FieldType::Year || field->type == FieldType::Number ||
                       field->type == FieldType::Taxonomy;
    if (!typed || field->required) continue;
    const ui::TouchTarget t = find_in_view(k, "##skip", n++, section.id);
    INFO(section.id << ": " << field->id);
    CHECK(t.icon == script::Icon::skip);
    CHECK(k.app->section_screen().editors().asks_helper(prefix + field->id));
    k.tap_rect({t.min, t.max});
    CHECK(k.app->section_screen().editors().focus().field == nullptr);
  }
}

void next(HeadlessKiosk& k, const std::string& where) {
  const ui::TouchTarget t = find_in_view(k, "##nav_next", 0, where);
  CHECK(t.kind == ui::ButtonKind::primary);
  k.tap_rect({t.min, t.max});
}

// Answers every choice of a section's own fields (not its groups) by its first option (and a
// second for a multiple choice), and skips every typed one.
void answer_section(HeadlessKiosk& k, const Section& section) {
  std::vector<const Field*> own;
  for (const Field& f : section.fields)
    if (f.type != FieldType::Group) own.push_back(&f);
  skip_typed(k, section, section.id + ".", own);
  for (const Field* f : own) {
    if (f->type == FieldType::YesNo) tap_choice(k, section, "yes", "answer.yes");
    if (f->type == FieldType::SingleChoice || f->type == FieldType::LanguageLevel)
      tap_choice(k, section, f->options[0].value, f->options[0].label_key);
    if (f->type == FieldType::MultiChoice)
      for (std::size_t i = 0; i < 2; ++i)
        tap_choice(k, section, f->options[i].value, f->options[i].label_key);
  }
}

// An education entry, answered by pictures: kind, level, documents, recognition, advice.
void answer_education(HeadlessKiosk& k, const Section& section) {
  answer_section(k, section);  // how far school went (form version 2), before the entries
  const ui::TouchTarget add = find_in_view(k, "##add", 0, section.id);
  k.tap_rect({add.min, add.max});
  const auto is_group = [](const Field& f) { return f.type == FieldType::Group; };
  const auto group_at = std::find_if(section.fields.begin(), section.fields.end(), is_group);
  REQUIRE(group_at != section.fields.end());
  const Field& group = *group_at;
  std::vector<const Field*> fields;
  for (const Field& f : group.fields) fields.push_back(&f);
  skip_typed(k, section, section.id + "." + group.id + "[0].", fields);
  int yes = 0;
  for (const Field* f : fields) {
    if (f->type == FieldType::YesNo) tap_choice(k, section, "yes", "answer.yes", yes++);
    if (f->type == FieldType::SingleChoice)
      tap_choice(k, section, f->options[0].value, f->options[0].label_key);
  }
}

QrCode decoded_link_qr(HeadlessKiosk& k) {
  const QrCode* qr = k.app->session().qr();
  REQUIRE(qr);
  return *qr;
}

// The QR code the screen draws, module by module, as a camera would see it: decoded by ZXing.
std::string decode(const QrCode& qr) {
  const int module = 4, side = (qr.size + 2 * kQuietZoneModules) * module;
  std::vector<unsigned char> gray(static_cast<std::size_t>(side * side), 255);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      if (qr.dark(x / module - kQuietZoneModules, y / module - kQuietZoneModules))
        gray[static_cast<std::size_t>(y * side + x)] = 0;
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  const auto result =
      ZXing::ReadBarcode(ZXing::ImageView(gray.data(), side, side, ZXing::ImageFormat::Lum), hints);
  REQUIRE(result.isValid());
  return result.text();
}

}  // namespace

TEST_CASE("a person who does not read fills the profile by pictures and sound in ar, fa, ku") {
  setenv("SDL_AUDIODRIVER", "dummy", 1);
  for (const std::string language : {"ar", "fa", "ku"}) {
    INFO("language " << language);
    HeadlessKiosk k({}, {}, {}, true, {}, {"ar", "fa", "ku"});
    auto speaker = Speaker::open();
    INFO((speaker ? std::string() : speaker.error().message));
    REQUIRE(speaker);
    k.app->set_speaker(std::move(*speaker));
    const Form& form = k.app->services().form;
    check_design(k.targets(), k.scale, "welcome");
    const ui::TouchTarget lang = find_in_view(k, "##lang_" + language, 0, "welcome");
    k.tap_rect({lang.min, lang.max});
    REQUIRE(k.app->session().screen() == Screen::Consent);
    // Consent: its short steps, each with the speaker, then the purpose that is needed, by its
    // picture, and "I agree".
    const Section& consent = section_named(form, "consent");
    for (std::size_t step = 0; step + 1 < kConsentSteps; ++step) {
      INFO("consent step " << step);
      REQUIRE(k.app->session().consent_step() == step);
      CHECK(k.app->read_aloud().button_rect());
      next(k, consent.id);
    }
    REQUIRE(k.app->session().consent_step() == kConsentSteps - 1);
    const ui::TouchTarget keep = find_in_view(k, "keep_profile", 0, "consent");
    CHECK(keep.icon == script::Icon::qr_code);
    CHECK(k.app->read_aloud().button_rect());
    k.tap_rect({keep.min, keep.max});
    next(k, consent.id);
    // The sections the event shows (an info event: no sports), each answered by pictures.
    while (k.app->session().screen() == Screen::Section) {
      const Section* section = k.app->session().section();
      REQUIRE(section);
      CHECK(script::section_icon(section->id));
      if (section->id == "education")
        answer_education(k, *section);
      else
        answer_section(k, *section);
      next(k, section->id);
    }
    REQUIRE(k.app->session().screen() == Screen::Review);
    // What was answered by pictures is in the profile.
    const PersonDraft* draft = k.app->session().draft();
    REQUIRE(draft);
    const nlohmann::json* digital = draft->answer("skills", "digital");
    REQUIRE(digital);
    CHECK(digital->size() == 2);
    const nlohmann::json* education = draft->answer("education", "items");
    REQUIRE(education);
    CHECK((*education)[0]["kind"] == "school");
    CHECK((*education)[0]["wants_advice"] == true);
    check_design(k.targets(), k.scale, "review");
    next(k, "review");
    k.until_saved();
    REQUIRE(k.app->session().screen() == Screen::Qr);
    check_design(k.targets(), k.scale, "qr");
    const std::string* url = k.app->session().profile_url();
    REQUIRE(url);
    CHECK(decode(decoded_link_qr(k)) == *url);
  }
}
