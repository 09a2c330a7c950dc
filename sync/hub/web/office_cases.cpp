// The case routes of the office UI; see office_cases.h.
#include "hub/web/office_cases.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "base/clock.h"
#include "base/dates.h"
#include "base/text.h"
#include "hub/web/http_forms.h"
#include "hub/web/office_case_pages.h"

namespace sichtbar::hub::web {

namespace {

// Caps in code points: a next action is a line, a note a few paragraphs.
constexpr std::size_t kMaxLineLength = 200;
constexpr std::size_t kMaxNoteLength = 4000;
constexpr std::size_t kMaxContactNoteLength = 500;

bool one_of(const Choices& choices, std::string_view value) {
  return std::any_of(choices.begin(), choices.end(),
                     [&](const auto& c) { return c.first == value; });
}

struct CaseUi {
  CaseRoutes r;

  const OfficeTexts& t() const { return r.office_texts; }
  OfficeContext context(const RecognitionMap* map) const {
    return {r.forms, r.texts, r.occupations, map};
  }
  static OfficeLayout layout_of(const OfficeTexts& t, const OfficeSession& s) {
    return {t, s.user, s.csrf, "cases", s.role};
  }

  void message(http::Response& res, const OfficeLayout& layout, int status, const char* title,
               const char* text) {
    send_page(res, status,
              render_office_message(layout, t().text(title), t().text(text), "/office/cases",
                                    t().text("office.case.to_list")));
  }

  // The person of the path, when this session may see them; otherwise the "not here" page (the
  // same for another office's person as for one that never was) or the store's failure.
  std::optional<Person> person_of(const http::Request& req, http::Response& res,
                                  const OfficeSession& s, const OfficeLayout& layout) {
    return visible_person(r.store, r.gate, person_id_of(req.matches[1]), s, res, layout, [&] {
      message(res, layout, 404, "office.case.not_found.title", "office.case.not_found.text");
    });
  }

  // The case page (status 200, or a refusal's status with its message) with everything it shows.
  void show(http::Response& res, const OfficeLayout& layout, const Person& person, int status,
            std::string_view why, bool print = false) {
    std::vector<RecordSummary> profiles;
    for (const RecordId& id : person.records) {
      auto found = r.store.find_record(id);
      if (!found) return r.gate.store_failed(res, layout, found.error());
      if (*found) profiles.push_back(std::move(**found));
    }
    std::vector<CaseEntry> entries;
    if (person.open_case) {
      auto got = r.store.case_entries(person.id);
      if (!got) return r.gate.store_failed(res, layout, got.error());
      entries = std::move(*got);
    }
    auto counsellors = counsellors_of(person.office_id);
    if (!counsellors) return r.gate.store_failed(res, layout, counsellors.error());
    const std::string today = rfc3339_utc_of_unix_ms(unix_ms_now()).substr(0, 10);
    const auto map = r.recognition.current();
    const CaseView view{person, profiles, entries, *counsellors, today, why};
    if (print)
      send_page(res, status, render_case_print(context(map.get()), t(), view));
    else
      send_page(res, status, render_case_page(context(map.get()), layout, view));
  }

  // The logins a case of the office can be given to: its counsellors and administrators.
  Result<std::vector<std::string>> counsellors_of(std::int64_t office_id) {
    auto users = r.store.list_users();
    if (!users) return std::unexpected(users.error());
    std::vector<std::string> out;
    for (const OfficeUser& u : *users)
      if (u.office_id == office_id &&
          (u.role == OfficeRole::counsellor || u.role == OfficeRole::administrator))
        out.push_back(u.name);
    return out;
  }

  // --- the work lists ------------------------------------------------------------------

