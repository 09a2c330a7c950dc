// The SDL2 + OpenGL 3 + Dear ImGui seam of the kiosk: window, event-driven loop, touch,
// screenshots, frame timing, scripted input (see platform.h).
#include "platform/platform.h"

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui_freetype.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "platform/screenshot.h"

namespace sichtbar {

namespace {

// The user event type that wake() pushes; 0 while no Platform is open.
std::atomic<Uint32> g_wake_event{0};
std::atomic<bool> g_open{false};

constexpr float kDesignShortSide = 1080;  // screens are designed for a 1920 x 1080 kiosk
constexpr float kDesignTarget = 48;       // smallest touch target, design pixels
constexpr float kMinTargetMm = 7;         // ... and never physically smaller than this

std::unexpected<Error> sdl_failure(const std::string& code, const std::string& what) {
  return fail(code, what + ": " + SDL_GetError());
}

bool is_input(const SDL_Event& e) {
  switch (e.type) {
    case SDL_KEYDOWN:
    case SDL_KEYUP:
    case SDL_TEXTINPUT:
    case SDL_MOUSEMOTION:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_MOUSEWHEEL:
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      return true;
    default:
      return false;
  }
}

// Events after which the screen may look different: they draw frames. Anything else (keymap or
// clipboard changes, audio devices, ...) is taken and forgotten without waking the GPU.
bool wants_frames(const SDL_Event& e) {
  if (is_input(e)) return true;
  switch (e.type) {
    case SDL_DISPLAYEVENT:
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
      return true;
    case SDL_WINDOWEVENT:
      switch (e.window.event) {
        case SDL_WINDOWEVENT_MOVED:
        case SDL_WINDOWEVENT_TAKE_FOCUS:
        case SDL_WINDOWEVENT_HIT_TEST:
        case SDL_WINDOWEVENT_ICCPROF_CHANGED:
          return false;
        default:
          return true;
      }
    default:
      return e.type == g_wake_event.load() && e.type != 0;
  }
}

}  // namespace

Result<std::unique_ptr<Platform>> Platform::open(const WindowOptions& options) {
  if (g_open.exchange(true))
    return fail("platform.sdl", "A kiosk window is open already: only one at a time.");
  std::unique_ptr<Platform> p(new Platform());
  p->options_ = options;
  p->options_.frames_after_wake = std::max(options.frames_after_wake, 1);

  // A kiosk is never minimised when something else takes the focus for a moment.
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  // Only video (with events): a joystick subsystem would make SDL_WaitEventTimeout poll.
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    g_open = false;
    return sdl_failure("platform.sdl", "SDL cannot start its video subsystem");
  }
  const Uint32 wake_type = SDL_RegisterEvents(1);
  if (wake_type == static_cast<Uint32>(-1))
    return fail("platform.sdl", "SDL has no user event type left for waking the kiosk's loop.");
  g_wake_event = wake_type;

  // OpenGL 3.2 core: what Mesa's llvmpipe gives under Xvfb and every kiosk GPU since 2010.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  // ImGui draws 2D triangles in order: no depth or stencil buffer to pay for.
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_SHOWN;
  int width = std::max(options.width, 64), height = std::max(options.height, 64);
  if (options.fullscreen) {
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_DisplayMode mode;
    if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
      width = mode.w;
      height = mode.h;
    }
  }
  p->window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, width, height, flags);
  if (!p->window_) return sdl_failure("platform.window", "SDL cannot open the kiosk's window");

  p->gl_context_ = SDL_GL_CreateContext(p->window_);
  if (!p->gl_context_)
    return sdl_failure("platform.opengl",
                       "No OpenGL 3.2 core context (needs a GPU driver or Mesa's llvmpipe)");
  SDL_GL_MakeCurrent(p->window_, p->gl_context_);
  p->display_.vsync = options.vsync && SDL_GL_SetSwapInterval(1) == 0;
  if (!options.vsync) SDL_GL_SetSwapInterval(0);
  if (auto* v = glGetString(GL_VERSION)) p->display_.gl_version = reinterpret_cast<const char*>(v);
  if (auto* r = glGetString(GL_RENDERER))
    p->display_.gl_renderer = reinterpret_cast<const char*>(r);

  p->refresh_sizes();
  float ddpi = 0;
  if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(p->window_), &ddpi, nullptr, nullptr) == 0)
    p->display_.dpi = ddpi;
  DisplayInfo& d = p->display_;
  float scale = static_cast<float>(std::min(d.window_width, d.window_height)) / kDesignShortSide;
  // The DPI is what the monitor or X server claims (often a made-up 96, or nothing): it only
  // sets a floor under the size-based scale, so a wrong figure costs little.
  if (d.dpi >= 50 && d.dpi <= 600 && d.window_width > 0) {
    const float pixels_per_unit =
        static_cast<float>(d.drawable_width) / static_cast<float>(d.window_width);
    const float min_target_units = kMinTargetMm / 25.4f * d.dpi / pixels_per_unit;
    scale = std::max(scale, min_target_units / kDesignTarget);
  }
  d.ui_scale = std::clamp(scale, 0.5f, 4.0f);

  IMGUI_CHECKVERSION();
  if (!ImGui::CreateContext()) return fail("platform.imgui", "Dear ImGui cannot start.");
  p->imgui_ready_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // window positions are the screens' business: no imgui.ini
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames while idle
  io.MouseDragThreshold = options.drag_threshold * d.ui_scale;
  const bool show_cursor = options.show_cursor.value_or(!options.fullscreen);
  if (!show_cursor) {
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    SDL_ShowCursor(SDL_DISABLE);
  }
  if (!ImGui_ImplSDL2_InitForOpenGL(p->window_, p->gl_context_))
    return fail("platform.imgui", "Dear ImGui's SDL2 backend cannot start.");
  p->sdl_backend_ready_ = true;
  if (!ImGui_ImplOpenGL3_Init("#version 150"))
    return fail("platform.imgui", "Dear ImGui's OpenGL 3 backend cannot start.");
  p->gl_backend_ready_ = true;
  // Typed text arrives as SDL_TEXTINPUT events only while text input is on.
  SDL_StartTextInput();
  p->startup_.window_ready_ms = ms_since_process_start();
  return p;
}

