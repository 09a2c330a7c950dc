// Text as people type it on the kiosk: checking UTF-8 and cleaning every typed answer before it is
// stored, shown in the office UI or exported. Pure functions, no ICU.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sichtbar {

// True if s is well-formed UTF-8 (Unicode table 3-7): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated or stray continuation bytes.
bool is_valid_utf8(std::string_view s);

// The text as it should be kept:
// - C0 and C1 control characters and DEL are removed; a tab becomes a space;
// - line breaks ("\r\n", "\r", "\n", U+2028, U+2029) become "\n" when multiline, else a space;
// - the bidi embedding, override and isolate controls U+202A..U+202E and U+2066..U+2069 are
//   removed, because they can make a name or a note read differently in the office UI;
//   U+200C/U+200D (ZWNJ/ZWJ, needed to write Persian) and U+200E/U+200F (LRM/RLM) are kept;
// - a byte order mark (U+FEFF) is removed;
// - leading and trailing whitespace (including no-break and ideographic spaces) is trimmed.
// Bytes that are not valid UTF-8 become U+FFFD, so the result is always valid UTF-8; callers that
// must refuse such input check is_valid_utf8 first.
std::string clean_text(std::string_view s, bool multiline);

// What clean_text never lets through, found in text that should have been cleaned already (a
// record a kiosk sent): the first kind present, or None.
//   InvalidUtf8  bytes that are not well-formed UTF-8
//   Control      C0 and C1 controls, DEL, a byte order mark, a line break other than "\n", and
//                "\n" too unless multiline
//   BidiControl  the embedding, override and isolate controls U+202A..U+202E, U+2066..U+2069
// ZWNJ and ZWJ (Persian and Pashto need them) and the direction marks LRM, RLM and ALM pass,
// exactly as clean_text keeps them.
enum class HiddenText { None, InvalidUtf8, Control, BidiControl };
HiddenText find_hidden_text(std::string_view s, bool multiline);

// Text shown where it cannot be isolated or cleaned (an HTML option label, a CSV cell, an office
// page about a refused record): every byte that is not UTF-8 and every code point
// find_hidden_text refuses becomes U+FFFD, so it is seen, not obeyed. "\n", "\r" and "\t" stay
// when keep_line_breaks (a CSV cell keeps a note's lines).
std::string neutralise_hidden_text(std::string_view s, bool keep_line_breaks);

// Decodes the code point starting at s[i] (i < s.size()) into cp and returns its length in bytes,
// or 0 if the bytes there are not well-formed UTF-8 (overlong forms, surrogates, values above
// U+10FFFF, truncated or stray continuation bytes), exactly as JSON (RFC 8259) and HTML require.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// Appends the UTF-8 encoding of the code point cp (which must not be a surrogate).
void append_utf8(std::string& out, char32_t cp);

// The ASCII digit for a decimal digit as Arabic (U+0660..U+0669) or Persian, Dari and Pashto
// (U+06F0..U+06F9) write them, so a year typed in them is the number the keypad's 0-9 make;
// any other code point as it is. Ethiopic numerals are no decimal digits (no zero) and stay.
char32_t ascii_digit(char32_t cp);

// s without leading and trailing ASCII whitespace (space, tab, line breaks): a reason typed into
// a form, a list of space-separated codes. Unlike clean_text, nothing inside is touched.
std::string trimmed(std::string_view s);

// The number of code points in s (what length caps count). For invalid UTF-8 every byte that is
// not a continuation byte counts as one.
std::size_t count_code_points(std::string_view s);

}  // namespace sichtbar
