// Shaping tests: what a reader at the kiosk would notice if layout went wrong. Arabic letters
// that do not join, Pashto letters left in their isolated forms, "SDL2 123" reversed inside an
// Arabic sentence, lines running out of their box or losing a word, a cursor landing somewhere
// else than the finger, tofu boxes in any UI language, glyphs missing from the atlas.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/noto_fonts.h"
#include "text/glyph_coverage.h"
#include "text/shape_cache.h"
#include "text/shaping.h"

using namespace sichtbar::script;
using sichtbar::testing::kNotoEthiopic;
using sichtbar::testing::kNotoNaskh;
using sichtbar::testing::kNotoSans;
using sichtbar::testing::noto_fonts;

namespace {

constexpr int kPx = 32;

ShapedParagraph shape(std::string_view text, float width = kNoWrap,
                      BaseDirection base = BaseDirection::automatic) {
  auto shaped = shape_paragraph(text, noto_fonts(), kPx, width, base);
  if (!shaped) FAIL(shaped.error().code << ": " << shaped.error().message);
  return std::move(*shaped);
}

// The glyphs of one cluster (by its byte offset) on a one-line layout, in visual order.
std::vector<PositionedGlyph> cluster_glyphs(const ShapedParagraph& p, std::size_t cluster) {
  std::vector<PositionedGlyph> out;
  for (const PositionedGlyph& g : p.lines.at(0).glyphs) {
    if (g.cluster == cluster) out.push_back(g);
  }
  return out;
}

std::uint32_t only_glyph(const ShapedParagraph& p, std::size_t cluster) {
  const auto glyphs = cluster_glyphs(p, cluster);
  REQUIRE(glyphs.size() == 1);
  return glyphs[0].glyph;
}

std::uint32_t isolated(std::string_view letter) { return only_glyph(shape(letter), 0); }

const char* const kGermanConsent =
    "Ich bin damit einverstanden, dass meine Angaben zu Ausbildung, Berufserfahrung und "
    "Sprachkenntnissen gespeichert und an die Beratungsstelle übermittelt werden. Die "
    "Beratungsstelle nutzt sie nur, um mir passende Angebote zu machen. Ich kann meine "
    "Einwilligung jederzeit widerrufen; dann werden alle Angaben gelöscht. Über den QR-Code "
    "kann ich mein Profil ansehen, ändern oder löschen lassen.";
const char* const kArabicConsent =
    "أوافق على حفظ بياناتي عن التعليم والخبرة المهنية واللغات وإرسالها إلى مكتب الاستشارة. "
    "يستخدمها المكتب فقط ليقدم لي عروضاً مناسبة. يمكنني سحب موافقتي في أي وقت، وعندها تُحذف "
    "كل البيانات. عبر رمز QR يمكنني رؤية ملفي أو تغييره أو حذفه.";
const char* const kPashtoConsent =
    "زه موافق یم چې زما د زده کړې، کاري تجربې او ژبو معلومات خوندي او مشورتي دفتر ته ولېږل "
    "شي. دفتر یې یوازې د دې لپاره کاروي چې ماته مناسب وړاندیزونه وکړي. زه کولی شم خپله "
    "موافقه هر وخت بېرته واخلم؛ بیا ټول معلومات ړنګېږي.";
const char* const kTigrinyaConsent =
    "ብዛዕባ ትምህርተይ፡ ናይ ስራሕ ተመክሮይን ቋንቋታተይን ዘሎ ሓበሬታ ክዕቀብን ናብ ቤት ጽሕፈት ምኽሪ "
    "ክለኣኽን እሰማማዕ እየ። ቤት ጽሕፈት ነዚ ሓበሬታ ተስማሚ ዕድላት ንምቕራብ ጥራይ ይጥቀመሉ።";
const char* const kUkrainianConsent =
    "Я погоджуюся, що мої дані про освіту, досвід роботи та знання мов зберігаються й "
    "передаються до консультаційного центру. Ґрунтовно, єдино і їхньою мовою.";

}  // namespace

