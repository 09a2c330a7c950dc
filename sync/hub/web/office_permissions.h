// Who may use which office route: the one table the session check (office.cpp) consults for
// every request before a handler runs. A route that the table does not name is refused to
// everyone (and logged), so a route added without a thought about roles is closed, not open.
//
// The table says which roles may use a route at all; whether the session may see the person a
// route addresses (a counsellor: its own office's only) is may_see_people (office_auth.h), which
// the handlers ask once they know the person's office.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "hub/hub_store.h"

namespace sichtbar::hub::web {

// A set of roles (OfficeRole as bit positions).
using OfficeRoles = std::uint8_t;
constexpr OfficeRoles role_bit(OfficeRole role) {
  return static_cast<OfficeRoles>(1u << static_cast<unsigned>(role));
}
inline constexpr OfficeRoles kAdministrators = role_bit(OfficeRole::administrator);
// The people of an office: their records, exports and cases.
inline constexpr OfficeRoles kPeopleRoles = kAdministrators | role_bit(OfficeRole::counsellor);
inline constexpr OfficeRoles kEveryRole = kPeopleRoles | role_bit(OfficeRole::statistics);

struct RoutePermission {
  std::string_view method;   // "GET" or "POST" (a HEAD is a GET)
  std::string_view pattern;  // as given to the router, or a prefix ending in '*'
  OfficeRoles roles;
};

// The table, in the order of the office's routes; exposed for the pages' navigation.
std::span<const RoutePermission> office_permissions();

// Whether the role may use the route (method and pattern as the router matched them); false
// for a route the table does not name.
bool role_may(OfficeRole role, std::string_view method, std::string_view pattern);
// Whether the table names the route at all.
bool route_known(std::string_view method, std::string_view pattern);

}  // namespace sichtbar::hub::web
