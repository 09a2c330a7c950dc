// Writing a whole file so that readers see either the old content or the new, never a torn mix,
// even after a power cut or a pulled USB stick. The one place this project writes such files:
// QR images, screenshots, bundles and receipts, the hub's key files.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "base/bytes.h"
#include "base/error.h"

namespace sichtbar {

struct AtomicWrite {
  // The new file's permissions. Owner-only by default: what this project writes holds personal
  // data, keys, or links to them.
  mode_t mode = 0600;
  // false: refuse, atomically, when path exists already ("file.exists"); for keys that must never
  // be replaced.
  bool replace = true;
};

// Writes bytes to a uniquely named temporary file beside path ("<name>.tmp-XXXXXX", so rename
// stays on one file system and two writers never share it), fsyncs it, renames it over path and
// fsyncs the folder. On failure (folder missing or not writable, disk full, stick pulled) the
// temporary file is removed, path is unchanged, and the error ("file.write_failed") names path
// and the reason. With replace = false an existing path fails with "file.exists".
Result<void> write_file_atomically(const std::filesystem::path& path, ByteView bytes,
                                   AtomicWrite how = {});
inline Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                          AtomicWrite how = {}) {
  return write_file_atomically(path, as_bytes(bytes), how);
}

}  // namespace sichtbar
