// The folded label index and its scan; see search.h.
#include "domain/search.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <bit>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "domain/fold.h"
#include "domain/unicode_util.h"

namespace sichtbar::script {
namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The Arabic article ال as folding leaves it (hamza forms after it, as in الإنجليزية, fold to
// a plain alef). Arabic names of languages and countries carry it, but nobody types it first:
// "انج" is the start of الإنجليزية as a reader sees the word. So a match right after the
// article at a word's start counts as that word's start (and the label's start for the first
// word); typing the article too matches as well. The article is two letters of the native form
// only, so Latin "al" is untouched.
constexpr std::string_view kArticle = "\u0627\u0644";

// How one query word occurs in a folded label: kind 3 at its start, 2 at a word's start, 1 inside
// a word, 0 not at all; whole when it is a whole word of the label ("koch" in "koch kochin", not
// in "kochlehrling").
struct WordMatch {
  int kind = 0;
  bool whole = false;
};

WordMatch word_match(std::string_view label, std::string_view word) {
  if (label.find(word) == std::string_view::npos) return {};
  // Found somewhere: now only the word starts can do better (the label's start, after a
  // space, after the article at a word's start), fewer places to look than every occurrence of
  // a short query ("e").
  WordMatch best{1, false};
  const auto at = [&](std::size_t pos, int kind) {
    if (label.compare(pos, word.size(), word) != 0) return;
    best.kind = std::max(best.kind, kind);
    const std::size_t end = pos + word.size();
    if (end == label.size() || label[end] == ' ') best.whole = true;
  };
  for (std::size_t start = 0; start < label.size();) {
    const int kind = start == 0 ? 3 : 2;
    at(start, kind);
    if (label.compare(start, kArticle.size(), kArticle) == 0) at(start + kArticle.size(), kind);
    if (best.kind == 3 && best.whole) break;
    const std::size_t space = label.find(' ', start);
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return best;
}

struct Match {
  int kind = 0;    // 0: no match
  int starts = 0;  // query words found at a word start
  // 0 the label in the screen's language starts so (kind 3 or 4), 1 a word of it does (kind 2),
  // 2 another label (another language, a language's own name) starts or has a word so, 3 the
  // query is only inside a word of any label.
  int tier = 4;
  int whole = 0;  // query words that are whole words of the label
  // The label names a narrower occupation of the typed word ("Lehrerin für Musik"): a general
  // one ("Lehrerin an einer Grundschule") comes first.
  bool narrower = false;
};

Match ranked(Match m, bool screen_language) {
  if (m.kind == 0) return m;
  m.tier = m.kind >= 3 && screen_language   ? 0
           : m.kind == 2 && screen_language ? 1
           : m.kind >= 2                    ? 2
                                            : 3;
  return m;
}

bool better(const Match& a, const Match& b) {
  if (a.tier != b.tier) return a.tier < b.tier;
  if (a.kind != b.kind) return a.kind > b.kind;
  if (a.whole != b.whole) return a.whole > b.whole;
  if (a.narrower != b.narrower) return b.narrower;
  return a.starts > b.starts;
}

Match match(std::string_view label, std::string_view whole_query,
            const std::vector<std::string_view>& query_words) {
  if (query_words.empty()) return {};
  const int n = static_cast<int>(query_words.size());
  if (label == whole_query) return {4, n, 4, n};
  Match m{3, 0};
  for (std::string_view w : query_words) {
    const WordMatch k = word_match(label, w);
    if (k.kind == 0) return {};
    m.kind = std::min(m.kind, k.kind);
    if (k.kind >= 2) ++m.starts;
    if (k.whole) ++m.whole;
  }
  return m;
}

struct Span {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

Span store_in(std::string& arena, std::string_view s) {
  const Span span{static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(s.size())};
  arena += s;
  return span;
}

}  // namespace

struct SearchIndex::Impl {
  std::vector<SearchEntry> entries;
  std::vector<std::uint32_t> entry_item;  // entry -> item (distinct id) number
  std::vector<std::uint32_t> item_first;  // item -> its first entry, for the id
  std::string arena;                      // every folded form, back to back
  std::vector<Span> ascii;                // per entry
  std::vector<Span> native;               // per entry; equal to ascii when the forms agree
  Folder folder;

  FoldedText fold(std::string_view text) const { return folder.fold(text); }
  Span store(const std::string& s) { return store_in(arena, s); }
  std::string_view view(Span s) const { return std::string_view(arena).substr(s.offset, s.size); }
};

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::SearchIndex(SearchIndex&&) noexcept = default;
SearchIndex& SearchIndex::operator=(SearchIndex&&) noexcept = default;
SearchIndex::~SearchIndex() = default;

Result<SearchIndex> SearchIndex::build(std::vector<SearchEntry> entries) {
  auto impl = std::make_unique<Impl>();
  if (auto opened = impl->folder.open(); !opened) return std::unexpected(opened.error());

  std::unordered_map<std::string_view, std::uint32_t> items;
  impl->entry_item.reserve(entries.size());
  impl->ascii.reserve(entries.size());
  impl->native.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!detail::is_well_formed_utf8(entries[i].label)) {
      return fail("search.invalid_utf8",
                  "The search label of \"" + entries[i].id + "\" is not valid UTF-8.");
    }
  }
  impl->entries = std::move(entries);
  for (std::size_t i = 0; i < impl->entries.size(); ++i) {
    const SearchEntry& e = impl->entries[i];
    const auto [it, inserted] =
        items.try_emplace(e.id, static_cast<std::uint32_t>(impl->item_first.size()));
    if (inserted) impl->item_first.push_back(static_cast<std::uint32_t>(i));
    impl->entry_item.push_back(it->second);

    const FoldedText folded = impl->fold(e.label);
    const Span a = impl->store(folded.ascii);
    impl->ascii.push_back(a);
    impl->native.push_back(folded.native == folded.ascii ? a : impl->store(folded.native));
  }
  return SearchIndex(std::move(impl));
}

std::size_t SearchIndex::size() const { return impl_->entries.size(); }
const SearchEntry& SearchIndex::entry(std::size_t index) const { return impl_->entries.at(index); }
FoldedText SearchIndex::fold(std::string_view text) const { return impl_->fold(text); }

std::vector<SearchHit> SearchIndex::query(std::string_view typed, std::size_t limit) const {
  const Impl& ix = *impl_;
  if (!detail::is_well_formed_utf8(typed)) return {};
  const FoldedText q = ix.fold(typed);
  const std::vector<std::string_view> ascii_words = words(q.ascii);
  const std::vector<std::string_view> native_words = words(q.native);
  if (ascii_words.empty() && native_words.empty()) return {};
  const bool query_forms_agree = q.ascii == q.native;

  // Best label per item.
  struct Best {
    Match m;
    std::uint32_t entry = 0;
  };
  std::vector<Best> best(ix.item_first.size());
  const auto label_size = [&](std::uint32_t e) { return ix.entries[e].label.size(); };
  for (std::uint32_t e = 0; e < ix.entries.size(); ++e) {
    Match m = match(ix.view(ix.ascii[e]), q.ascii, ascii_words);
    const bool label_forms_agree = ix.native[e].offset == ix.ascii[e].offset;
    if (!(query_forms_agree && label_forms_agree)) {
      const Match n = match(ix.view(ix.native[e]), q.native, native_words);
      if (better(n, m)) m = n;
    }
    if (m.kind == 0) continue;
    m = ranked(m, ix.entries[e].screen_language);
    Best& b = best[ix.entry_item[e]];
    if (b.m.kind == 0 || better(m, b.m) ||
        (!better(b.m, m) && label_size(e) < label_size(b.entry))) {
      b = Best{m, e};
    }
  }

  std::vector<Best> found;
  for (const Best& b : best) {
    if (b.m.kind != 0) found.push_back(b);
  }
  const auto order = [&](const Best& a, const Best& b) {
    if (better(a.m, b.m)) return true;
    if (better(b.m, a.m)) return false;
    if (label_size(a.entry) != label_size(b.entry))
      return label_size(a.entry) < label_size(b.entry);
    return a.entry < b.entry;
  };
  const std::size_t n = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                    order);
  std::vector<SearchHit> hits;
  hits.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const SearchEntry& e = ix.entries[found[k].entry];
    hits.push_back(SearchHit{e.id, found[k].entry, e.label, found[k].m.kind});
  }
  return hits;
}

