// The QR screen: the profile link as a large QR code (the core's modules drawn as rectangles),
// "scan with your phone's camera", and the link as large text to copy by hand (its token in
// blocks of 4, without look-alike characters). It stays until the person taps "I have my link";
// untouched for 3 minutes, it counts down 30 seconds on screen and returns to the welcome
// screen by itself (the session's Qr timeout), so the link is not left for the next person.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "ui/screen.h"

namespace sichtbar::ui {

// When the volunteer set a printer, "Print the link on paper" in the bottom row: a slip with the
// code, the link and a note in the person's language and German (text/slip.h), printed off the
// frame (platform/slip_printer.h); the screen says printing, printed, or to ask the volunteer.
class QrScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override { print_rect_.reset(); }
  // Where the print button was drawn last; none when there is no printer (tests tap it).
  std::optional<std::pair<ImVec2, ImVec2>> print_rect() const { return print_rect_; }

 private:
  void draw_print(Frame& frame, const std::string& url);
  std::optional<std::pair<ImVec2, ImVec2>> print_rect_;
};

}  // namespace sichtbar::ui
