// The office UI over HTTP, against a real `sichtbar-hub serve` on loopback with real kiosks
// (`sichtbar-kiosk fill` and `sync`): no office route without a login, the session cookie's
// flags, the growing delay after wrong passwords (a second connection does not get around it),
// CSRF tokens on every POST, search and filters, the CSV export read back and compared field by
// field with what the kiosk recorded, erasure with a reason (gone from search, export and the
// person's link; the audit log keeps who, when, which id and why, and nothing of the person),
// and the kiosks' sync state and revocation. Every office page carries the security headers.
#include <catch2/catch.hpp>

#include "domain/form_library.h"
#include "domain/recognition.h"
#include "protocol/keys.h"
#include "support/csv.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
using nlohmann::json;

namespace {

// What a cell holds for a recorded answer (export.h): text as is, numbers as digits,
// yes/no as true/false, several choices joined by ", " (sorted here: the kiosk records choices
// in the form's order, not in the order the answers file lists them).
std::string expected_cell(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const json& x : v) parts.push_back(expected_cell(x));
    std::sort(parts.begin(), parts.end());
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
  }
  return v.dump();
}

// Several choices in a cell, sorted, to compare with expected_cell.
std::string sorted_choices(const std::string& cell) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= cell.size()) {
    const std::size_t end = std::min(cell.find(", ", at), cell.size());
    parts.push_back(cell.substr(at, end - at));
    at = end + 2;
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Every recorded answer as "section.field" or "section.group[k].field" -> cell text.
std::map<std::string, std::string> flatten_answers(const json& answers) {
  std::map<std::string, std::string> out;
  for (const auto& [section, fields] : answers.items()) {
    if (section == "consent") continue;
    for (const auto& [field, value] : fields.items()) {
      if (value.is_array() && !value.empty() && value[0].is_object()) {
        for (std::size_t k = 0; k < value.size(); ++k)
          for (const auto& [sub, v] : value[k].items())
            out[section + "." + field + "[" + std::to_string(k + 1) + "]." + sub] =
                expected_cell(v);
      } else {
        out[section + "." + field] = expected_cell(value);
      }
    }
  }
  return out;
}

// Which of the names (in this order) the records page lists for the query.
std::vector<std::string> listed_by(Staff& staff, const std::string& query,
                                   std::initializer_list<const char*> names) {
  const std::string page = staff.get("/office/records?" + query)->body;
  std::vector<std::string> who;
  for (const char* name : names)
    if (page.find(std::string("<bdi>") + name + "</bdi>") != std::string::npos) who.push_back(name);
  return who;
}

}  // namespace

TEST_CASE("every office route needs a login: GETs go to the login page, POSTs are refused") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(1);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna(office, "anna");
  const std::string hex = record_hex_in(anna.get("/office/records")->body, "Demo Person");
  const std::string device = [&] {
    std::smatch m;
    const std::string page = anna.get("/office/kiosks")->body;
    REQUIRE(std::regex_search(page, m, std::regex("/office/kiosks/([0-9a-f]{32})/revoke")));
    return m[1].str();
  }();
  const std::string person = [&] {
    std::smatch m;
    const std::string page = anna.get("/office/cases")->body;
    REQUIRE(std::regex_search(page, m, std::regex("/office/people/([0-9]+)\"><bdi>Demo Person")));
    return m[1].str();
  }();
  const std::vector<std::string> gets = {"/office",
                                         "/office/records",
                                         "/office/records?q=Demo",
                                         "/office/records/" + hex,
                                         "/office/records/" + hex + "/erase",
                                         "/office/export.csv",
                                         "/office/export.json",
                                         "/office/kiosks",
                                         "/office/kiosks/" + device + "/revoke",
                                         "/office/audit",
                                         "/office/cases",
                                         "/office/cases?list=overdue&wish=job",
                                         "/office/people/" + person,
                                         "/office/people/" + person + "/print"};
  std::vector<std::string> posts = {"/office/logout", "/office/records/" + hex + "/erase",
                                    "/office/kiosks/" + device + "/revoke"};
  for (const char* what : {"open", "stage", "assign", "next", "note", "contact"})
    posts.push_back("/office/people/" + person + "/case/" + what);
  for (const std::string& cookie :
       {std::string(), std::string("sichtbar_office=made-up-value"), anna.cookie + "x"}) {
    INFO("cookie: " << cookie);
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    for (const std::string& path : gets) {
      INFO("GET " << path);
      auto res = client_of(office)->Get(path.c_str(), headers);
      REQUIRE(res);
      CHECK(res->status == 303);
      CHECK(res->get_header_value("Location") == "/office/login");
      CHECK(res->body.find("Demo Person") == std::string::npos);
      check_page_headers(res);
    }
    for (const std::string& path : posts) {
      INFO("POST " << path);
      auto res = client_of(office)->Post(path.c_str(), headers,
                                         httplib::Params{{"csrf", anna.csrf()}, {"reason", "x"}});
      REQUIRE(res);
      CHECK(res->status == 403);
      check_page_headers(res);
    }
  }
  // Nothing was erased, revoked or written to the case by any of it.
  CHECK(office.records_at_hub() == 1);
  CHECK(anna.get("/office/people/" + person)->body.find("data-kind=\"note\"") == std::string::npos);
  CHECK(anna.get("/office/kiosks")->body.find("Sperren") != std::string::npos);
  // And with the session, every GET is a page with the same headers.
  for (const std::string& path : gets) {
    INFO("GET " << path);
    auto res = anna.get(path);
    CHECK((res->status == 200 || (path == "/office" && res->status == 303)));
    check_page_headers(res);
  }
  check_page_headers(client_of(office)->Get("/office/login"));
}

