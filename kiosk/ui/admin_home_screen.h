// The volunteer menu: profiles today and waiting for sync, sync now, export to a USB stick,
// German under the labels, event setup, PIN change, quit and lock.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class AdminHomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override { sync_was_running_ = false; }

 private:
  bool sync_was_running_ = false;  // in the last frame: its end asks the desk for new counts
};

}  // namespace sichtbar::ui
