// Rendering the office's pages; see office_pages.h.
#include "hub/web/office_pages.h"

#include <algorithm>
#include <tuple>

#include "base/bytes.h"
#include "base/dates.h"
#include "base/text.h"
#include "domain/names.h"
#include "hub/record_index.h"
#include "hub/web/export.h"
#include "hub/web/html.h"
#include "hub/web/office_case_pages.h"
#include "hub/web/office_permissions.h"

namespace sichtbar::hub::web {

using nlohmann::json;

namespace {

std::string occupation_label(const OfficeContext& ctx, std::string_view code) {
  if (auto named = ctx.occupations.find_name(code, "de"))
    return *named + " (" + std::string(ctx.occupations.isco_unit(code)) + ")";
  return std::string(code);
}

std::string codes_text(const std::string& list, const auto& name_of) {
  std::string out;
  for (const std::string& code : split_codes({list}))
    out += (out.empty() ? "" : ", ") + name_of(code);
  return out;
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void input(HtmlBuilder& html, std::string_view type, std::string_view name, std::string_view label,
           std::string_view value) {
  const std::string id = "f-" + std::string(name);
  html.open("div", {{"class", "filter-field"}});
  html.element("label", label, {{"for", id}});
  html.void_element("input", {{"type", type}, {"id", id}, {"name", name}, {"value", value}});
  html.close("div");
}


void select(HtmlBuilder& html, std::string_view name, std::string_view label,
            std::string_view chosen,
            const std::vector<std::pair<std::string, std::string>>& options,
            std::string_view empty_label) {
  const std::string id = "f-" + std::string(name);
  html.open("div", {{"class", "filter-field"}});
  html.element("label", label, {{"for", id}});
  html.open("select", {{"id", id}, {"name", name}});
  html.element("option", empty_label, {{"value", ""}});
  // A choice from a link that no stored record has (any more) still shows as chosen.
  const bool known =
      chosen.empty() ||
      std::any_of(options.begin(), options.end(), [&](const auto& o) { return o.first == chosen; });
  // An option's label cannot hold a <bdi>: what would reorder or hide text is shown as U+FFFD.
  if (!known)
    html.element("option", neutralise_hidden_text(chosen, false),
                 {{"value", chosen}, {"selected", "selected"}});
  for (const auto& [value, text] : options) {
    const std::string shown = neutralise_hidden_text(text, false);
    if (value == chosen)
      html.element("option", shown, {{"value", value}, {"selected", "selected"}});
    else
      html.element("option", shown, {{"value", value}});
  }
  html.close("select").close("div");
}

void csrf_field(HtmlBuilder& html, std::string_view csrf) {
  html.void_element("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", csrf}});
}

std::string local_day(std::int64_t unix_ms) {
  return rfc3339_utc_of_unix_ms(unix_ms).substr(0, 10);
}

std::string office_document(const OfficeLayout& layout, std::string_view title,
                            std::string_view main_markup) {
  HtmlBuilder html;
  open_document(html, "de", "ltr");
  const OfficeTexts& t = layout.texts;
  html.element("title", format_message(t.text("office.title_suffix"), {{"title", title}}));
  html.void_element("link", {{"rel", "stylesheet"}, {"href", "/assets/style.css"}});
  html.close("head");
  html.open("body", {{"class", "office"}});
  // The first stop for the keyboard: past the navigation to the page's content.
  html.element("a", t.text("office.skip_to_content"), {{"href", "#main"}, {"class", "skip"}});
  if (!layout.user.empty()) {
    html.open("header", {{"class", "office-head"}});
    html.element("p", t.text("office.brand"), {{"class", "brand"}});
    html.open("nav", {{"aria-label", t.text("office.nav.label")}}).open("ul");
    const std::pair<std::string_view, std::string_view> sections[] = {
        {"records", t.text("office.nav.records")},
        {"cases", t.text("office.nav.cases")},
        {"duplicates", t.text("office.nav.duplicates")},
        {"figures", t.text("office.nav.figures")},
        {"kiosks", t.text("office.nav.kiosks")},
        {"quarantine", t.text("office.nav.quarantine")},
        {"audit", t.text("office.nav.audit")},
        {"admin/logins", t.text("office.nav.logins")},
        {"admin/offices", t.text("office.nav.offices")}};
    for (const auto& [id, label] : sections) {
      const std::string href = "/office/" + std::string(id);
      if (!role_may(layout.role, "GET", href)) continue;  // refused anyway: not offered
      html.open("li");
      if (id == layout.section)
        html.element("a", label, {{"href", href}, {"aria-current", "page"}});
      else
        html.element("a", label, {{"href", href}});
      html.close("li");
    }
    html.close("ul").close("nav");
    html.open("form", {{"method", "post"}, {"action", "/office/logout"}, {"class", "logout"}});
    html.void_element("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", layout.csrf}});
    html.element("span", t.text("office.logged_in_as"), {{"class", "who"}});
    html.person_text(layout.user);
    html.element("button", t.text("office.logout"), {{"type", "submit"}, {"class", "button"}});
    html.close("form");
    html.close("header");
  }
  html.open("main", {{"id", "main"}}).trusted_markup(main_markup).close("main");
  html.close("body").close("html");
  return html.take();
}

