// sichtbar-kiosk: the kiosk program. The touch screens (`ui`, from kiosk/ui when the build has
// SICHTBAR_KIOSK_UI) and headless commands for setup, filling a profile from a file (the same
// core path as the finish button), sync and status.
#include <sodium.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/files.h"
#include "base/qr.h"
#include "base/text.h"
#include "core/finish.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/assets.h"
#include "domain/catalogue.h"
#include "domain/esco.h"
#include "domain/form_library.h"
#include "domain/ui_languages.h"
#include "flow/speech_script.h"
#include "protocol/bundle.h"
#include "sync/sync_client.h"
#include "sync/transport.h"
#include "sync/usb_enrollment.h"
#ifdef SICHTBAR_HAS_KIOSK_UI
#include "platform/input_script.h"
#include "ui/kiosk_app.h"
#endif

namespace fs = std::filesystem;
using namespace sichtbar;

namespace {

// One command's options as given: "--name" -> value, switches, and positionals under their
// names ("DIR", "FILE"). CLI11 fills it; the commands below read it.
struct Args {
  std::map<std::string, std::string> options;
  std::set<std::string> flags;
};

std::string option(const Args& a, const std::string& name, const std::string& fallback = {}) {
  auto it = a.options.find(name);
  return it == a.options.end() ? fallback : it->second;
}

// --data, or $SICHTBAR_DATA_DIR (its environment name), else the user's data folder.
fs::path data_dir(const Args& a) {
  if (auto d = option(a, "--data"); !d.empty()) return d;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return fs::path(xdg) / "sichtbar" / "kiosk";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : ".") / ".local" / "share" / "sichtbar" / "kiosk";
}

// --assets, or $SICHTBAR_ASSETS, else the installed ones (/usr/share/sichtbar), else the build's.
Result<fs::path> assets_dir(const Args& a) { return sichtbar::locate_assets(option(a, "--assets")); }

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

std::string host_name() {
  char host[256] = "kiosk";
  gethostname(host, sizeof host - 1);
  return host;
}

// Writes the USB enrollment request and tells the volunteer the way to the office and back. As
// the screen does it: the office's key file on the stick is taken for a kiosk without a hub, or
// for a move to another office (write_enroll_request).
int write_request(KioskStore& store, const Args& a) {
  auto setup = KioskSetup::load_hub(store);
  const std::string base =
      option(a, "--profile-base-url", setup ? setup->profile_base_url : std::string());
  auto file = write_enroll_request(store, option(a, "--code", option(a, "--enroll-code")),
                                   option(a, "--name", host_name()), option(a, "--usb"), base);
  if (!file) return report(file.error());
  std::cout << "Enrollment request written to " << file->string()
            << ".\nTake the USB stick to the office and run `sichtbar-hub import` with it there; "
               "then, back here:\n  sichtbar-kiosk import-receipt "
            << file->string() << std::string(kReceiptSuffix) << "\n";
  return 0;
}

