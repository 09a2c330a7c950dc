// The printed slip for a person without a smartphone (issue #17 item 8): their profile link as
// a QR code and as text, and a short note in their language and German, laid out in black on
// white with the kiosk's own fonts and shaping (HarfBuzz, ICU bidi and line breaking), as one
// grey image a printer takes as PNG. Nothing here knows CUPS or ImGui.
#pragma once

#include <span>
#include <string>

#include "base/qr.h"
#include "text/fonts.h"
#include "text/shaping.h"

namespace sichtbar::script {

struct SlipParagraph {
  std::string text;
  int px = 36;  // pixel size on the page
  // A link reads left to right in every language; a note in its language's direction.
  BaseDirection base = BaseDirection::automatic;
  int space_before = 0;  // pixels above it
};

// The page: width_px wide, the QR code centred at the top (module_px pixels a module, with its
// quiet zone), then each paragraph wrapped to the page less its margins, aligned where its
// reading starts. The height is what the content needs. Errors: those of shaping and
// rasterising (text.invalid_utf8, font.glyph).
Result<GrayImage> render_slip(FontSet& fonts, const QrCode& code,
                              std::span<const SlipParagraph> paragraphs, int width_px = 1240,
                              int module_px = 10);

}  // namespace sichtbar::script
