// Erasure nonces; see erase_nonce.h.
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

EraseNonces::EraseNonces(const HubKeys& keys) {
  // A key of its own, derived one way from the signing secret: a nonce's MAC never reveals or
  // stands in for anything the signing key does.
  static constexpr std::string_view kLabel = "sichtbar hub erase-nonce key v1";
  crypto_generichash(key_.data(), key_.size(),
                     reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size(),
                     keys.sign_secret.data(), keys.sign_secret.size());
}

EraseNonces::~EraseNonces() { sodium_memzero(key_.data(), key_.size()); }

std::string EraseNonces::issue(const Sha256& token_hash, std::int64_t now_ms) const {
  Bytes nonce(kNonceBytes);
  put_be(nonce.data(), static_cast<std::uint64_t>(now_ms), 8);
  randombytes_buf(nonce.data() + 8, kRandomBytes);
  const auto tag = tag_of(key_, token_hash, nonce.data());
  std::memcpy(nonce.data() + 8 + kRandomBytes, tag.data(), tag.size());
  return to_base64url(nonce);
}

bool EraseNonces::check(std::string_view text, const Sha256& token_hash,
                        std::int64_t now_ms) const {
  if (text.size() > 2 * kNonceBytes) return false;
  auto nonce = from_base64url(text);
  if (!nonce || nonce->size() != kNonceBytes) return false;
  const auto tag = tag_of(key_, token_hash, nonce->data());
  if (crypto_verify_32(tag.data(), nonce->data() + 8 + kRandomBytes) != 0) return false;
  const auto issued = static_cast<std::int64_t>(get_be(nonce->data(), 8));
  return issued <= now_ms + kClockSlackMs && now_ms - issued <= kEraseNonceLifetimeMs;
}

}  // namespace sichtbar::hub::web