int cmd_setup(const Args* a) {
  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  if (auto key_file = option(*a, "--hub-key"); !key_file.empty()) {
    auto hub_json = read_text_file(key_file, "hub key file");
    if (!hub_json) return report(hub_json.error());
    if (auto r = save_hub(*store, *hub_json, option(*a, "--profile-base-url"), ""); !r)
      return report(r.error());
  }
  const std::string sound = option(*a, "--sound", "on");
  if (sound != "on" && sound != "off")
    return report({"cli.bad_sound",
                   "--sound takes \"on\" or \"off\", not \"" + clean_text(sound, false) + "\"."});
  auto event = save_event(
      *store,
      EventInfo{option(*a, "--event-id"), option(*a, "--event-name"), option(*a, "--venue"),
                option(*a, "--event-date"), option(*a, "--event-kind", "info")},
      option(*a, "--languages").empty() ? all_ui_languages()
                                        : split_language_list(option(*a, "--languages")),
      sound == "on");
  if (!event) return report(event.error());
  if (const std::string printer = option(*a, "--printer"); !printer.empty())
    if (auto r = save_printer(*store, printer); !r) return report(r.error());
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
  std::cout << "\n  printer:  " << (setup->printer.empty() ? "none" : setup->printer) << "\n";
  device->wipe();
  if (setup->enrolled) return 0;
  if (!option(*a, "--enroll-code").empty()) return write_request(*store, *a);
  std::cout << kNotEnrolledMessage
            << "\nWrite the request for it with a code from `sichtbar-hub enroll`: sichtbar-kiosk "
               "enroll --usb DIR --code CODE\n";
  return 0;
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

int cmd_enroll(const Args* a) {
  if (!option(*a, "--usb").empty()) {
    auto store = KioskStore::open(data_dir(*a));
    if (!store) return report(store.error());
    return write_request(*store, *a);
  }
  if (option(*a, "--hub").empty())
    return report({"cli.usage",
                   "enroll needs --hub URL (over the network) or --usb DIR (a USB "
                   "stick for the office)."});
  auto transport = http_transport(option(*a, "--hub"), option(*a, "--ca-file"));
  if (!transport) return report(transport.error());
  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  auto config =
      enroll_kiosk(*store, **transport, option(*a, "--code"), option(*a, "--name", host_name()));
  if (!config) return report(config.error());
  std::cout << "Kiosk enrolled with the hub at " << config->hub_url << "\n"
            << "  device:   " << to_hex(config->device_id) << "\n"
            << "  hub key:  id " << config->hub.key_id << "\n"
            << "  links:    " << config->profile_base_url << "/p/...\n";
  // The office's settings, so the kiosk can take profiles at its first event.
  auto first = first_sync(*store, *config, **transport);
  if (!first) return report(first.error());
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
  if (r.office_updated)
    std::cout << "The office's settings (who is responsible for the profiles) are updated.\n";
}

int cmd_export_bundle(const Args* a) {
  auto kiosk = open_kiosk(*a);
  if (!kiosk) return report(kiosk.error());
  auto done = export_bundle((*kiosk)->store, (*kiosk)->device, (*kiosk)->setup, option(*a, "DIR"));
  if (!done) return report(done.error());
  std::cout << done->count << " profile(s) written to " << done->file.string()
            << ".\nTake it to the office; bring back the .receipt file the office makes and run "
               "sichtbar-kiosk import-receipt.\n";
  if (done->still_waiting)
    std::cout << done->still_waiting
              << " more profile(s) did not fit this file: export again to another file.\n";
  return 0;
}

int cmd_import_receipt(const Args* a) {
  auto kiosk = open_kiosk(*a);
  if (!kiosk) return report(kiosk.error());
  if (const auto text = read_whole_file(option(*a, "FILE")); text && is_enroll_receipt(*text)) {
    auto config = import_enroll_receipt((*kiosk)->store, (*kiosk)->setup, (*kiosk)->device, *text);
    if (!config && config.error().code == "enroll.already_enrolled") {
      std::cout << config.error().message << "\n";
      return 0;
    }
    if (!config) return report(config.error());
    std::cout << "This kiosk is registered with the office now: profiles can be made.\n"
              << "  links:    " << config->profile_base_url << "/p/...\n";
    return 0;
  }
  auto result =
      import_receipt((*kiosk)->store, (*kiosk)->device, (*kiosk)->setup, option(*a, "FILE"));
  if (!result) return report(result.error());
  std::cout << "Receipt read: ";
  print_report(*result);
  return 0;
}

int cmd_sync(const Args* a) {
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

int cmd_fill(const Args* a) {
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

  const auto found = assets_dir(*a);
  if (!found) return report(found.error());
  const fs::path& assets = *found;
  // The kiosk makes every record with the newest version of the form.
  auto forms = FormLibrary::load(form_folder(assets, kProfileFormId));
  if (!forms) return report(forms.error());
  const Form& form = forms->latest();
  const std::string locale = input["locale"].get<std::string>();
  auto catalogue = Catalogue::load_locale(assets / "i18n", locale);
  if (!catalogue) return report(catalogue.error());
  // The record names the occupation data its codes come from, as the kiosk's picker does.
  auto esco = EscoReference::load(assets);
  if (!esco) return report(esco.error());

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
  auto done = finish_profile(
      *store, FinishContext{form, *catalogue, *device, *setup, esco->version()}, draft, now);
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

// What the speaker button can say, per language: the voice, or the recorded clips and the keys
// that lack one, and for Arabic the keys read without their vowels written out. For whoever
// records clips or writes assets/i18n/speech/ar.po; it reads only the assets.
int cmd_speech_report(const Args* a) {
  const auto found = assets_dir(*a);
  if (!found) return report(found.error());
  const fs::path& assets = *found;
  auto forms = FormLibrary::load(form_folder(assets, kProfileFormId));
  if (!forms) return report(forms.error());
  auto library = SpeechLibrary::load(assets);
  if (!library) return report(library.error());
  const std::vector<std::string> keys = person_screen_keys(forms->latest());
  std::cout << "The person screens read " << keys.size() << " texts.\n";
  for (std::string_view language : kUiLanguages) {
    const SpeechGaps gaps = library->gaps(language, keys);
    std::cout << language << ": ";
    if (!gaps.voice.empty())
      std::cout << "espeak-ng voice \"" << gaps.voice << "\"";
    else if (gaps.can_speak)
      std::cout << "clips only, " << keys.size() - gaps.no_clip.size() << " of " << keys.size()
                << " recorded";
    else
      std::cout << "no voice and no clips: the speaker button is hidden";
    std::cout << "\n";
    auto list = [&](const char* what, const std::vector<std::string>& missing) {
      if (missing.empty()) return;
      std::cout << "  " << missing.size() << " " << what << ":";
      for (const std::string& key : missing) std::cout << "\n    " << key;
      std::cout << "\n";
    };
    list(("without a clip in " + (assets / "audio" / std::string(language)).string() +
          "/<key>.ogg or .wav")
             .c_str(),
         gaps.no_clip);
    list("read without vowels (no vowelled text in assets/i18n/speech/ar.po)", gaps.no_vowelled);
  }
  return 0;
}

int cmd_status(const Args* a) {
  auto store = KioskStore::open(data_dir(*a));
  if (!store) return report(store.error());
  auto counts = Outbox(*store).counts();
  if (!counts) return report(counts.error());
  auto setup = KioskSetup::load(*store);
  if (a->flags.contains("--json")) {
    // For scripts (deploy/sichtbar): stable keys instead of the sentences below.
    nlohmann::json j = {{"data_dir", store->data_dir().string()},
                        {"set_up", setup.has_value()},
                        {"profiles",
                         {{"finished", counts->total()},
                          {"waiting_for_sync", counts->waiting_for_sync()},
                          {"received_by_office", counts->acknowledged + counts->purged}}}};
    if (setup) {
      j["hub_url"] = setup->hub_url;  // "" when the kiosk syncs by USB only
      j["hub_key_id"] = setup->hub.key_id;
      j["enrolled"] = setup->enrolled;
      j["event"] = {
          {"name", setup->event.name}, {"kind", setup->event.kind}, {"date", setup->event.date}};
      // null until the first sync or receipt brought the office's settings
      j["office"] = setup->office ? office_settings_json(*setup->office) : nlohmann::json();
    }
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << "Kiosk data folder: " << store->data_dir().string() << "\n";
  if (setup)
    std::cout << "Hub: " << (setup->hub_url.empty() ? "(USB only)" : setup->hub_url) << " (key id "
              << setup->hub.key_id << ")\nEvent: " << setup->event.name << " (" << setup->event.kind
              << ", " << setup->event.date << ")\n"
              << (setup->enrolled ? "" : std::string(kNotEnrolledMessage) + "\n")
              << "Office: "
              << (setup->office ? setup->office->name
                                : std::string("(not known yet: the next sync brings it)"))
              << "\n"
              << (setup->office && !office_incomplete_message(*setup->office).empty()
                      ? office_incomplete_message(*setup->office) + "\n"
                      : "");
  else
    std::cout << setup.error().message << "\n";
  std::cout << "Profiles: " << counts->total() << " finished, " << counts->waiting_for_sync()
            << " waiting for sync, " << counts->acknowledged + counts->purged
            << " received by the office\n";
  return 0;
}

int cmd_ui(const Args* a) {
#ifdef SICHTBAR_HAS_KIOSK_UI
  ui::KioskRunOptions options;
  options.data_dir = data_dir(*a);
  const auto assets = assets_dir(*a);
  if (!assets) return report(assets.error());
  options.assets_dir = *assets;
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
  // A script from --input-script or its environment name $SICHTBAR_INPUT_SCRIPT (end-to-end
  // tests).
  if (auto file = option(*a, "--input-script"); !file.empty()) {
    auto script = InputScript::load(file);
    if (!script) return report(script.error());
    options.script = std::move(*script);
  }
  return ui::run_kiosk(options);
#else
  (void)a;
  std::cerr << "sichtbar-kiosk: this build has no touch screens (configured with "
               "-DSICHTBAR_KIOSK_UI=OFF); the headless commands work.\n";
  return 2;
#endif
}

// One command: its options (each "--name" with a value, or a switch) go into args.
struct CommandSpec {
  const char* name;
  const char* description;
  int (*run)(const Args*);
};

// The options every command shares, by name: what each takes, means, and which variable gives
// its default.
struct OptionSpec {
  const char* flag;
  const char* type;  // "" for a switch
  const char* text;
  const char* env = "";
  bool required = false;
};

// Every command added, with what runs it.
std::vector<std::pair<const CLI::App*, int (*)(const Args*)>> commands;

CLI::App* add_command(CLI::App& app, const CommandSpec& c, Args& args,
                      std::initializer_list<OptionSpec> options) {
  CLI::App* cmd = app.add_subcommand(c.name, c.description);
  commands.emplace_back(cmd, c.run);
  for (const OptionSpec& o : options) {
    const std::string flag = o.flag;
    CLI::Option* opt = nullptr;
    if (!*o.type) {
      opt = cmd->add_flag_callback(
          flag, [&args, flag] { args.flags.insert(flag); }, o.text);
    } else {
      opt = cmd->add_option_function<std::string>(
          flag, [&args, flag](const std::string& v) { args.options[flag] = v; }, o.text);
      opt->type_name(o.type);
    }
    if (*o.env) opt->envname(o.env);
    if (o.required) opt->required();
  }
  return cmd;
}

int usage_error(const CLI::App& app, const std::string& message) {
  std::cerr << "sichtbar-kiosk: " << message << "\n\n" << app.help();
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "sichtbar-kiosk: libsodium could not start (no random source?)\n";
    return 1;
  }
  CLI::App app("sichtbar-kiosk: the Sichtbar kiosk", "sichtbar-kiosk");
  app.require_subcommand(1);
  app.footer(
      "sichtbar-kiosk COMMAND --help: a command's options. --data defaults to $SICHTBAR_DATA_DIR, "
      "else\n$XDG_DATA_HOME/sichtbar/kiosk, else ~/.local/share/sichtbar/kiosk.");
  Args args;
  const OptionSpec data{"--data", "DIR", "the kiosk's data folder", "SICHTBAR_DATA_DIR"};
  const OptionSpec assets{"--assets", "DIR", "forms and language files (default: the installed ones)",
                          "SICHTBAR_ASSETS"};
  const OptionSpec ca_file{"--ca-file", "FILE",
                           "certificate(s) to trust for an https:// hub (default: the system's)",
                           "SICHTBAR_CA_FILE"};
  add_command(app,
              {"ui",
               "The touch screens, fullscreen (--windowed: a window, 1280x800 unless --size). "
               "Needs a display; a kiosk not set up yet is connected to the office from its "
               "volunteer screens.",
               cmd_ui},
              args,
              {{"--windowed", "", "a window instead of the full screen"},
               {"--fullscreen", "", "the full screen (the default)"},
               {"--size", "WIDTHxHEIGHT", "the window's size"},
               data,
               assets,
               {"--language", "CODE",
                "the language it starts in and returns to after each person (default de; one of "
                "de en ar fa ps uk ru tr fr ti ku so)"},
               {"--idle-seconds", "N", "untouched form screens warn after N seconds (default 90)"},
               {"--input-script", "FILE", "taps and keys to play (end-to-end tests)",
                "SICHTBAR_INPUT_SCRIPT"}});
  add_command(app,
              {"enroll",
               "Join the office hub with a one-time code from `sichtbar-hub enroll`: over the "
               "network (--hub), or by USB stick (--usb: writes a request for `sichtbar-hub "
               "import`).",
               cmd_enroll},
              args,
              {{"--hub", "URL", "the hub's address"},
               {"--usb", "DIR", "write the request to this folder (the USB stick) instead"},
               {"--code", "CODE", "the one-time code", "", true},
               {"--name", "NAME", "this kiosk's name at the office (default: the host name)"},
               {"--profile-base-url", "URL",
                "with --usb, when the stick's hub-public.json is a new hub for this kiosk: where "
                "its QR codes link until the office's receipt says (default: as before)"},
               ca_file,
               data});
  add_command(
      app, {"setup", "Set the event; --hub-key sets the hub offline (USB sync only).", cmd_setup},
      args,
      {{"--event-name", "NAME", "the event's name", "", true},
       {"--event-date", "YYYY-MM-DD", "the event's date", "", true},
       {"--event-kind", "info|football", "the kind of event (default info)"},
       {"--venue", "TEXT", "where it is"},
       {"--event-id", "ID", "a stable id for the event"},
       {"--languages", "de,en,ar,...", "the languages offered (default: all)"},
       {"--sound", "on|off", "the screens' speaker button: read aloud (default on)"},
       {"--printer", "NAME|none",
        "the CUPS printer the QR screen prints a slip with the link on (default none)"},
       {"--hub-key", "FILE", "the hub's hub-public.json (with --profile-base-url)"},
       {"--profile-base-url", "URL", "where the QR codes' links point (with --hub-key)"},
       {"--enroll-code", "CODE",
        "the office's one-time code: writes the enrollment request (with --usb)"},
       {"--usb", "DIR", "the USB stick's folder for the enrollment request (with --enroll-code)"},
       {"--name", "NAME", "this kiosk's name at the office (default: the host name)"},
       data})
      ->get_option("--hub-key")
      ->needs("--profile-base-url");
  app.get_subcommand("setup")->get_option("--profile-base-url")->needs("--hub-key");
  app.get_subcommand("setup")->get_option("--enroll-code")->needs("--usb");
  app.get_subcommand("setup")->get_option("--usb")->needs("--enroll-code");
  add_command(
      app,
      {"sync", "Send waiting profiles to the hub (default: the hub it enrolled with).", cmd_sync},
      args, {{"--hub", "URL", "the hub's address"}, ca_file, data});
  add_command(app,
              {"export-bundle",
               "Write the waiting profiles to one file in DIR (a USB stick) for the office.",
               cmd_export_bundle},
              args, {data})
      ->add_option_function<std::string>(
          "DIR", [&args](const std::string& v) { args.options["DIR"] = v; },
          "the folder to write to (the USB stick)")
      ->required();
  add_command(app,
              {"import-receipt",
               "Read the office's receipt for a bundle (confirmed profiles leave the kiosk) or "
               "for the enrollment request (the kiosk is registered then).",
               cmd_import_receipt},
              args, {data})
      ->add_option_function<std::string>(
          "FILE", [&args](const std::string& v) { args.options["FILE"] = v; }, "the receipt file")
      ->required();
  add_command(
      app,
      {"fill", "Finish a profile from a JSON answers file, on the same path as the finish button.",
       cmd_fill},
      args,
      {{"--answers", "FILE", "JSON with \"locale\" and \"answers\"", "", true},
       data,
       {"--qr-png", "FILE", "also write the QR code as PNG"},
       {"--qr-svg", "FILE", "also write the QR code as SVG"},
       assets,
       {"--no-terminal-qr", "", "do not draw the QR code in the terminal"}});
  add_command(app, {"status", "Show the kiosk's hub, event and profile counts.", cmd_status}, args,
              {data, {"--json", "", "one JSON object, for scripts"}});
  add_command(app,
              {"speech-report",
               "List per language what the speaker button reads with: the espeak-ng voice, or "
               "the recorded clips and which texts lack one (and Arabic texts without vowels).",
               cmd_speech_report},
              args, {assets});
  app.add_subcommand("help", "Show this text.");

  if (argc == 1) {
    std::cout << app.help();
    return 2;
  }
  const std::string first = argv[1];
  if (first[0] != '-') {
    bool known = false;
    for (const CLI::App* c : app.get_subcommands({})) known = known || c->get_name() == first;
    if (!known) return usage_error(app, "unknown command \"" + first + "\"");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "sichtbar-kiosk: " << e.what() << " (see: sichtbar-kiosk "
              << (app.get_subcommands().empty() ? "" : app.get_subcommands()[0]->get_name() + " ")
              << "--help)\n";
    return 2;
  }
  CLI::App* chosen = app.get_subcommands()[0];
  if (chosen->get_name() == "help") {
    app.clear();  // help() shows the chosen subcommand's page; here the overview is wanted
    std::cout << app.help();
    return 0;
  }
  for (const auto& [command, run] : commands)
    if (command == chosen) return run(&args);
  return usage_error(app, "no command given");
}
