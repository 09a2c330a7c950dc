// The kiosk's screens as a state machine, without any drawing: which screen shows and what each
// button does. Each screen is a state that holds what it needs (flow::FormSection holds the draft
// and its section, flow::Qr the finished profile), so a screen without its data cannot be written.
// The session's own job is the transitions; the parts it holds are used directly: the answers in
// the state's PersonDraft (draft.h: session.person() to give them, session.draft() to read them),
// inactivity in IdleTimer (idle_timer.h: session.idle()). The ImGui layer draws screen() and calls
// these functions; every transition is tested headless (tests/unit/kiosk/session.cpp).
//
// A person's way through the kiosk:
//   Welcome --choose_language--> Consent --next (required purposes granted)--> Section 1..n
//     --next (required fields answered)--> Review --confirm_finish--> Finishing
//     --finished (the desk sealed and saved it, off the frame)--> Qr --next ("I have my link")
//     or 3 min idle and a 30 s countdown--> Welcome
//   Consent --decline_consent--> ConsentDeclined (answers wiped already) --next/back/idle-->
//     Welcome
//   Finishing --finished with an error (sealing, disk)--> FinishFailed --confirm_finish (again)-->
//   Finishing
//                                                            --back--> Review
//   Review --edit(section id)--> Consent or Section, marked "from review" --next/back--> Review
//   Review --confirm_finish with problems, go_to_problem--> the first problem's section, the same
//   back: Section 1 -> Consent -> Welcome (a reset: nothing is kept); Section k -> Section k-1;
//         Review -> the last section; never from Finishing or Qr.
// The sections are the form's sections after the consent section that the event's kind shows
// (a section with "event_kinds": ["football"] only at football venues).
//
// The volunteer's way, only from Welcome (see admin.h for the gesture and the PIN):
//   Welcome --open_admin--> AdminUnlock (AdminSetPin when the kiosk has no PIN yet)
//     --unlock_admin / set_first_pin--> AdminHome <--> AdminEvent, AdminChangePin, AdminEnroll
//   AdminHome --back / lock_admin / idle--> Welcome
//
// Inactivity: the event loop calls idle().touch(now) on every input and tick(now) when it wakes
// up; idle().next_deadline(now) says when it must wake up at the latest, so it can sleep until
// then.
//   form screens and admin screens: 90 s without input -> a warning counting down 20 s (any input
//     cancels it) -> reset; Finishing too (a store that hangs for minutes ends in a reset, and
//     the sealing's late answer is dropped: finished() matches it to the person);
//   Qr: 3 min -> a countdown of 30 s on the QR screen itself (the code stays in view; any input
//     cancels it) -> reset: the link is never lost to a person still there, and never left for
//     the next one (whoever holds it can see and erase the profile); ConsentDeclined: 10 s;
//   Welcome: never (nothing of anyone is there).
// Reset wipes every answer (sodium_memzero through wipe_json), forgets the profile link and its
// QR code and returns to Welcome in the default language; the admin screens are left (locked).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/admin.h"
#include "core/finish.h"
#include "core/setup.h"
#include "domain/form.h"
#include "domain/ui_languages.h"
#include "domain/validate.h"
#include "flow/draft.h"
#include "flow/idle_timer.h"

