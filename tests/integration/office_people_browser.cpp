// The office's pages about people in a real browser: Debian's headless Chromium driven through
// chromedriver (as office_browser.cpp), against a real `sichtbar-hub serve` with profiles from a
// real kiosk sync. An administrator's day: an office with every setting a person's access
// request names, its counsellor, the kiosk moved there, and the last administrator who stays
// one, saying why. The duplicates page: a person at two events in two scripts suggested with
// the reasons, linked (the person page lists both), the link undone, the pair marked different
// for good. The erasure of a linked person: every profile with event and date shown first;
// afterwards the QR pages show nothing of them, the case is gone and the audit keeps that an
// erasure happened, not whom. The access request: page and JSON hold the profiles, the case,
// its notes and the link; hostile text shows as typed and runs nowhere.
#include <catch2/catch.hpp>

#include "support/hostile_records.h"
#include "support/kiosk_office.h"
#include "support/webdriver.h"

using namespace sichtbar;
using namespace sichtbar::test;
using nlohmann::json;

namespace {

void log_in(ChromeBrowser& browser, Office& office, const std::string& user) {
  browser.go(office.url() + "/office/login");
  browser.type(browser.find("#user"), user);
  browser.type(browser.find("#password"), kStaffPassword);
  browser.click_to_next_page(browser.find("form button[type=submit]"));
  REQUIRE(browser.url().ends_with("/office/records"));
}

// What the page shows, as a person reads it.
std::string shown(ChromeBrowser& browser) {
  return browser.execute("return document.body.innerText;").get<std::string>();
}

bool shows(ChromeBrowser& browser, const std::string& text) {
  return shown(browser).find(text) != std::string::npos;
}

// The cells' texts of the table row whose first cell reads `first` (none: empty).
std::vector<std::string> row_starting(ChromeBrowser& browser, const std::string& first) {
  const json cells = browser.execute(
      "const r = [...document.querySelectorAll('table tbody tr')].find(r => "
      "r.cells[0].innerText.trim() === " +
      json(first).dump() + "); return r ? [...r.cells].map(c => c.innerText.trim()) : [];");
  return cells.get<std::vector<std::string>>();
}

// The value a form field holds.
std::string value_of(ChromeBrowser& browser, const std::string& css) {
  return browser.execute("return document.querySelector(" + json(css).dump() + ").value;")
      .get<std::string>();
}

// The number at the end of the page's address (/office/people/<id>, /office/admin/offices/<id>).
std::string id_in_url(ChromeBrowser& browser) {
  const std::string url = browser.url();
  std::smatch m;
  INFO(url);
  REQUIRE(std::regex_search(url, m, std::regex("/([0-9]+)$")));
  return m[1].str();
}

// The element matching `inner` inside the first `outer` whose text holds `text`.
std::string find_inside(ChromeBrowser& browser, const std::string& outer, const std::string& text,
                        const std::string& inner) {
  const json e =
      browser.execute("const o = [...document.querySelectorAll(" + json(outer).dump() +
                      ")].find(e => e.innerText.includes(" + json(text).dump() +
                      ")); return o ? o.querySelector(" + json(inner).dump() + ") : null;");
  INFO(inner << " in " << outer << " with " << text);
  REQUIRE(e.is_object());
  return e.begin().value().get<std::string>();
}

// A file behind a link of the page, fetched with the browser's own session cookie.
httplib::Result fetch_link(ChromeBrowser& browser, Office& office, const std::string& css) {
  const std::string href = browser.attribute(browser.find(css), "href");
  const std::string session = browser.cookie("sichtbar_office");
  REQUIRE(!session.empty());
  auto res = client_of(office)->Get(href.substr(href.find("/office/")).c_str(),
                                    {{"Cookie", "sichtbar_office=" + session}});
  REQUIRE(res);
  return res;
}

// The duplicates page's first suggestion, linked from the page: the browser is on the person's.
void link_first_suggestion(ChromeBrowser& browser) {
  browser.click_to_next_page(browser.find("nav a[href='/office/duplicates']"));
  browser.click_to_next_page(browser.find(
      "section.duplicate form[action='/office/duplicates/link'] button.button.primary"));
  REQUIRE(browser.url().find("/office/people/") != std::string::npos);
}

}  // namespace

