// The PIN screen that opens the volunteer menu (see admin_unlock_screen.h). A wrong PIN costs a
// growing wait after the free tries (core/admin.h); the screen says how long.
#include "ui/admin_unlock_screen.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void AdminUnlockScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  screen_header(frame, ui.tr("admin.pin.title"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  pin_.draw(frame, {"admin.pin.prompt"}, width);
  if (!message_.empty()) text_block(ui, message_, TextSize::body, width, colors::danger);
  end_body(frame);
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.cancel"), ui.tr("admin.pin.unlock"));
  if (nav.back) {
    wipe();
    frame.session.back();
  }
  if (nav.next) {
    const auto now = frame.services.wall_clock();
    auto outcome = frame.session.unlock_admin(frame.services.pin, pin_.text(0), now);
    pin_.wipe();
    if (!outcome)
      message_ = outcome.error().message;
    else if (outcome->kind != UnlockOutcome::Kind::Unlocked)
      message_ = unlock_message(ui, *outcome, now);
    else
      message_.clear();
  }
}

}  // namespace sichtbar::ui
