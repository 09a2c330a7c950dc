// Which glyphs the UI's static font atlas must hold (Dear ImGui 1.86 fixes its atlas when it is
// built): those of the app's own strings, plus every form a letter typed at the kiosk can take.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "text/fonts.h"
#include "base/error.h"

namespace sichtbar::script {

struct GlyphKey {
  std::uint16_t font = 0;   // index into the FontSet
  std::uint32_t glyph = 0;  // glyph id in that font
  auto operator<=>(const GlyphKey&) const = default;
};

// The glyphs, sorted and unique, that these strings shape to at px_size, plus what typed text
// needs:
// - the letters of the Arabic, Persian, Dari and Pashto alphabets (and Sorani's few extras) in
//   every joining form: shaped alone, after a tatweel, before one, and between two; lam-alef in
//   its forms; harakat (also under shadda); Arabic-Indic and Persian digits and punctuation;
// - every assigned code point of Ethiopic (U+1200..U+137F), Basic Latin, Latin-1 and Latin
//   Extended-A (Turkish, Kurmanji), Cyrillic (U+0400..U+04FF, Ukrainian included) and common
//   punctuation, each in the font shaping would choose;
// - space, digits and punctuation in every font that has them (a run of Arabic text draws its
//   digits and spaces with the Arabic font), and each font's .notdef box.
// Error "text.invalid_utf8" if one of the strings is not well-formed UTF-8.
Result<std::vector<GlyphKey>> glyphs_needed(FontSet& fonts, int px_size,
                                            std::span<const std::string> strings);

}  // namespace sichtbar::script
