// The QR screen: the profile link as a large QR code (the core's modules drawn as rectangles),
// "scan with your phone's camera", and the link as large text to copy by hand (its token in
// blocks of 4, without look-alike characters). It stays until the person taps "I have my link";
// untouched for 3 minutes, it counts down 30 seconds on screen and returns to the welcome
// screen by itself (the session's Qr timeout), so the link is not left for the next person.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class QrScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
