// The form's field editors (see field_editors.h).
#include "ui/field_editors.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "base/dates.h"
#include "ui/review_screen.h"

namespace sichtbar::ui {

namespace {

void gap(const Ui& ui, float design = 12) { ImGui::Dummy(ImVec2(1, ui.px(design))); }

// The digits typed as a whole number; nullopt while they are none (empty, a stray sign).
std::optional<int> whole_number(std::string_view digits) {
  int number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return number;
}

}  // namespace

std::string year_both_ways(const Ui& ui, int year, YearCalendar calendar,
                           const GregorianYears& years) {
  return ui.format("ui.year.both_ways", {{"year", std::to_string(year)},
                                         {"calendar", ui.tr(calendar_name_key(calendar))},
                                         {"gregorian", gregorian_years_text(years)}});
}

std::string problem_text(const Ui& ui, const FieldProblem& problem, const Field* field) {
  const std::string& code = problem.code;
  if (code == "answers.required") return ui.tr("ui.problem.required");
  if (code == "answers.consent_required") return ui.tr("ui.problem.consent_required");
  if (code == "answers.empty_profile") return ui.tr("ui.problem.empty_profile");
  if (field && code == "answers.too_long")
    return ui.format("ui.problem.too_long", {{"max", std::to_string(field->max_length)}});
  if (field && code == "answers.bad_format")
    return ui.tr(field->format == "email" ? "ui.problem.email" : "ui.problem.phone");
  if (field && code == "answers.too_many")
    return ui.format("ui.problem.too_many", {{"max", std::to_string(field->max_items)}});
  if (field && code == "answers.out_of_range") {
    const int max =
        field->max_is_current_year ? year_of(std::chrono::system_clock::now()) : field->max;
    return ui.format(
        field->type == FieldType::Year ? "ui.problem.year_range" : "ui.problem.number_range",
        {{"min", std::to_string(field->min)}, {"max", std::to_string(max)}});
  }
  return ui.tr("ui.problem.check_marked");
}

void FieldEditors::wipe() {
  for (auto& [path, field] : fields_) field->wipe();
  fields_.clear();
  browse_.clear();
  not_listed_.clear();
  asked_helper_.clear();
  skipped_.clear();
  focus_request_.clear();
  question_y_.clear();
  years_shown_.clear();
  focus_ = {};
  keyboard_ = KeyboardPanel();
}

TouchTextField& FieldEditors::field_for(const std::string& path, std::size_t max_code_points,
                                        const nlohmann::json* value) {
  auto it = fields_.find(path);
  if (it == fields_.end()) {
    auto field = std::make_unique<TouchTextField>(max_code_points);
    if (value && value->is_string()) field->set_text(value->get_ref<const std::string&>());
    if (value && value->is_number_integer())
      field->set_text(std::to_string(value->get<long long>()));
    it = fields_.emplace(path, std::move(field)).first;
  }
  return *it->second;
}

void FieldEditors::draw(Frame& frame, const Field& field, const nlohmann::json* value,
                        const SetAnswer& set, const std::string& path, float full_width) {
  Ui& ui = frame.ui;
  ImGui::PushID(path.c_str());
  const auto& problems = frame.session.problems();
  const bool has_problem = std::any_of(problems.begin(), problems.end(),
                                       [&](const FieldProblem& p) { return p.path == path; });
  // The first problem comes into view with its question above it (see scroll_to_problem).
  if (scroll_frames_ > 0 && !problems.empty() && problems.front().path == path)
    ImGui::SetScrollHereY(0.1f);
  const ImVec2 block = ImGui::GetCursorScreenPos();
  // Where the question starts: a tap into this field's text scrolls here (see below).
  const float question_top = ImGui::GetCursorPosY();
  question_y_[path] = ImGui::GetCursorScreenPos().y;
  if (!skipped_.empty() && skipped_ != path) {
    // The question after a skipped one comes to the top, as a tap into a field brings its own.
    ImGui::SetScrollY(std::max(0.0f, question_top - ui.px(24)));
    skipped_.clear();
  }
  tapped_ = false;
  // Marked with a red frame: its content moves inside, clear of the frame's line on every side,
  // so that the letters where reading starts (at the right in Arabic script) and the marks
  // above the question are not drawn under the line or past the body's edge.
  const float inset = has_problem ? ui.px(18) : 0.0f;
  const float width = full_width - 2 * inset;
  if (has_problem) {
    ImGui::SetCursorScreenPos(ImVec2(block.x + inset, block.y + inset));
    ImGui::BeginGroup();
  }
  label(ui, field.label_key, ui.content_size, width);
  // A hint stays a step under its question.
  if (!field.help_key.empty())
    label(ui, field.help_key, ui.content_size == TextSize::body ? TextSize::small : TextSize::body,
          width, colors::muted);
  gap(ui, 6);
  const bool has = value && !value->is_null();
  switch (field.type) {
    case FieldType::Text:
    case FieldType::LongText:
      draw_text(frame, field, value, set, path, width);
      break;
    case FieldType::Year:
    case FieldType::Number:
      draw_number(frame, field, value, set, path, width);
      break;
    case FieldType::SingleChoice:
    case FieldType::LanguageLevel:
      for (const Option& option : field.options) {
        const bool chosen = has && value->is_string() && *value == option.value;
        if (choice_row(ui, option.value.c_str(), ui.tr(option.label_key), chosen, width, true,
                       script::option_icon(field.id, option.value),
                       ui.second_line(option.label_key)))
          set(chosen ? nlohmann::json(nullptr) : nlohmann::json(option.value));
        gap(ui, 6);
      }
      break;
    case FieldType::MultiChoice:
      for (const Option& option : field.options) {
        nlohmann::json list = has && value->is_array() ? *value : nlohmann::json::array();
        const auto at = std::find(list.begin(), list.end(), option.value);
        const bool chosen = at != list.end();
        if (choice_row(ui, option.value.c_str(), ui.tr(option.label_key), chosen, width, false,
                       script::option_icon(field.id, option.value),
                       ui.second_line(option.label_key))) {
          if (chosen)
            list.erase(at);
          else
            list.push_back(option.value);
          set(std::move(list));
        }
        gap(ui, 6);
      }
      break;
    case FieldType::YesNo:
      for (const bool yes : {true, false}) {
        const bool chosen = has && value->is_boolean() && value->get<bool>() == yes;
        if (choice_row(ui, yes ? "yes" : "no", ui.tr(yes ? "answer.yes" : "answer.no"), chosen,
                       width, true, script::option_icon(field.id, yes ? "yes" : "no"),
                       ui.second_line(yes ? "answer.yes" : "answer.no")))
          set(chosen ? nlohmann::json(nullptr) : nlohmann::json(yes));
        gap(ui, 6);
      }
      break;
    case FieldType::Taxonomy:
      draw_picker(frame, field, value, set, path, width);
      break;
    case FieldType::Group:
    case FieldType::Consent:
      break;  // drawn by draw_group and the consent screen
  }
  // A tap into a text field scrolls its question (and hint) to the top, a little below the
  // edge so that the marks above Arabic letters are not cut off, instead of the field alone:
  // the keyboard covers the lower part, and the question must stay readable while typing.
  if (tapped_) ImGui::SetScrollY(std::max(0.0f, question_top - ui.px(24)));
  draw_problem(frame, field, path, width);
  if (has_problem) {
    // Marked: a red frame around the question, its answer and what to do, its line inside the
    // block (the body clips at the block's edges).
    ImGui::EndGroup();
    const float line = ui.px(3);
    const float bottom = ImGui::GetItemRectMax().y + inset;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(block.x + line / 2, block.y + line / 2),
                                        ImVec2(block.x + full_width - line / 2, bottom - line / 2),
                                        colors::danger, ui.px(8), 0, line);
    ImGui::SetCursorScreenPos(ImVec2(block.x, bottom));
    ImGui::Dummy(ImVec2(full_width, 0));
  }
  gap(ui, 28);
  ImGui::PopID();
}

