// The first unlock of a new kiosk: the volunteer sets the PIN, typed twice.
#pragma once

#include <string>

#include "ui/pin_fields.h"

namespace sichtbar::ui {

class AdminSetPinScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    pins_.wipe();
    message_.clear();
  }

 private:
  PinFields pins_{2};
  std::string message_;
};

}  // namespace sichtbar::ui