std::string person_name(const json& record) {
  if (!record.is_object() || !record.contains("answers")) return "";
  const json& answers = record["answers"];
  if (!answers.is_object() || !answers.contains("about") || !answers["about"].is_object())
    return "";
  const json& about = answers["about"];
  return about.contains("name") && about["name"].is_string() ? about["name"].get<std::string>()
                                                             : "";
}

std::string render_login_page(const OfficeTexts& t, std::string_view message, std::string_view user,
                              std::string_view nonce) {
  HtmlBuilder main;
  main.open("section", {{"class", "login"}});
  main.element("h1", t.text("office.login.title"));
  main.element("p", t.text("office.login.intro"));
  if (!message.empty()) main.element("p", message, {{"class", "notice"}, {"role", "alert"}});
  main.open("form", {{"method", "post"}, {"action", "/office/login"}});
  main.void_element("input", {{"type", "hidden"}, {"name", "nonce"}, {"value", nonce}});
  main.open("div", {{"class", "filter-field"}});
  main.element("label", t.text("office.login.user"), {{"for", "user"}});
  main.void_element("input", {{"type", "text"},
                              {"id", "user"},
                              {"name", "user"},
                              {"value", user},
                              {"autocomplete", "username"},
                              {"required", "required"},
                              {"autofocus", "autofocus"}});
  main.close("div").open("div", {{"class", "filter-field"}});
  main.element("label", t.text("office.login.password"), {{"for", "password"}});
  main.void_element("input", {{"type", "password"},
                              {"id", "password"},
                              {"name", "password"},
                              {"autocomplete", "current-password"},
                              {"required", "required"}});
  main.close("div");
  main.element("button", t.text("office.login.submit"),
               {{"type", "submit"}, {"class", "button primary"}});
  main.close("form").close("section");
  return office_document({t}, t.text("office.login.title"), main.str());
}

std::string filter_query(const RecordFilter& f) {
  std::string q;
  const auto add = [&](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    q += (q.empty() ? "" : "&") + std::string(name) + "=" + percent_encode(value);
  };
  add("q", f.text);
  add("event", f.event_id);
  add("from", f.date_from);
  add("to", f.date_to);
  add("country", f.country);
  add("occupation", f.occupation);
  add("language", f.language);
  if (f.wants_advice) add("advice", *f.wants_advice ? "yes" : "no");
  add("major", f.isco_major);
  add("regulated", f.regulated);
  add("procedure", f.procedure);
  add("body", f.body);
  if (f.office_id) add("office", std::to_string(*f.office_id));
  return q;
}