// ---- LabelIndex: one index over every language's labels, typos forgiven from a word list.

namespace {

// A word's letters as a set (a-z, and one bit for any digit): a letter of the query that the
// word lacks costs at least one edit, so most words are ruled out before any distance is computed.
std::uint32_t letter_set(std::string_view word) {
  std::uint32_t set = 0;
  for (char c : word) set |= c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
  return set;
}

// Edits (insert, delete, substitute, swap two neighbours) that turn `word` into `other`, or with
// `unfinished` into some start of `other` (the word being typed); max + 1 when more than max.
int bounded_edits(std::string_view word, std::string_view other, int max, bool unfinished) {
  constexpr int kLongest = 40;
  const int n = static_cast<int>(word.size());
  const int cols = unfinished ? std::min(static_cast<int>(other.size()), n + max)
                              : static_cast<int>(other.size());
  if (n >= kLongest || cols >= kLongest || cols < n - max) return max + 1;
  if (!unfinished && cols > n + max) return max + 1;
  std::array<int, kLongest + 1> before{}, previous{}, row{};
  for (int j = 0; j <= cols; ++j) row[j] = j;
  for (int i = 1; i <= n; ++i) {
    before = previous;
    previous = row;
    row[0] = i;
    int row_min = i;
    for (int j = 1; j <= cols; ++j) {
      int d = std::min({previous[j] + 1, row[j - 1] + 1,
                        previous[j - 1] + (word[i - 1] != other[j - 1] ? 1 : 0)});
      if (i > 1 && j > 1 && word[i - 1] == other[j - 2] && word[i - 2] == other[j - 1])
        d = std::min(d, before[j - 2] + 1);
      row[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > max) return max + 1;
  }
  int best = row[cols];
  if (unfinished)
    for (int j = std::max(0, n - max); j <= cols; ++j) best = std::min(best, row[j]);
  return std::min(best, max + 1);
}

// The word without a German feminine ending, for labels that name only the masculine form
// ("elektrikerin" -> "elektriker", "lehrerinnen" -> "lehrer"); empty when it has none.
std::string_view without_feminine_ending(std::string_view word) {
  for (std::string_view ending : {std::string_view("innen"), std::string_view("in")})
    if (word.size() >= ending.size() + 4 && word.ends_with(ending))
      return word.substr(0, word.size() - ending.size());
  return {};
}

// German "X für Y" names a specialisation of X (folded: "fur"). Not English "for": ESCO's
// general nurse is "nurse responsible for general care".
bool names_narrower(std::string_view folded_label) {
  return folded_label.find(" fur ") != std::string_view::npos;
}

// A word without its vowels ("mohandes" -> "mhnds"): Arabic script writes few of them, so its
// transliteration ("mhnds mdny", مهندس مدني) meets what people type by ear only so.
std::string skeleton(std::string_view word) {
  std::string out;
  for (char c : word)
    if (std::string_view("aeiouy").find(c) == std::string_view::npos) out.push_back(c);
  return out;
}

// A word spelt with few vowels (under a quarter of its letters): a transliteration of Arabic
// script, whose skeleton the forgiving pass compares.
bool written_without_vowels(std::string_view word) {
  std::size_t vowels = 0;
  for (char c : word) vowels += std::string_view("aeiou").find(c) != std::string_view::npos;
  return word.size() >= 3 && vowels * 4 < word.size();
}

Result<void> check_utf8(const std::vector<LabelEntry>& entries) {
  for (const LabelEntry& e : entries) {
    if (e.size > LabelEntry::kLongest)
      return fail("search.label_too_long",
                  "A search label of item " + std::to_string(e.item) + " is 64 KiB or longer.");
    if (!detail::is_well_formed_utf8(e.label()))
      return fail("search.invalid_utf8",
                  "A search label of item " + std::to_string(e.item) + " is not valid UTF-8.");
  }
  return {};
}

// Fewer than this many items found exactly: the forgiving pass runs.
constexpr std::size_t kForgiveBelow = 5;

}  // namespace

struct LabelIndex::Impl {
  std::vector<LabelEntry> entries;
  std::string arena;         // every folded form, back to back
  std::vector<Span> ascii;   // per entry
  std::vector<Span> native;  // per entry; equal to ascii when the forms agree
  std::uint32_t items = 0;   // largest item + 1
  // The distinct words of the ASCII forms, each with its letter set and the entries that have it.
  std::vector<Span> words;
  std::vector<std::uint32_t> word_letters;
  std::vector<bool> consonantal;             // per word: written_without_vowels
  std::vector<std::uint32_t> posting_start;  // word -> first of its entries in postings
  std::vector<std::uint32_t> postings;
  Folder folder;