TEST_CASE(
    "Chromium: an administrator adds an office with its settings, its counsellor and moves the "
    "kiosk there, and the last administrator stays one") {
  KioskOffice o(HubBackend::Sqlite);
  o.event("Infoabend Augsburg", "2026-05-12");
  o.fill(person_answers("Amanuel Tesfaye", 1988, "0170 1111111", true));
  o.sync();
  ChromeBrowser browser;
  log_in(browser, o.office, "anna");
  REQUIRE(browser.count("table.records tbody tr") == 1);
  const std::string href = browser.attribute(browser.find("table.records tbody a"), "href");
  const std::string amanuel = o.office.url() + href.substr(href.find("/office/"));

  // The office, with everything a person's access request names.
  add_office(browser,
             {"Beratungsstelle Nürnberg", "Hauptmarkt 1\n90403 Nürnberg",
              "Datenschutz: dsb@nuernberg.example", "BayLDA, Promenade 18, 91522 Ansbach", "365"});
  CHECK(browser.count("[role=alert]") == 0);
  check_nothing_ran(browser, "offices");
  // Its row shows each setting, and no flag asking to complete it.
  const std::string row = "table.records tbody tr:last-child";
  CHECK(browser.text(browser.find(row + " td:nth-child(2)")) == "Beratungsstelle Nürnberg");
  CHECK(browser.text(browser.find(row + " td:nth-child(4)")) ==
        "Datenschutz: dsb@nuernberg.example");
  CHECK(browser.text(browser.find(row + " td:nth-child(6)")) == "365");
  // Opened again, the form holds what was typed, line breaks and all.
  browser.click_to_next_page(browser.find(row + " a.button"));
  const std::string office_id = id_in_url(browser);
  CHECK(value_of(browser, "#o-name") == "Beratungsstelle Nürnberg");
  CHECK(value_of(browser, "#o-contact") == "Hauptmarkt 1\n90403 Nürnberg");
  CHECK(value_of(browser, "#o-dpo") == "Datenschutz: dsb@nuernberg.example");
  CHECK(value_of(browser, "#o-authority") == "BayLDA, Promenade 18, 91522 Ansbach");
  CHECK(value_of(browser, "#o-retention") == "365");
  CHECK(browser.count(".flag") == 0);

  // Its counsellor.
  browser.click_to_next_page(browser.find("nav a[href='/office/admin/logins']"));
  browser.type(browser.find("#l-name"), "nina");
  browser.type(browser.find("#l-password"), kStaffPassword);
  browser.type(browser.find("#l-again"), kStaffPassword);
  browser.click(browser.find("#l-role option[value='counsellor']"));
  browser.click(browser.find("#l-office option[value='" + office_id + "']"));
  browser.click_to_next_page(browser.find("form[action='/office/admin/logins/add'] button"));
  CHECK(browser.count("[role=alert]") == 0);
  const auto nina = row_starting(browser, "nina");
  REQUIRE(nina.size() >= 3);
  CHECK(nina[1] == "Beratung");
  CHECK(nina[2] == "Beratungsstelle Nürnberg");

  // The last administrator can be neither made a counsellor nor removed; the page says why, and
  // she stays one.
  const std::string anna_change =
      "form[action='/office/admin/logins/change']:has(input[name=name][value=anna])";
  browser.click(browser.find(anna_change + " select[name=role] option[value='counsellor']"));
  browser.click_to_next_page(browser.find(anna_change + " button"));
  const std::string last =
      "Das ist die letzte Anmeldung mit der Rolle Administration. Ohne sie könnte niemand mehr "
      "Anmeldungen verwalten";
  CHECK(browser.text(browser.find("[role=alert]")).starts_with(last));
  browser.click_to_next_page(browser.find(
      "form[action='/office/admin/logins/remove']:has(input[name=name][value=anna]) button"));
  CHECK(browser.text(browser.find("[role=alert]")).starts_with(last));
  browser.go(o.office.url() + "/office/admin/logins");
  CHECK(row_starting(browser, "anna").at(1) == "Administration");
  CHECK(browser.count("nav a[href='/office/admin/logins']") == 1);

  // The kiosk moves to Nürnberg; its next visitor is Nürnberg's.
  browser.click_to_next_page(browser.find("nav a[href='/office/kiosks']"));
  browser.click(browser.find("form.move select option[value='" + office_id + "']"));
  browser.click_to_next_page(browser.find("form.move button"));
  REQUIRE(browser.url().ends_with("/office/kiosks"));
  CHECK(browser.execute("return document.querySelector('form.move select')"
                        ".selectedOptions[0].textContent;") == "Beratungsstelle Nürnberg");
  // The kiosk learns it at its next sync (Nürnberg's settings, which its consent then names):
  // a visitor who consented to Augsburg before that sync stays Augsburg's.
  o.sync();
  o.event("Jobmesse Nürnberg", "2026-06-20");
  o.fill(person_answers("Nora Nürnbergerin", 1992, "0170 2222222", true));
  o.sync();
  browser.click_to_next_page(browser.find("form.logout button"));

  // Nina sees Nürnberg's people only, and none of the administrator's pages.
  log_in(browser, o.office, "nina");
  REQUIRE(browser.count("table.records tbody tr") == 1);
  CHECK(browser.text(browser.find("table.records tbody a")) == "Nora Nürnbergerin");
  CHECK(browser.count("nav a[href^='/office/admin/']") == 0);
  CHECK(browser.count("nav a[href='/office/kiosks']") == 0);
  browser.click_to_next_page(browser.find("nav a[href='/office/cases']"));
  REQUIRE(browser.count("table.cases tbody tr") == 1);
  CHECK(browser.text(browser.find("table.cases tbody a")) == "Nora Nürnbergerin");
  browser.go(amanuel);
  CHECK(browser.text(browser.find("h1")) == "Profil nicht gefunden");
  CHECK_FALSE(shows(browser, "Amanuel"));
  // Nora's access request names Nürnberg's office as the one responsible, and whom to ask.
  browser.go(o.office.url() + "/office/cases");
  browser.click_to_next_page(browser.find("table.cases tbody a"));
  browser.click_to_next_page(browser.find("a[href$='/access']"));
  const std::string access = shown(browser);
  for (const char* setting :
       {"Beratungsstelle Nürnberg", "Hauptmarkt 1", "90403 Nürnberg",
        "Datenschutz: dsb@nuernberg.example", "BayLDA, Promenade 18, 91522 Ansbach"}) {
    INFO(setting);
    CHECK(access.find(setting) != std::string::npos);
  }
}

