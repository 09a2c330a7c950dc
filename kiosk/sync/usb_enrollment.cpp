// Writing the USB enrollment request and importing its receipt; see usb_enrollment.h.
#include "sync/usb_enrollment.h"

#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/files.h"
#include "protocol/office_settings.h"
#include "sync/sync_client.h"

namespace sichtbar {

namespace {

// The request file for `sichtbar-hub import`, and the kiosk waits for its answer from now on.
Result<std::filesystem::path> write_request_file(KioskStore& store, const std::string& code,
                                                 const std::string& kiosk_name,
                                                 const std::filesystem::path& dir) {
  // An enrolled kiosk may write one too: after a revocation, or for a move to another office,
  // the office answers a new code and the key it has (the kiosk stays as it is until then).
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

}  // namespace

Result<std::filesystem::path> write_enroll_request(KioskStore& store, const std::string& code,
                                                   const std::string& kiosk_name,
                                                   const std::filesystem::path& dir,
                                                   const std::string& profile_base_url) {
  // Checked before anything is kept: a mistyped code leaves the kiosk as it was.
  if (!normalize_enroll_code(code))
    return std::unexpected(enroll_request_of(store, code, "").error());
  auto hub = saved_hub(store);
  if (!hub) return std::unexpected(hub.error());
  const auto key = read_whole_file(dir / "hub-public.json");
  if (!*hub && !key)
    return fail("enroll.no_hub_key",
                "The USB stick has no hub-public.json: the office copies its key file onto "
                "the stick for a new kiosk.");
  if (key) {
    auto stick_hub = parse_hub_public(*key);
    if (!stick_hub) return std::unexpected(stick_hub.error());
    // Another office's key: the kiosk moves there, by the rules of an online move; it waits for
    // the new office's receipt from now on.
    if (!*hub || (*hub)->sign_public != stick_hub->sign_public) {
      if (auto r = leave_old_hub(store, *stick_hub); !r) return std::unexpected(r.error());
      if (auto r = save_hub(store, *key, profile_base_url, ""); !r)
        return std::unexpected(r.error());
    }
  }
  // Nothing to check the office's answer with: set up with the hub's key file first.
  if (auto setup = KioskSetup::load_hub(store); !setup) return std::unexpected(setup.error());
  return write_request_file(store, code, kiosk_name, dir);
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
  // Enrolled and no request waits: this receipt (imported before) changes nothing. An enrolled
  // kiosk that wrote a request (revoked, or moving) takes the office's answer.
  if (!*pending && setup.enrolled)
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
