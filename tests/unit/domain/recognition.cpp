// The recognition map (domain/recognition.h): what a valid file gives, that each kind of mistake
// is refused naming the entry and the field, the lookup's order (URI, ISCO unit, old ISCO code,
// general way), and that the shipped assets/recognition/de-by.json validates against all 12
// catalogues and covers the occupations it must.
#include "domain/recognition.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "domain/ui_languages.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using nlohmann::json;

namespace {

const std::string kUri1 =
    "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6";
const std::string kUri2 =
    "http://data.europa.eu/esco/occupation/9b889f07-c39c-464d-b9d9-b2daa650f9ac";
const std::string kUriElectrician =
    "http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000007411";
const std::string kUriUnknownToMap =
    "http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000002212";

json entry(std::string id, std::vector<std::string> esco, std::vector<std::string> isco,
           std::string regulated, std::string procedure, std::string body) {
  return {{"id", id},
          {"reference", {{"de", "Referenz " + id}, {"en", "reference " + id}}},
          {"esco", esco},
          {"isco", isco},
          {"regulated", regulated},
          {"procedure", procedure},
          {"bodies", {body}},
          {"bring", {"recognition.bring.identity"}},
          {"legal_source", "BQFG § 4"},
          {"checked", "2026-12-04"},
          {"expert_checked", false}};
}

json general_entry(std::string id, std::string procedure, std::string body) {
  json e = entry(id, {}, {}, "no", procedure, body);
  e.erase("esco");
  e.erase("isco");
  return e;
}

json body(std::string name) {
  return {{"name", name},
          {"url", "https://example.org/" + name},
          {"source", "example.org"},
          {"checked", "2026-12-04"}};
}

// A small valid map: a doctor (regulated, URI and unit 2211), a craft claiming unit 7411, the
// general ways and the counselling body.
json valid_map() {
  return {{"format", 1},
          {"region", "DE-BY"},
          {"status", "needs expert review"},
          {"bodies",
           {{"zaaby", body("zaaby")},
            {"ihk_fosa", body("ihk_fosa")},
            {"hwk", body("hwk")},
            {"zab", body("zab")},
            {"migranet", body("migranet")}}},
          {"counselling", "migranet"},
          {"general",
           {{"degree", general_entry("general_degree", "comparability", "zab")},
            {"vocational", general_entry("general_vocational", "equivalence", "ihk_fosa")}}},
          {"entries",
           {entry("arzt", {kUri1, kUri2}, {"2211"}, "yes", "approbation", "zaaby"),
            entry("elektro", {}, {"7411"}, "self_employment", "equivalence", "hwk")}}};
}

// A stand-in for the ESCO reference: three occupations and their units.
const std::map<std::string, std::string> kEsco = {
    {kUri1, "2211"}, {kUri2, "2212"}, {kUriElectrician, "7411"}, {kUriUnknownToMap, "2212"}};
const EscoIndex kEscoIndex{[](std::string_view uri) { return kEsco.contains(std::string(uri)); },
                           [](std::string_view uri) {
                             auto it = kEsco.find(std::string(uri));
                             return it == kEsco.end() ? std::string() : it->second;
                           }};

Catalogue catalogue(const std::string& locale) {
  auto c = Catalogue::load_locale(test::asset("i18n"), locale);
  INFO(locale << ": " << (c ? "" : c.error().message));
  REQUIRE(c);
  return std::move(*c);
}

// The error of parsing doc, which must fail.
Error refused(const json& doc, const RecognitionChecks& checks = {}) {
  auto map = RecognitionMap::parse(doc.dump(), "map.json", checks);
  REQUIRE_FALSE(map);
  return map.error();
}

}  // namespace

TEST_CASE("a valid recognition map gives its entries, bodies and general ways") {
  const Catalogue de = catalogue("de");
  auto map = RecognitionMap::parse(valid_map().dump(), "map.json", {{&de}, &kEscoIndex});
  INFO((map ? "" : map.error().message));
  REQUIRE(map);
  REQUIRE(map->entries().size() == 2);
  const RecognitionEntry& arzt = map->entries()[0];
  CHECK(arzt.reference_de == "Referenz arzt");
  CHECK(arzt.regulated == Regulated::yes);
  CHECK(arzt.procedure == RecognitionProcedure::approbation);
  CHECK(arzt.bodies == std::vector<std::string>{"zaaby"});
  CHECK_FALSE(arzt.expert_checked);
  CHECK(map->entries()[1].regulated == Regulated::self_employment);
  CHECK(map->esco_uri_count() == 2);
  CHECK(map->counselling().name == "migranet");
  CHECK(map->body("zaaby")->url == "https://example.org/zaaby");
  CHECK(map->body("nobody") == nullptr);
  CHECK(map->general(QualificationKind::degree).procedure == RecognitionProcedure::comparability);
  CHECK(map->general(QualificationKind::vocational).bodies.front() == "ihk_fosa");
}

