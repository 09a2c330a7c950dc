// The kiosk's setup: which hub it seals to (and how to reach it), the profile link's base URL,
// the current event, and the device's signing identity. Lives in the kiosk store; the hub part
// comes from enrollment (or, offline, a hub public key file), the event from the volunteer.
#pragma once

#include <string>

#include "core/record.h"
#include "core/store.h"
#include "protocol/keys.h"

namespace sichtbar {

struct KioskSetup {
  HubRecipient hub;
  std::string hub_public_json;  // the hub's public key file, as received
  std::string hub_url;          // empty when set up offline from a key file (USB sync only)
  std::string profile_base_url;
  EventInfo event;

  // A kiosk that was never set up gets an error telling the volunteer what to do.
  static Result<KioskSetup> load(const KioskStore& store);
};

// The hub this kiosk seals to: checked, then saved. hub_url may be empty (USB-only kiosk).
Result<void> save_hub(KioskStore& store, const std::string& hub_public_json,
                      const std::string& profile_base_url, const std::string& hub_url);

// The current event: checked, then saved. An empty id gets the date and a random suffix.
Result<EventInfo> save_event(KioskStore& store, EventInfo event);

// The device's signing identity, made on first use and kept for the kiosk's life.
Result<DeviceIdentity> ensure_device_identity(KioskStore& store);

Result<void> check_profile_base_url(std::string_view url);

}  // namespace sichtbar
