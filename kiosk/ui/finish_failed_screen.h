// The profile could not be saved (sealing or the disk failed): the person is told, with a code
// for the volunteer; Try again finishes again, Back returns to the review. Answers are kept.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class FinishFailedScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
