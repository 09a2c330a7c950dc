// The hub's secret key file and `sichtbar-hub init`: without this file and its passphrase no
// record can ever be opened, so it must round-trip exactly, stay private, never be overwritten,
// and tell a wrong passphrase apart from a damaged file.
#include <sodium.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "hub/key_file.h"
#include "protocol/keys.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using sichtbar::test::read_file;
using sichtbar::test::run;
using sichtbar::test::TempDir;
using sichtbar::test::write_file;

namespace {

const std::string kPassphrase = "Pferdebatterie-korrekt 7";

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::filesystem::path private_passphrase_file(const TempDir& dir, const std::string& text) {
  const auto path = dir / "passphrase.txt";
  write_file(path, text);
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return path;
}

bool contains(const std::string& haystack, std::span<const std::uint8_t> needle) {
  return haystack.find(std::string(needle.begin(), needle.end())) != std::string::npos;
}

}  // namespace

TEST_CASE("a written key file reads back as identical keys") {
  TempDir dir;
  const HubKeys keys = HubKeys::generate(17);
  const auto path = dir / "hub-secret.key";
  REQUIRE(hub::write_hub_key_file(path, keys, kPassphrase));
  auto back = hub::read_hub_key_file(path, kPassphrase);
  REQUIRE(back);
  CHECK(*back == keys);
  CHECK(back->key_id == 17);
  CHECK(std::filesystem::file_size(path) == hub::kHubKeyFileBytes);
}

TEST_CASE("the key file is readable only by its owner and leaves no temp files") {
  TempDir dir;
  const auto path = dir / "hub-secret.key";
  REQUIRE(hub::write_hub_key_file(path, HubKeys::generate(1), kPassphrase));
  CHECK(mode_of(path) == 0600);
  std::size_t entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("no secret key bytes appear in the file, in any encoding") {
  TempDir dir;
  const HubKeys keys = HubKeys::generate(1);
  const auto path = dir / "hub-secret.key";
  REQUIRE(hub::write_hub_key_file(path, keys, kPassphrase));
  const std::string content = read_file(path);
  CHECK_FALSE(contains(content, keys.box_secret));
  CHECK_FALSE(contains(content, keys.sign_secret));
  CHECK_FALSE(contains(content, std::span(keys.sign_secret).first(32)));  // the Ed25519 seed
  CHECK(content.find(to_hex(keys.box_secret)) == std::string::npos);
  CHECK(content.find(to_base64url(keys.box_secret)) == std::string::npos);
  CHECK(content.find(kPassphrase) == std::string::npos);
}

TEST_CASE("a wrong passphrase is reported as such, not as damage") {
  TempDir dir;
  const auto path = dir / "hub-secret.key";
  REQUIRE(hub::write_hub_key_file(path, HubKeys::generate(1), kPassphrase));
  for (const std::string& wrong : {std::string("Pferdebatterie-korrekt 8"), std::string()}) {
    auto r = hub::read_hub_key_file(path, wrong);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "hubkey.wrong_passphrase");
    CHECK(r.error().message.find("passphrase") != std::string::npos);
  }
}

TEST_CASE("a truncated key file is reported as damaged at every length") {
  TempDir dir;
  const auto path = dir / "hub-secret.key";
  REQUIRE(hub::write_hub_key_file(path, HubKeys::generate(1), kPassphrase));
  const std::string content = read_file(path);
  const auto cut = dir / "cut.key";
  for (std::size_t n = 0; n < content.size(); ++n) {
    write_file(cut, content.substr(0, n));
    auto r = hub::read_hub_key_file(cut, kPassphrase);
    INFO("length " << n);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "hubkey.corrupt");
  }
  write_file(cut, content + "x");
  CHECK(hub::read_hub_key_file(cut, kPassphrase).error().code == "hubkey.corrupt");
}

