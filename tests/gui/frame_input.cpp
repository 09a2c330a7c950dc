// Tests of the platform layer's input handling without a window: how SDL events become ImGui
// input frame by frame (touch taps, drags, hover after a finger lifts, keys and text in order),
// checked against a real ImGui context, and how input scripts parse.
#include "platform/frame_input.h"

#include <imgui.h>

#include <catch2/catch.hpp>
#include <cfloat>
#include <cstring>
#include <vector>

#include "platform/frame_stats.h"
#include "platform/input_script.h"

using namespace sichtbar;

namespace {

constexpr float kWidth = 1000, kHeight = 500;

SDL_Event finger(Uint32 type, float x, float y, SDL_FingerID id = 1) {
  ScriptInput in;
  in.kind = type == SDL_FINGERDOWN ? ScriptInput::Kind::finger_down
            : type == SDL_FINGERUP ? ScriptInput::Kind::finger_up
                                   : ScriptInput::Kind::finger_motion;
  in.x = x;
  in.y = y;
  SDL_Event e = to_sdl_event(in, kWidth, kHeight, 1);
  e.tfinger.fingerId = id;
  return e;
}

SDL_Event touch_mouse_button(Uint32 type, int x, int y) {
  SDL_Event e;
  std::memset(&e, 0, sizeof e);
  e.type = type;
  e.button.which = SDL_TOUCH_MOUSEID;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.x = x;
  e.button.y = y;
  return e;
}

SDL_Event key(Uint32 type, SDL_Scancode code) {
  ScriptInput in;
  in.kind = type == SDL_KEYDOWN ? ScriptInput::Kind::key_down : ScriptInput::Kind::key_up;
  in.scancode = code;
  return to_sdl_event(in, kWidth, kHeight, 1);
}

SDL_Event text(const char* typed) {
  ScriptInput in;
  in.kind = ScriptInput::Kind::text;
  in.text = typed;
  return to_sdl_event(in, kWidth, kHeight, 1);
}

// Offers queued events to input the way Platform does for one frame: in order, stopping at the
// first that must wait. Returns the events passed on to the backend.
std::vector<SDL_Event> take(FrameInput& input, std::vector<SDL_Event>& queue) {
  std::vector<SDL_Event> forwarded;
  size_t i = 0;
  for (; i < queue.size(); ++i) {
    const auto t = input.offer(queue[i]);
    if (t == FrameInput::Take::later) break;
    if (t == FrameInput::Take::forward) forwarded.push_back(queue[i]);
  }
  queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(i));
  return forwarded;
}

bool hidden(const FrameInput::Mouse& m) { return m.x == -FLT_MAX && m.y == -FLT_MAX; }

// A real ImGui context without a renderer (an atlas is built, nothing is uploaded) with one
// button, fed by FrameInput as Platform feeds it.
class HeadlessImGui {
 public:
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    input.set_window_size(kWidth, kHeight);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }

  // One frame with whatever the queue lets in; counts button presses and whether it is hovered.
  void frame() {
    take(input, queue);
    const auto mouse = input.next_frame();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(mouse.x, mouse.y);
    io.MouseDown[0] = mouse.down;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::SetCursorPos(ImVec2(250, 125));  // the button covers x 250..750, y 125..375
    if (ImGui::Button("button", ImVec2(500, 250))) ++presses;
    hovered = ImGui::IsItemHovered();
    ImGui::End();
    ImGui::Render();
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }

  FrameInput input;
  std::vector<SDL_Event> queue;
  int presses = 0;
  bool hovered = false;
};

}  // namespace

TEST_CASE(
    "a tap that lands and lifts between two frames still reaches ImGui as a press and a "
    "release in different frames") {
  FrameInput input;
  input.set_window_size(kWidth, kHeight);
  std::vector<SDL_Event> queue = {finger(SDL_FINGERDOWN, 0.5f, 0.5f),
                                  finger(SDL_FINGERUP, 0.5f, 0.5f)};
  take(input, queue);
  auto m = input.next_frame();  // first the pointer moves there, nothing pressed yet
  CHECK(m.x == 500);
  CHECK(m.y == 250);
  CHECK_FALSE(m.down);
  take(input, queue);
  CHECK(input.next_frame().down);  // then the press
  take(input, queue);
  m = input.next_frame();  // then the release, where the finger lifted
  CHECK_FALSE(m.down);
  CHECK(m.x == 500);
  CHECK(queue.empty());
  CHECK(hidden(input.next_frame()));  // and then no pointer at all: nothing stays hovered
}

