// Benchmark: the real kiosk (kiosk/ui's KioskUi with all fonts, catalogues and the shaped-glyph
// atlas) in a window: time from process start to the first frame, CPU per frame on the
// heaviest screens next to an empty ImGui frame measured in the same run, idle CPU with the
// event-driven loop, and peak memory with every font loaded and the occupation index (every ESCO
// label, built on a worker as the kiosk starts, and the Arabic labels the Arabic screens added)
// ready. Needs a display:
// `deploy/sichtbar bench` runs it under xvfb-run (Mesa llvmpipe). It sets up a throwaway kiosk
// (hub key, event) in a temporary folder. Then it runs itself again, the same screens and idle
// time, with assets that lack the occupation data (no ESCO occupation or ISCO group, no draft
// labels), and reports what the occupation data adds to the resident set against the issue's
// limit (15 MB), both measured in this run. Last, read aloud: the heaviest screen's CPU per frame
// while the speaker reads it (synthesis on its worker, SDL's dummy audio output unless
// SDL_AUDIODRIVER says otherwise) next to the same screen silent, and what espeak-ng's voices
// add to the resident set once each has spoken.
//
//   sichtbar-bench-kiosk [--frames N] [--idle-seconds S] [--windowed [WIDTHxHEIGHT]]
//                        [--without-occupations]
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "bench_kiosk.h"
#include "core/admin.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/assets.h"
#include "domain/consent_text.h"
#include "domain/ui_languages.h"
#include "flow/speech_script.h"
#include "platform/frame_stats.h"
#include "platform/platform.h"
#include "platform/speaker.h"
#include "protocol/keys.h"
#include "ui/kiosk_app.h"
#include "ui/read_aloud.h"
#include "ui/section_screen.h"

using namespace sichtbar;
using sichtbar::bench::die;
using Clock = std::chrono::steady_clock;

namespace {

struct Cpu {
  double p50 = 0, p99 = 0;
};

Cpu redraw(Platform& platform, int frames, const Platform::FrameFn& frame) {
  platform.frame_stats().clear();
  for (int i = 0; i < frames; ++i) platform.draw_frame(frame);
  return {platform.frame_stats().ui_cpu_ms(0.5), platform.frame_stats().ui_cpu_ms(0.99)};
}

// A copy of the assets (links to the real files) whose ESCO files hold their header lines and no
// rows and whose draft-label folder is empty: the kiosk as it was before it named every ESCO
// occupation, for the baseline of the occupation data's memory.
std::filesystem::path assets_without_occupations(const std::filesystem::path& assets) {
  namespace fs = std::filesystem;
  std::string dir_template = "/tmp/sichtbar-bench-assets-XXXXXX";
  if (!mkdtemp(dir_template.data())) die("cannot make a temporary folder");
  const fs::path out = dir_template;
  for (const fs::directory_entry& e : fs::directory_iterator(assets))
    if (e.path().filename() != "taxonomy")
      fs::create_directory_symlink(e.path(), out / e.path().filename());
  const fs::path taxonomy = out / "taxonomy";
  fs::create_directories(taxonomy / "esco");
  fs::create_directories(taxonomy / "occupations");
  fs::create_symlink(assets / "taxonomy" / "occupations.json", taxonomy / "occupations.json");
  for (const auto& [file, count] : {std::pair{"occupations.tsv", "#count\toccupations\t"},
                                    std::pair{"isco.tsv", "#count\tgroups\t"}}) {
    std::ifstream in(assets / "taxonomy" / "esco" / file);
    std::ofstream header(taxonomy / "esco" / file);
    std::string line;
    while (std::getline(in, line) && line.starts_with('#')) {
      if (line.starts_with(count)) line = std::string(count) + "0";
      if (line.starts_with("#code-points")) continue;
      header << line << '\n';
    }
    if (!header) die("cannot write the assets without occupations");
  }
  return out;
}

// What a run reports to the run that started it: its peaks and its first frame.
struct RunFigures {
  long peak_end_kib = 0, now_kib = 0, pin_kib = 0;
  double first_frame_ms = 0;
};

// This benchmark again, with `args` and the assets without occupation data; its figures.
RunFigures run_without_occupations(const std::string& args) {
  const std::string command =
      "/proc/" + std::to_string(getpid()) + "/exe --without-occupations " + args;
  FILE* child = popen(command.c_str(), "r");
  if (!child) die("cannot run " + command);
  RunFigures f;
  bool found = false;
  char line[512];
  while (std::fgets(line, sizeof line, child))
    found |=
        std::sscanf(line, "figures: peak_end_kib=%ld now_kib=%ld pin_kib=%ld first_frame_ms=%lf",
                    &f.peak_end_kib, &f.now_kib, &f.pin_kib, &f.first_frame_ms) == 4;
  if (pclose(child) != 0 || !found) die("the run without occupation data failed: " + command);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  const double main_ms = ms_since_process_start();
  if (sodium_init() < 0) die("libsodium could not start");
  int frames = 500;
  double idle_seconds = 60;
  ui::KioskRunOptions run;
  bool without_occupations = false;
  std::string child_args;  // the options again, for the run without occupation data
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    const bool has_value = i + 1 < argc && argv[i + 1][0] != '-';
    if (opt == "--frames" && has_value) {
      frames = std::max(10, std::atoi(argv[++i]));
      child_args += " --frames " + std::to_string(frames);
    } else if (opt == "--idle-seconds" && has_value) {
      idle_seconds = std::atof(argv[++i]);
      child_args += " --idle-seconds " + std::string(argv[i]);
    } else if (opt == "--windowed") {
      run.fullscreen = false;
      if (has_value && std::sscanf(argv[++i], "%dx%d", &run.width, &run.height) != 2)
        die("--windowed takes WIDTHxHEIGHT");
      child_args += " --windowed " + std::to_string(run.width) + "x" + std::to_string(run.height);
    } else if (opt == "--without-occupations") {
      without_occupations = true;
    } else {
      die("unknown option " + opt +
          " (use --frames N --idle-seconds S --windowed [WxH] --without-occupations)");
    }
  }

