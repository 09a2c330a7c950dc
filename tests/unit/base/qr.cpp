// Unit tests for the participant's QR code: what a phone reads back from the screen image, the
// PNG, the SVG and the terminal, and what happens when the file cannot be written.
#define ZX_USE_UTF8 1  // Result::text()/ecLevel() as UTF-8 std::string (ZXing 1.4 transition)

#include "base/qr.h"

#include <ZXing/ReadBarcode.h>
#include <grp.h>
#include <png.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace fs = std::filesystem;
using namespace sichtbar;
using sichtbar::test::TempDir;

namespace {

// 22 base64url characters, as the hub issues them (16 random bytes).
const std::string kToken = "q3Zr0-Xb_7LmN2pQaT9wYc";
const std::string kHubUrl = "https://hub.example.org/p/" + kToken;
const std::string kLocalUrl = "http://127.0.0.1:8470/p/" + kToken;

// Byte-mode capacity at error correction level M for versions 1..40 (ISO/IEC 18004, table 7),
// an oracle independent of libqrencode. Index 0 is unused.
constexpr std::array<int, 41> kByteCapacityM = {
    0,    14,   26,   42,   62,   84,   106,  122,  152,  180,  213,  251,  287,  331,
    362,  412,  450,  504,  560,  624,  666,  711,  779,  857,  911,  997,  1059, 1125,
    1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331};

// Index of (x, y) in a row-major grid of the given width, and the number of cells of a grid.
std::size_t at(int x, int y, int width) {
  return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
         static_cast<std::size_t>(x);
}
std::size_t area(int width, int height) {
  return static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
}

struct Decoded {
  bool valid = false;
  std::string bytes;  // the raw content, without any character set guessing
  std::string ec_level;
};

Decoded decode(const GrayImage& image) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode(
      ZXing::ImageView(image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum),
      hints);
  Decoded d;
  d.valid = result.isValid();
  d.bytes.assign(result.bytes().begin(), result.bytes().end());
  d.ec_level = result.ecLevel();
  return d;
}

QrCode must_encode(const std::string& text) {
  auto code = encode_qr(text);
  INFO((code ? "" : code.error().code + ": " + code.error().message));
  REQUIRE(code);
  return *code;
}

int side_with_quiet_zone(const QrCode& code) { return code.size + 2 * kQuietZoneModules; }

// A module grid (1 = dark) including the quiet zone, drawn as pixels for ZXing.
GrayImage image_from_grid(const std::vector<std::uint8_t>& grid, int side, int module_px) {
  GrayImage image;
  image.width = image.height = side * module_px;
  image.pixels.resize(area(image.width, image.height));
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      image.pixels[at(x, y, image.width)] = grid[at(x / module_px, y / module_px, side)] ? 0 : 255;
  return image;
}

// The code's modules with the quiet zone around them, in the same layout as image_from_grid.
std::vector<std::uint8_t> grid_with_quiet_zone(const QrCode& code) {
  const int side = side_with_quiet_zone(code);
  std::vector<std::uint8_t> grid(area(side, side), 0);
  for (int y = 0; y < code.size; ++y)
    for (int x = 0; x < code.size; ++x)
      grid[at(x + kQuietZoneModules, y + kQuietZoneModules, side)] = code.dark(x, y) ? 1 : 0;
  return grid;
}

// Reads a PNG with libpng's simplified API as 8-bit gray.
GrayImage read_png(const fs::path& path) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  REQUIRE(png_image_begin_read_from_file(&png, path.c_str()) != 0);
  png.format = PNG_FORMAT_GRAY;
  GrayImage image;
  image.width = static_cast<int>(png.width);
  image.height = static_cast<int>(png.height);
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  REQUIRE(png_image_finish_read(&png, nullptr, image.pixels.data(), 0, nullptr) != 0);
  return image;
}

// True if a temporary file of an atomic write of path ("<name>.tmp-XXXXXX") was left behind.
bool temp_left(const fs::path& path) {
  for (const auto& e : fs::directory_iterator(path.parent_path()))
    if (e.path().filename().string().starts_with(path.filename().string() + ".tmp")) return true;
  return false;
}

bool exists_with_tmp(const fs::path& path) { return fs::exists(path) || temp_left(path); }

