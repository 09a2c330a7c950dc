// Touch widgets (see widgets.h).
#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "base/text.h"

namespace sichtbar::ui {

std::string Ui::tr(std::string_view key) const {
  if (catalogue)
    if (const std::string* s = catalogue->find(key)) return *s;
  if (german)
    if (const std::string* s = german->find(key)) return *s;
  return std::string(key);
}

std::string Ui::format(std::string_view key, std::initializer_list<MessageValue> values) const {
  return format_message(tr(key), values, rtl ? ValueIsolation::isolated : ValueIsolation::none);
}

std::string Ui::german_text(std::string_view key) const {
  if (german)
    if (const std::string* s = german->find(key)) return *s;
  return {};
}

std::string Ui::second_text(std::string_view key) const {
  if (second)
    if (const std::string* s = second->find(key)) return *s;
  return {};
}

void text_block(Ui& ui, std::string_view text, TextSize size, float width, ImU32 color, Align align,
                std::optional<script::BaseDirection> base) {
  auto shaped = ui.shape(text, size, width, base.value_or(ui.direction()));
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ui.text.draw(*ImGui::GetWindowDrawList(), *shaped, pos, width, align, color);
  ImGui::Dummy(ImVec2(width, std::max(shaped->height, 1.0f)));
}

void icon_text_block(Ui& ui, std::optional<script::Icon> icon, std::string_view text, TextSize size,
                     float width, ImU32 color) {
  if (!icon) return text_block(ui, text, size, width, color);
  const float icon_px = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
  const float room = icon_px + ui.px(16);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  auto shaped = ui.shape(text, size, width - room, ui.direction());
  // The pictogram beside the first line, centred on it.
  const float first_line = shaped->lines.empty() ? shaped->height : shaped->line_height;
  const float icon_y = std::floor(pos.y + std::max(0.0f, (first_line - icon_px) / 2));
  ImDrawList& list = *ImGui::GetWindowDrawList();
  ui.text.draw_icon(list, *icon, IconSize::inline_icon,
                    ImVec2(ui.rtl ? pos.x + width - icon_px : pos.x, icon_y),
                    script::icon_glyph(*icon).directional && ui.rtl, colors::primary);
  ui.text.draw(list, *shaped, ImVec2(ui.rtl ? pos.x : pos.x + room, pos.y), width - room,
               Align::start, color);
  ImGui::Dummy(ImVec2(width, std::max(shaped->height, icon_px)));
}

void label(Ui& ui, std::string_view key, TextSize size, float width, ImU32 color, Align align) {
  text_block(ui, ui.tr(key), size, width, color, align);
  if (const std::string second = ui.second_line(key); !second.empty())
    second_line_block(ui, second, width, align);
}

void second_line_block(Ui& ui, std::string_view second, float width, Align align) {
  // German (or English) reads left to right, but sits under the label's start: at the right in
  // a right-to-left screen.
  text_block(ui, second, TextSize::small, width, colors::muted,
             ui.rtl && align == Align::start ? Align::end : align, script::BaseDirection::ltr);
}

void align_start(const Ui& ui, float available, float item) {
  if (ui.rtl && available > item) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + available - item);
}

namespace {
// Whether the press of the item `id` just released fires its action: a tap, not the end of a
// drag, that the tap rules let through (one action per press, none in a screen's first moment).
bool fires(Ui& ui, ImGuiID id, bool released) {
  if (!released || !ui.press_was_tap()) return false;
  return !ui.taps || ui.taps->press(id, ui.now);
}
}  // namespace

