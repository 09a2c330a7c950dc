// Shaped text through Dear ImGui's atlas (see text_renderer.h).
#include "ui/text_renderer.h"

#include <imgui_freetype.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace sichtbar::ui {

Result<std::unique_ptr<TextRenderer>> TextRenderer::open(const std::vector<script::FontFile>& files,
                                                         const script::FontFile& icons) {
  auto fonts = script::FontSet::open(files);
  if (!fonts)
    return fail(fonts.error().code,
                fonts.error().message + " The kiosk needs Debian's fonts-noto-core package.");
  auto icon_font = script::FontSet::open({icons});
  if (!icon_font)
    return fail(icon_font.error().code, icon_font.error().message +
                                            " The kiosk draws its pictograms with it: install " +
                                            "Debian's " + icons.package + " package.");
  return std::unique_ptr<TextRenderer>(new TextRenderer(std::move(*fonts), std::move(*icon_font)));
}

FontSetup TextRenderer::font_setup(std::vector<std::string> strings) {
  if (needed_.valid()) needed_.wait();  // a rebuild before the last one was used
  // Which glyphs text shapes to does not depend on the size (OpenType substitutions do not),
  // so the strings are shaped once, at the design body size, and every size rasterises that
  // set; the display's scale is not needed yet.
  needed_ = std::async(std::launch::async, [this, strings = std::move(strings)] {
    return script::glyphs_needed(fonts_, kDesignPx[static_cast<std::size_t>(TextSize::body)],
                                 strings);
  });
  FontSetup setup;
  setup.add_fonts = [this](ImFontAtlas& atlas, const DisplayInfo& display) {
    return add_glyphs(atlas, display);
  };
  setup.before_upload = [this](ImFontAtlas& atlas) { return fill_glyphs(atlas); };
  return setup;
}

Result<void> TextRenderer::build_atlas_headless(ImFontAtlas& atlas, const DisplayInfo& display,
                                                std::vector<std::string> strings) {
  const FontSetup setup = font_setup(std::move(strings));
  atlas.Clear();
  atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas.FontBuilderFlags = 0;
  if (auto r = setup.add_fonts(atlas, display); !r) return r;
  if (!atlas.Build()) return fail("platform.fonts", "The font atlas cannot be built.");
  return setup.before_upload(atlas);
}

Result<void> TextRenderer::add_glyphs(ImFontAtlas& atlas, const DisplayInfo& display) {
  // ImGui needs a font of its own for anything it draws itself; no person-visible text uses it.
  atlas.AddFontDefault();
  // A texture 4096 texels wide packs the three sizes' glyphs into fewer, shorter rows than
  // ImGui's default guess for this many rectangles would.
  atlas.TexDesiredWidth = 4096;
  pending_.clear();
  figures_ = {};
  cache_.clear();  // layouts at the old sizes are useless now
  for (std::size_t s = 0; s < px_.size(); ++s)
    px_[s] = std::max(
        8, static_cast<int>(std::lround(static_cast<float>(kDesignPx[s]) * display.ui_scale)));
  if (needed_.valid()) needed_glyphs_ = needed_.get();
  const auto& needed = needed_glyphs_;
  if (!needed) return fail(needed.error().code, needed.error().message);
  const std::size_t arabic_font = fonts_.font_for(script::FontRole::arabic);
  for (std::size_t s = 0; s < px_.size(); ++s) {
    glyphs_[s].clear();
    // The Arabic-script font's glyphs from body up (a step above what screens ask for), every
    // other font's up to heading: the sizes text can be drawn at.
    const auto size = static_cast<TextSize>(s);
    for (const script::GlyphKey& key : *needed) {
      if (key.font == arabic_font ? size == TextSize::small : size == TextSize::title) continue;
      glyphs_[s].emplace(
          glyph_key(key.font, key.glyph),
          reserve(atlas, script::rasterize_glyph(fonts_.face(key.font, px_[s]), key.glyph)));
    }
  }
  // The pictograms, a range of their own beside the shaped glyphs: each at its two sizes.
  for (std::size_t s = 0; s < icon_px_.size(); ++s) {
    icon_px_[s] = std::max(
        8, static_cast<int>(std::lround(static_cast<float>(kIconDesignPx[s]) * display.ui_scale)));
    icon_glyphs_[s].clear();
    for (const script::IconGlyph& icon : script::icon_table()) {
      script::FontFace& face = icons_.face(0, icon_px_[s]);
      const std::uint32_t id = face.glyph_for(icon.code_point);
      // A code point the font lacks (another version of it) draws nothing; a test checks them.
      icon_glyphs_[s].push_back(id == 0 ? AtlasGlyph{}
                                        : reserve(atlas, script::rasterize_glyph(face, id)));
    }
  }
  return {};
}

