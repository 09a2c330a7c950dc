// The hub as an operator runs it (issue #13, item 5), each test written as the operator's mistake
// or the attack it stands for, against the real `sichtbar-hub` on both store backends where the
// database is involved: a wrong database path, a database gone under a running hub, a search
// flood, replayed login forms, enrollment codes guessed in bulk; and retention as serve runs it
// (at its start, then once a day), with the log line and the office's audit report, and a stop
// while serve's start indexes the records again.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "protocol/enrollment.h"
#include "support/consent_office.h"
#include "support/hostile_records.h"
#include "support/hub_backends.h"
#include "support/loopback_client.h"
#include "support/stored_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::test;
using namespace std::chrono_literals;

namespace {

std::string testing_join(const std::vector<int>& numbers) {
  std::string out;
  for (int n : numbers) out += (out.empty() ? "" : " ") + std::to_string(n);
  return out;
}

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
    launch(std::move(extra));
    return hub_->read_line();
  }
  // The same without waiting for it to serve.
  void launch(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>\"$LOG\"",
                                     SICHTBAR_HUB_BIN, "serve"};
    for (auto& s : settings()) argv.push_back(s);
    argv.insert(argv.end(), extra.begin(), extra.end());
    hub_ =
        std::make_unique<BackgroundProcess>(argv, std::vector<std::string>{"LOG=" + log_.string()});
  }
  int stop() {
    const int status = hub_->stop();
    hub_.reset();
    return status;
  }
  std::string log() const { return std::filesystem::exists(log_) ? read_file(log_) : ""; }
  int port() const { return port_; }
  // The first office's settings as its IT sets them after init-db: enroll makes no code without.
  void complete_first_office() const {
    auto set = verb(office_set_args());
    INFO(set.err);
    REQUIRE(set.exit_code == 0);
  }
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

struct RawAnswer {
  int status = 0;
  std::string head, body;
  std::string header(const std::string& name) const {
    const auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    const auto from = at + 4 + name.size();
    return head.substr(from, head.find("\r\n", from) - from);
  }
};

// One HTTP request to 127.0.0.1:port from the loopback address `source` (every 127.x.y.z is this
// machine's: clients of their own without a proxy), read to the end (Connection: close).
RawAnswer request_from(const std::string& source, int port, const std::string& method,
                       const std::string& path, const std::string& body = "",
                       const std::vector<std::string>& headers = {},
                       const std::string& content_type = "application/json") {
  const int fd = connect_from(source, port);
  REQUIRE(fd >= 0);
  std::string text = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) text += h + "\r\n";
  if (method == "POST")
    text += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n";
  text += "\r\n" + body;
  REQUIRE(::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size()));
  std::string answer;
  char buffer[4096];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 20000) > 0) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  RawAnswer out;
  const auto end = answer.find("\r\n\r\n");
  out.head = answer.substr(0, end);
  if (end != std::string::npos) out.body = answer.substr(end + 4);
  if (answer.size() > 12) out.status = std::atoi(answer.substr(9, 3).c_str());
  return out;
}

// The process's resident memory now (VmRSS) or its peak so far (VmHWM), in KiB.
long memory_kib(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field + ":")) return std::atol(line.c_str() + field.size() + 1);
  return -1;
}

// A wrong office login from `source` as a browser sends it: the login page for its nonce, then
// the form. The status of the POST.
int wrong_login_from(const std::string& source, int port, const std::string& user) {
  const RawAnswer page = request_from(source, port, "GET", "/office/login");
  const auto at = page.body.find("name=\"nonce\" value=\"");
  if (at == std::string::npos) return page.status;
  const auto from = at + 20;
  const std::string nonce = page.body.substr(from, page.body.find('"', from) - from);
  return request_from(source, port, "POST", "/office/login",
                      "user=" + user + "&password=falsch+falsch+falsch&nonce=" + nonce, {},
                      "application/x-www-form-urlencoded")
      .status;
}

// An enrollment request as a kiosk sends it, with a code and a fresh device id.
std::string enroll_body(const std::string& code) {
  EnrollRequest r;
  r.code = code;
  randombytes_buf(r.device_id.data(), r.device_id.size());
  randombytes_buf(r.sign_public.data(), r.sign_public.size());
  r.name = "Kiosk Augsburg 2";
  return to_json_text(r);
}

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

