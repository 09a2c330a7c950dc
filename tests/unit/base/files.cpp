// Whole-file reads (base/files.h): a form, a bundle from a USB stick or a receipt is read whole,
// with every byte, and a wrong path (a folder, nothing there) is told apart from an empty file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "base/files.h"
#include "support/temp_dir.h"

using namespace sichtbar;
namespace fs = std::filesystem;

TEST_CASE("read_whole_file gives every byte, NULs and invalid UTF-8 included") {
  test::TempDir dir;
  const std::string bytes("SBND\0\x01\xff\xfe tail", 13);
  test::write_file(dir / "x.bundle", bytes);
  const auto read = read_whole_file(dir / "x.bundle");
  REQUIRE(read);
  CHECK(*read == bytes);

  test::write_file(dir / "empty", "");
  const auto empty = read_whole_file(dir / "empty");
  REQUIRE(empty);  // an empty file is a file: the caller's parser says what is wrong with it
  CHECK(empty->empty());
}

TEST_CASE("read_whole_file refuses a path that is missing or a folder") {
  test::TempDir dir;
  CHECK_FALSE(read_whole_file(dir / "no-such-receipt.json"));
  // An operator who names the stick's folder instead of the file on it.
  fs::create_directory(dir / "stick");
  CHECK_FALSE(read_whole_file(dir / "stick"));
}
