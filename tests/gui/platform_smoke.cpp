// sichtbar-platform-smoke: opens the kiosk's platform layer with a tiny screen (a big button, a
// tap counter, a text field), plays an input script, and reports on stdout what happened (taps,
// frames, the first frame's time, idle frames and CPU). The GUI tests run it under Xvfb.
//
//   sichtbar-platform-smoke [--windowed [WIDTHxHEIGHT]] [--input-script FILE]
//                           [--idle-seconds N] [--tick-ms MS] [--wake-ms MS] [--font FILE]
//                           [--rebuild-fonts]
// The input script may also come from $SICHTBAR_INPUT_SCRIPT. With --idle-seconds, once the
// script is done (or the first frame is drawn) and the screen has settled, the app measures N
// seconds without input and then quits; without it, it runs until the window is closed or the
// script says quit. --tick-ms asks the loop for a frame every MS milliseconds through its
// deadline (as a countdown would); --wake-ms calls Platform::wake() from another thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "platform/frame_stats.h"
#include "platform/platform.h"
#include "smoke_screen.h"

using namespace sichtbar;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void usage(const std::string& what) {
  std::fprintf(stderr,
               "sichtbar-platform-smoke: %s\nusage: sichtbar-platform-smoke [--windowed "
               "[WIDTHxHEIGHT]] [--input-script FILE] [--idle-seconds N] [--tick-ms MS] "
               "[--wake-ms MS] [--font FILE] [--rebuild-fonts]\n",
               what.c_str());
  std::exit(2);
}

struct IdleReport {
  bool measured = false;
  double seconds = 0;
  std::uint64_t frames = 0;
  double cpu_ms = 0;
};

// Sleeps until stopped or the time has passed; false when stopped.
bool sleep_for(std::stop_token stop, std::chrono::milliseconds time) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  return !cv.wait_for(lock, stop, time, [] { return false; }) && !stop.stop_requested();
}

}  // namespace

