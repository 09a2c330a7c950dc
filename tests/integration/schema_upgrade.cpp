// Upgrades: databases made by every earlier schema (tests/fixtures/schema/, from the history by
// make_fixtures.py: a real hub and kiosk's rows, each version's own DDL) opened by today's
// programs, on both hub backends. Nothing the fixture holds may be lost or become unreadable:
// every row is still there as it was, and the office sees the profiles, logins, cases, notes,
// links and codings through the store; the kiosk sends what it had not sent.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "core/outbox.h"
#include "core/store.h"
#include "hub/ingest.h"
#include "hub/key_file.h"
#include "hub/web/office_auth.h"
#include "protocol/envelope.h"
#include "support/hub_backends.h"
#include "support/office.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
using hub::HubStore;
namespace fs = std::filesystem;

namespace {

const std::string kCounsellor = "beraterin";
const std::string kCounsellorPassword = "Kaffee mit Hafermilch 42";

// A profile the fixture's kiosk finished: the name typed, the link of its QR code, and where
// it is ("at the hub", "at the hub, erased", "unsent").
struct FixtureProfile {
  std::string name, link, state;
  std::string token() const {
    std::smatch m;
    REQUIRE(std::regex_search(link, m, std::regex("/p/([^?]+)")));
    return m[1].str();
  }
  std::string path() const { return link.substr(link.find("/p/")); }
};

// One INSERT of the fixture: its table and, per column, the SQL literal it wrote.
struct FixtureRow {
  std::string table;
  std::vector<std::pair<std::string, std::string>> values;
};

struct Fixture {
  std::string sql;
  std::vector<FixtureProfile> profiles;
  std::vector<FixtureRow> rows;

  std::vector<FixtureProfile> at_hub(bool erased) const {
    std::vector<FixtureProfile> out;
    for (const auto& p : profiles)
      if (p.state.starts_with("at the hub") && (p.state.ends_with("erased") == erased))
        out.push_back(p);
    return out;
  }
};

// The literals of a VALUES list: 'text' (with ''), X'..', '\x..', numbers, NULL.
std::vector<std::string> literals(const std::string& list) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == ',')) ++i;
    const std::size_t start = i;
    if (list[i] == 'X' || list[i] == '\'') {
      if (list[i] == 'X') ++i;
      for (++i; i < list.size(); ++i)
        if (list[i] == '\'') {
          if (i + 1 < list.size() && list[i + 1] == '\'')
            ++i;
          else
            break;
        }
      ++i;
    } else {
      while (i < list.size() && list[i] != ',') ++i;
    }
    out.push_back(list.substr(start, i - start));
  }
  return out;
}

Fixture read_fixture(const std::string& name) {
  Fixture f;
  f.sql = read_file(fixture("schema/" + name));
  std::istringstream lines(f.sql);
  const std::regex profile("^-- profile: (.+) \\| (\\S+) \\| (.+)$");
  const std::regex insert("^INSERT INTO (\\w+)\\(([^)]*)\\) VALUES \\((.*)\\);$");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, profile)) f.profiles.push_back({m[1], m[2], m[3]});
    if (!std::regex_match(line, m, insert)) continue;
    FixtureRow row{m[1], {}};
    std::vector<std::string> columns;
    std::istringstream names(m[2].str());
    for (std::string c; std::getline(names, c, ',');) columns.push_back(c.substr(c[0] == ' '));
    const auto values = literals(m[3]);
    REQUIRE(values.size() == columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) row.values.emplace_back(columns[i], values[i]);
    f.rows.push_back(std::move(row));
  }
  REQUIRE(f.profiles.size() == 8);
  return f;
}

// Whether the row is in the database with every value the fixture gave it.
bool has_row(const HubDatabase& db, const FixtureRow& row) {
  std::string where;
  for (const auto& [column, value] : row.values)
    where +=
        (where.empty() ? "" : " AND ") + column + (value == "NULL" ? " IS NULL" : " = " + value);
  return db.query("SELECT count(*) FROM " + row.table + " WHERE " + where) == "1";
}

