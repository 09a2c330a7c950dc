// The tap rules as a person at a busy stand meets them: a double tap is one press, a burst of
// taps is one press, a screen that just appeared ignores the finger that made it appear, and
// keys typed quickly all count. Time is the frame's monotonic time, never a sleep.
#include "flow/tap_gate.h"

#include <catch2/catch.hpp>

using namespace sichtbar;
using namespace std::chrono_literals;

namespace {
const MonotonicTime t0 = MonotonicTime{} + 1000h;
constexpr std::uint32_t kNext = 1, kBack = 2;
}  // namespace

TEST_CASE("tap gate: a screen ignores taps for its first 300 ms") {
  TapGate gate;
  gate.appeared(t0);
  CHECK_FALSE(gate.press(kNext, t0 + 10ms));
  CHECK_FALSE(gate.press(kBack, t0 + 299ms));
  CHECK(gate.press(kNext + 10, t0 + 300ms));
  // Keys too, but only then.
  gate.appeared(t0 + 1s);
  CHECK_FALSE(gate.key(t0 + 1s + 150ms));
  CHECK(gate.key(t0 + 1s + 300ms));
}

TEST_CASE("tap gate: a second press of a button within 400 ms does nothing") {
  TapGate gate;
  gate.appeared(t0);
  CHECK(gate.press(kNext, t0 + 1s));
  CHECK_FALSE(gate.press(kNext, t0 + 1s + 150ms));
  // Another button is its own: a quick tap from one choice to the next counts.
  CHECK(gate.press(kBack, t0 + 1s + 200ms));
  // 400 ms after the last press of it, the button fires again.
  CHECK(gate.press(kNext, t0 + 1s + 550ms));
}

TEST_CASE("tap gate: six quick taps on one button are one press") {
  TapGate gate;
  gate.appeared(t0);
  int fired = 0;
  for (int i = 0; i < 6; ++i)
    if (gate.press(kNext, t0 + 1s + i * 150ms)) ++fired;
  CHECK(fired == 1);
  // The burst counts from its last tap: 400 ms after that the button is free again.
  CHECK_FALSE(gate.press(kNext, t0 + 1s + 5 * 150ms + 399ms));
  CHECK(gate.press(kNext, t0 + 1s + 5 * 150ms + 399ms + 400ms));
}

TEST_CASE("tap gate: the second tap of a double tap never reaches the screen that follows") {
  TapGate gate;
  gate.appeared(t0);
  CHECK(gate.press(kNext, t0 + 2s));                // Finish
  gate.appeared(t0 + 2s + 40ms);                    // the next screen shows two frames later
  CHECK_FALSE(gate.press(kBack, t0 + 2s + 180ms));  // its button, where Finish was
}

TEST_CASE("tap gate: keys typed 150 ms apart all count") {
  TapGate gate;
  gate.appeared(t0);
  for (int i = 0; i < 4; ++i) CHECK(gate.key(t0 + 1s + i * 150ms));
  // A key is not a button: typing does not hold back the button pressed next.
  CHECK(gate.press(kNext, t0 + 1s + 500ms));
}
