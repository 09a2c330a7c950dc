// Message catalogues (gettext PO files read with libgettextpo).
#include "domain/catalogue.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/form_library.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

// The UI languages (DESIGN.md, "Text and languages"). German and English are written by the team;
// the other ten are machine drafts that await a native speaker's review.
const std::set<std::string> kLocales = {"de", "en", "ar", "fa", "ps", "uk",
                                        "ru", "tr", "fr", "ti", "ku", "so"};
const std::set<std::string> kReviewed = {"de", "en"};
// Texts that read the same in every language: certificate names, and the digit key (it types 0-9).
const std::set<std::string> kSameInEveryLanguage = {
    "languages.german_certificate.option.telc", "languages.german_certificate.option.testdaf",
    "languages.german_certificate.option.oesd", "ui.keyboard.numbers"};

Catalogue load_asset_catalogue(const std::string& locale) {
  auto c = Catalogue::load_locale(test::asset("i18n"), locale);
  INFO(locale << ": " << (c ? "" : c.error().message));
  REQUIRE(c);
  return std::move(*c);
}

// What a person would notice if `other` were shown instead of the English catalogue, one line per
// key: a key without text (the screen would show the key), a text that is only the key, a
// placeholder that would stay unfilled or show as "{secnds}", a key that English does not have.
std::vector<std::string> differences(const Catalogue& english, const Catalogue& other) {
  std::vector<std::string> out;
  for (const auto& key : english.keys()) {
    const std::string* text = other.find(key);
    if (!text) {
      out.push_back(key + ": missing");
      continue;
    }
    if (*text == key) out.push_back(key + ": the text is the key");
    if (auto checked = check_placeholders(*english.find(key), *text); !checked)
      out.push_back(key + ": " + checked.error().message);
  }
  for (const auto& key : other.keys())
    if (!english.find(key)) out.push_back(key + ": not in the English catalogue");
  return out;
}

// The code points of valid UTF-8 text.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += length;
  }
  return out;
}

bool has_code_point_in(std::string_view text, char32_t first, char32_t last) {
  const auto cps = code_points(text);
  return std::any_of(cps.begin(), cps.end(), [&](char32_t c) { return c >= first && c <= last; });
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> letters) {
  return std::any_of(letters.begin(), letters.end(),
                     [&](std::string_view l) { return text.find(l) != std::string_view::npos; });
}

}  // namespace

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
  CHECK(c.error().message.find("broken.po:1") !=
        std::string::npos);  // line 9/10, as gettext counts
  CHECK(c.error().message.find("within string") != std::string::npos);
}

TEST_CASE("a language without a catalogue is a clear error") {
  auto c = Catalogue::load_locale(test::asset("i18n"), "xx");
  REQUIRE(!c);
  CHECK(c.error().code == "i18n.missing_catalogue");
  CHECK(!Catalogue::load_locale(test::asset("i18n"), "../forms/x"));
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

TEST_CASE("the catalogue comparison catches a missing key and broken placeholders") {
  auto english = Catalogue::load(test::fixture("i18n/reference.po"));
  auto translation = Catalogue::load(test::fixture("i18n/translation-with-mistakes.po"));
  REQUIRE(english);
  REQUIRE(translation);
  CHECK(differences(*english, *english).empty());
  const auto found = differences(*english, *translation);
  const std::vector<std::string> expected = {
      "admin.pin.wait: the text is the key",
      "admin.pin.wait: lacks {seconds}",
      "ui.idle.warning: has a stray \"{\" in \"{seconds\"; a placeholder is written {name}, with "
      "a-z and _ only",
      "ui.nav.next: missing",
      "ui.qr.closes_in: has {secnds}, which the source text does not have, and lacks {seconds}",
      "ui.nav.extra: not in the English catalogue",
  };
  CHECK(found == expected);
}

TEST_CASE("there is a catalogue for each of the twelve UI languages, and no other") {
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(test::asset("i18n")))
    if (entry.path().extension() == ".po") found.insert(entry.path().stem().string());
  CHECK(found == kLocales);
  for (const auto& locale : found) {
    INFO(locale);
    CHECK(load_asset_catalogue(locale).language() == locale);
    // The header fields that gettext's tools rely on and msgfmt does not insist on.
    const std::string text = test::read_file(test::asset("i18n/" + locale + ".po"));
    CHECK(text.find("\"Project-Id-Version: sichtbar 1\\n\"") != std::string::npos);
    CHECK(text.find("\"Content-Type: text/plain; charset=UTF-8\\n\"") != std::string::npos);
    CHECK(text.find("\"Plural-Forms: nplurals=") != std::string::npos);
  }
}