TEST_CASE(
    "Chromium: one person at two events is suggested with the reasons, linked, unlinked, and "
    "marked different for good") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  KioskOffice o(backend);
  plant_same_person(o);
  ChromeBrowser browser;
  log_in(browser, o.office, "anna");

  browser.click_to_next_page(browser.find("nav a[href='/office/duplicates']"));
  CHECK(browser.text(browser.find("h1")) == "Mögliche Doppelte");
  check_nothing_ran(browser, "duplicates");
  // One suggestion, side by side, with what made it; the sister's shared phone alone is none.
  REQUIRE(browser.count("section.duplicate") == 1);
  CHECK(browser.text(browser.find("section.duplicate h2")) ==
        "Übereinstimmung: Name, Geburtsjahr, Telefon");
  CHECK(browser.count("section.duplicate .side") == 2);
  const std::string pair = browser.text(browser.find("section.duplicate"));
  for (const char* seen : {"Mohammed Al-Hassan", "محمد الحسن", "Infoabend Augsburg (2026-05-12)",
                           "Jobmesse München (2026-06-20)"}) {
    INFO(seen);
    CHECK(pair.find(seen) != std::string::npos);
  }
  CHECK_FALSE(shows(browser, "Fatima"));
  CHECK(keeps_to_phone_width(browser, "duplicates"));

  // Linked: one person whose page lists both profiles.
  browser.click_to_next_page(browser.find(
      "section.duplicate form[action='/office/duplicates/link'] button.button.primary"));
  REQUIRE(browser.url().find("/office/people/") != std::string::npos);
  const std::string person_page = browser.url();
  REQUIRE(browser.count("ul.profiles li") == 2);
  const std::string profiles = browser.text(browser.find("ul.profiles"));
  CHECK(profiles.find("Infoabend Augsburg") != std::string::npos);
  CHECK(profiles.find("Jobmesse München") != std::string::npos);
  CHECK(keeps_to_phone_width(browser, "person-linked"));
  browser.go(o.office.url() + "/office/duplicates");
  CHECK(browser.count("section.duplicate") == 0);
  CHECK(shows(browser, "Zurzeit keine Vorschläge."));

  // The link was wrong: Munich's profile is taken off the person again, from the person's page.
  browser.go(person_page);
  browser.click_to_next_page(find_inside(browser, "ul.profiles li", "Jobmesse München", "button"));
  CHECK(browser.url() == person_page);
  REQUIRE(browser.count("ul.profiles li") == 1);
  CHECK(browser.text(browser.find("ul.profiles li")).find("Infoabend Augsburg") !=
        std::string::npos);
  CHECK(browser.count("ul.profiles form") == 0);  // a person's only profile stays theirs
  browser.go(o.office.url() + "/office/duplicates");
  REQUIRE(browser.count("section.duplicate") == 1);

  // Marked different: the suggestion goes, and stays gone on a reload and after the next sync.
  browser.click_to_next_page(
      browser.find("section.duplicate form[action='/office/duplicates/different'] button.button"));
  CHECK(browser.url().find("/office/duplicates") != std::string::npos);
  CHECK(browser.count("section.duplicate") == 0);
  browser.go(browser.url());
  CHECK(browser.count("section.duplicate") == 0);
  o.fill(person_answers("Leyla Yilmaz", 2000, "0160 9999999", false));
  o.sync();
  browser.go(o.office.url() + "/office/duplicates");
  CHECK(browser.count("section.duplicate") == 0);
  CHECK(shows(browser, "Zurzeit keine Vorschläge."));
  CHECK(*o.store()->count_records() == 4);  // deciding deletes no profile
}

