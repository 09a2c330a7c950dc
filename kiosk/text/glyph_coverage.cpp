// The glyph set for the UI's atlas; see glyph_coverage.h. Everything is shaped through
// shape_paragraph, so the atlas holds exactly the glyph ids the kiosk will draw.
#include "text/glyph_coverage.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string_view>

#include "text/shaping.h"

namespace sichtbar::script {
namespace {

// Arabic (U+0621..U+064A), then Persian/Dari, Pashto and Sorani letters beyond it.
constexpr std::u32string_view kArabicScriptLetters =
    U"ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
    U"پچژکگیۀ"
    U"ټځڅډړږښګڼۍې"
    U"ھہڕڵۆێەڤ";
constexpr std::u32string_view kAlefs = U"اأإآ";
constexpr std::u32string_view kHarakat = U"\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652";
constexpr std::u32string_view kArabicMarks = U"\u0653\u0654\u0655\u0670";
constexpr std::u32string_view kArabicDigitsAndPunctuation = U"٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٪٫٬٭،؛؟«»";
constexpr char32_t kTatweel = U'\u0640';
constexpr char32_t kLam = U'ل';

struct Range {
  char32_t first, last;
};
// Code points shaped one by one in the font shaping chooses for them.
constexpr Range kSingleRanges[] = {
    {0x0020, 0x007E},  // Basic Latin
    {0x00A0, 0x017F},  // Latin-1 Supplement, Latin Extended-A (Turkish ğ ı ş, Kurmanji ê î û)
    {0x0400, 0x04FF},  // Cyrillic (Ukrainian ґ є і ї)
    {0x1200, 0x137F},  // Ethiopic syllables, punctuation and numerals
    {0x2010, 0x2027},  // dashes, quotes, bullet, ellipsis
    {0x2030, 0x203A},  // per mille, primes, angle quotes
    {0x20AC, 0x20AC},  // euro sign
    {0x2116, 0x2116},  // numero sign (Cyrillic forms)
};
// Neutral characters a run in any script may draw with its own font.
constexpr Range kNeutralRanges[] = {
    {0x0020, 0x0040}, {0x005B, 0x0060}, {0x007B, 0x007E}, {0x00A0, 0x00BF},
    {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x2010, 0x2027}, {0x2030, 0x203A},
};

std::string utf8(std::u32string_view cps) {
  std::string out;
  for (char32_t c : cps) {
    char buf[4];
    std::int32_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, 4, static_cast<UChar32>(c), error);
    if (!error) out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

class Collector {
 public:
  Collector(FontSet& fonts, int px) : fonts_(fonts), px_(px) {}

  Result<void> add(std::string_view text, BaseDirection base = BaseDirection::automatic) {
    Result<ShapedParagraph> shaped = shape_paragraph(text, fonts_, px_, kNoWrap, base);
    if (!shaped) return std::unexpected(shaped.error());
    for (const ShapedLine& line : shaped->lines) {
      for (const PositionedGlyph& g : line.glyphs) keys_.push_back(GlyphKey{g.font, g.glyph});
    }
    return {};
  }
  void add_rtl(std::u32string_view cps) { (void)add(utf8(cps), BaseDirection::rtl); }

  void add_cmap(std::size_t font, char32_t c) {
    const std::uint32_t glyph = fonts_.face(font, px_).glyph_for(c);
    if (glyph != 0) keys_.push_back(GlyphKey{static_cast<std::uint16_t>(font), glyph});
  }

  std::vector<GlyphKey> take() {
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    return std::move(keys_);
  }

 private:
  FontSet& fonts_;
  int px_;
  std::vector<GlyphKey> keys_;
};

}  // namespace

Result<std::vector<GlyphKey>> glyphs_needed(FontSet& fonts, int px_size,
                                            std::span<const std::string> strings) {
  Collector c(fonts, px_size);
  for (const std::string& s : strings) {
    if (auto added = c.add(s); !added) return std::unexpected(added.error());
  }

  // Every joining form: alone, final (after tatweel), initial (before it), medial.
  for (char32_t letter : kArabicScriptLetters) {
    c.add_rtl({&letter, 1});
    c.add_rtl(std::u32string{kTatweel, letter});
    c.add_rtl(std::u32string{letter, kTatweel});
    c.add_rtl(std::u32string{kTatweel, letter, kTatweel});
  }
  for (char32_t alef : kAlefs) {
    c.add_rtl(std::u32string{kLam, alef});
    c.add_rtl(std::u32string{kTatweel, kLam, alef});
  }
  for (char32_t mark : kHarakat) {
    c.add_rtl(std::u32string{kTatweel, mark});
    c.add_rtl(std::u32string{U'ب', mark, kTatweel});
    // Two marks on one letter, in either order: Noto Naskh has ligatures for shadda with a
    // vowel (HarfBuzz reorders the marks first), formed on a letter but not on a tatweel.
    for (char32_t second : kHarakat) c.add_rtl(std::u32string{U'ب', mark, second});
  }
  for (char32_t mark : kArabicMarks) c.add_rtl(std::u32string{kTatweel, mark});
  for (char32_t ch : kArabicDigitsAndPunctuation) c.add_rtl({&ch, 1});

  for (const Range& r : kSingleRanges) {
    for (char32_t ch = r.first; ch <= r.last; ++ch) {
      const auto cp = static_cast<UChar32>(ch);
      if (!u_isdefined(cp) || u_iscntrl(cp)) continue;
      (void)c.add(utf8({&ch, 1}));
    }
  }
  for (std::size_t font = 0; font < fonts.size(); ++font) {
    c.add_cmap(font, U' ');
    for (const Range& r : kNeutralRanges) {
      for (char32_t ch = r.first; ch <= r.last; ++ch) c.add_cmap(font, ch);
    }
  }
  std::vector<GlyphKey> keys = c.take();
  for (std::size_t font = 0; font < fonts.size(); ++font) {
    keys.push_back(GlyphKey{static_cast<std::uint16_t>(font), 0});  // .notdef
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace sichtbar::script
