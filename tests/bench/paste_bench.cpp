// Benchmark: 500 characters into a text field of the real kiosk (KioskUi in a window; under
// Xvfb with Mesa llvmpipe), through the real input path: SDL events, the platform's FrameInput,
// ImGui's input queue and the field's edit. Once typed as xdotool or a barcode scanner types
// (a key down, the text and a key up per character: the 34 s "paste") and once pasted as
// SDL delivers an input method's text (text events of up to 31 bytes), in Arabic and in Latin.
// Next to each, measured in the same run: one redraw of the same screen with the 500 characters
// in the field (wall time with the swap), and shaping them once. A paste should cost a few such
// frames, not one per character. Figures only; nothing here fails on time.
//
//   sichtbar-bench-paste [--windowed [WIDTHxHEIGHT]]
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_kiosk.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/assets.h"
#include "platform/frame_stats.h"
#include "platform/input_script.h"
#include "platform/platform.h"
#include "protocol/keys.h"
#include "ui/kiosk_app.h"
#include "ui/section_screen.h"

using namespace sichtbar;
using sichtbar::bench::die;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kCharacters = 500;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// 500 characters of words 6 letters long: Arabic letters or Latin ones.
std::vector<std::string> characters(bool arabic) {
  const std::vector<std::string> letters =
      arabic ? std::vector<std::string>{"\u0633", "\u0644", "\u0627", "\u0645", "\u0628", "\u064A"}
             : std::vector<std::string>{"s", "a", "l", "o", "m", "e"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < kCharacters; ++i)
    out.push_back(i % 7 == 6 ? " " : letters[i % letters.size()]);
  return out;
}

SDL_Event event(const ScriptInput& in, SDL_Window* window) {
  return to_sdl_event(in, 1, 1, SDL_GetWindowID(window));
}

// The events of the text, typed key by key or pasted.
std::vector<SDL_Event> events(const std::vector<std::string>& text, bool key_by_key,
                              SDL_Window* window) {
  std::vector<SDL_Event> out;
  ScriptInput in;
  if (key_by_key) {
    for (const std::string& c : text) {
      in.kind = ScriptInput::Kind::key_down;
      // xdotool maps a spare key code to a character the keyboard lacks: SDL sees an unknown
      // scancode with the character as its key code.
      in.scancode = c == " " ? SDL_SCANCODE_SPACE : c.size() == 1 ? SDL_SCANCODE_A : 0;
      SDL_Event down = event(in, window);
      if (in.scancode == 0) down.key.keysym.sym = 0x0633;
      out.push_back(down);
      in.kind = ScriptInput::Kind::text;
      in.text = c;
      out.push_back(event(in, window));
      in.kind = ScriptInput::Kind::key_up;
      SDL_Event up = down;
      up.type = SDL_KEYUP;
      up.key.state = SDL_RELEASED;
      out.push_back(up);
    }
    return out;
  }
  std::string piece;
  in.kind = ScriptInput::Kind::text;
  for (const std::string& c : text) {
    if (piece.size() + c.size() > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1) {
      in.text = piece;
      out.push_back(event(in, window));
      piece.clear();
    }
    piece += c;
  }
  in.text = piece;
  out.push_back(event(in, window));
  return out;
}

