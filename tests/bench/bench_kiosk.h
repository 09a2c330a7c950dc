// What the kiosk benchmarks share: a throwaway kiosk folder (a hub key to seal to, enrolled, an
// event with every language), its window opened as run_kiosk opens it, and how a benchmark
// gives up.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/setup.h"
#include "core/store.h"
#include "platform/platform.h"
#include "protocol/keys.h"
#include "support/consent_office.h"
#include "ui/kiosk_app.h"
#include "bench_support.h"

namespace sichtbar::bench {

// A new kiosk folder under /tmp named after the benchmark, ready for people to start.
inline std::filesystem::path make_bench_kiosk(const std::string& name) {
  std::string dir_template = "/tmp/sichtbar-bench-" + name + "-XXXXXX";
  if (!mkdtemp(dir_template.data())) die("cannot make a temporary folder");
  const std::filesystem::path data = dir_template;
  auto store = KioskStore::open(data);
  if (!store) die(store.error().message);
  if (!ensure_device_identity(*store)) die("no device identity");
  const HubKeys hub = HubKeys::generate(1);
  if (!save_hub(*store, hub_public_json(hub).dump(), "https://hub.example.org", ""))
    die("cannot save the hub");
  if (!save_enrolled(*store)) die("cannot save the enrollment");
  if (!save_office_settings(*store, test::augsburg_office())) die("cannot save the office");
  if (!save_event(*store, {"", "Benchmark", "Augsburg", "2026-11-28", "info"}))
    die("cannot save the event");
  return data;
}

// The kiosk's window as run_kiosk opens it: the atlas's glyphs are found first, then the window
// opens at the run's size and the kiosk takes its scale and tap rule. Building the fonts is left
// to the caller (the kiosk benchmark times it).
struct BenchWindow {
  FontSetup font_setup;
  std::unique_ptr<Platform> platform;
};
inline BenchWindow open_bench_window(ui::KioskUi& kiosk, const ui::KioskRunOptions& run) {
  BenchWindow w{kiosk.text().font_setup(kiosk.atlas_strings()), nullptr};
  WindowOptions window;
  window.fullscreen = run.fullscreen;
  window.width = run.width;
  window.height = run.height;
  auto opened = Platform::open(window);
  if (!opened) die(opened.error().message);
  w.platform = std::move(*opened);
  Platform& platform = *w.platform;
  kiosk.set_scale(platform.display().ui_scale);
  kiosk.set_press_was_tap([&platform] { return platform.press_was_tap(); });
  return w;
}

}  // namespace sichtbar::bench
