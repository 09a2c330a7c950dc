// Test support: the occupation search's quality sets (tests/search_quality/<lang>.tsv, one file
// per UI language: query, expected ESCO UUID, "tune" or "held"), read by the quality test
// (tune lines) and the search benchmark (held lines and the keystrokes it types).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sichtbar::test {

struct QualityQuery {
  std::string query;
  std::string uuid;
  bool held = false;  // kept out of sight of the tuning: run only by the benchmark
  int line = 0;
};

struct QualitySet {
  std::string language;  // the file's stem: the screen language the queries are typed on
  std::filesystem::path file;
  std::vector<QualityQuery> queries;
};

inline std::filesystem::path quality_dir() {
  return std::filesystem::path(SICHTBAR_SOURCE_DIR) / "tests" / "search_quality";
}

// Every set present, sorted by language; throws naming the file and line of a malformed line.
inline std::vector<QualitySet> quality_sets(const std::filesystem::path& dir = quality_dir()) {
  std::vector<QualitySet> sets;
  for (const auto& item : std::filesystem::directory_iterator(dir)) {
    if (item.path().extension() != ".tsv") continue;
    QualitySet set{item.path().stem().string(), item.path(), {}};
    std::ifstream in(item.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.empty() || line[0] == '#') continue;
      const auto a = line.find('\t');
      const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
      const std::string kind = b == std::string::npos ? "" : line.substr(b + 1);
      if (b == std::string::npos || (kind != "tune" && kind != "held"))
        throw std::runtime_error(item.path().string() + ":" + std::to_string(n) +
                                 ": expected query<TAB>uuid<TAB>tune|held");
      set.queries.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), kind == "held", n});
    }
    sets.push_back(std::move(set));
  }
  std::sort(sets.begin(), sets.end(),
            [](const QualitySet& x, const QualitySet& y) { return x.language < y.language; });
  return sets;
}

}  // namespace sichtbar::test