namespace {
bool button_with(Ui& ui, const char* id, std::string_view text, ImVec2 size, ButtonKind kind,
                 std::optional<script::BaseDirection> base, TextSize text_size,
                 std::optional<script::Icon> icon) {
  size.x = std::max(size.x, ui.px(kMinTouchPx));
  size.y = std::max(size.y, ui.px(kMinTouchPx));
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImGuiID item = ImGui::GetID(id);
  const bool released = ImGui::InvisibleButton(id, size);
  ui.add_target(id, pos, ImVec2(pos.x + size.x, pos.y + size.y), kind, icon, text);
  const bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
  ImU32 fill = colors::primary, ink = colors::primary_text;
  if (kind == ButtonKind::secondary) {
    fill = held ? colors::secondary_pressed : colors::secondary;
    ink = colors::text;
  } else if (kind == ButtonKind::danger) {
    fill = colors::danger;
  } else if (kind == ButtonKind::chosen) {
    fill = held ? colors::secondary_pressed : colors::selected;
    ink = colors::text;
  } else if (held) {
    fill = colors::primary_pressed;
  }
  ImDrawList& list = *ImGui::GetWindowDrawList();
  list.AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), fill, ui.px(12));
  if (kind == ButtonKind::chosen)
    list.AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), colors::primary, ui.px(12), 0,
                 ui.px(3));
  const float pad = ui.px(16);
  if (!icon) {
    auto shaped = ui.shape(text, text_size, size.x - 2 * pad, base.value_or(ui.direction()));
    const float top = pos.y + std::floor((size.y - shaped->height) / 2);
    ui.text.draw(list, *shaped, ImVec2(pos.x + pad, top), size.x - 2 * pad, Align::center, ink);
    return fires(ui, item, released);
  }
  // The pictogram and the words as one group in the middle, the pictogram where reading starts.
  const float icon_px = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
  const float gap = ui.px(12);
  const float room = size.x - 2 * pad - icon_px - gap;
  auto shaped = ui.shape(text, text_size, room, base.value_or(ui.direction()));
  const float group = icon_px + gap + shaped->width;
  const float left = pos.x + std::floor((size.x - group) / 2);
  const float icon_x = ui.rtl ? left + group - icon_px : left;
  const float words_x = ui.rtl ? left : left + icon_px + gap;
  ui.text.draw_icon(list, *icon, IconSize::inline_icon,
                    ImVec2(icon_x, pos.y + std::floor((size.y - icon_px) / 2)),
                    script::icon_glyph(*icon).directional && ui.rtl, ink);
  ui.text.draw(list, *shaped, ImVec2(words_x, pos.y + std::floor((size.y - shaped->height) / 2)),
               shaped->width, Align::start, ink);
  return fires(ui, item, released);
}
}  // namespace

bool button(Ui& ui, const char* id, std::string_view text, ImVec2 size, ButtonKind kind,
            std::optional<script::BaseDirection> base, TextSize text_size) {
  return button_with(ui, id, text, size, kind, base, text_size, std::nullopt);
}

bool icon_button(Ui& ui, const char* id, script::Icon icon, std::string_view text, ImVec2 size,
                 ButtonKind kind) {
  return button_with(ui, id, text, size, kind, std::nullopt, TextSize::body, icon);
}

float choice_row_lead(const Ui& ui, bool with_icon) {
  const float box = ui.px(40), gap = ui.px(20), pad = ui.px(14);
  return 2 * pad + box + gap +
         (with_icon ? static_cast<float>(ui.text.icon_px(IconSize::inline_icon)) + ui.px(16)
                    : 0.0f);
}

namespace {
// A choice row's words: its own, and the second language's under them.
struct ChoiceWords {
  std::shared_ptr<const script::ShapedParagraph> shaped, second;
  float height = 0;
};
ChoiceWords choice_words(const Ui& ui, std::string_view text, float text_width,
                         std::string_view second_line) {
  ChoiceWords w;
  w.shaped = ui.shape(text, ui.content_size, text_width, ui.direction());
  if (!second_line.empty())
    w.second = ui.shape(second_line, TextSize::small, text_width, script::BaseDirection::ltr);
  w.height = w.shaped->height + (w.second ? ui.px(4) + w.second->height : 0.0f);
  return w;
}
}  // namespace

float choice_row_height(const Ui& ui, std::string_view text, float width, bool with_icon,
                        std::string_view second_line) {
  const ChoiceWords words =
      choice_words(ui, text, width - choice_row_lead(ui, with_icon), second_line);
  return std::max(words.height + ui.px(28), ui.px(72));
}

