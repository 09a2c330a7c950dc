// The built-in occupation list; see occupations.h.
#include "domain/occupations.h"

#include <fstream>

#include <nlohmann/json.hpp>

namespace sichtbar {

Result<OccupationList> OccupationList::load(const std::filesystem::path& assets_dir) {
  const auto file = assets_dir / "taxonomy" / "occupations.json";
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!in || json.is_discarded() || !json.contains("occupations") ||
      !json["occupations"].is_array())
    return fail("taxonomy.unreadable",
                "The occupation list " + file.string() +
                    " is missing or broken: reinstall the assets folder.");
  OccupationList list;
  for (const auto& o : json["occupations"]) {
    if (!o.is_object() || !o.contains("code") || !o["code"].is_string())
      return fail("taxonomy.unreadable", "The occupation list " + file.string() +
                                             " has an entry without a code: reinstall the "
                                             "assets folder.");
    list.occupations_.push_back({o.value("code", ""), o.value("de", ""), o.value("en", "")});
  }
  return list;
}

const Occupation* OccupationList::find(std::string_view code) const {
  for (const Occupation& o : occupations_)
    if (o.code == code) return &o;
  return nullptr;
}

std::string OccupationList::name(std::string_view code, std::string_view language) const {
  const Occupation* o = find(code);
  if (!o) return std::string(code);
  return language == "de" ? o->de : o->en;
}

}  // namespace sichtbar
