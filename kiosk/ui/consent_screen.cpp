// The consent screen (see consent_screen.h).
#include "ui/consent_screen.h"

#include "ui/field_editors.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void ConsentScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const Section* section = session.section();
  const Field& consent = frame.services.form.consent_field();
  screen_header(frame, ui.tr(section ? section->title_key : consent.label_key));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  text_block(ui, ui.tr(consent.text_key), TextSize::body, width);
  ImGui::Dummy(ImVec2(1, ui.px(24)));
  label(ui, consent.label_key, TextSize::body, width);
  ImGui::Dummy(ImVec2(1, ui.px(8)));
  for (const Option& purpose : consent.options) {
    std::string text = ui.tr(purpose.label_key);
    if (purpose.required) text += " (" + ui.tr("ui.field.required") + ")";
    const bool granted = session.consent_granted(purpose.value);
    if (choice_row(ui, purpose.value.c_str(), text, granted, width, false))
      (void)session.set_consent(purpose.value, !granted);
    ImGui::Dummy(ImVec2(1, ui.px(8)));
  }
  for (const FieldProblem& problem : session.problems())
    text_block(ui, problem_text(ui, problem, &consent), TextSize::body, width, colors::danger);
  ImGui::Dummy(ImVec2(1, ui.px(24)));
  if (button(ui, "##decline", ui.tr("ui.consent.disagree"), ImVec2(ui.px(520), ui.px(80)),
             ButtonKind::secondary))
    session.decline_consent();
  end_body(frame);
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("ui.consent.agree"));
  if (nav.back) session.back();
  if (nav.next) session.next();
}

}  // namespace sichtbar::ui
