// The person's second-language switch (see second_language.h).
#include "ui/second_language.h"

#include <cmath>
#include <string>

#include "domain/names.h"
#include "ui/layout.h"
#include "ui/read_aloud.h"
#include "ui/stop_dialog.h"

namespace sichtbar::ui {

std::string_view second_language_for(std::string_view language) {
  return language == "de" ? "en" : "de";
}

float second_language_button_width(const Ui& ui) { return ui.px(250); }

float second_language_button_x(const Frame& frame) {
  const Ui& ui = frame.ui;
  const float w = second_language_button_width(ui);
  // In the speaker's place when it is hidden, else beside it on its inner side.
  const float beside = ui.speaker_button ? speaker_button_side(ui) + ui.px(24) : 0;
  if (ui.rtl) return speaker_button_x(frame) + beside;
  return speaker_button_x(frame) + speaker_button_side(ui) - w - beside;
}

bool SecondLanguageToggle::shows(const Frame& frame) { return shows_stop_button(frame.session); }

void SecondLanguageToggle::draw_button(Frame& frame) {
  button_rect_.reset();
  if (!shows(frame)) return;
  Ui& ui = frame.ui;
  const float w = second_language_button_width(ui), h = speaker_button_side(ui);
  ImGui::SetCursorPos(ImVec2(second_language_button_x(frame), ui.px(10)));
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  // The language named in itself: whoever reads it is who it is for.
  const std::string name = script::language_autonym(std::string(second_language_for(ui.language)));
  // "###": the id stays when the language, and with it the name, changes.
  const std::string id = name + "###second_language";
  const bool tapped =
      button(ui, id.c_str(), "", ImVec2(w, h), on_ ? ButtonKind::chosen : ButtonKind::secondary);
  button_rect_ = {pos, ImVec2(pos.x + w, pos.y + h)};
  const ImU32 ink = colors::text;
  const float icon = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
  const float pad = ui.px(16);
  ImDrawList& list = *ImGui::GetWindowDrawList();
  // The pictogram where reading starts, the name after it; the name reads left to right.
  const float icon_x = ui.rtl ? pos.x + w - pad - icon : pos.x + pad;
  ui.text.draw_icon(list, script::Icon::translate, IconSize::inline_icon,
                    ImVec2(std::floor(icon_x), std::floor(pos.y + (h - icon) / 2)), false,
                    colors::primary);
  const float text_width = w - 3 * pad - icon;
  auto shaped = ui.shape(name, TextSize::small, text_width, script::BaseDirection::ltr);
  const float text_x = ui.rtl ? pos.x + pad : pos.x + 2 * pad + icon;
  ui.text.draw(list, *shaped, ImVec2(text_x, pos.y + (h - shaped->height) / 2), text_width,
               Align::center, ink);
  if (tapped) on_ = !on_;
}

}  // namespace sichtbar::ui
