// Test support: real name variants across scripts (tests/data/name_variants/*.tsv, one name per
// line, its spellings separated by tabs; every 4th name line of a file held out from tuning) and
// a generator of profiles with planted duplicates and hard negatives for the person matcher's
// quality test and benchmark (domain/person_match.h).
//
// What the generator plants, with a fixed seed:
// - `duplicates` people with two profiles. The second spells the given and the family name with
//   another variant of the same name (often another script) and sometimes writes the family name
//   first. Year of birth: missing in 4 % of profiles; in a second profile the same in 92 %, one
//   year off in 2 % (age asked instead of the year), missing in 6 %. Phone (75 % of profiles):
//   the second profile the same number in another format in 70 %, a new number in 15 %, none in
//   15 %. E-mail (30 %): the second the same, differently cased or spaced, in half of them. So
//   about 5 % of the pairs share nothing but the name: no matcher may suggest those (a name
//   alone is many people), and the quality test counts them apart.
// - Families of 3 or 4 sharing family name (one spelling) and phone, with different given names
//   and years: never a duplicate.
// - 10 clusters of 12 people all called Mohammed (any spelling) with one common family name
//   each, with years four apart and their own phones: never a duplicate.
// - Single profiles for the rest. Names are drawn from every group alike (a family name from
//   family.tsv or, as a father's name, from given.tsv); a profile is "held"
//   when its given or family name comes from a held-out group, a planted pair when its person is.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace sichtbar::test {

struct NameGroup {
  std::vector<std::string> variants;
  bool held = false;
};

inline std::filesystem::path name_variants_dir() {
  return std::filesystem::path(SICHTBAR_SOURCE_DIR) / "tests" / "data" / "name_variants";
}

// The groups of one file; throws naming file and line when a line has fewer than two variants.
inline std::vector<NameGroup> name_groups(const std::string& file) {
  const auto path = name_variants_dir() / file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<NameGroup> groups;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    NameGroup g;
    std::size_t start = 0;
    while (start <= line.size()) {
      const auto tab = line.find('\t', start);
      const std::string v = line.substr(start, tab == std::string::npos ? tab : tab - start);
      if (!v.empty() && std::find(g.variants.begin(), g.variants.end(), v) == g.variants.end())
        g.variants.push_back(v);
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (g.variants.size() < 2)
      throw std::runtime_error(path.string() + ":" + std::to_string(n) +
                               ": a name needs two spellings or more, tab-separated");
    g.held = (groups.size() + 1) % 4 == 0;  // every 4th name line
    groups.push_back(std::move(g));
  }
  return groups;
}

struct GeneratedProfile {
  std::uint64_t id = 0;
  std::string name;
  std::optional<int> year;
  std::string phone;
  std::string email;
  bool held = false;
  // The name groups drawn (family: an index into family.tsv's groups followed by given.tsv's).
  std::size_t given_group = 0, family_group = 0;
};

struct GeneratedProfiles {
  std::vector<GeneratedProfile> profiles;
  std::set<std::pair<std::uint64_t, std::uint64_t>> planted;       // a < b
  std::set<std::pair<std::uint64_t, std::uint64_t>> planted_held;  // the held part of planted
};

