// Reading the back buffer and writing it as a PNG (libpng's simplified API).
#include "platform/screenshot.h"

#include <SDL_opengl.h>
#include <png.h>

#include <cstring>
#include <string_view>

#include "base/atomic_file.h"

namespace sichtbar {

RgbImage read_back_buffer(int width, int height) {
  RgbImage image;
  image.width = width;
  image.height = height;
  const size_t row = static_cast<size_t>(width) * 3;
  std::vector<unsigned char> bottom_up(row * static_cast<size_t>(height));
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);  // rows of width * 3 bytes, no padding
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
  image.pixels.resize(bottom_up.size());
  for (int y = 0; y < height; ++y) {
    std::memcpy(image.pixels.data() + static_cast<size_t>(y) * row,
                bottom_up.data() + static_cast<size_t>(height - 1 - y) * row, row);
  }
  return image;
}

Result<void> write_png(const std::filesystem::path& path, const RgbImage& image) {
  png_image png;
  std::memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = PNG_FORMAT_RGB;
  const auto stride = static_cast<png_int_32>(image.width * 3);
  // First ask for the size, then encode into a buffer of that size.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&png, nullptr, &size, 0, image.pixels.data(), stride, nullptr))
    return fail("screenshot.write_failed",
                "Cannot encode the screenshot " + path.string() + " as PNG: " + png.message);
  std::vector<unsigned char> bytes(size);
  if (!png_image_write_to_memory(&png, bytes.data(), &size, 0, image.pixels.data(), stride,
                                 nullptr))
    return fail("screenshot.write_failed",
                "Cannot encode the screenshot " + path.string() + " as PNG: " + png.message);
  auto written = write_file_atomically(
      path, std::string_view(reinterpret_cast<const char*>(bytes.data()), size));
  if (!written)
    return fail("screenshot.write_failed",
                "Cannot write the screenshot: " + written.error().message);
  return {};
}

}  // namespace sichtbar
