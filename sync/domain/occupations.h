// The built-in occupation list (assets/taxonomy/occupations.json: ISCO-08 unit codes with German
// and English labels) until the ESCO reference data arrives. The kiosk's picker offers it; the
// hub's pages name a chosen code with it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar {

struct Occupation {
  std::string code, de, en;
};

class OccupationList {
 public:
  // Error "taxonomy.unreadable" names the file.
  static Result<OccupationList> load(const std::filesystem::path& assets_dir);

  const std::vector<Occupation>& all() const { return occupations_; }
  // nullptr for a code the list does not have (a newer kiosk's list, or ESCO later).
  const Occupation* find(std::string_view code) const;
  // The German label for "de", the English one for every other language (the list has only
  // these two); the code itself when the list does not have it.
  std::string name(std::string_view code, std::string_view language) const;

 private:
  std::vector<Occupation> occupations_;
};

}  // namespace sichtbar
