// The finish-failed screen (see finish_failed_screen.h).
#include "ui/finish_failed_screen.h"

#include "ui/layout.h"

namespace sichtbar::ui {

void FinishFailedScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  screen_header(frame, ui.tr("ui.finish.failed"), std::nullopt, ui.second_line("ui.finish.failed"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  if (const Error* error = session.finish_error())
    text_block(ui, ui.format("ui.finish.error_code", {{"code", error->code}}),
               TextSize::body, width, colors::danger);
  end_body(frame);
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("ui.finish.try_again"));
  if (nav.back) session.back();
  if (nav.next) session.confirm_finish();
}

}  // namespace sichtbar::ui
