// Retention: each office keeps a person (their profiles, case, notes and links) for its
// retention period (Office::retention_days) after their last activity (a new profile, a change to
// the case); then the hub erases them as an erasure by the office would (erase_person: the
// tombstones and the erasure ledger keep them from coming back). An office with a period of 0
// keeps people until they are erased by hand.
//
// `sichtbar-hub retention` runs it once and prints the report (with --dry-run: what it would
// erase, erasing nothing); `serve` runs it at start and then once a day. Every run that erased
// somebody leaves one audit entry per office saying how many, never whom.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "hub/hub_store.h"
#include "hub/periodic.h"

namespace sichtbar::hub {

struct RetentionReport {
  struct Office {
    std::int64_t office_id = 0;
    std::string name;
    std::int32_t retention_days = 0;  // 0: the office keeps people until erased by hand
    std::int64_t inactive_before_ms = 0;  // people with no activity since before this
    std::uint64_t people = 0, profiles = 0, cases = 0, entries = 0;
  };
  std::vector<Office> offices;  // every office, by id
  bool dry_run = false;
  bool stopped = false;  // `stop` said so before everyone due was erased: the rest next run
};

// Erases (or, dry_run, counts) every person whose retention period ended by now_ms. `stop` is
// asked before each person: true ends the run there (each erasure is whole, so the next run
// finds the rest).
Result<RetentionReport> apply_retention(HubStore& store, std::int64_t now_ms, bool dry_run,
                                        const std::function<bool()>& stop = {});

// The report in an operator's words, one line per office.
std::string describe(const RetentionReport& report);

// What serve runs: apply_retention at start and every `every`, logged; a failed run is logged
// and tried again at the next.
class RetentionKeeper {
 public:
  explicit RetentionKeeper(HubStore& store,
                           std::chrono::milliseconds every = std::chrono::hours(24));

 private:
  void run_once();
  HubStore& store_;
  Periodic running_;  // last: it starts once the store is there
};

}  // namespace sichtbar::hub
