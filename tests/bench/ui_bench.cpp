// Benchmark: the kiosk UI's platform layer with the smoke screen (tests/gui/smoke_screen.h):
// time to first frame, CPU per frame over forced redraws next to an empty ImGui frame measured
// in the same run, idle CPU over a quiet minute, and peak memory with the font atlas built.
// Needs a display: `deploy/sichtbar bench` runs it under xvfb-run (Mesa llvmpipe).
//
//   sichtbar-bench-ui [--frames N] [--idle-seconds S] [--windowed [WIDTHxHEIGHT]] [--font FILE]
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/frame_stats.h"
#include "platform/platform.h"
#include "smoke_screen.h"
#include "bench_support.h"

using namespace sichtbar;
using namespace sichtbar::bench;

namespace {

struct Redraws {
  double ui_p50 = 0, ui_p99 = 0;          // ms of CPU, NewFrame..Render
  double submit_p50 = 0, submit_p99 = 0;  // ms of CPU, RenderDrawData
  double wall_p50 = 0, wall_p99 = 0;      // ms, the whole frame with the swap (llvmpipe draws)
};

Redraws redraw(Platform& platform, int frames, const Platform::FrameFn& frame) {
  platform.frame_stats().clear();
  std::vector<double> wall;
  wall.reserve(static_cast<size_t>(frames));
  for (int i = 0; i < frames; ++i) {
    const auto start = Clock::now();
    platform.draw_frame(frame);
    wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  const FrameStats& s = platform.frame_stats();
  return {s.ui_cpu_ms(0.5),      s.ui_cpu_ms(0.99),   s.submit_cpu_ms(0.5),
          s.submit_cpu_ms(0.99), quantile(wall, 0.5), quantile(wall, 0.99)};
}

}  // namespace

int main(int argc, char** argv) {
  const double main_ms = ms_since_process_start();
  const long rss_start = peak_rss_kib();
  int frames = 500;
  double idle_seconds = 60;
  WindowOptions options;
  std::filesystem::path font = smoke::kNotoSans;
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    const bool has_value = i + 1 < argc && argv[i + 1][0] != '-';
    if (opt == "--frames" && has_value) {
      frames = std::max(10, std::atoi(argv[++i]));
    } else if (opt == "--idle-seconds" && has_value) {
      idle_seconds = std::atof(argv[++i]);
    } else if (opt == "--windowed") {
      options.fullscreen = false;
      if (has_value && std::sscanf(argv[++i], "%dx%d", &options.width, &options.height) != 2)
        die("--windowed takes WIDTHxHEIGHT");
    } else if (opt == "--font" && has_value) {
      font = argv[++i];
    } else {
      die("unknown option " + opt +
          " (use --frames N --idle-seconds S --windowed [WxH] --font FILE)");
    }
  }

  auto opened = Platform::open(options);
  if (!opened) die(opened.error().message);
  Platform& platform = **opened;
  const long rss_window = peak_rss_kib();
  int mark_rect = -1;
  if (auto r = platform.build_fonts(smoke::fonts(font, &mark_rect)); !r) die(r.error().message);
  const long rss_fonts = peak_rss_kib();
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  const int atlas_w = atlas.TexWidth, atlas_h = atlas.TexHeight;

  smoke::Screen screen(platform, mark_rect);
  const Platform::FrameFn smoke_frame = [&] { screen.draw(); };
  platform.draw_frame(smoke_frame);
  const StartupTimes startup = platform.startup();

  // The floor: an ImGui frame that draws nothing, through the same backends and GL.
  const Redraws empty = redraw(platform, frames, [] {});
  const Redraws smoke = redraw(platform, frames, smoke_frame);

  // Idle: the event-driven loop with nothing happening. Another thread measures and then ends
  // the loop; the loop's own first frames settle during the first second.
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
    platform.run(smoke_frame);
    watcher.join();
  }
  const long rss_end = peak_rss_kib();

  const DisplayInfo& d = platform.display();
  std::printf("kiosk UI: platform layer + smoke screen, %dx%d, ui_scale %.2f, vsync %s\n",
              d.drawable_width, d.drawable_height, d.ui_scale, d.vsync ? "on" : "off");
  std::printf("  OpenGL %s / %s\n", d.gl_version.c_str(), d.gl_renderer.c_str());
  std::printf("  time to first frame (from process start)     %8.1f ms  (target: under 500 ms)\n",
              startup.first_frame_ms);
  std::printf("    floor: process start -> main (loader)       %8.1f ms\n", main_ms);
  std::printf("    SDL + window + GL context + ImGui ready at  %8.1f ms\n",
              startup.window_ready_ms);
  std::printf("    font atlas %dx%d (Noto Sans %.0f px) ready at %6.1f ms\n", atlas_w, atlas_h,
              32 * d.ui_scale, startup.fonts_ready_ms);
  std::printf("  CPU per frame, %d forced redraws              %9s %9s\n", frames, "p50 ms",
              "p99 ms");
  std::printf(
      "    smoke screen (NewFrame..Render)            %9.3f %9.3f  (target: p99 under 2 ms)\n",
      smoke.ui_p50, smoke.ui_p99);
  std::printf("    floor: empty ImGui frame                   %9.3f %9.3f\n", empty.ui_p50,
              empty.ui_p99);
  std::printf("    smoke screen GL submit (RenderDrawData)    %9.3f %9.3f\n", smoke.submit_p50,
              smoke.submit_p99);
  std::printf("    smoke screen whole frame, wall, with swap  %9.3f %9.3f\n", smoke.wall_p50,
              smoke.wall_p99);
  std::printf("    ratio p99 / floor p99 = %.2fx   p50 / floor p50 = %.2fx\n",
              smoke.ui_p99 / empty.ui_p99, smoke.ui_p50 / empty.ui_p50);
  if (idle_seconds > 0) {
    std::printf(
        "  idle %.0f s: %llu frames drawn, %.2f ms CPU = %.4f %% of one core "
        "(target: under 0.5 %%, floor 0)\n",
        idle_wall_s, static_cast<unsigned long long>(idle_frames), idle_cpu_ms,
        idle_cpu_ms / (idle_wall_s * 1000) * 100);
  }
  std::printf("  peak RSS: %ld KiB at start, %ld after window + GL, %ld after fonts, %ld at end\n",
              rss_start, rss_window, rss_fonts, rss_end);
  return 0;
}
