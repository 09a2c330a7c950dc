// Reading the built-in occupation list; see occupations.h.
#include "core/occupations.h"

#include <fstream>

#include <nlohmann/json.hpp>

namespace sichtbar {

Result<std::vector<Occupation>> load_occupations(const std::filesystem::path& assets_dir) {
  const auto file = assets_dir / "taxonomy" / "occupations.json";
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!in || json.is_discarded() || !json.contains("occupations") ||
      !json["occupations"].is_array())
    return fail("taxonomy.unreadable",
                "The occupation list " + file.string() +
                    " is missing or broken: reinstall Sichtbar's assets folder.");
  std::vector<Occupation> list;
  for (const auto& o : json["occupations"])
    if (o.is_object()) list.push_back({o.value("code", ""), o.value("de", ""), o.value("en", "")});
  return list;
}

const Occupation* find_occupation(const std::vector<Occupation>& list, std::string_view code) {
  for (const Occupation& o : list)
    if (o.code == code) return &o;
  return nullptr;
}

}  // namespace sichtbar
