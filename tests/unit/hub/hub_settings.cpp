// The hub's settings: flags over environment over config file over defaults, and clear errors.
#include <catch2/catch.hpp>

#include "hub/settings.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

auto env_from(std::map<std::string, std::string> env) {
  return [env = std::move(env)](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST_CASE("hub settings: a flag beats the environment, which beats the config file") {
  test::TempDir dir;
  test::write_file(dir / "hub.json",
                   R"({"listen": "0.0.0.0:9000", "database": "/srv/file.db", "keys": "/srv/keys"})");
  auto s = hub::resolve_hub_settings(
      {{"--config", (dir / "hub.json").string()}, {"--listen", "127.0.0.1:9100"}},
      env_from({{"SICHTBAR_HUB_LISTEN", "127.0.0.1:9200"},
                {"SICHTBAR_HUB_DATABASE", "/srv/env.db"},
                {"HOME", "/home/office"}}));
  REQUIRE(s);
  CHECK(s->listen == "127.0.0.1:9100");  // flag
  CHECK(s->database == "/srv/env.db");   // environment over file
  CHECK(s->keys == "/srv/keys");         // file
  CHECK(s->port() == 9100);
  CHECK(s->host() == "127.0.0.1");
  CHECK(s->public_url == "http://127.0.0.1:9100");
  CHECK(s->profile_base_url == s->public_url);
}

TEST_CASE("hub settings: defaults live under the user's data folder, on loopback") {
  auto s = hub::resolve_hub_settings({}, env_from({{"HOME", "/home/office"}}));
  REQUIRE(s);
  CHECK(s->listen == "127.0.0.1:8470");
  CHECK(s->database == "/home/office/.local/share/sichtbar/hub/hub.db");
  CHECK(s->keys == "/home/office/.local/share/sichtbar/hub/keys");
  CHECK(s->tls_certificate.empty());
}

TEST_CASE("hub settings: mistakes in the config file are named") {
  test::TempDir dir;
  test::write_file(dir / "typo.json", R"({"listne": "127.0.0.1:1"})");
  auto s = hub::resolve_hub_settings({{"--config", (dir / "typo.json").string()}}, env_from({}));
  REQUIRE(!s);
  CHECK(s.error().message.find("listne") != std::string::npos);
  test::write_file(dir / "broken.json", "{listen: 1");
  s = hub::resolve_hub_settings({{"--config", (dir / "broken.json").string()}}, env_from({}));
  REQUIRE(!s);
  CHECK(s.error().code == "settings.bad_file");
  s = hub::resolve_hub_settings({{"--config", (dir / "absent.json").string()}}, env_from({}));
  REQUIRE(!s);
  CHECK(s.error().code == "settings.unreadable");
}

TEST_CASE("hub settings: a bad listen address or half a TLS setup is refused") {
  CHECK(!hub::resolve_hub_settings({{"--listen", "8470"}}, env_from({})));
  CHECK(!hub::resolve_hub_settings({{"--listen", "127.0.0.1:99999"}}, env_from({})));
  auto s = hub::resolve_hub_settings({{"--tls-certificate", "/etc/hub.pem"}}, env_from({}));
  REQUIRE(!s);
  CHECK(s.error().code == "settings.bad_tls");
}

TEST_CASE("hub settings: the assets come from the hub's own setting, else $SICHTBAR_ASSETS as for the kiosk") {
  test::TempDir dir;
  test::write_file(dir / "hub.json", R"({"assets": "/srv/config-assets"})");
  // One variable names the assets for both programs of an installation.
  auto shared = hub::resolve_hub_settings({}, env_from({{"SICHTBAR_ASSETS", "/srv/assets"}}));
  REQUIRE(shared);
  CHECK(shared->assets == "/srv/assets");
  // The hub's config file (and SICHTBAR_HUB_ASSETS, --assets) names them for the hub alone.
  auto own = hub::resolve_hub_settings({{"--config", (dir / "hub.json").string()}},
                                       env_from({{"SICHTBAR_ASSETS", "/srv/assets"}}));
  REQUIRE(own);
  CHECK(own->assets == "/srv/config-assets");
  // Neither: this test runs from the build tree, which reads the source tree's assets.
  auto built = hub::resolve_hub_settings({}, env_from({}));
  REQUIRE(built);
  CHECK(std::filesystem::exists(built->assets / "forms"));
}
