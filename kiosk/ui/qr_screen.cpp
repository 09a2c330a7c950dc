// The QR screen (see qr_screen.h).
#include "ui/qr_screen.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "base/qr.h"
#include "domain/catalogue.h"
#include "ui/layout.h"

namespace sichtbar::ui {

namespace {
// The link as a person copies it: where it goes ("hub.example.org/p/") and the token, without
// the scheme and the "?lang=" the hub does not need. Split so the token has a line of its own.
std::pair<std::string, std::string> printed_link(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  if (const auto query = url.find('?'); query != std::string_view::npos) url = url.substr(0, query);
  const auto token = url.rfind("/p/");
  if (token == std::string_view::npos) return {std::string(url), {}};
  return {std::string(url.substr(0, token + 3)), std::string(url.substr(token + 3))};
}
}  // namespace

namespace {
// "I have my link": wide, in the middle of the bottom edge.
float have_link_width(const Frame& frame) {
  return std::min(frame.ui.px(640), frame.size.x / 2 - 2 * margin(frame.ui));
}

// The slip's words: the link, then the note in the person's language and, below, in German.
std::vector<script::SlipParagraph> slip_paragraphs(const Ui& ui, const std::string& url) {
  const auto [where, token] = printed_link(url);
  std::vector<script::SlipParagraph> out;
  out.push_back({where + token, 34, script::BaseDirection::ltr, 24});
  auto note = [&out](std::string what, std::string keep, std::string erase,
                     script::BaseDirection base) {
    out.push_back({std::move(what), 32, base, 40});
    out.push_back({std::move(keep), 32, base, 16});
    out.push_back({std::move(erase), 32, base, 16});
  };
  note(ui.tr("ui.slip.what"), ui.tr("ui.slip.private"),
       ui.format("ui.slip.erase", {{"button", ui.tr("page.erase.button")}}), ui.direction());
  if (ui.language != "de")
    note(ui.german_text("ui.slip.what"), ui.german_text("ui.slip.private"),
         format_message(ui.german_text("ui.slip.erase"),
                        {{"button", ui.german_text("page.erase.button")}}),
         script::BaseDirection::ltr);
  return out;
}
}  // namespace

void QrScreen::draw_print(Frame& frame, const std::string& url) {
  SlipPrinter* printer = frame.services.slip_printer;
  const std::string& queue = frame.session.printer();
  print_rect_.reset();
  if (!printer || queue.empty()) return;
  Ui& ui = frame.ui;
  const PrintStatus status = printer->status();
  // In the bottom row where reading starts, beside "I have my link" (which keeps the middle);
  // what the printer did shows above it.
  const float m = margin(ui);
  const float w = std::min(ui.px(460), (frame.size.x - have_link_width(frame)) / 2 - 2 * m);
  const float h = ui.px(kButtonPx);
  const float x = ui.rtl ? frame.size.x - m - w : m;
  const float y = frame.size.y - ui.px(24) - h;
  std::string said;
  ImU32 color = colors::text;
  if (status.state == PrintState::printing) {
    said = ui.tr("ui.qr.printing");
    color = colors::muted;
    // The printer's thread answers without waking the loop: look again shortly.
    ui.redraw_by(ui.now + std::chrono::milliseconds(200));
  } else if (status.state == PrintState::printed) {
    said = ui.tr("ui.qr.printed");
  } else if (status.state == PrintState::failed) {
    said = ui.tr("ui.qr.print_failed");
    color = colors::danger;
  }
  if (!said.empty()) {
    const float height = ui.shape(said, TextSize::body, w, ui.direction())->height;
    ImGui::SetCursorPos(ImVec2(x, y - ui.px(12) - height));
    text_block(ui, said, TextSize::body, w, color);
  }
  if (status.state == PrintState::printing) return;  // one slip at a time
  ImGui::SetCursorPos(ImVec2(x, y));
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  if (button(ui, "##print", ui.tr("ui.qr.print"), ImVec2(w, h), ButtonKind::secondary))
    (void)printer->print(SlipOrder{queue, url, slip_paragraphs(ui, url)});
  print_rect_ = {pos, ImVec2(pos.x + w, pos.y + h)};
}

void QrScreen::draw(Frame& frame) {
  Ui& ui = frame.ui;
  KioskSession& session = frame.session;
  const QrCode* qr = session.qr();
  const std::string* url = session.profile_url();
  if (!qr || !url) return;
  screen_header(frame, ui.tr("ui.qr.title"), script::Icon::qr_code, ui.second_line("ui.qr.title"));
  const float m = margin(ui);
  const float top = ImGui::GetCursorPosY();
  // The code as large as the screen allows beside the texts, in whole pixels per module so
  // every module has the same size (a camera reads that best).
  const int modules = qr->size + 2 * kQuietZoneModules;
  const float room = std::min(frame.size.y - top - nav_bar_height(ui), frame.size.x * 0.45f);
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
  ImGui::Dummy(ImVec2(1, ui.px(20)));
  ImGui::SetCursorPosX(text_x);
  text_block(ui, ui.tr("ui.qr.link"), TextSize::body, text_width, colors::muted);
  // A link reads left to right in every language; large enough to copy by hand.
  const auto [where, token] = printed_link(*url);
  const Align link_align = ui.rtl ? Align::end : Align::start;
  ImGui::SetCursorPosX(text_x);
  text_block(ui, where, TextSize::body, text_width, colors::text, link_align,
             script::BaseDirection::ltr);
  ImGui::SetCursorPosX(text_x);
  text_block(ui, token, TextSize::heading, text_width, colors::text, link_align,
             script::BaseDirection::ltr);
  const std::string keep_private = ui.tr("ui.qr.keep_private");
  if (!keep_private.empty()) {
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    ImGui::SetCursorPosX(text_x);
    text_block(ui, keep_private, TextSize::body, text_width);
  }
  // Untouched for minutes: the last seconds count down on screen, over nothing (the code stays
  // in view); any touch starts the minutes again.
  if (auto left = session.idle().warning_seconds_left(frame.now)) {
    ImGui::Dummy(ImVec2(1, ui.px(16)));
    ImGui::SetCursorPosX(text_x);
    text_block(ui, ui.format("ui.qr.closes_in", {{"seconds", std::to_string(*left)}}),
               TextSize::body, text_width, colors::danger);
    ImGui::SetCursorPosX(text_x);
    text_block(ui, ui.tr("ui.qr.tap_to_keep"), TextSize::body, text_width, colors::danger);
  }
  // "I have my link" in the middle of the bottom edge: not where Finish was (a second tap of
  // Finish is ignored anyway, see TapGate), and wide, in the screen's language.
  const float w = have_link_width(frame);
  ImGui::SetCursorPos(ImVec2((frame.size.x - w) / 2, frame.size.y - ui.px(24) - ui.px(kButtonPx)));
  if (button(ui, "##have_link", ui.tr("ui.qr.have_link"), ImVec2(w, ui.px(kButtonPx)))) {
    session.next();
    return;
  }
  draw_print(frame, *url);
}

}  // namespace sichtbar::ui
