// The PIN entry the volunteer's screens share: masked fields over the digits keypad, and
// the words for an unlock that did not open.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/admin.h"
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

// The message for an unlock that did not open: wrong, or the wait that runs.
std::string unlock_message(const Ui& ui, const UnlockOutcome& outcome,
                           std::chrono::system_clock::time_point now);

}  // namespace sichtbar::ui
