// Rendering the case pages; see office_case_pages.h.
#include "hub/web/office_case_pages.h"

#include "base/bytes.h"
#include "base/dates.h"
#include "hub/record_index.h"
#include "hub/web/html.h"

namespace sichtbar::hub::web {

namespace {

using nlohmann::json;

// Whole keys, in the order of their values, so the catalogue test finds every one.
constexpr const char* kStageKeys[] = {"office.stage.new",         "office.stage.contacted",
                                      "office.stage.counselling", "office.stage.documents",
                                      "office.stage.applied",     "office.stage.decision",
                                      "office.stage.adaptation",  "office.stage.closed"};
constexpr const char* kDecisionKeys[] = {"office.decision.full", "office.decision.partial",
                                         "office.decision.none"};
constexpr const char* kOutcomeKeys[] = {
    "office.outcome.working_in_field", "office.outcome.other_work",  "office.outcome.training",
    "office.outcome.moved_away",       "office.outcome.unreachable", "office.outcome.withdrawn"};
constexpr std::pair<const char*, const char*> kWishes[] = {
    {"recognition_advice", "office.wish.recognition_advice"},
    {"job", "office.wish.job"},
    {"training", "office.wish.training"},
    {"language_course", "office.wish.language_course"},
    {"mentoring", "office.wish.mentoring"},
    {"qualification_advice", "office.wish.qualification_advice"}};
constexpr std::pair<const char*, const char*> kContactResults[] = {
    {"reached", "office.contact.reached"},
    {"not_reached", "office.contact.not_reached"},
    {"left_message", "office.contact.left_message"}};
constexpr std::pair<const char*, const char*> kLists[] = {{"mine", "office.cases.list.mine"},
                                                          {"overdue", "office.cases.list.overdue"},
                                                          {"all", "office.cases.list.all"}};
constexpr std::pair<const char*, const char*> kEntryKinds[] = {
    {"note", "office.case.entry.note"},     {"contact", "office.case.entry.contact"},
    {"change", "office.case.entry.change"}, {"opened", "office.case.entry.opened"},
    {"linked", "office.case.entry.linked"}, {"unlinked", "office.case.entry.unlinked"}};

std::string day_of(std::int64_t unix_ms) { return rfc3339_utc_of_unix_ms(unix_ms).substr(0, 10); }

std::string minute_of(std::int64_t unix_ms) {
  const std::string t = rfc3339_utc_of_unix_ms(unix_ms);
  return t.substr(0, 10) + " " + t.substr(11, 5);
}

std::string name_or_placeholder(const OfficeTexts& t, const json& record) {
  std::string name = person_name(record);
  return name.empty() ? t.text("office.records.no_name") : name;
}

std::string body_name(const OfficeContext& ctx, const std::string& body) {
  if (ctx.recognition)
    if (const RecognitionBody* b = ctx.recognition->body(body)) return b->name;
  return body;
}

std::string stage_label(const CaseChoices& c, CaseStage stage) {
  return choice_text(c.stages, case_stage_name(stage));
}

// "next action (date)" with the date marked overdue in words, not by colour alone.
void next_action(HtmlBuilder& html, const OfficeTexts& t, const Case& c, std::string_view today) {
  if (c.next_action.empty() && c.next_action_date.empty()) {
    html.text("–");
    return;
  }
  html.person_text(c.next_action);
  if (c.next_action_date.empty()) return;
  html.text(" ");
  // A closed case waits for nothing: its last next action is history, not overdue.
  if (c.next_action_date < today && c.stage != CaseStage::closed) {
    html.open("strong", {{"class", "overdue"}}).text(t.text("office.case.overdue")).text(" ");
    html.element("time", c.next_action_date, {{"datetime", c.next_action_date}});
    html.close("strong");
  } else {
    html.element("time", c.next_action_date, {{"datetime", c.next_action_date}});
  }
}

// The event of a profile: "name (date)".
void event_of(HtmlBuilder& html, const RecordIndex& index) {
  html.person_text(index.event_name).text(" (" + index.event_date + ")");
}

void field_row(HtmlBuilder& html, std::string_view term) {
  html.open("div", {{"class", "field"}}).element("dt", term).open("dd");
}
void end_row(HtmlBuilder& html) { html.close("dd").close("div"); }

// The case as it is now: stage (with what it needs), counsellor, next action, opened.
void case_facts(HtmlBuilder& html, const OfficeContext& ctx, const OfficeTexts& t,
                const CaseChoices& choices, const Case& c, std::string_view today) {
  html.open("dl", {{"class", "fields case-facts"}});
  field_row(html, t.text("office.case.stage"));
  html.element("span", stage_label(choices, c.stage), {{"data-stage", case_stage_name(c.stage)}});
  end_row(html);
  if (!c.competent_body.empty()) {
    field_row(html, t.text("office.case.body"));
    html.person_text(body_name(ctx, c.competent_body));
    end_row(html);
  }
  if (!c.decision.empty()) {
    field_row(html, t.text("office.case.decision"));
    html.text(choice_text(choices.decisions, c.decision));
    end_row(html);
  }
  if (!c.outcome.empty()) {
    field_row(html, t.text("office.case.outcome"));
    html.text(choice_text(choices.outcomes, c.outcome));
    end_row(html);
  }
  field_row(html, t.text("office.case.counsellor"));
  if (c.assigned_to.empty())
    html.text(t.text("office.case.nobody"));
  else
    html.person_text(c.assigned_to);
  end_row(html);
  field_row(html, t.text("office.case.next_action"));
  next_action(html, t, c, today);
  end_row(html);
  field_row(html, t.text("office.case.opened"));
  // Ingest opens the case of a person who ticked a wish; a login opens any other.
  if (c.opened_by == "(ingest)")
    html.text(
        format_message(t.text("office.case.opened_by_wish"), {{"date", day_of(c.opened_at_ms)}}));
  else
    html.text(format_message(t.text("office.case.opened_by"),
                             {{"date", day_of(c.opened_at_ms)}, {"user", c.opened_by}}));
  end_row(html);
  html.close("dl");
}

// The profile as the record view shows it, without the contact fields (the contact box shows
// them when the person agreed).
std::string profile_content(const OfficeContext& ctx, const RecordSummary& r) {
  const json record = json::parse(r.record_json, nullptr, false);
  if (!record.is_object()) return "";
  const PageContext page{ctx.forms, ctx.texts, &ctx.occupations};
  return render_profile_content(page, without_contact(record), "de");
}

void history(HtmlBuilder& html, const OfficeTexts& t, const std::vector<CaseEntry>& entries,
             std::size_t at_most) {
  html.open("ol", {{"class", "history"}});
  std::size_t shown = 0;
  for (const CaseEntry& e : entries) {
    if (shown++ == at_most) break;
    html.open("li", {{"data-kind", e.kind}});
    html.open("p", {{"class", "entry-head"}});
    std::string kind = e.kind;
    for (const auto& [value, key] : kEntryKinds)
      if (e.kind == value) kind = t.text(key);
    html.element("strong", kind).text(" · ");
    html.element("time", minute_of(e.at_ms), {{"datetime", rfc3339_utc_of_unix_ms(e.at_ms)}});
    html.text(" · ").person_text(e.author);
    html.close("p");
    html.open("p", {{"class", "entry-text"}}).person_text(e.text).close("p");
    html.close("li");
  }
  html.close("ol");
}

// A POST form on the case, with the CSRF token and (for changes) the revision it was made from.
void open_case_form(HtmlBuilder& html, const OfficeLayout& layout, PersonId person,
                    std::string_view what, const Case* c) {
  html.open("form",
            {{"method", "post"},
             {"action", "/office/people/" + std::to_string(person) + "/case/" + std::string(what)},
             {"class", "case-form"},
             {"id", "form-" + std::string(what)}});
  html.void_element("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", layout.csrf}});
  if (c)
    html.void_element(
        "input",
        {{"type", "hidden"}, {"name", "revision"}, {"value", std::to_string(c->revision)}});
}

