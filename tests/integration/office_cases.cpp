// Cases in the office UI over HTTP, against a real `sichtbar-hub serve` on loopback with records
// from a real kiosk sync, on both store backends: a wish at the kiosk gives a case in the work
// lists; the lists by stage, event, wish, "my cases" and "overdue" (soonest first), with counts
// and paging that keep the filters; a case moved through every stage with what each stage needs,
// and every refusal changing nothing; the contact box only with the person's consent; two
// counsellors on one case (the older revision is refused and shown the current state); hostile
// text escaped on the case page, the work list and the print page; audit entries without the
// note's text; and another office's person answering 404 like a missing one.
#include <catch2/catch.hpp>

#include "support/hostile_records.h"
#include "support/hub_backends.h"
#include "support/kiosk_office.h"
#include "support/office_ui.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
using nlohmann::json;

namespace {

// The demo answers with a name, the wishes ticked, consent to contact or not, and a phone.
json person_answers(const std::string& name, const std::vector<std::string>& wishes, bool contact,
                    const std::string& phone = "+49 821 1234567") {
  json a = demo_answers(name, "Augsburg-" + name.substr(0, name.find(' ')));
  a["answers"]["wishes"]["wants"] = wishes;
  if (wishes.empty()) a["answers"]["wishes"].erase("wants");
  // Only the wishes decide whether a case opens: no qualification asks for advice.
  for (json& item : a["answers"]["education"]["items"]) item["wants_advice"] = false;
  a["answers"]["about"]["phone"] = phone;
  a["answers"]["about"]["email"] = name.substr(0, name.find(' ')) + "@example.org";
  a["answers"]["consent"]["purposes"] =
      contact ? json::array({"keep_profile", "contact"}) : json::array({"keep_profile"});
  return a;
}

// The person id the page links to for the name.
std::string person_in(const std::string& page, const std::string& name) {
  std::smatch m;
  INFO("no link to the case of " << name);
  REQUIRE(std::regex_search(page, m, std::regex("href=\"/office/people/([0-9]+)\"><bdi>" + name)));
  return m[1].str();
}

bool lists(const std::string& page, const std::string& name) {
  return page.find("<bdi>" + name + "</bdi>") != std::string::npos;
}

std::string stage_on(const std::string& page) {
  std::smatch m;
  REQUIRE(std::regex_search(page, m, std::regex("data-stage=\"([a-z]+)\"")));
  return m[1].str();
}

// A tab's count: "Überfällig (2)" in the tab whose data-tab is value.
std::string tab_text(const std::string& page, const std::string& value) {
  std::smatch m;
  INFO("tab " << value);
  REQUIRE(std::regex_search(page, m, std::regex("data-tab=\"" + value + "\">([^<]*)</a>")));
  return m[1].str();
}

// Staff at the case page: every POST with the page's CSRF token and, for a change, the revision
// the page shows.
struct CaseDesk : Staff {
  using Staff::Staff;
  std::string page(const std::string& person) { return get("/office/people/" + person)->body; }
  httplib::Result act(const std::string& person, const std::string& what, httplib::Params fields) {
    const std::string shown = page(person);
    fields.emplace("csrf", hidden_field(shown, "csrf"));
    if (what != "open" && what != "note" && what != "contact" && !fields.contains("revision"))
      fields.emplace("revision", hidden_field(shown, "revision"));
    return post("/office/people/" + person + "/case/" + what, fields);
  }
  // A change the hub takes: 303 back to the case page.
  void done(const std::string& person, const std::string& what, httplib::Params fields) {
    auto res = act(person, what, std::move(fields));
    INFO(res->body);
    REQUIRE(res->status == 303);
    CHECK(res->get_header_value("Location").starts_with("/office/people/" + person + "#"));
  }
  // A change the hub refuses: the case page with the reason, and the case as it was.
  std::string refused(const std::string& person, const std::string& what, httplib::Params fields,
                      int status = 400) {
    const std::string before = page(person);
    auto res = act(person, what, std::move(fields));
    CHECK(res->status == status);
    CHECK(res->body.find("role=\"alert\"") != std::string::npos);
    CHECK(res->body.find("Es wurde nichts gespeichert") != std::string::npos);
    CHECK(stage_on(page(person)) == stage_on(before));
    CHECK(hidden_field(page(person), "revision") == hidden_field(before, "revision"));
    return res->body;
  }
};

using CaseOffice = KioskOffice;

}  // namespace

