// Offices and roles in the office UI (issue #16), against a real HubServer on loopback with its
// store on SQLite and on PostgreSQL: the permission matrix walks every /office route the router
// defines with every role (administrator, counsellor of office 1, counsellor of office 2,
// statistics) and objects of both offices, and compares what the hub answers with the table
// below; a route without a row fails the test, so a new route is never left unchecked. Then the
// administrator's pages: adding an office and a counsellor of it, moving a kiosk there, the
// refusals that change nothing, and hostile text in every new field shown escaped everywhere;
// and the same in Chromium, down to the new counsellor's first login.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "base/bytes.h"
#include "domain/form_library.h"
#include "hub/server.h"
#include "hub/web/office_auth.h"
#include "support/hostile_records.h"
#include "support/hub_backends.h"
#include "support/stored_records.h"
#include "support/temp_dir.h"
#include "support/webdriver.h"

using namespace sichtbar;
using namespace sichtbar::test;
using hub::OfficeRole;
using nlohmann::json;

namespace {

// --- the matrix ---------------------------------------------------------------------------

// Who may use a route. People routes address a person by a record of office 1 or 2: a
// counsellor of the other office gets 404 there, exactly as for a record that does not exist.
enum Who : unsigned { kPublic = 0, kAdmin = 1, kCounsellor = 2, kStatistics = 4 };
struct Row {
  const char* method;
  const char* pattern;
  unsigned who;  // kPublic: no login needed (the login page itself)
  bool person = false;
};
constexpr unsigned kPeople = kAdmin | kCounsellor;
constexpr unsigned kEveryone = kAdmin | kCounsellor | kStatistics;
// One row per route of the office UI: a route added to the hub needs its row here.
const Row kMatrix[] = {
    {"GET", "/office/login", kPublic},
    {"POST", "/office/login", kPublic},
    {"GET", "/office", kEveryone},
    {"GET", "/office/", kEveryone},
    {"POST", "/office/logout", kEveryone},
    {"GET", "/office/records", kPeople},
    {"GET", "/office/records/{record_id}", kPeople, true},
    {"GET", "/office/records/{record_id}/erase", kPeople, true},
    {"POST", "/office/records/{record_id}/erase", kPeople, true},
    {"GET", "/office/records/{record_id}/code", kPeople, true},
    {"POST", "/office/records/{record_id}/code", kPeople, true},
    {"POST", "/office/records/{record_id}/uncode", kPeople, true},
    {"GET", "/office/export.csv", kPeople},
    {"GET", "/office/export.json", kPeople},
    {"GET", "/office/cases", kPeople},
    {"GET", "/office/people/{person_id}", kPeople, true},
    {"GET", "/office/people/{person_id}/print", kPeople, true},
    {"POST", "/office/people/{person_id}/case/open", kPeople, true},
    {"POST", "/office/people/{person_id}/case/stage", kPeople, true},
    {"POST", "/office/people/{person_id}/case/assign", kPeople, true},
    {"POST", "/office/people/{person_id}/case/next", kPeople, true},
    {"POST", "/office/people/{person_id}/case/note", kPeople, true},
    {"POST", "/office/people/{person_id}/case/contact", kPeople, true},
    {"POST", "/office/people/{person_id}/unlink", kPeople, true},
    {"GET", "/office/people/{person_id}/erase", kPeople, true},
    {"POST", "/office/people/{person_id}/erase", kPeople, true},
    {"GET", "/office/people/{person_id}/access", kPeople, true},
    {"GET", "/office/people/{person_id}/access.json", kPeople, true},
    {"GET", "/office/figures", kEveryone},
    {"GET", "/office/figures.csv", kEveryone},
    {"GET", "/office/duplicates", kPeople},
    {"POST", "/office/duplicates/link", kPeople},
    {"POST", "/office/duplicates/different", kPeople},
    {"GET", "/office/kiosks", kAdmin},
    {"GET", "/office/kiosks/{device_id}/revoke", kAdmin},
    {"POST", "/office/kiosks/{device_id}/revoke", kAdmin},
    {"POST", "/office/kiosks/{device_id}/office", kAdmin},
    {"GET", "/office/audit", kAdmin},
    {"GET", "/office/quarantine", kAdmin},
    {"POST", "/office/quarantine/{envelope_sha256}/release", kAdmin},
    {"POST", "/office/quarantine/{envelope_sha256}/discard", kAdmin},
    {"GET", "/office/admin/logins", kAdmin},
    {"POST", "/office/admin/logins/add", kAdmin},
    {"POST", "/office/admin/logins/change", kAdmin},
    {"POST", "/office/admin/logins/remove", kAdmin},
    {"GET", "/office/admin/offices", kAdmin},
    {"POST", "/office/admin/offices/add", kAdmin},
    {"GET", "/office/admin/offices/{office_id}", kAdmin},
    {"POST", "/office/admin/offices/{office_id}", kAdmin},
};

const FormLibrary& skills_forms() {
  static const FormLibrary forms = *FormLibrary::load(form_folder(asset(""), kProfileFormId));
  return forms;
}

constexpr const char* kPassword = "Kaffee mit Hafermilch 42";
constexpr const char* kNames[] = {"", "Anna Augsburgerin", "Mia Münchnerin"};  // by office

std::string hex_of(const std::array<std::uint8_t, 16>& id) { return to_hex(id); }

// A hub with two offices, a kiosk and a person in each, and one login of every kind.
class RolesHub {
 public:
  explicit RolesHub(HubBackend backend) : db_(backend) {
    auto store = db_.open();
    REQUIRE(store);
    store_ = std::move(*store);
    auto munich = store_->add_office({0, "Beratungsstelle München", "Marienplatz 8, München",
                                       "dsb@muenchen.example", "BayLDA, Ansbach", 730, 1});
    REQUIRE(munich);
    REQUIRE(*munich == 2);
    for (std::int64_t office : {1, 2}) {
      hub::Device d;
      d.device_id = random_array<16>();
      d.name = "Kiosk " + std::to_string(office);
      d.enrolled_at_ms = 1'795'000'000'000;
      d.office_id = office;
      REQUIRE(store_->add_device(d));
      devices_[office] = d.device_id;
      records_[office] = add_record(office, kNames[office], "event-" + std::to_string(office));
      quarantined_[office] = add_quarantined(office);
    }
    for (const auto& [name, role, office] :
         {std::tuple{"admin", OfficeRole::administrator, 1},
          std::tuple{"c1", OfficeRole::counsellor, 1}, std::tuple{"c2", OfficeRole::counsellor, 2},
          std::tuple{"stat", OfficeRole::statistics, 1}})
      add_login(name, role, office);
    hub::ServerConfig config;
    config.port = 0;
    config.assets = asset("");
    config.page_requests_per_minute = 0;
    server_ = std::make_unique<hub::HubServer>(*store_, keys_, skills_forms(), config);
    auto port = server_->bind();
    REQUIRE(port);
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
  }
  ~RolesHub() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  // A record by the office's kiosk at an event of its own; its id.
  hub::RecordId add_record(std::int64_t office, const std::string& name, const std::string& event) {
    json r = fixture_record("de");
    r["answers"]["about"]["name"] = name;
    r["event"]["id"] = event;
    ++seq_;
    hub::StoredRecord s =
        stored_record(r, seq_, 1'795'900'000'000 + static_cast<std::int64_t>(seq_));
    s.device_id = devices_[office];
    auto done = store_->store_batch(std::span(&s, 1));
    REQUIRE(done);
    REQUIRE((*done)[0].status == hub::IngestStatus::Stored);
    return s.record_id;
  }
  // An envelope of the office's kiosk that ingest held back; its id.
  hub::Sha256 add_quarantined(std::int64_t office) {
    ++seq_;
    hub::StoredRecord s =
        held_back_record(devices_[office], seq_, "record.bad_date: a date that is none");
    auto done = store_->store_batch(std::span(&s, 1));
    REQUIRE(done);
    REQUIRE((*done)[0].status == hub::IngestStatus::Conflict);
    return s.envelope_sha256;
  }
  void add_login(const std::string& name, OfficeRole role, std::int64_t office) {
    auto hash = hub::web::hash_password(kPassword);
    REQUIRE(hash);
    REQUIRE(store_->add_user({name, *hash, 1'795'000'000'000, role, office}));
  }

