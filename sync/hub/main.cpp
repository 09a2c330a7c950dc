// sichtbar-hub: the office hub's command line. Each command is one row in kCommands; the work
// lives in sichtbar_hub_lib so tests and later commands (serve, enroll, import) can share it.
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/qr.h"
#include "domain/form.h"
#include "hub/key_file.h"
#include "hub/postgres_hub_store.h"
#include "hub/receipt.h"
#include "hub/server.h"
#include "hub/settings.h"
#include "hub/sqlite_hub_store.h"
#include "hub/web/export.h"
#include "hub/web/office_auth.h"
#include "protocol/enrollment.h"

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
    Args args, const std::function<bool(const std::string&)>& known) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!known(a)) {
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

std::optional<std::map<std::string, std::string>> parse_options(
    Args args, std::initializer_list<std::string_view> allowed) {
  return parse_options(args, [&](const std::string& a) {
    return std::find(allowed.begin(), allowed.end(), a) != allowed.end();
  });
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

// Flags that name a hub setting (see settings.h), plus --config.
std::optional<std::map<std::string, std::string>> setting_flags(
    Args args, std::initializer_list<std::string_view> extra = {}) {
  static std::vector<std::string> names;
  if (names.empty()) {
    names.push_back("--config");
    for (const char* n : sichtbar::hub::kHubSettingNames) {
      std::string flag = std::string("--") + n;
      for (char& c : flag)
        if (c == '_') c = '-';
      names.push_back(flag);
    }
  }
  return parse_options(args, [&](const std::string& a) {
    return std::find(names.begin(), names.end(), a) != names.end() ||
           std::find(extra.begin(), extra.end(), a) != extra.end();
  });
}

// The store the settings name: a postgresql:// (or postgres://) URL is a PostgreSQL database,
// anything else the path of an SQLite file.
sichtbar::Result<std::unique_ptr<sichtbar::hub::HubStore>> open_store(
    const sichtbar::hub::HubSettings& s) {
  if (s.database.starts_with("postgresql://") || s.database.starts_with("postgres://"))
    return sichtbar::hub::open_postgres_hub_store(s.database);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(s.database).parent_path(), ec);
  return sichtbar::hub::open_sqlite_hub_store(s.database);
}

// The passphrase from the settings' file, the environment, a systemd credential or the
// terminal (see obtain_passphrase).
sichtbar::Result<std::string> hub_passphrase(const sichtbar::hub::HubSettings& settings) {
  std::optional<std::filesystem::path> passphrase_file;
  if (!settings.passphrase_file.empty()) passphrase_file = settings.passphrase_file;
  return sichtbar::hub::obtain_passphrase(passphrase_file, /*confirm=*/false);
}

// The hub's secret keys, current and retired, unlocked with the passphrase.
sichtbar::Result<sichtbar::hub::HubKeyring> unlock_keys(
    const sichtbar::hub::HubSettings& settings) {
  auto passphrase = hub_passphrase(settings);
  if (!passphrase) return std::unexpected(passphrase.error());
  auto keys = sichtbar::hub::read_hub_keyring(settings.keys, *passphrase);
  sodium_memzero(passphrase->data(), passphrase->size());
  return keys;
}

// What serving and importing both need: settings, the form, the store and the unlocked keys.
struct OpenHub {
  sichtbar::hub::HubSettings settings;
  sichtbar::Form form;
  std::unique_ptr<sichtbar::hub::HubStore> store;
  sichtbar::hub::HubKeyring keys;
  ~OpenHub() { keys.wipe(); }
  sichtbar::hub::IngestContext ingest_context() const { return {keys.current, form, keys.retired}; }
};

sichtbar::Result<std::unique_ptr<OpenHub>> open_hub(
    const std::map<std::string, std::string>& flags) {
  auto settings = sichtbar::hub::resolve_hub_settings(flags);
  if (!settings) return std::unexpected(settings.error());
  auto form = sichtbar::load_form(settings->assets / "forms" / "skills-profile.json");
  if (!form) return std::unexpected(form.error());
  auto store = open_store(*settings);
  if (!store) return std::unexpected(store.error());
  auto keys = unlock_keys(*settings);
  if (!keys) return std::unexpected(keys.error());
  return std::make_unique<OpenHub>(std::move(*settings), std::move(*form), std::move(*store),
                                   *keys);
}

int cmd_import(Args args) {
  if (args.empty() || args[0].starts_with("--"))
    return usage_error("import needs the bundle FILE from the kiosk's USB stick");
  auto flags = setting_flags(args.subspan(1));
  if (!flags) return kExitUsage;
  auto hub = open_hub(*flags);
  if (!hub) return print_error(hub.error());
  auto report = sichtbar::hub::import_bundle(*(*hub)->store, (*hub)->ingest_context(), args[0]);
  if (!report) return print_error(report.error());
  std::cout << "Bundle from " << report->device_name << ": " << report->in_bundle << " profile(s); "
            << report->stored << " new, " << report->duplicates << " already here";
  if (report->conflicts) std::cout << ", " << report->conflicts << " kept aside as conflicts";
  if (report->gone) std::cout << ", " << report->gone << " erased earlier";
  if (report->rejected) std::cout << ", " << report->rejected << " not accepted";
  std::cout << ".\n";
  if (!report->missing.empty())
    std::cout << report->missing.size()
              << " profile(s) were cut off or damaged on the stick; they stay on the kiosk and "
                 "come with the next bundle.\n";
  std::cout << "Receipt for the kiosk: " << report->receipt.string() << "\n";
  return kExitOk;
}

int cmd_serve(Args args) {
  auto flags = setting_flags(args);
  if (!flags) return kExitUsage;
  auto hub = open_hub(*flags);
  if (!hub) return print_error(hub.error());
  const auto& settings = (*hub)->settings;
  const auto& keys = (*hub)->keys.current;
  // An init or rotation cut off before its last step leaves hub-public.json behind the keys.
  if (auto refreshed = sichtbar::hub::refresh_public_key_file(settings.keys, keys); !refreshed)
    return print_error(refreshed.error());
  else if (*refreshed)
    std::cout << "sichtbar-hub: rewrote " << (settings.keys / "hub-public.json").string()
              << " for key id " << keys.key_id << std::endl;

  sichtbar::hub::ServerConfig config;
  config.host = settings.host();
  config.port = settings.port();
  if (!settings.tls_certificate.empty()) {
    config.tls_certificate = settings.tls_certificate;
    config.tls_key = settings.tls_key;
  }
  config.public_url = settings.public_url;
  config.profile_base_url = settings.profile_base_url;
  config.assets = settings.assets;
  config.font_dir = settings.fonts;
  config.page_requests_per_minute = settings.page_requests_per_minute;
  sichtbar::hub::HubServer server(*(*hub)->store, keys, (*hub)->form, config, (*hub)->keys.retired);
  auto port = server.bind();
  if (!port) return print_error(port.error());
  // SIGINT/SIGTERM are taken by sigwait on this thread, not by a handler: stopping the server
  // is not async-signal-safe. The serving threads start with both blocked.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread serving([&server] { server.run(); });
  // "serving on" only once a stop would be heard: a SIGTERM right after it stops the hub.
  if (!server.wait_until_running(std::chrono::seconds(10))) {
    server.stop();
    serving.join();
    return print_error({"serve.not_started", "The hub's server did not start. Try again."});
  }
  std::cout << "sichtbar-hub: serving on " << (config.tls_certificate ? "https" : "http") << "://"
            << config.host << ":" << *port << " (key id " << keys.key_id << ", database "
            << settings.database << ")" << std::endl;
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.stop();
  serving.join();
  std::cout << "sichtbar-hub: stopped" << std::endl;
  return kExitOk;
}

int cmd_enroll(Args args) {
  auto flags = setting_flags(args, {"--valid-minutes"});
  if (!flags) return kExitUsage;
  int minutes = 15;
  if (auto it = flags->find("--valid-minutes"); it != flags->end()) {
    auto [end, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), minutes);
    if (ec != std::errc() || minutes < 1 || minutes > 24 * 60)
      return usage_error("--valid-minutes must be a whole number from 1 to 1440");
    flags->erase(it);
  }
  auto settings = sichtbar::hub::resolve_hub_settings(*flags);
  if (!settings) return print_error(settings.error());
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  const std::string code = sichtbar::make_enroll_code();
  const auto normalized = *sichtbar::normalize_enroll_code(code);
  const auto expires = sichtbar::unix_ms_now() + minutes * 60'000LL;
  if (auto r =
          (*store)->add_enroll_token(sichtbar::sha256(sichtbar::as_bytes(normalized)), expires);
      !r)
    return print_error(r.error());
  // The kiosk can scan this with its camera later; today the volunteer types the code.
  auto qr = sichtbar::encode_qr("sichtbar-enroll:" + settings->public_url + "#" + normalized);
  if (qr) std::cout << sichtbar::qr_terminal(*qr);
  std::cout << "Enrollment code: " << code << "  (valid " << minutes
            << " minutes, once)\nOn the kiosk: sichtbar-kiosk enroll --hub " << settings->public_url
            << " --code " << code << "\n";
  return kExitOk;
}

