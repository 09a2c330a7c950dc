// The profile page's "Your way to recognition" (issue #15), rendered without a server: a
// regulated occupation (a doctor: Approbation, ZAABY) and a non-regulated one (a cook: IHK FOSA)
// in German and Arabic, the free counselling first and highlighted when the person asked for
// advice on recognition and last otherwise, "guidance, not a decision" and "not yet checked by
// an expert", the probable and general ways, and a hostile map that cannot inject markup.
#include <catch2/catch.hpp>

#include "domain/form_library.h"
#include "domain/recognition.h"
#include "hub/web/profile_page.h"
#include "support/hostile_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub::web;
using nlohmann::json;

namespace {

const std::string kDoctor =
    "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6";
const std::string kCook =
    "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e";

const FormLibrary& forms() {
  static const FormLibrary f = *FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  return f;
}

const PageTexts& texts() {
  static const PageTexts t = *PageTexts::load(test::asset("i18n"));
  return t;
}

const OccupationList& occupations() {
  static const OccupationList list = [] {
    auto loaded = OccupationList::load(test::asset(""));
    INFO((loaded ? "" : loaded.error().message));
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  return list;
}

const RecognitionMap& shipped_map() {
  static const RecognitionMap map = [] {
    auto loaded = RecognitionMap::load(RecognitionMap::shipped_file(test::asset("")));
    INFO((loaded ? "" : loaded.error().message));
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  return map;
}

// A record whose work experience is a doctor and whose wished occupation is a cook; with or
// without the wish for advice on recognition.
json record(const std::string& locale, bool wants_advice) {
  json r = test::fixture_record(locale);
  json& a = r["answers"];
  a["work"]["items"] = json::array({{{"occupation", kDoctor}, {"years", 6}}});
  a["wishes"]["desired_occupation"] = kCook;
  a["wishes"]["wants"] =
      wants_advice ? json::array({"job", "recognition_advice"}) : json::array({"job"});
  if (a.contains("education"))
    for (json& item : a["education"]["items"]) item["wants_advice"] = false;
  return r;
}

std::string page(const json& r, std::string_view lang, const RecognitionMap* map) {
  return render_profile_page({forms(), texts(), &occupations(), map}, r, lang,
                             "q3Zr0-Xb_7LmN2pQaT9wYc");
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The section alone, so a check cannot be met by text elsewhere on the page.
std::string section_of(const std::string& html) {
  const auto start = html.find("<section class=\"recognition\" id=\"recognition\">");
  REQUIRE(start != std::string::npos);
  return html.substr(start, html.find("</section>", start) - start);
}

}  // namespace

TEST_CASE("the way to recognition: a doctor is regulated (ZAABY), a cook is not (IHK FOSA)") {
  const RecognitionMap& map = shipped_map();
  REQUIRE(map.lookup(kCook, QualificationKind::vocational).match == RecognitionMatch::exact);
  for (const std::string lang : {"de", "ar"}) {
    INFO(lang);
    const std::string s = section_of(page(record(lang, false), lang, &map));
    auto has = [&](std::string_view key) {
      return s.find(texts().text(lang, key)) != std::string::npos;
    };
    CHECK(has("recognition.title"));
    CHECK(has("recognition.guidance"));
    // One box per occupation entered: the work experience and the wish.
    CHECK(count(s, "<article class=\"way\">") == 2);
    CHECK(has("work.occupation.label"));
    CHECK(has("wishes.desired_occupation.label"));
    // The doctor: regulated, Approbation, ZAABY with its web address; the cook: not regulated,
    // equivalence assessment at IHK FOSA.
    CHECK(has("recognition.regulated.yes"));
    CHECK(has("recognition.procedure.approbation"));
    CHECK(s.find("ZAABY") != std::string::npos);
    CHECK(s.find(">https://www.regierung.oberbayern.bayern.de<") != std::string::npos);
    CHECK(has("recognition.regulated.no"));
    CHECK(has("recognition.procedure.equivalence"));
    CHECK(s.find("IHK FOSA") != std::string::npos);
    CHECK(s.find("Ärztin/Arzt") != std::string::npos);  // the German reference occupation
    // The occupation itself by its ESCO name (German alongside in Arabic).
    CHECK(s.find("Arzt für Allgemeinmedizin") != std::string::npos);
    CHECK(s.find("Köchin/Koch") != std::string::npos);
    // What to bring, by the catalogue's words; a doctor brings the licence from home too.
    CHECK(has("recognition.bring.diploma"));
    CHECK(has("recognition.bring.licence_home"));
    // No entry of the shipped map is checked by an expert: each box says so.
    CHECK(count(s, texts().text(lang, "recognition.unchecked")) >= 2);
    // The counselling is there, after both boxes and not highlighted, when not asked for.
    CHECK(s.find("MigraNet plus") != std::string::npos);
    CHECK(s.find("counselling asked") == std::string::npos);
    CHECK(s.find("class=\"counselling\"") > s.rfind("<article class=\"way\">"));
    CHECK_FALSE(has("recognition.counselling.asked"));
    // No key left over (a text missing from the catalogue would show as its key).
    CHECK(s.find("recognition.") == std::string::npos);
    if (lang == "ar") {
      // Labels carry German alongside for the office and employers.
      CHECK(s.find("<span class=\"de\" lang=\"de\" dir=\"ltr\">" +
                   texts().text("de", "recognition.title") + "</span>") != std::string::npos);
      CHECK(s.find(texts().text("de", "recognition.title")) != std::string::npos);
    }
  }
}

TEST_CASE("asked for advice on recognition, the free counselling comes first, highlighted") {
  for (const std::string lang : {"de", "ar"}) {
    INFO(lang);
    const std::string s = section_of(page(record(lang, true), lang, &shipped_map()));
    const auto counselling = s.find("class=\"counselling asked\"");
    REQUIRE(counselling != std::string::npos);
    CHECK(counselling < s.find("<article class=\"way\">"));
    CHECK(s.find(texts().text(lang, "recognition.counselling.asked")) != std::string::npos);
    CHECK(s.find(">https://www.migranet.org<") != std::string::npos);
    CHECK(count(s, "class=\"counselling") == 1);  // once, not first and last
  }
}

TEST_CASE("an occupation the map lacks takes its unit's entry (probably) or the general way") {
  json r = record("de", false);
  // An old record's ISCO code 7411 (electricians): no entry claims the whole unit -> general.
  r["answers"]["work"]["items"][0]["occupation"] = "7411";
  // 2211 is claimed by the doctors' entry: a probable match.
  r["answers"]["wishes"]["desired_occupation"] = "2211";
  const std::string s = section_of(page(r, "de", &shipped_map()));
  CHECK(s.find(texts().text("de", "recognition.match.general")) != std::string::npos);
  CHECK(s.find(texts().text("de", "recognition.match.unit")) != std::string::npos);
  CHECK(s.find("Ärztin/Arzt") != std::string::npos);
  // An ESCO occupation without its own entry: its unit's, through the ESCO data (a hair stylist,
  // 5141, the hairdressers').
  r["answers"]["work"]["items"][0]["occupation"] =
      "http://data.europa.eu/esco/occupation/82dea303-26e1-4bbc-a07c-cff3cac6b50e";
  const std::string stylist = section_of(page(r, "de", &shipped_map()));
  CHECK(stylist.find("Friseurin/Friseur") != std::string::npos);
  CHECK(stylist.find("Haarstylist") != std::string::npos);
}

TEST_CASE("no occupation entered, or no map: no recognition section") {
  json r = record("de", true);
  r["answers"]["work"].erase("items");
  r["answers"]["wishes"].erase("desired_occupation");
  CHECK(page(r, "de", &shipped_map()).find("class=\"recognition\"") == std::string::npos);
  CHECK(page(record("de", true), "de", nullptr).find("class=\"recognition\"") == std::string::npos);
}

TEST_CASE("a map's texts are escaped: an imported map cannot inject markup") {
  auto doc = json::parse(test::read_file(RecognitionMap::shipped_file(test::asset(""))));
  doc["bodies"]["zaaby"]["name"] = "<script>alert(1)</script>";
  doc["bodies"]["zaaby"]["url"] = "https://x.example/\"><script>alert(2)</script>";
  doc["bodies"]["zaaby"]["address"] = "<a href=\"https://evil.example\">here</a>";
  doc["entries"][0]["reference"]["de"] = "<img src=x onerror=alert(3)>";
  doc["entries"][0]["legal_source"] = "</section><b>";
  auto map = RecognitionMap::parse(doc.dump(), "hostile.json");
  REQUIRE(map);
  const std::string html = page(record("de", false), "de", &*map);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("<a href=\"https://evil.example") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(3)&gt;") != std::string::npos);
}

TEST_CASE("where the papers are shows beside the ways, and without them the skills analysis") {
  for (const std::string lang : {"de", "ar"}) {
    INFO(lang);
    json r = record(lang, false);
    r["form"]["version"] = 2;
    r["answers"]["education"] = {
        {"items",
         {{{"title", "Pharmazie <i>"}, {"documents_status", "lost"}},
          {{"kind", "school"}, {"documents_status", "with_me"}}}}};
    const std::string s = section_of(page(r, lang, &shipped_map()));
    const auto has = [&](const char* key) {
      return s.find(texts().text(lang, key)) != std::string::npos;
    };
    CHECK(has("education.documents_status.label"));
    CHECK(s.find("<bdi>Pharmazie &lt;i&gt;</bdi>: " +
                 texts().text(lang, "education.documents_status.option.lost")) !=
          std::string::npos);
    CHECK(has("education.documents_status.option.with_me"));
    CHECK(has("recognition.papers.note"));
    CHECK(s.find("Qualifikationsanalyse") != std::string::npos);

    // Every paper at hand: where they are, and no note about doing without.
    r["answers"]["education"]["items"][0]["documents_status"] = "with_me";
    const std::string at_hand = section_of(page(r, lang, &shipped_map()));
    CHECK(at_hand.find(texts().text(lang, "education.documents_status.label")) !=
          std::string::npos);
    CHECK(at_hand.find("Qualifikationsanalyse") == std::string::npos);

    // Papers answered but no occupation: the section still says where they are.
    r["answers"]["education"]["items"][0]["documents_status"] = "at_home";
    r["answers"]["work"].erase("items");
    r["answers"]["wishes"].erase("desired_occupation");
    const std::string no_occupation = section_of(page(r, lang, &shipped_map()));
    CHECK(no_occupation.find(texts().text(lang, "education.documents_status.option.at_home")) !=
          std::string::npos);
    CHECK(no_occupation.find(texts().text(lang, "recognition.counselling.title")) !=
          std::string::npos);
  }
  // A version 1 record says only whether there are papers: no box for where they are.
  json v1 = record("de", false);
  CHECK(section_of(page(v1, "de", &shipped_map())).find("class=\"papers\"") == std::string::npos);
}
