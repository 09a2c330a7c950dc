// Enrollment: a kiosk proves it holds a one-time code from the office and receives the hub's
// signed config (hub keys, key id, hub URL, profile link base). See PROTOCOL.md "Enrollment".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "protocol/keys.h"

namespace sichtbar {

// The one-time enrollment code: 80 random bits as 16 Crockford base32 characters in groups of 4.
std::string make_enroll_code();
// Accepts what a volunteer types: any case, with or without dashes/spaces, O for 0, I/L for 1.
// The normalized form (16 characters, no dashes) is what is hashed and authenticated.
std::optional<std::string> normalize_enroll_code(std::string_view typed);

struct EnrollRequest {
  std::string code;  // as normalized by the hub: 16 Crockford base32 characters
  std::array<std::uint8_t, 16> device_id{};
  std::array<std::uint8_t, 32> sign_public{};
  std::string name;  // what the office sees in its kiosk list, e.g. "Kiosk 3 (Augsburg)"
};
std::string to_json_text(const EnrollRequest& request);
Result<EnrollRequest> parse_enroll_request(std::string_view text);

struct KioskConfig {
  std::string hub_url;
  std::string profile_base_url;
  HubRecipient hub;
  std::array<std::uint8_t, 16> device_id{};
  std::int64_t issued_at_ms = 0;
};

// {"config":{...},"signature":b64url,"code_mac":b64url}: signed with the hub's Ed25519 key, and
// authenticated with the enrollment code (HMAC-SHA-256 keyed with the code's SHA-256), so only a
// hub that knew the code the volunteer typed can have made it.
std::string sign_kiosk_config(const KioskConfig& config, const HubKeys& keys,
                              std::string_view code);
Result<KioskConfig> verify_kiosk_config(std::string_view text, std::string_view code,
                                        const std::array<std::uint8_t, 16>& expected_device_id);

}  // namespace sichtbar
