// The office's rule for contact details; see contact_details.h.
#include "hub/web/contact_details.h"

namespace sichtbar::hub::web {

using nlohmann::json;

namespace {

// answers.about, or nullptr when the record has none (J: json or const json).
template <class J>
J* about_of(J& record) {
  if (!record.is_object()) return nullptr;
  const auto answers = record.find("answers");
  if (answers == record.end() || !answers->is_object()) return nullptr;
  const auto about = answers->find("about");
  return about != answers->end() && about->is_object() ? &*about : nullptr;
}

}  // namespace

bool contact_allowed(const json& record) {
  if (!record.is_object() || !record.contains("consent") || !record["consent"].is_object())
    return false;
  const json& consent = record["consent"];
  if (!consent.contains("purposes") || !consent["purposes"].is_object()) return false;
  const json& purposes = consent["purposes"];
  return purposes.contains("contact") && purposes["contact"].is_boolean() &&
         purposes["contact"].get<bool>();
}

json without_contact(json record) {
  if (json* about = about_of(record))
    for (const char* field : kContactFields) about->erase(field);
  return record;
}

json as_staff_see_it(const json& record) {
  return contact_allowed(record) ? record : without_contact(record);
}

SharedContact shared_contact(const json& record) {
  SharedContact out;
  out.allowed = contact_allowed(record);
  const json* about = out.allowed ? about_of(record) : nullptr;
  if (!about) return out;
  const auto text = [&](const char* name) {
    return about->contains(name) && (*about)[name].is_string() ? (*about)[name].get<std::string>()
                                                               : "";
  };
  out.phone = text("phone");
  out.email = text("email");
  out.place = text("place_of_residence");
  return out;
}

}  // namespace sichtbar::hub::web
