// The kiosk's platform layer: one SDL2 window with an OpenGL 3.2 core context and a Dear ImGui
// context, an event-driven loop that sleeps while nobody touches the screen, touch handling,
// screenshots, frame timing and scripted input for tests. The screens (kiosk/ui) draw ImGui
// inside the frame callback and never touch SDL or OpenGL themselves.
#pragma once

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/frame_input.h"
#include "platform/frame_stats.h"
#include "platform/input_script.h"
#include "base/error.h"

struct SDL_Window;

namespace sichtbar {

struct WindowOptions {
  std::string title = "Sichtbar";
  bool fullscreen = true;          // the desktop's whole screen; false: a window of width x height
  int width = 1280, height = 800;  // only when not fullscreen
  bool vsync = true;
  std::optional<bool> show_cursor;  // default: hidden when fullscreen (a touch kiosk has no mouse)
  // A press that moves further than this (in design pixels, scaled by ui_scale) is a drag or a
  // scroll, not a tap: ImGui's MouseDragThreshold and press_was_tap() use it.
  float drag_threshold = 16;
  // Frames drawn after input or a deadline: ImGui needs two or three for a new popup or window
  // to size itself and for hover to clear.
  int frames_after_wake = 3;
  float clear_color[3] = {0.10f, 0.10f, 0.12f};
};

struct DisplayInfo {
  int window_width = 0, window_height = 0;      // ImGui's units (SDL window coordinates)
  int drawable_width = 0, drawable_height = 0;  // pixels; a screenshot has this size
  float dpi = 0;                                // as SDL reports the display's, 0 when unknown
  // Screens are designed for a 1080 px short side with touch targets of at least 48 design
  // pixels; multiply design sizes (and font pixel sizes) by this. It follows the window's short
  // side, but never lets a 48 px target shrink under 7 mm when the display's DPI is known.
  float ui_scale = 1;
  bool vsync = false;
  std::string gl_version, gl_renderer;
};

// How the font atlas is made. The atlas uses ImGui's FreeType builder (Debian's libimgui is not
// built with IMGUI_ENABLE_FREETYPE, so it is set here), and is static once uploaded (1.86).
struct FontSetup {
  // Add fonts at their real pixel size (design size * ui_scale) and reserve custom rectangles
  // (AddCustomRectRegular) for glyphs that have no code point, e.g. HarfBuzz's. Without it,
  // ImGui's built-in font is used.
  std::function<Result<void>(ImFontAtlas& atlas, const DisplayInfo& display)> add_fonts;
  // Runs after the atlas is packed and rasterised, before its texture is uploaded: fill the
  // reserved rectangles in atlas.TexPixelsAlpha8 (GetTexDataAsAlpha8).
  std::function<Result<void>(ImFontAtlas& atlas)> before_upload;
};

// Milliseconds from the kernel starting the process to each point; -1 until reached.
struct StartupTimes {
  double window_ready_ms = -1;  // SDL, window, GL context, ImGui and its backends
  double fonts_ready_ms = -1;   // font atlas built and uploaded
  double first_frame_ms = -1;   // first frame drawn and swapped
};

class Platform {
 public:
  using Clock = std::chrono::steady_clock;
  // Draws the UI with ImGui calls, between ImGui::NewFrame and ImGui::Render.
  using FrameFn = std::function<void()>;
  // The next moment the caller needs frames without input (a countdown's next second, the
  // inactivity reset), or nullopt. A moment in the past draws frames now: move it on after.
  using DeadlineFn = std::function<std::optional<Clock::time_point>()>;
  using DoneFn = std::function<void(const Result<void>&)>;

