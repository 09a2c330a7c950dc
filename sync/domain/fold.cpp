// Folding text for comparison; see fold.h. Moved here from search.cpp so the hub shares it.
#include "domain/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <optional>

#include "domain/unicode_util.h"

namespace sichtbar::script {

namespace {

constexpr const char* kToAscii = "Any-Latin; Latin-ASCII; Lower";
constexpr const char* kLatinToAscii = "Latin-ASCII; Lower";

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Lower case, and every run of characters that are neither letters nor digits becomes one
// space (so "Maler/-in" and "maler in" compare equal, and a word starts after a space).
std::string fold_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = true;  // no leading space
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool only_latin_letters(const icu::UnicodeString& s) {
  for (std::int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

// Latin letters that folding leaves as they are (no accent to drop, no ASCII case form), each as
// ICU's Latin-ASCII writes it (a test holds the two together): with these, every ESCO label in
// German, English and French and what people type in those languages folds without a
// transliterator, which the kiosk would otherwise hold (about 3 MB) from its start.
constexpr std::pair<char16_t, std::u16string_view> kLatinLetters[] = {
    {u'\u00E6', u"ae"}, {u'\u0153', u"oe"}, {u'\u00F8', u"o"},  {u'\u0142', u"l"},
    {u'\u0111', u"d"},  {u'\u00F0', u"d"},  {u'\u00FE', u"th"}, {u'\u0131', u"i"},
    {u'\u0127', u"h"},  {u'\u0167', u"t"},  {u'\u014B', u"n"}};

// The text with kLatinLetters written in ASCII; nullopt if any other non-ASCII character is left.
std::optional<icu::UnicodeString> latin_letters_in_ascii(const icu::UnicodeString& folded) {
  icu::UnicodeString out;
  for (std::int32_t i = 0; i < folded.length(); ++i) {
    const char16_t c = folded.charAt(i);
    if (c < 0x80) {
      out.append(c);
      continue;
    }
    const auto* it = std::find_if(std::begin(kLatinLetters), std::end(kLatinLetters),
                                  [c](const auto& l) { return l.first == c; });
    if (it == std::end(kLatinLetters)) return std::nullopt;
    out.append(icu::UnicodeString(it->second.data(), static_cast<std::int32_t>(it->second.size())));
  }
  return out;
}

}  // namespace

namespace detail {

namespace {

// Letters that Arabic, Persian and Pashto keyboards type differently for the same letter.
UChar32 unify_arabic(UChar32 c) {
  switch (c) {
    case 0x064A:      // ARABIC LETTER YEH
    case 0x0649:      // ALEF MAKSURA
      return 0x06CC;  // FARSI YEH
    case 0x0643:      // ARABIC LETTER KAF
      return 0x06A9;  // KEHEH (Persian kaf)
    default:
      return c;
  }
}

}  // namespace

// Case folded, accents and harakat removed, digits of any script as ASCII digits, invisible
// format characters (ZWNJ, bidi marks) and the tatweel dropped, word separators as in fold_ascii.
icu::UnicodeString fold_native(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString decomposed = nfd->normalize(text, status);
  icu::UnicodeString kept;
  for (std::int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    const auto type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
        c == 0x0640) {
      continue;
    }
    if (type == U_DECIMAL_DIGIT_NUMBER) c = '0' + u_charDigitValue(c);
    kept.append(unify_arabic(c));
  }
  icu::UnicodeString composed = nfc->normalize(kept, status);
  composed.foldCase();
  icu::UnicodeString out;
  bool space = true;
  for (std::int32_t i = 0; i < composed.length();) {
    const UChar32 c = composed.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalnum(c) || u_charType(c) == U_COMBINING_SPACING_MARK) {
      out.append(c);
      space = false;
    } else if (!space) {
      out.append(static_cast<UChar>(' '));
      space = true;
    }
  }
  if (!out.isEmpty() && out.endsWith(icu::UnicodeString(u' '))) out.truncate(out.length() - 1);
  return out;
}

}  // namespace detail

std::string fold_for_search(std::string_view text) {
  return detail::to_utf8(detail::fold_native(icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())))));
}

Result<void> Folder::open() {
  // Only whether ICU has the transliterations: making them costs their memory.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> ids(icu::Transliterator::getAvailableIDs(status));
  bool any_latin = false, latin_ascii = false;
  while (ids && U_SUCCESS(status)) {
    const icu::UnicodeString* id = ids->snext(status);
    if (!id) break;
    any_latin |= *id == icu::UnicodeString(u"Any-Latin");
    latin_ascii |= *id == icu::UnicodeString(u"Latin-ASCII");
  }
  if (U_FAILURE(status) || !any_latin || !latin_ascii) {
    return fail("search.icu", std::string("ICU cannot transliterate for search (") +
                                  u_errorName(status) + "); is libicu72 complete?");
  }
  return {};
}

FoldedText Folder::fold(std::string_view text) const {
  FoldedText out;
  if (is_ascii(text)) {
    out.ascii = fold_ascii(text);
    out.native = out.ascii;
    return out;
  }
  const icu::UnicodeString folded = detail::fold_native(icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size()))));
  out.native = detail::to_utf8(folded);
  if (is_ascii(out.native)) {
    out.ascii = out.native;
    return out;
  }
  if (const auto latin = latin_letters_in_ascii(folded)) {
    out.ascii = detail::to_utf8(detail::fold_native(*latin));
    return out;
  }
  // Latin text with letters folding cannot reach (ß, ø, ł, ı) takes the cheap transliterator;
  // other scripts the full one, which costs about 10 us a label.
  icu::UnicodeString latin = folded;
  // Pashto letters ICU's Any-Latin leaves as they are: their nearest Arabic or Persian letter
  // first, so "daktar" finds ډاکټر; the feminine ې and ۍ become ی, so ښوونکې and ښوونکی meet.
  static constexpr std::pair<char16_t, char16_t> kPashto[] = {
      {u'\u067C', u'\u062A'}, {u'\u0689', u'\u062F'}, {u'\u0693', u'\u0631'},
      {u'\u0696', u'\u0698'}, {u'\u069A', u'\u0634'}, {u'\u06AB', u'\u06AF'},
      {u'\u06BC', u'\u0646'}, {u'\u0681', u'\u0632'}, {u'\u0685', u'\u0633'},
      {u'\u06D0', u'\u06CC'}, {u'\u06CD', u'\u06CC'}};
  for (const auto& [from, to] : kPashto) latin.findAndReplace(from, to);
  {
    const std::lock_guard lock(mutex_);
    const bool latin_only = only_latin_letters(folded);
    std::unique_ptr<icu::Transliterator>& made = latin_only ? latin_to_ascii_ : to_ascii_;
    if (!made) {
      UErrorCode status = U_ZERO_ERROR;
      made.reset(icu::Transliterator::createInstance(latin_only ? kLatinToAscii : kToAscii,
                                                     UTRANS_FORWARD, status));
      if (U_FAILURE(status)) made.reset();
    }
    // open() found the transliteration; should ICU still fail to make it, the text keeps its
    // letters and is found in its own script only.
    if (made) made->transliterate(latin);
  }
  out.ascii = detail::to_utf8(detail::fold_native(latin));
  return out;
}

}  // namespace sichtbar::script
