// The kiosk's setup: which hub it seals to, the profile link's base URL, and the current event.
// Lives in the kiosk store's settings; made by `sichtbar-kiosk setup` now and by enrollment and
// the volunteer's admin screen later.
#pragma once

#include <string>

#include "core/record.h"
#include "core/store.h"
#include "protocol/keys.h"

namespace sichtbar {

struct KioskSetup {
  HubRecipient hub;
  std::string hub_public_json;  // the hub's public key file, as received
  std::string profile_base_url;
  EventInfo event;

  // A kiosk that was never set up gets an error telling the volunteer what to do.
  static Result<KioskSetup> load(const KioskStore& store);
};

struct SetupRequest {
  std::string hub_public_json;
  std::string profile_base_url;
  EventInfo event;  // id may be empty: one is made from the date and a random suffix
};

// Checks everything first, then saves it in one transaction and makes the device identity if the
// kiosk has none yet. Returns the setup now in force.
Result<KioskSetup> set_up_kiosk(KioskStore& store, const SetupRequest& request);

Result<void> check_profile_base_url(std::string_view url);

}  // namespace sichtbar
