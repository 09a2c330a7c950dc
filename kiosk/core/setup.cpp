// Loading and saving the kiosk setup; see setup.h.
#include "core/setup.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "base/dates.h"
#include "base/text.h"
#include "domain/record_check.h"  // kMaxEventText: what the hub accepts
#include "domain/ui_languages.h"

namespace sichtbar {

namespace {

const char* kHubPublic = "hub.public";
const char* kHubUrl = "hub.url";
const char* kProfileBaseUrl = "profile_base_url";
const char* kEventLanguages = "event.languages";  // "de,en,ar": comma-separated, no spaces
const char* kEventSound = "event.sound";          // "off" when the volunteer turned it off
const char* kPrinter = "printer";                 // a CUPS queue; empty or missing: none
// "complete" once the hub knows this kiosk, "waiting" until then (store migration 2 sets it for
// kiosks enrolled online before it existed). Missing: not enrolled.
const char* kEnrollment = "enrollment";
const char* kEnrollmentRequest = "enrollment.request_mac";  // hex, of the USB request written
const char* kOffice = "office.settings";  // office_settings_json of the verified settings

// The office settings kept; none when there are none or they no longer parse (they were checked
// before they were saved, so only a damaged store gets here: the next sync brings them again).
Result<std::optional<OfficeSettings>> kept_office(const KioskStore& store) {
  auto text = store.setting(kOffice);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<OfficeSettings>{};
  auto doc = nlohmann::json::parse(**text, nullptr, false);
  auto office = parse_office_settings(doc);
  if (!office) return std::optional<OfficeSettings>{};
  return std::optional<OfficeSettings>{std::move(*office)};
}

// The languages as the event keeps them: known, each once, in kUiLanguages' order.
Result<std::vector<std::string>> event_languages(const std::vector<std::string>& chosen) {
  for (const std::string& code : chosen)
    if (!is_ui_language(code)) {
      std::string known;
      for (std::string_view k : kUiLanguages) known += (known.empty() ? "" : " ") + std::string(k);
      return fail("setup.bad_languages", "\"" + clean_text(code, false) +
                                             "\" is not one of the kiosk's languages (" + known +
                                             ").");
    }
  std::vector<std::string> out;
  for (std::string_view k : kUiLanguages)
    if (std::find(chosen.begin(), chosen.end(), k) != chosen.end()) out.emplace_back(k);
  if (out.empty())
    return fail("setup.bad_languages", "Choose at least one language for the event.");
  return out;
}

Result<void> check_url(std::string_view url, const std::string& what) {
  const bool scheme = url.starts_with("https://") || url.starts_with("http://");
  if (!scheme || url.size() <= url.find("://") + 3)
    return fail("setup.bad_url", "The " + what + " \"" + std::string(url) +
                                     "\" must start with https:// (or http://) and name the hub.");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '?' || c == '#' || c == '"' || c == '<' ||
        c == '>' || static_cast<unsigned char>(c) >= 0x7f)
      return fail("setup.bad_url", "The " + what + " \"" + std::string(url) +
                                       "\" may not contain spaces, quotes, ?, # or non-ASCII.");
  return {};
}

Result<void> save_all(KioskStore& store,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> items,
                      std::string_view audit_event) {
  auto tx = store.begin();
  if (!tx) return std::unexpected(tx.error());
  for (auto [key, value] : items)
    if (auto r = store.set_setting(key, value); !r) return r;
  if (auto r = store.audit(audit_event); !r) return r;
  return tx->commit();
}

}  // namespace

std::vector<std::string> all_ui_languages() { return {kUiLanguages.begin(), kUiLanguages.end()}; }

