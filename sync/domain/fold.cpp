// Folding text for comparison; see fold.h. Moved here from search.cpp so the hub shares it.
#include "domain/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include "domain/unicode_util.h"

namespace sichtbar::script {

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

}  // namespace sichtbar::script
