// The hub's settings and where they come from. One order of precedence, highest first:
//   1. command-line flags          (--database, --listen, ...)
//   2. environment variables       (SICHTBAR_HUB_DATABASE, SICHTBAR_HUB_LISTEN, ...)
//   3. the config file             (--config FILE or SICHTBAR_HUB_CONFIG; JSON, same names)
//   4. defaults                    (below)
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "base/error.h"
#include "hub/http/http.h"

namespace sichtbar::hub {

struct HubSettings {
  std::filesystem::path keys;  // folder with hub-secret.key and hub-public.json
  std::string database;        // SQLite file path, or a postgresql://... URL
  std::string listen = "127.0.0.1:8470";
  std::string public_url;        // default: http://<listen>
  std::string profile_base_url;  // default: public_url
  std::string tls_certificate, tls_key;
  std::string passphrase_file;
  std::filesystem::path assets;  // forms (the hub validates records against them),
                                 // catalogues and web/ (the profile pages)
  std::filesystem::path fonts = "/usr/share/fonts/truetype/noto";  // Debian's fonts-noto-core
  int page_requests_per_minute = 60;  // profile look-ups per client address; 0: no limit
  int password_checks = 2;            // office logins' password checks at once (64 MiB each)
  int min_free_disk_mb = 4;  // SQLite: less free on the database's disk and /readyz says 503
  // Against hostile clients (http/http.h): connections, deadlines, sizes, the trusted proxy.
  http::Limits limits;

  std::string host() const;
  int port() const;
};

// Every setting's name: the flag is --NAME (with '_' as '-'), the environment variable
// SICHTBAR_HUB_NAME in capitals, the config file key NAME.
// clang-format off
inline constexpr const char* kHubSettingNames[] = {
    "keys", "database", "listen", "public_url", "profile_base_url", "tls_certificate", "tls_key",
    "passphrase_file", "assets", "fonts", "page_requests_per_minute", "password_checks", "min_free_disk_mb",
    "trusted_proxy", "connections", "connections_per_address", "requests_per_address",
    "idle_timeout_seconds", "request_deadline_seconds", "min_upload_bytes_per_second",
    "header_memory_bytes", "worker_threads"};
// clang-format on

// flags: "--name" -> value as given on the command line. getenv is injectable for tests.
Result<HubSettings> resolve_hub_settings(
    const std::map<std::string, std::string>& flags,
    const std::function<const char*(const char*)>& getenv_fn = [](const char* n) {
      return std::getenv(n);
    });

}  // namespace sichtbar::hub
