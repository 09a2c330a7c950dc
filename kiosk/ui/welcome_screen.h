// The first screen: a welcome and each of the event's languages by its own name in its own
// script. A tap on a language starts a person. Five taps in the top-left corner open the
// volunteer's PIN screen.
#pragma once

#include "core/admin.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class WelcomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;

 private:
  AdminGesture gesture_;
};

}  // namespace sichtbar::ui
