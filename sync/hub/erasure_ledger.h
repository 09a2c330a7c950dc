// The erasure ledger: an append-only file outside the database (erasures.log beside it) with
// one line per erased record, its id and when, and nothing about the person. A database
// restored from an older copy has forgotten the erasures made since; the ledger has not. The
// store (hub_store.h, keep_erasures_in) writes each erasure here, durably, before it erases in
// the database, erases again at start what a restored database still holds, and treats a record
// id in the ledger as erased when a kiosk sends it again.
//
// A line is "<32 hex digits of the record id> <unix ms>\n"; lines starting with '#' are
// comments. A line that is not of this form (a write torn by a power cut, an edit) is skipped and
// counted, never fatal: the other lines still count.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <vector>

#include "base/error.h"
#include "hub/hub_store.h"

namespace sichtbar::hub {

inline constexpr const char* kErasureLedgerFileName = "erasures.log";

struct ErasedRecord {
  RecordId record_id{};
  std::int64_t erased_at_ms = 0;
};

class ErasureLedger {
 public:
  // Opens the ledger at file, creating it (mode 0600, its folder 0700) if missing, and reads
  // every line. Fails ("erasure_ledger.unreadable", "erasure_ledger.write_failed") only when the
  // file cannot be read or made: a hub that could not keep erasures must not start.
  static Result<std::shared_ptr<ErasureLedger>> open(const std::filesystem::path& file);

  // Appends one line per record not in the ledger yet, then fsyncs the file and its folder: once
  // this returns, the erasures survive a power cut. "erasure_ledger.write_failed" (naming the
  // file and the reason) when they cannot be written; then none of them counts as erased.
  Result<void> append(std::span<const ErasedRecord> records);
  Result<void> append(const RecordId& record_id, std::int64_t erased_at_ms) {
    const ErasedRecord one{record_id, erased_at_ms};
    return append(std::span<const ErasedRecord>(&one, 1));
  }

  bool contains(const RecordId& record_id) const;
  std::vector<ErasedRecord> records() const;  // in the order they were written
  std::size_t size() const;
  // Lines that were not a record id and a time when the ledger was opened (a torn last write).
  std::size_t damaged_lines() const { return damaged_lines_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  explicit ErasureLedger(std::filesystem::path file) : file_(std::move(file)) {}

  std::filesystem::path file_;
  mutable std::mutex mutex_;
  std::vector<ErasedRecord> records_;
  std::set<RecordId> ids_;
  std::size_t damaged_lines_ = 0;
  // The file does not end with a line feed (a torn write): the next append starts a new line,
  // so its first record is not glued to the torn one.
  bool needs_line_feed_ = false;
};

}  // namespace sichtbar::hub