TEST_CASE("operator: /readyz says 503 when the database's disk is full, and the hub lives on") {
  HubDatabase db(HubBackend::Sqlite);
  OperatorHub hub(db.location());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  // A full disk, as the hub sees it: less free than it needs. The disk here has room, so the
  // hub is told to need more than there is (min_free_disk_mb is an operator's margin).
  struct statvfs disk {};
  REQUIRE(::statvfs(std::filesystem::path(db.location()).parent_path().c_str(), &disk) == 0);
  const auto free_mb = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize >> 20;
  REQUIRE(hub.start({"--min-free-disk-mb", std::to_string(free_mb + 1024)}).find("serving on") !=
          std::string::npos);
  httplib::Client client("127.0.0.1", hub.port());
  auto not_ready = client.Get("/readyz");
  REQUIRE(not_ready);
  CHECK(not_ready->status == 503);
  CHECK(not_ready->body.find("not ready: database") == 0);
  CHECK(not_ready->body.find("/") == std::string::npos);
  // Alive all the same: the health answer and the pages are served.
  auto health = client.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
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
  if (backend == HubBackend::Postgres) {
    // A kiosk's call meets the store's failure: 503, and the log says which, with no address.
    CHECK(request_from("127.0.0.1", hub.port(), "POST", "/api/v1/enroll",
                       enroll_body("K7QX-3MPD-9TRW-2HFA"))
              .status == 503);
  }
  client.stop();
  hub.stop();
  const std::string log = hub.log();
  INFO(log);
  CHECK(log.find("event=ready.failed code=hub_store.") != std::string::npos);
  if (backend == HubBackend::Postgres) {
    CHECK(log.find("event=enroll.failed reason=hub_store.unreachable") != std::string::npos);
    CHECK(log.find("event=api.refused code=hub_store.unreachable") != std::string::npos);
    CHECK(log.find("postgresql://") == std::string::npos);
  }
}

TEST_CASE(
    "operator: a burst of wrong enrollment codes gets 429, a right code from elsewhere works") {
  TempDir tmp;
  OperatorHub hub((tmp / "hub.db").string());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  hub.complete_first_office();
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  const auto right = hub.verb({"enroll", "--print-code"});
  REQUIRE(right.exit_code == 0);
  const std::string code = right.out.substr(0, right.out.find('\n'));

  // Someone guessing codes from one address: refused, then throttled with a time to wait.
  std::vector<int> statuses;
  RawAnswer throttled;
  for (int i = 0; i < 8; ++i) {
    auto r = request_from("127.0.0.7", hub.port(), "POST", "/api/v1/enroll",
                          enroll_body("K7QX-3MPD-9TRW-2HF" + std::string(1, "ABCDEFGH"[i])));
    statuses.push_back(r.status);
    if (r.status == 429) throttled = r;
  }
  INFO("statuses: " << testing_join(statuses));
  CHECK(statuses.front() == 403);
  CHECK(statuses.back() == 429);
  REQUIRE(throttled.status == 429);
  CHECK(std::atoi(throttled.header("Retry-After").c_str()) >= 1);
  // Even the right code waits there; from another address it enrolls at once.
  CHECK(request_from("127.0.0.7", hub.port(), "POST", "/api/v1/enroll", enroll_body(code)).status ==
        429);
  CHECK(request_from("127.0.0.8", hub.port(), "POST", "/api/v1/enroll", enroll_body(code)).status ==
        200);
  hub.stop();

  // Each failure is in the log with its reason and address, never the code typed.
  const std::string log = hub.log();
  INFO(log);
  CHECK(log.find("event=enroll.failed reason=enroll.code_not_valid client=127.0.0.7") !=
        std::string::npos);
  CHECK(log.find("event=enroll.throttled client=127.0.0.7") != std::string::npos);
  CHECK(log.find("event=enroll.enrolled") != std::string::npos);
  CHECK(log.find("K7QX") == std::string::npos);
  CHECK(log.find("3MPD") == std::string::npos);
  CHECK(log.find(code.substr(0, 4)) == std::string::npos);
}

