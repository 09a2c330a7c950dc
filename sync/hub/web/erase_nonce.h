// The proof that an erasure POST comes from the confirmation page the hub rendered for that
// profile link, a moment ago (CSRF protection without cookies or JavaScript). A nonce is
//   issued_at_ms (8 bytes, big-endian) || 16 random bytes || HMAC-SHA-256 tag (32 bytes)
// in base64url, the tag over "sichtbar-erase-1" || token hash || issued_at_ms || random, keyed
// with a key derived from the hub's signing key (so nonces survive a restart and no new secret
// file is needed). A page of another link, an old page, or a guessed value fails the check,
// which compares tags in constant time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "hub/hub_store.h"
#include "protocol/keys.h"

namespace sichtbar::hub::web {

// How long a confirmation page's form stays good.
inline constexpr std::int64_t kEraseNonceLifetimeMs = 60 * 60 * 1000;

class EraseNonces {
 public:
  explicit EraseNonces(const HubKeys& keys);
  ~EraseNonces();
  EraseNonces(const EraseNonces&) = delete;
  EraseNonces& operator=(const EraseNonces&) = delete;

  std::string issue(const Sha256& token_hash, std::int64_t now_ms) const;
  // True only for a nonce issued for this token hash, at most kEraseNonceLifetimeMs ago (and
  // not from the future beyond a few minutes of clock adjustment).
  bool check(std::string_view nonce, const Sha256& token_hash, std::int64_t now_ms) const;

 private:
  std::array<std::uint8_t, 32> key_{};
};

}  // namespace sichtbar::hub::web
