// Key generation, wiping and the hub public key file (see sync/PROTOCOL.md).
#include "protocol/keys.h"

#include <sodium.h>

#include <algorithm>
#include <limits>
#include <optional>

namespace sichtbar {

std::array<std::uint8_t, 32> sha256(ByteView data) {
  static_assert(crypto_hash_sha256_BYTES == 32);
  std::array<std::uint8_t, 32> out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

std::string key_fingerprint(const std::array<std::uint8_t, 32>& public_key) {
  const auto digest = sha256(public_key);
  const std::string hex = to_hex(ByteView(digest).first(8));
  return hex.substr(0, 4) + "-" + hex.substr(4, 4) + "-" + hex.substr(8, 4) + "-" +
         hex.substr(12, 4);
}

DeviceIdentity DeviceIdentity::generate() {
  static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64);
  DeviceIdentity id;
  id.device_id = random_array<16>();
  crypto_sign_keypair(id.sign_public.data(), id.sign_secret.data());
  return id;
}

void DeviceIdentity::wipe() {
  sodium_memzero(sign_secret.data(), sign_secret.size());
  sodium_memzero(sign_public.data(), sign_public.size());
  sodium_memzero(device_id.data(), device_id.size());
}

std::string device_id_text(const std::array<std::uint8_t, 16>& device_id) {
  return to_hex(device_id);
}

HubKeys HubKeys::generate(std::uint32_t key_id) {
  static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);
  HubKeys keys;
  keys.key_id = key_id;
  crypto_box_keypair(keys.box_public.data(), keys.box_secret.data());
  crypto_sign_keypair(keys.sign_public.data(), keys.sign_secret.data());
  return keys;
}

HubRecipient HubKeys::recipient() const { return HubRecipient{key_id, box_public, sign_public}; }

void HubKeys::wipe() {
  sodium_memzero(box_secret.data(), box_secret.size());
  sodium_memzero(sign_secret.data(), sign_secret.size());
  sodium_memzero(box_public.data(), box_public.size());
  sodium_memzero(sign_public.data(), sign_public.size());
  key_id = 0;
}

nlohmann::json hub_public_json(const HubRecipient& hub) {
  return nlohmann::json{{"format", kHubPublicFormat},
                        {"key_id", hub.key_id},
                        {"box_public", to_base64url(hub.box_public)},
                        {"sign_public", to_base64url(hub.sign_public)}};
}

nlohmann::json hub_public_json(const HubKeys& keys) { return hub_public_json(keys.recipient()); }

namespace {

std::unexpected<Error> invalid_hub_public(const std::string& what) {
  return fail("hub_public.invalid", "The hub key file is not valid: " + what +
                                        ". Ask the office for a new hub key file.");
}

// A 32-byte key stored as unpadded base64url in field `name`.
Result<std::array<std::uint8_t, 32>> key_field(const nlohmann::json& doc, const char* name) {
  const std::string field = std::string("field ") + name;
  const auto it = doc.find(name);
  if (it == doc.end()) return invalid_hub_public(field + " is missing");
  if (!it->is_string()) return invalid_hub_public(field + " is not text");
  const std::optional<Bytes> raw = from_base64url(it->get_ref<const std::string&>());
  if (!raw) return invalid_hub_public(field + " is not base64url");
  if (raw->size() != 32) return invalid_hub_public(field + " does not hold a 32-byte key");
  std::array<std::uint8_t, 32> key{};
  std::copy(raw->begin(), raw->end(), key.begin());
  return key;
}

}  // namespace

Result<HubRecipient> parse_hub_public(std::string_view json_text) {
  // No exceptions: a damaged file is an expected event, not a programming error.
  const auto doc = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded()) return invalid_hub_public("it is not readable JSON");
  if (!doc.is_object()) return invalid_hub_public("it is not a JSON object");

  const auto format = doc.find("format");
  if (format == doc.end()) return invalid_hub_public("field format is missing");
  if (!format->is_string() || format->get_ref<const std::string&>() != kHubPublicFormat)
    return invalid_hub_public(std::string("field format is not \"") +
                              std::string(kHubPublicFormat) + "\"");

  const auto key_id = doc.find("key_id");
  if (key_id == doc.end()) return invalid_hub_public("field key_id is missing");
  if (!key_id->is_number_unsigned() ||
      key_id->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max())
    return invalid_hub_public("field key_id is not a whole number from 0 to 4294967295");

  auto box_public = key_field(doc, "box_public");
  if (!box_public) return std::unexpected(box_public.error());
  auto sign_public = key_field(doc, "sign_public");
  if (!sign_public) return std::unexpected(sign_public.error());

  return HubRecipient{static_cast<std::uint32_t>(key_id->get<std::uint64_t>()), *box_public,
                      *sign_public};
}

// ---- Key rotation: the new record key, signed ----

namespace {

constexpr std::string_view kHubKeyContext = "sichtbar-hub-key-1\n";

std::string hub_key_message(const HubRecipient& hub) {
  return std::string(kHubKeyContext) + hub_public_json(hub).dump();
}

std::unexpected<Error> invalid_hub_key(const std::string& code, const std::string& what) {
  return std::unexpected(Error{"hub_key." + code,
                               "The office hub sent a new key that this kiosk cannot accept: " +
                                   what + ". The kiosk keeps using the key it has; tell the office."});
}

}  // namespace

nlohmann::json signed_hub_key(const HubKeys& keys) {
  const std::string message = hub_key_message(keys.recipient());
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       keys.sign_secret.data());
  return {{"hub", hub_public_json(keys)}, {"signature", to_base64url(signature)}};
}

Result<HubRecipient> verify_signed_hub_key(const nlohmann::json& update,
                                           const HubRecipient& known) {
  if (!update.is_object() || !update.contains("hub") || !update.contains("signature") ||
      !update["signature"].is_string())
    return invalid_hub_key("invalid", "it is not a signed hub key");
  auto hub = parse_hub_public(update["hub"].dump());
  if (!hub) return invalid_hub_key("invalid", hub.error().message);
  auto signature = from_base64url(update["signature"].get<std::string>());
  const std::string message = hub_key_message(*hub);
  if (!signature || signature->size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(signature->data(),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(), known.sign_public.data()) != 0)
    return invalid_hub_key("bad_signature", "its signature does not verify with the hub's key");
  // The signing key is the hub's identity; a rotation keeps it.
  if (hub->sign_public != known.sign_public)
    return invalid_hub_key("invalid", "it changes the hub's signing key");
  if (hub->key_id <= known.key_id)
    return invalid_hub_key("not_newer", "its key id " + std::to_string(hub->key_id) +
                                            " is not newer than " + std::to_string(known.key_id));
  return *hub;
}

}  // namespace sichtbar
