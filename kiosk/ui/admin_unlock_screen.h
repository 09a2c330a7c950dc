// The PIN screen that opens the volunteer menu; a wrong PIN costs a growing wait after the
// free tries (core/admin.h), and the screen says how long.
#pragma once

#include "ui/pin_fields.h"

namespace sichtbar::ui {

class AdminUnlockScreen final : public PinScreen {
 public:
  AdminUnlockScreen();
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
