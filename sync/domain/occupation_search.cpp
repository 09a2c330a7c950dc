// The shared occupation index; see occupation_search.h.
#include "domain/occupation_search.h"

#include <malloc.h>

#include <algorithm>
#include <mutex>

namespace sichtbar::script {
namespace {

// The drafts as search entries after `entries`, each language tagged by its place in
// `languages` (added there when new).
Result<void> add_draft_entries(std::span<const DraftOccupationLabel> drafts,
                               std::vector<std::string>& languages,
                               std::vector<LabelEntry>& entries) {
  for (const DraftOccupationLabel& d : drafts) {
    auto it = std::find(languages.begin(), languages.end(), d.language);
    if (it == languages.end()) {
      if (languages.size() >= 32)
        return fail("search.languages", "More than 32 languages of occupation labels.");
      it = languages.insert(languages.end(), std::string(d.language));
    }
    // The first label given for a row is its name in that language.
    const bool first = entries.empty() || entries.back().item != d.row ||
                       entries.back().language != static_cast<std::uint8_t>(it - languages.begin());
    entries.push_back({d.row, d.label, static_cast<std::uint8_t>(it - languages.begin()),
                       first ? LabelRank::preferred : LabelRank::alternative});
  }
  return {};
}

// The labels of one language of `labels` whose UUID the reference has.
void collect_drafts(const EscoReference& reference, const OccupationLabels& labels,
                    const std::string& language, std::vector<DraftOccupationLabel>& drafts) {
  labels.for_each(language, [&](std::string_view uuid, const std::vector<std::string>& list) {
    const auto row = reference.find(uuid);
    if (!row) return;
    for (const std::string& label : list) drafts.push_back({language, *row, label});
  });
}

}  // namespace

Result<OccupationSearch> OccupationSearch::build(const EscoReference& reference,
                                                 std::span<const DraftOccupationLabel> drafts) {
  std::vector<std::string> languages = {"de", "en", "fr"};
  const auto each_label = [&](auto&& f) {
    for (std::uint32_t row = 0; row < reference.size(); ++row)
      for (EscoLanguage language : {EscoLanguage::de, EscoLanguage::en, EscoLanguage::fr})
        reference.for_each_label(row, language, [&](std::string_view label, LabelKind kind) {
          f(LabelEntry{row, label, static_cast<std::uint8_t>(language), kind});
        });
  };
  // Counted first: the index keeps this vector, at exactly its size.
  std::size_t count = drafts.size();
  each_label([&](const LabelEntry&) { ++count; });
  std::vector<LabelEntry> entries;
  entries.reserve(count);
  each_label([&](const LabelEntry& e) { entries.push_back(e); });
  if (auto added = add_draft_entries(drafts, languages, entries); !added)
    return std::unexpected(added.error());
  auto index = LabelIndex::build(std::move(entries));
  if (!index) return std::unexpected(index.error());
  // The build's temporaries (every folded form as its own string, the word table's map) were
  // several MB more than the index keeps: give them back to the system, as the kiosk runs for
  // days with this memory otherwise held.
  malloc_trim(0);
  return OccupationSearch(std::move(*index), std::move(languages));
}

Result<OccupationSearch> OccupationSearch::build(const EscoReference& reference,
                                                 const OccupationLabels& labels) {
  std::vector<DraftOccupationLabel> drafts;
  // The drafts view these names until the index is built.
  const std::vector<std::string> languages = labels.languages();
  for (const std::string& language : languages) collect_drafts(reference, labels, language, drafts);
  return build(reference, drafts);
}

Result<void> OccupationSearch::add_language(const EscoReference& reference,
                                            const OccupationLabels& labels,
                                            const std::string& language) {
  if (has_language(language)) return {};
  std::vector<DraftOccupationLabel> drafts;
  collect_drafts(reference, labels, language, drafts);
  // Only this thread adds: what it reads of languages_ and the index does not change meanwhile.
  std::vector<std::string> languages = languages_;
  std::vector<LabelEntry> entries;
  if (auto added = add_draft_entries(drafts, languages, entries); !added)
    return std::unexpected(added.error());
  // Folded while the picker may search (a first label in a new script makes its transliterator).
  auto folded = index_.fold_labels(std::move(entries));
  if (!folded) return std::unexpected(folded.error());
  {
    const std::unique_lock lock(*mutex_);
    index_.add(std::move(*folded));
    languages_ = std::move(languages);
  }
  // The vectors the index outgrew: back to the system, as after the build.
  malloc_trim(0);
  return {};
}

bool OccupationSearch::has_language(std::string_view language) const {
  const std::shared_lock lock(*mutex_);
  return std::find(languages_.begin(), languages_.end(), language) != languages_.end();
}

std::size_t OccupationSearch::labels() const {
  const std::shared_lock lock(*mutex_);
  return index_.size();
}

std::size_t OccupationSearch::memory_bytes() const {
  const std::shared_lock lock(*mutex_);
  return index_.memory_bytes();
}

std::uint8_t OccupationSearch::tag(std::string_view language) const {
  const auto it = std::find(languages_.begin(), languages_.end(), language);
  return static_cast<std::uint8_t>(it - languages_.begin());
}

std::vector<OccupationHit> OccupationSearch::query(std::string_view typed,
                                                   std::string_view ui_language,
                                                   std::size_t limit) const {
  const std::shared_lock lock(*mutex_);
  const std::uint8_t de = tag("de"), en = tag("en"), own = tag(ui_language);
  LabelQuery q;
  q.languages = 1u << de | 1u << en;
  // A language without labels of its own ranks English first, as its names are shown so.
  q.screen_language = own < languages_.size() ? own : en;
  if (own < languages_.size()) q.languages |= 1u << own;
  q.limit = limit;
  std::vector<OccupationHit> hits;
  for (const LabelHit& h : index_.query(typed, q)) hits.push_back({h.item, h.label, h.edits});
  return hits;
}

}  // namespace sichtbar::script
