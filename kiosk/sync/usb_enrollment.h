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
// the kiosk waits for its answer; the volunteer's screen and `sichtbar-kiosk enroll --usb` both
// come here. The office's key file on the stick (dir/hub-public.json) is saved when the kiosk
// has no hub yet (then it must be there: "enroll.no_hub_key") or when it is another office's (a
// move, refused while profiles wait for the old office: leave_old_hub); profile_base_url is the
// link base kept until the receipt says where the links go. An enrolled kiosk writes one with
// the same device key too (after a revocation: the office trusts it again with a new code), and
// stays as it is until the answer comes. Errors: "enroll.bad_code", "enroll.no_hub_key",
// "enroll.unsent_profiles", setup and file errors.
Result<std::filesystem::path> write_enroll_request(KioskStore& store, const std::string& code,
                                                   const std::string& kiosk_name,
                                                   const std::filesystem::path& dir,
                                                   const std::string& profile_base_url);

// Whether the file is the hub's answer to an enrollment request (not a bundle's receipt).
bool is_enroll_receipt(std::string_view text);

// Completes the enrollment: the receipt must be signed with the hub key the kiosk has, name this
// kiosk and answer its last request; the hub's profile link base (and a newer record key) are
// adopted. An enrolled kiosk that wrote a request since takes the answer too (a revocation
// lifted). Errors: "enroll.bad_receipt", "enroll.no_request", "enroll.already_enrolled" (no
// request waits: the receipt was imported before).
Result<KioskConfig> import_enroll_receipt(KioskStore& store, const KioskSetup& setup,
                                          const DeviceIdentity& device,
                                          std::string_view receipt_text);

}  // namespace sichtbar
