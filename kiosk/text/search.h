// Forgiving search over labels (occupations, countries, languages) as a person types: case,
// accents and, where ICU can transliterate, script do not matter ("turkiye" finds "Türkiye",
// "ecole" finds "École", "ukraina" finds "Україна"). Labels are folded once when the index is
// built, so a keystroke costs one fold of the query and a plain byte scan: no ICU call per label.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar::script {

// One label of one item; an item may have several (its name in the UI language, in German, in
// English, synonyms).
struct SearchEntry {
  std::string id;
  std::string label;
  // The label is in the screen's language: its matches rank before those of other labels (see
  // query()).
  bool screen_language = true;
};

struct SearchHit {
  std::string_view id;     // into the index, valid while it lives
  std::size_t entry = 0;   // index of the best matching label in the entries given to build
  std::string_view label;  // that label
  // How it matched, best first: 4 the whole label, 3 the label's start, 2 the start of a word,
  // 1 inside a word (for a query of several words: the weakest of them).
  int kind = 0;
};

// The two folded forms of a text the index compares: "Any-Latin; Latin-ASCII" then lower case
// (ascii), and the text in its own script with case folded, marks removed and Arabic-script
// letter variants unified (native). Words are separated by single spaces.
struct FoldedText {
  std::string ascii;
  std::string native;
};

class SearchIndex {
 public:
  // Error "search.invalid_utf8" names the entry whose label is not UTF-8; "search.icu" if
  // ICU's transliteration data is missing.
  static Result<SearchIndex> build(std::vector<SearchEntry> entries);

  SearchIndex(SearchIndex&&) noexcept;
  SearchIndex& operator=(SearchIndex&&) noexcept;
  ~SearchIndex();

  // At most `limit` items (one hit per id, its best label), best first: a label in the screen's
  // language that starts with the query, then one with a word that does, then other labels (in
  // German, English, the language's own name) that start or have a word so, then the query
  // inside a word of any label; within each, by kind, then by how many query words start a
  // word, then shorter labels, then the order of the entries. A word after the Arabic article
  // (ال) starts where the article ends. Every word of the query must be found. An empty query
  // finds nothing.
  std::vector<SearchHit> query(std::string_view typed, std::size_t limit = 20) const;

  std::size_t size() const;
  const SearchEntry& entry(std::size_t index) const;

  // How a text is folded for comparison (exposed for tests and the benchmark).
  FoldedText fold(std::string_view text) const;

 private:
  struct Impl;
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sichtbar::script