int cmd_devices(Args args) {
  auto flags = setting_flags(args);
  if (!flags) return kExitUsage;
  auto settings = sichtbar::hub::resolve_hub_settings(*flags);
  if (!settings) return print_error(settings.error());
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  auto devices = (*store)->list_devices();
  if (!devices) return print_error(devices.error());
  if (devices->empty()) std::cout << "No kiosk is enrolled yet.\n";
  for (const auto& d : *devices) {
    auto cp = (*store)->checkpoint(d.device_id);
    std::cout << sichtbar::to_hex(d.device_id) << "  " << d.name
              << (d.revoked_at_ms ? "  REVOKED" : "");
    if (cp)
      std::cout << "  records up to #" << cp->high_water << " received"
                << (cp->missing.empty() ? "" : ", gaps: " + std::to_string(cp->missing.size()));
    std::cout << "\n";
  }
  return kExitOk;
}

int cmd_revoke(Args args) {
  if (args.empty()) return usage_error("revoke needs a DEVICE_ID (see sichtbar-hub devices)");
  auto flags = setting_flags(args.subspan(1));
  if (!flags) return kExitUsage;
  auto id = sichtbar::from_hex(args[0]);
  if (!id || id->size() != 16)
    return usage_error("\"" + args[0] + "\" is not a device id (32 hex digits)");
  auto settings = sichtbar::hub::resolve_hub_settings(*flags);
  if (!settings) return print_error(settings.error());
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  sichtbar::hub::DeviceId device_id{};
  std::copy(id->begin(), id->end(), device_id.begin());
  if (auto r = (*store)->revoke_device(device_id, sichtbar::unix_ms_now()); !r)
    return print_error(r.error());
  std::cout << "Kiosk " << args[0] << " is revoked: the hub refuses its syncs from now on.\n";
  return kExitOk;
}