  void list(const http::Request& req, http::Response& res) {
    auto s = r.gate.session(req, res);
    if (!s) return;
    const OfficeLayout layout = layout_of(t(), *s);
    if (s->role == OfficeRole::statistics)
      return message(res, layout, 403, "office.case.forbidden.title", "office.case.forbidden.text");
    const auto map = r.recognition.current();
    const CaseChoices choices = case_choices(context(map.get()), t());
    std::string notice;
    const auto bad = [&](const std::string& value) {
      notice = format_message(t().text("office.cases.bad_choice"), {{"value", value}});
    };
    CaseListQuery q;
    if (const std::string list = req.get_param_value("list"); !list.empty()) {
      if (list == "mine" || list == "overdue" || list == "all")
        q.list = list;
      else
        bad(list);
    }
    if (const std::string stage = req.get_param_value("stage"); !stage.empty()) {
      if (case_stage_from_name(stage))
        q.stage = stage;
      else
        bad(stage);
    }
    if (const std::string wish = req.get_param_value("wish"); !wish.empty()) {
      if (one_of(choices.wishes, wish))
        q.wish = wish;
      else
        bad(wish);
    }
    q.event_id = req.get_param_value("event");
    if (auto page = whole_number(req.get_param_value("page"), 1, 1000000))
      q.page = static_cast<std::uint64_t>(*page);
    const std::string today = rfc3339_utc_of_unix_ms(unix_ms_now()).substr(0, 10);
    // A counsellor sees their office's cases, an administrator every office's.
    const std::optional<std::int64_t> office =
        s->role == OfficeRole::counsellor ? std::optional(s->office_id) : std::nullopt;
    auto list = load_work_list(r.store, q, office, s->user, today);
    if (!list) return r.gate.store_failed(res, layout, list.error());
    auto events = r.store.list_events(office);
    if (!events) return r.gate.store_failed(res, layout, events.error());
    send_page(res, 200,
              render_case_list(context(map.get()), layout,
                               {q, list->page, kCasesPerPage, list->list_counts, list->stage_counts,
                                *events, today, notice}));
  }

  // --- a person's case -----------------------------------------------------------------

  void page(const http::Request& req, http::Response& res, bool print) {
    auto s = r.gate.session(req, res);
    if (!s) return;
    const OfficeLayout layout = layout_of(t(), *s);
    auto person = person_of(req, res, *s, layout);
    if (!person) return;
    show(res, layout, *person, 200, "", print);
  }

  // What every POST on a case does first: the session with its CSRF token and the person, or
  // the refusal written.
  using Posted = PersonPost;
  std::optional<Posted> posted(const http::Request& req, http::Response& res) {
    return person_post(r.gate, req, res, [&](const OfficeSession& s) {
      return person_of(req, res, s, layout_of(t(), s));
    });
  }

  void refuse(http::Response& res, const Posted& p, int status, const std::string& why) {
    show(res, layout_of(t(), p.session), p.person, status, why);
  }
  void refuse(http::Response& res, const Posted& p, int status, const char* key) {
    refuse(res, p, status, t().text(key));
  }

  std::string back(const Posted& p, std::string_view anchor) const {
    return "/office/people/" + std::to_string(p.person.id) + std::string(anchor);
  }

  void open(const http::Request& req, http::Response& res) {
    auto p = posted(req, res);
    if (!p) return;
    const bool had = p->person.open_case.has_value();
    if (auto opened = r.store.open_case(p->person.id, p->session.user, unix_ms_now()); !opened)
      return stored_failed(res, *p, opened.error());
    if (!had) r.gate.audit(p->session.user, "case_open", audit_subject_of_person(p->person.id), "");
    redirect(res, back(*p, "#case"));
  }

  // A failed change: someone changed the case meanwhile (409, the case as it is now), the
  // person is gone (404), or the store failed.
  void stored_failed(http::Response& res, const Posted& p, const Error& e) {
    const OfficeLayout layout = layout_of(t(), p.session);
    if (e.code == "hub_store.unknown_person")
      return message(res, layout, 404, "office.case.not_found.title", "office.case.not_found.text");
    if (e.code != "hub_store.case_changed") return r.gate.store_failed(res, layout, e);
    auto now = r.store.find_person(p.person.id);
    if (!now) return r.gate.store_failed(res, layout, now.error());
    if (!*now)
      return message(res, layout, 404, "office.case.not_found.title", "office.case.not_found.text");
    show(res, layout, **now, 409, t().text("office.case.refused.changed"));
  }

  // A change of the case's fields (stage, counsellor, next action) from the revision the form
  // was made from; words: what changed, for the history.
  void change(http::Response& res, const Posted& p, Case changed, const std::string& words,
              std::string_view what) {
    const auto revision =
        whole_number(field(p.fields, "revision"), 0, std::numeric_limits<std::int64_t>::max());
    if (!revision) return refuse(res, p, 400, "office.case.refused.changed");
    changed.revision = *revision;
    const CaseEntry entry{0, p.person.id, unix_ms_now(), p.session.user, "change", words};
    if (auto done = r.store.update_case(changed, entry); !done)
      return stored_failed(res, p, done.error());
    r.gate.audit(p.session.user, "case_change", audit_subject_of_person(p.person.id), what);
    redirect(res, back(p, "#case"));
  }