std::string schema_version(const HubDatabase& db) {
  return db.query(db.backend() == HubBackend::Sqlite
                      ? "PRAGMA user_version"
                      : "SELECT version FROM sichtbar_schema WHERE application = 'sichtbar-hub'");
}

// The tables with their columns (type, NOT NULL) and the indexes: what a migrated database
// must have like a new one, or a statement of today's hub fails (or is slow) only on it. SQLite's
// types by affinity: schema 2's own file said INTEGER where the one list says INT.
std::string schema_of(const HubDatabase& db) {
  if (db.backend() == HubBackend::Sqlite)
    return db.query(
               "SELECT group_concat(c, ' ') FROM (SELECT m.name || '.' || p.name || ':' || "
               "replace(p.type, 'INTEGER', 'INT') || (CASE WHEN p.\"notnull\" THEN '!' ELSE '' "
               "END) AS c FROM sqlite_master "
               "m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1)") +
           " | " +
           db.query(
               "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE "
               "type = 'index' ORDER BY name)");
  return db.query(
             "SELECT string_agg(table_name || '.' || column_name || ':' || data_type || "
             "(CASE WHEN is_nullable = 'NO' THEN '!' ELSE '' END), ' ' ORDER BY "
             "table_name, column_name) FROM information_schema.columns WHERE "
             "table_schema = current_schema()") +
         " | " +
         db.query(
             "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE "
             "schemaname = current_schema()");
}

// What one schema_of has and the other lacks, as "-lacking +extra ...".
std::string schema_difference(const std::string& migrated, const std::string& fresh) {
  auto items = [](const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string item; in >> item;) out.insert(item);
    return out;
  };
  const auto have = items(migrated), want = items(fresh);
  std::string out;
  for (const auto& i : want)
    if (!have.contains(i)) out += "-" + i + " ";
  for (const auto& i : have)
    if (!want.contains(i)) out += "+" + i + " ";
  return out;
}

// Every table's rows, to see that opening the store again changes nothing.
std::string row_counts(const HubDatabase& db) {
  const std::string tables = db.query(
      db.backend() == HubBackend::Sqlite
          ? "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = "
            "'table' ORDER BY name)"
          : "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables "
            "WHERE table_schema = current_schema()");
  std::string out;
  std::istringstream in(tables);
  for (std::string t; in >> t;) out += t + "=" + db.query("SELECT count(*) FROM " + t) + " ";
  return out;
}

std::string name_in(const std::string& record_json) {
  return nlohmann::json::parse(record_json)["answers"]["about"]["name"];
}

// The hub fixture of `version` loaded into a new database of `backend`.
Fixture load_hub_fixture(const HubDatabase& db, int version) {
  Fixture f = read_fixture("hub-" + std::string(backend_name(db.backend())) + "-" +
                           std::to_string(version) + ".sql");
  db.load(f.sql);
  REQUIRE(schema_version(db) == std::to_string(version));
  return f;
}

}  // namespace

