// libFuzzer target: validate_answers on arbitrary JSON against the real form
// (assets/forms/skills-profile/1.json), as the kiosk runs it at finish and the hub again at ingest.
// The cleaned answers must always be serialisable as canonical JSON (the record is), and
// answers that pass must pass again unchanged when validated a second time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "domain/validate.h"
#include "fuzz_form.h"
#include "fuzz_support.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Form& form = fuzz::fuzz_form();
  const std::string_view text = fuzz::as_text(data, size);
  // Not JSON at all still goes in, as a string (possibly invalid UTF-8, which nlohmann::json
  // holds but will not dump): validate_answers takes any JSON value and must refuse it.
  nlohmann::json answers = nlohmann::json::parse(text, nullptr, false);
  if (answers.is_discarded()) answers = nlohmann::json(std::string(text.substr(0, 64)));
  for (const char* kind : {"info", "football"}) {
    const ValidationContext context{kind, 2026};
    const ValidatedAnswers result = validate_answers(form, answers, context);
    SICHTBAR_FUZZ_CHECK(result.answers.is_object());
    for (const FieldProblem& p : result.problems)
      SICHTBAR_FUZZ_CHECK(p.code.starts_with("answers."));
    (void)result.answers.dump();  // throws (a crash here) on invalid UTF-8 left in the answers
    if (!result.ok()) continue;
    const ValidatedAnswers again = validate_answers(form, result.answers, context);
    SICHTBAR_FUZZ_CHECK(again.ok());
    SICHTBAR_FUZZ_CHECK(again.answers == result.answers);
  }
  return 0;
}
