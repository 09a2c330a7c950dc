// Forgiving search over labels (occupations, countries, languages) as a person types: case,
// accents and, where ICU can transliterate, script do not matter ("turkiye" finds "Türkiye",
// "ecole" finds "École", "ukraina" finds "Україна"). Labels are folded once when the index is
// built, so a keystroke costs one fold of the query and a plain byte scan: no ICU call per label.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/fold.h"
#include "domain/esco.h"

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

// A shared index over many labels in many languages (every ESCO occupation label in German,
// English, French and the draft languages: 70,000 labels), built once for every screen language.
// An entry holds a view of its label, which stays where the caller keeps it (the reference
// data's buffer), a numeric item and a language tag; the screen's language is chosen per query,
// so no index is built per language. Small typos are forgiven when the exact search finds too
// little (see query()).
// The kind of a label, as the reference data says it (a preferred label ranks before a gendered
// form, and both before alternative and hidden ones).
using LabelRank = sichtbar::LabelKind;

// 16 bytes, as the kiosk holds 70,000: the label as pointer and length (a label is a name; build
// refuses one of 64 KiB or more).
struct LabelEntry {
  static constexpr std::size_t kLongest = 0xFFFE;
  LabelEntry() = default;
  LabelEntry(std::uint32_t of_item, std::string_view text, std::uint8_t tag = 0,
             LabelRank kind = LabelRank::preferred)
      : data(text.data()),
        item(of_item),
        size(static_cast<std::uint16_t>(std::min(text.size(), kLongest + 1))),
        language(tag),
        rank(kind) {}
  std::string_view label() const { return {data, size}; }

  const char* data = nullptr;
  std::uint32_t item = 0;
  std::uint16_t size = 0;
  std::uint8_t language = 0;  // the caller's tag, under 32
  LabelRank rank = LabelRank::preferred;
};

struct LabelQuery {
  std::uint8_t screen_language = 0;  // its labels rank first
  std::uint32_t languages = ~0u;     // bit per language tag: the labels searched
  std::size_t limit = 20;
};

struct LabelHit {
  std::uint32_t item = 0;
  std::uint32_t entry = 0;  // the best matching label's entry
  std::string_view label;
  int kind = 0;   // as SearchHit::kind; 0 for a match found only by forgiving typos
  int edits = 0;  // letters changed to match (typos); 0 for an exact match
};

class LabelIndex {
 public:
  // Error "search.invalid_utf8" names the entry's item, "search.label_too_long" too;
  // "search.icu" as for SearchIndex.
  static Result<LabelIndex> build(std::vector<LabelEntry> entries);

  LabelIndex(LabelIndex&&) noexcept;
  LabelIndex& operator=(LabelIndex&&) noexcept;
  ~LabelIndex();

  // At most query.limit items, best first, searching the labels whose language is in
  // query.languages. First the exact search, ranked as SearchIndex::query ranks (the screen
  // language's labels first), and within each of its tiers a query word that is a whole word of
  // the label before one that starts a longer word, a preferred label or gendered form before an
  // alternative one, then shorter labels. When that finds fewer than five items, the forgiving
  // pass adds items whose labels have, for every query word, a word within a bounded edit
  // distance (one edit for words of 4-7 letters, two from 8; the last word may be unfinished) or
  // the word without a German feminine ending ("Elektrikerin" finds "Elektriker"); fewest edits
  // first. It looks only at the index's distinct words, so the common keystroke never pays for it.
  // A single letter finds only labels with a word that starts with it (inside a word, every
  // label would match).
  std::vector<LabelHit> query(std::string_view typed, const LabelQuery& query) const;

  // Labels to add to a built index (add()), folded without touching it, so while others query.
  struct Folded {
    std::vector<LabelEntry> entries;
    std::vector<FoldedText> forms;
  };
  // Error "search.invalid_utf8" as for build.
  Result<Folded> fold_labels(std::vector<LabelEntry> entries) const;
  // Adds the labels after those the index has (a few ms for some hundred: their words join the
  // word table), ranked as if they had been there from the build. Not while another thread
  // queries: the caller locks.
  void add(Folded labels);

  std::size_t size() const;
  const LabelEntry& entry(std::size_t index) const;
  // The index's own memory (folded labels, entries, word list), without the labels it views.
  std::size_t memory_bytes() const;
  FoldedText fold(std::string_view text) const;

 private:
  struct Impl;
  explicit LabelIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sichtbar::script
