// Where a program finds its read-only files (forms, catalogues, pages' stylesheet, reference
// data) when installed from a package and when run from a developer's build tree: one order for
// the kiosk and the hub, so an installed program never reads the checkout it was built from.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/error.h"

namespace sichtbar {

struct AssetLookup {
  std::filesystem::path given;  // a flag or a setting (--assets); empty: none was given
  std::string environment = "SICHTBAR_ASSETS";
  std::function<const char*(const char*)> getenv_fn;  // empty: the process's environment
  std::filesystem::path executable;                   // empty: /proc/self/exe
  // <directory of the executable>/<installed> is taken when it holds `marker`.
  std::filesystem::path installed = "../share/sichtbar";
  std::filesystem::path marker;
  // The build tree's assets, taken only by an executable inside build_dir (a developer's build
  // and its tests); an installed copy of the same binary never falls back to them.
  std::filesystem::path build_dir, build_assets;
};

// The first of: `given`, $environment, the installed folder beside the executable, the build
// tree's. "assets.not_found" names every place looked in and how to name the right one.
Result<std::filesystem::path> find_assets(const AssetLookup& lookup);

}  // namespace sichtbar
