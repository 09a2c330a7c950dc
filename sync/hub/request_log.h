// The hub's operator log (spdlog, to stderr, one key=value line per event so journald and grep can
// filter): each request's method, route pattern, status and duration, and every error. It never
// holds personal data or tokens: paths are logged as their route pattern ("/p/{token}"), never as
// sent, and error lines carry codes and fixed texts.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace sichtbar::hub {

// The route a request path matched, with its variable parts named: "/p/{token}/erase",
// "/office/records/{record_id}". A path that is no route of the hub is "(other)": what a client
// typed there is not the operator's business and may be anything.
std::string route_pattern(std::string_view path);

// "event=request method=GET route=/p/{token} status=200 duration_ms=3.1": info below 400, warn
// for 4xx, error for 5xx.
void log_request(std::string_view method, std::string_view path, int status,
                 std::chrono::steady_clock::duration duration);

// "event=<event> code=<code>" plus a fixed description: an error the hub met (never a message
// that might quote a record, a name or a token).
void log_error(std::string_view event, std::string_view code, std::string_view what);

// "event=<event>" plus key=value details the caller vouches for (addresses, counts, key ids).
void log_info(std::string_view event, std::string_view details);
// The same at warning level: something the operator should look at, the hub carries on.
void log_warning(std::string_view event, std::string_view details);

}  // namespace sichtbar::hub
