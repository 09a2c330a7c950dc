// Benchmark: finding the same person across events (domain/person_match.h) for 10,000 and
// 100,000 generated profiles (tests/support/person_profiles.h, 10 % of people with two
// profiles). Per size: the keys of every profile (ICU and libphonenumber, what the hub does once
// per profile) and their decoding from the index column (what it does when it lists
// suggestions), the index's build time and memory, p50/p99 of suggestions_for one profile next
// to the floor measured in the same run (one profile compared with every other: what the
// blocking saves), and all_suggestions.
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "domain/person_match.h"
#include "support/person_profiles.h"

using namespace sichtbar;
using namespace sichtbar::bench;

namespace {

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The process's resident set now (VmRSS), KiB.
long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
  return 0;
}

void run(std::size_t total) {
  const test::GeneratedProfiles gen = test::generate_profiles(total, total / 10);
  std::cout << "person matching, " << total << " profiles (" << gen.planted.size()
            << " people twice)\n";

  double t0 = cpu_ms();
  std::vector<std::string> column;  // the encoded keys, as the hub's index keeps them
  column.reserve(total);
  for (const auto& p : gen.profiles)
    column.push_back(encode(person_keys(p.name, p.year, p.phone, p.email)));
  const double keys_ms = cpu_ms() - t0;

  t0 = cpu_ms();
  std::vector<PersonKeys> keys;
  keys.reserve(total);
  for (const std::string& c : column) {
    auto k = decode(c);
    if (!k) die("a key written by encode() did not decode: " + c);
    keys.push_back(std::move(*k));
  }
  const double decode_ms = cpu_ms() - t0;

  const long rss_before = rss_kib();
  t0 = cpu_ms();
  MatchIndex index;
  for (std::size_t i = 0; i < total; ++i) index.add(gen.profiles[i].id, keys[i]);
  const double build_ms = cpu_ms() - t0;
  const auto index_kib = static_cast<double>(rss_kib() - rss_before);

  std::mt19937_64 rng(16);
  std::vector<double> query_ms, floor_ms;
  std::size_t found = 0;
  for (int q = 0; q < 2000; ++q) {
    const std::size_t i = rng() % total;
    t0 = cpu_ms();
    found += index.suggestions_for(gen.profiles[i].id, 10).size();
    query_ms.push_back(cpu_ms() - t0);
    if (q < 50) {
      // The floor: the same profile compared with every other one.
      t0 = cpu_ms();
      std::size_t hits = 0;
      for (std::size_t j = 0; j < total; ++j)
        hits += j != i && is_suggestion(match(keys[i], keys[j]));
      floor_ms.push_back(cpu_ms() - t0);
      found += hits;
    }
  }
  t0 = cpu_ms();
  const std::vector<Suggestion> all = index.all_suggestions(total);
  const double all_ms = cpu_ms() - t0;
  std::size_t right = 0;
  for (const Suggestion& s : all) right += gen.planted.contains({s.id_a, s.id_b});

  std::cout << std::fixed << std::setprecision(3) << "  keys of every profile:    " << keys_ms
            << " ms (" << keys_ms * 1000 / double(total) << " us a profile)\n"
            << "  decoded from the column:  " << decode_ms << " ms\n"
            << "  index build:              " << build_ms << " ms, memory " << index_kib / 1024.0
            << " MiB (" << index_kib * 1024.0 / double(total)
            << " bytes a profile, keys included)\n"
            << "  suggestions_for:          p50 " << percentile(query_ms, 0.5) << " ms, p99 "
            << percentile(query_ms, 0.99) << " ms\n"
            << "  floor (compare with all): p50 " << percentile(floor_ms, 0.5) << " ms\n"
            << "  all_suggestions:          " << all_ms << " ms, " << all.size() << " suggestions, "
            << right << " of them planted pairs\n"
            << "  (" << found << " suggestions found in the queries)\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{10000, 100000};
  if (argc > 1) sizes = {static_cast<std::size_t>(std::max(1000, std::atoi(argv[1])))};
  for (std::size_t n : sizes) run(n);
}
