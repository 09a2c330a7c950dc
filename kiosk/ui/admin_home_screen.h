// The volunteer menu: profiles today and waiting for sync, sync now, export to a USB stick,
// German under the labels, event setup, PIN change, quit and lock.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class AdminHomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

}  // namespace sichtbar::ui
