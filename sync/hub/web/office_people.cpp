// The office's pages of the same person across events, erasure of a person and the access
// request; see office_people.h.
#include "hub/web/office_people.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/dates.h"
#include "base/text.h"
#include "hub/duplicates.h"
#include "hub/web/contact_details.h"
#include "hub/web/html.h"
#include "hub/web/http_forms.h"

namespace sichtbar::hub::web {

namespace {

using nlohmann::json;

constexpr std::size_t kSuggestionsShown = 50;
constexpr std::size_t kMaxReasonLength = 500;

std::string subject_of(PersonId id) { return "person:" + std::to_string(id); }

// A text answer of the record's "about" section ("" when not given).
std::string about(const json& record, const char* field) {
  const json* a = record.contains("answers") && record["answers"].contains("about")
                      ? &record["answers"]["about"]
                      : nullptr;
  if (!a || !a->contains(field)) return "";
  const json& v = (*a)[field];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return "";
}

std::string event_field(const json& record, const char* field) {
  if (!record.contains("event") || !record["event"].is_object()) return "";
  const json& e = record["event"];
  return e.contains(field) && e[field].is_string() ? e[field].get<std::string>() : "";
}

struct PeopleUi {
  PeopleRoutes r;

  const OfficeTexts& t() const { return r.office_texts; }
  OfficeLayout layout_of(const OfficeSession& s, std::string_view section) const {
    return {t(), s.user, s.csrf, section, s.role};
  }

  void message(http::Response& res, const OfficeLayout& layout, int status, const char* title,
               const char* text, std::string_view back = "/office/cases",
               const char* back_key = "office.people.to_cases") {
    send_page(res, status,
              render_office_message(layout, t().text(title), t().text(text), back,
                                    t().text(back_key)));
  }

  // The person with this id when the session may see them; else the "not here" page (the same
  // for another office's person as for one that never was) or the store's failure.
  std::optional<Person> person(std::optional<PersonId> id, const OfficeSession& s,
                               http::Response& res, const OfficeLayout& layout) {
    return visible_person(r.store, r.gate, id, s, res, layout, [&] {
      message(res, layout, 404, "office.people.not_found.title", "office.people.not_found.text");
    });
  }

  std::optional<Person> person_of_path(const http::Request& req, const OfficeSession& s,
                                       http::Response& res, const OfficeLayout& layout) {
    return person(person_id_of(req.matches[1]), s, res, layout);
  }

  // The person a profile belongs to, as person() sees it.
  std::optional<Person> person_of_record(std::string_view hex, const OfficeSession& s,
                                         http::Response& res, const OfficeLayout& layout) {
    std::optional<PersonId> id;
    if (const auto record = array_from_hex<16>(hex)) {
      auto found = r.store.person_of(*record);
      if (!found) {
        r.gate.store_failed(res, layout, found.error());
        return std::nullopt;
      }
      id = *found;
    }
    return person(id, s, res, layout);
  }

  // The person's profiles, newest version each, oldest first.
  std::optional<std::vector<RecordSummary>> profiles_of(const Person& p, http::Response& res,
                                                        const OfficeLayout& layout) {
    std::vector<RecordSummary> out;
    for (const RecordId& id : p.records) {
      auto found = r.store.find_record(id);
      if (!found) {
        r.gate.store_failed(res, layout, found.error());
        return std::nullopt;
      }
      if (*found) out.push_back(std::move(**found));
    }
    return out;
  }

  // --- duplicates --------------------------------------------------------------------------

