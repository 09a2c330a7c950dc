// The PIN entry the admin screens share: masked fields over the digits keypad, the words for
// an unlock that did not open, and the PIN screens' frame (see pin_fields.h).
#include "ui/pin_fields.h"

#include <algorithm>

#include "ui/layout.h"

namespace sichtbar::ui {

PinFields::PinFields(int count) {
  for (int i = 0; i < count; ++i) fields_.push_back(std::make_unique<TouchTextField>(8, true));
  focus_.field = fields_.front().get();
  focus_.layout = LayoutId::Digits;
}

void PinFields::draw(Frame& frame, const std::vector<std::string>& label_keys, float width) {
  Ui& ui = frame.ui;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (i < label_keys.size()) label(ui, label_keys[i], TextSize::body, width);
    align_start(ui, width, std::min(width, ui.px(480)));
    fields_[i]->draw(ui, "##pin", std::min(width, ui.px(480)), focus_, LayoutId::Digits);
    ImGui::Dummy(ImVec2(1, ui.px(12)));
    ImGui::PopID();
  }
  // The keypad never closes here: a PIN screen is only for typing a PIN.
  if (!focus_.field) focus_.field = fields_.front().get();
  align_start(ui, width, std::min(width, ui.px(900)));
  type_into_focus(ui, focus_, keypad_, std::min(width, ui.px(900)));
  if (!focus_.field) focus_.field = fields_.front().get();
}

void PinFields::wipe() {
  for (auto& f : fields_) f->wipe();
  focus_.field = fields_.front().get();
}

PinScreen::PinScreen(std::vector<std::string> label_keys, std::string title_key,
                     std::string back_key, std::string next_key, NavIcons icons)
    : pins_(static_cast<int>(label_keys.size())),
      label_keys_(std::move(label_keys)),
      title_key_(std::move(title_key)),
      back_key_(std::move(back_key)),
      next_key_(std::move(next_key)),
      icons_(icons) {}

NavResult PinScreen::draw_pin_screen(Frame& frame) {
  Ui& ui = frame.ui;
  const bool working = frame.services.desk.pin_pending();
  screen_header(frame, ui.tr(title_key_));
  begin_body(frame, nav_bar_height(ui));
  const float width = body_width(frame);
  pins_.draw(frame, label_keys_, width);
  if (working)
    text_block(ui, ui.tr("admin.pin.checking"), TextSize::body, width, colors::muted);
  else if (!message_.empty())
    text_block(ui, message_, TextSize::body, width, colors::danger);
  end_body(frame);
  NavResult nav = nav_bar(frame, ui.tr(back_key_), ui.tr(next_key_), {}, icons_);
  if (nav.back) wipe();
  if (working) nav.next = false;
  return nav;
}

std::string pin_error_text(const Ui& ui, const Error& error) {
  static const std::pair<const char*, const char*> kKeys[] = {
      {"admin.bad_pin", "admin.pin.bad_pin"},   {"admin.pin_mismatch", "admin.pin.mismatch"},
      {"admin.weak_pin", "admin.pin.weak_pin"}, {"admin.pin_exists", "admin.pin.exists"},
      {"admin.no_pin", "admin.pin.no_pin"},     {"admin.hash_failed", "admin.pin.hash_failed"}};
  for (const auto& [code, key] : kKeys)
    if (error.code == code) return ui.tr(key);
  return ui.tr("admin.pin.store_failed") + "\n" + error.message;
}

std::string unlock_message(const Ui& ui, const UnlockOutcome& outcome,
                           std::chrono::system_clock::time_point now) {
  if (outcome.kind == UnlockOutcome::Kind::Locked) {
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(outcome.locked_until - now);
    return ui.format("admin.pin.wait",
                     {{"seconds", std::to_string(std::max<long long>(seconds.count(), 1))}});
  }
  return ui.tr("admin.pin.wrong");
}

}  // namespace sichtbar::ui
