// The section screen (see section_screen.h).
#include "ui/section_screen.h"

#include "ui/layout.h"

namespace sichtbar::ui {

void SectionScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const Section* section = session.section();
  if (!section) return;
  if (section != shown_) {
    editors_.focus() = {};
    shown_ = section;
    // Sent here by Finish on the review: the problem it found comes into view.
    if (!session.problems().empty()) editors_.scroll_to_problem();
  }
  screen_header(frame, ui.tr(section->title_key), script::section_icon(section->id),
                ui.second_line(section->title_key));
  room_.begin(ui);
  const bool typing = editors_.focus().field != nullptr;
  const float keyboard = typing ? editors_.keyboard().height(ui) : 0;
  begin_body(frame, nav_bar_height(ui) + keyboard);
  const float width = body_width(frame);
  if (!section->help_key.empty()) {
    label(ui, section->help_key, ui.content_size, width, colors::muted);
    // As much room as between fields: a tap into the first field scrolls its question to 24
    // design px under the top, and a smaller gap left a cut-off line of this help showing.
    ImGui::Dummy(ImVec2(1, ui.px(28)));
  }
  if (!session.problems().empty()) {
    text_block(ui, ui.tr("ui.problem.check_marked"), TextSize::body, width, colors::danger);
    ImGui::Dummy(ImVec2(1, ui.px(16)));
  }
  editors_.draw_section(frame, *section, width);
  room_.measure(typing);
  end_body(frame);
  if (typing) {
    ImGui::SetCursorPos(ImVec2(0, frame.size.y - nav_bar_height(ui) - keyboard));
    type_into_focus(ui, editors_.focus(), editors_.keyboard(), frame.size.x);
  }
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("ui.nav.next"));
  if (nav.back || nav.next) editors_.focus() = {};
  if (nav.back) session.back();
  // Next that stays shows why: the first problem scrolls into view, marked, with its message.
  if (nav.next && !session.next().moved && !session.problems().empty())
    editors_.scroll_to_problem();
}

}  // namespace sichtbar::ui
