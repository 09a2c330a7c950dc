// The hub as its systemd unit runs it (deploy/systemd/sichtbar-hub.service, Type=notify): the
// unit's own ExecStartPre and ExecStart lines with the sample config (deploy/hub.json) pointed
// at a temporary state folder, the passphrase as the systemd credential (a file in
// $CREDENTIALS_DIRECTORY, mode 0400, as systemd makes it) and $NOTIFY_SOCKET a socket the test
// reads as systemd would. systemd starts the units that wait for the hub on READY=1, so it must
// come only once /readyz says 200; STOPPING=1 and a clean exit on SIGTERM.
#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.h"

using namespace sichtbar::test;

namespace {

const std::filesystem::path kDeploy = std::filesystem::path(SICHTBAR_SOURCE_DIR) / "deploy";

// The words of the unit's `key=` line, with the installed paths made the test's.
std::vector<std::string> unit_command(const std::string& key, const std::filesystem::path& config) {
  std::istringstream unit(read_file(kDeploy / "systemd/sichtbar-hub.service"));
  std::string line;
  while (std::getline(unit, line)) {
    if (!line.starts_with(key + "=")) continue;
    std::istringstream words(line.substr(key.size() + 1));
    std::vector<std::string> argv;
    for (std::string w; words >> w;) {
      if (w == "/usr/bin/sichtbar-hub") w = SICHTBAR_HUB_BIN;
      if (w == "/etc/sichtbar/hub.json") w = config.string();
      argv.push_back(w);
    }
    return argv;
  }
  FAIL("the unit has no " << key << "= line");
  return {};
}

// A datagram socket in the folder, as systemd's notification socket.
class NotifySocket {
 public:
  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un at{};
    at.sun_family = AF_UNIX;
    REQUIRE(path_.string().size() < sizeof at.sun_path);
    std::strcpy(at.sun_path, path_.c_str());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0);
  }
  ~NotifySocket() { ::close(fd_); }
  // The next message, or "" when none comes within timeout_ms.
  std::string next(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return "";
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// The state, config, credential and socket of one hub as the unit would run it; change() edits
// the sample config before the start.
class ServiceHub {
 public:
  ServiceHub() {
    std::filesystem::create_directories(credentials_);
    const auto passphrase = credentials_ / "sichtbar-hub-passphrase";
    write_file(passphrase, "Weißwurst vor zwölf, bitte");
    std::filesystem::permissions(passphrase, std::filesystem::perms::owner_read,
                                 std::filesystem::perm_options::replace);
    // The sample config with its folder and port made this test's.
    std::string text = read_file(kDeploy / "hub.json");
    for (std::string::size_type at; (at = text.find("/var/lib/sichtbar")) != std::string::npos;)
      text.replace(at, 17, (tmp_ / "state").string());
    config_ = nlohmann::json::parse(text);
    REQUIRE(config_["listen"] == "127.0.0.1:8470");
    config_["listen"] = "127.0.0.1:" + std::to_string(port_);
    std::filesystem::create_directories(tmp_ / "state");
    auto init = run({SICHTBAR_HUB_BIN, "init", "--dir", config_["keys"].get<std::string>(),
                     "--passphrase-file", passphrase.string()});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
  }
  nlohmann::json& config() { return config_; }

  // ExecStartPre, then ExecStart in the background, with the environment systemd gives.
  void start() {
    write_file(tmp_ / "hub.json", config_.dump());
    const std::vector<std::string> env = {"CREDENTIALS_DIRECTORY=" + credentials_.string(),
                                          "NOTIFY_SOCKET=" + socket_.path().string()};
    RunOptions options;
    options.env = env;
    auto pre = run(unit_command("ExecStartPre", tmp_ / "hub.json"), options);
    INFO(pre.out << pre.err);
    REQUIRE(pre.exit_code == 0);
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>\"$LOG\""};
    for (auto& w : unit_command("ExecStart", tmp_ / "hub.json")) argv.push_back(w);
    std::vector<std::string> with_log = env;
    with_log.push_back("LOG=" + (tmp_ / "hub.log").string());
    hub_ = std::make_unique<BackgroundProcess>(argv, with_log);
  }
  int readyz() {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Get("/readyz");
    return r ? r->status : 0;
  }
  int stop() { return hub_->stop(); }
  NotifySocket& notifications() { return socket_; }
  std::string log() const {
    return std::filesystem::exists(tmp_ / "hub.log") ? read_file(tmp_ / "hub.log") : "";
  }

 private:
  TempDir tmp_;
  std::filesystem::path credentials_ = tmp_ / "credentials";
  NotifySocket socket_{tmp_ / "notify"};
  int port_ = free_loopback_port();
  nlohmann::json config_;
  std::unique_ptr<BackgroundProcess> hub_;
};

}  // namespace

TEST_CASE("service: the hub as its unit starts it says READY=1 when /readyz answers 200, and "
          "STOPPING=1 on SIGTERM") {
  ServiceHub hub;
  hub.start();
  const std::string ready = hub.notifications().next(30000);
  INFO(hub.log());
  REQUIRE(ready == "READY=1");
  // What systemd's dependants (and a proxy's health check) find at that moment.
  CHECK(hub.readyz() == 200);
  CHECK(hub.stop() == 0);
  CHECK(hub.notifications().next(5000) == "STOPPING=1");
  CHECK(hub.log().find("event=serve.stop signal=15") != std::string::npos);
}

TEST_CASE("service: a hub that answers but is not ready does not say READY=1, and a stop is "
          "heard while it waits") {
  ServiceHub hub;
  // Its disk as full as the hub sees it: it needs more free room than any disk here has.
  hub.config()["min_free_disk_mb"] = 1'000'000'000;
  hub.start();
  int status = 0;
  for (int i = 0; i < 300 && status != 503; ++i) {
    status = hub.readyz();
    if (status != 503) usleep(100'000);
  }
  INFO(hub.log());
  REQUIRE(status == 503);  // serving, not ready
  CHECK(hub.notifications().next(1500) == "");
  CHECK(hub.log().find("event=serve.not_ready") != std::string::npos);
  CHECK(hub.stop() == 0);
  CHECK(hub.notifications().next(5000) == "STOPPING=1");
}
