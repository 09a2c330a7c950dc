// libFuzzer target: parse_form, the loader of form files (assets/forms/*.json) that the kiosk
// draws and the hub renders. Whatever it accepts must be usable without surprises: exactly one
// consent field, message keys and schema name computable.
#include <cstddef>
#include <cstdint>

#include "domain/form.h"
#include "fuzz_support.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto form = parse_form(fuzz::as_text(data, size), "fuzz.json");
  if (!form) {
    SICHTBAR_FUZZ_CHECK(form.error().code.starts_with("form."));
    SICHTBAR_FUZZ_CHECK(form.error().message.starts_with("fuzz.json"));
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(form->version >= 1);
  SICHTBAR_FUZZ_CHECK(!form->sections.empty());
  (void)form->consent_field();  // throws std::logic_error (a crash here) if there is none
  (void)form->message_keys();
  SICHTBAR_FUZZ_CHECK(form->schema() == form->id + "@" + std::to_string(form->version));
  for (const Section& section : form->sections) {
    for (const Field& field : section.fields)
      SICHTBAR_FUZZ_CHECK(form->find_field(section.id, field.id) == &field);
  }
  return 0;
}
