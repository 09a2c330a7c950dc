// Per-frame input for ImGui 1.86 from SDL events: one pointer for mouse and touch, and events
// that would clash within one frame held back for the next one (see frame_input.h).
#include "platform/frame_input.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace sichtbar {

void FrameInput::set_window_size(float width, float height) {
  width_ = std::max(width, 1.0f);
  height_ = std::max(height, 1.0f);
}

// Applies the pointer's new position first and its button next, each only when the frame holds
// nothing that clashes: a press lands in a frame after the one that moved the pointer there (so
// the widget under it is hovered first), and a release comes a frame after the last move (so the
// drag distance ImGui measures includes it).
FrameInput::Take FrameInput::move_pointer(Pointer target, bool from_touch, bool lifting) {
  // Positions less than a pixel apart are the same: SDL truncates the mouse events it makes from
  // touch to whole pixels while finger events carry exact fractions.
  const bool moved = target.visible != pointer_.visible ||
                     (target.visible && (std::fabs(target.x - pointer_.x) >= 1.0f ||
                                         std::fabs(target.y - pointer_.y) >= 1.0f));
  const bool button = target.down != pointer_.down;
  if (moved) {
    if (frame_button_) return Take::later;
    pointer_.x = target.x;
    pointer_.y = target.y;
    pointer_.visible = target.visible;
    frame_moved_ = true;
    if (pointer_.down) {
      pointer_.travel = std::max(pointer_.travel, std::hypot(pointer_.x - pointer_.press_x,
                                                             pointer_.y - pointer_.press_y));
    }
  }
  if (button) {
    // The position (if it changed) is applied already; the button follows in the next frame.
    if (frame_moved_ || frame_button_) return Take::later;
    pointer_.down = target.down;
    frame_button_ = true;
    if (target.down) {
      pointer_.press_x = pointer_.x;
      pointer_.press_y = pointer_.y;
      pointer_.travel = 0;
    }
  }
  pointer_.touch = from_touch;
  if (lifting && !pointer_.down) {
    frames_since_lift_ = 0;
  } else if (!lifting && (moved || button)) {
    frames_since_lift_ = -1;  // the pointer is in use again
  }
  return Take::pointer;
}

namespace {
// A key whose press only types text: a letter, digit, space or punctuation key (or one an input
// tool mapped to a character, which SDL reports with an unknown scancode and the character as
// its key code), without Ctrl, Alt or the system key held (those make shortcuts of letters).
bool types_only(const SDL_Keysym& key) {
  if (key.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) return false;
  const SDL_Scancode code = key.scancode;
  if ((code >= SDL_SCANCODE_A && code <= SDL_SCANCODE_0) ||
      (code >= SDL_SCANCODE_SPACE && code <= SDL_SCANCODE_SLASH) ||
      code == SDL_SCANCODE_NONUSBACKSLASH)
    return true;
  return code == SDL_SCANCODE_UNKNOWN && (key.sym & SDLK_SCANCODE_MASK) == 0 && key.sym >= 0x20 &&
         key.sym != SDLK_DELETE;
}
}  // namespace

FrameInput::Take FrameInput::offer(const SDL_Event& event) {
  switch (event.type) {
    case SDL_MOUSEMOTION: {
      const bool touch = event.motion.which == SDL_TOUCH_MOUSEID;
      // After a finger lifted, SDL's mouse made from touch must not bring the hover back.
      if (touch && !pointer_.down) return Take::pointer;
      return move_pointer({static_cast<float>(event.motion.x), static_cast<float>(event.motion.y),
                           pointer_.down, true},
                          touch, false);
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
      if (event.button.button != SDL_BUTTON_LEFT) return Take::pointer;  // a kiosk has one button
      const bool touch = event.button.which == SDL_TOUCH_MOUSEID;
      const bool down = event.type == SDL_MOUSEBUTTONDOWN;
      return move_pointer(
          {static_cast<float>(event.button.x), static_cast<float>(event.button.y), down, true},
          touch, touch && !down);
    }
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP: {
      const auto finger = static_cast<long long>(event.tfinger.fingerId);
      const bool is_down = event.type == SDL_FINGERDOWN;
      // Only the first finger on the glass drives the pointer; a palm or a second finger is
      // ignored until it lifts.
      if (is_down ? (finger_active_ && finger != finger_) : (!finger_active_ || finger != finger_))
        return Take::pointer;
      const bool up = event.type == SDL_FINGERUP;
      const Take take =
          move_pointer({event.tfinger.x * width_, event.tfinger.y * height_, !up, true}, true, up);
      if (take == Take::pointer) {
        finger_ = finger;
        finger_active_ = !up;
      }
      return take;
    }
    case SDL_WINDOWEVENT:
      // The mouse left the window: nothing in it stays hovered.
      if (event.window.event == SDL_WINDOWEVENT_LEAVE && !pointer_.down &&
          move_pointer({pointer_.x, pointer_.y, false, false}, pointer_.touch, false) ==
              Take::later)
        return Take::later;
      return Take::forward;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
      // A key that only types (a letter: its text comes as SDL_TEXTINPUT) changes nothing the
      // kiosk reads, so it needs no frame of its own: text typed or pasted key by key (xdotool,
      // a barcode scanner) joins one frame instead of taking three a character, which under a
      // software renderer cost 34 s for 500 characters.
      if (types_only(event.key.keysym)) return Take::forward;
      // The 1.86 backend keeps keys as state and text as a queue read at NewFrame: one key
      // change per frame, and never mixed with text, keeps presses and their order.
      if (frame_key_ || frame_text_) return Take::later;
      frame_key_ = true;
      return Take::forward;
    case SDL_TEXTINPUT:
      if (frame_key_) return Take::later;
      frame_text_ = true;
      return Take::forward;
    default:
      return Take::forward;
  }
}

FrameInput::Mouse FrameInput::next_frame() {
  if (frames_since_lift_ >= 0 && !pointer_.down) {
    // The frame that saw the finger lift still has it where it lifted, so the release lands on
    // the widget; from the next frame on there is no pointer, so nothing stays hovered.
    if (frames_since_lift_ == 0) {
      frames_since_lift_ = 1;
    } else {
      pointer_.visible = false;
      frames_since_lift_ = -1;
    }
  }
  frame_moved_ = frame_button_ = frame_key_ = frame_text_ = false;
  if (!pointer_.visible) return {-FLT_MAX, -FLT_MAX, pointer_.down};
  return {pointer_.x, pointer_.y, pointer_.down};
}

}  // namespace sichtbar
