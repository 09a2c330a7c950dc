// The touch text field's model; see text_edit.h.
#include "text/text_edit.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "base/text.h"
#include "domain/unicode_util.h"

namespace sichtbar::script {
namespace {

// Heap capacity from the start: a std::string's small-string buffer lives inside the object,
// where the zeroing allocator cannot reach what was typed before the text outgrew it.
constexpr std::size_t kInitialCapacity = 64;

// Grapheme cluster boundaries of well-formed UTF-8 text, as byte offsets (0 and size included).
std::vector<std::size_t> boundaries(std::string_view text) {
  std::optional<detail::Utf16Text> units = detail::to_utf16(text);
  std::vector<std::size_t> out;
  if (!units) {  // not reachable: insert() admits only well-formed UTF-8
    out = {0, text.size()};
    return out;
  }
  for (std::size_t u : detail::grapheme_boundaries(*units)) out.push_back(units->byte_at[u]);
  return out;
}

}  // namespace

TextEdit::TextEdit(std::size_t max_code_points) : max_(max_code_points) {
  text_.reserve(kInitialCapacity);
}

TextEdit::~TextEdit() { wipe(); }

std::size_t TextEdit::previous_boundary(std::size_t offset) const {
  const std::vector<std::size_t> b = boundaries(text());
  const auto it = std::lower_bound(b.begin(), b.end(), offset);
  return it == b.begin() ? 0 : *std::prev(it);
}

std::size_t TextEdit::next_boundary(std::size_t offset) const {
  const std::vector<std::size_t> b = boundaries(text());
  const auto it = std::upper_bound(b.begin(), b.end(), offset);
  return it == b.end() ? text_.size() : *it;
}

Result<void> TextEdit::insert(std::string_view utf8) {
  if (!detail::is_well_formed_utf8(utf8)) {
    return fail("text.invalid_utf8", "The keyboard sent broken characters; nothing was typed.");
  }
  const std::size_t added = detail::count_code_points(utf8);
  if (code_points_ + added > max_) {
    return fail("text.too_long",
                "This field is full: it takes at most " + std::to_string(max_) + " characters.");
  }
  text_.insert(cursor_, utf8.data(), utf8.size());
  code_points_ += added;
  // The new end may fall inside a cluster (a letter typed before a lone mark): go past it.
  const std::vector<std::size_t> b = boundaries(text());
  cursor_ = *std::lower_bound(b.begin(), b.end(), cursor_ + utf8.size());
  return {};
}

bool TextEdit::refused(char32_t cp) {
  if (cp == 0xFFFD || cp == 0xFE0F || cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F)) return true;
  const auto c = static_cast<UChar32>(cp);
  if ((u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) && cp > 0xFF) ||
      u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) ||
      u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) ||
      u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR))
    return true;
  std::string one;
  append_utf8(one, cp);
  return find_hidden_text(one, false) != HiddenText::None;
}

TextEdit::Typed TextEdit::type(std::string_view utf8) {
  Typed typed;
  WipedString kept;  // what is typed is personal data, also on its way in
  kept.reserve(std::max(utf8.size(), kInitialCapacity));
  std::size_t added = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(utf8, i, cp);
    if (len == 0) {  // broken bytes: skip to the next lead byte
      typed.refused = true;
      for (++i; i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;) ++i;
      continue;
    }
    const std::string_view piece = utf8.substr(i, len);
    i += len;
    if (refused(cp)) {
      typed.refused = true;
      continue;
    }
    if (code_points_ + added >= max_) {
      typed.too_long = true;
      continue;  // the rest may still hold refused characters: say so too
    }
    kept.append(piece);
    ++added;
  }
  if (kept.empty()) return typed;
  text_.insert(cursor_, kept.data(), kept.size());
  code_points_ += added;
  const std::vector<std::size_t> b = boundaries(text());
  cursor_ = *std::lower_bound(b.begin(), b.end(), cursor_ + kept.size());
  typed.changed = true;
  return typed;
}

