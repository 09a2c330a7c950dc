// Reading a whole file: the one way the programs read a form, a bundle, a receipt, an input
// script or a page's static file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace sichtbar {

// The file's bytes, or nullopt when path is missing, not a regular file (a folder, a device) or
// cannot be read. Callers turn nullopt into an error that names the file and says what to do.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace sichtbar
