// A throwaway CUPS server for the printing tests: Debian's cupsd in the foreground on a unix
// socket in a temp folder, with its own cupsd.conf and cups-files.conf, and one queue whose
// backend writes each job's document into the folder (the way a printer would take it). A
// small backend of our own does the writing: cupsd's built-in file: device writes nothing for
// a raw queue (no filter runs), and a raw queue is what hands the kiosk's PNG over unchanged.
// Without cupsd the tests fail, saying what to install: they never skip.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "support/temp_dir.h"

namespace sichtbar::test {

class CupsServer {
 public:
  static constexpr const char* kQueue = "slips";

  CupsServer() {
    if (::access("/usr/sbin/cupsd", X_OK) != 0 || ::access("/usr/sbin/lpadmin", X_OK) != 0)
      FAIL(
          "cupsd is not installed, so printing cannot be tested: install the Debian packages "
          "cups-daemon and cups-client (deploy/sichtbar test installs them)");
    // cupsd drops to lp for its helpers: they must reach the folder.
    ::chmod(dir_.path().c_str(), 0755);
    for (const char* sub : {"spool", "cache", "state", "logs", "bin/backend", "out"})
      std::filesystem::create_directories(dir_ / sub);
    ::chmod((dir_ / "out").c_str(), 0777);
    for (const char* sub : {"filter", "daemon", "notifier"})
      std::filesystem::create_symlink(std::string("/usr/lib/cups/") + sub, dir_ / "bin" / sub);
    const auto backend = dir_ / "bin/backend/slipfile";
    write_file(backend,
               "#!/bin/sh\n"
               "[ $# -eq 0 ] && { echo 'direct slipfile \"Unknown\" \"Slip file\"'; exit 0; }\n"
               "out=\"${DEVICE_URI#slipfile:}\"\n"
               "if [ -n \"$6\" ]; then cat \"$6\" > \"$out.tmp\"; else cat > \"$out.tmp\"; fi &&\n"
               "  mv \"$out.tmp\" \"$out\"\n");
    ::chmod(backend.c_str(), 0755);
    write_file(dir_ / "cupsd.conf",
               "Listen " + socket().string() +
                   "\nLogLevel info\n"
                   // The kiosk's advice for its own cupsd (README): no document kept after
                   // printing.
                   "PreserveJobFiles No\n"
                   "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                   "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n");
    std::string files = "ServerRoot " + dir_.path().string() + "\nServerBin " +
                        (dir_ / "bin").string() + "\nRequestRoot " + (dir_ / "spool").string() +
                        "\nTempDir " + (dir_ / "spool").string() + "\nCacheDir " +
                        (dir_ / "cache").string() + "\nStateDir " + (dir_ / "state").string() +
                        "\nErrorLog " + (dir_ / "logs/error_log").string() + "\nAccessLog " +
                        (dir_ / "logs/access_log").string() + "\nPageLog " +
                        (dir_ / "logs/page_log").string() + "\n";
    if (::geteuid() == 0) files += "User lp\nGroup lp\n";
    write_file(dir_ / "cups-files.conf", files);
    start();
    RunOptions options;
    options.env = {client_env()};
    auto added = run(
        {"/usr/sbin/lpadmin", "-p", kQueue, "-E", "-v", "slipfile:" + printed().string()}, options);
    INFO(added.out << added.err);
    REQUIRE(added.exit_code == 0);
  }

  void start() {
    cupsd_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/sbin/cupsd", "-f", "-c", (dir_ / "cupsd.conf").string(),
                                 "-s", (dir_ / "cups-files.conf").string()});
    for (int i = 0; i < 100 && !std::filesystem::exists(socket()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(std::filesystem::exists(socket()));
  }
  // The server goes away (a printer switched off, its cable out): nothing answers.
  void stop() {
    if (cupsd_) cupsd_->stop();
    cupsd_.reset();
    std::filesystem::remove(socket());
  }

  std::filesystem::path socket() const { return dir_ / "cups.sock"; }
  // What a client of this server needs in its environment.
  std::string client_env() const { return "CUPS_SERVER=" + socket().string(); }
  // Where the queue's backend puts the last job's document.
  std::filesystem::path printed() const { return dir_ / "out/slip.png"; }
  std::filesystem::path spool() const { return dir_ / "spool"; }

 private:
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> cupsd_;
};

}  // namespace sichtbar::test
