// OccupationList, the one place that names an occupation answer for kiosk and hub: ESCO URIs by
// ESCO's labels (German where a language is missing, the common occupations' labels in the
// languages ESCO lacks), old ISCO-08 codes as records made before ESCO always showed them, and
// the URIs of newer ESCO data found for the office's flag.
#include "domain/occupations.h"

#include <catch2/catch.hpp>
#include <string>

#include "domain/form_library.h"
#include "support/temp_dir.h"

using namespace sichtbar;
namespace test = sichtbar::test;

namespace {

const OccupationList& occupations() {
  static const OccupationList list = [] {
    auto loaded = OccupationList::load(test::asset(""));
    if (!loaded) FAIL(loaded.error().message);
    return std::move(*loaded);
  }();
  return list;
}

const std::string kCivilEngineer =
    "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360";
const std::string kMedicalWriter =  // newer than ESCO's English and French release
    "http://data.europa.eu/esco/occupation/01d74409-5303-4b5c-8925-0cc21c4da8ee";
const std::string kNewer =
    "http://data.europa.eu/esco/occupation/0000aaaa-1111-2222-3333-444455556666";

}  // namespace

TEST_CASE("an ESCO occupation is named in the person's language, German where that is missing") {
  const auto& o = occupations();
  CHECK(o.name(kCivilEngineer, "de") == "Bauingenieur/Bauingenieurin");
  CHECK(o.name(kCivilEngineer, "en") == "civil engineer");
  CHECK(o.name(kCivilEngineer, "fr") == "ingénieur génie civil/ingénieure génie civil");
  CHECK(o.name(kCivilEngineer, "uk") == "інженер-будівельник");  // the common occupations' label
  CHECK(o.name(kMedicalWriter, "en") == "Medizinischer Autor/Medizinische Autorin");
  CHECK(o.name(kMedicalWriter, "ar") == "Medizinischer Autor/Medizinische Autorin");
  CHECK(o.isco_unit(kCivilEngineer) == "2142");
  CHECK(o.reference_version() == "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1");
}

TEST_CASE("an old ISCO-08 code keeps the name it always had; another unit gets its ISCO title") {
  const auto& o = occupations();
  CHECK(o.name("2643", "de") == "Dolmetscher/in");
  CHECK(o.name("2643", "en") == "Interpreter");
  CHECK(o.name("2643", "ar") == "Interpreter");  // English stands in, as before ESCO
  CHECK(o.name("2643", "fr") == "Traducteurs, interprètes et linguistes");
  // A unit the old list lacks: its ISCO-08 title.
  CHECK(o.name("7422", "de") ==
        "Installateure und Servicetechniker im Bereich Informations- und Kommunikationstechnik");
  CHECK(o.isco_unit("7422") == "7422");
  // Nothing knows these: no name, the code itself where one must be shown.
  CHECK_FALSE(o.find_name("9999", "de"));
  CHECK_FALSE(o.find_name("22", "de"));  // a sub-major group is no occupation
  CHECK_FALSE(o.find_name(kNewer, "de"));
  CHECK(o.name(kNewer, "de") == kNewer);
  CHECK(o.isco_unit(kNewer).empty());
}

TEST_CASE("the occupation answers from newer ESCO data are found wherever the form has them") {
  const auto& o = occupations();
  const FormLibrary forms = *FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  const Form& form = forms.latest();
  nlohmann::json answers = {
      {"work",
       {{"items",
         {{{"occupation", kCivilEngineer}}, {{"occupation", kNewer}}, {{"occupation", "2643"}}}}}},
      {"wishes", {{"desired_occupation", kNewer}}},
      {"about", {{"name", kNewer}}}};  // not an occupation field
  CHECK(o.is_unknown_esco(kNewer));
  CHECK_FALSE(o.is_unknown_esco(kCivilEngineer));
  CHECK_FALSE(o.is_unknown_esco("2643"));
  const auto unknown = o.unknown_esco_answers(form, answers);
  REQUIRE(unknown.size() == 2);
  CHECK(unknown[0].path == "work.items[1].occupation");
  CHECK(unknown[0].uri == kNewer);
  CHECK(unknown[1].path == "wishes.desired_occupation");
  answers["work"]["items"][1]["occupation"] = kMedicalWriter;
  answers["wishes"].erase("desired_occupation");
  CHECK(o.unknown_esco_answers(form, answers).empty());
}
