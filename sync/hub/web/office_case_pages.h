// The case pages of the office UI (German, like the other office pages): the work lists, a
// person's case page with its forms and history, and the printable summary for an appointment.
// Pure functions from what the store returned to HTML, like office_pages.h; office_cases.cpp
// serves them. Everything a person or a counsellor typed (names, notes, next actions, a competent
// body's name) goes through HtmlBuilder; the profiles are the record view's renderer
// (render_profile_content), shown without the contact details, which only the contact box shows,
// and only when the person agreed to be contacted (contact_details.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hub/hub_store.h"
#include "hub/web/contact_details.h"
#include "hub/web/office_pages.h"

namespace sichtbar::hub::web {

using Choices = std::vector<std::pair<std::string, std::string>>;  // value, German label

// The choices of the case forms and work lists, in their order: stages (case_stage_name), the
// decisions (kCaseDecisions), the outcomes (kCaseOutcomes), the wishes a work list can be cut by,
// the results of a call, and the recognition map's competent bodies (its ids, by name).
struct CaseChoices {
  Choices stages, decisions, outcomes, wishes, contact_results, bodies;
};
CaseChoices case_choices(const OfficeContext& ctx, const OfficeTexts& texts);

// A work list as the URL says it: list "mine", "overdue" or "all", and the filters that combine
// with it. Values that are no choice are dropped by the route (and said in a notice).
struct CaseListQuery {
  std::string list = "all";
  std::string stage, event_id, wish;
  std::uint64_t page = 1;
};
// The query as URL query text without the page ("list=mine&stage=applied").
std::string case_list_query(const CaseListQuery& query);

struct CaseListView {
  const CaseListQuery& query;
  const CasePage& page;
  std::uint64_t page_size = 50;
  // How many each tab would show with the other filters as they are: the lists ("mine",
  // "overdue", "all") and the stages ("" for every stage, then each stage's name).
  std::vector<std::pair<std::string, std::uint64_t>> list_counts, stage_counts;
  const std::vector<Event>& events;  // the event filter's choices
  std::string_view today;            // YYYY-MM-DD: a next action before it is overdue
  std::string_view notice;           // what was wrong with the URL ("" if nothing)
};
std::string render_case_list(const OfficeContext& ctx, const OfficeLayout& layout,
                             const CaseListView& view);

// The contact box: the shared contact details, or "Kein Kontakt erlaubt" with what it means. The
// case page, its print and the record view show it above the profile (without_contact).
void contact_box(HtmlBuilder& html, const OfficeTexts& texts, const SharedContact& contact);

struct CaseView {
  const Person& person;
  const std::vector<RecordSummary>& profiles;   // the person's profiles, oldest first
  const std::vector<CaseEntry>& entries;        // the case's history, newest first
  const std::vector<std::string>& counsellors;  // the logins a case can be assigned to
  std::string_view today;
  std::string_view message = {};  // why the last form was refused ("" for none)
};
std::string render_case_page(const OfficeContext& ctx, const OfficeLayout& layout,
                             const CaseView& view);
// The summary for an appointment: no navigation, no forms, the last notes; the stylesheet's
// print rules make it paper.
std::string render_case_print(const OfficeContext& ctx, const OfficeTexts& texts,
                              const CaseView& view);

}  // namespace sichtbar::hub::web
