// The one rule for a profile's contact details in the office: staff see and export a person's
// phone, e-mail and place of residence only when the person agreed at the kiosk that the office
// may contact them (consent purpose "contact"). Every office page, print and export that shows a
// profile takes it through here (the case page's contact box, the record view, the duplicates,
// CSV and JSON); only the access request, which is the person's own copy, shows all of it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace sichtbar::hub::web {

// The answers of the "about" section that only consent to contact shows.
inline constexpr const char* kContactFields[] = {"phone", "email", "place_of_residence"};

// Whether the person agreed to be contacted: consent.purposes.contact is true. Anything else (no
// consent block, another type, a record that does not parse) is no.
bool contact_allowed(const nlohmann::json& record);

// The record without its contact details (kContactFields of answers.about).
nlohmann::json without_contact(nlohmann::json record);

// The record as staff may see it: as it is with consent to contact, else without_contact.
nlohmann::json as_staff_see_it(const nlohmann::json& record);

// The contact details of a profile, if its person agreed to be contacted: phone, e-mail, place
// of residence as they typed them; all empty when not allowed.
struct SharedContact {
  bool allowed = false;
  std::string phone, email, place;
};
SharedContact shared_contact(const nlohmann::json& record);

}  // namespace sichtbar::hub::web
