// The figures for the programme's reporting (/office/figures and /office/figures.csv): per
// office and month the profiles, the people, their wishes, their cases by stage, the competent
// bodies' decisions and the outcomes (FiguresStore), as tables, bar charts drawn on the server as
// SVG (no script, no inline style: the hub's strict CSP stays) and CSV.
//
// No cell may point at a person, so:
//   - a count of 1 to 4 is shown as "< 5", in the tables, the charts and the CSV; 0 stays 0 (it
//     is about nobody);
//   - a total whose parts are shown is itself shown only when none of its parts is "< 5" or
//     withheld, else it is withheld ("verdeckt"): the cases of a month (the sum of its stages),
//     the closed cases (of the outcomes), the profiles of a month (of the month's events), and
//     every cell of all offices together (of the offices' cells). So no hidden cell can be
//     worked back out by subtracting shown ones;
//   - a chart draws no bar for a hidden cell (its height would tell the count) and takes its
//     scale from shown cells only.
// Who sees what: an administrator each office's figures and all together; a counsellor and the
// statistics role their own office's only (another office, or all, is refused with 403). The
// CSV is audited (export_figures: which office and months; it holds no personal data).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "hub/web/office_auth.h"
#include "hub/web/office_gate.h"
#include "hub/web/office_pages.h"
#include "hub/web/office_texts.h"

namespace sichtbar::hub::web {

// One count as it may be shown.
struct FigureCell {
  std::uint64_t value = 0;
  bool withheld = false;  // a total (or part of one) hidden so a small cell stays hidden

  bool small() const { return value >= 1 && value <= 4; }
  bool hidden() const { return withheld || small(); }
};
// "0", "17", "< 5", or the office's word for withheld: what the page, the chart and the CSV show.
std::string figure_text(const OfficeTexts& texts, const FigureCell& cell);

// The figures of one office, or of all offices together, for a run of months, with the small
// cells' rule applied. Rows are by key: "profiles", "people", "wish.<token>", "cases",
// "stage.<name>", "decision.<name>", "outcome.<name>", in that order.
struct FiguresTable {
  std::vector<std::string> months;  // YYYY-MM, in order
  struct Row {
    std::string key;
    std::vector<FigureCell> cells;  // one per month
  };
  std::vector<Row> rows;
  // The events of the months (newest first), with their profiles.
  struct EventRow {
    Event event;
    FigureCell profiles;
  };
  std::vector<EventRow> events;

  const Row* row(std::string_view key) const;
};

// office: the office's figures; nullopt: all offices together (figures and events of every
// office). months: YYYY-MM, in order.
FiguresTable figures_table(std::span<const MonthFigures> figures, std::span<const Event> events,
                           std::span<const std::string> months,
                           std::optional<std::int64_t> office);

// The office's words for a row's key (a wish token no catalogue knows is shown as it is).
std::string figure_label(const OfficeTexts& texts, std::string_view key);

struct FiguresView {
  const FiguresTable& table;
  std::span<const Office> offices;         // the office choice (an administrator's); else empty
  std::optional<std::int64_t> office;      // shown: this office, or all
  std::string_view office_name;            // the office shown ("" for all)
  std::string_view from, to;               // YYYY-MM as in the form
  std::string_view notice;                 // what was wrong with the choice ("" if nothing)
};
std::string render_figures_page(const OfficeLayout& layout, const FiguresView& view);

// The same cells as CSV (export.h's format: BOM, ';', quoted, formula injection neutralised):
// office, figure, key, then one column per month; then one row per event (its profiles in its
// month's column).
std::string figures_csv(const OfficeTexts& texts, const FiguresTable& table,
                        std::string_view office_name);

// Adds GET /office/figures and GET /office/figures.csv. Query: office (an id, or empty for all
// offices: an administrator's choice), from and to (YYYY-MM; default the last 12 months up to this one).
void mount_figures_routes(http::Router& router, HubStore& store, const OfficeTexts& texts,
                          OfficeGate& gate);

}  // namespace sichtbar::hub::web
