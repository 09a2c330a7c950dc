// The occupation picker's browse path (see occupation_browse.h).
#include "ui/occupation_browse.h"

#include <algorithm>
#include <cmath>

#include "domain/names.h"
#include "ui/taxonomies.h"
#include "ui/widgets.h"

namespace sichtbar::ui {

namespace {

void gap(const Ui& ui, float design) { ImGui::Dummy(ImVec2(1, ui.px(design))); }

std::string group_title(const Ui& ui, std::string_view code) {
  return ui.tr("isco." + std::string(code));
}

}  // namespace

std::vector<std::string> sub_major_groups(const Taxonomies& taxonomies, std::string_view major) {
  std::vector<std::string> out;
  for (std::string_view code : taxonomies.reference().isco_codes())
    if (code.size() == 2 && code.starts_with(major)) out.emplace_back(code);
  return out;
}

std::vector<std::uint32_t> browse_occupations(const Taxonomies& taxonomies,
                                              std::string_view sub_major,
                                              std::string_view ui_language) {
  const EscoReference& reference = taxonomies.reference();
  struct Entry {
    std::uint32_t row;
    bool common;
    std::string name;
  };
  std::vector<Entry> entries;
  for (std::string_view unit : reference.isco_codes()) {
    if (unit.size() != 4 || !unit.starts_with(sub_major)) continue;
    for (std::uint32_t row : reference.rows_in_unit(unit))
      entries.push_back({row, taxonomies.has_draft_labels(row),
                         taxonomies.display_name("occupation", reference.uri(row), ui_language)});
  }
  const script::LocaleCollation collation(ui_language);
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.common != b.common) return a.common;
    if (collation.less(a.name, b.name)) return true;
    if (collation.less(b.name, a.name)) return false;
    return a.row < b.row;  // the same name (two gendered forms folded): a stable order
  });
  std::vector<std::uint32_t> rows;
  rows.reserve(entries.size());
  for (const Entry& e : entries) rows.push_back(e.row);
  return rows;
}

void OccupationBrowse::reset() {
  level_.clear();
  rows_for_.clear();
  rows_.clear();
}

void OccupationBrowse::go(Ui& ui, std::string level) {
  level_ = std::move(level);
  // The level that replaces the tapped one ignores the second half of a double tap.
  ui.appeared();
}

