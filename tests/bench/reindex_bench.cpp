// Benchmark: computing the search index's way to recognition again for every record (what a hub
// does at start after an import or the schema 4 migration, and in the background when another
// process imported a map), next to floors measured in the same run: reading every record, and
// storing the same records (with their full index rows) in the first place. Also how long any
// other store call waits meanwhile (the reindex takes the store for one chunk at a time), next to
// the same call on an idle store.
//   sichtbar-bench-reindex [--dir DIR] [--records N] [--assets DIR] [--postgres CONNINFO]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/bytes.h"
#include "base/files.h"
#include "domain/assets.h"
#include "domain/esco.h"
#include "domain/recognition.h"
#include "hub/hub_store.h"
#include "hub/record_index.h"
#include "support/stored_records.h"
#include "bench_support.h"

namespace fs = std::filesystem;
using namespace sichtbar;
using namespace sichtbar::bench;

namespace {

// n records of the demo profile, their occupations cycling through ESCO URIs and older 4-digit
// codes, as ingest hands them to the store.
std::vector<hub::StoredRecord> records_of(const nlohmann::json& demo, int n) {
  const char* const occupations[] = {
      "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6",  // doctor
      "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e",  // cook
      "7411", "2221", "5120", ""};
  std::vector<hub::StoredRecord> out;
  for (int i = 0; i < n; ++i) {
    nlohmann::json r = demo;
    r["answers"]["work"]["items"][0]["occupation"] = occupations[i % 6];
    r["answers"]["wishes"]["desired_occupation"] = occupations[(i + 1) % 6];
    hub::StoredRecord s = test::stored_record(r, static_cast<std::uint64_t>(i + 1), i);
    out.push_back(std::move(s));
  }
  return out;
}

void run_on(const std::string& backend, hub::HubStore& store,
            const std::vector<hub::StoredRecord>& records,
            const std::shared_ptr<const hub::IndexContext>& first,
            const std::shared_ptr<const hub::IndexContext>& second) {
  hub::RecordFilter everything;
  everything.limit = 0;
  // A database another benchmark used holds its records too: they are indexed again as well.
  const std::uint64_t before = must(store.search_records({})).total;
  const std::size_t n = records.size() + before;
  must(store.use_index_context(first));
  auto t = Clock::now();
  for (std::size_t i = 0; i < records.size(); i += 200)
    must(store.store_batch(
        std::span(records).subspan(i, std::min<std::size_t>(200, records.size() - i))));
  const double store_s = seconds_since(t);
  t = Clock::now();
  if (must(store.search_records(everything)).total != n) die("records missing");
  const double read_s = seconds_since(t);
  // A small call on the idle store, then the same calls while the index is computed again.
  const auto count_ms = [&] {
    const auto s0 = Clock::now();
    must(store.count_quarantined());
    return 1000 * seconds_since(s0);
  };
  double idle_ms = 0;
  for (int k = 0; k < 20; ++k) idle_ms = std::max(idle_ms, count_ms());
  std::atomic<bool> done{false};
  double busy_max_ms = 0;
  int busy_calls = 0;
  std::thread other([&] {
    while (!done) {
      busy_max_ms = std::max(busy_max_ms, count_ms());
      ++busy_calls;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  t = Clock::now();
  const std::uint64_t reindexed = must(store.use_index_context(second));
  const double reindex_s = seconds_since(t);
  done = true;
  other.join();
  if (reindexed != n) die("not every record was indexed again");
  std::printf(
      "%-8s reindex of %zu records: %.2f s (%.0f us/record); floors: reading them all %.2f s, "
      "storing %zu of them with their index rows %.2f s\n",
      backend.c_str(), n, reindex_s, 1e6 * reindex_s / static_cast<double>(n), read_s,
      records.size(), store_s);
  std::printf(
      "%-8s another call meanwhile: at most %.1f ms over %d calls (idle store: at most %.1f ms)\n",
      backend.c_str(), busy_max_ms, busy_calls, idle_ms);
}

}  // namespace

int main(int argc, char** argv) {
  const StoreBenchOptions options = store_bench_options(argc, argv, "reindex");
  const fs::path& dir = options.dir;
  const fs::path& assets = options.assets;
  const std::string& postgres = options.postgres;  // a fresh database, measured too when given
  const int n = options.records;
  const auto demo_text = read_whole_file(assets / "demo" / "profile-de.json");
  if (!demo_text) die("no demo profile in " + assets.string());
  const auto records = records_of(nlohmann::json::parse(*demo_text), n);
  static const EscoReference esco = must(EscoReference::load(assets));
  const auto map_text = read_whole_file(RecognitionMap::shipped_file(assets));
  if (!map_text) die("no recognition map in " + assets.string());
  const auto context = [&](const std::string& sha) {
    auto c = std::make_shared<hub::IndexContext>();
    c->esco = std::make_shared<const EscoIndex>(esco_index(esco));
    c->map = std::make_shared<const RecognitionMap>(
        must(RecognitionMap::parse(*map_text, "de-by.json")));
    c->map_sha256 = sha;
    return std::shared_ptr<const hub::IndexContext>(std::move(c));
  };
  // Two names for the same map: the second makes every record be indexed again.
  const auto first = context("bench-1"), second = context("bench-2");
  auto sqlite = must(hub::open_sqlite_hub_store(dir / "hub.db"));
  run_on("sqlite", *sqlite, records, first, second);
  if (!postgres.empty()) {
    auto pg = must(hub::open_postgres_hub_store(postgres));
    run_on("postgres", *pg, records, first, second);
  }
  fs::remove_all(dir);
  return 0;
}
