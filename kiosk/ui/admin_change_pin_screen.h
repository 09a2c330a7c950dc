// PIN change: the old PIN, then the new one twice.
#pragma once

#include <string>

#include "ui/pin_fields.h"

namespace sichtbar::ui {

class AdminChangePinScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    pins_.wipe();
    message_.clear();
  }

 private:
  PinFields pins_{3};
  std::string message_;
};

}  // namespace sichtbar::ui
