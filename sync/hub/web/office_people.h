// The same person across events, and what a person may ask of the office, in the office UI:
//   /office/duplicates                 possible duplicates of an office (hub/duplicates.h), each
//                                      with both profiles side by side and why they may be one
//                                      person; POST .../link joins them into one person (and one
//                                      case), POST .../different keeps them apart for good
//   /office/people/{id}/unlink         POST: a wrong link undone (the profile alone again)
//   /office/people/{id}/erase          the profiles (event and date) and the case that will go,
//                                      so a wrong link is seen before anything is erased; POST
//                                      erases them all (erase_person)
//   /office/people/{id}/access         the access request: everything held about the person
//   /office/people/{id}/access.json    (profiles, the office's codings, case, notes, links) as a
//                                      printable page and as JSON
// Nothing here links by itself, and linking deletes no profile. Every person is checked with
// may_see_people (another office's person is answered like a missing one); every POST carries the
// CSRF token and is audited with the person as "person:<id>" (erase: the audit keeps that an
// erasure happened and its reason, not whom).
#pragma once

#include "domain/form_library.h"
#include "domain/occupations.h"
#include "domain/person_match.h"
#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "hub/web/office_cases.h"
#include "hub/web/office_pages.h"
#include "hub/web/office_texts.h"
#include "hub/web/profile_page.h"

namespace sichtbar::hub::web {

struct PeopleRoutes {
  HubStore& store;
  const FormLibrary& forms;
  const PageTexts& texts;
  const OfficeTexts& office_texts;
  const OccupationList& occupations;
  OfficeGate& gate;  // OfficeUi, which outlives the routes
};

void mount_people_routes(http::Router& router, PeopleRoutes routes);

// --- the pages (pure functions, tested on their own) --------------------------------------

// One profile as the office lists it beside another: the record and where it came from.
struct ProfileSide {
  RecordSummary record;
  PersonId person = 0;
};
struct DuplicateRow {
  ProfileSide a, b;
  MatchScore score;
};
// office_choices: (id, name) of the offices an administrator may choose ("" for a counsellor).
struct DuplicatesView {
  std::int64_t office_id = 0;
  std::vector<std::pair<std::string, std::string>> office_choices;
  std::vector<DuplicateRow> rows;
  std::string_view notice;
};
std::string render_duplicates_page(const OfficeLayout& layout, const DuplicatesView& view);

struct PersonErasureView {
  const Person& person;
  const std::vector<RecordSummary>& profiles;
  std::uint64_t entries = 0;  // the case's notes and history
  std::string_view message;   // what was wrong with the form ("" for nothing)
};
std::string render_person_erase_page(const OfficeLayout& layout, const PersonErasureView& view);

struct AccessView {
  const Person& person;
  const std::vector<RecordSummary>& profiles;
  const std::vector<OccupationCoding>& codings;
  const std::vector<CaseEntry>& entries;
  std::uint64_t marked_different = 0;  // profiles of others this person was marked apart from
  std::optional<Office> office;
  std::int64_t generated_at_ms = 0;
};
// Everything held about the person, for them to take home (printable; no navigation).
std::string render_access_page(const OfficeContext& ctx, const OfficeTexts& texts,
                               const AccessView& view);
nlohmann::json access_json(const AccessView& view);

}  // namespace sichtbar::hub::web
