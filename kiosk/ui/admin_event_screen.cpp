// Event setup (see admin_event_screen.h): name, venue, date, kind and the languages people can
// choose; saved in the kiosk store through the volunteer's desk (off the frame) and applied to
// the next person once the desk says it is saved.
#include "ui/admin_event_screen.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "domain/names.h"
#include "domain/ui_languages.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void AdminEventScreen::wipe() {
  name_.wipe();
  venue_.wipe();
  date_.wipe();
  languages_.clear();
  focus_ = {};
  message_.clear();
  loaded_ = false;
  saving_ = false;
}

void AdminEventScreen::load(Frame& frame) {
  // The event as the desk last read it (when the kiosk opened, or the menu did).
  const auto setup = frame.services.desk.view().setup;
  if (!setup) return;
  loaded_ = true;
  loaded_event_ = setup->event;
  name_.set_text(setup->event.name);
  venue_.set_text(setup->event.venue);
  date_.set_text(setup->event.date);
  kind_ = setup->event.kind.empty() ? "info" : setup->event.kind;
  languages_ = setup->languages;
  sound_ = setup->sound;
  printer_ = setup->printer;
  // Which printers there are: the printer's thread asks CUPS; the choice shows when it answered.
  if (frame.services.slip_printer) frame.services.slip_printer->ask_printers();
}

void AdminEventScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  if (!loaded_) load(frame);
  if (saving_) finish_saving(frame);
  if (frame.session.screen() != Screen::AdminEvent) return;  // saved: the menu shows next frame
  screen_header(frame, ui.tr("admin.event.title"));
  const float keyboard = focus_.field ? keyboard_.height(ui) : 0;
  begin_body(frame, nav_bar_height(ui) + keyboard);
  const float width = body_width(frame);
  const LayoutId letters = layout_for_language(ui.language);
  label(ui, "admin.event.name", TextSize::body, width);
  name_.draw(ui, "##name", width, focus_, letters);
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  label(ui, "admin.event.venue", TextSize::body, width);
  venue_.draw(ui, "##venue", width, focus_, letters);
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  label(ui, "admin.event.date", TextSize::body, width);
  text_block(ui, ui.tr("admin.event.date_help"), TextSize::small, width, colors::muted);
  align_start(ui, width, std::min(width, ui.px(400)));
  date_.draw(ui, "##date", std::min(width, ui.px(400)), focus_, LayoutId::Symbols);
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  label(ui, "admin.event.kind", TextSize::body, width);
  for (const char* kind : {"info", "football"}) {
    if (choice_row(
            ui, kind, ui.tr(std::string("admin.event.kind.") + kind), kind_ == kind, width, true,
            std::string_view(kind) == "info" ? script::Icon::info : script::Icon::sports_soccer))
      kind_ = kind;
    ImGui::Dummy(ImVec2(1, ui.px(6)));
  }
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  label(ui, "admin.event.languages", TextSize::body, width);
  for (std::string_view code : kUiLanguages) {
    const std::string c(code);
    auto at = std::find(languages_.begin(), languages_.end(), c);
    const std::string text = script::language_autonym(c) + " (" + c + ")";
    if (choice_row(ui, ("##lang_" + c).c_str(), text, at != languages_.end(), width, false,
                   script::Icon::language)) {
      if (at != languages_.end())
        languages_.erase(at);
      else
        languages_.push_back(c);
    }
    ImGui::Dummy(ImVec2(1, ui.px(6)));
  }
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  // Read aloud at this event: off where the speakers would disturb, or nobody can hear them.
  if (choice_row(ui, "##sound", ui.tr("admin.event.sound"), sound_, width, false,
                 script::Icon::read_aloud))
    sound_ = !sound_;
  draw_printers(frame, width);
  if (!message_.empty()) text_block(ui, message_, TextSize::body, width, colors::danger);
  end_body(frame);
  if (focus_.field) {
    ImGui::SetCursorPos(ImVec2(0, frame.size.y - nav_bar_height(ui) - keyboard));
    type_into_focus(ui, focus_, keyboard_, frame.size.x);
  }
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"), ui.tr("admin.event.save"), {},
                                {.back = script::Icon::back, .next = script::Icon::save});
  if (saving_) return;  // one save at a time; its answer comes in a later frame
  if (nav.back) {
    wipe();
    frame.session.back();
    return;
  }
  if (!nav.next) return;
  focus_ = {};
  if (name_.text().empty()) {
    message_ = ui.tr("admin.event.name_missing");
    return;
  }
  if (languages_.empty()) {
    message_ = ui.tr("admin.event.no_language");
    return;
  }
  // A correction (venue, kind, languages) keeps the event's id; a new name or date is a new
  // event, and save_event gives it a new id.
  const bool same_event = name_.text() == loaded_event_.name && date_.text() == loaded_event_.date;
  frame.services.desk.save_event(
      EventInfo{same_event ? loaded_event_.id : std::string(), std::string(name_.text()),
                std::string(venue_.text()), std::string(date_.text()), kind_},
      languages_, sound_, printer_);
  saving_ = true;
}

void AdminEventScreen::draw_printers(Frame& frame, float width) {
  Ui& ui = frame.ui;
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  // A slip on paper for people without a smartphone: none unless the volunteer chooses one.
  label(ui, "admin.event.printer", TextSize::body, width);
  std::vector<std::string> choices = {""};
  const auto listed = frame.services.slip_printer
                          ? frame.services.slip_printer->printers()
                          : std::optional<std::vector<std::string>>(std::vector<std::string>{});
  if (!listed) {
    text_block(ui, ui.tr("admin.event.printer_looking"), TextSize::small, width, colors::muted);
    ui.redraw_by(ui.now + std::chrono::milliseconds(200));  // the answer wakes nobody
  } else {
    choices.insert(choices.end(), listed->begin(), listed->end());
  }
  // The one saved stays a choice even when CUPS does not list it now (switched off).
  if (!printer_.empty() && std::find(choices.begin(), choices.end(), printer_) == choices.end())
    choices.push_back(printer_);
  for (const std::string& name : choices) {
    const std::string text = name.empty() ? ui.tr("admin.event.printer_none") : name;
    if (choice_row(ui, ("##printer_" + name).c_str(), text, printer_ == name, width, true,
                   name.empty() ? script::Icon::block : script::Icon::print))
      printer_ = name;
    ImGui::Dummy(ImVec2(1, ui.px(6)));
  }
}

void AdminEventScreen::finish_saving(Frame& frame) {
  auto result = frame.services.desk.take_saved();
  if (!result) return;
  saving_ = false;
  Ui& ui = frame.ui;
  if (!result->saved) {
    const Error& error = result->saved.error();
    message_ = error.code == "setup.bad_date" ? ui.tr("admin.event.bad_date") : error.message;
    return;
  }
  (void)frame.session.replace_setup(std::move(*result->saved));
  wipe();
  frame.session.back();
}

}  // namespace sichtbar::ui