TEST_CASE(
    "a hub database of every earlier schema opens at the current one and keeps every row "
    "readable") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  const int version = GENERATE(range(1, hub::kHubSchemaVersion));
  INFO("backend: " << backend << ", schema " << version);
  HubDatabase db(backend);
  const Fixture f = load_hub_fixture(db, version);

  auto store = open_store(db);
  CHECK(schema_version(db) == std::to_string(hub::kHubSchemaVersion));
  {
    HubDatabase fresh(backend);
    auto made = open_store(fresh);
    CHECK(schema_difference(schema_of(db), schema_of(fresh)) == "");
  }
  // Every row of the fixture, every column it had, as it was.
  for (const FixtureRow& row : f.rows) {
    if (row.table == "sichtbar_schema") continue;  // the version, raised
    INFO("a row of " << row.table << " with " << row.values.front().first << " "
                     << row.values.front().second);
    CHECK(has_row(db, row));
  }

  // The profiles' pages: their links still find them; the erased one stays gone.
  const std::size_t stored = f.at_hub(false).size();
  CHECK(*store->count_records() == stored);
  for (const FixtureProfile& p : f.at_hub(false)) {
    INFO(p.name);
    auto found = store->find_profile(hub::profile_token_hash(p.token()));
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK(name_in((*found)->record_json) == p.name);
  }
  for (const FixtureProfile& p : f.at_hub(true))
    CHECK_FALSE(store->find_profile(hub::profile_token_hash(p.token()))->has_value());
  const auto page = store->search_records({});
  REQUIRE(page);
  CHECK(page->total == stored);  // in the office's search (schema 1 had no index: made at open)

  // The envelope the office keeps in quarantine (a kiosk put back from an older copy reused a
  // number) still opens with the hub's key: the office can look at it and store it.
  CHECK(*store->count_quarantined() == 1);
  const auto quarantined = store->list_quarantined(10);
  REQUIRE(quarantined);
  REQUIRE(quarantined->size() == 1);
  const auto envelope = store->find_quarantined(quarantined->at(0).id);
  REQUIRE(envelope);
  REQUIRE(envelope->has_value());
  const std::string passphrase = read_file(fixture("schema/hub-passphrase"));
  const auto keys = hub::read_hub_keyring(fixture("schema/hub-keys"),
                                          passphrase.substr(0, passphrase.find('\n')));
  REQUIRE(keys);
  const auto opened = open_envelope((*envelope)->envelope, keys->current);
  REQUIRE(opened);
  CHECK(name_in(std::string(opened->begin(), opened->end())) == "Omid Karimi");

  // The login of schema 2 on still logs in (its role: administrator of the first office).
  if (version >= 2) {
    auto user = store->find_user(kCounsellor);
    REQUIRE(user);
    REQUIRE(user->has_value());
    CHECK(hub::web::verify_password((*user)->password_hash, kCounsellorPassword));
    CHECK((*user)->office_id == hub::kFirstOffice);
  }

  // Every profile has its person, with the event date of its first profile (schema 6), and a
  // case its wishes opened; the two visits the office linked (schema 5 on) stay one person with
  // the office's note.
  std::map<std::string, std::vector<hub::PersonId>> people;  // by name
  for (const auto& row : page->rows) {
    auto person = store->person_of(row.record_id);
    REQUIRE(person);
    REQUIRE(person->has_value());
    people[name_in(row.record_json)].push_back(**person);
  }
  CHECK(db.query("SELECT count(*) FROM persons WHERE first_event_date <> '2026-11-28'") == "0");
  const auto& amina = people.at("Amina Yusuf");
  REQUIRE(amina.size() == 2);
  CHECK((amina[0] == amina[1]) == (version >= 5));
  auto person = store->find_person(amina[0]);
  REQUIRE(person);
  REQUIRE(person->has_value());
  CHECK((*person)->open_case.has_value());
  auto entries = store->case_entries(amina[0]);
  REQUIRE(entries);
  const bool has_note = std::any_of(entries->begin(), entries->end(), [](const auto& e) {
    return e.kind == "note" && e.text.starts_with("Rückruf am Dienstag");
  });
  CHECK(has_note == (version >= 5));
  CHECK(store->different_pairs(std::nullopt)->size() == (version >= 5 ? 1u : 0u));
  CHECK(store->all_codings()->size() == (version >= 4 ? 1u : 0u));
  CHECK(store->list_offices()->size() == (version >= 5 ? 2u : 1u));
  // The figures count the people by their first profile's month: Amina once when linked.
  const auto figures = store->figures(hub::kFirstOffice, "2026-11", "2026-11");
  REQUIRE(figures);
  REQUIRE(figures->size() == 1);
  CHECK(figures->at(0).counts.profiles == stored);
  CHECK(figures->at(0).counts.people == (version >= 5 ? stored - 1 : stored));

  // Opening again (the next start, a second hub process) changes nothing.
  const std::string before = row_counts(db);
  store.reset();
  auto again = open_store(db);
  CHECK(row_counts(db) == before);
  CHECK(schema_version(db) == std::to_string(hub::kHubSchemaVersion));
}