  void duplicates(const http::Request& req, http::Response& res) {
    auto s = r.gate.session(req, res);
    if (!s) return;
    const OfficeLayout layout = layout_of(*s, "duplicates");
    DuplicatesView view;
    std::string notice;
    view.office_id = s->office_id;
    if (s->role == OfficeRole::administrator) {
      auto offices = r.store.list_offices();
      if (!offices) return r.gate.store_failed(res, layout, offices.error());
      for (const Office& o : *offices) view.office_choices.emplace_back(std::to_string(o.id), o.name);
      if (const std::string asked = req.get_param_value("office"); !asked.empty()) {
        const auto id = person_id_of(asked);
        if (id && std::any_of(offices->begin(), offices->end(),
                              [&](const Office& o) { return o.id == *id; }))
          view.office_id = *id;
        else
          notice = t().text("office.duplicates.unknown_office");
      }
    }
    auto suggestions = duplicate_suggestions(r.store, view.office_id, kSuggestionsShown);
    if (!suggestions) return r.gate.store_failed(res, layout, suggestions.error());
    for (const DuplicateSuggestion& d : *suggestions) {
      auto a = r.store.find_record(d.a);
      auto b = r.store.find_record(d.b);
      if (!a) return r.gate.store_failed(res, layout, a.error());
      if (!b) return r.gate.store_failed(res, layout, b.error());
      if (!*a || !*b) continue;  // erased meanwhile
      view.rows.push_back({{std::move(**a), d.person_a}, {std::move(**b), d.person_b}, d.score});
    }
    view.notice = notice;
    send_page(res, 200, render_duplicates_page(layout, view));
  }

  // Link (or mark different) the two profiles of the form: both must be people this session may
  // see, in one office.
  void decide(const http::Request& req, http::Response& res, bool same) {
    const http::Params fields = form_fields(req);
    auto s = r.gate.post_session(req, res, fields);
    if (!s) return;
    const OfficeLayout layout = layout_of(*s, "duplicates");
    if (!array_from_hex<16>(field(fields, "a")) || !array_from_hex<16>(field(fields, "b")))
      return message(res, layout, 400, "office.duplicates.bad_pair.title",
                     "office.duplicates.bad_pair.text", "/office/duplicates",
                     "office.duplicates.back");
    auto a = person_of_record(field(fields, "a"), *s, res, layout);
    if (!a) return;
    auto b = person_of_record(field(fields, "b"), *s, res, layout);
    if (!b) return;
    const std::string back = "/office/duplicates?office=" + std::to_string(a->office_id);
    if (a->office_id != b->office_id)
      return message(res, layout, 400, "office.duplicates.other_office.title",
                     "office.duplicates.other_office.text", back, "office.duplicates.back");
    const auto now = unix_ms_now();
    if (same) {
      if (a->id == b->id) return redirect(res, "/office/people/" + std::to_string(a->id));
      // The person known longer keeps their id (and their case page's address).
      const PersonId keep = std::min(a->id, b->id), other = std::max(a->id, b->id);
      auto linked = r.store.link_people(keep, other, s->user, now);
      if (!linked) return r.gate.store_failed(res, layout, linked.error());
      r.gate.audit(s->user, "person_link", subject_of(keep), subject_of(other));
      return redirect(res, "/office/people/" + std::to_string(*linked));
    }
    const auto ra = array_from_hex<16>(field(fields, "a")),
               rb = array_from_hex<16>(field(fields, "b"));
    if (auto done = r.store.mark_different(*ra, *rb, s->user, now); !done)
      return r.gate.store_failed(res, layout, done.error());
    r.gate.audit(s->user, "person_different", subject_of(a->id), subject_of(b->id));
    redirect(res, back);
  }

  // What every POST about the person of the path does first, as the case's POSTs do.
  std::optional<PersonPost> posted(const http::Request& req, http::Response& res) {
    return person_post(r.gate, req, res, [&](const OfficeSession& s) {
      return person_of_path(req, s, res, layout_of(s, "cases"));
    });
  }

  void unlink(const http::Request& req, http::Response& res) {
    const auto post = posted(req, res);
    if (!post) return;
    const Person& p = post->person;
    const OfficeLayout layout = layout_of(post->session, "cases");
    const auto record = array_from_hex<16>(field(post->fields, "record"));
    if (!record || std::find(p.records.begin(), p.records.end(), *record) == p.records.end())
      return message(res, layout, 400, "office.people.unlink_unknown.title",
                     "office.people.unlink_unknown.text", "/office/people/" + std::to_string(p.id),
                     "office.people.back");
    if (p.records.size() < 2)
      return message(res, layout, 400, "office.people.unlink_only.title",
                     "office.people.unlink_only.text", "/office/people/" + std::to_string(p.id),
                     "office.people.back");
    auto alone = r.store.unlink_record(*record, post->session.user, unix_ms_now());
    if (!alone) return r.gate.store_failed(res, layout, alone.error());
    r.gate.audit(post->session.user, "person_unlink", subject_of(p.id), subject_of(*alone));
    redirect(res, "/office/people/" + std::to_string(p.id));
  }