  httplib::Client client() const { return httplib::Client("127.0.0.1", port_); }
  int port() const { return port_; }
  hub::HubStore& store() { return *store_; }
  std::string record(std::int64_t office) const { return hex_of(records_.at(office)); }
  std::string device(std::int64_t office) const { return hex_of(devices_.at(office)); }
  std::string quarantined(std::int64_t office) const { return to_hex(quarantined_.at(office)); }
  // The person of the office's record (the case routes' {person_id}).
  std::string person(std::int64_t office) const {
    auto p = store_->person_of(records_.at(office));
    REQUIRE(p);
    REQUIRE(*p);
    return std::to_string(**p);
  }
  const hub::DeviceId& device_id(std::int64_t office) const { return devices_.at(office); }
  std::vector<std::pair<std::string, std::string>> routes() const { return server_->routes(); }

 private:
  HubDatabase db_;
  std::unique_ptr<hub::HubStore> store_;
  HubKeys keys_ = HubKeys::generate(1);
  std::unique_ptr<hub::HubServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::uint64_t seq_ = 0;
  std::map<std::int64_t, hub::DeviceId> devices_;
  std::map<std::int64_t, hub::RecordId> records_;
  std::map<std::int64_t, hub::Sha256> quarantined_;
};

std::string hidden(const std::string& page, const std::string& name) {
  std::smatch m;
  INFO("hidden field " << name);
  REQUIRE(
      std::regex_search(page, m, std::regex("name=\"" + name + "\" value=\"([A-Za-z0-9_-]+)\"")));
  return m[1].str();
}

// A logged-in login: its cookie and CSRF token.
struct Session {
  const RolesHub& hub;
  std::string cookie, csrf;

