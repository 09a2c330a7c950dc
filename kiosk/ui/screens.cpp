// The kiosk's screens, registered in one place (see screens.h).
#include "ui/screens.h"

#include "ui/admin_change_pin_screen.h"
#include "ui/admin_enroll_screen.h"
#include "ui/admin_event_screen.h"
#include "ui/admin_home_screen.h"
#include "ui/admin_set_pin_screen.h"
#include "ui/admin_unlock_screen.h"
#include "ui/consent_declined_screen.h"
#include "ui/consent_screen.h"
#include "ui/finish_failed_screen.h"
#include "ui/finishing_screen.h"
#include "ui/qr_screen.h"
#include "ui/review_screen.h"
#include "ui/section_screen.h"
#include "ui/welcome_screen.h"

namespace sichtbar::ui {

void register_screens(ScreenRegistry& registry) {
  registry.add<WelcomeScreen>(Screen::Welcome);
  registry.add<ConsentScreen>(Screen::Consent);
  registry.add<SectionScreen>(Screen::Section);
  registry.add<ReviewScreen>(Screen::Review);
  registry.add<FinishingScreen>(Screen::Finishing);
  registry.add<QrScreen>(Screen::Qr);
  registry.add<FinishFailedScreen>(Screen::FinishFailed);
  registry.add<ConsentDeclinedScreen>(Screen::ConsentDeclined);
  registry.add<AdminUnlockScreen>(Screen::AdminUnlock);
  registry.add<AdminSetPinScreen>(Screen::AdminSetPin);
  registry.add<AdminHomeScreen>(Screen::AdminHome);
  registry.add<AdminEventScreen>(Screen::AdminEvent);
  registry.add<AdminChangePinScreen>(Screen::AdminChangePin);
  registry.add<AdminEnrollScreen>(Screen::AdminEnroll);
}

std::optional<Screen> ScreenRegistry::missing() const {
  for (std::size_t i = 0; i < kCount; ++i)
    if (!screens_[i]) return static_cast<Screen>(i);
  return std::nullopt;
}

void ScreenRegistry::wipe_all() {
  for (auto& screen : screens_)
    if (screen) screen->wipe();
}

}  // namespace sichtbar::ui
