// A headless kiosk for GUI tests: a real KioskUi (store, form, catalogues, fonts and the
// shaped-text atlas) drawn into an ImGui context without a window and fed with synthetic
// touches, keys and text through the platform's FrameInput, as the kiosk's loop feeds them.
// Taps come at a person's pace on the injected clock (the kiosk's TapGate ignores a screen's
// taps in its first 300 ms and a button's second press within 400 ms); nothing sleeps.
// Shared by the screen tests (kiosk_screens.cpp) and the field and review tests
// (kiosk_fields.cpp).
#pragma once

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/setup.h"
#include "domain/consent_text.h"
#include "platform/frame_input.h"
#include "platform/input_script.h"
#include "protocol/keys.h"
#include "support/consent_office.h"
#include "support/temp_dir.h"
#include "ui/kiosk_app.h"
#include "ui/section_screen.h"

namespace sichtbar::test_gui {

using namespace std::chrono_literals;

constexpr float kWidth = 1280, kHeight = 800;

// A kiosk set up to seal to a fresh hub, for an event offering German, Arabic, Pashto, Tigrinya
// and English, drawn headless. hub_url: where it syncs (none: a USB-only kiosk).
class HeadlessKiosk {
 public:
  // desk_store: what the volunteer's desk works on; made from the kiosk's folder once it exists
  // (none: the real store). assets: the forms, catalogues and clips (none: the repository's).
  // languages: the event's (choose() knows where the default ones sit).
  explicit HeadlessKiosk(
      SessionConfig config = {}, const std::string& hub_url = {},
      std::function<std::unique_ptr<DeskStore>(const std::filesystem::path&)> desk_store = {},
      bool enrolled = true, const std::filesystem::path& assets = {},
      std::vector<std::string> event_languages = {"de", "en", "ar", "ps", "ti"})
      : languages(std::move(event_languages)) {
    {
      auto store = KioskStore::open(tmp / "kiosk");
      REQUIRE(store);
      REQUIRE(ensure_device_identity(*store));
      REQUIRE(save_hub(*store, hub_public_json(hub).dump(), "https://hub.example.org/", hub_url));
      // The office knows it (online, or its USB receipt); else it waits for its receipt.
      if (enrolled) REQUIRE(save_enrolled(*store));
      // The office's settings, as the first sync brings them: the consent names the office.
      if (enrolled) REQUIRE(save_office_settings(*store, test::augsburg_office()));
      REQUIRE(save_event(*store, {"", "Infoabend", "Augsburg", "2026-11-28", "info"}, languages));
    }
    open(std::move(config), std::move(desk_store), assets);
  }
  // A kiosk never set up (no hub, no event), as a fresh install starts: its volunteer connects
  // it to the office from the screens. Its event will offer every language.
  struct Fresh {};
  explicit HeadlessKiosk(Fresh, SessionConfig config = {}) : languages(all_ui_languages()) {
    open(std::move(config), {}, {});
  }
  ~HeadlessKiosk() {
    app.reset();
    ImGui::DestroyContext();
  }

 private:
  void open(SessionConfig config,
            std::function<std::unique_ptr<DeskStore>(const std::filesystem::path&)> desk_store,
            const std::filesystem::path& assets) {
    auto opened = ui::KioskUi::open(tmp / "kiosk", assets.empty() ? test::asset("") : assets,
                                    config, desk_store ? desk_store(tmp / "kiosk") : nullptr);
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened);
    app = std::move(*opened);
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.DeltaTime = 1.0f / 60;
    io.MouseDragThreshold = 16 * scale;
    for (auto [key, code] : {std::pair{ImGuiKey_Backspace, SDL_SCANCODE_BACKSPACE},
                             {ImGuiKey_Delete, SDL_SCANCODE_DELETE},
                             {ImGuiKey_LeftArrow, SDL_SCANCODE_LEFT},
                             {ImGuiKey_RightArrow, SDL_SCANCODE_RIGHT},
                             {ImGuiKey_Home, SDL_SCANCODE_HOME},
                             {ImGuiKey_End, SDL_SCANCODE_END}})
      io.KeyMap[key] = code;
    app->set_scale(scale);
    DisplayInfo display;
    display.window_width = display.drawable_width = static_cast<int>(kWidth);
    display.window_height = display.drawable_height = static_cast<int>(kHeight);
    display.ui_scale = scale;
    REQUIRE(app->text().build_atlas_headless(*io.Fonts, display, app->atlas_strings()));
    app->apply_style();
    input.set_window_size(kWidth, kHeight);
    app->set_press_was_tap(
        [this] { return input.pointer().travel <= ImGui::GetIO().MouseDragThreshold; });
    frames(2);
  }

