// The kiosk's screen state machine; see session.h for the screens and their transitions.
#include "core/session.h"

#include <sodium.h>

#include <algorithm>

#include "base/dates.h"

namespace sichtbar {

namespace {

using nlohmann::json;

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

}  // namespace

std::string_view screen_name(Screen screen) {
  switch (screen) {
    case Screen::Welcome:
      return "welcome";
    case Screen::Consent:
      return "consent";
    case Screen::Section:
      return "section";
    case Screen::Review:
      return "review";
    case Screen::Finishing:
      return "finishing";
    case Screen::Qr:
      return "qr";
    case Screen::FinishFailed:
      return "finish_failed";
    case Screen::ConsentDeclined:
      return "consent_declined";
    case Screen::AdminUnlock:
      return "admin_unlock";
    case Screen::AdminSetPin:
      return "admin_set_pin";
    case Screen::AdminHome:
      return "admin_home";
    case Screen::AdminEvent:
      return "admin_event";
    case Screen::AdminChangePin:
      return "admin_change_pin";
  }
  return "?";
}

KioskSession::KioskSession(const Form& form, KioskSetup setup, SessionConfig config)
    : form_(form), setup_(std::move(setup)), config_(std::move(config)) {
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
  if (screen_ == Screen::Consent) return &form_.sections.front();
  if (screen_ == Screen::Section) return shown_[section_index_];
  return nullptr;
}

std::optional<Progress> KioskSession::progress() const {
  const int total = static_cast<int>(shown_.size()) + 2;
  switch (screen_) {
    case Screen::Consent:
      return Progress{1, total};
    case Screen::Section:
      return Progress{static_cast<int>(section_index_) + 2, total};
    case Screen::Review:
      return Progress{total, total};
    default:
      return std::nullopt;
  }
}

bool KioskSession::person_present() const {
  switch (screen_) {
    case Screen::Consent:
    case Screen::Section:
    case Screen::Review:
    case Screen::FinishFailed:
      return draft_.has_value();
    default:
      return false;
  }
}

// --- Language ----------------------------------------------------------------------------

Result<void> KioskSession::choose_language(std::string_view code) {
  if (screen_ != Screen::Welcome)
    return fail("session.wrong_screen", "A language is chosen on the language screen.");
  if (std::find(setup_.languages.begin(), setup_.languages.end(), code) == setup_.languages.end())
    return fail("session.language_not_offered",
                "The language \"" + std::string(code) + "\" is not offered at this event.");
  language_ = code;
  draft_ = Draft::start(language_, config_.wall_clock());
  move_to(Screen::Consent);
  return {};
}

Result<void> KioskSession::change_language(std::string_view code) {
  if (!person_present() && screen_ != Screen::ConsentDeclined && screen_ != Screen::Qr)
    return fail("session.wrong_screen", "The language can be changed while a person is here.");
  if (std::find(setup_.languages.begin(), setup_.languages.end(), code) == setup_.languages.end())
    return fail("session.language_not_offered",
                "The language \"" + std::string(code) + "\" is not offered at this event.");
  language_ = code;
  if (draft_) draft_->locale = language_;
  return {};
}

// --- Buttons -----------------------------------------------------------------------------

Step KioskSession::stay(std::vector<FieldProblem> problems) {
  wipe_problems();
  problems_ = problems;
  return Step{false, std::move(problems)};
}

Step KioskSession::move_to(Screen screen, std::size_t section_index) {
  wipe_problems();
  screen_ = screen;
  section_index_ = section_index;
  if (screen != Screen::Section && screen != Screen::Consent) from_review_ = false;
  return Step{true, {}};
}

ValidatedAnswers KioskSession::validate() const {
  return validate_answers(form_, answers(),
                          ValidationContext{setup_.event.kind, year_of(config_.wall_clock())});
}

std::vector<FieldProblem> KioskSession::section_problems(const Section& section) const {
  ValidatedAnswers checked = validate();
  std::vector<FieldProblem> mine;
  for (FieldProblem& p : checked.problems)
    if (is_about(p, section.id)) mine.push_back(std::move(p));
  wipe(checked.problems);
  wipe_json(checked.answers);
  return mine;
}

Step KioskSession::next() {
  switch (screen_) {
    case Screen::Consent: {
      if (auto problems = section_problems(form_.sections.front()); !problems.empty())
        return stay(std::move(problems));
      draft_->consent_locale = language_;
      if (from_review_ || shown_.empty()) return move_to(Screen::Review);
      return move_to(Screen::Section, 0);
    }
    case Screen::Section: {
      if (auto problems = section_problems(*shown_[section_index_]); !problems.empty())
        return stay(std::move(problems));
      if (from_review_ || section_index_ + 1 == shown_.size()) return move_to(Screen::Review);
      return move_to(Screen::Section, section_index_ + 1);
    }
    case Screen::Qr:               // "Done": the next person may come
    case Screen::ConsentDeclined:  // "Back to the start"
      reset();
      return Step{true, {}};
    default:
      return Step{false, {}};
  }
}

bool KioskSession::back() {
  switch (screen_) {
    case Screen::Consent:
      if (from_review_) return move_to(Screen::Review).moved;
      reset();  // back to the language screen: nothing of this person is kept
      return true;
    case Screen::Section:
      if (from_review_) return move_to(Screen::Review).moved;
      if (section_index_ == 0) return move_to(Screen::Consent).moved;
      return move_to(Screen::Section, section_index_ - 1).moved;
    case Screen::Review:
      if (shown_.empty()) return move_to(Screen::Consent).moved;
      return move_to(Screen::Section, shown_.size() - 1).moved;
    case Screen::FinishFailed:
      finish_error_.reset();
      return move_to(Screen::Review).moved;
    case Screen::ConsentDeclined:
    case Screen::AdminUnlock:
    case Screen::AdminSetPin:
    case Screen::AdminHome:
      reset();
      return true;
    case Screen::AdminEvent:
    case Screen::AdminChangePin:
      return move_to(Screen::AdminHome).moved;
    case Screen::Welcome:
    case Screen::Finishing:
    case Screen::Qr:
      return false;
  }
  return false;
}

void KioskSession::decline_consent() {
  if (screen_ != Screen::Consent) return;
  const std::string language = language_;
  reset();
  language_ = language;  // the polite end speaks their language; it holds nothing else of them
  screen_ = Screen::ConsentDeclined;
}

bool KioskSession::edit(std::string_view section) {
  if (screen_ != Screen::Review) return false;
  if (section == form_.sections.front().id) {
    move_to(Screen::Consent);
  } else {
    auto it = std::find_if(shown_.begin(), shown_.end(),
                           [&](const Section* s) { return s->id == section; });
    if (it == shown_.end()) return false;
    move_to(Screen::Section, static_cast<std::size_t>(it - shown_.begin()));
  }
  from_review_ = true;
  return true;
}

Step KioskSession::confirm_finish() {
  if (screen_ != Screen::Review && screen_ != Screen::FinishFailed) return Step{false, {}};
  ValidatedAnswers checked = validate();
  wipe_json(checked.answers);
  if (!checked.ok()) return stay(std::move(checked.problems));
  finish_error_.reset();
  return move_to(Screen::Finishing);
}

Result<void> KioskSession::finish(KioskStore& store, const Catalogue& consent_catalogue,
                                  const DeviceIdentity& device) {
  if (screen_ != Screen::Finishing)
    return fail("session.wrong_screen", "Finishing starts with the review's finish button.");
  auto done = [&]() -> Result<FinishedProfile> {
    if (consent_catalogue.language() != draft_->consent_locale)
      return fail("session.wrong_catalogue",
                  "The consent text must come from the language consent was given in (\"" +
                      draft_->consent_locale + "\"), not \"" + consent_catalogue.language() +
                      "\".");
    return finish_profile(store, FinishContext{form_, consent_catalogue, device, setup_}, *draft_,
                          config_.wall_clock());
  }();
  if (!done) {
    // Not finished: the answers stay, the person is told and may try again.
    finish_error_ = done.error();
    screen_ = Screen::FinishFailed;
    return std::unexpected(done.error());
  }
  draft_->wipe();  // sealed: the plaintext is not needed any more
  draft_.reset();
  finished_ = std::move(*done);
  move_to(Screen::Qr);
  return {};
}

void KioskSession::wipe_problems() { wipe(problems_); }

void KioskSession::reset() {
  if (draft_) {
    draft_->wipe();
    draft_.reset();
  }
  if (finished_) {
    wipe_string(finished_->profile_url);
    sodium_memzero(finished_->qr.modules.data(), finished_->qr.modules.size());
    sodium_memzero(finished_->record_id.data(), finished_->record_id.size());
    finished_.reset();
  }
  finish_error_.reset();
  wipe_problems();
  screen_ = Screen::Welcome;
  section_index_ = 0;
  from_review_ = false;
  language_ = config_.default_language;
}

// --- Answers -----------------------------------------------------------------------------

const json& KioskSession::answers() const {
  static const json kNone = json::object();
  return draft_ ? draft_->answers : kNone;
}

const std::string& KioskSession::consent_language() const {
  static const std::string kNone;
  return draft_ ? draft_->consent_locale : kNone;
}

Result<json*> KioskSession::field_answers(std::string_view section, std::string_view field,
                                          bool group) {
  if (!person_present())
    return fail("session.no_person", "Answers can be given only while a person fills the form.");
  const bool consent = section == form_.sections.front().id;
  const bool shown = consent || std::any_of(shown_.begin(), shown_.end(),
                                            [&](const Section* s) { return s->id == section; });
  const Field* f = shown ? form_.find_field(section, field) : nullptr;
  if (!f)
    return fail("session.unknown_field", "The form " + form_.schema() + " shows no field \"" +
                                             std::string(field) + "\" in section \"" +
                                             std::string(section) + "\" at this event.");
  if (group != (f->type == FieldType::Group))
    return fail("session.not_a_group", "\"" + std::string(section) + "." + std::string(field) +
                                           (group ? "\" is not a repeatable group."
                                                  : "\" is a repeatable group: use its entries."));
  json& section_answers = draft_->answers[std::string(section)];
  if (!section_answers.is_object()) section_answers = json::object();
  return &section_answers[std::string(field)];
}

const json* KioskSession::answer(std::string_view section, std::string_view field) const {
  const json& all = answers();
  auto s = all.find(section);
  if (s == all.end() || !s->is_object()) return nullptr;
  auto f = s->find(field);
  return f == s->end() || f->is_null() ? nullptr : &*f;
}

Result<void> KioskSession::set_answer(std::string_view section, std::string_view field,
                                      json value) {
  auto slot = field_answers(section, field, false);
  if (!slot) return std::unexpected(slot.error());
  wipe_json(**slot);
  **slot = std::move(value);
  return {};
}

Result<void> KioskSession::clear_answer(std::string_view section, std::string_view field) {
  return set_answer(section, field, nullptr);
}

Result<std::size_t> KioskSession::add_entry(std::string_view section, std::string_view group) {
  auto slot = field_answers(section, group, true);
  if (!slot) return std::unexpected(slot.error());
  json& entries = **slot;
  if (!entries.is_array()) entries = json::array();
  const Field& field = *form_.find_field(section, group);
  if (field.max_items > 0 && entries.size() >= static_cast<std::size_t>(field.max_items))
    return fail("session.too_many_entries",
                "This list takes at most " + std::to_string(field.max_items) + " entries.");
  entries.push_back(json::object());
  return entries.size() - 1;
}

Result<json*> KioskSession::entry_of(std::string_view section, std::string_view group,
                                     std::size_t index) {
  auto slot = field_answers(section, group, true);
  if (!slot) return std::unexpected(slot.error());
  json& entries = **slot;
  if (!entries.is_array() || index >= entries.size())
    return fail("session.no_such_entry",
                "The list has no entry " + std::to_string(index + 1) + ".");
  return &entries[index];
}

Result<void> KioskSession::remove_entry(std::string_view section, std::string_view group,
                                        std::size_t index) {
  auto entry = entry_of(section, group, index);
  if (!entry) return std::unexpected(entry.error());
  wipe_json(**entry);
  json& entries = **field_answers(section, group, true);
  entries.erase(index);
  return {};
}

Result<void> KioskSession::set_entry_answer(std::string_view section, std::string_view group,
                                            std::size_t index, std::string_view field, json value) {
  auto entry = entry_of(section, group, index);
  if (!entry) return std::unexpected(entry.error());
  const Field& g = *form_.find_field(section, group);
  if (std::none_of(g.fields.begin(), g.fields.end(), [&](const Field& f) { return f.id == field; }))
    return fail("session.unknown_field", "The list \"" + std::string(group) + "\" has no field \"" +
                                             std::string(field) + "\".");
  json& slot = (**entry)[std::string(field)];
  wipe_json(slot);
  slot = std::move(value);
  return {};
}

std::size_t KioskSession::entry_count(std::string_view section, std::string_view group) const {
  const json* entries = answer(section, group);
  return entries && entries->is_array() ? entries->size() : 0;
}

Result<void> KioskSession::set_consent(std::string_view purpose, bool granted) {
  const Section& consent = form_.sections.front();
  const Field& field = form_.consent_field();
  if (std::none_of(field.options.begin(), field.options.end(),
                   [&](const Option& o) { return o.value == purpose; }))
    return fail("session.unknown_field",
                "The consent has no purpose \"" + std::string(purpose) + "\".");
  auto slot = field_answers(consent.id, field.id, false);
  if (!slot) return std::unexpected(slot.error());
  json& purposes = **slot;
  if (!purposes.is_array()) purposes = json::array();
  auto it = std::find_if(purposes.begin(), purposes.end(), [&](const json& v) {
    return v.is_string() && v.get_ref<const std::string&>() == purpose;
  });
  if (granted && it == purposes.end()) purposes.push_back(std::string(purpose));
  if (!granted && it != purposes.end()) purposes.erase(it);
  return {};
}

bool KioskSession::consent_granted(std::string_view purpose) const {
  const json* purposes = answer(form_.sections.front().id, form_.consent_field().id);
  return purposes && purposes->is_array() &&
         std::any_of(purposes->begin(), purposes->end(), [&](const json& v) {
           return v.is_string() && v.get_ref<const std::string&>() == purpose;
         });
}

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
  return screen_ == Screen::Qr && finished_ ? &finished_->profile_url : nullptr;
}