  std::string_view view(Span s) const { return std::string_view(arena).substr(s.offset, s.size); }

  // The folded forms of the next entry (entries[ascii.size()]).
  void append_forms(const FoldedText& folded) {
    items = std::max(items, entries[ascii.size()].item + 1);
    const Span a = store_in(arena, folded.ascii);
    ascii.push_back(a);
    native.push_back(folded.native == folded.ascii ? a : store_in(arena, folded.native));
  }

  // The word table and each word's entries, for the entries from `first` on (all of them when
  // the index is built; the added ones after that, whose words join the table). Built from one
  // word id per occurrence (4 bytes, not a pair per occurrence): the kiosk's peak memory counts
  // what the build holds at its height.
  void index_words(std::uint32_t first) {
    const auto entry_words = [&](std::uint32_t e, auto&& f) {
      // The native form's words too when it differs ("straße"), so a word that is in either
      // form leads to the entry. At most 255 words an entry: a label is a short name.
      int n = 0;
      for (std::string_view w : sichtbar::script::words(view(ascii[e])))
        if (n++ < 255) f(w);
      if (native[e].offset != ascii[e].offset)
        for (std::string_view w : sichtbar::script::words(view(native[e])))
          if (n++ < 255) f(w);
    };
    std::unordered_map<std::string_view, std::uint32_t> ids;
    const std::size_t old_words = words.size();
    if (old_words > 0) {
      // Added entries: the table's words they share keep their ids (one scan of the table).
      constexpr std::uint32_t kNew = ~0u;
      for (std::uint32_t e = first; e < entries.size(); ++e)
        entry_words(e, [&](std::string_view w) { ids.try_emplace(w, kNew); });
      for (std::uint32_t k = 0; k < old_words; ++k)
        if (const auto it = ids.find(view(words[k])); it != ids.end()) it->second = k;
      std::erase_if(ids, [](const auto& id) { return id.second == kNew; });
    }
    std::vector<std::uint32_t> occurrences;  // word ids, entry by entry
    std::vector<std::uint8_t> per_entry(entries.size() - first, 0);
    occurrences.reserve(per_entry.size() * 4);
    for (std::uint32_t e = first; e < entries.size(); ++e) {
      entry_words(e, [&](std::string_view w) {
        const auto [it, inserted] = ids.try_emplace(w, static_cast<std::uint32_t>(words.size()));
        if (inserted) {
          words.push_back(Span{static_cast<std::uint32_t>(w.data() - arena.data()),
                               static_cast<std::uint32_t>(w.size())});
          word_letters.push_back(letter_set(w));
          consonantal.push_back(written_without_vowels(w));
        }
        occurrences.push_back(it->second);
        ++per_entry[e - first];
      });
    }
    ids = {};
    // Each word's entries: those it had, then the new ones.
    std::vector<std::uint32_t> start(words.size() + 1, 0);
    for (std::size_t w = 0; w < old_words; ++w)
      start[w + 1] = posting_start[w + 1] - posting_start[w];
    for (std::uint32_t w : occurrences) ++start[w + 1];
    for (std::size_t w = 0; w < words.size(); ++w) start[w + 1] += start[w];
    std::vector<std::uint32_t> all(start.back());
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t w = 0; w < old_words; ++w)
      for (std::uint32_t p = posting_start[w]; p < posting_start[w + 1]; ++p)
        all[next[w]++] = postings[p];
    std::size_t i = 0;
    for (std::uint32_t e = first; e < entries.size(); ++e)
      for (int n = 0; n < per_entry[e - first]; ++n) all[next[occurrences[i++]]++] = e;
    posting_start = std::move(start);
    postings = std::move(all);
    words.shrink_to_fit();
    word_letters.shrink_to_fit();
    consonantal.shrink_to_fit();
  }
};

