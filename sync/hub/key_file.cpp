// The hub secret key file: argon2id-derived key, secretbox of all key material, durable writes
// that never replace an existing key, and the sources of the passphrase.
#include "hub/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "base/atomic_file.h"
#include "base/bytes.h"
#include "base/files.h"

namespace sichtbar::hub {
namespace {

namespace fs = std::filesystem;

// ---- file layout (sync/PROTOCOL.md, "Hub secret key file") ----

constexpr std::array<std::uint8_t, 4> kMagic = {'S', 'B', 'H', 'K'};
constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kOpsAt = 8, kMemAt = 16, kSaltAt = 24, kNonceAt = 40, kBoxAt = 64;
// key_id, box_public, box_secret, sign_public, sign_secret
constexpr std::size_t kSecretBlobBytes = 4 + 32 + 32 + 32 + 64;
constexpr std::size_t kBoxBytes = kSecretBlobBytes + crypto_secretbox_MACBYTES;
constexpr std::size_t kChecksumAt = kBoxAt + kBoxBytes;
static_assert(kSaltAt + crypto_pwhash_SALTBYTES == kNonceAt);
static_assert(kNonceAt + crypto_secretbox_NONCEBYTES == kBoxAt);
static_assert(kChecksumAt + 32 == kHubKeyFileBytes);
static_assert(crypto_secretbox_KEYBYTES == 32);

std::string errno_text(int err) { return std::strerror(err); }

// Derives the secretbox key. Returns false only when argon2id cannot get its memory.
bool derive_key(std::array<std::uint8_t, 32>& key, std::string_view passphrase,
                const std::uint8_t* salt, std::uint64_t opslimit, std::size_t memlimit) {
  const char* pw = passphrase.empty() ? "" : passphrase.data();
  return crypto_pwhash(key.data(), key.size(), pw, passphrase.size(), salt, opslimit, memlimit,
                       crypto_pwhash_ALG_ARGON2ID13) == 0;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Reads at most `limit` bytes (one more than any valid file, so oversize is noticed).
Result<std::string> read_small(int fd, std::size_t limit) {
  std::string out(limit, '\0');
  std::size_t got = 0;
  while (got < limit) {
    const ssize_t n = ::read(fd, out.data() + got, limit - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("io", errno_text(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

std::unexpected<Error> already_initialised(const fs::path& path) {
  return fail("hubkey.exists",
              "This hub is already initialised: " + path.string() +
                  " exists. Nothing was changed. Records sealed to that key can only be opened "
                  "with it, so it is never replaced.");
}

// Writes `content` so that `target` holds either nothing or all of it, even after a power cut
// (base/atomic_file.h), in this file's error codes.
Result<void> write_durably(const fs::path& target, ByteView content, mode_t mode, bool replace) {
  auto written = write_file_atomically(target, content, {.mode = mode, .replace = replace});
  if (written) return {};
  if (written.error().code == "file.exists") return already_initialised(target);
  return fail("hubkey.write_failed", written.error().message);
}

std::unexpected<Error> corrupt(const fs::path& path, const std::string& what) {
  return fail("hubkey.corrupt", "The hub key file " + path.string() + " is damaged (" + what +
                                    "). Restore it from the backup; without it the records "
                                    "cannot be opened.");
}

std::unexpected<Error> weak_passphrase() {
  return fail("hubkey.weak_passphrase", "The passphrase is too short: use at least " +
                                            std::to_string(kMinPassphraseBytes) +
                                            " characters. It protects every record the hub holds.");
}

// One line from the terminal with echo off.
Result<std::string> read_hidden_line(const char* prompt) {
  termios saved{};
  if (::tcgetattr(STDIN_FILENO, &saved) != 0)
    return fail("hubkey.no_passphrase", "Could not switch off echo on the terminal.");
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  std::string line;
  char c = 0;
  ssize_t n = 0;
  while ((n = ::read(STDIN_FILENO, &c, 1)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || c == '\n') break;
    line.push_back(c);
  }
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::fputc('\n', stderr);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

Result<std::string> read_terminal_secret(const char* prompt) { return read_hidden_line(prompt); }

namespace {

// The bytes of a key file holding `keys` under `passphrase`.
Result<std::array<std::uint8_t, kHubKeyFileBytes>> seal_key_file(const HubKeys& keys,
                                                                 std::string_view passphrase) {
  std::array<std::uint8_t, kHubKeyFileBytes> file{};
  std::copy(kMagic.begin(), kMagic.end(), file.begin());
  file[4] = kFormatVersion;
  file[5] = static_cast<std::uint8_t>(crypto_pwhash_ALG_ARGON2ID13);
  put_be(&file[kOpsAt], crypto_pwhash_OPSLIMIT_INTERACTIVE, 8);
  put_be(&file[kMemAt], crypto_pwhash_MEMLIMIT_INTERACTIVE, 8);
  randombytes_buf(&file[kSaltAt], crypto_pwhash_SALTBYTES);
  randombytes_buf(&file[kNonceAt], crypto_secretbox_NONCEBYTES);

  std::array<std::uint8_t, 32> key{};
  if (!derive_key(key, passphrase, &file[kSaltAt], crypto_pwhash_OPSLIMIT_INTERACTIVE,
                  crypto_pwhash_MEMLIMIT_INTERACTIVE))
    return fail("hubkey.out_of_memory",
                "There was not enough memory to protect the hub key with the passphrase. Close "
                "other programs and try again.");

  std::array<std::uint8_t, kSecretBlobBytes> blob{};
  put_be(&blob[0], keys.key_id, 4);
  std::copy(keys.box_public.begin(), keys.box_public.end(), &blob[4]);
  std::copy(keys.box_secret.begin(), keys.box_secret.end(), &blob[36]);
  std::copy(keys.sign_public.begin(), keys.sign_public.end(), &blob[68]);
  std::copy(keys.sign_secret.begin(), keys.sign_secret.end(), &blob[100]);
  crypto_secretbox_easy(&file[kBoxAt], blob.data(), blob.size(), &file[kNonceAt], key.data());
  sodium_memzero(blob.data(), blob.size());
  sodium_memzero(key.data(), key.size());

  // The checksum tells a damaged file apart from a wrong passphrase (both fail the MAC).
  const auto checksum = sha256(ByteView(file).first(kChecksumAt));
  std::copy(checksum.begin(), checksum.end(), &file[kChecksumAt]);
  return file;
}

}  // namespace

Result<void> write_hub_key_file(const fs::path& path, const HubKeys& keys,
                                std::string_view passphrase) {
  if (passphrase.size() < kMinPassphraseBytes) return weak_passphrase();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) return already_initialised(path);
  auto file = seal_key_file(keys, passphrase);
  if (!file) return std::unexpected(file.error());
  return write_durably(path, *file, 0600, /*replace=*/false);
}

Result<HubKeys> read_hub_key_file(const fs::path& path, std::string_view passphrase) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT)
      return fail("hubkey.missing", "There is no hub key file at " + path.string() +
                                        ". Run `sichtbar-hub init` first, or point to the folder "
                                        "that holds hub-secret.key.");
    return fail("hubkey.unreadable", "Could not read the hub key file " + path.string() + ": " +
                                         errno_text(errno) + ".");
  }
  auto content = read_small(fd.get(), kHubKeyFileBytes + 1);
  if (!content)
    return fail("hubkey.unreadable", "Could not read the hub key file " + path.string() + ": " +
                                         content.error().message + ".");
  const ByteView file = as_bytes(*content);

  if (file.size() < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), file.begin()))
    return corrupt(path, "it is not a Sichtbar hub key file");
  if (file.size() > 4 && file[4] != kFormatVersion)
    return fail("hubkey.unsupported_version",
                "The hub key file " + path.string() + " was made by a newer Sichtbar (format " +
                    std::to_string(file[4]) + "). Update Sichtbar on this computer.");
  if (file.size() != kHubKeyFileBytes)
    return corrupt(path, file.size() < kHubKeyFileBytes ? "it is cut off" : "it is too long");
  const auto checksum = sha256(file.first(kChecksumAt));
  if (!std::equal(checksum.begin(), checksum.end(), file.begin() + kChecksumAt))
    return corrupt(path, "its checksum does not match");

  // Bounded so that a planted file cannot make the hub allocate or compute without limit.
  const std::uint64_t opslimit = get_be(&file[kOpsAt], 8);
  const std::uint64_t memlimit = get_be(&file[kMemAt], 8);
  if (file[5] != crypto_pwhash_ALG_ARGON2ID13 || file[6] != 0 || file[7] != 0 ||
      opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
      memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
    return corrupt(path, "unknown key derivation settings");

  std::array<std::uint8_t, 32> key{};
  if (!derive_key(key, passphrase, &file[kSaltAt], opslimit, static_cast<std::size_t>(memlimit)))
    return fail("hubkey.out_of_memory",
                "There was not enough memory to unlock the hub key. Close other programs and try "
                "again.");
  std::array<std::uint8_t, kSecretBlobBytes> blob{};
  const int opened = crypto_secretbox_open_easy(blob.data(), &file[kBoxAt], kBoxBytes,
                                                &file[kNonceAt], key.data());
  sodium_memzero(key.data(), key.size());
  sodium_memzero(content->data(), content->size());
  if (opened != 0)
    return fail("hubkey.wrong_passphrase", "The passphrase does not unlock the hub key file " +
                                               path.string() +
                                               ". Check it (letters, case, spaces) and try again.");

  HubKeys keys;
  keys.key_id = static_cast<std::uint32_t>(get_be(&blob[0], 4));
  std::copy_n(&blob[4], 32, keys.box_public.begin());
  std::copy_n(&blob[36], 32, keys.box_secret.begin());
  std::copy_n(&blob[68], 32, keys.sign_public.begin());
  std::copy_n(&blob[100], 64, keys.sign_secret.begin());
  sodium_memzero(blob.data(), blob.size());

  // The MAC already vouches for the bytes; this catches a file written from inconsistent keys.
  std::array<std::uint8_t, 32> derived_box{}, derived_sign{};
  crypto_scalarmult_base(derived_box.data(), keys.box_secret.data());
  crypto_sign_ed25519_sk_to_pk(derived_sign.data(), keys.sign_secret.data());
  if (derived_box != keys.box_public || derived_sign != keys.sign_public) {
    keys.wipe();
    return corrupt(path, "its key pairs do not belong together");
  }
  return keys;
}

Result<std::string> obtain_passphrase(const std::optional<fs::path>& passphrase_file,
                                      bool confirm) {
  if (passphrase_file) {
    const std::string name = passphrase_file->string();
    Fd fd(::open(passphrase_file->c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0)
      return fail("hubkey.passphrase_file",
                  "Could not read the passphrase file " + name + ": " + errno_text(errno) + ".");
    if ((st.st_mode & 077) != 0)
      return fail("hubkey.passphrase_file",
                  "The passphrase file " + name +
                      " can be read by other users. Make it private first: chmod 600 " + name);
    auto text = read_small(fd.get(), 4096);
    if (!text)
      return fail("hubkey.passphrase_file",
                  "Could not read the passphrase file " + name + ": " + text.error().message + ".");
    // One line: editors add a final newline that is not part of the passphrase.
    std::string& pw = *text;
    if (!pw.empty() && pw.back() == '\n') pw.pop_back();
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    if (pw.empty())
      return fail("hubkey.passphrase_file", "The passphrase file " + name + " is empty.");
    return std::move(pw);
  }

  const std::string env_name(kPassphraseEnvVar);
  if (const char* env = std::getenv(env_name.c_str()); env != nullptr && *env != '\0')
    return std::string(env);

  // A systemd credential (LoadCredentialEncrypted=sichtbar-hub-passphrase:... in the unit):
  // systemd decrypts it into a private folder only this service can read.
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir != nullptr && *dir != '\0') {
    const fs::path credential = fs::path(dir) / std::string(kPassphraseCredential);
    std::error_code ec;
    if (fs::exists(credential, ec)) return obtain_passphrase(credential, confirm);
  }

  // Only prompt when a person is at the keyboard; services and scripts get a clear error
  // instead of hanging.
  if (!::isatty(STDIN_FILENO))
    return fail("hubkey.no_passphrase",
                "No passphrase was given. Use --passphrase-file FILE (a file only you can read) "
                "or set " +
                    env_name + ", or run this in a terminal to type it.");
  auto first = read_hidden_line("Hub passphrase: ");
  if (!first || !confirm) return first;
  auto second = read_hidden_line("Type the passphrase again: ");
  if (!second) return second;
  const bool same = *first == *second;
  sodium_memzero(second->data(), second->size());
  if (!same) {
    sodium_memzero(first->data(), first->size());
    return fail("hubkey.passphrase_mismatch",
                "The two passphrases were not the same. Nothing was changed; try again.");
  }
  return first;
}

std::string public_key_file_text(const HubKeys& keys) {
  return hub_public_json(keys).dump(2) + "\n";
}

Result<HubInitReport> init_hub_dir(const fs::path& dir, std::uint32_t key_id,
                                   std::string_view passphrase) {
  // Checked before anything is created, so a refused init leaves no trace.
  if (passphrase.size() < kMinPassphraseBytes) return weak_passphrase();
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    // The folder holds the hub's secrets: only its owner may enter it.
    if (auto made = create_private_folder(dir); !made)
      return fail("hubkey.write_failed", made.error().message);
  } else if (!fs::is_directory(dir, ec)) {
    return fail("hubkey.write_failed", dir.string() + " exists and is not a folder.");
  }

  HubInitReport report;
  report.secret_key_file = dir / kSecretKeyFileName;
  report.public_key_file = dir / kPublicKeyFileName;
  report.key_id = key_id;
  if (fs::exists(fs::symlink_status(report.secret_key_file, ec)))
    return already_initialised(report.secret_key_file);

  HubKeys keys = HubKeys::generate(key_id);
  if (auto written = write_hub_key_file(report.secret_key_file, keys, passphrase); !written) {
    keys.wipe();
    return std::unexpected(written.error());
  }
  // Losing the hub key loses every record, so prove now that the passphrase opens the file.
  auto reread = read_hub_key_file(report.secret_key_file, passphrase);
  const bool same = reread && *reread == keys;
  if (reread) reread->wipe();
  if (!same) {
    keys.wipe();
    ::unlink(report.secret_key_file.c_str());
    return fail("hubkey.write_failed",
                "The hub key file " + report.secret_key_file.string() +
                    " did not read back correctly and was removed. Check the disk and try again.");
  }

  const std::string public_json = public_key_file_text(keys);
  report.box_fingerprint = key_fingerprint(keys.box_public);
  report.sign_fingerprint = key_fingerprint(keys.sign_public);
  keys.wipe();
  if (auto written = write_durably(report.public_key_file, as_bytes(public_json), 0600, true);
      !written)
    return std::unexpected(written.error());
  return report;
}

// ---- the keyring and rotation ----

const HubKeys* HubKeyring::find(std::uint32_t key_id) const {
  if (current.key_id == key_id) return &current;
  for (const HubKeys& k : retired)
    if (k.key_id == key_id) return &k;
  return nullptr;
}

void HubKeyring::wipe() {
  current.wipe();
  for (HubKeys& k : retired) k.wipe();
}

fs::path retired_key_file(const fs::path& dir, std::uint32_t key_id) {
  return dir / ("hub-secret-" + std::to_string(key_id) + ".key");
}

Result<HubKeyring> read_hub_keyring(const fs::path& dir, std::string_view passphrase) {
  HubKeyring ring;
  auto current = read_hub_key_file(dir / kSecretKeyFileName, passphrase);
  if (!current) return std::unexpected(current.error());
  ring.current = *current;
  current->wipe();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    // hub-secret-<key id>.key; temp files of an interrupted write end differently.
    if (!name.starts_with("hub-secret-") || !name.ends_with(".key")) continue;
    const std::string digits = name.substr(11, name.size() - 15);
    std::uint32_t key_id = 0;
    auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), key_id);
    if (err != std::errc() || end != digits.data() + digits.size()) continue;
    auto old = read_hub_key_file(entry.path(), passphrase);
    if (!old) {
      ring.wipe();
      return std::unexpected(old.error());
    }
    const bool misnamed = old->key_id != key_id;
    // The current key kept under its id is what a rotation cut off after its first step leaves.
    const bool current_kept = key_id == ring.current.key_id && *old == ring.current;
    if (misnamed || (key_id == ring.current.key_id && !current_kept)) {
      ring.wipe();
      old->wipe();
      return corrupt(entry.path(), misnamed ? "its name does not match the key id inside (" +
                                                  std::to_string(old->key_id) + ")"
                                            : "it holds another key under the current key id");
    }
    if (!current_kept) ring.retired.push_back(*old);
    old->wipe();
  }
  if (ec)
    return fail("hubkey.unreadable",
                "Could not list the hub key folder " + dir.string() + ": " + ec.message() + ".");
  std::sort(ring.retired.begin(), ring.retired.end(),
            [](const HubKeys& a, const HubKeys& b) { return a.key_id < b.key_id; });
  return ring;
}

