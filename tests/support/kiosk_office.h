// Test support: a hub on one of the store backends with a real kiosk enrolled and a login
// ("anna", the hub's first: an administrator), for the office tests that need profiles from a
// real kiosk sync.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "support/hub_backends.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"

namespace sichtbar::test {

struct KioskOffice {
  HubDatabase db;
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  int filled = 0;

  explicit KioskOffice(HubBackend backend) : db(backend), office(false, {}, db.location()) {
    kiosk.enroll(office);
    add_office_user(office, "anna");
  }
  // The kiosk's current event from now on.
  void event(const std::string& name, const std::string& date) {
    REQUIRE(kiosk.run({"setup", "--event-name", name, "--event-date", date}).exit_code == 0);
  }
  // Returns the link the profile's QR code carries.
  std::string fill(const nlohmann::json& answers) {
    return fill_answers(kiosk, answers, "answers-" + std::to_string(++filled) + ".json");
  }
  void sync() {
    auto r = kiosk.run({"sync"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::unique_ptr<hub::HubStore> store() { return open_store(db); }
};

// The demo answers of a person with this name, year of birth and phone (no e-mail); `wish`: they
// ask for advice on recognition (ingest opens a case for them).
inline nlohmann::json person_answers(const std::string& name, int year, const std::string& phone,
                                     bool wish) {
  nlohmann::json a = demo_answers(name, "Augsburg");
  a["answers"]["about"]["year_of_birth"] = year;
  a["answers"]["about"]["phone"] = phone;
  a["answers"]["about"].erase("email");
  if (wish)
    a["answers"]["wishes"]["wants"] = nlohmann::json::array({"recognition_advice"});
  else
    a["answers"]["wishes"].erase("wants");
  for (nlohmann::json& item : a["answers"]["education"]["items"]) item["wants_advice"] = false;
  return a;
}

// The QR links of the profiles plant_same_person() filled.
struct PlantedPerson {
  std::string augsburg, sister, munich;
};

// Mohammed at two events in two scripts (Latin letters in Augsburg, Arabic script in Munich),
// and his sister with the same phone; synced.
inline PlantedPerson plant_same_person(KioskOffice& o) {
  PlantedPerson links;
  o.event("Infoabend Augsburg", "2026-05-12");
  links.augsburg = o.fill(person_answers("Mohammed Al-Hassan", 1990, "0151 23456789", true));
  links.sister = o.fill(person_answers("Fatima Al-Hassan", 1995, "0151 23456789", false));
  o.event("Jobmesse München", "2026-06-20");
  links.munich = o.fill(person_answers("محمد الحسن", 1990, "+49 151 23456789", true));
  o.sync();
  return links;
}

}  // namespace sichtbar::test