LabelIndex::LabelIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LabelIndex::LabelIndex(LabelIndex&&) noexcept = default;
LabelIndex& LabelIndex::operator=(LabelIndex&&) noexcept = default;
LabelIndex::~LabelIndex() = default;

Result<LabelIndex> LabelIndex::build(std::vector<LabelEntry> entries) {
  auto impl = std::make_unique<Impl>();
  if (auto opened = impl->folder.open(); !opened) return std::unexpected(opened.error());
  if (auto checked = check_utf8(entries); !checked) return std::unexpected(checked.error());
  impl->entries = std::move(entries);
  impl->ascii.reserve(impl->entries.size());
  impl->native.reserve(impl->entries.size());
  for (const LabelEntry& e : impl->entries) impl->append_forms(impl->folder.fold(e.label()));
  impl->arena.shrink_to_fit();
  impl->index_words(0);
  return LabelIndex(std::move(impl));
}

Result<LabelIndex::Folded> LabelIndex::fold_labels(std::vector<LabelEntry> entries) const {
  if (auto checked = check_utf8(entries); !checked) return std::unexpected(checked.error());
  Folded out;
  out.forms.reserve(entries.size());
  for (const LabelEntry& e : entries) out.forms.push_back(impl_->folder.fold(e.label()));
  out.entries = std::move(entries);
  return out;
}

