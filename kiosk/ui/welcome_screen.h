// The first screen: a welcome, each of the event's languages by its own name in its own
// script, and under them the welcome and "choose your language" in each of the event's other
// languages, each line in its own script and direction. A tap on a language starts a person. Five
// taps in the top-left corner open the volunteer's PIN screen.
#pragma once

#include <string>
#include <vector>

#include "core/admin.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class WelcomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;

  // A greeting line as last drawn: for tests.
  struct Greeting {
    std::string language, text;
    script::BaseDirection direction;
  };
  const std::vector<Greeting>& greetings() const { return greetings_; }

 private:
  // The greetings in the event's languages but the screen's own, from the cursor, `width` wide.
  void draw_greetings(Frame& frame, float width);

  AdminGesture gesture_;
  std::vector<Greeting> greetings_;
};

}  // namespace sichtbar::ui