TEST_CASE("ImGui's button fires once per tap, and is not hovered once the finger lifted") {
  HeadlessImGui ui;
  ui.frames(2);
  ui.queue = {finger(SDL_FINGERDOWN, 0.5f, 0.5f), finger(SDL_FINGERUP, 0.5f, 0.5f)};
  ui.frames(3);
  CHECK(ui.presses == 1);
  CHECK(ui.hovered);  // the frame of the release still has the finger on the button
  ui.frame();
  CHECK_FALSE(ui.hovered);
  // Two more taps in one burst of events.
  ui.queue = {finger(SDL_FINGERDOWN, 0.5f, 0.5f), finger(SDL_FINGERUP, 0.5f, 0.5f),
              finger(SDL_FINGERDOWN, 0.4f, 0.4f), finger(SDL_FINGERUP, 0.4f, 0.4f)};
  ui.frames(8);
  CHECK(ui.presses == 3);
  CHECK_FALSE(ui.hovered);
}

TEST_CASE("a mouse keeps hovering after a click: only a lifted finger clears the hover") {
  HeadlessImGui ui;
  ScriptInput move{ScriptInput::Kind::mouse_motion, 0.5f, 0.5f, "", 0};
  ScriptInput down{ScriptInput::Kind::mouse_down, 0.5f, 0.5f, "", 0};
  ScriptInput up{ScriptInput::Kind::mouse_up, 0.5f, 0.5f, "", 0};
  ui.queue = {to_sdl_event(move, kWidth, kHeight, 1), to_sdl_event(down, kWidth, kHeight, 1),
              to_sdl_event(up, kWidth, kHeight, 1)};
  ui.frames(5);
  CHECK(ui.presses == 1);
  CHECK(ui.hovered);
  CHECK_FALSE(ui.input.pointer().touch);
}

TEST_CASE("a drag records how far the finger got, even between frames") {
  HeadlessImGui ui;
  // Down, far away and back, up: all before one frame. The release is over the button, so
  // ImGui's Button fires; the travel tells the screen it was no tap.
  ui.queue = {finger(SDL_FINGERDOWN, 0.5f, 0.5f), finger(SDL_FINGERMOTION, 0.7f, 0.5f),
              finger(SDL_FINGERMOTION, 0.51f, 0.5f), finger(SDL_FINGERUP, 0.51f, 0.5f)};
  ui.frames(8);
  CHECK(ui.queue.empty());
  CHECK(ui.input.pointer().travel == Approx(200).margin(1));
  CHECK(ui.presses == 1);

  // A new press starts a new travel.
  ui.queue = {finger(SDL_FINGERDOWN, 0.5f, 0.5f), finger(SDL_FINGERUP, 0.5f, 0.5f)};
  ui.frames(5);
  CHECK(ui.input.pointer().travel == 0);
}

TEST_CASE("SDL's mouse events made from touch and the finger events agree: one press") {
  HeadlessImGui ui;
  // What SDL sends for one real touch with SDL_HINT_TOUCH_MOUSE_EVENTS on: the synthesized
  // mouse (whole pixels) and the finger (fractions).
  ui.queue = {
      touch_mouse_button(SDL_MOUSEBUTTONDOWN, 500, 250), finger(SDL_FINGERDOWN, 0.5003f, 0.5004f),
      touch_mouse_button(SDL_MOUSEBUTTONUP, 500, 250), finger(SDL_FINGERUP, 0.5003f, 0.5004f)};
  ui.frames(8);
  CHECK(ui.presses == 1);
  CHECK_FALSE(ui.hovered);
}

TEST_CASE("a second finger on the glass is ignored until the first lifts") {
  FrameInput input;
  input.set_window_size(kWidth, kHeight);
  std::vector<SDL_Event> queue = {
      finger(SDL_FINGERDOWN, 0.2f, 0.2f, 1), finger(SDL_FINGERDOWN, 0.8f, 0.8f, 2),
      finger(SDL_FINGERMOTION, 0.9f, 0.9f, 2), finger(SDL_FINGERUP, 0.8f, 0.8f, 2)};
  for (int i = 0; i < 4; ++i) {
    take(input, queue);
    input.next_frame();
  }
  CHECK(queue.empty());
  CHECK(input.pointer().down);
  CHECK(input.pointer().x == 200);
  queue = {finger(SDL_FINGERUP, 0.2f, 0.2f, 1)};
  take(input, queue);
  CHECK_FALSE(input.next_frame().down);
}

