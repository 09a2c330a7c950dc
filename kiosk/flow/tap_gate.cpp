// The tap rules (see tap_gate.h).
#include "flow/tap_gate.h"

#include <iterator>

namespace sichtbar {

bool TapGate::press(std::uint32_t button, MonotonicTime now) {
  // Presses older than the rule's window cannot stop any press any more: forget them, so the
  // table holds only the buttons of the last moments.
  for (auto it = last_press_.begin(); it != last_press_.end();)
    it = now - it->second >= kRepeat ? last_press_.erase(it) : std::next(it);
  const bool repeated = last_press_.contains(button);
  last_press_[button] = now;
  return settled(now) && !repeated;
}

}  // namespace sichtbar