void TextEdit::erase(std::size_t from, std::size_t to) {
  // Rotate the deleted bytes to the end and zero them there: std::string::erase would leave
  // them behind in the spare capacity.
  code_points_ -= detail::count_code_points(text().substr(from, to - from));
  std::rotate(text_.begin() + static_cast<std::ptrdiff_t>(from),
              text_.begin() + static_cast<std::ptrdiff_t>(to), text_.end());
  const std::size_t removed = to - from;
  sodium_memzero(text_.data() + text_.size() - removed, removed);
  text_.resize(text_.size() - removed);
}

bool TextEdit::backspace() {
  if (cursor_ == 0) return false;
  const std::size_t from = previous_boundary(cursor_);
  erase(from, cursor_);
  cursor_ = from;
  set_cursor(cursor_);
  return true;
}

bool TextEdit::delete_forward() {
  if (cursor_ >= text_.size()) return false;
  erase(cursor_, next_boundary(cursor_));
  set_cursor(cursor_);
  return true;
}

bool TextEdit::move_forward() {
  if (cursor_ >= text_.size()) return false;
  cursor_ = next_boundary(cursor_);
  return true;
}

bool TextEdit::move_backward() {
  if (cursor_ == 0) return false;
  cursor_ = previous_boundary(cursor_);
  return true;
}

bool TextEdit::move_left(const ShapedParagraph& shaped) { return move_visually(shaped, false); }
bool TextEdit::move_right(const ShapedParagraph& shaped) { return move_visually(shaped, true); }

bool TextEdit::move_visually(const ShapedParagraph& shaped, bool right) {
  const bool rtl = shaped.direction == Direction::rtl;
  if (shaped.text_size != text_.size() || shaped.lines.empty()) {
    return right != rtl ? move_forward() : move_backward();
  }
  const Caret here = caret_x(shaped, cursor_);
  const auto& stops = shaped.lines[here.line].carets;
  // The nearest stop on this line in the direction of the move; among stops at the same x (the
  // seam between an Arabic and a Latin run) the one logically nearest the cursor.
  const CaretStop* best = nullptr;
  const auto distance = [&](const CaretStop& s) {
    return s.offset > cursor_ ? s.offset - cursor_ : cursor_ - s.offset;
  };
  for (const CaretStop& s : stops) {
    if (s.offset == cursor_) continue;
    const float dx = s.x - here.x;
    if (right ? dx <= 0 : dx >= 0) continue;
    if (!best || std::abs(dx) < std::abs(best->x - here.x) ||
        (s.x == best->x && distance(s) < distance(*best))) {
      best = &s;
    }
  }
  if (!best) {
    // At the line's edge: on to the next line in reading order, or back to the previous one,
    // entering it from the side the cursor is moving from.
    const bool forward = right != rtl;
    std::size_t line = here.line;
    if (forward ? line + 1 >= shaped.lines.size() : line == 0) return false;
    line = forward ? line + 1 : line - 1;
    for (const CaretStop& s : shaped.lines[line].carets) {
      if (s.offset == cursor_) continue;
      if (!best || (right ? s.x < best->x : s.x > best->x)) best = &s;
    }
    if (!best) return false;
  }
  cursor_ = best->offset;
  return true;
}

void TextEdit::set_cursor(std::size_t byte_offset) {
  const std::vector<std::size_t> b = boundaries(text());
  const auto it = std::upper_bound(b.begin(), b.end(), std::min(byte_offset, text_.size()));
  cursor_ = *std::prev(it);
}

void TextEdit::tap(const ShapedParagraph& shaped, std::size_t line, float x) {
  if (shaped.text_size != text_.size()) return;  // a layout of other text: ignore the tap
  set_cursor(hit_test(shaped, line, x));
}

void TextEdit::wipe() {
  sodium_memzero(text_.data(), text_.size());
  text_.clear();
  cursor_ = 0;
  code_points_ = 0;
}

}  // namespace sichtbar::script
