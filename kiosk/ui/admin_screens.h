// The volunteer's screens, one class each (admin_*_screen.cpp): PIN unlock, first PIN, the
// admin home (counts, sync, USB export, the German-under-labels switch, event, PIN, lock,
// quit), event setup and PIN change. Their words come from the admin.* catalogue keys.
#pragma once

#include <string>

#include "ui/screen.h"

namespace sichtbar::ui {

// A PIN entry: masked fields and the digits keypad below them.
class PinFields {
 public:
  explicit PinFields(int count);
  // Draws the fields with their label keys; the keypad types into the focused one.
  void draw(Frame& frame, const std::vector<std::string>& label_keys, float width);
  std::string text(std::size_t index) const { return std::string(fields_[index]->text()); }
  void wipe();

 private:
  std::vector<std::unique_ptr<TouchTextField>> fields_;
  Focus focus_;
  KeyboardPanel keypad_;
};

class AdminUnlockScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    pin_.wipe();
    message_.clear();
  }

 private:
  PinFields pin_{1};
  std::string message_;
};

class AdminSetPinScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    pins_.wipe();
    message_.clear();
  }

 private:
  PinFields pins_{2};
  std::string message_;
};

class AdminHomeScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override { message_.clear(); }

 private:
  std::string message_;
};

class AdminEventScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override;

 private:
  void load(Frame& frame);
  bool loaded_ = false;
  TouchTextField name_{120}, venue_{120}, date_{10};
  std::string kind_ = "info";
  std::vector<std::string> languages_;
  EventInfo loaded_event_;  // as saved: its id stays while name and date do
  Focus focus_;
  KeyboardPanel keyboard_;
  std::string message_;
};

class AdminChangePinScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override {
    pins_.wipe();
    message_.clear();
  }

 private:
  PinFields pins_{3};
  std::string message_;
};

// The message for an unlock that did not open: wrong, or the wait that runs.
std::string unlock_message(const Ui& ui, const UnlockOutcome& outcome,
                           std::chrono::system_clock::time_point now);

}  // namespace sichtbar::ui