void submit(HtmlBuilder& html, std::string_view label) {
  html.open("div", {{"class", "actions"}});
  html.element("button", label, {{"type", "submit"}, {"class", "button primary"}});
  html.close("div");
}

void text_field(HtmlBuilder& html, std::string_view name, std::string_view label,
                std::string_view value, std::string_view max_length,
                std::string_view type = "text") {
  const std::string id = "f-" + std::string(name);
  html.open("div", {{"class", "filter-field"}});
  html.element("label", label, {{"for", id}});
  html.void_element(
      "input",
      {{"type", type}, {"id", id}, {"name", name}, {"value", value}, {"maxlength", max_length}});
  html.close("div");
}

void case_forms(HtmlBuilder& html, const OfficeLayout& layout, const CaseChoices& choices,
                const CaseView& view, const Case& c) {
  const OfficeTexts& t = layout.texts;
  const PersonId id = view.person.id;
  const std::string_view choose = t.text("office.case.choose");
  html.open("div", {{"class", "case-forms"}});

  open_case_form(html, layout, id, "contact", nullptr);
  html.element("h3", t.text("office.case.form.contact"));
  office_select(html, "result", t.text("office.case.contact.result"), "", choices.contact_results,
                choose);
  text_field(html, "contact_note", t.text("office.case.contact.note"), "", "500");
  submit(html, t.text("office.case.form.contact_submit"));
  html.close("form");

  open_case_form(html, layout, id, "note", nullptr);
  html.element("h3", t.text("office.case.form.note"));
  html.open("div", {{"class", "filter-field"}});
  html.element("label", t.text("office.case.note"), {{"for", "f-note"}});
  html.open("textarea", {{"id", "f-note"}, {"name", "note"}, {"rows", "4"}, {"maxlength", "4000"}})
      .close("textarea");
  html.close("div");
  submit(html, t.text("office.case.form.note_submit"));
  html.close("form");

  open_case_form(html, layout, id, "stage", &c);
  html.element("h3", t.text("office.case.form.stage"));
  office_select(html, "stage", t.text("office.case.stage"), case_stage_name(c.stage),
                choices.stages, choose);
  html.element("p", t.text("office.case.form.stage_needs"), {{"class", "hint"}});
  const bool body_in_map = std::any_of(choices.bodies.begin(), choices.bodies.end(),
                                       [&](const auto& b) { return b.first == c.competent_body; });
  office_select(html, "body", t.text("office.case.body_choice"),
                body_in_map ? c.competent_body : "", choices.bodies, choose);
  text_field(html, "body_other", t.text("office.case.body_other"),
             body_in_map ? "" : c.competent_body, "200");
  office_select(html, "decision", t.text("office.case.decision"), c.decision, choices.decisions,
                choose);
  office_select(html, "outcome", t.text("office.case.outcome"), c.outcome, choices.outcomes,
                choose);
  submit(html, t.text("office.case.form.stage_submit"));
  html.close("form");

  open_case_form(html, layout, id, "assign", &c);
  html.element("h3", t.text("office.case.form.assign"));
  Choices logins;
  for (const std::string& login : view.counsellors) logins.emplace_back(login, login);
  office_select(html, "counsellor", t.text("office.case.counsellor"), c.assigned_to, logins,
                t.text("office.case.nobody"));
  submit(html, t.text("office.case.form.assign_submit"));
  html.close("form");

  open_case_form(html, layout, id, "next", &c);
  html.element("h3", t.text("office.case.form.next"));
  text_field(html, "next_action", t.text("office.case.next_action"), c.next_action, "200");
  text_field(html, "next_action_date", t.text("office.case.next_action_date"), c.next_action_date,
             "10", "date");
  submit(html, t.text("office.case.form.next_submit"));
  html.close("form");

  html.close("div");
}

}  // namespace