namespace sichtbar {

// The screen shown, for the UI's screen table, logs and tests: the index of the flow's state.
enum class Screen {
  Welcome,          // language choice
  Consent,          // the consent text and its purposes
  Section,          // one form section (section() says which)
  Review,           // everything answered, with a way to each section
  Finishing,        // sealing and saving: a frame or two, no input
  Qr,               // the profile link as a QR code
  FinishFailed,     // the profile was not finished; finish_error() says why, answers kept
  ConsentDeclined,  // a polite end; nothing was kept
  AdminUnlock,      // PIN entry
  AdminSetPin,      // first unlock: the kiosk has no PIN yet, the volunteer sets one
  AdminHome,        // counts, sync, export, lock
  AdminEvent,       // event setup
  AdminChangePin,
  AdminEnroll,  // connect to the office hub (enroll, or enroll again) with its one-time code
};
std::string_view screen_name(Screen screen);  // "welcome", "consent", ... for logs and tests

using WallClock = std::function<std::chrono::system_clock::time_point()>;

struct SessionTimeouts {
  std::chrono::seconds form_idle{90};      // form and admin screens, until the warning
  std::chrono::seconds warning{20};        // the warning's countdown, until the reset
  std::chrono::seconds qr_idle{180};       // the QR screen untouched, until its countdown
  std::chrono::seconds qr_countdown{30};   // the QR screen's countdown, until the reset
  std::chrono::seconds declined_idle{10};  // the polite end after declined consent
};

struct SessionConfig {
  SessionTimeouts timeouts;
  std::string default_language{kDefaultUiLanguage};
  // Wall-clock time for the record's timestamps and "this year" in validation; the inactivity
  // timers use only the monotonic time given to touch/tick.
  WallClock wall_clock = [] { return std::chrono::system_clock::now(); };
  // The version of the occupation data the picker offers, stored in every record (FinishContext).
  std::string occupation_reference;
};

// What a button did: whether the screen changed, and if not because answers need attention,
// the problems of the screen shown (validate.h codes, e.g. answers.required at "about.name").
struct Step {
  bool moved = false;
  std::vector<FieldProblem> problems;
};

struct Progress {
  int step = 0;  // 1 to 6 = the consent's steps, then one per section, the last is the review
  int total = 0;
};

// The finished profile while the QR screen shows it; wiped when the screen goes.
class ShownProfile {
 public:
  explicit ShownProfile(FinishedProfile profile) : profile_(std::move(profile)) {}
  ~ShownProfile();
  ShownProfile(ShownProfile&& other) noexcept;
  ShownProfile& operator=(ShownProfile&& other) noexcept;
  const FinishedProfile& operator*() const { return profile_; }
  const FinishedProfile* operator->() const { return &profile_; }

 private:
  FinishedProfile profile_;
};

// What sealing one person's profile needs (finish_profile), handed to whoever seals it: the
// volunteer's desk on its own thread while the kiosk draws "Saving ...". It holds a copy of the
// person's answers and wipes it when it goes, sealed or not.
struct FinishOrder {
  const Form* form = nullptr;
  KioskSetup setup;
  Draft draft;
  // The language the consent text was shown in: its catalogue goes into the consent block.
  std::string consent_language;
  std::string occupation_reference;  // SessionConfig's

  FinishOrder(const Form& form, KioskSetup setup, Draft draft);
  ~FinishOrder();
  FinishOrder(FinishOrder&&) noexcept = default;
  FinishOrder& operator=(FinishOrder&&) noexcept = default;
  FinishOrder(const FinishOrder&) = delete;
  FinishOrder& operator=(const FinishOrder&) = delete;

