// The hub store's decisions (hub/store_logic.h), once for every database: what becomes of an
// item (stored, duplicate, conflict, gone, rejected), runs and merged ranges of sequence numbers,
// and the checkpoint a kiosk is told at HELLO. The SQL behind them is tested against both
// databases in hub_store.cpp.
#include <catch2/catch.hpp>

#include "hub/store_logic.h"

using namespace sichtbar::hub;
using Ranges = std::vector<SeqRange>;

namespace {

RecordId record(std::uint8_t b) {
  RecordId id{};
  id[0] = b;
  return id;
}
Sha256 hash(std::uint8_t b) {
  Sha256 h{};
  h[0] = b;
  return h;
}

}  // namespace

TEST_CASE("A new record with a new profile link is stored and claims the link", "[logic]") {
  const Decision d = decide({}, record(1), hash(1));
  CHECK(d.status == IngestStatus::Stored);
  CHECK(d.reason.empty());
  CHECK(d.claim_token);
  CHECK_FALSE(d.quarantine);
}

TEST_CASE("A new version of a record keeps the link its earlier version claimed", "[logic]") {
  ItemState state;
  state.token_owner = record(1);
  const Decision d = decide(state, record(1), hash(2));
  CHECK(d.status == IngestStatus::Stored);
  CHECK_FALSE(d.claim_token);
}

TEST_CASE("The same envelope again is a duplicate that changes nothing", "[logic]") {
  ItemState state;
  state.stored_hash = hash(7);
  state.token_owner = record(1);
  const Decision d = decide(state, record(1), hash(7));
  CHECK(d.status == IngestStatus::Duplicate);
  CHECK(d.reason.empty());
  CHECK_FALSE(d.quarantine);
  CHECK_FALSE(d.claim_token);
}

TEST_CASE("Another envelope with the same record and version is quarantined", "[logic]") {
  ItemState state;
  state.stored_hash = hash(7);
  const Decision d = decide(state, record(1), hash(8));
  CHECK(d.status == IngestStatus::Conflict);
  CHECK(d.reason == kVersionConflict);
  CHECK(d.quarantine);
}

TEST_CASE("A profile link that belongs to another record is a quarantined conflict", "[logic]") {
  ItemState state;
  state.token_owner = record(2);
  const Decision d = decide(state, record(1), hash(1));
  CHECK(d.status == IngestStatus::Conflict);
  CHECK(d.reason == kTokenConflict);
  CHECK(d.quarantine);
  CHECK_FALSE(d.claim_token);
}

TEST_CASE("An erased record is gone, whatever else the hub holds about it", "[logic]") {
  ItemState state;
  state.tombstoned = true;
  state.stored_hash = hash(1);
  state.token_owner = record(2);
  const Decision d = decide(state, record(1), hash(1));
  CHECK(d.status == IngestStatus::Gone);
  CHECK(d.reason == kGone);
  CHECK_FALSE(d.quarantine);
}

TEST_CASE("Sequence numbers outside 1..2^63-1 are refused with the bound in the words", "[logic]") {
  CHECK_FALSE(seq_in_range(0));
  CHECK(seq_in_range(1));
  CHECK(seq_in_range(kMaxSeq));
  CHECK_FALSE(seq_in_range(kMaxSeq + 1));
  CHECK(kMaxSeq == 9223372036854775807ULL);
  CHECK(seq_out_of_range(0) == "the sequence number 0 is outside 1..9223372036854775807.");
}

TEST_CASE("Seqs become runs of consecutive numbers, sorted and without repeats", "[logic]") {
  CHECK(runs_of({}).empty());
  CHECK(runs_of({5, 3, 4, 4, 1, 9, 10, kMaxSeq}) ==
        Ranges{{1, 1}, {3, 5}, {9, 10}, {kMaxSeq, kMaxSeq}});
  std::vector<std::uint64_t> in_order;
  for (std::uint64_t s = 1; s <= 500; ++s) in_order.push_back(s);
  CHECK(runs_of(in_order) == Ranges{{1, 500}});
}