struct Paste {
  double wall_ms = 0;
  double cpu_ms = 0;  // the whole process: the UI thread and llvmpipe's threads
  std::uint64_t frames = 0;
  bool complete = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) die("libsodium could not start");
  ui::KioskRunOptions run;
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    const bool has_value = i + 1 < argc && argv[i + 1][0] != '-';
    if (opt == "--windowed") {
      run.fullscreen = false;
      if (has_value && std::sscanf(argv[++i], "%dx%d", &run.width, &run.height) != 2)
        die("--windowed takes WIDTHxHEIGHT");
    } else {
      die("unknown option " + opt + " (use --windowed [WxH])");
    }
  }

  const std::filesystem::path data = bench::make_bench_kiosk("paste");
  auto opened = ui::KioskUi::open(data, sichtbar::default_asset_dir());
  if (!opened) die(opened.error().message);
  ui::KioskUi& kiosk = **opened;
  bench::BenchWindow opened_window = bench::open_bench_window(kiosk, run);
  const FontSetup& font_setup = opened_window.font_setup;
  Platform& platform = *opened_window.platform;
  if (auto r = platform.build_fonts(font_setup); !r) die(r.error().message);
  kiosk.apply_style();
  const Platform::FrameFn kiosk_frame = [&] { kiosk.draw(Clock::now()); };
  platform.draw_frame(kiosk_frame);

  std::printf("paste: %zu characters into a long-text field of the real kiosk, %dx%d, %s\n",
              kCharacters, platform.display().drawable_width, platform.display().drawable_height,
              platform.display().gl_renderer.c_str());
  std::printf("  %-36s %9s %9s %7s   %s\n", "", "wall ms", "CPU ms", "frames",
              "floor: one redraw with the text / shaping it once");
  // n frames of the kiosk's own loop, drawing as fast as it can.
  const auto frames = [&](int n) {
    int drawn = 0;
    platform.run(
        [&] {
          kiosk.draw(Clock::now());
          if (++drawn >= n) platform.request_quit();
        },
        [] { return std::optional<Platform::Clock::time_point>(Clock::now()); });
  };
  KioskSession& session = kiosk.session();
  for (const bool arabic : {true, false}) {
    kiosk.input(Clock::now());
    if (!session.choose_language(arabic ? "ar" : "de")) die("cannot choose a language");
    frames(1);
    if (auto person = session.person()) (void)(*person)->set_consent("keep_profile", true);
    session.next();
    while (session.screen() == Screen::Section && session.section()->id != "skills") session.next();
    if (session.screen() != Screen::Section) die("no skills section");
    frames(2);
    ui::FieldEditors& editors = kiosk.section_screen().editors();
    ui::TouchTextField* field = editors.field("skills.other");
    if (!field) die("the field skills.other was not drawn");
    const std::vector<std::string> text = characters(arabic);

    for (const bool key_by_key : {true, false}) {
      field->wipe();
      editors.focus().field = field;
      editors.focus().layout = arabic ? LayoutId::Arabic : LayoutId::German;
      frames(3);
      Paste paste;
      const auto frames0 = platform.frames_drawn();
      const auto cpu0 = process_cpu_ns();
      const auto start = Clock::now();
      for (SDL_Event& e : events(text, key_by_key, platform.sdl_window()))
        if (SDL_PushEvent(&e) != 1) die(std::string("SDL refused an event: ") + SDL_GetError());
      // The kiosk's own loop, until the field holds every character and its frames are drawn.
      platform.run(
          [&] {
            kiosk.draw(Clock::now());
            if (field->edit().code_points() == kCharacters) {
              paste.complete = true;
              platform.request_quit();
            }
          },
          [] { return std::optional<Platform::Clock::time_point>(Clock::now()); });
      paste.wall_ms = ms_between(start, Clock::now());
      paste.cpu_ms = static_cast<double>(process_cpu_ns() - cpu0) / 1e6;
      paste.frames = platform.frames_drawn() - frames0;
      if (!paste.complete) die("the field did not get every character");

      // The floor: redrawing the screen with the text in it, and shaping the text once. Drawn
      // by the loop too (draw_frame draws nothing once run() was asked to quit).
      constexpr int kRedraws = 20;
      int redraws = 0;
      const auto redraw_start = Clock::now();
      platform.run(
          [&] {
            kiosk.draw(Clock::now());
            if (++redraws == kRedraws) platform.request_quit();
          },
          [] { return std::optional<Platform::Clock::time_point>(Clock::now()); });
      const double redraw_ms = ms_between(redraw_start, Clock::now()) / kRedraws;
      kiosk.text().clear_cache();
      const auto shape_start = Clock::now();
      (void)kiosk.ui().shape(field->text(), ui::TextSize::body, 1000);
      const double shape_ms = ms_between(shape_start, Clock::now());
      std::printf("  %-36s %9.1f %9.1f %7llu   %.2f ms / %.2f ms (paste = %.0f redraws)\n",
                  (std::string(arabic ? "Arabic" : "Latin") +
                   (key_by_key ? ", typed key by key" : ", pasted as text events"))
                      .c_str(),
                  paste.wall_ms, paste.cpu_ms, static_cast<unsigned long long>(paste.frames),
                  redraw_ms, shape_ms, redraw_ms > 0 ? paste.wall_ms / redraw_ms : 0);
    }
    session.reset();
    frames(1);
  }
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
  return 0;
}
