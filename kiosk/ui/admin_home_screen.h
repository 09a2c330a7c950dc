// The volunteer menu: profiles today and waiting for sync, sync now, export to a USB stick,
// German under the labels, event setup, PIN change, connecting to the office hub, quit and lock.
#pragma once

#include "ui/screen.h"

namespace sichtbar::ui {

class AdminHomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    sync_was_running_ = false;
    quit_asked_ = false;
  }

 private:
  void draw_quit_question(Frame& frame);
  bool sync_was_running_ = false;  // in the last frame: its end asks the desk for new counts
  bool quit_asked_ = false;        // "Quit the kiosk?" is open: quitting is never one slip
};

}  // namespace sichtbar::ui