// `total` profiles (at least 3 * duplicates), ids 1..total in a shuffled order.
inline GeneratedProfiles generate_profiles(std::size_t total, std::size_t duplicates,
                                           std::uint64_t seed = 16) {
  const std::vector<NameGroup> given = name_groups("given.tsv");
  // Family names: those of family.tsv, and given names as family names (many Syrian, Somali,
  // Afghan and Eritrean family names are a father's or grandfather's given name).
  std::vector<NameGroup> family = name_groups("family.tsv");
  family.insert(family.end(), given.begin(), given.end());
  std::mt19937_64 rng(seed);
  const auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const auto chance = [&](int percent) { return below(100) < static_cast<std::size_t>(percent); };
  const auto variant = [&](const NameGroup& g, std::optional<std::size_t> other_than) {
    std::size_t i = below(g.variants.size());
    if (other_than && i == *other_than) i = (i + 1 + below(g.variants.size() - 1)) % g.variants.size();
    return i;
  };

  struct Phone {
    std::string country, national;  // national without the trunk 0
  };
  const auto new_phone = [&]() -> Phone {
    const auto digits = [&](int n) {
      std::string s;
      for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + below(10)));
      return s;
    };
    switch (below(10)) {
      case 0: return {"380", "67" + digits(7)};                                 // Ukraine
      case 1: return {"963", "9" + std::string(1, "345689"[below(6)]) + digits(7)};  // Syria
      case 2: {
        static const char* kTurkish[] = {"530", "532", "533", "535", "541", "542", "505", "555"};
        return {"90", std::string(kTurkish[below(8)]) + digits(7)};  // Turkey
      }
      default: {
        static const char* kMobile[] = {"151", "152", "157", "160", "170", "171", "176", "177"};
        return {"49", std::string(kMobile[below(8)]) + digits(8)};              // Germany
      }
    }
  };
  // One number as people write it, in one of several formats.
  const auto written = [&](const Phone& p) {
    const std::string head = p.national.substr(0, 3), rest = p.national.substr(3);
    if (p.country != "49") {
      switch (below(3)) {
        case 0: return "+" + p.country + " " + head + " " + rest;
        case 1: return "00" + p.country + p.national;
        default: return "+" + p.country + p.national;
      }
    }
    switch (below(5)) {
      case 0: return "0" + head + " " + rest;
      case 1: return "+49 " + head + " " + rest.substr(0, 4) + " " + rest.substr(4);
      case 2: return "0049" + p.national;
      case 3: return "0" + head + rest.substr(0, 1) + " " + rest.substr(1);
      default: return "+49 (0)" + head + "/" + rest;
    }
  };
  const auto email_of = [&](const std::string& given_ascii, std::size_t n) {
    return given_ascii + "." + std::to_string(n) + "@example.org";
  };
  // Different people never share both names (in any order) and a year: such a pair is the same
  // person to anyone reading the profiles, and would measure the size of the name lists, not
  // the matcher. Hard negatives differ in a name or a year on purpose.
  std::set<std::tuple<std::size_t, std::size_t, int>> taken;
  const auto name_id = [&](std::size_t family_index) {  // given.tsv's groups keep their number
    return family_index >= family.size() - given.size()
               ? family_index - (family.size() - given.size())
               : given.size() + family_index;
  };
  const auto take = [&](std::size_t gi, std::size_t fi, int y) {
    const std::size_t a = gi, b = name_id(fi);
    return taken.emplace(std::min(a, b), std::max(a, b), y).second;
  };
  const auto year = [&](std::size_t gi, std::size_t fi) -> std::optional<int> {
    if (chance(4)) return std::nullopt;
    for (;;) {
      const int y = 1955 + static_cast<int>(below(54));
      if (take(gi, fi, y)) return y;
    }
  };

  GeneratedProfiles out;
  std::vector<GeneratedProfile>& ps = out.profiles;
  const auto add = [&](std::size_t gi, std::size_t gv, std::size_t fi, std::size_t fv,
                       bool family_first, std::optional<int> y, std::string phone,
                       std::string email) {
    GeneratedProfile p;
    const std::string& g = given[gi].variants[gv];
    const std::string& f = family[fi].variants[fv];
    p.name = family_first ? f + " " + g : g + " " + f;
    p.year = y;
    p.phone = std::move(phone);
    p.email = std::move(email);
    p.held = given[gi].held || family[fi].held;
    p.given_group = gi;
    p.family_group = fi;
    ps.push_back(std::move(p));
  };

  std::size_t emails = 0;
  // One cluster for each of the first 10 family names (they stand for the common ones): 12
  // people called Mohammed (any spelling) with that family name, years four apart.
  for (std::size_t fi = 0; fi < 10; ++fi) {
    const int first_year = 1955 + static_cast<int>(below(4));
    for (int m = 0; m < 12; ++m) {
      take(0, fi, first_year + 4 * m);
      add(0, variant(given[0], {}), fi, variant(family[fi], {}), false, first_year + 4 * m,
          chance(70) ? written(new_phone()) : "", "");
    }
  }
  // Planted duplicates.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // profile indexes
  for (std::size_t d = 0; d < duplicates; ++d) {
    const std::size_t gi = below(given.size()), fi = below(family.size());
    const std::size_t gv = variant(given[gi], {}), fv = variant(family[fi], {});
    const auto y = year(gi, fi);
    const std::optional<Phone> phone = chance(75) ? std::optional(new_phone()) : std::nullopt;
    std::string email;
    if (chance(30)) email = email_of("person", ++emails);
    add(gi, gv, fi, fv, false, y, phone ? written(*phone) : "", email);
    std::optional<int> y2 = y;
    if (const auto r = below(100); r < 6) y2 = std::nullopt;
    else if (r < 8 && y && take(gi, fi, *y + 1)) y2 = *y + 1;
    std::string phone2;
    if (const auto r = below(100); phone && r < 70) phone2 = written(*phone);
    else if (r < 85) phone2 = written(new_phone());
    std::string email2;
    if (!email.empty() && chance(50)) {
      email2 = email;
      email2[0] = static_cast<char>(email2[0] - 'a' + 'A');
      email2 = " " + email2 + " ";
    }
    add(gi, variant(given[gi], gv), fi, variant(family[fi], fv), chance(20), y2, phone2, email2);
    pairs.emplace_back(ps.size() - 2, ps.size() - 1);
  }
  // Families: one family name and phone, other given names and years.
  const std::size_t families = (total - ps.size()) / 12;
  for (std::size_t f = 0; f < families; ++f) {
    const std::size_t fi = below(family.size()), fv = variant(family[fi], {});
    const std::string phone = written(new_phone());
    std::set<std::size_t> used;
    const std::size_t members = 3 + below(2);
    for (std::size_t m = 0; m < members; ++m) {
      std::size_t gi = below(given.size());
      while (used.contains(gi)) gi = below(given.size());
      used.insert(gi);
      add(gi, variant(given[gi], {}), fi, fv, false, year(gi, fi), phone, "");
    }
  }
  // Single profiles.
  while (ps.size() < total) {
    const std::size_t gi = below(given.size()), fi = below(family.size());
    add(gi, variant(given[gi], {}), fi, variant(family[fi], {}), chance(10), year(gi, fi),
        chance(75) ? written(new_phone()) : "", chance(30) ? email_of("single", ++emails) : "");
  }

  // Ids in a shuffled order, so that nothing can lean on the order of generation.
  std::vector<std::uint64_t> ids(ps.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i + 1;
  std::shuffle(ids.begin(), ids.end(), rng);
  for (std::size_t i = 0; i < ps.size(); ++i) ps[i].id = ids[i];
  for (const auto& [a, b] : pairs) {
    const auto pair = std::minmax(ps[a].id, ps[b].id);
    out.planted.insert(pair);
    if (ps[a].held) out.planted_held.insert(pair);
  }
  return out;
}

}  // namespace sichtbar::test
