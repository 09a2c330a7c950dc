// Touch text field tests: backspace takes what the person sees as one character, the cursor
// never splits a character, arrows move the way they point in right-to-left text too, a tap
// lands where the finger was, the length cap holds, and reset leaves no typed byte in memory.
#include "text/text_edit.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/noto_fonts.h"

using namespace sichtbar::script;
using sichtbar::testing::noto_fonts;

namespace {

constexpr int kPx = 32;

ShapedParagraph layout(const TextEdit& edit, float width = kNoWrap) {
  auto shaped = shape_paragraph(edit.text(), noto_fonts(), kPx, width);
  if (!shaped) FAIL(shaped.error().message);
  return std::move(*shaped);
}

void type(TextEdit& edit, std::string_view text) {
  auto typed = edit.insert(text);
  if (!typed) FAIL(typed.error().message);
}

}  // namespace

TEST_CASE("typing inserts at the cursor") {
  TextEdit edit(100);
  type(edit, "Ana");
  CHECK(edit.cursor() == 3);
  edit.set_cursor(2);
  type(edit, "n");
  CHECK(edit.text() == "Anna");
  CHECK(edit.cursor() == 3);
  type(edit, "ä");
  CHECK(edit.text() == "Annäa");
  CHECK(edit.cursor() == 5);
  CHECK(edit.code_points() == 5);
}

TEST_CASE("backspace deletes a whole grapheme cluster") {
  struct Case {
    const char* before;
    const char* after;
  };
  for (const Case& c : {
           Case{"नमस्ते", "नम"},  // the conjunct स्ते with its vowel sign is one cluster in ICU 72
           Case{"Hi \U0001F469\u200D\U0001F469\u200D\U0001F467", "Hi "},  // family (ZWJ sequence)
           Case{"ok \U0001F44D\U0001F3FD", "ok "},                        // thumbs up, skin tone
           Case{"DE\U0001F1E9\U0001F1EA", "DE"},                          // flag
           Case{"كتبَ", "كت"},                                             // beh with fatha
           Case{"مُحَمَّد", "مُحَمَّ"},                                           // dal alone
           Case{"مُحَمَّ", "مُحَ"},    // meem with shadda and fatha
           Case{"e\u0301", ""},  // e + combining acute
           Case{"Ğ", ""},
       }) {
    CAPTURE(c.before);
    TextEdit edit(100);
    type(edit, c.before);
    CHECK(edit.backspace());
    CHECK(edit.text() == c.after);
    CHECK(edit.cursor() == edit.text().size());
  }
  TextEdit empty(10);
  CHECK_FALSE(empty.backspace());
}

TEST_CASE("delete and logical moves also go by grapheme clusters") {
  TextEdit edit(100);
  type(edit, "a\U0001F44D\U0001F3FDb");
  edit.set_cursor(0);
  CHECK(edit.move_forward());
  CHECK(edit.cursor() == 1);
  CHECK(edit.delete_forward());
  CHECK(edit.text() == "ab");
  CHECK(edit.move_forward());
  CHECK_FALSE(edit.move_forward());
  CHECK(edit.move_backward());
  CHECK(edit.cursor() == 1);
}

TEST_CASE("the cursor never lands inside a character, whatever is typed and tapped") {
  const std::vector<std::string> keys = {
      "a",          "ß",          "ş",      "ب", "ښ", "\u064E", "\u0651", "\u200C", "ሀ", "ї",
      "\U0001F44D", "\U0001F3FD", "\u200D", "1", " ", "\u0301", "क",      "्",       "ष"};
  std::mt19937 random(7);
  TextEdit edit(60);
  for (int step = 0; step < 3000; ++step) {
    switch (random() % 7) {
      case 0:
      case 1:
      case 2:
        (void)edit.insert(keys[random() % keys.size()]);
        break;
      case 3:
        edit.backspace();
        break;
      case 4:
        edit.set_cursor(random() % (edit.text().size() + 2));
        break;
      case 5:
        (random() % 2 ? edit.move_left(layout(edit)) : edit.move_right(layout(edit)));
        break;
      default: {
        const ShapedParagraph p = layout(edit);
        edit.tap(p, 0, static_cast<float>(random() % 800) - 100.0f);
      }
    }
    const std::string_view text = edit.text();
    REQUIRE(edit.cursor() <= text.size());
    if (edit.cursor() < text.size()) {
      REQUIRE((static_cast<unsigned char>(text[edit.cursor()]) & 0xC0) != 0x80);
    }
    // On a grapheme boundary: snapping does not move it.
    const std::size_t before = edit.cursor();
    edit.set_cursor(before);
    REQUIRE(edit.cursor() == before);
    REQUIRE(edit.code_points() <= 60);
  }
}

TEST_CASE("the length cap counts code points and refuses what does not fit") {
  TextEdit edit(5);
  type(edit, "Anna");
  auto too_long = edit.insert("xy");
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().code == "text.too_long");
  CHECK(too_long.error().message.find('5') != std::string::npos);
  CHECK(edit.text() == "Anna");
  type(edit, "ü");  // one code point, two bytes
  CHECK(edit.code_points() == 5);
  CHECK(edit.backspace());
  CHECK(edit.code_points() == 4);
  auto broken = edit.insert("\xC3");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == "text.invalid_utf8");
  CHECK(edit.text() == "Anna");
}

