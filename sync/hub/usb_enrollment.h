// Enrollment by USB stick, the hub's side: `sichtbar-hub import` reads a kiosk's enrollment
// request from the stick, checks it against the one-time codes the office made (the request
// holds a MAC keyed with one, never the code), enrolls the kiosk and writes the signed receipt
// next to the request for the kiosk to import. PROTOCOL.md, "Enrollment by USB stick".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "hub/hub_store.h"
#include "hub/store_logic.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

struct UsbEnrollReport {
  std::filesystem::path receipt;
  std::string device_name;
  std::string device_hex;
  // What the hub made of the kiosk (store_logic.h): Add, Reinstate (it was revoked), Move (to
  // the code's office), Unchanged (enrolled here already: the receipt was written again).
  EnrollStep step = EnrollStep::Add;
  bool already_enrolled = false;  // step == Unchanged
};

// What the kiosk's config says besides the hub's keys (the hub's settings).
struct UsbEnrollConfig {
  std::string hub_url;  // the hub's public URL
  std::string profile_base_url;
};

// A request made with a live code is decided as an online enrollment is (admit_device): a
// revoked kiosk with the key it had is trusted again, an enrolled one with another office's code
// moves there. Errors: "import.unreadable", "enroll.bad_request", "enroll.code_not_valid"
// (unknown, used or expired: nothing enrolled), "import.device_exists" (the id is enrolled with
// another key), "import.revoked_device" (revoked, and the request has no live code), store
// errors. A request of a kiosk enrolled with the same key and no live code gets its receipt
// again (the stick came back with it, or the receipt was lost).
Result<UsbEnrollReport> import_enroll_request(HubStore& store, const HubKeys& keys,
                                              const UsbEnrollConfig& config,
                                              const std::filesystem::path& request_file,
                                              std::int64_t now_ms);

}  // namespace sichtbar::hub