TEST_CASE("a wish at the kiosk gives a case: work lists by stage, event, wish, mine and overdue") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true));
  o.fill(person_answers("Boris Petrenko", {"job"}, false));
  o.fill(person_answers("Dana Nowak", {}, true));
  REQUIRE(
      o.kiosk.run({"setup", "--event-name", "Jobmesse", "--event-date", "2026-12-01"}).exit_code ==
      0);
  o.fill(person_answers("Chen Wei", {"language_course"}, true));
  o.sync();
  CaseDesk anna(o.office, "anna");

  // Every person with a wish has a case, new, in "Alle" and in "Neu"; a person without none.
  const std::string all = anna.get("/office/cases")->body;
  for (const char* name : {"Amira Haddad", "Boris Petrenko", "Chen Wei"}) {
    INFO(name);
    CHECK(lists(all, name));
    CHECK(lists(anna.get("/office/cases?stage=new")->body, name));
  }
  CHECK_FALSE(lists(all, "Dana Nowak"));
  CHECK(tab_text(all, "all") == "Alle (3)");
  CHECK(tab_text(all, "new") == "Neu (3)");
  CHECK(tab_text(all, "closed") == "Abgeschlossen (0)");
  CHECK(lists(anna.get("/office/cases?list=all&stage=contacted")->body, "Amira Haddad") == false);

  // By wish, by event, and both together.
  const std::string job = anna.get("/office/cases?wish=job")->body;
  CHECK(lists(job, "Boris Petrenko"));
  CHECK_FALSE(lists(job, "Amira Haddad"));
  CHECK_FALSE(lists(job, "Chen Wei"));
  std::smatch m;
  REQUIRE(std::regex_search(all, m, std::regex("<option value=\"([^\"]+)\">Jobmesse")));
  const std::string fair = m[1].str();
  const std::string by_event = anna.get("/office/cases?event=" + fair)->body;
  CHECK(lists(by_event, "Chen Wei"));
  CHECK_FALSE(lists(by_event, "Amira Haddad"));
  CHECK_FALSE(lists(by_event, "Boris Petrenko"));
  CHECK_FALSE(lists(anna.get("/office/cases?event=" + fair + "&wish=job")->body, "Boris Petrenko"));
  CHECK(lists(anna.get("/office/cases?event=" + fair + "&wish=language_course")->body, "Chen Wei"));
  // A value that is no choice is said, not silently taken.
  CHECK(anna.get("/office/cases?wish=lottery")->body.find("„lottery“ ist hier keine Auswahl") !=
        std::string::npos);

  // Next actions: two overdue (soonest first), one later; one case mine.
  const std::string amira = person_in(all, "Amira Haddad"),
                    boris = person_in(all, "Boris Petrenko"), chen = person_in(all, "Chen Wei");
  anna.done(amira, "next",
            {{"next_action", "Zeugnis anfordern"}, {"next_action_date", "2020-03-01"}});
  anna.done(boris, "next", {{"next_action", "Zurückrufen"}, {"next_action_date", "2020-01-15"}});
  anna.done(chen, "next", {{"next_action", "Kurs suchen"}, {"next_action_date", "2099-01-01"}});
  const std::string overdue = anna.get("/office/cases?list=overdue")->body;
  CHECK(lists(overdue, "Boris Petrenko"));
  CHECK(lists(overdue, "Amira Haddad"));
  CHECK_FALSE(lists(overdue, "Chen Wei"));
  CHECK(overdue.find("<bdi>Boris Petrenko") < overdue.find("<bdi>Amira Haddad"));
  CHECK(tab_text(overdue, "overdue") == "Überfällig (2)");
  // Overdue is said in words beside the date, not by colour alone.
  CHECK(overdue.find("Überfällig seit <time datetime=\"2020-01-15\">") != std::string::npos);

  CHECK_FALSE(lists(anna.get("/office/cases?list=mine")->body, "Amira Haddad"));
  anna.done(amira, "assign", {{"counsellor", "anna"}});
  const std::string mine = anna.get("/office/cases?list=mine")->body;
  CHECK(lists(mine, "Amira Haddad"));
  CHECK_FALSE(lists(mine, "Boris Petrenko"));
  CHECK(tab_text(mine, "mine") == "Meine Fälle (1)");

  // Staff open a case for anyone: the person without a wish, found through their profile.
  const std::string records = anna.get("/office/records?q=Nowak")->body;
  REQUIRE(std::regex_search(records, m, std::regex("/office/records/([0-9a-f]{32})\"><bdi>Dana")));
  const std::string record_page = anna.get("/office/records/" + m[1].str())->body;
  REQUIRE(std::regex_search(record_page, m, std::regex("href=\"/office/people/([0-9]+)\"")));
  const std::string dana = m[1].str();
  CHECK(anna.page(dana).find("Diese Person hat noch keinen Fall.") != std::string::npos);
  anna.done(dana, "open", {});
  CHECK(stage_on(anna.page(dana)) == "new");
  CHECK(lists(anna.get("/office/cases?stage=new")->body, "Dana Nowak"));
}

