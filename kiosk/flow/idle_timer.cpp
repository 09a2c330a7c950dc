// The inactivity timer (see idle_timer.h).
#include "flow/idle_timer.h"

#include <algorithm>
#include <cstdint>

namespace sichtbar {

Idle IdleTimer::state(MonotonicTime now) const {
  const IdleRule& rule = rule_;
  if (!rule.idle) return Idle::Active;
  const auto idle = now - last_input_;
  const auto limit = *rule.idle + (rule.warns ? warning(rule) : std::chrono::seconds(0));
  if (idle >= limit) return Idle::TimedOut;
  return rule.warns && idle >= *rule.idle ? Idle::Warning : Idle::Active;
}

std::optional<int> IdleTimer::warning_seconds_left(MonotonicTime now) const {
  const IdleRule& rule = rule_;
  if (!rule.idle || !rule.warns) return std::nullopt;
  const MonotonicTime warn_at = last_input_ + *rule.idle;
  if (now < warn_at) return std::nullopt;
  const auto left = warn_at + warning(rule) - now;
  return static_cast<int>(
      std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(left).count()));
}

std::optional<MonotonicTime> IdleTimer::next_deadline(MonotonicTime now) const {
  const IdleRule& rule = rule_;
  if (!rule.idle) return std::nullopt;
  const MonotonicTime warn_at = last_input_ + *rule.idle;
  if (!rule.warns) return warn_at;  // the reset itself
  if (now < warn_at) return warn_at;
  const MonotonicTime end = warn_at + warning(rule);
  if (now >= end) return now;
  // The countdown shows whole seconds: wake when the number shown changes.
  const auto shown = std::chrono::ceil<std::chrono::seconds>(end - now);
  return end - (shown - std::chrono::seconds(1));
}

}  // namespace sichtbar
