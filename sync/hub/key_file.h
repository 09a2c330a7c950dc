// The hub's secret keys at rest: a small file encrypted under a passphrase (argon2id +
// XSalsa20-Poly1305), plus where the passphrase comes from and `sichtbar-hub init`'s work.
// Layout of the file: sync/PROTOCOL.md, "Hub secret key file".
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

inline constexpr std::string_view kSecretKeyFileName = "hub-secret.key";
inline constexpr std::string_view kPublicKeyFileName = "hub-public.json";
inline constexpr std::string_view kPassphraseEnvVar = "SICHTBAR_HUB_PASSPHRASE";
// The name of the systemd credential that holds the passphrase ($CREDENTIALS_DIRECTORY/...).
inline constexpr std::string_view kPassphraseCredential = "sichtbar-hub-passphrase";
inline constexpr std::size_t kMinPassphraseBytes = 8;
inline constexpr std::size_t kHubKeyFileBytes = 276;

// Writes all of `keys` encrypted under `passphrase` to `path` with mode 0600: temp file, fsync,
// rename without replacing, fsync of the directory. Never overwrites an existing file
// ("hubkey.exists"): losing the old key would make every record sealed to it unreadable.
Result<void> write_hub_key_file(const std::filesystem::path& path, const HubKeys& keys,
                                std::string_view passphrase);

// Errors: "hubkey.missing", "hubkey.unreadable", "hubkey.corrupt" (damaged or truncated),
// "hubkey.unsupported_version", "hubkey.wrong_passphrase", "hubkey.out_of_memory".
Result<HubKeys> read_hub_key_file(const std::filesystem::path& path, std::string_view passphrase);

// The passphrase from, in order: `passphrase_file` (one line; must not be readable by group or
// others), the environment variable SICHTBAR_HUB_PASSPHRASE, or the terminal without echo (asked
// twice when `confirm`). With none of these: "hubkey.no_passphrase".
Result<std::string> obtain_passphrase(const std::optional<std::filesystem::path>& passphrase_file,
                                      bool confirm);

// One line typed at the terminal with echo off (the prompt goes to stderr): for passphrases
// and office passwords.
Result<std::string> read_terminal_secret(const char* prompt);

struct HubInitReport {
  std::filesystem::path secret_key_file;
  std::filesystem::path public_key_file;
  std::uint32_t key_id = 0;
  std::string box_fingerprint;   // key_fingerprint(box_public)
  std::string sign_fingerprint;  // key_fingerprint(sign_public)
};

// Creates `dir` (0700) if needed, new hub keys for `key_id`, the encrypted secret key file and
// the public key file; reads the secret key file back to prove the passphrase opens it.
// Refuses when the secret key file exists ("hubkey.exists").
Result<HubInitReport> init_hub_dir(const std::filesystem::path& dir, std::uint32_t key_id,
                                   std::string_view passphrase);

// The text of hub-public.json for these keys (what kiosks are given).
std::string public_key_file_text(const HubKeys& keys);

// ---- Key rotation ----
// The hub's keys: the current one, which kiosks seal new records to, and the retired ones it
// still opens older envelopes with. Retired keys live next to hub-secret.key as
// hub-secret-<key id>.key, under the same passphrase.
struct HubKeyring {
  HubKeys current;
  std::vector<HubKeys> retired;  // ascending key id
  const HubKeys* find(std::uint32_t key_id) const;
  void wipe();
};

std::filesystem::path retired_key_file(const std::filesystem::path& dir, std::uint32_t key_id);

// hub-secret.key and every hub-secret-<id>.key in `dir`, all opened with `passphrase`. A retired
// file whose key id differs from its name is "hubkey.corrupt".
Result<HubKeyring> read_hub_keyring(const std::filesystem::path& dir, std::string_view passphrase);

struct HubRotateReport {
  std::uint32_t old_key_id = 0;
  std::uint32_t new_key_id = 0;
  std::string box_fingerprint;  // of the new record key
};

// A new record key (X25519) under the next key id; the signing key stays. Order, so that a cut
// at any point loses no key: the current key is written as hub-secret-<id>.key, then the new key
// replaces hub-secret.key, then hub-public.json. Kiosks learn the new key at their next sync
// (PROTOCOL.md, "Key rotation").
Result<HubRotateReport> rotate_hub_keys(const std::filesystem::path& dir,
                                        std::string_view passphrase);

// Rewrites hub-public.json when it does not describe `current` (an init or rotation cut off
// before its last step). True when it was rewritten.
Result<bool> refresh_public_key_file(const std::filesystem::path& dir, const HubKeys& current);

}  // namespace sichtbar::hub
