// The platform smoke screen (see smoke_screen.h).
#include "smoke_screen.h"

#include <cstdio>

namespace sichtbar::smoke {

FontSetup fonts(const std::filesystem::path& font_file, int* mark_rect, float design_px) {
  constexpr int kMarkTexels = 16;
  FontSetup setup;
  setup.add_fonts = [font_file, design_px, mark_rect](ImFontAtlas& atlas,
                                                      const DisplayInfo& display) -> Result<void> {
    if (!std::filesystem::exists(font_file))
      return fail("platform.fonts", "The font " + font_file.string() +
                                        " is missing (Debian package fonts-noto-core).");
    atlas.AddFontFromFileTTF(font_file.c_str(), design_px * display.ui_scale);
    *mark_rect = atlas.AddCustomRectRegular(kMarkTexels, kMarkTexels);
    return {};
  };
  setup.before_upload = [mark_rect](ImFontAtlas& atlas) -> Result<void> {
    unsigned char* pixels;
    int width, height;
    atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(*mark_rect);
    if (!rect->IsPacked()) return fail("platform.fonts", "The mark's rectangle was not packed.");
    for (int y = rect->Y; y < rect->Y + rect->Height; ++y) {
      for (int x = rect->X; x < rect->X + rect->Width; ++x) pixels[y * width + x] = 0xFF;
    }
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
  // The mark, amber: atlas texels are white, tinted by the colour.
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  ImVec2 uv0, uv1;
  atlas.CalcCustomRectUV(atlas.GetCustomRectByIndex(mark_rect_), &uv0, &uv1);
  const ImVec2 mark0(viewport->Pos.x + size.x * kMarkLeft, viewport->Pos.y + size.y * kMarkTop);
  const ImVec2 mark1(mark0.x + size.y * kMarkSize, mark0.y + size.y * kMarkSize);
  ImGui::GetWindowDrawList()->AddImage(atlas.TexID, mark0, mark1, uv0, uv1,
                                       IM_COL32(255, 191, 0, 255));

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
