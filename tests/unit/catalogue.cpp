// Message catalogues (gettext PO files read with libgettextpo).
#include <catch2/catch.hpp>

#include "core/catalogue.h"
#include "core/form.h"
#include "support/temp_dir.h"

using namespace sichtbar;

TEST_CASE("a catalogue gives each key its translation, exactly as written") {
  auto c = Catalogue::load(test::fixture("i18n/sample.po"));
  REQUIRE(c);
  CHECK(c->language() == "ps");
  REQUIRE(c->find("form.title"));
  CHECK(*c->find("form.title") == "ستاسو مهارتونه");
  CHECK(*c->find("section.about.title") == "ستاسو په اړه: {name}");
}

TEST_CASE("untranslated and fuzzy entries count as missing, as gettext does") {
  auto c = Catalogue::load(test::fixture("i18n/sample.po"));
  REQUIRE(c);
  CHECK(c->find("section.languages.title") == nullptr);  // fuzzy
  CHECK(c->find("section.work.title") == nullptr);       // empty msgstr
  CHECK(c->find("no.such.key") == nullptr);
  CHECK(c->keys() == std::vector<std::string>{"form.title", "section.about.title"});
}

TEST_CASE("drafted translations are marked as drafts") {
  auto c = Catalogue::load(test::fixture("i18n/sample.po"));
  REQUIRE(c);
  CHECK(c->is_draft("form.title"));
  CHECK(!c->is_draft("section.about.title"));
}

TEST_CASE("a broken PO file gives an error naming the file and line") {
  auto c = Catalogue::load(test::fixture("i18n/broken.po"));
  REQUIRE(!c);
  CHECK(c.error().code == "i18n.bad_catalogue");
  CHECK(c.error().message.find("broken.po") != std::string::npos);
  CHECK(c.error().message.find("broken.po:1") != std::string::npos);  // line 9/10, as gettext counts
  CHECK(c.error().message.find("within string") != std::string::npos);
}

TEST_CASE("a language without a catalogue is a clear error") {
  auto c = Catalogue::load_locale(test::asset("i18n"), "xx");
  REQUIRE(!c);
  CHECK(c.error().code == "i18n.missing_catalogue");
  CHECK(!Catalogue::load_locale(test::asset("i18n"), "../forms/x"));
}

TEST_CASE("the German and English catalogues translate every key of the profile form") {
  auto form = load_form(test::asset("forms/skills-profile.json"));
  REQUIRE(form);
  for (const char* locale : {"de", "en"}) {
    auto c = Catalogue::load_locale(test::asset("i18n"), locale);
    REQUIRE(c);
    CHECK(c->language() == locale);
    for (const auto& key : form->message_keys()) {
      INFO(locale << ": " << key);
      CHECK(c->find(key) != nullptr);
    }
  }
}
