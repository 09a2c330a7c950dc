// Consent: the consent text of the form's consent field in a scrolling area, its purposes to
// tick (the required one marked), "I agree" as Next and "I do not agree" for a polite end.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class ConsentScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
