// The hub as an operator runs it (issue #13, item 5), each test written as the operator's mistake
// or the attack it stands for, against the real `sichtbar-hub` on both store backends where the
// database is involved: a wrong database path, a database gone under a running hub, a search
// flood, replayed login forms, enrollment codes guessed in bulk.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/hub_backends.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::test;
using namespace std::chrono_literals;

namespace {

// Keys made with `sichtbar-hub init`, and the settings of a hub on a free loopback port whose
// database is `database` (an SQLite path or a postgresql:// URL).
class OperatorHub {
 public:
  explicit OperatorHub(std::string database) : database_(std::move(database)) {
    write_file(passphrase_, "Weißwurst vor zwölf, bitte\n");
    std::filesystem::permissions(
        passphrase_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        std::filesystem::perm_options::replace);
    auto init = run({SICHTBAR_HUB_BIN, "init", "--dir", (tmp_ / "keys").string(),
                     "--passphrase-file", passphrase_.string()});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
  }

  std::vector<std::string> settings() const {
    return {"--keys",
            (tmp_ / "keys").string(),
            "--database",
            database_,
            "--listen",
            "127.0.0.1:" + std::to_string(port_),
            "--passphrase-file",
            passphrase_.string(),
            "--assets",
            asset("").string()};
  }
  RunResult verb(std::vector<std::string> args) const {
    std::vector<std::string> argv = {SICHTBAR_HUB_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    for (auto& s : settings()) argv.push_back(s);
    return run(argv);
  }
  // `serve` in the background, its log (stderr) in log(); the first line of its stdout.
  std::string start(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>\"$LOG\"",
                                     SICHTBAR_HUB_BIN, "serve"};
    for (auto& s : settings()) argv.push_back(s);
    argv.insert(argv.end(), extra.begin(), extra.end());
    hub_ =
        std::make_unique<BackgroundProcess>(argv, std::vector<std::string>{"LOG=" + log_.string()});
    return hub_->read_line();
  }
  int stop() {
    const int status = hub_->stop();
    hub_.reset();
    return status;
  }
  std::string log() const { return std::filesystem::exists(log_) ? read_file(log_) : ""; }
  int port() const { return port_; }
  int pid() const { return hub_ ? hub_->pid() : -1; }
  const TempDir& folder() const { return tmp_; }

 private:
  TempDir tmp_;
  std::string database_;
  std::filesystem::path passphrase_ = tmp_ / "passphrase";
  std::filesystem::path log_ = tmp_ / "hub.log";
  int port_ = free_loopback_port();
  std::unique_ptr<BackgroundProcess> hub_;
};

// What `serve` must say when it refuses a database: the setting, and the way to create one.
void check_refused_serve(OperatorHub& hub) {
  const std::string first = hub.start();
  CHECK(first.find("serving on") == std::string::npos);
  const int status = hub.stop();
  CHECK(status != 0);
  const std::string log = hub.log();
  INFO(log);
  CHECK(log.find("\"database\"") != std::string::npos);
  CHECK(log.find("sichtbar-hub init-db") != std::string::npos);
}

}  // namespace

TEST_CASE("operator: serve refuses a database that does not exist, and init-db creates it") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);  // SQLite: no file yet; PostgreSQL: an empty database
  OperatorHub hub(db.location());

  check_refused_serve(hub);
  if (backend == HubBackend::Sqlite)  // refused before anything was made
    CHECK_FALSE(std::filesystem::exists(db.location()));

  auto made = hub.verb({"init-db"});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(made.out.find("is created") != std::string::npos);
  // Again: harmless, and says so.
  auto again = hub.verb({"init-db"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("was there already") != std::string::npos);

  REQUIRE(hub.start().find("serving on") != std::string::npos);
  CHECK(hub.stop() == 0);
}

TEST_CASE("operator: serve refuses an empty file and another program's SQLite file as database") {
  TempDir tmp;
  const auto empty = tmp / "empty.db";
  write_file(empty, "");
  OperatorHub on_empty(empty.string());
  check_refused_serve(on_empty);
  CHECK(std::filesystem::file_size(empty) == 0);  // left as it was

  // An SQLite database of some other program: refused, untouched.
  const auto other = tmp / "other.db";
  auto made = run({"/usr/bin/python3", "-c",
                   "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                   "c.execute('CREATE TABLE notes(text)'); c.commit()",
                   other.string()});
  REQUIRE(made.exit_code == 0);
  OperatorHub on_other(other.string());
  const std::string first = on_other.start();
  CHECK(first.find("serving on") == std::string::npos);
  CHECK(on_other.stop() != 0);
  CHECK(on_other.log().find("belongs to another program") != std::string::npos);
}

TEST_CASE("operator: /readyz says 503 when the database is gone under the running hub") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  OperatorHub hub(db.location());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  httplib::Client client("127.0.0.1", hub.port());
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(ready->body == "ready\n");

  // The database goes away: the SQLite file is removed, the PostgreSQL database takes no more
  // connections and the hub's is ended (as when the server stops).
  if (backend == HubBackend::Sqlite) {
    std::filesystem::remove(db.location());
  } else {
    // From a connection to another database of the server, as an administrator would.
    HubDatabase admin(HubBackend::Postgres);
    admin.execute("ALTER DATABASE " + db.database_name() +
                  " ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM "
                  "pg_stat_activity WHERE datname = '" +
                  db.database_name() + "'");
  }
  // Liveness stays as it was; readiness says what is wrong without naming a path.
  auto health = client.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto not_ready = client.Get("/readyz");
  REQUIRE(not_ready);
  CHECK(not_ready->status == 503);
  CHECK(not_ready->body.find("not ready: database") == 0);
  CHECK(not_ready->body.find(hub.folder().path().string()) == std::string::npos);
  CHECK(not_ready->body.find("/") == std::string::npos);
  client.stop();
  hub.stop();
}
