// The kiosk's screen state machine; see session.h for the screens and their transitions.
#include "flow/session.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <utility>

#include "base/dates.h"
#include "base/wipe.h"
#include "domain/consent_text.h"

namespace sichtbar {

namespace {

// Coming back to the consent from a later screen: to its choices, where the person left it.
constexpr std::size_t kLastConsentStep = kConsentSteps - 1;

// Whether the person answered anything beyond consent: a profile of consent alone shows nobody
// anything and is not finished.
bool answered_beyond_consent(const Form& form, const PersonDraft& draft) {
  for (const Section& section : form.sections)
    for (const Field& field : section.fields) {
      if (field.type == FieldType::Consent) continue;
      const nlohmann::json* a = draft.answer(section.id, field.id);
      if (!a || a->is_null() || (a->is_string() && a->get_ref<const std::string&>().empty()))
        continue;
      if (a->is_array() && a->empty()) continue;
      if (field.type == FieldType::Group && a->is_array() &&
          std::none_of(a->begin(), a->end(), [](const nlohmann::json& entry) {
            return entry.is_object() &&
                   std::any_of(entry.begin(), entry.end(), [](const nlohmann::json& v) {
                     return !v.is_null() &&
                            !(v.is_string() && v.get_ref<const std::string&>().empty());
                   });
          }))
        continue;
      return true;
    }
  return false;
}

using nlohmann::json;
namespace f = flow;

// Screen is the index of the flow's state: the two lists must stay in step.
static_assert(std::variant_size_v<f::State> == static_cast<std::size_t>(Screen::AdminEnroll) + 1);
static_assert(
    std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Screen::Section), f::State>,
                   f::FormSection>);
static_assert(std::is_same_v<
              std::variant_alternative_t<static_cast<std::size_t>(Screen::Qr), f::State>, f::Qr>);
static_assert(
    std::is_same_v<
        std::variant_alternative_t<static_cast<std::size_t>(Screen::AdminEnroll), f::State>,
        f::AdminEnroll>);

template <class T>
concept HoldsDraft = requires(T t) {
  t.draft;
};
template <class T>
concept FromReview = requires(T t) {
  t.from_review;
};

template <class T>
constexpr f::IdleKind idle_kind() {
  if constexpr (requires { T::idle; })
    return T::idle;
  else
    return f::IdleKind::form;  // a person's answers (Finishing too) or a volunteer's screen
}
template <class T>
constexpr bool volunteer() {
  if constexpr (requires { T::volunteer; })
    return T::volunteer;
  else
    return false;
}

template <std::size_t... I>
constexpr auto state_names(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{
      std::variant_alternative_t<I, f::State>::name...};
}
constexpr auto kNames = state_names(std::make_index_sequence<std::variant_size_v<f::State>>());

bool is_about(const FieldProblem& problem, std::string_view section) {
  const std::string_view path = problem.path;
  return path == section || (path.starts_with(section) && path.size() > section.size() &&
                             (path[section.size()] == '.' || path[section.size()] == '['));
}

// Messages never quote typed text, but a code in one (a country) can still say something personal.
void wipe(std::vector<FieldProblem>& problems) {
  for (FieldProblem& p : problems) {
    wipe_string(p.path);
    wipe_string(p.message);
  }
  problems.clear();
}

// The draft the state holds, moved out of it (the state is replaced right after).
PersonDraft take_draft(f::State& state) {
  return std::visit(
      [](auto& s) -> PersonDraft {
        if constexpr (HoldsDraft<std::decay_t<decltype(s)>>)
          return std::move(s.draft);
        else
          std::abort();  // a programming error: only called in states that hold a draft
      },
      state);
}

}  // namespace

std::string_view screen_name(Screen screen) {
  const auto i = static_cast<std::size_t>(screen);
  return i < kNames.size() ? kNames[i] : "?";
}

ShownProfile::~ShownProfile() { wipe(profile_); }

ShownProfile::ShownProfile(ShownProfile&& other) noexcept : profile_(std::move(other.profile_)) {
  wipe(other.profile_);
}

ShownProfile& ShownProfile::operator=(ShownProfile&& other) noexcept {
  if (this == &other) return *this;
  wipe(profile_);
  profile_ = std::move(other.profile_);
  wipe(other.profile_);
  return *this;
}

KioskSession::KioskSession(const Form& form, KioskSetup setup, SessionConfig config)
    : form_(form),
      setup_(std::move(setup)),
      config_(std::move(config)),
      idle_(config_.timeouts.warning) {
  language_ = config_.default_language;
  show_sections_for_event();
}