TEST_CASE(
    "the session cookie is HttpOnly, SameSite=Strict, for /office only, and Secure over TLS") {
  for (const bool tls : {false, true}) {
    INFO("tls " << tls);
    Office office(tls);
    add_office_user(office, "anna");
    auto login = try_login(office, "anna", kStaffPassword);
    CHECK(login.status == 303);
    const std::string& c = login.set_cookie;
    INFO(c);
    CHECK(c.starts_with("sichtbar_office="));
    CHECK(login.cookie.size() == std::string("sichtbar_office=").size() + 43);
    CHECK(c.find("; Path=/office") != std::string::npos);
    CHECK(c.find("; HttpOnly") != std::string::npos);
    CHECK(c.find("; SameSite=Strict") != std::string::npos);
    CHECK((c.find("; Secure") != std::string::npos) == tls);
    CHECK(c.find("Max-Age") == std::string::npos);  // gone when the browser closes
  }
}

TEST_CASE("under TLS every answer carries Strict-Transport-Security, without TLS none does") {
  for (const bool tls : {false, true}) {
    INFO("tls " << tls);
    Office office(tls);
    auto c = client_of(office);
    // A page, the kiosks' API, readiness, a static file, a path that is no route, and a refusal
    // the server writes itself (a declared body over what the address accepts). The refused
    // request declares its body without sending it: a client still sending when the server
    // answers and closes may be reset before it reads the answer, which a test cannot wait out.
    std::vector<httplib::Result> answers;
    for (const char* path :
         {"/office/login", "/api/v1/health", "/readyz", "/assets/style.css", "/no/such/path"})
      answers.push_back(c->Get(path));
    answers.push_back(c->Get("/office/login", {{"Content-Length", std::to_string(70 * 1024)}}));
    REQUIRE(answers.back());
    CHECK(answers.back()->status == 413);
    for (const auto& res : answers) {
      REQUIRE(res);
      INFO("status " << res->status);
      const std::string hsts = res->get_header_value("Strict-Transport-Security");
      if (tls)
        CHECK(hsts == "max-age=31536000");
      else
        CHECK(hsts.empty());
    }
  }
}

