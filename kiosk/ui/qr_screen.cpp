// The QR screen (see qr_screen.h).
#include "ui/qr_screen.h"

#include <algorithm>
#include <cmath>

#include "base/qr.h"
#include "ui/layout.h"

namespace sichtbar::ui {

void QrScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const QrCode* qr = session.qr();
  const std::string* url = session.profile_url();
  if (!qr || !url) return;
  screen_header(frame, ui.tr("ui.qr.title"));
  const float m = margin(ui);
  const float top = ImGui::GetCursorPosY();
  // The code as large as the screen allows beside the texts, in whole pixels per module so
  // every module has the same size (a camera reads that best).
  const int modules = qr->size + 2 * kQuietZoneModules;
  const float room = std::min(frame.size.y - top - nav_bar_height(ui), frame.size.x * 0.5f);
  const float module = std::max(2.0f, std::floor(room / static_cast<float>(modules)));
  const float side = module * static_cast<float>(modules);
  const float text_width = frame.size.x - 3 * m - side;
  // The code on the reading start side, the words beside it.
  const float code_x = ui.rtl ? frame.size.x - m - side : m;
  const float text_x = ui.rtl ? m : m * 2 + side;
  const ImVec2 origin = ImGui::GetWindowPos();
  const ImVec2 c0(origin.x + code_x, origin.y + top);
  ImDrawList& list = *ImGui::GetWindowDrawList();
  list.AddRectFilled(c0, ImVec2(c0.x + side, c0.y + side), IM_COL32(255, 255, 255, 255));
  for (int y = 0; y < qr->size; ++y)
    for (int x = 0; x < qr->size; ++x)
      if (qr->dark(x, y)) {
        const ImVec2 a(c0.x + static_cast<float>(x + kQuietZoneModules) * module,
                       c0.y + static_cast<float>(y + kQuietZoneModules) * module);
        list.AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
      }
  ImGui::SetCursorPos(ImVec2(text_x, top));
  text_block(ui, ui.tr("ui.qr.scan"), TextSize::heading, text_width);
  ImGui::Dummy(ImVec2(1, ui.px(24)));
  ImGui::SetCursorPosX(text_x);
  text_block(ui, ui.tr("ui.qr.link"), TextSize::small, text_width, colors::muted);
  ImGui::SetCursorPosX(text_x);
  // A link reads left to right in every language.
  text_block(ui, *url, TextSize::small, text_width, colors::text,
             ui.rtl ? Align::end : Align::start, script::BaseDirection::ltr);
  const std::string keep_private = ui.tr("ui.qr.keep_private");
  if (!keep_private.empty()) {
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    ImGui::SetCursorPosX(text_x);
    text_block(ui, keep_private, TextSize::body, text_width);
  }
  if (auto deadline = session.idle().next_deadline(frame.now)) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(*deadline - frame.now).count();
    ImGui::Dummy(ImVec2(1, ui.px(24)));
    ImGui::SetCursorPosX(text_x);
    text_block(ui,
               format_message(ui.tr("ui.qr.closes_in"),
                              {{"seconds", std::to_string(std::max<long long>(left, 0))}}),
               TextSize::body, text_width, colors::muted);
  }
  const NavResult nav = nav_bar(frame, {}, ui.tr("ui.qr.done"));
  if (nav.next) session.next();
}

}  // namespace sichtbar::ui