TextRenderer::AtlasGlyph TextRenderer::reserve(ImFontAtlas& atlas,
                                               Result<script::GlyphBitmap> bitmap) {
  AtlasGlyph glyph;
  if (!bitmap || bitmap->width <= 0 || bitmap->height <= 0) return glyph;
  glyph.rect = atlas.AddCustomRectRegular(bitmap->width, bitmap->height);
  glyph.bearing_x = bitmap->bearing_x;
  glyph.bearing_y = bitmap->bearing_y;
  glyph.width = bitmap->width;
  glyph.height = bitmap->height;
  pending_.emplace_back(glyph.rect, std::move(*bitmap));
  ++figures_.glyphs;
  return glyph;
}

Result<void> TextRenderer::fill_glyphs(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
  figures_.width = width;
  figures_.height = height;
  for (const auto& [rect_index, bitmap] : pending_) {
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(rect_index);
    if (!rect->IsPacked())
      return fail("platform.fonts", "A glyph did not fit into the font atlas.");
    for (int y = 0; y < bitmap.height; ++y)
      std::memcpy(pixels + (rect->Y + y) * width + rect->X,
                  bitmap.alpha.data() + std::size_t(y) * std::size_t(bitmap.width),
                  std::size_t(bitmap.width));
  }
  pending_.clear();
  pending_.shrink_to_fit();
  for (auto& size : glyphs_)
    for (auto& [key, glyph] : size)
      if (glyph.rect >= 0)
        atlas.CalcCustomRectUV(atlas.GetCustomRectByIndex(glyph.rect), &glyph.uv0, &glyph.uv1);
  for (auto& size : icon_glyphs_)
    for (AtlasGlyph& glyph : size)
      if (glyph.rect >= 0)
        atlas.CalcCustomRectUV(atlas.GetCustomRectByIndex(glyph.rect), &glyph.uv0, &glyph.uv1);
  return {};
}

bool TextRenderer::has_icon(script::Icon icon, IconSize size) const {
  const auto& glyphs = icon_glyphs_[static_cast<std::size_t>(size)];
  const auto i = static_cast<std::size_t>(icon);
  return i < glyphs.size() && glyphs[i].rect >= 0;
}

void TextRenderer::draw_icon(ImDrawList& list, script::Icon icon, IconSize size, ImVec2 top_left,
                             bool mirrored, ImU32 color) const {
  if (!has_icon(icon, size)) return;
  const AtlasGlyph& glyph =
      icon_glyphs_[static_cast<std::size_t>(size)][static_cast<std::size_t>(icon)];
  // The font's icons fill their em square; centred in the box, whatever their bearings.
  const float box = static_cast<float>(icon_px(size));
  const float x = std::round(top_left.x + (box - static_cast<float>(glyph.width)) / 2);
  const float y = std::round(top_left.y + (box - static_cast<float>(glyph.height)) / 2);
  ImVec2 uv0 = glyph.uv0, uv1 = glyph.uv1;
  if (mirrored) std::swap(uv0.x, uv1.x);
  list.PrimReserve(6, 4);
  list.PrimRectUV(ImVec2(x, y),
                  ImVec2(x + static_cast<float>(glyph.width), y + static_cast<float>(glyph.height)),
                  uv0, uv1, color);
  if (!drawn_) return;
  DrawnText drawn;
  drawn.min = drawn.ink_min = ImVec2(x, y);
  drawn.max = drawn.ink_max =
      ImVec2(x + static_cast<float>(glyph.width), y + static_cast<float>(glyph.height));
  drawn.clip_min = list.GetClipRectMin();
  drawn.clip_max = list.GetClipRectMax();
  const ImGuiWindow* window = ImGui::GetCurrentContext()->CurrentWindow;
  drawn.window = window ? window->RootWindow->ID : 0;
  drawn.pixel_size = icon_px(size);
  drawn.icon = icon;
  drawn_->push_back(drawn);
}

float TextRenderer::line_height(TextSize size, bool with_arabic) {
  return script::line_metrics(fonts_, pixel_size(size), pixel_size(arabic_size(size)), with_arabic)
      .line_height;
}

std::shared_ptr<const script::ShapedParagraph> TextRenderer::shape(std::string_view text,
                                                                   TextSize size, float max_width,
                                                                   script::BaseDirection base,
                                                                   std::string_view language) {
  script::ShapeOptions options;
  options.language = std::string(language);
  options.arabic_px_size = pixel_size(arabic_size(size));
  auto shaped = cache_.get(text, fonts_, pixel_size(size), max_width, base, options);
  if (shaped) return *shaped;
  // Only broken UTF-8 fails here; the catalogues and typed text are checked before, so show
  // nothing rather than bytes that could be anything.
  static const std::shared_ptr<const script::ShapedParagraph> empty = [] {
    auto paragraph = std::make_shared<script::ShapedParagraph>();
    paragraph->lines.emplace_back();
    return paragraph;
  }();
  return empty;
}

