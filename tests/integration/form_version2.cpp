// Form version 2 end to end, with real processes on both hub backends: a person who fills every
// answer version 2 added (studies cut short by a ban, learned from a master, papers left at home
// or lost, "I don't know" about recognition, reading and writing per language) on a kiosk, and
// a person whose kiosk still runs version 1, sync to one hub; the person's page shows the new
// answers in their language with German alongside, the office's record view in German, the CSV
// export in columns of their own; the version 1 profile keeps its own questions and answers.
#include <catch2/catch.hpp>
#include <regex>

#include "domain/catalogue.h"
#include "domain/form_library.h"
#include "support/csv.h"
#include "support/hub_backends.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
namespace fs = std::filesystem;

namespace {

// The demo answers with every answer of version 2's new questions, for a person from
// Afghanistan who fills the form in Dari.
nlohmann::json answers_with_every_new_field() {
  auto a = demo_answers("Mariam Ahmadi", "Augsburg");
  a["locale"] = "fa";
  auto& answers = a["answers"];
  answers["languages"]["mother_tongues"] = {{{"mother_tongue", "prs"}, {"literacy", {"speak"}}}};
  answers["languages"]["other_languages"] = {
      {{"language", "ps"}, {"literacy", {"speak", "read", "write"}}, {"level", "B2"}}};
  answers["education"] = {
      {"schooling", "interrupted"},
      {"items",
       {{{"kind", "university"},
         {"title", "Medizin"},
         {"country", "AF"},
         {"status", "not_finished"},
         {"not_finished_reason", "ban"},
         {"level", "eqf_7"},
         {"documents_status", "lost"},
         {"recognition", "dont_know"}},
        {{"kind", "master_informal"},
         {"title", "Schneiderei"},
         {"status", "finished"},
         {"documents_status", "none"}},
        {{"kind", "short_course"},
         {"title", "Erste Hilfe"},
         {"status", "ongoing"},
         {"documents_status", "with_me"}},
        {{"kind", "school"}, {"status", "finished"}, {"documents_status", "at_home"}}}}};
  answers["work"]["items"][0]["learned"] = {"from_master", "short_courses"};
  return a;
}

// The demo answers as a kiosk with only version 1 takes them: papers yes or no, none of the
// questions version 2 added.
nlohmann::json version1_answers() {
  auto a = demo_answers("Yonas Haile", "Kempten");
  auto& answers = a["answers"];
  for (auto& l : answers["languages"]["mother_tongues"]) l.erase("literacy");
  for (auto& l : answers["languages"]["other_languages"]) l.erase("literacy");
  answers["education"].erase("schooling");
  auto& item = answers["education"]["items"][0];
  item.erase("status");
  item.erase("documents_status");
  item["documents"] = false;
  answers["work"]["items"][0].erase("learned");
  return a;
}

// The source tree's assets as a kiosk not yet upgraded has them: form version 1 alone.
fs::path version1_assets(const fs::path& at) {
  fs::copy(asset(""), at, fs::copy_options::recursive);
  for (const auto& file : fs::directory_iterator(form_folder(at, kProfileFormId)))
    if (file.path().filename() != "1.json") fs::remove(file.path());
  return at;
}

std::string text_of(const Catalogue& c, const std::string& key) {
  const std::string* text = c.find(key);
  INFO(key);
  REQUIRE(text != nullptr);
  return *text;
}

// The cell of `column` in the CSV row whose column "about.name" is `name`.
std::string csv_cell(const std::vector<std::vector<std::string>>& rows, const std::string& name,
                     const std::string& column) {
  REQUIRE(!rows.empty());
  const auto& header = rows[0];
  const auto at = [&](const std::string& c) {
    const auto it = std::find(header.begin(), header.end(), c);
    INFO("no column " << c);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].size() == header.size() && rows[i][at("about.name")] == name)
      return rows[i][at(column)];
  FAIL("no row for " << name);
  return "";
}

}  // namespace

