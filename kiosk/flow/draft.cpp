// One person's answers (see draft.h).
#include "flow/draft.h"

#include <algorithm>
#include <charconv>

#include "base/wipe.h"

namespace sichtbar {

using nlohmann::json;

PersonDraft::PersonDraft(const Form& form, std::vector<const Section*> shown, Draft draft)
    : form_(&form), shown_(std::move(shown)), draft_(std::move(draft)) {}

PersonDraft::~PersonDraft() { draft_.wipe(); }

PersonDraft::PersonDraft(PersonDraft&& other) noexcept
    : form_(other.form_),
      shown_(std::move(other.shown_)),
      draft_(std::move(other.draft_)),
      year_calendars_(std::move(other.year_calendars_)) {
  other.draft_.wipe();
  other.year_calendars_.clear();  // what a move left behind is not trusted to be empty
}

PersonDraft& PersonDraft::operator=(PersonDraft&& other) noexcept {
  if (this == &other) return *this;
  draft_.wipe();
  form_ = other.form_;
  shown_ = std::move(other.shown_);
  draft_ = std::move(other.draft_);
  year_calendars_ = std::move(other.year_calendars_);
  other.draft_.wipe();
  other.year_calendars_.clear();
  return *this;
}

Result<json*> PersonDraft::field_answers(std::string_view section, std::string_view field,
                                         bool group) {
  const bool consent = section == form_->sections.front().id;
  const bool shown = consent || std::any_of(shown_.begin(), shown_.end(),
                                            [&](const Section* s) { return s->id == section; });
  const Field* f = shown ? form_->find_field(section, field) : nullptr;
  if (!f)
    return fail("session.unknown_field", "The form " + form_->schema() + " shows no field \"" +
                                             std::string(field) + "\" in section \"" +
                                             std::string(section) + "\" at this event.");
  if (group != (f->type == FieldType::Group))
    return fail("session.not_a_group", "\"" + std::string(section) + "." + std::string(field) +
                                           (group ? "\" is not a repeatable group."
                                                  : "\" is a repeatable group: use its entries."));
  json& section_answers = draft_.answers[std::string(section)];
  if (!section_answers.is_object()) section_answers = json::object();
  return &section_answers[std::string(field)];
}

const json* PersonDraft::answer(std::string_view section, std::string_view field) const {
  const json& all = draft_.answers;
  auto s = all.find(section);
  if (s == all.end() || !s->is_object()) return nullptr;
  auto f = s->find(field);
  return f == s->end() || f->is_null() ? nullptr : &*f;
}

Result<void> PersonDraft::set_answer(std::string_view section, std::string_view field, json value) {
  auto slot = field_answers(section, field, false);
  if (!slot) return std::unexpected(slot.error());
  wipe_json(**slot);
  **slot = std::move(value);
  return {};
}

Result<std::size_t> PersonDraft::add_entry(std::string_view section, std::string_view group) {
  auto slot = field_answers(section, group, true);
  if (!slot) return std::unexpected(slot.error());
  json& entries = **slot;
  if (!entries.is_array()) entries = json::array();
  const Field& field = *form_->find_field(section, group);
  if (field.max_items > 0 && entries.size() >= static_cast<std::size_t>(field.max_items))
    return fail("session.too_many_entries",
                "This list takes at most " + std::to_string(field.max_items) + " entries.");
  entries.push_back(json::object());
  return entries.size() - 1;
}

Result<json*> PersonDraft::entry_of(std::string_view section, std::string_view group,
                                    std::size_t index) {
  auto slot = field_answers(section, group, true);
  if (!slot) return std::unexpected(slot.error());
  json& entries = **slot;
  if (!entries.is_array() || index >= entries.size())
    return fail("session.no_such_entry",
                "The list has no entry " + std::to_string(index + 1) + ".");
  return &entries[index];
}

Result<void> PersonDraft::remove_entry(std::string_view section, std::string_view group,
                                       std::size_t index) {
  auto entry = entry_of(section, group, index);
  if (!entry) return std::unexpected(entry.error());
  wipe_json(**entry);
  json& entries = **field_answers(section, group, true);
  entries.erase(index);
  // The calendars of its years go with it, and those of the later entries move up one.
  const std::string prefix = std::string(section) + "." + std::string(group) + "[";
  std::map<std::string, YearCalendar, std::less<>> kept;
  for (auto& [path, calendar] : year_calendars_) {
    std::size_t at = 0;
    const std::size_t close = path.find("].", prefix.size());
    if (!path.starts_with(prefix) || close == std::string::npos ||
        std::from_chars(path.data() + prefix.size(), path.data() + close, at).ptr !=
            path.data() + close) {
      kept.emplace(path, calendar);
    } else if (at > index) {
      kept.emplace(prefix + std::to_string(at - 1) + path.substr(close), calendar);
    } else if (at < index) {
      kept.emplace(path, calendar);
    }
  }
  year_calendars_ = std::move(kept);
  return {};
}

Result<void> PersonDraft::set_entry_answer(std::string_view section, std::string_view group,
                                           std::size_t index, std::string_view field, json value) {
  auto entry = entry_of(section, group, index);
  if (!entry) return std::unexpected(entry.error());
  const Field& g = *form_->find_field(section, group);
  if (std::none_of(g.fields.begin(), g.fields.end(), [&](const Field& f) { return f.id == field; }))
    return fail("session.unknown_field", "The list \"" + std::string(group) + "\" has no field \"" +
                                             std::string(field) + "\".");
  json& slot = (**entry)[std::string(field)];
  wipe_json(slot);
  slot = std::move(value);
  return {};
}

std::optional<YearCalendar> PersonDraft::year_calendar(std::string_view path) const {
  auto it = year_calendars_.find(path);
  return it == year_calendars_.end() ? std::nullopt : std::optional(it->second);
}

void PersonDraft::set_year_calendar(std::string path, YearCalendar calendar) {
  year_calendars_.insert_or_assign(std::move(path), calendar);
}

std::size_t PersonDraft::entry_count(std::string_view section, std::string_view group) const {
  const json* entries = answer(section, group);
  return entries && entries->is_array() ? entries->size() : 0;
}

Result<void> PersonDraft::set_consent(std::string_view purpose, bool granted) {
  const Section& consent = form_->sections.front();
  const Field& field = form_->consent_field();
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

bool PersonDraft::consent_granted(std::string_view purpose) const {
  const json* purposes = answer(form_->sections.front().id, form_->consent_field().id);
  return purposes && purposes->is_array() &&
         std::any_of(purposes->begin(), purposes->end(), [&](const json& v) {
           return v.is_string() && v.get_ref<const std::string&>() == purpose;
         });
}

}  // namespace sichtbar