  Session(const RolesHub& h, const std::string& user, const std::string& password = kPassword)
      : hub(h) {
    auto c = hub.client();
    auto page = c.Get("/office/login");
    REQUIRE(page);
    auto res = c.Post("/office/login", httplib::Params{{"user", user},
                                                       {"password", password},
                                                       {"nonce", hidden(page->body, "nonce")}});
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 303);
    CHECK(res->get_header_value("Location") == "/office");
    const std::string set = res->get_header_value("Set-Cookie");
    cookie = set.substr(0, set.find(';'));
    // Every page of a logged-in login carries the logout form with the token.
    auto home = get("/office/");
    REQUIRE(home);
    if (home->status == 303) home = get(home->get_header_value("Location"));
    csrf = hidden(home->body, "csrf");
  }
  httplib::Result get(const std::string& path) const {
    auto res = hub.client().Get(path.c_str(), {{"Cookie", cookie}});
    INFO("GET " << path);
    REQUIRE(res);
    return res;
  }
  httplib::Result post(const std::string& path, httplib::Params fields = {}) const {
    fields.emplace("csrf", csrf);
    auto res = hub.client().Post(path.c_str(), {{"Cookie", cookie}}, fields);
    INFO("POST " << path);
    REQUIRE(res);
    return res;
  }
};

struct Login {
  const char* name;
  unsigned who;
  std::int64_t office;
};
const Login kLogins[] = {
    {"admin", kAdmin, 1}, {"c1", kCounsellor, 1}, {"c2", kCounsellor, 2}, {"stat", kStatistics, 1}};

const Row* row_of(const std::string& method, const std::string& pattern) {
  for (const Row& r : kMatrix)
    if (method == r.method && pattern == r.pattern) return &r;
  return nullptr;
}

// The pattern with its variables filled for an object of `office`. A variable without a fill
// stays as it is, matches no route and fails the allowed roles' checks: give it one here.
std::string path_for(const RolesHub& hub, std::string pattern, std::int64_t office) {
  const std::pair<std::string, std::string> fills[] = {
      {"{record_id}", hub.record(office)},
      {"{device_id}", hub.device(office)},
      {"{office_id}", std::to_string(office)},
      {"{envelope_sha256}", hub.quarantined(office)},
      {"{person_id}", hub.person(office)}};
  for (const auto& [variable, value] : fills)
    if (auto at = pattern.find(variable); at != std::string::npos)
      pattern.replace(at, variable.size(), value);
  return pattern;
}

}  // namespace