Platform::~Platform() {
  if (gl_backend_ready_) drop_font_texture();
  if (gl_backend_ready_) ImGui_ImplOpenGL3_Shutdown();
  if (sdl_backend_ready_) ImGui_ImplSDL2_Shutdown();
  if (imgui_ready_) ImGui::DestroyContext();
  if (gl_context_) SDL_GL_DeleteContext(gl_context_);
  if (window_) SDL_DestroyWindow(window_);
  g_wake_event = 0;
  SDL_Quit();
  g_open = false;
}

namespace {

// The atlas as one byte a texel (GL_R8, read as white with the byte as alpha through a texture
// swizzle) instead of the OpenGL 3 backend's RGBA32: a quarter of the memory (Mesa's llvmpipe
// keeps textures in the process's RAM) and no four-byte copy of the atlas on the way. Needs
// GL 3.3 or ARB_texture_swizzle; 0 when the driver lacks both.
GLuint upload_alpha8_texture(ImFontAtlas& atlas) {
  const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  int major = 0, minor = 0;
  const bool swizzle = (version && std::sscanf(version, "%d.%d", &major, &minor) == 2 &&
                        (major > 3 || (major == 3 && minor >= 3))) ||
                       SDL_GL_ExtensionSupported("GL_ARB_texture_swizzle");
  if (!swizzle) return 0;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
  GLint last_texture = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  const GLint white_with_alpha[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
  glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, white_with_alpha);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  const bool ok = glGetError() == GL_NO_ERROR;
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
  if (!ok) {
    glDeleteTextures(1, &texture);
    return 0;
  }
  atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)));
  return texture;
}

}  // namespace

void Platform::drop_font_texture() {
  if (font_texture_ != 0) {
    const GLuint texture = font_texture_;
    glDeleteTextures(1, &texture);
    font_texture_ = 0;
    ImGui::GetIO().Fonts->SetTexID(nullptr);
  } else if (device_objects_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
  }
}

Result<void> Platform::build_fonts(const FontSetup& setup) {
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  if (!device_objects_) {
    // The backend's shaders, made once, before the kiosk's atlas exists: the font texture the
    // backend makes with them holds only its own small default font, and goes at once.
    if (!ImGui_ImplOpenGL3_CreateDeviceObjects())
      return fail("platform.fonts", "The OpenGL 3 renderer cannot start.");
    device_objects_ = true;
  }
  drop_font_texture();
  atlas.Clear();
  atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas.FontBuilderFlags = 0;
  if (setup.add_fonts) {
    if (auto r = setup.add_fonts(atlas, display_); !r) return r;
  }
  if (atlas.Fonts.empty()) atlas.AddFontDefault();
  if (!atlas.Build())
    return fail("platform.fonts", "The font atlas cannot be built (a font file unreadable?).");
  if (setup.before_upload) {
    if (auto r = setup.before_upload(atlas); !r) return r;
  }
  font_texture_ = upload_alpha8_texture(atlas);
  if (font_texture_ == 0 && !ImGui_ImplOpenGL3_CreateFontsTexture())
    return fail("platform.fonts", "The font atlas cannot be uploaded to the GPU.");
  // The GPU holds the texture now; the CPU copy would only cost memory.
  atlas.ClearTexData();
  fonts_built_ = true;
  if (startup_.fonts_ready_ms < 0) startup_.fonts_ready_ms = ms_since_process_start();
  return {};
}

