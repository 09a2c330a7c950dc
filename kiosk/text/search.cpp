// The folded label index and its scan; see search.h.
#include "text/search.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "domain/fold.h"
#include "domain/unicode_util.h"

namespace sichtbar::script {
namespace {

constexpr const char* kToAscii = "Any-Latin; Latin-ASCII; Lower";
constexpr const char* kLatinToAscii = "Latin-ASCII; Lower";

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Lower case, and every run of characters that are neither letters nor digits becomes one
// space (so "Maler/-in" and "maler in" compare equal, and a word starts after a space).
std::string fold_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = true;  // no leading space
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool only_latin_letters(const icu::UnicodeString& s) {
  for (std::int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

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

// Where a word starts in a folded label: after a space, or after the article at a word's start.
// 3 when that word is the label's first, 2 for a later one, 0 when pos starts no word.
int word_start(std::string_view label, std::size_t pos) {
  if (pos == 0) return 3;
  if (label[pos - 1] == ' ') return 2;
  if (pos >= kArticle.size() && label.substr(pos - kArticle.size(), kArticle.size()) == kArticle) {
    const std::size_t article = pos - kArticle.size();
    if (article == 0) return 3;
    if (label[article - 1] == ' ') return 2;
  }
  return 0;
}

// How one query word occurs in a folded label: 3 at its start, 2 at a word's start, 1 inside a
// word, 0 not at all. Occurrences come in order, so the first word start found is the best.
int word_match(std::string_view label, std::string_view word) {
  std::size_t pos = label.find(word);
  if (pos == std::string_view::npos) return 0;
  int best = 1;
  for (; pos != std::string_view::npos; pos = label.find(word, pos + 1)) {
    best = std::max(best, word_start(label, pos));
    if (best == 3) break;
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
  return a.kind != b.kind ? a.kind > b.kind : a.starts > b.starts;
}

Match match(std::string_view label, std::string_view whole_query,
            const std::vector<std::string_view>& query_words) {
  if (query_words.empty()) return {};
  if (label == whole_query) return {4, static_cast<int>(query_words.size())};
  Match m{3, 0};
  for (std::string_view w : query_words) {
    const int k = word_match(label, w);
    if (k == 0) return {};
    m.kind = std::min(m.kind, k);
    if (k >= 2) ++m.starts;
  }
  return m;
}

struct Span {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

}  // namespace

struct SearchIndex::Impl {
  std::vector<SearchEntry> entries;
  std::vector<std::uint32_t> entry_item;  // entry -> item (distinct id) number
  std::vector<std::uint32_t> item_first;  // item -> its first entry, for the id
  std::string arena;                      // every folded form, back to back
  std::vector<Span> ascii;                // per entry
  std::vector<Span> native;               // per entry; equal to ascii when the forms agree

  // Transliterators keep state while they run: one query at a time.
  mutable std::mutex fold_mutex;
  std::unique_ptr<icu::Transliterator> to_ascii;
  std::unique_ptr<icu::Transliterator> latin_to_ascii;

  FoldedText fold(std::string_view text) const {
    FoldedText out;
    if (is_ascii(text)) {
      out.ascii = fold_ascii(text);
      out.native = out.ascii;
      return out;
    }
    const icu::UnicodeString folded = detail::fold_native(icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size()))));
    out.native = detail::to_utf8(folded);
    if (is_ascii(out.native)) {
      out.ascii = out.native;
      return out;
    }
    // Latin text with letters folding cannot reach (ß, ø, ł, ı) takes the cheap transliterator;
    // other scripts the full one, which costs about 10 us a label.
    icu::UnicodeString latin = folded;
    {
      const std::lock_guard lock(fold_mutex);
      (only_latin_letters(folded) ? latin_to_ascii : to_ascii)->transliterate(latin);
    }
    out.ascii = detail::to_utf8(detail::fold_native(latin));
    return out;
  }

  Span store(const std::string& s) {
    const Span span{static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(s.size())};
    arena += s;
    return span;
  }
  std::string_view view(Span s) const { return std::string_view(arena).substr(s.offset, s.size); }
};

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::SearchIndex(SearchIndex&&) noexcept = default;
SearchIndex& SearchIndex::operator=(SearchIndex&&) noexcept = default;
SearchIndex::~SearchIndex() = default;

Result<SearchIndex> SearchIndex::build(std::vector<SearchEntry> entries) {
  auto impl = std::make_unique<Impl>();
  UErrorCode status = U_ZERO_ERROR;
  impl->to_ascii.reset(icu::Transliterator::createInstance(kToAscii, UTRANS_FORWARD, status));
  impl->latin_to_ascii.reset(
      icu::Transliterator::createInstance(kLatinToAscii, UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !impl->to_ascii || !impl->latin_to_ascii) {
    return fail("search.icu", std::string("ICU cannot transliterate for search (") +
                                  u_errorName(status) + "); is libicu72 complete?");
  }

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

}  // namespace sichtbar::script
