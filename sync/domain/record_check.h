// The whole-record check: what a sealed record must be, checked by the kiosk before it seals one
// and by the hub on every record it opens (ingest) or releases from quarantine, with the same
// function, so the two cannot drift. The answers go through validate_answers (with the consent
// block's purposes as the consent answer, the way the kiosk asked them); the record's own texts
// (event, locale, times, consent block) are checked here.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/form.h"
#include "domain/record.h"
#include "domain/validate.h"

namespace sichtbar {

// Code points of an event's name or venue (what the kiosk's event setup allows).
inline constexpr std::size_t kMaxEventText = 200;
// Code points of the record's other short texts: the event id and kind, times, codes, ids.
inline constexpr std::size_t kMaxRecordCode = 100;

// The consent texts a hub knows, per form version (Form::schema(), "skills-profile@1"): the hex
// SHA-256 of the consent text in each language it can be shown in, as the kiosk hashes it.
using KnownConsentTexts = std::map<std::string, std::set<std::string>, std::less<>>;

struct RecordCheckContext {
  int current_year = 0;  // as ValidationContext; 0 = from the clock
  // The consent texts this side knows; a record whose text_sha256 is not among its form
  // version's is refused (record.unknown_consent_text). nullptr: none known.
  const KnownConsentTexts* consent_texts = nullptr;
};

// Every problem of the record, [] when it may be sealed or stored. Codes:
//   record.control_character  a text of the record or an answer holds a control character or a
//                             line break where none belongs (base/text.h find_hidden_text)
//   record.bidi_control       ... a bidi embedding, override or isolate (U+202E ...)
//   record.invalid_utf8       ... bytes that are not UTF-8
//   record.too_long           the event's name or venue over kMaxEventText, another of the
//                             record's texts over kMaxRecordCode code points
//   record.bad_date           the event's date is not a calendar date (YYYY-MM-DD)
//   record.unknown_locale     the locale or the consent's language is no UI language
//   record.unknown_consent_text  the consent text's hash is none known for its form version
// and validate_answers' answers.* codes for answers that do not fit the form. Messages never
// repeat what was typed. The record's form must be `form` (the caller looked it up).
std::vector<FieldProblem> check_record(const Form& form, const Record& record,
                                       const RecordCheckContext& context);

// True for the record.* codes above: signs of a broken or hostile kiosk (an honest kiosk
// cleans and checks before sealing), which the hub keeps in quarantine for the office.
bool is_record_problem(const FieldProblem& problem);

}  // namespace sichtbar
