// The hub's operator log as an operator reads it from the real `sichtbar-hub serve`: a line per
// request with its method, route pattern, status and duration, and never the profile token a
// person's link carries. The patterns are the router's own (hub/http/http.h): a path that
// matches no route is "(other)".
#include <httplib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::test;

TEST_CASE("hub log: each request is one key=value line with its route pattern, never the token") {
  TempDir tmp;
  const auto passphrase = tmp / "passphrase";
  write_file(passphrase, "Weißwurst vor zwölf, bitte\n");
  std::filesystem::permissions(
      passphrase, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace);
  auto init = run({SICHTBAR_HUB_BIN, "init", "--dir", (tmp / "keys").string(), "--passphrase-file",
                   passphrase.string()});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);

  const int port = free_loopback_port();
  auto db = run({SICHTBAR_HUB_BIN, "init-db", "--keys", (tmp / "keys").string(), "--database",
                 (tmp / "hub.db").string()});
  INFO(db.err);
  REQUIRE(db.exit_code == 0);
  const auto log = tmp / "hub.log";
  const auto ready = tmp / "hub.ready";
  // The hub's stderr (its log) into a file; stdout stays the test's pipe.
  auto hub = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>\"$LOG\"", SICHTBAR_HUB_BIN,
                               "serve", "--keys", (tmp / "keys").string(), "--database",
                               (tmp / "hub.db").string(), "--listen",
                               "127.0.0.1:" + std::to_string(port), "--passphrase-file",
                               passphrase.string(), "--ready-file", ready.string()},
      std::vector<std::string>{"LOG=" + log.string()});
  REQUIRE(hub->read_line().find("serving on") != std::string::npos);
  // The ready file is there once the hub answers, with its address.
  CHECK(read_file(ready) == "http://127.0.0.1:" + std::to_string(port) + "\n");

  // A link's shape; no such profile here, which the page does not reveal (the neutral page, 200).
  const std::string token = "Zq3xW9kLmN2pR7sT4vY8bA";
  httplib::Client client("127.0.0.1", port);
  auto page = client.Get("/p/" + token + "?lang=de");
  REQUIRE(page);
  CHECK(page->status == 200);
  auto health = client.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  // Every other kind of path: its route's pattern, whatever the status.
  for (const std::string& path :
       {"/p/" + token + "/erase", std::string("/office/records/0123456789abcdef0123456789abcdef"),
        std::string("/office/kiosks/0123456789abcdef0123456789abcdef/revoke"),
        std::string("/office/login"), std::string("/assets/style.css"),
        std::string("/p/Anna%20Schmidt"), std::string("/search?q=Anna")})
    REQUIRE(client.Get(path));
  client.stop();
  REQUIRE(hub->stop() == 0);
  CHECK_FALSE(std::filesystem::exists(ready));  // gone after a clean stop

  const std::string text = read_file(log);
  INFO(text);
  CHECK(text.find("event=request method=GET route=/p/{token} status=200 duration_ms=") !=
        std::string::npos);
  CHECK(text.find("event=request method=GET route=/api/v1/health status=200") != std::string::npos);
  CHECK(text.find("event=serve.start") != std::string::npos);
  for (const char* route : {"route=/p/{token}/erase ", "route=/office/records/{record_id} ",
                            "route=/office/kiosks/{device_id}/revoke ", "route=/office/login ",
                            "route=/assets/{file} "})
    CHECK(text.find(std::string("event=request method=GET ") + route) != std::string::npos);
  // A path that is no route is "(other)", never what the client typed.
  CHECK(text.find("event=request method=GET route=(other) status=404") != std::string::npos);
  CHECK(text.find("Anna") == std::string::npos);
  CHECK(text.find(token) == std::string::npos);
  CHECK(text.find("lang=de") == std::string::npos);
  CHECK(text.find("Weißwurst") == std::string::npos);
}
