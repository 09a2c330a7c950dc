// Internal helpers shared by the script library: UTF-8 <-> UTF-16 with a byte-offset map (ICU
// works in UTF-16, the kiosk keeps UTF-8 and reports byte offsets), and ICU break iterators kept
// per thread because creating one costs far more than using it. Not part of the public API.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/wipe.h"

namespace sichtbar::script::detail {

// A UTF-16 copy of UTF-8 text. byte_at[i] is the byte offset in the UTF-8 text of UTF-16 unit i
// (both units of a surrogate pair share their code point's offset); byte_at[size] is the end.
// The units are personal text, hence zeroed when freed.
struct Utf16Text {
  WipedVector<char16_t> units;
  std::vector<std::uint32_t> byte_at;
  std::size_t base = 0;  // byte offset of the converted piece in the caller's whole text

  std::size_t size() const { return units.size(); }
  // The unit index of a byte offset that starts a code point (or is the end).
  std::size_t unit_at(std::size_t byte) const;
};

// Converts utf8 (byte offsets reported relative to base + 0). nullopt if utf8 is not well-formed.
std::optional<Utf16Text> to_utf16(std::string_view utf8, std::size_t base = 0);

bool is_well_formed_utf8(std::string_view s);
std::size_t count_code_points(std::string_view well_formed_utf8);

std::string to_utf8(const icu::UnicodeString& s);

// Root-locale character (grapheme cluster) and line break iterators for this thread. The caller
// sets the text; the iterators never own it.
icu::BreakIterator& grapheme_breaker();
icu::BreakIterator& line_breaker();

// Grapheme cluster boundaries of text in UTF-16 units, including 0 and text.size().
std::vector<std::size_t> grapheme_boundaries(const Utf16Text& text);

// Points an ICU break iterator at the units [units, units + size) without copying them; the
// UText lives in the caller's frame. Break positions are relative to `units`.
void set_break_text(icu::BreakIterator& breaker, const char16_t* units, std::size_t size,
                    UText* storage);

}  // namespace sichtbar::script::detail
