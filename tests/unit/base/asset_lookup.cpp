// Where the programs find their assets (base/asset_lookup.h): an installed program reads the
// files installed beside it, never the checkout it was built from, and a developer's build reads
// the source tree's; a flag or $SICHTBAR_ASSETS overrides both.
#include "base/asset_lookup.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/temp_dir.h"

using namespace sichtbar;
namespace fs = std::filesystem;

namespace {

// A machine with an installed program (root/usr/bin/prog, its assets in root/usr/share/sichtbar)
// and a developer's build tree (root/src/assets, root/src/build/bin/prog).
struct Machine {
  test::TempDir root;
  fs::path installed_exe = root / "usr" / "bin" / "prog";
  fs::path installed_assets = root / "usr" / "share" / "sichtbar";
  fs::path build_dir = root / "src" / "build";
  fs::path build_exe = build_dir / "bin" / "prog";
  fs::path build_assets = root / "src" / "assets";
  const char* env = nullptr;  // $SICHTBAR_ASSETS

  Machine() {
    for (const auto& dir : {installed_assets / "forms", build_assets / "forms",
                            installed_exe.parent_path(), build_exe.parent_path()})
      fs::create_directories(dir);
    test::write_file(installed_exe, "");
    test::write_file(build_exe, "");
  }
  AssetLookup lookup(const fs::path& exe) const {
    AssetLookup l;
    l.getenv_fn = [this](const char* name) {
      return std::string(name) == "SICHTBAR_ASSETS" ? env : nullptr;
    };
    l.executable = exe;
    l.marker = "forms";
    l.build_dir = build_dir;
    l.build_assets = build_assets;
    return l;
  }
};

}  // namespace

TEST_CASE("an installed program finds the assets installed beside it") {
  Machine m;
  auto found = find_assets(m.lookup(m.installed_exe));
  REQUIRE(found);
  CHECK(*found == m.installed_assets);
}

TEST_CASE("a program in its build tree reads the source tree's assets") {
  Machine m;
  fs::remove_all(m.root / "usr" / "share");
  auto found = find_assets(m.lookup(m.build_exe));
  REQUIRE(found);
  CHECK(*found == m.build_assets);
}

TEST_CASE("a flag, then $SICHTBAR_ASSETS, come before the installed assets") {
  Machine m;
  const std::string elsewhere = (m.root / "elsewhere").string();
  m.env = elsewhere.c_str();
  auto lookup = m.lookup(m.installed_exe);
  auto by_env = find_assets(lookup);
  REQUIRE(by_env);
  CHECK(*by_env == m.root / "elsewhere");
  lookup.given = m.root / "flag";
  auto by_flag = find_assets(lookup);
  REQUIRE(by_flag);
  CHECK(*by_flag == m.root / "flag");
}

TEST_CASE("an installed program without its assets says where it looked, not at the checkout") {
  Machine m;
  // An empty share/sichtbar (a half-removed package) is not taken for the assets either.
  fs::remove_all(m.installed_assets / "forms");
  auto found = find_assets(m.lookup(m.installed_exe));
  REQUIRE_FALSE(found);
  CHECK(found.error().code == "assets.not_found");
  CHECK_THAT(found.error().message, Catch::Contains(m.installed_assets.string()));
  CHECK_THAT(found.error().message, Catch::Contains("--assets"));
  CHECK_THAT(found.error().message, Catch::Contains("$SICHTBAR_ASSETS"));
  CHECK_THAT(found.error().message, !Catch::Contains(m.build_assets.string()));
}
