// Test support: the counselling office the tests' kiosks name in their consent (its settings as
// the hub signs them to its kiosks), so what a kiosk hashes and what a hub knows agree.
#pragma once

#include <string>
#include <vector>

#include "protocol/office_settings.h"

namespace sichtbar::test {

inline OfficeSettings augsburg_office() {
  OfficeSettings o;
  o.office_id = 1;
  o.name = "Beratungsstelle Anerkennung Augsburg (Tür an Tür e.V.)";
  o.contact = "Wertachstraße 29, 86153 Augsburg, 0821 123456, beratung@example.org";
  o.data_protection_officer = "Datenschutz Schwaben GmbH, datenschutz@example.org";
  o.supervisory_authority =
      "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA), Promenade 18, 91522 Ansbach";
  o.retention_days = 730;
  o.updated_at_ms = 1'764'000'000'000;
  return o;
}

// `sichtbar-hub office set ...` with these settings: what an office's IT runs after init-db, as
// `sichtbar-hub enroll` makes no code for an office its kiosks' consent could not name.
inline std::vector<std::string> office_set_args(const OfficeSettings& o = augsburg_office()) {
  return {"office", "set",   std::to_string(o.office_id), "--name",
          o.name,   "--contact", o.contact,               "--dpo",
          o.data_protection_officer, "--authority",       o.supervisory_authority};
}

// The same office as a hub keeps it (hub::Office, named by the caller so that kiosk-only tests
// need no hub header): as_hub_office<hub::Office>(augsburg_office()).
template <class HubOffice>
HubOffice as_hub_office(const OfficeSettings& o) {
  return {o.office_id,         o.name, o.contact, o.data_protection_officer, o.supervisory_authority,
          o.retention_days, o.updated_at_ms};
}

}  // namespace sichtbar::test
