// The figures' page, charts and CSV; see office_figures.h.
#include "hub/web/office_figures.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "base/clock.h"
#include "base/dates.h"
#include "base/text.h"
#include "hub/web/export.h"
#include "hub/web/html.h"
#include "hub/web/http_forms.h"

namespace sichtbar::hub::web {

namespace {

// The wishes of the kiosk's form (wishes.wants) and of an education item (qualification_advice):
// always rows, so a month without one shows 0 and the columns stay the same from one report to
// the next. A token no form has (an older or newer form) gets a row of its own after them.
constexpr std::string_view kWishes[] = {"recognition_advice", "qualification_advice", "job",
                                        "training",           "language_course",      "mentoring"};
// The longest run of months one page or CSV shows (five years).
constexpr int kMaxMonths = 60;

using Cells = std::vector<FigureCell>;
using Rows = std::map<std::string, Cells, std::less<>>;

std::vector<std::string> row_keys(const std::set<std::string>& extra_wishes) {
  std::vector<std::string> keys = {"profiles", "people"};
  for (std::string_view w : kWishes) keys.push_back("wish." + std::string(w));
  for (const std::string& w : extra_wishes)
    if (std::find(std::begin(kWishes), std::end(kWishes), w) == std::end(kWishes))
      keys.push_back("wish." + w);
  keys.push_back("cases");
  for (std::size_t i = 0; i < std::size(FigureCounts{}.stages); ++i)
    keys.push_back("stage." + std::string(case_stage_name(static_cast<CaseStage>(i))));
  for (std::string_view d : kCaseDecisions) keys.push_back("decision." + std::string(d));
  for (std::string_view o : kCaseOutcomes) keys.push_back("outcome." + std::string(o));
  return keys;
}

// The counts of one month as (key, count), in no particular order.
std::vector<std::pair<std::string, std::uint64_t>> counts_by_key(const FigureCounts& c) {
  std::vector<std::pair<std::string, std::uint64_t>> out = {{"profiles", c.profiles},
                                                            {"people", c.people},
                                                            {"cases", c.cases}};
  for (const auto& [wish, n] : c.wishes) out.emplace_back("wish." + wish, n);
  for (std::size_t i = 0; i < c.stages.size(); ++i)
    out.emplace_back("stage." + std::string(case_stage_name(static_cast<CaseStage>(i))),
                     c.stages[i]);
  for (std::size_t i = 0; i < c.decisions.size(); ++i)
    out.emplace_back("decision." + std::string(kCaseDecisions[i]), c.decisions[i]);
  for (std::size_t i = 0; i < c.outcomes.size(); ++i)
    out.emplace_back("outcome." + std::string(kCaseOutcomes[i]), c.outcomes[i]);
  return out;
}

// Withholds the total of month m when one of its parts is hidden (and the total is not hidden
// already): a hidden part could otherwise be worked out as the total minus the shown parts.
void withhold_total(Rows& rows, std::string_view total, std::string_view parts_prefix,
                    std::size_t m) {
  FigureCell& t = rows.at(std::string(total))[m];
  if (t.hidden()) return;
  for (auto& [key, cells] : rows)
    if (key.starts_with(parts_prefix) && cells[m].hidden()) {
      t.withheld = true;
      return;
    }
}

// The totals' rule on one office's (or all offices') rows: the closed cases first (a part of
// the cases), then the cases. events_hidden[m]: an event of month m is hidden.
void apply_totals(Rows& rows, const std::vector<bool>& events_hidden) {
  const std::size_t months = rows.at("profiles").size();
  for (std::size_t m = 0; m < months; ++m) {
    withhold_total(rows, "stage.closed", "outcome.", m);
    withhold_total(rows, "cases", "stage.", m);
    FigureCell& profiles = rows.at("profiles")[m];
    if (events_hidden[m] && !profiles.hidden()) profiles.withheld = true;
  }
}

}  // namespace

std::string figure_text(const OfficeTexts& texts, const FigureCell& cell) {
  if (cell.withheld) return texts.text("office.figures.withheld");
  if (cell.small()) return "< 5";
  return std::to_string(cell.value);
}

const FiguresTable::Row* FiguresTable::row(std::string_view key) const {
  for (const Row& r : rows)
    if (r.key == key) return &r;
  return nullptr;
}

FiguresTable figures_table(std::span<const MonthFigures> figures, std::span<const Event> events,
                           std::span<const std::string> months,
                           std::optional<std::int64_t> office) {
  FiguresTable table;
  table.months.assign(months.begin(), months.end());
  std::map<std::string, std::size_t, std::less<>> month_at;
  for (std::size_t m = 0; m < months.size(); ++m) month_at.emplace(months[m], m);
  std::set<std::string> wishes;
  for (const MonthFigures& f : figures)
    for (const auto& w : f.counts.wishes) wishes.insert(w.first);
  const std::vector<std::string> keys = row_keys(wishes);
  const auto empty_rows = [&] {
    Rows rows;
    for (const std::string& key : keys) rows[key].resize(months.size());
    return rows;
  };

  // Each office on its own first, with its totals' rule, so all offices together can withhold a
  // cell whenever one office's part of it is hidden.
  std::map<std::int64_t, Rows> per_office;
  std::map<std::int64_t, std::vector<bool>> events_hidden;
  for (const MonthFigures& f : figures) {
    const auto m = month_at.find(f.month);
    if (m == month_at.end() || (office && f.office_id != *office)) continue;
    auto [at, fresh] = per_office.try_emplace(f.office_id);
    if (fresh) at->second = empty_rows();
    for (const auto& [key, n] : counts_by_key(f.counts)) at->second.at(key)[m->second].value += n;
  }
  for (const Event& e : events) {
    const auto m = month_at.find(e.date.substr(0, std::min<std::size_t>(7, e.date.size())));
    if (m == month_at.end() || (office && e.office_id != *office)) continue;
    const FigureCell cell{e.records, false};
    table.events.push_back({e, cell});
    auto& hidden = events_hidden[e.office_id];
    hidden.resize(months.size());
    if (cell.hidden()) hidden[m->second] = true;
    if (!per_office.contains(e.office_id)) per_office[e.office_id] = empty_rows();
  }
  for (auto& [id, rows] : per_office) {
    events_hidden[id].resize(months.size());
    apply_totals(rows, events_hidden[id]);
  }

  Rows shown = empty_rows();
  if (office) {
    if (auto it = per_office.find(*office); it != per_office.end()) shown = std::move(it->second);
  } else {
    for (const auto& [id, rows] : per_office)
      for (const auto& [key, cells] : rows)
        for (std::size_t m = 0; m < cells.size(); ++m) {
          FigureCell& sum = shown.at(key)[m];
          sum.value += cells[m].value;
          sum.withheld = sum.withheld || cells[m].hidden();
        }
    // A withheld sum that is small anyway says "< 5" (no more than that).
    for (auto& [key, cells] : shown)
      for (FigureCell& c : cells)
        if (c.small()) c.withheld = false;
    apply_totals(shown, std::vector<bool>(months.size(), false));
  }
  for (const std::string& key : keys) table.rows.push_back({key, std::move(shown.at(key))});
  std::stable_sort(table.events.begin(), table.events.end(),
                   [](const auto& a, const auto& b) { return a.event.date > b.event.date; });
  return table;
}

std::string figure_label(const OfficeTexts& texts, std::string_view key) {
  const std::string text_key = "office.figures.row." + std::string(key);
  const std::string& label = texts.text(text_key);
  if (label != text_key) return label;
  // A wish no catalogue names: its token, after the word for wishes.
  if (key.starts_with("wish."))
    return texts.text("office.figures.row.wish") + ": " + std::string(key.substr(5));
  return std::string(key);
}

namespace {

// A bar chart of one row over the months: a column per month with its count written above its
// bar and the month below (so nothing is told by colour or length alone), a title per column,
// and the whole as role="img" with an aria-label that reads the values out. The words are HTML
// on the page's own background and only the bars are SVG, each an image of its own: text inside
// an SVG sits over the SVG for axe, which then cannot work out its contrast.
void bar_chart(HtmlBuilder& html, const OfficeTexts& t, std::string_view title,
               std::span<const std::string> months, std::span<const FigureCell> cells) {
  constexpr int kBar = 34, kHeight = 140;
  std::uint64_t top = 1;
  for (const FigureCell& c : cells)
    if (!c.hidden()) top = std::max(top, c.value);
  std::string described(title);
  for (std::size_t m = 0; m < months.size(); ++m)
    described += (m == 0 ? ": " : "; ") + months[m] + " " + figure_text(t, cells[m]);
  html.open("figure", {{"class", "figure-chart"}});
  html.element("figcaption", title);
  html.open("div", {{"role", "img"}, {"aria-label", described}, {"class", "chart"}});
  for (std::size_t m = 0; m < months.size(); ++m) {
    const FigureCell& c = cells[m];
    const std::string text = figure_text(t, c);
    const int bar = c.hidden() ? 0
                               : static_cast<int>(static_cast<double>(c.value) /
                                                  static_cast<double>(top) * kHeight);
    html.open("div",
              {{"class", c.hidden() ? "bar hidden" : "bar"}, {"title", months[m] + ": " + text}});
    html.element("span", text, {{"class", "value"}});
    // SVG in HTML has no void elements: every one is closed, or what follows would be inside.
    if (bar > 0) {
      const std::string w = std::to_string(kBar), h = std::to_string(bar);
      html.open("svg", {{"width", w}, {"height", h}, {"aria-hidden", "true"}})
          .open("rect", {{"width", w}, {"height", h}})
          .close("rect")
          .close("svg");
    }
    html.element("span", months[m].substr(5, 2) + "/" + months[m].substr(2, 2),
                 {{"class", "month"}});
    html.close("div");
  }
  html.close("div");
  html.close("figure");
}

std::string figures_query(std::string_view office, std::string_view from, std::string_view to) {
  return "office=" + percent_encode(office) + "&from=" + percent_encode(from) +
         "&to=" + percent_encode(to);
}

}  // namespace

std::string render_figures_page(const OfficeLayout& layout, const FiguresView& view) {
  const OfficeTexts& t = layout.texts;
  const FiguresTable& table = view.table;
  HtmlBuilder main;
  main.element("h1", t.text("office.figures.title"));
  if (view.office) {
    main.open("p").element("span", t.text("office.figures.office")).text(" ");
    main.person_text(view.office_name).close("p");
  } else {
    main.element("p", t.text("office.figures.all_offices"));
  }
  main.element("p", t.text("office.figures.intro"));
  main.element("p", t.text("office.figures.small_rule"), {{"class", "figures-rule"}});
  if (!view.notice.empty()) main.element("p", view.notice, {{"class", "notice"}, {"role", "alert"}});

  // All offices are the choice "" ("alle").
  const std::string office_value = view.office ? std::to_string(*view.office) : "";
  main.open("form", {{"method", "get"}, {"action", "/office/figures"}, {"class", "filter"}});
  if (!view.offices.empty()) {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const Office& o : view.offices) choices.emplace_back(std::to_string(o.id), o.name);
    select(main, "office", t.text("office.figures.choose_office"), office_value, choices);
  }
  input(main, "month", "from", t.text("office.figures.from"), view.from);
  input(main, "month", "to", t.text("office.figures.to"), view.to);
  main.element("button", t.text("office.figures.show"), {{"type", "submit"}, {"class", "button"}});
  main.close("form");
  main.open("p").element(
      "a", t.text("office.figures.csv"),
      {{"href", "/office/figures.csv?" + figures_query(office_value, view.from, view.to)},
       {"class", "button"}});
  main.close("p");

