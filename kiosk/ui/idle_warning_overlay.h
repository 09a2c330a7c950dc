// The inactivity warning over any form screen: "Are you still there?" with the seconds left
// before the answers are deleted, and Continue (any touch continues, too).
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class IdleWarningOverlay final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