const QrCode* KioskSession::qr() const {
  return screen_ == Screen::Qr && finished_ ? &finished_->qr : nullptr;
}

// --- Inactivity --------------------------------------------------------------------------

KioskSession::IdlePolicy KioskSession::idle_policy() const {
  const SessionTimeouts& t = config_.timeouts;
  switch (screen_) {
    case Screen::Welcome:
      return {};
    case Screen::Qr:
      return {t.qr_idle, false};
    case Screen::ConsentDeclined:
      return {t.declined_idle, false};
    default:  // a person's answers (Finishing too, should it never end) or an admin screen
      return {t.form_idle, true};
  }
}

void KioskSession::touch(MonotonicTime now) { last_input_ = now; }

Idle KioskSession::tick(MonotonicTime now) {
  const IdlePolicy policy = idle_policy();
  if (!policy.idle) return Idle::Active;
  const auto idle = now - last_input_;
  const auto limit =
      *policy.idle + (policy.warns ? config_.timeouts.warning : std::chrono::seconds(0));
  if (idle >= limit) {
    reset();
    return Idle::TimedOut;
  }
  return policy.warns && idle >= *policy.idle ? Idle::Warning : Idle::Active;
}

std::optional<int> KioskSession::warning_seconds_left(MonotonicTime now) const {
  const IdlePolicy policy = idle_policy();
  if (!policy.idle || !policy.warns) return std::nullopt;
  const MonotonicTime warn_at = last_input_ + *policy.idle;
  if (now < warn_at) return std::nullopt;
  const auto left = warn_at + config_.timeouts.warning - now;
  return static_cast<int>(
      std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(left).count()));
}

