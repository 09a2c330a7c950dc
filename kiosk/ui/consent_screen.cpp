// The consent screen (see consent_screen.h). What it shows is composed by consent_steps, the
// same function that finish_profile hashes into the record, so the record proves this text.
#include "ui/consent_screen.h"

#include <algorithm>

#include "core/finish.h"
#include "domain/consent_text.h"
#include "ui/field_editors.h"
#include "ui/layout.h"

namespace sichtbar::ui {

namespace {

script::Icon step_icon(std::string_view step) {
  using script::Icon;
  if (step == "about") return Icon::info;
  if (step == "controller") return Icon::account_balance;
  if (step == "keep") return Icon::schedule;
  if (step == "rights") return Icon::gavel;
  if (step == "withdraw") return Icon::undo;
  return Icon::how_to_reg;
}

// A purpose's words on its row: a required one says so.
std::string purpose_text(const Ui& ui, const Option& purpose, const std::string& words) {
  return purpose.required ? words + " (" + ui.tr("ui.field.required") + ")" : words;
}

// The step's pictogram, large, where reading starts.
void step_picture(Frame& frame, script::Icon icon) {
  Ui& ui = frame.ui;
  const float side = static_cast<float>(ui.text.icon_px(IconSize::tile));
  const float x = ui.rtl ? body_width(frame) - side : 0.0f;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + x);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ui.text.draw_icon(*ImGui::GetWindowDrawList(), icon, IconSize::tile, at,
                    script::icon_glyph(icon).directional && ui.rtl, colors::primary);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() - x);
  ImGui::Dummy(ImVec2(side, side + ui.px(12)));
}

}  // namespace

void ConsentScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const Field& consent = frame.services.form.consent_field();
  const std::size_t index = std::min(session.consent_step().value_or(0), kConsentSteps - 1);
  const bool last = index + 1 == kConsentSteps;
  // A person starts only with the office's settings (session.no_office); none here would be a
  // bug, and the steps then show empty places rather than a made-up controller.
  const ConsentOffice office =
      session.office() ? consent_office(*session.office()) : ConsentOffice{};
  auto steps =
      ui.catalogue
          ? consent_steps(consent, *ui.catalogue, office)
          : Result<std::vector<ConsentStep>>(fail("finish.no_consent_text", "No catalogue."));
  const float m = margin(ui);
  const float width = frame.size.x - 2 * m;
  if (!steps) {
    screen_header(frame, ui.tr("section.consent.title"));
    text_block(ui, steps.error().message, TextSize::body, width, colors::danger);
  } else {
    const ConsentStep& step = (*steps)[index];
    // The title's second language: the step's own key (titles have nothing filled in).
    screen_header(
        frame, step.title, std::nullopt,
        ui.second_line(last ? kConsentChooseTitleKey : kConsentTextSteps[index].title_key));
    // The purposes' rows (and a problem line) are laid out first, to know the room they take.
    const float row_gap = ui.px(8);
    float purposes_height = 0;
    if (last) {
      purposes_height = ui.px(12);
      for (std::size_t i = 0; i < step.choices.size(); ++i) {
        if (i >= consent.options.size()) break;
        const Option& purpose = consent.options[i];
        purposes_height +=
            choice_row_height(ui, purpose_text(ui, purpose, step.choices[i]), width,
                              script::option_icon(consent.id, purpose.value).has_value(),
                              ui.second_line(purpose.label_key)) +
            row_gap;
      }
    }
    begin_body(frame, nav_bar_height(ui) + purposes_height);
    // What is missing shows at the top, so the purposes never move under a finger.
    if (last && !session.problems().empty())
      text_block(ui, problem_text(ui, session.problems().front(), &consent), TextSize::body,
                 body_width(frame), colors::danger);
    step_picture(frame, step_icon(step.id));
    text_block(ui, step.text, TextSize::body, body_width(frame));
    end_body(frame);
    if (last) {
      ImGui::SetCursorPos(
          ImVec2(m, frame.size.y - nav_bar_height(ui) - purposes_height + ui.px(12)));
      for (std::size_t i = 0; i < consent.options.size() && i < step.choices.size(); ++i) {
        const Option& purpose = consent.options[i];
        const std::string text = purpose_text(ui, purpose, step.choices[i]);
        const bool granted = session.draft() && session.draft()->consent_granted(purpose.value);
        ImGui::SetCursorPosX(m);
        const bool tapped = choice_row(ui, purpose.value.c_str(), text, granted, width, false,
                                       script::option_icon(consent.id, purpose.value),
                                       ui.second_line(purpose.label_key));
        if (tapped)
          if (auto person = session.person()) (void)(*person)->set_consent(purpose.value, !granted);
        ImGui::Dummy(ImVec2(1, row_gap));
      }
    }
  }
  const NavResult nav =
      nav_bar(frame, ui.tr("ui.nav.back"), ui.tr(last ? "ui.consent.agree" : "ui.nav.next"),
              ui.tr("ui.consent.disagree"));
  // Back from the first step to the language screen would discard everything: it asks Stop's
  // question first. From the review it only returns there; between steps it walks back.
  if (nav.back && index == 0 && !session.editing_from_review() && frame.services.ask_to_stop)
    frame.services.ask_to_stop();
  else if (nav.back)
    session.back();
  if (nav.middle) session.decline_consent();
  if (nav.next) session.next();
}

}  // namespace sichtbar::ui
