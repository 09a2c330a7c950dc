// Where the kiosk finds a USB stick: the folder a mounter made for it under /media/<user>/ (a
// desktop's udisks2, or the locked session's udev rule, deploy/kiosk-session/).
#pragma once

#include <filesystem>
#include <optional>

namespace sichtbar {

// The first folder (by name) under media that holds a mounted file system the kiosk may write
// to. Going into each folder mounts the stick behind an automount point first. A folder on
// media's own file system is a mount point left behind by a stick pulled earlier (nothing
// removes them): writing there would put an export on the kiosk's disk, not on a stick.
std::optional<std::filesystem::path> usb_stick_in(const std::filesystem::path& media);

}  // namespace sichtbar