KioskSession::~KioskSession() { reset(); }

void KioskSession::show_sections_for_event() {
  shown_.clear();
  // The first section holds the consent (the form loader makes sure of it) and has its own screen.
  for (std::size_t i = 1; i < form_.sections.size(); ++i)
    if (form_.sections[i].shown_at(setup_.event.kind)) shown_.push_back(&form_.sections[i]);
}

const Section* KioskSession::section() const {
  if (std::holds_alternative<f::Consent>(state_)) return &form_.sections.front();
  if (auto* s = std::get_if<f::FormSection>(&state_)) return shown_[s->index];
  return nullptr;
}

bool KioskSession::editing_from_review() const {
  return std::visit(
      [](const auto& s) {
        if constexpr (FromReview<std::decay_t<decltype(s)>>)
          return s.from_review;
        else
          return false;
      },
      state_);
}

std::optional<Progress> KioskSession::progress() const {
  // Each of the consent's steps is a place of its own: a person taps Next on each, and a bar that
  // stood still through six screens looked stuck.
  const int consent = static_cast<int>(kConsentSteps);
  const int total = consent + static_cast<int>(shown_.size()) + 1;
  if (auto* c = std::get_if<f::Consent>(&state_))
    return Progress{static_cast<int>(std::min(c->step, kLastConsentStep)) + 1, total};
  if (auto* s = std::get_if<f::FormSection>(&state_))
    return Progress{consent + static_cast<int>(s->index) + 1, total};
  if (std::holds_alternative<f::Review>(state_)) return Progress{total, total};
  return std::nullopt;
}

std::optional<std::size_t> KioskSession::consent_step() const {
  if (auto* s = std::get_if<f::Consent>(&state_)) return s->step;
  return std::nullopt;
}

const PersonDraft* KioskSession::draft() const {
  return std::visit(
      [](const auto& s) -> const PersonDraft* {
        if constexpr (HoldsDraft<std::decay_t<decltype(s)>>)
          return &s.draft;
        else
          return nullptr;
      },
      state_);
}

bool KioskSession::person_present() const {
  return draft() && !std::holds_alternative<f::Finishing>(state_);
}

Result<PersonDraft*> KioskSession::person() {
  if (!person_present())
    return fail("session.no_person", "Answers can be given only while a person fills the form.");
  return const_cast<PersonDraft*>(draft());
}

// --- Language ----------------------------------------------------------------------------

Result<void> KioskSession::choose_language(std::string_view code) {
  if (!std::holds_alternative<f::Welcome>(state_))
    return fail("session.wrong_screen", "A language is chosen on the language screen.");
  // No person starts on a kiosk the hub does not know: their profile could never be opened.
  if (!setup_.enrolled) return fail("session.not_enrolled", std::string(kNotEnrolledMessage));
  if (!setup_.office) return fail("session.no_office", std::string(kNoOfficeMessage));
  if (auto incomplete = office_incomplete_message(*setup_.office); !incomplete.empty())
    return fail("session.office_incomplete", incomplete);
  if (std::find(setup_.languages.begin(), setup_.languages.end(), code) == setup_.languages.end())
    return fail("session.language_not_offered",
                "The language \"" + std::string(code) + "\" is not offered at this event.");
  language_ = code;
  move_to(f::Consent{PersonDraft(form_, shown_, Draft::start(language_, config_.wall_clock()))});
  return {};
}

Result<void> KioskSession::change_language(std::string_view code) {
  if (!person_present() && !std::holds_alternative<f::ConsentDeclined>(state_) &&
      !std::holds_alternative<f::Qr>(state_))
    return fail("session.wrong_screen", "The language can be changed while a person is here.");
  if (std::find(setup_.languages.begin(), setup_.languages.end(), code) == setup_.languages.end())
    return fail("session.language_not_offered",
                "The language \"" + std::string(code) + "\" is not offered at this event.");
  language_ = code;
  if (auto d = person()) (*d)->set_locale(language_);
  return {};
}

// --- Buttons -----------------------------------------------------------------------------

Step KioskSession::stay(std::vector<FieldProblem> problems) {
  wipe_problems();
  problems_ = problems;
  return Step{false, std::move(problems)};
}

Step KioskSession::move_to(f::State state) {
  wipe_problems();
  enter(std::move(state));
  return Step{true, {}};
}

