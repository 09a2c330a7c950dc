// Test support: records as the hub stores them, and hostile ones (markup, quotes, a
// right-to-left override, NUL and broken UTF-8 in every field type), with the check that none
// of it became markup on a page. The person's pages (hub_pages.cpp) and the office's
// (office_pages.cpp) are held to the same check.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/temp_dir.h"

namespace sichtbar::test {

using nlohmann::json;

// A record as the hub stores it (no profile token), from the fixture answers.
inline json fixture_record(const std::string& locale) {
  json r;
  r["locale"] = locale;
  r["event"] = {{"id", "e1"},
                {"name", "Infoabend Augsburg"},
                {"venue", "Rathaus"},
                {"date", "2026-11-28"},
                {"kind", "football"}};
  r["answers"] = json::parse(read_file(fixture("answers/complete-de.json")));
  r["answers"].erase("consent");
  r["consent"] = {{"purposes", {{"keep_profile", true}, {"contact", true}, {"employers", false}}}};
  return r;
}

// The hostile strings a person could type, each with a marker to find where it ended up.
inline const std::vector<std::string> kHostile = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "javascript:alert(3)",
    "'><svg onload=alert(4)>",
    "\xE2\x80\xAE"
    "evil override\xE2\x80\xAC",  // RIGHT-TO-LEFT OVERRIDE ... POP
    "</bdi></dd></dl><form action=//evil>",
    "&lt;already escaped&gt; & ampersand",
    std::string("nul\0byte", 8) + "\x01\x7f",
    "\xC3\x28 invalid utf-8 \xFF",
};

// Puts hostile text into every field of every type (and into option values, codes and the
// event), as if a kiosk or a changed form had let it through.
inline json hostile_record(std::size_t pick) {
  auto h = [&](std::size_t i) { return kHostile[(pick + i) % kHostile.size()]; };
  json r = fixture_record("de");
  r["event"]["name"] = h(0);
  r["event"]["date"] = h(1);
  r["locale"] = h(2);
  json& a = r["answers"];
  a["about"]["name"] = h(3);
  a["about"]["place_of_residence"] = h(4);
  a["about"]["email"] = h(5);
  a["about"]["phone"] = h(6);
  a["about"]["country_of_origin"] = h(7);                       // taxonomy: country
  a["about"]["year_of_birth"] = h(8);                           // year, with text instead
  a["languages"]["mother_tongues"][0]["mother_tongue"] = h(0);  // taxonomy: language
  a["languages"]["other_languages"][0]["level"] = h(1);         // language_level
  a["languages"]["german_certificate"] = h(2);                  // single_choice value
  a["education"]["items"][0]["title"] = h(3);
  a["education"]["items"][0]["documents"] = h(4);         // yes_no, with text instead
  a["work"]["items"][0]["occupation"] = h(5);             // taxonomy: occupation
  a["work"]["items"][0]["tasks"] = h(6) + "\n" + h(7);    // long_text
  a["skills"]["digital"] = json::array({h(8), "email"});  // multi_choice values
  a["skills"]["other"] = h(0);
  a["sports"]["years_coaching"] = h(1);  // number, with text instead
  a["wishes"]["region"] = h(2);
  a["wishes"]["wants"] = json::array({h(3)});
  return r;
}

// Every tag in html is one of allowed_tags, every href/src/action starts with one of
// url_prefixes, every attribute is a well-formed one of ours, and no control character got
// through: anything else means markup a person typed reached the page.
inline void check_no_markup_got_through(const std::string& html,
                                        const std::set<std::string>& allowed_tags,
                                        std::initializer_list<std::string_view> url_prefixes) {
  const std::regex tag("<(/?)([A-Za-z][A-Za-z0-9]*)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator();
       ++it) {
    INFO("tag " << (*it)[2].str());
    CHECK(allowed_tags.contains((*it)[2].str()));
  }
  // Every link goes to our own pages; no javascript: or other scheme in any attribute.
  const std::regex href("(href|src|action)=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator();
       ++it) {
    const std::string url = (*it)[2].str();
    INFO("url " << url);
    CHECK(std::any_of(url_prefixes.begin(), url_prefixes.end(),
                      [&](std::string_view p) { return url.starts_with(p); }));
  }
  // No attribute was opened by a quote from the input: every attribute of every tag is ours.
  const std::regex attribute("<[a-z0-9]+((?: [a-z-]+=\"[^\"<>]*\")*)>");
  const std::regex any_tag("<[a-z0-9]+[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), any_tag);
       it != std::sregex_iterator(); ++it) {
    INFO("tag " << it->str());
    CHECK(std::regex_match(it->str(), attribute));
  }
  CHECK(html.find(std::string("\0", 1)) == std::string::npos);
  CHECK(html.find("\x01") == std::string::npos);
}

}  // namespace sichtbar::test