  // finish_profile for this order; consent_catalogue must be consent_language's.
  Result<FinishedProfile> seal(KioskStore& store, const Catalogue& consent_catalogue,
                               const DeviceIdentity& device,
                               std::chrono::system_clock::time_point now);
};

// The flow's states, one per screen, in the order of Screen. Each says what it holds; the rules
// that differ per screen (its name, inactivity, whether it is the volunteer's) sit beside it.
namespace flow {
enum class IdleKind { none, form, qr, declined };
struct Welcome {
  static constexpr std::string_view name = "welcome";
  static constexpr IdleKind idle = IdleKind::none;
};
struct Consent {
  static constexpr std::string_view name = "consent";
  PersonDraft draft;
  bool from_review = false;
  // The consent is read in short steps (domain/consent_text.h): 0 .. kConsentSteps - 1, the last
  // one the purposes to choose. Next and Back walk them; the purposes are checked on the last.
  std::size_t step = 0;
};
struct FormSection {
  static constexpr std::string_view name = "section";
  PersonDraft draft;
  std::size_t index = 0;  // into KioskSession::sections()
  bool from_review = false;
};
struct Review {
  static constexpr std::string_view name = "review";
  PersonDraft draft;
};
struct Finishing {
  static constexpr std::string_view name = "finishing";
  PersonDraft draft;
};
struct Qr {
  static constexpr std::string_view name = "qr";
  static constexpr IdleKind idle = IdleKind::qr;
  ShownProfile profile;
};
struct FinishFailed {
  static constexpr std::string_view name = "finish_failed";
  PersonDraft draft;
  Error error;
};
struct ConsentDeclined {
  static constexpr std::string_view name = "consent_declined";
  static constexpr IdleKind idle = IdleKind::declined;
};
struct AdminUnlock {
  static constexpr std::string_view name = "admin_unlock";
  static constexpr bool volunteer = true;
};
struct AdminSetPin {
  static constexpr std::string_view name = "admin_set_pin";
  static constexpr bool volunteer = true;
};
struct AdminHome {
  static constexpr std::string_view name = "admin_home";
  static constexpr bool volunteer = true;
};
struct AdminEvent {
  static constexpr std::string_view name = "admin_event";
  static constexpr bool volunteer = true;
};
struct AdminChangePin {
  static constexpr std::string_view name = "admin_change_pin";
  static constexpr bool volunteer = true;
};
struct AdminEnroll {
  static constexpr std::string_view name = "admin_enroll";
  static constexpr bool volunteer = true;
};
using State = std::variant<Welcome, Consent, FormSection, Review, Finishing, Qr, FinishFailed,
                           ConsentDeclined, AdminUnlock, AdminSetPin, AdminHome, AdminEvent,
                           AdminChangePin, AdminEnroll>;
}  // namespace flow

class KioskSession {
 public:
  // form must outlive the session. setup: the hub, the event (kind, languages) it runs for.
  KioskSession(const Form& form, KioskSetup setup, SessionConfig config = {});
  ~KioskSession();
  KioskSession(const KioskSession&) = delete;
  KioskSession& operator=(const KioskSession&) = delete;

  Screen screen() const { return static_cast<Screen>(state_.index()); }
  const flow::State& state() const { return state_; }
  // The section on screen: the consent section on Consent, the current one on Section; else null.
  const Section* section() const;
  // The sections this event shows after consent, in order.
  const std::vector<const Section*>& sections() const { return shown_; }
  bool editing_from_review() const;
  // Consent, Section and Review have a place in the progress bar.
  std::optional<Progress> progress() const;
  // A person's answers are on screen (Consent to Review, FinishFailed): what the stop button ends.
  bool person_present() const;
  // The person's draft while one is present (Finishing too); null elsewhere: answers are read
  // here (answers(), answer(), consent_granted(), consent_language(), ...).
  const PersonDraft* draft() const;
  // The draft a person fills now (Consent to Review, FinishFailed): answers and consent are given
  // here, so none is taken on a screen without a person. Error session.no_person elsewhere.
  Result<PersonDraft*> person();

  // Language: the catalogue locale of the screens, and whether it is written right to left.
  const std::string& language() const { return language_; }
  bool right_to_left() const { return is_right_to_left(language_); }
  // What the language screen offers: the event's languages.
  const std::vector<std::string>& languages() const { return setup_.languages; }
  // At Welcome: starts a person in this language and shows Consent.
  // Refused ("session.not_enrolled") while the kiosk's enrollment is not complete.
  Result<void> choose_language(std::string_view code);
  // Whether a person may start here (KioskSetup::enrolled); the welcome screen says what to do.
  bool enrolled() const { return setup_.enrolled; }
  // The office the consent names (KioskSetup::office). Without one no person starts
  // ("session.no_office"): a consent that cannot name who is responsible is no consent; nor with
  // one that leaves out what the consent names ("session.office_incomplete").
  const std::optional<OfficeSettings>& office() const { return setup_.office; }
  // Consent: the step on screen (flow::Consent::step); nullopt elsewhere.
  std::optional<std::size_t> consent_step() const;
  // The volunteer lets the screens read aloud at this event (KioskSetup::sound).
  bool sound() const { return setup_.sound; }
  // The printer the QR screen may print a slip on; empty: none (KioskSetup::printer).
  const std::string& printer() const { return setup_.printer; }
  // Anywhere a person is (not during Finishing): switches the screens' language.
  Result<void> change_language(std::string_view code);

