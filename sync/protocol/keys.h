// Key material of kiosks (Ed25519 device identity) and of the hub (X25519 for sealed records,
// Ed25519 for receipts and config), plus the hub's public key file that kiosks are given.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/error.h"

namespace sichtbar {

std::array<std::uint8_t, 32> sha256(ByteView data);

// A short, human-comparable fingerprint of a public key: the first 8 bytes of its SHA-256 as
// four groups of four hex digits ("3f2a-91c0-7d4e-05b8"), for reading out over the phone.
std::string key_fingerprint(const std::array<std::uint8_t, 32>& public_key);

// A kiosk's identity: a random device id and an Ed25519 key pair that signs its envelopes.
struct DeviceIdentity {
  std::array<std::uint8_t, 16> device_id{};
  std::array<std::uint8_t, 32> sign_public{};
  std::array<std::uint8_t, 64> sign_secret{};

  static DeviceIdentity generate();
  void wipe();  // zeroes the secret key (and everything else)
};

// Lowercase hex of a device id, as shown to office staff and used in logs.
std::string device_id_text(const std::array<std::uint8_t, 16>& device_id);

// What a kiosk knows of the hub: where to seal records, and how to check what the hub signs.
struct HubRecipient {
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 32> box_public{};   // records are sealed to this
  std::array<std::uint8_t, 32> sign_public{};  // the hub's ACKs, receipts and config verify with it

  bool operator==(const HubRecipient&) const = default;
};

// The hub's key pairs for one key id. Rotation makes a new HubKeys with a new key id.
struct HubKeys {
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 32> box_public{};  // X25519: kiosks seal records to this
  std::array<std::uint8_t, 32> box_secret{};
  std::array<std::uint8_t, 32> sign_public{};  // Ed25519: receipts and config
  std::array<std::uint8_t, 64> sign_secret{};

  static HubKeys generate(std::uint32_t key_id);
  HubRecipient recipient() const;
  void wipe();  // zeroes the secret keys (and everything else)

  bool operator==(const HubKeys&) const = default;
};

inline constexpr std::string_view kHubPublicFormat = "sichtbar-hub-public-1";

// {"format":"sichtbar-hub-public-1","key_id":N,"box_public":"<base64url>","sign_public":"..."}
nlohmann::json hub_public_json(const HubKeys& keys);
nlohmann::json hub_public_json(const HubRecipient& hub);

// Reads the hub public key file. Errors (code "hub_public.invalid") say which field is wrong and
// that the office can give a new file.
Result<HubRecipient> parse_hub_public(std::string_view json_text);

// Key rotation (PROTOCOL.md, "Key rotation"): the hub's new record key, signed with its signing
// key, as the hub hands it to a kiosk that still seals to an older key id:
// {"hub": <hub_public_json>, "signature": "<base64url Ed25519 over
//  "sichtbar-hub-key-1\n" + hub_public_json(...).dump()>"}
nlohmann::json signed_hub_key(const HubKeys& keys);

// Accepts a signed hub key only when its signature verifies with the signing key the kiosk
// already trusts, the signing key is unchanged and its key id is above the known one. Errors:
// "hub_key.invalid", "hub_key.bad_signature", "hub_key.not_newer".
Result<HubRecipient> verify_signed_hub_key(const nlohmann::json& update, const HubRecipient& known);

}  // namespace sichtbar
