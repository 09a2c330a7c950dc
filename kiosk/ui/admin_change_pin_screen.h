// PIN change: the old PIN, then the new one twice.
#pragma once

#include "ui/pin_fields.h"

namespace sichtbar::ui {

class AdminChangePinScreen final : public PinScreen {
 public:
  AdminChangePinScreen();
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
