// The one path every person-visible text takes to the screen: shaped by HarfBuzz (via
// kiosk/text), with each glyph of each UI text size rasterised into Dear ImGui's static
// font atlas when it is built, and drawn as textured quads at HarfBuzz's positions. Latin,
// Cyrillic, Ethiopic and Arabic script alike, so Arabic joins, Pashto's letters keep their
// forms, and right-to-left paragraphs are aligned right (notes/rtl-text.md says why ImGui's
// own text path cannot do this).
#pragma once

#include <imgui.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/platform.h"
#include "text/fonts.h"
#include "text/glyph_coverage.h"
#include "text/icons.h"
#include "text/shape_cache.h"
#include "text/shaping.h"

namespace sichtbar::ui {

// The sizes the screens use; their design pixels (at 1080 px short side) are kDesignPx.
// Noto Naskh Arabic draws its letters about a third smaller than Noto Sans at the same pixel
// size (its ascender and descender are far taller, and the size rule fits those), so runs of
// Arabic script are drawn one size step up, wherever they appear, while Latin words and digits
// among them keep the size asked for (script::ShapeOptions::arabic_px_size). `title` is only
// that step above `heading`: screens never ask for it. `small` (hints, the progress label, the
// review's labels) is 27, 20 px on a 800 px high screen: 22 drew hints at 16 px, too small to
// read at a stand (issue #14).
enum class TextSize : std::uint8_t { small, body, heading, title };
inline constexpr std::array<int, 4> kDesignPx = {27, 32, 44, 58};

enum class Align : std::uint8_t { start, center, end };  // start: left in LTR, right in RTL

// The pictograms' sizes (script::Icon): beside a line of body text, and on a big tile. Design
// pixels as kDesignPx; each is rasterised once into the atlas at its size.
enum class IconSize : std::uint8_t { inline_icon, tile };
inline constexpr std::array<int, 2> kIconDesignPx = {40, 72};

// A paragraph (or a pictogram) as draw() (draw_icon()) put it on the screen this frame (when asked
// to record them): what a test of the design checks (no text cut off by its window, no two texts
// over each other, the size a screen chose). Screen coordinates.
struct DrawnText {
  ImVec2 min, max;            // the lines' boxes: [line start, + width] x [top, + height]
  ImVec2 ink_min, ink_max;    // the glyphs' pixels
  ImVec2 clip_min, clip_max;  // the draw list's clip rectangle (a scrolling body's window)
  ImGuiID window = 0;         // the root window drawn into: a question over the screen has its own
  int pixel_size = 0;
  bool wider_than_box = false;       // a line wider than the box it was drawn in
  std::optional<script::Icon> icon;  // a pictogram (draw_icon), not words
};

// What the atlas holds, for the benchmark and the README.
struct AtlasFigures {
  int width = 0, height = 0;  // texels
  std::size_t glyphs = 0;     // shaped-glyph rectangles over all sizes
  std::size_t rgba_bytes() const { return std::size_t(width) * std::size_t(height) * 4; }
};

class TextRenderer {
 public:
  // Opens the fonts and the pictograms' font (Error "font.*" names the file and the Debian
  // package that has it).
  static Result<std::unique_ptr<TextRenderer>> open(const std::vector<script::FontFile>& files,
                                                    const script::FontFile& icons = {
                                                        script::kMaterialIconsFont,
                                                        script::FontRole::general,
                                                        script::kMaterialIconsPackage});

  // The atlas hooks for Platform::build_fonts (or a headless test): every glyph that `strings`
  // shape to, plus every letter form typed text can take, at each TextSize. Call again to
  // rebuild with other strings.
  // Shaping the strings to find their glyphs starts at once on a thread of its own, so call
  // this before Platform::open: it runs while the window and GL context are made (most of the
  // shaped-glyph atlas's time before the first frame). Nothing may be shaped until add_fonts
  // has run (the fonts are not thread-safe).
  FontSetup font_setup(std::vector<std::string> strings);
  // Builds the atlas in one go without uploading it: what tests and benchmarks without a
  // window do. ImGui's FreeType builder, as the platform uses.
  Result<void> build_atlas_headless(ImFontAtlas& atlas, const DisplayInfo& display,
                                    std::vector<std::string> strings);

  int pixel_size(TextSize size) const { return px_[static_cast<std::size_t>(size)]; }
  // The line height of text at this size: with Arabic letters in it (their run a step up), or
  // without.
  float line_height(TextSize size, bool with_arabic);
  const AtlasFigures& atlas_figures() const { return figures_; }

