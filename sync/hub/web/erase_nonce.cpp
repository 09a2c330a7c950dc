// Form nonces (the person's erasure, the office's login); see erase_nonce.h.
#include "hub/web/erase_nonce.h"

#include <sodium.h>

#include <cstring>

#include "base/bytes.h"

namespace sichtbar::hub::web {

namespace {

constexpr std::string_view kDomain = "sichtbar-erase-1";
constexpr std::size_t kRandomBytes = 16, kTagBytes = crypto_auth_hmacsha256_BYTES;
constexpr std::size_t kNonceBytes = 8 + kRandomBytes + kTagBytes;
constexpr std::int64_t kClockSlackMs = 5 * 60 * 1000;

std::array<std::uint8_t, kTagBytes> tag_of(const std::array<std::uint8_t, 32>& key,
                                           const Sha256& token_hash, const std::uint8_t* head) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kDomain.data()),
                                kDomain.size());
  crypto_auth_hmacsha256_update(&state, token_hash.data(), token_hash.size());
  crypto_auth_hmacsha256_update(&state, head, 8 + kRandomBytes);
  std::array<std::uint8_t, kTagBytes> tag{};
  crypto_auth_hmacsha256_final(&state, tag.data());
  sodium_memzero(&state, sizeof state);
  return tag;
}

}  // namespace

FormNonces::FormNonces(const HubKeys& keys, std::int64_t lifetime_ms) : lifetime_ms_(lifetime_ms) {
  // A key of its own, derived one way from the signing secret: a nonce's MAC never reveals or
  // stands in for anything the signing key does.
  static constexpr std::string_view kLabel = "sichtbar hub erase-nonce key v1";
  crypto_generichash(key_.data(), key_.size(),
                     reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size(),
                     keys.sign_secret.data(), keys.sign_secret.size());
}

FormNonces::~FormNonces() { sodium_memzero(key_.data(), key_.size()); }

std::string FormNonces::issue(const Sha256& token_hash, std::int64_t now_ms) const {
  Bytes nonce(kNonceBytes);
  put_be(nonce.data(), static_cast<std::uint64_t>(now_ms), 8);
  randombytes_buf(nonce.data() + 8, kRandomBytes);
  const auto tag = tag_of(key_, token_hash, nonce.data());
  std::memcpy(nonce.data() + 8 + kRandomBytes, tag.data(), tag.size());
  return to_base64url(nonce);
}

bool FormNonces::check(std::string_view text, const Sha256& token_hash, std::int64_t now_ms) const {
  if (text.size() > 2 * kNonceBytes) return false;
  auto nonce = from_base64url(text);
  if (!nonce || nonce->size() != kNonceBytes) return false;
  const auto tag = tag_of(key_, token_hash, nonce->data());
  if (crypto_verify_32(tag.data(), nonce->data() + 8 + kRandomBytes) != 0) return false;
  const auto issued = static_cast<std::int64_t>(get_be(nonce->data(), 8));
  return issued <= now_ms + kClockSlackMs && now_ms - issued <= lifetime_ms_;
}

bool FormNonces::consume(std::string_view text, const Sha256& token_hash, std::int64_t now_ms) {
  if (!check(text, token_hash, now_ms)) return false;
  const auto nonce = from_base64url(text);  // checked: kNonceBytes
  const auto issued = static_cast<std::int64_t>(get_be(nonce->data(), 8));
  // The nonce's bytes, not its text: base64url has one spelling per value here, but the bytes
  // leave no doubt.
  std::string key(reinterpret_cast<const char*>(nonce->data()), nonce->size());
  std::lock_guard lock(used_mutex_);
  // Nonces past their lifetime fail check() anyway: forgotten, so the set stays as small as the
  // forms posted within one lifetime.
  while (!used_order_.empty() &&
         now_ms - used_order_.front().first > lifetime_ms_ + kClockSlackMs) {
    used_.erase(used_order_.front().second);
    used_order_.pop_front();
  }
  if (!used_.insert(key).second) return false;
  used_order_.emplace_back(issued, std::move(key));
  return true;
}

}  // namespace sichtbar::hub::web
