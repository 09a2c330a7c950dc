// The consent-declined screen (see consent_declined_screen.h).
#include "ui/consent_declined_screen.h"

#include "ui/layout.h"

namespace sichtbar::ui {

void ConsentDeclinedScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  screen_header(frame, ui.tr("ui.consent.declined.title"), std::nullopt,
                ui.second_line("ui.consent.declined.title"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  text_block(ui, ui.tr("ui.consent.declined.text"), TextSize::body, width);
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  text_block(ui, ui.tr("ui.goodbye.title"), TextSize::body, width, colors::muted);
  end_body(frame);
  if (nav_bar(frame, {}, ui.tr("ui.qr.done")).next) frame.session.next();
}

}  // namespace sichtbar::ui