int main(int argc, char** argv) {
  WindowOptions options;
  std::string script_file;
  double idle_seconds = 0;
  int tick_ms = 0, wake_ms = 0;
  bool rebuild_fonts = false;
  std::filesystem::path font = smoke::kNotoSans;
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    const bool has_value = i + 1 < argc && argv[i + 1][0] != '-';
    if (opt == "--windowed") {
      options.fullscreen = false;
      if (has_value && std::sscanf(argv[++i], "%dx%d", &options.width, &options.height) != 2)
        usage("--windowed takes WIDTHxHEIGHT, e.g. 1280x800");
    } else if (opt == "--input-script" && has_value) {
      script_file = argv[++i];
    } else if (opt == "--idle-seconds" && has_value) {
      idle_seconds = std::atof(argv[++i]);
    } else if (opt == "--tick-ms" && has_value) {
      tick_ms = std::atoi(argv[++i]);
    } else if (opt == "--wake-ms" && has_value) {
      wake_ms = std::atoi(argv[++i]);
    } else if (opt == "--rebuild-fonts") {
      rebuild_fonts = true;
    } else if (opt == "--font" && has_value) {
      font = argv[++i];
    } else {
      usage("unknown option or missing value: " + opt);
    }
  }

  // The command line wins over $SICHTBAR_INPUT_SCRIPT.
  std::optional<InputScript> script;
  if (!script_file.empty()) {
    auto loaded = InputScript::load(script_file);
    if (!loaded) usage(loaded.error().message);
    script = std::move(*loaded);
  } else {
    auto loaded = InputScript::from_environment();
    if (!loaded) usage(loaded.error().message);
    script = std::move(*loaded);
  }

  auto opened = Platform::open(options);
  if (!opened) {
    std::fprintf(stderr, "sichtbar-platform-smoke: %s\n", opened.error().message.c_str());
    return 1;
  }
  Platform& platform = **opened;
  int mark_rect = -1;
  // With --rebuild-fonts the atlas is built twice, as a language change will: the second build
  // replaces the uploaded texture instead of making the backend's objects.
  for (int build = rebuild_fonts ? 0 : 1; build < 2; ++build) {
    if (auto r = platform.build_fonts(smoke::fonts(font, &mark_rect, build == 0 ? 20.0f : 32.0f));
        !r) {
      std::fprintf(stderr, "sichtbar-platform-smoke: %s\n", r.error().message.c_str());
      return 1;
    }
  }
  const bool scripted = script.has_value();
  if (script) platform.play(std::move(*script));

  // The idle window is measured from another thread: the loop thread is asleep in SDL then,
  // which is the point. CPU time is the whole process's (every thread, GL driver's included).
  IdleReport idle;
  std::jthread watcher;
  if (idle_seconds > 0) {
    watcher = std::jthread([&](std::stop_token stop) {
      while (!(scripted ? platform.script_finished() : platform.frames_drawn() > 0)) {
        if (!sleep_for(stop, 20ms)) return;
      }
      if (!sleep_for(stop, 1000ms)) return;  // the last frames after input settle
      const auto frames = platform.frames_drawn();
      const auto cpu = process_cpu_ns();
      const auto start = std::chrono::steady_clock::now();
      if (!sleep_for(stop, std::chrono::milliseconds(static_cast<long>(idle_seconds * 1000))))
        return;
      idle.frames = platform.frames_drawn() - frames;
      idle.cpu_ms = static_cast<double>(process_cpu_ns() - cpu) / 1e6;
      idle.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      idle.measured = true;
      Platform::post_quit();
    });
  }

  std::atomic<int> wakes{0};
  std::jthread waker;
  if (wake_ms > 0) {
    waker = std::jthread([&](std::stop_token stop) {
      while (sleep_for(stop, std::chrono::milliseconds(wake_ms))) {
        Platform::wake();
        ++wakes;
      }
    });
  }

  // A countdown's shape: the loop's deadline is the next tick; the frame that sees it passed
  // counts it and moves the deadline on.
  using Clock = Platform::Clock;
  const auto tick = std::chrono::milliseconds(tick_ms);
  Clock::time_point next_tick = Clock::now() + tick;
  int ticks = 0;
  Platform::DeadlineFn deadline;
  if (tick_ms > 0) deadline = [&] { return std::optional(next_tick); };

  smoke::Screen screen(platform, mark_rect);
  platform.run(
      [&] {
        const auto now = Clock::now();
        if (tick_ms > 0 && now >= next_tick) {
          ++ticks;
          while (next_tick <= now) next_tick += tick;
        }
        screen.draw();
      },
      deadline);
  watcher.request_stop();
  if (watcher.joinable()) watcher.join();
  waker.request_stop();
  if (waker.joinable()) waker.join();

  const DisplayInfo& d = platform.display();
  std::printf("window: %dx%d drawable: %dx%d ui_scale: %.3f dpi: %.1f vsync: %d\n", d.window_width,
              d.window_height, d.drawable_width, d.drawable_height, d.ui_scale, d.dpi,
              d.vsync ? 1 : 0);
  std::printf("opengl: %s / %s\n", d.gl_version.c_str(), d.gl_renderer.c_str());
  std::printf("first_frame_ms: %.1f\n", platform.startup().first_frame_ms);
  if (scripted) {
    if (!platform.script_result()) {
      std::printf("script: error: %s\n", platform.script_result().error().message.c_str());
    } else {
      std::printf("script: %s\n", platform.script_finished() ? "done" : "unfinished");
    }
  }
  std::printf("taps: %d\n", screen.taps());
  std::printf("drags: %d\n", screen.drags());
  std::printf("text: %s\n", screen.text().c_str());
  std::printf("hovered: %d\n", screen.button_hovered() ? 1 : 0);
  if (tick_ms > 0) std::printf("ticks: %d\n", ticks);
  if (wake_ms > 0) std::printf("wakes: %d\n", wakes.load());
  std::printf("frames: %llu\n", static_cast<unsigned long long>(platform.frames_drawn()));
  std::printf("frame_cpu_ms: p50=%.3f p99=%.3f\n", platform.frame_stats().ui_cpu_ms(0.5),
              platform.frame_stats().ui_cpu_ms(0.99));
  if (idle.measured) {
    std::printf("idle: seconds=%.3f frames=%llu cpu_ms=%.3f cpu_percent=%.4f\n", idle.seconds,
                static_cast<unsigned long long>(idle.frames), idle.cpu_ms,
                idle.cpu_ms / (idle.seconds * 1000) * 100);
  }
  std::printf("cpu_total_ms: %.1f peak_rss_kib: %ld\n", static_cast<double>(process_cpu_ns()) / 1e6,
              peak_rss_kib());
  std::fflush(stdout);
#if defined(__SANITIZE_ADDRESS__)
  // Under the asan preset, look for leaks now, while SDL's and the GL driver's libraries are
  // still loaded: once the window closes, Mesa's driver is unloaded and LeakSanitizer could no
  // longer name (nor tests/lsan.supp suppress) the small allocations those libraries keep.
  __lsan_do_leak_check();
#endif
  if (scripted && !platform.script_result()) return 3;
  return 0;
}