  main.open("div", {{"class", "figure-charts"}});
  for (const char* key : {"profiles", "people", "cases"})
    if (const FiguresTable::Row* r = table.row(key))
      bar_chart(main, t, figure_label(t, key), table.months, r->cells);
  main.close("div");

  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records figures"}});
  main.element("caption", t.text("office.figures.caption"));
  std::vector<std::string_view> heads{t.text("office.figures.col.figure")};
  heads.insert(heads.end(), table.months.begin(), table.months.end());
  main.column_heads(heads);
  for (const FiguresTable::Row& r : table.rows) {
    const bool group = r.key == "profiles" || r.key == "people" || r.key == "cases";
    main.open("tr", {{"class", group ? "figure-total" : "figure-part"}});
    main.element("th", figure_label(t, r.key), {{"scope", "row"}});
    for (const FigureCell& c : r.cells) main.element("td", figure_text(t, c), {{"class", "num"}});
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");

  main.element("h2", t.text("office.figures.events"));
  if (table.events.empty()) {
    main.element("p", t.text("office.figures.no_events"));
  } else {
    main.open("div", {{"class", "table-scroll"}});
    main.open("table", {{"class", "records"}});
    main.element("caption", t.text("office.figures.events_caption"));
    main.column_heads({t.text("office.figures.col.event"), t.text("office.figures.col.date"),
                       t.text("office.figures.row.profiles")});
    for (const FiguresTable::EventRow& e : table.events) {
      main.open("tr");
      main.open("th", {{"scope", "row"}}).person_text(e.event.name).close("th");
      main.open("td").person_text(e.event.date).close("td");
      main.element("td", figure_text(t, e.profiles), {{"class", "num"}});
      main.close("tr");
    }
    main.close("tbody").close("table").close("div");
  }
  return office_document(layout, t.text("office.figures.title"), main.str());
}

std::string figures_csv(const OfficeTexts& t, const FiguresTable& table,
                        std::string_view office_name) {
  std::string out(kUtf8Bom);
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? ";" : "") + csv_cell(cells[i]);
    out += "\r\n";
  };
  std::vector<std::string> header = {t.text("office.figures.col.office"),
                                     t.text("office.figures.col.figure"), "key"};
  header.insert(header.end(), table.months.begin(), table.months.end());
  line(header);
  for (const FiguresTable::Row& r : table.rows) {
    std::vector<std::string> cells = {std::string(office_name), figure_label(t, r.key), r.key};
    for (const FigureCell& c : r.cells) cells.push_back(figure_text(t, c));
    line(cells);
  }
  for (const FiguresTable::EventRow& e : table.events) {
    std::vector<std::string> cells = {std::string(office_name),
                                      t.text("office.figures.col.event") + ": " + e.event.name +
                                          " (" + e.event.date + ")",
                                      "event"};
    for (const std::string& m : table.months)
      cells.push_back(e.event.date.starts_with(m) ? figure_text(t, e.profiles) : "");
    line(cells);
  }
  return out;
}

