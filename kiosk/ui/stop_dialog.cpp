// The stop button and its question (see stop_dialog.h).
#include "ui/stop_dialog.h"

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
  // "Yes, stop" where Back is, "No, go on" where Next is.
  const ModalAnswers answer =
      answer_row(ui, card, {"##stop_confirm", ui.tr("ui.stop.confirm"), ButtonKind::danger},
                 {"##stop_keep_going", ui.tr("ui.stop.keep_going"), ButtonKind::primary});
  end_modal();
  if (answer.go || answer.stay) open_ = false;
  if (answer.go) frame.session.reset();
}

}  // namespace sichtbar::ui