TEST_CASE("a changed byte anywhere is reported as damage, never as a wrong passphrase") {
  TempDir dir;
  const auto path = dir / "hub-secret.key";
  REQUIRE(hub::write_hub_key_file(path, HubKeys::generate(1), kPassphrase));
  const std::string content = read_file(path);
  const auto bad = dir / "bad.key";
  for (std::size_t i = 0; i < content.size(); ++i) {
    std::string flipped = content;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x04);
    write_file(bad, flipped);
    auto r = hub::read_hub_key_file(bad, kPassphrase);
    INFO("offset " << i);
    REQUIRE_FALSE(r);
    if (i == 4)
      CHECK(r.error().code == "hubkey.unsupported_version");
    else
      CHECK(r.error().code == "hubkey.corrupt");
  }
}

TEST_CASE("a missing key file says so and how to make one") {
  TempDir dir;
  auto r = hub::read_hub_key_file(dir / "nothing.key", kPassphrase);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "hubkey.missing");
  CHECK(r.error().message.find("sichtbar-hub init") != std::string::npos);
}

TEST_CASE("an existing key file is never overwritten") {
  TempDir dir;
  const auto path = dir / "hub-secret.key";
  const HubKeys first = HubKeys::generate(1);
  REQUIRE(hub::write_hub_key_file(path, first, kPassphrase));
  const std::string before = read_file(path);
  auto r = hub::write_hub_key_file(path, HubKeys::generate(2), kPassphrase);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "hubkey.exists");
  CHECK(read_file(path) == before);
  CHECK(*hub::read_hub_key_file(path, kPassphrase) == first);
}

