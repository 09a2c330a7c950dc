// Parsing input scripts into timed steps, and turning scripted inputs into SDL events.
#include "platform/input_script.h"

#include <SDL_keyboard.h>
#include <SDL_mouse.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/files.h"

namespace sichtbar {

namespace {

using std::chrono::milliseconds;

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool parse_number(std::string_view word, float& out) {
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), out);
  return ec == std::errc() && end == word.data() + word.size();
}

bool parse_number(std::string_view word, int& out) {
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), out);
  return ec == std::errc() && end == word.data() + word.size();
}

// Splits UTF-8 text into pieces that fit an SDL_TEXTINPUT event, cutting only between code
// points.
std::vector<std::string> text_pieces(std::string_view text) {
  constexpr size_t kMax = SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
  std::vector<std::string> pieces;
  while (!text.empty()) {
    size_t n = std::min(kMax, text.size());
    while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    pieces.emplace_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return pieces;
}

// A person's pace: a tap or click comes this long after the step before it at the earliest,
// as a hand moves. The kiosk ignores taps in a screen's first 300 ms and a button's second
// press within 400 ms (ui TapGate), as it should for a person; a script taps like one.
constexpr milliseconds kPersonPace{450};

class Parser {
 public:
  Parser(std::string origin) : origin_(std::move(origin)) {}

  Result<void> line(int number, std::string_view text) {
    number_ = number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    const auto words = split_words(text);
    if (words.empty() || words[0].front() == '#') return {};
    const std::string_view verb = words[0];
    const size_t args = words.size() - 1;
    if (verb == "tap") {
      float x, y;
      if (args != 2 || !point(words[1], words[2], x, y)) return wrong("tap X Y");
      input(ScriptInput::Kind::finger_down, x, y, 1, kPersonPace);
      // Held for a few frames, as a finger would be: a press that lasts one frame is an edge
      // case no real touch produces.
      input(ScriptInput::Kind::finger_up, x, y, 2, milliseconds(50));
    } else if (verb == "tap-on") {
      if (args != 1) return wrong("tap-on ID");
      // The target is found when the finger goes down: the screen has settled by then (a new
      // screen's layout takes a frame or two).
      ScriptStep& down = input(ScriptInput::Kind::finger_down, 0, 0, 1, kPersonPace);
      down.target = std::string(words[1]);
      down.settle = true;
      input(ScriptInput::Kind::finger_up, 0, 0, 2, milliseconds(50)).target = std::string(words[1]);
    } else if (verb == "drag") {
      float x1, y1, x2, y2;
      int ms = 300;
      if ((args != 4 && args != 5) || !point(words[1], words[2], x1, y1) ||
          !point(words[3], words[4], x2, y2) ||
          (args == 5 && (!parse_number(words[5], ms) || ms < 0)))
        return wrong("drag X1 Y1 X2 Y2 [MS]");
      constexpr int kMoves = 8;
      input(ScriptInput::Kind::finger_down, x1, y1, 1);
      for (int i = 1; i <= kMoves; ++i) {
        const float t = static_cast<float>(i) / kMoves;
        input(ScriptInput::Kind::finger_motion, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, 1,
              milliseconds(ms / kMoves));
      }
      input(ScriptInput::Kind::finger_up, x2, y2, 1, milliseconds(30));
    } else if (verb == "click") {
      float x, y;
      if (args != 2 || !point(words[1], words[2], x, y)) return wrong("click X Y");
      input(ScriptInput::Kind::mouse_motion, x, y, 1, kPersonPace);
      input(ScriptInput::Kind::mouse_down, x, y, 1);
      input(ScriptInput::Kind::mouse_up, x, y, 2, milliseconds(50));
    } else if (verb == "move") {
      float x, y;
      if (args != 2 || !point(words[1], words[2], x, y)) return wrong("move X Y");
      input(ScriptInput::Kind::mouse_motion, x, y, 1);
    } else if (verb == "text") {
      // Everything after "text " verbatim, inner spaces included.
      const size_t at = text.find("text") + 4;
      std::string_view typed = at < text.size() ? text.substr(at + 1) : std::string_view();
      if (typed.empty()) return wrong("text WORDS...");
      bool first = true;
      for (auto& piece : text_pieces(typed)) {
        ScriptStep& step = input(ScriptInput::Kind::text, 0, 0, first ? 1 : 0);
        step.input.text = std::move(piece);
        first = false;
      }
    } else if (verb == "key") {
      if (args != 1) return wrong("key NAME");
      const std::string name(words[1]);
      const SDL_Scancode code = SDL_GetScancodeFromName(name.c_str());
      if (code == SDL_SCANCODE_UNKNOWN)
        return error("unknown key \"" + name +
                     "\" (SDL key names: Backspace, Return, Tab, A, ...)");
      input(ScriptInput::Kind::key_down, 0, 0, 1).input.scancode = code;
      input(ScriptInput::Kind::key_up, 0, 0, 1, milliseconds(30)).input.scancode = code;
    } else if (verb == "wait") {
      int ms;
      if (args != 1 || !parse_number(words[1], ms) || ms < 0) return wrong("wait MS");
      ScriptStep step;
      step.kind = ScriptStep::Kind::pause;
      step.line = number_;
      step.delay = milliseconds(ms);
      steps_.push_back(step);
    } else if (verb == "screenshot") {
      if (args != 1) return wrong("screenshot PATH (no spaces)");
      ScriptStep step;
      step.kind = ScriptStep::Kind::screenshot;
      step.line = number_;
      step.settle = true;
      step.path = std::string(words[1]);
      steps_.push_back(step);
    } else if (verb == "quit") {
      if (args != 0) return wrong("quit");
      input(ScriptInput::Kind::quit, 0, 0, 0).settle = true;
    } else {
      return error("unknown step \"" + std::string(verb) +
                   "\" (tap, tap-on, drag, click, move, text, key, wait, screenshot, quit)");
    }
    return {};
  }

  std::vector<ScriptStep> take() { return std::move(steps_); }

 private:
  bool point(std::string_view wx, std::string_view wy, float& x, float& y) const {
    return parse_number(wx, x) && parse_number(wy, y) && x >= 0 && x <= 1 && y >= 0 && y <= 1;
  }

  ScriptStep& input(ScriptInput::Kind kind, float x, float y, int frames,
                    milliseconds delay = milliseconds(0)) {
    ScriptStep step;
    step.kind = ScriptStep::Kind::input;
    step.line = number_;
    step.frames = frames;
    step.delay = delay;
    step.input.kind = kind;
    step.input.x = x;
    step.input.y = y;
    steps_.push_back(std::move(step));
    return steps_.back();
  }

  std::unexpected<Error> error(const std::string& what) const {
    return fail("input_script.syntax", origin_ + ":" + std::to_string(number_) + ": " + what);
  }
  std::unexpected<Error> wrong(const std::string& usage) const {
    return error("expected \"" + usage + "\" with coordinates from 0 to 1");
  }

  std::string origin_;
  int number_ = 0;
  std::vector<ScriptStep> steps_;
};

}  // namespace

