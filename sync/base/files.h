// Reading a whole file: the one way the programs read a form, a bundle, a receipt, an input
// script or a page's static file. And keeping the programs' own files private: the one way hub
// and kiosk create their data folders and check the modes of their databases and keys.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "base/error.h"

namespace sichtbar {

// The file's bytes, or nullopt when path is missing, not a regular file (a folder, a device) or
// cannot be read. Callers turn nullopt into an error that names the file and says what to do.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

// Creates dir and every missing parent with mode 0700 whatever the umask (what the programs
// create holds personal data or keys). A folder that exists is left as it is: make_private
// checks it. "file.write_failed" names the folder and the reason.
Result<void> create_private_folder(const std::filesystem::path& dir);

// What make_private changed.
struct ModeFix {
  std::filesystem::path path;
  mode_t before = 0;  // the permission bits it had
  mode_t after = 0;
  // "<path> could be read by other users (mode 0644); it is now 0600." for the program's log.
  std::string message() const;
};

// Takes every right of group and others off path (a file becomes 0600, a folder 0700, the
// owner's bits stay; a symbolic link's target). Nothing when path is missing or private already.
// Refuses ("file.not_private", naming the file) what it cannot change (a file of another user),
// rather than let the program run with a secret others can read.
Result<std::optional<ModeFix>> make_private(const std::filesystem::path& path);

}  // namespace sichtbar
