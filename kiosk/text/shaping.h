// A paragraph of text laid out for the screen: split into bidi runs, each run drawn with the
// font for its script and shaped by HarfBuzz (Arabic joining, lam-alef, Pashto letters), wrapped
// at the line breaks ICU allows and reordered for display line by line. The result is glyph ids
// with positions in visual order, which the UI draws from its atlas, plus the mapping between a
// logical cursor (a byte offset) and an x position that touch editing needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "text/fonts.h"
#include "base/wipe.h"
#include "base/error.h"

namespace sichtbar::script {

enum class BaseDirection : std::uint8_t {
  automatic,  // from the first strong letter of the text (Unicode rules P2/P3); LTR if none
  ltr,
  rtl,
};

enum class Direction : std::uint8_t { ltr, rtl };

inline constexpr float kNoWrap = std::numeric_limits<float>::infinity();

struct ShapeOptions {
  // BCP 47 language of the text ("fa", "ps", "ur", ...) for language-specific glyph forms such
  // as Persian digits; empty: none.
  std::string language;
  // The pixel size of the Arabic-script font's glyphs (0: px_size). Noto Naskh Arabic draws its
  // letters about a third smaller than Noto Sans at the same pixel size, so the kiosk draws
  // Arabic runs a size step up, while Latin words and digits among them keep the text's size:
  // the step belongs to the run's font, not to the whole text.
  int arabic_px_size = 0;
};

struct PositionedGlyph {
  std::uint16_t font = 0;   // index into the FontSet
  std::uint32_t glyph = 0;  // glyph id in that font (0: the font's .notdef box)
  float x = 0;              // pen position: left edge of the advance, from the line's left
  float x_offset = 0;       // draw the glyph's origin at (x + x_offset, baseline + y_offset)
  float y_offset = 0;       // y-down screen convention (a mark above is negative)
  float advance = 0;
  std::uint32_t cluster = 0;  // byte offset in the logical text of the cluster's first byte
};

// A caret position on a line: the logical byte offset and its x on the line.
struct CaretStop {
  std::size_t offset = 0;
  float x = 0;
};

struct ShapedLine {
  // Glyphs in visual order, left to right. The vectors are zeroed when freed: glyph ids spell
  // out what was typed.
  WipedVector<PositionedGlyph> glyphs;
  std::size_t begin = 0;  // logical byte range of the line, without a "\n" that ends it
  std::size_t end = 0;
  // Width of the visible content, at most the max_width shaping was asked for. Spaces at the
  // line's logical end hang outside it: to the right of [0, width] in a left-to-right paragraph,
  // to the left (negative x) in a right-to-left one. Align the line by this width.
  float width = 0;
  float baseline = 0;    // y of the baseline from the paragraph's top
  bool wrapped = false;  // the line was broken to fit; the next line starts at `end`
  // Every place the cursor can stand on this line, sorted by offset: each grapheme boundary in
  // [begin, end), plus `end` unless the line is wrapped (then `end` belongs to the next line).
  std::vector<CaretStop> carets;
};

struct ShapedParagraph {
  std::vector<ShapedLine> lines;  // at least one, also for empty text
  Direction direction = Direction::ltr;
  int pixel_size = 0;
  int arabic_pixel_size = 0;  // the size of the Arabic-script font's glyphs (see ShapeOptions)
  float ascender = 0;  // baseline of the first line
  float line_height = 0;
  float width = 0;            // widest line
  float height = 0;           // lines.size() * line_height
  std::size_t text_size = 0;  // bytes of the text this was shaped from
};

// The ascender and line height of a paragraph at px_size whose Arabic-script font is at
// arabic_px_size (see ShapeOptions) when has_arabic, over all fonts: one line height for every
// paragraph at that size, whatever scripts its lines mix. Rounded up to whole pixels.
struct LineMetrics {
  float ascender = 0;
  float line_height = 0;
};
LineMetrics line_metrics(FontSet& fonts, int px_size, int arabic_px_size, bool has_arabic);

// Shapes text_utf8 (which may contain "\n" for hard line breaks) at px_size, wrapping lines at
// max_width pixels (kNoWrap: only at "\n"). A word wider than max_width is broken between
// grapheme clusters; only a single grapheme wider than max_width can make a line exceed it.
// The whole text has one base direction: `base`, or with automatic the first strong letter.
// Error "text.invalid_utf8" if the text is not well-formed UTF-8.
Result<ShapedParagraph> shape_paragraph(std::string_view text_utf8, FontSet& fonts, int px_size,
                                        float max_width = kNoWrap,
                                        BaseDirection base = BaseDirection::automatic,
                                        const ShapeOptions& options = {});

struct Caret {
  std::size_t line = 0;
  float x = 0;  // x on that line, in the line's coordinates (see ShapedLine::width)
};

// Where the cursor at logical byte_offset is drawn. An offset inside a grapheme cluster is
// taken as the cluster's start; past the end, as the end. At a wrap the caret is on the next
// line. In right-to-left text the caret before a letter is at the letter's right edge.
Caret caret_x(const ShapedParagraph& shaped, std::size_t byte_offset);

// The logical cursor position nearest to x on a line: what a tap at x selects. Honours the
// direction of each run, so a tap right of an Arabic word puts the cursor before it.
std::size_t hit_test(const ShapedParagraph& shaped, std::size_t line, float x);

}  // namespace sichtbar::script
