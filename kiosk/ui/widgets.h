// Touch widgets for the kiosk's screens, all drawing their words through TextRenderer: big
// buttons that fire only on a tap (never after a drag), drag-to-scroll areas, a text field of
// our own over script::TextEdit, the on-screen keyboard, choice rows. Sizes are design pixels
// (1080 px short side) times Ui::scale; no touch target is under 48 design pixels.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/keyboard_layouts.h"
#include "domain/catalogue.h"
#include "flow/tap_gate.h"
#include "text/text_edit.h"
#include "ui/text_renderer.h"

namespace sichtbar::ui {

inline constexpr float kMinTouchPx = 48;  // design pixels: the smallest thing a finger taps
inline constexpr float kButtonPx = 88;    // design pixels: the height of the main buttons

namespace colors {
inline constexpr ImU32 background = IM_COL32(250, 248, 243, 255);
inline constexpr ImU32 text = IM_COL32(25, 25, 30, 255);
inline constexpr ImU32 muted = IM_COL32(90, 90, 100, 255);
inline constexpr ImU32 primary = IM_COL32(18, 94, 160, 255);
inline constexpr ImU32 primary_text = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 secondary = IM_COL32(226, 230, 236, 255);
inline constexpr ImU32 secondary_pressed = IM_COL32(200, 206, 216, 255);
inline constexpr ImU32 primary_pressed = IM_COL32(12, 66, 112, 255);
inline constexpr ImU32 danger = IM_COL32(176, 36, 36, 255);
inline constexpr ImU32 field = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 border = IM_COL32(120, 124, 134, 255);
inline constexpr ImU32 focus = IM_COL32(18, 94, 160, 255);
inline constexpr ImU32 selected = IM_COL32(214, 232, 248, 255);
}  // namespace colors

// primary: the screen's one main action (filled); secondary: any other action; danger: one that
// deletes; chosen: the chosen one of a few buttons that choose a state (a year's calendar, the
// second language switched on), tinted and framed, never a second main action.
enum class ButtonKind { primary, secondary, danger, chosen };

// One thing a finger can tap, as drawn this frame (screen coordinates), with what shows on it:
// what a test of the design checks (no target under kMinTouchPx at 1080p, one filled primary
// action a screen, a pictogram on each choice) and aims its taps at.
struct TouchTarget {
  std::string id;  // the widget's ImGui id ("##nav_next", an option's value)
  ImVec2 min, max;
  ButtonKind kind = ButtonKind::secondary;
  std::optional<script::Icon> icon;  // the pictogram drawn on it, if any
  std::string text;                  // its words (empty: a picture alone)
  bool covered = false;              // under a question drawn over the screen (begin_modal)
  // The part a finger can reach: the window's clip rectangle (a scrolled body's row half under
  // the bottom bar takes taps only above it).
  ImVec2 visible_min, visible_max;
};

// What every widget needs this frame: the text path, the catalogue of the screen's language
// (and German's, for the volunteer's second line), the direction, the scale, whether the
// last press was a tap, and the tap rules with the frame's time (every button and choice row
// asks them, so no screen has to).
struct Ui {
  TextRenderer& text;
  const Catalogue* catalogue = nullptr;
  const Catalogue* german = nullptr;
  // The language under each label when german_below is on: German, or English under German.
  const Catalogue* second = nullptr;
  std::string language = "de";
  bool rtl = false;
  // The second language in small type under each label: the volunteer's switch (German under
  // the admin screens) or the person's (second_language.h).
  bool german_below = false;
  bool reset_scroll = false;  // a new screen: scrolling areas start at the top
  // The speaker button shows in the header's corner this frame (read_aloud.h): the title
  // keeps clear of it.
  bool speaker_button = false;
  // So does the person's second-language switch (second_language.h).
  bool second_language_button = false;
  float scale = 1;
  // The size of the screen's questions, choices and answers this frame: body, or heading where
  // the screen has the room (RoomForType, layout.h). Choice rows draw their words at it.
  TextSize content_size = TextSize::body;
  // When set (a test, the screenshots), every widget adds itself here as it is drawn.
  std::vector<TouchTarget>* touch_targets = nullptr;
  void add_target(const char* id, ImVec2 min, ImVec2 max, ButtonKind kind,
                  std::optional<script::Icon> icon, std::string_view words) const {
    if (!touch_targets) return;
    const ImDrawList& list = *ImGui::GetWindowDrawList();
    const ImVec2 clip_min = list.GetClipRectMin(), clip_max = list.GetClipRectMax();
    touch_targets->push_back({id, min, max, kind, icon, std::string(words), false,
                              ImVec2(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y)),
                              ImVec2(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y))});
  }
  std::function<bool()> press_was_tap = [] { return true; };
  TapGate* taps = nullptr;  // none: every tap counts (a widget drawn outside the kiosk)
  MonotonicTime now{};
  // When something shown for a while (a field's notice) ends: the loop draws then, unasked.
  std::optional<MonotonicTime> redraw_at{};
  void redraw_by(MonotonicTime t) {
    if (!redraw_at || t < *redraw_at) redraw_at = t;
  }

  // A question or screen appeared over what was there: its first taps are ignored (TapGate).
  void appeared() const {
    if (taps) taps->appeared(now);
  }

  float px(float design) const { return design * scale; }
  // The message in the screen's language; German, then the key itself when it is missing (a
  // missing key shows, and the catalogue test fails long before).
  std::string tr(std::string_view key) const;
  // The message with its placeholders filled; in a right-to-left screen each value is isolated
  // (FSI…PDI), so "2025-06-14 15:30", a count or a Latin file name keeps its order among the
  // Arabic-script words.
  std::string format(std::string_view key, std::initializer_list<MessageValue> values) const;
  std::string german_text(std::string_view key) const;
  // The message in the second language (empty when it has none).
  std::string second_text(std::string_view key) const;
  // The same, only while the second language is switched on (what goes under a label or a
  // choice); empty otherwise.
  std::string second_line(std::string_view key) const {
    return german_below ? second_text(key) : std::string();
  }
  // Shapes through the renderer. Runs of Arabic script go one size step up (see TextSize), in
  // any screen and any text: an Arabic name in the German screens and the autonyms on the
  // welcome screen read as large as their Latin neighbours, while German under Arabic labels,
  // a link, and Latin words and digits inside Arabic text stay at their size.
  std::shared_ptr<const script::ShapedParagraph> shape(
      std::string_view words, TextSize size, float max_width = script::kNoWrap,
      script::BaseDirection base = script::BaseDirection::automatic) const {
    return text.shape(words, size, max_width, base, language);
  }
  // The line height of a screen's own text at this size (Arabic-script screens: with Arabic).
  float line_height(TextSize size) const { return text.line_height(size, rtl); }
  script::BaseDirection direction() const {
    return rtl ? script::BaseDirection::rtl : script::BaseDirection::ltr;
  }
};

