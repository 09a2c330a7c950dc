// See store_logic.h.
#include "hub/store_logic.h"

#include <algorithm>

namespace sichtbar::hub {

std::string seq_out_of_range(std::uint64_t seq) {
  return "the sequence number " + std::to_string(seq) + " is outside 1.." +
         std::to_string(kMaxSeq) + ".";
}

Decision decide(const ItemState& state, const RecordId& record_id, const Sha256& envelope_sha256) {
  if (state.tombstoned) return {IngestStatus::Gone, std::string(kGone)};
  if (!state.refused.empty()) return {IngestStatus::Conflict, state.refused, true};
  if (state.stored_hash) {
    if (*state.stored_hash == envelope_sha256) return {IngestStatus::Duplicate, {}};
    return {IngestStatus::Conflict, std::string(kVersionConflict), true};
  }
  // One record per kiosk and seq: a kiosk never seals two envelopes with one seq, so a second
  // one is a broken or hostile kiosk; the first stays, this one waits for the office.
  if (state.seq_seen) return {IngestStatus::Conflict, std::string(kSeqConflict), true};
  if (state.token_owner && *state.token_owner != record_id)
    return {IngestStatus::Conflict, std::string(kTokenConflict), true};
  // A known owner here is this record: an earlier version carries the same link.
  return {IngestStatus::Stored, {}, false, !state.token_owner};
}

std::vector<SeqRange> runs_of(const std::vector<std::uint64_t>& seqs) {
  std::vector<SeqRange> runs;
  for (std::uint64_t seq : seqs) runs.emplace_back(seq, seq);
  return merge_ranges(std::move(runs));  // one seq is a range; consecutive ones touch
}

std::vector<SeqRange> merge_ranges(std::vector<SeqRange> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<SeqRange> merged;
  for (const auto& [first, last] : ranges) {
    // first - 1 cannot wrap: seqs start at 1.
    if (!merged.empty() && first - 1 <= merged.back().second)
      merged.back().second = std::max(merged.back().second, last);
    else
      merged.emplace_back(first, last);
  }
  return merged;
}

DeviceCheckpoint checkpoint_from_ranges(const std::vector<SeqRange>& ranges,
                                        std::int64_t last_seen_ms) {
  DeviceCheckpoint cp;
  cp.last_seen_ms = last_seen_ms;
  std::uint64_t next = 1;  // the lowest seq not yet accounted for
  for (const auto& [first, last] : ranges) {
    if (first > next) cp.missing.emplace_back(next, first - 1);
    if (first == 1) cp.high_water = last;
    next = last + 1;
    cp.max_seen = last;
  }
  return cp;
}

}  // namespace sichtbar::hub