  // --- erasure of a person -----------------------------------------------------------------

  void erase_page(http::Response& res, std::string_view why, int status,
                  const OfficeSession& s, const Person& p) {
    const OfficeLayout layout = layout_of(s, "cases");
    auto profiles = profiles_of(p, res, layout);
    if (!profiles) return;
    std::uint64_t entries = 0;
    if (p.open_case) {
      auto got = r.store.case_entries(p.id);
      if (!got) return r.gate.store_failed(res, layout, got.error());
      entries = got->size();
    }
    send_page(res, status, render_person_erase_page(layout, {p, *profiles, entries, why}));
  }

  void erase_confirm(const http::Request& req, http::Response& res) {
    auto s = r.gate.session(req, res);
    if (!s) return;
    const OfficeLayout layout = layout_of(*s, "cases");
    auto p = person_of_path(req, *s, res, layout);
    if (!p) return;
    erase_page(res, "", 200, *s, *p);
  }

  void erase(const http::Request& req, http::Response& res) {
    const auto post = posted(req, res);
    if (!post) return;
    const Person& p = post->person;
    const OfficeSession& s = post->session;
    const OfficeLayout layout = layout_of(s, "cases");
    const std::string reason = trimmed(field(post->fields, "reason"));
    if (reason.empty() || reason.size() > kMaxReasonLength)
      return erase_page(
          res, t().text(reason.empty() ? "office.erase.no_reason" : "office.erase.reason_too_long"),
          400, s, p);
    // The page listed these profiles: if a link changed since, the person confirms again.
    if (field(post->fields, "profiles") != std::to_string(p.records.size()))
      return erase_page(res, t().text("office.people.erase.changed"), 409, s, p);
    auto erased =
        r.store.erase_person(p.id, "erased by the office (see the audit log)", unix_ms_now());
    if (!erased) return r.gate.store_failed(res, layout, erased.error());
    // The audit keeps that an erasure happened, how much and why; not whom.
    r.gate.audit(s.user, "erase", "",
                 reason + " (" + std::to_string(erased->records.size()) + " " +
                     t().text("office.people.erase.audit_profiles") + ")");
    send_page(res, 200,
              render_office_message(layout, t().text("office.erased.title"),
                                    t().text("office.people.erased.text"), "/office/cases",
                                    t().text("office.people.to_cases")));
  }

  // --- the access request ------------------------------------------------------------------

