// The welcome and language screen (see welcome_screen.h).
#include "ui/welcome_screen.h"

#include <algorithm>
#include <cmath>

#include "domain/names.h"
#include "domain/ui_languages.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void WelcomeScreen::draw_greetings(Frame& frame, float width) {
  Ui& ui = frame.ui;
  const auto& languages = frame.session.languages();
  greetings_.clear();
  for (const std::string& language : languages) {
    if (language == ui.language) continue;  // its words are above the buttons
    const Catalogue* catalogue = frame.services.catalogue(language);
    const std::string* welcome = catalogue ? catalogue->find("ui.welcome.title") : nullptr;
    const std::string* choose = catalogue ? catalogue->find("ui.welcome.choose_language") : nullptr;
    if (!welcome || !choose) continue;
    greetings_.push_back(
        {language, *welcome + " " + *choose,
         is_right_to_left(language) ? script::BaseDirection::rtl : script::BaseDirection::ltr});
  }
  // Two columns once there are more than three, so that they take little room; each line
  // centred in its cell, in its own direction. Right to left, cells fill from the right.
  const int columns = greetings_.size() > 3 ? 2 : 1;
  const float gap = ui.px(24);
  const float cell = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float left = ImGui::GetCursorPosX();
  float row_top = ImGui::GetCursorPosY(), row_bottom = row_top;
  for (std::size_t i = 0; i < greetings_.size(); ++i) {
    const int column = static_cast<int>(i % static_cast<std::size_t>(columns));
    if (column == 0) row_top = row_bottom;
    const int visual = ui.rtl ? columns - 1 - column : column;
    ImGui::SetCursorPos(ImVec2(left + static_cast<float>(visual) * (cell + gap), row_top));
    text_block(ui, greetings_[i].text, TextSize::body, cell, colors::muted, Align::center,
               greetings_[i].direction);
    row_bottom = std::max(row_bottom, ImGui::GetCursorPosY());
  }
  ImGui::SetCursorPos(ImVec2(left, row_bottom));
}

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
    // The way to connect it, for the volunteer: behind the PIN (or the first PIN's screen).
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    ImGui::SetCursorPosX(m);
    if (icon_button(ui, "##enroll", script::Icon::link, ui.tr("admin.enroll.title"),
                    ImVec2(std::min(frame.size.x - 2 * m, ui.px(700)), ui.px(kButtonPx))))
      (void)frame.services.desk.ask_pin_set();
    return;
  }
  if (!session.office()) {
    // Nor before the kiosk knows its office: the consent could not say who is responsible.
    ImGui::SetCursorPosX(m);
    label(ui, "ui.welcome.no_office", TextSize::body, frame.size.x - 2 * m, colors::danger);
    return;
  }
  if (const std::string notice = office_incomplete_notice(ui, session.office());
      !notice.empty()) {
    // Nor while its office left out what the consent names: the office completes it, a sync
    // brings it (the volunteer's menu hands it to the next person).
    ImGui::SetCursorPosX(m);
    text_block(ui, notice, TextSize::body, frame.size.x - 2 * m, colors::danger);
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
  // Under the buttons (which stay where a person's hand expects them), the same welcome in the
  // event's other languages.
  const auto rows = static_cast<float>((languages.size() + static_cast<std::size_t>(columns) - 1) /
                                       static_cast<std::size_t>(columns));
  ImGui::SetCursorPos(ImVec2(0, top + rows * (height + gap) + ui.px(12)));
  draw_greetings(frame, width);
  end_body(frame);
  ImGui::SetCursorPos(ImVec2(m, frame.size.y - ui.px(90)));
  label(ui, "ui.welcome.ask_volunteer", TextSize::small, frame.size.x - 2 * m, colors::muted,
        Align::center);
}

}  // namespace sichtbar::ui
