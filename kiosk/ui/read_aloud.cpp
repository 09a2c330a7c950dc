// The speaker button (see read_aloud.h).
#include "ui/read_aloud.h"

#include <algorithm>
#include <cmath>

#include "core/admin.h"
#include "ui/layout.h"
#include "ui/stop_dialog.h"

namespace sichtbar::ui {

float speaker_button_side(const Ui& ui) { return stop_button_size(ui).y; }

float speaker_button_x(const Frame& frame) {
  const Ui& ui = frame.ui;
  const float m = margin(ui);
  const float inset = shows_stop_button(frame.session) ? stop_button_size(ui).x + ui.px(24) : 0;
  if (!ui.rtl) return frame.size.x - m - inset - speaker_button_side(ui);
  return std::max(m + inset, ui.px(AdminGesture::Config{}.corner_px + 16));
}

void ReadAloud::set_speaker(std::unique_ptr<Speaker> speaker) {
  if (speaker_) speaker_->stop();
  speaker_ = std::move(speaker);
}

void ReadAloud::stop() {
  if (speaker_) speaker_->stop();
}

void ReadAloud::begin_frame(Frame& frame, const Catalogue* catalogue) {
  const KioskSession& session = frame.session;
  const Screen screen = session.screen();
  const Section* section = session.section();
  const std::size_t consent_step = session.consent_step().value_or(0);
  if (screen != screen_ || section != section_ || consent_step != consent_step_ ||
      session.language() != language_ || catalogue != catalogue_) {
    // Another screen, section or language: what was being read belongs to the one before.
    stop();
    screen_ = screen;
    section_ = section;
    consent_step_ = consent_step;
    language_ = session.language();
    catalogue_ = catalogue;
    keys_ = speech_keys(screen, section, consent_step,
                        session.office() ? session.office()->retention_days : 0);
    // The language screen also greets in the event's other languages: it speaks when any can.
    can_speak_ =
        catalogue &&
        (screen == Screen::Welcome
             ? !library_.greetings(language_, session.languages(), frame.services.catalogue).empty()
             : library_.can_speak(language_, keys_));
  }
  const bool shows = speaker_ && session.sound() && can_speak_;
  if (!shows) stop();  // the volunteer turned sound off while it spoke
  frame.ui.speaker_button = shows;
}

void ReadAloud::draw_button(Frame& frame) {
  Ui& ui = frame.ui;
  if (!ui.speaker_button || !catalogue_) {
    button_rect_.reset();
    return;
  }
  const float side = speaker_button_side(ui);
  ImGui::SetCursorPos(ImVec2(speaker_button_x(frame), ui.px(10)));
  const bool speaking = speaker_->speaking();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  // The words name the button for whoever cannot see the picture; the picture says it to
  // everyone else.
  // "###": the id stays the same when the label changes with the state.
  const std::string id = ui.tr(speaking ? "ui.speech.stop" : "ui.speech.read_aloud") + "###speak";
  const bool tapped = button(ui, id.c_str(), "", ImVec2(side, side),
                             speaking ? ButtonKind::primary : ButtonKind::secondary);
  button_rect_ = {pos, ImVec2(pos.x + side, pos.y + side)};
  const float icon = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
  const ImVec2 corner(std::floor(pos.x + (side - icon) / 2), std::floor(pos.y + (side - icon) / 2));
  ui.text.draw_icon(
      *ImGui::GetWindowDrawList(), speaking ? script::Icon::stop_reading : script::Icon::read_aloud,
      IconSize::inline_icon, corner, false, speaking ? colors::primary_text : colors::primary);
  if (!tapped) return;
  if (speaking)
    speaker_->stop();
  else if (screen_ == Screen::Welcome)
    speaker_->say(
        library_.greetings(language_, frame.session.languages(), frame.services.catalogue));
  else  // what the screen shows now: the office in the consent, a year typed a moment ago
    speaker_->say(library_.filled_parts(language_, speech_script(frame.session), *catalogue_));
  // The loop draws while it speaks, so the button turns back when the reading ends.
  ui.redraw_by(frame.now + std::chrono::milliseconds(250));
}

}  // namespace sichtbar::ui