void check_screen_round_trip(const std::string& url) {
  INFO(url);
  const QrCode code = must_encode(url);

  const Decoded d = decode(render_qr(code, 4));
  REQUIRE(d.valid);
  CHECK(d.bytes == url);
  // M recovers from ~15% damage (a scratched screen, a creased printout); better is fine too.
  CHECK((d.ec_level == "M" || d.ec_level == "Q" || d.ec_level == "H"));

  // The smallest version: the link does not fit in the version below, and the size matches.
  const int n = static_cast<int>(url.size());
  REQUIRE(code.version >= 1);
  REQUIRE(code.version <= 40);
  CHECK(n <= kByteCapacityM[static_cast<std::size_t>(code.version)]);
  CHECK(n > kByteCapacityM[static_cast<std::size_t>(code.version - 1)]);
  CHECK(code.size == 17 + 4 * code.version);
  CHECK(code.modules.size() == area(code.size, code.size));
}

}  // namespace

TEST_CASE("profile_url joins base and token with exactly one slash") {
  CHECK(profile_url("https://hub.example.org", kToken) == kHubUrl);
  CHECK(profile_url("https://hub.example.org/", kToken) == kHubUrl);
  CHECK(profile_url("https://hub.example.org///", kToken) == kHubUrl);
  CHECK(profile_url("http://127.0.0.1:8470/", kToken) == kLocalUrl);
  CHECK(profile_url("https://example.org/sichtbar/", "abc") ==
        "https://example.org/sichtbar/p/abc");
}

TEST_CASE("profile_url with a language appends it as the lang query parameter") {
  CHECK(profile_url("https://hub.example.org/", kToken, "ar") == kHubUrl + "?lang=ar");
  CHECK(profile_url("http://127.0.0.1:8470", kToken, "ti") == kLocalUrl + "?lang=ti");
  // The language costs at most one QR version step over the bare link.
  CHECK(must_encode(kHubUrl + "?lang=ti").version <= must_encode(kHubUrl).version + 1);
}

TEST_CASE("a phone reads the profile link from the screen image byte for byte") {
  // The last one checks that case and non-ASCII bytes survive (an internationalised path).
  for (const std::string& url :
       {kHubUrl, kLocalUrl, std::string("https://hub.example.org/p/Ab\xC3\xA4\xC3\x9F")}) {
    check_screen_round_trip(url);
  }
}

TEST_CASE("encode_qr picks the smallest version at every capacity boundary") {
  for (int v = 1; v <= 40; ++v) {
    INFO("version " << v);
    const auto cap = static_cast<std::size_t>(kByteCapacityM[static_cast<std::size_t>(v)]);
    CHECK(must_encode(std::string(cap, 'a')).version == v);
    if (v < 40) CHECK(must_encode(std::string(cap + 1, 'a')).version == v + 1);
  }
}

TEST_CASE("encode_qr refuses empty and overlong text with a clear error") {
  auto too_long = encode_qr(std::string(2332, 'a'));
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().code == "qr.too_long");
  CHECK_THAT(too_long.error().message, Catch::Contains("2332") && Catch::Contains("2331"));

  auto empty = encode_qr("");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().code == "qr.failed");
  CHECK_FALSE(empty.error().message.empty());
}

TEST_CASE("the rendered image has a white quiet zone of 4 modules on every side") {
  const QrCode code = must_encode(kHubUrl);
  const int px = 3;
  const GrayImage image = render_qr(code, px);
  REQUIRE(image.width == side_with_quiet_zone(code) * px);
  REQUIRE(image.height == image.width);
  REQUIRE(image.pixels.size() == area(image.width, image.height));

  const int band = kQuietZoneModules * px;
  int non_white = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const bool in_band =
          x < band || y < band || x >= image.width - band || y >= image.height - band;
      if (in_band && image.pixels[at(x, y, image.width)] != 255) ++non_white;
    }
  CHECK(non_white == 0);
  // Right inside the quiet zone starts the black top-left finder pattern.
  CHECK(image.pixels[at(band, band, image.width)] == 0);
  // Only pure black and white: no grey edges that a cheap camera would blur further.
  CHECK(std::all_of(image.pixels.begin(), image.pixels.end(),
                    [](std::uint8_t p) { return p == 0 || p == 255; }));
}

