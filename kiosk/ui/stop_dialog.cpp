// The stop button and its question (see stop_dialog.h).
#include "ui/stop_dialog.h"

#include <algorithm>

#include "ui/layout.h"

namespace sichtbar::ui {

// The session's own rule: the button ends a person, so it shows while one is present.
bool shows_stop_button(const KioskSession& session) { return session.person_present(); }

ImVec2 stop_button_size(const Ui& ui) { return ImVec2(ui.px(380), ui.px(72)); }

void StopDialog::draw_button(Frame& frame) {
  if (!shows_stop_button(frame.session)) {
    open_ = false;
    return;
  }
  Ui& ui = frame.ui;
  const ImVec2 size = stop_button_size(ui);
  const float m = margin(ui);
  ImGui::SetCursorPos(ImVec2(ui.rtl ? m : frame.size.x - m - size.x, ui.px(10)));
  // Small type: the words are long in most languages, and the corner is small.
  if (button(ui, "##stop", ui.tr("ui.nav.stop"), size, ButtonKind::secondary, std::nullopt,
             TextSize::small))
    open_ = true;
}

void StopDialog::draw(Frame& frame) {
  if (!open_) return;
  if (!shows_stop_button(frame.session)) {
    open_ = false;
    return;
  }
  Ui& ui = frame.ui;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(frame.size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 150));
  ImGui::Begin(
      "##stop_question", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float w = std::min(frame.size.x - 2 * margin(ui), ui.px(1000));
  const float h = ui.px(420);
  const ImVec2 p((frame.size.x - w) / 2, (frame.size.y - h) / 2);
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colors::background,
                                            ui.px(16));
  const float pad = ui.px(40);
  ImGui::SetCursorPos(ImVec2(p.x + pad, p.y + pad));
  text_block(ui, ui.tr("ui.stop.question"), TextSize::heading, w - 2 * pad, colors::text,
             Align::center);
  const ImVec2 button_size(std::min(ui.px(400), (w - 3 * pad) / 2), ui.px(kButtonPx));
  const float y = p.y + h - pad - button_size.y;
  const float start_x = p.x + pad, end_x = p.x + w - pad - button_size.x;
  // "Yes, stop" where Back is, "No, go on" where Next is.
  ImGui::SetCursorPos(ImVec2(ui.rtl ? end_x : start_x, y));
  const bool stop =
      button(ui, "##stop_confirm", ui.tr("ui.stop.confirm"), button_size, ButtonKind::danger);
  ImGui::SetCursorPos(ImVec2(ui.rtl ? start_x : end_x, y));
  if (button(ui, "##stop_keep_going", ui.tr("ui.stop.keep_going"), button_size)) open_ = false;
  ImGui::End();
  ImGui::PopStyleColor();
  if (stop) {
    open_ = false;
    frame.session.reset();
  }
}

}  // namespace sichtbar::ui
