// Enrollment messages and the signed kiosk config.
#include "protocol/enrollment.h"

#include <sodium.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace sichtbar {

namespace {

using json = nlohmann::json;

// j[key] decoded (from_hex or from_base64url) into exactly out.size() bytes; false otherwise.
template <std::size_t N, class Decode>
bool fixed_from(const json& j, const char* key, std::array<std::uint8_t, N>& out, Decode decode) {
  if (!j.contains(key) || !j[key].is_string()) return false;
  auto b = decode(j[key].get<std::string>());
  if (!b || b->size() != N) return false;
  std::copy(b->begin(), b->end(), out.begin());
  return true;
}

template <std::size_t N>
bool fixed_from_hex(const json& j, const char* key, std::array<std::uint8_t, N>& out) {
  return fixed_from(j, key, out, [](std::string_view t) { return from_hex(t); });
}

template <std::size_t N>
bool fixed_from_b64(const json& j, const char* key, std::array<std::uint8_t, N>& out) {
  return fixed_from(j, key, out, [](std::string_view t) { return from_base64url(t); });
}

json config_json(const KioskConfig& c) {
  return {{"format", "sichtbar-kiosk-config-1"},
          {"hub_url", c.hub_url},
          {"profile_base_url", c.profile_base_url},
          {"key_id", c.hub.key_id},
          {"box_public", to_base64url(c.hub.box_public)},
          {"sign_public", to_base64url(c.hub.sign_public)},
          {"device_id", to_hex(c.device_id)},
          {"issued_at_ms", c.issued_at_ms}};
}

using Mac = std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES>;
static_assert(crypto_auth_hmacsha256_KEYBYTES == 32);

Mac keyed_mac(const std::array<std::uint8_t, 32>& key, std::string_view body) {
  Mac mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(body.data()),
                         body.size(), key.data());
  return mac;
}

Mac code_mac(std::string_view code, std::string_view body) {
  return keyed_mac(sha256(as_bytes(code)), body);
}

// {"config":..., "signature":..., "code_mac":...} with the config's MAC from mac_of(body).
template <class MacOf>
std::string signed_config(const KioskConfig& config, const HubKeys& keys, MacOf mac_of) {
  const std::string body = config_json(config).dump();
  std::array<std::uint8_t, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(body.data()),
                       body.size(), keys.sign_secret.data());
  return json{{"config", config_json(config)},
              {"signature", to_base64url(sig)},
              {"code_mac", to_base64url(mac_of(body))}}
      .dump();
}

// A signed config's parts, fields checked; the signature and the MAC are the caller's to check.
struct SignedConfig {
  KioskConfig config;
  std::string body;
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  Mac mac{};
};

template <class Bad>
Result<SignedConfig> read_signed_config(std::string_view text, Bad bad) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("config") || !j["config"].is_object())
    return std::unexpected(bad("not a kiosk config"));
  const json& c = j["config"];
  SignedConfig s;
  s.body = c.dump();
  if (!fixed_from_b64(j, "signature", s.signature) || !fixed_from_b64(j, "code_mac", s.mac))
    return std::unexpected(bad("signature missing"));
  KioskConfig& k = s.config;
  if (!c.contains("format") || c["format"] != "sichtbar-kiosk-config-1" || !c.contains("hub_url") ||
      !c["hub_url"].is_string() || !c.contains("profile_base_url") ||
      !c["profile_base_url"].is_string() || !c.contains("key_id") ||
      !c["key_id"].is_number_unsigned() || c["key_id"].get<std::uint64_t>() > UINT32_MAX ||
      !c.contains("issued_at_ms") || !c["issued_at_ms"].is_number_integer() ||
      !fixed_from_b64(c, "box_public", k.hub.box_public) ||
      !fixed_from_b64(c, "sign_public", k.hub.sign_public) ||
      !fixed_from_hex(c, "device_id", k.device_id))
    return std::unexpected(bad("fields missing"));
  k.hub_url = c["hub_url"].get<std::string>();
  k.profile_base_url = c["profile_base_url"].get<std::string>();
  k.hub.key_id = c["key_id"].get<std::uint32_t>();
  k.issued_at_ms = c["issued_at_ms"].get<std::int64_t>();
  return s;
}

