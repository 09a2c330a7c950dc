// Search tests: what a person typing on the kiosk's keyboard expects to find. Case, accents,
// harakat and keyboard variants do not matter, a Latin keyboard finds Cyrillic and Arabic labels
// where ICU can transliterate, a word's start ranks before a match inside a word, and an
// occupation list the size of ESCO's still finds what was typed (its speed: tests/bench).
#include <unicode/translit.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "domain/fold.h"
#include "support/occupation_labels.h"
#include "text/picker_lists.h"
#include "domain/search.h"

using namespace sichtbar::script;

namespace {

SearchIndex build(std::vector<SearchEntry> entries) {
  auto index = SearchIndex::build(std::move(entries));
  if (!index) FAIL(index.error().message);
  return std::move(*index);
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const SearchHit& h : hits) out.emplace_back(h.id);
  return out;
}

bool finds(const SearchIndex& index, std::string_view query, std::string_view id) {
  const auto hits = index.query(query);
  return std::any_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.id == id; });
}

// Countries as the kiosk would index them: the name in the UI language, German and English.
SearchIndex countries() {
  return build({
      {"TR", "Türkiye"},       {"TR", "Türkei"},    {"TR", "تركيا"},       {"DE", "Almanya"},
      {"DE", "Deutschland"},   {"DE", "Germany"},   {"DE", "ألمانيا"},     {"UA", "Україна"},
      {"UA", "Ukraine"},       {"AF", "افغانستان"}, {"AF", "Afghanistan"}, {"ER", "ኤርትራ"},
      {"ER", "Eritrea"},       {"EG", "Ägypten"},   {"EG", "مصر"},         {"FR", "France"},
      {"CI", "Côte d’Ivoire"}, {"SY", "Syrien"},    {"SY", "سوريا"},       {"IR", "ایران"},
  });
}

}  // namespace

TEST_CASE("case and accents do not matter") {
  const SearchIndex index = countries();
  CHECK(ids(index.query("turkiye")).front() == "TR");
  CHECK(ids(index.query("TÜRKIYE")).front() == "TR");
  CHECK(ids(index.query("agypten")).front() == "EG");
  CHECK(ids(index.query("cote d ivoire")).front() == "CI");

  const SearchIndex schools = build({{"school", "École primaire"}, {"uni", "Université"}});
  CHECK(ids(schools.query("ecole")) == std::vector<std::string>{"school"});
  CHECK(ids(schools.query("ÉCOLE")) == std::vector<std::string>{"school"});
  CHECK(ids(schools.query("universite")) == std::vector<std::string>{"uni"});
}

TEST_CASE("labels in other languages and scripts are found") {
  const SearchIndex index = countries();
  CHECK(ids(index.query("Almanya")).front() == "DE");  // the Turkish name
  CHECK(ids(index.query("ukraina")).front() == "UA");  // Україна, transliterated
  CHECK(finds(index, "укр", "UA"));                    // typed in Cyrillic
  CHECK(finds(index, "afgh", "AF"));
  CHECK(finds(index, "ኤርት", "ER"));  // Tigrinya, typed in Ethiopic
}

TEST_CASE("Arabic-script search forgives harakat, hamza and keyboard variants") {
  const SearchIndex index = build({{"muhammad", "مُحَمَّد"},
                                   {"DE", "ألمانيا"},
                                   {"TR", "تركيا"},
                                   {"IR", "ایران"},
                                   {"teacher", "معلّم"}});
  CHECK(finds(index, "محمد", "muhammad"));
  CHECK(finds(index, "المانيا", "DE"));  // alef without hamza
  CHECK(finds(index, "ترکیا", "TR"));    // Persian kaf and yeh for Arabic ones
  CHECK(finds(index, "ايران", "IR"));    // Arabic yeh for Persian
  CHECK(finds(index, "معلم", "teacher"));
  CHECK(finds(index, "مع\u200Cلم", "teacher"));  // a stray ZWNJ from a Persian keyboard
}