const TextRenderer::AtlasGlyph* TextRenderer::find(std::size_t size_index, std::uint16_t font,
                                                   std::uint32_t glyph) const {
  const auto& map = glyphs_[size_index];
  if (auto it = map.find(glyph_key(font, glyph)); it != map.end()) return &it->second;
  // A glyph the atlas lacks (an emoji, a script no UI language uses): the font's .notdef box,
  // so the person sees that something is there.
  if (auto it = map.find(glyph_key(font, 0)); it != map.end()) return &it->second;
  return nullptr;
}

std::size_t TextRenderer::size_index(const script::ShapedParagraph& shaped,
                                     std::uint16_t font) const {
  const int px = font == fonts_.font_for(script::FontRole::arabic) ? shaped.arabic_pixel_size
                                                                   : shaped.pixel_size;
  return static_cast<std::size_t>(std::find(px_.begin(), px_.end(), px) - px_.begin());
}

std::size_t TextRenderer::missing_glyphs(const script::ShapedParagraph& shaped) const {
  std::size_t missing = 0;
  for (const script::ShapedLine& line : shaped.lines)
    for (const script::PositionedGlyph& g : line.glyphs) {
      const std::size_t s = size_index(shaped, g.font);
      if (g.glyph == 0 || s == px_.size() || !glyphs_[s].contains(glyph_key(g.font, g.glyph)))
        ++missing;
    }
  return missing;
}

float TextRenderer::line_left(const script::ShapedParagraph& shaped, std::size_t line, float left,
                              float box_width, Align align) {
  const float width = shaped.lines[line].width;
  const bool rtl = shaped.direction == script::Direction::rtl;
  switch (align) {
    case Align::center:
      return left + std::floor((box_width - width) / 2);
    case Align::end:
      return rtl ? left : left + box_width - width;
    case Align::start:
    default:
      return rtl ? left + box_width - width : left;
  }
}

void TextRenderer::draw(ImDrawList& list, const script::ShapedParagraph& shaped, ImVec2 top_left,
                        float box_width, Align align, ImU32 color) const {
  DrawnText drawn;
  drawn.min = drawn.ink_min = ImVec2(FLT_MAX, FLT_MAX);
  drawn.max = drawn.ink_max = ImVec2(-FLT_MAX, -FLT_MAX);
  for (std::size_t l = 0; l < shaped.lines.size(); ++l) {
    const script::ShapedLine& line = shaped.lines[l];
    const float x0 = line_left(shaped, l, top_left.x, box_width, align);
    const float baseline = top_left.y + line.baseline;
    if (drawn_ && !line.glyphs.empty()) {
      const float top = top_left.y + static_cast<float>(l) * shaped.line_height;
      drawn.min = ImMin(drawn.min, ImVec2(x0, top));
      drawn.max = ImMax(drawn.max, ImVec2(x0 + line.width, top + shaped.line_height));
      drawn.wider_than_box = drawn.wider_than_box || line.width > box_width + 1;
    }
    for (const script::PositionedGlyph& g : line.glyphs) {
      const std::size_t s = size_index(shaped, g.font);
      const AtlasGlyph* glyph = s < px_.size() ? find(s, g.font, g.glyph) : nullptr;
      if (!glyph || glyph->rect < 0) continue;
      const float x = std::round(x0 + g.x + g.x_offset) + static_cast<float>(glyph->bearing_x);
      const float y = std::round(baseline + g.y_offset) - static_cast<float>(glyph->bearing_y);
      if (drawn_) {
        drawn.ink_min = ImMin(drawn.ink_min, ImVec2(x, y));
        drawn.ink_max = ImMax(drawn.ink_max, ImVec2(x + static_cast<float>(glyph->width),
                                                    y + static_cast<float>(glyph->height)));
      }
      list.PrimReserve(6, 4);
      list.PrimRectUV(
          ImVec2(x, y),
          ImVec2(x + static_cast<float>(glyph->width), y + static_cast<float>(glyph->height)),
          glyph->uv0, glyph->uv1, color);
    }
  }
  if (!drawn_ || drawn.ink_min.x > drawn.ink_max.x) return;  // nothing visible drawn
  drawn.clip_min = list.GetClipRectMin();
  drawn.clip_max = list.GetClipRectMax();
  const ImGuiWindow* window = ImGui::GetCurrentContext()->CurrentWindow;
  drawn.window = window ? window->RootWindow->ID : 0;
  drawn.pixel_size = shaped.pixel_size;
  drawn_->push_back(drawn);
}

}  // namespace sichtbar::ui
