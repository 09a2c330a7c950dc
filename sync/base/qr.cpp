// The participant's QR code: profile link, encoding with libqrencode, and PNG (libpng), SVG and
// terminal renderings.
#include "base/qr.h"

#include <png.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <cstring>
#include <memory>
#include <new>

#include "base/atomic_file.h"

namespace sichtbar {

std::string profile_url(std::string_view profile_base_url, std::string_view profile_token) {
  // A configured "https://hub.example.org/" must not turn into "...org//p/...".
  while (profile_base_url.ends_with('/')) profile_base_url.remove_suffix(1);
  std::string url;
  url.reserve(profile_base_url.size() + 3 + profile_token.size());
  url.append(profile_base_url).append("/p/").append(profile_token);
  return url;
}

std::string profile_url(std::string_view profile_base_url, std::string_view profile_token,
                        std::string_view locale) {
  std::string url = profile_url(profile_base_url, profile_token);
  url.append("?lang=").append(locale);
  return url;
}

bool QrCode::dark(int x, int y) const {
  if (x < 0 || y < 0 || x >= size || y >= size) return false;
  return modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                 static_cast<std::size_t>(x)] != 0;
}

// ---------------------------------------------------------------------------------------------
// Encoding

namespace {

// Byte-mode capacity of a version 40 symbol at level M (ISO/IEC 18004, table 7).
constexpr std::size_t kMaxBytesAtLevelM = 2331;

struct QrcodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrCode> encode_qr(std::string_view text) {
  if (text.empty()) return fail("qr.failed", "Cannot make a QR code of an empty text.");
  if (text.size() > kMaxBytesAtLevelM)
    return fail("qr.too_long", "The text is " + std::to_string(text.size()) +
                                   " bytes long; a QR code at error correction level M holds at "
                                   "most " +
                                   std::to_string(kMaxBytesAtLevelM) + " bytes.");

  // QRcode_encodeData encodes everything in 8-bit mode from an explicit length: no case folding
  // and no truncation at a NUL. Version 0 lets libqrencode pick the smallest version that fits.
  errno = 0;
  std::unique_ptr<QRcode, QrcodeFree> raw(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (!raw) {
    int err = errno;
    if (err == ERANGE)
      return fail("qr.too_long", "The text (" + std::to_string(text.size()) +
                                     " bytes) does not fit in a QR code at error correction "
                                     "level M.");
    return fail("qr.failed", std::string("libqrencode could not make the QR code: ") +
                                 (err != 0 ? std::strerror(err) : "unknown error") + ".");
  }

  QrCode code;
  code.version = raw->version;
  code.size = raw->width;
  const auto count = static_cast<std::size_t>(code.size) * static_cast<std::size_t>(code.size);
  code.modules.resize(count);
  // libqrencode packs several flags into each byte; bit 0 is the module's colour.
  for (std::size_t i = 0; i < count; ++i) code.modules[i] = raw->data[i] & 1u;
  return code;
}

// ---------------------------------------------------------------------------------------------
// Grayscale image and PNG

GrayImage render_qr(const QrCode& code, int module_px) {
  module_px = std::max(module_px, 1);
  const int modules_per_side = code.size + 2 * kQuietZoneModules;
  GrayImage image;
  image.width = modules_per_side * module_px;
  image.height = image.width;
  image.pixels.assign(
      static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height), 255);
  for (int y = 0; y < code.size; ++y) {
    for (int x = 0; x < code.size; ++x) {
      if (!code.dark(x, y)) continue;
      const int px0 = (x + kQuietZoneModules) * module_px;
      const int py0 = (y + kQuietZoneModules) * module_px;
      for (int py = py0; py < py0 + module_px; ++py) {
        auto row = image.pixels.begin() +
                   static_cast<std::ptrdiff_t>(py) * static_cast<std::ptrdiff_t>(image.width);
        std::fill(row + px0, row + px0 + module_px, std::uint8_t{0});
      }
    }
  }
  return image;
}

namespace {

// Where libpng's callbacks put the encoded bytes and, on failure, libpng's message.
struct PngSink {
  std::string bytes;
  std::string error;
};

void png_on_write(png_structp png, png_bytep data, png_size_t length) {
  // An exception must not unwind through libpng's C frames, so it becomes a libpng error.
  bool appended = true;
  try {
    static_cast<PngSink*>(png_get_io_ptr(png))
        ->bytes.append(reinterpret_cast<const char*>(data), length);
  } catch (const std::bad_alloc&) {
    appended = false;
  }
  if (!appended) png_error(png, "out of memory");
}

void png_on_flush(png_structp) {}

// libpng's own handler would print to stderr; keep the message for the Error instead.
[[noreturn]] void png_on_error(png_structp png, png_const_charp message) {
  static_cast<PngSink*>(png_get_error_ptr(png))->error = message ? message : "unknown error";
  png_longjmp(png, 1);
}

void png_on_warning(png_structp, png_const_charp) {}

// Encodes into sink.bytes; false with sink.error set on failure. libpng reports errors by
// longjmp, so this function holds no objects with destructors and changes no locals that are
// read after the jump.
bool encode_png(const GrayImage& image, PngSink& sink) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, png_on_error, png_on_warning);
  if (!png) {
    sink.error = "out of memory";
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    sink.error = "out of memory";
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, &sink, png_on_write, png_on_flush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width),
               static_cast<png_uint_32>(image.height), 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < image.height; ++y)
    png_write_row(png, image.pixels.data() +
                           static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

Result<std::string> png_bytes(const GrayImage& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() !=
          static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height))
    return fail("qr.bad_image", "The image is " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " but has " +
                                    std::to_string(image.pixels.size()) + " pixels.");
  PngSink sink;
  if (!encode_png(image, sink))
    return fail("qr.png_failed", "Could not encode the image as PNG: " + sink.error + ".");
  return std::move(sink.bytes);
}

