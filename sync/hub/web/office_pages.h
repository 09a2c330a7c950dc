// The office's pages (German: the office staff are German office workers): login, the records
// list with its filter and search, a record's profile, erasure with a reason, the kiosks and
// their sync state, revoking a kiosk, and the audit log. Pure functions from what the store
// returned to HTML, so they are tested on their own; office.cpp serves them.
//
// Everything a person typed goes through HtmlBuilder (escaped as text or attribute); the
// profile itself is the person's page's renderer (render_profile_content). No script, no inline
// style: the pages work under the hub's Content-Security-Policy with nothing allowed but the
// stylesheet. Every POST form carries the session's CSRF token.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/occupations.h"
#include "hub/hub_store.h"
#include "hub/web/html.h"
#include "hub/web/office_texts.h"
#include "hub/web/profile_page.h"

namespace sichtbar::hub::web {

struct OfficeContext {
  const FormLibrary& forms;  // each record is shown with its own form version
  const PageTexts& texts;
  const OccupationList& occupations;
  const RecognitionMap* recognition = nullptr;  // the map in use: the competent bodies' names
};

// The choices of the filters by the way to recognition (value, German label), as the records
// page offers them and office.cpp checks a URL's values against: the ISCO major groups, the
// regulated values, the procedures and the map's competent bodies.
struct WayChoices {
  std::vector<std::pair<std::string, std::string>> majors, regulated, procedures, bodies;
};
WayChoices way_choices(const OfficeContext& ctx, const OfficeTexts& texts);

// Who is logged in, for the navigation and the logout form.
struct OfficeLayout {
  const OfficeTexts& texts;    // the office's words (office_texts.h)
  std::string_view user = {};  // empty: not logged in (no navigation)
  std::string_view csrf = {};
  std::string_view section = {};  // "records", "kiosks", "quarantine" or "audit": marked
  // The navigation offers what the role may use (office_permissions.h), nothing else.
  OfficeRole role = OfficeRole::administrator;
};

// The frame of every office page: title, stylesheet, navigation with logout, main content.
std::string office_document(const OfficeLayout& layout, std::string_view title,
                            std::string_view main_markup);

// Pieces the office's pages share (office_people.h's too): a labelled <select> whose first choice
// (empty_label: "alle" in a filter) has the value "", a chosen value that is no choice still shown
// as chosen; the session's CSRF token as a hidden field; the day of a time (YYYY-MM-DD, UTC).
void select(HtmlBuilder& html, std::string_view name, std::string_view label,
            std::string_view chosen,
            const std::vector<std::pair<std::string, std::string>>& options,
            std::string_view empty_label = "alle");
void csrf_field(HtmlBuilder& html, std::string_view csrf);
std::string local_day(std::int64_t unix_ms);
// A labelled input of a filter form.
void input(HtmlBuilder& html, std::string_view type, std::string_view name, std::string_view label,
           std::string_view value);
std::string percent_encode(std::string_view text);

// message: shown above the form ("" for none); user: what was typed, kept in the field.
std::string render_login_page(const OfficeTexts& texts, std::string_view message,
                              std::string_view user, std::string_view nonce);

// The filter as URL query text (for links to other pages, exports), without page.
std::string filter_query(const RecordFilter& filter);

struct RecordsView {
  const RecordFilter& filter;
  const RecordFacets& facets;
  const RecordPage& page;
  std::string_view notice;  // what was wrong with the filter as typed ("" if nothing)
  // The offices to filter by (an administrator's page); empty: no such filter (a counsellor
  // sees its own office's records only).
  std::span<const Office> offices = {};
};
std::string render_records_page(const OfficeContext& ctx, const OfficeLayout& layout,
                                const RecordsView& view);

// An occupation the person typed as words (a work item's job title, issue #15): where it is, as
// the coding's answer_path ("work.items.0"), and their words as they typed them.
struct TypedOccupation {
  std::string path;
  std::string words;
};
// Every typed occupation of a record, in item order.
std::vector<TypedOccupation> typed_occupations(const nlohmann::json& record);

// One record, for staff: the profile, where it came from, and the way to erase it; beside each
// typed occupation, the office's coding of it (from codings) or the way to code it; person: the
// person the record belongs to, whose case page it links to.
std::string render_record_page(const OfficeContext& ctx, const OfficeLayout& layout,
                               const RecordSummary& record, std::string_view kiosk_name,
                               std::span<const OccupationCoding> codings = {},
                               std::optional<PersonId> person = std::nullopt);

// A suggestion of the coding page: an ESCO occupation with its ISCO unit and, as a hint, its way
// to recognition under the map in use (regulated_name / procedure_name; empty without a map).
struct CodingSuggestion {
  std::string uri, label_de, isco_unit, isco_title_de;
  std::string regulated, procedure;
  bool expert_checked = false;  // the map's entry behind regulated and procedure
};
struct CodingView {
  std::string_view record_hex;
  const TypedOccupation& answer;
  std::string_view query;                            // what the search box holds
  const std::vector<CodingSuggestion>& suggestions;  // best first
  const OccupationCoding* current = nullptr;         // the answer's coding now, if any
};
// "Code to an ESCO occupation": the person's words unchanged, a search form (GET) and each
// suggestion a POST button that sets the coding.
std::string render_coding_page(const OfficeContext& ctx, const OfficeLayout& layout,
                               const CodingView& view);
// "Erase this record?" with a required reason; message says what was missing ("" for none).
std::string render_erase_page(const OfficeLayout& layout, std::string_view record_hex,
                              std::string_view person_name, std::string_view message);

struct KioskRow {
  Device device;
  DeviceCheckpoint checkpoint;
};
// offices: to name each kiosk's office and offer to move it to another.
std::string render_kiosks_page(const OfficeLayout& layout, const std::vector<KioskRow>& kiosks,
                               std::span<const Office> offices = {});
std::string render_revoke_page(const OfficeLayout& layout, const Device& device);

// The quarantine: envelopes ingest kept back (a record that failed the hub's checks, or clashed
// with a stored one), each with its kiosk, seq, time and reason in the office's words, and the
// Release and Discard buttons (POST forms with the CSRF token). Never the record's text.
struct QuarantineRow {
  QuarantinedEnvelope envelope;
  std::string kiosk_name;  // the office's word for an unknown kiosk when it is not enrolled
};
std::string render_quarantine_page(const OfficeLayout& layout,
                                   const std::vector<QuarantineRow>& rows);
// The office's words for a quarantine reason ("<code>: <message>").
std::string quarantine_reason_text(const OfficeTexts& texts, std::string_view reason);

std::string render_audit_page(const OfficeLayout& layout, const std::vector<AuditEntry>& entries);

// A short page with a heading, a sentence and a link onwards (done, not found, refused...).
// layout.user empty: the page of someone not logged in (no navigation).
std::string render_office_message(const OfficeLayout& layout, std::string_view title,
                                  std::string_view text, std::string_view link,
                                  std::string_view link_text);

// The person's name in a record's JSON ("" if none), for headings and lists.
std::string person_name(const nlohmann::json& record);

// The filters' building blocks, for the other office pages: a labelled <select> whose first
// choice (empty_label) has the value "" and where a chosen value that is no choice still shows
// as chosen; a value for a URL's query; the label of a choice's value (the value itself when it
// is not a choice).
void office_select(HtmlBuilder& html, std::string_view name, std::string_view label,
                   std::string_view chosen,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view empty_label = "alle");
std::string url_encode(std::string_view text);
std::string choice_text(const std::vector<std::pair<std::string, std::string>>& choices,
                        std::string_view value);

}  // namespace sichtbar::hub::web