std::optional<MonotonicTime> KioskSession::next_deadline(MonotonicTime now) const {
  const IdlePolicy policy = idle_policy();
  if (!policy.idle) return std::nullopt;
  const MonotonicTime warn_at = last_input_ + *policy.idle;
  if (!policy.warns) return warn_at;  // the reset itself
  if (now < warn_at) return warn_at;
  const MonotonicTime end = warn_at + config_.timeouts.warning;
  if (now >= end) return now;
  // The countdown shows whole seconds: wake when the number shown changes.
  const auto shown = std::chrono::ceil<std::chrono::seconds>(end - now);
  return end - (shown - std::chrono::seconds(1));
}

// --- Admin -------------------------------------------------------------------------------

Result<void> KioskSession::open_admin(const AdminPin& pin) {
  if (screen_ != Screen::Welcome)
    return fail("session.wrong_screen", "The admin screen opens from the language screen.");
  auto set = pin.is_set();
  if (!set) return std::unexpected(set.error());
  move_to(*set ? Screen::AdminUnlock : Screen::AdminSetPin);
  return {};
}

Result<UnlockOutcome> KioskSession::unlock_admin(AdminPin& pin, std::string_view entered,
                                                 std::chrono::system_clock::time_point now) {
  if (screen_ != Screen::AdminUnlock)
    return fail("session.wrong_screen", "The PIN is typed on the admin PIN screen.");
  auto outcome = pin.try_unlock(entered, now);
  if (outcome && outcome->kind == UnlockOutcome::Kind::Unlocked) move_to(Screen::AdminHome);
  return outcome;
}