bool choice_row(Ui& ui, const char* id, std::string_view text, bool chosen, float width,
                bool single, std::optional<script::Icon> icon, std::string_view second_line) {
  const float pad = ui.px(14), box = ui.px(40), gap = ui.px(20);
  const float icon_px = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
  const float text_width = width - choice_row_lead(ui, icon.has_value());
  const ChoiceWords words = choice_words(ui, text, text_width, second_line);
  const auto& shaped = words.shaped;
  const auto& second = words.second;
  const float words_height = words.height;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, choice_row_height(ui, text, width, icon.has_value(), second_line));
  const ImGuiID item = ImGui::GetID(id);
  const bool released = ImGui::InvisibleButton(id, size);
  ui.add_target(id, pos, ImVec2(pos.x + size.x, pos.y + size.y), ButtonKind::secondary, icon, text);
  ImDrawList& list = *ImGui::GetWindowDrawList();
  const ImVec2 end(pos.x + size.x, pos.y + size.y);
  list.AddRectFilled(pos, end, chosen ? colors::selected : colors::field, ui.px(10));
  list.AddRect(pos, end, chosen ? colors::focus : colors::border, ui.px(10), 0, ui.px(2));
  // The box sits where reading starts: left, or right in a right-to-left language.
  const float box_x = ui.rtl ? end.x - pad - box : pos.x + pad;
  const float box_y = pos.y + (size.y - box) / 2;
  const ImVec2 b0(box_x, box_y), b1(box_x + box, box_y + box);
  if (single) {
    const ImVec2 c((b0.x + b1.x) / 2, (b0.y + b1.y) / 2);
    list.AddCircle(c, box / 2, colors::border, 32, ui.px(3));
    if (chosen) list.AddCircleFilled(c, box / 4, colors::focus, 32);
  } else {
    list.AddRect(b0, b1, colors::border, ui.px(6), 0, ui.px(3));
    if (chosen) {
      list.AddRectFilled(b0, b1, colors::focus, ui.px(6));
      // A tick: two strokes, the same in either direction.
      list.AddLine(ImVec2(b0.x + box * 0.2f, b0.y + box * 0.55f),
                   ImVec2(b0.x + box * 0.42f, b0.y + box * 0.78f), colors::primary_text, ui.px(4));
      list.AddLine(ImVec2(b0.x + box * 0.42f, b0.y + box * 0.78f),
                   ImVec2(b0.x + box * 0.82f, b0.y + box * 0.25f), colors::primary_text, ui.px(4));
    }
  }
  // The pictogram after the box, before the words, in the reading direction.
  const float lead = choice_row_lead(ui, icon.has_value()) - pad;
  if (icon) {
    const float icon_x = ui.rtl ? end.x - pad - box - gap - icon_px : pos.x + pad + box + gap;
    ui.text.draw_icon(list, *icon, IconSize::inline_icon,
                      ImVec2(std::floor(icon_x), std::floor(pos.y + (size.y - icon_px) / 2)),
                      script::icon_glyph(*icon).directional && ui.rtl,
                      chosen ? colors::focus : colors::primary);
  }
  const float text_left = ui.rtl ? pos.x + pad : pos.x + lead;
  const float top = pos.y + (size.y - words_height) / 2;
  ui.text.draw(list, *shaped, ImVec2(text_left, top), text_width, Align::start, colors::text);
  // German (or English) under the words, on the same side as they start.
  if (second)
    ui.text.draw(list, *second, ImVec2(text_left, top + shaped->height + ui.px(4)), text_width,
                 ui.rtl ? Align::end : Align::start, colors::muted);
  return fires(ui, item, released);
}

float icon_tile_height(Ui& ui, std::string_view text, float width) {
  const float pad = ui.px(16);
  auto shaped = ui.shape(text, TextSize::body, width - 2 * pad, ui.direction());
  return std::max(
      2 * pad + static_cast<float>(ui.text.icon_px(IconSize::tile)) + ui.px(8) + shaped->height,
      ui.px(kMinTouchPx));
}

bool icon_tile(Ui& ui, const char* id, script::Icon icon, std::string_view text, float width,
               float min_height) {
  const float pad = ui.px(16);
  width = std::max(width, ui.px(kMinTouchPx));
  const ImVec2 size(width, std::max(icon_tile_height(ui, text, width), min_height));
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImGuiID item = ImGui::GetID(id);
  const bool released = ImGui::InvisibleButton(id, size);
  ui.add_target(id, pos, ImVec2(pos.x + size.x, pos.y + size.y), ButtonKind::secondary, icon, text);
  if (!ImGui::IsItemVisible()) return fires(ui, item, released);  // as list_row
  const bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
  ImDrawList& list = *ImGui::GetWindowDrawList();
  list.AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                     held ? colors::secondary_pressed : colors::secondary, ui.px(12));
  const float icon_px = static_cast<float>(ui.text.icon_px(IconSize::tile));
  const script::IconGlyph& glyph = script::icon_glyph(icon);
  ui.text.draw_icon(list, icon, IconSize::tile,
                    ImVec2(std::floor(pos.x + (size.x - icon_px) / 2), pos.y + pad),
                    glyph.directional && ui.rtl, colors::primary);
  auto shaped = ui.shape(text, TextSize::body, size.x - 2 * pad, ui.direction());
  ui.text.draw(list, *shaped, ImVec2(pos.x + pad, pos.y + pad + icon_px + ui.px(8)),
               size.x - 2 * pad, Align::center, colors::text);
  return fires(ui, item, released);
}