bool signed_by(const SignedConfig& s, const std::array<std::uint8_t, 32>& sign_public) {
  return crypto_sign_verify_detached(s.signature.data(),
                                     reinterpret_cast<const unsigned char*>(s.body.data()),
                                     s.body.size(), sign_public.data()) == 0;
}

json request_fields(const EnrollRequest& r) {
  return {{"device_id", to_hex(r.device_id)},
          {"sign_public", to_base64url(r.sign_public)},
          {"name", r.name}};
}

Error bad_usb_request(const std::string& why) {
  return {"enroll.bad_request",
          "The enrollment request on the USB stick cannot be used (" + why +
              "). Write it again on the kiosk (sichtbar-kiosk enroll --usb) with a new code."};
}

Error bad_receipt(const std::string& why) {
  return {"enroll.bad_receipt",
          "The office's enrollment receipt cannot be used (" + why +
              "). Nothing was changed: the kiosk is still not registered. Check that the stick "
              "went to this kiosk's office, or write a new request (sichtbar-kiosk enroll --usb)."};
}

Error bad_config(const std::string& why) {
  return {"enroll.bad_config",
          "The hub's answer to the enrollment could not be trusted (" + why +
              "). Check the code and the hub address, and ask the office for a new code."};
}

}  // namespace

std::string to_json_text(const EnrollRequest& r) {
  return json{{"code", r.code},
              {"device_id", to_hex(r.device_id)},
              {"sign_public", to_base64url(r.sign_public)},
              {"name", r.name}}
      .dump();
}

Result<EnrollRequest> parse_enroll_request(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  EnrollRequest r;
  if (j.is_discarded() || !j.is_object() || !j.contains("code") || !j["code"].is_string() ||
      !fixed_from_hex(j, "device_id", r.device_id) ||
      !fixed_from_b64(j, "sign_public", r.sign_public) || !j.contains("name") ||
      !j["name"].is_string())
    return fail("enroll.bad_request",
                "The enrollment request must have code, device_id, sign_public and name.");
  r.code = j["code"].get<std::string>();
  r.name = j["name"].get<std::string>();
  if (r.name.empty() || r.name.size() > 100)
    return fail("enroll.bad_request", "The kiosk's name must be 1 to 100 characters long.");
  return r;
}

std::string sign_kiosk_config(const KioskConfig& config, const HubKeys& keys,
                              std::string_view code) {
  return signed_config(config, keys, [&](std::string_view body) { return code_mac(code, body); });
}

Result<KioskConfig> verify_kiosk_config(std::string_view text, std::string_view code,
                                        const std::array<std::uint8_t, 16>& expected_device_id) {
  auto s = read_signed_config(text, bad_config);
  if (!s) return std::unexpected(s.error());
  auto expected_mac = code_mac(code, s->body);
  if (sodium_memcmp(s->mac.data(), expected_mac.data(), s->mac.size()) != 0)
    return std::unexpected(bad_config("it was not made with this code"));
  if (!signed_by(*s, s->config.hub.sign_public))
    return std::unexpected(bad_config("bad signature"));
  if (s->config.device_id != expected_device_id)
    return std::unexpected(bad_config("it was made for another kiosk"));
  return s->config;
}

UsbEnrollRequest usb_enroll_request_of(const EnrollRequest& request) {
  UsbEnrollRequest out;
  out.request = request;
  out.request.code.clear();
  out.code_mac = code_mac(request.code, request_fields(request).dump());
  return out;
}

