// Possible duplicates for the office: profiles of one office that may be the same person
// (domain/person_match.h on the search index's match keys), never two profiles staff linked
// already or marked as different people. Staff review each one; nothing is linked here.
#pragma once

#include <cstddef>
#include <vector>

#include "base/error.h"
#include "domain/person_match.h"
#include "hub/hub_store.h"

namespace sichtbar::hub {

struct DuplicateSuggestion {
  RecordId a{}, b{};
  PersonId person_a = 0, person_b = 0;
  MatchScore score;
};

// At most `limit` suggestions within one office (a link never crosses offices), best first.
Result<std::vector<DuplicateSuggestion>> duplicate_suggestions(PersonLinkStore& store,
                                                               std::int64_t office_id,
                                                               std::size_t limit);

}  // namespace sichtbar::hub
