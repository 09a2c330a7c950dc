// Benchmark: the office's work lists (/office/cases) as the page loads them, load_work_list: the
// page of 50 cases and the counts of its 12 tabs, for "all", "overdue", "mine", a stage and a
// wish, over N profiles whose wish opened a case each (a third of them with a next action, half
// of those overdue, a tenth assigned). Next to it the floor measured in the same run: the page's
// one list_cases call alone. The goal for 100,000 profiles is a p99 under 50 ms.
//   sichtbar-bench-worklists [--dir DIR] [--records N] [--assets DIR] [--postgres CONNINFO]
//                            [--database DB]  (fills only DB and keeps it: the page bench)
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "store_bench.h"
#include "hub/hub_store.h"
#include "hub/web/office_cases.h"
#include "support/stored_records.h"

namespace fs = std::filesystem;
using namespace sichtbar;
using namespace sichtbar::bench;

namespace {

constexpr int kRuns = 50;

double percentile(std::vector<double> ms, double p) {
  std::sort(ms.begin(), ms.end());
  return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
}

void run_on(const std::string& backend, hub::HubStore& store, const nlohmann::json& demo, int n) {
  std::vector<hub::StoredRecord> records;
  const char* const wishes[] = {"recognition_advice", "job", "language_course", "training"};
  for (int i = 0; i < n; ++i) {
    nlohmann::json r = demo;
    r["answers"]["about"]["name"] = "Person " + std::to_string(i);
    r["answers"]["wishes"]["wants"] = nlohmann::json::array({wishes[i % 4]});
    records.push_back(test::stored_record(r, static_cast<std::uint64_t>(i + 1), i));
  }
  store_in_batches(store, records);
  for (std::size_t i = 0; i < records.size(); i += 3) {
    const auto person = must(store.person_of(records[i].record_id));
    if (!person) die("a stored record has no person");
    const auto found = must(store.find_person(*person));
    if (!found || !found->open_case) die("a wish opened no case");
    hub::Case c = *found->open_case;
    c.next_action = "Zurückrufen";
    c.next_action_date = i % 2 ? "2020-01-01" : "2099-01-01";
    if (i % 10 == 0) c.assigned_to = "anna";
    must(store.update_case(c, {0, *person, 1, "anna", "change", "Nächster Schritt"}));
  }
  for (const auto& [name, query] :
       {std::pair<const char*, hub::web::CaseListQuery>{"all", {"all", "", "", "", 1}},
        {"overdue", {"overdue", "", "", "", 1}},
        {"mine", {"mine", "", "", "", 1}},
        {"stage new, page 10", {"all", "new", "", "", 10}},
        {"wish job", {"all", "", "", "job", 1}}}) {
    std::vector<double> page_ms, floor_ms;
    hub::CaseFilter floor;
    floor.include_closed = true;
    for (int k = 0; k < kRuns; ++k) {
      auto t = Clock::now();
      const hub::web::WorkList list =
          must(hub::web::load_work_list(store, query, std::nullopt, "anna", "2026-12-05"));
      page_ms.push_back(1000 * seconds_since(t));
      if (list.page.rows.empty()) die(std::string("an empty work list: ") + name);
      t = Clock::now();
      must(store.list_cases(floor));
      floor_ms.push_back(1000 * seconds_since(t));
    }
    std::printf(
        "%-8s %d profiles, work list %-20s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  "
        "(floor: its page's one list_cases p50 %5.1f ms, p99 %5.1f ms)\n",
        backend.c_str(), n, name, percentile(page_ms, 0.5), percentile(page_ms, 0.95),
        percentile(page_ms, 0.99), percentile(floor_ms, 0.5), percentile(floor_ms, 0.99));
  }
}

}  // namespace

int main(int argc, char** argv) {
  // --database DB: fill and measure only this hub database (made by `sichtbar-hub init-db`), and
  // keep it for worklist_page_bench.sh to serve.
  std::string database;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (i + 1 < argc && std::string_view(argv[i]) == "--database")
      database = argv[++i];
    else
      args.push_back(argv[i]);
  }
  const StoreBenchOptions options =
      store_bench_options(static_cast<int>(args.size()), args.data(), "worklists");
  const auto demo = demo_profile(options);
  if (!database.empty()) {
    const bool postgres = database.starts_with("postgresql:");
    auto store = postgres ? must(hub::open_postgres_hub_store(database, hub::NewDatabase::refuse))
                          : must(hub::open_sqlite_hub_store(database, hub::NewDatabase::refuse));
    run_on(postgres ? "postgres" : "sqlite", *store, demo, options.records);
    fs::remove_all(options.dir);
    return 0;
  }
  on_each_backend(options, [&](const char* backend, hub::HubStore& store) {
    run_on(backend, store, demo, options.records);
  });
  fs::remove_all(options.dir);
  return 0;
}