TEST_CASE("permission matrix: every office route, every role, objects of both offices") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  RolesHub hub(backend);
  std::vector<std::pair<std::string, std::string>> office_routes;
  for (const auto& [method, pattern] : hub.routes())
    if (pattern == "/office" || pattern.starts_with("/office/"))
      office_routes.emplace_back(method, pattern);
  REQUIRE(office_routes.size() >= 20);  // the routes came from the router
  // Every route has its row, and every row its route (a row of a removed route is caught too).
  for (const auto& [method, pattern] : office_routes) {
    INFO("the hub serves " << method << " " << pattern << ": add its row to kMatrix");
    CHECK(row_of(method, pattern) != nullptr);
  }
  for (const Row& r : kMatrix) {
    INFO("kMatrix has " << r.method << " " << r.pattern << ", which the hub does not serve");
    CHECK(std::find(office_routes.begin(), office_routes.end(),
                    std::pair<std::string, std::string>(r.method, r.pattern)) !=
          office_routes.end());
  }

  const std::string refused_title = "Nicht erlaubt";
  std::size_t checked = 0;
  for (const Login& login : kLogins) {
    Session s(hub, login.name);
    for (const auto& [method, pattern] : office_routes) {
      const Row* row = row_of(method, pattern);
      if (!row || row->who == kPublic || pattern == "/office/logout") continue;
      const bool has_object = pattern.find('{') != std::string::npos;
      for (std::int64_t office :
           has_object ? std::vector<std::int64_t>{1, 2} : std::vector<std::int64_t>{1}) {
        const std::string path = path_for(hub, pattern, office);
        INFO(login.name << ": " << method << " " << path);
        auto res = method == "GET" ? s.get(path) : s.post(path);
        ++checked;
        const bool allowed = (row->who & login.who) != 0;
        const bool sees = !row->person || login.who == kAdmin || login.office == office;
        if (!allowed) {
          CHECK(res->status == 403);
          CHECK(res->body.find(refused_title) != std::string::npos);
        } else if (!sees) {
          CHECK(res->status == 404);
        } else {
          CHECK(res->status != 403);
          CHECK(res->status != 404);
          CHECK(res->status < 500);
        }
        // A refused or hidden person leaves no trace of their name on the page.
        if (!allowed || !sees)
          for (const char* name : {kNames[1], kNames[2]})
            CHECK(res->body.find(name) == std::string::npos);
      }
    }
    // Logging out is everyone's, last (it ends the session).
    auto out = s.post("/office/logout");
    CHECK(out->status == 303);
    CHECK(s.get("/office/records")->status == 303);  // to the login page
  }
  CHECK(checked > 4 * office_routes.size());
}

TEST_CASE("permission matrix: a counsellor's lists and exports hold its own office's people only") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  RolesHub hub(backend);
  const auto shows = [](const std::string& body, int office) {
    return body.find(kNames[office]) != std::string::npos;
  };
  const Session admin(hub, "admin"), c1(hub, "c1"), c2(hub, "c2");
  for (const std::string path : {"/office/records", "/office/export.csv", "/office/export.json"}) {
    INFO(path);
    const std::string all = admin.get(path)->body, one = c1.get(path)->body,
                      two = c2.get(path)->body;
    CHECK((shows(all, 1) && shows(all, 2)));
    CHECK((shows(one, 1) && !shows(one, 2)));
    CHECK((!shows(two, 1) && shows(two, 2)));
    // Asking for the other office changes nothing for a counsellor; an administrator filters.
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    const std::string other = c1.get(path + sep + "office=2")->body;
    CHECK((shows(other, 1) && !shows(other, 2)));
    const std::string only_two = admin.get(path + sep + "office=2")->body;
    CHECK((!shows(only_two, 1) && shows(only_two, 2)));
  }
  // A record of another office is answered as one that does not exist, byte for byte.
  auto other = c1.get("/office/records/" + hub.record(2));
  auto missing = c1.get("/office/records/" + std::string(32, 'a'));
  CHECK(other->status == 404);
  CHECK(other->body == missing->body);
  // The navigation offers each role what it may use.
  const Session stat(hub, "stat");
  for (const auto& [session, kiosks, records] :
       {std::tuple{&admin, true, true}, std::tuple{&c1, false, true},
        std::tuple{&stat, false, false}}) {
    const auto home = session->get("/office/");
    const std::string page =
        home->status == 303 ? session->get(home->get_header_value("Location"))->body : home->body;
    CHECK((page.find("href=\"/office/kiosks\"") != std::string::npos) == kiosks);
    CHECK((page.find("href=\"/office/admin/logins\"") != std::string::npos) == kiosks);
    CHECK((page.find("href=\"/office/records\"") != std::string::npos) == records);
  }
  // Statistics' home says what it can see, and shows no person.
  const std::string home = stat.get("/office/")->body;
  CHECK(home.find("Statistik") != std::string::npos);
  CHECK(!shows(home, 1));
  CHECK(!shows(home, 2));
}

