// The shared screen frame (see layout.h).
#include "ui/layout.h"

#include <algorithm>
#include <string>
#include <vector>

#include "ui/read_aloud.h"
#include "ui/second_language.h"
#include "ui/stop_dialog.h"

namespace sichtbar::ui {

std::string office_incomplete_notice(const Ui& ui, const std::optional<OfficeSettings>& office) {
  if (!office) return {};
  const std::vector<std::string_view> missing = missing_office_settings(*office);
  if (missing.empty()) return {};
  std::string notice = ui.tr("ui.welcome.office_incomplete");
  for (std::string_view field : missing)
    notice += "\n\u2022 " + ui.tr("ui.welcome.office_missing." + std::string(field));
  return notice;
}

float margin(const Ui& ui) { return ui.px(40); }
float nav_bar_height(const Ui& ui) { return ui.px(kButtonPx) + 2 * ui.px(24); }

void screen_header(Frame& frame, std::string_view title, std::optional<script::Icon> icon,
                   std::string_view second_line) {
  Ui& ui = frame.ui;
  const float m = margin(ui);
  const float full_width = frame.size.x - 2 * m;
  // The stop button takes the top corner where reading ends: progress and title keep clear.
  const bool stop = shows_stop_button(frame.session);
  // The speaker button, beside Stop, too.
  float corner = stop ? stop_button_size(ui).x + ui.px(24) : 0;
  if (ui.speaker_button)
    corner = ui.rtl ? speaker_button_x(frame) + speaker_button_side(ui) + ui.px(24) - m
                    : frame.size.x - m - speaker_button_x(frame) + ui.px(24);
  // The second-language switch, beside them both.
  if (ui.second_language_button)
    corner =
        ui.rtl ? second_language_button_x(frame) + second_language_button_width(ui) + ui.px(24) - m
               : frame.size.x - m - second_language_button_x(frame) + ui.px(24);
  const float width = full_width - corner;
  const float left = ui.rtl ? m + corner : m;
  ImGui::SetCursorPos(ImVec2(left, ui.px(20)));
  if (auto progress = frame.session.progress()) {
    const std::string current = std::to_string(progress->step);
    const std::string total = std::to_string(progress->total);
    text_block(ui,
               ui.format("ui.nav.progress", {{"current", current}, {"total", total}}),
               TextSize::small, width, colors::muted);
    ImGui::SetCursorPosX(left);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ui.px(10);
    ImDrawList& list = *ImGui::GetWindowDrawList();
    list.AddRectFilled(p, ImVec2(p.x + width, p.y + h), colors::secondary, h / 2);
    const float done = width * static_cast<float>(progress->step) /
                       static_cast<float>(std::max(progress->total, 1));
    // The bar fills from where reading starts.
    if (ui.rtl)
      list.AddRectFilled(ImVec2(p.x + width - done, p.y), ImVec2(p.x + width, p.y + h),
                         colors::primary, h / 2);
    else
      list.AddRectFilled(p, ImVec2(p.x + done, p.y + h), colors::primary, h / 2);
    ImGui::Dummy(ImVec2(width, h + ui.px(12)));
  }
  ImGui::SetCursorPosX(left);
  icon_text_block(ui, icon, title, TextSize::heading, width);
  if (!second_line.empty()) {
    ImGui::SetCursorPosX(left);
    second_line_block(ui, second_line, width, Align::start);
  }
  ImGui::Dummy(ImVec2(1, ui.px(12)));
}

NavResult nav_bar(Frame& frame, std::string_view back_text, std::string_view next_text,
                  std::string_view middle_text, const NavIcons& icons) {
  Ui& ui = frame.ui;
  const float m = margin(ui);
  const float y = frame.size.y - ui.px(24) - ui.px(kButtonPx);
  const int buttons = middle_text.empty() ? 2 : 3;
  const float w = std::min(ui.px(420), (frame.size.x - static_cast<float>(buttons + 1) * m) /
                                           static_cast<float>(buttons));
  const float left_x = m, right_x = frame.size.x - m - w;
  // Next sits where reading goes: right in left-to-right languages, left in right-to-left ones.
  const float back_x = ui.rtl ? right_x : left_x;
  const float next_x = ui.rtl ? left_x : right_x;
  const ImVec2 size(w, ui.px(kButtonPx));
  auto nav_button = [&](const char* id, std::string_view text, std::optional<script::Icon> icon,
                        ButtonKind kind) {
    return icon ? icon_button(ui, id, *icon, text, size, kind) : button(ui, id, text, size, kind);
  };
  NavResult result;
  if (!back_text.empty()) {
    ImGui::SetCursorPos(ImVec2(back_x, y));
    result.back = nav_button("##nav_back", back_text, icons.back, ButtonKind::secondary);
  }
  if (!next_text.empty()) {
    ImGui::SetCursorPos(ImVec2(next_x, y));
    result.next = nav_button("##nav_next", next_text, icons.next, ButtonKind::primary);
  }
  if (!middle_text.empty()) {
    ImGui::SetCursorPos(ImVec2((frame.size.x - w) / 2, y));
    result.middle = nav_button("##nav_middle", middle_text, std::nullopt, ButtonKind::secondary);
  }
  return result;
}

void begin_body(Frame& frame, float bottom_reserved) {
  const float m = margin(frame.ui);
  // ImGui keeps the scrollbar on the right. Right to left, where reading starts there, the body
  // moves right by the scrollbar's room, into the margin, so that its text starts at the same
  // edge as the title and the buttons.
  const float scrollbar_room = ImGui::GetStyle().ScrollbarSize + frame.ui.px(8);
  ImGui::SetCursorPosX(frame.ui.rtl ? m + scrollbar_room : m);
  const float top = ImGui::GetCursorPosY();
  const float height = std::max(frame.ui.px(100), frame.size.y - top - bottom_reserved);
  begin_touch_scroll(frame.ui, "##body", ImVec2(frame.size.x - 2 * m, height));
}

void end_body(Frame& frame) {
  ImGui::Dummy(ImVec2(1, frame.ui.px(24)));  // room under the last item
  end_touch_scroll(frame.ui);
}

float body_width(const Frame& frame) {
  // Inside the body: leave room for the scrollbar.
  return frame.size.x - 2 * margin(frame.ui) - ImGui::GetStyle().ScrollbarSize - frame.ui.px(8);
}

void RoomForType::begin(Ui& ui) {
  if (ui.reset_scroll) larger_ = false;
  ui.content_size = larger_ ? TextSize::heading : TextSize::body;
}

void RoomForType::measure(bool keyboard_up) {
  if (keyboard_up) return;
  const float content = ImGui::GetCursorPosY();  // in the body, scrolling included
  const float body = ImGui::GetWindowHeight();
  // Grows only when the content at body would fit even if all of it grew by heading's step
  // (most of it is words): so it never grows into a scroll, and never flips back and forth.
  const float step = static_cast<float>(kDesignPx[static_cast<std::size_t>(TextSize::heading)]) /
                     static_cast<float>(kDesignPx[static_cast<std::size_t>(TextSize::body)]);
  if (larger_ && content > body)
    larger_ = false;
  else if (!larger_ && content * step <= body)
    larger_ = true;
}

ModalCard begin_modal(Frame& frame, const char* id, std::string_view heading) {
  Ui& ui = frame.ui;
  // What was drawn so far lies under the card, out of a finger's reach.
  if (ui.touch_targets)
    for (TouchTarget& t : *ui.touch_targets) t.covered = true;
  // A window of its own on top, so nothing under it takes a tap meant for the card.
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(frame.size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 150));
  ImGui::Begin(
      id, nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ModalCard card;
  card.width = std::min(frame.size.x - 2 * margin(ui), ui.px(1000));
  card.height = ui.px(420);
  card.pos = ImVec2((frame.size.x - card.width) / 2, (frame.size.y - card.height) / 2);
  card.pad = ui.px(40);
  ImGui::GetWindowDrawList()->AddRectFilled(
      card.pos, ImVec2(card.pos.x + card.width, card.pos.y + card.height), colors::background,
      ui.px(16));
  ImGui::SetCursorPos(ImVec2(card.pos.x + card.pad, card.pos.y + card.pad));
  text_block(ui, heading, TextSize::heading, card.width - 2 * card.pad, colors::text,
             Align::center);
  return card;
}

void end_modal() {
  ImGui::End();
  ImGui::PopStyleColor();
}

ModalAnswers answer_row(Ui& ui, const ModalCard& card, const ModalAnswer& go,
                        const ModalAnswer& stay) {
  const ImVec2 size(std::min(ui.px(400), (card.width - 3 * card.pad) / 2), ui.px(kButtonPx));
  const float y = card.bottom_row_y(size.y);
  const float start_x = card.pos.x + card.pad, end_x = card.pos.x + card.width - card.pad - size.x;
  const auto answer = [&](const ModalAnswer& a) {
    return a.icon ? icon_button(ui, a.id, *a.icon, a.text, size, a.kind)
                  : button(ui, a.id, a.text, size, a.kind);
  };
  ModalAnswers tapped;
  ImGui::SetCursorPos(ImVec2(ui.rtl ? end_x : start_x, y));
  tapped.go = answer(go);
  ImGui::SetCursorPos(ImVec2(ui.rtl ? start_x : end_x, y));
  tapped.stay = answer(stay);
  return tapped;
}

}  // namespace sichtbar::ui
