// "Your way to recognition" on the profile page in a real browser: Debian's headless Chromium
// opens the QR link of a person who worked as a doctor, wishes to work as a cook and asked for
// advice on recognition, after a real kiosk sync, in German, Arabic, Dari and Tigrinya, and saves
// a phone-sized screenshot of the section as PNG (build/profile-pages/recognition-<lang>.png) for
// a person to look at, and the page printed to PDF. Chromium must be installed (as for
// profile_pages_browser): without it this test fails and says so.
#include <catch2/catch.hpp>

#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
namespace fs = std::filesystem;

TEST_CASE("Chromium shows the way to recognition in German, Arabic, Dari and Tigrinya") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::vector<std::string> locales = {"de", "ar", "fa", "ti"};
  std::vector<std::string> links;
  for (const std::string& locale : locales) {
    auto answers = demo_answers("Person " + locale, "Augsburg");
    answers["locale"] = locale;
    // ESCO occupations, as the kiosk stores them: a general practitioner and a cook.
    answers["answers"]["work"]["items"][0]["occupation"] =
        "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6";
    answers["answers"]["wishes"]["desired_occupation"] =
        "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e";
    links.push_back(fill_answers(kiosk, answers, "answers-recognition-" + locale + ".json"));
  }
  auto r = kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  const fs::path shots = fs::path(SICHTBAR_BUILD_DIR) / "profile-pages";
  fs::create_directories(shots);
  for (std::size_t i = 0; i < locales.size(); ++i) {
    const std::string& locale = locales[i];
    INFO(locale << ": " << links[i]);
    auto dom = chromium({"--dump-dom"}, links[i]);
    INFO(dom.err);
    REQUIRE(dom.exit_code == 0);
    const auto section = dom.out.find("id=\"recognition\"");
    REQUIRE(section != std::string::npos);
    // The counselling first (the person asked for advice), then a box per occupation, each
    // saying it is not yet checked by an expert.
    CHECK(dom.out.find("counselling asked", section) < dom.out.find("class=\"way\"", section));
    CHECK(dom.out.find("ZAABY", section) != std::string::npos);
    CHECK(dom.out.find("IHK FOSA", section) != std::string::npos);
    CHECK(dom.out.find("MigraNet plus", section) != std::string::npos);
    CHECK(dom.out.find("recognition.", section) == std::string::npos);  // no key left over

    // A phone's width, tall enough for the whole page down to the section (a fragment
    // "#recognition" gave Chromium's headless screenshot a blank page).
    const fs::path png = shots / ("recognition-" + locale + ".png");
    fs::remove(png);
    auto shot = chromium({"--screenshot=" + png.string(), "--window-size=412,5600"}, links[i]);
    INFO(shot.err);
    CHECK(shot.exit_code == 0);
    REQUIRE(fs::exists(png));
    CHECK(fs::file_size(png) > 10000);
    CHECK(read_file(png).substr(1, 3) == "PNG");
  }
  // Printable: the German page on A4.
  const fs::path pdf = shots / "recognition-de.pdf";
  fs::remove(pdf);
  auto printed = chromium({"--print-to-pdf=" + pdf.string(), "--no-pdf-header-footer"}, links[0]);
  INFO(printed.err);
  CHECK(printed.exit_code == 0);
  REQUIRE(fs::exists(pdf));
  CHECK(read_file(pdf).substr(0, 5) == "%PDF-");
}