namespace {

struct FiguresChoice {
  std::optional<std::int64_t> office;  // nullopt: all
  std::string from, to;
  std::vector<std::string> months;
  std::string notice;
};

// The office, months and what was wrong with them, from the query; a role that sees one office
// gets it whatever the query says (refused before this when the query asked for another).
FiguresChoice choice_of(const http::Request& req, const OfficeTexts& t) {
  FiguresChoice c;
  const std::string now = rfc3339_utc_of_unix_ms(unix_ms_now()).substr(0, 7);
  const int this_month = *month_index(now);
  int first = this_month - 11, last = this_month;
  const std::string from = req.get_param_value("from"), to = req.get_param_value("to");
  if (!from.empty() || !to.empty()) {
    const auto f = month_index(from.empty() ? month_of_index(this_month - 11) : from);
    const auto l = month_index(to.empty() ? now : to);
    if (!f || !l)
      c.notice = t.text("office.figures.bad_month");
    else if (*f > *l || *l - *f + 1 > kMaxMonths)
      c.notice = format_message(t.text("office.figures.bad_range"),
                                {{"max", std::to_string(kMaxMonths)}});
    else
      first = *f, last = *l;
  }
  c.from = month_of_index(first);
  c.to = month_of_index(last);
  for (int m = first; m <= last; ++m) c.months.push_back(month_of_index(m));
  return c;
}

std::optional<std::int64_t> office_id_of(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

class FiguresRoutes {
 public:
  FiguresRoutes(HubStore& store, const OfficeTexts& texts, OfficeGate& gate)
      : store_(store), texts_(texts), gate_(gate) {}

  void serve(const http::Request& req, http::Response& res, bool csv) {
    auto s = gate_.session(req, res);
    if (!s) return;
    const OfficeLayout layout{texts_, s->user, s->csrf, "figures", s->role};
    FiguresChoice choice = choice_of(req, texts_);
    auto offices = store_.list_offices();
    if (!offices) return gate_.store_failed(res, layout, offices.error());
    const std::string asked = req.get_param_value("office");
    if (s->role != OfficeRole::administrator) {
      // One's own office only: another office's figures (or all offices') are refused, not
      // quietly replaced, so nobody takes their own office's figures for another's.
      if (!asked.empty() && office_id_of(asked) != s->office_id)
        return send_page(res, 403,
                         render_office_message(layout, texts_.text("office.figures.refused.title"),
                                               texts_.text("office.figures.refused.text"),
                                               "/office/figures",
                                               texts_.text("office.figures.to_own")));
      choice.office = s->office_id;
    } else if (!asked.empty()) {
      choice.office = office_id_of(asked);
      if (!choice.office || std::none_of(offices->begin(), offices->end(), [&](const Office& o) {
            return o.id == *choice.office;
          })) {
        choice.office = std::nullopt;
        choice.notice = texts_.text("office.figures.bad_office");
      }
    }
    auto figures = store_.figures(choice.office, choice.from, choice.to);
    if (!figures) return gate_.store_failed(res, layout, figures.error());
    auto events = store_.list_events(choice.office);
    if (!events) return gate_.store_failed(res, layout, events.error());
    const FiguresTable table = figures_table(*figures, *events, choice.months, choice.office);
    std::string office_name;
    for (const Office& o : *offices)
      if (choice.office && o.id == *choice.office) office_name = o.name;
    if (!choice.office) office_name = texts_.text("office.figures.all_offices");

    if (csv) {
      // Which office and months went out, never a count: the log stays free of the figures too.
      gate_.audit(s->user, "export_figures",
                  "office " + (choice.office ? std::to_string(*choice.office) : "all") + ", " +
                      choice.from + " .. " + choice.to,
                  "");
      res.status = 200;
      res.set_header("Content-Disposition", "attachment; filename=\"sichtbar-zahlen-" +
                                                choice.from + "-" + choice.to + ".csv\"");
      res.set_content(figures_csv(texts_, table, office_name), "text/csv; charset=utf-8");
      return;
    }
    std::span<const Office> choices;
    if (s->role == OfficeRole::administrator) choices = *offices;
    send_page(res, 200,
              render_figures_page(layout, {table, choices, choice.office, office_name, choice.from,
                                           choice.to, choice.notice}));
  }

 private:
  HubStore& store_;
  const OfficeTexts& texts_;
  OfficeGate& gate_;
};

}  // namespace

void mount_figures_routes(http::Router& router, HubStore& store, const OfficeTexts& texts,
                          OfficeGate& gate) {
  auto routes = std::make_shared<FiguresRoutes>(store, texts, gate);
  router.get("/office/figures",
             [routes](const auto& req, auto& res) { routes->serve(req, res, false); });
  router.get("/office/figures.csv",
             [routes](const auto& req, auto& res) { routes->serve(req, res, true); });
}

}  // namespace sichtbar::hub::web
