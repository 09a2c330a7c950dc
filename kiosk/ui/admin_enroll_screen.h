// Connecting the kiosk to the office hub from the volunteer's screens (a locked kiosk session
// has no shell for `sichtbar-kiosk enroll`): the hub's address (filled in when the kiosk knows
// it) and the one-time code `sichtbar-hub enroll` shows; over the network (Connect), or by USB
// stick (the request written to it, later the office's receipt read from it). The volunteer's
// desk does it off the frame; the screen shows that it waits and then what came of it, in the
// volunteer's words.
// Enrolling again (after a revoke, or a move to another office) asks first and says what
// happens to the profiles that wait (sync_client.h enroll_kiosk), over the network and by stick
// alike: a request for another office leaves the old one as Connect does.
#pragma once

#include <optional>
#include <string>

#include "ui/screen.h"

namespace sichtbar::ui {

class AdminEnrollScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override;
  // What the screen says under the fields (an error in red, or that it is connected); tests.
  const std::string& message() const { return message_; }
  bool message_is_error() const { return message_is_error_; }
  // The line with this kiosk's ID under the help text, as last drawn; tests.
  const std::string& kiosk_id() const { return kiosk_id_; }
  TouchTextField& address() { return address_; }
  TouchTextField& code() { return code_; }

 private:
  void take_answer(Frame& frame);
  // The two ways to the office with the address and the code: Connect, or the USB request.
  enum class Way { connect, usb_request };
  void draw_question(Frame& frame);
  void start(Frame& frame, Way way);
  bool loaded_ = false;
  std::optional<Way> asked_again_;  // "Connect again?" is open, asked before this way
  bool connected_ = false;          // enrolled: the way on is the event (or back to the menu)
  TouchTextField address_{200}, code_{40};
  Focus focus_;
  KeyboardPanel keyboard_;
  std::string message_;
  bool message_is_error_ = false;
  std::string kiosk_id_;
};

}  // namespace sichtbar::ui
