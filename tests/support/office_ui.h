// Test support for the office UI over HTTP: adding a login with `sichtbar-hub user add`,
// logging in through the login form (nonce and all), and requests with the session cookie.
#pragma once

#include <httplib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <regex>

#include "support/office.h"

namespace sichtbar::test {

inline const std::string kStaffPassword = "Kaffee mit Hafermilch 42";

// `sichtbar-hub user add NAME --password-file FILE` against the office's database.
inline void add_office_user(Office& office, const std::string& name,
                            const std::string& password = kStaffPassword) {
  const auto file = office.tmp_.path() / ("password-" + name);
  write_file(file, password + "\n");
  ::chmod(file.c_str(), 0600);
  auto r = office.hub({"user", "add", name, "--password-file", file.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

inline std::unique_ptr<httplib::Client> client_of(Office& office) {
  auto c = std::make_unique<httplib::Client>(office.url());
  c->enable_server_certificate_verification(false);  // the office's self-signed certificate
  return c;
}

// The value of a hidden field in a page ("nonce", "csrf").
inline std::string hidden_field(const std::string& page, const std::string& name) {
  std::smatch m;
  INFO("hidden field " << name);
  REQUIRE(
      std::regex_search(page, m, std::regex("name=\"" + name + "\" value=\"([A-Za-z0-9_-]+)\"")));
  return m[1].str();
}

// The hex record id that the office's records page links to for the person named `name`.
inline std::string record_hex_in(const std::string& list_page, const std::string& name) {
  std::smatch m;
  INFO("no link to " << name);
  REQUIRE(std::regex_search(list_page, m,
                            std::regex("href=\"/office/records/([0-9a-f]{32})\"><bdi>" + name)));
  return m[1].str();
}

struct LoginResult {
  int status = 0;
  std::string set_cookie;  // the whole Set-Cookie header
  std::string cookie;      // "sichtbar_office=..." for a Cookie header
  std::string body;
};

inline LoginResult try_login(Office& office, const std::string& user, const std::string& password) {
  auto c = client_of(office);
  auto page = c->Get("/office/login");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  auto res =
      c->Post("/office/login", httplib::Params{{"user", user},
                                               {"password", password},
                                               {"nonce", hidden_field(page->body, "nonce")}});
  REQUIRE(res);
  LoginResult out{res->status, res->get_header_value("Set-Cookie"), "", res->body};
  if (!out.set_cookie.empty()) out.cookie = out.set_cookie.substr(0, out.set_cookie.find(';'));
  return out;
}

// A logged-in member of staff: GETs and POSTs with the session cookie.
struct Staff {
  Office& office;
  std::string cookie;

  Staff(Office& o, const std::string& user, const std::string& password = kStaffPassword)
      : office(o) {
    auto r = try_login(office, user, password);
    INFO(r.body);
    REQUIRE(r.status == 303);
    REQUIRE(!r.cookie.empty());
    cookie = r.cookie;
  }

  httplib::Result get(const std::string& path) {
    auto res = client_of(office)->Get(path.c_str(), {{"Cookie", cookie}});
    INFO("GET " << path);
    REQUIRE(res);
    return res;
  }
  // POSTs the form fields (the caller adds "csrf" when the test wants it there).
  httplib::Result post(const std::string& path, httplib::Params fields) {
    auto res = client_of(office)->Post(path.c_str(), {{"Cookie", cookie}}, fields);
    INFO("POST " << path);
    REQUIRE(res);
    return res;
  }
  std::string csrf() { return hidden_field(get("/office/records")->body, "csrf"); }
};

}  // namespace sichtbar::test
