// The counselling office a kiosk belongs to, as its consent screens name it: the controller of
// the profiles (its name and contact), its data protection officer, how long it keeps profiles
// and which supervisory authority a person may complain to. The office sets them at the hub;
// they travel to the office's kiosks signed with the hub's signing key, with the HELLO reply and
// with a USB receipt, as a rotated hub key does (PROTOCOL.md, "Office settings"), so a kiosk
// shows nothing a network in between made up.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "protocol/keys.h"

namespace sichtbar {

struct OfficeSettings {
  std::int64_t office_id = 0;  // the hub's id of the office (1 ...)
  std::string name;            // as the controller
  std::string contact;         // postal address, phone, e-mail
  std::string data_protection_officer;
  std::string supervisory_authority;
  std::int32_t retention_days = 0;  // 0: kept until erased
  std::int64_t updated_at_ms = 0;   // when the office last changed them

  bool operator==(const OfficeSettings&) const = default;
};

inline constexpr std::string_view kOfficeSettingsFormat = "sichtbar-office-1";
// Each text at most this many bytes (an address with a few lines fits many times).
inline constexpr std::size_t kMaxOfficeText = 2000;

// The settings a consent names that the office left empty, by their field names in
// office_settings_json ("name", "contact", "data_protection_officer", "supervisory_authority"):
// a kiosk holding such settings lets no person start (GDPR Art. 13 needs every one), and the hub
// gives no enrollment code for such an office.
std::vector<std::string_view> missing_office_settings(const OfficeSettings& office);

// {"format":"sichtbar-office-1","office_id":1,"name":..., ...}: every field, always.
nlohmann::json office_settings_json(const OfficeSettings& office);
// Errors: "office_settings.invalid" naming the field.
Result<OfficeSettings> parse_office_settings(const nlohmann::json& doc);

// {"office": office_settings_json(...), "signature": "<base64url Ed25519 over
//  "sichtbar-office-1\n" + office_settings_json(...).dump()>"}
nlohmann::json signed_office_settings(const HubKeys& keys, const OfficeSettings& office);

// The settings, when the signature verifies with the hub's signing key the kiosk trusts.
// Errors: "office_settings.invalid", "office_settings.bad_signature".
Result<OfficeSettings> verify_signed_office_settings(const nlohmann::json& signed_settings,
                                                     const HubRecipient& hub);

// Whether a kiosk that holds `known` takes `offered`: settings of another office (the kiosk was
// moved) or of the same office not older than the ones it has, so a replayed old answer cannot
// bring back an office's old address.
bool office_settings_newer(const std::optional<OfficeSettings>& known,
                           const OfficeSettings& offered);

}  // namespace sichtbar