Result<void> write_png(const GrayImage& image, const std::filesystem::path& path) {
  auto bytes = png_bytes(image);
  if (!bytes)
    return fail(bytes.error().code, "Cannot save " + path.string() + ": " + bytes.error().message);
  return write_file_atomically(path, *bytes);
}

// ---------------------------------------------------------------------------------------------
// SVG

std::string qr_svg(const QrCode& code) {
  const std::string n = std::to_string(code.size + 2 * kQuietZoneModules);
  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\">\n";
  svg += "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>\n";
  // One rectangle per horizontal run of dark modules keeps the path short; crispEdges stops
  // renderers from anti-aliasing the seams between neighbouring runs into grey lines.
  svg += "<path fill=\"#000\" d=\"";
  for (int y = 0; y < code.size; ++y) {
    for (int x = 0; x < code.size;) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (code.dark(x + run, y)) ++run;
      const std::string len = std::to_string(run);
      svg.append("M").append(std::to_string(x + kQuietZoneModules));
      svg.append(" ").append(std::to_string(y + kQuietZoneModules));
      svg.append("h").append(len).append("v1h-").append(len).append("z");
      x += run;
    }
  }
  svg += "\"/>\n</svg>\n";
  return svg;
}

Result<void> write_svg(const QrCode& code, const std::filesystem::path& path) {
  return write_file_atomically(path, qr_svg(code));
}

// ---------------------------------------------------------------------------------------------
// Terminal

// Terminals are usually light text on a dark background, and what a block character paints is
// the text colour. So light modules (and the quiet zone) are drawn as blocks and dark modules as
// spaces: the terminal background shows through as the dark modules, and the code reads with
// normal polarity, which every phone scanner decodes. (On a dark-on-light terminal the code
// comes out inverted, which many scanners do not read; the kiosk's CLI runs on a dark console.)
//
// Each text line carries two module rows, since a character cell is about twice as tall as it
// is wide: U+2588 FULL BLOCK = both light, U+2580 UPPER HALF BLOCK = only the upper light,
// U+2584 LOWER HALF BLOCK = only the lower light, space = both dark. The symbol plus quiet zone
// has an odd number of rows, so the last line's lower half lies beyond the quiet zone and is
// drawn light, as more quiet zone. Lines end with '\n'.
std::string qr_terminal(const QrCode& code) {
  const int side = code.size + 2 * kQuietZoneModules;
  auto light = [&](int col, int row) {
    return !code.dark(col - kQuietZoneModules, row - kQuietZoneModules);
  };
  std::string out;
  for (int row = 0; row < side; row += 2) {
    for (int col = 0; col < side; ++col) {
      const bool upper = light(col, row);
      const bool lower = row + 1 >= side || light(col, row + 1);
      if (upper && lower)
        out += "\u2588";
      else if (upper)
        out += "\u2580";
      else if (lower)
        out += "\u2584";
      else
        out += ' ';
    }
    out += '\n';
  }
  return out;
}

}  // namespace sichtbar
