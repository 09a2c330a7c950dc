// Shared by the fuzz targets: the fixed, public key pairs of tests/fuzz/corpus/README.md (so the
// seeds carry valid signatures and a target can sign a mutated input again to reach the code
// behind a signature check), and small helpers. Nothing here is secret; never use these keys
// outside tests.
#pragma once

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "protocol/keys.h"

namespace sichtbar::fuzz {

struct FixedKeys {
  DeviceIdentity device;  // device_id = 16 x 0x11, Ed25519 from a seed of 32 x 0x01
  HubKeys hub;            // key_id 1, Ed25519 from 32 x 0x02, X25519 from 32 x 0x03
};

inline const FixedKeys& fixed_keys() {
  static const FixedKeys keys = [] {
    if (sodium_init() < 0) std::abort();
    FixedKeys k;
    std::array<std::uint8_t, 32> seed{};
    k.device.device_id.fill(0x11);
    seed.fill(0x01);
    crypto_sign_seed_keypair(k.device.sign_public.data(), k.device.sign_secret.data(), seed.data());
    k.hub.key_id = 1;
    seed.fill(0x02);
    crypto_sign_seed_keypair(k.hub.sign_public.data(), k.hub.sign_secret.data(), seed.data());
    seed.fill(0x03);
    crypto_box_seed_keypair(k.hub.box_public.data(), k.hub.box_secret.data(), seed.data());
    return k;
  }();
  return keys;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property that must hold on every input: a violation is reported like a crash, so libFuzzer
// stops, saves the input and the CTest run fails.
#define SICHTBAR_FUZZ_CHECK(condition)                                                            \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (false)

}  // namespace sichtbar::fuzz