TEST_CASE("arrows move visually: left goes forward in right-to-left text") {
  TextEdit edit(100);
  type(edit, "سلام");  // cursor at the end: the left edge
  CHECK_FALSE(edit.move_left(layout(edit)));
  CHECK(edit.move_right(layout(edit)));
  CHECK(edit.cursor() == 6);  // back by one letter
  edit.set_cursor(0);         // the right edge
  CHECK_FALSE(edit.move_right(layout(edit)));
  CHECK(edit.move_left(layout(edit)));
  CHECK(edit.cursor() == 2);  // forward by one letter

  TextEdit latin(100);
  type(latin, "abc");
  CHECK(latin.move_left(layout(latin)));
  CHECK(latin.cursor() == 2);
  CHECK(latin.move_right(layout(latin)));
  CHECK(latin.cursor() == 3);
}

TEST_CASE("arrows cross a mixed line from edge to edge, always moving the way they point") {
  TextEdit edit(100);
  type(edit, "Beruf: نجار 2019 ok");
  edit.set_cursor(0);
  const ShapedParagraph p = layout(edit);
  float x = caret_x(p, edit.cursor()).x;
  int moves = 0;
  while (edit.move_right(p)) {
    const float next = caret_x(p, edit.cursor()).x;
    CHECK(next > x);
    x = next;
    REQUIRE(++moves < 100);
  }
  CHECK(x == Approx(p.lines[0].width));
  while (edit.move_left(p)) {
    const float next = caret_x(p, edit.cursor()).x;
    CHECK(next < x);
    x = next;
    REQUIRE(++moves < 200);
  }
  CHECK(x == Approx(0).margin(0.01));
}

TEST_CASE("arrows go on to the next line at a line's edge") {
  TextEdit edit(100);
  type(edit, "eins zwei drei vier");
  const ShapedParagraph p = layout(edit, 90);
  REQUIRE(p.lines.size() >= 2);
  edit.set_cursor(0);
  while (caret_x(p, edit.cursor()).line == 0) REQUIRE(edit.move_right(p));
  CHECK(edit.cursor() == p.lines[1].begin);
  CHECK(edit.move_left(p));
  CHECK(caret_x(p, edit.cursor()).line == 0);
}

TEST_CASE("a tap puts the cursor where the finger was") {
  TextEdit edit(100);
  type(edit, "سلام دنیا");
  const ShapedParagraph p = layout(edit);
  edit.tap(p, 0, p.lines[0].width + 30);  // right of the text: its start
  CHECK(edit.cursor() == 0);
  edit.tap(p, 0, -30);  // left of it: its end
  CHECK(edit.cursor() == edit.text().size());
  edit.tap(p, 0, caret_x(p, 8).x);  // at the space
  CHECK(edit.cursor() == 8);
  // A layout of other text (a stale frame) is ignored rather than trusted.
  TextEdit other(100);
  type(other, "x");
  other.tap(p, 0, 0);
  CHECK(other.cursor() == 1);
}

TEST_CASE("wipe and backspace leave no typed byte in the field's memory") {
  TextEdit edit(200);
  type(edit, "Rania Al-Hassan, geboren 1990 in Aleppo");
  const char* bytes = edit.text().data();
  const std::size_t typed = edit.text().size();
  for (int i = 0; i < 6; ++i) edit.backspace();  // "Aleppo"
  const std::size_t kept = edit.text().size();
  REQUIRE(edit.text().data() == bytes);  // same buffer: it has spare capacity
  for (std::size_t i = kept; i < typed; ++i) CHECK(bytes[i] == 0);

  edit.wipe();
  CHECK(edit.text().empty());
  CHECK(edit.cursor() == 0);
  CHECK(edit.code_points() == 0);
  for (std::size_t i = 0; i < typed; ++i) CHECK(bytes[i] == 0);
}

TEST_CASE("typing leaves out what the hub would refuse and emoji, and stops at the cap") {
  TextEdit edit(10);
  auto typed = edit.type(
      "ab\u202E"
      "cd\U0001F600\u2705e\u0007f");
  CHECK(edit.text() == "abcdef");
  CHECK(typed.changed);
  CHECK(typed.refused);
  CHECK_FALSE(typed.too_long);
  // ZWNJ, ZWJ and the direction marks pass, as the hub's record check lets them.
  typed = edit.type("\u200C\u200D\u200E\u200F");
  CHECK(edit.code_points() == 10);
  CHECK_FALSE(typed.refused);
  // Full: nothing more goes in, and the field says why.
  typed = edit.type("g");
  CHECK_FALSE(typed.changed);
  CHECK(typed.too_long);
  // A paste longer than the room left: what fits goes in, in one edit, the cursor after it.
  TextEdit name(5);
  typed = name.type("Nürnberg");
  CHECK(name.text() == "Nürnb");
  CHECK(name.cursor() == name.text().size());
  CHECK(typed.too_long);
  // Broken bytes count as refused characters; the rest goes in.
  TextEdit other(10);
  typed = other.type("a\xC3(b\xFF");
  CHECK(other.text() == "a(b");
  CHECK(typed.refused);
  for (const char32_t cp : {U'\u00A9', U'\u00AE', U'\u0633', U'\u1200', U'\u00FC'})
    CHECK_FALSE(TextEdit::refused(cp));
  for (const char32_t cp : {U'\u202E', U'\u2066', U'\u0000', U'\u0085', U'\uFEFF', U'\uFFFD',
                            U'\uFE0F', U'\U0001F1E9', U'\U0001F3FD', U'\u2764', U'\u263A'})
    CHECK(TextEdit::refused(cp));
}