TEST_CASE("Ranges merge where they overlap or touch, and stay apart over a gap", "[logic]") {
  CHECK(merge_ranges({{5, 6}, {1, 2}, {3, 4}}) == Ranges{{1, 6}});
  CHECK(merge_ranges({{1, 2}, {4, 5}}) == Ranges{{1, 2}, {4, 5}});
  CHECK(merge_ranges({{1, 10}, {2, 3}}) == Ranges{{1, 10}});
  CHECK(merge_ranges({{1, kMaxSeq}, {kMaxSeq, kMaxSeq}}) == Ranges{{1, kMaxSeq}});
}

TEST_CASE("A checkpoint tells the high-water mark and every gap below the highest seq", "[logic]") {
  const DeviceCheckpoint none = checkpoint_from_ranges({}, 0);
  CHECK(none.high_water == 0);
  CHECK(none.max_seen == 0);
  CHECK(none.missing.empty());

  const DeviceCheckpoint cp = checkpoint_from_ranges({{1, 4}, {7, 7}, {10, 12}}, 1234);
  CHECK(cp.high_water == 4);
  CHECK(cp.max_seen == 12);
  CHECK(cp.missing == Ranges{{5, 6}, {8, 9}});
  CHECK(cp.last_seen_ms == 1234);

  // A hub restored from a backup that lacks the start: nothing is complete from 1.
  const DeviceCheckpoint late = checkpoint_from_ranges({{3, 5}}, 0);
  CHECK(late.high_water == 0);
  CHECK(late.missing == Ranges{{1, 2}});
}

TEST_CASE("A record ingest found unfit is quarantined with ingest's reason, unless erased",
          "[logic]") {
  ItemState state;
  state.refused = "record.bidi_control: about.name: ...";
  Decision d = decide(state, record(1), hash(1));
  CHECK(d.status == IngestStatus::Conflict);
  CHECK(d.reason == state.refused);
  CHECK(d.quarantine);
  CHECK_FALSE(d.claim_token);
  // Even when its bytes are stored already (a replay): nothing unfit becomes a duplicate.
  state.stored_hash = hash(1);
  CHECK(decide(state, record(1), hash(1)).status == IngestStatus::Conflict);
  state.tombstoned = true;
  CHECK(decide(state, record(1), hash(1)).status == IngestStatus::Gone);
}

TEST_CASE("A second, different envelope under a kiosk's used seq is quarantined", "[logic]") {
  ItemState state;
  state.seq_seen = true;
  Decision d = decide(state, record(2), hash(2));
  CHECK(d.status == IngestStatus::Conflict);
  CHECK(d.reason == kSeqConflict);
  CHECK(d.quarantine);
  // The same envelope again is still a duplicate: its seq was seen because it was stored.
  state.stored_hash = hash(2);
  CHECK(decide(state, record(2), hash(2)).status == IngestStatus::Duplicate);
}

TEST_CASE("an enrollment with a live code decides the same for the network and the USB stick",
          "[logic]") {
  Device known;
  known.sign_public[0] = 1;
  known.office_id = kFirstOffice;
  Device wanted = known;
  CHECK(enroll_step(std::nullopt, wanted) == EnrollStep::Add);
  CHECK(enroll_step(known, wanted) == EnrollStep::Unchanged);
  wanted.office_id = kFirstOffice + 1;
  CHECK(enroll_step(known, wanted) == EnrollStep::Move);
  // Revoked: trusted again with the key it had, whichever office the code is for.
  known.revoked_at_ms = 1000;
  CHECK(enroll_step(known, wanted) == EnrollStep::Reinstate);
  wanted.office_id = kFirstOffice;
  CHECK(enroll_step(known, wanted) == EnrollStep::Reinstate);
  // Another key never takes a known id, revoked or not.
  wanted.sign_public[0] = 2;
  CHECK(enroll_step(known, wanted) == EnrollStep::OtherKey);
  known.revoked_at_ms.reset();
  CHECK(enroll_step(known, wanted) == EnrollStep::OtherKey);
}
