// The office's search index: per record, what the office filters by (event, date, country of
// origin, occupations, languages, wants recognition advice) and the folded text of everything
// the person typed, taken from the record's JSON when the store keeps it. Both store backends
// keep it in a table of the same shape (record_index) and query it with the same SQL, built
// here; tombstone() deletes a record's row with the record, so an erased person vanishes from
// search too.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/recognition.h"
#include "hub/hub_store.h"

namespace sichtbar::hub {

// What the recognition columns are computed with: the ESCO data (an URI's ISCO unit) and the
// recognition map in use, named by the sha256 of its bytes (hex), which the store remembers to
// tell when the index must be computed again.
struct IndexContext {
  std::shared_ptr<const EscoIndex> esco;
  std::shared_ptr<const RecognitionMap> map;
  std::string map_sha256;
};

struct RecordIndex {
  std::string event_id, event_name, event_date;
  std::string country;        // country of origin (ISO code), "" if not given
  std::string occupations;    // " 7411 2211 ": work experience and desired occupation (ISCO)
  std::string languages;      // " prs ps en ": mother tongues and other languages
  bool wants_advice = false;  // any qualification's "wants advice", or the wish for it
  // fold_for_search of every text in the answers and of the event's name, with a space at each
  // end: a query word matches where a word of it starts (" word%"). When the text has German
  // umlauts, it follows once more with them spelled out (ä as ae ...), so "Mueller" and
  // "Muller" both find "Müller".
  std::string search_text;
  RecognitionTokens recognition;  // empty without a context (but for 4-digit ISCO codes' majors)
  // What the person wishes, as a token list: the values of wishes.wants (" job
  // recognition_advice "), and "qualification_advice" when an education item wants advice. A
  // profile with a wish opens its person's case at ingest (store_logic.h's opens_case).
  std::string wishes;
  // The keys domain/person_match.h compares to suggest that two profiles are the same person
  // (encode() of the record): filled by person_match_keys below, the one place that computes it.
  std::string match_keys;
};

// The matching keys of a record's answers (RecordIndex::match_keys): encode(person_keys(...)) of
// the person's name, year of birth, phone and e-mail.
std::string person_match_keys(const nlohmann::json& answers);

// From a record's canonical JSON; a JSON that does not parse gives an empty index (the record
// is still stored, and found by the filters that need nothing from it). coded_uris: the
// counsellor's codings of the record (OccupationCoding::esco_uri).
RecordIndex index_record(std::string_view record_json, const IndexContext* context = nullptr,
                         std::span<const std::string> coded_uris = {});
// Only the recognition columns (what a reindex recomputes).
RecognitionTokens index_recognition(std::string_view record_json, const IndexContext* context,
                                    std::span<const std::string> coded_uris);

// A WHERE clause over the index (alias i) and its parameters, all text, numbered from 1 in the
// backend's style: '?' (SQLite: ?1, ?2...) or '$' (PostgreSQL: $1, $2...).
struct SearchSql {
  std::string where;  // "1 = 1" when nothing is filtered
  std::vector<std::string> params;
};
SearchSql search_where(const RecordFilter& filter, char placeholder);

// The statements both backends run for search_records, around search_where: the page of rows
// (record_id, device_id, received_at, record_json and the recognition columns; limit 0 = all,
// offset only with a limit) and the count of all matches.
std::string search_rows_sql(const RecordFilter& filter, const SearchSql& where);
std::string search_count_sql(const SearchSql& where);

// The work lists (list_cases) over the cases c (and, for the page, their newest profiles):
// the WHERE clause of a CaseFilter, the count of its matches, and the page of rows (the case's
// columns person_id ... revision, then the newest profile's record_id, device_id, received_at,
// record_json, then the number of profiles), overdue soonest first, else last changed first.
// event_leads: written for SQLite's planner, which otherwise walks the whole office's cases for
// a list by event.
SearchSql case_where(const CaseFilter& filter, char placeholder, bool event_leads = false);
std::string case_count_sql(const SearchSql& where);
std::string case_rows_sql(const CaseFilter& filter, const SearchSql& where);
// count_cases's whole statement (in .where) and its parameters: (stage, cases, assigned to the
// filter's login, overdue before its day) per stage, for the filter's office, event and wish.
SearchSql case_counts_sql(const CaseFilter& filter, char placeholder, bool event_leads = false);

// The distinct codes in index lists like " 7411 2211 " (the facets' occupations, languages),
// sorted.
std::vector<std::string> split_codes(const std::vector<std::string>& lists);

}  // namespace sichtbar::hub
