// "Saving your profile ...": shown for the frame in which the kiosk seals and saves; the app
// calls KioskSession::finish once this screen has been drawn.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class FinishingScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