  void access(const http::Request& req, http::Response& res, bool as_json) {
    auto s = r.gate.session(req, res);
    if (!s) return;
    const OfficeLayout layout = layout_of(*s, "cases");
    auto p = person_of_path(req, *s, res, layout);
    if (!p) return;
    auto profiles = profiles_of(*p, res, layout);
    if (!profiles) return;
    std::vector<OccupationCoding> codings;
    for (const RecordId& id : p->records) {
      auto got = r.store.codings(id);
      if (!got) return r.gate.store_failed(res, layout, got.error());
      codings.insert(codings.end(), got->begin(), got->end());
    }
    std::vector<CaseEntry> entries;
    if (p->open_case) {
      auto got = r.store.case_entries(p->id);
      if (!got) return r.gate.store_failed(res, layout, got.error());
      entries = std::move(*got);
    }
    auto different = r.store.different_pairs(p->office_id);
    if (!different) return r.gate.store_failed(res, layout, different.error());
    const std::set<RecordId> own(p->records.begin(), p->records.end());
    std::uint64_t marked = 0;
    for (const auto& [a, b] : *different) marked += own.contains(a) + own.contains(b);
    auto office = r.store.find_office(p->office_id);
    if (!office) return r.gate.store_failed(res, layout, office.error());
    const AccessView view{*p, *profiles, codings, entries, marked, *office, unix_ms_now()};
    r.gate.audit(s->user, as_json ? "access_json" : "access_page", subject_of(p->id), "");
    if (as_json) {
      res.status = 200;
      res.set_header("Content-Disposition", "attachment; filename=\"auskunft-person-" +
                                                std::to_string(p->id) + ".json\"");
      res.set_content(access_json(view).dump(2, ' ', false, json::error_handler_t::replace),
                      "application/json; charset=utf-8");
      return;
    }
    send_page(res, 200,
              render_access_page({r.forms, r.texts, r.occupations, nullptr}, t(), view));
  }
};

// --- pages -------------------------------------------------------------------------------

void profile_summary(HtmlBuilder& html, const OfficeTexts& t, const RecordSummary& r) {
  const json record = json::parse(r.record_json, nullptr, false);
  // Phone and e-mail only with consent to contact (contact_details.h), as everywhere.
  const SharedContact contact = shared_contact(record);
  const std::string withheld = t.text("office.case.no_contact.title");
  html.open("dl", {{"class", "profile-side"}});
  const std::pair<const char*, std::string> rows[] = {
      {"office.people.name", person_name(record)},
      {"office.people.year_of_birth", about(record, "year_of_birth")},
      {"office.people.country", about(record, "country_of_origin")},
      {"office.people.phone", contact.allowed ? contact.phone : withheld},
      {"office.people.email", contact.allowed ? contact.email : withheld},
      {"office.people.event",
       event_field(record, "name") + " (" + event_field(record, "date") + ")"},
      {"office.people.received", local_day(r.received_at_ms)}};
  for (const auto& [key, value] : rows) {
    html.element("dt", t.text(key));
    html.open("dd").person_text(value.empty() ? "–" : value).close("dd");
  }
  html.close("dl");
  const std::string hex = to_hex(r.record_id);
  html.element("a", t.text("office.people.open_profile"), {{"href", "/office/records/" + hex}});
}

}  // namespace

std::string render_duplicates_page(const OfficeLayout& layout, const DuplicatesView& view) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.duplicates.title"));
  main.element("p", t.text("office.duplicates.intro"));
  if (!view.notice.empty()) main.element("p", view.notice, {{"class", "notice"}, {"role", "alert"}});
  if (!view.office_choices.empty()) {
    main.open("form", {{"method", "get"}, {"action", "/office/duplicates"}});
    select(main, "office", t.text("office.duplicates.office"), std::to_string(view.office_id),
           view.office_choices, "");
    main.element("button", t.text("office.duplicates.show"),
                 {{"type", "submit"}, {"class", "button"}});
    main.close("form");
  }
  if (view.rows.empty()) main.element("p", t.text("office.duplicates.none"));
  for (const DuplicateRow& row : view.rows) {
    main.open("section", {{"class", "duplicate"}});
    std::string why;
    for (const auto& [hit, key] :
         {std::pair{row.score.name, "office.duplicates.why.name"},
          std::pair{row.score.year, "office.duplicates.why.year"},
          std::pair{row.score.phone, "office.duplicates.why.phone"},
          std::pair{row.score.email, "office.duplicates.why.email"}})
      if (hit) why += (why.empty() ? "" : ", ") + t.text(key);
    main.element("h2", format_message(t.text("office.duplicates.why"), {{"reasons", why}}));
    main.open("div", {{"class", "sides"}});
    for (const ProfileSide* side : {&row.a, &row.b}) {
      main.open("div", {{"class", "side"}});
      profile_summary(main, t, side->record);
      main.close("div");
    }
    main.close("div");
    const std::string a = to_hex(row.a.record.record_id), b = to_hex(row.b.record.record_id);
    for (const auto& [action, label, look] :
         {std::tuple{"/office/duplicates/link", "office.duplicates.link", "button primary"},
          std::tuple{"/office/duplicates/different", "office.duplicates.different", "button"}}) {
      main.open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
      csrf_field(main, layout.csrf);
      main.void_element("input", {{"type", "hidden"}, {"name", "a"}, {"value", a}});
      main.void_element("input", {{"type", "hidden"}, {"name", "b"}, {"value", b}});
      main.element("button", t.text(label), {{"type", "submit"}, {"class", look}});
      main.close("form");
    }
    main.close("section");
  }
  return office_document(layout, t.text("office.duplicates.title"), main.str());
}