TEST_CASE("operator: a flood of parallel logins stays within the memory of two password checks") {
  TempDir tmp;
  OperatorHub hub((tmp / "hub.db").string());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  const int pid = hub.pid();
  // The hub at rest, and its peak with one password check: what one check costs. (The peak
  // already held may include the start's own work; the checks' memory is freed after each.)
  CHECK(wrong_login_from("127.0.1.1", hub.port(), "nobody.0") == 401);
  const long base = memory_kib(pid, "VmRSS");
  const long one = memory_kib(pid, "VmHWM") - base;
  INFO("base " << base << " KiB, one check " << one << " KiB");
  REQUIRE(one > 16 * 1024);  // argon2id's 64 MiB, or the measure means nothing

  // 24 browsers at once, each from an address and with a name of its own (so the login delay,
  // per name and per address, lets each one through to a password check).
  constexpr int kFlood = 24;
  std::vector<int> statuses(kFlood);
  std::vector<std::thread> threads;
  for (int i = 0; i < kFlood; ++i)
    threads.emplace_back([&, i] {
      statuses[static_cast<std::size_t>(i)] = wrong_login_from(
          "127.0.2." + std::to_string(i + 1), hub.port(), "nobody." + std::to_string(i + 1));
    });
  for (auto& t : threads) t.join();
  const long peak = memory_kib(pid, "VmHWM") - base;
  INFO("statuses: " << testing_join(statuses) << "; peak above base " << peak << " KiB");
  // Every request answered: wrong (401), or busy, try again (503).
  for (int status : statuses) CHECK((status == 401 || status == 503));
  // At most two checks at once (the default), with room for one more's worth of other memory.
  CHECK(peak <= 3 * one);
  hub.stop();
  CHECK(hub.log().find("event=login.busy") != std::string::npos);
}

namespace {

// Wrong enrollment codes sent from `source` until the hub answers 429 (or `tries` run out), each
// with the X-Forwarded-For header that forwarded_for(i) gives; the statuses.
std::vector<int> guess_codes(int port, const std::string& source, int tries,
                             const std::function<std::string(int)>& forwarded_for) {
  std::vector<int> statuses;
  for (int i = 0; i < tries; ++i) {
    auto r = request_from(source, port, "POST", "/api/v1/enroll",
                          enroll_body("K7QX-3MPD-9TRW-2HF" + std::string(1, "ABCDEFGHJK"[i % 10])),
                          {"X-Forwarded-For: " + forwarded_for(i)});
    statuses.push_back(r.status);
    if (r.status == 429) break;
  }
  return statuses;
}

}  // namespace

TEST_CASE("trusted proxy: each client behind it has its own throttle, and the log names it") {
  TempDir tmp;
  OperatorHub hub((tmp / "hub.db").string());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  REQUIRE(hub.start({"--trusted-proxy", "127.0.0.1"}).find("serving on") != std::string::npos);
  // The proxy appends the address it saw; what the client claimed before it counts for nothing.
  auto first =
      guess_codes(hub.port(), "127.0.0.1", 10, [](int) { return "198.51.100.1, 203.0.113.7"; });
  INFO("first client: " << testing_join(first));
  CHECK(first.back() == 429);
  // Another client behind the same proxy is not throttled by the first one's guesses.
  auto second = guess_codes(hub.port(), "127.0.0.1", 1, [](int) { return "203.0.113.8"; });
  CHECK(second == std::vector<int>{403});
  hub.stop();
  const std::string log = hub.log();
  INFO(log);
  CHECK(log.find("event=enroll.throttled client=203.0.113.7") != std::string::npos);
  CHECK(log.find("route=/api/v1/enroll status=403 duration_ms=") != std::string::npos);
  CHECK(log.find("client=203.0.113.8") != std::string::npos);
  CHECK(log.find("client=198.51.100.1") == std::string::npos);
}

