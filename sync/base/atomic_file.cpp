// Atomic whole-file writes: temporary file, fsync, rename, fsync of the folder.
#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace sichtbar {
namespace {

std::unexpected<Error> write_failed(const std::filesystem::path& path, const std::string& what,
                                    int err) {
  return fail("file.write_failed",
              "Could not write " + path.string() + ": " + what + " (" + std::strerror(err) +
                  "). Check that the disk or USB stick is still plugged in, has free space and "
                  "is not write-protected, then try again.");
}

// Writes all of bytes, continuing after short writes and signals; 0 or an errno value.
int write_all(int fd, ByteView bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return 0;
}

// Moves temp to path without replacing an existing file: renameat2(RENAME_NOREPLACE), or link()
// on file systems without it (also atomic, also refusing). 0, EEXIST or another errno value.
int rename_no_replace(const std::string& temp, const std::filesystem::path& path) {
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  if (::link(temp.c_str(), path.c_str()) != 0) return errno;
  ::unlink(temp.c_str());
  return 0;
}

}  // namespace

Result<void> write_file_atomically(const std::filesystem::path& path, ByteView bytes,
                                   AtomicWrite how) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  // Never the final name: a crash or a pulled stick leaves at most a "*.tmp-XXXXXX" file behind.
  std::string temp = (dir / (path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return write_failed(path, "cannot create a file in " + dir.string(), errno);

  // Every failure from here on removes the temporary file, so no partial file is left behind.
  auto abandon = [&](const std::string& what, int err) {
    ::unlink(temp.c_str());
    return write_failed(path, what, err);
  };
  int err = ::fchmod(fd, how.mode) == 0 ? write_all(fd, bytes) : errno;
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (err != 0) {
    ::close(fd);
    return abandon("writing failed", err);
  }
  // close() can report a delayed write error (network and some USB file systems).
  if (::close(fd) != 0) return abandon("closing the file failed", errno);
  if (how.replace) {
    if (::rename(temp.c_str(), path.c_str()) != 0) return abandon("renaming failed", errno);
  } else if (const int rc = rename_no_replace(temp, path); rc != 0) {
    ::unlink(temp.c_str());
    if (rc == EEXIST)
      return fail("file.exists", path.string() + " exists already; nothing was changed.");
    return write_failed(path, "renaming failed", rc);
  }

  // The rename is durable only once the folder's entry is on the disk.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return write_failed(path, "cannot open the folder " + dir.string(), errno);
  const int rc = ::fsync(dir_fd);
  err = errno;
  ::close(dir_fd);
  // Some file systems cannot fsync a folder (EINVAL); the file itself is already on the disk.
  if (rc != 0 && err != EINVAL) return write_failed(path, "flushing the folder failed", err);
  return {};
}

}  // namespace sichtbar
