// The one place that names an occupation answer, for the kiosk and the hub alike. An answer is
// an ESCO occupation URI (what the kiosk stores now; named from the ESCO reference data,
// domain/esco.h) or, in records made before ESCO, a 4-digit ISCO-08 unit code from the old
// built-in list (assets/taxonomy/occupations.json, kept so those records keep their names; none
// is rewritten), else that unit's ISCO-08 title.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/esco.h"
#include "domain/form.h"

namespace sichtbar {

struct Occupation {
  std::string code, de, en;
};

class OccupationList {
 public:
  // The old list and the ESCO reference data. Error "taxonomy.unreadable" names the old list's
  // file; EscoReference::load's errors name the ESCO files.
  static Result<OccupationList> load(const std::filesystem::path& assets_dir);

  // The old built-in list (62 ISCO-08 units, German and English).
  const std::vector<Occupation>& all() const { return occupations_; }
  // The old list's entry for a 4-digit code; nullptr otherwise (a URI, an unknown code).
  const Occupation* find(std::string_view code) const;
  const EscoReference& esco() const { return esco_; }

  // An ESCO URI the reference data does not have: well-formed (validation checked it), so made
  // with newer ESCO data than this side's (a kiosk updated before the hub). Such an answer is
  // kept and flagged, never refused.
  bool is_unknown_esco(std::string_view code) const;
  // Every occupation answer of a record's answers ({section: {field: value}}, made with form)
  // that is_unknown_esco: where ("work.items[0].occupation") and the URI. The hub stores such a
  // record and its office shows these, flagged "record.unknown_occupation"; they are worked out
  // when shown, so a hub that gets newer ESCO data stops flagging them.
  struct UnknownAnswer {
    std::string path, uri;
  };
  std::vector<UnknownAnswer> unknown_esco_answers(const Form& form,
                                                  const nlohmann::json& answers) const;
  // The answer's ISCO-08 unit: the code itself, or the unit of an ESCO occupation; empty if the
  // answer is unknown.
  std::string_view isco_unit(std::string_view code) const;

  // The answer's name in language (a UI language), or nullopt for a code neither the ESCO data
  // nor ISCO-08 knows. An ESCO URI by ESCO's preferred label in de, en and fr, in the other
  // languages (and where ESCO lacks en or fr) by the German one. An old code by the old list in
  // de and en, by ISCO-08 in fr, with English standing in for the other languages as it always
  // did; a unit the old list lacks by its ISCO-08 title.
  std::optional<std::string> find_name(std::string_view code, std::string_view language) const;
  // find_name, or the code itself when nothing knows it.
  std::string name(std::string_view code, std::string_view language) const;
  // What a record stores as the version of the occupation data it was made with.
  std::string_view reference_version() const { return esco_.version(); }

 private:
  std::vector<Occupation> occupations_;
  EscoReference esco_;
};

}  // namespace sichtbar
