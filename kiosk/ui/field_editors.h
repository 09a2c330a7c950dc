// Editors for the form's field types, drawn from the form data (no screen knows a field by
// name): text and long text over a touch text field, year and number with the digits keypad,
// single and multiple choice, yes/no, CEFR levels, pickers with type-to-search for
// occupation, country and language, and repeatable groups. Each keeps its typed text in a
// TouchTextField per answer path until wipe().
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/calendars.h"
#include "ui/occupation_browse.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class FieldEditors {
 public:
  using SetAnswer = std::function<void(nlohmann::json)>;

  // Draws one field's label, editor and problem at the cursor. path: its answer path
  // ("about.name", "education.items[0].title"), also the key for problems.
  void draw(Frame& frame, const Field& field, const nlohmann::json* value, const SetAnswer& set,
            const std::string& path, float width);
  // A whole section's fields, groups included, reading and writing the session's answers.
  void draw_section(Frame& frame, const Section& section, float width);

  Focus& focus() { return focus_; }
  // The text field of an answer path, if it has been drawn since the last wipe.
  TouchTextField* field(const std::string& path) {
    auto it = fields_.find(path);
    return it == fields_.end() ? nullptr : it->second.get();
  }
  KeyboardPanel& keyboard() { return keyboard_; }
  // The session's first problem scrolls into view in the next frames (Next or Finish found it).
  void scroll_to_problem() { scroll_frames_ = 2; }
  // Where an answer path's question was drawn last (screen y of its top): for tests.
  std::optional<float> question_y(const std::string& path) const {
    auto it = question_y_.find(path);
    return it == question_y_.end() ? std::nullopt : std::optional<float>(it->second);
  }
  // The browse path of an occupation picker's answer path, if it has been drawn since the last
  // wipe: for tests.
  OccupationBrowse* browse(const std::string& path) {
    auto it = browse_.find(path);
    return it == browse_.end() ? nullptr : &it->second;
  }
  // Whether the person said the list lacks their answer on the picker at `path` (and sees what
  // to do instead) and has chosen nothing since.
  bool said_not_listed(const std::string& path) const { return not_listed_.contains(path); }
  // What a year's field at `path` showed beside its digits last frame: the year both ways
  // ("1380 هجری شمسی = 2001/02 میلادی"), empty for a Gregorian one; nullopt if not drawn. For
  // tests, as is where its calendar's button was.
  std::optional<std::string> year_both_ways_shown(const std::string& path) const {
    auto it = years_shown_.find(path);
    return it == years_shown_.end() ? std::nullopt : std::optional(it->second.both_ways);
  }
  std::optional<std::pair<ImVec2, ImVec2>> calendar_button(const std::string& path,
                                                           YearCalendar calendar) const {
    auto it = years_shown_.find(path);
    if (it == years_shown_.end() || !it->second.buttons.contains(calendar)) return std::nullopt;
    return it->second.buttons.at(calendar);
  }
  // Whether the typed question at an answer path showed its "ask a helper" picture (and Skip,
  // when it is optional) since the last wipe: for tests.
  bool asks_helper(const std::string& path) const { return asked_helper_.contains(path); }
  // Forgets all typed text (zeroed) and the focus.
  void wipe();

 private:
  TouchTextField& field_for(const std::string& path, std::size_t max_code_points,
                            const nlohmann::json* value);
  void draw_text(Frame& frame, const Field& field, const nlohmann::json* value,
                 const SetAnswer& set, const std::string& path, float width);
  void draw_number(Frame& frame, const Field& field, const nlohmann::json* value,
                   const SetAnswer& set, const std::string& path, float width);
  // A year's calendar: as it was typed, or the person's language's for a year not yet answered.
  YearCalendar year_calendar(Frame& frame, const nlohmann::json* value,
                             const std::string& path) const;
  // Gregorian, Solar Hijri, Ethiopian as buttons beside a year's field (text, just drawn);
  // choosing one reads the digits already typed in it in that calendar.
  void draw_calendar_choice(Frame& frame, const SetAnswer& set, const std::string& path,
                            YearCalendar calendar, const TouchTextField& text, float width,
                            float skip);
  void draw_picker(Frame& frame, const Field& field, const nlohmann::json* value,
                   const SetAnswer& set, const std::string& path, float width);
  void draw_group(Frame& frame, const Section& section, const Field& group, float width);
  // A question answered by typing, for a person who does not write: its empty field shows a
  // helper's picture and "ask a helper to type this"; beside an optional one's field, Skip
  // closes the keyboard and brings the next question up. skip_room: the width Skip takes.
  static constexpr float kSkipPx = 320;
  static float skip_room(const Ui& ui, const Field& field);
  void ask_helper(Frame& frame, const Field& field, const std::string& path,
                  const TouchTextField& text);
  void draw_problem(Frame& frame, const Field& field, const std::string& path, float width);
  // "My occupation is not in the list" on the picker at `path`: focuses its free-text partner
  // (free_text_path_) or says what to do without one.
  void not_listed(const std::string& path);

  std::map<std::string, std::unique_ptr<TouchTextField>> fields_;
  Focus focus_;
  bool tapped_ = false;  // a text field of the field being drawn was tapped this frame
  std::map<std::string, float> question_y_;
  KeyboardPanel keyboard_;
  std::map<std::string, OccupationBrowse> browse_;  // by the picker's answer path
  // The text field where a picker's answer goes in the person's own words when the list lacks
  // it: the next text field of the same entry (a job's "what is your job called?"); empty for a
  // picker without one. Set while a group's entry is drawn.
  std::string free_text_path_;
  std::string focus_request_;               // a text field to focus when it is drawn next
  std::map<std::string, bool> not_listed_;  // pickers whose person said the list lacks it
  struct YearShown {
    std::string both_ways;
    std::map<YearCalendar, std::pair<ImVec2, ImVec2>> buttons;
  };
  std::map<std::string, YearShown> years_shown_;  // by answer path, as drawn last
  std::set<std::string> asked_helper_;            // see asks_helper
  std::string skipped_;  // Skip was tapped there: the next question comes up
  // Frames left to bring the first problem into view: two, as the body's size settles (the
  // keyboard closes) in the frame after Next.
  int scroll_frames_ = 0;
};

// A year typed in another calendar with the Gregorian years it spans: "1380 (Solar Hijri) =
// 2001/02", each value isolated in a right-to-left language.
std::string year_both_ways(const Ui& ui, int year, YearCalendar calendar,
                           const GregorianYears& years);

// The catalogue text for a validation problem of a field ("Please answer this question.").
std::string problem_text(const Ui& ui, const FieldProblem& problem, const Field* field);

}  // namespace sichtbar::ui