namespace {

// A copy of the fixtures' hub keys and passphrase, private as `sichtbar-hub` wants them.
fs::path private_copy(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive);
  fs::permissions(to, fs::is_directory(to) ? fs::perms::owner_all
                                           : fs::perms::owner_read | fs::perms::owner_write);
  if (fs::is_directory(to))
    for (const auto& f : fs::directory_iterator(to))
      fs::permissions(f.path(), fs::perms::owner_read | fs::perms::owner_write);
  return to;
}

// The kiosk fixture as the data folder's database.
void load_kiosk_fixture(const fs::path& data, const std::string& sql) {
  fs::create_directories(data);
  fs::permissions(data, fs::perms::owner_all);
  const fs::path file = data / KioskStore::kDatabaseFile;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace

TEST_CASE("a hub of schema 1 serves again, and a kiosk of schema 1 sends what it had not sent") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  const Fixture hub_fixture = load_hub_fixture(db, 1);
  TempDir tmp;
  const fs::path keys = private_copy(fixture("schema/hub-keys"), tmp / "keys");
  const fs::path passphrase = private_copy(fixture("schema/hub-passphrase"), tmp / "passphrase");
  const int port = free_loopback_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  // `serve` itself, as the operator starts it after the update: it migrates on its own.
  BackgroundProcess hub({SICHTBAR_HUB_BIN, "serve", "--keys", keys.string(), "--database",
                         db.location(), "--listen", "127.0.0.1:" + std::to_string(port),
                         "--passphrase-file", passphrase.string(), "--public-url", url});
  const std::string line = hub.read_line();
  INFO(line);
  REQUIRE(line.find("serving on") != std::string::npos);
  CHECK(schema_version(db) == std::to_string(hub::kHubSchemaVersion));
  // Its first office came in with no contact, DPO or authority (serve's log says so); the
  // operator completes it, or the kiosk would take nobody after its sync.
  std::vector<std::string> set = {SICHTBAR_HUB_BIN};
  for (const std::string& a : office_set_args()) set.push_back(a);
  for (const std::string& a : {std::string("--keys"), keys.string(), std::string("--database"),
                               db.location(), std::string("--passphrase-file"),
                               passphrase.string()})
    set.push_back(a);
  auto completed = run(set);
  INFO(completed.err);
  REQUIRE(completed.exit_code == 0);

  // The kiosk of the fixtures, updated in place: two finished profiles it has not sent.
  const Fixture kiosk_fixture = read_fixture("kiosk-1.sql");
  Kiosk kiosk{tmp / "kiosk"};
  load_kiosk_fixture(kiosk.data, kiosk_fixture.sql);
  // The hub's address has changed since (this test's port): the volunteer gives it.
  auto sync = kiosk.run({"sync", "--hub", url});
  INFO(sync.out << sync.err);
  REQUIRE(sync.exit_code == 0);
  CHECK(sync.out.find("2 sent, 2 new at the office") != std::string::npos);
  const OutboxCounts counts = kiosk.counts();
  CHECK(counts.waiting_for_sync() == 0);
  CHECK(counts.acknowledged == 7);  // kept 7 days, in case the office restores a backup
  {
    auto store = KioskStore::open(kiosk.data);
    REQUIRE(store);
    CHECK(store->schema_version() == KioskStore::kSchemaVersion);
  }
  // It was enrolled online before the update: it still takes the next person.
  auto next =
      kiosk.run({"fill", "--answers", asset("demo/profile-de.json").string(), "--no-terminal-qr"});
  INFO(next.out << next.err);
  CHECK(next.exit_code == 0);

  // Every profile's page: the old ones and the two just sent; the erased one stays gone.
  httplib::Client client(url);
  for (const FixtureProfile& p : kiosk_fixture.profiles) {
    INFO(p.name << " (" << p.state << ")");
    auto page = client.Get(p.path().c_str());
    REQUIRE(page);
    // An erased profile's link gets the page that says so, without the person's data; one in
    // quarantine is not the office's yet.
    const bool shown = p.state == "at the hub" || p.state == "unsent";
    CHECK((page->body.find(p.name) != std::string::npos) == shown);
    CHECK(page->status == 200);
  }
  CHECK(hub.stop() == 0);
  auto store = open_store(db);
  CHECK(*store->count_records() == hub_fixture.at_hub(false).size() + 2);
  CHECK(kiosk.counts().sealed == 1);
}