 public:

  // One frame: the events that fit into it (FrameInput's rule), then the kiosk draws.
  void frame() {
    ImGuiIO& io = ImGui::GetIO();
    size_t i = 0;
    bool any = false;
    for (; i < queue.size(); ++i) {
      const SDL_Event& e = queue[i];
      const auto take = input.offer(e);
      if (take == FrameInput::Take::later) break;
      any = true;
      if (take != FrameInput::Take::forward) continue;
      if (e.type == SDL_TEXTINPUT) io.AddInputCharactersUTF8(e.text.text);
      if (e.type == SDL_KEYDOWN) io.KeysDown[e.key.keysym.scancode] = true;
      if (e.type == SDL_KEYUP) io.KeysDown[e.key.keysym.scancode] = false;
    }
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(i));
    now += 20ms;
    if (any) app->input(now);
    const auto mouse = input.next_frame();
    io.MousePos = ImVec2(mouse.x, mouse.y);
    io.MouseDown[0] = mouse.down;
    ImGui::NewFrame();
    app->draw(now);
    ImGui::Render();
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  // Frames while "Saving ..." shows (the desk seals and saves off the frame), as the loop draws
  // them when the desk's answer wakes it; at most 20 s.
  void until_saved() {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    frames(2);
    while (app->session().screen() == Screen::Finishing &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
      frame();
    }
    frame();
  }
  // Until every queued event was taken, then a few frames to settle (as the loop draws).
  void settle() {
    while (!queue.empty()) frame();
    frames(3);
  }
  // Taps at p as quickly as an impatient finger: n of them, `apart` from one to the next (each
  // held 40 ms), with no pause after the last but the frames to settle.
  void quick_taps(ImVec2 p, int n, std::chrono::milliseconds apart) {
    now += pace;  // the first of them at a person's pace
    for (int i = 0; i < n; ++i) {
      const MonotonicTime start = now;
      push(ScriptInput::Kind::finger_down, p.x / kWidth, p.y / kHeight);
      frames(2);
      push(ScriptInput::Kind::finger_up, p.x / kWidth, p.y / kHeight);
      frame();
      while (now - start < apart) frame();
    }
    frames(3);
  }

  void push(ScriptInput::Kind kind, float x = 0, float y = 0, std::string text = {},
            int scancode = 0) {
    ScriptInput in;
    in.kind = kind;
    in.x = x;
    in.y = y;
    in.text = std::move(text);
    in.scancode = scancode;
    queue.push_back(to_sdl_event(in, kWidth, kHeight, 1));
  }
  // A finger touches and lifts at (x, y) in window pixels, at a person's pace: a moment after
  // what came before, as a hand moves (the kiosk ignores a screen's taps in its first 300 ms
  // and a button's second press within 400 ms).
  void tap_px(ImVec2 p) {
    now += pace;
    push(ScriptInput::Kind::finger_down, p.x / kWidth, p.y / kHeight);
    push(ScriptInput::Kind::finger_up, p.x / kWidth, p.y / kHeight);
    settle();
  }
  void tap(float fx, float fy) { tap_px(ImVec2(fx * kWidth, fy * kHeight)); }
  void tap_rect(std::pair<ImVec2, ImVec2> r) {
    tap_px(ImVec2((r.first.x + r.second.x) / 2, (r.first.y + r.second.y) / 2));
  }
  void drag(float x1, float y1, float x2, float y2, int steps = 12) {
    now += pace;
    push(ScriptInput::Kind::finger_down, x1, y1);
    for (int i = 1; i <= steps; ++i) {
      const float t = static_cast<float>(i) / static_cast<float>(steps);
      push(ScriptInput::Kind::finger_motion, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t);
    }
    push(ScriptInput::Kind::finger_up, x2, y2);
    settle();
  }
  void type(const std::string& text) {
    push(ScriptInput::Kind::text, 0, 0, text);
    settle();
  }
  void key(SDL_Scancode code) {
    push(ScriptInput::Kind::key_down, 0, 0, {}, code);
    push(ScriptInput::Kind::key_up, 0, 0, {}, code);
    settle();
  }