  const std::filesystem::path data = bench::make_bench_kiosk("kiosk");
  const long rss_start = peak_rss_kib();

  const auto open_start = Clock::now();
  const std::filesystem::path assets =
      without_occupations ? assets_without_occupations(default_asset_dir()) : default_asset_dir();
  auto opened = ui::KioskUi::open(data, assets);
  if (!opened) die(opened.error().message);
  ui::KioskUi& kiosk = **opened;
  const double open_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - open_start).count();

  bench::BenchWindow opened_window = bench::open_bench_window(kiosk, run);
  const FontSetup& font_setup = opened_window.font_setup;
  Platform& platform = *opened_window.platform;
  const auto atlas_start = Clock::now();
  if (auto r = platform.build_fonts(font_setup); !r) die(r.error().message);
  const double atlas_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - atlas_start).count();
  kiosk.apply_style();
  const long rss_fonts = peak_rss_kib();

  const Platform::FrameFn kiosk_frame = [&] { kiosk.draw(Clock::now()); };
  platform.draw_frame(kiosk_frame);
  const StartupTimes startup = platform.startup();

  // The occupation index (every ESCO label) starts building on its worker once the first frame
  // is on screen (at the second draw), so it does not compete with the start for the cores.
  const bool occupations_by_first_frame = kiosk.services().taxonomies.occupations() != nullptr;
  platform.draw_frame(kiosk_frame);
  if (!kiosk.services().taxonomies.wait_for_occupations(std::chrono::seconds(60)))
    die("the occupation index was not built within 60 s");

  const Cpu empty = redraw(platform, frames, [] {});
  const Cpu welcome = redraw(platform, frames, kiosk_frame);
  KioskSession& session = kiosk.session();
  // Arabic throughout: the most shaping work per string.
  // As a tap would: the inactivity timers start from this input.
  kiosk.input(Clock::now());
  if (!session.choose_language("ar")) die("cannot choose Arabic");
  const Cpu consent = redraw(platform, frames, kiosk_frame);
  // The consent's last step: its words, and the purposes as choices with their pictograms.
  while (session.consent_step().value_or(kConsentSteps) + 1 < kConsentSteps) session.next();
  const Cpu consent_choices = redraw(platform, frames, kiosk_frame);
  if (auto person = session.person()) (void)(*person)->set_consent("keep_profile", true);
  session.next();
  platform.draw_frame(kiosk_frame);
  // "About you" with text in the name field and the Arabic keyboard open.
  ui::FieldEditors& editors = kiosk.section_screen().editors();
  ui::TouchTextField* name = editors.field("about.name");
  if (!name) die("the name field was not drawn");
  (void)name->edit().insert("\u0632\u0641\u064A\u0631\u0629 \u0643\u0648\u064A\u0644\u0646");
  editors.focus().field = name;
  editors.focus().layout = LayoutId::Arabic;
  const Cpu typing = redraw(platform, frames, kiosk_frame);
  // Typing: each frame one more letter, so the field's text is shaped anew every frame.
  platform.frame_stats().clear();
  for (int i = 0; i < frames; ++i) {
    if (name->edit().code_points() > 60) name->edit().wipe();
    (void)name->edit().insert(i % 7 == 0 ? " " : "\u0633");
    editors.focus().changed = true;
    platform.draw_frame(kiosk_frame);
  }
  const Cpu typing_new = {platform.frame_stats().ui_cpu_ms(0.5),
                          platform.frame_stats().ui_cpu_ms(0.99)};
  editors.focus() = {};
  while (session.screen() == Screen::Section) session.next();
  const Cpu review = redraw(platform, frames, kiosk_frame);
  session.reset();
  platform.draw_frame(kiosk_frame);

  // Read aloud: the consent in Arabic, silent and while it is read (the run without the
  // occupation data does the same, so the voices count on both sides of its comparison).
  setenv("SDL_AUDIODRIVER", "dummy", 0);
  kiosk.input(Clock::now());
  if (!session.choose_language("ar")) die("cannot choose Arabic");
  platform.draw_frame(kiosk_frame);
  const Cpu silent = redraw(platform, frames, kiosk_frame);
  const RssSplit before_voices = rss_split_now();
  auto opened_speaker = Speaker::open();
  if (!opened_speaker) die(opened_speaker.error().message);
  kiosk.set_speaker(std::move(*opened_speaker));
  Speaker& speaker = *kiosk.read_aloud().speaker();
  const Catalogue* arabic = kiosk.services().catalogue("ar");
  speaker.say(kiosk.read_aloud().library().parts(
      "ar", speech_keys(Screen::Consent, session.section()), *arabic));
  const Cpu reading = redraw(platform, frames, kiosk_frame);
  const bool read_throughout = speaker.speaking();
  speaker.stop();
  // Every voice once: each loads its language's rules and dictionary.
  int voices = 0;
  for (std::string_view language : kUiLanguages) {
    if (espeak_voice(language).empty()) continue;
    const Catalogue* c = kiosk.services().catalogue(language);
    if (!c || !synthesise(espeak_voice(language), *c->find("ui.welcome.ask_volunteer")))
      die("espeak-ng could not read " + std::string(language));
    ++voices;
  }
  const RssSplit after_voices = rss_split_now();
  // Its audio device closes while SDL is up (the window's Platform quits SDL when it goes).
  kiosk.set_speaker(nullptr);
  session.reset();
  platform.draw_frame(kiosk_frame);
  const auto resident = [](const RssSplit& r) {
    return r.anonymous_kib + r.file_kib + r.shmem_kib;
  };

  // Idle: the event-driven loop on the welcome screen with nothing happening.
  std::uint64_t idle_frames = 0;
  double idle_cpu_ms = 0, idle_wall_s = 0;
  if (idle_seconds > 0) {
    std::thread watcher([&] {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      const auto frames0 = platform.frames_drawn();
      const auto cpu0 = process_cpu_ns();
      const auto start = Clock::now();
      std::this_thread::sleep_for(
          std::chrono::milliseconds(static_cast<long>(idle_seconds * 1000)));
      idle_frames = platform.frames_drawn() - frames0;
      idle_cpu_ms = static_cast<double>(process_cpu_ns() - cpu0) / 1e6;
      idle_wall_s = std::chrono::duration<double>(Clock::now() - start).count();
      Platform::post_quit();
    });
    platform.run(kiosk_frame, [&] { return kiosk.next_deadline(Clock::now()); });
    watcher.join();
  }
  // The Arabic screen had its occupation labels added (ESCO lacks Arabic): in what is measured.
  if (!without_occupations &&
      !kiosk.services().taxonomies.wait_for_occupation_language("ar", std::chrono::seconds(60)))
    die("the Arabic occupation labels were not added within 60 s");
  const long rss_end = peak_rss_kib();
  const RssSplit rss_now = rss_split_now();
  // A volunteer's PIN set and checked in the same process, with the window and the GL driver
  // still there: argon2id takes its memory on top of everything else (issue #14: 260 MB).
  AdminPin pin(kiosk.store());
  if (!pin.set_first("2580", "2580")) die("cannot set the PIN");
  if (auto r = pin.try_unlock("2580", std::chrono::system_clock::now());
      !r || r->kind != UnlockOutcome::Kind::Unlocked)
    die("the PIN did not unlock");
  const long rss_pin = peak_rss_kib();
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
  if (without_occupations) {
    std::filesystem::remove_all(assets, ec);
    std::printf("figures: peak_end_kib=%ld now_kib=%ld pin_kib=%ld first_frame_ms=%.1f\n", rss_end,
                rss_now.anonymous_kib + rss_now.file_kib + rss_now.shmem_kib, rss_pin,
                startup.first_frame_ms);
    return 0;
  }
  // Torn down first, so the second run has the cores (and the X server) to itself.
  const long now_kib = rss_now.anonymous_kib + rss_now.file_kib + rss_now.shmem_kib;
  const RunFigures without = run_without_occupations(child_args);

  const DisplayInfo& d = platform.display();
  const ui::AtlasFigures& atlas = kiosk.text().atlas_figures();
  std::printf("kiosk: the real screens (KioskUi), %dx%d, ui_scale %.2f, vsync %s\n",
              d.drawable_width, d.drawable_height, d.ui_scale, d.vsync ? "on" : "off");
  std::printf("  OpenGL %s / %s\n", d.gl_version.c_str(), d.gl_renderer.c_str());
  std::printf("  time to first frame (from process start)     %8.1f ms  (target: under 500 ms)\n",
              startup.first_frame_ms);
  std::printf("    floor: process start -> main (loader)       %8.1f ms\n", main_ms);
  std::printf(
      "    occupation index (%zu ESCO labels) built on its worker thread in %.1f ms (wall), "
      "after the first frame (%s by it); never in a frame\n",
      kiosk.services().taxonomies.occupations()->labels(),
      kiosk.services().taxonomies.occupation_build_time().count(),
      occupations_by_first_frame ? "ready" : "not ready");
  std::printf("    store, form, 12 catalogues, fonts opened in %8.1f ms\n", open_ms);
  std::printf("    window, GL context and ImGui ready at       %8.1f ms\n",
              startup.window_ready_ms);
  std::printf("    shaped-glyph atlas built and uploaded in    %8.1f ms (glyphs found meanwhile)\n",
              atlas_ms);
  std::printf(
      "  font atlas %dx%d texels, %zu shaped glyphs in 4 sizes (%d/%d/%d/%d px), "
      "%.1f MiB at one byte a texel (4x that if the GL lacks texture swizzles)\n",
      atlas.width, atlas.height, atlas.glyphs, kiosk.text().pixel_size(ui::TextSize::small),
      kiosk.text().pixel_size(ui::TextSize::body), kiosk.text().pixel_size(ui::TextSize::heading),
      kiosk.text().pixel_size(ui::TextSize::title),
      static_cast<double>(atlas.rgba_bytes()) / 4 / (1 << 20));
  std::printf("  CPU per frame, %d forced redraws (NewFrame..Render)  %9s %9s\n", frames, "p50 ms",
              "p99 ms");
  auto line = [&](const char* what, const Cpu& c) {
    std::printf("    %-44s %9.3f %9.3f  p99 %.1fx floor\n", what, c.p50, c.p99,
                empty.p99 > 0 ? c.p99 / empty.p99 : 0);
  };
  line("welcome (12 languages by autonym)", welcome);
  line("consent in Arabic, its first step", consent);
  line("consent in Arabic, the choices with pictograms", consent_choices);
  line("about you, Arabic keyboard open", typing);
  line("about you, a letter typed every frame", typing_new);
  line("review in Arabic", review);
  std::printf("    %-44s %9.3f %9.3f\n", "floor: empty ImGui frame", empty.p50, empty.p99);
  std::printf("    (target: p99 under 2 ms on the heaviest screen)\n");
  if (idle_seconds > 0)
    std::printf(
        "  idle %.0f s on the welcome screen: %llu frames drawn, %.2f ms CPU = %.4f %% of "
        "one core (target: under 0.5 %%, floor 0)\n",
        idle_wall_s, static_cast<unsigned long long>(idle_frames), idle_cpu_ms,
        idle_cpu_ms / (idle_wall_s * 1000) * 100);
  std::printf(
      "  peak RSS: %ld KiB before the UI, %ld with window, fonts and atlas, %ld at end "
      "(target: under 120 MB)\n",
      rss_start, rss_fonts, rss_end);
  std::printf(
      "    resident at end: %ld KiB anonymous (heaps, the GL driver's buffers), %ld KiB "
      "of mapped files, %ld KiB shared memory;\n"
      "    of that the GL driver's libraries (Mesa dri/*.so, libLLVM for llvmpipe): %ld KiB, "
      "the rest %ld KiB\n",
      rss_now.anonymous_kib, rss_now.file_kib, rss_now.shmem_kib, rss_now.gl_driver_libraries_kib,
      rss_now.anonymous_kib + rss_now.file_kib + rss_now.shmem_kib -
          rss_now.gl_driver_libraries_kib);
  std::printf(
      "  peak RSS after a volunteer's PIN was set and checked (argon2id, %zu MiB): %ld KiB "
      "(target: under 200 MB)\n",
      kPinHashCost.memlimit >> 20, rss_pin);
  // Decimal megabytes, as the limit is: 15,000,000 bytes.
  const auto added = [](long with_kib, long without_kib) {
    return static_cast<double>(with_kib - without_kib) * 1024.0 / 1e6;
  };
  std::printf(
      "  the occupation data's share, against the same kiosk without it run after this one "
      "(limit: under 15 MB)\n");
  for (const auto& [what, with_kib, without_kib] :
       {std::tuple{"peak RSS at end", rss_end, without.peak_end_kib},
        std::tuple{"resident at end", now_kib, without.now_kib},
        std::tuple{"peak RSS after the PIN", rss_pin, without.pin_kib}}) {
    const double mb = added(with_kib, without_kib);
    std::printf("    %-24s %9ld KiB with, %9ld KiB without: %+7.2f MB (%s, %.0f %% of the limit)\n",
                what, with_kib, without_kib, mb, mb < 15.0 ? "within" : "OVER", mb / 15.0 * 100);
  }
  std::printf("    time to first frame without it: %.1f ms (with it: %.1f ms)\n",
              without.first_frame_ms, startup.first_frame_ms);
  std::printf("  read aloud: CPU per frame (NewFrame..Render), consent in Arabic  %9s %9s\n",
              "p50 ms", "p99 ms");
  line("silent", silent);
  line(read_throughout ? "while the speaker reads it" : "while the speaker reads it (ENDED EARLY)",
       reading);
  std::printf("    (target: p99 under 2 ms; reading adds %+.3f ms at p99)\n",
              reading.p99 - silent.p99);
  std::printf(
      "  espeak-ng's %d voices, each having spoken once, add %+.2f MB resident (%ld -> %ld KiB)\n",
      voices, static_cast<double>(resident(after_voices) - resident(before_voices)) * 1024.0 / 1e6,
      resident(before_voices), resident(after_voices));
  return 0;
}
