// The PIN entry the volunteer's screens share: masked fields over the digits keypad, the words
// for an unlock that did not open, and PinScreen, the frame of the three PIN screens (unlock, set,
// change), which waits for the volunteer's desk to check or save a PIN off the frame.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/admin.h"
#include "ui/layout.h"
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

// A PIN screen: its title, the fields with their labels, a message under them, and Back and
// Next. While the desk works on a PIN, the screen says so and Next does nothing (a double tap
// asks once); Back still leaves.
class PinScreen : public KioskScreen {
 public:
  // icons: the pictograms of Back (or Cancel) and Next (Unlock, Save).
  PinScreen(std::vector<std::string> label_keys, std::string title_key, std::string back_key,
            std::string next_key, NavIcons icons);
  void wipe() override {
    pins_.wipe();
    message_.clear();
  }

 protected:
  // Draws the screen; Next is only reported while no PIN job is pending.
  NavResult draw_pin_screen(Frame& frame);
  // Asks the desk's job with what was typed, then clears the fields (the desk has its copy).
  template <class Ask>
  void ask(Ask&& ask_desk) {
    message_.clear();
    (void)ask_desk(pins_);
    pins_.wipe();
  }

  PinFields pins_;
  std::string message_;

 private:
  std::vector<std::string> label_keys_;
  std::string title_key_, back_key_, next_key_;
  NavIcons icons_;
};

// The message for an unlock that did not open: wrong, or the wait that runs.
// What a refused PIN means, in the screen's language (the PIN's own checks in kiosk/core/admin.cpp
// speak English to logs and tests; the volunteer reads this). A store error keeps its message
// under a translated first sentence: it names the file or the disk.
std::string pin_error_text(const Ui& ui, const Error& error);
std::string unlock_message(const Ui& ui, const UnlockOutcome& outcome,
                           std::chrono::system_clock::time_point now);

}  // namespace sichtbar::ui
