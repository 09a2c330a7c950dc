// Test support: what a program left readable to others. Every file and folder under a folder
// with a mode other than 0600 (files) or 0700 (folders), and a umask set for one test, so a test
// can run the programs as a careless system would (umask 022) and stat what they made.
#pragma once

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace sichtbar::test {

// "<path> 0644" for each file that is not 0600 and each folder that is not 0700 under root
// (root itself not included); empty when everything is private.
inline std::vector<std::string> not_private_under(const std::filesystem::path& root) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0) continue;  // gone meanwhile (a temp file)
    const unsigned mode = st.st_mode & 07777;
    const unsigned want = S_ISDIR(st.st_mode) ? 0700 : 0600;
    if (mode != want) {
      char text[8];
      std::snprintf(text, sizeof text, "%04o", mode);
      found.push_back(entry.path().string() + " " + text);
    }
  }
  return found;
}

// The names of every file under root, to say which ones a test saw.
inline std::vector<std::string> files_under(const std::filesystem::path& root) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  return names;
}

inline unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

// The process's umask for the scope (what a service without UMask= or a login shell has).
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : saved_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(saved_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t saved_;
};

}  // namespace sichtbar::test
