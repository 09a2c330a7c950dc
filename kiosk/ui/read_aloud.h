// The speaker button every person screen shows in its top corner (beside Stop): a tap reads the
// screen's title, question, help and options in the person's language (flow/speech_script.h
// decides what and with which voice or clip, platform/speaker.h makes the sound); a second tap
// stops. Leaving the screen, another language, the inactivity reset and the end of a person stop
// it too, so one person's words never play for the next. Hidden where the screen has nothing to
// say in the language, when the volunteer turned sound off for the event, and when the kiosk has
// no speaker (no sound output).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flow/speech_script.h"
#include "platform/speaker.h"
#include "ui/screen.h"

namespace sichtbar::ui {

// The button's side: a square touch target, as tall as Stop.
float speaker_button_side(const Ui& ui);
// Where its left edge sits in the window: beside Stop on its inner side, or in the corner where
// reading ends when Stop is not shown; never in the top-left square of the volunteer's hidden
// gesture, which taps on the button would otherwise count towards.
float speaker_button_x(const Frame& frame);

class ReadAloud {
 public:
  explicit ReadAloud(SpeechLibrary library) : library_(std::move(library)) {}

  void set_speaker(std::unique_ptr<Speaker> speaker);
  Speaker* speaker() const { return speaker_.get(); }
  const SpeechLibrary& library() const { return library_; }

  // Before the screen draws: what it would read, whether the button shows (ui.speaker_button,
  // which the header keeps room for), and silence when the screen or language changed.
  void begin_frame(Frame& frame, const Catalogue* catalogue);
  // After the screen: the button, and a tap on it.
  void draw_button(Frame& frame);
  void stop();
  bool speaking() const { return speaker_ && speaker_->speaking(); }
  // Where the button was drawn last frame; none while hidden (tests tap it).
  std::optional<std::pair<ImVec2, ImVec2>> button_rect() const { return button_rect_; }

 private:
  SpeechLibrary library_;
  std::unique_ptr<Speaker> speaker_;
  const Catalogue* catalogue_ = nullptr;
  // What the screen on show reads, worked out when the screen, section or language changes.
  Screen screen_ = Screen::AdminHome;
  const Section* section_ = nullptr;
  std::size_t consent_step_ = 0;
  std::string language_;
  std::vector<std::string> keys_;
  bool can_speak_ = false;
  std::optional<std::pair<ImVec2, ImVec2>> button_rect_;
};

}  // namespace sichtbar::ui