TEST_CASE("digits of every script are the same digits") {
  const SearchIndex index = build({{"b1", "Führerschein B1"}, {"2019", "Abschluss ۲۰۱۹"}});
  CHECK(finds(index, "b١", "b1"));
  CHECK(finds(index, "2019", "2019"));
}

TEST_CASE("a word's start ranks before a match inside a word") {
  const SearchIndex index = build({
      {"artist", "Kunstmaler"},
      {"car-painter", "Fahrzeuglackierer und Maler"},
      {"painter", "Maler"},
      {"painter-decorator", "Maler und Lackierer"},
  });
  const auto hits = index.query("maler");
  REQUIRE(hits.size() == 4);
  CHECK(hits[0].id == "painter");  // the whole label
  CHECK(hits[0].kind == 4);
  CHECK(hits[1].id == "painter-decorator");  // the label's start
  CHECK(hits[1].kind == 3);
  CHECK(hits[2].id == "car-painter");  // a word's start
  CHECK(hits[2].kind == 2);
  CHECK(hits[3].id == "artist");  // inside a word
  CHECK(hits[3].kind == 1);

  // Every word typed must be found; words may be typed in any order and cut short.
  CHECK(ids(index.query("maler lack")) ==
        std::vector<std::string>{"painter-decorator", "car-painter"});
  CHECK(ids(index.query("lack maler")) ==
        std::vector<std::string>{"painter-decorator", "car-painter"});
  CHECK(index.query("maler koch").empty());
}

TEST_CASE("one hit per item, with the label that matched best, and at most the limit") {
  const SearchIndex index = countries();
  const auto hits = index.query("t");
  std::vector<std::string> seen = ids(hits);
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  const auto de = index.query("deutsch");
  REQUIRE(de.size() == 1);
  CHECK(de[0].label == "Deutschland");
  CHECK(index.entry(de[0].entry).label == "Deutschland");
  CHECK(index.query("a", 3).size() == 3);
  CHECK(index.query("").empty());
  CHECK(index.query("  -- ").empty());
  CHECK(index.query("\xC3").empty());  // broken bytes find nothing rather than everything
}