TEST_CASE("work lists page by 50 and keep their filters from page to page") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  for (int i = 0; i < 52; ++i)
    o.fill(person_answers("Person " + std::to_string(100 + i), {"job"}, false));
  o.fill(person_answers("Other Wish", {"mentoring"}, false));
  o.sync();
  CaseDesk anna(o.office, "anna");
  const std::string first = anna.get("/office/cases?list=all&wish=job")->body;
  CHECK(tab_text(first, "all") == "Alle (52)");
  const std::string next = "/office/cases?list=all&amp;wish=job&amp;page=2";
  REQUIRE(first.find("href=\"" + next + "\"") != std::string::npos);
  const std::string second = anna.get("/office/cases?list=all&wish=job&page=2")->body;
  std::set<std::string> seen;
  for (const std::string& page : {first, second}) {
    const std::regex row("<bdi>(Person [0-9]+)</bdi>");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), row);
         it != std::sregex_iterator(); ++it)
      seen.insert((*it)[1].str());
    CHECK_FALSE(lists(page, "Other Wish"));
  }
  CHECK(seen.size() == 52);
  CHECK(second.find("rel=\"prev\"") != std::string::npos);
}

TEST_CASE("a case goes through every stage with what each needs, and refusals change nothing") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true));
  o.sync();
  CaseDesk anna(o.office, "anna");
  const std::string amira = person_in(anna.get("/office/cases")->body, "Amira Haddad");

  // A date that is no date, or a date without a next action, is refused.
  for (const char* date : {"2026-02-30", "31.12.2026", "2026-1-5", "morgen"})
    anna.refused(amira, "next", {{"next_action", "Anrufen"}, {"next_action_date", date}});
  anna.refused(amira, "next", {{"next_action", ""}, {"next_action_date", "2026-12-24"}});
  anna.refused(amira, "stage", {{"stage", "somewhere"}});
  anna.refused(amira, "assign", {{"counsellor", "nobody-here"}});
  anna.refused(amira, "note", {{"note", "   "}});
  anna.refused(amira, "contact", {{"result", "maybe"}, {"contact_note", "x"}});

  for (const char* stage : {"contacted", "counselling", "documents"}) {
    anna.done(amira, "stage", {{"stage", stage}});
    CHECK(stage_on(anna.page(amira)) == stage);
  }
  // Applied needs the competent body: none, or one that is not in the map, is refused.
  anna.refused(amira, "stage", {{"stage", "applied"}});
  anna.refused(amira, "stage", {{"stage", "applied"}, {"body", "no-such-body"}});
  anna.done(amira, "stage", {{"stage", "applied"}, {"body_other", "Handwerkskammer für Schwaben"}});
  std::string page = anna.page(amira);
  CHECK(stage_on(page) == "applied");
  CHECK(page.find("<bdi>Handwerkskammer für Schwaben</bdi>") != std::string::npos);
  // Decision needs full, partial or none.
  anna.refused(amira, "stage", {{"stage", "decision"}});
  anna.refused(amira, "stage", {{"stage", "decision"}, {"decision", "maybe"}});
  anna.done(amira, "stage", {{"stage", "decision"}, {"decision", "partial"}});
  page = anna.page(amira);
  CHECK(stage_on(page) == "decision");
  CHECK(page.find("Teilweise Gleichwertigkeit") != std::string::npos);
  anna.done(amira, "stage", {{"stage", "adaptation"}});
  CHECK(stage_on(anna.page(amira)) == "adaptation");
  // Closed needs an outcome.
  anna.refused(amira, "stage", {{"stage", "closed"}});
  anna.refused(amira, "stage", {{"stage", "closed"}, {"outcome", "happy"}});
  anna.done(amira, "stage", {{"stage", "closed"}, {"outcome", "working_in_field"}});
  page = anna.page(amira);
  CHECK(stage_on(page) == "closed");
  CHECK(page.find("Arbeitet im erlernten Beruf") != std::string::npos);
  // A closed case leaves the default lists but is in "Abgeschlossen" and "Alle".
  CHECK(lists(anna.get("/office/cases?stage=closed")->body, "Amira Haddad"));
  CHECK_FALSE(lists(anna.get("/office/cases?list=mine&stage=")->body, "Amira Haddad"));

  // The history, newest first, says every stage with who and when.
  const std::string history = page.substr(page.find("id=\"history\""));
  std::size_t at = 0;
  for (const char* step : {"Abgeschlossen", "Anpassungsmaßnahme", "Bescheid", "Antrag gestellt",
                           "Unterlagen", "In Beratung", "Kontaktiert"}) {
    INFO(step);
    const std::size_t found = history.find("→ " + std::string(step), at);
    CHECK(found != std::string::npos);
    if (found != std::string::npos) at = found;
  }
  CHECK(history.find("<bdi>anna</bdi>") != std::string::npos);
  // The person's own record is not changed by any of it.
  auto store = o.store();
  auto person = store->find_person(std::stoll(amira));
  REQUIRE(person);
  REQUIRE(*person);
  auto record = store->find_record((*person)->records.at(0));
  REQUIRE(record);
  REQUIRE(*record);
  CHECK((*record)->record_json.find("Handwerkskammer") == std::string::npos);
}