int cmd_rotate_keys(Args args) {
  auto flags = setting_flags(args);
  if (!flags) return kExitUsage;
  auto settings = sichtbar::hub::resolve_hub_settings(*flags);
  if (!settings) return print_error(settings.error());
  auto passphrase = hub_passphrase(*settings);
  if (!passphrase) return print_error(passphrase.error());
  auto report = sichtbar::hub::rotate_hub_keys(settings->keys, *passphrase);
  sodium_memzero(passphrase->data(), passphrase->size());
  if (!report) return print_error(report.error());
  std::cout << "New record key " << report->new_key_id << " (fingerprint "
            << report->box_fingerprint << ") in " << settings->keys.string() << ".\n"
            << "Key " << report->old_key_id << " is kept as "
            << sichtbar::hub::retired_key_file(settings->keys, report->old_key_id).string()
            << ": profiles already sealed to it still open. Restart `sichtbar-hub serve`; each\n"
               "kiosk gets the new key at its next sync, or with the receipt for its next USB\n"
               "bundle.\n";
  return kExitOk;
}

// An office password: from FILE (one line; "-" is standard input), else typed twice at the
// terminal, else one line from standard input (a script's pipe). Never from the command line,
// where every user of the machine could read it in the process list.
sichtbar::Result<std::string> office_password(const std::optional<std::string>& file) {
  const auto one_line = [](std::istream& in,
                           const std::string& from) -> sichtbar::Result<std::string> {
    std::string line;
    if (!std::getline(in, line))
      return sichtbar::fail("office.no_password", "No password could be read from " + from + ".");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  };
  if (file && *file != "-") {
    std::error_code ec;
    const auto perms = std::filesystem::status(*file, ec).permissions();
    if (ec)
      return sichtbar::fail("office.no_password", "The password file " + *file +
                                                      " cannot be read: " + ec.message() + ".");
    using std::filesystem::perms;
    if ((perms & (perms::group_read | perms::others_read)) != perms::none)
      return sichtbar::fail("office.no_password",
                            "The password file " + *file +
                                " can be read by other users. Make it private first: chmod 600 " +
                                *file);
    std::ifstream in(*file);
    if (!in)
      return sichtbar::fail("office.no_password",
                            "The password file " + *file + " cannot be read.");
    return one_line(in, "the file " + *file);
  }
  if (!file && ::isatty(STDIN_FILENO)) {
    auto first = sichtbar::hub::read_terminal_secret("Password for the new login: ");
    if (!first) return first;
    auto second = sichtbar::hub::read_terminal_secret("Type it again: ");
    if (!second) return second;
    const bool same = *first == *second;
    sodium_memzero(second->data(), second->size());
    if (!same) {
      sodium_memzero(first->data(), first->size());
      return sichtbar::fail("office.password_mismatch",
                            "The two passwords were not the same. Nothing was changed; try again.");
    }
    return first;
  }
  return one_line(std::cin, "standard input");
}

