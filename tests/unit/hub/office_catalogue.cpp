// The office pages' catalogues (assets/i18n/office): every key the office code asks for is in
// German and in English, both have the same keys, and the placeholders match.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "domain/catalogue.h"
#include "hub/web/office_texts.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

// Every "office.x.y" key in the office's code: what it asks its texts for, directly
// (text("office...")) or from a list of column headings.
std::set<std::string> keys_in_source() {
  const std::filesystem::path web =
      std::filesystem::path(SICHTBAR_FIXTURE_DIR) / ".." / ".." / "sync" / "hub" / "web";
  std::set<std::string> keys;
  const std::regex call(R"re("(office\.[a-z_.]+)")re");
  for (const char* file : {"office.cpp", "office_pages.cpp", "office_admin.cpp",
                           "office_cases.cpp", "office_case_pages.cpp", "office_people.cpp"}) {
    std::ifstream in(web / file);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (auto it = std::sregex_iterator(source.begin(), source.end(), call);
         it != std::sregex_iterator(); ++it)
      keys.insert((*it)[1]);
  }
  return keys;
}

Catalogue office_catalogue(const std::string& lang) {
  auto c = Catalogue::load_locale(test::asset("i18n") / "office", lang);
  INFO((c ? "" : c.error().message));
  REQUIRE(c);
  return *c;
}

}  // namespace

TEST_CASE("office catalogues: every key the office code uses is in German and English") {
  const auto used = keys_in_source();
  REQUIRE(used.size() >= 60);  // the scan found the calls
  for (const char* lang : {"de", "en"}) {
    const Catalogue c = office_catalogue(lang);
    for (const std::string& key : used) {
      INFO(lang << ": " << key);
      CHECK(c.find(key) != nullptr);
    }
  }
}

TEST_CASE("office catalogues: German and English have the same keys and placeholders") {
  const Catalogue de = office_catalogue("de"), en = office_catalogue("en");
  CHECK(de.keys() == en.keys());
  for (const std::string& key : en.keys())
    if (const std::string* german = de.find(key)) {
      INFO(key);
      CHECK(check_placeholders(*en.find(key), *german));
    }
}

TEST_CASE("office catalogues: the office speaks German unless asked, and shows a missing key") {
  auto texts = hub::web::OfficeTexts::load(test::asset("i18n"));
  REQUIRE(texts);
  CHECK(texts->text("office.login.title") == "Anmelden");
  CHECK(texts->text("office.login.title", "en") == "Log in");
  CHECK(texts->text("office.login.title", "ar") == "Anmelden");
  CHECK(texts->text("office.no_such_key") == "office.no_such_key");
}
