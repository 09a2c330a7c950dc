// The kiosk's setup: which hub it seals to (and how to reach it), the profile link's base URL,
// the current event, and the device's signing identity. Lives in the kiosk store; the hub part
// comes from enrollment (or, offline, a hub public key file), the event from the volunteer.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store.h"
#include "domain/record.h"
#include "protocol/keys.h"
#include "protocol/office_settings.h"

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
  // The hub knows this kiosk: enrolled online, or its USB enrollment receipt was imported. Until
  // then no profile may be started or finished (the hub would refuse them).
  bool enrolled = false;
  // The person screens' speaker button (read aloud): on unless the volunteer turned it off for
  // the event (a quiet venue, or a stand with no loudspeaker).
  bool sound = true;
  // The CUPS queue the QR screen prints a person's slip on (a printed link for someone without
  // a smartphone); empty: no printer, and the QR screen offers no printing. Set by the volunteer.
  std::string printer;
  // The counselling office the kiosk belongs to, as the hub last told it (signed, verified):
  // the controller its consent screens name. None before the first sync or receipt.
  std::optional<OfficeSettings> office;

  // A kiosk that was never set up gets an error telling the volunteer what to do.
  static Result<KioskSetup> load(const KioskStore& store);
  // The hub part alone (hub, its address, the link base, enrollment, the office; every
  // language, no event): enough to enroll or sync before the first event is set up.
  static Result<KioskSetup> load_hub(const KioskStore& store);
};

// The hub this kiosk seals to: checked, then saved. hub_url may be empty (USB-only kiosk).
// With a hub URL (online enrollment) the kiosk is enrolled; without one it waits for its USB
// enrollment, unless it was enrolled with this hub already (the same signing key: a new record
// key from a rotation, or setup run again).
Result<void> save_hub(KioskStore& store, const std::string& hub_public_json,
                      const std::string& profile_base_url, const std::string& hub_url);

// What a volunteer must do while the kiosk is not enrolled; the CLI's words. The screens have it
// as "ui.welcome.not_enrolled" in every language, naming the Connect button under it
// ("admin.enroll.title"); here the same button, and the command that does the same.
inline constexpr std::string_view kNotEnrolledMessage =
    "This kiosk is not connected to an office yet. A volunteer taps \"Connect to the office hub\" "
    "on its screen, or runs `sichtbar-kiosk enroll` with a code from the office.";

// What a volunteer must do while the kiosk has no office settings (KioskSetup::office): the
// consent must name who is responsible, and only the office's signed settings can say it. The
// screens have it as "ui.welcome.no_office".
inline constexpr std::string_view kNoOfficeMessage =
    "This kiosk does not know its office's settings yet, so the consent cannot name who is "
    "responsible. Sync once with the office (network or USB stick), then people can start.";

// What a volunteer must do while the office's settings the kiosk holds leave out one that the
// consent names (missing_office_settings): the consent cannot name them (GDPR Art. 13), and
// nothing at the stand can make them up. Names what is missing; empty when nothing is. The
// screens have it as "ui.welcome.office_incomplete" with "ui.welcome.office_missing.<field>".
std::string office_incomplete_message(const OfficeSettings& office);

// The hub this kiosk seals to as saved (save_hub), without the event a full setup needs; none
// before the first enrollment or key file.
Result<std::optional<HubRecipient>> saved_hub(const KioskStore& store);

// Whether the hub knows this kiosk (see KioskSetup::enrolled); read from the store each time.
Result<bool> is_enrolled(const KioskStore& store);
// The USB enrollment request was written: the kiosk waits for the receipt that answers it
// (request_mac: the request's code MAC, which the receipt must be keyed with).
Result<void> save_enrollment_request(KioskStore& store,
                                     const std::array<std::uint8_t, 32>& request_mac);
// The MAC of the request the kiosk waits an answer for; empty when it wrote none.
Result<std::optional<std::array<std::uint8_t, 32>>> pending_enrollment_request(
    const KioskStore& store);
// The hub confirmed this kiosk (a verified receipt or online enrollment): profiles may start,
// and no request waits for an answer any more.
Result<void> save_enrolled(KioskStore& store);

// Keeps the office's settings (verified by the caller) when they are newer than the ones kept
// (office_settings_newer): true when they changed.
Result<bool> save_office_settings(KioskStore& store, const OfficeSettings& office);

// Every UI language (ui_languages.h), in order: what an event offers unless told otherwise.
std::vector<std::string> all_ui_languages();

// The current event and the languages it offers: checked, then saved together. Name and venue
// are cleaned like typed text (text.h); an empty id gets the date and a random suffix. The
// languages must be UI languages (kUiLanguages), at least one; they are kept in kUiLanguages'
// order, each once. Errors: setup.bad_event_kind, setup.bad_date, setup.bad_event_name,
// setup.bad_venue, setup.bad_languages. sound: whether the screens may read aloud (kept with the
// event, like its languages).
Result<EventInfo> save_event(KioskStore& store, EventInfo event,
                             const std::vector<std::string>& languages = all_ui_languages(),
                             bool sound = true);

// The printer the QR screen prints slips on (a CUPS queue name; empty or "none": no printer),
// checked, then saved. Error setup.bad_printer: not a name CUPS allows (at most 127 printable
// characters, no space, "/", "#" or quote).
Result<void> save_printer(KioskStore& store, std::string_view printer);

// "de, en,ar" -> {"de", "en", "ar"}: a language list as a volunteer types it (CLI --languages).
std::vector<std::string> split_language_list(std::string_view list);

// The device's signing identity, made on first use and kept for the kiosk's life.
Result<DeviceIdentity> ensure_device_identity(KioskStore& store);

Result<void> check_profile_base_url(std::string_view url);

}  // namespace sichtbar
