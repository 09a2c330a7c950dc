// `sichtbar-hub reference build` on small exports shaped like ESCO's: what it writes loads, joins
// the languages by URI, says which occupations lack a language and which were left out, is the
// same bytes every time; and broken input is refused with what to fix, with nothing written.
#include <catch2/catch.hpp>
#include <string>

#include "domain/esco.h"
#include "hub/reference/esco_build.h"
#include "support/temp_dir.h"

using sichtbar::EscoLanguage;
using sichtbar::EscoReference;
namespace hub = sichtbar::hub;
namespace test = sichtbar::test;

namespace {

const std::string kA = "http://data.europa.eu/esco/occupation/aaaaaaaa-0000-0000-0000-000000000001";
const std::string kB = "http://data.europa.eu/esco/occupation/bbbbbbbb-0000-0000-0000-000000000002";
const std::string kOld =
    "http://data.europa.eu/esco/occupation/cccccccc-0000-0000-0000-000000000003";

struct Exports {
  test::TempDir dir;
  std::filesystem::path de = dir / "esco-v1.2.0-de", en_fr = dir / "esco-v1.0-en-fr";
  std::string occupations_de =
      "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,code\n"
      "Occupation," +
      kB +
      ",7411,\"Elektriker/Elektrikerin\",\"Elektriker\nElektrikerin\n"
      "Elektroinstallateur\",\"ElektrikerIn\",released,7411.1\n"
      "Occupation," +
      kA + ",2211,\" Arzt/Ärztin \u200B\",\"Arzt\nÄrztin\nArzt\",,released,2211.1\n";
  std::string occupations_en =
      "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status\n"
      "Occupation," +
      kB +
      ",7411,electrician,\"wireman\nelectrician\",,released\n"
      "Occupation," +
      kOld + ",7411,wind turbine technician,,,released\n";
  std::string occupations_fr =
      "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description\r\n"
      "Occupation," +
      kB +
      ",7411,\"électricien/électricienne\",\"électricien\nélectricienne\",\"\"\r\n"
      "Occupation," +
      kOld + ",7411,technicien éolien,,\r\n";
  std::string isco_de =
      "conceptType,conceptUri,code,preferredLabel,status,altLabels\n"
      "ISCOGroup,u,2,Akademische Berufe,released,\nISCOGroup,u,22,Gesundheitsberufe,released,\n"
      "ISCOGroup,u,221,Ärzte,released,\nISCOGroup,u,2211,Allgemeinärzte,released,\n"
      "ISCOGroup,u,7,Handwerksberufe,released,\nISCOGroup,u,74,Elektriker,released,\n"
      "ISCOGroup,u,741,Elektroinstallateure,released,\nISCOGroup,u,7411,Elektriker,released,\n";
  std::string isco_en =
      "conceptType,conceptUri,code,preferredLabel,altLabels\r\n"
      "ISCOGroup,u,2,Professionals,\r\nISCOGroup,u,22,Health,\r\n"
      "ISCOGroup,u,221,Doctors,\r\nISCOGroup,u,2211,Generalists,\r\n"
      "ISCOGroup,u,7,Craft,\r\nISCOGroup,u,74,Electrical,\r\n"
      "ISCOGroup,u,741,Installers,\r\nISCOGroup,u,7411,Electricians,\r\n";
  std::string isco_fr = isco_en;

  void write() const {
    std::filesystem::create_directories(de);
    std::filesystem::create_directories(en_fr);
    test::write_file(de / "occupations_de.csv", occupations_de);
    test::write_file(de / "ISCOGroups_de.csv", isco_de);
    test::write_file(en_fr / "occupations_en.csv", occupations_en);
    test::write_file(en_fr / "occupations_fr.csv", occupations_fr);
    test::write_file(en_fr / "ISCOGroups_en.csv", isco_en);
    test::write_file(en_fr / "ISCOGroups_fr.csv", isco_fr);
  }
  sichtbar::Result<hub::EscoAsset> build() const {
    write();
    return hub::build_esco_asset(de, en_fr);
  }
};

}  // namespace

