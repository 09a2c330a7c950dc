// The PIN screen that opens the volunteer menu (see admin_unlock_screen.h). A wrong PIN costs a
// growing wait after the free tries (core/admin.h); the screen says how long. The desk checks the
// PIN off the frame; its answer opens the menu.
#include "ui/admin_unlock_screen.h"

namespace sichtbar::ui {

AdminUnlockScreen::AdminUnlockScreen()
    : PinScreen({"admin.pin.prompt"}, "admin.pin.title", "ui.nav.cancel", "admin.pin.unlock",
                {.back = script::Icon::cancel, .next = script::Icon::lock_open}) {}

void AdminUnlockScreen::draw(Frame& frame) {
  VolunteerDesk& desk = frame.services.desk;
  if (auto answer = desk.take_pin<VolunteerDesk::PinChecked>()) {
    auto outcome = frame.session.unlock_admin(std::move(answer->outcome));
    if (!outcome)
      message_ = pin_error_text(frame.ui, outcome.error());
    else if (outcome->kind != UnlockOutcome::Kind::Unlocked)
      message_ = unlock_message(frame.ui, *outcome, answer->at);
    else
      message_.clear();
    if (frame.session.screen() != Screen::AdminUnlock) return;  // unlocked: the menu is next
  }
  const NavResult nav = draw_pin_screen(frame);
  if (nav.back) frame.session.back();
  if (nav.next) ask([&](const PinFields& pins) { return desk.unlock(pins.text(0)); });
}

}  // namespace sichtbar::ui
