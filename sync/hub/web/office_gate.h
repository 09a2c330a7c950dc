// What every office route shares with OfficeUi (office.cpp), whichever file mounts it (the
// administration, the cases, the people): the session check with the route's permission
// (office_permissions.h), the CSRF check of a POST, the audit log and the store's failure page.
#pragma once

#include <optional>
#include <string_view>

#include "base/error.h"
#include "hub/http/http.h"
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

}  // namespace sichtbar::hub::web
