// Enrollment by USB stick, the kiosk's side: the request written to the stick (with the
// one-time code from the office, which never goes on the stick itself) and the hub's receipt
// read back, which completes the enrollment. PROTOCOL.md, "Enrollment by USB stick".
#pragma once

#include <filesystem>
#include <string>

#include "core/setup.h"
#include "core/store.h"
#include "protocol/enrollment.h"

namespace sichtbar {

// Writes "sichtbar-enroll-<device>.sbe" into dir for `sichtbar-hub import` and remembers that
// the kiosk waits for its answer. Needs the hub's key file saved first (setup --hub-key).
// Errors: "enroll.bad_code", "enroll.already_enrolled", setup and file errors.
Result<std::filesystem::path> write_enroll_request(KioskStore& store, const KioskSetup& setup,
                                                   const std::string& code,
                                                   const std::string& kiosk_name,
                                                   const std::filesystem::path& dir);

// Whether the file is the hub's answer to an enrollment request (not a bundle's receipt).
bool is_enroll_receipt(std::string_view text);

// Completes the enrollment: the receipt must be signed with the hub key the kiosk has, name this
// kiosk and answer its last request; the hub's profile link base (and a newer record key) are
// adopted. Errors: "enroll.bad_receipt", "enroll.no_request", "enroll.already_enrolled".
Result<KioskConfig> import_enroll_receipt(KioskStore& store, const KioskSetup& setup,
                                          const DeviceIdentity& device,
                                          std::string_view receipt_text);

}  // namespace sichtbar
