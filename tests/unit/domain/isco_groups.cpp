// The ISCO-08 major and sub-major groups have a short title in every UI language: the occupation
// picker's browse path (major group, then sub-major group) and the office's filter show them, so a
// group without one would show the bare key. The codes come from the committed ESCO asset.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/catalogue.h"
#include "domain/esco.h"
#include "support/temp_dir.h"

using sichtbar::Catalogue;
using sichtbar::EscoReference;
namespace test = sichtbar::test;

namespace {

const std::vector<std::string> kLocales = {"ar", "de", "en", "fa", "fr", "ku",
                                           "ps", "ru", "so", "ti", "tr", "uk"};

// The 10 major (one digit) and 43 sub-major (two digits) groups of ISCO-08, as ESCO lists them.
std::vector<std::string> major_and_sub_major_groups() {
  auto reference = EscoReference::load(test::asset(""));
  REQUIRE(reference);
  std::vector<std::string> out;
  for (std::string_view code : reference->isco_codes())
    if (code.size() <= 2) out.emplace_back(code);
  return out;
}

}  // namespace

TEST_CASE("every ISCO-08 major and sub-major group has a title in every UI language") {
  const auto codes = major_and_sub_major_groups();
  REQUIRE(codes.size() == 53);
  CHECK(std::count_if(codes.begin(), codes.end(), [](const auto& c) { return c.size() == 1; }) ==
        10);
  for (const auto& locale : kLocales) {
    auto catalogue = Catalogue::load_locale(test::asset("i18n"), locale);
    REQUIRE(catalogue);
    std::vector<std::string> missing;
    std::map<std::string, std::string> seen;  // title -> code: two groups must not read the same
    std::vector<std::string> twice;
    for (const auto& code : codes) {
      const std::string key = "isco." + code;
      const std::string* title = catalogue->find(key);
      if (!title || title->empty() || *title == key) {
        missing.push_back(key);
        continue;
      }
      if (auto [it, fresh] = seen.emplace(*title, code); !fresh)
        twice.push_back(*title + " (" + it->second + ", " + code + ")");
    }
    INFO(locale << ": missing " << missing.size() << (missing.empty() ? "" : ", first ")
                << (missing.empty() ? "" : missing.front()));
    CHECK(missing.empty());
    INFO(locale << ": the same title twice: " << (twice.empty() ? "" : twice.front()));
    CHECK(twice.empty());
    // No key for a group ISCO-08 does not have (a typo such as isco.010 would never be shown).
    for (const auto& key : catalogue->keys())
      if (key.starts_with("isco.")) {
        INFO(locale << ": " << key);
        CHECK(std::find(codes.begin(), codes.end(), key.substr(5)) != codes.end());
      }
  }
}
