// The inactivity timer (the idle half of KioskSession): when the last input was, whether a screen
// with a given rule is active, warning or timed out, the warning's countdown, and when the loop
// must wake at the latest. It decides nothing about screens: the flow gives the rule of the screen
// shown and resets the person when the timer says TimedOut.
#pragma once

#include <chrono>
#include <optional>

namespace sichtbar {

using MonotonicTime = std::chrono::steady_clock::time_point;

enum class Idle { Active, Warning, TimedOut };

// One screen's inactivity rule.
struct IdleRule {
  std::optional<std::chrono::seconds> idle;  // none: no timeout on this screen
  bool warns = false;                        // a countdown of IdleTimer's warning comes first
};

class IdleTimer {
 public:
  explicit IdleTimer(std::chrono::seconds warning) : warning_(warning) {}

  void touch(MonotonicTime now) { last_input_ = now; }
  Idle state(const IdleRule& rule, MonotonicTime now) const;
  // Whole seconds left of the warning's countdown, while it shows.
  std::optional<int> warning_seconds_left(const IdleRule& rule, MonotonicTime now) const;
  // The warning's start, each second of its countdown, the reset; none without a timeout.
  std::optional<MonotonicTime> next_deadline(const IdleRule& rule, MonotonicTime now) const;

 private:
  std::chrono::seconds warning_;
  MonotonicTime last_input_{};
};

}  // namespace sichtbar
