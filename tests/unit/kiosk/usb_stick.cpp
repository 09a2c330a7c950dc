// Which folder the kiosk writes an export or an enrollment request to (flow/usb_stick.h): the
// stick a mounter put under /media/<user>/, never a folder left behind by a stick pulled earlier
// (the export would land on the kiosk's own disk and the volunteer would carry away nothing),
// never a stick it cannot write to.
#include "flow/usb_stick.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

// Writes text to a /proc file of this process (the user namespace's maps); false on failure.
bool write_proc(const char* file, const std::string& text) {
  const int fd = ::open(file, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

// A mount namespace of this process's own (as root, or as the same user in a user namespace of
// its own), so that it may mount file systems no one else sees.
bool own_mount_namespace() {
  if (::geteuid() == 0) {
    if (::unshare(CLONE_NEWNS) != 0) return false;
  } else {
    const std::string uid = std::to_string(::geteuid()), gid = std::to_string(::getegid());
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0 ||
        !write_proc("/proc/self/setgroups", "deny") ||
        !write_proc("/proc/self/uid_map", "0 " + uid + " 1") ||
        !write_proc("/proc/self/gid_map", "0 " + gid + " 1"))
      return false;
  }
  return ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
}

constexpr int kNoNamespace = 3, kNoMount = 4;

// Runs usb_stick_in(media) in a child with these folders of media mounted as sticks (a small
// tmpfs each, read-only where asked): what it found, "none", or why it could not run.
std::string found_with_mounts(const std::filesystem::path& media,
                              const std::vector<std::pair<std::string, bool>>& sticks) {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(out[0]);
    if (!own_mount_namespace()) _exit(kNoNamespace);
    for (const auto& [name, read_only] : sticks) {
      const auto where = media / name;
      std::filesystem::create_directories(where);
      const unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (read_only ? MS_RDONLY : 0);
      if (::mount("stick", where.c_str(), "tmpfs", flags, "size=64k") != 0) _exit(kNoMount);
    }
    const auto found = usb_stick_in(media);
    const std::string answer = found ? found->string() : "none";
    const bool written =
        ::write(out[1], answer.data(), answer.size()) == static_cast<ssize_t>(answer.size());
    _exit(written ? 0 : 1);
  }
  ::close(out[1]);
  std::string answer;
  char buffer[512];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
  ::close(out[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code == kNoNamespace) return "(no mount namespace here: needs root or user namespaces)";
  if (code == kNoMount) return "(mounting a tmpfs in the namespace failed)";
  if (code != 0) return "(the child failed: " + std::to_string(code) + ")";
  return answer;
}

}  // namespace

TEST_CASE("usb stick: an empty folder left behind by a pulled stick is not a stick") {
  test::TempDir media;
  std::filesystem::create_directories(media / "2A1B-33C4");
  CHECK_FALSE(usb_stick_in(media.path()).has_value());
  // Nor is anything when the user has no /media folder at all.
  CHECK_FALSE(usb_stick_in(media / "no-such-user").has_value());
}

TEST_CASE("usb stick: the mounted stick is found beside a stale folder and a read-only stick") {
  test::TempDir media;
  // Named so that the stale folder and the read-only stick come first by name and by the order
  // a fresh folder lists them in.
  std::filesystem::create_directories(media / "0-stale");
  CHECK(found_with_mounts(media.path(), {{"1-read-only", true}}) == "none");
  CHECK(found_with_mounts(media.path(), {{"1-read-only", true}, {"2-stick", false}}) ==
        (media / "2-stick").string());
  // Two sticks: the same one every time (the first by name), so an export and the enrollment
  // that reads its answer use one stick.
  CHECK(found_with_mounts(media.path(), {{"4-second", false}, {"3-first", false}}) ==
        (media / "3-first").string());
}
