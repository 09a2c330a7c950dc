// The hub's operator log: one spdlog logger writing key=value lines to stderr.
#include "hub/request_log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cctype>

namespace sichtbar::hub {

namespace {

spdlog::logger& hub_log() {
  // stderr, unbuffered by the sink; the timestamp in ISO 8601 UTC for plain log files (journald
  // keeps its own).
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("sichtbar-hub",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

bool all_of(std::string_view s, std::string_view allowed_extra, bool hex_only) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = hex_only ? (std::isdigit(u) || (c >= 'a' && c <= 'f'))
                             : (std::isalnum(u) || allowed_extra.find(c) != std::string_view::npos);
    if (!ok) return false;
  }
  return true;
}

// The hub's fixed routes (server.cpp, web/office.cpp).
constexpr std::array<std::string_view, 13> kFixedRoutes = {
    "/api/v1/health",  "/api/v1/hello",      "/api/v1/push",        "/api/v1/enroll",
    "/office",         "/office/",           "/office/login",       "/office/logout",
    "/office/records", "/office/export.csv", "/office/export.json", "/office/kiosks",
    "/office/audit"};

}  // namespace

std::string route_pattern(std::string_view path) {
  for (std::string_view fixed : kFixedRoutes)
    if (path == fixed) return std::string(path);
  if (path.starts_with("/assets/")) return "/assets/{file}";
  // prefix + one variable segment (+ an optional fixed suffix).
  struct Variable {
    std::string_view prefix, name;
    bool hex32;
    std::array<std::string_view, 2> suffixes;
  };
  constexpr Variable kVariables[] = {
      {"/p/", "{token}", false, {"", "/erase"}},
      {"/office/records/", "{record_id}", true, {"", "/erase"}},
      {"/office/kiosks/", "{device_id}", true, {"/revoke", "/revoke"}},
  };
  for (const Variable& v : kVariables) {
    if (!path.starts_with(v.prefix)) continue;
    std::string_view rest = path.substr(v.prefix.size());
    for (std::string_view suffix : v.suffixes) {
      if (!suffix.empty() && !rest.ends_with(suffix)) continue;
      const std::string_view segment = rest.substr(0, rest.size() - suffix.size());
      const bool fits = v.hex32 ? segment.size() == 32 && all_of(segment, "", true)
                                : segment.size() <= 64 && all_of(segment, "-_", false);
      if (fits) return fmt::format("{}{}{}", v.prefix, v.name, suffix);
    }
  }
  return "(other)";
}

void log_request(std::string_view method, std::string_view path, int status,
                 std::chrono::steady_clock::duration duration) {
  const auto level = status >= 500   ? spdlog::level::err
                     : status >= 400 ? spdlog::level::warn
                                     : spdlog::level::info;
  // The method is one of httplib's known verbs or the client's word: keep it to letters.
  const std::string_view verb =
      all_of(method, "", false) && method.size() <= 10 ? method : "(other)";
  hub_log().log(level, "event=request method={} route={} status={} duration_ms={:.1f}", verb,
                route_pattern(path), status,
                std::chrono::duration<double, std::milli>(duration).count());
}

void log_error(std::string_view event, std::string_view code, std::string_view what) {
  hub_log().error("event={} code={} what=\"{}\"", event, code, what);
}

void log_info(std::string_view event, std::string_view details) {
  hub_log().info("event={} {}", event, details);
}

void log_warning(std::string_view event, std::string_view details) {
  hub_log().warn("event={} {}", event, details);
}

}  // namespace sichtbar::hub
