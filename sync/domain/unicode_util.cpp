// UTF conversions with offset maps and per-thread ICU break iterators; see unicode_util.h.
#include "domain/unicode_util.h"

#include <unicode/locid.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace sichtbar::script::detail {

std::size_t Utf16Text::unit_at(std::size_t byte) const {
  const auto b = static_cast<std::uint32_t>(byte - base);
  const auto it = std::lower_bound(byte_at.begin(), byte_at.end(), b);
  return static_cast<std::size_t>(it - byte_at.begin());
}

std::optional<Utf16Text> to_utf16(std::string_view utf8, std::size_t base) {
  Utf16Text out;
  out.base = base;
  out.units.reserve(utf8.size());
  out.byte_at.reserve(utf8.size() + 1);
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  std::int32_t i = 0;
  while (i < length) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return std::nullopt;
    const auto offset = static_cast<std::uint32_t>(start);
    if (c <= 0xFFFF) {
      out.units.push_back(static_cast<char16_t>(c));
      out.byte_at.push_back(offset);
    } else {
      out.units.push_back(static_cast<char16_t>(U16_LEAD(c)));
      out.units.push_back(static_cast<char16_t>(U16_TRAIL(c)));
      out.byte_at.push_back(offset);
      out.byte_at.push_back(offset);
    }
  }
  out.byte_at.push_back(static_cast<std::uint32_t>(length));
  return out;
}

bool is_well_formed_utf8(std::string_view utf8) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::size_t count_code_points(std::string_view utf8) {
  // Every byte that is not a continuation byte starts a code point.
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0u) != 0x80u;
  }));
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

namespace {

// ICU data for break iteration ships in libicu-data; without it the kiosk cannot lay out text at
// all, so failing loudly at the first use is the only sensible reaction.
std::unique_ptr<icu::BreakIterator> make_breaker(bool line) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      line ? icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status)
           : icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !breaker) {
    std::fprintf(stderr, "sichtbar_domain: ICU break iterator unavailable: %s\n",
                 u_errorName(status));
    std::abort();
  }
  return breaker;
}

}  // namespace

icu::BreakIterator& grapheme_breaker() {
  thread_local const std::unique_ptr<icu::BreakIterator> breaker = make_breaker(false);
  return *breaker;
}

icu::BreakIterator& line_breaker() {
  thread_local const std::unique_ptr<icu::BreakIterator> breaker = make_breaker(true);
  return *breaker;
}

void set_break_text(icu::BreakIterator& breaker, const char16_t* units, std::size_t size,
                    UText* storage) {
  UErrorCode status = U_ZERO_ERROR;
  utext_openUChars(storage, units, static_cast<std::int64_t>(size), &status);
  breaker.setText(storage, status);
  if (U_FAILURE(status)) {
    std::fprintf(stderr, "sichtbar_domain: ICU setText failed: %s\n", u_errorName(status));
    std::abort();
  }
}

std::vector<std::size_t> grapheme_boundaries(const Utf16Text& text) {
  std::vector<std::size_t> out;
  if (text.size() == 0) {
    out.push_back(0);
    return out;
  }
  UText storage = UTEXT_INITIALIZER;
  icu::BreakIterator& breaker = grapheme_breaker();
  set_break_text(breaker, text.units.data(), text.size(), &storage);
  for (std::int32_t b = breaker.first(); b != icu::BreakIterator::DONE; b = breaker.next()) {
    out.push_back(static_cast<std::size_t>(b));
  }
  utext_close(&storage);
  return out;
}

}  // namespace sichtbar::script::detail