TEST_CASE("the English catalogue has every key of the profile form, and sound placeholders") {
  // Every published version: the hub shows records of older versions with their own labels.
  auto forms = FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  REQUIRE(forms);
  const Catalogue english = load_asset_catalogue("en");
  for (const Form& form : forms->versions())
    for (const auto& key : form.message_keys()) {
      INFO(form.schema() << ": " << key);
      CHECK(english.find(key) != nullptr);
    }
  for (const auto& key : english.keys()) {
    INFO(key << ": " << *english.find(key));
    CHECK(check_placeholders(*english.find(key), *english.find(key)));
    CHECK(*english.find(key) != key);
  }
}

TEST_CASE("every catalogue has exactly the English keys, each translated, placeholders kept") {
  const Catalogue english = load_asset_catalogue("en");
  for (const auto& locale : kLocales) {
    const auto found = differences(english, load_asset_catalogue(locale));
    INFO(locale << ": " << found.size()
                << " differences, the first: " << (found.empty() ? "" : found.front()));
    CHECK(found.empty());
  }
}

TEST_CASE("German and English are reviewed, the ten other catalogues are marked as drafts") {
  for (const auto& locale : kLocales) {
    const Catalogue c = load_asset_catalogue(locale);
    const auto keys = c.keys();
    const auto drafts = std::count_if(keys.begin(), keys.end(),
                                      [&](const std::string& key) { return c.is_draft(key); });
    INFO(locale);
    REQUIRE(!keys.empty());
    CHECK(drafts == (kReviewed.contains(locale) ? 0 : static_cast<std::ptrdiff_t>(keys.size())));
  }
}

TEST_CASE("the drafts are translated: no text is left as the English one, save names and codes") {
  // Latin-script languages name the letter keyboard ABC too.
  const std::set<std::string> latin = {"tr", "fr", "ku", "so"};
  const Catalogue english = load_asset_catalogue("en");
  for (const auto& locale : kLocales) {
    if (kReviewed.contains(locale)) continue;
    const Catalogue c = load_asset_catalogue(locale);
    for (const auto& key : english.keys()) {
      const std::string* text = c.find(key);
      if (!text || kSameInEveryLanguage.contains(key)) continue;
      if (latin.contains(locale) && key == "ui.keyboard.letters") continue;
      INFO(locale << ": " << key << ": " << *text);
      CHECK(*text != *english.find(key));
    }
  }
}

TEST_CASE("each catalogue is written in its own script") {
  struct Script {
    std::string locale;
    char32_t first, last;
  };
  const Script scripts[] = {{"ar", 0x0600, 0x06FF}, {"fa", 0x0600, 0x06FF}, {"ps", 0x0600, 0x06FF},
                            {"ti", 0x1200, 0x137F}, {"uk", 0x0400, 0x04FF}, {"ru", 0x0400, 0x04FF}};
  for (const auto& [locale, first, last] : scripts) {
    const Catalogue c = load_asset_catalogue(locale);
    for (const auto& key : c.keys()) {
      if (kSameInEveryLanguage.contains(key)) continue;
      INFO(locale << ": " << key << ": " << *c.find(key));
      CHECK(has_code_point_in(*c.find(key), first, last));
    }
  }
}

