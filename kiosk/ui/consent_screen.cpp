// The consent screen (see consent_screen.h). The text scrolls; the purposes to tick stay in
// view above the buttons, so nobody has to find them at the end of a long text.
#include "ui/consent_screen.h"

#include <algorithm>

#include "ui/field_editors.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void ConsentScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const Section* section = session.section();
  const Field& consent = frame.services.form.consent_field();
  screen_header(frame, ui.tr(section ? section->title_key : consent.label_key),
                script::section_icon(section ? section->id : "consent"));
  const float m = margin(ui);
  const float width = frame.size.x - 2 * m;
  const float row_gap = ui.px(8);
  // The purposes' rows (and a problem line) are laid out first, to know the room they take.
  std::vector<std::string> texts;
  float purposes_height = ui.px(12);
  for (const Option& purpose : consent.options) {
    std::string text = ui.tr(purpose.label_key);
    if (purpose.required) text += " (" + ui.tr("ui.field.required") + ")";
    const float text_height =
        ui.shape(text, TextSize::body,
                 width - choice_row_lead(
                             ui, script::option_icon(consent.id, purpose.value).has_value()),
                 ui.direction())
            ->height;
    purposes_height += std::max(text_height + ui.px(28), ui.px(72)) + row_gap;
    texts.push_back(std::move(text));
  }
  begin_body(frame, nav_bar_height(ui) + purposes_height);
  // What is missing shows at the top of the text, so the purposes never move under a finger.
  if (!session.problems().empty())
    text_block(ui, problem_text(ui, session.problems().front(), &consent), TextSize::body,
               body_width(frame), colors::danger);
  text_block(ui, ui.tr(consent.text_key), TextSize::body, body_width(frame));
  end_body(frame);
  ImGui::SetCursorPos(ImVec2(m, frame.size.y - nav_bar_height(ui) - purposes_height + ui.px(12)));
  for (std::size_t i = 0; i < consent.options.size(); ++i) {
    const Option& purpose = consent.options[i];
    const bool granted = session.draft() && session.draft()->consent_granted(purpose.value);
    ImGui::SetCursorPosX(m);
    if (choice_row(ui, purpose.value.c_str(), texts[i], granted, width, false,
                   script::option_icon(consent.id, purpose.value)))
      if (auto person = session.person()) (void)(*person)->set_consent(purpose.value, !granted);
    ImGui::Dummy(ImVec2(1, row_gap));
  }
  const NavResult nav =
      nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("ui.consent.agree"), ui.tr("ui.consent.disagree"));
  // Back to the language screen would discard everything: it asks Stop's question first.
  // From the review it only returns there.
  if (nav.back && !session.editing_from_review() && frame.services.ask_to_stop)
    frame.services.ask_to_stop();
  else if (nav.back)
    session.back();
  if (nav.middle) session.decline_consent();
  if (nav.next) session.next();
}

}  // namespace sichtbar::ui