void FieldEditors::draw_text(Frame& frame, const Field& field, const nlohmann::json* value,
                             const SetAnswer& set, const std::string& path, float width) {
  TouchTextField& text = field_for(path, static_cast<std::size_t>(field.max_length), value);
  text.set_left_to_right(field.format == "phone" || field.format == "email");
  // A keyboard set to Arabic or Persian types ٠-٩ or ۰-۹: a phone number's digits all the same.
  text.set_number(field.format == "phone");
  const float field_width = width - skip_room(frame.ui, field);
  align_start(frame.ui, width, field_width);
  tapped_ = text.draw(frame.ui, "##text", field_width, focus_,
                      keyboard_for(field, frame.ui.language), field.type == FieldType::LongText);
  ask_helper(frame, field, path, text);
  if (focus_request_ == path) {
    // The picker above sent the person here ("not in the list"): as if they had tapped it.
    focus_request_.clear();
    focus_.field = &text;
    focus_.layout = keyboard_for(field, frame.ui.language);
    tapped_ = true;
  }
  if (focus_.field == &text && focus_.changed) set(std::string(text.text()));
}

void FieldEditors::draw_number(Frame& frame, const Field& field, const nlohmann::json* value,
                               const SetAnswer& set, const std::string& path, float width) {
  const bool year = field.type == FieldType::Year;
  const YearCalendar calendar = year ? year_calendar(frame, value, path) : YearCalendar::gregorian;
  // A stored year shows again in the calendar it was typed in.
  nlohmann::json typed = value ? *value : nlohmann::json();
  if (typed.is_number_integer())
    if (const auto back = year_in_calendar(calendar, typed.get<int>())) typed = *back;
  TouchTextField& text = field_for(path, year ? 4 : 6, &typed);
  text.set_left_to_right(true);
  text.set_number(true);
  const float field_width = std::min(width, frame.ui.px(320));
  align_start(frame.ui, width, field_width);
  tapped_ =
      text.draw(frame.ui, "##number", field_width, focus_, keyboard_for(field, frame.ui.language));
  if (year)
    draw_calendar_choice(frame, set, path, calendar, text, width, skip_room(frame.ui, field));
  const std::optional<int> number = whole_number(text.text());
  if (year) years_shown_[path].both_ways.clear();
  if (year && calendar != YearCalendar::gregorian && number)
    if (const auto years = gregorian_years(calendar, *number)) {
      std::string& both_ways = years_shown_[path].both_ways;
      both_ways = year_both_ways(frame.ui, *number, calendar, *years);
      text_block(frame.ui, both_ways, TextSize::body, width, colors::muted);
    }
  ask_helper(frame, field, path, text);
  if (focus_.field != &text || !focus_.changed) return;
  if (text.text().empty()) {
    set(nullptr);
    return;
  }
  // Only whole numbers are answers; anything else (a stray sign) waits for more typing.
  if (!number) return;
  if (!year) {
    set(*number);
    return;
  }
  if (auto person = frame.session.person()) (*person)->set_year_calendar(path, calendar);
  if (const auto years = gregorian_years(calendar, *number)) set(years->kept);
}