  int icon_px(IconSize size) const { return icon_px_[static_cast<std::size_t>(size)]; }
  // Draws a pictogram in the square [top_left, top_left + icon_px), mirrored left to right when
  // asked (a directional one in a right-to-left screen).
  void draw_icon(ImDrawList& list, script::Icon icon, IconSize size, ImVec2 top_left, bool mirrored,
                 ImU32 color) const;
  // Whether the atlas holds the pictogram at that size (a test's question).
  bool has_icon(script::Icon icon, IconSize size) const;

  // The shaped layout of text (cached). base: the paragraph direction; typed text and labels in
  // a right-to-left UI use rtl so that a leading Latin word or digit does not flip it.
  std::shared_ptr<const script::ShapedParagraph> shape(
      std::string_view text, TextSize size, float max_width = script::kNoWrap,
      script::BaseDirection base = script::BaseDirection::automatic,
      std::string_view language = {});
  // Draws a laid-out paragraph in the box [left, left + box_width) from top; each line aligned
  // by `align` in the paragraph's direction.
  void draw(ImDrawList& list, const script::ShapedParagraph& shaped, ImVec2 top_left,
            float box_width, Align align, ImU32 color) const;
  // Where a line of a paragraph drawn with draw() starts (its x=0), for carets and hit tests.
  static float line_left(const script::ShapedParagraph& shaped, std::size_t line, float left,
                         float box_width, Align align);

  // Glyphs of a laid-out paragraph that would show as a box: the font's .notdef (a letter no
  // font has) or a glyph the atlas lacks. The atlas is meant to make this 0 for every UI text.
  std::size_t missing_glyphs(const script::ShapedParagraph& shaped) const;

  // While set (a test), draw() adds every paragraph it draws here.
  void record(std::vector<DrawnText>* drawn) { drawn_ = drawn; }

  // Forgets every shaped text: the cache holds typed text too (session reset).
  void clear_cache() { cache_.clear(); }
  std::size_t cached_paragraphs() const { return cache_.size(); }
  script::FontSet& fonts() { return fonts_; }

 private:
  TextRenderer(script::FontSet fonts, script::FontSet icons)
      : fonts_(std::move(fonts)), icons_(std::move(icons)) {}
  Result<void> add_glyphs(ImFontAtlas& atlas, const DisplayInfo& display);
  Result<void> fill_glyphs(ImFontAtlas& atlas);

  struct AtlasGlyph {
    int rect = -1;  // custom rect index; -1: nothing to draw (a space)
    int bearing_x = 0, bearing_y = 0, width = 0, height = 0;
    ImVec2 uv0, uv1;
  };
  static std::uint64_t glyph_key(std::uint16_t font, std::uint32_t glyph) {
    return (std::uint64_t{font} << 32) | glyph;
  }
  const AtlasGlyph* find(std::size_t size_index, std::uint16_t font, std::uint32_t glyph) const;
  // Reserves the atlas room for a rasterized glyph (none for a blank or failed one) and keeps
  // the bitmap until fill_glyphs copies it in.
  AtlasGlyph reserve(ImFontAtlas& atlas, Result<script::GlyphBitmap> bitmap);
  // Which of px_ a glyph of `font` in this paragraph is at; px_.size() when none.
  std::size_t size_index(const script::ShapedParagraph& shaped, std::uint16_t font) const;
  static TextSize arabic_size(TextSize size) {
    return size == TextSize::title ? size : static_cast<TextSize>(static_cast<int>(size) + 1);
  }

  script::FontSet fonts_;
  script::FontSet icons_;  // the pictograms' font alone: its metrics change no line height
  std::array<int, 2> icon_px_ = {40, 72};
  std::array<std::vector<AtlasGlyph>, 2> icon_glyphs_;  // by IconSize, in script::Icon order
  script::ShapeCache cache_{1024};
  // The glyphs the atlas strings shape to, found on another thread (font_setup). After fonts_
  // so that it is destroyed (and joined) first.
  std::future<Result<std::vector<script::GlyphKey>>> needed_;
  Result<std::vector<script::GlyphKey>> needed_glyphs_;  // its result, once taken
  std::array<int, 4> px_ = {27, 32, 44, 58};
  std::array<std::unordered_map<std::uint64_t, AtlasGlyph>, 4> glyphs_;
  // Bitmaps between packing and upload only.
  std::vector<std::pair<int, script::GlyphBitmap>> pending_;
  AtlasFigures figures_;
  std::vector<DrawnText>* drawn_ = nullptr;
};

}  // namespace sichtbar::ui