TEST_CASE("contact details show only when the person agreed, else 'Kein Kontakt erlaubt'") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true, "+49 821 1111111"));
  o.fill(person_answers("Boris Petrenko", {"job"}, false, "+49 821 2222222"));
  o.sync();
  CaseDesk anna(o.office, "anna");
  const std::string all = anna.get("/office/cases")->body;
  const std::string amira = person_in(all, "Amira Haddad"),
                    boris = person_in(all, "Boris Petrenko");
  for (const std::string& path :
       {"/office/people/" + amira, "/office/people/" + amira + "/print"}) {
    INFO(path);
    const std::string page = anna.get(path)->body;
    CHECK(page.find("+49 821 1111111") != std::string::npos);
    CHECK(page.find("Amira@example.org") != std::string::npos);
    CHECK(page.find("Kein Kontakt erlaubt") == std::string::npos);
  }
  for (const std::string& path :
       {"/office/people/" + boris, "/office/people/" + boris + "/print"}) {
    INFO(path);
    const std::string page = anna.get(path)->body;
    CHECK(page.find("Kein Kontakt erlaubt") != std::string::npos);
    CHECK(page.find("2222222") == std::string::npos);
    CHECK(page.find("Boris@example.org") == std::string::npos);
    CHECK(page.find("Augsburg-Boris") == std::string::npos);
  }
}

