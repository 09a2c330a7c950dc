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
    ask(ui);
}

void StopDialog::ask(const Ui& ui) {
  if (!open_) ui.appeared();
  open_ = true;
}

void StopDialog::draw(Frame& frame) {
  if (!open_) return;
  if (!shows_stop_button(frame.session)) {
    open_ = false;
    return;
  }
  Ui& ui = frame.ui;
  const ModalCard card = begin_modal(frame, "##stop_question", ui.tr("ui.stop.question"));
  const float pad = card.pad;
  const ImVec2 button_size(std::min(ui.px(400), (card.width - 3 * pad) / 2), ui.px(kButtonPx));
  const float y = card.bottom_row_y(button_size.y);
  const float start_x = card.pos.x + pad, end_x = card.pos.x + card.width - pad - button_size.x;
  // "Yes, stop" where Back is, "No, go on" where Next is.
  ImGui::SetCursorPos(ImVec2(ui.rtl ? end_x : start_x, y));
  const bool stop =
      button(ui, "##stop_confirm", ui.tr("ui.stop.confirm"), button_size, ButtonKind::danger);
  ImGui::SetCursorPos(ImVec2(ui.rtl ? start_x : end_x, y));
  if (button(ui, "##stop_keep_going", ui.tr("ui.stop.keep_going"), button_size)) open_ = false;
  end_modal();
  if (stop) {
    open_ = false;
    frame.session.reset();
  }
}

}  // namespace sichtbar::ui
