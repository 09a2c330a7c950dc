// sichtbar-kiosk: the kiosk program. The touch screens (`ui`, from kiosk/ui when the build has
// SICHTBAR_KIOSK_UI) and headless commands for setup, filling a profile from a file (the same
// core path as the finish button), sync and status.
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/qr.h"
#include "base/text.h"
#include "core/finish.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/assets.h"
#include "domain/catalogue.h"
#include "domain/form.h"
#include "domain/ui_languages.h"
#include "sync/sync_client.h"
#include "sync/transport.h"
#ifdef SICHTBAR_HAS_KIOSK_UI
#include "platform/input_script.h"
#include "ui/kiosk_app.h"
#endif

namespace fs = std::filesystem;
using namespace sichtbar;

namespace {

constexpr const char* kUsage = R"(sichtbar-kiosk: the Sichtbar kiosk

Usage:
  sichtbar-kiosk ui     [--windowed] [--size WIDTHxHEIGHT] [--data DIR] [--assets DIR]
                        [--language CODE] [--idle-seconds N] [--input-script FILE]
  sichtbar-kiosk enroll --hub URL --code CODE [--name NAME] [--ca-file FILE] [--data DIR]
  sichtbar-kiosk setup  --event-name NAME --event-date YYYY-MM-DD [--event-kind info|football]
                        [--venue TEXT] [--event-id ID] [--languages de,en,ar,...]
                        [--hub-key FILE --profile-base-url URL] [--data DIR]
  sichtbar-kiosk sync   [--hub URL] [--ca-file FILE] [--data DIR]
  sichtbar-kiosk export-bundle DIR [--data DIR]
  sichtbar-kiosk import-receipt FILE [--data DIR]
  sichtbar-kiosk fill   --answers FILE [--data DIR] [--qr-png FILE] [--qr-svg FILE]
                        [--assets DIR] [--no-terminal-qr]
  sichtbar-kiosk status [--data DIR]
  sichtbar-kiosk help

  ui            the touch screens, fullscreen (--windowed: a window, 1280x800 unless --size);
                needs a display and a kiosk that was set up (enroll or setup first);
                --language: the language it starts in and returns to after each person
                (default de; one of de en ar fa ps uk ru tr fr ti ku so);
                --idle-seconds: untouched form screens warn after N seconds (default 90)
  enroll        joins the office hub with a one-time code from `sichtbar-hub enroll`
  setup         sets the event; --hub-key sets the hub offline (USB sync only)
  sync          sends waiting profiles to the hub (default: the hub it enrolled with)
  export-bundle writes the waiting profiles to one file in DIR (a USB stick) for the office
  import-receipt reads the office's receipt for a bundle; confirmed profiles leave the kiosk

  --ca-file FILE  certificate(s) to trust for an https:// hub (default: $SICHTBAR_CA_FILE,
                else the system's CA store)
  --data DIR    the kiosk's data folder (default: $SICHTBAR_DATA_DIR, else
                $XDG_DATA_HOME/sichtbar/kiosk, else ~/.local/share/sichtbar/kiosk)
  --assets DIR  forms and language files (default: $SICHTBAR_ASSETS, else the build's assets)
)";

struct Args {
  std::map<std::string, std::string> options;
  std::set<std::string> flags;
};

// Parses "--name value" options and "--flag" switches; anything else is a usage error.
std::optional<Args> parse_args(const std::vector<std::string>& argv,
                               const std::set<std::string>& valued,
                               const std::set<std::string>& switches) {
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (switches.contains(arg)) {
      a.flags.insert(arg);
    } else if (valued.contains(arg) && i + 1 < argv.size()) {
      a.options[arg] = argv[++i];
    } else {
      std::cerr << "sichtbar-kiosk: unknown or incomplete option \"" << arg << "\"\n\n" << kUsage;
      return std::nullopt;
    }
  }
  return a;
}

std::string option(const Args& a, const std::string& name, const std::string& fallback = {}) {
  auto it = a.options.find(name);
  return it == a.options.end() ? fallback : it->second;
}