YearCalendar FieldEditors::year_calendar(Frame& frame, const nlohmann::json* value,
                                         const std::string& path) const {
  const PersonDraft* draft = frame.session.draft();
  if (const auto chosen = draft ? draft->year_calendar(path) : std::nullopt) return *chosen;
  // A year answered without a calendar came in Gregorian; an open one is offered in the
  // calendar of the person's language.
  if (value && !value->is_null()) return YearCalendar::gregorian;
  return calendars_for_language(frame.ui.language).front();
}

void FieldEditors::draw_calendar_choice(Frame& frame, const SetAnswer& set, const std::string& path,
                                        YearCalendar calendar, const TouchTextField& text,
                                        float width, float skip) {
  Ui& ui = frame.ui;
  const std::vector<YearCalendar> offered = calendars_for_language(ui.language);
  const float gap = ui.px(12), height = ui.px(64);
  const auto count = static_cast<float>(offered.size());
  const auto [field_min, field_max] = text.last_rect();
  const ImVec2 below = ImGui::GetCursorScreenPos();
  const float start_x = ImGui::GetCursorScreenPos().x;
  // Beside the field where they fit (nothing under the year moves), else in a row below it; in
  // the order of the person's language from the field outwards, as reading goes.
  // The Skip beside the field (ask_helper) comes first: the calendars go past it.
  const float beside = width - (field_max.x - field_min.x) - gap - skip;
  const bool fits_beside = (beside - gap * (count - 1)) / count >= ui.px(150);
  const float cell = fits_beside ? std::min((beside - gap * (count - 1)) / count, ui.px(240))
                                 : std::min((width - gap * (count - 1)) / count, ui.px(300));
  float x = fits_beside ? (ui.rtl ? field_min.x - skip - gap - cell : field_max.x + skip + gap)
                        : (ui.rtl ? start_x + width - cell : start_x);
  const float y = fits_beside ? (field_min.y + field_max.y - height) / 2 : below.y;
  for (const YearCalendar offer : offered) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    years_shown_[path].buttons[offer] = {ImVec2(x, y), ImVec2(x + cell, y + height)};
    x += ui.rtl ? -(cell + gap) : cell + gap;
    const std::string id = "##calendar_" + std::string(calendar_keyword(offer));
    if (!button(ui, id.c_str(), ui.tr(calendar_name_key(offer)), ImVec2(cell, height),
                offer == calendar ? ButtonKind::chosen : ButtonKind::secondary) ||
        offer == calendar)
      continue;
    if (auto person = frame.session.person()) {
      (*person)->set_year_calendar(path, offer);
      // The digits on the screen stay; they now count in the chosen calendar.
      if (const auto number = whole_number(text.text()))
        if (const auto years = gregorian_years(offer, *number)) set(years->kept);
    }
  }
  ImGui::SetCursorScreenPos(fits_beside ? below : ImVec2(start_x, below.y + height + ui.px(10)));
}

