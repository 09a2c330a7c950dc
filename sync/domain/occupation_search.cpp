// The shared occupation index; see occupation_search.h.
#include "domain/occupation_search.h"

#include <malloc.h>

#include <algorithm>

namespace sichtbar::script {
Result<OccupationSearch> OccupationSearch::build(const EscoReference& reference,
                                                 std::span<const DraftOccupationLabel> drafts) {
  std::vector<std::string> languages = {"de", "en", "fr"};
  std::vector<LabelEntry> entries;
  entries.reserve(70000 + drafts.size());
  for (std::uint32_t row = 0; row < reference.size(); ++row) {
    for (EscoLanguage language : {EscoLanguage::de, EscoLanguage::en, EscoLanguage::fr}) {
      reference.for_each_label(row, language, [&](std::string_view label, LabelKind kind) {
        entries.push_back({row, label, static_cast<std::uint8_t>(language), kind});
      });
    }
  }
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
  for (const std::string& language : languages) {
    labels.for_each(language, [&](std::string_view uuid, const std::vector<std::string>& list) {
      const auto row = reference.find(uuid);
      if (!row) return;
      for (const std::string& label : list) drafts.push_back({language, *row, label});
    });
  }
  return build(reference, drafts);
}

std::uint8_t OccupationSearch::tag(std::string_view language) const {
  const auto it = std::find(languages_.begin(), languages_.end(), language);
  return static_cast<std::uint8_t>(it - languages_.begin());
}

std::vector<OccupationHit> OccupationSearch::query(std::string_view typed,
                                                   std::string_view ui_language,
                                                   std::size_t limit) const {
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