void KioskSession::enter(f::State state) {
  state_ = std::move(state);
  const SessionTimeouts& t = config_.timeouts;
  const f::IdleKind kind =
      std::visit([](const auto& s) { return idle_kind<std::decay_t<decltype(s)>>(); }, state_);
  switch (kind) {
    case f::IdleKind::none:
      idle_.set_rule({});
      return;
    case f::IdleKind::qr:
      idle_.set_rule({t.qr_idle, true, t.qr_countdown});
      return;
    case f::IdleKind::declined:
      idle_.set_rule({t.declined_idle, false, std::nullopt});
      return;
    case f::IdleKind::form:
      idle_.set_rule({t.form_idle, true, std::nullopt});
      return;
  }
}

ValidatedAnswers KioskSession::validate(const PersonDraft& draft) const {
  return validate_answers(form_, draft.answers(),
                          ValidationContext{setup_.event.kind, year_of(config_.wall_clock())});
}

std::vector<FieldProblem> KioskSession::section_problems(const PersonDraft& draft,
                                                         const Section& section) const {
  ValidatedAnswers checked = validate(draft);
  std::vector<FieldProblem> mine;
  for (FieldProblem& p : checked.problems)
    if (is_about(p, section.id)) mine.push_back(std::move(p));
  wipe(checked.problems);
  wipe_json(checked.answers);
  return mine;
}

Step KioskSession::next() {
  if (auto* s = std::get_if<f::Consent>(&state_)) {
    if (s->step + 1 < kConsentSteps) {
      ++s->step;
      wipe_problems();
      return Step{true, {}};
    }
    if (auto problems = section_problems(s->draft, form_.sections.front()); !problems.empty())
      return stay(std::move(problems));
    s->draft.set_consent_language(language_);
    if (s->from_review || shown_.empty()) return move_to(f::Review{take_draft(state_)});
    return move_to(f::FormSection{take_draft(state_), 0, false});
  }
  if (auto* s = std::get_if<f::FormSection>(&state_)) {
    if (auto problems = section_problems(s->draft, *shown_[s->index]); !problems.empty())
      return stay(std::move(problems));
    if (s->from_review || s->index + 1 == shown_.size())
      return move_to(f::Review{take_draft(state_)});
    const std::size_t next_index = s->index + 1;
    return move_to(f::FormSection{take_draft(state_), next_index, false});
  }
  // Qr: "Done", the next person may come. ConsentDeclined: "Back to the start".
  if (std::holds_alternative<f::Qr>(state_) || std::holds_alternative<f::ConsentDeclined>(state_)) {
    reset();
    return Step{true, {}};
  }
  return Step{false, {}};
}

bool KioskSession::back() {
  switch (screen()) {
    case Screen::Consent: {
      auto& consent = std::get<f::Consent>(state_);
      if (consent.from_review) return move_to(f::Review{take_draft(state_)}).moved;
      if (consent.step > 0) {
        --consent.step;
        wipe_problems();
        return true;
      }
      reset();  // back to the language screen: nothing of this person is kept
      return true;
    }
    case Screen::Section: {
      const auto& s = std::get<f::FormSection>(state_);
      if (s.from_review) return move_to(f::Review{take_draft(state_)}).moved;
      if (s.index == 0) return move_to(f::Consent{take_draft(state_), false, kLastConsentStep}).moved;
      const std::size_t previous = s.index - 1;
      return move_to(f::FormSection{take_draft(state_), previous, false}).moved;
    }
    case Screen::Review:
      if (shown_.empty()) return move_to(f::Consent{take_draft(state_), false, kLastConsentStep}).moved;
      return move_to(f::FormSection{take_draft(state_), shown_.size() - 1, false}).moved;
    case Screen::FinishFailed:
      return move_to(f::Review{take_draft(state_)}).moved;
    case Screen::ConsentDeclined:
    case Screen::AdminUnlock:
    case Screen::AdminSetPin:
    case Screen::AdminHome:
      reset();
      return true;
    case Screen::AdminEvent:
    case Screen::AdminChangePin:
    case Screen::AdminEnroll:
      return move_to(f::AdminHome{}).moved;
    case Screen::Welcome:
    case Screen::Finishing:
    case Screen::Qr:
      return false;
  }
  return false;
}

void KioskSession::decline_consent() {
  if (!std::holds_alternative<f::Consent>(state_)) return;
  const std::string language = language_;
  reset();
  language_ = language;  // the polite end speaks their language; it holds nothing else of them
  enter(f::ConsentDeclined{});
}

