// The outbox's state transitions; see outbox.h for the life of an envelope.
#include "core/outbox.h"

#include <cstring>
#include <string>

#include "protocol/keys.h"

namespace sichtbar {

std::string_view to_string(OutboxState state) {
  switch (state) {
    case OutboxState::Sealed:
      return "sealed";
    case OutboxState::Sent:
      return "sent";
    case OutboxState::Acknowledged:
      return "acknowledged";
    case OutboxState::Purged:
      return "purged";
  }
  return "?";
}

static OutboxState state_from(std::string_view s) {
  if (s == "sent") return OutboxState::Sent;
  if (s == "acknowledged") return OutboxState::Acknowledged;
  if (s == "purged") return OutboxState::Purged;
  return OutboxState::Sealed;
}

Result<std::uint64_t> Outbox::next_seq() const {
  Statement s(store_.handle(), "SELECT coalesce(max(seq), 0) + 1 FROM outbox");
  int rc = s.step();
  if (rc != SQLITE_ROW) return std::unexpected(store_.error_from(rc, "read its outbox"));
  return static_cast<std::uint64_t>(s.column_int(0));
}

Result<void> Outbox::add_sealed(std::uint64_t seq, const std::array<std::uint8_t, 16>& record_id,
                                ByteView envelope, std::int64_t now_ms) {
  auto hash = sha256(envelope);
  Statement s(store_.handle(),
              "INSERT INTO outbox(seq, record_id, state, envelope, sha256, size, created_at) "
              "VALUES (?1, ?2, 'sealed', ?3, ?4, ?5, ?6)");
  s.bind(1, static_cast<std::int64_t>(seq))
      .bind(2, ByteView(record_id))
      .bind(3, envelope)
      .bind(4, ByteView(hash))
      .bind(5, static_cast<std::int64_t>(envelope.size()))
      .bind(6, now_ms);
  int rc = s.step();
  if (rc != SQLITE_DONE) return std::unexpected(store_.error_from(rc, "save the profile"));
  return {};
}

Result<void> Outbox::transition(std::span<const std::uint64_t> seqs, std::string_view from_states,
                                OutboxState to, std::string_view time_column, std::int64_t now_ms) {
  auto tx = store_.begin();
  if (!tx) return std::unexpected(tx.error());
  std::string sql = "UPDATE outbox SET state = ?1, " + std::string(time_column) +
                    " = ?2 WHERE seq = ?3 AND state IN (" + std::string(from_states) + ")";
  Statement s(store_.handle(), sql);
  for (std::uint64_t seq : seqs) {
    s.reset();
    s.bind(1, to_string(to)).bind(2, now_ms).bind(3, static_cast<std::int64_t>(seq));
    int rc = s.step();
    if (rc != SQLITE_DONE) return std::unexpected(store_.error_from(rc, "update its outbox"));
  }
  return tx->commit();
}

Result<void> Outbox::mark_sent(std::span<const std::uint64_t> seqs, std::int64_t now_ms) {
  return transition(seqs, "'sealed', 'sent'", OutboxState::Sent, "sent_at", now_ms);
}

Result<void> Outbox::mark_acknowledged(std::span<const std::uint64_t> seqs, std::int64_t now_ms) {
  return transition(seqs, "'sealed', 'sent'", OutboxState::Acknowledged, "acked_at", now_ms);
}

Result<Outbox::Requeued> Outbox::requeue(std::span<const std::uint64_t> seqs) {
  Requeued result;
  auto tx = store_.begin();
  if (!tx) return std::unexpected(tx.error());
  for (std::uint64_t seq : seqs) {
    Statement s(store_.handle(),
                "UPDATE outbox SET state = 'sealed', acked_at = NULL "
                "WHERE seq = ?1 AND state = 'acknowledged'");
    s.bind(1, static_cast<std::int64_t>(seq));
    int rc = s.step();
    if (rc != SQLITE_DONE) return std::unexpected(store_.error_from(rc, "update its outbox"));
    if (sqlite3_changes(store_.handle()) > 0) {
      ++result.count;
    } else if (auto e = entry(seq); e && e->state == OutboxState::Purged) {
      result.purged.push_back(seq);
    }
  }
  if (auto r =
          store_.audit("outbox.requeued", "count=" + std::to_string(result.count) +
                                              " purged=" + std::to_string(result.purged.size()));
      !r)
    return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return result;
}

Result<std::uint64_t> Outbox::purge_acknowledged(std::int64_t now_ms,
                                                 std::int64_t acknowledged_before_ms) {
  std::uint64_t purged = 0;
  {
    auto tx = store_.begin();
    if (!tx) return std::unexpected(tx.error());
    Statement s(store_.handle(),
                "UPDATE outbox SET state = 'purged', envelope = NULL, purged_at = ?1 "
                "WHERE state = 'acknowledged' AND acked_at < ?2");
    s.bind(1, now_ms).bind(2, acknowledged_before_ms);
    int rc = s.step();
    if (rc != SQLITE_DONE) return std::unexpected(store_.error_from(rc, "clean up its outbox"));
    purged = static_cast<std::uint64_t>(sqlite3_changes(store_.handle()));
    if (purged > 0) {
      if (auto r = store_.audit("outbox.purged", "count=" + std::to_string(purged)); !r)
        return std::unexpected(r.error());
    }
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  }
  // Move the overwritten pages out of the WAL and truncate it, so no old envelope bytes linger.
  if (auto r = store_.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !r)
    return std::unexpected(r.error());
  return purged;
}

static OutboxEntry entry_from(const Statement& s) {
  OutboxEntry e;
  e.seq = static_cast<std::uint64_t>(s.column_int(0));
  Bytes id = s.column_blob(1);
  std::memcpy(e.record_id.data(), id.data(), std::min(id.size(), e.record_id.size()));
  e.state = state_from(s.column_text(2));
  e.envelope = s.column_blob(3);
  Bytes hash = s.column_blob(4);
  std::memcpy(e.sha256.data(), hash.data(), std::min(hash.size(), e.sha256.size()));
  e.created_at_ms = s.column_int(5);
  return e;
}

Result<std::vector<OutboxEntry>> Outbox::waiting(std::size_t limit) const {
  return waiting_after(0, limit);
}

Result<std::vector<OutboxEntry>> Outbox::waiting_after(std::uint64_t after,
                                                       std::size_t limit) const {
  Statement s(store_.handle(),
              "SELECT seq, record_id, state, envelope, sha256, created_at FROM outbox "
              "WHERE state IN ('sealed', 'sent') AND seq > ?1 ORDER BY seq LIMIT ?2");
  s.bind(1, static_cast<std::int64_t>(after)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(entry_from(s));
  if (rc != SQLITE_DONE) return std::unexpected(store_.error_from(rc, "read its outbox"));
  return out;
}

Result<std::uint64_t> Outbox::last_seq() const {
  auto next = next_seq();
  if (!next) return std::unexpected(next.error());
  return *next - 1;
}

Result<std::uint64_t> Outbox::acknowledged_through() const {
  Statement s(store_.handle(),
              "SELECT coalesce(min(seq) - 1, (SELECT coalesce(max(seq), 0) FROM outbox)) "
              "FROM outbox WHERE state IN ('sealed', 'sent')");
  int rc = s.step();
  if (rc != SQLITE_ROW) return std::unexpected(store_.error_from(rc, "read its outbox"));
  return static_cast<std::uint64_t>(s.column_int(0));
}

Result<OutboxEntry> Outbox::entry(std::uint64_t seq) const {
  Statement s(store_.handle(),
              "SELECT seq, record_id, state, envelope, sha256, created_at FROM outbox "
              "WHERE seq = ?1");
  s.bind(1, static_cast<std::int64_t>(seq));
  int rc = s.step();
  if (rc == SQLITE_ROW) return entry_from(s);
  if (rc == SQLITE_DONE)
    return fail("outbox.unknown_seq", "The outbox has no entry " + std::to_string(seq) + ".");
  return std::unexpected(store_.error_from(rc, "read its outbox"));
}

Result<OutboxCounts> Outbox::counts() const {
  Statement s(store_.handle(), "SELECT state, count(*) FROM outbox GROUP BY state");
  OutboxCounts c;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    auto n = static_cast<std::uint64_t>(s.column_int(1));
    switch (state_from(s.column_text(0))) {
      case OutboxState::Sealed:
        c.sealed = n;
        break;
      case OutboxState::Sent:
        c.sent = n;
        break;
      case OutboxState::Acknowledged:
        c.acknowledged = n;
        break;
      case OutboxState::Purged:
        c.purged = n;
        break;
    }
  }
  if (rc != SQLITE_DONE) return std::unexpected(store_.error_from(rc, "count its outbox"));
  return c;
}

Result<std::uint64_t> Outbox::created_between(std::int64_t from_ms, std::int64_t to_ms) const {
  Statement s(store_.handle(),
              "SELECT count(*) FROM outbox WHERE created_at >= ?1 AND created_at < ?2");
  s.bind(1, from_ms).bind(2, to_ms);
  int rc = s.step();
  if (rc != SQLITE_ROW) return std::unexpected(store_.error_from(rc, "count its outbox"));
  return static_cast<std::uint64_t>(s.column_int(0));
}

}  // namespace sichtbar
