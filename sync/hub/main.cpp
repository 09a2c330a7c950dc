// sichtbar-hub: the office hub's command line. Each command is one row in kCommands; the work
// lives in sichtbar_hub_lib so tests and later commands (serve, enroll, import) can share it.
#include <sodium.h>

#include <charconv>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hub/key_file.h"

namespace {

using Args = std::span<const std::string>;
constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

struct Command {
  std::string_view name;
  std::string_view synopsis;
  std::string_view summary;
  int (*run)(Args args);
};

int usage_error(const std::string& message);

// "--name value" options; every option takes a value. Unknown options are a usage error.
std::optional<std::map<std::string, std::string>> parse_options(
    Args args, std::initializer_list<std::string_view> allowed) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool known = false;
    for (auto name : allowed) known = known || a == name;
    if (!known) {
      usage_error("unknown argument \"" + a + "\"");
      return std::nullopt;
    }
    if (i + 1 >= args.size()) {
      usage_error(a + " needs a value");
      return std::nullopt;
    }
    out[a] = args[++i];
  }
  return out;
}

int print_error(const sichtbar::Error& e) {
  std::cerr << "sichtbar-hub: " << e.message << "\n";
  return kExitFailed;
}

int cmd_init(Args args) {
  auto opts = parse_options(args, {"--dir", "--key-id", "--passphrase-file"});
  if (!opts) return kExitUsage;
  if (!opts->contains("--dir")) return usage_error("init needs --dir DIR");

  std::uint32_t key_id = 1;
  if (auto it = opts->find("--key-id"); it != opts->end()) {
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), key_id);
    if (ec != std::errc() || end != text.data() + text.size() || key_id == 0)
      return usage_error("--key-id must be a whole number from 1 to 4294967295");
  }
  std::optional<std::filesystem::path> passphrase_file;
  if (auto it = opts->find("--passphrase-file"); it != opts->end()) passphrase_file = it->second;

  const std::filesystem::path dir = opts->at("--dir");
  // Refuse before asking for a passphrase that would not be used.
  std::error_code ec;
  if (std::filesystem::exists(dir / sichtbar::hub::kSecretKeyFileName, ec))
    return print_error({"hubkey.exists", "This hub is already initialised: " +
                                             (dir / sichtbar::hub::kSecretKeyFileName).string() +
                                             " exists. Nothing was changed."});

  auto passphrase = sichtbar::hub::obtain_passphrase(passphrase_file, /*confirm=*/true);
  if (!passphrase) return print_error(passphrase.error());
  auto report = sichtbar::hub::init_hub_dir(dir, key_id, *passphrase);
  sodium_memzero(passphrase->data(), passphrase->size());
  if (!report) return print_error(report.error());

  std::cout << "Initialised the hub in " << dir.string() << "\n"
            << "  secret key file: " << report->secret_key_file.string()
            << " (encrypted with the passphrase, mode 0600)\n"
            << "  public key file: " << report->public_key_file.string()
            << " (give this to the kiosks)\n"
            << "  key id:          " << report->key_id << "\n"
            << "  box key fingerprint:  " << report->box_fingerprint << "\n"
            << "  sign key fingerprint: " << report->sign_fingerprint << "\n"
            << "Keep the passphrase and a backup of the secret key file safe: without both, the "
               "records sealed to this key can never be opened.\n";
  return kExitOk;
}

int cmd_help(Args args);

constexpr Command kCommands[] = {
    {"init", "init --dir DIR [--key-id N] [--passphrase-file FILE]",
     "Make the hub's keys: DIR/hub-secret.key (encrypted) and DIR/hub-public.json. The "
     "passphrase comes from FILE, from SICHTBAR_HUB_PASSPHRASE, or is asked for.",
     cmd_init},
    {"help", "help", "Show this text.", cmd_help},
};

void print_usage(std::ostream& out) {
  out << "Usage: sichtbar-hub COMMAND [OPTIONS]\n\nCommands:\n";
  for (const Command& c : kCommands)
    out << "  sichtbar-hub " << c.synopsis << "\n      " << c.summary << "\n";
}

int usage_error(const std::string& message) {
  std::cerr << "sichtbar-hub: " << message << "\n\n";
  print_usage(std::cerr);
  return kExitUsage;
}

int cmd_help(Args) {
  print_usage(std::cout);
  return kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
  if (sodium_init() < 0) {
    std::cerr << "sichtbar-hub: the cryptography library could not start.\n";
    return kExitFailed;
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string name = args[0] == "--help" || args[0] == "-h" ? "help" : args[0];
  for (const Command& c : kCommands)
    if (c.name == name) return c.run(Args(args).subspan(1));
  return usage_error("unknown command \"" + args[0] + "\"");
}