TEST_CASE("keys and text keep their order and each key change gets a frame of its own") {
  FrameInput input;
  std::vector<SDL_Event> queue = {text("ab"), text("c"), key(SDL_KEYDOWN, SDL_SCANCODE_BACKSPACE),
                                  key(SDL_KEYUP, SDL_SCANCODE_BACKSPACE), text("d")};
  auto frame1 = take(input, queue);
  input.next_frame();
  REQUIRE(frame1.size() == 2);  // both texts
  auto frame2 = take(input, queue);
  input.next_frame();
  REQUIRE(frame2.size() == 1);
  CHECK(frame2[0].type == SDL_KEYDOWN);
  auto frame3 = take(input, queue);
  input.next_frame();
  REQUIRE(frame3.size() == 1);
  CHECK(frame3[0].type == SDL_KEYUP);
  auto frame4 = take(input, queue);
  REQUIRE(frame4.size() == 1);
  CHECK(std::strcmp(frame4[0].text.text, "d") == 0);
}

TEST_CASE("text typed key by key joins one frame; editing keys and shortcuts still get their own") {
  // As xdotool or a barcode scanner types: each character a key down, its text and a key up.
  // Before, each of them took a frame: 1,500 frames for 500 characters, 34 s under llvmpipe.
  FrameInput input;
  std::vector<SDL_Event> queue;
  const char* const letters[] = {"s", "a", "l", "\u0633", " "};
  const SDL_Scancode codes[] = {SDL_SCANCODE_S, SDL_SCANCODE_A, SDL_SCANCODE_L,
                                SDL_SCANCODE_UNKNOWN, SDL_SCANCODE_SPACE};
  for (int i = 0; i < 500; ++i) {
    SDL_Event down = key(SDL_KEYDOWN, codes[i % 5]), up = key(SDL_KEYUP, codes[i % 5]);
    if (codes[i % 5] == SDL_SCANCODE_UNKNOWN) down.key.keysym.sym = up.key.keysym.sym = 0x0633;
    queue.push_back(down);
    queue.push_back(text(letters[i % 5]));
    queue.push_back(up);
  }
  auto frame1 = take(input, queue);
  input.next_frame();
  CHECK(frame1.size() == 1500);
  CHECK(queue.empty());

  // Backspace between letters keeps its own frame, so the text before it, the deletion and the
  // text after it stay in order; so do Shift and a Ctrl shortcut.
  queue = {key(SDL_KEYDOWN, SDL_SCANCODE_A),
           text("a"),
           key(SDL_KEYUP, SDL_SCANCODE_A),
           key(SDL_KEYDOWN, SDL_SCANCODE_BACKSPACE),
           key(SDL_KEYUP, SDL_SCANCODE_BACKSPACE),
           key(SDL_KEYDOWN, SDL_SCANCODE_B),
           text("b")};
  SDL_Event ctrl_a = key(SDL_KEYDOWN, SDL_SCANCODE_A);
  ctrl_a.key.keysym.mod = KMOD_LCTRL;
  queue.push_back(ctrl_a);
  auto first = take(input, queue);
  input.next_frame();
  REQUIRE(first.size() == 3);
  auto backspace_down = take(input, queue);
  input.next_frame();
  REQUIRE(backspace_down.size() == 1);
  CHECK(backspace_down[0].key.keysym.scancode == SDL_SCANCODE_BACKSPACE);
  auto backspace_up = take(input, queue);
  input.next_frame();
  REQUIRE(backspace_up.size() == 2);  // with B's key down, which changes nothing
  CHECK(backspace_up[0].type == SDL_KEYUP);
  auto then_b = take(input, queue);
  input.next_frame();
  REQUIRE(then_b.size() == 1);
  CHECK(std::strcmp(then_b[0].text.text, "b") == 0);
  auto shortcut = take(input, queue);
  REQUIRE(shortcut.size() == 1);
  CHECK(shortcut[0].key.keysym.mod == KMOD_LCTRL);
}

