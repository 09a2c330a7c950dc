// The PIN screen that opens the volunteer menu; a wrong PIN costs a growing wait after the
// free tries (core/admin.h), and the screen says how long.
#pragma once

#include <string>

#include "ui/pin_fields.h"

namespace sichtbar::ui {

class AdminUnlockScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    pin_.wipe();
    message_.clear();
  }

 private:
  PinFields pin_{1};
  std::string message_;
};

}  // namespace sichtbar::ui
