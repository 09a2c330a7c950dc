// Test support: throwaway directories, file helpers and running our own executables.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sichtbar::test {

// A fresh directory under $TMPDIR, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& content);

// Every regular file under dir whose bytes contain needle (e.g. a plaintext marker).
std::vector<std::filesystem::path> files_containing(const std::filesystem::path& dir,
                                                    const std::string& needle);

struct RunResult {
  int exit_code = -1;  // the program's exit status, or 128 + signal
  std::string out;     // stdout
  std::string err;     // stderr
};
struct RunOptions {
  long long file_size_limit = -1;  // RLIMIT_FSIZE in the child: simulates a full disk
  int uid = -1;                    // run the child as this user (root tests use "nobody")
  // Make this folder a read-only mount in the child's own mount namespace (needs root); the
  // child exits with kCannotMountReadOnly when that is not possible here.
  std::string read_only_folder;
  std::vector<std::string> env;  // "NAME=value" added to the child's environment
};
inline constexpr int kCannotMountReadOnly = 125;
// Runs argv[0] with the given arguments (no shell).
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

// A program running beside the test (a hub on loopback): started with its stdout on a pipe,
// stopped with SIGTERM (or killed) when the object goes away.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv,
                             const std::vector<std::string>& extra_env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  // The next line of its stdout, or "" after timeout_ms or at end of output.
  std::string read_line(int timeout_ms = 10000);
  // SIGTERM (or the given signal), then wait; returns the exit status as run() reports it.
  int stop(int signal_number = 15);
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
};

// A TCP port on 127.0.0.1 that was free a moment ago, for a server a test starts.
int free_loopback_port();

std::filesystem::path fixture(const std::string& relative);
std::filesystem::path asset(const std::string& relative);

}  // namespace sichtbar::test
