// Writing the USB enrollment request and importing its receipt; see usb_enrollment.h.
#include "sync/usb_enrollment.h"

#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "protocol/office_settings.h"
#include "sync/sync_client.h"

namespace sichtbar {

Result<std::filesystem::path> write_enroll_request(KioskStore& store, const KioskSetup& setup,
                                                   const std::string& code,
                                                   const std::string& kiosk_name,
                                                   const std::filesystem::path& dir) {
  if (setup.enrolled)
    return fail("enroll.already_enrolled",
                "This kiosk is registered with the office already: no request is needed.");
  auto made = enroll_request_of(store, code, kiosk_name);
  if (!made) return std::unexpected(made.error());
  const EnrollRequest& request = *made;
  if (request.name.empty() || request.name.size() > 100)
    return fail("enroll.bad_request", "The kiosk's name must be 1 to 100 characters long.");
  const std::filesystem::path file =
      dir / ("sichtbar-enroll-" + to_hex(request.device_id).substr(0, 8) +
             std::string(kUsbEnrollExtension));
  const UsbEnrollRequest usb = usb_enroll_request_of(request);
  if (auto r = write_file_atomically(file, write_usb_enroll_request(request), {.mode = 0644}); !r)
    return std::unexpected(r.error());
  if (auto r = save_enrollment_request(store, usb.code_mac); !r) return std::unexpected(r.error());
  return file;
}

bool is_enroll_receipt(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_object() && j.contains("config");
}

Result<KioskConfig> import_enroll_receipt(KioskStore& store, const KioskSetup& setup,
                                          const DeviceIdentity& device,
                                          std::string_view receipt_text) {
  auto pending = pending_enrollment_request(store);
  if (!pending) return std::unexpected(pending.error());
  if (setup.enrolled)
    return fail("enroll.already_enrolled",
                "This kiosk is registered with the office already: the receipt changes nothing.");
  if (!*pending)
    return fail("enroll.no_request",
                "This kiosk wrote no enrollment request, so this receipt is not for it. Write "
                "one first: sichtbar-kiosk enroll --usb DIR --code CODE.");
  auto config = verify_usb_enroll_receipt(receipt_text, setup.hub, device.device_id, **pending);
  if (!config) return std::unexpected(config.error());
  // The office's settings, when the hub sent them along: kept only if its signing key vouches
  // for them (a receipt from a hub before offices has none; the first sync brings them then).
  std::optional<OfficeSettings> office;
  if (auto j = nlohmann::json::parse(receipt_text, nullptr, false); j.contains("office")) {
    auto verified = verify_signed_office_settings(j["office"], setup.hub);
    if (!verified) return std::unexpected(verified.error());
    office = std::move(*verified);
  }
  // The hub knows where its profile pages are, and may have a newer record key (same signing
  // key, checked above): the QR codes from now on use what it says.
  const HubRecipient hub = config->hub.key_id > setup.hub.key_id ? config->hub : setup.hub;
  const std::string& base = check_profile_base_url(config->profile_base_url)
                                ? config->profile_base_url
                                : setup.profile_base_url;
  if (auto r = save_hub(store, hub_public_json(hub).dump(), base, setup.hub_url); !r)
    return std::unexpected(r.error());
  if (auto r = save_enrolled(store); !r) return std::unexpected(r.error());
  if (office)
    if (auto r = save_office_settings(store, *office); !r) return std::unexpected(r.error());
  return config;
}

}  // namespace sichtbar
