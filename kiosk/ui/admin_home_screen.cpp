// The volunteer's home screen (see admin_home_screen.h): profiles today and waiting for sync, sync
// now, export to a USB stick, the German-under-labels switch, event setup, PIN change, the
// connection to the office hub, lock and quit. Everything that touches the store or a stick goes
// through the volunteer's desk, off the frame: the counts are the desk's cache, a sync runs on its
// own thread (BackgroundSync), counting its seconds here, and the USB export's answer shows when
// the desk has it.
#include "ui/admin_home_screen.h"

#include <algorithm>

#include "flow/volunteer_desk.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void AdminHomeScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskServices& services = frame.services;
  KioskSession& session = frame.session;
  VolunteerDesk& desk = services.desk;
  const VolunteerDesk::View view = desk.view();
  // Office settings a sync brought since the session started (the first ones, or an office's
  // new address) reach the next person's consent: the store's setup is what finishing reads.
  if (view.setup && view.setup->office != session.office())
    (void)session.replace_setup(*view.setup);
  screen_header(frame, ui.tr("admin.menu.title"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  // Waiting for the office's enrollment receipt: what the volunteer must do, first.
  const ImVec2 wide(std::min(width, ui.px(700)), ui.px(80));
  // Connecting to the office: first thing on a kiosk that is not; last (a rare step, after a
  // revoke or a move) on one that is.
  const auto connect_button = [&] {
    align_start(ui, width, wide.x);
    if (icon_button(ui, "##enroll", script::Icon::link, ui.tr("admin.enroll.title"), wide))
      session.open_admin_screen(Screen::AdminEnroll);
  };
  if (!session.enrolled()) {
    text_block(ui, ui.tr("ui.welcome.not_enrolled"), TextSize::body, width, colors::danger);
    ImGui::Dummy(ImVec2(1, ui.px(12)));
    connect_button();
    ImGui::Dummy(ImVec2(1, ui.px(12)));
  } else if (!session.office())
    text_block(ui, ui.tr("ui.welcome.no_office"), TextSize::body, width, colors::danger);
  else if (const std::string notice = office_incomplete_notice(ui, session.office());
           !notice.empty())
    text_block(ui, notice, TextSize::body, width, colors::danger);
  if (view.counts) {
    text_block(ui,
               ui.format("admin.status.profiles_today",
                         {{"count", std::to_string(view.counts->finished_today)}}),
               TextSize::body, width);
    text_block(ui,
               ui.format("admin.status.waiting",
                         {{"count", std::to_string(view.counts->waiting_for_sync)}}),
               TextSize::body, width);
  }
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  align_start(ui, width, wide.x);
  const bool has_hub = view.setup && !view.setup->hub_url.empty();
  if (has_hub && icon_button(ui, "##sync", script::Icon::sync, ui.tr("admin.sync.now"), wide))
    desk.sync().start(frame.now);  // does nothing while a sync runs
  if (has_hub) {
    const BackgroundSync::State sync = desk.sync().state();
    // A sync that ended changed what waits: the desk counts again.
    if (sync_was_running_ && !sync.running) desk.refresh();
    sync_was_running_ = sync.running;
    std::string status;
    if (sync.running) {
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(frame.now - sync.started).count();
      status = ui.format("admin.sync.running",
                         {{"seconds", std::to_string(std::max<long long>(seconds, 0))}});
    } else if (sync.last && *sync.last) {
      status = ui.format("admin.sync.done", {{"count", std::to_string((*sync.last)->sent)}});
    } else if (sync.last) {
      status = ui.format("admin.sync.failed", {{"reason", sync.last->error().message}});
    }
    if (!status.empty()) text_block(ui, status, TextSize::body, width, colors::muted);
  }
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (icon_button(ui, "##usb", script::Icon::usb, ui.tr("admin.usb.export"), wide))
    desk.export_usb();
  if (view.usb) {
    std::string message;
    switch (view.usb->kind) {
      case VolunteerDesk::UsbResult::Kind::no_stick:
        message = ui.tr("admin.usb.no_stick");
        break;
      case VolunteerDesk::UsbResult::Kind::exported:
        message = ui.format("admin.usb.exported", {{"file", view.usb->detail}});
        break;
      case VolunteerDesk::UsbResult::Kind::failed:
        message = ui.format("admin.usb.failed", {{"reason", view.usb->detail}});
        break;
    }
    text_block(ui, message, TextSize::body, width, colors::muted);
  }
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (choice_row(ui, "##german", ui.tr("admin.menu.german_below"), services.german_below, wide.x,
                 false, script::Icon::translate))
    services.german_below = !services.german_below;
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (icon_button(ui, "##event", script::Icon::event, ui.tr("admin.event.title"), wide))
    session.open_admin_screen(Screen::AdminEvent);
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (icon_button(ui, "##pin", script::Icon::pin, ui.tr("admin.pin.change"), wide))
    session.open_admin_screen(Screen::AdminChangePin);
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (icon_button(ui, "##quit", script::Icon::logout, ui.tr("admin.menu.quit"), wide,
                  ButtonKind::danger)) {
    quit_asked_ = true;
    ui.appeared();
  }
  if (session.enrolled()) {
    ImGui::Dummy(ImVec2(1, ui.px(12)));
    connect_button();
  }
  end_body(frame);
  if (nav_bar(frame, {}, ui.tr("admin.menu.lock"), {},
              {.back = std::nullopt, .next = script::Icon::lock})
          .next) {
    quit_asked_ = false;
    desk.forget();
    desk.sync().forget();  // a sync still running reports when the menu opens again
    session.lock_admin();
    return;
  }
  if (quit_asked_) draw_quit_question(frame);
}

void AdminHomeScreen::draw_quit_question(Frame& frame) {
  Ui& ui = frame.ui;
  const ModalCard card = begin_modal(frame, "##quit_question", ui.tr("admin.menu.quit_question"));
  const ModalAnswers answer = answer_row(
      ui, card,
      {"##quit_confirm", ui.tr("admin.menu.quit_confirm"), ButtonKind::danger,
       script::Icon::logout},
      {"##quit_cancel", ui.tr("admin.menu.quit_cancel"), ButtonKind::primary, script::Icon::back});
  end_modal();
  if (answer.go || answer.stay) quit_asked_ = false;
  if (answer.go && frame.services.quit) frame.services.quit();
}

}  // namespace sichtbar::ui