TEST_CASE("an enrollment code made for an office makes its kiosk that office's") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  auto store = db.open();
  REQUIRE(store);
  REQUIRE((*store)->add_office({0, "Beratungsstelle München", "", "", "", 730, 1}));
  const hub::Sha256 munich = sha256(as_bytes("code-for-munich")),
                    first = sha256(as_bytes("code-without-office")),
                    nowhere = sha256(as_bytes("code-for-office-9"));
  const std::int64_t later = 1'795'000'600'000, now = 1'795'000'000'000;
  REQUIRE((*store)->add_enroll_token(munich, later, 2));
  REQUIRE((*store)->add_enroll_token(first, later));
  auto refused = (*store)->add_enroll_token(nowhere, later, 9);
  REQUIRE(!refused);
  CHECK(refused.error().code == "hub_store.unknown_office");
  CHECK(*(*store)->enroll_token_office(munich) == 2);
  CHECK(*(*store)->enroll_token_office(first) == hub::kFirstOffice);
  CHECK(!*(*store)->consume_enroll_token(nowhere, now));  // nothing was stored
  CHECK(*(*store)->consume_enroll_token(munich, now));
  CHECK(*(*store)->enroll_token_office(munich) == hub::kFirstOffice);  // used: gone
}

TEST_CASE("a change of role counts from the login's next request on") {
  RolesHub hub(HubBackend::Sqlite);
  const Session c1(hub, "c1");
  CHECK(c1.get("/office/kiosks")->status == 403);
  REQUIRE(hub.store().set_user_role("c1", OfficeRole::administrator, 2));
  CHECK(c1.get("/office/kiosks")->status == 200);
  REQUIRE(hub.store().set_user_role("c1", OfficeRole::counsellor, 2));
  CHECK(c1.get("/office/records/" + hub.record(1))->status == 404);
  CHECK(c1.get("/office/records/" + hub.record(2))->status == 200);
}

