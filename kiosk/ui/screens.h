// The kiosk's screens, one per state of the flow, registered in one place (screens.cpp, after
// ImHex's ContentRegistry::Views::add): a new screen is its own file plus one line there.
#pragma once

#include <array>
#include <memory>
#include <variant>

#include "flow/session.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class ScreenRegistry {
 public:
  static constexpr std::size_t kCount = std::variant_size_v<flow::State>;

  template <class S>
  void add(Screen screen) {
    screens_[static_cast<std::size_t>(screen)] = std::make_unique<S>();
  }
  // The screen drawn for a state; every state has one (KioskUi::open checks it).
  KioskScreen& at(Screen screen) { return *screens_[static_cast<std::size_t>(screen)]; }
  // The first state without a screen, if any.
  std::optional<Screen> missing() const;
  // Forgets everything typed or shown on every screen.
  void wipe_all();

 private:
  std::array<std::unique_ptr<KioskScreen>, kCount> screens_;
};

// Adds every screen of the kiosk: the one list of them.
void register_screens(ScreenRegistry& registry);

}  // namespace sichtbar::ui