TEST_CASE("the kiosk's fonts are installed and each script goes to its font") {
  FontSet& fonts = noto_fonts();
  REQUIRE(fonts.size() == 3);
  CHECK(fonts.font_for(FontRole::general) == kNotoSans);
  CHECK(fonts.font_for(FontRole::arabic) == kNotoNaskh);
  CHECK(fonts.font_for(FontRole::ethiopic) == kNotoEthiopic);

  const ShapedParagraph p = shape("Aب\u1200Я");
  std::map<std::uint32_t, std::uint16_t> font_of_cluster;
  for (const auto& g : p.lines[0].glyphs) font_of_cluster[g.cluster] = g.font;
  CHECK(font_of_cluster[0] == kNotoSans);      // A
  CHECK(font_of_cluster[1] == kNotoNaskh);     // ب
  CHECK(font_of_cluster[3] == kNotoEthiopic);  // ሀ
  CHECK(font_of_cluster[6] == kNotoSans);      // Я
}

TEST_CASE("a missing font file is an error that names the file and the package") {
  auto missing = FontSet::open({{"/nonexistent/NotoSans-Regular.ttf", FontRole::general}});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "font.unreadable");
  CHECK(missing.error().message.find("fonts-noto-core") != std::string::npos);
  CHECK(FontSet::open({}).error().code == "font.none");
}

TEST_CASE("Arabic letters join: initial, medial and final forms differ from the isolated one") {
  // ب ب ب: initial, medial, final.
  const ShapedParagraph p = shape("ببب");
  const std::uint32_t alone = isolated("ب");
  const std::uint32_t initial = only_glyph(p, 0), medial = only_glyph(p, 2),
                      final = only_glyph(p, 4);
  CHECK(std::set<std::uint32_t>{alone, initial, medial, final}.size() == 4);

  // A real word: every letter of "بيت" (house) is in a joining form.
  const ShapedParagraph word = shape("بيت");
  CHECK(only_glyph(word, 0) != isolated("ب"));
  CHECK(only_glyph(word, 2) != isolated("ي"));
  CHECK(only_glyph(word, 4) != isolated("ت"));
  CHECK(word.direction == Direction::rtl);
}

TEST_CASE("lam-alef is drawn as one ligature") {
  // Noto Naskh Arabic makes the ligature from two glyphs (its rlig feature): a lam-alef body
  // carrying the advance and an alef part of zero width drawn into it. What a reader sees is
  // one letter-shape as wide as one glyph, not a lam followed by an alef.
  const ShapedParagraph la = shape("لا");
  const ShapedParagraph lam_beh = shape("لب");   // lam in its ordinary initial form
  const ShapedParagraph beh_alef = shape("با");  // alef in its ordinary final form
  const std::uint32_t lam = only_glyph(la, 0), alef = only_glyph(la, 2);
  CHECK(lam != only_glyph(lam_beh, 0));
  CHECK(alef != only_glyph(beh_alef, 2));
  CHECK(alef != isolated("ا"));
  float alef_advance = -1, lam_advance = -1;
  for (const auto& g : la.lines[0].glyphs)
    (g.cluster == 0 ? lam_advance : alef_advance) = g.advance;
  CHECK(alef_advance == 0);
  CHECK(lam_advance > 0);
  CHECK(la.lines[0].width == lam_advance);
  // The same inside a word: "سلام" has no alef of its own width.
  const ShapedParagraph salam = shape("سلام");
  for (const auto& g : cluster_glyphs(salam, 4)) CHECK(g.advance == 0);  // the alef
}

TEST_CASE("Pashto letters take their contextual forms") {
  // ښ in "پښتو" (Pashto) is medial, and alone, initial, medial and final are four glyphs.
  const ShapedParagraph pashto = shape("پښتو");
  const std::uint32_t alone = isolated("ښ");
  const std::uint32_t in_word = only_glyph(pashto, 2);
  CHECK(in_word != alone);
  const ShapedParagraph three = shape("ښښښ");
  CHECK(std::set<std::uint32_t>{alone, only_glyph(three, 0), only_glyph(three, 2),
                                only_glyph(three, 4)}
            .size() == 4);
  for (const auto& g : pashto.lines[0].glyphs) {
    CHECK(g.font == kNotoNaskh);
    CHECK(g.glyph != 0);
  }
  // Every letter Pashto adds to the Arabic alphabet has a final form after ب, which presentation
  // forms (the FriBidi-only approach) cannot give.
  for (const char* letter : {"ټ", "ځ", "څ", "ډ", "ړ", "ږ", "ښ", "ګ", "ڼ", "ۍ"}) {
    CAPTURE(letter);
    const ShapedParagraph joined = shape(std::string("ب") + letter);
    CHECK(only_glyph(joined, 2) != isolated(letter));
    CHECK(only_glyph(joined, 2) != 0);
  }
}

