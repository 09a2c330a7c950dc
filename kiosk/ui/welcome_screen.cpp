// The welcome and language screen (see welcome_screen.h).
#include "ui/welcome_screen.h"

#include <algorithm>
#include <cmath>

#include "domain/names.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void WelcomeScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const ImGuiIO& io = ImGui::GetIO();
  // Whether a PIN is set is the desk's to read (the store, off the frame): its answer opens the
  // PIN screen, or the one that sets the first PIN.
  if (auto answer = frame.services.desk.take_pin<VolunteerDesk::PinIsSet>()) {
    (void)session.open_admin(answer->set);
    if (session.screen() != Screen::Welcome) return;
  }
  // The hidden gesture counts taps anywhere, in window coordinates (the same physical corner
  // in every language).
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ui.press_was_tap() &&
      gesture_.tap(io.MouseClickedPos[0].x / ui.scale, io.MouseClickedPos[0].y / ui.scale,
                   frame.now)) {
    (void)frame.services.desk.ask_pin_set();
    return;
  }
  screen_header(frame, ui.tr("ui.welcome.title"));
  const float m = margin(ui);
  if (!session.enrolled()) {
    // No person may start before the office knows this kiosk: the volunteer reads what to do
    // (the hidden gesture above still opens the volunteer's menu).
    ImGui::SetCursorPosX(m);
    label(ui, "ui.welcome.not_enrolled", TextSize::body, frame.size.x - 2 * m, colors::danger);
    return;
  }
  ImGui::SetCursorPosX(m);
  label(ui, "ui.welcome.choose_language", TextSize::body, frame.size.x - 2 * m, colors::muted);
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  begin_body(frame, ui.px(110));
  const float width = body_width(frame);
  const float gap = ui.px(20);
  const int columns = width > ui.px(1400) ? 3 : 2;
  const float cell = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const auto& languages = session.languages();
  const float top = ImGui::GetCursorPosY();
  const float height = ui.px(kButtonPx);
  for (std::size_t i = 0; i < languages.size(); ++i) {
    const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
    const auto column = static_cast<int>(i % static_cast<std::size_t>(columns));
    // Right-to-left screens fill rows from the right.
    const int visual = ui.rtl ? columns - 1 - column : column;
    ImGui::SetCursorPos(
        ImVec2(static_cast<float>(visual) * (cell + gap), top + row * (height + gap)));
    const std::string id = "##lang_" + languages[i];
    if (button(ui, id.c_str(), script::language_autonym(languages[i]), ImVec2(cell, height),
               languages[i] == session.language() ? ButtonKind::primary : ButtonKind::secondary,
               script::BaseDirection::automatic)) {
      (void)session.choose_language(languages[i]);
    }
  }
  end_body(frame);
  ImGui::SetCursorPos(ImVec2(m, frame.size.y - ui.px(90)));
  label(ui, "ui.welcome.ask_volunteer", TextSize::small, frame.size.x - 2 * m, colors::muted,
        Align::center);
}

}  // namespace sichtbar::ui
