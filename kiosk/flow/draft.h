// One person's answers while they fill the form (the editing half of KioskSession): set and clear
// answers, the entries of repeatable groups, consent purposes. It holds the plaintext, so it wipes
// it (sodium_memzero through wipe_json) when it is destroyed or moved from: whoever drops the
// draft, drops the person.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finish.h"
#include "domain/calendars.h"
#include "domain/form.h"

namespace sichtbar {

class PersonDraft {
 public:
  // form must outlive the draft. shown: the sections after consent the event shows; answers
  // are taken only for those and the consent section.
  PersonDraft(const Form& form, std::vector<const Section*> shown, Draft draft);
  ~PersonDraft();
  PersonDraft(PersonDraft&& other) noexcept;
  PersonDraft& operator=(PersonDraft&& other) noexcept;
  PersonDraft(const PersonDraft&) = delete;
  PersonDraft& operator=(const PersonDraft&) = delete;

  // What finish_profile seals.
  const Draft& draft() const { return draft_; }
  Draft& draft() { return draft_; }
  const nlohmann::json& answers() const { return draft_.answers; }
  const std::string& consent_language() const { return draft_.consent_locale; }
  void set_locale(std::string locale) { draft_.locale = std::move(locale); }
  void set_consent_language(std::string locale) { draft_.consent_locale = std::move(locale); }

  // Errors: session.unknown_field, session.not_a_group, session.no_such_entry,
  // session.too_many_entries.
  const nlohmann::json* answer(std::string_view section, std::string_view field) const;
  Result<void> set_answer(std::string_view section, std::string_view field, nlohmann::json value);
  Result<std::size_t> add_entry(std::string_view section, std::string_view group);
  Result<void> remove_entry(std::string_view section, std::string_view group, std::size_t index);
  Result<void> set_entry_answer(std::string_view section, std::string_view group, std::size_t index,
                                std::string_view field, nlohmann::json value);
  std::size_t entry_count(std::string_view section, std::string_view group) const;
  Result<void> set_consent(std::string_view purpose, bool granted);
  bool consent_granted(std::string_view purpose) const;

  // The calendar a year was typed in, by the answer's path ("about.year_of_birth",
  // "education.items[0].year_completed"); nullopt where none was. Beside the answers, never in
  // the record (which keeps the Gregorian year the form asks for): the year editor and the
  // review show the year again as the person typed it. Removing an entry moves the later ones'.
  std::optional<YearCalendar> year_calendar(std::string_view path) const;
  void set_year_calendar(std::string path, YearCalendar calendar);

 private:
  Result<nlohmann::json*> field_answers(std::string_view section, std::string_view field,
                                        bool group);
  Result<nlohmann::json*> entry_of(std::string_view section, std::string_view group,
                                   std::size_t index);

  const Form* form_;
  std::vector<const Section*> shown_;
  Draft draft_;
  std::map<std::string, YearCalendar, std::less<>> year_calendars_;
};

}  // namespace sichtbar
