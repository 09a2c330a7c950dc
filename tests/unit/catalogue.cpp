// Message catalogues (gettext PO files read with libgettextpo).
#include <catch2/catch.hpp>

#include <set>
#include <string>

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

TEST_CASE("placeholders are the {names} in a text, each once") {
  using Names = std::set<std::string>;
  CHECK(placeholders("Step {current} of {total}") == Names{"current", "total"});
  CHECK(placeholders("{seconds} … {seconds}") == Names{"seconds"});
  CHECK(placeholders("ثبت‌شده امروز: {count}") == Names{"count"});
  CHECK(placeholders("No placeholder here") == Names{});
  // Only a-z and "_" between the braces make a placeholder.
  CHECK(placeholders("{Seconds} {sec onds} {} {seconds {2}") == Names{});
}

TEST_CASE("a translation must keep the source text's placeholders, written correctly") {
  const std::string_view source = "This screen closes by itself in {seconds} seconds.";
  CHECK(check_placeholders(source, "Dieser Bildschirm schließt sich in {seconds} Sekunden."));
  CHECK(check_placeholders("Step {current} of {total}", "{total} / {current}"));
  CHECK(check_placeholders("Done", "Fertig"));

  auto misspelt = check_placeholders(source, "Noch {secnds} Sekunden.");
  REQUIRE(!misspelt);
  CHECK(misspelt.error().code == "i18n.placeholder");
  CHECK(misspelt.error().message ==
        "has {secnds}, which the source text does not have, and lacks {seconds}");

  auto unclosed = check_placeholders(source, "Noch {seconds Sekunden.");
  REQUIRE(!unclosed);
  CHECK(unclosed.error().message.find("stray \"{\" in \"{seconds\"") != std::string::npos);

  auto unopened = check_placeholders(source, "Noch seconds} Sekunden.");
  REQUIRE(!unopened);
  CHECK(unopened.error().message.find("stray \"}\" in \"seconds}\"") != std::string::npos);

  auto capital = check_placeholders(source, "Noch {Seconds} Sekunden.");
  REQUIRE(!capital);
  CHECK(capital.error().message.find("stray \"{\"") != std::string::npos);

  auto dropped = check_placeholders(source, "Gleich schließt sich der Bildschirm.");
  REQUIRE(!dropped);
  CHECK(dropped.error().message == "lacks {seconds}");

  auto added = check_placeholders("Done", "Fertig, {name}");
  REQUIRE(!added);
  CHECK(added.error().message == "has {name}, which the source text does not have");
}

TEST_CASE("format_message fills each placeholder with its value") {
  CHECK(format_message("Step {current} of {total}", {{"current", "2"}, {"total", "7"}}) ==
        "Step 2 of 7");
  CHECK(format_message("{seconds} s, {seconds} s", {{"seconds", "5"}}) == "5 s, 5 s");
  CHECK(format_message("الملفات اليوم: {count}", {{"count", "12"}}) == "الملفات اليوم: 12");
  CHECK(format_message("Keine Platzhalter", {{"count", "1"}}) == "Keine Platzhalter");
  // A value is put in as it is, even if it looks like a placeholder (an event name, say).
  CHECK(format_message("Event: {name}", {{"name", "{count} & {name}"}, {"count", "3"}}) ==
        "Event: {count} & {name}");
  // A forgotten value and stray braces stay visible rather than vanishing.
  CHECK(format_message("In {seconds} s {oops} {x", {{"seconds", "9"}}) == "In 9 s {oops} {x");
  CHECK(format_message("", {}) == "");
}
