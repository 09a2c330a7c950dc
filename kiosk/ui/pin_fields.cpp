// The PIN entry the admin screens share: masked fields over the digits keypad, and the
// words for an unlock that did not open (see pin_fields.h).
#include <algorithm>

#include "ui/pin_fields.h"
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

std::string unlock_message(const Ui& ui, const UnlockOutcome& outcome,
                           std::chrono::system_clock::time_point now) {
  if (outcome.kind == UnlockOutcome::Kind::Locked) {
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(outcome.locked_until - now);
    return format_message(ui.tr("admin.pin.wait"),
                          {{"seconds", std::to_string(std::max<long long>(seconds.count(), 1))}});
  }
  return ui.tr("admin.pin.wrong");
}

}  // namespace sichtbar::ui