// A paragraph at the cursor, wrapped to width, aligned to the reading direction (or centred);
// the cursor moves below it. Text from elsewhere (a name typed, an autonym) may pass its own
// direction: automatic takes it from the first strong letter.
void text_block(Ui& ui, std::string_view text, TextSize size, float width,
                ImU32 color = colors::text, Align align = Align::start,
                std::optional<script::BaseDirection> base = std::nullopt);
// A paragraph with a pictogram where reading starts (a section's title): the words wrap beside
// it. Without a pictogram, text_block.
void icon_text_block(Ui& ui, std::optional<script::Icon> icon, std::string_view text, TextSize size,
                     float width, ImU32 color = colors::text);
// A catalogue message, plus the second language (German; English under German) in small type
// below it when the volunteer or the person switched that on.
void label(Ui& ui, std::string_view key, TextSize size, float width, ImU32 color = colors::text,
           Align align = Align::start);
// That second language's line alone (a title or text composed elsewhere): small, muted, left to
// right, under the start of what it translates.
void second_line_block(Ui& ui, std::string_view second, float width, Align align = Align::start);

// Moves the cursor so that an item narrower than the space it sits in starts where reading
// starts: at the right edge of that space in a right-to-left language.
void align_start(const Ui& ui, float available, float item);

// A big button; true only on a tap (a press and release that did not travel: a finger that
// scrolled and lifted over it does not press it).
// base: the text's own direction, e.g. automatic for a language's name in its own script.
bool button(Ui& ui, const char* id, std::string_view text, ImVec2 size,
            ButtonKind kind = ButtonKind::primary,
            std::optional<script::BaseDirection> base = std::nullopt,
            TextSize text_size = TextSize::body);