TEST_CASE("version 2's new answers go from the kiosk to the person's page, the office and CSV") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  Office office(false, {}, db.location());
  add_office_user(office, "anna");

  // A kiosk of the source tree (version 2), and one not upgraded (version 1 only).
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::string link = fill_answers(kiosk, answers_with_every_new_field(), "v2.json");
  Kiosk old_kiosk{office.tmp_ / "old-kiosk"};
  old_kiosk.enroll(office);
  const fs::path old_assets = version1_assets(office.tmp_ / "old-assets");
  const fs::path old_file = office.tmp_ / "v1.json";
  write_file(old_file, version1_answers().dump());
  auto r = old_kiosk.run({"fill", "--answers", old_file.string(), "--no-terminal-qr", "--assets",
                          old_assets.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("Link: (\\S+)")));
  const std::string old_link = m[1].str();
  for (Kiosk* k : {&kiosk, &old_kiosk}) {
    r = k->run({"sync"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("1 sent, 1 new at the office") != std::string::npos);
  }

  // The person's page in Dari, each new answer with its German words alongside.
  auto fa = Catalogue::load_locale(asset("i18n"), "fa");
  auto de = Catalogue::load_locale(asset("i18n"), "de");
  REQUIRE(fa);
  REQUIRE(de);
  const std::string page = get(office, path_of(link))->body;
  for (const std::string key :
       {"education.schooling.label", "education.schooling.option.interrupted",
        "education.status.label", "education.status.option.not_finished",
        "education.status.option.finished", "education.status.option.ongoing",
        "education.not_finished_reason.label", "education.not_finished_reason.option.ban",
        "education.kind.option.master_informal", "education.kind.option.short_course",
        "education.documents_status.label", "education.documents_status.option.lost",
        "education.documents_status.option.none", "education.documents_status.option.with_me",
        "education.documents_status.option.at_home", "education.recognition.option.dont_know",
        "languages.literacy.label", "languages.literacy.option.speak",
        "languages.literacy.option.read", "languages.literacy.option.write", "work.learned.label",
        "work.learned.option.from_master", "work.learned.option.short_courses"}) {
    INFO(key);
    CHECK(page.find(text_of(*fa, key) + "<span class=\"de\" lang=\"de\" dir=\"ltr\">" +
                    text_of(*de, key) + "</span>") != std::string::npos);
  }
  // Only the languages' literacy that was ticked: Dari spoken, not read or written.
  const auto dari = page.find(text_of(*fa, "languages.mother_tongue.label"));
  const auto pashto = page.find(text_of(*fa, "languages.other_languages.label"));
  REQUIRE(dari != std::string::npos);
  REQUIRE(pashto != std::string::npos);
  const std::string dari_part = page.substr(dari, pashto - dari);
  CHECK(dari_part.find(text_of(*fa, "languages.literacy.option.speak")) != std::string::npos);
  CHECK(dari_part.find(text_of(*fa, "languages.literacy.option.read")) == std::string::npos);

  // The office's record view, in German: where the papers are, next to their question.
  Staff anna(office, "anna");
  const std::string list = anna.get("/office/records")->body;
  const std::string view = anna.get("/office/records/" + record_hex_in(list, "Mariam Ahmadi"))->body;
  const std::string papers = "<dt>Haben Sie Zeugnisse oder Urkunden dazu?</dt><dd>";
  for (const std::string answer : {"Verloren", "Ich hatte nie welche", "Ja, ich habe sie dabei",
                                   "Zu Hause gelassen"})
    CHECK(view.find(papers + answer + "</dd>") != std::string::npos);
  CHECK(view.find("<dd>Ich durfte nicht (ein Verbot)</dd>") != std::string::npos);
  CHECK(view.find("<dd>Ich weiß es nicht</dd>") != std::string::npos);
  CHECK(view.find("<dd>Nein, nie</dd>") == std::string::npos);  // not what was answered
  CHECK(view.find("<dd>Ja, aber ich musste aufhören</dd>") != std::string::npos);

  // The version 1 profile: its own question about papers (yes or no), none of version 2's.
  const std::string old_page = get(office, path_of(old_link) + "?lang=de")->body;
  CHECK(old_page.find("Yonas Haile") != std::string::npos);
  CHECK(old_page.find("<dt>Haben Sie Zeugnisse oder Urkunden dazu?</dt><dd>Nein</dd>") !=
        std::string::npos);
  CHECK(old_page.find("Haben Sie es abgeschlossen?") == std::string::npos);
  const std::string old_view =
      anna.get("/office/records/" + record_hex_in(list, "Yonas Haile"))->body;
  CHECK(old_view.find("<dt>Haben Sie Zeugnisse oder Urkunden dazu?</dt><dd>Nein</dd>") !=
        std::string::npos);

  // The CSV: version 2's answers in columns of their own, version 1's papers in theirs.
  auto csv = anna.get("/office/export.csv");
  REQUIRE(csv->status == 200);
  const auto rows = parse_office_csv(csv->body);
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.schooling") == "interrupted");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.items[1].status") == "not_finished");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.items[1].not_finished_reason") == "ban");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.items[1].documents_status") == "lost");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.items[4].documents_status") == "at_home");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.items[1].recognition") == "dont_know");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "education.items[1].documents") == "");
  CHECK(csv_cell(rows, "Yonas Haile", "education.items[1].documents") == "false");
  CHECK(csv_cell(rows, "Yonas Haile", "education.items[1].documents_status") == "");
  CHECK(csv_cell(rows, "Mariam Ahmadi", "work.items[1].learned").find("from_master") !=
        std::string::npos);
  const std::string literacy = csv_cell(rows, "Mariam Ahmadi", "languages.mother_tongues[1].literacy");
  CHECK(literacy.find("speak") != std::string::npos);
  CHECK(literacy.find("read") == std::string::npos);
}