TEST_CASE("input scripts: steps, timing and frames") {
  auto script = InputScript::parse(
      "# a comment\n\ntap 0.5 0.25\ndrag 0 0 1 1 800\ntext Grüß Gott\nkey Backspace\n"
      "wait 200\nclick 0.1 0.1\nmove 0.2 0.2\nscreenshot out.png\nquit\n",
      "test");
  REQUIRE(script);
  const auto& steps = script->steps();
  // tap 2, drag 1 + 8 + 1, text 1, key 2, wait 1, click 3, move 1, screenshot 1, quit 1
  REQUIRE(steps.size() == 22);
  CHECK(steps[0].input.kind == ScriptInput::Kind::finger_down);
  CHECK(steps[0].line == 3);
  CHECK(steps[0].delay.count() >= 400);  // a person's pace: the kiosk ignores quicker taps
  CHECK(steps[1].input.kind == ScriptInput::Kind::finger_up);
  CHECK(steps[1].frames >= 2);  // a tap is held for more than one frame
  CHECK(steps[2].input.kind == ScriptInput::Kind::finger_down);
  CHECK(steps[10].input.x == 1.0f);
  CHECK(steps[3].delay.count() == 100);  // 800 ms over 8 moves
  CHECK(steps[12].input.text == "Grüß Gott");
  CHECK(steps[13].input.kind == ScriptInput::Kind::key_down);
  CHECK(steps[15].kind == ScriptStep::Kind::pause);
  CHECK(steps[15].delay.count() == 200);
  CHECK(steps[20].kind == ScriptStep::Kind::screenshot);
  CHECK(steps[20].settle);
  CHECK(steps[20].path == "out.png");
  CHECK(steps[21].input.kind == ScriptInput::Kind::quit);

  const SDL_Event down = to_sdl_event(steps[0].input, 1280, 800, 7);
  CHECK(down.type == SDL_FINGERDOWN);
  CHECK(down.tfinger.x == 0.5f);
  CHECK(down.tfinger.touchId == kScriptTouchId);
  CHECK(down.tfinger.windowID == 7);
  const SDL_Event click = to_sdl_event(steps[17].input, 1280, 800, 7);
  CHECK(click.type == SDL_MOUSEBUTTONDOWN);
  CHECK(click.button.x == 128);
  CHECK(click.button.which == 0);
}

TEST_CASE("input scripts: tap-on taps a target by its id, found once the screen settled") {
  auto script = InputScript::parse("tap-on ##add\n", "test");
  REQUIRE(script);
  const auto& steps = script->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].input.kind == ScriptInput::Kind::finger_down);
  CHECK(steps[0].target == "##add");
  CHECK(steps[0].settle);
  CHECK(steps[0].delay.count() >= 400);
  CHECK(steps[1].input.kind == ScriptInput::Kind::finger_up);
  CHECK(steps[1].target == "##add");
  CHECK(steps[1].frames >= 2);
}

TEST_CASE("input scripts: long UTF-8 text is cut between code points") {
  std::string umlauts;
  for (int i = 0; i < 40; ++i) umlauts += "ü";  // 80 bytes, 2 each
  auto script = InputScript::parse("text " + umlauts, "test");
  REQUIRE(script);
  std::string joined;
  for (const auto& step : script->steps()) {
    CHECK(step.input.text.size() < SDL_TEXTINPUTEVENT_TEXT_SIZE);
    CHECK(step.input.text.size() % 2 == 0);
    joined += step.input.text;
  }
  CHECK(script->steps().size() == 3);
  CHECK(joined == umlauts);
}

TEST_CASE("input scripts: mistakes are refused with the line and what is wrong") {
  auto wrong = [](const std::string& text) {
    auto r = InputScript::parse("tap 0.5 0.5\n" + text, "s.txt");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "input_script.syntax");
    CHECK(r.error().message.find("s.txt:2") != std::string::npos);
    return r.error().message;
  };
  CHECK(wrong("jump 1 2").find("unknown step") != std::string::npos);
  CHECK(wrong("tap 1.5 0.5").find("0 to 1") != std::string::npos);
  CHECK(wrong("tap 0.5").find("tap X Y") != std::string::npos);
  CHECK(wrong("drag 0 0 1 x").find("drag") != std::string::npos);
  CHECK(wrong("key NoSuchKey").find("unknown key") != std::string::npos);
  CHECK(wrong("wait -5").find("wait MS") != std::string::npos);
  CHECK(wrong("tap-on").find("tap-on ID") != std::string::npos);
  CHECK_FALSE(InputScript::load("/nonexistent/script.txt"));
}

TEST_CASE("frame statistics keep the last samples and give quantiles") {
  FrameStats stats;
  for (int i = 1; i <= 100; ++i) stats.add({i * 1'000'000LL, 0});
  CHECK(stats.ui_cpu_ms(0.5) == 50);
  CHECK(stats.ui_cpu_ms(0.99) == 99);
  for (size_t i = 0; i < FrameStats::kCapacity; ++i) stats.add({7'000'000, 0});
  CHECK(stats.size() == FrameStats::kCapacity);
  CHECK(stats.ui_cpu_ms(1.0) == 7);
  CHECK(quantile({}, 0.5) == 0);
  CHECK(thread_cpu_ns() > 0);
  CHECK(ms_since_process_start() > 0);
}
