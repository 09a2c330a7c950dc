// The volunteer's home screen (see admin_home_screen.h): profiles today and waiting for sync, sync
// now, export to a USB stick, the German-under-labels switch, event setup, PIN change, lock
// and quit. A sync runs on its own thread (BackgroundSync), counting its seconds here; the USB
// export runs in the frame (a local file: the volunteer waits for its answer anyway).
#include <unistd.h>

#include <filesystem>

#include "sync/background_sync.h"
#include "sync/sync_client.h"
#include "ui/admin_home_screen.h"
#include "ui/layout.h"

namespace sichtbar::ui {

namespace {

// A mounted USB stick: the first folder under /media/<user>/ (where the desktop mounts them),
// or $SICHTBAR_USB_DIR when set (tests, unusual mounts).
std::optional<std::filesystem::path> usb_stick() {
  if (const char* dir = std::getenv("SICHTBAR_USB_DIR"); dir && *dir) return dir;
  const char* user = std::getenv("USER");
  if (!user) return std::nullopt;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path("/media") / user, ec))
    if (entry.is_directory(ec) && ::access(entry.path().c_str(), W_OK) == 0) return entry.path();
  return std::nullopt;
}

}  // namespace

void AdminHomeScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskServices& services = frame.services;
  KioskSession& session = frame.session;
  screen_header(frame, ui.tr("admin.menu.title"));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  if (auto counts = kiosk_counts(services.store, services.wall_clock())) {
    text_block(ui,
               format_message(ui.tr("admin.status.profiles_today"),
                              {{"count", std::to_string(counts->finished_today)}}),
               TextSize::body, width);
    text_block(ui,
               format_message(ui.tr("admin.status.waiting"),
                              {{"count", std::to_string(counts->waiting_for_sync)}}),
               TextSize::body, width);
  }
  ImGui::Dummy(ImVec2(1, ui.px(16)));
  const ImVec2 wide(std::min(width, ui.px(700)), ui.px(80));
  auto setup = KioskSetup::load(services.store);
  align_start(ui, width, wide.x);
  const bool has_hub = setup && !setup->hub_url.empty();
  if (has_hub && button(ui, "##sync", ui.tr("admin.sync.now"), wide, ButtonKind::secondary))
    services.sync.start(frame.now);  // does nothing while a sync runs
  if (has_hub) {
    const BackgroundSync::State sync = services.sync.state();
    std::string status;
    if (sync.running) {
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(frame.now - sync.started).count();
      status = format_message(ui.tr("admin.sync.running"),
                              {{"seconds", std::to_string(std::max<long long>(seconds, 0))}});
    } else if (sync.last && *sync.last) {
      status = format_message(ui.tr("admin.sync.done"),
                              {{"count", std::to_string((*sync.last)->sent)}});
    } else if (sync.last) {
      status = format_message(ui.tr("admin.sync.failed"),
                              {{"reason", sync.last->error().message}});
    }
    if (!status.empty()) text_block(ui, status, TextSize::body, width, colors::muted);
  }
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (button(ui, "##usb", ui.tr("admin.usb.export"), wide, ButtonKind::secondary)) {
    if (auto stick = usb_stick(); !stick) {
      message_ = ui.tr("admin.usb.no_stick");
    } else if (!setup) {
      message_ = format_message(ui.tr("admin.usb.failed"), {{"reason", setup.error().message}});
    } else if (auto exported = export_bundle(services.store, services.device, *setup, *stick)) {
      message_ = format_message(ui.tr("admin.usb.exported"),
                                {{"file", exported->file.filename().string()}});
    } else {
      message_ =
          format_message(ui.tr("admin.usb.failed"), {{"reason", exported.error().message}});
    }
  }
  if (!message_.empty()) text_block(ui, message_, TextSize::body, width, colors::muted);
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (choice_row(ui, "##german", ui.tr("admin.menu.german_below"), services.german_below,
                 wide.x, false))
    services.german_below = !services.german_below;
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (button(ui, "##event", ui.tr("admin.event.title"), wide, ButtonKind::secondary))
    session.open_admin_screen(Screen::AdminEvent);
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (button(ui, "##pin", ui.tr("admin.pin.change"), wide, ButtonKind::secondary))
    session.open_admin_screen(Screen::AdminChangePin);
  ImGui::Dummy(ImVec2(1, ui.px(12)));
  align_start(ui, width, wide.x);
  if (button(ui, "##quit", ui.tr("admin.menu.quit"), wide, ButtonKind::danger) && services.quit)
    services.quit();
  end_body(frame);
  if (nav_bar(frame, {}, ui.tr("admin.menu.lock")).next) {
    message_.clear();
    services.sync.forget();  // a sync still running reports when the menu opens again
    session.lock_admin();
  }
}

}  // namespace sichtbar::ui