TEST_CASE("administration: an office, a counsellor of it and a kiosk moved there, all audited") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  RolesHub hub(backend);
  const Session admin(hub, "admin");
  // Bad input is refused with a page that says why, and changes nothing.
  auto offices_before = hub.store().list_offices();
  REQUIRE(offices_before);
  for (const auto& [fields, says] :
       {std::pair{httplib::Params{{"name", ""}, {"retention_days", "30"}}, "Namen"},
        std::pair{httplib::Params{{"name", "Nürnberg"}, {"retention_days", "3651"}}, "3650"},
        std::pair{httplib::Params{{"name", "Nürnberg"}, {"retention_days", "-1"}}, "3650"},
        std::pair{httplib::Params{{"name", "Beratungsstelle München"}, {"retention_days", "30"}},
                  "gibt es schon"}}) {
    auto res = admin.post("/office/admin/offices/add", fields);
    INFO(res->body);
    CHECK(res->status == 400);
    CHECK(res->body.find(says) != std::string::npos);
  }
  CHECK(*hub.store().list_offices() == *offices_before);
  // The first office is flagged until someone completes it.
  const std::string list = admin.get("/office/admin/offices")->body;
  CHECK(list.find("bitte vervollständigen") != std::string::npos);

  auto added = admin.post("/office/admin/offices/add", {{"name", "Beratungsstelle Nürnberg"},
                                                        {"contact", "Hauptmarkt 1\n90403 Nürnberg"},
                                                        {"dpo", "Datenschutz, dsb@example.org"},
                                                        {"authority", "BayLDA, Ansbach"},
                                                        {"retention_days", "365"}});
  CHECK(added->status == 303);
  auto offices = hub.store().list_offices();
  REQUIRE(offices);
  REQUIRE(offices->size() == 3);
  const hub::Office& nbg = offices->back();
  CHECK(nbg.name == "Beratungsstelle Nürnberg");
  CHECK(nbg.contact == "Hauptmarkt 1\n90403 Nürnberg");
  CHECK(nbg.retention_days == 365);
  const std::string id = std::to_string(nbg.id);

  auto users_before = hub.store().list_users();
  REQUIRE(users_before);
  for (const auto& [fields, says] :
       {std::pair{httplib::Params{{"name", "nina"},
                                  {"password", kPassword},
                                  {"password_again", "other"},
                                  {"role", "counsellor"},
                                  {"office", id}},
                  "nicht gleich"},
        std::pair{httplib::Params{{"name", "nina"},
                                  {"password", "kurz"},
                                  {"password_again", "kurz"},
                                  {"role", "counsellor"},
                                  {"office", id}},
                  "zu kurz"},
        std::pair{httplib::Params{{"name", "nina"},
                                  {"password", kPassword},
                                  {"password_again", kPassword},
                                  {"role", "chief"},
                                  {"office", id}},
                  "Rollen"},
        std::pair{httplib::Params{{"name", "nina"},
                                  {"password", kPassword},
                                  {"password_again", kPassword},
                                  {"role", "counsellor"},
                                  {"office", "99"}},
                  "gibt es nicht"},
        std::pair{httplib::Params{{"name", "nina lang"},
                                  {"password", kPassword},
                                  {"password_again", kPassword},
                                  {"role", "counsellor"},
                                  {"office", id}},
                  "Name geht nicht"},
        std::pair{httplib::Params{{"name", "c1"},
                                  {"password", kPassword},
                                  {"password_again", kPassword},
                                  {"role", "counsellor"},
                                  {"office", id}},
                  "gibt es schon"}}) {
    auto res = admin.post("/office/admin/logins/add", fields);
    INFO(res->body);
    CHECK(res->status == 400);
    CHECK(res->body.find(says) != std::string::npos);
  }
  CHECK(hub.store().list_users()->size() == users_before->size());
  auto nina = admin.post("/office/admin/logins/add", {{"name", "nina"},
                                                      {"password", kPassword},
                                                      {"password_again", kPassword},
                                                      {"role", "counsellor"},
                                                      {"office", id}});
  CHECK(nina->status == 303);
  auto found = hub.store().find_user("nina");
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->role == OfficeRole::counsellor);
  CHECK((*found)->office_id == nbg.id);

  // Nina sees nobody until a kiosk of Nürnberg brings someone.
  const Session nina_session(hub, "nina");
  CHECK(nina_session.get("/office/records")->body.find(kNames[1]) == std::string::npos);
  CHECK(admin.post("/office/kiosks/" + hub.device(1) + "/office", {{"office", "99"}})->status ==
        400);
  CHECK(admin.post("/office/kiosks/" + hub.device(1) + "/office", {{"office", id}})->status == 303);
  auto moved = hub.store().find_device(hub.device_id(1));
  REQUIRE(moved);
  CHECK((*moved)->office_id == nbg.id);
  hub.add_record(1, "Nora Nürnbergerin", "event-nuernberg");
  const std::string ninas = nina_session.get("/office/records")->body;
  CHECK(ninas.find("Nora Nürnbergerin") != std::string::npos);
  CHECK(ninas.find(kNames[1]) == std::string::npos);  // came before the move: stays in office 1
  CHECK(ninas.find(kNames[2]) == std::string::npos);
  CHECK(admin.get("/office/kiosks")->body.find("Beratungsstelle Nürnberg") != std::string::npos);

  // Role changes; the last administrator can be neither demoted nor removed.
  CHECK(admin
            .post("/office/admin/logins/change",
                  {{"name", "admin"}, {"role", "counsellor"}, {"office", "1"}})
            ->status == 400);
  CHECK(admin.post("/office/admin/logins/remove", {{"name", "admin"}})->status == 400);
  CHECK((*hub.store().find_user("admin"))->role == OfficeRole::administrator);
  CHECK(admin
            .post("/office/admin/logins/change",
                  {{"name", "nina"}, {"role", "statistics"}, {"office", id}})
            ->status == 303);
  CHECK(nina_session.get("/office/records")->status == 403);
  CHECK(admin.post("/office/admin/logins/remove", {{"name", "nina"}})->status == 303);
  CHECK(!*hub.store().find_user("nina"));

  // Editing the first office takes its flag away.
  auto edited = admin.post("/office/admin/offices/1", {{"name", "Beratungsstelle Augsburg"},
                                                       {"contact", "Rathausplatz 1, Augsburg"},
                                                       {"dpo", "dsb@augsburg.example"},
                                                       {"authority", "BayLDA"},
                                                       {"retention_days", "0"}});
  CHECK(edited->status == 303);
  CHECK(admin.get("/office/admin/offices")->body.find("bitte vervollständigen") ==
        std::string::npos);
  CHECK((*hub.store().find_office(1))->retention_days == 0);

  // Who did what, and when: in the audit log, without the offices' or people's words.
  const std::string audit = admin.get("/office/audit")->body;
  for (const char* action :
       {"office_add", "user_add", "kiosk_move", "user_role", "user_remove", "office_update"}) {
    INFO(action);
    CHECK(audit.find(std::string("<td>") + action + "</td>") != std::string::npos);
  }
  CHECK(audit.find("Hauptmarkt") == std::string::npos);
}