std::string write_usb_enroll_request(const EnrollRequest& request) {
  const UsbEnrollRequest usb = usb_enroll_request_of(request);
  return json{{"format", kUsbEnrollFormat},
              {"request", request_fields(request)},
              {"code_mac", to_base64url(usb.code_mac)}}
      .dump(2);
}

Result<UsbEnrollRequest> parse_usb_enroll_request(std::string_view text) {
  if (text.size() > kMaxUsbEnrollRequestBytes)
    return std::unexpected(bad_usb_request("the file is too large"));
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("format") || !j["format"].is_string())
    return std::unexpected(bad_usb_request("it is not an enrollment request"));
  if (j["format"].get<std::string>() != kUsbEnrollFormat)
    return std::unexpected(bad_usb_request("it was written by another Sichtbar version (" +
                                           j["format"].get<std::string>() + ")"));
  UsbEnrollRequest out;
  EnrollRequest& r = out.request;
  if (!j.contains("request") || !j["request"].is_object() ||
      !fixed_from_b64(j, "code_mac", out.code_mac))
    return std::unexpected(bad_usb_request("request or code_mac missing"));
  const json& q = j["request"];
  if (!fixed_from_hex(q, "device_id", r.device_id) ||
      !fixed_from_b64(q, "sign_public", r.sign_public) || !q.contains("name") ||
      !q["name"].is_string())
    return std::unexpected(bad_usb_request("device_id, sign_public or name missing"));
  r.name = q["name"].get<std::string>();
  if (r.name.empty() || r.name.size() > 100)
    return std::unexpected(bad_usb_request("the kiosk's name must be 1 to 100 characters long"));
  return out;
}

bool usb_enroll_request_made_with(const UsbEnrollRequest& request,
                                  const std::array<std::uint8_t, 32>& code_hash) {
  // The MAC is over the fields as this program writes them, so a request is checked as parsed.
  const Mac expected = keyed_mac(code_hash, request_fields(request.request).dump());
  return sodium_memcmp(expected.data(), request.code_mac.data(), expected.size()) == 0;
}

std::string sign_usb_enroll_receipt(const KioskConfig& config, const HubKeys& keys,
                                    const UsbEnrollRequest& request) {
  return signed_config(config, keys,
                       [&](std::string_view body) { return keyed_mac(request.code_mac, body); });
}

Result<KioskConfig> verify_usb_enroll_receipt(std::string_view text, const HubRecipient& hub,
                                              const std::array<std::uint8_t, 16>& device_id,
                                              const std::array<std::uint8_t, 32>& request_mac) {
  auto s = read_signed_config(text, bad_receipt);
  if (!s) return std::unexpected(s.error());
  // The hub key the kiosk was given on the stick, never the one the receipt brings along.
  if (!signed_by(*s, hub.sign_public) || s->config.hub.sign_public != hub.sign_public)
    return std::unexpected(bad_receipt("it is not signed by this kiosk's office hub"));
  if (s->config.device_id != device_id)
    return std::unexpected(bad_receipt("it was made for another kiosk"));
  const Mac expected = keyed_mac(request_mac, s->body);
  if (sodium_memcmp(expected.data(), s->mac.data(), expected.size()) != 0)
    return std::unexpected(bad_receipt("it answers an older request of this kiosk"));
  return s->config;
}

namespace {
constexpr const char* kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}  // namespace

std::string make_enroll_code() {
  auto bits = random_array<10>();  // 80 bits -> 16 base32 characters
  std::string code;
  std::uint64_t acc = 0;
  int have = 0;
  for (auto b : bits) {
    acc = (acc << 8) | b;
    have += 8;
    while (have >= 5) {
      code += kCrockford[(acc >> (have - 5)) & 31];
      have -= 5;
    }
  }
  return code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) + "-" +
         code.substr(12, 4);
}

std::optional<std::string> normalize_enroll_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (!std::strchr(kCrockford, u) || u == '\0') return std::nullopt;
    out += u;
  }
  if (out.size() != 16) return std::nullopt;
  return out;
}

}  // namespace sichtbar
