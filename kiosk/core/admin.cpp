// The admin PIN (argon2id hash and the wait after wrong tries), the hidden gesture, and the
// admin screen's counts; see admin.h.
#include "core/admin.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <string>

#include "core/outbox.h"

namespace sichtbar {

namespace {

using std::chrono::system_clock;

const char* kPinHash = "admin.pin_hash";
const char* kWrongTries = "admin.wrong_tries";
const char* kLastWrongMs = "admin.last_wrong_ms";

bool all_digits(std::string_view pin) {
  return std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool well_formed(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 8 && all_digits(pin);
}

// The PINs people pick first: one digit repeated (0000) or a straight run (1234, 9876).
bool easy_to_guess(std::string_view pin) {
  bool same = true, up = true, down = true;
  for (std::size_t i = 1; i < pin.size(); ++i) {
    same = same && pin[i] == pin[i - 1];
    up = up && pin[i] == pin[i - 1] + 1;
    down = down && pin[i] == pin[i - 1] - 1;
  }
  return same || up || down;
}

bool pin_matches(const std::string& hash, std::string_view pin) {
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

std::int64_t number_or_zero(const std::optional<std::string>& value) {
  if (!value) return 0;
  try {
    return std::stoll(*value);
  } catch (const std::exception&) {
    return 0;  // only this file writes these settings; a damaged one must not lock anyone out
  }
}

}  // namespace

std::chrono::seconds wait_after_wrong_tries(int wrong_tries) {
  if (wrong_tries <= kFreePinTries) return std::chrono::seconds(0);
  std::chrono::seconds wait = kFirstPinWait;
  for (int i = kFreePinTries + 1; i < wrong_tries && wait < kLongestPinWait; ++i) wait *= 2;
  return std::min(wait, kLongestPinWait);
}

Result<void> check_new_pin(std::string_view pin, std::string_view repeated) {
  if (!well_formed(pin))
    return fail("admin.bad_pin", "The PIN must be 4 to 8 digits (0-9), nothing else.");
  if (pin != repeated)
    return fail("admin.pin_mismatch",
                "The two PINs are not the same. Type the new PIN twice, the same both times.");
  if (easy_to_guess(pin))
    return fail("admin.weak_pin",
                "This PIN is too easy to guess. Do not use one digit again and again (0000) or a "
                "run of digits (1234).");
  return {};
}

Result<bool> AdminPin::is_set() const {
  auto hash = store_.setting(kPinHash);
  if (!hash) return std::unexpected(hash.error());
  return hash->has_value();
}

Result<AdminPin::WrongTries> AdminPin::wrong_tries(system_clock::time_point now) {
  auto count = store_.setting(kWrongTries);
  if (!count) return std::unexpected(count.error());
  auto last = store_.setting(kLastWrongMs);
  if (!last) return std::unexpected(last.error());
  WrongTries tries{static_cast<int>(std::clamp<std::int64_t>(number_or_zero(*count), 0, 1000)),
                   number_or_zero(*last)};
  if (unsaved_.count > 0 && unsaved_.count >= tries.count) tries = unsaved_;
  if (tries.last_ms > unix_ms_of(now)) {
    tries.last_ms = unix_ms_of(now);
    // Saved, so that a restart agrees; if the disk refuses, memory keeps the moved time.
    if (!store_.set_setting(kLastWrongMs, std::to_string(tries.last_ms)))
      unsaved_ = tries;
    else if (unsaved_.count > 0)
      unsaved_.last_ms = tries.last_ms;
  }
  return tries;
}

Result<void> AdminPin::save_pin(std::string_view pin, std::string_view audit_event) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), cost_.opslimit, cost_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail("admin.hash_failed",
                "The kiosk ran out of memory while saving the PIN. Restart the kiosk and try "
                "again.");
  auto tx = store_.begin();
  if (!tx) return std::unexpected(tx.error());
  for (auto [key, value] : {std::pair<const char*, std::string_view>{kPinHash, hash},
                            {kWrongTries, "0"},
                            {kLastWrongMs, "0"}})
    if (auto r = store_.set_setting(key, value); !r) return r;
  if (auto r = store_.audit(audit_event); !r) return r;
  if (auto r = tx->commit(); !r) return r;
  unsaved_ = {};
  return {};
}

Result<void> AdminPin::set_first(std::string_view pin, std::string_view repeated) {
  auto set = is_set();
  if (!set) return std::unexpected(set.error());
  if (*set)
    return fail("admin.pin_exists",
                "This kiosk already has a PIN. To change it, unlock the admin screen and choose "
                "\"Change PIN\" (the old PIN is needed).");
  if (auto r = check_new_pin(pin, repeated); !r) return r;
  return save_pin(pin, "admin.pin_set");
}

std::optional<system_clock::time_point> AdminPin::wait_end(const WrongTries& tries,
                                                           system_clock::time_point now) {
  const auto wait =
      std::chrono::duration_cast<std::chrono::milliseconds>(wait_after_wrong_tries(tries.count));
  const std::int64_t left_ms = tries.last_ms + wait.count() - unix_ms_of(now);
  if (left_ms <= 0) return std::nullopt;
  return now + std::chrono::milliseconds(left_ms);
}

Result<std::optional<system_clock::time_point>> AdminPin::locked_until(
    system_clock::time_point now) {
  auto tries = wrong_tries(now);
  if (!tries) return std::unexpected(tries.error());
  return wait_end(*tries, now);
}

Result<UnlockOutcome> AdminPin::try_unlock(std::string_view pin, system_clock::time_point now) {
  auto hash = store_.setting(kPinHash);
  if (!hash) return std::unexpected(hash.error());
  if (!*hash)
    return fail("admin.no_pin", "This kiosk has no admin PIN yet: set one first (type it twice).");
  auto tries = wrong_tries(now);
  if (!tries) return std::unexpected(tries.error());
  if (auto end = wait_end(*tries, now)) return UnlockOutcome{UnlockOutcome::Kind::Locked, 0, *end};

  if (well_formed(pin) && pin_matches(**hash, pin)) {
    // A full disk must not keep the volunteer out: the admin screen is where they sync and free
    // space. So failing to clear the count, to rehash or to audit does not refuse the unlock.
    if (tries->count > 0) {
      auto tx = store_.begin();
      if (tx && store_.set_setting(kWrongTries, "0") && store_.set_setting(kLastWrongMs, "0"))
        (void)tx->commit();
    }
    unsaved_ = {};
    if (crypto_pwhash_str_needs_rehash(hash->value().c_str(), cost_.opslimit, cost_.memlimit) != 0)
      (void)save_pin(pin, "admin.pin_rehashed");  // the old hash still works
    (void)store_.audit("admin.unlocked");
    return UnlockOutcome{UnlockOutcome::Kind::Unlocked, kFreePinTries, {}};
  }

  const WrongTries wrong{tries->count + 1, unix_ms_of(now)};
  auto saved = [&]() -> Result<void> {
    auto tx = store_.begin();
    if (!tx) return std::unexpected(tx.error());
    if (auto r = store_.set_setting(kWrongTries, std::to_string(wrong.count)); !r) return r;
    if (auto r = store_.set_setting(kLastWrongMs, std::to_string(wrong.last_ms)); !r) return r;
    if (auto r = store_.audit("admin.wrong_pin", "tries=" + std::to_string(wrong.count)); !r)
      return r;
    return tx->commit();
  }();
  // A wrong try that cannot be saved still counts while the kiosk runs (see unsaved_).
  unsaved_ = saved ? WrongTries{} : wrong;

  const auto wait = wait_after_wrong_tries(wrong.count);
  if (wait > std::chrono::seconds(0))
    return UnlockOutcome{UnlockOutcome::Kind::Locked, 0, now + wait};
  return UnlockOutcome{UnlockOutcome::Kind::Wrong, kFreePinTries - wrong.count, {}};
}

Result<UnlockOutcome> AdminPin::change(std::string_view old_pin, std::string_view new_pin,
                                       std::string_view repeated, system_clock::time_point now) {
  if (auto r = check_new_pin(new_pin, repeated); !r) return std::unexpected(r.error());
  auto outcome = try_unlock(old_pin, now);
  if (!outcome || outcome->kind != UnlockOutcome::Kind::Unlocked) return outcome;
  if (auto r = save_pin(new_pin, "admin.pin_changed"); !r) return std::unexpected(r.error());
  return outcome;
}

// --- AdminGesture ------------------------------------------------------------------------

bool AdminGesture::tap(float x, float y, std::chrono::steady_clock::time_point at) {
  if (x < 0 || y < 0 || x >= config_.corner_px || y >= config_.corner_px) {
    taps_.clear();
    return false;
  }
  taps_.push_back(at);
  while (!taps_.empty() && at - taps_.front() > config_.within) taps_.pop_front();
  if (static_cast<int>(taps_.size()) < config_.taps) return false;
  taps_.clear();
  return true;
}

// --- Counts ------------------------------------------------------------------------------

std::pair<std::int64_t, std::int64_t> local_day_ms(system_clock::time_point now) {
  const std::time_t t = system_clock::to_time_t(now);
  std::tm day{};
  localtime_r(&t, &day);
  day.tm_hour = day.tm_min = day.tm_sec = 0;
  day.tm_isdst = -1;  // let mktime find out whether midnight was in summer time
  std::tm next = day;
  next.tm_mday += 1;
  return {static_cast<std::int64_t>(std::mktime(&day)) * 1000,
          static_cast<std::int64_t>(std::mktime(&next)) * 1000};
}

Result<KioskCounts> kiosk_counts(KioskStore& store, system_clock::time_point now) {
  Outbox outbox(store);
  const auto [start, end] = local_day_ms(now);
  auto today = outbox.created_between(start, end);
  if (!today) return std::unexpected(today.error());
  auto counts = outbox.counts();
  if (!counts) return std::unexpected(counts.error());
  return KioskCounts{*today, counts->waiting_for_sync()};
}

}  // namespace sichtbar