TEST_CASE(
    "trusted proxy: a forged X-Forwarded-For changes nothing without it or from another peer") {
  TempDir tmp;
  for (const bool proxy_configured : {false, true}) {
    INFO("trusted_proxy set: " << proxy_configured);
    OperatorHub hub((tmp / ("hub" + std::to_string(proxy_configured) + ".db")).string());
    REQUIRE(hub.verb({"init-db"}).exit_code == 0);
    std::vector<std::string> extra;
    if (proxy_configured) extra = {"--trusted-proxy", "127.0.0.1"};
    REQUIRE(hub.start(extra).find("serving on") != std::string::npos);
    // A new "client" every time: without the trust, the header is only the attacker's word.
    const std::string source = proxy_configured ? "127.0.0.9" : "127.0.0.1";
    auto statuses = guess_codes(hub.port(), source, 10,
                                [](int i) { return "203.0.113." + std::to_string(i + 1); });
    INFO("statuses: " << testing_join(statuses));
    CHECK(statuses.back() == 429);
    hub.stop();
    const std::string log = hub.log();
    CHECK(log.find("client=203.0.113.") == std::string::npos);
    CHECK(log.find("event=enroll.throttled client=" + source) != std::string::npos);
  }
}

TEST_CASE("limits as settings: a config file's small header memory makes a bigger header 431") {
  TempDir tmp;
  OperatorHub hub((tmp / "hub.db").string());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  write_file(tmp / "hub.json", R"({"header_memory_bytes": 16384, "requests_per_address": 4})");
  REQUIRE(hub.start({"--config", (tmp / "hub.json").string()}).find("serving on") !=
          std::string::npos);
  const std::string cookie_1k = "Cookie: x=" + std::string(1024, 'a');
  const std::string cookie_12k = "Cookie: x=" + std::string(12 * 1024, 'a');
  CHECK(request_from("127.0.0.1", hub.port(), "GET", "/api/v1/health", "", {cookie_1k}).status ==
        200);
  // 12 KiB of headers is well within the default 32 KiB, over the configured 16 KiB (which holds
  // MHD's buffers too).
  CHECK(request_from("127.0.0.1", hub.port(), "GET", "/api/v1/health", "", {cookie_12k}).status ==
        431);
  hub.stop();
  // A bad value stops the start with the setting's name.
  write_file(tmp / "bad.json", R"({"header_memory_bytes": "lots"})");
  const std::string first = hub.start({"--config", (tmp / "bad.json").string()});
  CHECK(first.find("serving on") == std::string::npos);
  CHECK(hub.stop() != 0);
  CHECK(hub.log().find("header_memory_bytes must be a whole number") != std::string::npos);
}

TEST_CASE("operator log: a kiosk's bad signature and a revoked kiosk are logged with its id") {
  TempDir tmp;
  OperatorHub hub((tmp / "hub.db").string());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  hub.complete_first_office();
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  const auto enroll = hub.verb({"enroll", "--print-code"});
  REQUIRE(enroll.exit_code == 0);
  EnrollRequest kiosk;
  kiosk.code = enroll.out.substr(0, enroll.out.find('\n'));
  randombytes_buf(kiosk.device_id.data(), kiosk.device_id.size());
  randombytes_buf(kiosk.sign_public.data(), kiosk.sign_public.size());
  kiosk.name = "Kiosk Maria Musterfrau";  // a name staff might give; never in the log
  REQUIRE(
      request_from("127.0.0.1", hub.port(), "POST", "/api/v1/enroll", to_json_text(kiosk)).status ==
      200);
  const std::string device = to_hex(kiosk.device_id);
  // A HELLO that claims the kiosk but is not signed with its key (a forger, or a changed body).
  const auto hello = [&] {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return request_from("127.0.0.1", hub.port(), "POST", "/api/v1/hello", "{}",
                        {"X-Sichtbar-Device: " + device, "X-Sichtbar-Time: " + std::to_string(now),
                         "X-Sichtbar-Signature: " + std::string(86, 'A')});
  };
  CHECK(hello().status == 401);
  REQUIRE(hub.verb({"revoke", device}).exit_code == 0);
  CHECK(hello().status == 403);
  hub.stop();
  const std::string log = hub.log();
  INFO(log);
  CHECK(log.find("event=kiosk.refused code=request.bad_signature device=" + device +
                 " client=127.0.0.1") != std::string::npos);
  CHECK(log.find("event=kiosk.refused code=auth.revoked_device device=" + device) !=
        std::string::npos);
  CHECK(log.find("event=enroll.enrolled device=" + device) != std::string::npos);
  CHECK(log.find("Musterfrau") == std::string::npos);
  CHECK(log.find(kiosk.code) == std::string::npos);
}

