// Search tests: what a person typing on the kiosk's keyboard expects to find. Case, accents,
// harakat and keyboard variants do not matter, a Latin keyboard finds Cyrillic and Arabic labels
// where ICU can transliterate, a word's start ranks before a match inside a word, and a keystroke
// stays fast over an occupation list the size of ESCO's.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core/script/search.h"

using namespace sichtbar::script;

namespace {

SearchIndex build(std::vector<SearchEntry> entries) {
  auto index = SearchIndex::build(std::move(entries));
  if (!index) FAIL(index.error().message);
  return std::move(*index);
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const SearchHit& h : hits) out.emplace_back(h.id);
  return out;
}

bool finds(const SearchIndex& index, std::string_view query, std::string_view id) {
  const auto hits = index.query(query);
  return std::any_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.id == id; });
}

// Countries as the kiosk would index them: the name in the UI language, German and English.
SearchIndex countries() {
  return build({
      {"TR", "Türkiye"},       {"TR", "Türkei"},    {"TR", "تركيا"},       {"DE", "Almanya"},
      {"DE", "Deutschland"},   {"DE", "Germany"},   {"DE", "ألمانيا"},     {"UA", "Україна"},
      {"UA", "Ukraine"},       {"AF", "افغانستان"}, {"AF", "Afghanistan"}, {"ER", "ኤርትራ"},
      {"ER", "Eritrea"},       {"EG", "Ägypten"},   {"EG", "مصر"},         {"FR", "France"},
      {"CI", "Côte d’Ivoire"}, {"SY", "Syrien"},    {"SY", "سوريا"},       {"IR", "ایران"},
  });
}

}  // namespace

TEST_CASE("case and accents do not matter") {
  const SearchIndex index = countries();
  CHECK(ids(index.query("turkiye")).front() == "TR");
  CHECK(ids(index.query("TÜRKIYE")).front() == "TR");
  CHECK(ids(index.query("agypten")).front() == "EG");
  CHECK(ids(index.query("cote d ivoire")).front() == "CI");

  const SearchIndex schools = build({{"school", "École primaire"}, {"uni", "Université"}});
  CHECK(ids(schools.query("ecole")) == std::vector<std::string>{"school"});
  CHECK(ids(schools.query("ÉCOLE")) == std::vector<std::string>{"school"});
  CHECK(ids(schools.query("universite")) == std::vector<std::string>{"uni"});
}

TEST_CASE("labels in other languages and scripts are found") {
  const SearchIndex index = countries();
  CHECK(ids(index.query("Almanya")).front() == "DE");  // the Turkish name
  CHECK(ids(index.query("ukraina")).front() == "UA");  // Україна, transliterated
  CHECK(finds(index, "укр", "UA"));                    // typed in Cyrillic
  CHECK(finds(index, "afgh", "AF"));
  CHECK(finds(index, "ኤርት", "ER"));  // Tigrinya, typed in Ethiopic
}

TEST_CASE("Arabic-script search forgives harakat, hamza and keyboard variants") {
  const SearchIndex index = build({{"muhammad", "مُحَمَّد"},
                                   {"DE", "ألمانيا"},
                                   {"TR", "تركيا"},
                                   {"IR", "ایران"},
                                   {"teacher", "معلّم"}});
  CHECK(finds(index, "محمد", "muhammad"));
  CHECK(finds(index, "المانيا", "DE"));  // alef without hamza
  CHECK(finds(index, "ترکیا", "TR"));    // Persian kaf and yeh for Arabic ones
  CHECK(finds(index, "ايران", "IR"));    // Arabic yeh for Persian
  CHECK(finds(index, "معلم", "teacher"));
  CHECK(finds(index, "مع\u200Cلم", "teacher"));  // a stray ZWNJ from a Persian keyboard
}

TEST_CASE("digits of every script are the same digits") {
  const SearchIndex index = build({{"b1", "Führerschein B1"}, {"2019", "Abschluss ۲۰۱۹"}});
  CHECK(finds(index, "b١", "b1"));
  CHECK(finds(index, "2019", "2019"));
}

TEST_CASE("a word's start ranks before a match inside a word") {
  const SearchIndex index = build({
      {"artist", "Kunstmaler"},
      {"car-painter", "Fahrzeuglackierer und Maler"},
      {"painter", "Maler"},
      {"painter-decorator", "Maler und Lackierer"},
  });
  const auto hits = index.query("maler");
  REQUIRE(hits.size() == 4);
  CHECK(hits[0].id == "painter");  // the whole label
  CHECK(hits[0].kind == 4);
  CHECK(hits[1].id == "painter-decorator");  // the label's start
  CHECK(hits[1].kind == 3);
  CHECK(hits[2].id == "car-painter");  // a word's start
  CHECK(hits[2].kind == 2);
  CHECK(hits[3].id == "artist");  // inside a word
  CHECK(hits[3].kind == 1);

  // Every word typed must be found; words may be typed in any order and cut short.
  CHECK(ids(index.query("maler lack")) ==
        std::vector<std::string>{"painter-decorator", "car-painter"});
  CHECK(ids(index.query("lack maler")) ==
        std::vector<std::string>{"painter-decorator", "car-painter"});
  CHECK(index.query("maler koch").empty());
}