  // Buttons.
  Step next();
  bool back();
  void decline_consent();               // Consent: a polite end, nothing kept
  bool edit(std::string_view section);  // Review: to that section (or consent), then back here
  Step confirm_finish();                // Review or FinishFailed: every section checked first
  // Review, after a Finish that found problems: to the section of the first one (consent or a
  // form section, marked "from review"), its problems kept for the fields to show; nothing a
  // person taps does nothing. False when there is none to go to.
  bool go_to_problem();
  // Finishing: the order to seal and save the record, for the desk to carry out off the frame;
  // session.wrong_screen elsewhere.
  Result<FinishOrder> finish_order() const;
  // The sealing's answer for the person whose record_id the order carried: Qr, or FinishFailed
  // with the answers kept. An answer for anyone else (the kiosk reset meanwhile) changes nothing
  // and returns false.
  bool finished(const std::array<std::uint8_t, 16>& record_id, Result<FinishedProfile> done);
  // Both on the caller's thread (tests): the order sealed with the catalogue of the consent's
  // language, then finished().
  Result<void> finish(KioskStore& store, const Catalogue& consent_catalogue,
                      const DeviceIdentity& device);
  void reset();

  // The problems the last Next or Finish found, for the fields to mark; and the label key of the
  // field a problem is about ("about.name.label"), empty if it is not about one field.
  const std::vector<FieldProblem>& problems() const { return problems_; }
  std::string_view label_key(const FieldProblem& problem) const;

  // Qr: the profile link and its QR code; null elsewhere. FinishFailed: why.
  const std::string* profile_url() const;
  const QrCode* qr() const;
  const Error* finish_error() const;

  // Inactivity (see the top of this file): the timer follows the screen shown. tick resets the
  // person when it says TimedOut.
  IdleTimer& idle() { return idle_; }
  const IdleTimer& idle() const { return idle_; }
  Idle tick(MonotonicTime now);

  // Admin. The PIN is checked and stored by the volunteer's desk, off the frame (hashing takes
  // a while); these take its answers and move on. open_admin: Welcome -> AdminUnlock, or
  // AdminSetPin when no PIN is set yet (pin_is_set: AdminPin::is_set's answer).
  Result<void> open_admin(const Result<bool>& pin_is_set);
  // AdminUnlock: an Unlocked outcome (AdminPin::try_unlock's) opens AdminHome; the outcome is
  // given back. An answer that comes after the screen went (the kiosk locked itself) opens nothing.
  Result<UnlockOutcome> unlock_admin(Result<UnlockOutcome> checked);
  // AdminSetPin: once the first PIN is saved (AdminPin::set_first's answer), AdminHome.
  Result<void> set_first_pin(Result<void> saved);
  // AdminHome -> AdminEvent, AdminChangePin or AdminEnroll; AdminEnroll -> AdminEvent (a kiosk
  // just enrolled sets up its first event); false from anywhere else.
  bool open_admin_screen(Screen screen);
  void lock_admin();
  // After the volunteer saved a new event or enrolled the kiosk (admin screens only): its kind
  // and languages, its hub and enrollment apply to the next person.
  Result<void> replace_setup(KioskSetup setup);

 private:
  // Every change of screen goes through here: the idle timer takes the new screen's rule.
  void enter(flow::State state);
  void show_sections_for_event();
  // The problems of one section (path prefix), after validating all answers.
  std::vector<FieldProblem> section_problems(const PersonDraft& draft,
                                             const Section& section) const;
  ValidatedAnswers validate(const PersonDraft& draft) const;
  Step stay(std::vector<FieldProblem> problems);
  Step move_to(flow::State state);
  void wipe_problems();

  const Form& form_;
  KioskSetup setup_;
  SessionConfig config_;
  std::vector<const Section*> shown_;

  flow::State state_;
  std::string language_;
  std::vector<FieldProblem> problems_;
  IdleTimer idle_;
};

}  // namespace sichtbar
