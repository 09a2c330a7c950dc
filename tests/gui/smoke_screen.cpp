// The platform smoke screen (see smoke_screen.h).
#include "smoke_screen.h"

#include <cstdio>

namespace sichtbar::smoke {

FontSetup fonts(const std::filesystem::path& font_file, float design_px) {
  FontSetup setup;
  setup.add_fonts = [font_file, design_px](ImFontAtlas& atlas,
                                           const DisplayInfo& display) -> Result<void> {
    if (!std::filesystem::exists(font_file))
      return fail("platform.fonts", "The font " + font_file.string() +
                                        " is missing (Debian package fonts-noto-core).");
    atlas.AddFontFromFileTTF(font_file.c_str(), design_px * display.ui_scale);
    return {};
  };
  return setup;
}

void Screen::draw() {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImVec2 size = viewport->Size;
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin("smoke", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::SetCursorPos(ImVec2(size.x * kButtonLeft, size.y * kButtonTop));
  const ImVec2 button(size.x * (kButtonRight - kButtonLeft), size.y * (kButtonBottom - kButtonTop));
  if (ImGui::Button("Tippen", button)) {
    // ImGui fires on any release over the button; a finger that dragged was scrolling.
    if (platform_.press_was_tap()) {
      ++taps_;
    } else {
      ++drags_;
    }
  }
  hovered_ = ImGui::IsItemHovered();
  char counter[64];
  std::snprintf(counter, sizeof counter, "Taps: %d", taps_);
  const float counter_width = ImGui::CalcTextSize(counter).x;
  ImGui::SetCursorPosX((size.x - counter_width) / 2);
  ImGui::TextUnformatted(counter);
  ImGui::SetCursorPos(ImVec2(size.x * kButtonLeft, size.y * kFieldTop));
  ImGui::SetNextItemWidth(button.x);
  ImGui::InputText("##text", text_, sizeof text_);
  ImGui::End();
}

}  // namespace sichtbar::smoke