TEST_CASE("the written PNG is 8-bit gray and decodes to the profile link") {
  TempDir dir;
  const fs::path png = dir / "qr.png";
  const QrCode code = must_encode(kHubUrl);
  const GrayImage image = render_qr(code, 4);

  auto written = write_png(image, png);
  INFO((written ? "" : written.error().message));
  REQUIRE(written);
  CHECK_FALSE(temp_left(dir / "qr.png"));

  // IHDR directly after the 8-byte signature: bit depth at byte 24, colour type (0 = gray) at 25.
  const std::string bytes = sichtbar::test::read_file(png);
  REQUIRE(bytes.size() > 26);
  CHECK(bytes.compare(1, 3, "PNG") == 0);
  CHECK(static_cast<int>(bytes[24]) == 8);
  CHECK(static_cast<int>(bytes[25]) == 0);

  const GrayImage back = read_png(png);
  CHECK(back.width == image.width);
  CHECK(back.height == image.height);
  CHECK(back.pixels == image.pixels);
  const Decoded d = decode(back);
  REQUIRE(d.valid);
  CHECK(d.bytes == kHubUrl);

  // A second, independent decoder, if Debian's zbar-tools is installed.
  const std::string zbarimg = "/usr/bin/zbarimg";
  if (fs::exists(zbarimg)) {
    auto r = sichtbar::test::run({zbarimg, "--raw", "--quiet", png.string()});
    INFO("zbarimg stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == kHubUrl + "\n");
  } else {
    WARN("zbarimg check skipped: " << zbarimg << " not found (apt install zbar-tools)");
  }
}

TEST_CASE("the SVG draws exactly the code's dark modules inside the quiet zone") {
  const QrCode code = must_encode(kLocalUrl);
  const std::string svg = qr_svg(code);
  const int side = side_with_quiet_zone(code);
  const std::string n = std::to_string(side);

  CHECK_THAT(svg, Catch::StartsWith("<?xml"));
  CHECK_THAT(svg, Catch::Contains("viewBox=\"0 0 " + n + " " + n + "\""));
  CHECK_THAT(svg, Catch::Contains("shape-rendering=\"crispEdges\""));
  CHECK_THAT(svg,
             Catch::Contains("<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>"));
  CHECK_THAT(svg, Catch::EndsWith("</svg>\n"));

  // Exactly one path; rebuild the module grid from its rectangles.
  const auto first = svg.find("<path");
  REQUIRE(first != std::string::npos);
  CHECK(svg.find("<path", first + 1) == std::string::npos);
  const std::regex path_re(R"re(<path fill="#000" d="([^"]*)"/>)re");
  std::smatch path_match;
  REQUIRE(std::regex_search(svg, path_match, path_re));
  const std::string d = path_match[1].str();

  std::vector<std::uint8_t> grid(area(side, side), 0);
  const std::regex run_re(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  std::size_t consumed = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run_re); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    REQUIRE(static_cast<std::size_t>(m.position(0)) == consumed);  // nothing unparsed between
    consumed += static_cast<std::size_t>(m.length(0));
    const int x = std::stoi(m[1]), y = std::stoi(m[2]), len = std::stoi(m[3]);
    REQUIRE(m[3] == m[4]);
    REQUIRE(x >= 0);
    REQUIRE(x + len <= side);
    REQUIRE(y >= 0);
    REQUIRE(y < side);
    for (int i = 0; i < len; ++i) {
      auto& cell = grid[at(x + i, y, side)];
      REQUIRE(cell == 0);  // no module painted twice
      cell = 1;
    }
  }
  CHECK(consumed == d.size());
  CHECK(grid == grid_with_quiet_zone(code));

  // A renderer would show the same code: decode the reconstructed grid.
  const Decoded decoded = decode(image_from_grid(grid, side, 4));
  REQUIRE(decoded.valid);
  CHECK(decoded.bytes == kLocalUrl);

  TempDir dir;
  auto written = write_svg(code, dir / "qr.svg");
  INFO((written ? "" : written.error().message));
  REQUIRE(written);
  CHECK(sichtbar::test::read_file(dir / "qr.svg") == svg);
  CHECK_FALSE(temp_left(dir / "qr.svg"));
}

TEST_CASE("the terminal rendering decodes to the profile link on a dark terminal") {
  const QrCode code = must_encode(kHubUrl);
  const std::string text = qr_terminal(code);
  const int side = side_with_quiet_zone(code);

  // Convention (see qr.cpp): blocks are light, spaces dark; upper/lower half per module row.
  const std::string full = "\u2588", upper = "\u2580", lower = "\u2584";
  std::vector<std::uint8_t> grid;  // 1 = dark, rows appended two at a time
  int lines = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    REQUIRE(end != std::string::npos);  // every line ends with a newline
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++lines;
    std::vector<std::uint8_t> top, bottom;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        top.push_back(1);
        bottom.push_back(1);
        ++i;
        continue;
      }
      const std::string ch = line.substr(i, 3);
      REQUIRE((ch == full || ch == upper || ch == lower));
      top.push_back(ch == lower ? 1 : 0);
      bottom.push_back(ch == upper ? 1 : 0);
      i += 3;
    }
    REQUIRE(static_cast<int>(top.size()) == side);
    grid.insert(grid.end(), top.begin(), top.end());
    grid.insert(grid.end(), bottom.begin(), bottom.end());
  }
  CHECK(lines == (side + 1) / 2);
  // The odd last half row lies beyond the quiet zone and must be light, then is dropped.
  REQUIRE(grid.size() == area(side, side + 1));
  CHECK(std::all_of(grid.end() - side, grid.end(), [](std::uint8_t c) { return c == 0; }));
  grid.resize(area(side, side));
  CHECK(grid == grid_with_quiet_zone(code));

  const Decoded d = decode(image_from_grid(grid, side, 4));
  REQUIRE(d.valid);
  CHECK(d.bytes == kHubUrl);
}

