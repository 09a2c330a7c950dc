// What the benchmarks that fill a hub store share (cases, worklists, figures, duplicates): the
// demo profile they make their profiles from, storing them in batches as kiosks send them, and
// running on SQLite and then, when --postgres names one, on PostgreSQL.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <span>

#include "base/files.h"
#include "bench_support.h"
#include "hub/hub_store.h"

namespace sichtbar::bench {

// assets/demo/profile-de.json, which each benchmark varies into its profiles.
inline nlohmann::json demo_profile(const StoreBenchOptions& options) {
  const auto text = read_whole_file(options.assets / "demo" / "profile-de.json");
  if (!text) die("no demo profile in " + options.assets.string());
  return nlohmann::json::parse(*text);
}

// The records stored in batches of `batch`.
inline void store_in_batches(hub::HubStore& store, std::span<const hub::StoredRecord> records,
                             std::size_t batch = 500) {
  for (std::size_t i = 0; i < records.size(); i += batch)
    must(store.store_batch(records.subspan(i, std::min(batch, records.size() - i))));
}

// run(backend, store) on a new SQLite hub database in options.dir, then on the PostgreSQL
// database of --postgres when given; each store is closed before the next opens.
template <class Run>
void on_each_backend(const StoreBenchOptions& options, Run run) {
  {
    auto sqlite = must(hub::open_sqlite_hub_store(options.dir / "hub.db"));
    run("sqlite", *sqlite);
  }
  if (!options.postgres.empty()) {
    auto pg = must(hub::open_postgres_hub_store(options.postgres));
    run("postgres", *pg);
  }
}

}  // namespace sichtbar::bench
