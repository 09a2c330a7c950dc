// Turns SDL's input events into per-frame input for Dear ImGui 1.86, made for touch.
//
// ImGui 1.86 reads input as state once per frame, so a press and a release that arrive between
// two frames would be lost, and a finger that moved and lifted in one frame would be seen lifting
// where it landed. FrameInput therefore lets each event join the current frame only if it does
// not clash with what the frame already holds (the rule ImGui 1.87 later built in as "input
// trickling"); clashing events wait for the next frame, in order. It also owns the one pointer
// that ImGui sees, fed by mouse and touch alike, because the 1.86 SDL backend polls SDL's mouse
// state: that misses events pushed by a test and leaves a lifted finger hovering.
// Pure logic over SDL_Event values: tested without a window.
#pragma once

#include <SDL_events.h>

namespace sichtbar {

struct PointerState {
  float x = 0, y = 0;    // window coordinates (ImGui's units)
  bool down = false;     // the primary finger or the left mouse button is down
  bool touch = false;    // the last pointer event came from a finger
  bool visible = false;  // false: ImGui gets no position, so nothing is hovered
  // Of the current press, or the last one once released: where it started and the furthest it
  // got from there, over every event (not only the positions frames happened to sample).
  float press_x = 0, press_y = 0;
  float travel = 0;
};

class FrameInput {
 public:
  enum class Take {
    pointer,  // used here for the pointer: do not pass it on
    forward,  // belongs to this frame: pass it on to ImGui's SDL backend
    later,    // clashes with this frame's input: offer it again, first, in the next frame
  };

  // The window's size in ImGui units: finger coordinates are normalised to it.
  void set_window_size(float width, float height);
  Take offer(const SDL_Event& event);

  // What ImGui should see this frame; call once per frame, after the backend's NewFrame and
  // before ImGui::NewFrame. It also starts a new frame for offer().
  struct Mouse {
    float x, y;  // -FLT_MAX, -FLT_MAX when no pointer should hover
    bool down;
  };
  Mouse next_frame();

  const PointerState& pointer() const { return pointer_; }

 private:
  struct Pointer {
    float x, y;
    bool down;
    bool visible;
  };
  Take move_pointer(Pointer target, bool from_touch, bool lifting);

  PointerState pointer_;
  float width_ = 1, height_ = 1;
  long long finger_ = -1;  // the finger that drives the pointer; later fingers are ignored
  bool finger_active_ = false;
  int frames_since_lift_ = -1;  // frames drawn since a finger lifted; -1: no lift to clear
  // What the current frame already holds.
  bool frame_moved_ = false;
  bool frame_button_ = false;
  bool frame_key_ = false;
  bool frame_text_ = false;
};

}  // namespace sichtbar
