// What the hub's page handlers share (the person's pages in server.cpp, the office's in
// office.cpp): writing an HTML page, and reading a POST's form fields.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hub/http/http.h"

namespace sichtbar::hub::web {

inline void send_page(http::Response& res, int status, std::string html) {
  res.status = status;
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

// See other: where a POST or a page without its own answer sends the browser.
inline void redirect(http::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
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

// A whole number in [low, high] written as digits only (an id or a count from a form or a
// query), else nullopt.
inline std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t low,
                                                std::int64_t high) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < low || n > high)
    return std::nullopt;
  return n;
}

}  // namespace sichtbar::hub::web