void LabelIndex::add(Folded labels) {
  Impl& ix = *impl_;
  const auto first = static_cast<std::uint32_t>(ix.entries.size());
  // Exactly what is added: growth by doubling would hold MB the kiosk never uses.
  const std::size_t total = ix.entries.size() + labels.entries.size();
  std::size_t folded_bytes = ix.arena.size();
  for (const FoldedText& forms : labels.forms)
    folded_bytes += forms.ascii.size() + (forms.native == forms.ascii ? 0 : forms.native.size());
  ix.entries.reserve(total);
  ix.ascii.reserve(total);
  ix.native.reserve(total);
  // A string's reserve doubles at least; a new one takes the size asked for.
  std::string arena;
  arena.reserve(folded_bytes);
  arena = ix.arena;
  ix.arena = std::move(arena);
  ix.entries.insert(ix.entries.end(), labels.entries.begin(), labels.entries.end());
  for (const FoldedText& forms : labels.forms) ix.append_forms(forms);
  ix.index_words(first);
}

std::size_t LabelIndex::size() const { return impl_->entries.size(); }
const LabelEntry& LabelIndex::entry(std::size_t index) const { return impl_->entries.at(index); }
FoldedText LabelIndex::fold(std::string_view text) const { return impl_->folder.fold(text); }

