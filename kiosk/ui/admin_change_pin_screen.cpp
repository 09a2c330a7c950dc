// PIN change: the old PIN, then the new one twice (see admin_change_pin_screen.h). The desk
// checks and saves off the frame; the screen shows its answer.
#include "ui/admin_change_pin_screen.h"

namespace sichtbar::ui {

AdminChangePinScreen::AdminChangePinScreen()
    : PinScreen({"admin.pin.prompt", "admin.pin.new", "admin.pin.repeat"}, "admin.pin.change",
                "ui.nav.back", "admin.event.save",
                {.back = script::Icon::back, .next = script::Icon::save}) {}

void AdminChangePinScreen::draw(Frame& frame) {
  VolunteerDesk& desk = frame.services.desk;
  Ui& ui = frame.ui;
  if (auto answer = desk.take_pin<VolunteerDesk::PinChanged>()) {
    const auto& outcome = answer->outcome;
    if (!outcome)
      message_ = pin_error_text(ui, outcome.error());
    else if (outcome->kind != UnlockOutcome::Kind::Unlocked)
      message_ = unlock_message(ui, *outcome, answer->at);
    else
      message_ = ui.tr("admin.pin.changed");
  }
  const NavResult nav = draw_pin_screen(frame);
  if (nav.back) frame.session.back();
  if (nav.next)
    ask([&](const PinFields& pins) {
      return desk.change_pin(pins.text(0), pins.text(1), pins.text(2));
    });
}

}  // namespace sichtbar::ui
