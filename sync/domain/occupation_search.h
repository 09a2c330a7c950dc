// The kiosk's occupation search: one LabelIndex over every ESCO occupation label (German,
// English, French: 67,000 labels, gendered forms and alternatives included) plus the draft
// labels of the languages ESCO lacks, built once for every screen language. Labels stay in the
// reference data's buffer; the index keeps only their folded forms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/esco.h"
#include "domain/occupation_labels.h"
#include "domain/search.h"

namespace sichtbar::script {

// A label of an occupation in a language ESCO lacks (assets/taxonomy/occupations/<lang>.po).
struct DraftOccupationLabel {
  std::string_view language;  // "ar"
  std::uint32_t row = 0;      // the occupation's row in the EscoReference
  std::string_view label;
};

struct OccupationHit {
  std::uint32_t row = 0;   // in the EscoReference
  std::string_view label;  // the label that matched
  int edits = 0;           // typos forgiven
};

class OccupationSearch {
 public:
  // `reference` and the drafts' labels must outlive the search (it views their labels).
  static Result<OccupationSearch> build(const EscoReference& reference,
                                        std::span<const DraftOccupationLabel> drafts = {});
  // With every label of assets/taxonomy/occupations (both must outlive the search); an entry
  // whose UUID the reference lacks is left out (the loader's tests keep the two in step).
  static Result<OccupationSearch> build(const EscoReference& reference,
                                        const OccupationLabels& labels);

  // Adds the labels of one language ESCO lacks to a search built without them (the kiosk adds a
  // language when a screen first shows it, so the others take no memory); nothing when it has
  // them. Safe while other threads query; one thread adds.
  Result<void> add_language(const EscoReference& reference, const OccupationLabels& labels,
                            const std::string& language);
  // Whether the search has the labels of `language` (always de, en and fr).
  bool has_language(std::string_view language) const;

  // Best first. A screen in German, English or French searches its own labels first, then
  // German and English; a screen in another language its draft labels first, then German and
  // English (French labels are searched only on a French screen). A language whose labels were
  // not added is searched in German and English.
  std::vector<OccupationHit> query(std::string_view typed, std::string_view ui_language,
                                   std::size_t limit = 20) const;

  std::size_t labels() const;
  // The index's own memory, without the reference data it views.
  std::size_t memory_bytes() const;

 private:
  OccupationSearch(LabelIndex index, std::vector<std::string> languages)
      : index_(std::move(index)),
        languages_(std::move(languages)),
        mutex_(std::make_unique<std::shared_mutex>()) {}
  std::uint8_t tag(std::string_view language) const;  // languages_.size() if unknown

  LabelIndex index_;
  std::vector<std::string> languages_;  // tag -> language: de, en, fr, then the drafts'
  // Queries share it; add_language takes it alone (behind a pointer: the search is moved).
  std::unique_ptr<std::shared_mutex> mutex_;
};

}  // namespace sichtbar::script