std::size_t LabelIndex::memory_bytes() const {
  const Impl& ix = *impl_;
  return ix.arena.capacity() + ix.entries.capacity() * sizeof(LabelEntry) +
         (ix.ascii.capacity() + ix.native.capacity() + ix.words.capacity()) * sizeof(Span) +
         (ix.word_letters.capacity() + ix.posting_start.capacity() + ix.postings.capacity()) *
             sizeof(std::uint32_t) +
         ix.consonantal.capacity() / 8;
}

std::vector<LabelHit> LabelIndex::query(std::string_view typed, const LabelQuery& query) const {
  const Impl& ix = *impl_;
  if (!detail::is_well_formed_utf8(typed) || query.limit == 0) return {};
  const FoldedText q = ix.folder.fold(typed);
  const std::vector<std::string_view> ascii_words = words(q.ascii);
  const std::vector<std::string_view> native_words = words(q.native);
  if (ascii_words.empty() && native_words.empty()) return {};
  const bool query_forms_agree = q.ascii == q.native;
  const auto searched = [&](const LabelEntry& e) {
    return e.language < 32 && (query.languages >> e.language & 1u);
  };
  const auto secondary = [](const LabelEntry& e) { return e.rank >= LabelRank::alternative; };

  // The exact pass: the best label per item.
  struct Best {
    Match m;
    std::uint32_t entry = 0;
    int edits = 0;
  };
  const auto tie = [&](const Best& a, const Best& b) {
    const LabelEntry& x = ix.entries[a.entry];
    const LabelEntry& y = ix.entries[b.entry];
    if (secondary(x) != secondary(y)) return !secondary(x);
    if (x.size != y.size) return x.size < y.size;
    return a.entry < b.entry;
  };
  const auto order = [&](const Best& a, const Best& b) {
    if (better(a.m, b.m)) return true;
    if (better(b.m, a.m)) return false;
    return tie(a, b);
  };
  // Which entries can match: those with a word (of either folded form) containing the query's
  // longest word, found in the distinct-word table instead of in every label; a single letter
  // only where a word starts with it. A query in another script takes the entries of its ASCII
  // form's and of its own script's longest word.
  std::vector<bool> may_match(ix.entries.size(), false);
  const auto admit = [&](const std::vector<std::string_view>& query_words) {
    if (query_words.empty()) return;
    const std::string_view longest = *std::max_element(
        query_words.begin(), query_words.end(),
        [](std::string_view a, std::string_view b) { return a.size() < b.size(); });
    for (std::uint32_t k = 0; k < ix.words.size(); ++k) {
      const std::string_view d = ix.view(ix.words[k]);
      if (longest.size() == 1 ? !d.starts_with(longest) : d.find(longest) == std::string_view::npos)
        continue;
      for (std::uint32_t p = ix.posting_start[k]; p < ix.posting_start[k + 1]; ++p)
        may_match[ix.postings[p]] = true;
    }
  };
  admit(ascii_words);
  if (!query_forms_agree) admit(native_words);
  std::vector<Best> best(ix.items);
  for (std::uint32_t e = 0; e < ix.entries.size(); ++e) {
    if (!may_match[e]) continue;
    const LabelEntry& entry = ix.entries[e];
    if (!searched(entry)) continue;
    Match m = match(ix.view(ix.ascii[e]), q.ascii, ascii_words);
    const bool label_forms_agree = ix.native[e].offset == ix.ascii[e].offset;
    if (!(query_forms_agree && label_forms_agree)) {
      const Match n = match(ix.view(ix.native[e]), q.native, native_words);
      if (better(n, m)) m = n;
    }
    if (m.kind == 0) continue;
    m.narrower = names_narrower(ix.view(ix.ascii[e]));
    const Best candidate{ranked(m, entry.language == query.screen_language), e};
    Best& b = best[entry.item];
    if (b.m.kind == 0 || order(candidate, b)) b = candidate;
  }
  std::vector<Best> found;
  for (const Best& b : best)
    if (b.m.kind != 0) found.push_back(b);
  std::size_t n = std::min(query.limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                    order);
  found.resize(n);

  // The forgiving pass, over the distinct words only: for each query word, the words that
  // contain it, lack only its feminine ending, or are a few edits away; then the entries that
  // have such a word for every query word, in order, fewest edits first.
  if (found.size() < kForgiveBelow && !ascii_words.empty() && ascii_words.size() < 255) {
    std::vector<std::uint8_t> matched(ix.entries.size(), 0), edits(ix.entries.size(), 0);
    bool every_word_has_one = true;
    for (std::size_t i = 0; i < ascii_words.size() && every_word_has_one; ++i) {
      const std::string_view w = ascii_words[i];
      const bool unfinished = i + 1 == ascii_words.size();
      const int max = w.size() >= 8 ? 2 : w.size() >= 4 ? 1 : 0;
      const std::string_view stem = without_feminine_ending(w);
      const std::uint32_t letters = letter_set(w);
      const std::string bones = skeleton(w);
      std::vector<std::pair<int, std::uint32_t>> near;  // edits, word
      for (std::uint32_t k = 0; k < ix.words.size(); ++k) {
        const std::string_view d = ix.view(ix.words[k]);
        if (d.find(w) != std::string_view::npos ||
            (!stem.empty() && d.find(stem) != std::string_view::npos)) {
          near.emplace_back(0, k);
        } else if (max > 0 && std::popcount(letters & ~ix.word_letters[k]) <= max &&
                   bounded_edits(w, d, max, unfinished) <= max) {
          near.emplace_back(bounded_edits(w, d, max, unfinished), k);
        } else if (max > 0 && bones.size() >= 3 && ix.consonantal[k]) {
          // Typed by ear against a transliteration without vowels: one edit for the vowels.
          const std::string d_bones = skeleton(d);
          if (unfinished ? d_bones.starts_with(bones) : d_bones == bones) near.emplace_back(1, k);
        }
      }
      every_word_has_one = !near.empty();
      std::sort(near.begin(), near.end());
      for (const auto& [cost, k] : near) {
        for (std::uint32_t p = ix.posting_start[k]; p < ix.posting_start[k + 1]; ++p) {
          const std::uint32_t e = ix.postings[p];
          if (matched[e] != i) continue;
          matched[e] = static_cast<std::uint8_t>(i + 1);
          edits[e] = static_cast<std::uint8_t>(edits[e] + cost);
        }
      }
    }
    if (every_word_has_one) {
      std::vector<Best> forgiven(ix.items);
      const auto fewer_edits = [&](const Best& a, const Best& b) {
        if (a.m.tier != b.m.tier) return a.m.tier < b.m.tier;
        if (a.edits != b.edits) return a.edits < b.edits;
        return tie(a, b);
      };
      for (std::uint32_t e = 0; e < ix.entries.size(); ++e) {
        const LabelEntry& entry = ix.entries[e];
        if (matched[e] != ascii_words.size() || !searched(entry)) continue;
        if (best[entry.item].m.kind != 0) continue;  // found exactly already
        Best candidate{Match{}, e, edits[e]};
        candidate.m.tier = entry.language == query.screen_language ? 0 : 1;
        Best& b = forgiven[entry.item];
        if (b.m.tier == 4 || fewer_edits(candidate, b)) b = candidate;
      }
      std::vector<Best> more;
      for (const Best& b : forgiven)
        if (b.m.tier != 4) more.push_back(b);
      const std::size_t room = std::min(query.limit - found.size(), more.size());
      std::partial_sort(more.begin(), more.begin() + static_cast<std::ptrdiff_t>(room), more.end(),
                        fewer_edits);
      found.insert(found.end(), more.begin(), more.begin() + static_cast<std::ptrdiff_t>(room));
    }
  }

  std::vector<LabelHit> hits;
  hits.reserve(found.size());
  for (const Best& b : found) {
    const LabelEntry& e = ix.entries[b.entry];
    hits.push_back(LabelHit{e.item, b.entry, e.label(), b.m.kind, b.edits});
  }
  return hits;
}

}  // namespace sichtbar::script