TEST_CASE("Latin and digits inside Arabic keep their left-to-right order") {
  const std::string before = "الإصدار ";  // "the version"
  const std::string latin = "SDL2 123";
  const std::string text = before + latin + " جديد";  // "new"
  const ShapedParagraph p = shape(text);
  REQUIRE(p.direction == Direction::rtl);
  REQUIRE(p.lines.size() == 1);
  const auto& glyphs = p.lines[0].glyphs;
  const std::size_t a = before.size(), b = a + latin.size();

  std::vector<std::uint32_t> latin_clusters;  // visual order, left to right
  float latin_left = 1e9f, latin_right = -1e9f;
  for (const auto& g : glyphs) {
    if (g.cluster >= a && g.cluster < b) {
      latin_clusters.push_back(g.cluster);
      latin_left = std::min(latin_left, g.x);
      latin_right = std::max(latin_right, g.x + g.advance);
      CHECK(g.font == kNotoSans);
    }
  }
  // Read left to right, the Latin part is S, D, L, 2, space, 1, 2, 3.
  REQUIRE(latin_clusters.size() == latin.size());
  for (std::size_t i = 0; i < latin_clusters.size(); ++i) CHECK(latin_clusters[i] == a + i);
  // The first Arabic word stands right of it, the last one left of it.
  for (const auto& g : glyphs) {
    if (g.cluster < a - 1) CHECK(g.x >= latin_right - 0.01f);
    if (g.cluster > b) CHECK(g.x + g.advance <= latin_left + 0.01f);
  }
}

TEST_CASE("an isolated value and a left-to-right mark draw nothing and keep the value's order") {
  // What the kiosk's right-to-left screens make of "Last sync: {time}" and "B+ licence".
  const std::string before = "آخر مزامنة: \u2068";
  const std::string value = "2025-06-14 15:30";
  const std::string text = before + value + "\u2069";
  const ShapedParagraph p = shape(text, kNoWrap, BaseDirection::rtl);
  const ShapedParagraph plain = shape("آخر مزامنة: " + value, kNoWrap, BaseDirection::rtl);
  REQUIRE(p.lines.size() == 1);
  // No tofu box and no width for FSI and PDI: the line is exactly as wide as without them.
  for (const auto& g : p.lines[0].glyphs) CHECK(g.glyph != 0);
  CHECK(p.lines[0].width == Approx(plain.lines[0].width).margin(0.01));
  // The value reads left to right: its clusters in logical order, left to right on screen.
  std::vector<std::uint32_t> value_clusters;
  for (const auto& g : p.lines[0].glyphs)
    if (g.cluster >= before.size() && g.cluster < before.size() + value.size() && g.advance > 0)
      value_clusters.push_back(g.cluster);
  REQUIRE(value_clusters.size() == value.size());
  CHECK(std::is_sorted(value_clusters.begin(), value_clusters.end()));

  const ShapedParagraph marked = shape("رخصة B+\u200e (DFB)", kNoWrap, BaseDirection::rtl);
  for (const auto& g : marked.lines[0].glyphs) CHECK(g.glyph != 0);
  CHECK(marked.lines[0].width ==
        Approx(shape("رخصة B+ (DFB)", kNoWrap, BaseDirection::rtl).lines[0].width).margin(0.01));
}

TEST_CASE("the base direction comes from the first strong letter unless given") {
  CHECK(shape("سلام Hello").direction == Direction::rtl);
  CHECK(shape("123 Hello سلام").direction == Direction::ltr);
  CHECK(shape("123").direction == Direction::ltr);
  CHECK(shape("Hello", kNoWrap, BaseDirection::rtl).direction == Direction::rtl);
  const ShapedParagraph empty = shape("");
  REQUIRE(empty.lines.size() == 1);
  CHECK(empty.lines[0].glyphs.empty());
  CHECK(empty.lines[0].carets.size() == 1);
  CHECK(empty.height == empty.line_height);
}