TEST_CASE("wrong passwords: refused, audited, and a growing delay no second connection avoids") {
  Office office;
  add_office_user(office, "anna");
  // An unknown name and a wrong password get the same answer.
  auto unknown = try_login(office, "nobody", kStaffPassword);
  auto wrong = try_login(office, "anna", "falsch falsch falsch");
  CHECK(unknown.status == 401);
  CHECK(wrong.status == 401);
  CHECK(wrong.set_cookie.empty());
  CHECK(wrong.body.find("Benutzername oder Passwort stimmt nicht.") != std::string::npos);
  // A third one is free too; the fourth closes the door: the fifth, even with the right
  // password and on a new connection, must wait.
  CHECK(try_login(office, "anna", "noch einmal falsch").status == 401);
  CHECK(try_login(office, "anna", "und noch einmal falsch").status == 401);
  auto blocked = try_login(office, "anna", kStaffPassword);
  CHECK(blocked.status == 429);
  CHECK(blocked.set_cookie.empty());
  CHECK(blocked.body.find("Zu viele falsche Versuche") != std::string::npos);
  // The right password later works (the wait is a few seconds at this point).
  LoginResult ok;
  for (int i = 0; i < 40; ++i) {
    ok = try_login(office, "anna", kStaffPassword);
    if (ok.status != 429) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  CHECK(ok.status == 303);
  Staff anna{office, "anna"};
  const std::string audit = anna.get("/office/audit")->body;
  CHECK(audit.find("login_failed") != std::string::npos);
  CHECK(audit.find(kStaffPassword) == std::string::npos);
  CHECK(audit.find("falsch") == std::string::npos);
}

TEST_CASE("a password typed into the name field is kept neither in the audit log nor on its page") {
  Office office;
  add_office_user(office, "anna");
  // Typed one field too early: the password in the name field (a valid login name by its
  // letters), then again with spaces; and anna's own name with a wrong password.
  const std::string password_as_name = "Sonnenblume-Regenbogen-2024";
  CHECK(try_login(office, password_as_name, "").status == 401);
  CHECK(try_login(office, kStaffPassword, "").status == 401);
  CHECK(try_login(office, "anna", "nicht das Passwort").status == 401);
  Staff anna{office, "anna"};
  const std::string page = anna.get("/office/audit")->body;
  CHECK(page.find(password_as_name) == std::string::npos);
  CHECK(page.find("Sonnenblume") == std::string::npos);
  CHECK(page.find(kStaffPassword) == std::string::npos);
  // The failures are there, with a neutral marker, and the known name as it is.
  CHECK(page.find("unknown name #") != std::string::npos);
  CHECK(page.find("login_failed") != std::string::npos);

  auto store = hub::open_sqlite_hub_store(office.database());
  REQUIRE(store);
  auto entries = (*store)->list_audit(100);
  REQUIRE(entries);
  int failed = 0, failed_as_anna = 0;
  for (const hub::AuditEntry& e : *entries) {
    for (const std::string* field : {&e.user, &e.action, &e.subject, &e.reason}) {
      CHECK(field->find("Sonnenblume") == std::string::npos);
      CHECK(field->find("Hafermilch") == std::string::npos);
    }
    if (e.action == "login_failed") ++failed, failed_as_anna += e.user == "anna";
  }
  CHECK(failed == 3);
  CHECK(failed_as_anna == 1);
}

TEST_CASE(
    "logout needs the session's CSRF token and ends the session; so does removing the login") {
  Office office;
  add_office_user(office, "anna");
  add_office_user(office, "ben");
  Staff anna{office, "anna"};
  auto refused = anna.post("/office/logout", {{"csrf", "not-the-token"}});
  CHECK(refused->status == 403);
  check_page_headers(refused);
  CHECK(anna.get("/office/records")->status == 200);
  auto out = anna.post("/office/logout", {{"csrf", anna.csrf()}});
  CHECK(out->status == 303);
  CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
  CHECK(anna.get("/office/records")->status == 303);
  // A login removed at the server ends its sessions at the next request.
  Staff ben{office, "ben"};
  CHECK(ben.get("/office/records")->status == 200);
  auto r = office.hub({"user", "remove", "ben"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(ben.get("/office/records")->status == 303);
  // Removed and added again under the same name: the old sessions stay ended.
  Staff anna2{office, "anna"};
  REQUIRE(office.hub({"user", "remove", "anna"}).exit_code == 0);
  add_office_user(office, "anna");
  CHECK(anna2.get("/office/records")->status == 303);
  Staff anna3{office, "anna"};
  CHECK(anna3.get("/office/records")->status == 200);
}

TEST_CASE(
    "staff search and filter synced records, open one, and export exactly what was recorded") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  json amanuel = demo_answers("Amanuel Tesfaye", "Augsburg");
  amanuel["answers"]["work"]["items"][0]["tasks"] = "Kabel verlegen; \"Schaltschränke\"\nund Solar";
  json rania = demo_answers("Rania Al-Hassan", "München");
  rania["locale"] = "ar";
  rania["answers"]["about"]["country_of_origin"] = "SY";
  rania["answers"]["education"]["items"][0]["wants_advice"] = false;
  rania["answers"]["wishes"]["wants"] = json::array({"job"});
  rania["answers"]["work"]["items"][0]["occupation"] = "2211";
  rania["answers"]["wishes"]["desired_occupation"] = "2211";
  rania["answers"]["work"]["items"][0]["tasks"] = "Patientenversorgung im Krankenhaus";
  fill_answers(kiosk, amanuel, "amanuel.json");
  fill_answers(kiosk, rania, "rania.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna{office, "anna"};

  const auto listed = [&](const std::string& query) {
    return listed_by(anna, query, {"Amanuel Tesfaye", "Rania Al-Hassan"});
  };
  using V = std::vector<std::string>;
  CHECK(listed("") == V{"Amanuel Tesfaye", "Rania Al-Hassan"});
  CHECK(listed("q=AUGSBURG") == V{"Amanuel Tesfaye"});        // case forgiven
  CHECK(listed("q=schaltschranke") == V{"Amanuel Tesfaye"});  // and the umlaut
  CHECK(listed("q=al-hassan%20krankenhaus") == V{"Rania Al-Hassan"});
  CHECK(listed("country=SY") == V{"Rania Al-Hassan"});
  CHECK(listed("occupation=7411") == V{"Amanuel Tesfaye"});
  CHECK(listed("advice=yes") == V{"Amanuel Tesfaye"});
  CHECK(listed("advice=no") == V{"Rania Al-Hassan"});
  CHECK(listed("language=prs") == V{"Amanuel Tesfaye", "Rania Al-Hassan"});
  CHECK(listed("from=2026-11-28&to=2026-11-28").size() == 2);
  CHECK(listed("from=2027-01-01").empty());
  auto bad_date = anna.get("/office/records?from=28.11.2026");
  CHECK(bad_date->body.find("Ein Datum muss wie 2026-11-28 aussehen") != std::string::npos);
  // A date that is shaped right but not in the calendar is refused the same way, not used.
  auto no_such_day = anna.get("/office/records?to=2026-99-99");
  CHECK(no_such_day->body.find("Ein Datum muss wie 2026-11-28 aussehen") != std::string::npos);
  CHECK(listed("to=2026-02-30").size() == 2);  // left out: both profiles are listed
  // The filter shows country and occupation names.
  const std::string list = anna.get("/office/records")->body;
  CHECK(list.find(">Syrien<") != std::string::npos);
  CHECK(list.find("Elektriker/in (7411)") != std::string::npos);

  // A profile, for staff, in German.
  const std::string hex = record_hex_in(list, "Rania Al-Hassan");
  const std::string profile = anna.get("/office/records/" + hex)->body;
  CHECK(profile.find("<bdi>Rania Al-Hassan</bdi>") != std::string::npos);
  CHECK(profile.find("Kiosk Augsburg 1") != std::string::npos);
  CHECK(anna.get("/office/records/" + std::string(32, '0'))->status == 404);

  // The CSV of a filtered set, read back: every recorded answer in its column.
  auto csv = anna.get("/office/export.csv?country=SY");
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(csv->get_header_value("Content-Disposition")
            .starts_with("attachment; filename=\"sichtbar-profile-"));
  check_page_headers(csv);
  auto rows = parse_office_csv(csv->body);
  REQUIRE(rows.size() == 2);  // the header and Rania
  auto all_rows = parse_office_csv(anna.get("/office/export.csv")->body);
  REQUIRE(all_rows.size() == 3);
  for (const json* person : {&amanuel, &rania}) {
    const std::string name = (*person)["answers"]["about"]["name"];
    INFO(name);
    const auto& header = all_rows[0];
    const auto name_column = std::find(header.begin(), header.end(), "about.name") - header.begin();
    const auto row = std::find_if(all_rows.begin() + 1, all_rows.end(),
                                  [&](const auto& r) { return r[name_column] == name; });
    REQUIRE(row != all_rows.end());
    REQUIRE(row->size() == header.size());
    std::size_t compared = 0;
    // The form's multiple-choice fields ("skills.digital", "languages.mother_tongues[1].literacy"):
    // their choices come in the form's order, the answers' list in its own.
    const auto choices = [](const std::string& column) {
      static const Form form =
          FormLibrary::load(form_folder(test::asset(""), kProfileFormId)).value().latest();
      const std::string path = std::regex_replace(column, std::regex("\\[[0-9]+\\]"), "");
      const auto dot = path.find('.');
      const auto sub = path.find('.', dot + 1);
      const Field* field = form.find_field(path.substr(0, dot), path.substr(dot + 1, sub - dot - 1));
      if (field != nullptr && sub != std::string::npos) {
        const auto& fields = field->fields;
        const auto it = std::find_if(fields.begin(), fields.end(),
                                     [&](const Field& f) { return f.id == path.substr(sub + 1); });
        field = it == fields.end() ? nullptr : &*it;
      }
      return field != nullptr && field->type == FieldType::MultiChoice;
    };
    for (const auto& [column, value] : flatten_answers((*person)["answers"])) {
      INFO("column " << column);
      const auto at = std::find(header.begin(), header.end(), column);
      REQUIRE(at != header.end());
      const std::string& cell = (*row)[at - header.begin()];
      CHECK((choices(column) ? sorted_choices(cell) : cell) == value);
      ++compared;
    }
    CHECK(compared >= 20);
    CHECK((*row)[std::find(header.begin(), header.end(), "locale") - header.begin()] ==
          (*person)["locale"].get<std::string>());
    CHECK((*row)[std::find(header.begin(), header.end(), "event.name") - header.begin()] ==
          "Infoabend");
  }
  // JSON of the same set: the records as stored.
  auto exported = anna.get("/office/export.json?occupation=7411");
  CHECK(exported->get_header_value("Content-Type") == "application/json; charset=utf-8");
  const json records = json::parse(exported->body);
  REQUIRE(records.size() == 1);
  CHECK(records[0]["record"]["answers"]["work"]["items"][0]["tasks"] ==
        amanuel["answers"]["work"]["items"][0]["tasks"]);
  // Exports are in the audit log, with their filters' names but not their values.
  const std::string audit = anna.get("/office/audit")->body;
  CHECK(audit.find("export_csv") != std::string::npos);
  CHECK(audit.find("export_json") != std::string::npos);
  CHECK(audit.find("Filter: country") != std::string::npos);
  CHECK(audit.find("Rania") == std::string::npos);
}

TEST_CASE(
    "staff filter by the way to recognition and major group, and export exactly what they see") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  // A doctor picked from ESCO; the demo's electrician is an older record's 4-digit code.
  const std::string doctor =
      "http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6";
  json samira = demo_answers("Samira Haddad", "München");
  samira["answers"]["work"]["items"][0]["occupation"] = doctor;
  samira["answers"]["wishes"]["desired_occupation"] = doctor;
  fill_answers(kiosk, samira, "samira.json");
  fill_answers(kiosk, demo_answers("Amanuel Tesfaye", "Augsburg"), "amanuel.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna{office, "anna"};
  const auto listed = [&](const std::string& query) {
    return listed_by(anna, query, {"Amanuel Tesfaye", "Samira Haddad"});
  };
  using V = std::vector<std::string>;
  CHECK(listed("regulated=yes") == V{"Samira Haddad"});
  CHECK(listed("procedure=approbation") == V{"Samira Haddad"});
  CHECK(listed("body=zaaby") == V{"Samira Haddad"});
  CHECK(listed("major=2") == V{"Samira Haddad"});
  CHECK(listed("major=7") == V{"Amanuel Tesfaye"});
  CHECK(listed("regulated=no").size() < 2);
  CHECK(listed("regulated=no") != V{"Samira Haddad"});
  CHECK(listed("major=2&regulated=no").empty());

  // The choices are offered in German, the chosen one stays chosen, and the export links and
  // the pages keep the filter.
  const std::string page = anna.get("/office/records?procedure=approbation&body=zaaby")->body;
  CHECK(page.find("<option value=\"approbation\" selected=\"selected\">Approbation oder "
                  "Berufserlaubnis</option>") != std::string::npos);
  CHECK(page.find("<option value=\"zaaby\" selected=\"selected\">Zentrale Anerkennungsstelle "
                  "für Approbationsberufe in Bayern") != std::string::npos);
  CHECK(page.find("<option value=\"self_employment\">nur für die Selbstständigkeit</option>") !=
        std::string::npos);
  CHECK(page.find(">2 Akademische Berufe</option>") != std::string::npos);
  CHECK(page.find("/office/export.csv?procedure=approbation&amp;body=zaaby") != std::string::npos);

  // A value the page never offers: said, left out, never a server error.
  for (const std::string query :
       {"procedure=zauberei", "body=nobody", "major=23", "regulated=%3Cscript%3E"}) {
    INFO(query);
    auto res = anna.get("/office/records?" + query);
    CHECK(res->status == 200);
    CHECK(res->body.find("ist keine Auswahl für") != std::string::npos);
    CHECK(res->body.find("<script>") == std::string::npos);
    CHECK(listed(query).size() == 2);
  }

  // The CSV of the filtered list holds exactly its records, with the way after the form's
  // columns (only the office's codings of typed occupations follow, one set per work item).
  auto rows = parse_office_csv(anna.get("/office/export.csv?regulated=yes")->body);
  REQUIRE(rows.size() == 2);
  const auto& header = rows[0];
  const auto way = std::find(header.begin(), header.end(), "isco_major_group");
  REQUIRE(header.end() - way >= 4);
  CHECK(V(way, way + 4) == V{"isco_major_group", "regulated", "procedure", "competent_body"});
  CHECK(std::all_of(way + 4, header.end(),
                    [](const std::string& c) { return c.find(".coded_") != std::string::npos; }));
  CHECK(header[0] == "record_id");  // the earlier columns keep their places
  const auto& row = rows[1];
  REQUIRE(row.size() == header.size());
  CHECK(row[std::find(header.begin(), header.end(), "about.name") - header.begin()] ==
        "Samira Haddad");
  const auto at = row.begin() + (way - header.begin());
  CHECK(V(at, at + 3) == V{"2", "yes", "approbation"});
  CHECK(at[3].starts_with("Zentrale Anerkennungsstelle für Approbationsberufe in Bayern"));
  CHECK(parse_office_csv(anna.get("/office/export.csv?major=7")->body).size() == 2);
  // The JSON of the same list: the same records, the same four.
  const json exported = json::parse(anna.get("/office/export.json?regulated=yes")->body);
  REQUIRE(exported.size() == 1);
  CHECK(exported[0]["record"]["answers"]["about"]["name"] == "Samira Haddad");
  CHECK(exported[0]["isco_major_group"] == json::array({"2"}));
  CHECK(exported[0]["procedure"] == json::array({"approbation"}));
  // The audit names the filters used, never their values.
  const std::string audit = anna.get("/office/audit")->body;
  CHECK(audit.find("Filter: regulated") != std::string::npos);
}

TEST_CASE("erasure needs the CSRF token and a reason, then the record is gone everywhere") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::string marker = "Löschmarke-Büro-7Q";
  const std::string link = fill_answers(kiosk, demo_answers("Ayaan Warsame", marker), "a.json");
  fill_answers(kiosk, demo_answers("Bleibt Hier", "Augsburg"), "b.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna{office, "anna"};
  const std::string hex = record_hex_in(anna.get("/office/records")->body, "Ayaan Warsame");
  const std::string path = "/office/records/" + hex + "/erase";
  auto confirm = anna.get(path);
  CHECK(confirm->status == 200);
  CHECK(confirm->body.find("<textarea id=\"reason\" name=\"reason\"") != std::string::npos);
  const std::string csrf = hidden_field(confirm->body, "csrf");

  // Another session's token, none, or no reason: refused, nothing erased.
  add_office_user(office, "ben");
  Staff ben{office, "ben"};
  for (const httplib::Params& fields :
       {httplib::Params{{"reason", "Widerruf per Telefon"}},
        httplib::Params{{"csrf", ben.csrf()}, {"reason", "Widerruf per Telefon"}},
        httplib::Params{{"csrf", csrf + "x"}, {"reason", "Widerruf per Telefon"}}}) {
    auto res = anna.post(path, fields);
    CHECK(res->status == 403);
    check_page_headers(res);
  }
  auto no_reason = anna.post(path, {{"csrf", csrf}, {"reason", "   "}});
  CHECK(no_reason->status == 400);
  CHECK(no_reason->body.find("Bitte geben Sie einen Grund an") != std::string::npos);
  CHECK(office.records_at_hub() == 2);
  CHECK(get(office, path_of(link))->body.find(marker) != std::string::npos);

  auto erased = anna.post(path, {{"csrf", csrf}, {"reason", "Widerruf per Telefon (Ticket 4711)"}});
  CHECK(erased->status == 200);
  check_page_headers(erased);
  CHECK(office.records_at_hub() == 1);
  // Gone from the list, the search, the export, the person's link and the database's files.
  CHECK(anna.get("/office/records")->body.find("Ayaan") == std::string::npos);
  CHECK(anna.get("/office/records?q=ayaan")->body.find("0 Profil(e) gefunden") !=
        std::string::npos);
  CHECK(anna.get("/office/export.csv")->body.find("Ayaan") == std::string::npos);
  CHECK(anna.get("/office/records/" + hex)->status == 404);
  CHECK(get(office, path_of(link))->body.find(marker) == std::string::npos);
  CHECK(files_containing(office.database().parent_path(), marker).empty());
  CHECK(anna.get("/office/records")->body.find("Bleibt Hier") != std::string::npos);
  // The audit log: who, what, which id, why; nothing of the person.
  const std::string audit = anna.get("/office/audit")->body;
  CHECK(std::regex_search(audit, std::regex("<bdi>anna</bdi></td><td>erase</td><td><bdi>" + hex +
                                            "</bdi></td><td><bdi>Widerruf per Telefon \\(Ticket "
                                            "4711\\)</bdi>")));
  CHECK(audit.find("Ayaan") == std::string::npos);
  CHECK(audit.find(marker) == std::string::npos);
  // A kiosk sending it again does not bring it back.
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  CHECK(office.records_at_hub() == 1);
}

TEST_CASE("the kiosks page shows each kiosk's sync state, and revoking needs CSRF and stops it") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(3);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna{office, "anna"};
  const std::string page = anna.get("/office/kiosks")->body;
  CHECK(page.find("<bdi>Kiosk Augsburg 1</bdi>") != std::string::npos);
  CHECK(page.find("<td>nie</td>") == std::string::npos);              // it was seen
  CHECK(page.find("<td>3</td><td>keine</td>") != std::string::npos);  // last number, no gaps
  std::smatch m;
  REQUIRE(std::regex_search(page, m, std::regex("/office/kiosks/([0-9a-f]{32})/revoke")));
  const std::string path = m[0].str();
  const std::string csrf = hidden_field(anna.get(path)->body, "csrf");
  CHECK(anna.post(path, {{"csrf", "falsch"}})->status == 403);
  kiosk.fill(1);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);  // not revoked yet
  auto revoked = anna.post(path, {{"csrf", csrf}});
  CHECK(revoked->status == 200);
  kiosk.fill(1);
  CHECK(kiosk.run({"sync"}).exit_code != 0);
  CHECK(anna.get("/office/kiosks")->body.find("Sperren") == std::string::npos);
  CHECK(anna.get("/office/audit")->body.find("revoke_kiosk") != std::string::npos);
}

TEST_CASE(
    "the quarantine page lists held records without obeying their text, and release and "
    "discard need a login and the CSRF token and are audited") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(1);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna{office, "anna"};
  std::smatch m;
  const std::string kiosks = anna.get("/office/kiosks")->body;
  REQUIRE(std::regex_search(kiosks, m, std::regex("/office/kiosks/([0-9a-f]{32})/revoke")));
  const auto device = from_hex(m[1].str());
  REQUIRE(device);

  // What ingest keeps of a hostile record from this kiosk: its sealed envelope and the reason,
  // here with a right-to-left override in the reason too, as if a message had quoted one.
  const auto quarantined = [&] {
    auto store = hub::open_sqlite_hub_store(office.database());
    REQUIRE(store);
    return *(*store)->count_quarantined();
  };
  {
    auto store = hub::open_sqlite_hub_store(office.database());
    REQUIRE(store);
    hub::StoredRecord held;
    held.record_id.fill(0x5a);
    held.record_version = 1;
    std::copy(device->begin(), device->end(), held.device_id.begin());
    held.seq = 2;
    held.envelope =
        Bytes{'n', 'o', 't', ' ', 'a', 'n', ' ', 'e', 'n', 'v', 'e', 'l', 'o', 'p', 'e'};
    held.envelope_sha256 = sha256(held.envelope);
    held.quarantine_reason = "record.bidi_control: about.name: \u202Egpj.exe<script>";
    held.received_at_ms = 1'795'900'000'000;
    auto out = (*store)->store_batch({&held, 1});
    REQUIRE(out);
    REQUIRE(out->at(0).status == hub::IngestStatus::Conflict);
  }
  REQUIRE(quarantined() == 1);

  auto page = anna.get("/office/quarantine");
  CHECK(page->status == 200);
  check_page_headers(page);
  CHECK(page->body.find("\u202E") == std::string::npos);
  CHECK(page->body.find("<script>") == std::string::npos);
  CHECK(page->body.find("Schreibrichtung") != std::string::npos);  // the reason, in German
  CHECK(page->body.find("Kiosk Augsburg 1") != std::string::npos);
  CHECK(page->body.find("<td>2</td>") != std::string::npos);
  REQUIRE(
      std::regex_search(page->body, m, std::regex("/office/quarantine/([0-9a-f]{64})/discard")));
  const std::string discard = m[0].str();
  const std::string release = "/office/quarantine/" + m[1].str() + "/release";
  const std::string csrf = anna.csrf();

  // Without a login, without the token, with a wrong one: refused, nothing changes.
  for (const std::string& path : {discard, release}) {
    INFO("POST " << path);
    auto stranger = client_of(office)->Post(path.c_str(), httplib::Params{{"csrf", csrf}});
    REQUIRE(stranger);
    CHECK(stranger->status == 403);
    CHECK(anna.post(path, {})->status == 403);
    CHECK(anna.post(path, {{"csrf", "falsch"}})->status == 403);
  }
  CHECK(quarantined() == 1);

  // Release checks it again: still not a record, so it stays, and says why.
  auto refused = anna.post(release, {{"csrf", csrf}});
  CHECK(refused->status == 409);
  CHECK(refused->body.find("Nicht freigegeben") != std::string::npos);
  CHECK(quarantined() == 1);
  CHECK(office.records_at_hub() == 1);

  auto discarded = anna.post(discard, {{"csrf", csrf}});
  CHECK(discarded->status == 200);
  CHECK(quarantined() == 0);
  CHECK(anna.post(discard, {{"csrf", csrf}})->status == 404);
  CHECK(anna.get("/office/quarantine")->body.find("Keine Profile in Quarant") != std::string::npos);
  const std::string audit = anna.get("/office/audit")->body;
  CHECK(audit.find("quarantine_release_refused") != std::string::npos);
  CHECK(audit.find("quarantine_discard") != std::string::npos);
  CHECK(office.records_at_hub() == 1);
}

