// The hub's operator log (spdlog, to stderr, one key=value line per event so journald and grep can
// filter): each request's method, route pattern, status and duration, and every error. It never
// holds personal data or tokens: paths are logged as their route pattern ("/p/{token}"), never as
// sent, and error lines carry codes and fixed texts.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace sichtbar::hub {

// "event=request method=GET route=/p/{token} status=200 duration_ms=3.1": info below 400, warn
// for 4xx, error for 5xx. route: the pattern of the route the request matched, as the hub's
// router names it (http/http.h), "(other)" for a path that is no route: what a client typed
// there is not the operator's business and may be anything.
// client: the client's address (behind a trusted proxy, the one it names), appended as
// "client=...", or "(other)" when it is not an address.
void log_request(std::string_view method, std::string_view route, int status,
                 std::chrono::steady_clock::duration duration, std::string_view client = "");

// "event=<event> code=<code>" plus a fixed description: an error the hub met (never a message
// that might quote a record, a name or a token).
void log_error(std::string_view event, std::string_view code, std::string_view what);

// "event=<event>" plus key=value details the caller vouches for (addresses, counts, key ids).
void log_info(std::string_view event, std::string_view details);
// The same at warning level: something the operator should look at, the hub carries on.
void log_warning(std::string_view event, std::string_view details);

}  // namespace sichtbar::hub