TEST_CASE("each kind of mistake in a recognition map is refused, naming the entry and the field") {
  const Catalogue de = catalogue("de");
  const Catalogue en = catalogue("en");
  const RecognitionChecks checks{{&de, &en}, &kEscoIndex};
  struct Case {
    const char* what;
    std::function<void(json&)> spoil;
    std::vector<std::string> message_has;
  };
  const std::vector<Case> cases = {
      {"a body not defined",
       [](json& m) { m["entries"][1]["bodies"][0] = "hwk_nowhere"; },
       {"entries[1] (elektro)", "bodies[0]", "hwk_nowhere", "not defined"}},
      {"a bring key no catalogue has",
       [](json& m) { m["entries"][0]["bring"].push_back("recognition.bring.camel"); },
       {"entries[0] (arzt)", "bring[1]", "recognition.bring.camel", "catalogue"}},
      {"a date that is not ISO",
       [](json& m) { m["entries"][0]["checked"] = "04.12.2026"; },
       {"entries[0] (arzt)", "checked", "YYYY-MM-DD"}},
      {"an impossible date",
       [](json& m) { m["bodies"]["zab"]["checked"] = "2026-02-30"; },
       {"bodies.zab", "checked"}},
      {"no legal source",
       [](json& m) { m["entries"][1].erase("legal_source"); },
       {"entries[1] (elektro)", "legal_source", "missing"}},
      {"an empty legal source",
       [](json& m) { m["entries"][1]["legal_source"] = ""; },
       {"entries[1] (elektro)", "legal_source"}},
      {"a body without source",
       [](json& m) { m["bodies"]["hwk"].erase("source"); },
       {"bodies.hwk", "source"}},
      {"regulated outside the set",
       [](json& m) { m["entries"][0]["regulated"] = "maybe"; },
       {"entries[0] (arzt)", "regulated", "maybe"}},
      {"a procedure outside the set",
       [](json& m) { m["entries"][0]["procedure"] = "magic"; },
       {"entries[0] (arzt)", "procedure", "magic"}},
      {"a malformed ESCO URI",
       [](json& m) { m["entries"][0]["esco"][1] = "http://data.europa.eu/esco/occupation/xyz"; },
       {"entries[0] (arzt)", "esco[1]", "not an ESCO occupation URI"}},
      {"an ESCO URI the reference does not know",
       [](json& m) {
         m["entries"][0]["esco"][1] =
             "http://data.europa.eu/esco/occupation/11111111-2222-4333-8444-555555555555";
       },
       {"entries[0] (arzt)", "esco[1]", "not an occupation of the ESCO reference"}},
      {"a URI claimed twice",
       [](json& m) { m["entries"][1]["esco"].push_back(kUri1); },
       {"entries[1] (elektro)", "esco", "entries[0]"}},
      {"an ISCO unit of three digits",
       [](json& m) { m["entries"][1]["isco"][0] = "741"; },
       {"entries[1] (elektro)", "isco[0]"}},
      {"a misspelt property",
       [](json& m) { m["entries"][1]["breing"] = json::array(); },
       {"entries[1] (elektro)", "breing"}},
      {"expert_checked not a boolean",
       [](json& m) { m["entries"][0]["expert_checked"] = "no"; },
       {"entries[0] (arzt)", "expert_checked"}},
      {"the same id twice",
       [](json& m) { m["entries"][1]["id"] = "arzt"; },
       {"entries[1] (arzt)", "id"}},
      {"counselling names no body", [](json& m) { m["counselling"] = "iq"; }, {"counselling"}},
      {"a URL without https",
       [](json& m) { m["bodies"]["zab"]["url"] = "http://zab.example"; },
       {"bodies.zab.url"}},
      {"no general way", [](json& m) { m["general"].erase("degree"); }, {"general", "degree"}},
      {"another format", [](json& m) { m["format"] = 2; }, {"format"}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    json doc = valid_map();
    c.spoil(doc);
    const Error e = refused(doc, checks);
    CHECK(e.code == "recognition.invalid");
    INFO(e.message);
    CHECK(e.message.starts_with("map.json: "));
    for (const std::string& part : c.message_has) CHECK(e.message.find(part) != std::string::npos);
  }
  const Error not_json = refused(json("x"), checks);
  CHECK(not_json.code == "recognition.invalid");
  auto broken = RecognitionMap::parse("{\"format\": 1,", "map.json");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == "recognition.not_json");
}

