// Resolving the hub's settings: flags over environment over config file over defaults.
#include "hub/settings.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>

#include "domain/assets.h"

namespace sichtbar::hub {

namespace {

std::string flag_of(std::string name) {
  for (char& c : name)
    if (c == '_') c = '-';
  return "--" + name;
}

std::string env_of(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "SICHTBAR_HUB_" + name;
}

std::filesystem::path default_home(const std::function<const char*(const char*)>& getenv_fn) {
  if (const char* xdg = getenv_fn("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "sichtbar" / "hub";
  const char* home = getenv_fn("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "sichtbar" /
         "hub";
}

// An IPv4 or IPv6 address written as inet_ntop writes it (what the server compares with).
bool is_canonical_ip_address(const std::string& text) {
  char out[INET6_ADDRSTRLEN] = "";
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1)
    ::inet_ntop(AF_INET, &v4, out, sizeof out);
  else if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1)
    ::inet_ntop(AF_INET6, &v6, out, sizeof out);
  return text == out;
}

}  // namespace

std::string HubSettings::host() const { return listen.substr(0, listen.rfind(':')); }

int HubSettings::port() const {
  int port = -1;
  auto text = listen.substr(listen.rfind(':') + 1);
  std::from_chars(text.data(), text.data() + text.size(), port);
  return port;
}

Result<HubSettings> resolve_hub_settings(const std::map<std::string, std::string>& flags,
                                         const std::function<const char*(const char*)>& getenv_fn) {
  std::map<std::string, std::string> values;

  // 3. the config file
  std::string config_file;
  if (auto it = flags.find("--config"); it != flags.end())
    config_file = it->second;
  else if (const char* env = getenv_fn("SICHTBAR_HUB_CONFIG"); env && *env)
    config_file = env;
  if (!config_file.empty()) {
    std::ifstream in(config_file);
    if (!in)
      return fail("settings.unreadable",
                  "The hub's config file " + config_file + " cannot be read.");
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return fail("settings.bad_file", "The hub's config file " + config_file +
                                           " is not a JSON object like {\"listen\": "
                                           "\"127.0.0.1:8470\"}.");
    for (const auto& [key, value] : j.items()) {
      bool known = false;
      for (const char* name : kHubSettingNames) known = known || key == name;
      if (!known)
        return fail("settings.unknown", "The hub's config file " + config_file +
                                            " has an unknown setting \"" + key + "\".");
      // Numbers may be written as numbers ({"connections": 500}) or as text.
      if (value.is_number_integer()) {
        values[key] = std::to_string(value.get<long long>());
        continue;
      }
      if (!value.is_string())
        return fail("settings.bad_value", "In " + config_file + ", \"" + key +
                                              "\" must be text (in quotes) or a whole number.");
      values[key] = value.get<std::string>();
    }
  }
  // 2. the environment, 1. the flags
  for (const char* name : kHubSettingNames) {
    if (const char* env = getenv_fn(env_of(name).c_str()); env && *env) values[name] = env;
    if (auto it = flags.find(flag_of(name)); it != flags.end()) values[name] = it->second;
  }

  // 4. defaults
  HubSettings s;
  const auto home = default_home(getenv_fn);
  s.keys = values.contains("keys") ? std::filesystem::path(values["keys"]) : home / "keys";
  s.database = values.contains("database") ? values["database"] : (home / "hub.db").string();
  if (values.contains("listen")) s.listen = values["listen"];
  s.public_url = values.contains("public_url") ? values["public_url"] : "http://" + s.listen;
  s.profile_base_url =
      values.contains("profile_base_url") ? values["profile_base_url"] : s.public_url;
  s.tls_certificate = values["tls_certificate"];
  s.tls_key = values["tls_key"];
  s.passphrase_file = values["passphrase_file"];
  auto assets = sichtbar::locate_assets(values["assets"], getenv_fn);
  if (!assets) return std::unexpected(assets.error());
  s.assets = std::move(*assets);

  if (values.contains("fonts")) s.fonts = values["fonts"];
  // A whole number setting within [low, high]; `meaning` says what it counts.
  const auto number = [&](const char* name, int& out, int low, int high,
                          std::string_view meaning) -> Result<void> {
    if (!values.contains(name)) return {};
    const std::string& text = values[name];
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || out < low || out > high)
      return fail("settings.bad_value", std::string(name) + " must be a whole number from " +
                                            std::to_string(low) + " to " + std::to_string(high) +
                                            " (" + std::string(meaning) + "), not \"" + text +
                                            "\".");
    return {};
  };
  if (auto r = number("page_requests_per_minute", s.page_requests_per_minute, 0, 1'000'000,
                      "profile look-ups a minute per client address; 0: no limit");
      !r)
    return std::unexpected(r.error());
  if (auto r = number("password_checks", s.password_checks, 1, 64,
                      "office password checks at once, 64 MiB each");
      !r)
    return std::unexpected(r.error());
  if (auto r = number("min_free_disk_mb", s.min_free_disk_mb, 0, 1'000'000'000,
                      "MB free on the SQLite database's disk below which the hub is not ready");
      !r)
    return std::unexpected(r.error());
  // The limits against hostile clients, each as its field of http::Limits.
  http::Limits& l = s.limits;
  const auto count = [&](const char* name, auto& field, int low, int high,
                         std::string_view meaning) -> Result<void> {
    int value = static_cast<int>(field);
    if (auto r = number(name, value, low, high, meaning); !r) return r;
    field = static_cast<std::remove_reference_t<decltype(field)>>(value);
    return {};
  };
  int idle = static_cast<int>(l.idle_timeout.count());
  int deadline = static_cast<int>(l.request_deadline.count());
  for (auto r :
       {count("connections", l.connections, 1, 100'000, "connections at once"),
        count("connections_per_address", l.connections_per_address, 1, 100'000,
              "connections at once per client address"),
        count("requests_per_address", l.requests_per_address, 1, 10'000,
              "requests handled at once per client address"),
        number("idle_timeout_seconds", idle, 1, 3600, "seconds a silent connection is kept"),
        number("request_deadline_seconds", deadline, 1, 3600, "seconds one request may take"),
        count("min_upload_bytes_per_second", l.min_upload_bytes_per_second, 1, 1'000'000'000,
              "the slowest upload allowed"),
        count("header_memory_bytes", l.head_memory, 4096, 16 * 1024 * 1024,
              "memory for a request's line and headers"),
        count("worker_threads", l.worker_threads, 1, 1024, "threads running handlers")})
    if (!r) return std::unexpected(r.error());
  l.idle_timeout = std::chrono::seconds(idle);
  l.request_deadline = std::chrono::seconds(deadline);
  if (values.contains("trusted_proxy")) {
    l.trusted_proxy = values["trusted_proxy"];
    // As the server writes a peer's address: a proxy's address written otherwise would never
    // match, and every request would silently count as the proxy's.
    if (!l.trusted_proxy.empty() && !is_canonical_ip_address(l.trusted_proxy))
      return fail("settings.bad_value",
                  "trusted_proxy must be one IP address as the hub sees the proxy, like "
                  "127.0.0.1 or ::1, not \"" +
                      l.trusted_proxy + "\".");
  }
  if (s.listen.find(':') == std::string::npos || s.port() <= 0 || s.port() > 65535 ||
      s.host().empty())
    return fail("settings.bad_listen", "The listen address \"" + s.listen +
                                           "\" must look like 127.0.0.1:8470 (host:port).");
  if (s.tls_certificate.empty() != s.tls_key.empty())
    return fail("settings.bad_tls",
                "TLS needs both a certificate and a key file "
                "(tls_certificate and tls_key).");
  return s;
}

}  // namespace sichtbar::hub