bool list_row(Ui& ui, const char* id, std::optional<script::Icon> icon, std::string_view text,
              std::string_view second_line, float width, bool opens_level, ButtonKind kind) {
  const float pad = ui.px(16), gap = ui.px(16);
  const float icon_px = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
  const float lead = icon ? icon_px + gap : 0.0f;
  const float trail = opens_level ? icon_px + gap : 0.0f;
  const float text_width = std::max(width - 2 * pad - lead - trail, ui.px(kMinTouchPx));
  auto shaped = ui.shape(text, TextSize::body, text_width, ui.direction());
  std::shared_ptr<const script::ShapedParagraph> second;
  if (!second_line.empty())
    second = ui.shape(second_line, TextSize::small, text_width, script::BaseDirection::automatic);
  const float text_height = shaped->height + (second ? ui.px(4) + second->height : 0.0f);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, std::max(text_height + 2 * pad, ui.px(72)));
  const ImGuiID item = ImGui::GetID(id);
  const bool released = ImGui::InvisibleButton(id, size);
  ui.add_target(id, pos, ImVec2(pos.x + size.x, pos.y + size.y), kind, icon, text);
  // A row scrolled out of view draws nothing: a long list (274 occupations in one group, two
  // lines each) would pass the 65,536 vertices one ImGui draw list holds.
  if (!ImGui::IsItemVisible()) return fires(ui, item, released);
  const bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
  ImU32 fill = held ? colors::secondary_pressed : colors::secondary, ink = colors::text;
  if (kind == ButtonKind::primary) {
    fill = held ? colors::primary_pressed : colors::primary;
    ink = colors::primary_text;
  }
  ImDrawList& list = *ImGui::GetWindowDrawList();
  const ImVec2 end(pos.x + size.x, pos.y + size.y);
  list.AddRectFilled(pos, end, fill, ui.px(12));
  const float icon_y = pos.y + std::floor((size.y - icon_px) / 2);
  // Pictogram where reading starts, chevron where it ends: swapped in a right-to-left screen.
  const float start_x = ui.rtl ? end.x - pad - icon_px : pos.x + pad;
  const float end_x = ui.rtl ? pos.x + pad : end.x - pad - icon_px;
  if (icon)
    ui.text.draw_icon(list, *icon, IconSize::inline_icon, ImVec2(start_x, icon_y),
                      script::icon_glyph(*icon).directional && ui.rtl,
                      kind == ButtonKind::primary ? ink : colors::primary);
  if (opens_level)
    ui.text.draw_icon(list, script::Icon::forward, IconSize::inline_icon, ImVec2(end_x, icon_y),
                      ui.rtl, colors::muted);
  const float text_left = ui.rtl ? pos.x + pad + trail : pos.x + pad + lead;
  float y = pos.y + std::floor((size.y - text_height) / 2);
  ui.text.draw(list, *shaped, ImVec2(text_left, y), text_width, Align::start, ink);
  if (second) {
    y += shaped->height + ui.px(4);
    // The German name reads left to right but sits under the name's start.
    ui.text.draw(list, *second, ImVec2(text_left, y), text_width,
                 ui.rtl ? Align::end : Align::start,
                 kind == ButtonKind::primary ? ink : colors::muted);
  }
  return fires(ui, item, released);
}

void begin_touch_scroll(Ui& ui, const char* id, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::background);
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoSavedSettings);
  if (ui.reset_scroll) ImGui::SetScrollY(0);
}

void end_touch_scroll(Ui& ui) {
  (void)ui;
  // A finger dragging anywhere over the area moves its content with the finger, also when the
  // drag began on a button in it (that button then sees no tap, see button()).
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                             ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left))
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

// --- TouchTextField ---

std::string TouchTextField::shown() const {
  if (!masked_) return std::string(edit_.text());
  std::string dots;
  for (std::size_t i = 0; i < edit_.code_points(); ++i) dots += "\u2022";
  return dots;
}

