// crash_point: read the environment once, then compare.
#include "base/crash_point.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace sichtbar {

void crash_point(std::string_view name) {
  static const std::string target = [] {
    const char* env = std::getenv("SICHTBAR_CRASH_AT");
    return std::string(env ? env : "");
  }();
  if (target.empty() || target != name) return;
  static std::atomic<long> passes_left = [] {
    const char* env = std::getenv("SICHTBAR_CRASH_AFTER");
    return env ? std::atol(env) : 0L;
  }();
  if (passes_left.fetch_sub(1) > 0) return;
  ::raise(SIGKILL);
}

}  // namespace sichtbar
