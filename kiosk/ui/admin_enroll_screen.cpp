// The enrollment screen (see admin_enroll_screen.h).
#include "ui/admin_enroll_screen.h"

#include <algorithm>

#include "base/bytes.h"
#include "ui/layout.h"

namespace sichtbar::ui {

namespace {

// An enrollment's error in the volunteer's words: what happened and what to do. The codes are
// enroll_kiosk's, the hub's and the transport's; anything else shows the error's own message.
std::string enroll_error_text(Ui& ui, const Error& error) {
  const std::string& code = error.code;
  if (code == "enroll.bad_code") return ui.tr("admin.enroll.bad_code");
  if (code == "enroll.code_not_valid") return ui.tr("admin.enroll.code_not_valid");
  if (code == "enroll.too_many") return ui.tr("admin.enroll.too_many");
  if (code == "sync.unreachable" || code == "sync.untrusted_hub")
    return ui.tr("admin.enroll.unreachable");
  if (code == "sync.bad_url" || code == "setup.bad_url") return ui.tr("admin.enroll.bad_address");
  if (code == "hub_store.device_exists") return ui.tr("admin.enroll.known_elsewhere");
  if (code == "enroll.unsent_profiles") return ui.tr("admin.enroll.unsent_elsewhere");
  if (code == "enroll.no_stick") return ui.tr("admin.usb.no_stick");
  if (code == "enroll.no_hub_key") return ui.tr("admin.enroll.usb_no_key");
  if (code == "enroll.no_receipt") return ui.tr("admin.enroll.usb_no_receipt");
  if (code == "enroll.bad_receipt") return ui.tr("admin.enroll.usb_bad_receipt");
  if (code == "enroll.already_enrolled") return ui.tr("admin.enroll.usb_already");
  return ui.format("admin.enroll.failed", {{"reason", error.message}});
}

}  // namespace

void AdminEnrollScreen::wipe() {
  address_.wipe();
  code_.wipe();
  focus_ = {};
  message_.clear();
  message_is_error_ = false;
  loaded_ = false;
  asked_again_.reset();
  connected_ = false;
}

void AdminEnrollScreen::take_answer(Frame& frame) {
  Ui& ui = frame.ui;
  if (auto written = frame.services.desk.take_request_written()) {
    // A request for another office's hub (its key file on the stick): the kiosk left its old
    // office and waits for the new one's answer, so no person starts until then.
    const auto setup = frame.services.desk.view().setup;
    const bool moving = *written && setup && !setup->enrolled && frame.session.enrolled();
    if (moving) (void)frame.session.replace_setup(*setup);
    message_is_error_ = !*written;
    message_ = *written ? ui.format(moving ? "admin.enroll.usb_moving" : "admin.enroll.usb_written",
                                    {{"file", (*written)->filename().string()}})
                        : enroll_error_text(ui, written->error());
    if (*written) code_.wipe();  // the request holds what the office needs
  }
  auto answer = frame.services.desk.take_enrolled();
  if (!answer) return;
  if (!answer->config) {
    message_ = enroll_error_text(ui, answer->config.error());
    message_is_error_ = true;
    return;
  }
  code_.wipe();
  connected_ = true;
  message_is_error_ = false;
  message_ = ui.format("admin.enroll.done", {{"hub", answer->config->hub_url}});
  if (answer->first_sync)
    message_ +=
        "\n" + ui.format("admin.enroll.no_office_yet", {{"reason", answer->first_sync->message}});
  // A kiosk with its event set up takes people from now on; a new one sets its event next.
  const auto setup = frame.services.desk.view().setup;
  if (setup && setup->enrolled && !setup->event.name.empty())
    (void)frame.session.replace_setup(*setup);
}

void AdminEnrollScreen::start(Frame& frame, Way way) {
  focus_ = {};
  if (code_.text().empty() || address_.text().empty()) {
    message_ = frame.ui.tr("admin.enroll.missing");
    message_is_error_ = true;
    return;
  }
  message_.clear();
  std::string address(address_.text()), code(code_.text());
  if (way == Way::usb_request)
    (void)frame.services.desk.write_enroll_request(std::move(address), std::move(code));
  else
    (void)frame.services.desk.enroll(std::move(address), std::move(code));
}

void AdminEnrollScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  VolunteerDesk& desk = frame.services.desk;
  const VolunteerDesk::View view = desk.view();
  if (!loaded_) {
    // The address the kiosk enrolled with, if any: a re-enrollment mostly keeps it.
    if (view.setup) address_.set_text(view.setup->hub_url);
    loaded_ = true;
  }
  take_answer(frame);
  const bool waiting = desk.enrolling();
  screen_header(frame, ui.tr("admin.enroll.title"));
  const float keyboard = focus_.field && !waiting ? keyboard_.height(ui) : 0;
  begin_body(frame, nav_bar_height(ui) + keyboard);
  const float width = body_width(frame);
  if (!connected_) {
    label(ui, "admin.enroll.help", TextSize::body, width, colors::muted);
    // The hub may know this kiosk's ID under another key (admin.enroll.known_elsewhere): the
    // office finds the entry to revoke by the ID its Kiosks page lists, in the same hex. The
    // value is isolated in right-to-left text, so the hex reads left to right as the office's.
    kiosk_id_ = ui.format("admin.enroll.kiosk_id", {{"id", to_hex(view.device_id)}});
    text_block(ui, kiosk_id_, TextSize::small, width, colors::muted);
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    label(ui, "admin.enroll.address", TextSize::body, width);
    address_.draw(ui, "##address", width, focus_, LayoutId::Latin);
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    label(ui, "admin.enroll.code", TextSize::body, width);
    text_block(ui, ui.tr("admin.enroll.code_help"), TextSize::small, width, colors::muted);
    align_start(ui, width, std::min(width, ui.px(600)));
    code_.draw(ui, "##code", std::min(width, ui.px(600)), focus_, LayoutId::Latin);
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    // Without a network: the request goes to the office on the USB stick, and its answer comes
    // back on it (Connect is the network's way).
    const ImVec2 wide(std::min(width, ui.px(700)), ui.px(80));
    align_start(ui, width, wide.x);
    const bool request = icon_button(ui, "##usb_request", script::Icon::usb,
                                     ui.tr("admin.enroll.usb_request"), wide);
    ImGui::Dummy(ImVec2(1, ui.px(12)));
    align_start(ui, width, wide.x);
    const bool receipt = icon_button(ui, "##usb_receipt", script::Icon::usb,
                                     ui.tr("admin.enroll.usb_receipt"), wide);
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    if (!waiting && !asked_again_ && receipt) {
      focus_ = {};
      message_.clear();
      (void)desk.import_enroll_receipt();
    }
    if (!waiting && !asked_again_ && request) {
      // Enrolled already: a request for another office leaves this one as Connect does, so it
      // is the same question first.
      if (view.setup && view.setup->enrolled) {
        focus_ = {};
        asked_again_ = Way::usb_request;
        ui.appeared();
      } else {
        start(frame, Way::usb_request);
      }
    }
  }
  if (waiting) {
    text_block(ui, ui.tr("admin.enroll.connecting"), TextSize::body, width, colors::muted);
    ui.redraw_by(ui.now + std::chrono::milliseconds(200));  // the desk's answer may wake nobody
  } else if (!message_.empty()) {
    text_block(ui, message_, TextSize::body, width,
               message_is_error_ ? colors::danger : colors::text);
  }
  if (connected_ && !(view.setup && view.setup->enrolled && !view.setup->event.name.empty())) {
    // Connected, but no event yet: that is the next step before a person can start.
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    const ImVec2 wide(std::min(width, ui.px(700)), ui.px(80));
    align_start(ui, width, wide.x);
    if (icon_button(ui, "##event", script::Icon::event, ui.tr("admin.event.title"), wide,
                    ButtonKind::primary)) {
      wipe();
      frame.session.open_admin_screen(Screen::AdminEvent);
      end_body(frame);
      return;
    }
  }
  end_body(frame);
  if (focus_.field && !waiting) {
    ImGui::SetCursorPos(ImVec2(0, frame.size.y - nav_bar_height(ui) - keyboard));
    type_into_focus(ui, focus_, keyboard_, frame.size.x);
  }
  const NavResult nav = nav_bar(frame, ui.tr("ui.nav.back"),
                                connected_ ? std::string_view() : ui.tr("admin.enroll.connect"), {},
                                {.back = script::Icon::back, .next = script::Icon::link});
  if (asked_again_) {
    draw_question(frame);
    return;
  }
  if (waiting) return;  // one enrollment at a time; its answer comes in a later frame
  if (nav.back) {
    wipe();
    frame.session.back();
    return;
  }
  if (!nav.next) return;
  // Enrolled already: connecting again is a question first, saying what happens to the
  // profiles that wait.
  if (view.setup && view.setup->enrolled) {
    asked_again_ = Way::connect;
    ui.appeared();
    return;
  }
  start(frame, Way::connect);
}

void AdminEnrollScreen::draw_question(Frame& frame) {
  Ui& ui = frame.ui;
  const auto counts = frame.services.desk.view().counts;
  const std::uint64_t waiting = counts ? counts->waiting_for_sync : 0;
  const ModalCard card = begin_modal(frame, "##enroll_again", ui.tr("admin.enroll.again_title"));
  const float inner = card.width - 2 * card.pad;
  ImGui::SetCursorPosX(card.pos.x + card.pad);
  text_block(ui, ui.format("admin.enroll.again_text", {{"count", std::to_string(waiting)}}),
             TextSize::body, inner);
  // Connecting again loses nothing (the waiting profiles stay and go along) and is what the
  // volunteer came here for: it is the question's one primary answer.
  const ModalAnswers answer = answer_row(
      ui, card,
      {"##again_confirm", ui.tr("admin.enroll.again_confirm"), ButtonKind::primary,
       script::Icon::link},
      {"##again_cancel", ui.tr("ui.nav.cancel"), ButtonKind::secondary, script::Icon::back});
  end_modal();
  const std::optional<Way> asked = asked_again_;
  if (answer.go || answer.stay) asked_again_.reset();
  if (answer.go) start(frame, *asked);
}

}  // namespace sichtbar::ui