std::vector<std::string> split_language_list(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string code = clean_text(list.substr(0, comma), false);
    if (!code.empty()) out.push_back(std::move(code));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

Result<void> check_profile_base_url(std::string_view url) {
  return check_url(url, "profile link base");
}

namespace {

// One setting into out; a missing required one is "setup.missing" with the advice.
Result<void> read_setting(const KioskStore& store, std::string_view key, std::string& out,
                          const std::string& advice, bool required = true) {
  auto v = store.setting(key);
  if (!v) return std::unexpected(v.error());
  if (*v)
    out = **v;
  else if (required)
    return fail("setup.missing", "This kiosk is not set up yet: " + advice);
  return {};
}

}  // namespace

Result<KioskSetup> KioskSetup::load_hub(const KioskStore& store) {
  KioskSetup s;
  const std::string hub_advice =
      "enroll it with a code from the office (sichtbar-kiosk enroll) or give it the hub's key "
      "file (sichtbar-kiosk setup --hub-key).";
  if (auto r = read_setting(store, kHubPublic, s.hub_public_json, hub_advice); !r)
    return std::unexpected(r.error());
  if (auto r = read_setting(store, kProfileBaseUrl, s.profile_base_url, hub_advice); !r)
    return std::unexpected(r.error());
  if (auto r = read_setting(store, kHubUrl, s.hub_url, "", false); !r)
    return std::unexpected(r.error());
  auto hub = parse_hub_public(s.hub_public_json);
  if (!hub) return std::unexpected(hub.error());
  s.hub = *hub;
  auto enrolled = is_enrolled(store);
  if (!enrolled) return std::unexpected(enrolled.error());
  s.enrolled = *enrolled;
  auto office = kept_office(store);
  if (!office) return std::unexpected(office.error());
  s.office = std::move(*office);
  s.languages = all_ui_languages();
  return s;
}

Result<KioskSetup> KioskSetup::load(const KioskStore& store) {
  auto s = load_hub(store);
  if (!s) return s;
  const std::string event_advice =
      "set up the event (sichtbar-kiosk setup --event-name ... --event-date ...).";
  for (auto [key, out] :
       {std::pair{"event.id", &s->event.id}, std::pair{"event.name", &s->event.name},
        std::pair{"event.venue", &s->event.venue}, std::pair{"event.date", &s->event.date},
        std::pair{"event.kind", &s->event.kind}})
    if (auto r = read_setting(store, key, *out, event_advice); !r)
      return std::unexpected(r.error());
  std::string languages;
  if (auto r = read_setting(store, kEventLanguages, languages, "", false); !r)
    return std::unexpected(r.error());
  // Only save_event writes the list, checked; an older kiosk has none and offers every language.
  auto checked = event_languages(split_language_list(languages));
  s->languages = checked ? std::move(*checked) : all_ui_languages();
  std::string sound;
  if (auto r = read_setting(store, kEventSound, sound, "", false); !r)
    return std::unexpected(r.error());
  s->sound = sound != "off";
  if (auto r = read_setting(store, kPrinter, s->printer, "", false); !r)
    return std::unexpected(r.error());
  return s;
}

Result<bool> save_office_settings(KioskStore& store, const OfficeSettings& office) {
  auto known = kept_office(store);
  if (!known) return std::unexpected(known.error());
  if ((*known && **known == office) || !office_settings_newer(*known, office)) return false;
  if (auto r = save_all(store, {{kOffice, office_settings_json(office).dump()}},
                        "kiosk.office_set");
      !r)
    return std::unexpected(r.error());
  return true;
}

std::string office_incomplete_message(const OfficeSettings& office) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"name", "its name"},
      {"contact", "its contact"},
      {"data_protection_officer", "its data protection officer"},
      {"supervisory_authority", "the supervisory authority"}};
  const std::vector<std::string_view> missing = missing_office_settings(office);
  if (missing.empty()) return {};
  std::vector<std::string_view> named;
  for (const auto& [field, word] : kWords)
    if (std::find(missing.begin(), missing.end(), field) != missing.end()) named.push_back(word);
  std::string words;
  for (std::size_t i = 0; i < named.size(); ++i)
    words += std::string(i == 0 ? "" : i + 1 == named.size() ? " and " : ", ") +
             std::string(named[i]);
  return "The office's settings on this kiosk lack " + words +
         ", so the consent cannot name them. The office completes them at the hub (sichtbar-hub "
         "office set " +
         std::to_string(office.office_id) +
         " ...); sync once more, then people can start.";
}

Result<std::optional<HubRecipient>> saved_hub(const KioskStore& store) {
  auto text = store.setting(kHubPublic);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<HubRecipient>{};
  auto hub = parse_hub_public(**text);
  if (!hub) return std::unexpected(hub.error());
  return std::optional<HubRecipient>{*hub};
}

Result<bool> is_enrolled(const KioskStore& store) {
  auto v = store.setting(kEnrollment);
  if (!v) return std::unexpected(v.error());
  return *v && **v == "complete";
}

Result<void> save_enrollment_request(KioskStore& store,
                                     const std::array<std::uint8_t, 32>& request_mac) {
  return save_all(store, {{kEnrollmentRequest, to_hex(request_mac)}}, "kiosk.enroll_requested");
}

