// Screenshots of the kiosk's window as PNG files: for end-to-end tests and for the docs.
#pragma once

#include <filesystem>
#include <vector>

#include "base/error.h"

namespace sichtbar {

struct RgbImage {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;  // RGB, 3 bytes a pixel, rows top to bottom
};

// The current GL back buffer (call after drawing, before the swap), flipped so rows run top to
// bottom as in every image file: OpenGL's rows start at the bottom.
RgbImage read_back_buffer(int width, int height);

// Writes image as a PNG with the kiosk's atomic write (temporary file, fsync, rename), readable
// by its owner only: a screenshot can show what a person typed. Error: "screenshot.write_failed".
Result<void> write_png(const std::filesystem::path& path, const RgbImage& image);

}  // namespace sichtbar