// A button with a pictogram before its words (where reading starts), both centred together:
// the volunteer's actions, the review's Edit.
bool icon_button(Ui& ui, const char* id, script::Icon icon, std::string_view text, ImVec2 size,
                 ButtonKind kind = ButtonKind::secondary);
// A row with a box (multi) or a circle (single) at the reading start, then the choice's
// pictogram when it has one (script::option_icon), then its words, and under them in small type
// the second language's (Ui::second_line), left to right: true when tapped.
bool choice_row(Ui& ui, const char* id, std::string_view text, bool chosen, float width,
                bool single, std::optional<script::Icon> icon = std::nullopt,
                std::string_view second_line = {});
// The room a choice row's box and pictogram take beside its words.
float choice_row_lead(const Ui& ui, bool with_icon);
// The height choice_row will take with these words (for a screen that lays its rows out first).
float choice_row_height(const Ui& ui, std::string_view text, float width, bool with_icon,
                        std::string_view second_line = {});

// A big square-ish tile with a pictogram above its title (wrapped, centred, never clipped): true
// when tapped. Its height grows with the title and is at least min_height; icon_tile_height says
// how tall it will be, so a row of tiles can share one height.
float icon_tile_height(Ui& ui, std::string_view text, float width);
bool icon_tile(Ui& ui, const char* id, script::Icon icon, std::string_view text, float width,
               float min_height);
// A full-width row of a list to tap: an optional pictogram where reading starts, the text
// (wrapped) with an optional second line in small muted type below (left to right: the German
// name under a translated one), and a chevron at the reading end when it opens a level below
// (mirrored in a right-to-left screen). At least 72 design pixels high.
bool list_row(Ui& ui, const char* id, std::optional<script::Icon> icon, std::string_view text,
              std::string_view second_line, float width, bool opens_level,
              ButtonKind kind = ButtonKind::secondary);

// A child region that scrolls when a finger drags over it (and by the mouse wheel). The
// buttons in it see a drag as no tap (see button()).
void begin_touch_scroll(Ui& ui, const char* id, ImVec2 size);
void end_touch_scroll(Ui& ui);

class TouchTextField;
// Which text field the keyboard types into; null: no keyboard shown.
struct Focus {
  TouchTextField* field = nullptr;
  LayoutId layout = LayoutId::German;
  bool changed = false;  // the focused field's text changed this frame
};

// A one-line (or wrapped multi-line) text field over script::TextEdit: drawn through the shaped
// path, with a caret; a tap focuses it and places the caret where the finger landed.
class TouchTextField {
 public:
  explicit TouchTextField(std::size_t max_code_points, bool masked = false)
      : edit_(max_code_points), masked_(masked) {}

