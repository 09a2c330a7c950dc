// The person's switch for a second language under every label (issue #17 item 4): a button in
// the top corner, beside the speaker, with the translate pictogram and the language's own name,
// "Deutsch" (or "English" on German screens). On, each catalogue label (label() in widgets.h)
// gets that language below it in small type, left to right even in a right-to-left screen, as
// the volunteer's "German below" does for the admin screens. It belongs to the person: the
// next one starts with it off.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "ui/screen.h"

namespace sichtbar::ui {

// The language shown below the labels of a screen in `language`: German, or English under
// German.
std::string_view second_language_for(std::string_view language);

// How wide the button is (a finger's target with the pictogram and the language's name).
float second_language_button_width(const Ui& ui);
// Where its left edge sits: in the speaker's place when that is hidden, else beside it on its
// inner side (ui.speaker_button must be set for this frame).
float second_language_button_x(const Frame& frame);

class SecondLanguageToggle {
 public:
  bool on() const { return on_; }
  // Whether the button shows on this screen: every screen a person fills or reads.
  static bool shows(const Frame& frame);
  // After the screen: the button, and a tap on it.
  void draw_button(Frame& frame);
  void wipe() {
    on_ = false;
    button_rect_.reset();
  }
  // Where the button was drawn last frame; none while hidden (tests tap it).
  std::optional<std::pair<ImVec2, ImVec2>> button_rect() const { return button_rect_; }

 private:
  bool on_ = false;
  std::optional<std::pair<ImVec2, ImVec2>> button_rect_;
};

}  // namespace sichtbar::ui
