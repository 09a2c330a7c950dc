// Which taps count: the rule that makes one press fire one action at a busy stand. A screen
// (or a question over it) ignores taps for 300 ms after it appears, so the second half of a
// double tap never lands on what replaced the first one's button; and a button ignores a
// second press within 400 ms of its previous one, counted from every press (a burst of quick
// taps is one press). Keys of the keyboards and keypads are not buttons here: a doubled letter
// typed 150 ms apart counts twice. Pure and driven by the frame's monotonic time, so the rules
// are tested without sleeping (tests/unit/kiosk/tap_gate.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <unordered_map>

#include "flow/idle_timer.h"

namespace sichtbar {

class TapGate {
 public:
  static constexpr std::chrono::milliseconds kScreenSettle{300};
  static constexpr std::chrono::milliseconds kRepeat{400};

  // A screen or a question over it appeared at `now`.
  void appeared(MonotonicTime now) { appeared_ = now; }
  // A button (its widget id) was pressed at `now`: whether the press fires its action. Every
  // press counts for the 400 ms rule, also one that was ignored.
  bool press(std::uint32_t button, MonotonicTime now);
  // A keyboard or keypad key was pressed: only the screen's first 300 ms ignore it.
  bool key(MonotonicTime now) const { return settled(now); }
  bool settled(MonotonicTime now) const { return now - appeared_ >= kScreenSettle; }

 private:
  MonotonicTime appeared_{};
  std::unordered_map<std::uint32_t, MonotonicTime> last_press_;
};

}  // namespace sichtbar
