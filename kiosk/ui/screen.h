// The small interface every kiosk screen implements (one screen, one class, one file), and
// what a screen gets each frame: the session (which decides what comes next), the widgets'
// context, and the kiosk's services (pickers, catalogues, the volunteer's desk).
#pragma once

#include <imgui.h>

#include <chrono>
#include <functional>
#include <string_view>

#include "core/admin.h"
#include "core/setup.h"
#include "domain/catalogue.h"
#include "domain/form.h"
#include "flow/session.h"
#include "flow/volunteer_desk.h"
#include "platform/slip_printer.h"
#include "ui/taxonomies.h"
#include "ui/widgets.h"

namespace sichtbar::ui {

struct KioskServices {
  const Form& form;
  Taxonomies& taxonomies;
  // The volunteer's counts, event, PIN, USB export and "sync now": off the UI thread. Screens
  // get no store: what they show of it the desk has cached or answered.
  VolunteerDesk& desk;
  std::function<const Catalogue*(std::string_view language)> catalogue;
  std::function<std::chrono::system_clock::time_point()> wall_clock;
  bool german_below = false;   // the volunteer's switch
  std::function<void()> quit;  // ends the kiosk (admin "quit to desktop")
  // Opens the question "stop and delete my answers?" (what Back from consent asks first).
  std::function<void()> ask_to_stop;
  // Prints the QR screen's slip off the frame (the printer is KioskSetup::printer).
  SlipPrinter* slip_printer = nullptr;
};

struct Frame {
  KioskSession& session;
  Ui& ui;
  KioskServices& services;
  MonotonicTime now;
  ImVec2 size;  // the window, ImGui units
};

class KioskScreen {
 public:
  virtual ~KioskScreen() = default;
  virtual void draw(Frame& frame) = 0;
  // Forgets everything typed or shown on this screen (the session was reset).
  virtual void wipe() {}
};

}  // namespace sichtbar::ui
