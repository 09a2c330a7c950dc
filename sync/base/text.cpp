// UTF-8 checks and the cleaning of typed text; see text.h for what is removed and why.
#include "base/text.h"

#include <cstdint>

namespace sichtbar {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_line_break(char32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

bool is_removed(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)  // C0, DEL, C1
         || (cp >= 0x202A && cp <= 0x202E)        // LRE, RLE, PDF, LRO, RLO
         || (cp >= 0x2066 && cp <= 0x2069)        // LRI, RLI, FSI, PDI
         || cp == 0xFEFF;                         // byte order mark
}

// White_Space code points that can survive cleaning (controls are gone by then).
// The embeddings, overrides and isolates that reorder what follows them (U+202A-E, U+2066-9).
bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The code point at i, and i moved past it; a byte that starts no valid UTF-8 sequence is read
// as U+FFFD and skipped alone.
char32_t next_or_replacement(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  const std::size_t len = decode_utf8(s, i, cp);
  i += len == 0 ? 1 : len;
  return len == 0 ? kReplacement : cp;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\n' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace

// The second-byte ranges come from Unicode table 3-7; they are what rules out overlong forms,
// surrogates and code points above U+10FFFF.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // stray continuation byte, C0/C1 overlong lead, or F5..FF
  }
  if (s.size() - i < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const std::uint8_t b = byte(i + k);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return len;
}

char32_t ascii_digit(char32_t cp) {
  if (cp >= 0x0660 && cp <= 0x0669) return U'0' + (cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return U'0' + (cp - 0x06F0);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view s) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string clean_text(std::string_view s, bool multiline) {
  std::string out;
  out.reserve(s.size());
  // Byte offset just past the last code point that is not whitespace: where the trim cuts.
  std::size_t content_end = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_or_replacement(s, i);
    if (cp == '\r' && i < s.size() && s[i] == '\n') continue;  // "\r\n" counts once, as "\n"
    if (is_line_break(cp)) {
      cp = multiline ? U'\n' : U' ';
    } else if (cp == '\t') {
      cp = ' ';
    } else if (is_removed(cp)) {
      continue;
    }
    if (out.empty() && is_space(cp)) continue;  // leading whitespace
    append_utf8(out, cp);
    if (!is_space(cp)) content_end = out.size();
  }
  out.resize(content_end);
  return out;
}

HiddenText find_hidden_text(std::string_view s, bool multiline) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) return HiddenText::InvalidUtf8;
    i += len;
    if (cp == '\n' && multiline) continue;
    if (is_bidi_control(cp)) return HiddenText::BidiControl;
    if (is_removed(cp) || is_line_break(cp)) return HiddenText::Control;
  }
  return HiddenText::None;
}

std::string neutralise_hidden_text(std::string_view s, bool keep_line_breaks) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_or_replacement(s, i);
    const bool kept = keep_line_breaks && (cp == '\n' || cp == '\r' || cp == '\t');
    const bool hidden = is_removed(cp) || is_line_break(cp) || is_bidi_control(cp);
    append_utf8(out, hidden && !kept ? kReplacement : cp);
  }
  return out;
}

std::string trimmed(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";  // what std::isspace says in the C locale
  const auto from = s.find_first_not_of(kSpace);
  if (from == std::string_view::npos) return {};
  return std::string(s.substr(from, s.find_last_not_of(kSpace) - from + 1));
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace sichtbar
