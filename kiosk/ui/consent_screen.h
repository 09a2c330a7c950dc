// Consent: short steps (domain/consent_text.h), each a pictogram, a title and a few sentences
// with the office's settings filled in, then the purposes to choose, each with its pictogram.
// Next walks the steps and is "I agree" on the last; Back walks back; "I do not agree" is there
// on every step for a polite end.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class ConsentScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
