// The built-in occupation list (assets/taxonomy/occupations.json: ISCO-08 unit codes with
// German and English labels) until the ESCO reference data arrives. The kiosk's picker and the
// hub's office pages read it through here.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/error.h"

namespace sichtbar {

struct Occupation {
  std::string code, de, en;
};

// Error "taxonomy.unreadable" names the file.
Result<std::vector<Occupation>> load_occupations(const std::filesystem::path& assets_dir);

// The German label of a code, or nullptr if the list has none.
const Occupation* find_occupation(const std::vector<Occupation>& list, std::string_view code);

}  // namespace sichtbar
