// End-to-end tests of the platform layer: sichtbar-platform-smoke in a real X server (Xvfb) with
// Mesa's llvmpipe, driven by an input script: taps count, a drag does not, the screenshot shows
// the screen, and an idle kiosk draws nothing and costs (almost) no CPU.
// Without xvfb-run these tests fail, saying what to install: they never skip silently.
#include <png.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace fs = std::filesystem;
using namespace sichtbar::test;

namespace {

// The xvfb-run on $PATH, or "" when there is none.
std::string find_xvfb_run() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / "xvfb-run";
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// Runs the smoke app under a fresh Xvfb (a 1920x1080 screen, as the kiosk's) with the given
// arguments. xvfb-run -a can lose a race for a display number against another test starting
// at the same moment: that (and only that) is retried.
RunResult run_smoke(const std::vector<std::string>& args,
                    const std::vector<std::string>& env = {}) {
  const std::string xvfb_run = find_xvfb_run();
  if (xvfb_run.empty()) {
    FAIL(
        "xvfb-run is not installed, so the GUI cannot be tested: install the Debian packages "
        "xvfb and xauth (deploy/sichtbar test installs them)");
  }
  std::vector<std::string> argv = {xvfb_run, "-a", "-s", "-screen 0 1920x1080x24",
                                   SICHTBAR_PLATFORM_SMOKE_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r;
  for (int attempt = 0; attempt < 3; ++attempt) {
    RunOptions options;
    options.env = env;
    r = run(argv, options);
    if (r.err.find("Xvfb failed to start") == std::string::npos) break;
  }
  INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

// The smoke app's report: "key: value" lines.
std::map<std::string, std::string> report(const std::string& out) {
  std::map<std::string, std::string> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const size_t colon = line.find(": ");
    if (colon != std::string::npos) lines[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return lines;
}

// A "name=value" field of a report line, e.g. field("seconds=3.0 frames=0", "frames").
double field(const std::string& line, const std::string& name) {
  const size_t at = line.find(name + "=");
  if (at == std::string::npos) return -1;
  return std::atof(line.c_str() + at + name.size() + 1);
}

struct Png {
  unsigned width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(unsigned x, unsigned y) const { return &rgb[(y * width + x) * 3]; }
};

Png read_png(const fs::path& file) {
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

}  // namespace

TEST_CASE("under Xvfb: two taps count, drags do not, and the screenshot shows the screen") {
  TempDir dir;
  const fs::path shot = dir / "shot.png";
  // The button covers x 0.25..0.75, y 0.30..0.55 of the window (tests/gui/smoke_screen.h).
  write_file(dir / "script.txt",
             "tap 0.5 0.42\n"
             "tap 0.5 0.42\n"
             "# starts on the button, moves 384 px (far past the drag threshold) and lifts on it:\n"
             "# ImGui's Button fires on that release, the screen must not count it as a tap\n"
             "drag 0.35 0.42 0.65 0.42\n"
             "# starts on the button and lifts outside it\n"
             "drag 0.5 0.42 0.5 0.9\n"
             "# the text field, typing, and a correction\n"
             "tap 0.5 0.69\n"
             "text Hallo Welt\n"
             "key Backspace\n"
             "screenshot " +
                 shot.string() +
                 "\n"
                 "quit\n");
  const RunResult r =
      run_smoke({"--windowed", "1280x800", "--input-script", (dir / "script.txt").string()});
  auto lines = report(r.out);
  INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
  CHECK(lines["script"] == "done");
  CHECK(lines["taps"] == "2");
  CHECK(lines["drags"] == "1");  // the drag that ended on the button: seen, and not a tap
  CHECK(lines["text"] == "Hallo Wel");
  CHECK(lines["hovered"] == "0");  // the lifted finger left nothing hovered

  REQUIRE(fs::exists(shot));
  const Png png = read_png(shot);
  CHECK(png.width == 1280);
  CHECK(png.height == 800);
  CHECK(lines["window"].starts_with("1280x800 drawable: 1280x800"));
  // Not one colour: the button (its centre) differs from the background (a corner).
  const unsigned char* button = png.at(640, 340);
  const unsigned char* background = png.at(5, 5);
  CHECK(std::memcmp(button, background, 3) != 0);
  size_t differing = 0;
  for (size_t i = 3; i < png.rgb.size(); i += 3) {
    if (std::memcmp(&png.rgb[i], &png.rgb[0], 3) != 0) ++differing;
  }
  CHECK(differing > 1000);
  // The mark (x, y 0.05 of the window, 0.05 of the height big) comes from atlas texels that the
  // before_upload hook filled after the atlas was built: amber means the hook's pixels reached
  // the GPU.
  const unsigned char* mark = png.at(static_cast<unsigned>(1280 * 0.05 + 800 * 0.025),
                                     static_cast<unsigned>(800 * 0.05 + 800 * 0.025));
  INFO("mark pixel " << int(mark[0]) << "," << int(mark[1]) << "," << int(mark[2]));
  CHECK(mark[0] >= 240);
  CHECK(mark[1] >= 170);
  CHECK(mark[1] <= 210);
  CHECK(mark[2] <= 20);
}

TEST_CASE("under Xvfb: fullscreen by default fills the screen; fonts can be rebuilt") {
  TempDir dir;
  write_file(dir / "script.txt", "screenshot " + (dir / "full.png").string() + "\nquit\n");
  // The script comes from the environment here, as an app whose options a test cannot set
  // would take it.
  const RunResult r =
      run_smoke({"--rebuild-fonts"}, {"SICHTBAR_INPUT_SCRIPT=" + (dir / "script.txt").string()});
  auto lines = report(r.out);
  INFO("stdout:\n" << r.out);
  CHECK(lines["script"] == "done");
  CHECK(lines["window"].starts_with("1920x1080 drawable: 1920x1080 ui_scale: 1.000"));
  const Png png = read_png(dir / "full.png");
  CHECK(png.width == 1920);
  CHECK(png.height == 1080);
  // The mark drawn from the second atlas: its hook's pixels were uploaded again.
  const unsigned char* mark = png.at(static_cast<unsigned>(1920 * 0.05 + 1080 * 0.025),
                                     static_cast<unsigned>(1080 * 0.05 + 1080 * 0.025));
  CHECK(mark[0] >= 240);
  CHECK(mark[2] <= 20);
}

TEST_CASE("under Xvfb: an idle kiosk draws no frames and uses under 0.5 % of one core") {
  TempDir dir;
  write_file(dir / "script.txt", "tap 0.5 0.42\n");
  // After the script, 1 s to settle, then 3 s measured without input.
  const RunResult r = run_smoke({"--windowed", "1280x800", "--input-script",
                                 (dir / "script.txt").string(), "--idle-seconds", "3"});
  auto lines = report(r.out);
  INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
  CHECK(lines["taps"] == "1");
  REQUIRE(lines.count("idle") == 1);
  const std::string& idle = lines["idle"];
  CHECK(field(idle, "seconds") >= 2.9);
  CHECK(field(idle, "frames") == 0);
  // Process CPU time (all threads, the GL driver's included) over the idle window, not wall
  // clock: a property of the loop, not a speed benchmark.
  const double percent = field(idle, "cpu_percent");
  CHECK(percent >= 0);
  CHECK(percent < 0.5);
}

TEST_CASE("under Xvfb: the caller's deadlines and wake() from another thread draw frames") {
  SECTION("a deadline every 500 ms (a countdown) draws a few frames each time, nothing between") {
    const RunResult r =
        run_smoke({"--windowed", "1280x800", "--tick-ms", "500", "--idle-seconds", "2"});
    auto lines = report(r.out);
    INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
    const double frames = field(lines["idle"], "frames");
    // About 4 deadlines in the 2 s window, 3 frames each; the bounds allow a loaded machine.
    CHECK(frames >= 3);
    CHECK(frames <= 3 * 6);
    CHECK(std::atoi(lines["ticks"].c_str()) >= 4);  // over the whole run (2 s + 1 s settling)
  }
  SECTION("wake() every 200 ms from another thread draws frames without input") {
    const RunResult r =
        run_smoke({"--windowed", "1280x800", "--wake-ms", "200", "--idle-seconds", "2"});
    auto lines = report(r.out);
    INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
    const double frames = field(lines["idle"], "frames");
    CHECK(frames >= 3);
    CHECK(frames <= 3 * 12);
    CHECK(std::atoi(lines["wakes"].c_str()) >= 10);
  }
}