Result<HubRotateReport> rotate_hub_keys(const fs::path& dir, std::string_view passphrase) {
  auto ring = read_hub_keyring(dir, passphrase);
  if (!ring) return std::unexpected(ring.error());
  struct Wipe {
    HubKeyring& ring;
    HubKeys next;
    ~Wipe() {
      ring.wipe();
      next.wipe();
    }
  } keys{*ring, {}};

  std::uint32_t next_id = ring->current.key_id;
  for (const HubKeys& k : ring->retired) next_id = std::max(next_id, k.key_id);
  if (next_id == UINT32_MAX)
    return fail("hubkey.no_key_id_left",
                "There is no key id left above " + std::to_string(next_id) + " to rotate to.");
  ++next_id;
  // The record key changes; the signing key stays, so enrolled kiosks keep trusting the hub's
  // ACKs and receipts and accept the new record key it sends them signed.
  keys.next = ring->current;
  keys.next.key_id = next_id;
  crypto_box_keypair(keys.next.box_public.data(), keys.next.box_secret.data());

  // 1. The current key is kept under its id first: envelopes sealed to it must stay readable.
  //    An earlier, interrupted rotation may have written it already.
  const fs::path retired = retired_key_file(dir, ring->current.key_id);
  if (auto kept = write_hub_key_file(retired, ring->current, passphrase); !kept) {
    if (kept.error().code != "hubkey.exists") return std::unexpected(kept.error());
    auto there = read_hub_key_file(retired, passphrase);
    const bool same = there && *there == ring->current;
    if (there) there->wipe();
    if (!same)
      return corrupt(retired, "it should hold key " + std::to_string(ring->current.key_id) +
                                  " but holds another");
  }
  // 2. The new key becomes the current one (replaced atomically).
  auto file = seal_key_file(keys.next, passphrase);
  if (!file) return std::unexpected(file.error());
  if (auto w = write_durably(dir / kSecretKeyFileName, *file, 0600, /*replace=*/true); !w)
    return std::unexpected(w.error());
  // 3. The public key file follows (serve rewrites it too, should this step be cut off).
  const std::string public_json = public_key_file_text(keys.next);
  if (auto w = write_durably(dir / kPublicKeyFileName, as_bytes(public_json), 0600, true); !w)
    return std::unexpected(w.error());
  return HubRotateReport{ring->current.key_id, next_id, key_fingerprint(keys.next.box_public)};
}

Result<bool> refresh_public_key_file(const fs::path& dir, const HubKeys& current) {
  const fs::path path = dir / kPublicKeyFileName;
  const std::string want = public_key_file_text(current);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() >= 0) {
      auto have = read_small(fd.get(), want.size() + 1);
      if (have && *have == want) return false;
    }
  }
  if (auto w = write_durably(path, as_bytes(want), 0600, true); !w)
    return std::unexpected(w.error());
  return true;
}

}  // namespace sichtbar::hub