TEST_CASE("without an ESCO reference, well-formed URIs pass and unknown ones are not judged") {
  json doc = valid_map();
  doc["entries"][0]["esco"][1] =
      "http://data.europa.eu/esco/occupation/11111111-2222-4333-8444-555555555555";
  CHECK(RecognitionMap::parse(doc.dump(), "map.json"));
}

TEST_CASE("lookup: the URI's entry, else its ISCO unit's (probably), else the general way") {
  auto map = RecognitionMap::parse(valid_map().dump(), "map.json");
  REQUIRE(map);
  SECTION("an ESCO URI, and its bare UUID, find their entry") {
    for (const std::string& answer : {kUri2, kUri2.substr(kEscoOccupationPrefix.size())}) {
      const RecognitionAnswer a = map->lookup(answer, QualificationKind::vocational, &kEscoIndex);
      CHECK(a.entry->id == "arzt");
      CHECK(a.match == RecognitionMatch::exact);
    }
  }
  SECTION("an occupation without its own entry is matched through its unit, marked probable") {
    const RecognitionAnswer a =
        map->lookup(kUriElectrician, QualificationKind::degree, &kEscoIndex);
    CHECK(a.entry->id == "elektro");
    CHECK(a.match == RecognitionMatch::unit);
  }
  SECTION("an old record's 4-digit ISCO code takes the same unit rule") {
    CHECK(map->lookup("7411", QualificationKind::degree).entry->id == "elektro");
    CHECK(map->lookup("7411", QualificationKind::degree).match == RecognitionMatch::unit);
    CHECK(map->lookup("2211", QualificationKind::vocational).entry->id == "arzt");
  }
  SECTION("nothing claims it: the general way for the kind of qualification") {
    // 2212 is the unit of kUriUnknownToMap; no entry claims it as a whole.
    const RecognitionAnswer degree =
        map->lookup(kUriUnknownToMap, QualificationKind::degree, &kEscoIndex);
    CHECK(degree.match == RecognitionMatch::general);
    CHECK(degree.entry->procedure == RecognitionProcedure::comparability);
    const RecognitionAnswer trade = map->lookup("9999", QualificationKind::vocational);
    CHECK(trade.entry->id == "general_vocational");
    CHECK(map->lookup("my own trade", QualificationKind::vocational).entry->id ==
          "general_vocational");
    // Without the ESCO reference a URI the map lacks has no unit: the general way too.
    CHECK(map->lookup(kUriElectrician, QualificationKind::vocational).match ==
          RecognitionMatch::general);
  }
  CHECK(usual_kind_of_unit("2211") == QualificationKind::degree);
  CHECK(usual_kind_of_unit("1324") == QualificationKind::degree);
  CHECK(usual_kind_of_unit("7411") == QualificationKind::vocational);
  CHECK(usual_kind_of_unit("") == QualificationKind::vocational);
}

