// The frame every screen shares: margins, the progress line and bar at the top, the title, the
// scrolling body, and the bottom bar with Back and Next, whose sides swap for right-to-left
// languages (Back points where reading came from).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/office_settings.h"
#include "ui/screen.h"

namespace sichtbar::ui {

float margin(const Ui& ui);
float nav_bar_height(const Ui& ui);

// The volunteer's notice while the office's settings leave out what the consent names
// (office_incomplete_message): the screen's words, then each missing setting on a line of its
// own. Empty when nothing is missing, or the kiosk has no settings yet ("ui.welcome.no_office").
std::string office_incomplete_notice(const Ui& ui, const std::optional<OfficeSettings>& office);

// Progress (when the session has it) and the screen's title, with its pictogram where reading
// starts when it has one (a section's), and the title's second language (Ui::second_line of its
// key) in small type below, as label() does; the cursor goes below.
void screen_header(Frame& frame, std::string_view title,
                   std::optional<script::Icon> icon = std::nullopt,
                   std::string_view second_line = {});

struct NavResult {
  bool back = false;
  bool next = false;
  bool middle = false;
};
// Pictograms on the bottom bar's buttons (the volunteer's: Lock, Save, Unlock, Cancel).
struct NavIcons {
  std::optional<script::Icon> back, next;
};
// Back and Next along the bottom edge, and optionally a third button between them (consent's
// "I do not agree"); an empty text leaves that button out.
NavResult nav_bar(Frame& frame, std::string_view back_text, std::string_view next_text,
                  std::string_view middle_text = {}, const NavIcons& icons = {});

// The scrolling body from the cursor down to `bottom_reserved` above the window's bottom.
void begin_body(Frame& frame, float bottom_reserved);
void end_body(Frame& frame);
// The width content in the body may use.
float body_width(const Frame& frame);

// Type one size up where a screen has the room: a screen whose questions, choices or answers
// fit its body with room to spare draws them at heading instead of body (Ui::content_size), so
// a person who reads little gets larger words; a long list keeps body, so it does not scroll
// more. Decided from what the last frame drew: a screen starts at body and grows in its second
// frame (while its first taps are ignored anyway), and goes back to body when its content
// outgrows the body (an entry added).
class RoomForType {
 public:
  // Sets ui.content_size for this frame; a screen that just appeared (Ui::reset_scroll: another
  // section too) starts again at body.
  void begin(Ui& ui);
  // After the body's content (before end_body): measures it against the body's height. Not while
  // the keyboard takes part of the body (its questions would shrink as it opens).
  void measure(bool keyboard_up);

 private:
  bool larger_ = false;
};

// A question over everything (the inactivity warning, "stop and delete", the volunteer's quit and
// "connect again?"): the screen dimmed so nothing under it takes a tap, and a card in the middle
// with the heading at its top. The caller draws the rest of the card between begin_modal and
// end_modal.
struct ModalCard {
  ImVec2 pos;  // the card's top-left corner
  float width = 0, height = 0, pad = 0;
  // Where a row of buttons `height` high sits: at the card's bottom, inside the padding.
  float bottom_row_y(float row_height) const { return pos.y + height - pad - row_height; }
};
ModalCard begin_modal(Frame& frame, const char* id, std::string_view heading);
void end_modal();

// One of a question's two answers: the volunteer's questions show a pictogram beside the words.
struct ModalAnswer {
  const char* id;
  std::string_view text;
  ButtonKind kind;
  std::optional<script::Icon> icon = std::nullopt;
};
struct ModalAnswers {
  bool go = false, stay = false;  // which was tapped this frame
};
// A question's two answers in a row at the card's bottom, each at most 400 px wide: the lasting
// step (stop, quit, connect again) where Back is, staying where Next is, so the sides swap in a
// right-to-left language as the bottom bar's do. The caller acts on the answer after end_modal.
ModalAnswers answer_row(Ui& ui, const ModalCard& card, const ModalAnswer& go,
                        const ModalAnswer& stay);

}  // namespace sichtbar::ui
