// The hub's HTTP layer without a network: query and form decoding, header look-ups and the
// router's patterns, which are also what the request log names (never the path as sent).
#include <catch2/catch.hpp>

#include "hub/http/http.h"

using namespace sichtbar::hub::http;

TEST_CASE("http: forms and queries decode '+' and %xx, paths keep '+'") {
  const Params p = parse_urlencoded("q=Anna+M%C3%BCller&lang=fa&&empty=&flag&bad=%zz%4");
  CHECK(p.find("q")->second == "Anna Müller");
  CHECK(p.find("lang")->second == "fa");
  CHECK(p.find("empty")->second.empty());
  CHECK(p.count("flag") == 1);
  CHECK(p.find("bad")->second == "%zz%4");  // not hex: kept as sent
  CHECK(percent_decode("/p/a+b%2Fc", false) == "/p/a+b/c");
  CHECK(percent_decode("%", true) == "%");
}

TEST_CASE("http: header names are case-insensitive, set_header replaces") {
  Request req;
  req.headers = {{"content-length", "5"}, {"Content-Length", "6"}, {"X-Sichtbar-Device", "ab"}};
  CHECK(req.get_header_value("CONTENT-LENGTH") == "5");
  CHECK(req.get_header_value_count("Content-Length") == 2);
  CHECK(req.get_header_value("x-sichtbar-device") == "ab");
  CHECK(req.get_header_value("Cookie").empty());
  Response res;
  res.set_header("Cache-Control", "no-store");
  res.set_header("cache-control", "public");
  REQUIRE(res.headers.size() == 1);
  CHECK(res.headers[0].second == "public");
}

TEST_CASE("http: routes match whole paths by their patterns, variables by their expressions") {
  Router router;
  router.define("token", "[A-Za-z0-9_-]{1,64}");
  router.define("record_id", "[0-9a-f]{32}");
  router.get("/p/{token}", [](const Request&, Response&) {});
  router.post("/p/{token}/erase", [](const Request&, Response&) {});
  router.get("/office/records/{record_id}", [](const Request&, Response&) {});
  router.get("/office/export.csv", [](const Request&, Response&) {});
  std::vector<std::string> m;
  const Route* r = router.match("GET", "/p/Zq3xW9kLmN2pR7sT4vY8bA", m);
  REQUIRE(r);
  CHECK(r->pattern == "/p/{token}");
  REQUIRE(m.size() == 2);
  CHECK(m[1] == "Zq3xW9kLmN2pR7sT4vY8bA");
  CHECK(router.match("HEAD", "/p/abc", m)->pattern == "/p/{token}");
  CHECK(router.match("POST", "/p/abc/erase", m)->max_body == kFormBodyLimit);
  CHECK(router.match("GET", "/p/abc/erase", m) == nullptr);  // only POST there
  CHECK(router.match("GET", "/p/Anna Schmidt", m) == nullptr);
  CHECK(router.match("GET", "/p/abc/../../etc", m) == nullptr);
  CHECK(router.match("GET", "/office/records/0123456789abcdef0123456789abcdef", m)->pattern ==
        "/office/records/{record_id}");
  CHECK(router.match("GET", "/office/records/0123456789ABCDEF0123456789ABCDEF", m) == nullptr);
  // Every route is listed, in the order defined, for the tests that must walk all of them.
  CHECK(router.routes() ==
        std::vector<std::pair<std::string, std::string>>{{"GET", "/p/{token}"},
                                                         {"POST", "/p/{token}/erase"},
                                                         {"GET", "/office/records/{record_id}"},
                                                         {"GET", "/office/export.csv"}});
  // A dot in a pattern is a dot, not any character.
  CHECK(router.match("GET", "/office/export.csv", m));
  CHECK(router.match("GET", "/office/exportxcsv", m) == nullptr);
  // Longer than any route: no match, without running the patterns (std::regex would recurse
  // once per character).
  CHECK(router.match("GET", "/p/" + std::string(kMaxRoutePath, 'a'), m) == nullptr);
  CHECK_THROWS(router.get("/x/{undefined}", [](const Request&, Response&) {}));
}
