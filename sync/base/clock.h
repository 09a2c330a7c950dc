// The wall clock in the unit every stored timestamp uses. Code that decides by time takes "now"
// as a parameter (tests inject it); only the edges that stamp a row or a file call this.
#pragma once

#include <chrono>
#include <cstdint>

namespace sichtbar {

// Milliseconds since the Unix epoch, UTC.
inline std::int64_t unix_ms_of(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline std::int64_t unix_ms_now() { return unix_ms_of(std::chrono::system_clock::now()); }

}  // namespace sichtbar