TEST_CASE("a 1,000-word search gets a plain page in the office's language, never a path or SQL") {
  Office office;
  add_office_user(office, "mara");
  Staff staff(office, "mara");
  std::string q;
  for (int i = 0; i < 1000; ++i) q += (i ? "+" : "") + std::string("Anna");
  for (const std::string& path :
       {"/office/records?q=" + q, "/office/export.csv?q=" + q, "/office/export.json?q=" + q}) {
    auto res = staff.get(path);
    INFO(path.substr(0, 40) << ": " << res->body);
    CHECK(res->status == 400);
    CHECK(res->body.find("Die Suche ist zu lang") != std::string::npos);
    CHECK(res->body.find("höchstens 10 Wörtern und 200 Zeichen") != std::string::npos);
    CHECK(res->body.find(office.database().string()) == std::string::npos);
    CHECK(res->body.find(office.tmp_.path().string()) == std::string::npos);
    CHECK(res->body.find("SQL") == std::string::npos);
  }
  // Within the bounds the search runs as before.
  auto ten = staff.get("/office/records?q=Anna+Anna+Anna+Anna+Anna+Anna+Anna+Anna+Anna+Anna");
  CHECK(ten->status == 200);
}

TEST_CASE(
    "a login form posted twice (a replay) is refused the second time; each page has its own") {
  Office office;
  add_office_user(office, "mara");
  auto c = client_of(office);
  auto page = c->Get("/office/login");
  auto other = c->Get("/office/login");  // a second browser
  REQUIRE(page);
  REQUIRE(other);
  const std::string nonce = hidden_field(page->body, "nonce");
  CHECK(hidden_field(other->body, "nonce") != nonce);
  const httplib::Params form{{"user", "mara"}, {"password", kStaffPassword}, {"nonce", nonce}};
  auto first = c->Post("/office/login", form);
  REQUIRE(first);
  CHECK(first->status == 303);
  auto replay = c->Post("/office/login", form);
  REQUIRE(replay);
  CHECK(replay->status == 403);
  CHECK(replay->get_header_value("Set-Cookie").empty());
  CHECK(replay->body.find("abgelaufen oder schon benutzt") != std::string::npos);
  CHECK(replay->body.find("name=\"nonce\"") != std::string::npos);  // the login page again
  // An unknown nonce likewise.
  auto made_up = c->Post("/office/login", httplib::Params{{"user", "mara"},
                                                          {"password", kStaffPassword},
                                                          {"nonce", "AAAAAAAAAAAAAAAAAAAA"}});
  REQUIRE(made_up);
  CHECK(made_up->status == 403);
}