namespace {

struct WriteAttempt {
  bool ran = false;  // false: the attempt could not be made (reason in message)
  bool ok = false;
  std::string message;
};

// Root ignores directory permissions, so when the tests run as root (as in a container) the
// write happens in a child process that has dropped to the user "nobody".
WriteAttempt write_png_unprivileged(const GrayImage& image, const fs::path& path) {
  if (geteuid() != 0) {
    auto r = write_png(image, path);
    return {true, bool(r), r ? "" : r.error().message};
  }
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    std::string report;
    if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) {
      report = "S cannot drop root privileges";
    } else {
      auto r = write_png(image, path);
      report = r ? "O" : "E" + r.error().message;
    }
    ssize_t ignored = write(fds[1], report.data(), report.size());
    (void)ignored;
    _exit(0);
  }
  close(fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    report.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE_FALSE(report.empty());
  if (report[0] == 'S') return {false, false, report.substr(2)};
  return {true, report[0] == 'O', report.substr(1)};
}

// Lowers the file size limit for this process, so that writes fail as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails (EFBIG)
    rlimit lower = saved_;
    lower.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &lower);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("write_png into a read-only directory names the file and leaves nothing behind") {
  TempDir dir;
  const fs::path readonly = dir / "readonly";
  fs::create_directory(readonly);
  // "nobody" must be able to reach the directory to find out that it is read-only.
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(readonly, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec);
  const fs::path png = readonly / "qr.png";

  const WriteAttempt attempt = write_png_unprivileged(render_qr(must_encode(kHubUrl), 4), png);
  if (!attempt.ran) {
    WARN("read-only directory check skipped: " << attempt.message);
    return;
  }
  CHECK_FALSE(attempt.ok);
  CHECK_THAT(attempt.message, Catch::Contains(png.string()));
  CHECK_THAT(attempt.message, Catch::Contains("Permission denied"));
  CHECK(fs::is_empty(readonly));
}

TEST_CASE("a full disk while writing the PNG keeps the previous file and leaves no partial one") {
  TempDir dir;
  const fs::path png = dir / "qr.png";
  REQUIRE(write_png(render_qr(must_encode(kLocalUrl), 2), png));
  const std::string previous = sichtbar::test::read_file(png);

  Result<void> r;
  {
    // Enough for the PNG signature and header, not for the image data.
    FileSizeLimit limit(40);
    r = write_png(render_qr(must_encode(kHubUrl), 4), png);
  }
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "file.write_failed");
  CHECK_THAT(r.error().message, Catch::Contains(png.string()));
  CHECK(sichtbar::test::read_file(png) == previous);
  CHECK_FALSE(temp_left(dir / "qr.png"));
}

TEST_CASE("write_png rejects an image whose pixels do not match its size") {
  TempDir dir;
  GrayImage image;
  image.width = 10;
  image.height = 10;
  image.pixels.assign(99, 255);
  auto r = write_png(image, dir / "bad.png");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "qr.bad_image");
  CHECK_THAT(r.error().message, Catch::Contains("bad.png"));
  CHECK_FALSE(exists_with_tmp(dir / "bad.png"));
}
