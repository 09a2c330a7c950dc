// Text tests: the UTF-8 check that keeps broken bytes out of records, and the cleaning that keeps
// invisible tricks out of the office UI while leaving every script readable.
#include "base/text.h"

#include <catch2/catch.hpp>
#include <string>

using sichtbar::clean_text;
using sichtbar::count_code_points;
using sichtbar::is_valid_utf8;
using sichtbar::trimmed;

TEST_CASE("well-formed UTF-8 in every script of the kiosk is accepted") {
  for (const char* good :
       {"", "Rania", "Grüße aus Fürth", "رانيا الحسن", "می\u200Cخواهم", "Тарас", "ትግርኛ",
        "\U0001F600", "\u00A0", "\xEF\xBF\xBF" /* U+FFFF */, "\xF4\x8F\xBF\xBF" /* U+10FFFF */,
        "\xED\x9F\xBF" /* U+D7FF */, "\xEE\x80\x80" /* U+E000 */}) {
    CAPTURE(good);
    CHECK(is_valid_utf8(good));
  }
}

TEST_CASE("malformed UTF-8 is recognised") {
  for (const std::string& bad : {
           std::string("\xC0\xAF"),          // overlong "/"
           std::string("\xC1\xBF"),          // overlong
           std::string("\xE0\x80\xAF"),      // overlong, 3 bytes
           std::string("\xF0\x80\x80\xAF"),  // overlong, 4 bytes
           std::string("\xED\xA0\x80"),      // U+D800, a surrogate
           std::string("\xED\xBF\xBF"),      // U+DFFF
           std::string("\xF4\x90\x80\x80"),  // U+110000
           std::string("\xF5\x80\x80\x80"),  // no such lead byte
           std::string("\xFF"),              // never in UTF-8
           std::string("\xE2\x82"),          // truncated euro sign
           std::string("Euro \xE2\x82"),     // truncated at the end of text
           std::string("\x80"),              // stray continuation byte
           std::string("ab\xC3\x28"),        // lead byte without its continuation
           std::string("\xF0\x9F\x98"),      // truncated emoji
       }) {
    CAPTURE(bad);
    CHECK_FALSE(is_valid_utf8(bad));
  }
  CHECK(is_valid_utf8(std::string("a\0b", 3)));  // NUL is valid UTF-8; clean_text removes it
}

TEST_CASE("control characters and DEL are removed, a tab becomes a space") {
  CHECK(clean_text(std::string("Ra\0nia", 6), false) == "Rania");
  CHECK(clean_text("Ra\x01\x1B[31mnia\x7F", false) == "Ra[31mnia");
  CHECK(clean_text("Ra\u0085nia", false) == "Ra nia");       // NEL is a line break
  CHECK(clean_text("Ra\u009Bnia\u0080", false) == "Rania");  // other C1 controls go
  CHECK(clean_text("Name\tVorname", false) == "Name Vorname");
}

TEST_CASE("line breaks are kept in long text and become spaces in a single line") {
  CHECK(clean_text("eins\r\nzwei\rdrei\nvier\u2028fünf", true) == "eins\nzwei\ndrei\nvier\nfünf");
  CHECK(clean_text("eins\r\nzwei\rdrei\nvier", false) == "eins zwei drei vier");
  CHECK(clean_text("Absatz\n\nAbsatz", true) == "Absatz\n\nAbsatz");
}