fs::path data_dir(const Args& a) {
  if (auto d = option(a, "--data"); !d.empty()) return d;
  if (const char* env = std::getenv("SICHTBAR_DATA_DIR"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return fs::path(xdg) / "sichtbar" / "kiosk";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : ".") / ".local" / "share" / "sichtbar" / "kiosk";
}

fs::path assets_dir(const Args& a) {
  if (auto d = option(a, "--assets"); !d.empty()) return d;
  if (const char* env = std::getenv("SICHTBAR_ASSETS"); env && *env) return env;
  return sichtbar::default_asset_dir();
}

int report(const Error& e) {
  std::cerr << "sichtbar-kiosk: " << e.message << "\n  (" << e.code << ")\n";
  return 1;
}

Result<std::string> read_text_file(const fs::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail("cli.unreadable", "Cannot read the " + std::string(what) + " " + file.string() +
                                      ": it does not exist or is not readable.");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int cmd_setup(const std::vector<std::string>& argv) {
  auto a = parse_args(argv,
                      {"--data", "--hub-key", "--profile-base-url", "--event-name", "--event-date",
                       "--event-kind", "--venue", "--event-id", "--languages"},
                      {});
  if (!a) return 2;
  for (const char* required : {"--event-name", "--event-date"})
    if (option(*a, required).empty()) {
      std::cerr << "sichtbar-kiosk setup: " << required << " is required\n\n" << kUsage;
      return 2;
    }
  if (option(*a, "--hub-key").empty() != option(*a, "--profile-base-url").empty()) {
    std::cerr << "sichtbar-kiosk setup: --hub-key and --profile-base-url go together\n\n" << kUsage;
    return 2;
  }
  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  if (auto key_file = option(*a, "--hub-key"); !key_file.empty()) {
    auto hub_json = read_text_file(key_file, "hub key file");
    if (!hub_json) return report(hub_json.error());
    if (auto r = save_hub(*store, *hub_json, option(*a, "--profile-base-url"), ""); !r)
      return report(r.error());
  }
  auto event = save_event(
      *store,
      EventInfo{option(*a, "--event-id"), option(*a, "--event-name"), option(*a, "--venue"),
                option(*a, "--event-date"), option(*a, "--event-kind", "info")},
      option(*a, "--languages").empty() ? all_ui_languages()
                                        : split_language_list(option(*a, "--languages")));
  if (!event) return report(event.error());
  auto device = ensure_device_identity(*store);
  if (!device) return report(device.error());
  auto setup = KioskSetup::load(*store);
  if (!setup) return report(setup.error());
  std::cout << "Kiosk set up in " << store->data_dir().string() << "\n"
            << "  device:   " << to_hex(device->device_id) << "\n"
            << "  hub key:  id " << setup->hub.key_id << "\n"
            << "  links:    " << setup->profile_base_url << "/p/...\n"
            << "  event:    " << setup->event.name << " (" << setup->event.kind << ", "
            << setup->event.date << ", id " << setup->event.id << ")\n"
            << "  languages:";
  for (const std::string& code : setup->languages) std::cout << " " << code;
  std::cout << "\n";
  device->wipe();
  return 0;
}

int cmd_enroll(const std::vector<std::string>& argv) {
  auto a = parse_args(argv, {"--data", "--hub", "--code", "--name", "--ca-file"}, {});
  if (!a) return 2;
  if (option(*a, "--hub").empty() || option(*a, "--code").empty()) {
    std::cerr << "sichtbar-kiosk enroll: --hub URL and --code CODE are required\n\n" << kUsage;
    return 2;
  }
  auto transport = http_transport(option(*a, "--hub"), option(*a, "--ca-file"));
  if (!transport) return report(transport.error());
  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  char host[256] = "kiosk";
  gethostname(host, sizeof host - 1);
  auto config = enroll_kiosk(*store, **transport, option(*a, "--code"), option(*a, "--name", host));
  if (!config) return report(config.error());
  std::cout << "Kiosk enrolled with the hub at " << config->hub_url << "\n"
            << "  device:   " << to_hex(config->device_id) << "\n"
            << "  hub key:  id " << config->hub.key_id << "\n"
            << "  links:    " << config->profile_base_url << "/p/...\n";
  return 0;
}

// What a sync or a receipt did, in a volunteer's words.
void print_report(const SyncReport& r) {
  std::cout << r.sent << " sent, " << r.stored << " new at the office, " << r.duplicates
            << " already there";
  if (r.conflicts) std::cout << ", " << r.conflicts << " kept aside as conflicts";
  if (r.gone) std::cout << ", " << r.gone << " erased at the office";
  std::cout << ".\n";
  if (r.requeued) std::cout << r.requeued << " sent again: the office had lost them.\n";
  if (r.lost_at_hub)
    std::cout << "Warning: the office lacks " << r.lost_at_hub
              << " profile(s) this kiosk already deleted. Tell the office.\n";
  for (const auto& why : r.rejections) std::cout << "Not accepted: " << why << "\n";
  std::cout << r.waiting << " profile(s) still waiting; " << r.purged
            << " deleted from the kiosk after the office confirmed them.\n";
  if (r.new_hub_key_id)
    std::cout << "The office's new key (id " << r.new_hub_key_id
              << ") is saved: profiles finished from now on are sealed to it.\n";
}

// The pieces every sync-like command needs: the store, its setup and the device key.
struct OpenKiosk {
  KioskStore store;
  KioskSetup setup;
  DeviceIdentity device;
  ~OpenKiosk() { device.wipe(); }
};

Result<std::unique_ptr<OpenKiosk>> open_kiosk(const Args& a) {
  auto store = KioskStore::open(data_dir(a));
  if (!store) return std::unexpected(store.error());
  auto setup = KioskSetup::load(*store);
  if (!setup) return std::unexpected(setup.error());
  auto device = ensure_device_identity(*store);
  if (!device) return std::unexpected(device.error());
  return std::make_unique<OpenKiosk>(std::move(*store), std::move(*setup), *device);
}

int cmd_export_bundle(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0].starts_with("--")) {
    std::cerr << "sichtbar-kiosk export-bundle: give the folder to write to (the USB stick)\n\n"
              << kUsage;
    return 2;
  }
  auto a = parse_args({argv.begin() + 1, argv.end()}, {"--data"}, {});
  if (!a) return 2;
  auto kiosk = open_kiosk(*a);
  if (!kiosk) return report(kiosk.error());
  auto done = export_bundle((*kiosk)->store, (*kiosk)->device, (*kiosk)->setup, argv[0]);
  if (!done) return report(done.error());
  std::cout << done->count << " profile(s) written to " << done->file.string()
            << ".\nTake it to the office; bring back the .receipt file the office makes and run "
               "sichtbar-kiosk import-receipt.\n";
  if (done->still_waiting)
    std::cout << done->still_waiting
              << " more profile(s) did not fit this file: export again to another file.\n";
  return 0;
}