bool TouchTextField::type(const Ui& ui, std::string_view text) {
  const script::TextEdit::Typed typed = edit_.type(text);
  if (typed.refused || typed.too_long) {
    notice_ = typed;
    notice_until_ = ui.now + kNoticeTime;
  }
  return typed.changed;
}

std::string TouchTextField::notice(const Ui& ui) const {
  if (ui.now >= notice_until_) return {};
  // A full field says it the way the answer's check would; a refused character says that.
  if (notice_.refused) return ui.tr("ui.field.character_refused");
  if (notice_.too_long)
    return ui.format("ui.problem.too_long", {{"max", std::to_string(edit_.max_code_points())}});
  return {};
}

void TouchTextField::set_text(std::string_view text) {
  edit_.wipe();
  (void)edit_.insert(text);  // answers came from this field's own limit: they fit
}

script::BaseDirection TouchTextField::direction(const Ui& ui) const {
  if (left_to_right_) return script::BaseDirection::ltr;
  // Typed text takes its direction from its first letter in a left-to-right UI (an Arabic name
  // in the German screens reads right to left); a right-to-left UI keeps its own.
  return ui.rtl ? script::BaseDirection::rtl : script::BaseDirection::automatic;
}

bool TouchTextField::draw(Ui& ui, const char* id, float width, Focus& focus, LayoutId layout,
                          bool multiline) {
  const float pad = ui.px(14);
  const float inner = width - 2 * pad;
  multiline_ = multiline;
  const auto base = direction(ui);
  auto shaped = ui.shape(shown(), TextSize::body, multiline ? inner : script::kNoWrap, base);
  last_layout_ = shaped;
  // Arabic typed in a left-to-right screen is drawn a size larger: its lines are taller.
  const float line_h = std::max(ui.line_height(TextSize::body), shaped->line_height);
  const float lines = multiline ? std::max(3.0f, static_cast<float>(shaped->lines.size())) : 1.0f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, std::max(lines * line_h + 2 * pad, ui.px(72)));
  const ImGuiID item = ImGui::GetID(id);
  const bool tapped = fires(ui, item, ImGui::InvisibleButton(id, size));
  last_rect_ = {pos, ImVec2(pos.x + size.x, pos.y + size.y)};
  ui.add_target(id, last_rect_.first, last_rect_.second, ButtonKind::secondary, std::nullopt, {});
  const bool focused = focus.field == this;
  ImDrawList& list = *ImGui::GetWindowDrawList();
  const ImVec2 end(pos.x + size.x, pos.y + size.y);
  list.AddRectFilled(pos, end, colors::field, ui.px(8));
  list.AddRect(pos, end, focused ? colors::focus : colors::border, ui.px(8), 0,
               ui.px(focused ? 4.0f : 2.0f));
  const float top = multiline ? pos.y + pad : pos.y + (size.y - line_h) / 2;
  const ImVec2 text_pos(pos.x + pad, top);
  list.PushClipRect(ImVec2(pos.x + 2, pos.y + 2), ImVec2(end.x - 2, end.y - 2), true);
  ui.text.draw(list, *shaped, text_pos, inner, Align::start, colors::text);
  if (tapped) {
    focus.field = this;
    focus.layout = layout;
    // The keyboard is about to cover the lower part of the screen: the field (and a picker's
    // matches under it) moves up into view.
    ImGui::SetScrollHereY(0.1f);
    if (masked_) {
      edit_.set_cursor(edit_.text().size());
    } else {
      const ImVec2 mouse = ImGui::GetIO().MouseClickedPos[0];
      const auto line =
          static_cast<std::size_t>(std::clamp(std::floor((mouse.y - top) / line_h), 0.0f,
                                              static_cast<float>(shaped->lines.size() - 1)));
      const float left = TextRenderer::line_left(*shaped, line, text_pos.x, inner, Align::start);
      edit_.tap(*shaped, line, mouse.x - left);
    }
  }
  if (focus.field == this) {
    const auto caret = script::caret_x(*shaped, masked_ ? shaped->text_size : edit_.cursor());
    const float x =
        TextRenderer::line_left(*shaped, caret.line, text_pos.x, inner, Align::start) + caret.x;
    const float y = top + static_cast<float>(caret.line) * line_h;
    list.AddRectFilled(ImVec2(x - ui.px(1.5f), y), ImVec2(x + ui.px(1.5f), y + line_h),
                       colors::focus);
  }
  list.PopClipRect();
  if (const std::string message = notice(ui); !message.empty()) {
    text_block(ui, message, TextSize::body, width, colors::danger);
    ui.redraw_by(notice_until_);
  }
  return tapped;
}

