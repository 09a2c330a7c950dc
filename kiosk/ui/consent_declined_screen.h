// The polite end after "I do not agree": nothing was kept; Done (or 10 s) returns to welcome.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class ConsentDeclinedScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
