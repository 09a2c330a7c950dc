// See store_logic.h.
#include "hub/store_logic.h"

#include <algorithm>

#include "base/text.h"

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

std::optional<OfficeRole> office_role_from_name(std::string_view name) {
  for (OfficeRole role :
       {OfficeRole::administrator, OfficeRole::counsellor, OfficeRole::statistics})
    if (office_role_name(role) == name) return role;
  return std::nullopt;
}

std::optional<CaseStage> case_stage_from_name(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(CaseStage::closed); ++i)
    if (case_stage_name(static_cast<CaseStage>(i)) == name) return static_cast<CaseStage>(i);
  return std::nullopt;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

namespace {

// Whether `value` is "" or one of `allowed`.
template <std::size_t N>
bool empty_or_one_of(std::string_view value, const std::string_view (&allowed)[N]) {
  return value.empty() ||
         std::find(std::begin(allowed), std::end(allowed), value) != std::end(allowed);
}

}  // namespace

std::optional<Error> check_texts(std::initializer_list<std::string_view> texts) {
  for (std::string_view text : texts)
    if (text.find('\0') != std::string_view::npos || !is_valid_utf8(text))
      return Error{"hub_store.bad_text",
                   "The text was not saved: it holds bytes that are not text (a NUL byte or "
                   "broken UTF-8, as a copy from another program can bring). Type it again."};
  return std::nullopt;
}

std::optional<Error> check_case(const Case& c) {
  const auto bad = [](std::string what) {
    return Error{"hub_store.bad_case", "The case was not saved: " + what};
  };
  if (!case_stage_from_name(case_stage_name(c.stage))) return bad("its stage is unknown.");
  if (!empty_or_one_of(c.decision, kCaseDecisions))
    return bad("the decision is none of full, partial, none.");
  if (!empty_or_one_of(c.outcome, kCaseOutcomes))
    return bad("the outcome is not one the hub knows.");
  if (!c.next_action_date.empty() && !is_iso_date(c.next_action_date))
    return bad("the date of the next action is not a date (YYYY-MM-DD).");
  return check_texts({c.assigned_to, c.next_action, c.competent_body});
}

std::optional<Error> check_office(const Office& office) {
  const auto bad = [](std::string what) {
    return Error{"hub_store.bad_office", "The office was not saved: " + what};
  };
  if (office.name.find_first_not_of(" \t") == std::string::npos)
    return bad("it needs a name (the controller named on the kiosks' consent screens).");
  if (office.retention_days < 0)
    return bad(
        "the days to keep a person without activity cannot be negative (0 keeps them "
        "until erased by hand).");
  return check_texts(
      {office.name, office.contact, office.data_protection_officer, office.supervisory_authority});
}

EnrollStep enroll_step(const std::optional<Device>& known, const Device& wanted) {
  if (!known) return EnrollStep::Add;
  if (known->sign_public != wanted.sign_public) return EnrollStep::OtherKey;
  if (known->revoked_at_ms) return EnrollStep::Reinstate;
  return known->office_id == wanted.office_id ? EnrollStep::Unchanged : EnrollStep::Move;
}

std::string_view enroll_step_name(EnrollStep step) {
  switch (step) {
    case EnrollStep::Add:
      return "added";
    case EnrollStep::Unchanged:
      return "unchanged";
    case EnrollStep::Reinstate:
      return "reinstated";
    case EnrollStep::Move:
      return "moved";
    case EnrollStep::OtherKey:
      return "other_key";
  }
  return "unknown";
}

Result<EnrollStep> admit_device(HubStore& store, const Device& device) {
  auto known = store.find_device(device.device_id);
  if (!known) return std::unexpected(known.error());
  const EnrollStep step = enroll_step(*known, device);
  Result<void> done;
  switch (step) {
    case EnrollStep::Add:
    case EnrollStep::OtherKey:
      done = store.add_device(device);
      break;  // OtherKey: device_exists
    case EnrollStep::Reinstate:
      done = store.reinstate_device(device);
      break;
    case EnrollStep::Move:
      done = store.move_device(device.device_id, device.office_id);
      break;
    case EnrollStep::Unchanged:
      break;
  }
  if (!done) return std::unexpected(done.error());
  return step;
}

}  // namespace sichtbar::hub
