// Scripted input, so an end-to-end test drives the real kiosk under Xvfb without a human.
//
// A script is a text file, one step a line; coordinates are fractions of the window (0..1):
//   tap X Y                  a finger touches and lifts, at a person's pace (450 ms after the
//                            step before it at the earliest; the kiosk ignores quicker taps)
//   tap-on ID                as tap, in the middle of the part in view of the touch target
//                            the app drew last with the id ID (a widget's ImGui id, "##add"):
//                            the first one not under a question; none in view fails the script
//                            (the app names its targets: Platform::find_targets_with)
//   drag X1 Y1 X2 Y2 [MS]    a finger touches, moves over MS milliseconds (300), lifts
//   click X Y                the mouse moves there, presses and releases its left button (at
//                            a person's pace, as tap)
//   move X Y                 the mouse moves there (hover)
//   text WORDS...            typed text, UTF-8, everything after "text "
//   key NAME                 a key pressed and released; SDL's key names: Backspace, Return, ...
//   wait MS                  the next step comes at least MS milliseconds later
//   screenshot PATH          a PNG of the window once the screen has settled
//   quit                     ends the app as closing its window would
// Blank lines and lines starting with # are skipped. Apps take the script from a command-line
// option (--input-script FILE) or from $SICHTBAR_INPUT_SCRIPT (see from_environment).
//
// Each step waits until the app has taken the previous step's events and drawn a frame with
// them, so ImGui sees a press and its release in different frames however slow the machine.
#pragma once

#include <SDL_events.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar {

// One synthetic input; it becomes an SDL event once the window's size is known.
struct ScriptInput {
  enum class Kind {
    finger_down,
    finger_motion,
    finger_up,
    mouse_motion,
    mouse_down,
    mouse_up,
    text,
    key_down,
    key_up,
    quit
  };
  Kind kind = Kind::quit;
  float x = 0, y = 0;  // fractions of the window
  std::string text;    // at most SDL_TEXTINPUTEVENT_TEXT_SIZE - 1 bytes, whole code points
  int scancode = 0;    // SDL_Scancode
};

struct ScriptStep {
  enum class Kind { input, screenshot, pause };
  Kind kind = Kind::pause;
  int line = 0;  // in the script, for messages
  // When the step may run: at least delay after the previous step ran, at least `frames` frames
  // drawn since the last frame that took input, and with settle, only once the app has no more
  // frames to draw (popups and hover have settled).
  std::chrono::milliseconds delay{0};
  int frames = 0;
  bool settle = false;
  ScriptInput input;  // Kind::input
  // Kind::input from `tap-on`: where the tap goes is the app's target of this id once the step
  // runs; input.x and input.y are set then.
  std::string target;
  std::filesystem::path path;  // Kind::screenshot
};

class InputScript {
 public:
  // Errors ("input_script.syntax", "input_script.unreadable") name the line and what is wrong.
  static Result<InputScript> parse(std::string_view text, const std::string& origin);
  static Result<InputScript> load(const std::filesystem::path& file);
  // The script named by $SICHTBAR_INPUT_SCRIPT, or nullopt when it is unset or empty: how an
  // end-to-end test hands a script to an app whose command line it does not control.
  static Result<std::optional<InputScript>> from_environment();

  const std::vector<ScriptStep>& steps() const { return steps_; }

 private:
  std::vector<ScriptStep> steps_;
};

// The SDL event for a scripted input in a window of the given size (ImGui units) and id.
// Fingers come from a touch device of their own (kScriptTouchId), as a real touch screen would.
inline constexpr SDL_TouchID kScriptTouchId = 0x5C121B;
SDL_Event to_sdl_event(const ScriptInput& input, float window_width, float window_height,
                       Uint32 window_id);

}  // namespace sichtbar
