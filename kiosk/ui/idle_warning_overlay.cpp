// The inactivity warning (see idle_warning_overlay.h).
#include "ui/idle_warning_overlay.h"

#include <algorithm>

#include "ui/layout.h"

namespace sichtbar::ui {

void IdleWarningOverlay::draw(Frame& frame) {
  const auto seconds = frame.session.idle().warning_seconds_left(frame.now);
  // The QR screen counts down on itself: a card over the code would hide the link.
  if (!seconds || frame.session.screen() == Screen::Qr) return;
  Ui& ui = frame.ui;
  const ModalCard card = begin_modal(frame, "##idle", ui.tr("ui.idle.title"));
  const float inner = card.width - 2 * card.pad;
  ImGui::SetCursorPosX(card.pos.x + card.pad);
  text_block(ui, ui.format("ui.idle.warning", {{"seconds", std::to_string(*seconds)}}),
             TextSize::body, inner, colors::text, Align::center);
  ImGui::SetCursorPos(
      ImVec2(card.pos.x + (card.width - ui.px(400)) / 2, card.bottom_row_y(ui.px(kButtonPx))));
  if (button(ui, "##continue", ui.tr("ui.idle.continue"), ImVec2(ui.px(400), ui.px(kButtonPx))))
    frame.session.idle().touch(frame.now);
  end_modal();
}

}  // namespace sichtbar::ui