TEST_CASE("text that is not UTF-8 is refused, not drawn as garbage") {
  auto bad = shape_paragraph("abc\xC3", noto_fonts(), kPx);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "text.invalid_utf8");
}

TEST_CASE("wrapped lines never exceed the width and keep every cluster exactly once") {
  for (const char* text :
       {kGermanConsent, kArabicConsent, kPashtoConsent, kTigrinyaConsent, kUkrainianConsent,
        "Donaudampfschifffahrtsgesellschaftskapitänsmützenreinigungsdienst und so weiter"}) {
    const ShapedParagraph whole = shape(text);
    REQUIRE(whole.lines.size() == 1);
    std::set<std::uint32_t> all_clusters;
    for (const auto& g : whole.lines[0].glyphs) all_clusters.insert(g.cluster);

    for (float width : {90.0f, 150.0f, 260.0f, 420.0f, 800.0f}) {
      CAPTURE(text, width);
      const ShapedParagraph p = shape(text, width);
      CHECK(p.width <= width);
      std::map<std::uint32_t, std::size_t> line_of_cluster;
      std::size_t expected_begin = 0;
      for (std::size_t l = 0; l < p.lines.size(); ++l) {
        const ShapedLine& line = p.lines[l];
        CHECK(line.width <= width + 0.01f);
        CHECK(line.begin == expected_begin);
        CHECK(line.wrapped == (l + 1 < p.lines.size()));
        CHECK(line.baseline == p.ascender + static_cast<float>(l) * p.line_height);
        expected_begin = line.end;
        for (const auto& g : line.glyphs) {
          CHECK(g.cluster >= line.begin);
          CHECK(g.cluster < line.end);
          const auto [it, inserted] = line_of_cluster.emplace(g.cluster, l);
          CHECK(it->second == l);        // a cluster's glyphs all on one line
          if (text[g.cluster] != ' ') {  // only spaces at the line's end hang outside it
            CHECK(g.x >= -0.01f);
            CHECK(g.x + g.advance <= line.width + 0.01f);
          }
        }
      }
      CHECK(expected_begin == std::string_view(text).size());
      std::set<std::uint32_t> wrapped_clusters;
      for (const auto& [cluster, line] : line_of_cluster) wrapped_clusters.insert(cluster);
      CHECK(wrapped_clusters == all_clusters);
    }
  }
}

TEST_CASE("a right-to-left line starts at its right edge and its spaces hang on the left") {
  const ShapedParagraph p = shape(kArabicConsent, 300);
  REQUIRE(p.lines.size() > 2);
  const ShapedLine& first = p.lines[0];
  // The first letter of the paragraph is the rightmost glyph of the first line.
  float right = 0;
  std::uint32_t rightmost_cluster = 0;
  for (const auto& g : first.glyphs) {
    if (g.x + g.advance >= right) {
      right = g.x + g.advance;
      rightmost_cluster = g.cluster;
    }
  }
  CHECK(rightmost_cluster == 0);
  CHECK(right == Approx(first.width).margin(0.01));
}

TEST_CASE("\"\\n\" breaks a line and belongs to no line") {
  const ShapedParagraph p = shape("eins\nzwei\n\ndrei");
  REQUIRE(p.lines.size() == 4);
  CHECK(p.lines[0].begin == 0);
  CHECK(p.lines[0].end == 4);
  CHECK_FALSE(p.lines[0].wrapped);
  CHECK(p.lines[1].begin == 5);
  CHECK(p.lines[2].begin == 10);
  CHECK(p.lines[2].end == 10);
  CHECK(p.lines[2].glyphs.empty());
  CHECK(p.lines[3].begin == 11);
  CHECK(p.height == 4 * p.line_height);
  // The cursor before and after a "\n" is on two different lines.
  CHECK(caret_x(p, 4).line == 0);
  CHECK(caret_x(p, 5).line == 1);
  CHECK(caret_x(p, 5).x == 0);
  CHECK(caret_x(p, 10).line == 2);
}