int cmd_user(Args args) {
  if (args.empty() || (args[0] != "add" && args[0] != "list" && args[0] != "remove"))
    return usage_error("user needs add NAME, list or remove NAME");
  const std::string action = args[0];
  const bool named = action != "list";
  if (named && (args.size() < 2 || args[1].starts_with("--")))
    return usage_error("user " + action + " needs the login NAME");
  auto flags = setting_flags(args.subspan(named ? 2 : 1), {"--password-file"});
  if (!flags) return kExitUsage;
  std::optional<std::string> password_file;
  if (auto it = flags->find("--password-file"); it != flags->end()) {
    if (action != "add") return usage_error("--password-file belongs to user add");
    password_file = it->second;
    flags->erase(it);
  }
  auto settings = sichtbar::hub::resolve_hub_settings(*flags);
  if (!settings) return print_error(settings.error());
  if (named && !sichtbar::hub::web::valid_user_name(args[1]))
    return print_error({"office.bad_name", "\"" + args[1] +
                                               "\" cannot be a login name: use 1 to 64 letters, "
                                               "digits and . _ - @ (no spaces)."});
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  const auto audit = [&](std::string_view what, const std::string& name) {
    if (auto r = (*store)->add_audit(
            {sichtbar::unix_ms_now(), "(command line)", std::string(what), name, ""});
        !r)
      std::cerr << "sichtbar-hub: the audit log could not be written: " << r.error().message
                << "\n";
  };
  if (action == "list") {
    auto users = (*store)->list_users();
    if (!users) return print_error(users.error());
    if (users->empty()) std::cout << "No office login yet. Add one: sichtbar-hub user add NAME\n";
    for (const auto& u : *users)
      std::cout << u.name << "  (added " << sichtbar::hub::web::utc_time(u.created_at_ms) << ")\n";
    return kExitOk;
  }
  const std::string name = args[1];
  if (action == "remove") {
    auto removed = (*store)->remove_user(name);
    if (!removed) return print_error(removed.error());
    if (!*removed)
      return print_error({"office.unknown_user", "There is no office login named \"" + name +
                                                     "\". See: sichtbar-hub user list"});
    audit("user_remove", name);
    std::cout << "The office login \"" << name << "\" is removed; its sessions end now.\n";
    return kExitOk;
  }
  if (auto existing = (*store)->find_user(name); !existing)
    return print_error(existing.error());
  else if (*existing)
    return print_error({"hub_store.user_exists", "There is an office login named \"" + name +
                                                     "\" already. Nothing was changed."});
  auto password = office_password(password_file);
  if (!password) return print_error(password.error());
  auto hash = sichtbar::hub::web::hash_password(*password);
  sodium_memzero(password->data(), password->size());
  if (!hash) return print_error(hash.error());
  if (auto r = (*store)->add_user({name, *hash, sichtbar::unix_ms_now()}); !r)
    return print_error(r.error());
  audit("user_add", name);
  std::cout << "Added the office login \"" << name << "\". Log in at " << settings->public_url
            << "/office\n";
  return kExitOk;
}

int cmd_help(Args args);

constexpr Command kCommands[] = {
    {"init", "init --dir DIR [--key-id N] [--passphrase-file FILE]",
     "Make the hub's keys: DIR/hub-secret.key (encrypted) and DIR/hub-public.json. The "
     "passphrase comes from FILE, from SICHTBAR_HUB_PASSPHRASE, or is asked for.",
     cmd_init},
    {"serve", "serve [--config FILE] [--keys DIR] [--database FILE] [--listen HOST:PORT] ...",
     "Serve the kiosks' sync API and the profile pages behind the QR codes. Settings: flags, then "
     "SICHTBAR_HUB_* variables, then the "
     "JSON config file, then defaults (see README). The passphrase unlocks the keys.",
     cmd_serve},
    {"enroll", "enroll [--valid-minutes N] [settings]",
     "Make a one-time enrollment code for a new kiosk (valid 15 minutes).", cmd_enroll},
    {"import", "import FILE [settings]",
     "Import a kiosk's bundle from a USB stick (again is harmless) and write FILE.receipt.",
     cmd_import},
    {"devices", "devices [settings]", "List the enrolled kiosks and their sync state.",
     cmd_devices},
    {"revoke", "revoke DEVICE_ID [settings]", "Refuse a kiosk's syncs from now on.", cmd_revoke},
    {"rotate-keys", "rotate-keys [settings]",
     "Make a new record key; the old one is kept to open what was sealed to it.", cmd_rotate_keys},
    {"user", "user add NAME [--password-file FILE] | user list | user remove NAME [settings]",
     "Manage the office's logins for /office. The password comes from FILE (one line, only you "
     "may read it; - for standard input), or is typed twice; never on the command line.",
     cmd_user},
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
