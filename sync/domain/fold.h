// Folding text for forgiving comparison in its own script: case folded, accents and harakat
// removed, digits of any script as ASCII digits, Arabic-script letter variants unified, and
// every run of other characters one space. The kiosk's label search (search.h) and the hub's
// office search (hub/record_index.h) fold the same way, so a query matches alike in both.
// ICU only: part of sichtbar_domain, which the hub links without HarfBuzz or FreeType.
// Folder, the folding into both forms, is shared by the search indexes (search.h) and the
// matching of one person's profiles (person_match.h).
#pragma once

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/error.h"

namespace sichtbar::script {

// fold_native of UTF-8 text; invalid UTF-8 sequences become U+FFFD first.
std::string fold_for_search(std::string_view text);

// The two folded forms of a text the index compares: "Any-Latin; Latin-ASCII" then lower case
// (ascii), and the text in its own script with case folded, marks removed and Arabic-script
// letter variants unified (native). Words are separated by single spaces.
struct FoldedText {
  std::string ascii;
  std::string native;
};

// Folds texts into both forms (FoldedText). The transliterators are made the first time a text
// needs one (a label or query in another script, or with a Latin letter folding cannot reach):
// an index over German, English and French never makes them. Safe to share between threads.
class Folder {
 public:
  // "search.icu" if ICU lacks the transliterations (checked without making them).
  Result<void> open();
  FoldedText fold(std::string_view text) const;

 private:
  // Transliterators keep state while they run: one fold at a time.
  mutable std::mutex mutex_;
  mutable std::unique_ptr<icu::Transliterator> to_ascii_;
  mutable std::unique_ptr<icu::Transliterator> latin_to_ascii_;
};

namespace detail {
icu::UnicodeString fold_native(const icu::UnicodeString& text);
}  // namespace detail

}  // namespace sichtbar::script
