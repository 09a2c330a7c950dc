// What the hub's page handlers share (the person's pages in server.cpp, the office's in
// office.cpp): writing an HTML page, and reading a POST's form fields.
#pragma once

#include <httplib.h>

#include <string>

namespace sichtbar::hub::web {

inline void send_page(httplib::Response& res, int status, std::string html) {
  res.status = status;
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

// The form fields of a POST body (application/x-www-form-urlencoded).
inline httplib::Params form_fields(const httplib::Request& req) {
  httplib::Params fields;
  httplib::detail::parse_query_text(req.body, fields);
  return fields;
}

// One field's value, "" when it is missing.
inline std::string field(const httplib::Params& fields, const char* name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

}  // namespace sichtbar::hub::web