TEST_CASE(
    "`sichtbar-hub serve` refuses a database of a newer hub, says so and leaves it as it is") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  load_hub_fixture(db, hub::kHubSchemaVersion - 1);
  open_store(db).reset();
  // What the next version of the hub would leave after a downgrade of the package.
  const int newer = hub::kHubSchemaVersion + 1;
  db.execute(backend == HubBackend::Sqlite
                 ? "PRAGMA user_version=" + std::to_string(newer)
                 : "UPDATE sichtbar_schema SET version = " + std::to_string(newer));
  const std::string rows = row_counts(db);
  const std::string schema = schema_of(db);
  const std::string file_before =
      backend == HubBackend::Sqlite ? read_file(db.location()) : std::string();
  TempDir tmp;
  const fs::path keys = private_copy(fixture("schema/hub-keys"), tmp / "keys");
  const fs::path passphrase = private_copy(fixture("schema/hub-passphrase"), tmp / "passphrase");
  const int port = free_loopback_port();
  auto r = run({SICHTBAR_HUB_BIN, "serve", "--keys", keys.string(), "--database", db.location(),
                "--listen", "127.0.0.1:" + std::to_string(port), "--passphrase-file",
                passphrase.string(), "--public-url", "http://127.0.0.1:" + std::to_string(port)});
  INFO(r.out << r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("made by a newer Sichtbar hub (schema " + std::to_string(newer)) !=
        std::string::npos);
  CHECK(r.err.find("update the hub") != std::string::npos);
  CHECK(schema_version(db) == std::to_string(newer));
  CHECK(row_counts(db) == rows);
  CHECK(schema_of(db) == schema);
  if (backend == HubBackend::Sqlite) CHECK(read_file(db.location()) == file_before);
}

TEST_CASE("a migration that fails on the way leaves the database of the earlier schema as it was") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  load_hub_fixture(db, 1);
  // Something schema 8 makes is there already (another program's table named like its index):
  // the last step fails after every step before it ran.
  db.execute("CREATE TABLE cases_office_due(x integer)");
  const std::string rows = row_counts(db), schema = schema_of(db);
  auto store = db.open();
  REQUIRE(!store);
  INFO(store.error().message);
  CHECK(store.error().message.find("update its database") != std::string::npos);
  CHECK(schema_version(db) == "1");
  CHECK(schema_of(db) == schema);
  CHECK(row_counts(db) == rows);
  // Without it, the same database migrates.
  db.execute("DROP TABLE cases_office_due");
  open_store(db).reset();
  CHECK(schema_version(db) == std::to_string(hub::kHubSchemaVersion));
}

TEST_CASE("the operator is told that the database was updated, from which schema, and once") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  load_hub_fixture(db, 3);
  TempDir tmp;
  const fs::path keys = private_copy(fixture("schema/hub-keys"), tmp / "keys");
  const std::vector<std::string> init_db = {SICHTBAR_HUB_BIN, "init-db",    "--keys",
                                            keys.string(),    "--database", db.location()};
  auto first = run(init_db);
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(first.out.find("was updated from schema 3 to " + std::to_string(hub::kHubSchemaVersion)) !=
        std::string::npos);
  CHECK(first.err.find("event=store.migrated from=3 to=" +
                       std::to_string(hub::kHubSchemaVersion)) != std::string::npos);
  auto second = run(init_db);
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("was there already; nothing was changed") != std::string::npos);
  CHECK(second.err.find("store.migrated") == std::string::npos);
}