TEST_CASE("a tap and the caret agree, left to right") {
  const std::string text = "Hallo Welt";
  const ShapedParagraph p = shape(text);
  const auto& stops = p.lines[0].carets;
  REQUIRE(stops.size() == text.size() + 1);
  CHECK(caret_x(p, 0).x == 0);
  CHECK(caret_x(p, text.size()).x == Approx(p.lines[0].width));
  float previous = -1;
  for (const CaretStop& s : stops) {
    CAPTURE(s.offset);
    CHECK(s.x > previous);  // later in the text is further right
    previous = s.x;
    CHECK(caret_x(p, s.offset).x == s.x);
    CHECK(hit_test(p, 0, s.x) == s.offset);
    CHECK(hit_test(p, 0, s.x + 1.0f) == s.offset);
  }
  CHECK(hit_test(p, 0, -50) == 0);
  CHECK(hit_test(p, 0, 5000) == text.size());
}

TEST_CASE("a tap and the caret agree, right to left") {
  const std::string text = "سلام دنیا";  // "hello world" in Persian
  const ShapedParagraph p = shape(text);
  const auto& stops = p.lines[0].carets;
  REQUIRE(stops.size() == 10);  // 9 letters and a space, each its own grapheme, and the end
  // Before the first letter is the right edge; after the last letter the left edge.
  CHECK(caret_x(p, 0).x == Approx(p.lines[0].width));
  CHECK(caret_x(p, text.size()).x == Approx(0).margin(0.01));
  float previous = 1e9f;
  for (const CaretStop& s : stops) {
    CAPTURE(s.offset);
    CHECK(s.x < previous);  // later in the text is further left
    previous = s.x;
    CHECK(hit_test(p, 0, s.x) == s.offset);
    CHECK(hit_test(p, 0, s.x - 1.0f) == s.offset);
  }
  CHECK(hit_test(p, 0, 5000) == 0);           // right of the text: its start
  CHECK(hit_test(p, 0, -50) == text.size());  // left of it: its end
  // An offset inside a letter's bytes is drawn at the letter's start.
  CHECK(caret_x(p, 1).x == caret_x(p, 0).x);
}

TEST_CASE("a tap inside a ligature can put the cursor between its letters") {
  const ShapedParagraph p = shape("لا");  // lam and alef: two graphemes, one ligature
  const auto& stops = p.lines[0].carets;
  REQUIRE(stops.size() == 3);
  CHECK(stops[1].offset == 2);
  CHECK(stops[1].x < stops[0].x);
  CHECK(stops[1].x > stops[2].x);
  CHECK(hit_test(p, 0, stops[1].x) == 2);
}

TEST_CASE("in wrapped text the caret at a wrap is at the start of the next line") {
  const ShapedParagraph p = shape("eins zwei drei vier", 90);
  REQUIRE(p.lines.size() >= 2);
  const std::size_t second = p.lines[1].begin;
  CHECK(caret_x(p, second).line == 1);
  CHECK(caret_x(p, second).x == Approx(0).margin(0.01));
  for (std::size_t l = 0; l < p.lines.size(); ++l) {
    for (const CaretStop& s : p.lines[l].carets) {
      CHECK(caret_x(p, s.offset).line == l);
      CHECK(hit_test(p, l, s.x) == s.offset);
    }
  }
}

TEST_CASE("mixed-direction lines give a caret stop for every grapheme boundary") {
  const std::string text = "Beruf: نجار (Tischler) 2019";
  const ShapedParagraph p = shape(text);
  std::set<std::size_t> offsets;
  for (const CaretStop& s : p.lines[0].carets) {
    offsets.insert(s.offset);
    CHECK(s.x >= -0.01f);
    CHECK(s.x <= p.lines[0].width + 0.01f);
    const std::size_t hit = hit_test(p, 0, s.x);
    CHECK(caret_x(p, hit).x == Approx(s.x).margin(0.01));
  }
  CHECK(offsets.size() == p.lines[0].carets.size());
  CHECK(offsets.count(0) == 1);
  CHECK(offsets.count(text.size()) == 1);
}

