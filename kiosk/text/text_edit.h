// The text of one touch text field: logical UTF-8 with a logical cursor, edited by the kiosk's
// on-screen keyboard and by taps. Dear ImGui's InputText edits code point by code point, left to
// right, which breaks Arabic script; this model keeps the cursor on grapheme cluster boundaries
// (ICU), moves it visually through bidi text, and the UI draws it through shape_paragraph.
// The text is personal data: wipe() zeroes it, and no copy is left in freed memory.
#pragma once

#include <cstddef>
#include <string_view>

#include "text/shaping.h"
#include "base/wipe.h"
#include "base/error.h"

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
