// The volunteer menu: profiles today and waiting for sync, sync now, export to a USB stick,
// German under the labels, event setup, PIN change, quit and lock.
#pragma once

#include <string>

#include "ui/screen.h"

namespace sichtbar::ui {

class AdminHomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override { message_.clear(); }

 private:
  std::string message_;
};

}  // namespace sichtbar::ui