WayChoices way_choices(const OfficeContext& ctx, const OfficeTexts& t) {
  WayChoices c;
  for (char major = '0'; major <= '9'; ++major) {
    const std::string code(1, major);
    c.majors.emplace_back(
        code, code + " " + std::string(ctx.occupations.esco().isco_title(code, EscoLanguage::de)));
  }
  // The office's words for regulated_names() and procedure_names(), in their order (whole keys,
  // so the catalogue test finds them).
  static constexpr const char* kRegulated[] = {
      "office.regulated.yes", "office.regulated.self_employment", "office.regulated.no"};
  static constexpr const char* kProcedures[] = {"office.procedure.approbation",
                                                "office.procedure.title",
                                                "office.procedure.equivalence",
                                                "office.procedure.teacher",
                                                "office.procedure.state_recognition",
                                                "office.procedure.comparability",
                                                "office.procedure.admission",
                                                "office.procedure.licence",
                                                "office.procedure.none"};
  for (std::size_t k = 0; k < std::size(kRegulated) && k < regulated_names().size(); ++k)
    c.regulated.emplace_back(regulated_names()[k], t.text(kRegulated[k]));
  for (std::size_t k = 0; k < std::size(kProcedures) && k < procedure_names().size(); ++k)
    c.procedures.emplace_back(procedure_names()[k], t.text(kProcedures[k]));
  if (ctx.recognition)
    for (const std::string& id : ctx.recognition->competent_bodies())
      c.bodies.emplace_back(id, ctx.recognition->body(id)->name);
  std::sort(c.bodies.begin(), c.bodies.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return c;
}

std::string render_records_page(const OfficeContext& ctx, const OfficeLayout& layout,
                                const RecordsView& view) {
  const RecordFilter& f = view.filter;
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.records.title"));
  if (!view.notice.empty())
    main.element("p", view.notice, {{"class", "notice"}, {"role", "alert"}});
  main.open(
      "form",
      {{"method", "get"}, {"action", "/office/records"}, {"class", "filter"}, {"role", "search"}});
  main.open("div", {{"class", "filter-field wide"}});
  main.element("label", t.text("office.records.search"), {{"for", "f-q"}});
  main.void_element("input", {{"type", "search"}, {"id", "f-q"}, {"name", "q"}, {"value", f.text}});
  main.close("div");
  std::vector<std::pair<std::string, std::string>> events;
  for (const auto& e : view.facets.events)
    events.emplace_back(e.id, e.name + " (" + e.date + ", " + std::to_string(e.records) + ")");
  if (!view.offices.empty()) {
    std::vector<std::pair<std::string, std::string>> offices;
    for (const Office& o : view.offices) offices.emplace_back(std::to_string(o.id), o.name);
    select(main, "office", t.text("office.records.office"),
           f.office_id ? std::to_string(*f.office_id) : "", offices);
  }
  select(main, "event", t.text("office.records.event"), f.event_id, events);
  input(main, "date", "from", t.text("office.records.date_from"), f.date_from);
  input(main, "date", "to", t.text("office.records.date_to"), f.date_to);
  std::vector<std::pair<std::string, std::string>> countries, occupations, languages;
  for (const auto& c : view.facets.countries)
    countries.emplace_back(c, script::country_name(c, "de"));
  for (const auto& o : view.facets.occupations)
    occupations.emplace_back(o, occupation_label(ctx, o));
  for (const auto& l : view.facets.languages)
    languages.emplace_back(l, script::language_name(l, "de"));
  select(main, "country", t.text("office.records.country"), f.country, countries);
  select(main, "occupation", t.text("office.records.occupation"), f.occupation, occupations);
  select(main, "language", t.text("office.records.language"), f.language, languages);
  select(main, "advice", t.text("office.records.advice"),
         f.wants_advice ? (*f.wants_advice ? "yes" : "no") : "",
         {{"yes", t.text("office.yes")}, {"no", t.text("office.no")}});
  const WayChoices ways = way_choices(ctx, t);
  select(main, "major", t.text("office.records.isco_major"), f.isco_major, ways.majors);
  select(main, "regulated", t.text("office.records.regulated"), f.regulated, ways.regulated);
  select(main, "procedure", t.text("office.records.procedure"), f.procedure, ways.procedures);
  select(main, "body", t.text("office.records.body"), f.body, ways.bodies);
  main.open("div", {{"class", "actions"}});
  main.element("button", t.text("office.records.filter"),
               {{"type", "submit"}, {"class", "button primary"}});
  main.element("a", t.text("office.records.show_all"),
               {{"href", "/office/records"}, {"class", "button"}});
  main.close("div");
  main.close("form");
  // The way to recognition behind four of the filters is the curated map's guidance.
  if (ctx.recognition) {
    std::size_t unchecked = 0;
    for (const RecognitionEntry& e : ctx.recognition->entries()) unchecked += !e.expert_checked;
    main.element("p",
                 format_message(t.text("office.records.way_guidance"),
                                {{"unchecked", std::to_string(unchecked)},
                                 {"entries", std::to_string(ctx.recognition->entries().size())}}),
                 {{"class", "hint"}});
  }

  const std::string query = filter_query(f);
  const std::string suffix = query.empty() ? "" : "?" + query;
  main.open("p", {{"class", "summary"}});
  main.text(
      format_message(t.text("office.records.found"), {{"count", std::to_string(view.page.total)}}));
  main.element("a", t.text("office.records.export_csv"),
               {{"href", "/office/export.csv" + suffix}, {"class", "button"}});
  main.text(" ");
  main.element("a", t.text("office.records.export_json"),
               {{"href", "/office/export.json" + suffix}, {"class", "button"}});
  main.close("p");

  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records"}});
  main.element("caption", t.text("office.records.caption"));
  main.column_heads({t.text("office.records.col.name"), t.text("office.records.col.country"),
                     t.text("office.records.col.occupation"),
                     t.text("office.records.col.languages"), t.text("office.records.col.advice"),
                     t.text("office.records.col.event"), t.text("office.records.col.received")});
  for (const RecordSummary& r : view.page.rows) {
    const json record = json::parse(r.record_json, nullptr, false);
    const RecordIndex index = index_record(r.record_json);
    std::string name = person_name(record);
    if (name.empty()) name = t.text("office.records.no_name");
    main.open("tr");
    main.open("td").open("a", {{"href", "/office/records/" + to_hex(r.record_id)}});
    main.person_text(name);
    main.close("a").close("td");
    main.element("td", index.country.empty() ? "" : script::country_name(index.country, "de"));
    main.element("td", codes_text(index.occupations,
                                  [&](const std::string& c) { return occupation_label(ctx, c); }));
    main.element("td", codes_text(index.languages, [](const std::string& c) {
                   return script::language_name(c, "de");
                 }));
    main.element("td", index.wants_advice ? t.text("office.yes") : "–");
    main.open("td").person_text(index.event_name).text(" " + index.event_date).close("td");
    main.element("td", local_day(r.received_at_ms));
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");

  // Pages of 50: "earlier" and "later" links keep the filter.
  if (f.limit > 0 && view.page.total > f.limit) {
    const std::uint64_t page = f.offset / f.limit + 1;
    const std::uint64_t pages = (view.page.total + f.limit - 1) / f.limit;
    const std::string base = "/office/records?" + (query.empty() ? "" : query + "&") + "page=";
    main.open("nav", {{"class", "pages"}, {"aria-label", t.text("office.records.pages")}});
    if (page > 1)
      main.element("a", t.text("office.records.previous"),
                   {{"href", base + std::to_string(page - 1)}, {"rel", "prev"}});
    main.text(format_message(t.text("office.records.page_of"),
                             {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}}));
    if (page < pages)
      main.element("a", t.text("office.records.next"),
                   {{"href", base + std::to_string(page + 1)}, {"rel", "next"}});
    main.close("nav");
  }
  return office_document(layout, t.text("office.records.title"), main.str());
}

std::vector<TypedOccupation> typed_occupations(const json& record) {
  std::vector<TypedOccupation> out;
  if (!record.is_object() || !record.contains("answers")) return out;
  const json& items = record["answers"].value("work", json::object()).value("items", json());
  if (!items.is_array()) return out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    if (!item.is_object() || !item.contains("job_title") || !item["job_title"].is_string())
      continue;
    std::string words = item["job_title"].get<std::string>();
    if (words.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    out.push_back({"work.items." + std::to_string(i), std::move(words)});
  }
  return out;
}

namespace {

// "Coded by <user> on <date>: <German label> (ISCO <unit>)"; the label is the URI itself when
// this hub's ESCO data lacks it.
std::string coding_text(const OfficeContext& ctx, const OfficeTexts& t, const OccupationCoding& c) {
  return format_message(t.text("office.coding.coded"),
                        {{"user", c.coded_by},
                         {"date", rfc3339_utc_of_unix_ms(c.coded_at_ms).substr(0, 10)},
                         {"label", ctx.occupations.name(c.esco_uri, "de")},
                         {"unit", std::string(ctx.occupations.isco_unit(c.esco_uri))}});
}

// The label of a choice's value (the value itself when it is not a choice).
std::string choice_label(const std::vector<std::pair<std::string, std::string>>& choices,
                         std::string_view value) {
  for (const auto& [v, label] : choices)
    if (v == value) return label;
  return std::string(value);
}

// A POST form of one button on a record (set or remove a coding), with the CSRF token.
void record_post_button(HtmlBuilder& html, const OfficeLayout& layout, std::string_view action,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                        std::string_view label, std::string_view style) {
  html.open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
  csrf_field(html, layout.csrf);
  for (const auto& [name, value] : fields)
    html.void_element("input", {{"type", "hidden"}, {"name", name}, {"value", value}});
  html.element("button", label, {{"type", "submit"}, {"class", style}});
  html.close("form");
}

// Beside each typed occupation: the person's words, unchanged, and the office's coding of them
// or the way to make one.
void render_codings(HtmlBuilder& main, const OfficeContext& ctx, const OfficeLayout& layout,
                    std::string_view hex, const std::vector<TypedOccupation>& typed,
                    std::span<const OccupationCoding> codings) {
  if (typed.empty()) return;
  const OfficeTexts& t = layout.texts;
  main.open("section", {{"class", "codings"}, {"id", "codings"}});
  main.element("h2", t.text("office.coding.heading"));
  main.element("p", t.text("office.coding.explain"));
  main.open("ul", {{"class", "codings"}});
  for (const TypedOccupation& answer : typed) {
    const auto coded = std::find_if(codings.begin(), codings.end(),
                                    [&](const auto& c) { return c.answer_path == answer.path; });
    const std::string code_link =
        "/office/records/" + std::string(hex) + "/code?answer=" + percent_encode(answer.path);
    main.open("li", {{"data-answer", answer.path}});
    main.open("p", {{"class", "typed"}})
        .element("span", t.text("office.coding.their_words"), {{"class", "term"}})
        .text(" ")
        .person_text(answer.words)
        .close("p");
    if (coded != codings.end()) {
      main.element("p", coding_text(ctx, t, *coded), {{"class", "coded"}});
      main.open("div", {{"class", "actions"}});
      main.element("a", t.text("office.coding.change"), {{"href", code_link}, {"class", "button"}});
      record_post_button(main, layout, "/office/records/" + std::string(hex) + "/uncode",
                         {{"answer", answer.path}}, t.text("office.coding.remove"),
                         "button danger");
      main.close("div");
    } else {
      main.open("div", {{"class", "actions"}});
      main.element("a", t.text("office.coding.code"), {{"href", code_link}, {"class", "button"}});
      main.close("div");
    }
    main.close("li");
  }
  main.close("ul").close("section");
}

}  // namespace

std::string render_coding_page(const OfficeContext& ctx, const OfficeLayout& layout,
                               const CodingView& view) {
  const OfficeTexts& t = layout.texts;
  const std::string record_link = "/office/records/" + std::string(view.record_hex);
  HtmlBuilder main;
  main.open("p").element("a", t.text("office.coding.back"), {{"href", record_link}}).close("p");
  main.element("h1", t.text("office.coding.title"));
  main.open("p", {{"class", "typed"}})
      .element("span", t.text("office.coding.their_words"), {{"class", "term"}})
      .text(" ")
      .person_text(view.answer.words)
      .close("p");
  if (view.current) main.element("p", coding_text(ctx, t, *view.current), {{"class", "coded"}});
  main.open("form", {{"method", "get"}, {"action", record_link + "/code"}, {"class", "filter"}});
  main.void_element("input", {{"type", "hidden"}, {"name", "answer"}, {"value", view.answer.path}});
  main.open("div", {{"class", "filter-field wide"}});
  main.element("label", t.text("office.coding.search"), {{"for", "f-q"}});
  main.void_element("input", {{"type", "search"},
                              {"id", "f-q"},
                              {"name", "q"},
                              {"value", view.query},
                              {"maxlength", "200"}});
  main.close("div");
  main.open("div", {{"class", "actions"}});
  main.element("button", t.text("office.coding.search_button"),
               {{"type", "submit"}, {"class", "button"}});
  main.close("div").close("form");
  if (view.suggestions.empty()) {
    main.element("p", t.text("office.coding.none_found"), {{"class", "notice"}});
    return office_document(layout, t.text("office.coding.title"), main.str());
  }
  main.element("h2", t.text("office.coding.suggestions"));
  main.element("p", t.text("office.way.guidance"), {{"class", "notice"}});
  // The filters' words for the way (regulated, procedure), so the hint reads as they do.
  const WayChoices ways = way_choices(ctx, t);
  main.open("ol", {{"class", "suggestions"}});
  for (const CodingSuggestion& s : view.suggestions) {
    main.open("li", {{"data-uri", s.uri}});
    main.open("p").element("strong", s.label_de).text(" ");
    main.element("span", "ISCO " + s.isco_unit + ": " + s.isco_title_de, {{"class", "isco"}});
    main.close("p");
    if (!s.regulated.empty())
      main.element("p",
                   format_message(t.text("office.coding.hint"),
                                  {{"regulated", choice_label(ways.regulated, s.regulated)},
                                   {"procedure", choice_label(ways.procedures, s.procedure)}}) +
                       (s.expert_checked ? "" : " " + t.text("office.way.unchecked")),
                   {{"class", "hint"}, {"data-regulated", s.regulated}});
    record_post_button(main, layout, record_link + "/code",
                       {{"answer", view.answer.path}, {"uri", s.uri}},
                       t.text("office.coding.choose"), "button primary");
    main.close("li");
  }
  main.close("ol");
  return office_document(layout, t.text("office.coding.title"), main.str());
}

std::string render_record_page(const OfficeContext& ctx, const OfficeLayout& layout,
                               const RecordSummary& r, std::string_view kiosk_name,
                               std::span<const OccupationCoding> codings,
                               std::optional<PersonId> person) {
  const json record = json::parse(r.record_json, nullptr, false);
  const std::string hex = to_hex(r.record_id);
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.open("p")
      .element("a", t.text("office.record.back"), {{"href", "/office/records"}})
      .close("p");
  if (person)
    main.open("p")
        .element("a", t.text("office.record.to_case"),
                 {{"href", "/office/people/" + std::to_string(*person)}, {"class", "button"}})
        .close("p");
  main.open("article", {{"class", "record"}});
  // Occupations from newer ESCO data than this hub's (a kiosk updated first): stored, flagged.
  const Form* form = record.is_object() ? ctx.forms.find_for_record(record) : nullptr;
  if (form && record.contains("answers")) {
    const auto unknown = ctx.occupations.unknown_esco_answers(*form, record["answers"]);
    if (!unknown.empty()) {
      main.open("section", {{"class", "notice flag"}, {"data-flag", "record.unknown_occupation"}});
      main.element("p", t.text("office.record.unknown_occupation"));
      main.open("ul");
      for (const auto& u : unknown) {
        main.open("li").open("code", {{"dir", "ltr"}}).text(u.path).close("code").text(": ");
        main.open("code", {{"dir", "ltr"}}).text(u.uri).close("code").close("li");
      }
      main.close("ul").close("section");
    }
  }
  if (record.is_object()) {
    // As on the case page: the contact details only in the box, and only with consent.
    contact_box(main, t, shared_contact(record));
    const PageContext page{ctx.forms, ctx.texts, &ctx.occupations};
    main.trusted_markup(render_profile_content(page, without_contact(record), "de"));
  }
  render_codings(main, ctx, layout, hex, typed_occupations(record), codings);
  main.open("section", {{"class", "meta"}});
  main.element("h2", t.text("office.record.origin"));
  main.open("dl", {{"class", "fields"}});
  const auto row = [&](std::string_view term, std::string_view value) {
    main.open("div", {{"class", "field"}}).element("dt", term).open("dd").person_text(value);
    main.close("dd").close("div");
  };
  row(t.text("office.record.id"), hex);
  row(t.text("office.record.received"), rfc3339_utc_of_unix_ms(r.received_at_ms));
  row(t.text("office.record.kiosk"), std::string(kiosk_name) + " (" + to_hex(r.device_id) + ")");
  if (record.is_object() && record.contains("locale") && record["locale"].is_string())
    row(t.text("office.record.kiosk_language"),
        script::language_name(record["locale"].get<std::string>(), "de"));
  main.close("dl").close("section");
  main.open("section", {{"class", "erase"}});
  main.element("a", t.text("office.record.erase"),
               {{"href", "/office/records/" + hex + "/erase"}, {"class", "button danger"}});
  main.close("section");
  main.close("article");
  return office_document(layout, t.text("office.record.title"), main.str());
}

std::string render_erase_page(const OfficeLayout& layout, std::string_view record_hex,
                              std::string_view name, std::string_view message) {
  const std::string action = "/office/records/" + std::string(record_hex) + "/erase";
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.open("section", {{"class", "message"}});
  main.element("h1", t.text("office.erase.heading"));
  main.open("p")
      .text(t.text("office.erase.before_name"))
      .person_text(name.empty() ? t.text("office.records.no_name") : name);
  main.text(t.text("office.erase.after_name"));
  main.close("p");
  if (!message.empty()) main.element("p", message, {{"class", "notice"}, {"role", "alert"}});
  main.open("form", {{"method", "post"}, {"action", action}});
  csrf_field(main, layout.csrf);
  main.open("div", {{"class", "filter-field wide"}});
  main.element("label", t.text("office.erase.reason"), {{"for", "reason"}});
  main.open("textarea", {{"id", "reason"},
                         {"name", "reason"},
                         {"rows", "3"},
                         {"maxlength", "500"},
                         {"required", "required"}});
  main.close("textarea").close("div");
  main.open("div", {{"class", "actions"}});
  main.element("button", t.text("office.erase.confirm"),
               {{"type", "submit"}, {"class", "button danger"}});
  main.element("a", t.text("office.cancel"),
               {{"href", "/office/records/" + std::string(record_hex)}, {"class", "button"}});
  main.close("div").close("form").close("section");
  return office_document(layout, t.text("office.erase.title"), main.str());
}

std::string render_kiosks_page(const OfficeLayout& layout, const std::vector<KioskRow>& kiosks,
                               std::span<const Office> offices) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.nav.kiosks"));
  if (kiosks.empty()) main.element("p", t.text("office.kiosks.none"));
  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records"}});
  main.element("caption", t.text("office.kiosks.caption"));
  main.column_heads({t.text("office.kiosks.col.name"), t.text("office.kiosks.col.enrolled"),
                     t.text("office.kiosks.col.revoked"), t.text("office.kiosks.col.office"),
                     t.text("office.kiosks.col.last_seen"), t.text("office.kiosks.col.last_number"),
                     t.text("office.kiosks.col.gaps"), t.text("office.col.actions")});
  for (const KioskRow& k : kiosks) {
    const std::string hex = to_hex(k.device.device_id);
    main.open("tr");
    main.open("td").person_text(k.device.name);
    main.element("small", hex, {{"class", "id"}});
    main.close("td");
    main.element("td", rfc3339_utc_of_unix_ms(k.device.enrolled_at_ms));
    main.element("td", k.device.revoked_at_ms ? rfc3339_utc_of_unix_ms(*k.device.revoked_at_ms)
                                              : t.text("office.no"));
    // The kiosk's office, and the way to move it to another (its events from then on go there).
    main.open("td");
    const auto office = std::find_if(offices.begin(), offices.end(),
                                     [&](const Office& o) { return o.id == k.device.office_id; });
    if (office != offices.end())
      main.person_text(office->name);
    else
      main.text(std::to_string(k.device.office_id));
    if (offices.size() > 1) {
      main.open(
          "form",
          {{"method", "post"}, {"action", "/office/kiosks/" + hex + "/office"}, {"class", "move"}});
      csrf_field(main, layout.csrf);
      const std::string id = "office-" + hex;
      main.element("label", t.text("office.kiosks.move_to"), {{"for", id}});
      main.open("select", {{"id", id}, {"name", "office"}});
      for (const Office& o : offices) {
        const std::string value = std::to_string(o.id);
        const std::string shown = neutralise_hidden_text(o.name, false);
        if (o.id == k.device.office_id)
          main.element("option", shown, {{"value", value}, {"selected", "selected"}});
        else
          main.element("option", shown, {{"value", value}});
      }
      main.close("select");
      main.element("button", t.text("office.kiosks.move"),
                   {{"type", "submit"}, {"class", "button"}});
      main.close("form");
    }
    main.close("td");
    main.element("td", k.checkpoint.last_seen_ms ? rfc3339_utc_of_unix_ms(k.checkpoint.last_seen_ms)
                                                 : t.text("office.kiosks.never"));
    main.element("td", std::to_string(k.checkpoint.max_seen));
    std::string gaps;
    for (const auto& [first, last] : k.checkpoint.missing)
      gaps += (gaps.empty() ? "" : ", ") +
              (first == last ? std::to_string(first)
                             : std::to_string(first) + "–" + std::to_string(last));
    main.element("td", gaps.empty() ? t.text("office.kiosks.no_gaps") : gaps);
    main.open("td");
    if (!k.device.revoked_at_ms)
      main.element("a", t.text("office.kiosks.revoke"),
                   {{"href", "/office/kiosks/" + hex + "/revoke"}, {"class", "button danger"}});
    main.close("td");
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");
  return office_document(layout, t.text("office.nav.kiosks"), main.str());
}

std::string render_revoke_page(const OfficeLayout& layout, const Device& device) {
  const std::string hex = to_hex(device.device_id);
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.open("section", {{"class", "message"}});
  main.element("h1", t.text("office.revoke.heading"));
  main.open("p").text(t.text("office.revoke.before_name")).person_text(device.name);
  main.text(" (" + hex +
            ") darf danach nicht mehr synchronisieren. Was er schon geschickt hat, "
            "bleibt; was noch auf ihm liegt, bleibt dort, bis er neu angemeldet wird.");
  main.close("p");
  main.open("form", {{"method", "post"}, {"action", "/office/kiosks/" + hex + "/revoke"}});
  csrf_field(main, layout.csrf);
  main.open("div", {{"class", "actions"}});
  main.element("button", t.text("office.revoke.confirm"),
               {{"type", "submit"}, {"class", "button danger"}});
  main.element("a", t.text("office.cancel"), {{"href", "/office/kiosks"}, {"class", "button"}});
  main.close("div").close("form").close("section");
  return office_document(layout, t.text("office.revoke.title"), main.str());
}

std::string quarantine_reason_text(const OfficeTexts& t, std::string_view reason) {
  const std::string_view code = reason.substr(0, reason.find(':'));
  static constexpr std::pair<std::string_view, const char*> kReasons[] = {
      {"record.control_character", "office.quarantine.reason.control_character"},
      {"record.bidi_control", "office.quarantine.reason.bidi_control"},
      {"record.invalid_utf8", "office.quarantine.reason.invalid_utf8"},
      {"record.too_long", "office.quarantine.reason.too_long"},
      {"record.bad_date", "office.quarantine.reason.bad_date"},
      {"record.unknown_locale", "office.quarantine.reason.unknown_locale"},
      {"record.unknown_consent_text", "office.quarantine.reason.unknown_consent_text"},
      {"hub_store.conflict", "office.quarantine.reason.conflict"},
      {"hub_store.token_conflict", "office.quarantine.reason.token_conflict"},
      {"hub_store.seq_conflict", "office.quarantine.reason.seq_conflict"}};
  for (const auto& [known, key] : kReasons)
    if (code == known) return t.text(key);
  return t.text("office.quarantine.reason.other");
}

std::string render_quarantine_page(const OfficeLayout& layout,
                                   const std::vector<QuarantineRow>& rows) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.nav.quarantine"));
  main.element("p", t.text("office.quarantine.intro"));
  if (rows.empty()) main.element("p", t.text("office.quarantine.none"));
  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records"}});
  main.element("caption", t.text("office.quarantine.caption"));
  main.column_heads({t.text("office.quarantine.col.kiosk"), t.text("office.quarantine.col.number"),
                     t.text("office.quarantine.col.received"),
                     t.text("office.quarantine.col.reason"), t.text("office.col.actions")});
  for (const QuarantineRow& row : rows) {
    const QuarantinedEnvelope& q = row.envelope;
    const std::string id = to_hex(q.id);
    main.open("tr");
    // A kiosk names itself at enrollment: shown, not obeyed.
    main.open("td").person_text(neutralise_hidden_text(row.kiosk_name, false));
    main.element("small", to_hex(q.device_id), {{"class", "id"}});
    main.close("td");
    main.element("td", std::to_string(q.seq));
    main.element("td", rfc3339_utc_of_unix_ms(q.received_at_ms));
    // The office's words for the code, then the code and which fields, as the hub wrote them
    // (never what was typed); shown, not obeyed, should a hidden character be in there.
    main.open("td").text(quarantine_reason_text(t, q.reason));
    main.element("small", neutralise_hidden_text(q.reason, false), {{"class", "id"}});
    main.close("td");
    main.open("td", {{"class", "actions"}});
    for (const auto& [action, label, style] :
         {std::tuple{"release", "office.quarantine.release", "button"},
          std::tuple{"discard", "office.quarantine.discard", "button danger"}}) {
      main.open("form",
                {{"method", "post"}, {"action", "/office/quarantine/" + id + "/" + action}});
      csrf_field(main, layout.csrf);
      main.element("button", t.text(label), {{"type", "submit"}, {"class", style}});
      main.close("form");
    }
    main.close("td");
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");
  return office_document(layout, t.text("office.nav.quarantine"), main.str());
}

std::string render_audit_page(const OfficeLayout& layout, const std::vector<AuditEntry>& entries) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.nav.audit"));
  main.element("p", t.text("office.audit.intro"));
  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records"}});
  main.element("caption", t.text("office.audit.caption"));
  main.column_heads({t.text("office.audit.col.time"), t.text("office.audit.col.user"),
                     t.text("office.audit.col.action"), t.text("office.audit.col.subject"),
                     t.text("office.audit.col.reason")});
  for (const AuditEntry& e : entries) {
    main.open("tr");
    main.element("td", rfc3339_utc_of_unix_ms(e.at_ms));
    main.open("td").person_text(e.user).close("td");
    main.element("td", e.action);
    main.open("td").person_text(e.subject).close("td");
    main.open("td").person_text(e.reason).close("td");
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");
  return office_document(layout, t.text("office.nav.audit"), main.str());
}

std::string render_office_message(const OfficeLayout& layout, std::string_view title,
                                  std::string_view text, std::string_view link,
                                  std::string_view link_text) {
  HtmlBuilder main;
  main.open("section", {{"class", "message"}});
  main.element("h1", title);
  main.element("p", text);
  main.open("p").element("a", link_text, {{"href", link}, {"class", "button"}}).close("p");
  main.close("section");
  return office_document(layout, title, main.str());
}

// The building blocks above, for the other office pages (office_case_pages.cpp).
void office_select(HtmlBuilder& html, std::string_view name, std::string_view label,
                   std::string_view chosen,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view empty_label) {
  select(html, name, label, chosen, options, empty_label);
}

std::string url_encode(std::string_view text) { return percent_encode(text); }

std::string choice_text(const std::vector<std::pair<std::string, std::string>>& choices,
                        std::string_view value) {
  return choice_label(choices, value);
}

}  // namespace sichtbar::hub::web