void OccupationBrowse::remember(std::string what) {
  rects_[std::move(what)] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

std::optional<std::pair<ImVec2, ImVec2>> OccupationBrowse::rect(std::string_view what) const {
  const auto it = rects_.find(what);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> OccupationBrowse::shown_occupations() const { return shown_; }

bool OccupationBrowse::not_listed_row(Ui& ui, float width) {
  gap(ui, 12);
  const bool tapped = list_row(ui, "##not_listed", script::Icon::not_listed,
                               ui.tr("ui.picker.not_listed"), {}, width, false);
  remember("not_listed");
  return tapped;
}

OccupationBrowse::Outcome OccupationBrowse::draw(Frame& frame, float width) {
  Ui& ui = frame.ui;
  const Taxonomies& taxonomies = frame.services.taxonomies;
  Outcome outcome;
  rects_.clear();
  shown_.clear();
  ImGui::PushID("##browse");
  ImGui::PushID(level_.c_str());

  if (level_.empty()) {
    text_block(ui, ui.tr("ui.picker.browse"), TextSize::small, width, colors::muted);
    gap(ui, 6);
    // As many columns as fit at 300 design pixels, two to five: all ten groups in view on a
    // landscape kiosk. The first tile sits where reading starts.
    const float spacing = ui.px(12);
    const int columns = std::clamp(static_cast<int>((width + spacing) / ui.px(312)), 2, 5);
    const float tile_width = std::floor((width - spacing * static_cast<float>(columns - 1)) /
                                        static_cast<float>(columns));
    std::vector<std::string> majors;
    for (std::string_view code : taxonomies.reference().isco_codes())
      if (code.size() == 1) majors.emplace_back(code);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float row_top = origin.y;
    for (std::size_t first = 0; first < majors.size(); first += static_cast<std::size_t>(columns)) {
      const std::size_t end = std::min(majors.size(), first + static_cast<std::size_t>(columns));
      // One height for the row: the tallest title's.
      float height = 0;
      for (std::size_t i = first; i < end; ++i)
        height = std::max(height, icon_tile_height(ui, group_title(ui, majors[i]), tile_width));
      for (std::size_t i = first; i < end; ++i) {
        const float column = static_cast<float>(i - first);
        const float x = ui.rtl ? origin.x + width - (column + 1) * tile_width - column * spacing
                               : origin.x + column * (tile_width + spacing);
        ImGui::SetCursorScreenPos(ImVec2(x, row_top));
        const std::string& code = majors[i];
        if (icon_tile(ui, code.c_str(), script::isco_major_icon(code.front()),
                      group_title(ui, code), tile_width, height))
          go(ui, code);
        remember(code);
      }
      row_top += height + spacing;
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, row_top - spacing));
    ImGui::Dummy(ImVec2(width, 0));
  } else {
    // Back: one level up, where reading starts.
    const float back_width = std::min(width, ui.px(360));
    align_start(ui, width, back_width);
    const bool back =
        list_row(ui, "##back", script::Icon::back, ui.tr("ui.picker.back"), {}, back_width, false);
    remember("back");
    gap(ui, 12);
    // Where the person is: the major group's pictogram and the group's title.
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float icon = static_cast<float>(ui.text.icon_px(IconSize::inline_icon));
    const float title_width = width - icon - ui.px(16);
    auto title = ui.shape(group_title(ui, level_), TextSize::heading, title_width, ui.direction());
    ImDrawList& list = *ImGui::GetWindowDrawList();
    ui.text.draw_icon(list, script::isco_major_icon(level_.front()), IconSize::inline_icon,
                      ImVec2(ui.rtl ? top.x + width - icon : top.x, top.y), false, colors::primary);
    ui.text.draw(list, *title, ImVec2(ui.rtl ? top.x : top.x + icon + ui.px(16), top.y),
                 title_width, Align::start, colors::text);
    ImGui::Dummy(ImVec2(width, std::max(title->height, icon)));
    gap(ui, 8);
    if (level_.size() == 1) {
      for (const std::string& code : sub_major_groups(taxonomies, level_)) {
        if (list_row(ui, code.c_str(), std::nullopt, group_title(ui, code), {}, width, true))
          go(ui, code);
        remember(code);
        gap(ui, 8);
      }
    } else {
      const std::string key = level_ + "/" + ui.language;
      if (rows_for_ != key) {
        rows_ = browse_occupations(taxonomies, level_, ui.language);
        rows_for_ = key;
      }
      const EscoReference& reference = taxonomies.reference();
      for (std::uint32_t row : rows_) {
        const std::string uri = reference.uri(row);
        const std::string name = taxonomies.display_name("occupation", uri, ui.language);
        // German below, as counsellors in Germany name it, unless the name already is German.
        std::string german;
        if (ui.language != "de") {
          german = std::string(reference.preferred(row, EscoLanguage::de));
          if (name.find(german) != std::string::npos) german.clear();
        }
        ImGui::PushID(static_cast<int>(row));
        if (list_row(ui, "##occupation", std::nullopt, name, german, width, false))
          outcome.chosen = uri;
        ImGui::PopID();
        remember(uri);
        shown_.push_back(uri);
        gap(ui, 8);
      }
    }
    if (back) go(ui, level_.size() == 1 ? std::string() : level_.substr(0, 1));
  }
  outcome.not_listed = not_listed_row(ui, width);
  ImGui::PopID();
  ImGui::PopID();
  if (outcome.chosen || outcome.not_listed) reset();
  return outcome;
}

}  // namespace sichtbar::ui