std::string render_person_erase_page(const OfficeLayout& layout, const PersonErasureView& view) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.people.erase.title"));
  if (!view.message.empty())
    main.element("p", view.message, {{"class", "notice"}, {"role", "alert"}});
  main.element("p", format_message(t.text("office.people.erase.profiles"),
                                   {{"count", std::to_string(view.profiles.size())}}));
  main.open("table").column_heads({t.text("office.people.name"), t.text("office.people.event"),
                                   t.text("office.people.event_date"),
                                   t.text("office.people.received")});
  for (const RecordSummary& r : view.profiles) {
    const json record = json::parse(r.record_json, nullptr, false);
    main.open("tr");
    main.open("td").person_text(person_name(record)).close("td");
    main.open("td").person_text(event_field(record, "name")).close("td");
    main.element("td", event_field(record, "date"));
    main.element("td", local_day(r.received_at_ms));
    main.close("tr");
  }
  main.close("tbody").close("table");
  if (view.person.open_case)
    main.element("p", format_message(t.text("office.people.erase.case"),
                                     {{"entries", std::to_string(view.entries)}}));
  main.element("p", t.text("office.people.erase.check_links"));
  main.open("form", {{"method", "post"},
                     {"action", "/office/people/" + std::to_string(view.person.id) + "/erase"}});
  csrf_field(main, layout.csrf);
  main.void_element("input", {{"type", "hidden"},
                              {"name", "profiles"},
                              {"value", std::to_string(view.person.records.size())}});
  main.element("label", t.text("office.erase.reason"), {{"for", "reason"}});
  main.void_element("input", {{"type", "text"},
                              {"id", "reason"},
                              {"name", "reason"},
                              {"required", "required"},
                              {"maxlength", "500"}});
  main.element("button", t.text("office.people.erase.confirm"),
               {{"type", "submit"}, {"class", "button danger"}});
  main.close("form");
  return office_document(layout, t.text("office.people.erase.title"), main.str());
}

json access_json(const AccessView& view) {
  json profiles = json::array();
  for (const RecordSummary& r : view.profiles) {
    json codings = json::array();
    for (const OccupationCoding& c : view.codings)
      if (c.record_id == r.record_id)
        codings.push_back({{"answer", c.answer_path},
                           {"esco_occupation", c.esco_uri},
                           {"coded_by", c.coded_by},
                           {"coded_at", rfc3339_utc_of_unix_ms(c.coded_at_ms)}});
    profiles.push_back({{"profile_id", to_hex(r.record_id)},
                        {"received_at", rfc3339_utc_of_unix_ms(r.received_at_ms)},
                        {"record", json::parse(r.record_json, nullptr, false)},
                        {"office_codings", std::move(codings)}});
  }
  json out{{"format", "sichtbar-access-1"},
           {"generated_at", rfc3339_utc_of_unix_ms(view.generated_at_ms)},
           {"person_id", view.person.id},
           {"profiles", std::move(profiles)},
           {"linked_profiles", view.person.records.size()},
           {"marked_as_different_from_other_profiles", view.marked_different},
           {"case", nullptr}};
  if (view.office)
    out["office"] = {{"name", view.office->name},
                     {"contact", view.office->contact},
                     {"data_protection_officer", view.office->data_protection_officer},
                     {"supervisory_authority", view.office->supervisory_authority},
                     {"retention_days", view.office->retention_days}};
  if (const auto& c = view.person.open_case) {
    json entries = json::array();
    for (const CaseEntry& e : view.entries)
      entries.push_back({{"at", rfc3339_utc_of_unix_ms(e.at_ms)},
                         {"by", e.author},
                         {"kind", e.kind},
                         {"text", e.text}});
    out["case"] = {{"stage", case_stage_name(c->stage)},
                   {"assigned_to", c->assigned_to},
                   {"next_action", c->next_action},
                   {"next_action_date", c->next_action_date},
                   {"competent_body", c->competent_body},
                   {"decision", c->decision},
                   {"outcome", c->outcome},
                   {"opened_by", c->opened_by},
                   {"opened_at", rfc3339_utc_of_unix_ms(c->opened_at_ms)},
                   {"updated_at", rfc3339_utc_of_unix_ms(c->updated_at_ms)},
                   {"history", std::move(entries)}};
  }
  return out;
}

