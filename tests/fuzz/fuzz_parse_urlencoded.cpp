// libFuzzer target: the hub's form and query decoding and its route matching (hub/http) on any
// text, as a client sends it. Decoding never lengthens the text; text without '%' and '+' comes
// back as it was; a path matches a route only if it is short and made of the route's characters.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "hub/http/http.h"

using namespace sichtbar::hub::http;

namespace {

const Router& hub_like_router() {
  static const Router router = [] {
    Router r;
    r.define("token", "[A-Za-z0-9_-]{1,64}");
    r.define("record_id", "[0-9a-f]{32}");
    r.define("file", R"([A-Za-z0-9_.\-/]+)");
    r.get("/p/{token}", [](const Request&, Response&) {});
    r.post("/p/{token}/erase", [](const Request&, Response&) {});
    r.get("/office/records/{record_id}", [](const Request&, Response&) {});
    r.get("/assets/{file}", [](const Request&, Response&) {});
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(sichtbar::fuzz::as_text(data, size));
  for (const auto& [key, value] : parse_urlencoded(text))
    SICHTBAR_FUZZ_CHECK(key.size() + value.size() <= text.size());
  const std::string decoded = percent_decode(text, true);
  SICHTBAR_FUZZ_CHECK(decoded.size() <= text.size());
  if (text.find_first_of("%+") == std::string::npos) SICHTBAR_FUZZ_CHECK(decoded == text);
  std::vector<std::string> matches;
  if (const Route* route = hub_like_router().match("GET", text, matches)) {
    SICHTBAR_FUZZ_CHECK(text.size() <= kMaxRoutePath);
    SICHTBAR_FUZZ_CHECK(!matches.empty() && matches[0] == text);
    SICHTBAR_FUZZ_CHECK(route->pattern.starts_with("/"));
  }
  return 0;
}