TEST_CASE("the builder joins the languages by URI and writes an asset the programs load") {
  Exports x;
  auto asset = x.build();
  REQUIRE(asset);
  CHECK(asset->occupations == 2);
  CHECK(asset->groups == 8);
  CHECK(asset->lacking_en == 1);
  CHECK(asset->left_out == 1);
  auto ref = EscoReference::parse(asset->occupations_tsv, asset->isco_tsv);
  REQUIRE(ref);
  CHECK(ref->version() == "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1");
  const auto a = ref->find(kA), b = ref->find(kB);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a < *b);  // sorted by UUID, not by the export's order
  CHECK_FALSE(ref->find(kOld));
  // Trimmed, the zero-width space gone, the repeat dropped, the forms split out.
  CHECK(ref->preferred(*a, EscoLanguage::de) == "Arzt/Ärztin");
  CHECK(ref->preferred(*a, EscoLanguage::en).empty());
  std::vector<std::string> labels;
  ref->for_each_label(*b, EscoLanguage::de, [&](std::string_view l, sichtbar::LabelKind k) {
    labels.push_back(std::string(l) + ":" + std::to_string(static_cast<int>(k)));
  });
  CHECK(labels == std::vector<std::string>{"Elektriker/Elektrikerin:0", "Elektriker:1",
                                           "Elektrikerin:1", "Elektroinstallateur:2",
                                           "ElektrikerIn:3"});
  CHECK(ref->preferred(*b, EscoLanguage::fr) == "électricien/électricienne");
  CHECK(ref->isco_title("7411", EscoLanguage::en) == "Electricians");
  CHECK(asset->occupations_tsv.find("#lacks\ten\t1\taaaaaaaa-0000-0000-0000-000000000001\n") !=
        std::string::npos);
  CHECK(asset->notice_md.find("2011/833/EU") != std::string::npos);
  CHECK(asset->notice_md.find("wind turbine technician (" + kOld + ")") != std::string::npos);
  CHECK(asset->notice_md.find("ISCO-08") != std::string::npos);
  // The same exports give the same bytes.
  auto again = x.build();
  REQUIRE(again);
  CHECK(again->occupations_tsv == asset->occupations_tsv);
  CHECK(again->isco_tsv == asset->isco_tsv);
  CHECK(again->notice_md == asset->notice_md);
}

TEST_CASE("broken exports are refused with what to fix, and the verb writes nothing") {
  Exports x;
  std::string* file = nullptr;
  std::string expected;
  SECTION("a column missing") {
    file = &x.occupations_de;
    file->replace(file->find("hiddenLabels"), 12, "hiddenLabelz");
    expected = "occupations_de.csv has no column \"hiddenLabels\"";
  }
  SECTION("a label with a tab") {
    file = &x.occupations_en;
    file->replace(file->find("wireman"), 7, "wire\tman");
    expected = "occupations_en.csv has a label with a tab or \"|\" in the row starting at line 2";
  }
  SECTION("a label with a bar") {
    file = &x.occupations_fr;
    file->replace(file->find("technicien éolien"), 10, "technicien|");
    expected = "occupations_fr.csv has a label with a tab or \"|\" in the row starting at line 4";
  }
  SECTION("an iscoGroup not among the groups") {
    file = &x.occupations_de;
    file->replace(file->find(",2211,"), 6, ",2212,");
    expected = "has the iscoGroup \"2212\" in the row starting at line 5";
  }
  SECTION("a torn quoted cell") {
    file = &x.occupations_de;
    file->resize(file->find("Elektroinstallateur"));
    expected = "occupations_de.csv is broken at line 2: a quoted cell is never closed";
  }
  auto asset = x.build();
  REQUIRE_FALSE(asset);
  INFO(asset.error().message);
  CHECK(asset.error().message.find(expected) != std::string::npos);
  CHECK(asset.error().message.find("Nothing was written.") != std::string::npos);

  // Through the verb: exit 1, the message, and the asset folder as it was.
  const auto out = x.dir / "out";
  std::filesystem::create_directories(out);
  test::write_file(out / "occupations.tsv", "old");
  auto r = test::run({SICHTBAR_HUB_BIN, "reference", "build", "--esco-de", x.de.string(),
                      "--esco-en-fr", x.en_fr.string(), "--out", out.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(expected) != std::string::npos);
  CHECK(test::read_file(out / "occupations.tsv") == "old");
  CHECK_FALSE(std::filesystem::exists(out / "isco.tsv"));
  CHECK_FALSE(std::filesystem::exists(out / "NOTICE.md"));
}

TEST_CASE("the verb writes the three files, readable by everyone, and says what it wrote") {
  Exports x;
  x.write();
  const auto out = x.dir / "assets" / "taxonomy" / "esco";
  auto r = test::run({SICHTBAR_HUB_BIN, "reference", "build", "--esco-de", x.de.string(),
                      "--esco-en-fr", x.en_fr.string(), "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("2 occupations; 1 lack English, 1 French; 1 older ones left out") !=
        std::string::npos);
  auto ref = EscoReference::load(x.dir / "assets");
  REQUIRE(ref);
  CHECK(ref->size() == 2);
  CHECK((std::filesystem::status(out / "occupations.tsv").permissions() &
         std::filesystem::perms::others_read) != std::filesystem::perms::none);
  // A folder without a release in its name is refused before anything is read.
  std::filesystem::rename(x.de, x.dir / "german");
  r = test::run({SICHTBAR_HUB_BIN, "reference", "build", "--esco-de", (x.dir / "german").string(),
                 "--esco-en-fr", x.en_fr.string(), "--out", out.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("does not say its ESCO release") != std::string::npos);
}