bool KioskSession::edit(std::string_view section) {
  if (!std::holds_alternative<f::Review>(state_)) return false;
  if (section == form_.sections.front().id) {
    move_to(f::Consent{take_draft(state_), true, kLastConsentStep});
    return true;
  }
  auto it = std::find_if(shown_.begin(), shown_.end(),
                         [&](const Section* s) { return s->id == section; });
  if (it == shown_.end()) return false;
  move_to(f::FormSection{take_draft(state_), static_cast<std::size_t>(it - shown_.begin()), true});
  return true;
}

Step KioskSession::confirm_finish() {
  if (!std::holds_alternative<f::Review>(state_) &&
      !std::holds_alternative<f::FinishFailed>(state_))
    return Step{false, {}};
  ValidatedAnswers checked = validate(*draft());
  wipe_json(checked.answers);
  if (!checked.ok()) return stay(std::move(checked.problems));
  if (!answered_beyond_consent(form_, *draft()))
    return stay({FieldProblem{"", "answers.empty_profile",
                              "Nothing but consent was given: answer at least one question."}});
  return move_to(f::Finishing{take_draft(state_)});
}

bool KioskSession::go_to_problem() {
  if (problems_.empty() || !std::holds_alternative<f::Review>(state_)) return false;
  const std::string_view first = problems_.front().path;
  // A copy: the problems move below.
  const std::string section(first.substr(0, first.find_first_of(".[")));
  std::optional<f::State> to;
  if (section == form_.sections.front().id)
    to = f::Consent{take_draft(state_), true, kLastConsentStep};
  for (std::size_t i = 0; !to && i < shown_.size(); ++i)
    if (shown_[i]->id == section) to = f::FormSection{take_draft(state_), i, true};
  if (!to) return false;
  // The problems of that section stay for its fields to show; enter() keeps them.
  std::vector<FieldProblem> kept;
  for (FieldProblem& p : problems_)
    if (is_about(p, section)) kept.push_back(std::move(p));
  wipe_problems();
  problems_ = std::move(kept);
  enter(std::move(*to));
  return true;
}

FinishOrder::FinishOrder(const Form& form_, KioskSetup setup_, Draft draft_)
    : form(&form_), setup(std::move(setup_)), draft(std::move(draft_)) {
  consent_language = draft.consent_locale.empty() ? draft.locale : draft.consent_locale;
}

FinishOrder::~FinishOrder() { draft.wipe(); }

Result<FinishedProfile> FinishOrder::seal(KioskStore& store, const Catalogue& consent_catalogue,
                                          const DeviceIdentity& device,
                                          std::chrono::system_clock::time_point now) {
  if (consent_catalogue.language() != consent_language)
    return fail("session.wrong_catalogue",
                "The consent text must come from the language consent was given in (\"" +
                    consent_language + "\"), not \"" + consent_catalogue.language() + "\".");
  return finish_profile(
      store, FinishContext{*form, consent_catalogue, device, setup, occupation_reference}, draft,
      now);
}

Result<FinishOrder> KioskSession::finish_order() const {
  auto* finishing = std::get_if<f::Finishing>(&state_);
  if (!finishing)
    return fail("session.wrong_screen", "Finishing starts with the review's finish button.");
  FinishOrder order(form_, setup_, finishing->draft.draft());
  order.occupation_reference = config_.occupation_reference;
  return order;
}

bool KioskSession::finished(const std::array<std::uint8_t, 16>& record_id,
                            Result<FinishedProfile> done) {
  auto* finishing = std::get_if<f::Finishing>(&state_);
  if (!finishing || finishing->draft.draft().record_id != record_id) {
    if (done) wipe(*done);
    return false;
  }
  if (!done) {
    // Not finished: the answers stay, the person is told and may try again.
    enter(f::FinishFailed{take_draft(state_), done.error()});
    return true;
  }
  // Sealed: the plaintext is not needed any more (the Finishing state and its draft go).
  move_to(f::Qr{ShownProfile(std::move(*done))});
  return true;
}

Result<void> KioskSession::finish(KioskStore& store, const Catalogue& consent_catalogue,
                                  const DeviceIdentity& device) {
  auto order = finish_order();
  if (!order) return std::unexpected(order.error());
  auto done = order->seal(store, consent_catalogue, device, config_.wall_clock());
  Result<void> outcome;
  if (!done) outcome = std::unexpected(done.error());
  finished(order->draft.record_id, std::move(done));
  return outcome;
}