// --- Coding an occupation the person typed (issue #15) -----------------------------------

namespace {

const std::string kEscoPrefix = "http://data.europa.eu/esco/occupation/";
// tests/search_quality/de.tsv's answers for these words.
const std::string kNurse = kEscoPrefix + "8d3e8aaa-791b-4c75-a465-f3f827028f50";
const std::string kWelder = kEscoPrefix + "7aedaa07-3884-4c5b-88f9-80997b2aa54b";
const std::string kElectrician = kEscoPrefix + "4910419f-b4af-4f59-b544-9dbebc8a74f0";

// A person who found none of their occupations in the picker and typed them instead.
json typed_occupations_answers(const std::string& name) {
  json a = demo_answers(name, "Augsburg");
  a["answers"]["work"]["items"] = json::array({{{"job_title", "Krankenschwester"}, {"years", 5}},
                                               {{"job_title", "Schweisser"}},
                                               {{"job_title", "Elektrikerin"}}});
  return a;
}

// The URIs a coding page suggests, best first.
std::vector<std::string> suggested(const std::string& page) {
  std::vector<std::string> out;
  const std::regex uri("<li data-uri=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), uri); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[1].str());
  return out;
}

// The stored record's JSON, byte for byte, as the hub keeps it.
std::string stored_json(Office& office, const std::string& hex) {
  auto store = hub::open_sqlite_hub_store(office.database());
  REQUIRE(store);
  hub::RecordId id{};
  const auto bytes = from_hex(hex);
  REQUIRE(bytes);
  std::copy(bytes->begin(), bytes->end(), id.begin());
  auto json_text = (*store)->record_json(id);
  REQUIRE(json_text);
  REQUIRE(*json_text);
  return **json_text;
}

std::vector<hub::AuditEntry> audit_entries(Office& office) {
  auto store = hub::open_sqlite_hub_store(office.database());
  REQUIRE(store);
  auto entries = (*store)->list_audit(500);
  REQUIRE(entries);
  return *entries;
}

}  // namespace

TEST_CASE("a typed occupation gets the kiosk's search's suggestions, each a button that codes it") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  fill_answers(kiosk, typed_occupations_answers("Freitext Person"), "typed.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna(office, "anna");
  const std::string hex = record_hex_in(anna.get("/office/records")->body, "Freitext Person");
  const std::string record_page = anna.get("/office/records/" + hex)->body;
  CHECK(record_page.find("Einer ESCO-Berufsbezeichnung zuordnen") != std::string::npos);
  for (const auto& [item, words, expected] :
       {std::tuple{"0", "Krankenschwester", kNurse}, std::tuple{"1", "Schweisser", kWelder},
        std::tuple{"2", "Elektrikerin", kElectrician}}) {
    INFO(words);
    auto page = anna.get("/office/records/" + hex + "/code?answer=work.items." + item);
    REQUIRE(page->status == 200);
    check_page_headers(page);
    // The search box holds the person's words; the suggestions are the kiosk's search's.
    CHECK(page->body.find("name=\"q\" value=\"" + std::string(words) + "\"") != std::string::npos);
    const auto uris = suggested(page->body);
    CHECK(uris.size() <= 10);
    CHECK(std::find(uris.begin(), uris.end(), expected) != uris.end());
    // Each with its ISCO unit and, as a hint, the way to recognition.
    CHECK(page->body.find("ISCO ") != std::string::npos);
    CHECK(page->body.find("In Deutschland reglementiert: ") != std::string::npos);
  }
  // A nurse's way: regulated, the title's permission (the shipped map's entry).
  const std::string nurse_page =
      anna.get("/office/records/" + hex + "/code?answer=work.items.0")->body;
  const auto nurse = nurse_page.find("<li data-uri=\"" + kNurse + "\"");
  REQUIRE(nurse != std::string::npos);
  CHECK(nurse_page.find("data-regulated=\"yes\"", nurse) < nurse_page.find("</li>", nurse));
  // Guidance, not a decision; and the shipped map's entries say that no expert checked them.
  CHECK(nurse_page.find("keine Entscheidung: Es entscheidet die zuständige Stelle") !=
        std::string::npos);
  CHECK(nurse_page.find("(Eintrag noch nicht fachlich geprüft)", nurse) <
        nurse_page.find("</li>", nurse));
  // The records page says the same of the filters by the way to recognition.
  CHECK(record_page.find("Orientierung, keine Entscheidung") == std::string::npos);
  const auto map = RecognitionMap::load(RecognitionMap::shipped_file(test::asset("")));
  REQUIRE(map);
  std::size_t unchecked = 0;
  for (const RecognitionEntry& e : map->entries()) unchecked += !e.expert_checked;
  CHECK(anna.get("/office/records")
            ->body.find("Orientierung, keine Entscheidung. " + std::to_string(unchecked) + " von " +
                        std::to_string(map->entries().size()) +
                        " Einträgen sind noch nicht fachlich "
                        "geprüft.") != std::string::npos);
  // Another search from the box.
  const auto other = suggested(
      anna.get("/office/records/" + hex + "/code?answer=work.items.0&q=Schwei%C3%9Fer")->body);
  CHECK(std::find(other.begin(), other.end(), kWelder) != other.end());
  // An answer the record does not have: a plain 400.
  CHECK(anna.get("/office/records/" + hex + "/code?answer=work.items.9")->status == 400);
  CHECK(anna.get("/office/records/" + hex + "/code?answer=about.name")->status == 400);
}

TEST_CASE(
    "coding needs CSRF, a known occupation and a typed answer, and never changes the record") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::string link =
      fill_answers(kiosk, typed_occupations_answers("Freitext Person"), "typed.json");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  add_office_user(office, "anna");
  Staff anna(office, "anna");
  const std::string hex = record_hex_in(anna.get("/office/records")->body, "Freitext Person");
  const std::string before = stored_json(office, hex);
  const std::string code = "/office/records/" + hex + "/code";
  const auto coded = [&] {
    return anna.get("/office/records/" + hex)->body.find("Zugeordnet von") != std::string::npos;
  };