Result<std::optional<std::array<std::uint8_t, 32>>> pending_enrollment_request(
    const KioskStore& store) {
  using Out = std::optional<std::array<std::uint8_t, 32>>;
  auto v = store.setting(kEnrollmentRequest);
  if (!v) return std::unexpected(v.error());
  if (!*v) return Out();
  auto bytes = from_hex(**v);
  if (!bytes || bytes->size() != 32) return Out();
  std::array<std::uint8_t, 32> mac{};
  std::copy(bytes->begin(), bytes->end(), mac.begin());
  return Out(mac);
}

Result<void> save_enrolled(KioskStore& store) {
  // The request it wrote is answered: its receipt imported again changes nothing.
  return save_all(store, {{kEnrollment, "complete"}, {kEnrollmentRequest, ""}}, "kiosk.enrolled");
}

Result<void> save_hub(KioskStore& store, const std::string& hub_public_json,
                      const std::string& profile_base_url, const std::string& hub_url) {
  auto hub = parse_hub_public(hub_public_json);
  if (!hub) return std::unexpected(hub.error());
  if (auto r = check_profile_base_url(profile_base_url); !r) return r;
  if (!hub_url.empty())
    if (auto r = check_url(hub_url, "hub address"); !r) return r;
  // Enrollment belongs to the hub's signing key: the same key keeps it, another hub starts over.
  auto before = store.setting(kHubPublic);
  if (!before) return std::unexpected(before.error());
  auto enrolled = is_enrolled(store);
  if (!enrolled) return std::unexpected(enrolled.error());
  bool same_hub = false;
  if (*before)
    if (auto old = parse_hub_public(**before)) same_hub = old->sign_public == hub->sign_public;
  const std::string_view enrollment =
      !hub_url.empty() || (*enrolled && same_hub) ? "complete" : "waiting";
  return save_all(store,
                  {{kHubPublic, hub_public_json},
                   {kProfileBaseUrl, profile_base_url},
                   {kHubUrl, hub_url},
                   {kEnrollment, enrollment}},
                  "kiosk.hub_set");
}

Result<EventInfo> save_event(KioskStore& store, EventInfo event,
                             const std::vector<std::string>& languages, bool sound) {
  event.name = clean_text(event.name, false);
  event.venue = clean_text(event.venue, false);
  if (event.kind != "info" && event.kind != "football")
    return fail("setup.bad_event_kind",
                "The event kind must be \"info\" (info event) or "
                "\"football\" (football venue), not \"" +
                    event.kind + "\".");
  if (!is_calendar_date(event.date))
    return fail("setup.bad_date",
                "The event date must be a calendar date written like 2026-11-28, not \"" +
                    clean_text(event.date, false) + "\".");
  if (event.name.empty() || count_code_points(event.name) > kMaxEventText)
    return fail("setup.bad_event_name", "The event needs a name (at most 200 characters).");
  if (count_code_points(event.venue) > kMaxEventText)
    return fail("setup.bad_venue", "The venue may have at most 200 characters.");
  auto offered = event_languages(languages);
  if (!offered) return std::unexpected(offered.error());
  std::string language_list;
  for (const std::string& code : *offered)
    language_list += (language_list.empty() ? "" : ",") + code;
  if (event.id.empty()) event.id = event.date + "-" + to_hex(random_array<3>());
  if (auto r = save_all(store,
                        {{"event.id", event.id},
                         {"event.name", event.name},
                         {"event.venue", event.venue},
                         {"event.date", event.date},
                         {"event.kind", event.kind},
                         {kEventLanguages, language_list},
                         {kEventSound, sound ? "on" : "off"}},
                        "kiosk.event_set");
      !r)
    return std::unexpected(r.error());
  return event;
}

Result<void> save_printer(KioskStore& store, std::string_view printer) {
  if (printer == "none") printer = {};
  // CUPS' own rule for a queue name (lpadmin refuses the rest).
  const bool bad =
      printer.size() > 127 || std::any_of(printer.begin(), printer.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7f || c == '/' || c == '#' || c == '\\' || c == '"' || c == '\'';
      });
  if (bad)
    return fail("setup.bad_printer",
                "The printer \"" + clean_text(printer, false) +
                    "\" is not a printer name: use the name `lpstat -p` lists, or \"none\".");
  return save_all(store, {{kPrinter, printer}}, "kiosk.printer_set");
}

Result<DeviceIdentity> ensure_device_identity(KioskStore& store) {
  auto existing = store.device_identity();
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return **existing;
  DeviceIdentity device = DeviceIdentity::generate();
  if (auto r = store.save_device_identity(device, unix_ms_now()); !r) {
    device.wipe();
    return std::unexpected(r.error());
  }
  return device;
}

}  // namespace sichtbar