TEST_CASE("a short passphrase is refused before anything is written") {
  TempDir dir;
  const auto path = dir / "hub-secret.key";
  auto r = hub::write_hub_key_file(path, HubKeys::generate(1), "short");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "hubkey.weak_passphrase");
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("sichtbar-hub init makes a private folder with both key files") {
  ::unsetenv("SICHTBAR_HUB_PASSPHRASE");
  TempDir dir;
  const auto hub_dir = dir / "hub";
  const auto pw = private_passphrase_file(dir, kPassphrase + "\n");
  auto r = run({SICHTBAR_HUB_BIN, "init", "--dir", hub_dir.string(), "--key-id", "5",
                "--passphrase-file", pw.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(mode_of(hub_dir) == 0700);
  CHECK(mode_of(hub_dir / "hub-secret.key") == 0600);

  auto recipient = parse_hub_public(read_file(hub_dir / "hub-public.json"));
  REQUIRE(recipient);
  CHECK(recipient->key_id == 5);
  // The trailing newline of the passphrase file is not part of the passphrase.
  auto keys = hub::read_hub_key_file(hub_dir / "hub-secret.key", kPassphrase);
  REQUIRE(keys);
  CHECK(keys->recipient() == *recipient);
  // What init prints lets the office compare fingerprints with what a kiosk shows.
  CHECK(r.out.find(key_fingerprint(keys->box_public)) != std::string::npos);
  CHECK(r.out.find((hub_dir / "hub-public.json").string()) != std::string::npos);
}

TEST_CASE("a second sichtbar-hub init refuses and changes nothing") {
  ::unsetenv("SICHTBAR_HUB_PASSPHRASE");
  TempDir dir;
  const auto hub_dir = dir / "hub";
  const auto pw = private_passphrase_file(dir, kPassphrase);
  const std::vector<std::string> argv = {SICHTBAR_HUB_BIN,    "init",     "--dir", hub_dir.string(),
                                         "--passphrase-file", pw.string()};
  REQUIRE(run(argv).exit_code == 0);
  const std::string secret = read_file(hub_dir / "hub-secret.key");
  const std::string pub = read_file(hub_dir / "hub-public.json");

  auto again = run(argv);
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("already initialised") != std::string::npos);
  CHECK(read_file(hub_dir / "hub-secret.key") == secret);
  CHECK(read_file(hub_dir / "hub-public.json") == pub);
}

TEST_CASE("sichtbar-hub init takes the passphrase from SICHTBAR_HUB_PASSPHRASE") {
  TempDir dir;
  const auto hub_dir = dir / "hub";
  ::setenv("SICHTBAR_HUB_PASSPHRASE", kPassphrase.c_str(), 1);
  auto r = run({SICHTBAR_HUB_BIN, "init", "--dir", hub_dir.string()});
  ::unsetenv("SICHTBAR_HUB_PASSPHRASE");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(hub::read_hub_key_file(hub_dir / "hub-secret.key", kPassphrase));
}

TEST_CASE("sichtbar-hub init without a passphrase explains where to give one") {
  ::unsetenv("SICHTBAR_HUB_PASSPHRASE");
  TempDir dir;
  const auto hub_dir = dir / "hub";
  auto r = run({SICHTBAR_HUB_BIN, "init", "--dir", hub_dir.string()});  // stdin is not a terminal
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--passphrase-file") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(hub_dir / "hub-secret.key"));
}

TEST_CASE("sichtbar-hub init refuses a passphrase file that others can read") {
  ::unsetenv("SICHTBAR_HUB_PASSPHRASE");
  TempDir dir;
  const auto pw = dir / "pw.txt";
  write_file(pw, kPassphrase);
  std::filesystem::permissions(pw, std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  auto r = run({SICHTBAR_HUB_BIN, "init", "--dir", (dir / "hub").string(), "--passphrase-file",
                pw.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("chmod 600") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "hub" / "hub-secret.key"));
}

TEST_CASE("sichtbar-hub shows usage for help and exits 2 for unknown commands") {
  auto help = run({SICHTBAR_HUB_BIN, "help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("init --dir DIR") != std::string::npos);

  auto unknown = run({SICHTBAR_HUB_BIN, "serev"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown command") != std::string::npos);
  CHECK(unknown.err.find("Usage:") != std::string::npos);

  auto none = run({SICHTBAR_HUB_BIN});
  CHECK(none.exit_code == 2);

  auto bad_id = run({SICHTBAR_HUB_BIN, "init", "--dir", "/nonexistent", "--key-id", "x"});
  CHECK(bad_id.exit_code == 2);
}

TEST_CASE("the hub public key file round-trips and names its format") {
  const HubKeys keys = HubKeys::generate(9);
  const nlohmann::json doc = hub_public_json(keys);
  CHECK(doc.at("format") == "sichtbar-hub-public-1");
  CHECK(doc.at("key_id") == 9);
  CHECK(doc.at("box_public") == to_base64url(keys.box_public));
  CHECK(doc.at("sign_public") == to_base64url(keys.sign_public));
  CHECK(doc.size() == 4);  // nothing secret rides along
  auto back = parse_hub_public(doc.dump());
  REQUIRE(back);
  CHECK(*back == keys.recipient());
}

TEST_CASE("a broken hub public key file names the field and what to do") {
  const nlohmann::json good = hub_public_json(HubKeys::generate(1));
  auto message_for = [](const nlohmann::json& doc) {
    auto r = parse_hub_public(doc.dump());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "hub_public.invalid");
    CHECK(r.error().message.find("Ask the office for a new hub key file") != std::string::npos);
    return r.error().message;
  };
  nlohmann::json doc = good;
  doc.erase("box_public");
  CHECK(message_for(doc).find("field box_public is missing") != std::string::npos);
  doc = good;
  doc["box_public"] = to_base64url(Bytes(31, 1));
  CHECK(message_for(doc).find("32-byte key") != std::string::npos);
  doc = good;
  doc["sign_public"] = "not base64!";
  CHECK(message_for(doc).find("field sign_public") != std::string::npos);
  doc = good;
  doc["format"] = "sichtbar-hub-public-2";
  CHECK(message_for(doc).find("field format") != std::string::npos);
  for (const nlohmann::json& bad_id : {nlohmann::json(-1), nlohmann::json(4294967296ULL),
                                       nlohmann::json(1.5), nlohmann::json("1")}) {
    doc = good;
    doc["key_id"] = bad_id;
    CHECK(message_for(doc).find("field key_id") != std::string::npos);
  }
  for (const char* text : {"", "{", "[]", "null", "{\"format\":1}"}) {
    INFO("text " << text);
    CHECK_FALSE(parse_hub_public(text));
  }
}

TEST_CASE("the passphrase can come from a systemd credential") {
  sichtbar::test::TempDir dir;
  const auto credential = dir / "sichtbar-hub-passphrase";
  sichtbar::test::write_file(credential, "aus dem Credential-Ordner\n");
  ::chmod(credential.c_str(), 0600);
  ::setenv("CREDENTIALS_DIRECTORY", dir.path().c_str(), 1);
  ::unsetenv("SICHTBAR_HUB_PASSPHRASE");
  auto passphrase = sichtbar::hub::obtain_passphrase(std::nullopt, false);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  REQUIRE(passphrase);
  CHECK(*passphrase == "aus dem Credential-Ordner");
}

// ---- Key rotation ----

TEST_CASE("rotating keeps the old record key, makes a new one and keeps the signing key") {
  TempDir dir;
  const auto hub_dir = dir / "hub";
  REQUIRE(hub::init_hub_dir(hub_dir, 1, kPassphrase));
  const HubKeys first = *hub::read_hub_key_file(hub_dir / "hub-secret.key", kPassphrase);

  auto rotated = hub::rotate_hub_keys(hub_dir, kPassphrase);
  INFO((rotated ? std::string() : rotated.error().message));
  REQUIRE(rotated);
  CHECK(rotated->old_key_id == 1);
  CHECK(rotated->new_key_id == 2);

  auto ring = hub::read_hub_keyring(hub_dir, kPassphrase);
  REQUIRE(ring);
  CHECK(ring->current.key_id == 2);
  CHECK(ring->current.box_public != first.box_public);
  CHECK(ring->current.sign_public == first.sign_public);  // kiosks keep trusting the hub
  REQUIRE(ring->retired.size() == 1);
  CHECK(ring->retired[0] == first);
  CHECK(mode_of(hub::retired_key_file(hub_dir, 1)) == 0600);
  // Kiosks set up from the public key file from now on get the new key.
  CHECK(*parse_hub_public(read_file(hub_dir / "hub-public.json")) == ring->current.recipient());
  CHECK(rotated->box_fingerprint == key_fingerprint(ring->current.box_public));

  REQUIRE(hub::rotate_hub_keys(hub_dir, kPassphrase));
  ring = hub::read_hub_keyring(hub_dir, kPassphrase);
  REQUIRE(ring);
  CHECK(ring->current.key_id == 3);
  REQUIRE(ring->retired.size() == 2);
  CHECK(ring->retired[0].key_id == 1);
  CHECK(ring->retired[1].key_id == 2);
  REQUIRE(ring->find(1));
  CHECK(*ring->find(1) == first);
  CHECK(ring->find(4) == nullptr);
}

TEST_CASE("a rotation with a wrong passphrase changes nothing") {
  TempDir dir;
  const auto hub_dir = dir / "hub";
  REQUIRE(hub::init_hub_dir(hub_dir, 1, kPassphrase));
  const std::string secret_before = read_file(hub_dir / "hub-secret.key");
  const std::string public_before = read_file(hub_dir / "hub-public.json");
  auto r = hub::rotate_hub_keys(hub_dir, "not the passphrase");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "hubkey.wrong_passphrase");
  CHECK(read_file(hub_dir / "hub-secret.key") == secret_before);
  CHECK(read_file(hub_dir / "hub-public.json") == public_before);
  CHECK_FALSE(std::filesystem::exists(hub::retired_key_file(hub_dir, 1)));
}

TEST_CASE("a rotation cut off after keeping the old key can simply be run again") {
  TempDir dir;
  const auto hub_dir = dir / "hub";
  REQUIRE(hub::init_hub_dir(hub_dir, 1, kPassphrase));
  const HubKeys first = *hub::read_hub_key_file(hub_dir / "hub-secret.key", kPassphrase);
  // Step 1 of a rotation done, then the power went.
  REQUIRE(hub::write_hub_key_file(hub::retired_key_file(hub_dir, 1), first, kPassphrase));
  REQUIRE(hub::rotate_hub_keys(hub_dir, kPassphrase));
  auto ring = hub::read_hub_keyring(hub_dir, kPassphrase);
  REQUIRE(ring);
  CHECK(ring->current.key_id == 2);
  REQUIRE(ring->retired.size() == 1);
  CHECK(ring->retired[0] == first);
}

TEST_CASE("a retired key file that holds another key than its name says is refused") {
  TempDir dir;
  const auto hub_dir = dir / "hub";
  REQUIRE(hub::init_hub_dir(hub_dir, 1, kPassphrase));
  REQUIRE(hub::write_hub_key_file(hub::retired_key_file(hub_dir, 7), HubKeys::generate(8),
                                  kPassphrase));
  auto ring = hub::read_hub_keyring(hub_dir, kPassphrase);
  REQUIRE_FALSE(ring);
  CHECK(ring.error().code == "hubkey.corrupt");
  CHECK(ring.error().message.find("hub-secret-7.key") != std::string::npos);
}

TEST_CASE("a public key file left behind by a cut-off rotation is rewritten from the keys") {
  TempDir dir;
  const auto hub_dir = dir / "hub";
  REQUIRE(hub::init_hub_dir(hub_dir, 1, kPassphrase));
  const HubKeys keys = *hub::read_hub_key_file(hub_dir / "hub-secret.key", kPassphrase);
  auto same = hub::refresh_public_key_file(hub_dir, keys);
  REQUIRE(same);
  CHECK_FALSE(*same);  // nothing to do
  write_file(hub_dir / "hub-public.json", "{}");
  auto rewritten = hub::refresh_public_key_file(hub_dir, keys);
  REQUIRE(rewritten);
  CHECK(*rewritten);
  CHECK(*parse_hub_public(read_file(hub_dir / "hub-public.json")) == keys.recipient());
}

TEST_CASE("a kiosk accepts the hub's new key only when the hub's signing key vouches for it") {
  const HubKeys old_keys = HubKeys::generate(1);
  HubKeys new_keys = old_keys;
  new_keys.key_id = 2;
  crypto_box_keypair(new_keys.box_public.data(), new_keys.box_secret.data());

  auto accepted = verify_signed_hub_key(signed_hub_key(new_keys), old_keys.recipient());
  REQUIRE(accepted);
  CHECK(*accepted == new_keys.recipient());

  SECTION("a changed key id or record key breaks the signature") {
    auto update = signed_hub_key(new_keys);
    update["hub"]["key_id"] = 3;
    CHECK(verify_signed_hub_key(update, old_keys.recipient()).error().code ==
          "hub_key.bad_signature");
    update = signed_hub_key(new_keys);
    update["hub"]["box_public"] = to_base64url(HubKeys::generate(2).box_public);
    CHECK(verify_signed_hub_key(update, old_keys.recipient()).error().code ==
          "hub_key.bad_signature");
  }
  SECTION("someone else's hub cannot hand over a key") {
    HubKeys stranger = HubKeys::generate(2);
    CHECK(verify_signed_hub_key(signed_hub_key(stranger), old_keys.recipient()).error().code ==
          "hub_key.bad_signature");
  }
  SECTION("an older or the same key id is not taken back") {
    auto r = verify_signed_hub_key(signed_hub_key(old_keys), old_keys.recipient());
    CHECK(r.error().code == "hub_key.not_newer");
    CHECK(r.error().message.find("tell the office") != std::string::npos);
  }
  SECTION("garbage is refused") {
    CHECK(verify_signed_hub_key(nlohmann::json::array(), old_keys.recipient()).error().code ==
          "hub_key.invalid");
    CHECK(verify_signed_hub_key({{"hub", 1}, {"signature", "x"}}, old_keys.recipient())
              .error()
              .code == "hub_key.invalid");
  }
}
