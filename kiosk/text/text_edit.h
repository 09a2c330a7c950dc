// The text of one touch text field: logical UTF-8 with a logical cursor, edited by the kiosk's
// on-screen keyboard and by taps. Dear ImGui's InputText edits code point by code point, left to
// right, which breaks Arabic script; this model keeps the cursor on grapheme cluster boundaries
// (ICU), moves it visually through bidi text, and the UI draws it through shape_paragraph.
// The text is personal data: wipe() zeroes it, and no copy is left in freed memory.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/error.h"
#include "base/wipe.h"
#include "text/shaping.h"

namespace sichtbar::script {

class TextEdit {
 public:
  // max_code_points caps the length the way the form's length limits count it.
  explicit TextEdit(std::size_t max_code_points);
  ~TextEdit();
  TextEdit(const TextEdit&) = delete;
  TextEdit& operator=(const TextEdit&) = delete;

  std::string_view text() const { return {text_.data(), text_.size()}; }
  std::size_t cursor() const { return cursor_; }  // byte offset, on a grapheme boundary
  std::size_t code_points() const { return code_points_; }
  std::size_t max_code_points() const { return max_; }

  // Inserts at the cursor and moves the cursor after the insertion. Errors, text unchanged:
  // "text.too_long" past the cap, "text.invalid_utf8" for broken bytes.
  Result<void> insert(std::string_view utf8);

  // What typing (a key, or a whole paste) did to the field.
  struct Typed {
    bool changed = false;
    bool refused = false;   // characters refused() names were left out
    bool too_long = false;  // the field filled up before all of it went in
  };
  // What a person types or pastes, as one edit (one insertion, one look for cluster boundaries,
  // so a 500-character paste costs what one key does, times its length): characters refused()
  // names are left out, what fits under the cap goes in, and the rest is refused. Broken bytes
  // count as refused characters.
  Typed type(std::string_view utf8);
  // Whether a field refuses this typed character:
  // - what the hub's record check refuses in a one-line answer, by the same function
  //   (base/text.h find_hidden_text): C0 and C1 controls, DEL, line breaks, a byte order mark,
  //   and the bidi embeddings, overrides and isolates U+202A..U+202E and U+2066..U+2069, so a
  //   person never makes a record the hub quarantines; ZWNJ and ZWJ (Persian and Pashto need
  //   them) and the direction marks LRM, RLM and ALM pass, as the hub lets them;
  // - emoji, which none of the kiosk's fonts draws (they would show as empty boxes): pictographs
  //   (Extended_Pictographic, but not the (c) and (R) signs Noto Sans has), emoji modifiers,
  //   regional indicators, the emoji variation selector and keycap, tag characters, and U+FFFD,
  //   which is what Dear ImGui's 16-bit input makes of any character beyond U+FFFF.
  static bool refused(char32_t cp);
  // Deletes the grapheme cluster before the cursor (an emoji sequence, a consonant cluster, a
  // letter with its harakat). False at the start of the text.
  bool backspace();
  // Deletes the grapheme cluster after the cursor. False at the end.
  bool delete_forward();

  // Logical moves by one grapheme cluster. False when already at that end.
  bool move_forward();
  bool move_backward();
  // Visual moves on the screen: in right-to-left text "left" goes forward in the text. `shaped`
  // is the current text's layout (shape_paragraph of text()); a layout of other text falls back
  // to logical moves in the paragraph's direction. At a line's edge the cursor goes on to the
  // neighbouring line. False when the cursor did not move.
  bool move_left(const ShapedParagraph& shaped);
  bool move_right(const ShapedParagraph& shaped);

  // Puts the cursor at byte_offset, or at the grapheme boundary before it.
  void set_cursor(std::size_t byte_offset);
  // Puts the cursor where a tap at x on `line` of the current layout lands (see hit_test).
  void tap(const ShapedParagraph& shaped, std::size_t line, float x);

  // Zeroes the text's bytes and empties the field (session reset).
  void wipe();

 private:
  std::size_t previous_boundary(std::size_t offset) const;
  std::size_t next_boundary(std::size_t offset) const;
  bool move_visually(const ShapedParagraph& shaped, bool right);
  void erase(std::size_t from, std::size_t to);

  WipedString text_;
  std::size_t cursor_ = 0;
  std::size_t code_points_ = 0;
  std::size_t max_;
};

}  // namespace sichtbar::script
