// The platform smoke screen: a big button that counts taps, a counter, and a text field, drawn
// with Noto Sans. Shared by sichtbar-platform-smoke (driven by the GUI tests) and the UI
// benchmark, so both measure the same screen. Not a kiosk screen: those live in kiosk/ui.
#pragma once

#include <filesystem>
#include <string>

#include "platform/platform.h"

namespace sichtbar::smoke {

// Where things are, as fractions of the window, so scripts can aim at them.
inline constexpr float kButtonLeft = 0.25f, kButtonRight = 0.75f;
inline constexpr float kButtonTop = 0.30f, kButtonBottom = 0.55f;
inline constexpr float kFieldTop = 0.66f;

inline const std::filesystem::path kNotoSans =
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";

// A square the screen draws from a rectangle of the font atlas that fonts() reserves and fills
// between packing and upload, as shaped glyphs will be: it shows that the hook works.
inline constexpr float kMarkLeft = 0.05f, kMarkTop = 0.05f, kMarkSize = 0.05f;  // of the height

// Noto Sans at design_px * ui_scale pixels, plus the mark's rectangle; *mark_rect gets its index.
FontSetup fonts(const std::filesystem::path& font_file, int* mark_rect, float design_px = 32);

class Screen {
 public:
  Screen(const Platform& platform, int mark_rect) : platform_(platform), mark_rect_(mark_rect) {}
  void draw();

  int taps() const { return taps_; }
  int drags() const { return drags_; }  // releases over the button after a drag: not taps
  bool button_hovered() const { return hovered_; }
  std::string text() const { return text_; }

 private:
  const Platform& platform_;
  int mark_rect_;
  int taps_ = 0;
  int drags_ = 0;
  bool hovered_ = false;
  char text_[64] = "";
};

}  // namespace sichtbar::smoke
