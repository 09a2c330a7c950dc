// The kiosk's setup: which hub it seals to (and how to reach it), the profile link's base URL,
// the current event, and the device's signing identity. Lives in the kiosk store; the hub part
// comes from enrollment (or, offline, a hub public key file), the event from the volunteer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/store.h"
#include "domain/record.h"
#include "protocol/keys.h"

namespace sichtbar {

struct KioskSetup {
  HubRecipient hub;
  std::string hub_public_json;  // the hub's public key file, as received
  std::string hub_url;          // empty when set up offline from a key file (USB sync only)
  std::string profile_base_url;
  EventInfo event;
  // The languages the current event offers at the language screen, in kUiLanguages' order;
  // never empty. A kiosk set up before events had a language list offers all of them.
  std::vector<std::string> languages;

  // A kiosk that was never set up gets an error telling the volunteer what to do.
  static Result<KioskSetup> load(const KioskStore& store);
};

// The hub this kiosk seals to: checked, then saved. hub_url may be empty (USB-only kiosk).
Result<void> save_hub(KioskStore& store, const std::string& hub_public_json,
                      const std::string& profile_base_url, const std::string& hub_url);

// Every UI language (ui_languages.h), in order: what an event offers unless told otherwise.
std::vector<std::string> all_ui_languages();

// The current event and the languages it offers: checked, then saved together. Name and venue
// are cleaned like typed text (text.h); an empty id gets the date and a random suffix. The
// languages must be UI languages (kUiLanguages), at least one; they are kept in kUiLanguages'
// order, each once. Errors: setup.bad_event_kind, setup.bad_date, setup.bad_event_name,
// setup.bad_venue, setup.bad_languages.
Result<EventInfo> save_event(KioskStore& store, EventInfo event,
                             const std::vector<std::string>& languages = all_ui_languages());

// "de, en,ar" -> {"de", "en", "ar"}: a language list as a volunteer types it (CLI --languages).
std::vector<std::string> split_language_list(std::string_view list);

// The device's signing identity, made on first use and kept for the kiosk's life.
Result<DeviceIdentity> ensure_device_identity(KioskStore& store);

Result<void> check_profile_base_url(std::string_view url);

}  // namespace sichtbar
