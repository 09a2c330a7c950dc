// What every benchmark program needs around its figures: stopping with a message when a step it
// measures fails (a benchmark that went on would report figures of nothing), and seconds since
// a point on the steady clock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "base/error.h"
#include "domain/assets.h"

namespace sichtbar::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The p-quantile (0..1) of the measurements, nearest rank.
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

[[noreturn]] inline void die(const std::string& what) {
  std::cerr << "bench: " << what << "\n";
  std::exit(1);
}

template <class T>
T must(Result<T> r) {
  if (!r) die(r.error().code + ": " + r.error().message);
  return std::move(*r);
}
inline void must(Result<void> r) {
  if (!r) die(r.error().code + ": " + r.error().message);
}

// The options of the benchmarks that fill a hub store: --dir DIR (where their files go, in a
// fresh folder <name>-<pid> made here), --records N (at least 100), --assets DIR, --postgres
// CONNINFO (a fresh database, measured too when given).
struct StoreBenchOptions {
  std::filesystem::path dir;
  int records = 10000;
  std::string postgres;
  std::filesystem::path assets = default_asset_dir();
};

inline StoreBenchOptions store_bench_options(int argc, char** argv, const std::string& name) {
  StoreBenchOptions o;
  std::filesystem::path base = std::filesystem::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string opt = argv[i];
    if (opt == "--dir")
      base = argv[i + 1];
    else if (opt == "--records")
      o.records = std::max(100, std::atoi(argv[i + 1]));
    else if (opt == "--assets")
      o.assets = argv[i + 1];
    else if (opt == "--postgres")
      o.postgres = argv[i + 1];
    else
      die("unknown option " + opt +
          " (use --dir DIR --records N --assets DIR --postgres CONNINFO)");
  }
  o.dir = base / (name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(o.dir);
  std::filesystem::create_directories(o.dir);
  return o;
}

}  // namespace sichtbar::bench