TEST_CASE("operator: SIGTERM ends the hub at once while a slow client drips its request") {
  TempDir tmp;
  OperatorHub hub((tmp / "hub.db").string());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  // A client that sends its request's head a byte at a time, slower than anything would wait for.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(hub.port()));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  std::atomic<bool> dripping{true};
  std::thread drip([&] {
    const std::string head = "GET /office/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    for (std::size_t i = 0; dripping && i < 1000; ++i) {
      const char c = i < head.size() ? head[i] : 'a';
      if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1) break;
      std::this_thread::sleep_for(200ms);
    }
  });
  std::this_thread::sleep_for(1500ms);  // the connection is held, mid-request
  const auto asked = std::chrono::steady_clock::now();
  const int status = hub.stop();  // SIGTERM, then wait for the process
  const auto took = std::chrono::steady_clock::now() - asked;
  dripping = false;
  drip.join();
  ::close(fd);
  CHECK(status == 0);  // a clean stop
  // Far below the idle timeout (15 s) and the request deadline (30 s) the client could hold.
  CHECK(took < 5s);
  CHECK(hub.log().find("event=serve.stop signal=15") != std::string::npos);
}

TEST_CASE(
    "operator: no enrollment code for an office whose consent could not name its contact, DPO "
    "and authority, and serve warns about each such office at its start") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  OperatorHub hub(db.location());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  const auto live_codes = [&] {
    auto store = db.open();
    REQUIRE(store);
    auto live = (*store)->live_enroll_tokens(unix_ms_now());
    REQUIRE(live);
    return live->size();
  };
  // A fresh hub's first office has only its placeholder name: the office's IT hears what to run
  // before a kiosk is set up at a stand where nobody could start.
  auto refused = hub.verb({"enroll", "--print-code"});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("Office 1 (Beratungsstelle) is not complete") != std::string::npos);
  CHECK(refused.err.find("sichtbar-hub office set 1 --name \"...\" --contact \"...\" --dpo "
                         "\"...\" --authority \"...\"") != std::string::npos);
  CHECK(refused.err.find("No code was made.") != std::string::npos);
  CHECK(live_codes() == 0);
  // Another office set completely gets its codes meanwhile; one with a name alone does not.
  REQUIRE(hub.verb({"office", "add", "Beratungsstelle München", "--contact", "Marienplatz 8",
                    "--dpo", "dsb@muenchen.example", "--authority", "BayLDA, Ansbach"})
              .exit_code == 0);
  REQUIRE(hub.verb({"office", "add", "Beratungsstelle Nürnberg"}).exit_code == 0);
  auto munich = hub.verb({"enroll", "--office", "2", "--print-code"});
  CHECK(munich.exit_code == 0);
  CHECK(live_codes() == 1);
  auto nuremberg = hub.verb({"enroll", "--office", "3", "--print-code"});
  CHECK(nuremberg.exit_code == 1);
  CHECK(nuremberg.err.find("sichtbar-hub office set 3 --contact \"...\" --dpo \"...\" "
                           "--authority \"...\"") != std::string::npos);
  CHECK(live_codes() == 1);

  // serve names each incomplete office in its log, with the command, and not the complete one.
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  std::string log;
  for (int i = 0; i < 200 && log.find("office=3") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    log = hub.log();
  }
  INFO(log);
  CHECK(log.find("event=office.incomplete office=1 ") != std::string::npos);
  CHECK(log.find("event=office.incomplete office=3 ") != std::string::npos);
  CHECK(log.find("office=2") == std::string::npos);
  CHECK(log.find("sichtbar-hub office set 1 --name") != std::string::npos);
  CHECK(hub.stop() == 0);

  // Once set as the refusal said, the office gets its code and serve is quiet about it.
  auto set = hub.verb({"office", "set", "1", "--contact", "Rathausplatz 1, 86150 Augsburg",
                       "--dpo", "dsb@augsburg.example", "--authority", "BayLDA, Ansbach"});
  INFO(set.err);
  REQUIRE(set.exit_code == 0);
  CHECK(hub.verb({"enroll", "--print-code"}).exit_code == 0);
  CHECK(live_codes() == 2);
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  CHECK(hub.stop() == 0);
  CHECK(hub.log().find("office.incomplete office=1") == std::string::npos);
  CHECK(hub.log().find("office.incomplete office=3") != std::string::npos);
}

