// Benchmark: the office's list of possible duplicates (hub/duplicates.h) over a hub store of
// 10,000 generated profiles (tests/support/person_profiles.h: 10 % of people with two profiles,
// families sharing phones, common names), on SQLite and, with --postgres, PostgreSQL. Reported:
// p50/p99 of listing the 50 best suggestions (read every profile's keys, build the index, rank)
// next to the floor measured in the same run (reading the keys alone), and how many of the
// listed suggestions are planted pairs.
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/files.h"
#include "store_bench.h"
#include "hub/duplicates.h"
#include "hub/hub_store.h"
#include "support/person_profiles.h"
#include "support/stored_records.h"

using namespace sichtbar;
using namespace sichtbar::bench;

namespace {

void run_on(const char* backend, hub::HubStore& store, const nlohmann::json& demo,
            const test::GeneratedProfiles& gen) {
  std::vector<hub::StoredRecord> records;
  std::map<hub::RecordId, std::uint64_t> generated_id;
  for (std::size_t i = 0; i < gen.profiles.size(); ++i) {
    const auto& p = gen.profiles[i];
    nlohmann::json r = demo;
    auto& about = r["answers"]["about"];
    about["name"] = p.name;
    if (p.year) about["year_of_birth"] = *p.year; else about.erase("year_of_birth");
    about["phone"] = p.phone;
    about["email"] = p.email;
    records.push_back(test::stored_record(r, i + 1, static_cast<std::int64_t>(i)));
    generated_id[records.back().record_id] = p.id;
  }
  store_in_batches(store, records);

  std::vector<double> list_ms, floor_ms;
  std::size_t planted = 0, listed = 0;
  for (int k = 0; k < 30; ++k) {
    auto t = Clock::now();
    must(store.match_entries(hub::kFirstOffice));
    floor_ms.push_back(1000 * seconds_since(t));
    t = Clock::now();
    const auto suggestions = must(hub::duplicate_suggestions(store, hub::kFirstOffice, 50));
    list_ms.push_back(1000 * seconds_since(t));
    if (k == 0)
      for (const auto& s : suggestions) {
        ++listed;
        planted += gen.planted.contains(std::minmax(generated_id[s.a], generated_id[s.b]));
      }
  }
  std::printf(
      "%-8s %zu profiles: the 50 best suggestions in p50 %.1f ms, p99 %.1f ms (floor, reading "
      "the keys alone: p50 %.1f ms); %zu of %zu listed are planted pairs\n",
      backend, records.size(), percentile(list_ms, 0.5), percentile(list_ms, 0.99),
      percentile(floor_ms, 0.5), planted, listed);
}

}  // namespace

int main(int argc, char** argv) {
  const StoreBenchOptions options = store_bench_options(argc, argv, "duplicates");
  const auto demo = demo_profile(options);
  const auto records = static_cast<std::size_t>(options.records);
  const test::GeneratedProfiles gen = test::generate_profiles(records, records / 10);
  on_each_backend(options, [&](const char* backend, hub::HubStore& store) {
    run_on(backend, store, demo, gen);
  });
  std::filesystem::remove_all(options.dir);
}