void FieldEditors::draw_picker(Frame& frame, const Field& field, const nlohmann::json* value,
                               const SetAnswer& set, const std::string& path, float width) {
  Ui& ui = frame.ui;
  if (value && value->is_string() && !value->get_ref<const std::string&>().empty()) {
    const std::string name = frame.services.taxonomies.display_name(
        field.taxonomy, value->get_ref<const std::string&>(), ui.language);
    // Tapping the chosen entry again takes it back.
    if (choice_row(ui, "##chosen", name, true, width, true)) set(nullptr);
    gap(ui, 6);
  }
  text_block(ui, ui.tr("ui.picker." + field.taxonomy) + " \u2013 " + ui.tr("ui.picker.search"),
             TextSize::small, width, colors::muted);
  TouchTextField& query = field_for(path + "#search", 60, nullptr);
  const float query_width = width - skip_room(ui, field);
  align_start(ui, width, query_width);
  tapped_ = query.draw(ui, "##search", query_width, focus_, layout_for_language(ui.language));
  ask_helper(frame, field, path, query);
  const bool occupation = field.taxonomy == "occupation";
  const bool chosen = value && value->is_string() && !value->get_ref<const std::string&>().empty();
  if (chosen) not_listed_.erase(path);
  if (occupation && not_listed_.contains(path))
    text_block(
        ui,
        ui.tr(free_text_path_.empty() ? "ui.picker.not_listed_tell" : "ui.picker.not_listed_write"),
        TextSize::body, width, colors::primary);
  if (query.text().empty()) {
    // Nothing typed: the browse path, for a person who would rather tap (not once an
    // occupation is chosen: tapping it takes it back).
    if (!occupation || chosen) return;
    gap(ui, 12);
    const OccupationBrowse::Outcome browsed = browse_[path].draw(frame, width);
    if (browsed.chosen) set(*browsed.chosen);
    if (browsed.not_listed) not_listed(path);
    return;
  }
  const auto found = frame.services.taxonomies.search(field.taxonomy, ui.language, query.text(), 6);
  if (!found) {
    // The occupation index is still being built on its worker, in the first second or so.
    text_block(ui, ui.tr("ui.picker.loading"), TextSize::body, width, colors::muted);
    return;
  }
  const std::vector<PickerHit>& hits = *found;
  if (hits.empty()) {
    text_block(ui, ui.tr("ui.picker.no_matches"), TextSize::body, width, colors::muted);
    text_block(ui, ui.tr("ui.picker.no_matches_help"), TextSize::small, width, colors::muted);
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    gap(ui, 6);
    // The name in the screen's language, and the label that matched when the person typed
    // another one ("Syrien (Syria)").
    std::string text =
        frame.services.taxonomies.display_name(field.taxonomy, hits[i].code, ui.language);
    if (text != hits[i].label) text += " (" + hits[i].label + ")";
    if (button(ui, "##hit", text, ImVec2(width, ui.px(72)), ButtonKind::secondary,
               script::BaseDirection::automatic)) {
      set(hits[i].code);
      query.wipe();
      if (focus_.field == &query) focus_.field = nullptr;
      ImGui::PopID();
      return;
    }
    ImGui::PopID();
  }
  if (!occupation) return;
  gap(ui, 6);
  if (list_row(ui, "##not_listed", script::Icon::not_listed, ui.tr("ui.picker.not_listed"), {},
               width, false)) {
    query.wipe();
    if (focus_.field == &query) focus_.field = nullptr;
    not_listed(path);
  }
}