TEST_CASE("a label that is not UTF-8 is refused when the index is built") {
  auto bad = SearchIndex::build({{"x", "ok"}, {"y", "bad \xFF"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "search.invalid_utf8");
  CHECK(bad.error().message.find("\"y\"") != std::string::npos);
}

TEST_CASE("folding gives an ASCII form and one in the label's own script") {
  const SearchIndex index = build({});
  CHECK(index.fold("Straße / Maler-in").ascii == "strasse maler in");
  CHECK(index.fold("İstanbul").ascii == "istanbul");
  CHECK(index.fold("Diyarbakır").ascii == "diyarbakir");
  const FoldedText arabic = index.fold("مُعَلِّم");
  CHECK(arabic.native == "معلم");
  CHECK(arabic.ascii != arabic.native);
}

TEST_CASE("Latin letters without an accent to drop fold as ICU's Latin-ASCII writes them") {
  // The index folds these itself, without a transliterator; a query with them must meet the
  // labels as before ("Œnologue", "Ærø", "Łódź", "Diyarbakır").
  const LabelIndex index = [] {
    auto built = LabelIndex::build({});
    if (!built) FAIL(built.error().message);
    return std::move(*built);
  }();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu_ascii(
      icu::Transliterator::createInstance("Latin-ASCII; Lower", UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  for (const char* text : {"Œnologue", "sœur", "Ærø", "Ørsted", "Łódź", "Đakovo", "Þórður",
                           "Diyarbakır", "Ħamrun", "Ŧ", "Ŋ", "straße æ œ ø ł đ ð þ ı ħ ŧ ŋ"}) {
    INFO(text);
    icu::UnicodeString expected =
        sichtbar::script::detail::fold_native(icu::UnicodeString::fromUTF8(text));
    icu_ascii->transliterate(expected);
    std::string want;
    sichtbar::script::detail::fold_native(expected).toUTF8String(want);
    CHECK(index.fold(text).ascii == want);
  }
}

TEST_CASE("over 30,000 labels a typed prefix finds what starts with it, and nothing else") {
  const std::vector<SearchEntry> entries = sichtbar::test::occupation_like_labels();
  CHECK(entries.size() == 30000);
  const SearchIndex index = build(entries);
  for (const char* typed : {"kranken", "schweiss", "зварювальник", "مهندس", "welder"}) {
    INFO("typed: " << typed);
    const auto hits = index.query(typed, 20);
    REQUIRE(hits.size() == 20);
    for (const SearchHit& h : hits) {
      INFO("label: " << h.label);
      // Every hit holds the typed word, folded: at a word's start, as that ranks first.
      const FoldedText label = index.fold(h.label), query = index.fold(typed);
      CHECK((label.native.find(query.native) != std::string::npos ||
             label.ascii.find(query.ascii) != std::string::npos));
    }
  }
  CHECK(index.query("xyzq", 20).empty());
}

namespace {
// The first few names the language picker offers for what was typed, in the screen's language.
std::vector<std::string> first_languages(const SearchIndex& index, std::string_view typed,
                                         std::size_t n = 3) {
  std::vector<std::string> out = ids(index.query(typed, n));
  return out;
}
}  // namespace

TEST_CASE("the language picker: the name in the screen's language that starts so comes first") {
  // The kiosk's real list (every language ICU names, in the screen's language, German, English
  // and its own), searched as a person types the first letters of a name in their language.
  SECTION("Arabic: انج, the start of الإنجليزية after its article, finds English first") {
    const SearchIndex index = build(language_search_entries("ar"));
    INFO(index.query("انج", 5).front().label);
    CHECK(first_languages(index, "انج").front() == "en");
    // The article typed too, and hamza forms either way.
    CHECK(first_languages(index, "الانج").front() == "en");
    CHECK(first_languages(index, "الإنج").front() == "en");
    CHECK(first_languages(index, "إنجليز").front() == "en");
    // German: الألمانية.
    CHECK(first_languages(index, "ألمان").front() == "de");
    CHECK(first_languages(index, "الألمان").front() == "de");
  }
  SECTION("German: eng finds Englisch first") {
    const SearchIndex index = build(language_search_entries("de"));
    CHECK(first_languages(index, "eng").front() == "en");
    CHECK(first_languages(index, "tigri").front() == "ti");
  }
  SECTION("Persian: انگ finds English, فارس Persian first") {
    const SearchIndex index = build(language_search_entries("fa"));
    CHECK(first_languages(index, "انگ").front() == "en");
    CHECK(first_languages(index, "فارس").front() == "fa");
  }
  SECTION("Russian: анг finds English first, укр Ukrainian") {
    const SearchIndex index = build(language_search_entries("ru"));
    CHECK(first_languages(index, "анг").front() == "en");
    CHECK(first_languages(index, "укр").front() == "uk");
  }
  SECTION("a name in another language or the language's own name still finds it") {
    const SearchIndex index = build(language_search_entries("ar"));
    CHECK(first_languages(index, "english").front() == "en");
    CHECK(first_languages(index, "deutsch").front() == "de");
    CHECK(first_languages(index, "ትግርኛ").front() == "ti");
  }
}

// The shared index over every language's labels (LabelIndex), as the occupation picker uses it.
namespace {

constexpr std::uint8_t kDe = 0, kEn = 1, kFr = 2;

LabelIndex label_index(const std::vector<LabelEntry>& entries) {
  auto index = LabelIndex::build(entries);
  if (!index) FAIL(index.error().message);
  return std::move(*index);
}

std::vector<std::uint32_t> items(const std::vector<LabelHit>& hits) {
  std::vector<std::uint32_t> out;
  for (const LabelHit& h : hits) out.push_back(h.item);
  return out;
}

LabelQuery on(std::uint8_t screen, std::uint32_t languages = ~0u) {
  LabelQuery q;
  q.screen_language = screen;
  q.languages = languages;
  return q;
}

}  // namespace

TEST_CASE(
    "one index serves every screen language: its own labels rank first, others are kept out") {
  const LabelIndex index = label_index({
      {1, "Maler", kDe},
      {1, "painter", kEn},
      {1, "peintre", kFr},
      {2, "Malermeister", kDe},
      {2, "master painter", kEn},
      {2, "maître peintre", kFr},
  });
  CHECK(items(index.query("painter", on(kEn))) == std::vector<std::uint32_t>{1, 2});
  // On a German screen the English label still finds it.
  CHECK(items(index.query("painter", on(kDe))) == std::vector<std::uint32_t>{1, 2});
  // French labels are not searched unless asked for.
  CHECK(index.query("peintre", on(kDe, 1u << kDe | 1u << kEn)).empty());
  CHECK(items(index.query("peintre", on(kFr))) == std::vector<std::uint32_t>{1, 2});
  CHECK(index.query("peintre", on(kFr)).front().label == "peintre");
}

TEST_CASE("a whole word and a preferred label rank first; a German 'für' label is narrower") {
  const LabelIndex index = label_index({
      {1, "Kochlehrling", kDe, LabelRank::preferred},
      {2, "Koch/Köchin", kDe, LabelRank::preferred},
      {3, "Lehrerin für Musik", kDe, LabelRank::alternative},
      {4, "Lehrkraft im Primarbereich", kDe, LabelRank::preferred},
      {4, "Lehrerin an einer Grundschule", kDe, LabelRank::alternative},
      {5, "Schiffskoch", kDe, LabelRank::alternative},
      {5, "Koch", kDe, LabelRank::hidden},
      {6, "Koch", kDe, LabelRank::preferred},
  });
  // "koch": the label that is the word, preferred before hidden; then the whole word in a longer
  // label; then the word's start.
  CHECK(items(index.query("koch", on(kDe))) == std::vector<std::uint32_t>{6, 5, 2, 1});
  CHECK(items(index.query("Lehrerin", on(kDe))) == std::vector<std::uint32_t>{4, 3});
}

TEST_CASE(
    "small typos are forgiven when the exact search finds little, never when it finds enough") {
  const LabelIndex index = label_index({
      {1, "Elektriker/Elektrikerin", kDe},
      {2, "Bäcker/Bäckerin", kDe},
      {3, "Krankenpfleger", kDe},
      {4, "Koch", kDe},
      {5, "Lehrer", kDe},
  });
  const auto first = [&](std::string_view typed) {
    const auto hits = index.query(typed, on(kDe));
    return hits.empty() ? 0u : hits.front().item;
  };
  CHECK(first("Elektrikr") == 1);      // a letter left out
  CHECK(first("Elektirker") == 1);     // two letters swapped
  CHECK(first("Bakcer") == 2);         // swapped, in a 6-letter word: one edit
  CHECK(first("Kranknpflegr") == 3);   // two edits in a word of 12 letters
  CHECK(first("Krank pfleger") == 3);  // each word on its own
  CHECK(first("Elektrik") == 1);       // still typing
  CHECK(index.query("Elektrikr", on(kDe)).front().edits == 1);
  CHECK(first("Bxxker") == 0);  // two edits in a 6-letter word: too many
  CHECK(first("Kich") == 4);    // one edit in a 4-letter word
  CHECK(first("Kiich") == 0);   // two: too many
  CHECK(first("Ko") == 4);      // short words are never guessed at
  CHECK(index.query("Kx", on(kDe)).empty());

  // Five exact finds: nothing forgiven is added.
  const LabelIndex many = label_index({{1, "Maler", kDe},
                                       {2, "Malerin", kDe},
                                       {3, "Kunstmaler", kDe},
                                       {4, "Malermeister", kDe},
                                       {5, "Fahrzeugmaler", kDe},
                                       {6, "Mailer", kDe}});
  const auto hits = many.query("Maler", on(kDe));
  CHECK(items(hits).size() == 5);
  CHECK(std::none_of(hits.begin(), hits.end(), [](const LabelHit& h) { return h.item == 6; }));
  CHECK(items(many.query("Mailer", on(kDe))).front() == 6);
}

TEST_CASE("a feminine form finds an occupation named only in the masculine form") {
  const LabelIndex index = label_index({{1, "Elektriker", kDe}, {2, "Lehrer", kDe}});
  CHECK(items(index.query("Elektrikerin", on(kDe))) == std::vector<std::uint32_t>{1});
  CHECK(items(index.query("Lehrerinnen", on(kDe))) == std::vector<std::uint32_t>{2});
  CHECK(index.query("Elektrikerin", on(kDe)).front().edits == 0);
}

TEST_CASE("Arabic-script labels are found as people type them by ear on a Latin keyboard") {
  constexpr std::uint8_t kAr = 3, kPs = 4;
  const LabelIndex index = label_index({
      {1, "\u0645\u0647\u0646\u062F\u0633 \u0645\u062F\u0646\u064A", kAr},  // مهندس مدني
      {2, "\u0689\u0627\u06A9\u067C\u0631", kPs},                           // ډاکټر
      {3, "\u069A\u0648\u0648\u0646\u06A9\u06CC", kPs},                     // ښوونکی
      {4, "\u062F \u0698\u0628\u06D0 \u069A\u0648\u0648\u0646\u06A9\u06D0", kPs},  // د ژبې ښوونکې
      {5, "Koch", kAr},
  });
  const auto first = [&](std::string_view typed, std::uint8_t screen) {
    const auto hits = index.query(typed, on(screen));
    return hits.empty() ? 0u : hits.front().item;
  };
  CHECK(first("mohandes madani", kAr) == 1);  // the vowels Arabic does not write
  CHECK(first("daktar", kPs) == 2);           // Pashto letters ICU leaves alone
  // The feminine ې of Pashto meets ی: the label that is just the word comes first.
  CHECK(first("\u069A\u0648\u0648\u0646\u06A9\u06D0", kPs) == 3);
  // Latin words keep their vowels: "Kiich" is two edits from "Koch", not a skeleton match.
  CHECK(first("Kiich", kAr) == 0);
}

TEST_CASE("labels added after the build are found and ranked as if the build had them") {
  // ESCO's languages first, a language ESCO lacks later (the kiosk adds it when a screen shows
  // it): the same answers as one index over all of them, typos forgiven alike.
  constexpr std::uint8_t kAr = 3;
  const std::vector<LabelEntry> first = {{1, "Maler", kDe},        {1, "painter", kEn},
                                         {2, "Malermeister", kDe}, {2, "master painter", kEn},
                                         {3, "Koch/Köchin", kDe},  {3, "cook", kEn},
                                         {4, "Elektriker", kDe},   {4, "electrician", kEn}};
  const std::vector<LabelEntry> later = {{1, "دهان", kAr},
                                         {3, "طباخ", kAr},
                                         {3, "طاهي", kAr},
                                         {4, "كهربائي", kAr},
                                         {5, "cook book", kAr}};
  std::vector<LabelEntry> all = first;
  all.insert(all.end(), later.begin(), later.end());
  const LabelIndex whole = label_index(all);
  LabelIndex grown = label_index(first);
  auto folded = grown.fold_labels(later);
  REQUIRE(folded);
  grown.add(std::move(*folded));
  REQUIRE(grown.size() == whole.size());
  for (const char* typed : {"طباخ", "طب", "كهرب", "tbakh", "cook", "coo", "maler", "Elektrikr",
                            "painter", "p", "دهان كهربائي"}) {
    for (const LabelQuery& q : {on(kAr), on(kDe, 1u << kDe | 1u << kEn), on(kAr, 1u << kAr)}) {
      INFO(typed << " on screen " << int(q.screen_language));
      const auto want = whole.query(typed, q);
      const auto got = grown.query(typed, q);
      REQUIRE(got.size() == want.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].item == want[i].item);
        CHECK(got[i].entry == want[i].entry);
        CHECK(got[i].edits == want[i].edits);
      }
    }
  }
  // And the added ones are there at all.
  CHECK(items(grown.query("طباخ", on(kAr))) == std::vector<std::uint32_t>{3});
}