  // Refused, nothing stored: no CSRF token, a wrong one, an unknown URI, a bare UUID, an answer
  // that is not a typed occupation.
  CHECK(anna.post(code, {{"answer", "work.items.0"}, {"uri", kNurse}})->status == 403);
  CHECK(anna.post(code, {{"csrf", "x"}, {"answer", "work.items.0"}, {"uri", kNurse}})->status ==
        403);
  const std::string csrf = anna.csrf();
  auto unknown = anna.post(code, {{"csrf", csrf},
                                  {"answer", "work.items.0"},
                                  {"uri", kEscoPrefix + "00000000-0000-0000-0000-000000000000"}});
  CHECK(unknown->status == 400);
  CHECK(unknown->body.find("kennt der Hub nicht") != std::string::npos);
  CHECK(anna.post(code, {{"csrf", csrf},
                         {"answer", "work.items.0"},
                         {"uri", "8d3e8aaa-791b-4c75-a465-f3f827028f50"}})
            ->status == 400);
  CHECK(anna.post(code, {{"csrf", csrf}, {"answer", "work.items.5"}, {"uri", kNurse}})->status ==
        400);
  CHECK(anna.post(code, {{"csrf", csrf}, {"answer", "about.name"}, {"uri", kNurse}})->status ==
        400);
  CHECK_FALSE(coded());
  // The office's filters find a coded occupation (the record's search row is computed again):
  // nothing of the person is in major group 2 until the nurse is coded.
  const auto in_major_2 = [&] {
    return anna.get("/office/records?major=2")->body.find("Freitext Person") != std::string::npos;
  };
  CHECK_FALSE(in_major_2());

