// The counselling follow-up in the office UI: the work lists (/office/cases), a person's case
// page (/office/people/<id>) with its forms, and the printable summary for an appointment. The
// pages are office_case_pages.h; office.cpp mounts these routes beside its own and lends them its
// session and CSRF checks, audit log and failure page (OfficeGate).
//
// Every person shown or changed is checked with may_see_people: another office's person answers
// 404 exactly like a missing one. Every POST carries the CSRF token, is audited (case_open,
// case_change, case_note, case_contact; subject "person:<id>", never a note's text) and answers
// 303 back to the case page; what cannot be stored is refused with the case page and a message
// saying why (nothing changed), a change made from an older revision with 409 and the case as it
// is now.
#pragma once

#include <optional>
#include <string_view>

#include "domain/form_library.h"
#include "domain/occupations.h"
#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "hub/recognition_maps.h"
#include "hub/web/office_auth.h"
#include "hub/web/office_gate.h"
#include "hub/web/office_case_pages.h"
#include "hub/web/office_pages.h"
#include "hub/web/office_texts.h"
#include "hub/web/profile_page.h"

namespace sichtbar::hub::web {


struct CaseRoutes {
  HubStore& store;
  const FormLibrary& forms;
  const PageTexts& texts;
  const OfficeTexts& office_texts;
  const OccupationList& occupations;
  RecognitionMapInUse& recognition;  // the competent bodies an application can go to
  OfficeGate& gate;                  // OfficeUi, which outlives the routes
};

inline constexpr std::uint64_t kCasesPerPage = 50;

// What a work list page shows: its page of cases and every tab's count (CaseListView's).
struct WorkList {
  CasePage page;
  std::vector<std::pair<std::string, std::uint64_t>> list_counts, stage_counts;
};
// The work list the query asks for as `user` sees it (office: a counsellor's own; nullopt: every
// office, an administrator), with `today` (YYYY-MM-DD) for the overdue list: one list_cases for
// the page and one count_cases for every tab's count.
Result<WorkList> load_work_list(CaseStore& store, const CaseListQuery& query,
                                std::optional<std::int64_t> office, std::string_view user,
                                std::string_view today);

// Adds /office/cases, /office/people/{person_id}, its /print and its POST forms
// (/office/people/{person_id}/case/open, stage, assign, next, note, contact).
void mount_case_routes(http::Router& router, CaseRoutes routes);

}  // namespace sichtbar::hub::web
