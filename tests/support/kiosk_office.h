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
  // Returns the link the QR code carries.
  std::string fill(const nlohmann::json& answers) {
    return fill_answers(kiosk, answers, "answers-" + std::to_string(++filled) + ".json");
  }
  void sync() {
    auto r = kiosk.run({"sync"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::unique_ptr<hub::HubStore> store() {
    auto s = db.open();
    INFO((s ? "" : s.error().message));
    REQUIRE(s);
    return std::move(*s);
  }
};

}  // namespace sichtbar::test
