// The occupation search's quality: every "tune" query of tests/search_quality/<lang>.tsv, typed
// on a screen in that language into the kiosk's real occupation search over the committed ESCO
// reference data, must have its expected occupation among the first five results for at least
// 95 % of a language's queries. Misses and the rate per language are printed. The "held" queries
// were kept out of sight while the search was tuned: only sichtbar-bench-script runs them.
#include "support/search_quality.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "domain/assets.h"
#include "domain/esco.h"
#include "domain/occupation_labels.h"
#include "domain/occupation_search.h"

using namespace sichtbar;

namespace {

const EscoReference& reference() {
  static const EscoReference loaded = [] {
    auto r = EscoReference::load(default_asset_dir());
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return loaded;
}

const OccupationLabels& drafts() {
  static const OccupationLabels loaded = [] {
    auto r = OccupationLabels::load(default_asset_dir());
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return loaded;
}

}  // namespace

TEST_CASE("each language's quality set is there, big enough, a quarter of it held out") {
  const auto sets = test::quality_sets();
  std::vector<std::string> languages;
  for (const auto& set : sets) {
    languages.push_back(set.language);
    std::size_t held = 0;
    for (const auto& q : set.queries) {
      INFO(set.file.string() << ":" << q.line);
      CHECK(reference().find(q.uuid).has_value());
      held += q.held;
    }
    INFO(set.language);
    CHECK(set.queries.size() >= 24);
    CHECK(held * 4 >= set.queries.size());
  }
  for (const char* required : {"de", "en", "fr"})
    CHECK(std::find(languages.begin(), languages.end(), required) != languages.end());
}

TEST_CASE("95 % of the tuning queries find their occupation in the first five, per language") {
  // As the kiosk holds it: ESCO's languages from the start, each other language added when a
  // screen shows it.
  auto search =
      script::OccupationSearch::build(reference(), std::span<const script::DraftOccupationLabel>{});
  REQUIRE(search);
  for (const std::string& language : drafts().languages())
    REQUIRE(search->add_language(reference(), drafts(), language));
  for (const auto& set : test::quality_sets()) {
    std::size_t asked = 0, found = 0;
    for (const auto& q : set.queries) {
      if (q.held) continue;
      ++asked;
      const auto hits = search->query(q.query, set.language, 5);
      const bool hit = std::any_of(hits.begin(), hits.end(), [&](const script::OccupationHit& h) {
        return reference().uuid(h.row) == q.uuid;
      });
      if (hit) {
        ++found;
        continue;
      }
      std::string got;
      for (const auto& h : hits) got += "\n      " + std::string(h.label);
      const auto want = reference().find(q.uuid);
      std::printf("  miss [%s] \"%s\": wanted %s (%s), got:%s\n", set.language.c_str(),
                  q.query.c_str(), q.uuid.c_str(),
                  want ? std::string(reference().preferred(*want, EscoLanguage::de)).c_str() : "?",
                  got.empty() ? " nothing" : got.c_str());
    }
    const double rate = asked ? static_cast<double>(found) / static_cast<double>(asked) : 0;
    std::printf("search quality [%s]: %zu of %zu tuning queries in the first five (%.1f %%)\n",
                set.language.c_str(), found, asked, rate * 100);
    INFO(set.language << ": " << found << " of " << asked);
    CHECK(asked > 0);
    CHECK(rate >= 0.95);
  }
}

TEST_CASE("on the real labels, Lehrerin finds a general teacher before Lehrerin für Musik") {
  // As the kiosk holds it: ESCO's languages from the start, each other language added when a
  // screen shows it.
  auto search =
      script::OccupationSearch::build(reference(), std::span<const script::DraftOccupationLabel>{});
  REQUIRE(search);
  for (const std::string& language : drafts().languages())
    REQUIRE(search->add_language(reference(), drafts(), language));
  const auto hits = search->query("Lehrerin", "de", 20);
  const auto at = [&](std::string_view uuid) {
    for (std::size_t i = 0; i < hits.size(); ++i)
      if (reference().uuid(hits[i].row) == uuid) return i;
    return hits.size();
  };
  const std::size_t primary = at("03d79393-7b30-4159-945b-01963eddd302");  // im Primarbereich
  const std::size_t music = at("f235bc5a-dbf6-4f9e-bbdb-cf313d32b75b");    // Lehrkraft für Musik
  INFO("primary teacher at " << primary << ", music teacher at " << music);
  CHECK(primary == 0);
  CHECK(music < hits.size());
}
