// Writing a whole file so that readers see either the old content or the new, never a torn mix.
#pragma once

#include <filesystem>
#include <string_view>

#include "protocol/error.h"

namespace sichtbar {

// Writes bytes to "<path>.tmp", fsyncs it, renames it over path and fsyncs the directory, so a
// power cut on the kiosk leaves either the previous file or the complete new one. On failure
// (directory not writable, disk full, ...) the temporary file is removed and the error
// ("file.write_failed") names path. The file is created readable by its owner only, because
// what this project writes holds personal data or links to it.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace sichtbar
