// The small interface every kiosk screen implements (one screen, one class, one file), and
// what a screen gets each frame: the session (which decides what comes next), the widgets'
// context, and the kiosk's services (store, PIN, device, pickers, catalogues).
#pragma once

#include <imgui.h>

#include <chrono>
#include <functional>
#include <string_view>

#include "core/admin.h"
#include "domain/catalogue.h"
#include "domain/form.h"
#include "core/session.h"
#include "core/setup.h"
#include "core/store.h"
#include "sync/background_sync.h"
#include "ui/taxonomies.h"
#include "ui/widgets.h"

namespace sichtbar::ui {

struct KioskServices {
  KioskStore& store;
  AdminPin& pin;
  const Form& form;
  const DeviceIdentity& device;
  Taxonomies& taxonomies;
  BackgroundSync& sync;  // the volunteer's "sync now", off the UI thread
  std::function<const Catalogue*(std::string_view language)> catalogue;
  std::function<std::chrono::system_clock::time_point()> wall_clock;
  bool german_below = false;   // the volunteer's switch
  std::function<void()> quit;  // ends the kiosk (admin "quit to desktop")
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
