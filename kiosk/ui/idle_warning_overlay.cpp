// The inactivity warning (see idle_warning_overlay.h).
#include "ui/idle_warning_overlay.h"

#include <algorithm>

#include "ui/layout.h"

namespace sichtbar::ui {

void IdleWarningOverlay::draw(Frame& frame) {
  const auto seconds = frame.session.idle().warning_seconds_left(frame.now);
  if (!seconds) return;
  Ui& ui = frame.ui;
  // A window of its own on top, so nothing under it takes a tap meant for Continue.
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(frame.size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 150));
  ImGui::Begin(
      "##idle", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float w = std::min(frame.size.x - 2 * margin(ui), ui.px(1000));
  const float h = ui.px(420);
  const ImVec2 p((frame.size.x - w) / 2, (frame.size.y - h) / 2);
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colors::background,
                                            ui.px(16));
  const float pad = ui.px(40);
  ImGui::SetCursorPos(ImVec2(p.x + pad, p.y + pad));
  text_block(ui, ui.tr("ui.idle.title"), TextSize::heading, w - 2 * pad, colors::text,
             Align::center);
  ImGui::SetCursorPosX(p.x + pad);
  text_block(ui, format_message(ui.tr("ui.idle.warning"), {{"seconds", std::to_string(*seconds)}}),
             TextSize::body, w - 2 * pad, colors::text, Align::center);
  ImGui::SetCursorPos(ImVec2(p.x + (w - ui.px(400)) / 2, p.y + h - pad - ui.px(kButtonPx)));
  if (button(ui, "##continue", ui.tr("ui.idle.continue"), ImVec2(ui.px(400), ui.px(kButtonPx))))
    frame.session.idle().touch(frame.now);
  ImGui::End();
  ImGui::PopStyleColor();
}

}  // namespace sichtbar::ui
