// Whole-file reads and private files; see files.h.
#include "base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace sichtbar {

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

namespace {

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

std::string ModeFix::message() const {
  return path.string() + " could be read by other users (mode " + octal(before) + "); it is now " +
         octal(after) + ".";
}

Result<void> create_private_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.empty() || std::filesystem::is_directory(dir, ec)) return {};
  if (dir.has_parent_path() && dir.parent_path() != dir)
    if (auto parent = create_private_folder(dir.parent_path()); !parent) return parent;
  // mkdir applies the umask, which may only take bits away: 0700 stays 0700 or less, and the
  // chmod after it gives the owner back what a strict umask took.
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return fail("file.write_failed",
                "Could not create the folder " + dir.string() + ": " + std::strerror(errno) + ".");
  if (::chmod(dir.c_str(), 0700) != 0 && errno != EPERM)
    return fail("file.write_failed", "Could not make the folder " + dir.string() +
                                         " private: " + std::strerror(errno) + ".");
  return {};
}

Result<std::optional<ModeFix>> make_private(const std::filesystem::path& path) {
  struct stat st {};
  // A symbolic link is followed: its target holds the data (and chmod fails on a target that
  // belongs to another user, which is refused below).
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return fail("file.not_private", "Could not check who may read " + path.string() + ": " +
                                        std::strerror(errno) + ".");
  }
  const mode_t before = st.st_mode & 07777;
  if ((before & 077) == 0) return std::nullopt;
  const mode_t after = before & ~static_cast<mode_t>(077);
  if (::chmod(path.c_str(), after) != 0)
    return fail("file.not_private", path.string() + " can be read by other users (mode " +
                                        octal(before) +
                                        ") and could not be made private: " + std::strerror(errno) +
                                        ". Make it private first: chmod go-rwx " + path.string());
  return ModeFix{path, before, after};
}

}  // namespace sichtbar
