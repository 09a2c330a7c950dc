// The proof that a POST comes from a form the hub rendered a moment ago (CSRF protection without
// cookies or JavaScript): a person's erasure, bound to the profile link it was rendered for, and
// the office's login, bound to a fixed pseudo link, short-lived and single-use (consume()), so a
// captured login form cannot be replayed. A nonce is
//   issued_at_ms (8 bytes, big-endian) || 16 random bytes || HMAC-SHA-256 tag (32 bytes)
// in base64url, the tag over "sichtbar-erase-1" || token hash || issued_at_ms || random, keyed
// with a key derived from the hub's signing key (so nonces survive a restart and no new secret
// file is needed). A page of another link, an old page, or a guessed value fails the check,
// which compares tags in constant time.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "hub/hub_store.h"
#include "protocol/keys.h"

namespace sichtbar::hub::web {

// How long a confirmation page's form stays good.
inline constexpr std::int64_t kEraseNonceLifetimeMs = 60 * 60 * 1000;
// How long the office's login form stays good.
inline constexpr std::int64_t kLoginNonceLifetimeMs = 15 * 60 * 1000;

class FormNonces {
 public:
  explicit FormNonces(const HubKeys& keys, std::int64_t lifetime_ms = kEraseNonceLifetimeMs);
  ~FormNonces();
  FormNonces(const FormNonces&) = delete;
  FormNonces& operator=(const FormNonces&) = delete;

  std::string issue(const Sha256& token_hash, std::int64_t now_ms) const;
  // True only for a nonce issued for this token hash, at most the lifetime ago (and not from
  // the future beyond a few minutes of clock adjustment).
  bool check(std::string_view nonce, const Sha256& token_hash, std::int64_t now_ms) const;
  // check(), and true only the first time: the nonce is remembered as used until its lifetime
  // is over. (The hub remembers in memory: a restart forgets, within the lifetime.)
  bool consume(std::string_view nonce, const Sha256& token_hash, std::int64_t now_ms);

 private:
  std::array<std::uint8_t, 32> key_{};
  std::int64_t lifetime_ms_;
  std::mutex used_mutex_;
  std::unordered_set<std::string> used_;
  std::deque<std::pair<std::int64_t, std::string>> used_order_;  // (issued at, nonce)
};

// The person's erasure confirmation (the name its users know).
using EraseNonces = FormNonces;

}  // namespace sichtbar::hub::web
