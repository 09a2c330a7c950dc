// Whole-file atomic writes (base/atomic_file.h): what a QR image, a screenshot, a USB bundle, a
// receipt and the hub's key files rely on. A reader, a pulled stick or a power cut sees the old
// file or the complete new one, never a torn mix, and no temporary file stays behind.
#include "base/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/temp_dir.h"

using namespace sichtbar;
namespace fs = std::filesystem;

namespace {

template <class T>
std::string code_of(const Result<T>& r) {
  return r ? "ok" : r.error().code;
}

std::vector<fs::path> names_in(const fs::path& dir) {
  std::vector<fs::path> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename());
  return names;
}

}  // namespace

TEST_CASE("write_file_atomically writes, replaces atomically and leaves no temporary file") {
  test::TempDir dir;
  const fs::path file = dir / "export.bundle";
  REQUIRE(write_file_atomically(file, as_bytes("first version")));
  CHECK(test::read_file(file) == "first version");

  // A reader that opened the old file keeps seeing it whole: the new one is renamed over it,
  // never written into it.
  std::ifstream old_reader(file, std::ios::binary);
  REQUIRE(write_file_atomically(file, as_bytes("second, longer version")));
  std::string seen((std::istreambuf_iterator<char>(old_reader)), std::istreambuf_iterator<char>());
  CHECK(seen == "first version");
  CHECK(test::read_file(file) == "second, longer version");

  REQUIRE(write_file_atomically(file, ByteView{}));
  CHECK(test::read_file(file).empty());

  CHECK(names_in(dir.path()) == std::vector<fs::path>{"export.bundle"});
}

TEST_CASE("write_file_atomically reports a folder it cannot write and leaves nothing behind") {
  test::TempDir dir;
  auto r = write_file_atomically(dir / "no-such-folder" / "x.bundle", as_bytes("data"));
  CHECK(code_of(r) == "file.write_failed");
  CHECK(r.error().message.find("no-such-folder") != std::string::npos);

  if (::geteuid() != 0) {  // root ignores directory permissions
    const fs::path locked = dir / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK(code_of(write_file_atomically(locked / "x.bundle", as_bytes("data"))) ==
          "file.write_failed");
    CHECK(fs::is_empty(locked));
  }

  // A folder in the way of the final name: the rename fails, the temp file is removed.
  fs::create_directory(dir / "taken");
  fs::create_directory(dir / "taken" / "inside");
  CHECK(code_of(write_file_atomically(dir / "taken", as_bytes("data"))) == "file.write_failed");
  for (const auto& e : fs::recursive_directory_iterator(dir.path()))
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  CHECK_FALSE(fs::exists(dir / "no-such-folder"));
}

TEST_CASE("write_file_atomically gives the file the mode asked for, owner-only by default") {
  test::TempDir dir;
  REQUIRE(write_file_atomically(dir / "kiosk-qr.png", as_bytes("personal")));
  CHECK((fs::status(dir / "kiosk-qr.png").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  REQUIRE(write_file_atomically(dir / "hub-public.json", as_bytes("{}"), {.mode = 0644}));
  CHECK((fs::status(dir / "hub-public.json").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
         fs::perms::others_read));
}

TEST_CASE("write_file_atomically without replace never overwrites a file that exists") {
  test::TempDir dir;
  const fs::path key = dir / "hub-secret.key";
  REQUIRE(write_file_atomically(key, as_bytes("the only key"), {.replace = false}));
  auto again = write_file_atomically(key, as_bytes("another key"), {.replace = false});
  CHECK(code_of(again) == "file.exists");
  CHECK(again.error().message.find(key.string()) != std::string::npos);
  CHECK(test::read_file(key) == "the only key");
  CHECK(names_in(dir.path()) == std::vector<fs::path>{"hub-secret.key"});
}
