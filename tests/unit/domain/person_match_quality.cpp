// Person matching quality: 10,000 generated profiles (tests/support/person_profiles.h) with 1,000
// people planted twice under other spellings and scripts, families sharing a phone and many people
// with one common name. The office sees all_suggestions(); they must find at least 90 % of the
// planted pairs with at least 90 % of the suggestions right, on the held-out names too (names the
// tuning never looked at). The figures are printed.
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>

#include "domain/person_match.h"
#include "support/person_profiles.h"

using namespace sichtbar;

namespace {

struct Figures {
  std::size_t suggested = 0, right = 0, planted = 0, found = 0;
  double precision() const { return suggested ? double(right) / double(suggested) : 1.0; }
  double recall() const { return planted ? double(found) / double(planted) : 1.0; }
};

}  // namespace

TEST_CASE("the matcher finds the planted duplicates among 10,000 profiles and little else") {
  const test::GeneratedProfiles gen = test::generate_profiles(10000, 1000);
  REQUIRE(gen.planted.size() == 1000);
  MatchIndex index;
  std::map<std::uint64_t, bool> held;
  std::size_t phones = 0, phone_keys = 0;
  for (const auto& p : gen.profiles) {
    PersonKeys k = person_keys(p.name, p.year, p.phone, p.email);
    if (!p.phone.empty()) {
      ++phones;
      phone_keys += !k.phone.empty();
    }
    index.add(p.id, std::move(k));
    held[p.id] = p.held;
  }
  // Every generated number is a real one in one of the ways people write it.
  CHECK(phone_keys == phones);

  Figures tune, kept_out;
  for (const auto& pair : gen.planted) (gen.planted_held.contains(pair) ? kept_out : tune).planted++;
  for (const Suggestion& s : index.all_suggestions(1000000)) {
    const auto pair = std::pair(s.id_a, s.id_b);
    const bool right = gen.planted.contains(pair);
    Figures& f = held[s.id_a] || held[s.id_b] ? kept_out : tune;
    ++f.suggested;
    if (right) {
      ++f.right;
      ++(gen.planted_held.contains(pair) ? kept_out : tune).found;
    }
  }
  std::printf("person matching, 10,000 profiles, 1,000 planted pairs\n");
  for (const auto& [part, f] : {std::pair("tuned names   ", tune), std::pair("held-out names", kept_out)})
    std::printf("  %s: planted %zu, suggested %zu, right %zu: precision %.1f %%, recall %.1f %%\n",
                part, f.planted, f.suggested, f.right, 100 * f.precision(), 100 * f.recall());
  CHECK(kept_out.planted > 200);
  CHECK(kept_out.recall() >= 0.90);
  CHECK(kept_out.precision() >= 0.90);
  CHECK(tune.recall() >= 0.90);
  CHECK(tune.precision() >= 0.90);
}
