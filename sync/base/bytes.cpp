// Byte buffers and their text forms: hex and base64url via libsodium's constant-time codecs,
// which matters because these functions also encode and decode key material.
#include "base/bytes.h"

#include <sodium.h>

namespace sichtbar {

std::string to_hex(ByteView bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');  // sodium writes a terminating NUL
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  Bytes out(hex.size() / 2 + 1);  // never zero-sized, so data() is a real buffer
  std::size_t written = 0;
  // No ignore set and no end pointer: sodium fails on any character that is not a hex digit,
  // including an embedded NUL, instead of stopping early.
  if (sodium_hex2bin(out.data(), out.size(), hex.empty() ? "" : hex.data(), hex.size(), nullptr,
                     &written, nullptr) != 0 ||
      written != hex.size() / 2) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

std::string to_base64url(ByteView bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');  // includes the NUL
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.pop_back();
  return out;
}

std::optional<Bytes> from_base64url(std::string_view text) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  Bytes out(text.size() / 4 * 3 + 3);
  std::size_t written = 0;
  // The unpadded variant treats '=' as junk, and sodium rejects a length that leaves a lone
  // character or non-zero leftover bits, so every value has exactly one accepted text form.
  if (sodium_base642bin(out.data(), out.size(), text.empty() ? "" : text.data(), text.size(),
                        nullptr, &written, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

void random_bytes(std::span<std::uint8_t> out) {
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

}  // namespace sichtbar
