// Test support: about 30,000 occupation labels shaped like ESCO's, for the search tests and the
// search benchmark (the real ESCO files are not part of the project).
#pragma once

#include <random>
#include <string>
#include <vector>

#include "domain/search.h"

namespace sichtbar::test {

// About 30,000 labels shaped like ESCO's: 10,000 occupations with a German, an English and an
// Arabic or Ukrainian label each, built from real word stems.
inline std::vector<script::SearchEntry> occupation_like_labels() {
  const std::vector<std::string> german = {
      "Maler",      "Lackierer", "Elektro", "Kranken", "Pflege",    "Fach",         "Kraft",
      "fahrer",     "Koch",      "Bäcker",  "Metall",  "Schweißer", "Tischler",     "Zimmerer",
      "Dach",       "Garten",    "Land",    "Wirt",    "Helfer",    "Techniker",    "Ingenieur",
      "Mechaniker", "Kauf",      "Büro",    "Lager",   "Logistik",  "Verkäufer",    "Friseur",
      "Gebäude",    "Reiniger",  "Straßen", "Bahn",    "Anlagen",   "Mechatroniker"};
  const std::vector<std::string> english = {
      "painter", "varnisher", "electrical", "nurse",      "care",        "specialist", "vehicle",
      "driver",  "cook",      "baker",      "metal",      "welder",      "carpenter",  "roofer",
      "garden",  "farm",      "assistant",  "technician", "engineer",    "mechanic",   "clerk",
      "office",  "warehouse", "logistics",  "sales",      "hairdresser", "building",   "cleaner"};
  const std::vector<std::string> arabic = {"دهان",  "نجار", "كهربائي", "ممرض", "رعاية", "سائق",
                                           "طباخ",  "خباز", "معادن",   "لحام", "مهندس", "ميكانيكي",
                                           "مساعد", "فني",  "مزارع",   "بائع", "حلاق",  "منظف"};
  const std::vector<std::string> ukrainian = {"маляр",   "столяр",  "електрик", "медсестра",
                                              "водій",   "кухар",   "пекар",    "зварювальник",
                                              "інженер", "механік", "помічник", "продавець"};
  std::mt19937 random(30000);
  const auto pick = [&](const std::vector<std::string>& words, int n) {
    std::string label;
    for (int k = 0; k < n; ++k) {
      if (k) label += random() % 3 ? " " : "-";
      label += words[random() % words.size()];
    }
    return label;
  };
  std::vector<script::SearchEntry> entries;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = "occ" + std::to_string(i);
    const int n = 2 + static_cast<int>(random() % 3);
    entries.push_back({id, pick(german, n)});
    entries.push_back({id, pick(english, n)});
    entries.push_back({id, i % 2 ? pick(arabic, n) : pick(ukrainian, n)});
  }
  return entries;
}

}  // namespace sichtbar::test
