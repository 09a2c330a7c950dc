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

namespace {
constexpr std::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";

// The 5-bit value of a symbol as Crockford reads it; -1 for anything else (u included).
int crockford_value(char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (c == 'o') return 0;
  if (c == 'i' || c == 'l') return 1;
  const auto at = kCrockford.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}
}  // namespace

std::string to_base32_crockford(ByteView bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  unsigned buffer = 0;
  int bits = 0;
  for (const std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kCrockford[(buffer >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(kCrockford[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<Bytes> from_base32_crockford(std::string_view text) {
  Bytes out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '-') continue;
    const int v = crockford_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
    }
    buffer &= (1u << bits) - 1;
  }
  // What is left must be padding: fewer than 5 bits (else a whole symbol is too many), all zero.
  if (bits >= 5 || buffer != 0) return std::nullopt;
  return out;
}

void random_bytes(std::span<std::uint8_t> out) {
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

}  // namespace sichtbar