void Platform::wake() {
  const Uint32 type = g_wake_event.load();
  if (type == 0) return;
  SDL_Event e;
  SDL_zero(e);
  e.type = type;
  SDL_PushEvent(&e);
}

void Platform::post_quit() {
  if (g_wake_event.load() == 0) return;
  SDL_Event e;
  SDL_zero(e);
  e.type = SDL_QUIT;
  SDL_PushEvent(&e);
}

void Platform::request_frames(int count) { frames_pending_ = std::max(frames_pending_, count); }

void Platform::request_screenshot(std::filesystem::path path, DoneFn done) {
  screenshot_ = Screenshot{std::move(path), std::move(done)};
  request_frames(1);
}

void Platform::play(InputScript script) {
  script_ = std::move(script);
  script_next_ = 0;
  script_last_step_ = Clock::now();
  script_result_ = {};
  script_finished_ = script_->steps().empty();
}

bool Platform::press_was_tap() const {
  return input_.pointer().travel <= ImGui::GetIO().MouseDragThreshold;
}

void Platform::refresh_sizes() {
  SDL_GetWindowSize(window_, &display_.window_width, &display_.window_height);
  SDL_GL_GetDrawableSize(window_, &display_.drawable_width, &display_.drawable_height);
  input_.set_window_size(static_cast<float>(display_.window_width),
                         static_cast<float>(display_.window_height));
}

void Platform::pump() {
  SDL_Event e;
  while (SDL_PollEvent(&e)) queue_.push_back(e);
}

// Gives this frame the queued events that do not clash with each other (see FrameInput), in
// order; the rest wait for the next frame.
void Platform::take_events() {
  refresh_sizes();
  bool took_input = false;
  while (!queue_.empty()) {
    const SDL_Event& e = queue_.front();
    if (e.type == SDL_QUIT) {
      quit_ = true;
      queue_.pop_front();
      return;
    }
    const FrameInput::Take take = input_.offer(e);
    if (take == FrameInput::Take::later) break;
    if (take == FrameInput::Take::forward) ImGui_ImplSDL2_ProcessEvent(&e);
    if (wants_frames(e)) request_frames(options_.frames_after_wake);
    if (is_input(e)) took_input = true;
    queue_.pop_front();
  }
  if (took_input) {
    frames_since_input_ = 0;
    last_input_ = Clock::now();
  }
  if (!queue_.empty()) request_frames(1);
}

void Platform::draw_frame(const FrameFn& frame) {
  take_events();
  if (!quit_) draw(frame);
}

