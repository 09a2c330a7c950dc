// The inactivity timer (the idle half of the flow): when the last input was, whether the screen
// shown is active, warning or timed out, the warning's countdown, and when the loop must wake at
// the latest. It decides nothing about screens: the session (KioskSession) gives it the rule of
// each screen as it is shown and resets the person when the timer says TimedOut. The event loop
// and the screens use it directly (session.idle()).
#pragma once

#include <chrono>
#include <optional>

namespace sichtbar {

class KioskSession;

using MonotonicTime = std::chrono::steady_clock::time_point;

enum class Idle { Active, Warning, TimedOut };

// One screen's inactivity rule.
struct IdleRule {
  std::optional<std::chrono::seconds> idle;  // none: no timeout on this screen
  bool warns = false;                        // a countdown of IdleTimer's warning comes first
  // The countdown's own length on this screen (none: the timer's warning).
  std::optional<std::chrono::seconds> countdown;
};

class IdleTimer {
 public:
  explicit IdleTimer(std::chrono::seconds warning) : warning_(warning) {}

  // Input arrived (the event loop calls it on every input; the warning's "continue" too).
  void touch(MonotonicTime now) { last_input_ = now; }
  Idle state(MonotonicTime now) const;
  // Whole seconds left of the warning's countdown, while it shows.
  std::optional<int> warning_seconds_left(MonotonicTime now) const;
  // When the loop must wake at the latest: the warning's start, each second of its countdown,
  // the reset. None when the screen has no timeout (Welcome): sleep until input.
  std::optional<MonotonicTime> next_deadline(MonotonicTime now) const;

 private:
  std::chrono::seconds warning(const IdleRule& rule) const {
    return rule.countdown.value_or(warning_);
  }
  friend class KioskSession;  // sets the rule of each screen as the flow shows it
  void set_rule(IdleRule rule) { rule_ = rule; }

  std::chrono::seconds warning_;
  IdleRule rule_;
  MonotonicTime last_input_{};
};

}  // namespace sichtbar
