// The QR screen: the profile link as a large QR code (the core's modules drawn as rectangles),
// "scan with your phone's camera", the link as text, and a countdown: it returns to the welcome
// screen by itself (the session's Qr timeout), or at once with Done.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class QrScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
