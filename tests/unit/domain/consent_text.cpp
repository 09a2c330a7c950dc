// The consent in short steps as a person reads it: every step short enough for someone who reads
// little, in every UI language; the office's own settings in it, so another office is another
// text (and another hash in the record); and an office name typed with direction marks or in
// another script shows as typed without turning the words around it.
#include "domain/consent_text.h"

#include <unicode/brkiter.h>
#include <unicode/ubidi.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "domain/form_library.h"
#include "domain/ui_languages.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

const Field& consent_field() {
  static const FormLibrary forms = *FormLibrary::load(test::asset("forms/skills-profile"));
  return forms.latest().consent_field();
}

// Words as ICU's word break finds them in the text's language: runs that are not spaces or
// punctuation ("QR-Code" is two, "d’accord" one). Thai-style dictionaries are not needed here.
std::size_t count_words(const icu::UnicodeString& text, const icu::Locale& locale) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(locale, status));
  REQUIRE(U_SUCCESS(status));
  words->setText(text);
  std::size_t n = 0;
  for (std::int32_t end = words->next(); end != icu::BreakIterator::DONE; end = words->next())
    if (words->getRuleStatus() != UBRK_WORD_NONE) ++n;
  return n;
}

// The sentences of a text (ICU's sentence break: a line feed ends one too) with their words.
std::vector<std::pair<std::string, std::size_t>> sentences(const std::string& utf8,
                                                           const icu::Locale& locale) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createSentenceInstance(locale, status));
  REQUIRE(U_SUCCESS(status));
  breaker->setText(text);
  std::vector<std::pair<std::string, std::size_t>> out;
  std::int32_t start = breaker->first();
  for (std::int32_t end = breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker->next()) {
    const icu::UnicodeString sentence(text, start, end - start);
    std::string s;
    sentence.toUTF8String(s);
    out.emplace_back(s, count_words(sentence, locale));
  }
  return out;
}

// An office whose every value is one word: the limits are about the catalogue's own sentences.
constexpr ConsentOffice kOneWordOffice{"Office", "Contact", "Officer", "Authority", 730};

}  // namespace

TEST_CASE("every consent step is at most about 80 words, each sentence at most 15, in every UI "
          "language") {
  for (std::string_view language : kUiLanguages) {
    CAPTURE(language);
    auto catalogue = Catalogue::load_locale(test::asset("i18n"), language);
    REQUIRE(catalogue);
    const icu::Locale locale(std::string(language).c_str());
    for (std::int32_t retention : {730, 0}) {
      ConsentOffice office = kOneWordOffice;
      office.retention_days = retention;
      auto steps = consent_steps(consent_field(), *catalogue, office);
      REQUIRE(steps);
      REQUIRE(steps->size() == kConsentSteps);
      for (const ConsentStep& step : *steps) {
        CAPTURE(step.id);
        std::string screen = step.title + "\n" + step.text;
        for (const std::string& choice : step.choices) screen += "\n" + choice;
        const std::size_t words = count_words(icu::UnicodeString::fromUTF8(screen), locale);
        CAPTURE(screen);
        CHECK(words > 3);
        CHECK(words <= 80);
        for (const auto& [sentence, sentence_words] : sentences(screen, locale)) {
          CAPTURE(sentence);
          CHECK(sentence_words <= 15);
        }
      }
    }
  }
}

TEST_CASE("the consent names the office from its settings, so another office is another text") {
  auto german = Catalogue::load_locale(test::asset("i18n"), "de");
  REQUIRE(german);
  const ConsentOffice augsburg{"Beratungsstelle Augsburg", "Wertachstraße 29, 86153 Augsburg",
                               "Datenschutz Schwaben GmbH",
                               "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)", 730};
  auto steps = consent_steps(consent_field(), *german, augsburg);
  REQUIRE(steps);
  const std::string shown = consent_shown_text(*steps);
  // Everything a person must be told (GDPR Art. 13, 7(3), 15-21, 77) is on some step.
  for (std::string_view part :
       {"Beratungsstelle Augsburg", "Wertachstraße 29", "Datenschutz Schwaben GmbH", "(BayLDA)",
        "\u2068730\u2069 Tage lang", "fragen, was wir über Sie speichern", "berichtigen", "löschen lassen",
        "einschränken", "als Datei", "widersprechen", "jederzeit zurücknehmen", "beschweren"}) {
    CAPTURE(part);
    CHECK(shown.find(part) != std::string::npos);
  }
  // No "Sichtbar, the office that runs this stand" any more: the office is named.
  CHECK(shown.find("Sichtbar") == std::string::npos);

  ConsentOffice munich = augsburg;
  munich.name = "Beratungsstelle München";
  CHECK(consent_shown_text(*consent_steps(consent_field(), *german, munich)) != shown);
  ConsentOffice forever = augsburg;
  forever.retention_days = 0;
  const std::string until_erased = consent_shown_text(*consent_steps(consent_field(), *german, forever));
  CHECK(until_erased != shown);
  CHECK(until_erased.find("bis Sie oder das Büro es löschen") != std::string::npos);
}

TEST_CASE("an office name typed with direction marks or in Arabic shows as typed") {
  auto german = Catalogue::load_locale(test::asset("i18n"), "de");
  REQUIRE(german);
  // A right-to-left override left open, an Arabic name, markup: all as the office typed them.
  const std::string name = "\u202E<b>Amt</b> & مكتب الاستشارة";
  auto steps = consent_steps(consent_field(), *german, {name, "Kontakt", "DSB", "BayLDA", 730});
  REQUIRE(steps);
  const std::string& text = (*steps)[1].text;
  // Isolated (FSI ... PDI), nothing taken out or escaped: the screen shapes it, no browser.
  CHECK(text.find("\u2068" + name + "\u2069") != std::string::npos);
  // Laid out left to right as the German screen does, line by line: every line after the name
  // reads in the order it was written; the override ends at the isolate's end.
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  UErrorCode status = U_ZERO_ERROR;
  UBiDi* bidi = ubidi_openSized(0, 0, &status);
  ubidi_setPara(bidi, u.getBuffer(), u.length(), 0 /* left to right */, nullptr, &status);
  std::vector<UChar> visual(static_cast<std::size_t>(u.length()) + 1);
  const std::int32_t n =
      ubidi_writeReordered(bidi, visual.data(), static_cast<std::int32_t>(visual.size()),
                           UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &status);
  ubidi_close(bidi);
  REQUIRE(U_SUCCESS(status));
  std::string shown;
  icu::UnicodeString(visual.data(), n).toUTF8String(shown);
  for (std::string_view after : {"Kontakt", "Datenschutzbeauftragte Person:",
                                 "Ihre Angaben werden verschlüsselt. Nur dieses Büro kann sie lesen."}) {
    CAPTURE(after);
    CHECK(shown.find(after) != std::string::npos);
  }
  CHECK(shown.find("Verantwortlich für Ihre Daten:") != std::string::npos);
}