  // Draws the field at the cursor; a tap on it focuses it with `layout` for the keyboard.
  // Returns true when the field was tapped this frame.
  bool draw(Ui& ui, const char* id, float width, Focus& focus, LayoutId layout,
            bool multiline = false);
  script::TextEdit& edit() { return edit_; }
  std::string_view text() const { return edit_.text(); }
  // Replaces the text (answers coming back when a person edits from the review).
  void set_text(std::string_view text);
  void wipe() { edit_.wipe(); }
  // The short message under the field after typing was refused (a character it does not take,
  // or a full field), in the screen's language; empty when none shows.
  std::string notice(const Ui& ui) const;

  // How long that message stays.
  static constexpr std::chrono::seconds kNoticeTime{4};
  // The keyboard's insert/backspace; true when the text changed.
  bool apply(const Ui& ui, const OnScreenKeyboard::Effect& effect);
  // Typing on a physical keyboard into the focused field: characters from ImGui's input queue,
  // Backspace, Delete, the arrows, Home and End. True when the text changed.
  bool take_physical_keys(Ui& ui);
  // Phone numbers, e-mail addresses, years and numbers read left to right in every language: in
  // a right-to-left screen such a field still lays its text out left to right, so "+49 176
  // 5551234" keeps its order and a tap after the digits puts the caret after them.
  void set_left_to_right(bool ltr) { left_to_right_ = ltr; }
  // A year or number: Arabic or Persian digits typed on a physical keyboard come in as the
  // keypad's 0-9 (base/text.h ascii_digit), so they make the same answer the keypad does.
  void set_number(bool number) { number_ = number; }
  script::BaseDirection direction(const Ui& ui) const;
  bool multiline() const { return multiline_; }
  // Where the field was drawn last (screen coordinates): for tests that aim taps at it.
  std::pair<ImVec2, ImVec2> last_rect() const { return last_rect_; }
  // How its text was laid out when drawn last (null before the first draw).
  const script::ShapedParagraph* last_layout() const { return last_layout_.get(); }

 private:
  std::string shown() const;  // the text, or dots for a PIN
  // Takes what was typed (one edit) and keeps what to tell the person. True when it changed.
  bool type(const Ui& ui, std::string_view text);
  script::TextEdit::Typed notice_;
  MonotonicTime notice_until_{};
  std::pair<ImVec2, ImVec2> last_rect_;
  script::TextEdit edit_;
  bool masked_;
  bool left_to_right_ = false;
  bool number_ = false;
  bool multiline_ = false;  // as drawn last
  std::shared_ptr<const script::ShapedParagraph> last_layout_;
};

// The on-screen keyboard, drawn from OnScreenKeyboard's rows. Keys are not ImGui items, so they
// never take the active id from anything, and fire on a tap like the buttons.
class KeyboardPanel {
 public:
  KeyboardPanel() : keyboard_(LayoutId::German) {}
  // Shows `layout` for `field` unless it shows already for that field (its shift state and a
  // switch to Latin letters stay then); a new field starts again at `layout`.
  void show(LayoutId layout, const void* field = nullptr);
  float height(const Ui& ui) const;
  // Draws at the cursor over width; the effect of a key tapped this frame.
  OnScreenKeyboard::Effect draw(Ui& ui, float width);
  const OnScreenKeyboard& keyboard() const { return keyboard_; }
  // Where a key of rows() was drawn last (screen coordinates), if it was.
  std::optional<std::pair<ImVec2, ImVec2>> key_rect(std::size_t row, std::size_t column) const;

 private:
  OnScreenKeyboard keyboard_;
  std::vector<std::vector<std::pair<ImVec2, ImVec2>>> key_rects_;
  LayoutId home_ = LayoutId::German;
  const void* field_ = nullptr;
};

// Every label the keyboards can show: the atlas must hold their glyphs.
std::vector<std::string> keyboard_labels();

// Types into the focused field from the keyboard panel and the physical keyboard. Done closes
// the keyboard (clears focus). Returns true when the text changed.
bool type_into_focus(Ui& ui, Focus& focus, KeyboardPanel& panel, float width);

}  // namespace sichtbar::ui