  // Taps the on-screen key whose label is `label` (in the layout shown now).
  void tap_key(const std::string& label) {
    ui::KeyboardPanel& panel = app->section_screen().editors().keyboard();
    const auto& rows = panel.keyboard().rows();
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t c = 0; c < rows[r].size(); ++c)
        if (rows[r][c].label == label) {
          auto rect = panel.key_rect(r, c);
          REQUIRE(rect);
          tap_rect(*rect);
          return;
        }
    FAIL("no key labelled " << label);
  }

  ui::TouchTextField& field(const std::string& path) {
    ui::TouchTextField* f = app->section_screen().editors().field(path);
    REQUIRE(f);
    return *f;
  }
  std::string answer(const std::string& section, const std::string& field_id) {
    const PersonDraft* draft = app->session().draft();  // none: nothing of a person is held
    const nlohmann::json* a = draft ? draft->answer(section, field_id) : nullptr;
    return a && a->is_string() ? a->get<std::string>() : std::string();
  }

  // Where the event's languages sit on the welcome screen (3 columns: de en ar / ps ti).
  void choose(const std::string& language) {
    const auto i = static_cast<int>(std::find(languages.begin(), languages.end(), language) -
                                    languages.begin());
    const float xs[] = {0.176f, 0.492f, 0.81f};
    tap(xs[i % 3], i < 3 ? 0.165f : 0.265f);
  }
  // Next on each of the consent's steps that is only read, to its choices.
  void read_consent(bool rtl) {
    for (std::size_t step = 0; step + 1 < kConsentSteps; ++step)
      tap(rtl ? next_left : next_right, nav_y);
  }
  // Through the consent's steps; the required purpose is the first row above the buttons on the
  // last; then "I agree".
  void agree(bool rtl) {
    read_consent(rtl);
    tap(0.5f, 0.685f);
    tap(rtl ? next_left : next_right, nav_y);
  }
  // Whether the kiosk's screens read right to left in one of the event's languages.
  static bool reads_rtl(const std::string& language) {
    return language == "ar" || language == "ps";
  }
  // A person starts: taps their language, agrees, and the first section is drawn.
  void start_person(const std::string& language) {
    choose(language);
    agree(reads_rtl(language));
    frames(1);
  }

  // The touch targets of one frame drawn now (ui::TouchTarget), in drawing order.
  std::vector<ui::TouchTarget> targets() {
    std::vector<ui::TouchTarget> drawn;
    app->ui().touch_targets = &drawn;
    frame();
    app->ui().touch_targets = nullptr;
    return drawn;
  }

  // The paragraphs of one frame drawn now (ui::DrawnText), in drawing order.
  std::vector<ui::DrawnText> texts() {
    std::vector<ui::DrawnText> drawn;
    app->text().record(&drawn);
    frame();
    app->text().record(nullptr);
    return drawn;
  }

  static constexpr float next_right = 0.855f, next_left = 0.145f, nav_y = 0.9375f;
  const float scale = kHeight / 1080;
  std::vector<std::string> languages;  // the event's, in the welcome screen's order
  test::TempDir tmp;
  HubKeys hub = HubKeys::generate(3);
  std::unique_ptr<ui::KioskUi> app;
  FrameInput input;
  std::vector<SDL_Event> queue;
  MonotonicTime now = MonotonicTime{} + 1000h;
  std::chrono::milliseconds pace = 400ms;
};

