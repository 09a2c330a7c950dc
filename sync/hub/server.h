// The hub's HTTP API: enrollment, HELLO and PUSH for kiosks, health, and the pages behind the QR
// codes (/p/<token>, the person's erasure, their stylesheet and fonts; see web/) and the office
// UI at /office (web/office.h), on the hub's own HTTP layer (http/http.h, libmicrohttpd). TLS
// (GnuTLS) when a certificate and key are given; loopback by default.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/form_library.h"
#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8470;  // 0: any free port (tests)
  std::optional<std::filesystem::path> tls_certificate, tls_key;
  std::string public_url;        // how kiosks reach this hub, e.g. "https://hub.example.org"
  std::string profile_base_url;  // what QR links start with; usually the same as public_url
  // The profile pages and the office UI: assets/ (i18n catalogues, web/style.css,
  // taxonomy/occupations.json). Empty: no pages, only the kiosks' API (tests of the sync layer).
  std::filesystem::path assets;
  std::filesystem::path font_dir = "/usr/share/fonts/truetype/noto";  // Debian's fonts-noto-core
  int page_requests_per_minute = 60;  // profile look-ups per client address; 0: no limit
  unsigned password_checks = 2;       // office logins' argon2id checks at once (64 MiB each)
  http::Limits limits;                // against hostile clients: connections, deadlines, sizes
};

class HubServer {
 public:
  // keys: the current hub key; retired: older keys, for envelopes sealed before a rotation.
  HubServer(HubStore& store, const HubKeys& keys, const FormLibrary& forms, ServerConfig config,
            std::span<const HubKeys> retired = {});
  ~HubServer();
  HubServer(const HubServer&) = delete;
  HubServer& operator=(const HubServer&) = delete;

  // Binds the port and starts serving; run() then blocks until stop(). Split so callers know
  // the port first. `stop` is asked now and then during the long work before serving (the
  // search index computed again for 100,000 records): true ends bind() with kIndexStopped.
  Result<int> bind(const std::function<bool()>& stop = {});
  void run();
  // The routes served, as (method, pattern), once bind() has defined them: the office's
  // permission test walks every one of them.
  std::vector<std::pair<std::string, std::string>> routes() const;
  // What /readyz answers: the database answers a read and a write (rolled back) and the signing
  // key signs. The error's code names the failing part's error, its message the part ("database
  // (code)"), never a path.
  Result<void> check_ready() const;
  // True once bind() has succeeded and the server answers (false after the timeout if not).
  bool wait_until_running(std::chrono::milliseconds timeout);
  // Ends serving and returns run(): bounded, however many slow clients are connected (running
  // handlers finish first). A stop() before run() makes run() return at once.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sichtbar::hub
