// The form the fuzz targets check answers and records against (SICHTBAR_FUZZ_FORM), loaded once;
// a form that does not load stops the target at once.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "domain/form.h"

namespace sichtbar::fuzz {

inline const Form& fuzz_form() {
  static const Form form = [] {
    auto loaded = load_form(SICHTBAR_FUZZ_FORM);
    if (!loaded) {
      std::fprintf(stderr, "cannot load %s: %s\n", SICHTBAR_FUZZ_FORM,
                   loaded.error().message.c_str());
      std::abort();
    }
    return *loaded;
  }();
  return form;
}

}  // namespace sichtbar::fuzz
