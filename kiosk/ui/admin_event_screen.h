// Event setup: name, venue, date, kind, the languages people can choose, read aloud, and the
// printer for the QR screen's slip (among the CUPS server's queues); saved in the
// kiosk store (through the volunteer's desk, off the frame) and applied to the next person.
#pragma once

#include <string>
#include <vector>

#include "core/setup.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class AdminEventScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override;

 private:
  void load(Frame& frame);
  void finish_saving(Frame& frame);
  void draw_printers(Frame& frame, float width);
  bool loaded_ = false;
  bool saving_ = false;  // the desk saves; its answer is awaited
  TouchTextField name_{120}, venue_{120}, date_{10};
  std::string kind_ = "info";
  std::vector<std::string> languages_;
  bool sound_ = true;  // the person screens read aloud
  std::string printer_;     // the QR screen's printer; empty: none
  EventInfo loaded_event_;  // as saved: its id stays while name and date do
  Focus focus_;
  KeyboardPanel keyboard_;
  std::string message_;
};

}  // namespace sichtbar::ui