  void stage(const http::Request& req, http::Response& res) {
    auto p = posted(req, res);
    if (!p) return;
    if (!p->person.open_case) return refuse(res, *p, 409, "office.case.refused.no_case");
    const auto map = r.recognition.current();
    const CaseChoices choices = case_choices(context(map.get()), t());
    const auto stage = case_stage_from_name(field(p->fields, "stage"));
    if (!stage) return refuse(res, *p, 400, "office.case.refused.no_stage");
    Case changed = *p->person.open_case;
    std::string words =
        format_message(t().text("office.case.change.stage"),
                       {{"from", choice_text(choices.stages, case_stage_name(changed.stage))},
                        {"to", choice_text(choices.stages, case_stage_name(*stage))}});
    if (*stage == CaseStage::applied) {
      const std::string chosen = field(p->fields, "body");
      const std::string other = clean_text(field(p->fields, "body_other"), false);
      if (!chosen.empty() && !one_of(choices.bodies, chosen))
        return refuse(res, *p, 400, "office.case.refused.no_body");
      if (chosen.empty() && other.empty())
        return refuse(res, *p, 400, "office.case.refused.no_body");
      if (count_code_points(other) > kMaxLineLength)
        return refuse(res, *p, 400, "office.case.refused.too_long");
      changed.competent_body = chosen.empty() ? other : chosen;
      words += "; " + format_message(
                          t().text("office.case.change.body"),
                          {{"body", chosen.empty() ? other : choice_text(choices.bodies, chosen)}});
    }
    if (*stage == CaseStage::decision) {
      const std::string decision = field(p->fields, "decision");
      if (!one_of(choices.decisions, decision))
        return refuse(res, *p, 400, "office.case.refused.no_decision");
      changed.decision = decision;
      words += "; " + format_message(t().text("office.case.change.decision"),
                                     {{"decision", choice_text(choices.decisions, decision)}});
    }
    if (*stage == CaseStage::closed) {
      const std::string outcome = field(p->fields, "outcome");
      if (!one_of(choices.outcomes, outcome))
        return refuse(res, *p, 400, "office.case.refused.no_outcome");
      changed.outcome = outcome;
      words += "; " + format_message(t().text("office.case.change.outcome"),
                                     {{"outcome", choice_text(choices.outcomes, outcome)}});
    }
    changed.stage = *stage;
    change(res, *p, changed, words, "stage");
  }

  void assign(const http::Request& req, http::Response& res) {
    auto p = posted(req, res);
    if (!p) return;
    if (!p->person.open_case) return refuse(res, *p, 409, "office.case.refused.no_case");
    const std::string login = field(p->fields, "counsellor");
    auto counsellors = counsellors_of(p->person.office_id);
    if (!counsellors)
      return r.gate.store_failed(res, layout_of(t(), p->session), counsellors.error());
    if (!login.empty() &&
        std::find(counsellors->begin(), counsellors->end(), login) == counsellors->end())
      return refuse(res, *p, 400, "office.case.refused.unknown_counsellor");
    Case changed = *p->person.open_case;
    changed.assigned_to = login;
    change(res, *p, changed,
           format_message(t().text("office.case.change.counsellor"),
                          {{"user", login.empty() ? t().text("office.case.nobody") : login}}),
           "counsellor");
  }

  void next(const http::Request& req, http::Response& res) {
    auto p = posted(req, res);
    if (!p) return;
    if (!p->person.open_case) return refuse(res, *p, 409, "office.case.refused.no_case");
    const std::string action = clean_text(field(p->fields, "next_action"), false);
    const std::string date = clean_text(field(p->fields, "next_action_date"), false);
    if (!date.empty() && !is_calendar_date(date))
      return refuse(res, *p, 400, "office.case.refused.bad_date");
    if (count_code_points(action) > kMaxLineLength)
      return refuse(res, *p, 400, "office.case.refused.too_long");
    if (action.empty() && !date.empty())
      return refuse(res, *p, 400, "office.case.refused.no_action");
    Case changed = *p->person.open_case;
    changed.next_action = action;
    changed.next_action_date = date;
    change(res, *p, changed,
           action.empty()
               ? t().text("office.case.change.no_next")
               : format_message(t().text("office.case.change.next"),
                                {{"action", action}, {"date", date.empty() ? "–" : date}}),
           "next_action");
  }

