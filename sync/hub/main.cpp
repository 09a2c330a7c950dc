// sichtbar-hub: the office hub's command line. CLI11 parses it: one subcommand per job, the help
// generated from the options, the SICHTBAR_HUB_* variables read as the options' environment
// names. The work lives in sichtbar_hub_lib so tests and later commands can share it.
#include <fmt/format.h>
#include <pwd.h>
#include <sodium.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
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

#include "base/atomic_file.h"
#include "base/clock.h"
#include "base/dates.h"
#include "base/qr.h"
#include "domain/form_library.h"
#include "hub/backup.h"
#include "hub/hub_files.h"
#include "hub/hub_store.h"
#include "hub/key_file.h"
#include "hub/postgres_conninfo.h"
#include "hub/receipt.h"
#include "hub/retention.h"
#include "hub/recognition_maps.h"
#include "hub/reference/esco_build.h"
#include "hub/request_log.h"
#include "hub/server.h"
#include "hub/service_notify.h"
#include "hub/settings.h"
#include "hub/usb_enrollment.h"
#include "hub/web/office_admin.h"
#include "hub/web/office_auth.h"
#include "protocol/enrollment.h"

namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

// Setting flags as given ("--database" -> value), from the command line or the environment.
using SettingFlags = std::map<std::string, std::string>;

int usage_error(const std::string& message);

int print_error(const sichtbar::Error& e) {
  std::cerr << "sichtbar-hub: " << e.message << "\n";
  return kExitFailed;
}

struct InitOptions {
  std::filesystem::path dir;
  std::uint32_t key_id = 1;
  std::optional<std::filesystem::path> passphrase_file;
};

