// Possible duplicates; see duplicates.h.
#include "hub/duplicates.h"

#include <algorithm>
#include <map>
#include <set>

namespace sichtbar::hub {

Result<std::vector<DuplicateSuggestion>> duplicate_suggestions(PersonLinkStore& store,
                                                               std::int64_t office_id,
                                                               std::size_t limit) {
  auto entries = store.match_entries(office_id);
  if (!entries) return std::unexpected(entries.error());
  auto different = store.different_pairs(office_id);
  if (!different) return std::unexpected(different.error());

  // The index knows profiles by their place in `entries`.
  std::map<RecordId, std::uint64_t> place;
  MatchIndex index;
  std::map<PersonId, std::vector<std::uint64_t>> by_person;
  for (std::uint64_t i = 0; i < entries->size(); ++i) {
    const auto& e = (*entries)[i];
    place[e.record_id] = i;
    by_person[e.person_id].push_back(i);
    if (auto keys = decode(e.match_keys)) index.add(i, std::move(*keys));
  }
  // Never suggested: pairs staff marked as different people, and profiles of one person already.
  std::set<MatchIndex::Pair> skip;
  for (const auto& [a, b] : *different) {
    const auto pa = place.find(a), pb = place.find(b);
    if (pa != place.end() && pb != place.end())
      skip.insert(std::minmax(pa->second, pb->second));
  }
  for (const auto& [person, places] : by_person)
    for (std::size_t i = 0; i < places.size(); ++i)
      for (std::size_t j = i + 1; j < places.size(); ++j)
        skip.insert(std::minmax(places[i], places[j]));
  index.set_marked_different(std::move(skip));

  std::vector<DuplicateSuggestion> out;
  for (const Suggestion& s : index.all_suggestions(limit)) {
    const auto& a = (*entries)[s.id_a];
    const auto& b = (*entries)[s.id_b];
    out.push_back({a.record_id, b.record_id, a.person_id, b.person_id, s.score});
  }
  return out;
}

}  // namespace sichtbar::hub
