// libFuzzer target: verify_kiosk_config, the kiosk's reader of the hub's answer to enrollment
// (seeds in corpus/kiosk_config/, signed with the fixed hub key and authenticated with the code
// below). Each input is read twice: as it is, and with its "config" object signed and
// authenticated again, so that mutated fields get past both checks and reach the field reads.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_support.h"
#include "protocol/enrollment.h"

using namespace sichtbar;

namespace {

// The enrollment code the seeds were made with (normalized: what enroll_kiosk passes on).
constexpr std::string_view kCode = "K7QX3MPD9TRW2HFA";

void check_accepted(const KioskConfig& config) {
  const auto& keys = fuzz::fixed_keys();
  SICHTBAR_FUZZ_CHECK(config.device_id == keys.device.device_id);
  if (config.hub.sign_public != keys.hub.sign_public) return;  // cannot sign it again
  HubKeys signer = keys.hub;
  signer.key_id = config.hub.key_id;
  signer.box_public = config.hub.box_public;
  const auto again =
      verify_kiosk_config(sign_kiosk_config(config, signer, kCode), kCode, keys.device.device_id);
  SICHTBAR_FUZZ_CHECK(again);
  SICHTBAR_FUZZ_CHECK(again->hub_url == config.hub_url &&
                      again->profile_base_url == config.profile_base_url &&
                      again->hub == config.hub && again->device_id == config.device_id &&
                      again->issued_at_ms == config.issued_at_ms);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& keys = fuzz::fixed_keys();
  const std::string_view text = fuzz::as_text(data, size);
  if (auto config = verify_kiosk_config(text, kCode, keys.device.device_id); config)
    check_accepted(*config);

  // Sign and authenticate the mutated "config" object again, as a hub that knew the code would.
  // The config names the key that must have signed it: that must still be the fixed hub key.
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return 0;
  const auto config = doc.find("config");
  if (config == doc.end() || !config->is_object()) return 0;
  const std::string body = config->dump();
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                       keys.hub.sign_secret.data());
  const auto mac_key = sha256(as_bytes(kCode));
  std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(body.data()),
                         body.size(), mac_key.data());
  doc["signature"] = to_base64url(signature);
  doc["code_mac"] = to_base64url(mac);
  if (auto accepted = verify_kiosk_config(doc.dump(), kCode, keys.device.device_id); accepted) {
    check_accepted(*accepted);
    // key_id is a u32 (PROTOCOL.md): a larger number must be refused, not cut to 32 bits.
    const auto key_id = config->find("key_id");
    SICHTBAR_FUZZ_CHECK(key_id != config->end() && key_id->is_number_unsigned() &&
                        key_id->get<std::uint64_t>() == accepted->hub.key_id);
  }
  return 0;
}