TEST_CASE(
    "Chromium: erasing a linked person shows every profile first, and afterwards their QR pages, "
    "case and name are gone and the audit names nobody") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  KioskOffice o(backend);
  const PlantedPerson links = plant_same_person(o);
  ChromeBrowser browser;
  // The person's own QR pages show their profiles.
  for (const std::string& link : {links.augsburg, links.munich}) {
    browser.go(o.office.url() + path_of(link));
    CHECK(browser.count(".person-name") == 1);
  }
  log_in(browser, o.office, "anna");
  link_first_suggestion(browser);
  const std::string person = id_in_url(browser);
  browser.type(browser.find("#f-note"), "Zeugnis aus Damaskus liegt vor");
  browser.click_to_next_page(browser.find("#form-note button"));

  // Before anything is erased: every profile, with its event and date, and what goes with them.
  browser.click_to_next_page(browser.find("a[href$='/erase']"));
  CHECK(browser.text(browser.find("h1")) == "Person endgültig löschen?");
  check_nothing_ran(browser, "erase person");
  CHECK(shows(browser, "Diese 2 Profile werden gelöscht"));
  REQUIRE(browser.count("table tbody tr") == 2);
  const auto augsburg = row_starting(browser, "Mohammed Al-Hassan");
  const auto munich = row_starting(browser, "محمد الحسن");
  REQUIRE(augsburg.size() == 4);
  REQUIRE(munich.size() == 4);
  CHECK(augsburg[1] == "Infoabend Augsburg");
  CHECK(augsburg[2] == "2026-05-12");
  CHECK(munich[1] == "Jobmesse München");
  CHECK(munich[2] == "2026-06-20");
  CHECK(shows(browser, "Der Fall wird mit allen"));
  CHECK(keeps_to_phone_width(browser, "erase-person"));
  CHECK(*o.store()->count_records() == 3);
  // Without a reason the browser does not send the form: nothing is erased.
  const std::string erase_page = browser.url();
  browser.click(browser.find("button.button.danger[type=submit]"));
  CHECK(browser.url() == erase_page);
  CHECK(browser.execute("return document.querySelector('#reason').validity.valueMissing;") == true);
  CHECK(*o.store()->count_records() == 3);

  browser.type(browser.find("#reason"), "Antrag per Brief vom 3.12.");
  browser.click_to_next_page(browser.find("button.button.danger[type=submit]"));
  CHECK(browser.text(browser.find("h1")) == "Profil gelöscht");
  CHECK(shows(browser, "Die Person ist gelöscht: alle ihre Profile mit ihren Links, der Fall"));

  // The QR pages show nothing of the person any more: as for a profile that never arrived.
  for (const std::string& link : {links.augsburg, links.munich}) {
    browser.go(o.office.url() + path_of(link));
    CHECK(browser.count(".person-name") == 0);
    CHECK(browser.text(browser.find("h1")) == "Ihr Profil ist unterwegs");
    CHECK_FALSE(shows(browser, "Mohammed"));
    CHECK_FALSE(shows(browser, "محمد"));
  }
  // The case and the person's page are gone; the sister stays.
  browser.go(o.office.url() + "/office/cases");
  CHECK(browser.count("table.cases tbody tr") == 0);
  browser.go(o.office.url() + "/office/people/" + person);
  CHECK(browser.text(browser.find("h1")) == "Person nicht gefunden");
  browser.go(o.office.url() + "/office/records");
  REQUIRE(browser.count("table.records tbody tr") == 1);
  CHECK(browser.text(browser.find("table.records tbody a")) == "Fatima Al-Hassan");
  // The audit keeps that an erasure of two profiles happened and why, not whom.
  browser.go(o.office.url() + "/office/audit");
  const std::string audit = shown(browser);
  CHECK(audit.find("Antrag per Brief vom 3.12. (2 Profile)") != std::string::npos);
  for (const std::string& gone : {std::string("Mohammed"), std::string("محمد"),
                                  std::string("Damaskus"), "person:" + person}) {
    INFO(gone);
    CHECK(audit.find(gone) == std::string::npos);
  }
}