TEST_CASE("without consent to contact no office page, print or export shows phone or e-mail") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true, "+49 821 1111111"));
  o.fill(person_answers("Boris Petrenko", {"job"}, false, "+49 821 2222222"));
  // Boris twice: the duplicates page puts his two profiles side by side.
  o.fill(person_answers("Boris Petrenko", {"job"}, false, "+49 821 2222222"));
  o.sync();
  CaseDesk anna(o.office, "anna");
  CHECK(anna.get("/office/duplicates")->body.find("<bdi>Boris Petrenko</bdi>") !=
        std::string::npos);
  const std::string records = anna.get("/office/records")->body;
  const auto record_of = [&](const std::string& name) {
    std::smatch m;
    REQUIRE(
        std::regex_search(records, m, std::regex("/office/records/([0-9a-f]{32})\"><bdi>" + name)));
    return m[1].str();
  };
  const std::string cases = anna.get("/office/cases")->body;
  // Every place staff see a profile: record view, list, search, work list, case page, print,
  // duplicates, and both exports (the access request is the person's own: it keeps them).
  const auto shown = [&](const std::string& name, const std::string& person,
                         const std::string& record) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& path : std::vector<std::string>{
             "/office/records/" + record, "/office/records", "/office/records?q=" + name,
             "/office/cases", "/office/people/" + person, "/office/people/" + person + "/print",
             "/office/duplicates", "/office/export.csv?q=" + name,
             "/office/export.json?q=" + name}) {
      auto res = anna.get(path);
      CHECK(res->status == 200);
      out.emplace_back(path, res->body);
    }
    return out;
  };
  for (const auto& [path, page] :
       shown("Boris", person_in(cases, "Boris Petrenko"), record_of("Boris Petrenko"))) {
    INFO(path);
    CHECK(page.find("2222222") == std::string::npos);
    CHECK(page.find("Boris@example.org") == std::string::npos);
  }
  CHECK(anna.get("/office/records/" + record_of("Boris Petrenko"))
            ->body.find("Kein Kontakt erlaubt") != std::string::npos);
  // With consent they are there: on the record view, the case page, its print and both exports.
  const auto amira = shown("Amira", person_in(cases, "Amira Haddad"), record_of("Amira Haddad"));
  for (std::size_t at : {0u, 4u, 5u, 7u, 8u}) {
    INFO(amira[at].first);
    CHECK(amira[at].second.find("+49 821 1111111") != std::string::npos);
    CHECK(amira[at].second.find("Amira@example.org") != std::string::npos);
  }
  CHECK(amira[0].second.find("Kein Kontakt erlaubt") == std::string::npos);
}

TEST_CASE("two counsellors on one case: a change from an older revision is refused") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true));
  o.sync();
  add_office_user(o.office, "bert");
  CaseDesk anna(o.office, "anna"), bert(o.office, "bert");
  const std::string amira = person_in(anna.get("/office/cases")->body, "Amira Haddad");
  // Both open the page; Anna saves first, Bert's form still carries the old revision.
  const std::string bert_sees = bert.page(amira);
  anna.done(amira, "stage", {{"stage", "contacted"}});
  auto res = bert.act(amira, "next",
                      {{"revision", hidden_field(bert_sees, "revision")},
                       {"next_action", "Bert war hier"},
                       {"next_action_date", "2026-12-24"}});
  CHECK(res->status == 409);
  CHECK(res->body.find("Jemand anderes hat diesen Fall geändert") != std::string::npos);
  CHECK(stage_on(res->body) == "contacted");  // the current state, shown
  const std::string now = anna.page(amira);
  CHECK(now.find("Bert war hier") == std::string::npos);
  // From the current page, it goes through.
  bert.done(amira, "next", {{"next_action", "Bert war hier"}, {"next_action_date", "2026-12-24"}});
  CHECK(anna.page(amira).find("<bdi>Bert war hier</bdi>") != std::string::npos);
}

