// Every published version of a form, so a hub can check, show and export a record with the form
// version it was made with, and a kiosk asks with the newest.
//
// A form's versions live in one folder named after the form, one file per version, named by its
// version number: assets/forms/skills-profile/1.json, 2.json, ... A published version is never
// edited (records made with it exist on kiosks and at the hub); a change to the form is a new
// file with the next number, and the kiosk takes it up while the hub keeps knowing the old ones.
//
// load() checks every file as load_form does (errors name the file as "<form>/<n>.json") and
// that the files agree with their place: each says the version its name says and the form id
// its folder says. Versions need not be gap-free. Error codes, besides load_form's:
//   form.unreadable       the folder is missing or cannot be listed
//   form.bad_file_name    a file (or folder) in it that is not "<version>.json"
//   form.wrong_version    a file whose "version" differs from its name
//   form.wrong_form       a file whose "form_id" differs from its folder's name
//   form.duplicate_version two files for one version ("1.json" and "01.json")
//   form.no_versions      the folder holds no version at all
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/form.h"

namespace sichtbar {

// The form that kiosks ask and hubs show: its folder is assets/forms/skills-profile.
inline constexpr std::string_view kProfileFormId = "skills-profile";

// <assets>/forms/<form_id>: where a form's versions live.
std::filesystem::path form_folder(const std::filesystem::path& assets, std::string_view form_id);

class FormLibrary {
 public:
  // Every version in a form's folder (see above).
  static Result<FormLibrary> load(const std::filesystem::path& folder);
  // From forms already loaded (tests, tools): one form id, distinct versions, at least one.
  static Result<FormLibrary> from_forms(std::vector<Form> forms);

  const std::string& form_id() const { return versions_.back().id; }
  // The newest version: the one a kiosk makes records with.
  const Form& latest() const { return versions_.back(); }
  // The version a record names, or nullptr if this library does not hold it.
  const Form* find(std::string_view form_id, int version) const;
  // The version a stored record's JSON names ({"form": {"id": ..., "version": ...}}), or nullptr
  // if it names none or one this library does not hold.
  const Form* find_for_record(const nlohmann::json& record) const;
  // Every version, oldest first.
  const std::vector<Form>& versions() const { return versions_; }

 private:
  explicit FormLibrary(std::vector<Form> versions) : versions_(std::move(versions)) {}
  std::vector<Form> versions_;  // sorted by version, never empty
};

}  // namespace sichtbar
