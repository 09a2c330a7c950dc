// The finishing screen (see finishing_screen.h).
#include "ui/finishing_screen.h"

#include "ui/layout.h"

namespace sichtbar::ui {

void FinishingScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  ImGui::SetCursorPos(ImVec2(margin(ui), frame.size.y * 0.4f));
  text_block(ui, ui.tr("ui.finish.saving"), TextSize::heading, frame.size.x - 2 * margin(ui),
             colors::text, Align::center);
}

}  // namespace sichtbar::ui
