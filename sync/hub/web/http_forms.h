// What the hub's page handlers share (the person's pages in server.cpp, the office's in
// office.cpp): writing an HTML page, and reading a POST's form fields.
#pragma once

#include <string>

#include "hub/http/http.h"

namespace sichtbar::hub::web {

inline void send_page(http::Response& res, int status, std::string html) {
  res.status = status;
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

// The form fields of a POST body (application/x-www-form-urlencoded).
inline http::Params form_fields(const http::Request& req) {
  return http::parse_urlencoded(req.body);
}

// One field's value, "" when it is missing.
inline std::string field(const http::Params& fields, const char* name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

}  // namespace sichtbar::hub::web