int cmd_init(const InitOptions& o) {
  const std::filesystem::path& dir = o.dir;
  // Refuse before asking for a passphrase that would not be used.
  std::error_code ec;
  if (std::filesystem::exists(dir / sichtbar::hub::kSecretKeyFileName, ec))
    return print_error({"hubkey.exists", "This hub is already initialised: " +
                                             (dir / sichtbar::hub::kSecretKeyFileName).string() +
                                             " exists. Nothing was changed."});

  auto passphrase = sichtbar::hub::obtain_passphrase(o.passphrase_file, /*confirm=*/true);
  if (!passphrase) return print_error(passphrase.error());
  auto report = sichtbar::hub::init_hub_dir(dir, o.key_id, *passphrase);
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

// The settings from the flags CLI11 gathered. The SICHTBAR_HUB_* variables came in through the
// options' environment names already, so only the data-folder defaults read the environment here.
sichtbar::Result<sichtbar::hub::HubSettings> resolve_settings(const SettingFlags& flags) {
  return sichtbar::hub::resolve_hub_settings(flags, [](const char* name) -> const char* {
    const std::string_view n(name);
    return n == "HOME" || n == "XDG_DATA_HOME" ? std::getenv(name) : nullptr;
  });
}

// The store the settings name: a postgresql:// (or postgres://) URL is a PostgreSQL database,
// anything else the path of an SQLite file.
sichtbar::Result<std::unique_ptr<sichtbar::hub::HubStore>> open_store(
    const sichtbar::hub::HubSettings& s,
    sichtbar::hub::NewDatabase if_new = sichtbar::hub::NewDatabase::create) {
  return sichtbar::hub::open_hub_store(s, if_new);
}

// The store of the settings the flags resolve to, for the verbs that need nothing else of them.
sichtbar::Result<std::unique_ptr<sichtbar::hub::HubStore>> open_store(const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
  if (!settings) return std::unexpected(settings.error());
  return open_store(*settings);
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

// What serving and importing both need: settings, every version of the form, the store and the
// unlocked keys.
struct OpenHub {
  sichtbar::hub::HubSettings settings;
  sichtbar::FormLibrary forms;
  std::unique_ptr<sichtbar::hub::HubStore> store;
  sichtbar::hub::HubKeyring keys;
  std::unique_ptr<sichtbar::hub::ConsentTextBook> consent_book;
  ~OpenHub() { keys.wipe(); }
  sichtbar::hub::IngestContext ingest_context() const {
    return {keys.current, forms, keys.retired, nullptr, consent_book.get()};
  }
};

sichtbar::Result<std::unique_ptr<OpenHub>> open_hub(
    const SettingFlags& flags,
    sichtbar::hub::NewDatabase if_new = sichtbar::hub::NewDatabase::create) {
  auto settings = resolve_settings(flags);
  if (!settings) return std::unexpected(settings.error());
  auto forms = sichtbar::FormLibrary::load(
      sichtbar::form_folder(settings->assets, sichtbar::kProfileFormId));
  if (!forms) return std::unexpected(forms.error());
  auto store = open_store(*settings, if_new);
  if (!store) return std::unexpected(store.error());
  auto keys = unlock_keys(*settings);
  if (!keys) return std::unexpected(keys.error());
  auto hub = std::make_unique<OpenHub>(std::move(*settings), std::move(*forms), std::move(*store),
                                       *keys, nullptr);
  // The book reads the hub's own form library, which lives as long as the hub.
  auto consent_book = sichtbar::hub::ConsentTextBook::load(hub->forms, hub->settings.assets / "i18n");
  if (!consent_book) return std::unexpected(consent_book.error());
  hub->consent_book = std::move(*consent_book);
  return hub;
}

int import_one_bundle(OpenHub& hub, const std::filesystem::path& bundle) {
  auto report = sichtbar::hub::import_bundle(*hub.store, hub.ingest_context(), bundle);
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

int import_one_request(OpenHub& hub, const std::filesystem::path& request) {
  auto report = sichtbar::hub::import_enroll_request(
      *hub.store, hub.keys.current, {hub.settings.public_url, hub.settings.profile_base_url},
      request, sichtbar::unix_ms_now());
  if (!report) return print_error(report.error());
  using sichtbar::hub::EnrollStep;
  const char* what = report->step == EnrollStep::Unchanged   ? "was enrolled here already"
                     : report->step == EnrollStep::Reinstate ? "was revoked and is trusted again"
                     : report->step == EnrollStep::Move      ? "belongs to the code's office now"
                                                             : "is enrolled now";
  std::cout << "Kiosk \"" << report->device_name << "\" (" << report->device_hex << ") " << what
            << ".\nReceipt for the kiosk: " << report->receipt.string() << "\n";
  if (!report->already_enrolled)
    std::cout << "On the kiosk: sichtbar-kiosk import-receipt " << report->receipt.string() << "\n";
  return kExitOk;
}

bool is_enroll_request(const std::filesystem::path& file) {
  return file.extension() == sichtbar::kUsbEnrollExtension;
}

// FILE: a bundle, or a kiosk's enrollment request (*.sbe). DIR (the USB stick): every
// enrollment request in it first, then every bundle, each as if given alone.
int cmd_import(const std::string& path, const SettingFlags& flags) {
  std::error_code ec;
  std::vector<std::filesystem::path> requests, bundles;
  if (std::filesystem::is_directory(path, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (!entry.is_regular_file(ec)) continue;
      if (is_enroll_request(entry.path())) requests.push_back(entry.path());
      if (entry.path().extension() == ".sbb") bundles.push_back(entry.path());
    }
    if (ec)
      return print_error(
          {"import.unreadable", "The folder " + path + " cannot be read. Check the USB stick."});
    if (requests.empty() && bundles.empty())
      return print_error({"import.nothing", "The folder " + path +
                                                " holds no bundle (*.sbb) and no enrollment "
                                                "request (*.sbe) of a kiosk."});
    std::sort(requests.begin(), requests.end());
    std::sort(bundles.begin(), bundles.end());
  } else if (is_enroll_request(path)) {
    requests.push_back(path);
  } else {
    bundles.push_back(path);
  }
  auto hub = open_hub(flags);
  if (!hub) return print_error(hub.error());
  int result = kExitOk;
  for (const auto& request : requests)
    if (import_one_request(**hub, request) != kExitOk) result = kExitFailed;
  for (const auto& bundle : bundles)
    if (import_one_bundle(**hub, bundle) != kExitOk) result = kExitFailed;
  return result;
}

// Creates the hub's database (its tables in an SQLite file or an empty PostgreSQL database), or
// says it is there already: serve never creates one, so a wrong path cannot start an empty hub.
int cmd_init_db(const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  auto existing = open_store(*settings, sichtbar::hub::NewDatabase::refuse);
  if (!existing && existing.error().code != "hub_store.no_schema")
    return print_error(existing.error());
  if (!existing) {
    auto made = open_store(*settings, sichtbar::hub::NewDatabase::create);
    if (!made) return print_error(made.error());
  }
  const auto passwords = sichtbar::hub::conninfo_passwords(settings->database);
  const int from = existing ? (*existing)->opened_at_schema() : 0;
  std::cout << "The hub's database "
            << sichtbar::hub::redact(settings->database,
                                     passwords ? *passwords : std::vector<std::string>{});
  if (!existing)
    std::cout << " is created.\n";
  else if (from < sichtbar::hub::kHubSchemaVersion)
    std::cout << " was updated from schema " << from << " to "
              << sichtbar::hub::kHubSchemaVersion << ".\n";
  else
    std::cout << " was there already; nothing was changed.\n";
  return kExitOk;
}

int cmd_serve(const SettingFlags& flags, const std::optional<std::filesystem::path>& ready_file) {
  auto hub = open_hub(flags, sichtbar::hub::NewDatabase::refuse);
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
  config.password_checks = static_cast<unsigned>(settings.password_checks);
  config.limits = settings.limits;
  // SIGINT/SIGTERM are taken by sigwait on this thread, not by a handler: stopping the server
  // is not async-signal-safe. Blocked before the server exists, so every thread it starts (the
  // serving threads, the search index's keeper) inherits the mask: a thread with them open would
  // take a SIGTERM and end the hub without a clean stop.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  const auto stopped = [](int signal_number) {
    sichtbar::hub::log_info("serve.stop", fmt::format("signal={}", signal_number));
    std::cout << "sichtbar-hub: stopped" << std::endl;
    return kExitOk;
  };
  sichtbar::hub::HubServer server(*(*hub)->store, keys, (*hub)->forms, config,
                                  (*hub)->keys.retired);
  // bind() may index the records again first (a new recognition map or schema), which takes a
  // while: a stop asked for meanwhile waits pending (the signals are blocked), and the indexing
  // looks for it between its chunks, as the retention run looks at its keeper's stop.
  auto port = server.bind([] {
    sigset_t pending;
    return sigpending(&pending) == 0 &&
           (sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1);
  });
  if (!port && port.error().code == sichtbar::hub::kIndexStopped) {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);  // the pending one: at once
    (void)sichtbar::hub::notify_service_manager("STOPPING=1");
    sichtbar::hub::log_info("index.stopped", port.error().message);
    return stopped(signal_number);
  }
  if (!port) return print_error(port.error());
  std::thread serving([&server] { server.run(); });
  // "serving on" only once a stop would be heard: a SIGTERM right after it stops the hub.
  if (!server.wait_until_running(std::chrono::seconds(10))) {
    server.stop();
    serving.join();
    return print_error({"serve.not_started", "The hub's server did not start. Try again."});
  }
  sichtbar::hub::log_info("serve.start",
                          fmt::format("listen={}:{} tls={} key_id={}", config.host, *port,
                                      config.tls_certificate ? "yes" : "no", keys.key_id));
  // Kiosks of an incomplete office let no person start: the office's IT hears it at every start.
  if (auto offices = (*hub)->store->list_offices(); !offices)
    sichtbar::hub::log_error("serve.offices_unreadable", offices.error().code,
                             offices.error().message);
  else
    for (const auto& office : *offices)
      if (sichtbar::hub::web::office_incomplete(office))
        sichtbar::hub::log_warning(
            "office.incomplete",
            fmt::format("office={} kiosks of this office let no person start until it is "
                        "complete: {}",
                        office.id, sichtbar::hub::web::office_set_command(office)));
  // The service manager (Type=notify) and scripts (--ready-file) hear that the hub is ready only
  // once /readyz would answer 200: a database that does not answer yet (PostgreSQL still
  // starting, a full disk) keeps them waiting, and a stop is heard while they wait.
  const auto announce_ready = [&]() -> sichtbar::Result<void> {
    // For scripts: the file appears only once the hub is ready, so waiting for it needs no log
    // scraping. It holds the address; it is removed again on a clean stop.
    if (ready_file) {
      const std::string url = fmt::format("{}://{}:{}\n", config.tls_certificate ? "https" : "http",
                                          config.host, *port);
      if (auto r = sichtbar::write_file_atomically(*ready_file, url, {.mode = 0644}); !r) return r;
    }
    if (auto told = sichtbar::hub::notify_service_manager("READY=1"); !told)
      sichtbar::hub::log_error("serve.notify_failed", told.error().code, told.error().message);
    sichtbar::hub::log_info("serve.ready", fmt::format("listen={}:{}", config.host, *port));
    return {};
  };
  auto ready = server.check_ready();
  auto announced = ready ? announce_ready() : sichtbar::Result<void>{};
  if (!announced) {
    server.stop();
    serving.join();
    return print_error(announced.error());
  }
  // A PostgreSQL address may carry its password: shown without it.
  const auto passwords = sichtbar::hub::conninfo_passwords(settings.database);
  std::cout << "sichtbar-hub: serving on " << (config.tls_certificate ? "https" : "http") << "://"
            << config.host << ":" << *port << " (key id " << keys.key_id << ", database "
            << sichtbar::hub::redact(settings.database,
                                     passwords ? *passwords : std::vector<std::string>{})
            << ")" << std::endl;
  int signal_number = 0;
  if (!ready)
    sichtbar::hub::log_error("serve.not_ready", ready.error().code,
                             "the hub answers but is not ready: " + ready.error().message +
                                 "; it says so once /readyz does");
  while (!ready) {
    const timespec a_second{1, 0};
    signal_number = sigtimedwait(&stop_signals, nullptr, &a_second);
    if (signal_number > 0) break;
    signal_number = 0;
    if ((ready = server.check_ready())) announced = announce_ready();
    if (!announced) {
      server.stop();
      serving.join();
      return print_error(announced.error());
    }
  }
  if (signal_number == 0) sigwait(&stop_signals, &signal_number);
  // Told first, so systemd waits for the stop rather than taking the hub for crashed.
  (void)sichtbar::hub::notify_service_manager("STOPPING=1");
  server.stop();
  serving.join();
  if (ready_file) {
    std::error_code ignored;  // a file that is gone already is what we want
    std::filesystem::remove(*ready_file, ignored);
  }
  return stopped(signal_number);
}

// The office ID names, or the error that says how to find one.
sichtbar::Result<sichtbar::hub::Office> existing_office(sichtbar::hub::HubStore& store,
                                                        std::int64_t id) {
  auto office = store.find_office(id);
  if (!office) return std::unexpected(office.error());
  if (!*office)
    return sichtbar::fail("office.unknown_office",
                          fmt::format("There is no office {}. See: sichtbar-hub office list", id));
  return **office;
}

struct EnrollOptions {
  int valid_minutes = 15;
  std::int64_t office = sichtbar::hub::kFirstOffice;  // the office the kiosk joins
  bool print_code = false;  // only the code on stdout, for scripts
};

int cmd_enroll(const EnrollOptions& o, const SettingFlags& flags) {
  const int minutes = o.valid_minutes;
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  auto office = existing_office(**store, o.office);
  if (!office) return print_error(office.error());
  // Refused here, where the office's IT can still fix it: a kiosk of an office without its
  // contact, data protection officer or authority would let no person start (its consent could
  // not name them), and the volunteer at the stand could do nothing about it.
  if (sichtbar::hub::web::office_incomplete(*office))
    return print_error(
        {"enroll.office_incomplete",
         fmt::format("Office {} ({}) is not complete: a kiosk's consent must name the office as "
                     "the controller with its contact, its data protection officer and the "
                     "supervisory authority (GDPR Art. 13), so its kiosks would let no person "
                     "start. Complete it first:\n  {}\nNo code was made.",
                     office->id, office->name, sichtbar::hub::web::office_set_command(*office))});
  const std::string code = sichtbar::make_enroll_code();
  const auto normalized = *sichtbar::normalize_enroll_code(code);
  const auto expires = sichtbar::unix_ms_now() + minutes * 60'000LL;
  if (auto r = (*store)->add_enroll_token(sichtbar::sha256(sichtbar::as_bytes(normalized)), expires,
                                          o.office);
      !r)
    return print_error(r.error());
  if (o.print_code) {
    std::cout << code << "\n";
    return kExitOk;
  }
  // The kiosk can scan this with its camera later; today the volunteer types the code.
  auto qr = sichtbar::encode_qr("sichtbar-enroll:" + settings->public_url + "#" + normalized);
  if (qr) std::cout << sichtbar::qr_terminal(*qr);
  std::cout << "Enrollment code: " << code << "  (valid " << minutes << " minutes, once; the kiosk "
            << "joins office " << o.office << ", " << office->name
            << ")\nOn the kiosk: sichtbar-kiosk enroll --hub " << settings->public_url << " --code "
            << code << "\n";
  return kExitOk;
}

int cmd_devices(const SettingFlags& flags) {
  auto store = open_store(flags);
  if (!store) return print_error(store.error());
  auto devices = (*store)->list_devices();
  if (!devices) return print_error(devices.error());
  if (devices->empty()) std::cout << "No kiosk is enrolled yet.\n";
  for (const auto& d : *devices) {
    auto cp = (*store)->checkpoint(d.device_id);
    std::cout << sichtbar::to_hex(d.device_id) << "  " << d.name << "  office " << d.office_id
              << (d.revoked_at_ms ? "  REVOKED" : "");
    if (cp)
      std::cout << "  records up to #" << cp->high_water << " received"
                << (cp->missing.empty() ? "" : fmt::format(", gaps: {}", cp->missing.size()));
    std::cout << "\n";
  }
  return kExitOk;
}

int cmd_revoke(const std::string& device, const SettingFlags& flags) {
  const auto device_id = sichtbar::array_from_hex<16>(device);
  if (!device_id)
    return usage_error(fmt::format("\"{}\" is not a device id (32 hex digits)", device));
  auto store = open_store(flags);
  if (!store) return print_error(store.error());
  if (auto r = (*store)->revoke_device(*device_id, sichtbar::unix_ms_now()); !r)
    return print_error(r.error());
  std::cout << "Kiosk " << device << " is revoked: the hub refuses its syncs from now on.\n";
  return kExitOk;
}

int cmd_retention(bool dry_run, const SettingFlags& flags) {
  auto store = open_store(flags);
  if (!store) return print_error(store.error());
  auto report = sichtbar::hub::apply_retention(**store, sichtbar::unix_ms_now(), dry_run);
  if (!report) return print_error(report.error());
  std::cout << sichtbar::hub::describe(*report);
  if (dry_run) std::cout << "Nothing was erased (--dry-run).\n";
  return kExitOk;
}

int cmd_rotate_keys(const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
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

struct UserOptions {
  std::string action;  // add, list, set or remove
  std::string name;    // the login, for add, set and remove
  std::optional<std::string> password_file;
  std::optional<std::string> role;  // add (default: see cmd_user), set (required)
  std::optional<std::int64_t> office;
};

sichtbar::Result<sichtbar::hub::OfficeRole> role_named(const std::string& name) {
  auto role = sichtbar::hub::office_role_from_name(name);
  if (!role)
    return sichtbar::fail("office.bad_role",
                          fmt::format("\"{}\" is not a role: use administrator, counsellor or "
                                      "statistics. Nothing was changed.",
                                      name));
  return *role;
}

int cmd_user(const UserOptions& o, const SettingFlags& flags) {
  using sichtbar::hub::OfficeRole;
  const std::string& action = o.action;
  const bool named = action != "list";
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  if (named && !sichtbar::hub::web::valid_user_name(o.name))
    return print_error(
        {"office.bad_name", fmt::format("\"{}\" cannot be a login name: use 1 to 64 letters, "
                                        "digits and . _ - @ (no spaces).",
                                        o.name)});
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  const auto audit = [&](std::string_view what, const std::string& name,
                         const std::string& reason = "") {
    if (auto r = (*store)->add_audit(
            {sichtbar::unix_ms_now(), "(command line)", std::string(what), name, reason});
        !r)
      std::cerr << "sichtbar-hub: the audit log could not be written: " << r.error().message
                << "\n";
  };
  auto users = (*store)->list_users();
  if (!users) return print_error(users.error());
  if (action == "list") {
    auto offices = (*store)->list_offices();
    if (!offices) return print_error(offices.error());
    if (users->empty()) std::cout << "No office login yet. Add one: sichtbar-hub user add NAME\n";
    for (const auto& u : *users) {
      std::string office = std::to_string(u.office_id);
      for (const auto& of : *offices)
        if (of.id == u.office_id) office += " (" + of.name + ")";
      std::cout << u.name << "  " << sichtbar::hub::office_role_name(u.role) << "  office "
                << office << "  (added " << sichtbar::rfc3339_utc_of_unix_ms(u.created_at_ms)
                << ")\n";
    }
    return kExitOk;
  }
  const std::string& name = o.name;
  // The command line may leave the hub without an administrator (the office pages refuse to):
  // whoever runs it can always add one, and is told how.
  const auto warn_if_no_administrator = [&] {
    auto now = (*store)->list_users();
    if (now && !now->empty() && std::none_of(now->begin(), now->end(), [](const auto& u) {
          return u.role == OfficeRole::administrator;
        }))
      std::cout << "No login is an administrator now: nobody can manage logins, offices and "
                   "kiosks in the office UI. Add one: sichtbar-hub user add NAME --role "
                   "administrator\n";
  };
  if (action == "remove") {
    auto removed = (*store)->remove_user(name);
    if (!removed) return print_error(removed.error());
    if (!*removed)
      return print_error({"office.unknown_user", "There is no office login named \"" + name +
                                                     "\". See: sichtbar-hub user list"});
    audit("user_remove", name);
    std::cout << "The office login \"" << name << "\" is removed; its sessions end now.\n";
    warn_if_no_administrator();
    return kExitOk;
  }
  if (action == "set") {
    const auto user =
        std::find_if(users->begin(), users->end(), [&](const auto& u) { return u.name == name; });
    if (user == users->end())
      return print_error({"office.unknown_user", "There is no office login named \"" + name +
                                                     "\". See: sichtbar-hub user list"});
    auto role = role_named(*o.role);
    if (!role) return print_error(role.error());
    const std::int64_t office_id = o.office.value_or(user->office_id);
    auto office = existing_office(**store, office_id);
    if (!office) return print_error(office.error());
    if (auto r = (*store)->set_user_role(name, *role, office_id); !r) return print_error(r.error());
    audit("user_role", name,
          fmt::format("{}, office {} -> {}, office {}", sichtbar::hub::office_role_name(user->role),
                      user->office_id, sichtbar::hub::office_role_name(*role), office_id));
    std::cout << "\"" << name << "\" is " << sichtbar::hub::office_role_name(*role) << " of office "
              << office_id << " (" << office->name << ") from its next request on.\n";
    warn_if_no_administrator();
    return kExitOk;
  }
  if (std::any_of(users->begin(), users->end(), [&](const auto& u) { return u.name == name; }))
    return print_error({"hub_store.user_exists", "There is an office login named \"" + name +
                                                     "\" already. Nothing was changed."});
  // The hub's first login manages it; later ones counsel, unless told otherwise.
  auto role = o.role ? role_named(*o.role)
                     : sichtbar::Result<OfficeRole>(users->empty() ? OfficeRole::administrator
                                                                   : OfficeRole::counsellor);
  if (!role) return print_error(role.error());
  const std::int64_t office_id = o.office.value_or(sichtbar::hub::kFirstOffice);
  auto office = existing_office(**store, office_id);
  if (!office) return print_error(office.error());
  auto password = office_password(o.password_file);
  if (!password) return print_error(password.error());
  auto hash = sichtbar::hub::web::hash_password(*password);
  sodium_memzero(password->data(), password->size());
  if (!hash) return print_error(hash.error());
  if (auto r = (*store)->add_user({name, *hash, sichtbar::unix_ms_now(), *role, office_id}); !r)
    return print_error(r.error());
  audit("user_add", name,
        fmt::format("{}, office {}", sichtbar::hub::office_role_name(*role), office_id));
  std::cout << "Added the office login \"" << name << "\" as "
            << sichtbar::hub::office_role_name(*role) << " of office " << office_id << " ("
            << office->name << "). Log in at " << settings->public_url << "/office\n";
  return kExitOk;
}

struct OfficeOptions {
  std::string action;   // list, add or set
  std::int64_t id = 0;  // set
  std::optional<std::string> name, contact, dpo, authority;
  std::optional<std::int32_t> retention_days;
};

// Hashes the consent steps with the offices' settings as they are now and keeps the hashes in
// the store (ConsentTextBook): before a change replaces settings that kiosks hold until their
// next sync, so the records they make meanwhile still pass.
sichtbar::Result<void> keep_consent_texts(const sichtbar::hub::HubSettings& settings,
                                          sichtbar::hub::HubStore& store) {
  auto forms = sichtbar::FormLibrary::load(
      sichtbar::form_folder(settings.assets, sichtbar::kProfileFormId));
  if (!forms) return std::unexpected(forms.error());
  auto book = sichtbar::hub::ConsentTextBook::load(*forms, settings.assets / "i18n");
  if (!book) return std::unexpected(book.error());
  return (*book)->keep_current(store);
}

int cmd_office(const OfficeOptions& o, const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  if (o.action == "list") {
    auto offices = (*store)->list_offices();
    if (!offices) return print_error(offices.error());
    for (const auto& of : *offices)
      std::cout << of.id << "  " << of.name << "  (retention " << of.retention_days << " days)"
                << (sichtbar::hub::web::office_incomplete(of)
                        ? "  INCOMPLETE: set --name, --contact, --dpo and --authority"
                        : "")
                << "\n";
    return kExitOk;
  }
  sichtbar::hub::Office office;
  if (o.action == "set") {
    auto existing = existing_office(**store, o.id);
    if (!existing) return print_error(existing.error());
    office = *existing;
  }
  if (o.name) office.name = *o.name;
  if (o.contact) office.contact = *o.contact;
  if (o.dpo) office.data_protection_officer = *o.dpo;
  if (o.authority) office.supervisory_authority = *o.authority;
  if (o.retention_days) office.retention_days = *o.retention_days;
  office.updated_at_ms = sichtbar::unix_ms_now();
  const std::string problem = sichtbar::hub::web::settle_office(office);
  static const std::map<std::string, std::string, std::less<>> kProblems = {
      {"bad_text", "A setting is not valid UTF-8 text."},
      {"no_name", "The office needs a name (--name)."},
      {"too_long",
       fmt::format("Too long: the name at most {} characters, the others at most {}.",
                   sichtbar::hub::web::kMaxOfficeName, sichtbar::hub::web::kMaxOfficeText)},
      {"bad_retention", fmt::format("--retention-days must be 0 (keep until erased by hand) to {}.",
                                    sichtbar::hub::web::kMaxRetentionDays)}};
  if (!problem.empty())
    return print_error({"office.bad_settings", kProblems.at(problem) + " Nothing was changed."});
  auto taken = sichtbar::hub::web::office_name_taken(**store, office.name, office.id);
  if (!taken) return print_error(taken.error());
  if (*taken)
    return print_error({"hub_store.office_exists", "There is an office named \"" + office.name +
                                                       "\" already. Nothing was changed."});
  const auto audit = [&](std::string_view what, std::int64_t id) {
    if (auto r = (*store)->add_audit({sichtbar::unix_ms_now(), "(command line)", std::string(what),
                                      "office " + std::to_string(id), ""});
        !r)
      std::cerr << "sichtbar-hub: the audit log could not be written: " << r.error().message
                << "\n";
  };
  if (o.action == "add") {
    auto id = (*store)->add_office(office);
    if (!id) return print_error(id.error());
    audit("office_add", *id);
    std::cout << "Added office " << *id << " (" << office.name
              << "). An administrator moves kiosks to it in the office UI (Kiosks).\n";
    return kExitOk;
  }
  if (auto kept = keep_consent_texts(*settings, **store); !kept) return print_error(kept.error());
  if (auto r = (*store)->update_office(office); !r) return print_error(r.error());
  audit("office_update", office.id);
  std::cout << "Office " << office.id << " (" << office.name << ") is updated.\n";
  return kExitOk;
}

// Validates FILE against this hub's assets and stores it as the recognition map every hub process
// on the database uses from now on; a bad file changes nothing.
int cmd_import_recognition(const std::filesystem::path& file, const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  auto store = open_store(*settings);
  if (!store) return print_error(store.error());
  const passwd* account = getpwuid(geteuid());
  const std::string who =
      "(command line, " + std::string(account ? account->pw_name : "unknown user") + ")";
  auto imported = sichtbar::hub::import_recognition_map(**store, file, settings->assets, who,
                                                        sichtbar::unix_ms_now());
  if (!imported) return print_error(imported.error());
  if (auto r = (*store)->add_audit({sichtbar::unix_ms_now(), who, "recognition_import",
                                    sichtbar::to_hex(imported->sha256), ""});
      !r)
    std::cerr << "sichtbar-hub: the audit log could not be written: " << r.error().message << "\n";
  std::cout << fmt::format(
      "Imported the recognition map {} ({} entries, {} ESCO occupations, sha256 {}). The hub "
      "shows it from now on (a running hub within 30 seconds); {} records were indexed again "
      "for the office's filters.\n",
      file.string(), imported->entries, imported->esco_uris, sichtbar::to_hex(imported->sha256),
      imported->reindexed);
  return kExitOk;
}

// What each setting flag takes and means; the flag is --NAME, the variable SICHTBAR_HUB_NAME.
struct SettingHelp {
  std::string_view name, type, text;
};
constexpr SettingHelp kSettingHelp[] = {
    {"keys", "DIR", "folder with hub-secret.key and hub-public.json"},
    {"database", "FILE|URL", "SQLite file, or a postgresql://... URL"},
    {"listen", "HOST:PORT", "address to serve on (default 127.0.0.1:8470)"},
    {"public_url", "URL", "the address kiosks and browsers use (default http://LISTEN)"},
    {"profile_base_url", "URL", "where the QR codes' links point (default: public_url)"},
    {"tls_certificate", "FILE", "certificate for https (with tls_key)"},
    {"tls_key", "FILE", "private key for https (with tls_certificate)"},
    {"passphrase_file", "FILE", "the key passphrase (one line, private to you)"},
    {"assets", "DIR", "forms, catalogues and web pages"},
    {"fonts", "DIR", "fonts for the profile pages' PDFs"},
    {"page_requests_per_minute", "N", "profile look-ups per client address (0: no limit)"},
    {"password_checks", "N", "office password checks at once, 64 MiB each (default 2)"},
    {"min_free_disk_mb", "MB", "SQLite: below this free on its disk /readyz says 503 (default 4)"},
    {"trusted_proxy", "ADDRESS", "reverse proxy whose X-Forwarded-For/X-Real-IP is believed"},
    {"connections", "N", "connections at once (default 900)"},
    {"connections_per_address", "N", "connections at once per TCP peer (default 64)"},
    {"requests_per_address", "N", "requests handled at once per client (default 64)"},
    {"idle_timeout_seconds", "N", "a silent connection is closed after this (default 15)"},
    {"request_deadline_seconds", "N", "one request's time, plus uploads (default 30)"},
    {"min_upload_bytes_per_second", "N", "slowest upload allowed (default 65536)"},
    {"header_memory_bytes", "N", "request line and headers at most (default 32768)"},
    {"worker_threads", "N", "threads running handlers (default 16)"},
};
static_assert(std::size(kSettingHelp) == std::size(sichtbar::hub::kHubSettingNames));

// The settings' flags on a command, each also read from its SICHTBAR_HUB_* variable (flags win:
// CLI11 reads a variable only for a flag not given).
void add_setting_options(CLI::App& command, SettingFlags& flags) {
  const auto add = [&](const std::string& flag, const std::string& env, std::string_view type,
                       std::string_view text) {
    command
        .add_option_function<std::string>(
            flag, [&flags, flag](const std::string& value) { flags[flag] = value; },
            std::string(text))
        ->envname(env)
        ->type_name(std::string(type))
        ->group("Settings");
  };
  add("--config", "SICHTBAR_HUB_CONFIG", "FILE", "JSON file with the settings below");
  for (const SettingHelp& s : kSettingHelp) {
    std::string flag = "--" + std::string(s.name), env = "SICHTBAR_HUB_" + std::string(s.name);
    for (char& c : flag)
      if (c == '_') c = '-';
    for (char& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    add(flag, env, s.type, s.text);
  }
}

// One line per command, made from its options: "init --dir DIR [--key-id N] ...", with the
// settings' flags folded into "[settings]".
std::string synopsis(const CLI::App& command, const std::string& prefix = {}) {
  std::string line = prefix + command.get_name();
  bool settings = false;
  for (const CLI::Option* opt : command.get_options()) {
    if (opt->get_group() == "Settings") {
      settings = true;
      continue;
    }
    if (opt->get_name() == "--help" || opt->get_name().empty()) continue;
    std::string text = opt->get_positional() ? opt->get_name(true)
                       : opt->get_type_name().empty()
                           ? opt->get_name()
                           : opt->get_name() + " " + opt->get_type_name();
    line += opt->get_required() ? " " + text : " [" + text + "]";
  }
  if (settings) line += " [settings]";
  return line;
}

const CLI::App* the_app = nullptr;

void print_usage(std::ostream& out) {
  out << "Usage: sichtbar-hub COMMAND [OPTIONS]   (sichtbar-hub COMMAND --help: its options)\n\n"
         "Commands:\n";
  for (const CLI::App* c : the_app->get_subcommands({})) {
    const auto subs = c->get_subcommands({});
    if (subs.empty())
      out << "  sichtbar-hub " << synopsis(*c) << "\n";
    else
      for (const CLI::App* sub : subs)
        out << "  sichtbar-hub " << synopsis(*sub, c->get_name() + " ") << "\n";
    out << "      " << c->get_description() << "\n";
  }
  out << "\nSettings: flags, then SICHTBAR_HUB_* variables (--public-url: "
         "SICHTBAR_HUB_PUBLIC_URL), "
         "then the\nJSON config file, then defaults (see README). The key passphrase comes from "
         "--passphrase-file,\nSICHTBAR_HUB_PASSPHRASE, a systemd credential or the terminal.\n";
}

bool is_command(const CLI::App& app, std::string_view word) {
  for (const CLI::App* c : app.get_subcommands({}))
    if (c->get_name() == word) return true;
  return false;
}

int usage_error(const std::string& message) {
  std::cerr << "sichtbar-hub: " << message << "\n\n";
  print_usage(std::cerr);
  return kExitUsage;
}

int cmd_backup(const std::filesystem::path& dest, const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  auto report = sichtbar::hub::backup_hub(*settings, dest, sichtbar::unix_ms_now());
  if (!report) return print_error(report.error());
  std::uintmax_t bytes = 0;
  for (const auto& f : report->files) bytes += f.bytes;
  std::cout << "Backup of the hub (" << report->backend << ", schema " << report->schema_version
            << ") in " << report->folder.string() << ": " << report->files.size() << " files, "
            << bytes << " bytes, with the keys (encrypted) and the erasure ledger.\n"
            << "Keep it where the hub's disk is not; restore with: sichtbar-hub restore "
            << report->folder.string() << "\n";
  return kExitOk;
}

int cmd_restore(const std::filesystem::path& source, bool replace, const SettingFlags& flags) {
  auto settings = resolve_settings(flags);
  if (!settings) return print_error(settings.error());
  auto report =
      sichtbar::hub::restore_hub(*settings, source, {.replace = replace}, sichtbar::unix_ms_now());
  if (!report) return print_error(report.error());
  std::cout << "Restored the hub's database (" << report->backend << ", schema "
            << report->schema_version << ") from " << source.string() << ".\n";
  if (!report->set_aside.empty())
    std::cout << "The database that was there is kept as " << report->set_aside
              << "; remove it once the restored hub runs as it should.\n";
  std::cout << "Keys: " << report->keys_added.size() << " restored, " << report->keys_same.size()
            << " were there already. Erasure ledger: " << report->erasures_in_ledger
            << " erased records (" << report->erasures_from_backup
            << " from the backup); they stay erased.\n"
            << "Start the hub again: each kiosk's next sync sends what is newer than the backup "
               "(kiosks keep what the hub confirmed for 7 days).\n";
  return kExitOk;
}

struct ReferenceBuildOptions {
  std::filesystem::path esco_de, esco_en_fr, out;
};

int cmd_reference_build(const ReferenceBuildOptions& o) {
  auto asset = sichtbar::hub::build_esco_asset(o.esco_de, o.esco_en_fr);
  if (!asset) return print_error(asset.error());
  if (auto w = sichtbar::hub::write_esco_asset(*asset, o.out); !w) return print_error(w.error());
  std::cout << "Wrote " << (o.out / "occupations.tsv").string() << " (" << asset->occupations
            << " occupations; " << asset->lacking_en << " lack English, " << asset->lacking_fr
            << " French; " << asset->left_out << " older ones left out), "
            << (o.out / "isco.tsv").string() << " (" << asset->groups << " ISCO-08 groups) and "
            << (o.out / "NOTICE.md").string() << ".\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
  if (sodium_init() < 0) {
    std::cerr << "sichtbar-hub: the cryptography library could not start.\n";
    return kExitFailed;
  }
  CLI::App app("sichtbar-hub: the Sichtbar office hub", "sichtbar-hub");
  the_app = &app;
  app.require_subcommand(1);
  SettingFlags flags;

  InitOptions init;
  auto* init_cmd = app.add_subcommand(
      "init",
      "Make the hub's keys: DIR/hub-secret.key (encrypted) and DIR/hub-public.json. The "
      "passphrase comes from FILE, from SICHTBAR_HUB_PASSPHRASE, or is asked for.");
  init_cmd->add_option("--dir", init.dir, "folder for the hub's keys")
      ->required()
      ->type_name("DIR");
  init_cmd->add_option("--key-id", init.key_id, "the first key's id (default 1)")
      ->type_name("N")
      ->check(CLI::Range(std::uint32_t{1}, std::uint32_t{4294967295U}).description(""));
  init_cmd->add_option("--passphrase-file", init.passphrase_file, "the passphrase (one line)")
      ->type_name("FILE");

  auto* init_db_cmd = app.add_subcommand(
      "init-db",
      "Create the hub's database (the SQLite file or the tables in an empty PostgreSQL "
      "database); harmless when it exists. serve never creates it.");
  add_setting_options(*init_db_cmd, flags);

  std::optional<std::filesystem::path> ready_file;
  auto* serve_cmd = app.add_subcommand(
      "serve",
      "Serve the kiosks' sync API, the profile pages behind the QR codes and the office UI. The "
      "passphrase unlocks the keys.");
  serve_cmd
      ->add_option("--ready-file", ready_file,
                   "written with the hub's address once it answers; removed on a clean stop")
      ->type_name("FILE");
  add_setting_options(*serve_cmd, flags);

  EnrollOptions enroll;
  auto* enroll_cmd = app.add_subcommand(
      "enroll", "Make a one-time enrollment code for a new kiosk (valid 15 minutes).");
  enroll_cmd->add_option("--valid-minutes", enroll.valid_minutes, "how long the code is good")
      ->type_name("N")
      ->check(CLI::Range(1, 24 * 60).description(""));
  enroll_cmd->add_flag("--print-code", enroll.print_code, "print only the code (for scripts)");
  enroll_cmd->add_option("--office", enroll.office, "the office the kiosk joins (default 1)")
      ->type_name("ID");
  add_setting_options(*enroll_cmd, flags);

  std::string bundle;
  auto* import_cmd =
      app.add_subcommand("import",
                         "Import a kiosk's bundle or enrollment request (*.sbe) from a USB stick, "
                         "or all of them in a folder (again is harmless), and write FILE.receipt "
                         "next to each.");
  import_cmd
      ->add_option("FILE", bundle, "a bundle or request on the USB stick, or the stick's folder")
      ->required();
  add_setting_options(*import_cmd, flags);

  auto* devices_cmd =
      app.add_subcommand("devices", "List the enrolled kiosks and their sync state.");
  add_setting_options(*devices_cmd, flags);

  std::string device;
  auto* revoke_cmd = app.add_subcommand("revoke", "Refuse a kiosk's syncs from now on.");
  revoke_cmd->add_option("DEVICE_ID", device, "32 hex digits (see sichtbar-hub devices)")
      ->required();
  add_setting_options(*revoke_cmd, flags);

  bool retention_dry_run = false;
  auto* retention_cmd = app.add_subcommand(
      "retention",
      "Erase the people (profiles, case, notes, links) past their office's retention period now "
      "(serve does it daily).");
  retention_cmd->add_flag("--dry-run", retention_dry_run, "only say what would be erased");
  add_setting_options(*retention_cmd, flags);

  auto* rotate_cmd = app.add_subcommand(
      "rotate-keys", "Make a new record key; the old one is kept to open what was sealed to it.");
  add_setting_options(*rotate_cmd, flags);

  UserOptions user;
  auto* user_cmd = app.add_subcommand(
      "user",
      "Manage the office's logins for /office. The password comes from FILE (one line, only you "
      "may read it; - for standard input), or is typed twice; never on the command line.");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Add a login.");
  user_add->add_option("NAME", user.name, "the login name")->required();
  user_add->add_option("--password-file", user.password_file, "the password (one line)")
      ->type_name("FILE");
  add_setting_options(*user_add, flags);
  user_add
      ->add_option("--role", user.role,
                   "administrator, counsellor or statistics (default: administrator for the "
                   "hub's first login, else counsellor)")
      ->type_name("ROLE");
  user_add->add_option("--office", user.office, "the login's office (default 1)")->type_name("ID");
  auto* user_list = user_cmd->add_subcommand("list", "List the logins with role and office.");
  add_setting_options(*user_list, flags);
  auto* user_set = user_cmd->add_subcommand(
      "set", "Give a login another role (and office); it counts from its next request.");
  user_set->add_option("NAME", user.name, "the login name")->required();
  user_set->add_option("--role", user.role, "administrator, counsellor or statistics")
      ->required()
      ->type_name("ROLE");
  user_set->add_option("--office", user.office, "the login's office (default: unchanged)")
      ->type_name("ID");
  add_setting_options(*user_set, flags);
  auto* user_remove = user_cmd->add_subcommand("remove", "Remove a login; its sessions end.");
  user_remove->add_option("NAME", user.name, "the login name")->required();
  add_setting_options(*user_remove, flags);

  OfficeOptions office;
  auto* office_cmd = app.add_subcommand(
      "office",
      "Manage the counselling offices: each is the controller of what its kiosks collect, and "
      "its kiosks' consent screens name it.");
  office_cmd->require_subcommand(1);
  auto* office_list = office_cmd->add_subcommand("list", "List the offices.");
  add_setting_options(*office_list, flags);
  auto* office_add = office_cmd->add_subcommand("add", "Add an office.");
  office_add->add_option("NAME", office.name, "its name as the controller")->required();
  auto* office_set = office_cmd->add_subcommand("set", "Change an office's settings.");
  office_set->add_option("ID", office.id, "the office (see sichtbar-hub office list)")->required();
  office_set->add_option("--name", office.name, "its name as the controller")->type_name("TEXT");
  for (CLI::App* sub : {office_add, office_set}) {
    sub->add_option("--contact", office.contact, "postal address, phone and e-mail")
        ->type_name("TEXT");
    sub->add_option("--dpo", office.dpo, "the data protection officer and how to reach them")
        ->type_name("TEXT");
    sub->add_option("--authority", office.authority, "the supervisory authority, with address")
        ->type_name("TEXT");
    sub->add_option("--retention-days", office.retention_days,
                    "erase people without activity after N days (0: never; default 730)")
        ->type_name("N");
    add_setting_options(*sub, flags);
  }

  std::filesystem::path backup_dest;
  auto* backup_cmd = app.add_subcommand(
      "backup",
      "Copy the database (while serve runs), the keys' encrypted files and the erasure ledger "
      "into the new folder DEST, with a manifest of their hashes.");
  backup_cmd->add_option("DEST", backup_dest, "a new folder for the backup")->required();
  add_setting_options(*backup_cmd, flags);

  std::filesystem::path restore_source;
  bool restore_replace = false;
  auto* restore_cmd = app.add_subcommand(
      "restore",
      "Put a backup back with the hub stopped: checks it first, merges the erasure ledgers, adds "
      "missing keys; an empty database only, unless --replace.");
  restore_cmd->add_option("SRC", restore_source, "the backup's folder")->required();
  restore_cmd->add_flag("--replace", restore_replace,
                        "set a database that holds records aside (kept) and restore in its place");
  add_setting_options(*restore_cmd, flags);

  ReferenceBuildOptions reference_build;
  auto* reference_cmd =
      app.add_subcommand("reference", "Build or replace the reference data the programs use.");
  reference_cmd->require_subcommand(1);
  auto* reference_build_cmd = reference_cmd->add_subcommand(
      "build",
      "Write assets/taxonomy/esco (occupations.tsv, isco.tsv, NOTICE.md) from ESCO's CSV "
      "exports; nothing is written when an export is broken.");
  reference_build_cmd
      ->add_option("--esco-de", reference_build.esco_de,
                   "the German export's folder (occupations_de.csv, ISCOGroups_de.csv), named "
                   "esco-v<release>-de")
      ->required()
      ->type_name("DIR");
  reference_build_cmd
      ->add_option("--esco-en-fr", reference_build.esco_en_fr,
                   "the English and French exports' folder, named esco-v<release>-en-fr")
      ->required()
      ->type_name("DIR");
  reference_build_cmd
      ->add_option("--out", reference_build.out, "where to write, e.g. assets/taxonomy/esco")
      ->required()
      ->type_name("DIR");

  std::filesystem::path recognition_file;
  auto* import_recognition_cmd = reference_cmd->add_subcommand(
      "import-recognition",
      "Check a recognition map (JSON, as assets/recognition/de-by.json) and use it from now on "
      "instead of the shipped one; a bad file is refused and changes nothing.");
  import_recognition_cmd->add_option("FILE", recognition_file, "the recognition map")->required();
  add_setting_options(*import_recognition_cmd, flags);

  auto* help_cmd = app.add_subcommand("help", "Show this text.");

  // "sichtbar-hub serev" says which word was wrong, not CLI11's "arguments were not expected".
  if (argc > 1 && argv[1][0] != '-' && !is_command(app, argv[1]))
    return usage_error(fmt::format("unknown command \"{}\"", argv[1]));
  if (argc == 1) return usage_error("no command given");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    // sichtbar-hub --help: the overview; sichtbar-hub COMMAND --help: CLI11's page for it.
    if (app.get_subcommands().empty()) {
      print_usage(std::cout);
      return kExitOk;
    }
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "sichtbar-hub: " << e.what() << " (see: sichtbar-hub help)\n";
    return kExitUsage;
  }

  if (init_cmd->parsed()) return cmd_init(init);
  if (init_db_cmd->parsed()) return cmd_init_db(flags);
  if (serve_cmd->parsed()) return cmd_serve(flags, ready_file);
  if (enroll_cmd->parsed()) return cmd_enroll(enroll, flags);
  if (import_cmd->parsed()) return cmd_import(bundle, flags);
  if (devices_cmd->parsed()) return cmd_devices(flags);
  if (revoke_cmd->parsed()) return cmd_revoke(device, flags);
  if (rotate_cmd->parsed()) return cmd_rotate_keys(flags);
  if (retention_cmd->parsed()) return cmd_retention(retention_dry_run, flags);
  if (backup_cmd->parsed()) return cmd_backup(backup_dest, flags);
  if (restore_cmd->parsed()) return cmd_restore(restore_source, restore_replace, flags);
  if (user_cmd->parsed()) {
    user.action = user_add->parsed()    ? "add"
                  : user_list->parsed() ? "list"
                  : user_set->parsed()  ? "set"
                                        : "remove";
    return cmd_user(user, flags);
  }
  if (office_cmd->parsed()) {
    office.action = office_add->parsed() ? "add" : office_set->parsed() ? "set" : "list";
    return cmd_office(office, flags);
  }
  if (reference_build_cmd->parsed()) return cmd_reference_build(reference_build);
  if (import_recognition_cmd->parsed()) return cmd_import_recognition(recognition_file, flags);
  if (help_cmd->parsed()) {
    print_usage(std::cout);
    return kExitOk;
  }
  return usage_error("no command given");
}
