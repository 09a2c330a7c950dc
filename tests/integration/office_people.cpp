// The same person across events in the office UI, against a real `sichtbar-hub serve` on
// loopback with records from a real kiosk, on both store backends: a person who filled a profile
// at two events, once in Latin letters and once in Arabic script, is suggested (and their sister,
// who shares the phone, is not); linking makes one person with one case, a wrong link is undone,
// a pair marked different never comes back; erasing the person shows every profile (event and
// date) first and then takes them all with the case and its notes, leaving an audit entry that
// names nobody; the access request gives everything held as JSON and as a page, escaped; and a
// counsellor of another office gets 404 for all of it.
#include <catch2/catch.hpp>

#include "hub/ingest.h"
#include "support/hub_backends.h"
#include "support/kiosk_office.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
using nlohmann::json;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The two record ids of the page's first suggestion.
std::pair<std::string, std::string> first_pair(const std::string& page) {
  std::smatch a, b;
  REQUIRE(std::regex_search(page, a, std::regex("name=\"a\" value=\"([0-9a-f]{32})\"")));
  REQUIRE(std::regex_search(page, b, std::regex("name=\"b\" value=\"([0-9a-f]{32})\"")));
  return {a[1].str(), b[1].str()};
}

std::string person_from(const httplib::Result& res) {
  REQUIRE(res->status == 303);
  std::smatch m;
  const std::string location = res->get_header_value("Location");
  REQUIRE(std::regex_search(location, m, std::regex("^/office/people/([0-9]+)")));
  return m[1].str();
}

}  // namespace

TEST_CASE("one person at two events in two scripts is suggested, linked into one case, and a wrong link undone") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  KioskOffice o(backend);
  plant_same_person(o);
  Staff anna(o.office, "anna");

  const std::string page = anna.get("/office/duplicates")->body;
  INFO(page);
  // One suggestion: Mohammed in both scripts; his sister's shared phone alone suggests nothing.
  CHECK(count_of(page, "class=\"duplicate\"") == 1);
  CHECK(page.find("<bdi>Mohammed Al-Hassan</bdi>") != std::string::npos);
  CHECK(page.find("<bdi>محمد الحسن</bdi>") != std::string::npos);
  CHECK(page.find("Fatima") == std::string::npos);
  CHECK(page.find("Infoabend Augsburg (2026-05-12)") != std::string::npos);
  CHECK(page.find("Jobmesse München (2026-06-20)") != std::string::npos);
  const auto [a, b] = first_pair(page);

  // Without the CSRF token nothing is linked.
  CHECK(anna.post("/office/duplicates/link", {{"a", a}, {"b", b}})->status == 403);
  const std::string person =
      person_from(anna.post("/office/duplicates/link", {{"a", a}, {"b", b}, {"csrf", anna.csrf()}}));

  // One person, both profiles, one case (both asked for advice: the two cases became one).
  auto access = json::parse(anna.get("/office/people/" + person + "/access.json")->body);
  CHECK(access["profiles"].size() == 2);
  CHECK(access["case"].is_object());
  auto store = o.store();
  CHECK(store->list_cases({})->total == 1);
  CHECK(count_of(anna.get("/office/duplicates")->body, "class=\"duplicate\"") == 0);
  CHECK(*store->count_records() == 3);  // linking deletes no profile
  // The person's page leads to undoing the link of each profile, the access request and erasure.
  const std::string person_page = anna.get("/office/people/" + person)->body;
  CHECK(count_of(person_page, "action=\"/office/people/" + person + "/unlink\"") == 2);
  for (const std::string what : {"/access\"", "/access.json\"", "/erase\""})
    CHECK(count_of(person_page, "href=\"/office/people/" + person + what) == 1);

  // The link was wrong: one profile goes back to being a person of its own.
  auto unlinked = anna.post("/office/people/" + person + "/unlink", {{"record", b}, {"csrf", anna.csrf()}});
  CHECK(unlinked->status == 303);
  access = json::parse(anna.get("/office/people/" + person + "/access.json")->body);
  CHECK(access["profiles"].size() == 1);
  CHECK(count_of(anna.get("/office/people/" + person)->body, "/unlink\"") == 0);  // an only one
  CHECK(*store->count_records() == 3);

  // Marked as different people, the pair is never suggested again.
  CHECK(count_of(anna.get("/office/duplicates")->body, "class=\"duplicate\"") == 1);
  CHECK(anna.post("/office/duplicates/different", {{"a", a}, {"b", b}, {"csrf", anna.csrf()}})
            ->status == 303);
  CHECK(count_of(anna.get("/office/duplicates")->body, "class=\"duplicate\"") == 0);

  // The audit names the people by id and what was done, never their names.
  bool linked = false;
  const auto audit = store->list_audit(50);
  REQUIRE(audit);
  for (const auto& e : *audit) {
    linked = linked || e.action == "person_link";
    CHECK(e.reason.find("Mohammed") == std::string::npos);
    CHECK(e.subject.find("Mohammed") == std::string::npos);
  }
  CHECK(linked);
}

