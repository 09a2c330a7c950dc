// The hub's web headers; see headers.h.
#include "hub/web/headers.h"

namespace sichtbar::hub::web {

std::vector<Header> security_headers(Caching caching) {
  std::vector<Header> h = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      // The link is a bearer secret: no page may hand it on as a Referer.
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy",
       "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"},
  };
  if (caching == Caching::NoStore)
    h.push_back({"Cache-Control", "no-store"});
  else
    h.push_back({"Cache-Control", "public, max-age=86400"});
  return h;
}

}  // namespace sichtbar::hub::web