TEST_CASE("Persian, Pashto and Arabic use their own letters") {
  auto all_text = [](const Catalogue& c) {
    std::string out;
    for (const auto& key : c.keys()) out += *c.find(key) + "\n";
    return out;
  };
  const std::string pashto = all_text(load_asset_catalogue("ps"));
  const std::string persian = all_text(load_asset_catalogue("fa"));
  const std::string arabic = all_text(load_asset_catalogue("ar"));
  // Letters that only Pashto has; a Pashto text written with Persian letters lacks them.
  CHECK(contains_any(pashto, {"ټ", "ځ", "څ", "ډ", "ړ", "ږ", "ښ", "ګ", "ڼ", "ۍ"}));
  // Persian keh and yeh (U+06A9, U+06CC), never the Arabic kaf and yeh (U+0643, U+064A): they
  // look alike but search and sorting treat them as other letters. Pashto writes keh too.
  CHECK(!contains_any(persian, {"\u0643", "\u064A"}));
  CHECK(contains_any(persian, {"\u06A9"}));
  CHECK(contains_any(persian, {"\u06CC"}));
  CHECK(!contains_any(pashto, {"\u0643"}));
  CHECK(!contains_any(arabic, {"\u06A9", "\u06CC"}));
  CHECK(contains_any(persian, {"پ", "چ", "ژ", "گ"}));
}

TEST_CASE(
    "a kiosk not yet connected names the Connect button under its notice, in every language") {
  // The welcome screen and the volunteer's menu show the notice with the Connect button right
  // under it: a volunteer at the stand follows the words to that button, so they name it as it
  // reads (the office's command line is not at the stand).
  for (const auto& locale : kLocales) {
    const Catalogue c = load_asset_catalogue(locale);
    const std::string* notice = c.find("ui.welcome.not_enrolled");
    const std::string* button = c.find("admin.enroll.title");
    REQUIRE(notice);
    REQUIRE(button);
    INFO(locale << ": \"" << *notice << "\" should name \"" << *button << "\"");
    CHECK(notice->find(*button) != std::string::npos);
  }
}

TEST_CASE(
    "a kiosk whose ID the office knows with another key says where the office acts, in the office "
    "page's own words, in every language") {
  // The hub refuses a kiosk whose ID it has with another key (hub_store.device_exists); all
  // the office can do is revoke that entry on its Kiosks page. The volunteer passes the words
  // on, so they name that page and its button as the office reads them: English in English,
  // German (the office's language unless asked) in every other.
  std::map<std::string, Catalogue> office;
  for (const std::string language : {"en", "de"}) {
    auto c = Catalogue::load_locale(test::asset("i18n") / "office", language);
    REQUIRE(c);
    office.emplace(language, std::move(*c));
  }
  for (const auto& locale : kLocales) {
    const Catalogue& words = office.at(locale == "en" ? "en" : "de");
    const std::string* page = words.find("office.nav.kiosks");
    const std::string* revoke = words.find("office.kiosks.revoke");
    REQUIRE(page);
    REQUIRE(revoke);
    // The button's label without the "…" that says a question follows.
    const std::string button = revoke->substr(0, revoke->find(" \u2026"));
    const Catalogue kiosk = load_asset_catalogue(locale);
    const std::string* text = kiosk.find("admin.enroll.known_elsewhere");
    REQUIRE(text);
    INFO(locale << ": \"" << *text << "\" should name \"" << *page << "\" and \"" << button
                << "\"");
    CHECK(text->find(*page) != std::string::npos);
    CHECK(text->find(button) != std::string::npos);
  }
}

TEST_CASE("the keyboard's delete key and removing an entry are different words in every language") {
  // One Arabic word meant both (issue #14): a person who wants to erase a letter must not read
  // the word that removes a whole education entry, and the other way round.
  for (const auto& locale : kLocales) {
    const Catalogue c = load_asset_catalogue(locale);
    INFO(locale);
    REQUIRE(c.find("ui.keyboard.delete"));
    REQUIRE(c.find("ui.group.remove"));
    CHECK(*c.find("ui.keyboard.delete") != *c.find("ui.group.remove"));
  }
}