TEST_CASE("erasing a person shows every profile first, then takes them all with the case, naming nobody in the audit") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  KioskOffice o(backend);
  plant_same_person(o);
  Staff anna(o.office, "anna");
  const auto [a, b] = first_pair(anna.get("/office/duplicates")->body);
  const std::string person =
      person_from(anna.post("/office/duplicates/link", {{"a", a}, {"b", b}, {"csrf", anna.csrf()}}));
  auto store = o.store();
  const hub::PersonId id = std::stoll(person);
  REQUIRE(store->add_case_entry({0, id, 1, "anna", "note", "<script>alert(1)</script> Diplom"}));

  const std::string confirm = anna.get("/office/people/" + person + "/erase")->body;
  CHECK(confirm.find("Infoabend Augsburg") != std::string::npos);
  CHECK(confirm.find("2026-05-12") != std::string::npos);
  CHECK(confirm.find("Jobmesse München") != std::string::npos);
  CHECK(confirm.find("2026-06-20") != std::string::npos);
  const std::string csrf = hidden_field(confirm, "csrf");

  // No reason, or a page shown before the person's profiles changed: nothing is erased.
  CHECK(anna.post("/office/people/" + person + "/erase", {{"csrf", csrf}, {"profiles", "2"}})
            ->status == 400);
  CHECK(anna.post("/office/people/" + person + "/erase",
                  {{"csrf", csrf}, {"profiles", "1"}, {"reason", "Antrag per Brief"}})
            ->status == 409);
  CHECK(*store->count_records() == 3);

  auto done = anna.post("/office/people/" + person + "/erase",
                        {{"csrf", csrf}, {"profiles", "2"}, {"reason", "Antrag per Brief"}});
  CHECK(done->status == 200);
  CHECK(*store->count_records() == 1);  // the sister stays
  CHECK(store->list_cases({})->total == 0);
  CHECK(anna.get("/office/people/" + person + "/access.json")->status == 404);
  bool erased = false;
  const auto audit = store->list_audit(100);
  REQUIRE(audit);
  for (const auto& e : *audit) {
    CHECK(e.subject != "person:" + person);  // what was about the person went with them
    CHECK(e.subject.find(a) == std::string::npos);
    if (e.action == "erase") {
      erased = true;
      CHECK(e.subject.empty());
      CHECK(e.reason.find("Antrag per Brief") != std::string::npos);
    }
  }
  CHECK(erased);
}

// The person's own erase link proves control of that one profile, nothing more: a link staff
// made (maybe a wrong one) must not let it erase another profile. It takes that profile; with the
// person's last profile the person, case, notes and audit entries about them go too.
TEST_CASE("the person's erase link takes that profile only, a linked one keeps the case and says whom to ask") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  KioskOffice o(backend);
  const std::string contact = "Beratungsstelle <Augsburg>, Tel. 0821 999000";
  REQUIRE(o.office.hub({"office", "set", "1", "--contact", contact}).exit_code == 0);
  o.event("Infoabend Augsburg", "2026-05-12");
  const std::string latin = o.fill(person_answers("Mohammed Al-Hassan", 1990, "0151 23456789", true));
  o.event("Jobmesse München", "2026-06-20");
  json arabic_answers = person_answers("محمد الحسن", 1990, "+49 151 23456789", true);
  arabic_answers["locale"] = "ar";
  const std::string arabic = o.fill(arabic_answers);
  o.sync();
  Staff anna(o.office, "anna");
  const auto [a, b] = first_pair(anna.get("/office/duplicates")->body);
  const std::string person =
      person_from(anna.post("/office/duplicates/link", {{"a", a}, {"b", b}, {"csrf", anna.csrf()}}));
  const hub::PersonId id = std::stoll(person);
  auto store = o.store();
  REQUIRE(store->add_case_entry({0, id, 1, "anna", "note", "Zeugnis bringt er mit"}));
  // Staff looked at both profiles: audit entries about each.
  for (const std::string& hex : {a, b}) CHECK(anna.get("/office/records/" + hex)->status == 200);
  const auto erase = [&](const std::string& link, const std::string& lang) {
    const std::string token = token_of(link);
    const std::string nonce = nonce_in(get(o.office, "/p/" + token + "/erase?lang=" + lang)->body);
    auto res = post_erase(o.office, token, {{"nonce", nonce}, {"lang", lang}});
    CHECK(res->status == 200);
    return res->body;
  };
  const auto audit_about = [&](const std::string& subject) {
    const auto entries = store->list_audit(500);
    REQUIRE(entries);
    std::size_t n = 0;
    for (const auto& e : *entries) n += e.subject == subject;
    return n;
  };
  const auto person_of_link = [&](const std::string& link) {
    auto found = store->find_profile(hub::profile_token_hash(token_of(link)));
    REQUIRE(found);
    REQUIRE(*found);
    return to_hex((*found)->record_id);
  };
  const std::string arabic_hex = person_of_link(arabic), latin_hex = person_of_link(latin);
  CHECK(audit_about(arabic_hex) == 1);

  // One of two linked profiles: it goes, the other and the case with its note stay.
  const std::string one = erase(arabic, "ar");
  INFO(one);
  CHECK(one.find("<html lang=\"ar\" dir=\"rtl\"") != std::string::npos);
  CHECK(one.find("قد يحتفظ المكتب") != std::string::npos);  // "the office may hold ..."
  CHECK(one.find("Beratungsstelle &lt;Augsburg&gt;, Tel. 0821 999000") != std::string::npos);
  CHECK(one.find("Jobmesse") == std::string::npos);  // nothing about any other profile
  CHECK(one.find("Infoabend") == std::string::npos);
  CHECK(*store->count_records() == 1);
  CHECK(get(o.office, path_of(latin))->body.find("Mohammed Al-Hassan") != std::string::npos);
  const std::string page = anna.get("/office/people/" + person)->body;
  CHECK(page.find("Infoabend Augsburg") != std::string::npos);
  CHECK(page.find("Jobmesse München") == std::string::npos);
  CHECK(page.find("Zeugnis bringt er mit") != std::string::npos);
  CHECK(store->list_cases({})->total == 1);
  CHECK(audit_about(arabic_hex) == 0);  // what staff did with the erased profile goes with it
  CHECK(audit_about(latin_hex) == 1);

  // The person's last profile: the person goes with the case, its notes and the audit about them.
  const std::string last = erase(latin, "de");
  INFO(last);
  CHECK(last.find("Ihr Profil ist gelöscht") != std::string::npos);
  CHECK(last.find("Alles, was Sie eingegeben haben, ist im Büro gelöscht") != std::string::npos);
  CHECK(last.find("Beratungsstelle") == std::string::npos);
  CHECK(*store->count_records() == 0);
  CHECK(store->list_cases({})->total == 0);
  CHECK(!*store->find_person(id));
  CHECK(store->case_entries(id)->empty());
  CHECK(anna.get("/office/people/" + person)->status == 404);
  CHECK(audit_about(latin_hex) == 0);
  CHECK(audit_about("person:" + person) == 0);
}