  // Coded: beside the person's words, which stay.
  auto set = anna.post(code, {{"csrf", csrf}, {"answer", "work.items.0"}, {"uri", kNurse}});
  CHECK(set->status == 303);
  CHECK(in_major_2());
  std::string page = anna.get("/office/records/" + hex)->body;
  CHECK(page.find("Zugeordnet von anna am ") != std::string::npos);
  CHECK(page.find("Krankenpfleger Allgemeine Krankenpflege/Krankenschwester Allgemeine "
                  "Krankenpflege (ISCO 2221)") != std::string::npos);
  CHECK(page.find("<bdi>Krankenschwester</bdi>") != std::string::npos);
  // Changed: the new coding replaces the old one.
  REQUIRE(anna.post(code, {{"csrf", csrf}, {"answer", "work.items.0"}, {"uri", kWelder}})->status ==
          303);
  REQUIRE(anna.post(code, {{"csrf", csrf}, {"answer", "work.items.2"}, {"uri", kElectrician}})
              ->status == 303);
  page = anna.get("/office/records/" + hex)->body;
  CHECK(page.find("Schweißer/Schweißerin (ISCO 7212)") != std::string::npos);
  CHECK(page.find("(ISCO 2221)") == std::string::npos);

  // The exports carry the coding beside the person's answer; the CSV's columns only grow.
  auto csv = anna.get("/office/export.csv");
  REQUIRE(csv->status == 200);
  const auto rows = parse_office_csv(csv->body);
  REQUIRE(rows.size() == 2);
  const auto& header = rows[0];
  const auto column = [&](const std::string& name) {
    const auto at = std::find(header.begin(), header.end(), name);
    INFO("column " << name);
    REQUIRE(at != header.end());
    return static_cast<std::size_t>(at - header.begin());
  };
  CHECK(rows[1][column("work.items[1].job_title")] == "Krankenschwester");
  CHECK(rows[1][column("work.items[1].coded_occupation")] == kWelder);
  CHECK(rows[1][column("work.items[1].coded_occupation_de")] == "Schweißer/Schweißerin");
  CHECK(rows[1][column("work.items[1].coded_by")] == "anna");
  CHECK(rows[1][column("work.items[2].coded_occupation")].empty());
  CHECK(rows[1][column("work.items[3].coded_occupation")] == kElectrician);
  CHECK(column("work.items[1].coded_occupation") > column("wishes.start"));
  CHECK(column("work.items[1].coded_occupation") > column("work.items[3].tasks"));
  auto exported = json::parse(anna.get("/office/export.json")->body);
  REQUIRE(exported.size() == 1);
  CHECK(exported[0]["record"]["answers"]["work"]["items"][0]["job_title"] == "Krankenschwester");
  CHECK(exported[0]["codings"][0]["answer_path"] == "work.items.0");
  CHECK(exported[0]["codings"][0]["esco_uri"] == kWelder);
  CHECK(exported[0]["codings"][0]["label_de"] == "Schweißer/Schweißerin");
  CHECK(exported[0]["codings"][0]["coded_by"] == "anna");