  // Opens the window and ImGui. One Platform at a time (SDL and ImGui are process-wide).
  // Errors: "platform.sdl", "platform.window", "platform.opengl", "platform.imgui".
  static Result<std::unique_ptr<Platform>> open(const WindowOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Builds and uploads the font atlas; again later to change fonts (between frames only; the
  // ImFont pointers of the old atlas are gone then). run() builds ImGui's built-in font if this
  // was never called. Error: "platform.fonts".
  Result<void> build_fonts(const FontSetup& setup);

  // The loop: sleeps in SDL_WaitEventTimeout until input, a wake() or the caller's next
  // deadline, then draws frames_after_wake frames, and nothing while idle. Returns on SDL_QUIT
  // (window closed) or request_quit().
  void run(const FrameFn& frame, const DeadlineFn& next_deadline = {});
  // Takes the input that has arrived and draws one frame now (benchmarks, forced redraws).
  void draw_frame(const FrameFn& frame);

  void request_frames(int count);
  void request_quit() { quit_ = true; }
  // From any thread, while the Platform exists: wakes run() and draws frames (e.g. when a sync
  // finished in the background). Pushes an SDL user event.
  static void wake();
  // From any thread: ends run() as closing the window would (pushes SDL_QUIT).
  static void post_quit();

  // A PNG of the window, taken at the end of the next drawn frame (one is drawn for it). done
  // gets the result; without done, a failure is printed on stderr.
  void request_screenshot(std::filesystem::path path, DoneFn done = {});

  // Plays a script of synthetic input as time passes, from the first frame on; see
  // input_script.h. Progress and errors: script_finished(), script_result().
  void play(InputScript script);
  // Where a script's `tap-on ID` goes: the app's touch target with that id as it drew it last,
  // in window coordinates (ImGui's), or nullopt when none is in view. Without one, tap-on fails.
  using TargetFinder = std::function<std::optional<ImVec2>(std::string_view id)>;
  void find_targets_with(TargetFinder finder) { target_finder_ = std::move(finder); }
  bool script_finished() const { return script_finished_.load(); }  // any thread
  const Result<void>& script_result() const { return script_result_; }

  const DisplayInfo& display() const { return display_; }
  const PointerState& pointer() const { return input_.pointer(); }
  // Whether the current or last press stayed within the drag threshold: a button released
  // after a drag or scroll must not fire (ImGui's Button fires on any release over it).
  bool press_was_tap() const;
  Clock::time_point last_input() const { return last_input_; }

  FrameStats& frame_stats() { return stats_; }
  const FrameStats& frame_stats() const { return stats_; }
  std::uint64_t frames_drawn() const { return frames_drawn_.load(); }  // any thread
  const StartupTimes& startup() const { return startup_; }
  SDL_Window* sdl_window() const { return window_; }

 private:
  Platform() = default;
  void pump();
  void take_events();
  void draw(const FrameFn& frame);
  void refresh_sizes();
  // Deletes the uploaded font atlas texture (ours or the backend's).
  void drop_font_texture();
  bool wait(std::optional<Clock::time_point> caller_deadline,
            std::optional<Clock::time_point> script_due);
  std::optional<Clock::time_point> advance_script(Clock::time_point now);

  WindowOptions options_;
  DisplayInfo display_;
  SDL_Window* window_ = nullptr;
  void* gl_context_ = nullptr;
  bool imgui_ready_ = false;
  bool sdl_backend_ready_ = false;
  bool gl_backend_ready_ = false;
  bool device_objects_ = false;  // the backend's shaders made
  unsigned int font_texture_ = 0;  // the atlas as GL_R8 (0: the backend's RGBA32 texture)
  bool fonts_built_ = false;

  FrameInput input_;
  std::deque<SDL_Event> queue_;  // events taken from SDL, not yet given to a frame
  int frames_pending_ = 0;
  int frames_since_input_ = 1 << 20;
  bool quit_ = false;
  Clock::time_point last_input_ = Clock::now();

  struct Screenshot {
    std::filesystem::path path;
    DoneFn done;
  };
  std::optional<Screenshot> screenshot_;

  std::optional<InputScript> script_;
  size_t script_next_ = 0;
  Clock::time_point script_last_step_{};
  bool script_screenshot_busy_ = false;
  TargetFinder target_finder_;
  ImVec2 script_target_at_;  // where the last tap-on's finger went down: it lifts there
  std::atomic<bool> script_finished_{false};
  Result<void> script_result_;

  FrameStats stats_;
  std::atomic<std::uint64_t> frames_drawn_{0};
  StartupTimes startup_;
};

}  // namespace sichtbar