CaseChoices case_choices(const OfficeContext& ctx, const OfficeTexts& t) {
  CaseChoices c;
  for (std::size_t k = 0; k < std::size(kStageKeys); ++k)
    c.stages.emplace_back(case_stage_name(static_cast<CaseStage>(k)), t.text(kStageKeys[k]));
  for (std::size_t k = 0; k < std::size(kDecisionKeys) && k < std::size(kCaseDecisions); ++k)
    c.decisions.emplace_back(kCaseDecisions[k], t.text(kDecisionKeys[k]));
  for (std::size_t k = 0; k < std::size(kOutcomeKeys) && k < std::size(kCaseOutcomes); ++k)
    c.outcomes.emplace_back(kCaseOutcomes[k], t.text(kOutcomeKeys[k]));
  for (const auto& [value, key] : kWishes) c.wishes.emplace_back(value, t.text(key));
  for (const auto& [value, key] : kContactResults)
    c.contact_results.emplace_back(value, t.text(key));
  c.bodies = way_choices(ctx, t).bodies;
  return c;
}

void contact_box(HtmlBuilder& html, const OfficeTexts& t, const SharedContact& contact) {
  if (!contact.allowed) {
    html.open("section", {{"class", "no-contact"}, {"id", "contact"}});
    html.element("h2", t.text("office.case.no_contact.title"));
    html.element("p", t.text("office.case.no_contact.text"));
    html.close("section");
    return;
  }
  html.open("section", {{"class", "contact"}, {"id", "contact"}});
  html.element("h2", t.text("office.case.contact.title"));
  html.open("dl", {{"class", "fields"}});
  for (const auto& [key, value] : {std::pair{"office.case.contact.phone", &contact.phone},
                                   std::pair{"office.case.contact.email", &contact.email},
                                   std::pair{"office.case.contact.place", &contact.place}}) {
    field_row(html, t.text(key));
    if (value->empty())
      html.text("–");
    else
      html.person_text(*value);
    end_row(html);
  }
  html.close("dl").close("section");
}

