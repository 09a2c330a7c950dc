// The review screen (see review_screen.h).
#include "ui/review_screen.h"

#include <algorithm>

#include "ui/field_editors.h"
#include "ui/layout.h"

namespace sichtbar::ui {

namespace {
// "How many years?" as a line's label: "How many years: 5" (also "؟" and Ethiopic "፧").
std::string without_question_mark(std::string label) {
  for (std::string_view mark : {"?", "\u061f", "\u1367", ":", " "})
    if (label.ends_with(mark))
      return without_question_mark(label.substr(0, label.size() - mark.size()));
  return label;
}

// The options a choice's answer holds ("yes" or "no" for a yes/no question), in the form's
// order; none for an answer that is no choice.
std::vector<std::string> chosen_options(const Field& field, const nlohmann::json& value) {
  if (field.type == FieldType::YesNo && value.is_boolean())
    return {value.get<bool>() ? "yes" : "no"};
  const bool single =
      field.type == FieldType::SingleChoice || field.type == FieldType::LanguageLevel;
  if (!single && field.type != FieldType::MultiChoice) return {};
  std::vector<std::string> chosen;
  for (const Option& o : field.options)
    if ((single && value == o.value) ||
        (value.is_array() && std::find(value.begin(), value.end(), o.value) != value.end()))
      chosen.push_back(o.value);
  return chosen;
}
// One chosen option's words, as answer_summary says the answer that is only this option.
std::string option_words(const Ui& ui, Taxonomies& taxonomies, const Field& field,
                         const std::string& option) {
  return answer_summary(
      ui, taxonomies, field,
      field.type == FieldType::YesNo ? nlohmann::json(option == "yes") : nlohmann::json(option));
}

// A repeatable group's entries as answer_summary words them (each under its name, a labelled
// line per answer), but a choice's line with its option's pictogram, as single answers show.
void draw_entries(Ui& ui, Taxonomies& taxonomies, const Field& group, const nlohmann::json& value,
                  const PersonDraft* draft, const std::string& path, float x, float width) {
  bool first = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& entry = value[i];
    if (!entry.is_object()) continue;
    bool named = false;
    for (const Field& f : group.fields) {
      if (!entry.contains(f.id)) continue;
      const std::string part = answer_summary(ui, taxonomies, f, entry[f.id], draft,
                                              path + "[" + std::to_string(i) + "]." + f.id);
      if (part.empty()) continue;
      if (!named) {
        if (!first) ImGui::Dummy(ImVec2(1, ui.px(12)));
        ImGui::SetCursorPosX(x);
        text_block(ui, entry_name(ui, taxonomies, group, entry, i), ui.content_size, width);
        named = true;
        first = false;
      }
      const std::string line = without_question_mark(ui.tr(f.label_key)) + ": ";
      const std::vector<std::string> chosen = chosen_options(f, entry[f.id]);
      if (chosen.empty()) {
        ImGui::SetCursorPosX(x);
        text_block(ui, line + part, ui.content_size, width);
      }
      for (const std::string& option : chosen) {
        ImGui::SetCursorPosX(x);
        icon_text_block(ui, script::option_icon(f.id, option),
                        line + option_words(ui, taxonomies, f, option), ui.content_size, width);
      }
    }
  }
}
}  // namespace

std::string answer_summary(const Ui& ui, Taxonomies& taxonomies, const Field& field,
                           const nlohmann::json& value, const PersonDraft* draft,
                           std::string_view path) {
  auto option_label = [&](const std::string& v) {
    for (const Option& o : field.options)
      if (o.value == v) return ui.tr(o.label_key);
    return v;
  };
  if (value.is_null()) return {};
  if (value.is_boolean()) return ui.tr(value.get<bool>() ? "answer.yes" : "answer.no");
  if (field.type == FieldType::Year && value.is_number_integer() && draft) {
    // Typed in another calendar: as typed, and the Gregorian years it spans.
    const YearCalendar calendar = draft->year_calendar(path).value_or(YearCalendar::gregorian);
    const auto typed = year_in_calendar(calendar, value.get<int>());
    const auto years = typed ? gregorian_years(calendar, *typed) : std::nullopt;
    if (calendar != YearCalendar::gregorian && years)
      return year_both_ways(ui, *typed, calendar, *years);
  }
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (field.type == FieldType::Taxonomy)
      return s.empty() ? s : taxonomies.display_name(field.taxonomy, s, ui.language);
    if (field.type == FieldType::SingleChoice || field.type == FieldType::LanguageLevel)
      return option_label(s);
    return s;
  }
  std::string out;
  if (value.is_array() && field.type == FieldType::Group) {
    // Each entry under its name, then one labelled line per answer ("Country: Syria"): a list
    // of bare values joined by commas read as one answer, and a Latin comma in Arabic.
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto& entry = value[i];
      std::string lines;
      for (const Field& f : field.fields) {
        if (!entry.is_object() || !entry.contains(f.id)) continue;
        const std::string part =
            answer_summary(ui, taxonomies, f, entry[f.id], draft,
                           std::string(path) + "[" + std::to_string(i) + "]." + f.id);
        if (part.empty()) continue;
        lines += "\n" + without_question_mark(ui.tr(f.label_key)) + ": " + part;
      }
      if (lines.empty()) continue;
      out += (out.empty() ? "" : "\n\n") + entry_name(ui, taxonomies, field, entry, i) + lines;
    }
    return out;
  }
  if (value.is_array()) {
    // The screen's own comma: Arabic-script languages write "،".
    const char* comma = ui.rtl ? "\u060c " : ", ";
    for (const auto& v : value)
      if (v.is_string()) out += (out.empty() ? "" : comma) + option_label(v.get<std::string>());
  }
  return out;
}