TEST_CASE("every UI language draws without tofu boxes") {
  for (const char* sample :
       {"Grüße aus Fürth: Straße, Ärztin, Übung", "Skills you brought with you",
        "مهاراتك وخبراتك المهنية", "مهارت‌ها و تجربه‌های کاری شما",
        "ستاسو مهارتونه او تجربې ښکاره کړئ", "Ваші навички: ґанок, єнот, їжак, і",
        "Ваши навыки и опыт работы", "Becerileriniz: ğ ı ş ç ö ü İ",
        "Vos compétences : œuvre, façade, à côté", "ክእለትኩምን ተመክሮኹምን",
        "Zanîn û şarezayiyên we: ê î û ç ş", "Xirfadahaaga iyo khibradaada", "کارهای ۱۲۳ و ٤٥٦",
        "€ 1.250,00 – „Zitat“ … •"}) {
    CAPTURE(sample);
    const ShapedParagraph p = shape(sample);
    for (const auto& line : p.lines) {
      for (const auto& g : line.glyphs) CHECK(g.glyph != 0);
    }
  }
}

TEST_CASE("the shape cache returns the same layout and evicts the least recently used") {
  ShapeCache cache(2);
  auto a1 = cache.get("Anna", noto_fonts(), kPx);
  REQUIRE(a1);
  auto a2 = cache.get("Anna", noto_fonts(), kPx);
  REQUIRE(a2);
  CHECK(a1->get() == a2->get());
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == 1);
  // Another width, size or direction is another layout.
  auto narrow = cache.get("Anna", noto_fonts(), kPx, 20);
  REQUIRE(narrow);
  CHECK(narrow->get() != a1->get());
  CHECK(cache.size() == 2);
  (void)cache.get("Anna", noto_fonts(), kPx);  // Anna is now the most recent
  (void)cache.get("Bert", noto_fonts(), kPx);  // evicts the narrow Anna
  CHECK(cache.size() == 2);
  const auto misses = cache.misses();
  (void)cache.get("Anna", noto_fonts(), kPx);
  CHECK(cache.misses() == misses);
  (void)cache.get("Anna", noto_fonts(), kPx, 20);
  CHECK(cache.misses() == misses + 1);
  // An evicted layout stays valid for whoever holds it.
  CHECK((*narrow)->lines.size() >= 1);
  CHECK(cache.get("\xFF", noto_fonts(), kPx).error().code == "text.invalid_utf8");
  cache.clear();
  CHECK(cache.size() == 0);
}

TEST_CASE("glyphs rasterize into grey bitmaps for the atlas") {
  FontFace& naskh = noto_fonts().face(kNotoNaskh, kPx);
  const ShapedParagraph p = shape("ښ");
  auto bitmap = rasterize_glyph(naskh, p.lines[0].glyphs[0].glyph);
  REQUIRE(bitmap);
  CHECK(bitmap->width > 4);
  CHECK(bitmap->height > 4);
  CHECK(bitmap->alpha.size() == static_cast<std::size_t>(bitmap->width * bitmap->height));
  CHECK(*std::max_element(bitmap->alpha.begin(), bitmap->alpha.end()) > 200);
  CHECK(bitmap->advance == Approx(p.lines[0].glyphs[0].advance));

  FontFace& sans = noto_fonts().face(kNotoSans, kPx);
  auto space = rasterize_glyph(sans, sans.glyph_for(U' '));
  REQUIRE(space);
  CHECK(space->alpha.empty());
  CHECK(space->advance > 0);
  CHECK(rasterize_glyph(sans, 1000000).error().code == "font.glyph");
  // Sized like Dear ImGui's FreeType builder: ascender plus descender is the pixel size.
  CHECK(sans.ascender() + sans.descender() == Approx(kPx).margin(1));
}