TEST_CASE("the access request gives everything held about the person, escaped, and nothing to another office") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  KioskOffice o(backend);
  plant_same_person(o);
  Staff anna(o.office, "anna");
  const auto [a, b] = first_pair(anna.get("/office/duplicates")->body);
  const std::string person =
      person_from(anna.post("/office/duplicates/link", {{"a", a}, {"b", b}, {"csrf", anna.csrf()}}));
  auto store = o.store();
  REQUIRE(store->add_case_entry(
      {0, std::stoll(person), 1, "anna", "note", "<script>alert(1)</script> \"Zeugnis\""}));

  auto json_res = anna.get("/office/people/" + person + "/access.json");
  CHECK(json_res->get_header_value("Content-Type").starts_with("application/json"));
  const json access = json::parse(json_res->body);
  CHECK(access["format"] == "sichtbar-access-1");
  CHECK(access["case"]["stage"] == "new");
  bool note = false;
  for (const json& e : access["case"]["history"])
    note = note || e["text"] == "<script>alert(1)</script> \"Zeugnis\"";
  CHECK(note);
  std::set<std::string> names;
  for (const json& p : access["profiles"]) names.insert(p["record"]["answers"]["about"]["name"]);
  CHECK(names == std::set<std::string>{"Mohammed Al-Hassan", "محمد الحسن"});

  const auto page = anna.get("/office/people/" + person + "/access");
  CHECK(page->status == 200);
  CHECK(page->body.find("<script>") == std::string::npos);
  CHECK(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page->body.find("Infoabend Augsburg") != std::string::npos);

  // A counsellor of another office: every page and form of the person answers like a missing one.
  hub::Office munich;
  munich.name = "Beratungsstelle München";
  auto other = store->add_office(munich);
  REQUIRE(other);
  add_office_user(o.office, "ben");
  REQUIRE(store->set_user_role("ben", hub::OfficeRole::counsellor, *other));
  Staff ben(o.office, "ben");
  for (const std::string path : {"/access", "/access.json", "/erase"})
    CHECK(ben.get("/office/people/" + person + path)->status == 404);
  CHECK(ben.post("/office/people/" + person + "/erase",
                 {{"csrf", ben.csrf()}, {"profiles", "2"}, {"reason", "x"}})
            ->status == 404);
  CHECK(ben.post("/office/duplicates/link", {{"a", a}, {"b", b}, {"csrf", ben.csrf()}})->status ==
        404);
  CHECK(count_of(ben.get("/office/duplicates")->body, "class=\"duplicate\"") == 0);
  CHECK(*store->count_records() == 3);
}
