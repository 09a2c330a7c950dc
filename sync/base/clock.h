// The wall clock in the unit every stored timestamp uses. Code that decides by time takes "now"
// as a parameter (tests inject it); only the edges that stamp a row or a file call this.
#pragma once

#include <chrono>
#include <cstdint>

namespace sichtbar {

// Milliseconds since the Unix epoch, UTC.
inline std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sichtbar