std::string render_access_page(const OfficeContext& ctx, const OfficeTexts& t,
                               const AccessView& view) {
  HtmlBuilder main;
  main.element("h1", t.text("office.access.title"));
  main.element("p", format_message(t.text("office.access.intro"),
                                   {{"date", local_day(view.generated_at_ms)}}));
  if (view.office) {
    main.element("h2", t.text("office.access.controller"));
    main.open("p").person_text(view.office->name).close("p");
    main.open("p", {{"class", "pre"}}).person_text(view.office->contact).close("p");
    main.element("h3", t.text("office.access.dpo"));
    main.open("p", {{"class", "pre"}}).person_text(view.office->data_protection_officer).close("p");
    main.element("h3", t.text("office.access.authority"));
    main.open("p", {{"class", "pre"}}).person_text(view.office->supervisory_authority).close("p");
  }
  main.element("h2", format_message(t.text("office.access.profiles"),
                                    {{"count", std::to_string(view.profiles.size())}}));
  for (const RecordSummary& r : view.profiles) {
    const json record = json::parse(r.record_json, nullptr, false);
    main.open("section", {{"class", "access-profile"}});
    main.open("h3").person_text(event_field(record, "name") + " (" + event_field(record, "date") +
                                ")").close("h3");
    if (record.is_object())
      main.trusted_markup(render_profile_content({ctx.forms, ctx.texts, &ctx.occupations, nullptr},
                                                 record, "de"));
    for (const OccupationCoding& c : view.codings)
      if (c.record_id == r.record_id)
        main.element("p", format_message(t.text("office.access.coding"),
                                         {{"answer", c.answer_path},
                                          {"uri", c.esco_uri},
                                          {"user", c.coded_by},
                                          {"date", local_day(c.coded_at_ms)}}));
    main.close("section");
  }
  if (view.marked_different > 0)
    main.element("p", format_message(t.text("office.access.different"),
                                     {{"count", std::to_string(view.marked_different)}}));
  main.element("h2", t.text("office.access.case"));
  if (const auto& c = view.person.open_case) {
    main.open("dl");
    const std::pair<const char*, std::string> rows[] = {
        {"office.access.case.stage", std::string(case_stage_name(c->stage))},
        {"office.access.case.assigned", c->assigned_to},
        {"office.access.case.next", c->next_action + " " + c->next_action_date},
        {"office.access.case.body", c->competent_body},
        {"office.access.case.decision", c->decision},
        {"office.access.case.outcome", c->outcome},
        {"office.access.case.opened", local_day(c->opened_at_ms)}};
    for (const auto& [key, value] : rows) {
      main.element("dt", t.text(key));
      main.open("dd").person_text(value.empty() ? "–" : value).close("dd");
    }
    main.close("dl");
    main.element("h3", t.text("office.access.history"));
    main.open("ol", {{"class", "history"}});
    for (const CaseEntry& e : view.entries) {
      main.open("li");
      main.element("span", local_day(e.at_ms) + " · " + e.author + " · " + e.kind + ": ");
      main.person_text(e.text);
      main.close("li");
    }
    main.close("ol");
  } else {
    main.element("p", t.text("office.access.no_case"));
  }
  return office_document({t}, t.text("office.access.title"), main.str());
}

void mount_people_routes(http::Router& router, PeopleRoutes routes) {
  auto ui = std::make_shared<PeopleUi>(PeopleUi{routes});
  router.get("/office/duplicates", [ui](const auto& req, auto& res) { ui->duplicates(req, res); });
  router.post("/office/duplicates/link",
              [ui](const auto& req, auto& res) { ui->decide(req, res, true); });
  router.post("/office/duplicates/different",
              [ui](const auto& req, auto& res) { ui->decide(req, res, false); });
  constexpr std::string_view kPerson = "/office/people/{person_id}";
  router.post(std::string(kPerson) + "/unlink",
              [ui](const auto& req, auto& res) { ui->unlink(req, res); });
  router.get(std::string(kPerson) + "/erase",
             [ui](const auto& req, auto& res) { ui->erase_confirm(req, res); });
  router.post(std::string(kPerson) + "/erase",
              [ui](const auto& req, auto& res) { ui->erase(req, res); });
  router.get(std::string(kPerson) + "/access",
             [ui](const auto& req, auto& res) { ui->access(req, res, false); });
  router.get(std::string(kPerson) + "/access.json",
             [ui](const auto& req, auto& res) { ui->access(req, res, true); });
}

}  // namespace sichtbar::hub::web
