// The volunteer's side of the kiosk, without drawing: the admin PIN and unlocking it with a
// growing wait after wrong tries, the hidden gesture that opens the PIN screen, and the counts
// the admin screen shows. Event setup itself is setup.h's save_event.
//
// The PIN: 4 to 8 digits, kept only as a crypto_pwhash_str (argon2id) hash in the kiosk store's
// settings ("admin.pin_hash"). There is no default PIN. A new kiosk has none, and the first time
// someone does the gesture the kiosk asks for a new PIN, typed twice (Screen::AdminSetPin). So
// whoever prepares the kiosk does the gesture once, before the kiosk goes to its first event,
// and tells the volunteers the PIN: until then, whoever reaches the kiosk first could set it.
// Changing the PIN needs the old one, and a wrong old PIN counts as a wrong try.
//
// Wrong tries: the first kFreePinTries wrong PINs cost nothing; every further one makes the kiosk
// refuse any PIN for 5 s, then 10 s, 20 s, ... at most 5 minutes (wait_after_wrong_tries). The
// count and the time of the last wrong try live in the store ("admin.wrong_tries",
// "admin.last_wrong_ms"), so restarting the kiosk does not shorten the wait; a right PIN clears
// them. The audit log gets codes and counts only, never a PIN.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <utility>

#include "core/store.h"

namespace sichtbar {

// argon2id limits for the PIN's hash: libsodium's interactive memory limit (64 MiB) with three
// passes. 128 MiB lifted the kiosk's peak RSS to about 260 MB during each check (Mesa llvmpipe
// holds much of the rest); 64 MiB keeps it under 200 MB, and one check stays near 0.1 s on the
// 2-core development machine while each guess against a stolen hash still costs 64 MiB and
// three passes. The growing waits after wrong tries (below) are what stop guessing at the
// kiosk. A stored hash keeps its own limits (argon2id strings carry them): an older 128 MiB
// hash still unlocks and is rehashed with these limits at that unlock.
struct PinHashCost {
  unsigned long long opslimit = 3;
  std::size_t memlimit = std::size_t{64} << 20;
};
inline constexpr PinHashCost kPinHashCost{};

inline constexpr int kFreePinTries = 4;
inline constexpr std::chrono::seconds kFirstPinWait{5};
inline constexpr std::chrono::seconds kLongestPinWait{300};

// How long the kiosk refuses PINs after this many wrong tries in a row: 0 for the first
// kFreePinTries, then 5 s, doubling, at most 5 minutes.
std::chrono::seconds wait_after_wrong_tries(int wrong_tries);

struct UnlockOutcome {
  enum class Kind {
    Unlocked,  // the PIN was right
    Wrong,     // wrong; tries_before_wait more may be tried at once, then waits begin
    Locked,    // no PIN is checked until locked_until (a wrong try may have just started it)
  };
  Kind kind = Kind::Wrong;
  int tries_before_wait = 0;
  std::chrono::system_clock::time_point locked_until{};
};

// A new PIN as a volunteer types it twice. Errors: admin.bad_pin (not 4-8 digits),
// admin.pin_mismatch (the two differ), admin.weak_pin (one digit repeated, or a run like 1234).
Result<void> check_new_pin(std::string_view pin, std::string_view repeated);

class AdminPin {
 public:
  explicit AdminPin(KioskStore& store, PinHashCost cost = kPinHashCost)
      : store_(store), cost_(cost) {}

  Result<bool> is_set() const;
  // The first PIN, only while none is set (error admin.pin_exists otherwise).
  Result<void> set_first(std::string_view pin, std::string_view repeated);
  // Unlocked, Wrong or Locked (see UnlockOutcome). Error admin.no_pin when no PIN is set yet, or
  // a store error. now: wall-clock time (it must survive a restart); if the clock is set back,
  // a wait lasts at most its own length.
  Result<UnlockOutcome> try_unlock(std::string_view pin, std::chrono::system_clock::time_point now);
  // When a wait is running: its end, for the PIN screen to show before anyone types.
  Result<std::optional<std::chrono::system_clock::time_point>> locked_until(
      std::chrono::system_clock::time_point now);
  // New PIN (checked as by check_new_pin first), then the old one as by try_unlock; the new PIN
  // is saved only when the outcome is Unlocked.
  Result<UnlockOutcome> change(std::string_view old_pin, std::string_view new_pin,
                               std::string_view repeated,
                               std::chrono::system_clock::time_point now);

 private:
  struct WrongTries {
    int count = 0;
    std::int64_t last_ms = 0;
  };
  // The saved wrong tries; a last wrong try "in the future" (the clock was set back since) is
  // moved to now, so the wait ends at most its own length from now.
  Result<WrongTries> wrong_tries(std::chrono::system_clock::time_point now);
  static std::optional<std::chrono::system_clock::time_point> wait_end(
      const WrongTries& tries, std::chrono::system_clock::time_point now);
  Result<void> save_pin(std::string_view pin, std::string_view audit_event);

  KioskStore& store_;
  PinHashCost cost_;
  // Wrong tries that could not be saved (a full disk) still count while the kiosk runs.
  WrongTries unsaved_;
};

// The hidden gesture that opens the PIN screen: kTaps taps in the screen's top-left corner (a
// square of corner_px pixels; the same physical corner in right-to-left languages) within the
// time window. A tap anywhere else starts the count again. Pure: fed taps, no clock of its own.
class AdminGesture {
 public:
  struct Config {
    int taps = 5;
    std::chrono::milliseconds within{3000};
    float corner_px = 120.0f;  // about 1.5 fingertips at 1080p
  };
  AdminGesture() : AdminGesture(Config{}) {}
  explicit AdminGesture(Config config) : config_(config) {}
  // True when this tap completes the gesture; the count then starts again.
  bool tap(float x, float y, std::chrono::steady_clock::time_point at);

 private:
  Config config_;
  std::deque<std::chrono::steady_clock::time_point> taps_;
};

// What the admin screen counts.
struct KioskCounts {
  std::uint64_t finished_today = 0;    // profiles finished since local midnight
  std::uint64_t waiting_for_sync = 0;  // sealed envelopes the hub has not acknowledged
};
Result<KioskCounts> kiosk_counts(KioskStore& store, std::chrono::system_clock::time_point now);

// The local calendar day around now, as [start, end) in Unix milliseconds (DST-aware).
std::pair<std::int64_t, std::int64_t> local_day_ms(std::chrono::system_clock::time_point now);

}  // namespace sichtbar