// The design rules of issue #17 (item 9) on one frame's touch targets (HeadlessKiosk::targets):
// nothing a finger taps is under 48 px at 1080p (the headless window is 800 px high: `scale`),
// and a screen has at most one filled primary action; a question over it (what it covers) has
// exactly one, the answer a finger finds first.
inline void check_touch_targets(const std::vector<ui::TouchTarget>& targets, float scale,
                                const std::string& where) {
  INFO("screen: " << where);
  int primary = 0;
  bool question = false;
  for (const ui::TouchTarget& t : targets) {
    INFO("target " << t.id << " \"" << t.text << "\"");
    CHECK((t.max.x - t.min.x) / scale >= ui::kMinTouchPx - 0.01f);
    CHECK((t.max.y - t.min.y) / scale >= ui::kMinTouchPx - 0.01f);
    if (t.kind == ui::ButtonKind::primary && !t.covered) ++primary;
    question = question || t.covered;
  }
  if (question)
    CHECK(primary == 1);
  else
    CHECK(primary <= 1);
  // No two things a finger taps lie over each other (a Skip over a year's calendar did): a tap
  // there would do what the person did not see.
  for (std::size_t i = 0; i < targets.size(); ++i)
    for (std::size_t j = i + 1; j < targets.size(); ++j) {
      const ui::TouchTarget &a = targets[i], &b = targets[j];
      if (a.covered || b.covered) continue;
      const float w =
          std::min(a.visible_max.x, b.visible_max.x) - std::max(a.visible_min.x, b.visible_min.x);
      const float h =
          std::min(a.visible_max.y, b.visible_max.y) - std::max(a.visible_min.y, b.visible_min.y);
      INFO("targets " << a.id << " \"" << a.text << "\" and " << b.id << " \"" << b.text << "\"");
      CHECK_FALSE((w > 1 && h > 1));
    }
}

// The design rules on one frame's words (HeadlessKiosk::texts): no line is wider than the box
// it was laid out for, none is cut off at the side of its window (the screen, a scrolling body)
// while it is in view from top to bottom, and no two lie over each other where they show.
inline void check_texts(const std::vector<ui::DrawnText>& texts, const std::string& where) {
  INFO("screen: " << where);
  auto in_view = [](const ui::DrawnText& t) {
    return t.min.y >= t.clip_min.y - 1 && t.max.y <= t.clip_max.y + 1;
  };
  for (const ui::DrawnText& t : texts) {
    INFO("text at " << t.min.x << "," << t.min.y << " to " << t.max.x << "," << t.max.y << " ("
                    << t.pixel_size << " px)");
    CHECK_FALSE(t.wider_than_box);
    if (in_view(t)) {
      CHECK(t.ink_min.x >= t.clip_min.x - 1);
      CHECK(t.ink_max.x <= t.clip_max.x + 1);
    }
  }
  for (std::size_t i = 0; i < texts.size(); ++i)
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      const ui::DrawnText &a = texts[i], &b = texts[j];
      if (a.window != b.window) continue;  // a question over the screen hides what is under it
      // Where each shows: its lines' boxes inside its clip rectangle.
      const ImVec2 a0 = ImMax(a.min, a.clip_min), a1 = ImMin(a.max, a.clip_max);
      const ImVec2 b0 = ImMax(b.min, b.clip_min), b1 = ImMin(b.max, b.clip_max);
      const float w = std::min(a1.x, b1.x) - std::max(a0.x, b0.x);
      const float h = std::min(a1.y, b1.y) - std::max(a0.y, b0.y);
      INFO("texts at " << a.min.x << "," << a.min.y << " (" << a.pixel_size << " px) and "
                       << b.min.x << "," << b.min.y << " (" << b.pixel_size << " px)");
      CHECK_FALSE((w > 1 && h > 1));
    }
}

// The scroll position of the screen's scrolling body.
inline float body_scroll() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && std::string(w->Name).find("##body") != std::string::npos) return w->Scroll.y;
  FAIL("no scrolling body on screen");
  return 0;
}

}  // namespace sichtbar::test_gui