std::string entry_name(const Ui& ui, Taxonomies& taxonomies, const Field& group,
                       const nlohmann::json& entry, std::size_t index) {
  // The first named thing in it: an occupation, a school's or a job's title, a language.
  if (entry.is_object())
    for (const Field& f : group.fields) {
      if (f.type != FieldType::Text && f.type != FieldType::Taxonomy) continue;
      if (!entry.contains(f.id)) continue;
      std::string name = answer_summary(ui, taxonomies, f, entry[f.id]);
      if (!name.empty()) return name;
    }
  return ui.format("ui.group.item", {{"number", std::to_string(index + 1)}});
}

void ReviewScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const PersonDraft* draft = session.draft();
  screen_header(frame, ui.tr("ui.review.title"), script::Icon::fact_check,
                ui.second_line("ui.review.title"));
  room_.begin(ui);
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  label(ui, "ui.review.help", TextSize::body, width, colors::muted);
  for (const FieldProblem& problem : session.problems())
    if (problem.path.empty())  // the whole profile: what is needed, said once at the top
      text_block(ui, problem_text(ui, problem, nullptr), TextSize::body, width, colors::danger);
  if (std::any_of(session.problems().begin(), session.problems().end(),
                  [](const FieldProblem& p) { return !p.path.empty(); }))
    text_block(ui, ui.tr("ui.problem.check_marked"), TextSize::body, width, colors::danger);
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  const float edit_width = ui.px(240);
  for (const Section* section : session.sections()) {
    ImGui::PushID(section->id.c_str());
    const float top = ImGui::GetCursorPosY();
    const float text_width = width - edit_width - ui.px(24);
    // The section's title and its answers on the reading side, Edit on the other.
    const float text_x = ui.rtl ? edit_width + ui.px(24) : 0;
    ImGui::SetCursorPosX(text_x);
    icon_text_block(ui, script::section_icon(section->id), ui.tr(section->title_key),
                    TextSize::heading, text_width);
    bool any = false;
    for (const Field& field : section->fields) {
      const nlohmann::json* value = draft ? draft->answer(section->id, field.id) : nullptr;
      const std::string summary = value
                                      ? answer_summary(ui, frame.services.taxonomies, field, *value,
                                                       draft, section->id + "." + field.id)
                                      : std::string();
      if (summary.empty()) continue;
      any = true;
      ImGui::SetCursorPosX(text_x);
      // The question a step under its answer.
      text_block(ui, ui.tr(field.label_key),
                 ui.content_size == TextSize::body ? TextSize::small : TextSize::body, text_width,
                 colors::muted);
      if (field.type == FieldType::Group && value->is_array()) {
        draw_entries(ui, frame.services.taxonomies, field, *value, draft,
                     section->id + "." + field.id, text_x, text_width);
        continue;
      }
      // A choice's answers one a line, each with its option's pictogram, as the person chose it.
      const std::vector<std::string> chosen = chosen_options(field, *value);
      if (!chosen.empty()) {
        for (const std::string& option : chosen) {
          ImGui::SetCursorPosX(text_x);
          icon_text_block(ui, script::option_icon(field.id, option),
                          option_words(ui, frame.services.taxonomies, field, option),
                          ui.content_size, text_width);
        }
        continue;
      }
      ImGui::SetCursorPosX(text_x);
      // A phone number, an e-mail address or a year reads left to right in every language, as
      // in its field; other answers (a year with its calendar's name too) in the screen's
      // direction.
      const bool digits_only = summary.find_first_not_of("0123456789") == std::string::npos;
      const bool left_to_right =
          field.format == "phone" || field.format == "email" ||
          ((field.type == FieldType::Year || field.type == FieldType::Number) && digits_only);
      text_block(ui, summary, ui.content_size, text_width, colors::text,
                 left_to_right && ui.rtl ? Align::end : Align::start,
                 left_to_right ? std::optional(script::BaseDirection::ltr) : std::nullopt);
    }
    for (const FieldProblem& problem : session.problems())
      if (problem.path.starts_with(section->id + ".")) {
        ImGui::SetCursorPosX(text_x);
        text_block(ui, problem_text(ui, problem, nullptr), TextSize::body, text_width,
                   colors::danger);
        break;
      }
    if (!any) {
      ImGui::SetCursorPosX(text_x);
      text_block(ui, ui.tr("ui.review.nothing_entered"), TextSize::body, text_width, colors::muted);
    }
    const float bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(ui.rtl ? 0 : width - edit_width, top + ui.px(6)));
    if (icon_button(ui, "##edit", script::Icon::edit, ui.tr("ui.review.edit"),
                    ImVec2(edit_width, ui.px(72))))
      session.edit(section->id);
    ImGui::SetCursorPos(ImVec2(0, std::max(bottom, top + ui.px(90)) + ui.px(20)));
    ImGui::GetWindowDrawList()->AddLine(
        ImGui::GetCursorScreenPos(),
        ImVec2(ImGui::GetCursorScreenPos().x + width, ImGui::GetCursorScreenPos().y),
        colors::secondary, ui.px(2));
    ImGui::Dummy(ImVec2(1, ui.px(20)));
    ImGui::PopID();
  }
  room_.measure(false);
  end_body(frame);
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("ui.review.finish"));
  if (nav.back) session.back();
  // Finish that finds a problem goes to it (its section, scrolled to the field, with the
  // message): a tap on Finish never does nothing.
  if (nav.next && !session.confirm_finish().moved) session.go_to_problem();
}

}  // namespace sichtbar::ui
