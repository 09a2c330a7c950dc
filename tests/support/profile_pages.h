// Test support for the profile pages: a kiosk that finishes a profile in a given language and
// returns its QR link, and an HTTP client for the hub's pages (cpp-httplib, as the hub uses).
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/office.h"

namespace sichtbar::test {

// Debian's headless Chromium on url with extra flags, in a fresh user data folder (no cache, no
// history from earlier runs). Fails, saying what to install, when Chromium is missing.
inline RunResult chromium(const std::vector<std::string>& extra, const std::string& url) {
  const char* kChromium = "/usr/bin/chromium";
  INFO("Chromium is needed: apt-get install chromium chromium-driver (deploy/sichtbar does)");
  REQUIRE(std::filesystem::exists(kChromium));
  TempDir profile;
  std::vector<std::string> argv = {"/usr/bin/timeout",
                                   "120",
                                   kChromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--no-first-run",
                                   "--hide-scrollbars",
                                   "--user-data-dir=" + profile.path().string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(url);
  return run(argv);
}

// Fills one profile from answers (a file like assets/demo/profile-de.json) and returns the
// link the QR code carries.
inline std::string fill_answers(Kiosk& kiosk, const nlohmann::json& answers,
                                const std::string& file_name) {
  const auto file = kiosk.data.parent_path() / file_name;
  write_file(file, answers.dump());
  auto r = kiosk.run({"fill", "--answers", file.string(), "--no-terminal-qr"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("Link: (\\S+)")));
  return m[1].str();
}

// The demo answers with another name and place of residence.
inline nlohmann::json demo_answers(const std::string& name, const std::string& residence) {
  auto answers = nlohmann::json::parse(read_file(asset("demo/profile-de.json")));
  answers["answers"]["about"]["name"] = name;
  answers["answers"]["about"]["place_of_residence"] = residence;
  return answers;
}

// Fills one profile from the demo answers in `locale`, with `name` as the person's name, and
// returns the link the QR code carries.
inline std::string fill_profile(Kiosk& kiosk, const std::string& locale, const std::string& name,
                                const std::string& residence = "München") {
  auto answers = demo_answers(name, residence);
  answers["locale"] = locale;
  return fill_answers(kiosk, answers, "answers-" + locale + ".json");
}

// The headers every web page of the hub carries (the person's and the office's).
inline void check_page_headers(const httplib::Result& res) {
  INFO("status " << res->status);
  CHECK(res->get_header_value("Content-Security-Policy") ==
        "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(res->get_header_value("X-Frame-Options") == "DENY");
  CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  CHECK(res->get_header_value("Permissions-Policy").find("camera=()") != std::string::npos);
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
