// Paragraph layout: bidi with ICU ubidi, font choice by script, HarfBuzz shaping, ICU line
// breaking, per-line visual reordering, and the caret map; see shaping.h.
//
// Why ICU's ubidi and not FriBidi: ICU is needed anyway for line breaking and grapheme
// clusters, which work on UTF-16, so the text is converted once and bidi, breaking and shaping
// all index the same units. ubidi_setLine also applies rule L1 (trailing spaces of a line take
// the paragraph's level) when a paragraph is reordered line by line after breaking, which is
// exactly the order of work here. One library fewer on the kiosk.
#include "text/shaping.h"

#include <hb.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "domain/unicode_util.h"

namespace sichtbar::script {
namespace {

using detail::Utf16Text;

constexpr float kWidthTolerance = 0.01f;  // float sums of 1/64 px advances

[[noreturn]] void die(const char* what, UErrorCode status) {
  std::fprintf(stderr, "sichtbar_text: %s: %s\n", what, u_errorName(status));
  std::abort();
}

struct UBiDiCloser {
  void operator()(UBiDi* b) const { ubidi_close(b); }
};
using UBiDiPtr = std::unique_ptr<UBiDi, UBiDiCloser>;

UBiDiPtr open_bidi() {
  UErrorCode status = U_ZERO_ERROR;
  UBiDiPtr bidi(ubidi_openSized(0, 0, &status));
  if (U_FAILURE(status)) die("ubidi_openSized", status);
  return bidi;
}

// The HarfBuzz buffer of one shape_paragraph call. Its arrays held code points of personal text:
// zero what can be reached before they go back to the allocator.
struct ShapeBuffer {
  hb_buffer_t* buffer = hb_buffer_create();
  ShapeBuffer() = default;
  ShapeBuffer(const ShapeBuffer&) = delete;
  ShapeBuffer& operator=(const ShapeBuffer&) = delete;
  ~ShapeBuffer() {
    hb_buffer_clear_contents(buffer);
    wipe();
    hb_buffer_destroy(buffer);
  }
  void wipe() {
    unsigned int n = 0;
    hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &n);
    if (info) sodium_memzero(info, n * sizeof(*info));
    hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &n);
    if (pos) sodium_memzero(pos, n * sizeof(*pos));
  }
};

// What each UTF-16 unit of the text is drawn with.
struct UnitInfo {
  UScriptCode script = USCRIPT_COMMON;
  std::uint16_t font = 0;
};

FontRole role_for(UScriptCode script) {
  switch (script) {
    case USCRIPT_ARABIC:
      return FontRole::arabic;
    case USCRIPT_ETHIOPIC:
      return FontRole::ethiopic;
    default:
      return FontRole::general;
  }
}

bool is_real_script(UScriptCode s) {
  return s != USCRIPT_COMMON && s != USCRIPT_INHERITED && s != USCRIPT_UNKNOWN;
}

