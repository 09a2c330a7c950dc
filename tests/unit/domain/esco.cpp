// The ESCO reference data as both programs load it: the committed asset has every occupation
// and ISCO-08 group, finds a record's URI with its labels, keeps the gendered forms, says which
// occupations lack a language, and a broken asset is refused with the file and line named.
#include "domain/esco.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.h"

using sichtbar::EscoLanguage;
using sichtbar::EscoReference;
using sichtbar::LabelKind;
namespace test = sichtbar::test;

namespace {

const EscoReference& committed() {
  static const EscoReference ref = [] {
    auto r = EscoReference::load(test::asset(""));
    if (!r) FAIL(r.error().message);
    return std::move(*r);
  }();
  return ref;
}

std::vector<std::pair<std::string, LabelKind>> labels(const EscoReference& ref, std::uint32_t row,
                                                      EscoLanguage language) {
  std::vector<std::pair<std::string, LabelKind>> out;
  ref.for_each_label(row, language,
                     [&](std::string_view l, LabelKind k) { out.emplace_back(std::string(l), k); });
  return out;
}

constexpr const char* kFixtureUri =
    "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360";

}  // namespace

TEST_CASE("the committed asset has every ESCO v1.2.0 occupation and every ISCO-08 group") {
  const auto& ref = committed();
  CHECK(ref.size() == 3039);
  CHECK(ref.isco_codes().size() == 619);
  CHECK(std::is_sorted(ref.isco_codes().begin(), ref.isco_codes().end()));
  std::size_t units = 0, rows_by_unit = 0;
  for (std::string_view code : ref.isco_codes()) {
    CHECK_FALSE(ref.isco_title(code, EscoLanguage::de).empty());
    CHECK_FALSE(ref.isco_title(code, EscoLanguage::en).empty());
    CHECK_FALSE(ref.isco_title(code, EscoLanguage::fr).empty());
    if (code.size() == 4) ++units;
    rows_by_unit += ref.rows_in_unit(code).size();
  }
  CHECK(units == 436);
  CHECK(rows_by_unit == 3039);  // every row is in exactly one unit's list
  for (std::uint32_t row = 0; row < ref.size(); ++row) {
    INFO(ref.uri(row));
    REQUIRE(ref.isco(row).size() == 4);
    CHECK_FALSE(ref.isco_title(ref.isco(row), EscoLanguage::de).empty());
    CHECK_FALSE(ref.preferred(row, EscoLanguage::de).empty());
    CHECK(ref.find(ref.uri(row)) == row);
    const auto unit = ref.rows_in_unit(ref.isco(row));
    CHECK(std::find(unit.begin(), unit.end(), row) != unit.end());
  }
  CHECK(ref.isco_title("2211", EscoLanguage::en) == "Generalist medical practitioners");
  CHECK(ref.isco_title("0", EscoLanguage::de) == "Angehörige der regulären Streitkräfte");
  CHECK(ref.isco_title("9999", EscoLanguage::de).empty());
  CHECK(ref.version() == "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1");
}

TEST_CASE("the URI a record stores is found with its German, English and French labels") {
  const auto& ref = committed();
  const auto row = ref.find(kFixtureUri);
  REQUIRE(row);
  CHECK(ref.find("d7d986e1-7333-431b-9719-0c5c6939e360") == row);
  CHECK(ref.uri(*row) == kFixtureUri);
  CHECK(ref.isco(*row) == "2142");
  CHECK(ref.preferred(*row, EscoLanguage::de) == "Bauingenieur/Bauingenieurin");
  CHECK(ref.preferred(*row, EscoLanguage::en) == "civil engineer");
  CHECK_FALSE(ref.preferred(*row, EscoLanguage::fr).empty());
  // A URI ESCO never had, a well-formed one of a newer release, and junk are not found.
  CHECK_FALSE(
      ref.find("http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000"));
  CHECK_FALSE(ref.find(""));
  CHECK_FALSE(ref.find("2142"));
}

TEST_CASE("an occupation newer than the English and French release has German labels only") {
  const auto& ref = committed();
  // "Medizinischer Autor/Medizinische Autorin" came after ESCO v1.0.
  const auto row = ref.find("01d74409-5303-4b5c-8925-0cc21c4da8ee");
  REQUIRE(row);
  CHECK(ref.preferred(*row, EscoLanguage::de) == "Medizinischer Autor/Medizinische Autorin");
  CHECK(ref.preferred(*row, EscoLanguage::en).empty());
  CHECK(ref.preferred(*row, EscoLanguage::fr).empty());
  CHECK(labels(ref, *row, EscoLanguage::en).empty());
  std::size_t lacking_en = 0, lacking_fr = 0;
  for (std::uint32_t r = 0; r < ref.size(); ++r) {
    lacking_en += ref.preferred(r, EscoLanguage::en).empty();
    lacking_fr += ref.preferred(r, EscoLanguage::fr).empty();
  }
  CHECK(lacking_en == 102);
  CHECK(lacking_fr == 102);
}