Result<InputScript> InputScript::parse(std::string_view text, const std::string& origin) {
  Parser parser(origin);
  int number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (auto r = parser.line(++number, line); !r) return std::unexpected(r.error());
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  InputScript script;
  script.steps_ = parser.take();
  return script;
}

Result<InputScript> InputScript::load(const std::filesystem::path& file) {
  const auto text = read_whole_file(file);
  if (!text)
    return fail("input_script.unreadable", "Cannot read the input script " + file.string() + ".");
  return parse(*text, file.string());
}

Result<std::optional<InputScript>> InputScript::from_environment() {
  const char* file = std::getenv("SICHTBAR_INPUT_SCRIPT");
  if (!file || !*file) return std::optional<InputScript>();
  auto script = load(file);
  if (!script) return std::unexpected(script.error());
  return std::optional<InputScript>(std::move(*script));
}

SDL_Event to_sdl_event(const ScriptInput& input, float window_width, float window_height,
                       Uint32 window_id) {
  SDL_Event e;
  std::memset(&e, 0, sizeof e);
  const int px = static_cast<int>(input.x * window_width);
  const int py = static_cast<int>(input.y * window_height);
  using Kind = ScriptInput::Kind;
  switch (input.kind) {
    case Kind::finger_down:
    case Kind::finger_motion:
    case Kind::finger_up:
      e.type = input.kind == Kind::finger_down ? SDL_FINGERDOWN
               : input.kind == Kind::finger_up ? SDL_FINGERUP
                                               : SDL_FINGERMOTION;
      e.tfinger.touchId = kScriptTouchId;
      e.tfinger.fingerId = 1;
      e.tfinger.x = input.x;
      e.tfinger.y = input.y;
      e.tfinger.pressure = input.kind == Kind::finger_up ? 0.0f : 1.0f;
      e.tfinger.windowID = window_id;
      break;
    case Kind::mouse_motion:
      e.type = SDL_MOUSEMOTION;
      e.motion.windowID = window_id;
      e.motion.x = px;
      e.motion.y = py;
      break;
    case Kind::mouse_down:
    case Kind::mouse_up:
      e.type = input.kind == Kind::mouse_down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
      e.button.windowID = window_id;
      e.button.button = SDL_BUTTON_LEFT;
      e.button.state = input.kind == Kind::mouse_down ? SDL_PRESSED : SDL_RELEASED;
      e.button.clicks = 1;
      e.button.x = px;
      e.button.y = py;
      break;
    case Kind::text:
      e.type = SDL_TEXTINPUT;
      e.text.windowID = window_id;
      std::memcpy(e.text.text, input.text.data(),
                  std::min(input.text.size(), sizeof e.text.text - 1));
      break;
    case Kind::key_down:
    case Kind::key_up: {
      e.type = input.kind == Kind::key_down ? SDL_KEYDOWN : SDL_KEYUP;
      e.key.windowID = window_id;
      e.key.state = input.kind == Kind::key_down ? SDL_PRESSED : SDL_RELEASED;
      const auto code = static_cast<SDL_Scancode>(input.scancode);
      e.key.keysym.scancode = code;
      e.key.keysym.sym = SDL_GetKeyFromScancode(code);
      break;
    }
    case Kind::quit:
      e.type = SDL_QUIT;
      break;
  }
  return e;
}

}  // namespace sichtbar
