// The kiosk application: KioskUi holds everything the screens need (store, setup, form,
// catalogues, fonts, session, screens) and draws one frame of whichever screen the session
// shows; it runs headless in tests. run_kiosk opens the window and runs the event-driven loop
// with the session's deadlines (`sichtbar-kiosk ui`).
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/admin.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/catalogue.h"
#include "domain/form.h"
#include "flow/session.h"
#include "flow/tap_gate.h"
#include "platform/platform.h"
#include "platform/speaker.h"
#include "ui/screen.h"
#include "ui/screens.h"
#include "ui/second_language.h"
#include "ui/text_renderer.h"

namespace sichtbar::ui {

class AdminEnrollScreen;
class SectionScreen;
class WelcomeScreen;
class IdleWarningOverlay;
class ReadAloud;
class StopDialog;

class KioskUi {
 public:
  // Opens the store in data_dir (one not set up yet opens too, not enrolled: its volunteer
  // connects it to the office from the screens), the form and catalogues in
  // assets_dir and the Noto fonts. Errors say what a volunteer can do (run setup, install
  // fonts-noto-core, reinstall the assets).
  // desk_store: what the volunteer's desk works on (default: the store in data_dir).
  static Result<std::unique_ptr<KioskUi>> open(const std::filesystem::path& data_dir,
                                               const std::filesystem::path& assets_dir,
                                               SessionConfig config = {},
                                               std::unique_ptr<DeskStore> desk_store = nullptr);
  ~KioskUi();

  // Every text the atlas must be able to draw: the catalogues of all UI languages, the
  // keyboards' labels, language names, the built-in occupations.
  std::vector<std::string> atlas_strings() const;
  TextRenderer& text() { return *text_; }
  KioskSession& session() { return *session_; }
  Ui& ui() { return ui_; }
  KioskStore& store() { return store_; }
  SectionScreen& section_screen();
  WelcomeScreen& welcome_screen();
  AdminEnrollScreen& enroll_screen();
  VolunteerDesk& desk() { return *desk_; }
  // Read aloud: the speaker button and what it says. Without a speaker (set_speaker), the
  // button never shows; run_kiosk gives it the sound output.
  ReadAloud& read_aloud() { return *read_aloud_; }
  void set_speaker(std::unique_ptr<Speaker> speaker);
  // The person's switch for German (English) under every label.
  SecondLanguageToggle& second_language() { return second_language_; }
  KioskServices& services() { return *services_; }

  // How a press is told from a drag (Platform::press_was_tap), the scale, and what "quit"
  // does: set before the first frame.
  void set_press_was_tap(std::function<bool()> press_was_tap);
  void set_scale(float ui_scale) { ui_.scale = ui_scale; }
  void set_quit(std::function<void()> quit) { services_->quit = std::move(quit); }
  // Called from another thread when work off the UI thread ends (a sync): wakes the loop.
  void set_wake(std::function<void()> wake);
  BackgroundSync& sync() { return *sync_; }
  // ImGui's style for the kiosk (colours, no window padding, scrollbar size).
  void apply_style() const;

  // Input arrived at `at` (the inactivity timers start again).
  void input(MonotonicTime at) { session_->idle().touch(at); }
  // One frame, between ImGui::NewFrame and ImGui::Render.
  void draw(MonotonicTime now);
  // When the loop must draw next without input: the session's deadlines, each second of a
  // countdown on screen, and now while a finish waits for its frame (the desk's answer wakes
  // the loop).
  std::optional<MonotonicTime> next_deadline(MonotonicTime now) const;

 private:
  KioskUi(KioskStore store, DeviceIdentity device, Form form, KioskSetup setup,
          std::unique_ptr<TextRenderer> text);
  const Catalogue* catalogue(std::string_view language) const;
  void wipe_person();

  KioskStore store_;
  DeviceIdentity device_;
  std::unique_ptr<BackgroundSync> sync_;  // after device_: it holds a reference to it
  Form form_;
  std::map<std::string, Catalogue, std::less<>> catalogues_;
  std::unique_ptr<Taxonomies> taxonomies_;
  // Holds the occupation index's build back until the first frame is on screen, so the two do
  // not share the cores while the kiosk starts; set at the second draw (or on close).
  std::optional<std::promise<void>> occupation_build_gate_;
  int frames_drawn_ = 0;
  // The screen language whose occupation labels were last asked for (see
  // Taxonomies::want_occupation_language).
  std::string occupation_language_;
  std::unique_ptr<TextRenderer> text_;
  std::unique_ptr<KioskSession> session_;
  std::unique_ptr<VolunteerDesk> desk_;  // after sync_: it holds a reference to it
  std::unique_ptr<KioskServices> services_;
  Ui ui_;
  TapGate taps_;  // which taps count (ui_.taps)
  KioskSetup initial_setup_;

  ScreenRegistry screens_;
  std::unique_ptr<IdleWarningOverlay> idle_warning_;
  std::unique_ptr<StopDialog> stop_dialog_;
  std::unique_ptr<ReadAloud> read_aloud_;
  SecondLanguageToggle second_language_;
  std::unique_ptr<SlipPrinter> slip_printer_;

  Screen last_screen_ = Screen::Welcome;
  const Section* last_section_ = nullptr;
  // A new consent step is a new screen too: it starts at its top and ignores the finger that
  // brought it, so a double tap on Next cannot skip a step unread.
  std::optional<std::size_t> last_consent_step_;
  bool last_warning_ = false;     // the inactivity warning was over the screen
  bool finishing_drawn_ = false;  // "Saving ..." was on screen in the last frame
  bool finish_ordered_ = false;   // and the desk has the order to seal and save
};

struct KioskRunOptions {
  std::filesystem::path data_dir, assets_dir;
  bool fullscreen = true;
  int width = 1280, height = 800;  // windowed
  // The language the kiosk starts in and returns to after each person (a UI language).
  std::string language{kDefaultUiLanguage};
  std::optional<InputScript> script;
  SessionTimeouts timeouts;
};

// Opens the window and runs the kiosk until it is closed or a volunteer quits. Returns a
// process exit code; errors are printed for the volunteer.
int run_kiosk(const KioskRunOptions& options);

}  // namespace sichtbar::ui
