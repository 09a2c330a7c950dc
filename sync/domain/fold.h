// Folding text for forgiving comparison in its own script: case folded, accents and harakat
// removed, digits of any script as ASCII digits, Arabic-script letter variants unified, and
// every run of other characters one space. The kiosk's label search (search.h) and the hub's
// office search (hub/record_index.h) fold the same way, so a query matches alike in both.
// ICU only: part of sichtbar_domain, which the hub links without HarfBuzz or FreeType.
#pragma once

#include <unicode/unistr.h>

#include <string>
#include <string_view>

namespace sichtbar::script {

// fold_native of UTF-8 text; invalid UTF-8 sequences become U+FFFD first.
std::string fold_for_search(std::string_view text);

namespace detail {
icu::UnicodeString fold_native(const icu::UnicodeString& text);
}  // namespace detail

}  // namespace sichtbar::script