int cmd_import_receipt(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0].starts_with("--")) {
    std::cerr << "sichtbar-kiosk import-receipt: give the receipt file\n\n" << kUsage;
    return 2;
  }
  auto a = parse_args({argv.begin() + 1, argv.end()}, {"--data"}, {});
  if (!a) return 2;
  auto kiosk = open_kiosk(*a);
  if (!kiosk) return report(kiosk.error());
  auto result = import_receipt((*kiosk)->store, (*kiosk)->device, (*kiosk)->setup, argv[0]);
  if (!result) return report(result.error());
  std::cout << "Receipt read: ";
  print_report(*result);
  return 0;
}

int cmd_sync(const std::vector<std::string>& argv) {
  auto a = parse_args(argv, {"--data", "--hub", "--ca-file"}, {});
  if (!a) return 2;
  auto kiosk = open_kiosk(*a);
  if (!kiosk) return report(kiosk.error());
  const std::string hub = option(*a, "--hub", (*kiosk)->setup.hub_url);
  if (hub.empty())
    return report({"sync.no_hub",
                   "This kiosk was set up without a hub address: give one with "
                   "--hub URL, or export a bundle for a USB stick."});
  auto transport = http_transport(hub, option(*a, "--ca-file"));
  if (!transport) return report(transport.error());
  auto result = sync_outbox((*kiosk)->store, (*kiosk)->device, (*kiosk)->setup, **transport);
  if (!result) return report(result.error());
  std::cout << "Synced with " << hub << ": ";
  print_report(*result);
  return result->rejected ? 1 : 0;
}

int cmd_fill(const std::vector<std::string>& argv) {
  auto a = parse_args(argv, {"--data", "--answers", "--assets", "--qr-png", "--qr-svg"},
                      {"--no-terminal-qr"});
  if (!a) return 2;
  if (option(*a, "--answers").empty()) {
    std::cerr << "sichtbar-kiosk fill: --answers FILE is required\n\n" << kUsage;
    return 2;
  }
  const fs::path answers_file = option(*a, "--answers");
  auto text = read_text_file(answers_file, "answers file");
  if (!text) return report(text.error());
  nlohmann::json input = nlohmann::json::parse(*text, nullptr, false);
  sodium_memzero(text->data(), text->size());
  if (input.is_discarded() || !input.is_object() || !input.contains("answers") ||
      !input.value("locale", nlohmann::json()).is_string())
    return report({"cli.bad_answers_file",
                   "The answers file " + answers_file.string() +
                       " must be a JSON object with \"locale\" (e.g. \"de\") and \"answers\"."});

  const fs::path assets = assets_dir(*a);
  auto form = load_form(assets / "forms" / "skills-profile.json");
  if (!form) return report(form.error());
  const std::string locale = input["locale"].get<std::string>();
  auto catalogue = Catalogue::load_locale(assets / "i18n", locale);
  if (!catalogue) return report(catalogue.error());

  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  auto setup = KioskSetup::load(*store);
  if (!setup) return report(setup.error());
  auto device = ensure_device_identity(*store);
  if (!device) return report(device.error());

  const auto now = std::chrono::system_clock::now();
  Draft draft = Draft::start(locale, now);
  draft.answers = std::move(input["answers"]);
  wipe_json(input);
  auto done = finish_profile(*store, FinishContext{*form, *catalogue, *device, *setup}, draft, now);
  draft.wipe();
  device->wipe();
  if (!done) return report(done.error());

  if (!a->flags.contains("--no-terminal-qr")) std::cout << qr_terminal(done->qr);
  std::cout << "Profile finished. Link: " << done->profile_url << "\n"
            << "Sealed record " << done->seq << " (" << done->envelope_bytes
            << " bytes, for hub key " << setup->hub.key_id << ") is in the outbox of "
            << store->database_path().string() << ".\n"
            << "It waits there until the kiosk syncs with the office hub.\n";
  if (auto png = option(*a, "--qr-png"); !png.empty()) {
    if (auto r = write_png(render_qr(done->qr, 8), png); !r) return report(r.error());
    std::cout << "QR code written to " << png << "\n";
  }
  if (auto svg = option(*a, "--qr-svg"); !svg.empty()) {
    if (auto r = write_svg(done->qr, svg); !r) return report(r.error());
    std::cout << "QR code written to " << svg << "\n";
  }
  return 0;
}

