// "Stop and delete my answers": a button at the top of every screen a person fills (consent,
// sections, review, a failed finish), and the question that follows. A person who wants to
// leave wipes their answers at once instead of leaving them on screen until the inactivity
// reset; the session's reset does the wiping.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

// Whether the screen shows the stop button (a person is in the form).
bool shows_stop_button(const KioskSession& session);
// The button's size and place, top right (top left in right-to-left languages); the header
// leaves this corner free.
ImVec2 stop_button_size(const Ui& ui);

class StopDialog final : public KioskScreen {
 public:
  // The button, in the screen's window; a tap opens the question.
  void draw_button(Frame& frame);
  // The question over everything, while it is open.
  void draw(Frame& frame) override;
  void wipe() override { open_ = false; }
  // Opens the question (the stop button, and Back where it would discard the answers).
  void ask(const Ui& ui);
  bool open() const { return open_; }

 private:
  bool open_ = false;
};

}  // namespace sichtbar::ui