// Marks, joiners and other invisible modifiers stay in the font of the letter they belong to:
// splitting them off would break a cluster (and Arabic joining) over two shaping runs.
bool follows_previous_font(UChar32 c) {
  const auto type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
         type == U_COMBINING_SPACING_MARK ||
         u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// Scripts per code point, with Common and Inherited ones (spaces, digits, punctuation, marks)
// taking the script of the text before them, or after them at the start: "SDL2 123" stays with
// its Latin letters, the Arabic comma with its Arabic words.
std::vector<UnitInfo> classify(const Utf16Text& text, FontSet& fonts, int px) {
  const std::size_t n = text.size();
  std::vector<UnitInfo> info(n);
  UScriptCode last = USCRIPT_UNKNOWN;
  for (std::size_t i = 0; i < n;) {
    const std::size_t start = i;
    UChar32 c = 0;
    U16_NEXT(text.units.data(), i, n, c);
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(c, &status);
    if (is_real_script(s)) last = s;
    for (std::size_t k = start; k < i; ++k) {
      info[k].script = is_real_script(s) ? s : last;
    }
  }
  UScriptCode next = USCRIPT_COMMON;  // leading neutrals: the first real script, else Common
  for (std::size_t k = n; k-- > 0;) {
    if (info[k].script == USCRIPT_UNKNOWN) {
      info[k].script = next;
    } else {
      next = info[k].script;
    }
  }

  std::uint16_t previous_font = 0;
  for (std::size_t i = 0; i < n;) {
    const std::size_t start = i;
    UChar32 c = 0;
    U16_NEXT(text.units.data(), i, n, c);
    std::size_t font = fonts.font_for(role_for(info[start].script));
    if (start > 0 && follows_previous_font(c)) {
      font = previous_font;
    } else if (fonts.face(font, px).glyph_for(static_cast<char32_t>(c)) == 0) {
      for (std::size_t f = 0; f < fonts.size(); ++f) {
        if (fonts.face(f, px).glyph_for(static_cast<char32_t>(c)) != 0) {
          font = f;
          break;
        }
      }
    }
    previous_font = static_cast<std::uint16_t>(font);
    for (std::size_t k = start; k < i; ++k) info[k].font = previous_font;
  }
  return info;
}

hb_script_t to_hb_script(UScriptCode script) {
  return hb_script_from_string(uscript_getShortName(script), -1);
}

// Spaces at a line's end hang: they do not count against the width (rule L1 puts them at the
// paragraph's edge).
bool is_hanging(char16_t u) {
  const auto d = u_charDirection(u);
  return d == U_WHITE_SPACE_NEUTRAL || d == U_SEGMENT_SEPARATOR;
}

// A glyph before its cluster is turned into a byte offset.
struct RawGlyph {
  std::uint16_t font;
  std::uint32_t glyph;
  float x, x_offset, y_offset, advance;
  std::size_t unit;  // cluster, as a UTF-16 index into the whole text
  bool rtl;
};

class Shaper {
 public:
  Shaper(const Utf16Text& text, const std::vector<UnitInfo>& info, FontSet& fonts, int px,
         int arabic_px, hb_language_t language)
      : text_(text),
        info_(info),
        fonts_(fonts),
        px_(px),
        arabic_px_(arabic_px),
        arabic_font_(fonts.font_for(FontRole::arabic)),
        language_(language) {}

  // Shapes [begin, end) as one run, with [context_begin, context_end) as the surrounding text
  // HarfBuzz may look at (Arabic joining across a font change), and calls sink(glyph info,
  // position) for every glyph in visual order. All of [begin, end) has one font and script.
  template <class Sink>
  void shape_run(std::size_t context_begin, std::size_t context_end, std::size_t begin,
                 std::size_t end, bool rtl, Sink&& sink) {
    hb_buffer_t* b = buffer_.buffer;
    buffer_.wipe();
    hb_buffer_clear_contents(b);
    hb_buffer_add_utf16(
        b, reinterpret_cast<const std::uint16_t*>(text_.units.data()) + context_begin,
        static_cast<int>(context_end - context_begin), static_cast<unsigned>(begin - context_begin),
        static_cast<int>(end - begin));
    hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(b, to_hb_script(info_[begin].script));
    if (language_ != HB_LANGUAGE_INVALID) hb_buffer_set_language(b, language_);
    const std::uint16_t font = info_[begin].font;
    hb_shape(fonts_.face(font, font == arabic_font_ ? arabic_px_ : px_).hb_font(), b, nullptr, 0);
    unsigned int count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(b, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(b, &count);
    for (unsigned int g = 0; g < count; ++g) {
      sink(font, infos[g].codepoint, context_begin + infos[g].cluster, positions[g]);
    }
  }

  // Splits [begin, end) into pieces of one font and script, in logical order.
  std::vector<std::pair<std::size_t, std::size_t>> pieces(std::size_t begin,
                                                          std::size_t end) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::size_t a = begin;
    for (std::size_t i = begin + 1; i <= end; ++i) {
      if (i == end || info_[i].font != info_[a].font || info_[i].script != info_[a].script) {
        out.emplace_back(a, i);
        a = i;
      }
    }
    return out;
  }

 private:
  const Utf16Text& text_;
  const std::vector<UnitInfo>& info_;
  FontSet& fonts_;
  int px_;
  int arabic_px_;
  std::size_t arabic_font_;
  hb_language_t language_;
  ShapeBuffer buffer_;
};

float px_of(hb_position_t v) { return static_cast<float>(v) / 64.0f; }

// One "\n"-free piece of the text, laid out into lines.
class SegmentLayout {
 public:
  SegmentLayout(const Utf16Text& text, std::size_t begin, std::size_t end, UBiDiLevel level,
                Shaper& shaper, const std::vector<std::size_t>& graphemes, float max_width,
                float ascender, float line_height, std::vector<ShapedLine>& out)
      : text_(text),
        begin_(begin),
        end_(end),
        shaper_(shaper),
        graphemes_(graphemes),
        max_width_(max_width),
        ascender_(ascender),
        line_height_(line_height),
        out_(out),
        para_(open_bidi()) {
    UErrorCode status = U_ZERO_ERROR;
    static const UChar kNothing[1] = {0};  // ubidi refuses a null text, even an empty one
    const UChar* units =
        begin < end ? reinterpret_cast<const UChar*>(text.units.data() + begin) : kNothing;
    ubidi_setPara(para_.get(), units, static_cast<std::int32_t>(end - begin), level, nullptr,
                  &status);
    if (U_FAILURE(status)) die("ubidi_setPara", status);
    rtl_paragraph_ = (level & 1) != 0;
  }

  void run() {
    if (begin_ == end_) {
      emit(layout_line(begin_, end_, false));
      return;
    }
    measure();
    const std::vector<std::size_t> breaks = line_breaks();
    std::size_t start = begin_;
    while (start < end_) {
      const auto first_break = std::upper_bound(breaks.begin(), breaks.end(), start);
      std::vector<std::size_t> fitting;
      for (auto b = first_break; b != breaks.end(); ++b) {
        if (estimated_width(start, *b) > max_width_) break;
        fitting.push_back(*b);
      }
      std::optional<ShapedLine> line = widest_that_fits(start, fitting);
      if (!line) {
        // Even the first word is too wide (a long compound, a URL, a narrow box): break it
        // between grapheme clusters, at least one cluster per line.
        const std::size_t word_end = first_break == breaks.end() ? end_ : *first_break;
        std::vector<std::size_t> pieces;
        for (auto g = std::upper_bound(graphemes_.begin(), graphemes_.end(), start);
             g != graphemes_.end() && *g <= word_end; ++g) {
          if (!pieces.empty() && estimated_width(start, *g) > max_width_) break;
          pieces.push_back(*g);
        }
        if (pieces.empty()) pieces.push_back(word_end);
        line = widest_that_fits(start, pieces);
        if (!line) line = layout_line(start, pieces.front(), pieces.front() < end_);
      }
      start = last_end_unit_;
      emit(std::move(*line));
    }
  }

 private:
  // Per-unit advances of the whole segment shaped in logical runs: the estimate that picks the
  // break; the chosen line is then shaped on its own and checked.
  void measure() {
    advance_.assign(end_ - begin_ + 1, 0.0f);
    const UBiDiLevel* levels = nullptr;
    UErrorCode status = U_ZERO_ERROR;
    levels = ubidi_getLevels(para_.get(), &status);
    if (U_FAILURE(status)) die("ubidi_getLevels", status);
    std::size_t a = begin_;
    for (std::size_t i = begin_ + 1; i <= end_; ++i) {
      if (i < end_ && levels[i - begin_] == levels[a - begin_]) continue;
      const bool rtl = (levels[a - begin_] & 1) != 0;
      for (auto [pa, pb] : shaper_.pieces(a, i)) {
        shaper_.shape_run(
            begin_, end_, pa, pb, rtl,
            [&](std::uint16_t, std::uint32_t, std::size_t unit, const hb_glyph_position_t& pos) {
              advance_[unit - begin_] += px_of(pos.x_advance);
            });
      }
      a = i;
    }
    // prefix sums: advance_[k] becomes the width of units [begin_, begin_ + k)
    float sum = 0;
    for (float& v : advance_) {
      const float here = v;
      v = sum;
      sum += here;
    }
  }

  float estimated_width(std::size_t a, std::size_t b) const {
    while (b > a && is_hanging(text_.units[b - 1])) --b;
    return advance_[b - begin_] - advance_[a - begin_];
  }

  std::vector<std::size_t> line_breaks() const {
    std::vector<std::size_t> out;
    UText storage = UTEXT_INITIALIZER;
    icu::BreakIterator& breaker = detail::line_breaker();
    detail::set_break_text(breaker, text_.units.data() + begin_, end_ - begin_, &storage);
    for (std::int32_t b = breaker.first(); b != icu::BreakIterator::DONE; b = breaker.next()) {
      if (b > 0) out.push_back(begin_ + static_cast<std::size_t>(b));
    }
    utext_close(&storage);
    return out;
  }

  // Shapes candidate lines from the longest down and returns the first that really fits.
  std::optional<ShapedLine> widest_that_fits(std::size_t start,
                                             const std::vector<std::size_t>& ends) {
    for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
      ShapedLine line = layout_line(start, *it, *it < end_);
      if (line.width <= max_width_ + kWidthTolerance) return line;
    }
    return std::nullopt;
  }

  ShapedLine layout_line(std::size_t a, std::size_t b, bool wrapped) {
    WipedVector<RawGlyph> glyphs;  // glyph ids spell out the text: zeroed when freed
    float pen = 0;
    if (a < b) {
      UBiDiPtr line = open_bidi();
      UErrorCode status = U_ZERO_ERROR;
      ubidi_setLine(para_.get(), static_cast<std::int32_t>(a - begin_),
                    static_cast<std::int32_t>(b - begin_), line.get(), &status);
      if (U_FAILURE(status)) die("ubidi_setLine", status);
      const std::int32_t runs = ubidi_countRuns(line.get(), &status);
      if (U_FAILURE(status)) die("ubidi_countRuns", status);
      for (std::int32_t v = 0; v < runs; ++v) {
        std::int32_t logical_start = 0, length = 0;
        const bool rtl = ubidi_getVisualRun(line.get(), v, &logical_start, &length) == UBIDI_RTL;
        const std::size_t ra = a + static_cast<std::size_t>(logical_start);
        auto pieces = shaper_.pieces(ra, ra + static_cast<std::size_t>(length));
        if (rtl) std::reverse(pieces.begin(), pieces.end());
        for (auto [pa, pb] : pieces) {
          shaper_.shape_run(
              a, b, pa, pb, rtl,
              [&](std::uint16_t font, std::uint32_t glyph, std::size_t unit,
                  const hb_glyph_position_t& pos) {
                glyphs.push_back(RawGlyph{font, glyph, pen, px_of(pos.x_offset),
                                          -px_of(pos.y_offset), px_of(pos.x_advance), unit, rtl});
                pen += px_of(pos.x_advance);
              });
        }
      }
    }

    std::size_t hang = b;
    while (hang > a && is_hanging(text_.units[hang - 1])) --hang;
    float hanging_width = 0;
    for (const RawGlyph& g : glyphs) {
      if (g.unit >= hang) hanging_width += g.advance;
    }
    if (rtl_paragraph_) {
      for (RawGlyph& g : glyphs) g.x -= hanging_width;
    }

    ShapedLine out;
    out.begin = text_.byte_at[a];
    out.end = text_.byte_at[b];
    out.width = pen - hanging_width;
    out.wrapped = wrapped;
    out.carets = caret_stops(glyphs, a, b, wrapped);
    out.glyphs.reserve(glyphs.size());
    for (const RawGlyph& g : glyphs) {
      out.glyphs.push_back(PositionedGlyph{g.font, g.glyph, g.x, g.x_offset, g.y_offset, g.advance,
                                           text_.byte_at[g.unit]});
    }
    last_end_unit_ = b;
    return out;
  }

  // The caret positions of a line, from the boxes its clusters cover.
  std::vector<CaretStop> caret_stops(const WipedVector<RawGlyph>& glyphs, std::size_t a,
                                     std::size_t b, bool wrapped) const {
    struct Box {
      std::size_t begin, end;
      float left, right;
      bool rtl;
    };
    std::vector<Box> boxes;
    boxes.reserve(glyphs.size());
    for (const RawGlyph& g : glyphs) {
      boxes.push_back(Box{g.unit, 0, g.x, g.x + g.advance, g.rtl});
    }
    std::sort(boxes.begin(), boxes.end(),
              [](const Box& l, const Box& r) { return l.begin < r.begin; });
    // One box per cluster: the union of its glyphs.
    std::vector<Box> clusters;
    for (const Box& box : boxes) {
      if (!clusters.empty() && clusters.back().begin == box.begin) {
        clusters.back().left = std::min(clusters.back().left, box.left);
        clusters.back().right = std::max(clusters.back().right, box.right);
      } else {
        clusters.push_back(box);
      }
    }
    // A cluster without width is part of the one before it: Noto Naskh draws lam-alef as a lam
    // carrying the advance and an alef of zero width. Taken as one ligature, the caret between
    // lam and alef falls inside it rather than on the edge it shares with the next letter.
    std::vector<Box> merged;
    for (const Box& c : clusters) {
      if (!merged.empty() && c.right - c.left < kWidthTolerance && merged.back().rtl == c.rtl) {
        continue;
      }
      merged.push_back(c);
    }
    clusters = std::move(merged);
    for (std::size_t k = 0; k < clusters.size(); ++k) {
      clusters[k].end = k + 1 < clusters.size() ? clusters[k + 1].begin : b;
    }

    const auto grapheme_index = [&](std::size_t unit) {
      return static_cast<std::size_t>(std::lower_bound(graphemes_.begin(), graphemes_.end(), unit) -
                                      graphemes_.begin());
    };

    std::vector<CaretStop> stops;
    const auto first = std::lower_bound(graphemes_.begin(), graphemes_.end(), a);
    for (auto it = first; it != graphemes_.end() && *it < b; ++it) {
      const std::size_t g = *it;
      float x = 0;
      const auto cluster =
          std::upper_bound(clusters.begin(), clusters.end(), g,
                           [](std::size_t u, const Box& c) { return u < c.begin; });
      if (cluster != clusters.begin()) {
        const Box& c = *std::prev(cluster);
        // The leading edge of the cluster, or for a place inside a ligature (lam-alef, "fi") a
        // share of its width by grapheme count.
        const std::size_t total =
            std::max<std::size_t>(1, grapheme_index(c.end) - grapheme_index(c.begin));
        const float share = static_cast<float>(grapheme_index(g) - grapheme_index(c.begin)) /
                            static_cast<float>(total);
        const float w = c.right - c.left;
        x = c.rtl ? c.right - share * w : c.left + share * w;
      }
      stops.push_back(CaretStop{text_.byte_at[g], x});
    }
    if (!wrapped) {
      float x = 0;
      if (!clusters.empty()) {
        const Box& last = clusters.back();  // trailing edge of the last letter
        x = last.rtl ? last.left : last.right;
      }
      stops.push_back(CaretStop{text_.byte_at[b], x});
    }
    return stops;
  }

  void emit(ShapedLine line) {
    line.baseline = ascender_ + static_cast<float>(out_.size()) * line_height_;
    out_.push_back(std::move(line));
  }

  // The end (a UTF-16 index) of the line layout_line made last; ShapedLine reports bytes.
  std::size_t last_end_unit_ = 0;

  const Utf16Text& text_;
  std::size_t begin_, end_;
  Shaper& shaper_;
  const std::vector<std::size_t>& graphemes_;
  float max_width_;
  float ascender_;
  float line_height_;
  std::vector<ShapedLine>& out_;
  UBiDiPtr para_;
  bool rtl_paragraph_ = false;
  std::vector<float> advance_;
};

}  // namespace