TEST_CASE("both gendered forms of a German label are labels of their own, preferred label first") {
  const auto& ref = committed();
  const auto row = ref.find("35efc04c-429a-407e-a00a-f07fd03c2743");
  REQUIRE(row);
  const auto de = labels(ref, *row, EscoLanguage::de);
  REQUIRE(de.size() >= 3);
  CHECK(de[0] ==
        std::pair<std::string, LabelKind>{"Elektroniker/Elektronikerin", LabelKind::preferred});
  CHECK(de[1] == std::pair<std::string, LabelKind>{"Elektroniker", LabelKind::form});
  CHECK(de[2] == std::pair<std::string, LabelKind>{"Elektronikerin", LabelKind::form});
  CHECK(std::count_if(de.begin(), de.end(),
                      [](auto& l) { return l.second == LabelKind::alternative; }) >= 1);
  // French the same way; English has no forms.
  const auto fr = labels(ref, *row, EscoLanguage::fr);
  CHECK(std::find(fr.begin(), fr.end(),
                  std::pair<std::string, LabelKind>{"technicienne radio", LabelKind::form}) !=
        fr.end());
  for (const auto& [l, kind] : labels(ref, *row, EscoLanguage::en)) CHECK(kind != LabelKind::form);
  // No label is empty or carries a separator of the format.
  std::size_t all = 0;
  for (std::uint32_t r = 0; r < ref.size(); ++r)
    for (auto language : {EscoLanguage::de, EscoLanguage::en, EscoLanguage::fr})
      ref.for_each_label(r, language, [&](std::string_view l, LabelKind) {
        ++all;
        CHECK_FALSE(l.empty());
        CHECK(l.find_first_of("\t|\n") == std::string_view::npos);
      });
  CHECK(all > 60000);
}

TEST_CASE("a moved reference keeps its labels") {
  auto loaded = EscoReference::load(test::asset(""));
  REQUIRE(loaded);
  const auto row = loaded->find(kFixtureUri);
  REQUIRE(row);
  const std::string_view before = loaded->preferred(*row, EscoLanguage::de);
  EscoReference moved = std::move(*loaded);
  CHECK(moved.preferred(*row, EscoLanguage::de).data() == before.data());
  CHECK(moved.preferred(*row, EscoLanguage::de) == "Bauingenieur/Bauingenieurin");
  CHECK(moved.rows_in_unit("2142").size() > 1);
}

TEST_CASE("the font atlas gets the code points the labels use") {
  const auto cps = committed().code_points();
  const std::set<char32_t> set(cps.begin(), cps.end());
  CHECK(set.contains(U'ß'));
  CHECK(set.contains(U'é'));
  CHECK_FALSE(set.contains(U'\u200B'));  // zero-width spaces were removed
  for (char32_t cp : cps) CHECK(cp >= 0x80);
}

TEST_CASE("a broken or missing asset is refused with the file and line named") {
  test::TempDir dir;
  const auto esco = dir.path() / "taxonomy" / "esco";
  std::filesystem::create_directories(esco);
  auto missing = EscoReference::load(dir.path());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "reference.unreadable");
  CHECK(missing.error().message.find("occupations.tsv") != std::string::npos);

  const std::string occupations = test::read_file(test::asset("taxonomy/esco/occupations.tsv"));
  const std::string isco = test::read_file(test::asset("taxonomy/esco/isco.tsv"));
  test::write_file(esco / "isco.tsv", isco);
  const auto refused = [&](const std::string& text, const std::string& line) {
    test::write_file(esco / "occupations.tsv", text);
    auto r = EscoReference::load(dir.path());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "reference.malformed");
    CHECK(r.error().message.find("occupations.tsv is broken at line " + line) != std::string::npos);
  };
  // The fixture's row with a cell cut off, with an ISCO unit that is not a group, and a torn copy.
  const auto at = occupations.find("d7d986e1-");
  const auto line =
      std::to_string(std::count(occupations.begin(), occupations.begin() + at, '\n') + 1);
  const auto end = occupations.find('\n', at);
  const std::string row = occupations.substr(at, end - at);
  refused(occupations.substr(0, at) + row.substr(0, row.rfind('\t')) + occupations.substr(end),
          line);
  std::string bad_unit = occupations;
  bad_unit.replace(at + 37, 4, "9999");
  refused(bad_unit, line);
  refused(
      occupations.substr(0, occupations.size() / 2),
      std::to_string(
          std::count(occupations.begin(), occupations.begin() + occupations.size() / 2, '\n') + 1));
  refused("#sichtbar-reference\tesco-occupations\t2\n", "1");
}
