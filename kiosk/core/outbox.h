// The outbox: sealed envelopes waiting for the office hub, and the one module that moves them
// through their life:  sealed -> sent -> acknowledged -> purged.
//   sealed        made at finish, the envelope is in the database
//   sent          handed to the hub (network push or USB bundle); may be sent again, byte-identical
//   acknowledged  the hub's verified, signed ACK or receipt names it; safe to purge
//   purged        envelope bytes overwritten (secure_delete); seq, record id and hash are kept so
//                 sequence numbers are never reused and the checkpoint stays provable
// No other code writes the outbox table's state columns.
#pragma once

#include <array>
#include <climits>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/store.h"

namespace sichtbar {

enum class OutboxState { Sealed, Sent, Acknowledged, Purged };
std::string_view to_string(OutboxState state);

struct OutboxEntry {
  std::uint64_t seq = 0;
  std::array<std::uint8_t, 16> record_id{};
  OutboxState state = OutboxState::Sealed;
  Bytes envelope;  // empty once purged
  std::array<std::uint8_t, 32> sha256{};
  std::int64_t created_at_ms = 0;
};

struct OutboxCounts {
  std::uint64_t sealed = 0, sent = 0, acknowledged = 0, purged = 0;
  std::uint64_t waiting_for_sync() const { return sealed + sent; }
  std::uint64_t total() const { return sealed + sent + acknowledged + purged; }
};

class Outbox {
 public:
  explicit Outbox(KioskStore& store) : store_(store) {}

  // The sequence number the next envelope gets: one above every seq ever used.
  Result<std::uint64_t> next_seq() const;
  // Stores a freshly sealed envelope. Call inside the finish transaction.
  Result<void> add_sealed(std::uint64_t seq, const std::array<std::uint8_t, 16>& record_id,
                          ByteView envelope, std::int64_t now_ms);
  // sealed|sent -> sent. Sending again is allowed (retries are byte-identical).
  Result<void> mark_sent(std::span<const std::uint64_t> seqs, std::int64_t now_ms);
  // sealed|sent -> acknowledged, only for a verified ACK or receipt. Already acknowledged or
  // purged entries stay as they are (an ACK may arrive twice).
  Result<void> mark_acknowledged(std::span<const std::uint64_t> seqs, std::int64_t now_ms);
  // acknowledged -> sealed: the hub says it lacks these (e.g. it was restored from an older
  // backup), so they are sent again, byte-identical. Purged entries cannot come back; entries
  // still waiting are left as they are.
  struct Requeued {
    std::uint64_t count = 0;            // acknowledged entries made to wait again
    std::vector<std::uint64_t> purged;  // the hub lacks them, and they are gone here too
  };
  Result<Requeued> requeue(std::span<const std::uint64_t> seqs);
  // acknowledged -> purged for entries acknowledged before acknowledged_before_ms (all of them
  // by default), then wal_checkpoint(TRUNCATE) so the overwritten bytes leave the WAL too.
  // Returns how many were purged.
  Result<std::uint64_t> purge_acknowledged(std::int64_t now_ms,
                                           std::int64_t acknowledged_before_ms = INT64_MAX);

  Result<std::vector<OutboxEntry>> waiting(std::size_t limit) const;  // sealed|sent, by seq
  // sealed|sent entries with seq > after, by seq: one pass over the outbox per sync.
  Result<std::vector<OutboxEntry>> waiting_after(std::uint64_t after, std::size_t limit) const;
  // The highest seq ever used (0 for none), and the highest seq up to which every entry is
  // acknowledged or purged: the kiosk's side of the sync checkpoint.
  Result<std::uint64_t> last_seq() const;
  Result<std::uint64_t> acknowledged_through() const;
  Result<OutboxEntry> entry(std::uint64_t seq) const;
  Result<OutboxCounts> counts() const;
  // Envelopes made (profiles finished) in [from_ms, to_ms), in any state: purged entries keep
  // their creation time. Read-only.
  Result<std::uint64_t> created_between(std::int64_t from_ms, std::int64_t to_ms) const;

 private:
  Result<void> transition(std::span<const std::uint64_t> seqs, std::string_view from_states,
                          OutboxState to, std::string_view time_column, std::int64_t now_ms);
  KioskStore& store_;
};

}  // namespace sichtbar
