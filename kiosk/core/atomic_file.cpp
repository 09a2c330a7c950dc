// Atomic whole-file writes: temporary file, fsync, rename, fsync of the directory.
#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace sichtbar {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

Result<void> write_failed(const std::filesystem::path& path, const std::string& what, int err) {
  return fail("file.write_failed",
              "Could not write " + path.string() + ": " + what + ": " + errno_text(err) + ".");
}

// Writes all of bytes, continuing after short writes and signals.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

}  // namespace

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";

  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return write_failed(path, "cannot create " + tmp.string(), errno);

  // Every failure from here on removes the temporary file, so no partial file is left behind.
  auto abandon = [&](const std::string& what, int err) {
    ::unlink(tmp.c_str());
    return write_failed(path, what, err);
  };
  if (int err = write_all(fd, bytes); err != 0) {
    ::close(fd);
    return abandon("writing " + tmp.string() + " failed", err);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return abandon("flushing " + tmp.string() + " to disk failed", err);
  }
  // close() can report a delayed write error (e.g. on network file systems).
  if (::close(fd) != 0) return abandon("closing " + tmp.string() + " failed", errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return abandon("renaming " + tmp.string() + " failed", errno);

  // The rename is only durable once the directory entry is on disk.
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return write_failed(path, "cannot open directory " + dir.string(), errno);
  int sync_rc = ::fsync(dir_fd);
  int sync_err = errno;
  ::close(dir_fd);
  // Some file systems cannot fsync a directory (EINVAL); the file itself is already complete.
  if (sync_rc != 0 && sync_err != EINVAL)
    return write_failed(path, "flushing directory " + dir.string() + " failed", sync_err);
  return {};
}

}  // namespace sichtbar