TEST_CASE(
    "operator: serve erases at start whom the office's retention period has passed, and says so") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  OperatorHub hub(db.location());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  auto set = hub.verb({"office", "set", "1", "--retention-days", "365"});
  INFO(set.out << set.err);
  REQUIRE(set.exit_code == 0);
  // A person who came 400 days ago and one who came 10 days ago, both with a case.
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  const auto profile = [](std::uint64_t seq, std::int64_t received_at) {
    nlohmann::json r = fixture_record("de");
    r["answers"]["wishes"]["wants"] = nlohmann::json::array({"recognition_advice"});
    return stored_record(r, seq, received_at);
  };
  const std::int64_t now = unix_ms_now();
  const hub::StoredRecord old = profile(1, now - 400 * kDay), fresh = profile(2, now - 10 * kDay);
  {
    auto store = db.open();
    REQUIRE(store);
    const hub::StoredRecord both[] = {old, fresh};
    auto stored = (*store)->store_batch(both);
    REQUIRE(stored);
    for (const auto& outcome : *stored) CHECK(outcome.status == hub::IngestStatus::Stored);
    CHECK((*store)->list_cases({})->total == 2);
  }

  REQUIRE(hub.start().find("serving on") != std::string::npos);
  // serve's first run is at its start, not a day later: the log says it once it has erased.
  std::string log;
  for (int i = 0; i < 200 && log.find("retention.erased") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    log = hub.log();
  }
  INFO(log);
  CHECK(log.find("event=retention.erased") != std::string::npos);
  CHECK(log.find("1 people past their office's retention period were erased") != std::string::npos);
  auto store = db.open();
  REQUIRE(store);
  CHECK_FALSE(*(*store)->find_record(old.record_id));
  CHECK(*(*store)->find_record(fresh.record_id));
  CHECK((*store)->list_cases({})->total == 1);
  // The office's report in its audit log: how many, never whom.
  auto audit = (*store)->list_audit(20);
  REQUIRE(audit);
  bool reported = false;
  for (const hub::AuditEntry& a : *audit) {
    CHECK(a.subject.find(to_hex(old.record_id)) == std::string::npos);
    if (a.action != "retention_erase") continue;
    reported = true;
    CHECK(a.subject == "office:1");
    CHECK(a.reason.find("1 people") != std::string::npos);
  }
  CHECK(reported);
  CHECK(hub.stop() == 0);
}

TEST_CASE(
    "operator: SIGTERM during serve's start-up retention run stops the hub, and the next "
    "start erases the rest") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  OperatorHub hub(db.location());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  REQUIRE(hub.verb({"office", "set", "1", "--retention-days", "365"}).exit_code == 0);
  // Enough people past the office's period that erasing them all takes the run a while (a hub
  // that comes back after a long stop, or an office that shortens its period).
  constexpr int kPeople = 400;
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  const std::int64_t long_ago = unix_ms_now() - 400 * kDay;
  {
    auto store = db.open();
    REQUIRE(store);
    std::vector<hub::StoredRecord> batch;
    for (int i = 1; i <= kPeople; ++i) {
      nlohmann::json r = fixture_record("de");
      r["answers"]["wishes"]["wants"] = nlohmann::json::array({"recognition_advice"});
      batch.push_back(stored_record(r, static_cast<std::uint64_t>(i), long_ago));
    }
    REQUIRE((*store)->store_batch(batch));
    REQUIRE((*store)->list_cases({})->total == kPeople);
  }

  // `systemctl stop` right after the start: the hub stops between two people, not after all.
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  CHECK(hub.stop() == 0);
  const std::string log = hub.log();
  INFO(log);
  CHECK(log.find("event=serve.stop signal=15") != std::string::npos);
  CHECK(log.find("event=retention.stopped") != std::string::npos);
  {
    auto store = db.open();
    REQUIRE(store);
    const auto left = (*store)->list_cases({})->total;
    CHECK(left > 0);
    CHECK(left <= kPeople);
  }

  // The next start takes up the run where it stopped.
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  std::int64_t left = -1;
  for (int i = 0; i < 1200 && left != 0; ++i) {
    std::this_thread::sleep_for(100ms);
    auto store = db.open();
    REQUIRE(store);
    left = (*store)->list_cases({})->total;
  }
  CHECK(left == 0);
  CHECK(hub.stop() == 0);
}