void FieldEditors::not_listed(const std::string& path) {
  not_listed_[path] = true;
  if (auto it = browse_.find(path); it != browse_.end()) it->second.reset();
  if (!free_text_path_.empty()) focus_request_ = free_text_path_;
}

float FieldEditors::skip_room(const Ui& ui, const Field& field) {
  return field.required ? 0.0f : ui.px(kSkipPx + 16);
}

void FieldEditors::ask_helper(Frame& frame, const Field& field, const std::string& path,
                              const TouchTextField& text) {
  Ui& ui = frame.ui;
  asked_helper_.insert(path);
  const auto [a, b] = text.last_rect();
  ImDrawList& list = *ImGui::GetWindowDrawList();
  if (text.text().empty() && focus_.field != &text) {
    // In the empty field, where its text would start: a helper's picture and the words.
    const float pad = ui.px(14), line = ui.line_height(TextSize::body);
    const float icon_px = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
    const float top =
        text.multiline() ? a.y + pad + (line - icon_px) / 2 : (a.y + b.y - icon_px) / 2;
    const float icon_x = ui.rtl ? b.x - pad - icon_px : a.x + pad;
    list.PushClipRect(a, b, true);
    ui.text.draw_icon(list, script::Icon::ask_helper, IconSize::inline_icon,
                      ImVec2(std::floor(icon_x), std::floor(top)), false, colors::muted);
    const float words_width = b.x - a.x - 3 * pad - icon_px;
    auto words =
        ui.shape(ui.tr("ui.field.ask_helper"), TextSize::small, words_width, ui.direction());
    ui.text.draw(list, *words,
                 ImVec2(ui.rtl ? a.x + pad : icon_x + icon_px + pad,
                        std::floor(top + (icon_px - words->height) / 2)),
                 words_width, Align::start, colors::muted);
    list.PopClipRect();
  }
  // A required question offers no Skip: Next says what is missing, as before.
  if (field.required) return;
  const ImVec2 after = ImGui::GetCursorScreenPos();
  const float skip = ui.px(kSkipPx);
  ImGui::SetCursorScreenPos(ImVec2(ui.rtl ? a.x - ui.px(16) - skip : b.x + ui.px(16), a.y));
  if (list_row(ui, "##skip", script::Icon::skip, ui.tr("ui.field.skip"), {}, skip, false)) {
    focus_ = {};
    skipped_ = path;
  }
  ImGui::SetCursorScreenPos(after);
}

void FieldEditors::draw_problem(Frame& frame, const Field& field, const std::string& path,
                                float width) {
  for (const FieldProblem& problem : frame.session.problems())
    if (problem.path == path)
      text_block(frame.ui, problem_text(frame.ui, problem, &field), TextSize::body, width,
                 colors::danger);
}