Result<void> KioskSession::set_first_pin(AdminPin& pin, std::string_view entered,
                                         std::string_view repeated) {
  if (screen_ != Screen::AdminSetPin)
    return fail("session.wrong_screen", "A first PIN is set on the new-PIN screen.");
  if (auto r = pin.set_first(entered, repeated); !r) return r;
  move_to(Screen::AdminHome);
  return {};
}

bool KioskSession::open_admin_screen(Screen screen) {
  if (screen_ != Screen::AdminHome ||
      (screen != Screen::AdminEvent && screen != Screen::AdminChangePin))
    return false;
  move_to(screen);
  return true;
}

void KioskSession::lock_admin() {
  switch (screen_) {
    case Screen::AdminUnlock:
    case Screen::AdminSetPin:
    case Screen::AdminHome:
    case Screen::AdminEvent:
    case Screen::AdminChangePin:
      reset();
      break;
    default:
      break;
  }
}

Result<void> KioskSession::replace_setup(KioskSetup setup) {
  if (screen_ != Screen::AdminHome && screen_ != Screen::AdminEvent)
    return fail("session.wrong_screen", "The event changes only on the admin screens.");
  if (setup.languages.empty())
    return fail("setup.bad_languages", "Choose at least one language for the event.");
  setup_ = std::move(setup);
  show_sections_for_event();
  return {};
}

}  // namespace sichtbar
