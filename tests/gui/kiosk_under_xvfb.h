// Test support for running the real `sichtbar-kiosk ui` under Xvfb (Mesa llvmpipe): a hub's
// keys and a kiosk set up to seal to them (as tests/integration/kiosk_cli.cpp sets them up),
// the run itself, and reading the PNG screenshots it takes. Without xvfb-run the tests fail,
// saying what to install: they never skip.
#pragma once

#include <png.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.h"
#include "support/usb_enrollment.h"

namespace sichtbar::test {

inline const std::string kHubPassphrase = "korrekt Pferd Batterie Heftklammer";
// The window every GUI run uses: fractions in the scripts are of this size, a tablet's 1280x800
// unless $SICHTBAR_SCREENSHOT_WINDOW names another ("1920x1080": the same screens at 1080p, for
// a design pass to look at; the scripts' taps are fractions of the height, which the layout
// scales with, and of the width, which a wider window mostly keeps).
inline std::pair<unsigned, unsigned> window_size() {
  const char* size = std::getenv("SICHTBAR_SCREENSHOT_WINDOW");
  unsigned w = 0, h = 0;
  if (size && std::sscanf(size, "%ux%u", &w, &h) == 2 && w > 0 && h > 0) return {w, h};
  return {1280, 800};
}
inline const unsigned kWindowWidth = window_size().first, kWindowHeight = window_size().second;

struct KioskUnderXvfb {
  TempDir tmp;
  std::filesystem::path hub_dir = tmp / "hub";
  std::filesystem::path data = tmp / "kiosk";

  // languages: the event's, in the order the welcome screen shows them.
  explicit KioskUnderXvfb(const std::string& languages = "de,ar,ps,ti") {
    const auto passphrase = tmp / "passphrase";
    write_file(passphrase, kHubPassphrase + "\n");
    ::chmod(passphrase.c_str(), 0600);
    auto init = run({SICHTBAR_HUB_BIN, "init", "--dir", hub_dir.string(), "--passphrase-file",
                     passphrase.string()});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    auto setup = run({SICHTBAR_KIOSK_BIN, "setup", "--data", data.string(), "--hub-key",
                      (hub_dir / "hub-public.json").string(), "--profile-base-url",
                      "http://127.0.0.1:8470", "--event-name", "Infoabend Augsburg",
                      "--event-date", "2026-11-28", "--venue", "Kolpinghaus", "--languages",
                      languages});
    INFO(setup.err);
    REQUIRE(setup.exit_code == 0);
    // Enrolled as a volunteer does it by USB stick: no person may start before.
    usb_enroll(data, {"--keys", hub_dir.string(), "--database", (tmp / "hub.db").string(),
                      "--passphrase-file", passphrase.string(), "--public-url",
                      "http://127.0.0.1:8470"});
  }

  // A program on PATH by name ("xvfb-run", "tesseract"), or "" when there is none.
  static std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return "";
  }
  static std::string find_xvfb_run() { return find_program("xvfb-run"); }

  // Runs `sichtbar-kiosk ui --windowed` in a fresh 1920x1080 Xvfb with the script; retries
  // only xvfb-run's lost race for a display number. It must end well.
  RunResult run_ui(const std::string& script, std::vector<std::string> extra = {},
                   std::vector<std::string> env = {}) {
    RunResult r = run_ui_as_it_ends(script, std::move(extra), std::move(env));
    INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return r;
  }
  // The same, however it ends (a test of a script that fails).
  RunResult run_ui_as_it_ends(const std::string& script, std::vector<std::string> extra = {},
                              std::vector<std::string> env = {}) {
    const std::string xvfb_run = find_xvfb_run();
    if (xvfb_run.empty())
      FAIL("xvfb-run is not installed, so the kiosk's screens cannot be tested: install the "
           "Debian packages xvfb and xauth (deploy/sichtbar test installs them)");
    const auto script_file = tmp / "script.txt";
    write_file(script_file, script);
    // $SICHTBAR_KIOSK_UNDER_TEST: another build's kiosk draws the screens (screenshots before
    // and after a design change); setup stays this build's.
    const char* other = std::getenv("SICHTBAR_KIOSK_UNDER_TEST");
    const std::string kiosk = other ? other : SICHTBAR_KIOSK_BIN;
    std::vector<std::string> argv = {xvfb_run, "-a", "-s", "-screen 0 1920x1080x24",
                                     kiosk, "ui", "--windowed", "--size",
                                     std::to_string(kWindowWidth) + "x" +
                                         std::to_string(kWindowHeight),
                                     "--data", data.string(), "--input-script",
                                     script_file.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunResult r;
    RunOptions options;
    options.env = std::move(env);
    for (int attempt = 0; attempt < 3; ++attempt) {
      r = run(argv, options);
      if (r.err.find("Xvfb failed to start") == std::string::npos) break;
    }
    return r;
  }
};

struct Png {
  unsigned width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(unsigned x, unsigned y) const { return &rgb[(y * width + x) * 3]; }
};

inline Png read_png(const std::filesystem::path& file) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  INFO("reading " << file);
  REQUIRE(png_image_begin_read_from_file(&image, file.c_str()));
  image.format = PNG_FORMAT_RGB;
  Png png;
  png.width = image.width;
  png.height = image.height;
  png.rgb.resize(PNG_IMAGE_SIZE(image));
  REQUIRE(png_image_finish_read(&image, nullptr, png.rgb.data(), 0, nullptr));
  return png;
}

// Share of pixels that differ from the top-left pixel (the background): a screen with words
// and buttons on it has a few percent at least; a blank or black frame has none.
inline double ink_share(const Png& png) {
  const unsigned char* bg = png.at(0, 0);
  std::size_t ink = 0;
  for (unsigned y = 0; y < png.height; ++y)
    for (unsigned x = 0; x < png.width; ++x)
      if (std::memcmp(png.at(x, y), bg, 3) != 0) ++ink;
  return static_cast<double>(ink) / (double(png.width) * double(png.height));
}

}  // namespace sichtbar::test
