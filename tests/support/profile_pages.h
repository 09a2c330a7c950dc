// Test support for the profile pages: a kiosk that finishes a profile in a given language and
// returns its QR link, and an HTTP client for the hub's pages (cpp-httplib, as the hub uses).
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/office.h"

namespace sichtbar::test {

// Fills one profile from the demo answers in `locale`, with `name` as the person's name, and
// returns the link the QR code carries.
inline std::string fill_profile(Kiosk& kiosk, const std::string& locale, const std::string& name,
                                const std::string& residence = "München") {
  auto answers = nlohmann::json::parse(read_file(asset("demo/profile-de.json")));
  answers["locale"] = locale;
  answers["answers"]["about"]["name"] = name;
  answers["answers"]["about"]["place_of_residence"] = residence;
  const auto file = kiosk.data.parent_path() / ("answers-" + locale + ".json");
  write_file(file, answers.dump());
  auto r = kiosk.run({"fill", "--answers", file.string(), "--no-terminal-qr"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("Link: (\\S+)")));
  return m[1].str();
}

// "/p/<token>?lang=xx" from "http://127.0.0.1:port/p/<token>?lang=xx".
inline std::string path_of(const std::string& url) {
  const auto at = url.find("/p/");
  REQUIRE(at != std::string::npos);
  return url.substr(at);
}

// The token of a link.
inline std::string token_of(const std::string& url) {
  std::smatch m;
  REQUIRE(std::regex_search(url, m, std::regex("/p/([A-Za-z0-9_-]+)")));
  return m[1].str();
}

inline httplib::Result get(Office& office, const std::string& path) {
  httplib::Client client(office.url());
  auto res = client.Get(path.c_str());
  INFO("GET " << path);
  REQUIRE(res);
  return res;
}

// The erasure nonce in a confirmation page.
inline std::string nonce_in(const std::string& page) {
  std::smatch m;
  REQUIRE(std::regex_search(page, m, std::regex("name=\"nonce\" value=\"([A-Za-z0-9_-]+)\"")));
  return m[1].str();
}

inline httplib::Result post_erase(Office& office, const std::string& token,
                                  const httplib::Params& fields) {
  httplib::Client client(office.url());
  auto res = client.Post(("/p/" + token + "/erase").c_str(), fields);
  REQUIRE(res);
  return res;
}

}  // namespace sichtbar::test
