// The USB stick's folder (see usb_stick.h).
#include "flow/usb_stick.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace sichtbar {

std::optional<std::filesystem::path> usb_stick_in(const std::filesystem::path& media) {
  struct stat parent {};
  if (::stat(media.c_str(), &parent) != 0) return std::nullopt;
  std::optional<std::filesystem::path> first;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(media, ec)) {
    // "/." walks into the folder, which an automount point's stick needs to be mounted; stat()
    // of the folder itself would not mount it and shows the automount point, not the stick.
    const std::string inside = entry.path().string() + "/.";
    struct stat folder {};
    if (::stat(inside.c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode)) continue;
    if (folder.st_dev == parent.st_dev) continue;  // not mounted: a stick pulled earlier
    if (::access(inside.c_str(), W_OK) != 0) continue;
    if (!first || entry.path() < *first) first = entry.path();
  }
  return first;
}

}  // namespace sichtbar