bool TouchTextField::apply(const Ui& ui, const OnScreenKeyboard::Effect& effect) {
  switch (effect.kind) {
    case OnScreenKeyboard::Effect::Kind::Insert:
      return type(ui, effect.text);
    case OnScreenKeyboard::Effect::Kind::Backspace:
      return edit_.backspace();
    default:
      return false;
  }
}

namespace {
bool key_pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }
}  // namespace

bool TouchTextField::take_physical_keys(Ui& ui) {
  ImGuiIO& io = ImGui::GetIO();
  bool changed = false;
  // All that was typed since the last frame (a paste too) goes in as one edit; what the field
  // refuses (controls, overrides, emoji) is left out there, with a message.
  WipedString typed;
  typed.reserve(4 * static_cast<std::size_t>(io.InputQueueCharacters.Size) + 64);
  for (const ImWchar c : io.InputQueueCharacters) {
    // A surrogate half (ImWchar is 16-bit here) is no character: refused as U+FFFD is.
    std::string one;
    const char32_t cp = c >= 0xD800 && c <= 0xDFFF ? char32_t{0xFFFD} : char32_t{c};
    append_utf8(one, number_ ? ascii_digit(cp) : cp);
    typed.append(one);
    sodium_memzero(one.data(), one.size());
  }
  io.InputQueueCharacters.resize(0);
  if (!typed.empty()) changed = type(ui, std::string_view(typed.data(), typed.size()));
  if (key_pressed(ImGuiKey_Backspace)) changed = edit_.backspace() || changed;
  if (key_pressed(ImGuiKey_Delete)) changed = edit_.delete_forward() || changed;
  if (key_pressed(ImGuiKey_Home)) edit_.set_cursor(0);
  if (key_pressed(ImGuiKey_End)) edit_.set_cursor(edit_.text().size());
  if (key_pressed(ImGuiKey_LeftArrow) || key_pressed(ImGuiKey_RightArrow)) {
    auto shaped = ui.shape(edit_.text(), TextSize::body, script::kNoWrap, direction(ui));
    if (key_pressed(ImGuiKey_LeftArrow)) edit_.move_left(*shaped);
    if (key_pressed(ImGuiKey_RightArrow)) edit_.move_right(*shaped);
  }
  return changed;
}

// --- KeyboardPanel ---

void KeyboardPanel::show(LayoutId layout, const void* field) {
  // Each field starts in its own script: Latin letters chosen for a town name do not stay for
  // the next field, an Arabic name.
  if (layout == home_ && keyboard_.home() == layout && field == field_) return;
  field_ = field;
  keyboard_ = OnScreenKeyboard(layout);
  home_ = layout;
}

float KeyboardPanel::height(const Ui& ui) const {
  const auto rows = static_cast<float>(keyboard_.rows().size());
  return rows * ui.px(76) + (rows + 1) * ui.px(kKeyGapPx);
}

namespace {
std::string key_text(const Ui& ui, const Key& key) {
  switch (key.action) {
    case KeyAction::Space:
      return ui.tr("ui.keyboard.space");
    case KeyAction::Backspace:
      return ui.tr("ui.keyboard.delete");
    case KeyAction::Done:
      return ui.tr("ui.keyboard.done");
    case KeyAction::Shift:
      return {};  // drawn as an arrow
    default:
      return key.label;
  }
}
}  // namespace