TEST_CASE("administration: hostile text in every new field is shown escaped on every page") {
  RolesHub hub(HubBackend::Sqlite);
  const Session admin(hub, "admin");
  const std::string hostile = "<script>alert(1)</script>\"'><b>x</b>";
  auto added = admin.post("/office/admin/offices/add", {{"name", "N " + hostile},
                                                        {"contact", "C " + hostile},
                                                        {"dpo", "D " + hostile},
                                                        {"authority", "A " + hostile},
                                                        {"retention_days", "30"}});
  REQUIRE(added->status == 303);
  auto offices = hub.store().list_offices();
  REQUIRE(offices);
  const std::string id = std::to_string(offices->back().id);
  CHECK(offices->back().name == "N " + hostile);  // kept as typed, shown escaped
  REQUIRE(admin
              .post("/office/admin/logins/add", {{"name", "stat3"},
                                                 {"password", kPassword},
                                                 {"password_again", kPassword},
                                                 {"role", "statistics"},
                                                 {"office", id}})
              ->status == 303);
  const Session stat3(hub, "stat3");
  // A refused form keeps what was typed: escaped too.
  auto refused = admin.post("/office/admin/offices/add",
                            {{"name", "M " + hostile}, {"retention_days", "x" + hostile}});
  CHECK(refused->status == 400);
  for (const auto& [session, path] : {std::pair{&admin, std::string("/office/admin/offices")},
                                      std::pair{&admin, "/office/admin/offices/" + id},
                                      std::pair{&admin, std::string("/office/admin/logins")},
                                      std::pair{&admin, std::string("/office/kiosks")},
                                      std::pair{&admin, std::string("/office/records")},
                                      std::pair{&stat3, std::string("/office/")}}) {
    INFO(path);
    const std::string page = session->get(path)->body;
    CHECK(page.find("&lt;script&gt;") != std::string::npos);
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("<b>x") == std::string::npos);
  }
  CHECK(refused->body.find("<script>") == std::string::npos);
  CHECK(refused->body.find("M &lt;script&gt;") != std::string::npos);
}

