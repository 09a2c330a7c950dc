// Review: every section shown with what was answered, an Edit button to each, and the button
// that finishes the profile (the session checks every section first).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ui/layout.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class ReviewScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;

 private:
  RoomForType room_;
};

// An answer as the person reads it: option labels, names of countries, "Yes", each entry of a
// group under its name with one labelled line per answer, a year in the calendar it was typed
// in (draft: the person's, path: the answer's, "about.year_of_birth"). Empty when unanswered.
std::string answer_summary(const Ui& ui, Taxonomies& taxonomies, const Field& field,
                           const nlohmann::json& value, const PersonDraft* draft = nullptr,
                           std::string_view path = {});
// What an entry of a repeatable group is called: its first text or picked answer (the
// occupation, the school), or "Entry 2" while it has none.
std::string entry_name(const Ui& ui, Taxonomies& taxonomies, const Field& group,
                       const nlohmann::json& entry, std::size_t index);

}  // namespace sichtbar::ui
