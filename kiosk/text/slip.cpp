// The printed slip's layout (see slip.h).
#include "text/slip.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sichtbar::script {

Result<GrayImage> render_slip(FontSet& fonts, const QrCode& code,
                              std::span<const SlipParagraph> paragraphs, int width_px,
                              int module_px) {
  const int margin = width_px / 12;
  const float text_width = static_cast<float>(width_px - 2 * margin);
  std::vector<ShapedParagraph> shaped;
  for (const SlipParagraph& p : paragraphs) {
    // Noto Naskh draws a third smaller than Noto Sans at one pixel size: its runs a third up,
    // as on screen (ui/text_renderer.h).
    ShapeOptions options;
    options.arabic_px_size = p.px * 4 / 3;
    auto s = shape_paragraph(p.text, fonts, p.px, text_width, p.base, options);
    if (!s) return std::unexpected(s.error());
    shaped.push_back(std::move(*s));
  }
  const GrayImage qr = render_qr(code, module_px);
  int height = margin + qr.height;
  for (std::size_t i = 0; i < shaped.size(); ++i)
    height += paragraphs[i].space_before + static_cast<int>(std::ceil(shaped[i].height));
  height += margin;

  GrayImage page;
  page.width = width_px;
  page.height = height;
  page.pixels.assign(static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height), 255);
  const int qr_left = std::max(0, (width_px - qr.width) / 2);
  for (int y = 0; y < qr.height; ++y)
    std::copy_n(qr.pixels.begin() + static_cast<std::ptrdiff_t>(y) * qr.width,
                std::min(qr.width, width_px),
                page.pixels.begin() + static_cast<std::ptrdiff_t>(margin + y) * width_px + qr_left);

  const std::size_t arabic_font = fonts.font_for(FontRole::arabic);
  int top = margin + qr.height;
  for (std::size_t i = 0; i < shaped.size(); ++i) {
    top += paragraphs[i].space_before;
    const ShapedParagraph& para = shaped[i];
    for (const ShapedLine& line : para.lines) {
      // Where reading starts: the right edge in a right-to-left paragraph.
      const float left = para.direction == Direction::rtl
                             ? static_cast<float>(margin) + text_width - line.width
                             : static_cast<float>(margin);
      const float baseline = static_cast<float>(top) + line.baseline;
      for (const PositionedGlyph& g : line.glyphs) {
        const int size = g.font == arabic_font ? para.arabic_pixel_size : para.pixel_size;
        auto bitmap = rasterize_glyph(fonts.face(g.font, size), g.glyph);
        if (!bitmap) return std::unexpected(bitmap.error());
        const int x0 = static_cast<int>(std::lround(left + g.x + g.x_offset)) + bitmap->bearing_x;
        const int y0 = static_cast<int>(std::lround(baseline + g.y_offset)) - bitmap->bearing_y;
        // Ink over paper: the darker of what is there and the glyph's coverage.
        for (int y = 0; y < bitmap->height; ++y)
          for (int x = 0; x < bitmap->width; ++x) {
            const int px = x0 + x, py = y0 + y;
            if (px < 0 || py < 0 || px >= width_px || py >= height) continue;
            std::uint8_t& at = page.pixels[static_cast<std::size_t>(py) * width_px + px];
            const auto ink = static_cast<std::uint8_t>(
                255 - bitmap->alpha[static_cast<std::size_t>(y) * bitmap->width + x]);
            at = std::min(at, ink);
          }
      }
    }
    top += static_cast<int>(std::ceil(para.height));
  }
  return page;
}

}  // namespace sichtbar::script