namespace {

// The number that starts the details of the log's `event` line, or -1 without that line.
long long logged_count(const std::string& log, const std::string& event) {
  const std::string key = "event=" + event + " ";
  const auto at = log.find(key);
  return at == std::string::npos ? -1 : std::atoll(log.c_str() + at + key.size());
}

}  // namespace

TEST_CASE(
    "operator: SIGTERM while serve indexes the records again at its start stops the hub after a "
    "chunk, and the next start indexes the rest") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase db(backend);
  OperatorHub hub(db.location());
  REQUIRE(hub.verb({"init-db"}).exit_code == 0);
  // Profiles stored without a hub's recognition map (as a store opened by a command-line verb
  // does): serve computes the index's way to recognition for every one at its start, the same
  // work as after an import or a schema upgrade. Enough of them that this takes a while
  // (tests/bench/reindex_bench.cpp: 10,000 take about half a second; a chunk is 500).
  constexpr int kProfiles = 20'000;
  hub::RecordId last{};
  const std::int64_t now = unix_ms_now();  // recent: the retention run at start keeps them
  {
    auto store = db.open();
    REQUIRE(store);
    std::vector<hub::StoredRecord> batch;
    for (int i = 1; i <= kProfiles; ++i) {
      batch.push_back(stored_record(fixture_record("de"), static_cast<std::uint64_t>(i), now));
      last = std::max(last, batch.back().record_id);
      if (batch.size() == 500 || i == kProfiles) {
        REQUIRE((*store)->store_batch(batch));
        batch.clear();
      }
    }
    // The profile the indexing comes to last (record id order) gets a name of its own.
    nlohmann::json r = fixture_record("de");
    r["answers"]["about"]["name"] = "Zofia Letztindex";
    const hub::StoredRecord newer = stored_record(r, kProfiles + 1, now, last, 2);
    REQUIRE((*store)->store_batch(std::span(&newer, 1)));
  }
  // Each profile names a translator's work (ISCO 2643, not regulated): the office's filter by
  // the way to recognition finds exactly those the index was computed for with the map.
  const auto found = [&](const std::string& text) {
    auto store = db.open();
    REQUIRE(store);
    hub::RecordFilter filter;
    filter.regulated = "no";
    filter.text = text;
    auto page = (*store)->search_records(filter);
    REQUIRE(page);
    return static_cast<long long>(page->total);
  };
  REQUIRE(found("") == 0);

  // `systemctl stop` as soon as the log says the start indexes: the hub ends after a chunk.
  hub.launch();
  for (int i = 0; i < 20'000 && hub.log().find("event=index.rebuild ") == std::string::npos; ++i)
    std::this_thread::sleep_for(1ms);
  REQUIRE(hub.log().find("event=index.rebuild ") != std::string::npos);
  CHECK(hub.stop() == 0);
  std::string log = hub.log();
  INFO(log);
  CHECK(log.find("event=serve.stop signal=15") != std::string::npos);
  CHECK(log.find("event=serve.ready") == std::string::npos);  // it never said it was ready
  const long long indexed = logged_count(log, "index.stopped");
  CHECK(indexed >= 0);
  CHECK(indexed < kProfiles);
  // What the log says was indexed is what the filter finds; the rest waits for the next start.
  CHECK(found("") == indexed);
  CHECK(found("Letztindex") == 0);

  // The next start indexes only the rest, then serves, and the filter finds everyone.
  REQUIRE(hub.start().find("serving on") != std::string::npos);
  log = hub.log();
  CHECK(logged_count(log, "index.rebuilt") == kProfiles - indexed);
  CHECK(found("") == kProfiles);
  CHECK(found("Letztindex") == 1);
  CHECK(hub.stop() == 0);
}
