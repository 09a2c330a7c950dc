// Resolving the hub's settings: flags over environment over config file over defaults.
#include "hub/settings.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
      if (!value.is_string())
        return fail("settings.bad_value",
                    "In " + config_file + ", \"" + key + "\" must be text (in quotes).");
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
  s.assets = values.contains("assets") ? std::filesystem::path(values["assets"])
                                       : sichtbar::default_asset_dir();

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