TEST_CASE("Chromium: an administrator adds an office, its counsellor and moves a kiosk there") {
  RolesHub hub(HubBackend::Sqlite);
  const std::string url = "http://127.0.0.1:" + std::to_string(hub.port());
  ChromeBrowser browser;
  const auto log_in = [&](const std::string& user) {
    browser.go(url + "/office/login");
    browser.type(browser.find("#user"), user);
    browser.type(browser.find("#password"), kPassword);
    browser.click_to_next_page(browser.find("form button[type=submit]"));
  };
  const auto choose = [&](const std::string& css, const std::string& value) {
    CHECK(browser.execute("const s = document.querySelector(\"" + css + "\"); s.value = \"" +
                          value + "\"; return s.value;") == value);
  };
  log_in("admin");
  REQUIRE(browser.url().ends_with("/office/records"));
  CHECK(browser.count("table.records tbody tr") == 2);  // both offices' people

  add_office(browser, {"Beratungsstelle Nürnberg", "Hauptmarkt 1, 90403 Nürnberg",
                       "dsb@nuernberg.example", "BayLDA, Ansbach", "365"});
  CHECK(browser.source().find("Beratungsstelle Nürnberg") != std::string::npos);
  const std::string office = std::to_string(hub.store().list_offices()->back().id);

  browser.click_to_next_page(browser.find("nav a[href='/office/admin/logins']"));
  browser.type(browser.find("#l-name"), "nina");
  browser.type(browser.find("#l-password"), kPassword);
  browser.type(browser.find("#l-again"), kPassword);
  choose("#l-role", "counsellor");
  choose("#l-office", office);
  browser.click_to_next_page(browser.find("form[action='/office/admin/logins/add'] button"));
  REQUIRE(browser.url().ends_with("/office/admin/logins"));
  CHECK(browser.source().find("nina") != std::string::npos);

  browser.click_to_next_page(browser.find("nav a[href='/office/kiosks']"));
  const std::string move = "form[action='/office/kiosks/" + hub.device(1) + "/office']";
  choose(move + " select", office);
  browser.click_to_next_page(browser.find(move + " button"));
  REQUIRE(browser.url().ends_with("/office/kiosks"));
  CHECK(browser.execute("return document.querySelector(\"" + move +
                        " select\").selectedOptions[0].textContent;") ==
        "Beratungsstelle Nürnberg");
  // On a phone's screen the administrator's pages keep to its width too (tables scroll in their
  // box); screenshots for a person to look at go to <build>/office-pages/.
  const std::filesystem::path shots = std::filesystem::path(SICHTBAR_BUILD_DIR) / "office-pages";
  std::filesystem::create_directories(shots);
  browser.resize(412, 915);
  for (const std::string page : {"admin/logins", "admin/offices", "admin/offices/1", "kiosks"}) {
    INFO(page);
    browser.go(url + "/office/" + page);
    CHECK(browser.execute("return document.documentElement.scrollWidth <= "
                          "document.documentElement.clientWidth;") == true);
    std::string name = page;
    std::replace(name.begin(), name.end(), '/', '-');
    browser.screenshot(shots / ("office-" + name + "-phone.png"));
  }
  browser.resize(1280, 900);
  browser.go(url + "/office/admin/logins");
  browser.screenshot(shots / "office-admin-logins.png");
  // The moved kiosk's next visitor belongs to Nürnberg.
  hub.add_record(1, "Nora Nürnbergerin", "event-nuernberg");
  browser.click_to_next_page(browser.find("form.logout button"));

  log_in("nina");
  REQUIRE(browser.url().ends_with("/office/records"));
  REQUIRE(browser.count("table.records tbody tr") == 1);
  CHECK(browser.text(browser.find("table.records tbody a")) == "Nora Nürnbergerin");
  CHECK(browser.count("nav a[href='/office/kiosks']") == 0);
  CHECK(browser.count("nav a[href='/office/admin/logins']") == 0);
  // Another office's person, asked for by id, is not there for her.
  browser.go(url + "/office/records/" + hub.record(1));
  CHECK(browser.source().find(kNames[1]) == std::string::npos);
}
