// Test support for integration tests: an office (hub keys, `sichtbar-hub serve` on a loopback
// port) and kiosks (data folders driven through `sichtbar-kiosk`), all as real processes.
#pragma once

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <memory>

#include "core/outbox.h"
#include "core/store.h"
#include "hub/hub_store.h"
#include "support/consent_office.h"
#include "support/temp_dir.h"

namespace sichtbar::test {

namespace fs = std::filesystem;

class Office {
 public:
  // tls: the hub gets a fresh self-signed certificate for 127.0.0.1 (made with openssl) and
  // speaks HTTPS; certificate() is the file a kiosk must be told to trust.
  // assets: the hub's forms, catalogues and pages (empty: the source tree's assets/).
  // database: where the hub keeps its records (HubDatabase::location(): an SQLite file or a
  // postgresql:// URL); empty: an SQLite file of its own (database()).
  // first_office_complete: office 1 gets its settings (augsburg_office) after init-db, as its IT
  // does before the first enrollment code; false keeps the fresh hub's placeholder.
  explicit Office(bool tls = false, fs::path assets = {}, std::string database = {},
                  bool first_office_complete = true)
      : tls_(tls), assets_(std::move(assets)), database_(std::move(database)) {
    if (tls_) {
      auto r = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    (tmp_ / "key.pem").string(), "-out", certificate().string(), "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
    }
    write_file(passphrase_, "Weißwurst vor zwölf, bitte\n");
    ::chmod(passphrase_.c_str(), 0600);
    auto init = run({SICHTBAR_HUB_BIN, "init", "--dir", keys_.string(), "--passphrase-file",
                     passphrase_.string()});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    port_ = free_loopback_port();
    auto db = hub({"init-db"});  // serve never creates its database
    INFO(db.err);
    REQUIRE(db.exit_code == 0);
    if (first_office_complete) {
      auto set = hub(office_set_args());
      INFO(set.err);
      REQUIRE(set.exit_code == 0);
    }
    start_hub();
  }

  std::vector<std::string> settings() const {
    std::vector<std::string> s = {"--keys",
                                  keys_.string(),
                                  "--database",
                                  database_.empty() ? database().string() : database_,
                                  "--listen",
                                  "127.0.0.1:" + std::to_string(port_),
                                  "--passphrase-file",
                                  passphrase_.string(),
                                  "--public-url",
                                  url()};
    if (!assets_.empty()) s.insert(s.end(), {"--assets", assets_.string()});
    if (tls_) {
      s.insert(s.end(), {"--tls-certificate", certificate().string(), "--tls-key",
                         (tmp_ / "key.pem").string()});
    }
    return s;
  }
  fs::path certificate() const { return tmp_ / "cert.pem"; }
  fs::path database() const { return tmp_ / "hub" / "hub.db"; }
  std::string url() const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
  }

  void start_hub() {
    std::vector<std::string> argv = {SICHTBAR_HUB_BIN, "serve"};
    for (auto& s : settings()) argv.push_back(s);
    hub_ = std::make_unique<BackgroundProcess>(argv, hub_env);
    const std::string line = hub_->read_line();
    INFO(line);
    REQUIRE(line.find("serving on") != std::string::npos);
  }
  // The hub is gone (killed by a crash point): start it again.
  void restart_hub_if_dead() {
    if (hub_ && kill(hub_->pid(), 0) == 0) {
      int status = 0;
      if (waitpid(hub_->pid(), &status, WNOHANG) == 0) return;  // still running
    }
    hub_.reset();
    start_hub();
  }
  std::vector<std::string> hub_env;  // e.g. SICHTBAR_CRASH_AT=hub.after_commit
  // The hub's database and keys folder from now on, with the hub stopped: a new disk after the
  // old one failed, for a restore from a backup.
  void move_to(std::string database, fs::path keys) {
    database_ = std::move(database);
    keys_ = std::move(keys);
  }

  void stop_hub() {
    REQUIRE(hub_->stop() == 0);  // SIGTERM: a clean stop
    hub_.reset();
  }

  RunResult hub(std::vector<std::string> args) {
    std::vector<std::string> argv = {SICHTBAR_HUB_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    for (auto& s : settings()) argv.push_back(s);
    return run(argv);
  }

  // A one-time code for the first office, or for `office_id` (enroll --office).
  std::string enroll_code(std::int64_t office_id = 0) {
    auto r =
        office_id == 0 ? hub({"enroll"}) : hub({"enroll", "--office", std::to_string(office_id)});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto at = r.out.find("Enrollment code: ");
    REQUIRE(at != std::string::npos);
    return r.out.substr(at + 17, 19);
  }

  std::uint64_t records_at_hub() {
    auto store = hub::open_sqlite_hub_store(database());
    REQUIRE(store);
    return *(*store)->count_records();
  }

  TempDir tmp_;

 private:
  fs::path keys_ = tmp_ / "keys";
  fs::path passphrase_ = tmp_ / "passphrase";
  int port_ = 0;
  bool tls_ = false;
  fs::path assets_;
  std::string database_;
  std::unique_ptr<BackgroundProcess> hub_;
};

struct Kiosk {
  fs::path data;
  RunResult run(std::vector<std::string> args, const RunOptions& options = {}) {
    std::vector<std::string> argv = {SICHTBAR_KIOSK_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--data");
    argv.push_back(data.string());
    return test::run(argv, options);
  }
  void enroll(Office& office) {
    auto r = run({"enroll", "--hub", office.url(), "--code", office.enroll_code(), "--name",
                  "Kiosk Augsburg 1"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    r = run({"setup", "--event-name", "Infoabend", "--event-date", "2026-11-28"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  void fill(int n) {
    for (int i = 0; i < n; ++i) {
      auto r =
          run({"fill", "--answers", asset("demo/profile-de.json").string(), "--no-terminal-qr"});
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
    }
  }
  OutboxCounts counts() {
    auto store = KioskStore::open(data);
    REQUIRE(store);
    return *Outbox(*store).counts();
  }
};

}  // namespace sichtbar::test
