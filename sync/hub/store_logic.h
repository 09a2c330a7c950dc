// The hub store's decisions as pure functions, the same for every database: what becomes of an
// item of a batch (stored, duplicate, conflict, gone, rejected), the runs of sequence numbers a
// batch saw, how they merge into a kiosk's stored ranges, the checkpoint those ranges give, and
// what an enrollment makes of a known kiosk (admit_device carries that out). The SQL store
// (sql_store.cpp) only reads the facts and writes what these functions decide.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hub/hub_store.h"

namespace sichtbar::hub {

// Sequence numbers are stored as SQL integers, which are signed: 1..2^63-1.
inline constexpr std::uint64_t kMaxSeq =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
constexpr bool seq_in_range(std::uint64_t seq) { return seq >= 1 && seq <= kMaxSeq; }
// "the sequence number N is outside 1..2^63-1." (after the caller's code and ": ").
std::string seq_out_of_range(std::uint64_t seq);

// What the store holds about an item's record before deciding.
struct ItemState {
  bool tombstoned = false;
  std::optional<Sha256> stored_hash;    // envelope hash of the same record id and version
  std::optional<RecordId> token_owner;  // the record the item's profile token belongs to
  bool seq_seen = false;  // the kiosk's sequence number arrived before (stored, quarantined, gone)
  std::string refused;    // ingest's reason when the record is unfit (StoredRecord)
};

struct Decision {
  IngestStatus status{};
  std::string reason;        // as in ItemOutcome
  bool quarantine = false;   // keep the envelope for the office (Conflict)
  bool claim_token = false;  // Stored: the profile token is new and must be linked to the record
};

// The order of hub_store.h (store_batch): tombstone, refused by ingest, same version, a
// sequence number taken by another envelope, profile link, store.
Decision decide(const ItemState& state, const RecordId& record_id, const Sha256& envelope_sha256);

using SeqRange = std::pair<std::uint64_t, std::uint64_t>;  // inclusive

// The sorted, distinct seqs as runs of consecutive numbers: an in-order batch is one run.
std::vector<SeqRange> runs_of(const std::vector<std::uint64_t>& seqs);
// Ranges merged where they overlap or touch (n and n + 1), sorted by start.
std::vector<SeqRange> merge_ranges(std::vector<SeqRange> ranges);
// A kiosk's stored ranges (sorted, disjoint) as HELLO's checkpoint: the gaps below the highest
// seq seen and the high-water mark of what is complete from 1.
DeviceCheckpoint checkpoint_from_ranges(const std::vector<SeqRange>& ranges,
                                        std::int64_t last_seen_ms);

// What a case or an office may hold: nullopt when `c` is fine, else "hub_store.bad_case" /
// "hub_store.bad_office" saying which field is wrong (the office pages check before; the store
// never keeps what a page let through by mistake). A date is YYYY-MM-DD.
std::optional<Error> check_case(const Case& c);
std::optional<Error> check_office(const Office& office);
bool is_iso_date(std::string_view text);
// Staff's text for a case (a note, the next action, a name): nullopt when every one is UTF-8
// without a NUL byte, else "hub_store.bad_text" (PostgreSQL cannot keep either, so neither
// database does: the same on both). The store keeps what passes byte for byte.
std::optional<Error> check_texts(std::initializer_list<std::string_view> texts);

// What an enrollment with a live one-time code (online, or a request from a USB stick) makes of
// the kiosk the hub knows by that id, the same for both ways:
//   unknown id                                   -> Add
//   same key, active, the code's office          -> Unchanged (the config goes out again)
//   same key, revoked                            -> Reinstate (trusted again, the code's office)
//   same key, active, another office's code      -> Move (what it makes from now on is that
//                                                   office's; what it made before stays the
//                                                   earlier office's, whose consent it names)
//   another key                                  -> OtherKey (refused: it would take the kiosk's
//   place)
// A revoked kiosk keeps its key through the revocation, so what it kept (signed with that key)
// is taken once the office trusts it again.
enum class EnrollStep { Add, Unchanged, Reinstate, Move, OtherKey };
EnrollStep enroll_step(const std::optional<Device>& known, const Device& wanted);
std::string_view enroll_step_name(EnrollStep step);  // for log lines: "added", "reinstated", ...

// Carries out enroll_step on the store (the code used up by the caller). OtherKey is
// "hub_store.device_exists" and changes nothing.
Result<EnrollStep> admit_device(HubStore& store, const Device& device);

// Whether a profile's wishes (RecordIndex::wishes, " job recognition_advice ") open a case.
inline bool opens_case(std::string_view wishes) {
  return wishes.find_first_not_of(' ') != std::string_view::npos;
}

}  // namespace sichtbar::hub
