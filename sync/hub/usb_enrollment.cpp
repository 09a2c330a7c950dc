// Importing a kiosk's enrollment request from a USB stick; see usb_enrollment.h.
#include "hub/usb_enrollment.h"

#include <fmt/format.h>

#include "base/atomic_file.h"
#include "base/files.h"
#include "hub/receipt.h"
#include "hub/request_log.h"
#include "hub/store_logic.h"
#include "protocol/bundle.h"
#include "protocol/enrollment.h"

namespace sichtbar::hub {

Result<UsbEnrollReport> import_enroll_request(HubStore& store, const HubKeys& keys,
                                              const UsbEnrollConfig& config,
                                              const std::filesystem::path& request_file,
                                              std::int64_t now_ms) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(request_file, ec);
  if (ec)
    return fail("import.unreadable", "The enrollment request " + request_file.string() +
                                         " cannot be read. Check the USB stick and the path.");
  if (size > kMaxUsbEnrollRequestBytes)
    return fail("enroll.bad_request", "The file " + request_file.filename().string() +
                                          " is far too large for an enrollment request.");
  const auto text = read_whole_file(request_file);
  if (!text)
    return fail("import.unreadable", "The enrollment request " + request_file.string() +
                                         " cannot be read. Check the USB stick and the path.");
  auto request = parse_usb_enroll_request(*text);
  if (!request) {
    log_warning("enroll.usb_refused", "reason=" + request.error().code);
    return std::unexpected(request.error());
  }
  const EnrollRequest& r = request->request;
  UsbEnrollReport report;
  report.receipt = request_file.string() + std::string(kReceiptSuffix);
  report.device_name = r.name;
  report.device_hex = to_hex(r.device_id);

  auto known = store.find_device(r.device_id);
  if (!known) return std::unexpected(known.error());
  // Only the same key: a request naming an enrolled kiosk with another key is an attempt to take
  // its place (refused before a code is looked at, so the office's code stays good).
  if (*known && (*known)->sign_public != r.sign_public) {
    log_warning("enroll.usb_refused", "reason=device_exists device=" + report.device_hex);
    return fail("import.device_exists",
                "A kiosk with the id " + report.device_hex +
                    " is enrolled here already, with another key. Nothing was changed.");
  }
  // The request names no code: whichever live code's hash makes its MAC is the one it used.
  auto live = store.live_enroll_tokens(now_ms);
  if (!live) return std::unexpected(live.error());
  const Sha256* used = nullptr;
  for (const Sha256& hash : *live)
    if (usb_enroll_request_made_with(*request, hash)) used = &hash;
  // The office the code was made for (`enroll --office`), asked before the use deletes it.
  auto code_office = used ? store.enroll_token_office(*used) : Result<std::int64_t>(kFirstOffice);
  if (!code_office) return std::unexpected(code_office.error());
  auto consumed = used ? store.consume_enroll_token(*used, now_ms) : Result<bool>(false);
  if (!consumed) return std::unexpected(consumed.error());
  if (!*consumed) {
    // The stick came back with a request imported before (its code used up then): an active
    // kiosk gets its receipt again; a revoked one needs a new code, as online.
    if (*known && !(*known)->revoked_at_ms) {
      report.step = EnrollStep::Unchanged;
    } else if (*known) {
      log_warning("enroll.usb_refused", "reason=revoked_device device=" + report.device_hex);
      return fail("import.revoked_device",
                  "The kiosk " + report.device_hex + " (" + (*known)->name +
                      ") was revoked here, and its request " + request_file.filename().string() +
                      " was made with no code that is still valid. Nothing was changed. To "
                      "trust it again, make a new code (sichtbar-hub enroll --valid-minutes N) "
                      "and write a new request on the kiosk with it.");
    } else {
      log_warning("enroll.usb_refused", "reason=code_not_valid device=" + report.device_hex);
      return fail("enroll.code_not_valid",
                  "The enrollment request " + request_file.filename().string() + " (kiosk \"" +
                      r.name +
                      "\") was made with a code that is unknown here, already used or expired. "
                      "Nothing was enrolled. Make a new code (sichtbar-hub enroll "
                      "--valid-minutes N) and write a new request on the kiosk with it.");
    }
  } else {
    // The same decision as online (store_logic.h): new, trusted again, moved, or unchanged.
    auto step = admit_device(
        store, {r.device_id, r.sign_public, r.name, now_ms, std::nullopt, *code_office});
    if (!step) return std::unexpected(step.error());
    report.step = *step;
    log_info("enroll.usb",
             "device=" + report.device_hex + " step=" + std::string(enroll_step_name(*step)));
  }
  report.already_enrolled = report.step == EnrollStep::Unchanged;
  const KioskConfig kiosk{config.hub_url, config.profile_base_url, keys.recipient(), r.device_id,
                          now_ms};
  // The receipt brings the office's settings too (signed on their own, as a HELLO reply carries
  // them): a kiosk enrolled by stick can take profiles at once, its consent naming the office.
  auto enrolled = store.find_device(r.device_id);
  if (!enrolled) return std::unexpected(enrolled.error());
  const std::int64_t office_id = *enrolled ? (*enrolled)->office_id : kFirstOffice;
  auto office = signed_office_of(store, keys, office_id);
  if (!office) return std::unexpected(office.error());
  nlohmann::json with_office =
      nlohmann::json::parse(sign_usb_enroll_receipt(kiosk, keys, *request));
  with_office["office"] = std::move(*office);
  const std::string receipt = with_office.dump();
  if (auto w = write_file_atomically(report.receipt, as_bytes(receipt)); !w)
    return std::unexpected(w.error());
  return report;
}

}  // namespace sichtbar::hub