int cmd_status(const std::vector<std::string>& argv) {
  auto a = parse_args(argv, {"--data"}, {});
  if (!a) return 2;
  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  auto counts = Outbox(*store).counts();
  if (!counts) return report(counts.error());
  auto setup = KioskSetup::load(*store);
  std::cout << "Kiosk data folder: " << store->data_dir().string() << "\n";
  if (setup)
    std::cout << "Hub: " << (setup->hub_url.empty() ? "(USB only)" : setup->hub_url) << " (key id "
              << setup->hub.key_id << ")\nEvent: " << setup->event.name << " (" << setup->event.kind
              << ", " << setup->event.date << ")\n";
  else
    std::cout << setup.error().message << "\n";
  std::cout << "Profiles: " << counts->total() << " finished, " << counts->waiting_for_sync()
            << " waiting for sync, " << counts->acknowledged + counts->purged
            << " received by the office\n";
  return 0;
}

int cmd_ui(const std::vector<std::string>& argv) {
#ifdef SICHTBAR_HAS_KIOSK_UI
  auto a = parse_args(
      argv, {"--data", "--assets", "--input-script", "--size", "--idle-seconds", "--language"},
      {"--windowed", "--fullscreen"});
  if (!a) return 2;
  ui::KioskRunOptions options;
  options.data_dir = data_dir(*a);
  options.assets_dir = assets_dir(*a);
  options.fullscreen = !a->flags.contains("--windowed");
  if (auto size = option(*a, "--size"); !size.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240) {
      std::cerr << "sichtbar-kiosk ui: --size takes WIDTHxHEIGHT, e.g. 1280x800\n";
      return 2;
    }
    options.width = w;
    options.height = h;
  }
  if (auto idle = option(*a, "--idle-seconds"); !idle.empty()) {
    const int seconds = std::atoi(idle.c_str());
    if (seconds < 1) {
      std::cerr << "sichtbar-kiosk ui: --idle-seconds takes a whole number of seconds, 1 or more\n";
      return 2;
    }
    options.timeouts.form_idle = std::chrono::seconds(seconds);
  }
  if (auto language = option(*a, "--language"); !language.empty()) {
    if (!is_ui_language(language)) {
      std::string known;
      for (std::string_view code : kUiLanguages) known += " " + std::string(code);
      std::cerr << "sichtbar-kiosk ui: \"" << clean_text(language, false)
                << "\" is not one of the kiosk's languages; --language takes one of:" << known
                << "\n";
      return 2;
    }
    options.language = language;
  }
  // A script from the command line, else from $SICHTBAR_INPUT_SCRIPT (end-to-end tests).
  if (auto file = option(*a, "--input-script"); !file.empty()) {
    auto script = InputScript::load(file);
    if (!script) return report(script.error());
    options.script = std::move(*script);
  } else {
    auto script = InputScript::from_environment();
    if (!script) return report(script.error());
    options.script = std::move(*script);
  }
  return ui::run_kiosk(options);
#else
  (void)argv;
  std::cerr << "sichtbar-kiosk: this build has no touch screens (configured with "
               "-DSICHTBAR_KIOSK_UI=OFF); the headless commands work.\n";
  return 2;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "sichtbar-kiosk: libsodium could not start (no random source?)\n";
    return 1;
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
      {"setup", cmd_setup},
      {"enroll", cmd_enroll},
      {"sync", cmd_sync},
      {"fill", cmd_fill},
      {"status", cmd_status},
      {"export-bundle", cmd_export_bundle},
      {"import-receipt", cmd_import_receipt},
      {"ui", cmd_ui}};
  if (args.empty() || args[0] == "help" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  auto it = commands.find(args[0]);
  if (it == commands.end()) {
    std::cerr << "sichtbar-kiosk: unknown command \"" << args[0] << "\"\n\n" << kUsage;
    return 2;
  }
  return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
}