TEST_CASE("bidi embeddings, overrides and isolates are removed") {
  // "\u202E" would show "gpj.exe" as "exe.jpg" in the office UI.
  CHECK(clean_text("invoice\u202Egpj.exe", false) == "invoicegpj.exe");
  for (const char* control :
       {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"}) {
    CAPTURE(control);
    CHECK(clean_text(std::string("a") + control + "b", false) == "ab");
  }
}

TEST_CASE("joiners and direction marks that scripts need are kept") {
  const std::string persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";  // ZWNJ
  CHECK(clean_text(persian, false) == persian);
  const std::string zwj = "\u0915\u094D\u200D\u0937";
  CHECK(clean_text(zwj, false) == zwj);
  CHECK(clean_text("\u200FSY 2016\u200E", false) == "\u200FSY 2016\u200E");
  CHECK(clean_text("\u061C\u0661\u0662", false) == "\u061C\u0661\u0662");  // Arabic letter mark
}

TEST_CASE("leading and trailing white space is trimmed, inner white space kept") {
  CHECK(clean_text("  \t Rania  Al-Hassan \n ", false) == "Rania  Al-Hassan");
  CHECK(clean_text("\u00A0\u3000\u2003Rania\u202F\u00A0", false) == "Rania");
  CHECK(clean_text("\n\n  Zeile 1\n  Zeile 2  \n\n", true) == "Zeile 1\n  Zeile 2");
  CHECK(clean_text("\uFEFFRania", false) == "Rania");  // byte order mark from a paste
  CHECK(clean_text(" \t\r\n\u202E ", true).empty());
  CHECK(clean_text("", true).empty());
}

TEST_CASE("invalid bytes become U+FFFD, so cleaned text is always valid UTF-8") {
  CHECK(clean_text("Ra\xFFnia", false) == "Ra\uFFFDnia");
  CHECK(clean_text("\xED\xA0\x80", false) == "\uFFFD\uFFFD\uFFFD");
  for (int b = 0; b < 256; ++b) {
    const std::string one(1, static_cast<char>(b));
    CHECK(is_valid_utf8(clean_text("x" + one + "\xE2\x82", true)));
  }
}

TEST_CASE("trimmed takes spaces, tabs and line breaks from both ends and nothing between") {
  CHECK(trimmed("  job recognition_advice ") == "job recognition_advice");
  CHECK(trimmed("\t\r\n Grund:\n zwei Zeilen \n") == "Grund:\n zwei Zeilen");
  CHECK(trimmed(" \t\n ").empty());
  CHECK(trimmed("").empty());
  CHECK(trimmed("\xc2\xa0x\xc2\xa0") == "\xc2\xa0x\xc2\xa0");  // a no-break space is not ASCII
}

TEST_CASE("length is counted in code points") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("Rania") == 5);
  CHECK(count_code_points("Grüße") == 5);
  CHECK(count_code_points("رانيا") == 5);
  CHECK(count_code_points("\U0001F600") == 1);
  CHECK(count_code_points("می\u200Cخواهم") == 8);
}

TEST_CASE("hidden text is found where cleaned text was expected, and shown, not obeyed") {
  using sichtbar::find_hidden_text, sichtbar::HiddenText, sichtbar::neutralise_hidden_text;
  CHECK(find_hidden_text("Rania Al-Hassan", false) == HiddenText::None);
  CHECK(find_hidden_text("\u0645\u06CC\u200C\u062E \u200F\u061C", false) == HiddenText::None);
  CHECK(find_hidden_text("a\u202Eb", false) == HiddenText::BidiControl);
  CHECK(find_hidden_text("a\u2069b", false) == HiddenText::BidiControl);
  CHECK(find_hidden_text(std::string("a\0b", 3), false) == HiddenText::Control);
  CHECK(find_hidden_text("a\x1b[0m", false) == HiddenText::Control);
  CHECK(find_hidden_text("a\tb", false) == HiddenText::Control);
  CHECK(find_hidden_text("a\u0085b", false) == HiddenText::Control);
  CHECK(find_hidden_text("a\u2028b", true) == HiddenText::Control);
  CHECK(find_hidden_text("line\nline", false) == HiddenText::Control);
  CHECK(find_hidden_text("line\nline", true) == HiddenText::None);
  CHECK(find_hidden_text("a\r\nb", true) == HiddenText::Control);
  CHECK(find_hidden_text("\xC3\x28", false) == HiddenText::InvalidUtf8);
  // Whatever clean_text makes passes, for any bytes.
  for (int b = 0; b < 256; ++b) {
    const std::string s = std::string("x") + static_cast<char>(b) + "\u202Ey\nz";
    CHECK(find_hidden_text(clean_text(s, true), true) == HiddenText::None);
    CHECK(find_hidden_text(neutralise_hidden_text(s, false), false) == HiddenText::None);
  }
  CHECK(neutralise_hidden_text("a\u202Eb\x1b\n", false) == "a\uFFFDb\uFFFD\uFFFD");
  CHECK(neutralise_hidden_text("a\u202Eb\r\n\tc", true) == "a\uFFFDb\r\n\tc");
}

TEST_CASE("Arabic and Persian digits are the keypad's digits, Ethiopic numerals and letters stay") {
  using sichtbar::ascii_digit;
  CHECK(ascii_digit(U'\u0660') == U'0');
  CHECK(ascii_digit(U'\u0669') == U'9');
  CHECK(ascii_digit(U'\u06F0') == U'0');
  CHECK(ascii_digit(U'\u06F5') == U'5');
  CHECK(ascii_digit(U'\u06F9') == U'9');
  CHECK(ascii_digit(U'7') == U'7');
  CHECK(ascii_digit(U'\u066B') == U'\u066B');  // the Arabic decimal separator is no digit
  CHECK(ascii_digit(U'\u06FA') == U'\u06FA');  // nor the letter after ۹
  CHECK(ascii_digit(U'\u1369') == U'\u1369');  // Ethiopic ፩ (no zero: no decimal digit)
}
