// Byte buffers and their text forms (hex, base64url, Crockford's base32) shared by the protocol
// and the kiosk.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sichtbar {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

std::string to_hex(ByteView bytes);
std::optional<Bytes> from_hex(std::string_view hex);
// Exactly N bytes in hex (an id of fixed size from a path, a form, a file or the command line),
// else nullopt.
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> array_from_hex(std::string_view hex) {
  const auto bytes = from_hex(hex);
  if (!bytes || bytes->size() != N) return std::nullopt;
  std::array<std::uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}
// RFC 4648 section 5, without padding.
std::string to_base64url(ByteView bytes);
std::optional<Bytes> from_base64url(std::string_view text);
// Crockford's base32 (https://www.crockford.com/base32.html), lower case, no check symbol: the
// digits and letters without i, l, o and u, so nothing written can be misread as another
// symbol; 5 bits a symbol, the last one padded with zero bits. Reading is forgiving the way
// Crockford asks: any case, o read as 0, i and l as 1, and hyphens (for reading in groups)
// skipped; a symbol left with non-zero padding bits is refused, so each value has one form.
std::string to_base32_crockford(ByteView bytes);
std::optional<Bytes> from_base32_crockford(std::string_view text);

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Big-endian integers of `width` bytes, as the binary formats in PROTOCOL.md write them.
inline void put_be(std::uint8_t* out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i)
    out[i] = static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
}
inline std::uint64_t get_be(const std::uint8_t* in, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) value = (value << 8) | in[i];
  return value;
}

// Fills with random bytes from libsodium (the OS CSPRNG). sodium_init() must have run.
void random_bytes(std::span<std::uint8_t> out);

template <std::size_t N>
std::array<std::uint8_t, N> random_array() {
  std::array<std::uint8_t, N> a{};
  random_bytes(a);
  return a;
}

}  // namespace sichtbar