TEST_CASE("typed text always finds its glyphs in the atlas set") {
  const std::vector<std::string> ui_strings = {kGermanConsent, kArabicConsent};
  auto needed = glyphs_needed(noto_fonts(), kPx, ui_strings);
  REQUIRE(needed);
  const std::set<GlyphKey> atlas(needed->begin(), needed->end());
  INFO("glyphs in the atlas set: " << atlas.size());
  CHECK(atlas.size() < 3000);  // fits a 1024x2048 atlas at 32 px, per notes/rtl-text.md
  for (const auto& line : shape(kArabicConsent).lines) {
    for (const auto& g : line.glyphs) CHECK(atlas.count(GlyphKey{g.font, g.glyph}) == 1);
  }

  // Random words from each keyboard, with the marks, joiners, digits and spaces one can type.
  const std::vector<std::u32string> keyboards = {
      U"ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي ٠١٢٣ ًٌٍَُِّْ",
      U"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ ۰۱۲۳۴ \u200c\u064e\u0650",
      U"ابپتټثجځچڅحخدډذرړزږژسښشصضطظعغفقکګلمنڼوهۀيېۍئ ۰۱۲ \u200c",
      U"abcçdefgğhıijklmnoöprsştuüvyzâîûê ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ 0123.,!?-",
      U"абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъ АБВГҐДЕЄЖЗИІЇЙ'",
      U"ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ ሁሂሃሄህሆ ቁቂቃቄቅቆ ፡።፣",
  };
  std::mt19937 random(20240501);
  for (const std::u32string& keys : keyboards) {
    for (int word = 0; word < 300; ++word) {
      std::u32string typed;
      const int length = 1 + static_cast<int>(random() % 9);
      for (int k = 0; k < length; ++k) typed += keys[random() % keys.size()];
      std::string utf8;
      for (char32_t c : typed) {
        if (c < 0x80) {
          utf8 += static_cast<char>(c);
        } else if (c < 0x800) {
          utf8 += static_cast<char>(0xC0 | (c >> 6));
          utf8 += static_cast<char>(0x80 | (c & 0x3F));
        } else {
          utf8 += static_cast<char>(0xE0 | (c >> 12));
          utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
          utf8 += static_cast<char>(0x80 | (c & 0x3F));
        }
      }
      for (const auto& line : shape(utf8).lines) {
        for (const auto& g : line.glyphs) {
          if (atlas.count(GlyphKey{g.font, g.glyph}) != 1) {
            FAIL_CHECK("glyph " << g.glyph << " of font " << g.font << " missing for \"" << utf8
                                << "\"");
          }
        }
      }
    }
  }
}

TEST_CASE("the marks above and below Arabic, Persian and Pashto letters stay inside the line box") {
  // Hamza with damma or kasra stacked on alef, shadda with a vowel, and the marks of Persian and
  // Pashto: a line box that ends at the font's ascender cuts the top mark off when the line sits
  // at the top of a clip rectangle (the question of a field scrolled into view). Arabic runs are
  // drawn a size step up (ShapeOptions::arabic_px_size), as the kiosk does.
  for (const char* text :
       {"\u0641\u064a \u0623\u064a \u0633\u0646\u0629 \u0648\u064f\u0644\u062f\u062a\u061f",
        "\u0623\u064f\u0645\u0651\u064e "
        "\u0625\u0650\u0628\u0652\u0631\u064e\u0627\u0647\u0650\u064a\u0645",
        "\u0622\u0645\u064f\u0648\u0632\u0650\u0634 \u0647\u0654",
        "\u0685\u064e\u0647 \u0689\u064f\u0648\u0644 \u067c\u0650\u06bc\u0651\u064f"}) {
    ShapeOptions options;
    options.arabic_px_size = 44;
    auto p = shape_paragraph(text, noto_fonts(), kPx, kNoWrap, BaseDirection::automatic, options);
    REQUIRE(p);
    INFO(text);
    for (const ShapedLine& line : p->lines)
      for (const PositionedGlyph& g : line.glyphs) {
        auto bitmap = rasterize_glyph(
            noto_fonts().face(g.font, g.font == kNotoNaskh ? options.arabic_px_size : kPx),
            g.glyph);
        REQUIRE(bitmap);
        if (bitmap->height == 0) continue;
        const float top =
            std::round(line.baseline + g.y_offset) - static_cast<float>(bitmap->bearing_y);
        const float bottom = top + static_cast<float>(bitmap->height);
        CHECK(top >= 0);
        CHECK(bottom <= p->height);
      }
  }
}
