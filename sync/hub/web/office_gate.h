// What every office route shares with OfficeUi (office.cpp), whichever file mounts it (the
// administration, the cases, the people): the session check with the route's permission
// (office_permissions.h), the CSRF check of a POST, the audit log and the store's failure page;
// and the person a page or a POST is about, as both the case and the people pages find them.
#pragma once

#include <limits>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "hub/web/http_forms.h"
#include "hub/web/office_auth.h"
#include "hub/web/office_pages.h"

namespace sichtbar::hub::web {

class OfficeGate {
 public:
  virtual ~OfficeGate() = default;
  // The request's live session allowed on its route, or nullopt with the answer written.
  virtual std::optional<OfficeSession> session(const http::Request& req, http::Response& res) = 0;
  // The same for a POST, whose CSRF token must match too.
  virtual std::optional<OfficeSession> post_session(const http::Request& req, http::Response& res,
                                                    const http::Params& fields) = 0;
  // user, action, subject, reason: never personal data.
  virtual void audit(std::string_view user, std::string_view action, std::string_view subject,
                     std::string_view reason) = 0;
  virtual void store_failed(http::Response& res, const OfficeLayout& layout, const Error& e) = 0;
};

// A person's id as a path or a form gives it (digits, from 1), else nullopt.
inline std::optional<PersonId> person_id_of(std::string_view text) {
  return whole_number(text, 1, std::numeric_limits<PersonId>::max());
}

// The person with this id when the session may see them (may_see_people); else nullopt with the
// answer written: not_here() for another office's person exactly as for one that never was, or
// the store's failure page.
template <typename NotHere>
std::optional<Person> visible_person(HubStore& store, OfficeGate& gate, std::optional<PersonId> id,
                                     const OfficeSession& s, http::Response& res,
                                     const OfficeLayout& layout, NotHere not_here) {
  if (id) {
    auto found = store.find_person(*id);
    if (!found) {
      gate.store_failed(res, layout, found.error());
      return std::nullopt;
    }
    if (*found && may_see_people(s, (*found)->office_id)) return std::move(**found);
  }
  not_here();
  return std::nullopt;
}

// What a POST about the person of its path has once it is let in: its form, the session (CSRF
// checked) and the person (found by the caller's find(session), which writes the answer when
// it finds nobody).
struct PersonPost {
  http::Params fields;
  OfficeSession session;
  Person person;
};
template <typename FindPerson>
std::optional<PersonPost> person_post(OfficeGate& gate, const http::Request& req,
                                      http::Response& res, FindPerson find) {
  http::Params fields = form_fields(req);
  auto s = gate.post_session(req, res, fields);
  if (!s) return std::nullopt;
  std::optional<Person> person = find(*s);
  if (!person) return std::nullopt;
  return PersonPost{std::move(fields), std::move(*s), std::move(*person)};
}

}  // namespace sichtbar::hub::web