std::string case_list_query(const CaseListQuery& q) {
  std::string out = "list=" + url_encode(q.list);
  for (const auto& [name, value] :
       {std::pair{"stage", &q.stage}, std::pair{"event", &q.event_id}, std::pair{"wish", &q.wish}})
    if (!value->empty()) out += "&" + std::string(name) + "=" + url_encode(*value);
  return out;
}

std::string render_case_list(const OfficeContext& ctx, const OfficeLayout& layout,
                             const CaseListView& view) {
  const OfficeTexts& t = layout.texts;
  const CaseChoices choices = case_choices(ctx, t);
  const CaseListQuery& q = view.query;
  HtmlBuilder main;
  main.element("h1", t.text("office.cases.title"));
  if (!view.notice.empty())
    main.element("p", view.notice, {{"class", "notice"}, {"role", "alert"}});

  // The tabs: links that keep the other filters, each with how many it would show.
  const auto tabs = [&](std::string_view label,
                        const std::vector<std::pair<std::string, std::uint64_t>>& counts,
                        bool lists) {
    main.open("nav", {{"class", "tabs"}, {"aria-label", label}}).open("ul");
    for (const auto& [value, count] : counts) {
      CaseListQuery target = q;
      std::string name;
      if (lists) {
        target.list = value;
        for (const auto& [v, key] : kLists)
          if (value == v) name = t.text(key);
      } else {
        target.stage = value;
        name =
            value.empty() ? t.text("office.cases.all_stages") : choice_text(choices.stages, value);
      }
      const bool current = lists ? q.list == value : q.stage == value;
      const std::string href = "/office/cases?" + case_list_query(target);
      const std::string text = format_message(t.text("office.cases.tab"),
                                              {{"name", name}, {"count", std::to_string(count)}});
      main.open("li");
      if (current)
        main.element("a", text, {{"href", href}, {"aria-current", "page"}, {"data-tab", value}});
      else
        main.element("a", text, {{"href", href}, {"data-tab", value}});
      main.close("li");
    }
    main.close("ul").close("nav");
  };
  tabs(t.text("office.cases.lists"), view.list_counts, true);
  tabs(t.text("office.cases.stages"), view.stage_counts, false);

  main.open(
      "form",
      {{"method", "get"}, {"action", "/office/cases"}, {"class", "filter"}, {"role", "search"}});
  main.void_element("input", {{"type", "hidden"}, {"name", "list"}, {"value", q.list}});
  if (!q.stage.empty())
    main.void_element("input", {{"type", "hidden"}, {"name", "stage"}, {"value", q.stage}});
  Choices events;
  for (const Event& e : view.events) events.emplace_back(e.event_id, e.name + " (" + e.date + ")");
  office_select(main, "event", t.text("office.records.event"), q.event_id, events);
  office_select(main, "wish", t.text("office.cases.wish"), q.wish, choices.wishes);
  main.open("div", {{"class", "actions"}});
  main.element("button", t.text("office.records.filter"),
               {{"type", "submit"}, {"class", "button primary"}});
  main.close("div").close("form");

  main.element(
      "p",
      format_message(t.text("office.cases.found"), {{"count", std::to_string(view.page.total)}}),
      {{"class", "summary"}});
  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records cases"}});
  main.element("caption", t.text("office.cases.caption"));
  main.column_heads({t.text("office.cases.col.name"), t.text("office.cases.col.stage"),
                     t.text("office.cases.col.counsellor"), t.text("office.cases.col.next"),
                     t.text("office.cases.col.events")});
  for (const CaseRow& row : view.page.rows) {
    const json record = json::parse(row.newest.record_json, nullptr, false);
    const RecordIndex index = index_record(row.newest.record_json);
    main.open("tr", {{"data-person", std::to_string(row.c.person_id)}});
    main.open("td").open("a", {{"href", "/office/people/" + std::to_string(row.c.person_id)}});
    main.person_text(name_or_placeholder(t, record));
    main.close("a").close("td");
    main.element("td", stage_label(choices, row.c.stage));
    main.open("td");
    if (row.c.assigned_to.empty())
      main.text("–");
    else
      main.person_text(row.c.assigned_to);
    main.close("td");
    main.open("td");
    next_action(main, t, row.c, view.today);
    main.close("td");
    main.open("td");
    event_of(main, index);
    if (row.profiles > 1)
      main.text(" " + format_message(t.text("office.cases.more_profiles"),
                                     {{"count", std::to_string(row.profiles - 1)}}));
    main.close("td");
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");

  if (view.page_size > 0 && view.page.total > view.page_size) {
    const std::uint64_t pages = (view.page.total + view.page_size - 1) / view.page_size;
    const std::string base = "/office/cases?" + case_list_query(q) + "&page=";
    main.open("nav", {{"class", "pages"}, {"aria-label", t.text("office.records.pages")}});
    if (q.page > 1)
      main.element("a", t.text("office.records.previous"),
                   {{"href", base + std::to_string(q.page - 1)}, {"rel", "prev"}});
    main.text(format_message(t.text("office.records.page_of"),
                             {{"page", std::to_string(q.page)}, {"pages", std::to_string(pages)}}));
    if (q.page < pages)
      main.element("a", t.text("office.records.next"),
                   {{"href", base + std::to_string(q.page + 1)}, {"rel", "next"}});
    main.close("nav");
  }
  return office_document(layout, t.text("office.cases.title"), main.str());
}

std::string render_case_page(const OfficeContext& ctx, const OfficeLayout& layout,
                             const CaseView& view) {
  const OfficeTexts& t = layout.texts;
  const CaseChoices choices = case_choices(ctx, t);
  const std::string base = "/office/people/" + std::to_string(view.person.id);
  const RecordSummary* newest = view.profiles.empty() ? nullptr : &view.profiles.back();
  const json record = newest ? json::parse(newest->record_json, nullptr, false) : json::object();
  HtmlBuilder main;
  main.open("p").element("a", t.text("office.case.back"), {{"href", "/office/cases"}}).close("p");
  main.open("h1").person_text(name_or_placeholder(t, record)).close("h1");
  if (!view.message.empty())
    main.element("p", view.message, {{"class", "notice"}, {"role", "alert"}, {"id", "message"}});
  main.open("p").element("a", t.text("office.case.print"),
                         {{"href", base + "/print"}, {"class", "button"}});
  main.close("p");

  contact_box(main, t, shared_contact(record));

  main.open("section", {{"class", "case"}, {"id", "case"}});
  main.element("h2", t.text("office.case.heading"));
  if (!view.person.open_case) {
    main.element("p", t.text("office.case.none"));
    open_case_form(main, layout, view.person.id, "open", nullptr);
    submit(main, t.text("office.case.form.open_submit"));
    main.close("form");
  } else {
    const Case& c = *view.person.open_case;
    case_facts(main, ctx, t, choices, c, view.today);
    case_forms(main, layout, choices, view, c);
  }
  main.close("section");

  if (view.person.open_case) {
    main.open("section", {{"class", "history"}, {"id", "history"}});
    main.element("h2", t.text("office.case.history"));
    history(main, t, view.entries, view.entries.size());
    main.close("section");
  }

  main.open("section", {{"class", "profiles"}, {"id", "profiles"}});
  main.element("h2", t.text("office.case.profiles"));
  main.open("ul", {{"class", "profiles"}});
  for (const RecordSummary& r : view.profiles) {
    const RecordIndex index = index_record(r.record_json);
    main.open("li").open("a", {{"href", "/office/records/" + to_hex(r.record_id)}});
    event_of(main, index);
    main.close("a");
    main.text(" " +
              format_message(t.text("office.case.received"), {{"date", day_of(r.received_at_ms)}}));
    // A profile linked by mistake goes back to being a person of its own; an only one stays.
    if (view.profiles.size() > 1) {
      main.text(" ");
      main.open("form", {{"method", "post"}, {"action", base + "/unlink"}, {"class", "inline"}});
      csrf_field(main, layout.csrf);
      main.void_element("input",
                        {{"type", "hidden"}, {"name", "record"}, {"value", to_hex(r.record_id)}});
      main.element("button", t.text("office.case.unlink"),
                   {{"type", "submit"}, {"class", "button"}});
      main.close("form");
    }
    main.close("li");
  }
  main.close("ul");
  // What the person may ask the office for: all it holds about them, and its erasure.
  main.open("p", {{"class", "actions"}});
  main.element("a", t.text("office.case.access"),
               {{"href", base + "/access"}, {"class", "button"}});
  main.text(" ");
  main.element("a", t.text("office.case.access_json"),
               {{"href", base + "/access.json"}, {"class", "button"}});
  main.text(" ");
  main.element("a", t.text("office.case.erase"),
               {{"href", base + "/erase"}, {"class", "button danger"}});
  main.close("p");
  // The newest profile open, the older ones folded (no script: <details>).
  for (auto it = view.profiles.rbegin(); it != view.profiles.rend(); ++it) {
    if (it == view.profiles.rbegin()) {
      main.open("article", {{"class", "record"}}).trusted_markup(profile_content(ctx, *it));
      main.close("article");
      continue;
    }
    const RecordIndex index = index_record(it->record_json);
    main.open("details", {{"class", "record"}}).open("summary");
    event_of(main, index);
    main.close("summary").trusted_markup(profile_content(ctx, *it)).close("details");
  }
  main.close("section");
  return office_document(layout, t.text("office.case.title"), main.str());
}

std::string render_case_print(const OfficeContext& ctx, const OfficeTexts& t,
                              const CaseView& view) {
  const CaseChoices choices = case_choices(ctx, t);
  const RecordSummary* newest = view.profiles.empty() ? nullptr : &view.profiles.back();
  const json record = newest ? json::parse(newest->record_json, nullptr, false) : json::object();
  HtmlBuilder html;
  open_document(html, "de", "ltr");
  html.element("title", format_message(t.text("office.title_suffix"),
                                       {{"title", t.text("office.case.print_title")}}));
  html.void_element("link", {{"rel", "stylesheet"}, {"href", "/assets/style.css"}});
  html.close("head");
  html.open("body", {{"class", "office case-print"}});
  html.open("main", {{"id", "main"}});
  html.element(
      "p", format_message(t.text("office.case.print_head"), {{"date", std::string(view.today)}}),
      {{"class", "print-head"}});
  html.open("h1").person_text(name_or_placeholder(t, record)).close("h1");
  contact_box(html, t, shared_contact(record));
  html.open("section", {{"class", "case"}});
  html.element("h2", t.text("office.case.heading"));
  if (view.person.open_case)
    case_facts(html, ctx, t, choices, *view.person.open_case, view.today);
  else
    html.element("p", t.text("office.case.none"));
  html.close("section");
  if (view.person.open_case) {
    html.open("section", {{"class", "history"}});
    html.element("h2", t.text("office.case.last_entries"));
    history(html, t, view.entries, 10);
    html.close("section");
  }
  html.open("section", {{"class", "profiles"}});
  html.element("h2", t.text("office.case.profiles"));
  html.open("ul", {{"class", "profiles"}});
  for (const RecordSummary& r : view.profiles) {
    html.open("li");
    event_of(html, index_record(r.record_json));
    html.close("li");
  }
  html.close("ul");
  if (newest)
    html.open("article", {{"class", "record"}})
        .trusted_markup(profile_content(ctx, *newest))
        .close("article");
  html.close("section");
  html.close("main").close("body").close("html");
  return html.take();
}

}  // namespace sichtbar::hub::web