void Platform::draw(const FrameFn& frame) {
  if (!fonts_built_) {
    if (auto r = build_fonts({}); !r) std::fprintf(stderr, "%s\n", r.error().message.c_str());
  }
  const std::int64_t start = thread_cpu_ns();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // The pointer is ours, not the backend's: the 1.86 backend polls SDL's mouse state, which
  // misses pushed (scripted) events and keeps a lifted finger hovering.
  const FrameInput::Mouse mouse = input_.next_frame();
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(mouse.x, mouse.y);
  io.MouseDown[0] = mouse.down;
  ImGui::NewFrame();
  if (frame) frame();
  ImGui::Render();
  const std::int64_t built = thread_cpu_ns();
  glViewport(0, 0, display_.drawable_width, display_.drawable_height);
  glClearColor(options_.clear_color[0], options_.clear_color[1], options_.clear_color[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  const std::int64_t submitted = thread_cpu_ns();
  if (screenshot_) {
    // Before the swap: afterwards the back buffer's content is undefined.
    Screenshot shot = std::move(*screenshot_);
    screenshot_.reset();
    const RgbImage image = read_back_buffer(display_.drawable_width, display_.drawable_height);
    const Result<void> written = write_png(shot.path, image);
    if (shot.done) {
      shot.done(written);
    } else if (!written) {
      std::fprintf(stderr, "%s\n", written.error().message.c_str());
    }
  }
  SDL_GL_SwapWindow(window_);
  stats_.add({built - start, submitted - built});
  frames_drawn_.fetch_add(1);
  if (frames_pending_ > 0) --frames_pending_;
  if (frames_since_input_ < INT_MAX) ++frames_since_input_;
  if (startup_.first_frame_ms < 0) startup_.first_frame_ms = ms_since_process_start();
}

// Runs the script's steps that are due; returns when the next one will be, if it waits for time
// only (a step waiting for frames or for its events to be taken is woken by those frames).
std::optional<Platform::Clock::time_point> Platform::advance_script(Clock::time_point now) {
  if (!script_ || script_finished_ || frames_drawn_ == 0) return std::nullopt;
  const auto& steps = script_->steps();
  while (script_next_ < steps.size()) {
    const ScriptStep& step = steps[script_next_];
    if (!queue_.empty() || script_screenshot_busy_) return std::nullopt;
    if (frames_since_input_ < step.frames) {
      request_frames(1);
      return std::nullopt;
    }
    if (step.settle && frames_pending_ > 0) return std::nullopt;
    const Clock::time_point due = script_last_step_ + step.delay;
    if (now < due) return due;
    switch (step.kind) {
      case ScriptStep::Kind::input: {
        ScriptInput input = step.input;
        if (!step.target.empty()) {
          if (input.kind == ScriptInput::Kind::finger_down) {
            const auto at = target_finder_ ? target_finder_(step.target) : std::nullopt;
            if (!at) {
              script_result_ = fail("input_script.no_target",
                                    "Line " + std::to_string(step.line) + ": nothing called \"" +
                                        step.target + "\" is on the screen to tap");
              script_finished_ = true;
              // The steps after it would tap at nothing: the app ends and says why.
              quit_ = true;
              return std::nullopt;
            }
            script_target_at_ = *at;
          }
          input.x = script_target_at_.x / static_cast<float>(display_.window_width);
          input.y = script_target_at_.y / static_cast<float>(display_.window_height);
        }
        SDL_Event e =
            to_sdl_event(input, static_cast<float>(display_.window_width),
                         static_cast<float>(display_.window_height), SDL_GetWindowID(window_));
        if (SDL_PushEvent(&e) != 1) {
          script_result_ =
              fail("input_script.push_failed", "Line " + std::to_string(step.line) +
                                                   ": SDL refused the event: " + SDL_GetError());
          script_finished_ = true;
          return std::nullopt;
        }
        pump();  // the next step waits until this event is taken by a frame
        if (step.input.kind == ScriptInput::Kind::quit) script_finished_ = true;
        break;
      }
      case ScriptStep::Kind::screenshot:
        script_screenshot_busy_ = true;
        request_screenshot(step.path, [this, line = step.line](const Result<void>& r) {
          script_screenshot_busy_ = false;
          if (!r) {
            script_result_ =
                fail(r.error().code, "Line " + std::to_string(line) + ": " + r.error().message);
            script_finished_ = true;
          }
        });
        break;
      case ScriptStep::Kind::pause:
        break;
    }
    script_last_step_ = now;
    ++script_next_;
    if (script_finished_) return std::nullopt;
  }
  // Done once the last step's events have been taken and its screenshot written.
  if (queue_.empty() && !script_screenshot_busy_) script_finished_ = true;
  return std::nullopt;
}

// Blocks until an event arrives or a deadline passes. Returns true when the caller's deadline
// passed (it wants frames).
bool Platform::wait(std::optional<Clock::time_point> caller_deadline,
                    std::optional<Clock::time_point> script_due) {
  std::optional<Clock::time_point> deadline = caller_deadline;
  if (script_due && (!deadline || *script_due < *deadline)) deadline = script_due;
  int timeout_ms = -1;  // no deadline: sleep until an event comes
  if (deadline) {
    const auto left = *deadline - Clock::now();
    // Rounded up: waking a millisecond early would spin until the deadline.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    timeout_ms = static_cast<int>(std::clamp<long long>(ms, 0, INT_MAX));
  }
  if (timeout_ms != 0) {
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, timeout_ms)) {
      queue_.push_back(e);
      return false;
    }
    if (timeout_ms < 0) {
      // Waiting without a timeout only returns 0 on an error: say so, and do not spin on it.
      std::fprintf(stderr, "sichtbar: waiting for input failed: %s\n", SDL_GetError());
      SDL_Delay(100);
    }
  }
  return caller_deadline && Clock::now() >= *caller_deadline;
}

void Platform::run(const FrameFn& frame, const DeadlineFn& next_deadline) {
  quit_ = false;
  request_frames(options_.frames_after_wake);  // the first picture
  while (!quit_) {
    pump();
    const auto script_due = advance_script(Clock::now());
    if (quit_) break;  // a failed script step ends the app now: no event would come to wake it
    if (queue_.empty() && frames_pending_ == 0) {
      const auto caller_deadline = next_deadline ? next_deadline() : std::nullopt;
      if (wait(caller_deadline, script_due)) request_frames(options_.frames_after_wake);
      pump();
    }
    take_events();
    if (quit_) break;
    // Events that change nothing on screen (keymap, clipboard, ...) were taken without a frame.
    if (frames_pending_ > 0) draw(frame);
  }
}

}  // namespace sichtbar