void FieldEditors::draw_group(Frame& frame, const Section& section, const Field& group,
                              float width) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  ImGui::PushID(group.id.c_str());
  label(ui, group.label_key, TextSize::heading, width);
  gap(ui, 8);
  const PersonDraft* draft = session.draft();
  const std::size_t count = draft ? draft->entry_count(section.id, group.id) : 0;
  const nlohmann::json* entries = draft ? draft->answer(section.id, group.id) : nullptr;
  const float indent = ui.px(24);
  for (std::size_t i = 0; i < count; ++i) {
    ImGui::PushID(static_cast<int>(i));
    static const nlohmann::json kNoEntry;
    text_block(
        ui,
        entry_name(ui, frame.services.taxonomies, group,
                   entries && entries->is_array() && i < entries->size() ? (*entries)[i] : kNoEntry,
                   i),
        TextSize::body, width, colors::muted);
    for (auto f = group.fields.begin(); f != group.fields.end(); ++f) {
      const Field& field = *f;
      // A picker's free-text partner: the entry's next text field.
      const auto partner = std::find_if(std::next(f), group.fields.end(),
                                        [](const Field& g) { return g.type == FieldType::Text; });
      const std::string entry_path = section.id + "." + group.id + "[" + std::to_string(i) + "].";
      free_text_path_ = field.type == FieldType::Taxonomy && partner != group.fields.end()
                            ? entry_path + partner->id
                            : std::string();
      const nlohmann::json* value = nullptr;
      if (entries && entries->is_array() && i < entries->size() && (*entries)[i].is_object() &&
          (*entries)[i].contains(field.id))
        value = &(*entries)[i][field.id];
      const std::string path =
          section.id + "." + group.id + "[" + std::to_string(i) + "]." + field.id;
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ui.rtl ? 0 : indent));
      ImGui::BeginGroup();
      draw(
          frame, field, value,
          [&session, &section, &group, &field, i](nlohmann::json v) {
            if (auto person = session.person())
              (void)(*person)->set_entry_answer(section.id, group.id, i, field.id, std::move(v));
          },
          path, width - indent);
      ImGui::EndGroup();
    }
    free_text_path_.clear();
    align_start(ui, width, ui.px(300));
    const bool remove = button(ui, "##remove", ui.tr("ui.group.remove"),
                               ImVec2(ui.px(300), ui.px(64)), ButtonKind::secondary);
    ImGui::PopID();
    gap(ui, 20);
    if (remove) {
      if (auto person = session.person()) (void)(*person)->remove_entry(section.id, group.id, i);
      // The entries after it moved up: their text fields are made again from the answers.
      const std::string prefix = section.id + "." + group.id + "[";
      for (auto it = fields_.begin(); it != fields_.end();) {
        if (it->first.starts_with(prefix)) {
          if (focus_.field == it->second.get()) focus_.field = nullptr;
          it->second->wipe();
          it = fields_.erase(it);
        } else {
          ++it;
        }
      }
      break;
    }
  }
  if (group.max_items == 0 || count < static_cast<std::size_t>(group.max_items)) {
    align_start(ui, width, ui.px(420));
    // "Add" for the first entry; "Add another" once there is one.
    if (button(ui, "##add", ui.tr(count == 0 ? "ui.group.add_first" : "ui.group.add"),
               ImVec2(ui.px(420), ui.px(72)), ButtonKind::secondary))
      if (auto person = session.person()) (void)(*person)->add_entry(section.id, group.id);
  } else {
    text_block(ui, ui.format("ui.group.full", {{"max", std::to_string(group.max_items)}}),
               TextSize::small, width, colors::muted);
  }
  gap(ui, 28);
  ImGui::PopID();
}

void FieldEditors::draw_section(Frame& frame, const Section& section, float width) {
  KioskSession& session = frame.session;
  struct CountDown {
    int& frames;
    std::string& skipped;
    ~CountDown() {
      frames = std::max(frames - 1, 0);
      skipped.clear();  // the last question was skipped: Next is in view below it
    }
  } count_down{scroll_frames_, skipped_};
  const PersonDraft* draft = session.draft();
  for (const Field& field : section.fields) {
    if (field.type == FieldType::Group) {
      draw_group(frame, section, field, width);
      continue;
    }
    draw(
        frame, field, draft ? draft->answer(section.id, field.id) : nullptr,
        [&session, &section, &field](nlohmann::json v) {
          if (auto person = session.person())
            (void)(*person)->set_answer(section.id, field.id, std::move(v));
        },
        section.id + "." + field.id, width);
  }
}

}  // namespace sichtbar::ui
