// Names tests: the language picker shows each language in its own script, lists name languages
// and countries in the UI language, and sort the way a reader of that language expects.
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "domain/names.h"
#include "domain/ui_languages.h"

using namespace sichtbar::script;

namespace {

// The scripts of the letters in s (spaces and punctuation are Common and left out).
std::set<UScriptCode> scripts(const std::string& s) {
  std::set<UScriptCode> out;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  for (std::int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED) out.insert(script);
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("autonyms are in the language's own script") {
  struct Case {
    const char* code;
    const char* autonym;
    UScriptCode script;
  };
  for (const Case& c : {
           Case{"ps", "پښتو", USCRIPT_ARABIC},
           Case{"ti", "ትግርኛ", USCRIPT_ETHIOPIC},
           Case{"fa", "فارسی", USCRIPT_ARABIC},
           Case{"fa_AF", "دری", USCRIPT_ARABIC},  // Dari
           Case{"fa-AF", "دری", USCRIPT_ARABIC},
           Case{"ar", "العربية", USCRIPT_ARABIC},
           Case{"ku", "Kurdî", USCRIPT_LATIN},  // Kurmanji, capitalised for the menu
           Case{"uk", "Українська", USCRIPT_CYRILLIC},
           Case{"ru", "Русский", USCRIPT_CYRILLIC},
           Case{"tr", "Türkçe", USCRIPT_LATIN},
           Case{"fr", "Français", USCRIPT_LATIN},
           Case{"so", "Soomaali", USCRIPT_LATIN},
           Case{"de", "Deutsch", USCRIPT_LATIN},
           Case{"en", "English", USCRIPT_LATIN},
           Case{"am", "አማርኛ", USCRIPT_ETHIOPIC},
       }) {
    CAPTURE(c.code);
    const std::string autonym = language_autonym(c.code);
    CHECK(autonym == c.autonym);
    CHECK(scripts(autonym) == std::set<UScriptCode>{c.script});
  }
  for (const std::string_view code : sichtbar::kUiLanguages) {
    CAPTURE(code);
    CHECK(language_autonym(code) != code);
  }
}

TEST_CASE("languages and countries are named in the UI language") {
  CHECK(language_name("tr", "de") == "Türkisch");
  CHECK(language_name("fa_AF", "en") == "Dari");
  CHECK(language_name("ti", "de") == "Tigrinya");
  CHECK(language_name("ku", "en") == "Kurdish");
  CHECK(scripts(language_name("ps", "ar")) == std::set<UScriptCode>{USCRIPT_ARABIC});
  CHECK(scripts(language_name("de", "uk")) == std::set<UScriptCode>{USCRIPT_CYRILLIC});
  CHECK(language_name("fr", "fr") == "Français");  // capitalised as a menu entry
  CHECK(language_name("qqq", "de") == "qqq");      // unknown: the code, not an empty label

  CHECK(country_name("EG", "de") == "Ägypten");
  CHECK(country_name("ER", "ti") == "ኤርትራ");
  CHECK(country_name("SY", "ar") == "سوريا");
  CHECK(country_name("AF", "fa") == "افغانستان");
  CHECK(country_name("UA", "uk") == "Україна");
  CHECK(country_name("XK", "de") == "Kosovo");
}

TEST_CASE("the country list holds the countries people come from, and no Antarctica") {
  const std::vector<std::string> codes = country_codes();
  CHECK(codes.size() > 235);
  CHECK(codes.size() < 260);
  for (const char* code : {"DE", "SY", "AF", "IQ", "IR", "ER", "ET", "SO", "UA", "RU", "TR", "NG",
                           "PS", "XK", "KZ", "SS"}) {
    CAPTURE(code);
    CHECK(contains(codes, code));
  }
  for (const char* code : {"AQ", "BV", "HM", "IC", "EA", "DG", "EU", "ZZ", "001"}) {
    CAPTURE(code);
    CHECK_FALSE(contains(codes, code));
  }
  CHECK(std::is_sorted(codes.begin(), codes.end()));
  for (const std::string& code : codes) {
    CAPTURE(code);
    CHECK(country_name(code, "de") != code);
  }
}

TEST_CASE("the language list covers the UI languages and the languages of the Horn of Africa") {
  const std::vector<std::string> codes = world_language_codes();
  CHECK(codes.size() >= 150);
  for (const std::string_view code : sichtbar::kUiLanguages) {
    CAPTURE(code);
    CHECK(contains(codes, std::string(code)));
  }
  CHECK(contains(codes, "fa_AF"));  // Dari, for the mother-tongue picker
  // Amharic, Oromo, Tigrinya, Somali, Afar; Tigre, Blin, Saho, Beja (Eritrea); Sorani Kurdish;
  // and the most spoken languages of the world.
  for (const char* code :
       {"am", "om", "ti", "so", "aa", "tig", "byn", "ssy", "bej", "ckb", "zh", "hi",
        "es", "bn", "pt", "ur", "sw", "ha",  "yo",  "ig",  "ln",  "ro",  "sq", "sr",
        "bs", "hr", "pl", "ka", "hy", "az",  "uz",  "ta",  "vi",  "th"}) {
    CAPTURE(code);
    CHECK(contains(codes, code));
  }
  for (const std::string& code : codes) {
    CAPTURE(code);
    CHECK(language_name(code, "en") != code);
  }
}

TEST_CASE("lists sort by the UI language's collation") {
  std::vector<std::string> german;
  for (const std::string& code : country_codes()) german.push_back(country_name(code, "de"));
  german = sort_for_locale(std::move(german), "de");
  const auto at = [&](const char* name) {
    const auto it = std::find(german.begin(), german.end(), name);
    REQUIRE(it != german.end());
    return it - german.begin();
  };
  // German treats Ä as A: Ägypten comes right after Afghanistan, before Albanien.
  CHECK(at("Ägypten") == at("Afghanistan") + 1);
  CHECK(at("Ägypten") < at("Albanien"));
  CHECK(at("Oman") < at("Österreich"));  // Ö as O, not after Z as in Swedish
  CHECK(at("Österreich") < at("Pakistan"));
  CHECK(at("Zypern") == static_cast<long>(german.size()) - 1);

  // Turkish puts Ç after C; German does not tell them apart.
  CHECK(sort_for_locale({"Çad", "Cezayir", "Dominik"}, "tr") ==
        std::vector<std::string>{"Cezayir", "Çad", "Dominik"});
  CHECK(sort_for_locale({"Cezayir", "Çad", "Dominik"}, "de") ==
        std::vector<std::string>{"Çad", "Cezayir", "Dominik"});

  const LocaleCollation arabic("ar");
  CHECK(arabic.less("ألمانيا", "سوريا"));
  CHECK_FALSE(arabic.less("سوريا", "ألمانيا"));
}

TEST_CASE("a date is written out as a reader of the UI language writes it, Gregorian") {
  CHECK(date_name("2026-11-28", "de") == "28. November 2026");
  CHECK(date_name("2026-11-28", "en") == "November 28, 2026");
  CHECK(date_name("2026-11-28", "tr") == "28 Kasım 2026");
  // Persian would default to the Solar Hijri calendar; the office reads the Gregorian date.
  CHECK(date_name("2026-11-28", "fa").find("۲۰۲۶") != std::string::npos);
  CHECK(date_name("2026-11-28", "ar").find("نوفمبر") != std::string::npos);
  // Not an ISO date, or no such day: shown as it was.
  CHECK(date_name("28.11.2026", "de") == "28.11.2026");
  CHECK(date_name("2026-02-30", "de") == "2026-02-30");
  CHECK(date_name("-202-11-28", "de") == "-202-11-28");
  CHECK(date_name("", "ar") == "");
}
