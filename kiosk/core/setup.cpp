// Loading and saving the kiosk setup; see setup.h.
#include "core/setup.h"

#include <cctype>

namespace sichtbar {

namespace {

const char* kHubPublic = "hub.public";
const char* kProfileBaseUrl = "profile_base_url";

bool is_iso_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

Result<void> check_profile_base_url(std::string_view url) {
  const bool scheme = url.starts_with("https://") || url.starts_with("http://");
  const size_t host_at = url.find("://") + 3;
  if (!scheme || url.size() <= host_at)
    return fail("setup.bad_url", "The profile link base \"" + std::string(url) +
                                     "\" must start with https:// (or http://) and name the hub.");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '?' || c == '#' || c == '"' || c == '<' ||
        c == '>' || static_cast<unsigned char>(c) >= 0x7f)
      return fail("setup.bad_url", "The profile link base \"" + std::string(url) +
                                       "\" may not contain spaces, quotes, ?, # or non-ASCII.");
  return {};
}

Result<KioskSetup> KioskSetup::load(const KioskStore& store) {
  const std::string not_set_up =
      "This kiosk is not set up yet: run `sichtbar-kiosk setup` (or enroll it with the office).";
  KioskSetup s;
  auto get = [&](std::string_view key, std::string& out) -> Result<void> {
    auto v = store.setting(key);
    if (!v) return std::unexpected(v.error());
    if (!*v) return fail("setup.missing", not_set_up + " Missing: " + std::string(key) + ".");
    out = **v;
    return {};
  };
  for (auto [key, out] : {std::pair{kHubPublic, &s.hub_public_json},
                          std::pair{kProfileBaseUrl, &s.profile_base_url},
                          std::pair{"event.id", &s.event.id}, std::pair{"event.name", &s.event.name},
                          std::pair{"event.venue", &s.event.venue},
                          std::pair{"event.date", &s.event.date},
                          std::pair{"event.kind", &s.event.kind}})
    if (auto r = get(key, *out); !r) return std::unexpected(r.error());
  auto hub = parse_hub_public(s.hub_public_json);
  if (!hub) return std::unexpected(hub.error());
  s.hub = *hub;
  return s;
}

Result<KioskSetup> set_up_kiosk(KioskStore& store, const SetupRequest& request) {
  auto hub = parse_hub_public(request.hub_public_json);
  if (!hub) return std::unexpected(hub.error());
  if (auto r = check_profile_base_url(request.profile_base_url); !r)
    return std::unexpected(r.error());
  EventInfo event = request.event;
  if (event.kind != "info" && event.kind != "football")
    return fail("setup.bad_event_kind", "The event kind must be \"info\" (info event) or "
                                        "\"football\" (football venue), not \"" +
                                            event.kind + "\".");
  if (!is_iso_date(event.date))
    return fail("setup.bad_date",
                "The event date must look like 2026-11-28, not \"" + event.date + "\".");
  if (event.name.empty() || event.name.size() > 200)
    return fail("setup.bad_event_name", "The event needs a name (at most 200 characters).");
  if (event.id.empty()) event.id = event.date + "-" + to_hex(random_array<3>());

  auto tx = store.begin();
  if (!tx) return std::unexpected(tx.error());
  auto existing = store.device_identity();
  if (!existing) return std::unexpected(existing.error());
  if (!*existing) {
    DeviceIdentity device = DeviceIdentity::generate();
    auto saved = store.save_device_identity(device, unix_ms_now());
    device.wipe();
    if (!saved) return std::unexpected(saved.error());
  } else {
    (*existing)->wipe();
  }
  for (auto [key, value] : {std::pair<std::string_view, std::string_view>{
                                kHubPublic, request.hub_public_json},
                            {kProfileBaseUrl, request.profile_base_url},
                            {"event.id", event.id},
                            {"event.name", event.name},
                            {"event.venue", event.venue},
                            {"event.date", event.date},
                            {"event.kind", event.kind}})
    if (auto r = store.set_setting(key, value); !r) return std::unexpected(r.error());
  if (auto r = store.audit("kiosk.setup", "hub_key_id=" + std::to_string(hub->key_id)); !r)
    return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return KioskSetup::load(store);
}

}  // namespace sichtbar