TEST_CASE(
    "hostile text in notes and every case field is escaped on every page, and the audit keeps "
    "no text") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true));
  o.sync();
  CaseDesk anna(o.office, "anna");
  const std::string amira = person_in(anna.get("/office/cases")->body, "Amira Haddad");
  const std::string hostile =
      "<script>alert(1)</script> \"quoted\" 'single' مرحبا بالعالم \xE2\x80\xAE"
      "evil";
  anna.done(amira, "note", {{"note", hostile + " note"}});
  anna.done(amira, "contact", {{"result", "left_message"}, {"contact_note", hostile + " call"}});
  anna.done(amira, "next",
            {{"next_action", hostile + " next"}, {"next_action_date", "2020-01-01"}});
  anna.done(amira, "stage", {{"stage", "applied"}, {"body_other", hostile + " body"}});
  const std::string escaped =
      "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; "
      "&#39;single&#39; مرحبا بالعالم evil";
  const std::set<std::string> tags = {
      "html",  "head",  "meta",  "title",   "link",     "body",    "header", "nav",     "ul",
      "li",    "a",     "form",  "input",   "span",     "bdi",     "button", "main",    "h1",
      "h2",    "h3",    "p",     "select",  "option",   "label",   "div",    "table",   "caption",
      "thead", "tbody", "tr",    "th",      "td",       "section", "dl",     "dt",      "dd",
      "ol",    "code",  "small", "article", "textarea", "strong",  "time",   "details", "summary"};
  for (const std::string& path : {"/office/people/" + amira, "/office/people/" + amira + "/print",
                                  std::string("/office/cases?list=overdue")}) {
    INFO(path);
    const std::string page = anna.get(path)->body;
    check_no_markup_got_through(page, tags, {"/office/", "/assets/", "#main"});
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("\xE2\x80\xAE") == std::string::npos);  // the override is gone, not obeyed
    CHECK(page.find(escaped + " next") != std::string::npos);
    if (path.find("/office/people/") == 0) {
      CHECK(page.find(escaped + " note") != std::string::npos);
      CHECK(page.find(escaped + " call") != std::string::npos);
      CHECK(page.find(escaped + " body") != std::string::npos);
    }
  }
  // The print page is paper: no navigation, no form, no button.
  const std::string print = anna.get("/office/people/" + amira + "/print")->body;
  CHECK(print.find("<nav") == std::string::npos);
  CHECK(print.find("<form") == std::string::npos);
  CHECK(print.find("<button") == std::string::npos);
  CHECK(print.find("<style") == std::string::npos);
  check_page_headers(anna.get("/office/people/" + amira + "/print"));

  // The audit says who did what to which person, never the text.
  auto store = o.store();
  auto entries = store->list_audit(100);
  REQUIRE(entries);
  std::set<std::string> actions;
  for (const hub::AuditEntry& e : *entries) {
    INFO(e.action << " " << e.subject << " " << e.reason);
    CHECK(e.subject.find("alert") == std::string::npos);
    CHECK(e.reason.find("alert") == std::string::npos);
    CHECK(e.reason.find("مرحبا") == std::string::npos);
    if (e.action.starts_with("case_")) {
      CHECK(e.subject == "person:" + amira);
      CHECK(e.user == "anna");
      actions.insert(e.action);
    }
  }
  CHECK(actions == std::set<std::string>{"case_note", "case_contact", "case_change"});
  CHECK(anna.get("/office/audit")->body.find("alert(1)") == std::string::npos);
}

TEST_CASE("a counsellor gets 404 for another office's person, as for one that does not exist") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  CaseOffice o(backend);
  o.fill(person_answers("Amira Haddad", {"recognition_advice"}, true));
  o.sync();
  add_office_user(o.office, "clara");  // a counsellor of the first office
  add_office_user(o.office, "nils");   // a counsellor of another office
  {
    auto store = o.store();
    auto other = store->add_office({0, "Beratungsstelle Nürnberg", "Nürnberg", "DSB", "BayLDA"});
    REQUIRE(other);
    REQUIRE(store->set_user_role("clara", hub::OfficeRole::counsellor, hub::kFirstOffice));
    REQUIRE(store->set_user_role("nils", hub::OfficeRole::counsellor, *other));
  }
  CaseDesk anna(o.office, "anna"), clara(o.office, "clara"), nils(o.office, "nils");
  const std::string amira = person_in(anna.get("/office/cases")->body, "Amira Haddad");
  CHECK(clara.get("/office/people/" + amira)->status == 200);
  CHECK(lists(clara.get("/office/cases")->body, "Amira Haddad"));
  CHECK_FALSE(lists(nils.get("/office/cases")->body, "Amira Haddad"));
  const auto theirs = nils.get("/office/people/" + amira);
  const auto missing = nils.get("/office/people/999999");
  CHECK(theirs->status == 404);
  CHECK(missing->status == 404);
  CHECK(theirs->body == missing->body);
  CHECK(theirs->body.find("Amira") == std::string::npos);
  CHECK(nils.get("/office/people/" + amira + "/print")->status == 404);
  // Nor may they write to it.
  const std::string csrf = hidden_field(nils.get("/office/cases")->body, "csrf");
  for (const char* what : {"note", "contact", "stage", "next", "assign", "open"}) {
    INFO(what);
    auto res = nils.post("/office/people/" + amira + "/case/" + what, {{"csrf", csrf},
                                                                       {"note", "Nils war hier"},
                                                                       {"result", "reached"},
                                                                       {"stage", "contacted"},
                                                                       {"revision", "1"}});
    CHECK(res->status == 404);
  }
  const std::string page = anna.page(amira);
  CHECK(page.find("Nils war hier") == std::string::npos);
  CHECK(stage_on(page) == "new");
  // Without the CSRF token even the right counsellor changes nothing.
  auto res = clara.post("/office/people/" + amira + "/case/note", {{"note", "ohne Token"}});
  CHECK(res->status == 403);
  CHECK(anna.page(amira).find("ohne Token") == std::string::npos);
}
