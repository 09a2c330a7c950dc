// Retention; see retention.h.
#include "hub/retention.h"

#include "base/clock.h"
#include "hub/request_log.h"

namespace sichtbar::hub {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// People erased per look-up: the store's work per call stays small, so the hub keeps answering.
constexpr std::uint64_t kBatch = 200;
// A dry run lists everyone due at once (it erases nothing, so the list does not shrink).
constexpr std::uint64_t kDryRunLimit = 10'000'000;

}  // namespace

Result<RetentionReport> apply_retention(HubStore& store, std::int64_t now_ms, bool dry_run,
                                        const std::function<bool()>& stop) {
  RetentionReport report;
  report.dry_run = dry_run;
  auto offices = store.list_offices();
  if (!offices) return std::unexpected(offices.error());
  for (const Office& office : *offices) {
    RetentionReport::Office done{office.id, office.name, office.retention_days, 0};
    if (office.retention_days > 0) {
      done.inactive_before_ms = now_ms - office.retention_days * kDayMs;
      const std::string reason = "retention: no activity for " +
                                 std::to_string(office.retention_days) + " days (office " +
                                 std::to_string(office.id) + ")";
      // A dry run reads them all at once; a real run takes the oldest batch again and again,
      // since each erased person leaves the list.
      const std::uint64_t limit = dry_run ? kDryRunLimit : kBatch;
      for (;;) {
        auto due = store.inactive_people(office.id, done.inactive_before_ms, limit);
        if (!due) return std::unexpected(due.error());
        for (PersonId id : *due) {
          if (stop && stop()) {
            report.stopped = true;
            break;
          }
          auto person = store.find_person(id);
          if (!person) return std::unexpected(person.error());
          if (!*person) continue;  // erased meanwhile
          ++done.people;
          done.profiles += (*person)->records.size();
          if ((*person)->open_case) ++done.cases;
          if (dry_run) continue;
          auto erased = store.erase_person(id, reason, now_ms);
          if (!erased) return std::unexpected(erased.error());
          done.entries += erased->entries;
        }
        if (report.stopped || dry_run || due->size() < kBatch) break;
      }
      if (!dry_run && done.people > 0)
        if (auto r = store.add_audit(
                {now_ms, "(retention)", "retention_erase", "office:" + std::to_string(office.id),
                 std::to_string(done.people) + " people, " + std::to_string(done.profiles) +
                     " profiles, " + std::to_string(done.cases) + " cases"});
            !r)
          return std::unexpected(r.error());
    }
    report.offices.push_back(std::move(done));
    if (report.stopped) break;
  }
  return report;
}

std::string describe(const RetentionReport& report) {
  std::string out;
  for (const auto& o : report.offices) {
    out += "Office " + std::to_string(o.office_id) + " (" + o.name + "): ";
    if (o.retention_days == 0) {
      out += "keeps people until they are erased by hand (retention 0).\n";
      continue;
    }
    out += (report.dry_run ? "would erase " : "erased ") + std::to_string(o.people) +
           " people with no activity for " + std::to_string(o.retention_days) + " days (" +
           std::to_string(o.profiles) + " profiles, " + std::to_string(o.cases) + " cases";
    if (!report.dry_run) out += ", " + std::to_string(o.entries) + " case entries";
    out += ").\n";
  }
  if (report.offices.empty()) out = "The hub has no office.\n";
  return out;
}

RetentionKeeper::RetentionKeeper(HubStore& store, std::chrono::milliseconds every)
    : store_(store), running_(every, [this] { run_once(); }, true) {}

void RetentionKeeper::run_once() {
  auto report =
      apply_retention(store_, unix_ms_now(), false, [this] { return running_.stopping(); });
  if (!report) {
    log_error("retention.failed", report.error().code,
              "the retention run could not finish; it is tried again tomorrow");
    return;
  }
  std::uint64_t people = 0;
  for (const auto& o : report->offices) people += o.people;
  if (report->stopped)
    log_info("retention.stopped", std::to_string(people) +
                                      " people past their office's retention period were erased "
                                      "before the hub stopped; the next start erases the rest");
  else if (people > 0)
    log_info("retention.erased",
             std::to_string(people) + " people past their office's retention period were erased");
}

}  // namespace sichtbar::hub
