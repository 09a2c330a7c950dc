// The one translation unit that knows the configured asset folder, so that changing it (or
// building a second tree elsewhere) recompiles one file, not every user of the domain library.
#include "domain/assets.h"

namespace sichtbar {

std::filesystem::path default_asset_dir() { return SICHTBAR_DEFAULT_ASSET_DIR; }

}  // namespace sichtbar