TEST_CASE(
    "Chromium: the access request's page and JSON hold the profiles, case, notes and link, and "
    "hostile text shows as typed and runs nowhere") {
  KioskOffice o(HubBackend::Sqlite);
  // The hostile strings a person could type that a kiosk keeps (it drops NUL and broken UTF-8).
  const std::vector<std::string> hostile(kHostile.begin(), kHostile.begin() + 7);
  const std::string name = "Samira " + hostile[1];
  for (const auto& [event, date] :
       {std::pair{hostile[0], "2026-05-12"}, std::pair{std::string("Jobmesse"), "2026-06-20"}}) {
    o.event(event, date);
    json a = person_answers(name, 1985, "0152 7654321", true);
    a["answers"]["about"]["place_of_residence"] = hostile[3];
    a["answers"]["work"]["items"][0]["tasks"] = hostile[5] + "\n" + hostile[6];
    a["answers"]["skills"]["other"] = hostile[2];
    o.fill(a);
  }
  o.sync();
  ChromeBrowser browser;
  log_in(browser, o.office, "anna");
  // The office's own settings, hostile too: the access page names them as the controller.
  browser.go(o.office.url() + "/office/admin/offices/1");
  browser.type(browser.find("#o-contact"), "Rathausplatz 1 " + hostile[0]);
  browser.type(browser.find("#o-dpo"), "dsb@augsburg.example " + hostile[5]);
  browser.type(browser.find("#o-authority"), "BayLDA " + hostile[1]);
  browser.click_to_next_page(browser.find("form[action='/office/admin/offices/1'] button"));
  check_nothing_ran(browser, "office settings");

  browser.click_to_next_page(browser.find("nav a[href='/office/duplicates']"));
  check_nothing_ran(browser, "duplicates");
  REQUIRE(browser.count("section.duplicate") == 1);
  CHECK(browser.text(browser.find("section.duplicate dd bdi")) == name);
  link_first_suggestion(browser);
  const std::string person_page = browser.url();
  check_nothing_ran(browser, "person");
  const std::string note = "<img src=x onerror=\"window.__xss=1;alert(1)\"> Zeugnis kommt";
  browser.type(browser.find("#f-note"), note);
  browser.click_to_next_page(browser.find("#form-note button"));

  // The page: both profiles, the case with the note, the office; all as typed, nothing ran.
  browser.click_to_next_page(browser.find("a[href$='/access']"));
  CHECK(browser.text(browser.find("h1")) == "Auskunft über gespeicherte Daten");
  check_nothing_ran(browser, "access page");
  CHECK(browser.count("section.access-profile") == 2);
  const std::string page = shown(browser);
  CHECK(page.find("Profile (2)") != std::string::npos);
  CHECK(keeps_to_phone_width(browser, "access"));
  for (const std::string& typed : {name, hostile[0], hostile[2], hostile[3], hostile[5], hostile[6],
                                   note, "Rathausplatz 1 " + hostile[0],
                                   "dsb@augsburg.example " + hostile[5], "BayLDA " + hostile[1]}) {
    INFO("shown as typed: " << typed);
    CHECK(page.find(typed) != std::string::npos);
  }

  // The JSON behind the page's link: the same, for the person to take along.
  browser.go(person_page);
  auto res = fetch_link(browser, o.office, "a[href$='/access.json']");
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Disposition").starts_with("attachment;"));
  const json access = json::parse(res->body);
  CHECK(access["linked_profiles"] == 2);
  REQUIRE(access["profiles"].size() == 2);
  std::set<std::string> events;
  for (const json& p : access["profiles"]) {
    CHECK(p["record"]["answers"]["about"]["name"] == name);
    CHECK(p["record"]["answers"]["skills"]["other"] == hostile[2]);
    events.insert(p["record"]["event"]["name"].get<std::string>());
  }
  CHECK(events == std::set<std::string>{hostile[0], "Jobmesse"});
  CHECK(access["case"]["stage"] == "new");
  bool noted = false;
  for (const json& e : access["case"]["history"]) noted = noted || e["text"] == note;
  CHECK(noted);
  CHECK(access["office"]["contact"] == "Rathausplatz 1 " + hostile[0]);
  CHECK(access["office"]["data_protection_officer"] == "dsb@augsburg.example " + hostile[5]);
  CHECK(access["office"]["supervisory_authority"] == "BayLDA " + hostile[1]);
}