LineMetrics line_metrics(FontSet& fonts, int px_size, int arabic_px_size, bool has_arabic) {
  const std::size_t arabic = fonts.font_for(FontRole::arabic);
  float ascender = 0, descender = 0;
  for (std::size_t f = 0; f < fonts.size(); ++f) {
    FontFace& face = fonts.face(f, has_arabic && f == arabic ? arabic_px_size : px_size);
    ascender = std::max(ascender, face.ascender());
    descender = std::max(descender, face.descender());
  }
  return {std::ceil(ascender), std::ceil(ascender) + std::ceil(descender)};
}

Result<ShapedParagraph> shape_paragraph(std::string_view text_utf8, FontSet& fonts, int px_size,
                                        float max_width, BaseDirection base,
                                        const ShapeOptions& options) {
  std::optional<Utf16Text> text = detail::to_utf16(text_utf8);
  if (!text) {
    return fail("text.invalid_utf8", "The text cannot be shown: it is not valid UTF-8.");
  }
  if (!(max_width > 0)) max_width = kNoWrap;

  ShapedParagraph out;
  out.pixel_size = px_size;
  out.arabic_pixel_size = options.arabic_px_size > 0 ? options.arabic_px_size : px_size;
  out.text_size = text_utf8.size();

  bool rtl = base == BaseDirection::rtl;
  if (base == BaseDirection::automatic) {
    rtl = ubidi_getBaseDirection(reinterpret_cast<const UChar*>(text->units.data()),
                                 static_cast<std::int32_t>(text->size())) == UBIDI_RTL;
  }
  out.direction = rtl ? Direction::rtl : Direction::ltr;

  const std::vector<UnitInfo> info = classify(*text, fonts, px_size);
  const std::size_t arabic_font = fonts.font_for(FontRole::arabic);
  const bool has_arabic = std::any_of(info.begin(), info.end(),
                                      [&](const UnitInfo& u) { return u.font == arabic_font; });
  const LineMetrics metrics = line_metrics(fonts, px_size, out.arabic_pixel_size, has_arabic);
  out.ascender = metrics.ascender;
  out.line_height = metrics.line_height;
  const std::vector<std::size_t> graphemes = detail::grapheme_boundaries(*text);
  const hb_language_t language = options.language.empty()
                                     ? HB_LANGUAGE_INVALID
                                     : hb_language_from_string(options.language.c_str(), -1);
  Shaper shaper(*text, info, fonts, px_size, out.arabic_pixel_size, language);

  std::size_t start = 0;
  for (std::size_t i = 0; i <= text->size(); ++i) {
    if (i < text->size() && text->units[i] != u'\n') continue;
    SegmentLayout(*text, start, i, rtl ? 1 : 0, shaper, graphemes, max_width, out.ascender,
                  out.line_height, out.lines)
        .run();
    start = i + 1;
  }
  for (const ShapedLine& line : out.lines) out.width = std::max(out.width, line.width);
  out.height = static_cast<float>(out.lines.size()) * out.line_height;
  return out;
}

