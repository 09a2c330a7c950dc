// The hub's operator log: one spdlog logger writing key=value lines to stderr.
#include "hub/request_log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

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

}  // namespace

void log_request(std::string_view method, std::string_view route, int status,
                 std::chrono::steady_clock::duration duration, std::string_view client) {
  const auto level = status >= 500   ? spdlog::level::err
                     : status >= 400 ? spdlog::level::warn
                                     : spdlog::level::info;
  // The method is a known verb or the client's word: keep it to letters.
  const std::string_view verb =
      all_of(method, "", false) && method.size() <= 10 ? method : "(other)";
  const std::string_view who =
      client.empty() || client.size() > 45 ||
              client.find_first_not_of("0123456789abcdefABCDEF.:") != std::string_view::npos
          ? "(other)"
          : client;
  hub_log().log(level, "event=request method={} route={} status={} duration_ms={:.1f} client={}",
                verb, route, status, std::chrono::duration<double, std::milli>(duration).count(),
                who);
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