  // The person's own page does not show the office's coding.
  const std::string own_page = get(office, path_of(link))->body;
  CHECK(own_page.find("Krankenschwester") != std::string::npos);
  CHECK(own_page.find("Schweißer/Schweißerin") == std::string::npos);
  CHECK(own_page.find("Zugeordnet") == std::string::npos);

  // Removed: needs CSRF too.
  CHECK(anna.post("/office/records/" + hex + "/uncode", {{"answer", "work.items.0"}})->status ==
        403);
  CHECK(
      anna.post("/office/records/" + hex + "/uncode", {{"csrf", csrf}, {"answer", "work.items.0"}})
          ->status == 303);
  CHECK(
      anna.post("/office/records/" + hex + "/uncode", {{"csrf", csrf}, {"answer", "work.items.2"}})
          ->status == 303);
  CHECK_FALSE(coded());
  CHECK_FALSE(in_major_2());

  // The person's record: the same bytes as before any of it.
  CHECK(stored_json(office, hex) == before);
  // The audit log: every set and removal, with the record's id and the answer's place, and
  // nothing the person typed.
  std::vector<std::string> actions;
  for (const hub::AuditEntry& e : audit_entries(office)) {
    INFO(e.action << " " << e.subject << " " << e.reason);
    CHECK(e.reason.find("Krankenschwester") == std::string::npos);
    CHECK(e.subject.find("Krankenschwester") == std::string::npos);
    if (e.action == "code_occupation" || e.action == "uncode_occupation") {
      CHECK(e.subject == hex);
      CHECK(e.user == "anna");
      actions.push_back(e.action + " " + e.reason);
    }
  }
  // Newest first.
  CHECK(actions ==
        std::vector<std::string>{"uncode_occupation work.items.2", "uncode_occupation work.items.0",
                                 "code_occupation work.items.2", "code_occupation work.items.0",
                                 "code_occupation work.items.0"});
}
