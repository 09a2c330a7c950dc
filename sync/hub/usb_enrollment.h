// Enrollment by USB stick, the hub's side: `sichtbar-hub import` reads a kiosk's enrollment
// request from the stick, checks it against the one-time codes the office made (the request
// holds a MAC keyed with one, never the code), enrolls the kiosk and writes the signed receipt
// next to the request for the kiosk to import. PROTOCOL.md, "Enrollment by USB stick".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "hub/hub_store.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

struct UsbEnrollReport {
  std::filesystem::path receipt;
  std::string device_name;
  std::string device_hex;
  bool already_enrolled = false;  // imported before: the receipt was written again, no code used
};

// What the kiosk's config says besides the hub's keys (the hub's settings).
struct UsbEnrollConfig {
  std::string hub_url;  // the hub's public URL
  std::string profile_base_url;
};

// Errors: "import.unreadable", "enroll.bad_request", "enroll.code_not_valid" (unknown, used or
// expired: nothing enrolled), "import.device_exists" (the id is enrolled with another key),
// "import.revoked_device", store errors. A request of a kiosk already enrolled with the same key
// gets its receipt again (the stick came back with it, or the receipt was lost).
Result<UsbEnrollReport> import_enroll_request(HubStore& store, const HubKeys& keys,
                                              const UsbEnrollConfig& config,
                                              const std::filesystem::path& request_file,
                                              std::int64_t now_ms);

}  // namespace sichtbar::hub