TEST_CASE("one hit per item, with the label that matched best, and at most the limit") {
  const SearchIndex index = countries();
  const auto hits = index.query("t");
  std::vector<std::string> seen = ids(hits);
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  const auto de = index.query("deutsch");
  REQUIRE(de.size() == 1);
  CHECK(de[0].label == "Deutschland");
  CHECK(index.entry(de[0].entry).label == "Deutschland");
  CHECK(index.query("a", 3).size() == 3);
  CHECK(index.query("").empty());
  CHECK(index.query("  -- ").empty());
  CHECK(index.query("\xC3").empty());  // broken bytes find nothing rather than everything
}

TEST_CASE("a label that is not UTF-8 is refused when the index is built") {
  auto bad = SearchIndex::build({{"x", "ok"}, {"y", "bad \xFF"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "search.invalid_utf8");
  CHECK(bad.error().message.find("\"y\"") != std::string::npos);
}

TEST_CASE("folding gives an ASCII form and one in the label's own script") {
  const SearchIndex index = build({});
  CHECK(index.fold("Straße / Maler-in").ascii == "strasse maler in");
  CHECK(index.fold("İstanbul").ascii == "istanbul");
  CHECK(index.fold("Diyarbakır").ascii == "diyarbakir");
  const FoldedText arabic = index.fold("مُعَلِّم");
  CHECK(arabic.native == "معلم");
  CHECK(arabic.ascii != arabic.native);
}

namespace {

// About 30,000 labels shaped like ESCO's: 10,000 occupations with a German, an English and an
// Arabic or Ukrainian label each, built from real word stems.
std::vector<SearchEntry> occupation_like_labels() {
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
  std::vector<SearchEntry> entries;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = "occ" + std::to_string(i);
    const int n = 2 + static_cast<int>(random() % 3);
    entries.push_back({id, pick(german, n)});
    entries.push_back({id, pick(english, n)});
    entries.push_back({id, i % 2 ? pick(arabic, n) : pick(ukrainian, n)});
  }
  return entries;
}

struct Timing {
  std::string slowest;
  double build_ms = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double cpu_p99_ms = 0;  // this thread's CPU time: without the waits of a busy shared machine
  std::size_t queries = 0;
};

Timing time_keystrokes(std::size_t* labels) {
  std::vector<SearchEntry> entries = occupation_like_labels();
  *labels = entries.size();
  const auto b0 = std::chrono::steady_clock::now();
  const SearchIndex index = build(std::move(entries));
  Timing t;
  t.build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - b0).count();
  std::vector<double> ms, cpu_ms;
  double slowest = 0;
  const auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  };
  for (const char* typed :
       {"maler und lackierer", "krankenpfleger", "mechatroniker", "schweisser", "warehouse clerk",
        "нарис", "зварювальник", "مهندس كهربائي", "ukrainian", "muhandis", "bäcker", "xyz"}) {
    const std::string full = typed;
    for (std::size_t n = 1; n <= full.size(); ++n) {
      if ((static_cast<unsigned char>(full[n - 1]) & 0xC0) == 0xC0) continue;  // mid-character
      if (n < full.size() && (static_cast<unsigned char>(full[n]) & 0xC0) == 0x80) continue;
      const double c0 = cpu_now();
      const auto q0 = std::chrono::steady_clock::now();
      const auto hits = index.query(full.substr(0, n), 20);
      cpu_ms.push_back(cpu_now() - c0);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - q0).count());
      if (ms.back() > slowest) {
        slowest = ms.back();
        t.slowest = full.substr(0, n);
      }
      (void)hits;
    }
  }
  std::sort(ms.begin(), ms.end());
  t.queries = ms.size();
  t.p50_ms = ms[ms.size() / 2];
  t.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  t.max_ms = ms.back();
  std::sort(cpu_ms.begin(), cpu_ms.end());
  t.cpu_p99_ms = cpu_ms[std::min(cpu_ms.size() - 1, cpu_ms.size() * 99 / 100)];
  return t;
}

}  // namespace

TEST_CASE("a keystroke over 30,000 labels costs no ICU call per label") {
  // The target is 5 ms at p99 (DESIGN.md, measured by the benchmarks). This bound is ten times
  // that, so a busy shared machine does not fail it, while folding every label per query (about
  // 10 us each through ICU, 300 ms a keystroke) would.
  std::size_t labels = 0;
  const Timing t = time_keystrokes(&labels);
  INFO(labels << " labels: build " << t.build_ms << " ms, " << t.queries << " keystrokes, p50 "
              << t.p50_ms << " ms, p99 " << t.p99_ms << " ms");
  CHECK(labels == 30000);
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
  CHECK(t.p99_ms < 50);
#else
  // A Debug or sanitizer build (the asan preset) runs this code 20-30 times slower and ICU not
  // at all slower, so the bound would say nothing there.
  WARN("search timing not checked in an unoptimised or sanitized build: p99 " << t.p99_ms << " ms");
#endif
}

TEST_CASE("timing: search per keystroke", "[.timing]") {
  std::size_t labels = 0;
  for (int round = 0; round < 3; ++round) {
    const Timing t = time_keystrokes(&labels);
    std::cout << labels << " labels: build " << t.build_ms << " ms; " << t.queries
              << " keystrokes: p50 " << t.p50_ms << " ms, p99 " << t.p99_ms << " ms, max "
              << t.max_ms << " ms (\"" << t.slowest << "\"); CPU time p99 " << t.cpu_p99_ms
              << " ms\n";
  }
}
