// PIN change: the old PIN, then the new one twice (see admin_change_pin_screen.h).
#include "ui/admin_change_pin_screen.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void AdminChangePinScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  screen_header(frame, ui.tr("admin.pin.change"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  pins_.draw(frame, {"admin.pin.prompt", "admin.pin.new", "admin.pin.repeat"}, width);
  if (!message_.empty()) text_block(ui, message_, TextSize::body, width, colors::danger);
  end_body(frame);
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("admin.event.save"));
  if (nav.back) {
    wipe();
    frame.session.back();
  }
  if (nav.next) {
    const auto now = frame.services.wall_clock();
    auto outcome = frame.services.pin.change(pins_.text(0), pins_.text(1), pins_.text(2), now);
    pins_.wipe();
    if (!outcome)
      message_ = outcome.error().code == "admin.pin_mismatch" ? ui.tr("admin.pin.mismatch")
                                                              : outcome.error().message;
    else if (outcome->kind != UnlockOutcome::Kind::Unlocked)
      message_ = unlock_message(ui, *outcome, now);
    else
      message_ = ui.tr("admin.pin.changed");
  }
}

}  // namespace sichtbar::ui