OnScreenKeyboard::Effect KeyboardPanel::draw(Ui& ui, float width) {
  const float gap = ui.px(kKeyGapPx), key_h = ui.px(76);
  const float unit = std::min((width - gap * (kMaxRowUnits + 1)) / kMaxRowUnits, ui.px(120));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImGuiIO& io = ImGui::GetIO();
  ImDrawList& list = *ImGui::GetWindowDrawList();
  std::optional<std::pair<std::size_t, std::size_t>> pressed;
  const auto& rows = keyboard_.rows();
  key_rects_.assign(rows.size(), {});
  for (std::size_t r = 0; r < rows.size(); ++r) {
    float row_width = -gap;
    for (const Key& key : rows[r]) row_width += key.width * unit + gap;
    float x = origin.x + (width - row_width) / 2;
    const float y = origin.y + gap + static_cast<float>(r) * (key_h + gap);
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const Key& key = rows[r][c];
      const ImVec2 a(x, y), b(x + key.width * unit, y + key_h);
      key_rects_[r].emplace_back(a, b);
      ui.add_target("##key", a, b, ButtonKind::secondary, std::nullopt, key.label);
      x = b.x + gap;
      // Keys are not ImGui items, so ImGui does not stop them from seeing a finger that is on
      // a window above them (the stop question, the idle warning): ask for the window.
      const bool hovered = ImGui::IsMouseHoveringRect(a, b, false) &&
                           ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
      const ImVec2 start = io.MouseClickedPos[0];
      const bool began_here = start.x >= a.x && start.x < b.x && start.y >= a.y && start.y < b.y;
      const bool held = hovered && began_here && io.MouseDown[0];
      const bool function_key = key.action != KeyAction::Insert;
      const bool active_shift = key.action == KeyAction::Shift && keyboard_.shift_on();
      list.AddRectFilled(a, b,
                         held || active_shift ? colors::secondary_pressed
                         : function_key       ? colors::secondary
                                              : colors::field,
                         ui.px(8));
      list.AddRect(a, b, colors::border, ui.px(8), 0, ui.px(1.5f));
      if (key.action == KeyAction::Shift) {
        const float cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2, s = key_h * 0.22f;
        list.AddTriangleFilled(ImVec2(cx, cy - s), ImVec2(cx - s, cy + s * 0.4f),
                               ImVec2(cx + s, cy + s * 0.4f), colors::text);
        list.AddRectFilled(ImVec2(cx - s * 0.45f, cy + s * 0.4f), ImVec2(cx + s * 0.45f, cy + s),
                           colors::text);
      } else {
        const std::string text = key_text(ui, key);
        const auto size = function_key && key.action != KeyAction::EthiopicRow &&
                                  key.action != KeyAction::SwitchLayout &&
                                  key.action != KeyAction::Home
                              ? TextSize::small
                              : TextSize::body;
        auto shaped = ui.shape(text, size, script::kNoWrap, script::BaseDirection::automatic);
        ui.text.draw(list, *shaped, ImVec2(a.x, std::floor((a.y + b.y - shaped->height) / 2)),
                     b.x - a.x, Align::center, colors::text);
      }
      // Keys are no buttons for the tap rules: letters typed quickly all count.
      if (hovered && began_here && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
          ui.press_was_tap() && (!ui.taps || ui.taps->key(ui.now)))
        pressed = std::pair{r, c};
    }
  }
  ImGui::Dummy(ImVec2(width, height(ui)));
  if (!pressed) return {};
  return keyboard_.press(pressed->first, pressed->second);
}

std::optional<std::pair<ImVec2, ImVec2>> KeyboardPanel::key_rect(std::size_t row,
                                                                 std::size_t column) const {
  if (row >= key_rects_.size() || column >= key_rects_[row].size()) return std::nullopt;
  return key_rects_[row][column];
}

std::vector<std::string> keyboard_labels() {
  std::set<std::string> labels;
  auto add_rows = [&](const std::vector<KeyRow>& rows) {
    for (const KeyRow& row : rows)
      for (const Key& key : row)
        // Shift is drawn as an arrow, Space, Delete and Done with catalogue words: their
        // symbols (no Noto font has ⇧ ⌫ ␣ ✓) never reach the screen.
        if (key.action != KeyAction::Shift && key.action != KeyAction::Space &&
            key.action != KeyAction::Backspace && key.action != KeyAction::Done)
          labels.insert(key.label);
  };
  for (LayoutId id : all_layouts()) {
    add_rows(keyboard_layout(id).rows);
    add_rows(keyboard_layout(id).shifted);
  }
  return {labels.begin(), labels.end()};
}

bool type_into_focus(Ui& ui, Focus& focus, KeyboardPanel& panel, float width) {
  focus.changed = false;
  if (!focus.field) return false;
  panel.show(focus.layout, focus.field);
  const auto effect = panel.draw(ui, width);
  TouchTextField* field = focus.field;
  bool changed = false;
  if (effect.kind == OnScreenKeyboard::Effect::Kind::Done) {
    focus.field = nullptr;
  } else {
    changed = field->apply(ui, effect);
  }
  changed = field->take_physical_keys(ui) || changed;
  focus.changed = changed;
  return changed;
}

}  // namespace sichtbar::ui
