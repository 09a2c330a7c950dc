// The one translation unit that knows the configured asset folder and the build tree, so that
// changing them (or building a second tree elsewhere) recompiles one file, not every user of the
// domain library.
#include "domain/assets.h"

#include "base/asset_lookup.h"

namespace sichtbar {

Result<std::filesystem::path> locate_assets(
    const std::filesystem::path& given,
    const std::function<const char*(const char*)>& getenv_fn) {
  AssetLookup lookup;
  lookup.given = given;
  lookup.getenv_fn = getenv_fn;
  lookup.marker = "forms";  // every program reads its form first
  lookup.build_dir = SICHTBAR_BUILD_DIR;
  lookup.build_assets = SICHTBAR_DEFAULT_ASSET_DIR;
  return find_assets(lookup);
}

std::filesystem::path default_asset_dir() { return SICHTBAR_DEFAULT_ASSET_DIR; }

}  // namespace sichtbar