  // A note or a call's result: added to the history, audited without its text.
  void entry(const http::Request& req, http::Response& res, bool contact) {
    auto p = posted(req, res);
    if (!p) return;
    if (!p->person.open_case) return refuse(res, *p, 409, "office.case.refused.no_case");
    std::string text;
    if (contact) {
      const auto map = r.recognition.current();
      const CaseChoices choices = case_choices(context(map.get()), t());
      const std::string result = field(p->fields, "result");
      if (!one_of(choices.contact_results, result))
        return refuse(res, *p, 400, "office.case.refused.no_result");
      const std::string note = clean_text(field(p->fields, "contact_note"), false);
      if (count_code_points(note) > kMaxContactNoteLength)
        return refuse(res, *p, 400, "office.case.refused.too_long");
      text = format_message(t().text("office.case.contact.call"),
                            {{"result", choice_text(choices.contact_results, result)}});
      if (!note.empty()) text += ": " + note;
    } else {
      text = clean_text(field(p->fields, "note"), true);
      if (text.empty()) return refuse(res, *p, 400, "office.case.refused.no_note");
      if (count_code_points(text) > kMaxNoteLength)
        return refuse(res, *p, 400, "office.case.refused.too_long");
    }
    const CaseEntry e{
        0, p->person.id, unix_ms_now(), p->session.user, contact ? "contact" : "note", text};
    if (auto added = r.store.add_case_entry(e); !added)
      return stored_failed(res, *p, added.error());
    r.gate.audit(p->session.user, contact ? "case_contact" : "case_note",
                 audit_subject_of_person(p->person.id), "");
    redirect(res, back(*p, "#history"));
  }
};

}  // namespace

Result<WorkList> load_work_list(CaseStore& store, const CaseListQuery& q,
                                std::optional<std::int64_t> office, std::string_view user,
                                std::string_view today) {
  CaseFilter f;
  f.office_id = office;
  if (q.list == "mine") f.assigned_to = user;
  if (q.list == "overdue") f.overdue_before = today;
  f.stage = case_stage_from_name(q.stage);
  f.include_closed = q.list == "all" || f.stage == CaseStage::closed;
  f.event_id = q.event_id;
  f.wish = q.wish;
  f.limit = kCasesPerPage;
  f.offset = (q.page - 1) * kCasesPerPage;
  f.count_total = false;  // its tab's count below
  WorkList out;
  auto page = store.list_cases(f);
  if (!page) return std::unexpected(page.error());
  out.page = std::move(*page);

  CaseFilter all = f;
  all.assigned_to = user;
  all.overdue_before = today;
  auto counts = store.count_cases(all);
  if (!counts) return std::unexpected(counts.error());
  // What list_cases would count for the list with the stage ("" every open one; "all" also the
  // closed ones, as the page itself).
  const auto count = [&](std::string_view list, std::string_view stage_name) {
    const auto stage = case_stage_from_name(stage_name);
    const bool with_closed = list == "all" || stage == CaseStage::closed;
    std::uint64_t n = 0;
    for (std::size_t k = 0; k < counts->stages.size(); ++k) {
      const auto s = static_cast<CaseStage>(k);
      if (stage ? s != *stage : s == CaseStage::closed && !with_closed) continue;
      const CaseCounts::Stage& c = counts->stages[k];
      n += list == "mine" ? c.mine : list == "overdue" ? c.overdue : c.cases;
    }
    return n;
  };
  out.page.total = count(q.list, q.stage);
  for (const char* list : {"mine", "overdue", "all"})
    out.list_counts.emplace_back(list, count(list, q.stage));
  // "" first (every stage), then each stage.
  out.stage_counts.emplace_back("", count(q.list, ""));
  for (std::size_t k = 0; k < counts->stages.size(); ++k) {
    const std::string stage(case_stage_name(static_cast<CaseStage>(k)));
    out.stage_counts.emplace_back(stage, count(q.list, stage));
  }
  return out;
}

void mount_case_routes(http::Router& routes, CaseRoutes deps) {
  auto ui = std::make_shared<CaseUi>(CaseUi{std::move(deps)});
  routes.define("person_id", "[0-9]{1,18}");
  const std::string person = "/office/people/{person_id}";
  routes.get("/office/cases", [ui](const auto& req, auto& res) { ui->list(req, res); });
  routes.get(person, [ui](const auto& req, auto& res) { ui->page(req, res, false); });
  routes.get(person + "/print", [ui](const auto& req, auto& res) { ui->page(req, res, true); });
  routes.post(person + "/case/open", [ui](const auto& req, auto& res) { ui->open(req, res); });
  routes.post(person + "/case/stage", [ui](const auto& req, auto& res) { ui->stage(req, res); });
  routes.post(person + "/case/assign", [ui](const auto& req, auto& res) { ui->assign(req, res); });
  routes.post(person + "/case/next", [ui](const auto& req, auto& res) { ui->next(req, res); });
  routes.post(person + "/case/note",
              [ui](const auto& req, auto& res) { ui->entry(req, res, false); });
  routes.post(person + "/case/contact",
              [ui](const auto& req, auto& res) { ui->entry(req, res, true); });
}

}  // namespace sichtbar::hub::web
