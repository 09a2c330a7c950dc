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

// --- Enrollment over a USB stick (PROTOCOL.md "Enrollment by USB stick") ---------------------
// A kiosk without network writes the same request to the stick, but never the code itself (a
// stick read on its way could enroll another machine with it): the request without "code", and
// a MAC over it keyed with the code's SHA-256, which is exactly what the hub keeps of a code.
// {"format":"sichtbar-enroll-request-1","request":{device_id,sign_public,name},"code_mac":b64url}
inline constexpr std::string_view kUsbEnrollFormat = "sichtbar-enroll-request-1";
inline constexpr std::size_t kMaxUsbEnrollRequestBytes = 16 * 1024;
// The request's file on the stick is "sichtbar-enroll-<first 8 hex of the device id>.sbe"; the
// hub writes its receipt next to it, "<request file>.receipt" (kReceiptSuffix).
inline constexpr std::string_view kUsbEnrollExtension = ".sbe";

struct UsbEnrollRequest {
  EnrollRequest request;  // code empty: the MAC stands for it
  std::array<std::uint8_t, 32> code_mac{};
};
// request.code must be a normalized code (normalize_enroll_code).
std::string write_usb_enroll_request(const EnrollRequest& request);
UsbEnrollRequest usb_enroll_request_of(const EnrollRequest& request);
// Errors "enroll.bad_request" (what is wrong and what to do).
Result<UsbEnrollRequest> parse_usb_enroll_request(std::string_view text);
// Whether the request was made with the code whose SHA-256 this is.
bool usb_enroll_request_made_with(const UsbEnrollRequest& request,
                                  const std::array<std::uint8_t, 32>& code_hash);

// The hub's answer on the stick: the signed kiosk config, its code_mac keyed with the request's
// MAC (so it answers this request; the kiosk keeps that MAC, never the code).
std::string sign_usb_enroll_receipt(const KioskConfig& config, const HubKeys& keys,
                                    const UsbEnrollRequest& request);
// The kiosk checks the receipt with the hub key it was given (not the one inside the receipt),
// that it names this kiosk, and that it answers the request it wrote. Errors "enroll.bad_receipt".
Result<KioskConfig> verify_usb_enroll_receipt(std::string_view text, const HubRecipient& hub,
                                              const std::array<std::uint8_t, 16>& device_id,
                                              const std::array<std::uint8_t, 32>& request_mac);

}  // namespace sichtbar