void KioskSession::wipe_problems() { wipe(problems_); }

void KioskSession::reset() {
  enter(f::Welcome{});  // the state held the draft or the profile: it wipes them as it goes
  wipe_problems();
  language_ = config_.default_language;
}

// --- Problems ----------------------------------------------------------------------------

std::string_view KioskSession::label_key(const FieldProblem& problem) const {
  // "section.field" or "section.group[2].field"
  const std::string_view path = problem.path;
  const std::size_t dot = path.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view section = path.substr(0, dot);
  std::string_view rest = path.substr(dot + 1);
  const std::size_t bracket = rest.find('[');
  const Field* field = form_.find_field(section, rest.substr(0, bracket));
  if (!field) return {};
  if (bracket == std::string_view::npos) return field->label_key;
  const std::size_t inner = rest.find("].");
  if (inner == std::string_view::npos) return field->label_key;
  const std::string_view inner_id = rest.substr(inner + 2);
  for (const Field& f : field->fields)
    if (f.id == inner_id) return f.label_key;
  return field->label_key;
}

const std::string* KioskSession::profile_url() const {
  auto* qr = std::get_if<f::Qr>(&state_);
  return qr ? &qr->profile->profile_url : nullptr;
}

const QrCode* KioskSession::qr() const {
  auto* qr = std::get_if<f::Qr>(&state_);
  return qr ? &qr->profile->qr : nullptr;
}

const Error* KioskSession::finish_error() const {
  auto* failed = std::get_if<f::FinishFailed>(&state_);
  return failed ? &failed->error : nullptr;
}

// --- Inactivity --------------------------------------------------------------------------

Idle KioskSession::tick(MonotonicTime now) {
  const Idle idle = idle_.state(now);
  if (idle == Idle::TimedOut) reset();
  return idle;
}

// --- Admin -------------------------------------------------------------------------------

Result<void> KioskSession::open_admin(const Result<bool>& pin_is_set) {
  if (!std::holds_alternative<f::Welcome>(state_))
    return fail("session.wrong_screen", "The admin screen opens from the language screen.");
  if (!pin_is_set) return std::unexpected(pin_is_set.error());
  if (*pin_is_set)
    move_to(f::AdminUnlock{});
  else
    move_to(f::AdminSetPin{});
  return {};
}

Result<UnlockOutcome> KioskSession::unlock_admin(Result<UnlockOutcome> checked) {
  if (!std::holds_alternative<f::AdminUnlock>(state_))
    return fail("session.wrong_screen", "The PIN is typed on the admin PIN screen.");
  if (checked && checked->kind == UnlockOutcome::Kind::Unlocked) move_to(f::AdminHome{});
  return checked;
}

Result<void> KioskSession::set_first_pin(Result<void> saved) {
  if (!std::holds_alternative<f::AdminSetPin>(state_))
    return fail("session.wrong_screen", "A first PIN is set on the new-PIN screen.");
  if (!saved) return saved;
  move_to(f::AdminHome{});
  return {};
}

bool KioskSession::open_admin_screen(Screen screen) {
  if (std::holds_alternative<f::AdminEnroll>(state_) && screen == Screen::AdminEvent)
    return move_to(f::AdminEvent{}).moved;
  if (!std::holds_alternative<f::AdminHome>(state_)) return false;
  if (screen == Screen::AdminEvent) return move_to(f::AdminEvent{}).moved;
  if (screen == Screen::AdminChangePin) return move_to(f::AdminChangePin{}).moved;
  if (screen == Screen::AdminEnroll) return move_to(f::AdminEnroll{}).moved;
  return false;
}

void KioskSession::lock_admin() {
  if (std::visit([](const auto& s) { return volunteer<std::decay_t<decltype(s)>>(); }, state_))
    reset();
}

Result<void> KioskSession::replace_setup(KioskSetup setup) {
  if (!std::holds_alternative<f::AdminHome>(state_) &&
      !std::holds_alternative<f::AdminEvent>(state_) &&
      !std::holds_alternative<f::AdminEnroll>(state_))
    return fail("session.wrong_screen", "The event changes only on the admin screens.");
  if (setup.languages.empty())
    return fail("setup.bad_languages", "Choose at least one language for the event.");
  setup_ = std::move(setup);
  show_sections_for_event();
  return {};
}

}  // namespace sichtbar
