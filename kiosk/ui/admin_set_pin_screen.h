// The first unlock of a new kiosk: the volunteer sets the PIN, typed twice.
#pragma once

#include "ui/pin_fields.h"

namespace sichtbar::ui {

class AdminSetPinScreen final : public PinScreen {
 public:
  AdminSetPinScreen();
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
