// What every benchmark program needs around its figures: stopping with a message when a step it
// measures fails (a benchmark that went on would report figures of nothing), and seconds since
// a point on the steady clock.
#pragma once

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "base/error.h"

namespace sichtbar::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

[[noreturn]] inline void die(const std::string& what) {
  std::cerr << "bench: " << what << "\n";
  std::exit(1);
}

template <class T>
T must(Result<T> r) {
  if (!r) die(r.error().code + ": " + r.error().message);
  return std::move(*r);
}
inline void must(Result<void> r) {
  if (!r) die(r.error().code + ": " + r.error().message);
}

}  // namespace sichtbar::bench
