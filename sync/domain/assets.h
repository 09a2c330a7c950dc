// Where forms, catalogues and the other assets are found: --assets (or a setting), else
// $SICHTBAR_ASSETS, else <directory of the executable>/../share/sichtbar (an installed program:
// /usr/bin -> /usr/share/sichtbar), else the source tree's assets/ for a program run from its
// build tree (SICHTBAR_ASSET_DIR at configure time). The order is base/asset_lookup.h's.
#pragma once

#include <filesystem>
#include <functional>

#include "base/error.h"

namespace sichtbar {

// The assets folder by that order; "assets.not_found" names the places looked in.
Result<std::filesystem::path> locate_assets(
    const std::filesystem::path& given = {},
    const std::function<const char*(const char*)>& getenv_fn = {});

// The source tree's assets/, for tests and benchmarks that read the committed files.
std::filesystem::path default_asset_dir();

}  // namespace sichtbar
