// libFuzzer target: check_record (domain/record_check.h) on arbitrary record JSON against the
// real form, as the kiosk runs it before sealing and the hub on every record it opens. It must
// never throw or crash, report only record.* and answers.* codes, and a record it passes must
// hold no hidden character in its own texts and serialise as canonical JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "domain/record.h"
#include "domain/record_check.h"
#include "fuzz_form.h"
#include "fuzz_support.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Form& form = fuzz::fuzz_form();
  const nlohmann::json document = nlohmann::json::parse(fuzz::as_text(data, size), nullptr, false);
  if (document.is_discarded() || !document.is_object()) return 0;
  auto record = record_from_json(document);
  if (!record) return 0;
  // The record's own consent text is "known" for every other input, so the other checks are
  // reached; the rest of the time none is.
  const KnownConsentTexts known = {{form.schema(), {record->consent.text_sha256}}};
  const RecordCheckContext context{2026, size % 2 == 0 ? &known : nullptr};
  const std::vector<FieldProblem> problems = check_record(form, *record, context);
  for (const FieldProblem& p : problems)
    SICHTBAR_FUZZ_CHECK(p.code.starts_with("record.") || p.code.starts_with("answers."));
  if (!problems.empty()) return 0;
  SICHTBAR_FUZZ_CHECK(context.consent_texts != nullptr);
  for (const std::string* text : {&record->event.name, &record->event.venue, &record->event.id,
                                  &record->event.date, &record->locale})
    SICHTBAR_FUZZ_CHECK(find_hidden_text(*text, false) == HiddenText::None);
  SICHTBAR_FUZZ_CHECK(is_calendar_date(record->event.date));
  SICHTBAR_FUZZ_CHECK(canonical_json(*record).has_value());
  return 0;
}
