// The QR code a participant takes home: the profile link, its encoding, and its renderings for
// the screen (grayscale image / PNG), for print (SVG) and for the headless CLI (terminal text).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar {

// The profile link a QR code carries: base URL without trailing slashes + "/p/" + token.
// The token is base64url (URL-safe by construction), so it is inserted as is.
std::string profile_url(std::string_view profile_base_url, std::string_view profile_token);
// The same with "?lang=<locale>" appended: the hub shows its "your profile is on its way" page
// in the person's language before it has their record (it ignores a language it does not know
// and shows German). locale is a UI language code ("ar", "ti"): URL-safe as it is. Eight more
// characters keep the QR code small.
std::string profile_url(std::string_view profile_base_url, std::string_view profile_token,
                        std::string_view locale);

struct QrCode {
  int version = 0;                    // 1..40
  int size = 0;                       // modules per side, without the quiet zone (17 + 4 * version)
  std::vector<std::uint8_t> modules;  // size * size, row-major, 1 = dark
  // Whether module (x, y) is dark; anything outside the symbol (e.g. the quiet zone) is light.
  bool dark(int x, int y) const;
};

// Encodes text byte for byte (8-bit mode, so case and any UTF-8 survive) at error correction
// level M, in the smallest version that holds it. Errors: "qr.too_long" (more than 2331 bytes)
// and "qr.failed" (empty text, out of memory).
Result<QrCode> encode_qr(std::string_view text);

// Light modules around the symbol that scanners need to find it (ISO/IEC 18004 asks for 4).
inline constexpr int kQuietZoneModules = 4;

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height, row-major, 0 = black, 255 = white
};

// Draws the code with module_px pixels per module (at least 1), including the quiet zone on
// every side: (size + 2 * kQuietZoneModules) * module_px pixels square.
GrayImage render_qr(const QrCode& code, int module_px);

// The image as an 8-bit grayscale PNG file's bytes, in memory (a printed slip never touches
// the disk). Errors: "qr.bad_image" (pixels do not match width * height), "qr.png_failed".
Result<std::string> png_bytes(const GrayImage& image);

// Saves the image as an 8-bit grayscale PNG, atomically (see write_file_atomically). Errors:
// "qr.bad_image" (pixels do not match width * height), "qr.png_failed", "file.write_failed".
Result<void> write_png(const GrayImage& image, const std::filesystem::path& path);

// A standalone SVG document: viewBox "0 0 N N" in modules with N = size + 2 * quiet zone, a
// white background rect and one <path> covering the dark modules. It has no width/height, so it
// scales to whatever box it is placed in.
std::string qr_svg(const QrCode& code);

// Saves qr_svg(code), atomically (see write_file_atomically).
Result<void> write_svg(const QrCode& code, const std::filesystem::path& path);

// The code as UTF-8 text for a terminal, two module rows per line (see qr.cpp for the exact
// convention: light modules are drawn as block characters, dark modules as spaces).
std::string qr_terminal(const QrCode& code);

}  // namespace sichtbar
