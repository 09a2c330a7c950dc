// The first unlock of a new kiosk: the volunteer sets the PIN, typed twice (see admin.h).
#include "ui/admin_set_pin_screen.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void AdminSetPinScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  screen_header(frame, ui.tr("admin.pin.title"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  pins_.draw(frame, {"admin.pin.new", "admin.pin.repeat"}, width);
  if (!message_.empty()) text_block(ui, message_, TextSize::body, width, colors::danger);
  end_body(frame);
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.cancel"), ui.tr("admin.event.save"));
  if (nav.back) {
    wipe();
    frame.session.back();
  }
  if (nav.next) {
    auto r = frame.session.set_first_pin(frame.services.pin, pins_.text(0), pins_.text(1));
    pins_.wipe();
    message_ = r ? std::string()
               : r.error().code == "admin.pin_mismatch" ? ui.tr("admin.pin.mismatch")
                                                         : r.error().message;
  }
}

}  // namespace sichtbar::ui
