// The office routes' roles; see office_permissions.h.
#include "hub/web/office_permissions.h"

namespace sichtbar::hub::web {

namespace {

constexpr RoutePermission kPermissions[] = {
    // Everyone logged in: the home page (statistics: what it can see) and logging out.
    {"GET", "/office", kEveryRole},
    {"GET", "/office/", kEveryRole},
    {"POST", "/office/logout", kEveryRole},
    // The people: records, a record, its erasure and coding, the exports. The handlers check
    // the person's office (may_see_people) and a counsellor's searches carry its office.
    {"GET", "/office/records", kPeopleRoles},
    {"GET", "/office/records/{record_id}", kPeopleRoles},
    {"GET", "/office/records/{record_id}/erase", kPeopleRoles},
    {"POST", "/office/records/{record_id}/erase", kPeopleRoles},
    {"GET", "/office/records/{record_id}/code", kPeopleRoles},
    {"POST", "/office/records/{record_id}/code", kPeopleRoles},
    {"POST", "/office/records/{record_id}/uncode", kPeopleRoles},
    {"GET", "/office/export.csv", kPeopleRoles},
    {"GET", "/office/export.json", kPeopleRoles},
    // Cases and work lists (their handlers check the person's office as above).
    {"GET", "/office/cases*", kPeopleRoles},
    {"POST", "/office/cases*", kPeopleRoles},
    {"GET", "/office/people/*", kPeopleRoles},
    {"POST", "/office/people/*", kPeopleRoles},
    // The figures for the programme's reporting: no person in them; a counsellor or statistics
    // login sees its own office's, an administrator every office's (office_figures.h).
    {"GET", "/office/figures", kEveryRole},
    {"GET", "/office/figures.csv", kEveryRole},
    // Possible duplicates of an office, linked or kept apart (office_people.h).
    {"GET", "/office/duplicates", kPeopleRoles},
    {"POST", "/office/duplicates/link", kPeopleRoles},
    {"POST", "/office/duplicates/different", kPeopleRoles},
    // The hub itself: kiosks, quarantine, the audit log (it names every office's logins and
    // records), logins and offices.
    {"GET", "/office/kiosks", kAdministrators},
    {"GET", "/office/kiosks/{device_id}/revoke", kAdministrators},
    {"POST", "/office/kiosks/{device_id}/revoke", kAdministrators},
    {"POST", "/office/kiosks/{device_id}/office", kAdministrators},
    {"GET", "/office/quarantine", kAdministrators},
    {"POST", "/office/quarantine/{envelope_sha256}/release", kAdministrators},
    {"POST", "/office/quarantine/{envelope_sha256}/discard", kAdministrators},
    {"GET", "/office/audit", kAdministrators},
    {"GET", "/office/admin/logins", kAdministrators},
    {"POST", "/office/admin/logins/add", kAdministrators},
    {"POST", "/office/admin/logins/change", kAdministrators},
    {"POST", "/office/admin/logins/remove", kAdministrators},
    {"GET", "/office/admin/offices", kAdministrators},
    {"POST", "/office/admin/offices/add", kAdministrators},
    {"GET", "/office/admin/offices/{office_id}", kAdministrators},
    {"POST", "/office/admin/offices/{office_id}", kAdministrators},
};

const RoutePermission* find(std::string_view method, std::string_view pattern) {
  if (method == "HEAD") method = "GET";
  for (const RoutePermission& p : kPermissions) {
    if (p.method != method) continue;
    if (p.pattern.ends_with('*') ? pattern.starts_with(p.pattern.substr(0, p.pattern.size() - 1))
                                 : pattern == p.pattern)
      return &p;
  }
  return nullptr;
}

}  // namespace

std::span<const RoutePermission> office_permissions() { return kPermissions; }

bool role_may(OfficeRole role, std::string_view method, std::string_view pattern) {
  const RoutePermission* p = find(method, pattern);
  return p && (p->roles & role_bit(role)) != 0;
}

bool route_known(std::string_view method, std::string_view pattern) {
  return find(method, pattern) != nullptr;
}

}  // namespace sichtbar::hub::web
