// The profile page in a real browser: Debian's headless Chromium opens the link from a QR code
// after a real kiosk sync, in German, Arabic and Tigrinya, and saves a phone-sized screenshot of
// each as PNG in the build folder (build/profile-pages/) for a person to look at. The DOM as
// Chromium built it refers to no resource outside the hub. Chromium must be installed (Debian
// packages chromium and chromium-driver, in deploy/sichtbar's list): without it this test fails
// and says so; it never skips.
#include <catch2/catch.hpp>
#include <regex>

#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
namespace fs = std::filesystem;

TEST_CASE("Chromium shows the profile from its QR link in German, Arabic and Tigrinya") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::vector<std::pair<std::string, std::string>> people = {
      {"de", "Amanuel Tesfaye"}, {"ar", "رانيا الحسن"}, {"ti", "ኣማኑኤል ተስፋይ"}};
  std::vector<std::string> links;
  for (const auto& [locale, name] : people) links.push_back(fill_profile(kiosk, locale, name));
  auto r = kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  const fs::path shots = fs::path(SICHTBAR_BUILD_DIR) / "profile-pages";
  fs::create_directories(shots);
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto& [locale, name] = people[i];
    INFO(locale << ": " << links[i]);
    // The DOM after load: the person's page, in their language, and nothing from elsewhere.
    auto dom = chromium({"--dump-dom"}, links[i]);
    INFO(dom.err);
    REQUIRE(dom.exit_code == 0);
    CHECK(dom.out.find("lang=\"" + locale + "\"") != std::string::npos);
    CHECK(dom.out.find(name) != std::string::npos);
    const std::regex reference("(src|href)=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(dom.out.begin(), dom.out.end(), reference);
         it != std::sregex_iterator(); ++it) {
      const std::string url = (*it)[2].str();
      INFO("reference " << url);
      CHECK((url.starts_with("/") || url.starts_with("?")));
    }
    // A phone's viewport (412 x 915 CSS pixels).
    const fs::path png = shots / ("profile-" + locale + ".png");
    fs::remove(png);
    auto shot = chromium({"--screenshot=" + png.string(), "--window-size=412,915"}, links[i]);
    INFO(shot.err);
    CHECK(shot.exit_code == 0);
    REQUIRE(fs::exists(png));
    CHECK(fs::file_size(png) > 10000);
    CHECK(read_file(png).substr(1, 3) == "PNG");
  }
  // The page before sync, in Arabic, for the record.
  Kiosk late{office.tmp_ / "late"};
  late.enroll(office);
  const std::string pending = fill_profile(late, "ar", "لم يتزامن بعد");
  auto shot = chromium(
      {"--screenshot=" + (shots / "pending-ar.png").string(), "--window-size=412,915"}, pending);
  CHECK(shot.exit_code == 0);
  CHECK(fs::exists(shots / "pending-ar.png"));
}
