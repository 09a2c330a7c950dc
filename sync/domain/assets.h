// Where forms, catalogues and the other assets are found when neither a flag nor a setting names
// them: the source tree's assets/ in a build tree (SICHTBAR_ASSET_DIR at configure time).
#pragma once

#include <filesystem>

namespace sichtbar {

std::filesystem::path default_asset_dir();

}  // namespace sichtbar