TEST_CASE("the shipped recognition map validates against all 12 catalogues and the ESCO data") {
  std::vector<Catalogue> catalogues;
  for (std::string_view lang : kUiLanguages) catalogues.push_back(catalogue(std::string(lang)));
  auto esco = EscoReference::load(test::asset(""));
  INFO((esco ? "" : esco.error().message));
  REQUIRE(esco);
  const EscoIndex index = esco_index(*esco);
  RecognitionChecks checks;
  for (const Catalogue& c : catalogues) checks.catalogues.push_back(&c);
  checks.esco = &index;
  auto map = RecognitionMap::load(RecognitionMap::shipped_file(test::asset("")), checks);
  INFO((map ? "" : map.error().message));
  REQUIRE(map);
  // Nothing in it was checked by an expert yet: the pages must say so for every entry.
  for (const RecognitionEntry& e : map->entries()) CHECK_FALSE(e.expert_checked);
  CHECK(map->counselling().name.find("MigraNet plus") != std::string::npos);
  CHECK(map->entries().size() >= 100);
  // Through the ESCO data, an occupation without its own entry finds its unit's: a hair stylist
  // (5141) the hairdressers', as "probably".
  const RecognitionAnswer stylist =
      map->lookup("http://data.europa.eu/esco/occupation/82dea303-26e1-4bbc-a07c-cff3cac6b50e",
                  QualificationKind::vocational, &index);
  CHECK(stylist.entry->id == "friseur");
  CHECK(stylist.match == RecognitionMatch::unit);

  SECTION("it covers the 236 common occupations and the 15 that ESCO flags regulated") {
    std::ifstream list(test::fixture("recognition/must_cover.tsv"));
    REQUIRE(list);
    std::string line;
    std::size_t common = 0, flagged = 0;
    while (std::getline(list, line)) {
      if (line.empty() || line.front() == '#') continue;
      std::istringstream fields(line);
      std::string uri, why, label;
      std::getline(fields, uri, '\t');
      std::getline(fields, why, '\t');
      std::getline(fields, label);
      INFO(uri << " " << label);
      const RecognitionAnswer a = map->lookup(uri, QualificationKind::vocational);
      CHECK(a.match == RecognitionMatch::exact);
      (why == "common" ? common : flagged) += 1;
      if (why == "esco_regulated") CHECK(a.entry->regulated == Regulated::yes);
    }
    CHECK(common == 236);
    CHECK(flagged == 15);
  }
  SECTION("the regulated professions the issue names have their procedure and body") {
    const std::vector<std::tuple<const char*, RecognitionProcedure, const char*>> expected = {
        {"arzt", RecognitionProcedure::approbation, "zaaby"},
        {"zahnarzt", RecognitionProcedure::approbation, "zaaby"},
        {"apotheker", RecognitionProcedure::approbation, "zaaby"},
        {"tierarzt", RecognitionProcedure::approbation, "zaaby"},
        {"psychotherapeut", RecognitionProcedure::approbation, "zaaby"},
        {"pflegefachkraft", RecognitionProcedure::title, "lfp"},
        {"hebamme", RecognitionProcedure::title, "lfp"},
        {"physiotherapeut", RecognitionProcedure::title, "lfp"},
        {"ergotherapeut", RecognitionProcedure::title, "lfp"},
        {"logopaede", RecognitionProcedure::title, "lfp"},
        {"mt_labor", RecognitionProcedure::title, "lfp"},
        {"mt_radiologie", RecognitionProcedure::title, "lfp"},
        {"pta", RecognitionProcedure::title, "lfp"},
        {"notfallsanitaeter", RecognitionProcedure::title, "lfp"},
        {"diaetassistent", RecognitionProcedure::title, "lfp"},
        {"podologe", RecognitionProcedure::title, "lfp"},
        {"masseur", RecognitionProcedure::title, "lfp"},
        {"lehrkraft", RecognitionProcedure::teacher, "stmuk"},
        {"erzieher", RecognitionProcedure::title, "lfs"},
        {"kinderpfleger", RecognitionProcedure::title, "lfs"},
        {"sozialpaedagoge", RecognitionProcedure::state_recognition, "zbfs"},
        {"kindheitspaedagoge", RecognitionProcedure::state_recognition, "zbfs"},
        {"ingenieur_bau", RecognitionProcedure::title, "bayika"},
        {"ingenieur", RecognitionProcedure::title, "reg_schwaben"},
        {"architekt", RecognitionProcedure::title, "byak"},
        {"rechtsanwalt", RecognitionProcedure::admission, "rak"},
    };
    for (const auto& [id, procedure, body_id] : expected) {
      INFO(id);
      const RecognitionEntry* e = map->find_by_id(id);
      REQUIRE(e != nullptr);
      CHECK(e->regulated == Regulated::yes);
      CHECK(e->procedure == procedure);
      CHECK(e->bodies.front() == body_id);
    }
    // The crafts of Annex A: free to work in, a master's level only to run one's own business.
    for (const char* id : {"maurer", "friseur", "elektroniker_eg", "kfz", "baecker", "shk"})
      CHECK(map->find_by_id(id)->regulated == Regulated::self_employment);
    CHECK(map->find_by_id("koch")->bodies.front() == "ihk_fosa");
    CHECK(map->find_by_id("koch")->regulated == Regulated::no);
  }
}
