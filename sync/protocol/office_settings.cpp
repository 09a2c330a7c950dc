// The office's settings and their signature; see office_settings.h.
#include "protocol/office_settings.h"

#include <sodium.h>

#include <limits>

#include "base/bytes.h"
#include "base/text.h"

namespace sichtbar {

namespace {

using nlohmann::json;

constexpr std::string_view kOfficeContext = "sichtbar-office-1\n";

std::unexpected<Error> invalid(const std::string& code, const std::string& what) {
  return std::unexpected(Error{"office_settings." + code,
                               "The office hub sent settings of the counselling office that this "
                               "kiosk cannot accept: " +
                                   what + ". The kiosk keeps the ones it has; tell the office."});
}

// What is signed: the canonical JSON (sorted keys), with any bytes that are not UTF-8 replaced
// on both sides alike.
std::string office_message(const OfficeSettings& office) {
  return std::string(kOfficeContext) +
         office_settings_json(office).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::vector<std::string_view> missing_office_settings(const OfficeSettings& office) {
  std::vector<std::string_view> missing;
  for (const auto& [field, text] :
       {std::pair{"name", &office.name}, std::pair{"contact", &office.contact},
        std::pair{"data_protection_officer", &office.data_protection_officer},
        std::pair{"supervisory_authority", &office.supervisory_authority}})
    if (text->empty()) missing.emplace_back(field);
  return missing;
}

json office_settings_json(const OfficeSettings& office) {
  return {{"format", kOfficeSettingsFormat},
          {"office_id", office.office_id},
          {"name", office.name},
          {"contact", office.contact},
          {"data_protection_officer", office.data_protection_officer},
          {"supervisory_authority", office.supervisory_authority},
          {"retention_days", office.retention_days},
          {"updated_at_ms", office.updated_at_ms}};
}

Result<OfficeSettings> parse_office_settings(const json& doc) {
  if (!doc.is_object()) return invalid("invalid", "they are not a JSON object");
  const auto format = doc.find("format");
  if (format == doc.end() || !format->is_string() ||
      format->get_ref<const std::string&>() != kOfficeSettingsFormat)
    return invalid("invalid", "field format is not \"" + std::string(kOfficeSettingsFormat) + "\"");
  const auto whole = [&](const char* name, std::int64_t min,
                         std::int64_t max) -> Result<std::int64_t> {
    const auto field = doc.find(name);
    if (field == doc.end() || !field->is_number_integer())
      return invalid("invalid", std::string("field ") + name + " is not a whole number");
    const bool negative = field->is_number_integer() && !field->is_number_unsigned();
    if (!negative && field->get<std::uint64_t>() >
                         static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return invalid("invalid", std::string("field ") + name + " is out of range");
    const auto value = field->get<std::int64_t>();
    if (value < min || value > max)
      return invalid("invalid", std::string("field ") + name + " is out of range");
    return value;
  };
  const auto text = [&](const char* name) -> Result<std::string> {
    const auto field = doc.find(name);
    if (field == doc.end() || !field->is_string())
      return invalid("invalid", std::string("field ") + name + " is not a text");
    const auto& value = field->get_ref<const std::string&>();
    if (value.size() > kMaxOfficeText || !is_valid_utf8(value))
      return invalid("invalid", std::string("field ") + name + " is too long or not UTF-8");
    return value;
  };
  OfficeSettings office;
  auto id = whole("office_id", 1, std::numeric_limits<std::int64_t>::max());
  if (!id) return std::unexpected(id.error());
  office.office_id = *id;
  for (auto [name, into] : {std::pair{"name", &office.name},
                            std::pair{"contact", &office.contact},
                            std::pair{"data_protection_officer", &office.data_protection_officer},
                            std::pair{"supervisory_authority", &office.supervisory_authority}}) {
    auto value = text(name);
    if (!value) return std::unexpected(value.error());
    *into = std::move(*value);
  }
  auto days = whole("retention_days", 0, 36500);
  if (!days) return std::unexpected(days.error());
  office.retention_days = static_cast<std::int32_t>(*days);
  auto updated = whole("updated_at_ms", 0, std::numeric_limits<std::int64_t>::max());
  if (!updated) return std::unexpected(updated.error());
  office.updated_at_ms = *updated;
  return office;
}

json signed_office_settings(const HubKeys& keys, const OfficeSettings& office) {
  const std::string message = office_message(office);
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       keys.sign_secret.data());
  return {{"office", json::parse(message.substr(kOfficeContext.size()))},
          {"signature", to_base64url(signature)}};
}

Result<OfficeSettings> verify_signed_office_settings(const json& signed_settings,
                                                     const HubRecipient& hub) {
  if (!signed_settings.is_object() || !signed_settings.contains("office") ||
      !signed_settings.contains("signature") || !signed_settings["signature"].is_string())
    return invalid("invalid", "they are not signed settings");
  auto office = parse_office_settings(signed_settings["office"]);
  if (!office) return office;
  auto signature = from_base64url(signed_settings["signature"].get<std::string>());
  const std::string message = office_message(*office);
  if (!signature || signature->size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(signature->data(),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(), hub.sign_public.data()) != 0)
    return invalid("bad_signature", "their signature does not verify with the hub's key");
  return office;
}

bool office_settings_newer(const std::optional<OfficeSettings>& known,
                           const OfficeSettings& offered) {
  return !known || known->office_id != offered.office_id ||
         offered.updated_at_ms >= known->updated_at_ms;
}

}  // namespace sichtbar
