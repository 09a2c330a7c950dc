// Crash points for the kill -9 tests: when the environment variable SICHTBAR_CRASH_AT names a
// point (and, optionally, SICHTBAR_CRASH_AFTER=N lets it pass N times first), the process kills
// itself there with SIGKILL, exactly as a power cut or the OOM killer would. Unset, a crash
// point costs one comparison.
#pragma once

#include <string_view>

namespace sichtbar {

void crash_point(std::string_view name);

}  // namespace sichtbar