Caret caret_x(const ShapedParagraph& shaped, std::size_t byte_offset) {
  if (shaped.lines.empty()) return Caret{};  // a default-constructed layout
  std::size_t line = shaped.lines.size() - 1;
  for (std::size_t k = 0; k < shaped.lines.size(); ++k) {
    const ShapedLine& l = shaped.lines[k];
    if (byte_offset < l.end || (byte_offset == l.end && !l.wrapped)) {
      line = k;
      break;
    }
  }
  const std::vector<CaretStop>& stops = shaped.lines[line].carets;
  // The last stop at or before the offset (an offset inside a cluster means its start).
  auto it = std::upper_bound(stops.begin(), stops.end(), byte_offset,
                             [](std::size_t o, const CaretStop& s) { return o < s.offset; });
  if (it != stops.begin()) --it;
  return Caret{line, it == stops.end() ? 0.0f : it->x};
}

std::size_t hit_test(const ShapedParagraph& shaped, std::size_t line, float x) {
  if (shaped.lines.empty()) return 0;
  line = std::min(line, shaped.lines.size() - 1);
  const std::vector<CaretStop>& stops = shaped.lines[line].carets;
  if (stops.empty()) return shaped.lines[line].begin;
  const CaretStop* best = &stops.front();
  for (const CaretStop& s : stops) {
    if (std::abs(s.x - x) < std::abs(best->x - x)) best = &s;
  }
  return best->offset;
}

}  // namespace sichtbar::script
