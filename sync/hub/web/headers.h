// The HTTP headers every web page of the hub carries: a Content-Security-Policy that allows
// nothing but the hub's own styles, fonts and inline images (no script at all, no inline style,
// no external resource, no framing), and the usual hardening. Profile pages are also never
// cached: a shared or borrowed phone must not keep someone's profile after it was erased.
#pragma once

#include <string_view>
#include <vector>

namespace sichtbar::hub::web {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct Header {
  std::string_view name;
  std::string_view value;
};

enum class Caching {
  NoStore,       // a person's page, or one that depends on whether a profile exists
  PublicAssets,  // the stylesheet and fonts: the same for everyone
};

std::vector<Header> security_headers(Caching caching);

}  // namespace sichtbar::hub::web
