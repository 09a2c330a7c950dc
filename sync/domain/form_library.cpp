// Loading a form's folder of versions; see form_library.h.
#include "domain/form_library.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <system_error>

#include "base/files.h"

namespace sichtbar {

namespace {

// "12.json" -> 12; 0 for anything else (a name that is not digits and ".json", or version 0).
int version_of_file_name(const std::string& name) {
  constexpr std::string_view kSuffix = ".json";
  if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) return 0;
  const std::string_view digits(name.data(), name.size() - kSuffix.size());
  if (digits.size() > 9) return 0;  // fits an int: the form's version is one
  int version = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return version;
}

}  // namespace

std::filesystem::path form_folder(const std::filesystem::path& assets, std::string_view form_id) {
  return assets / "forms" / std::string(form_id);
}

Result<FormLibrary> FormLibrary::load(const std::filesystem::path& folder) {
  const std::string form_id = folder.filename().string();
  std::error_code ec;
  std::filesystem::directory_iterator it(folder, ec);
  if (ec)
    return fail("form.unreadable",
                form_id + ": cannot list the form folder " + folder.string() +
                    " (missing, not a folder, or no permission to read it); it should hold one "
                    "file per version: 1.json, 2.json, ...");
  // Sorted by name, so the first of two files for one version is the same on every machine.
  std::vector<std::filesystem::path> files;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) files.push_back(it->path());
  if (ec)
    return fail("form.unreadable",
                form_id + ": cannot list the form folder " + folder.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());

  std::map<int, std::string> file_of_version;
  std::vector<Form> forms;
  for (const std::filesystem::path& file : files) {
    const std::string name = form_id + "/" + file.filename().string();
    const int version = version_of_file_name(file.filename().string());
    if (version <= 0 || std::filesystem::is_directory(file))
      return fail("form.bad_file_name",
                  name +
                      ": not a form version: every file in a form's folder is named by its "
                      "version number, like 1.json or 2.json; rename or remove it");
    if (auto [at, fresh] = file_of_version.emplace(version, name); !fresh)
      return fail("form.duplicate_version", name + ": version " + std::to_string(version) +
                                                " is in " + at->second +
                                                " already; keep one of the two files");
    const auto text = read_whole_file(file);
    if (!text)
      return fail("form.unreadable", name + ": cannot read the form file " + file.string() +
                                         " (not a file, or no permission to read it)");
    auto form = parse_form(*text, name);
    if (!form) return std::unexpected(form.error());
    if (form->version != version)
      return fail("form.wrong_version",
                  name + ": says \"version\": " + std::to_string(form->version) +
                      ", but its file name says " + std::to_string(version) +
                      "; a version's file is named by its version (a new version is a new file; "
                      "never edit a published one)");
    if (form->id != form_id)
      return fail("form.wrong_form", name + ": says \"form_id\": \"" + form->id +
                                         "\", but it lies in the folder of \"" + form_id +
                                         "\"; move it to the folder named by its form id");
    forms.push_back(std::move(*form));
  }
  if (forms.empty())
    return fail("form.no_versions",
                form_id + ": the form folder " + folder.string() + " holds no version; add 1.json");
  std::sort(forms.begin(), forms.end(),
            [](const Form& a, const Form& b) { return a.version < b.version; });
  return FormLibrary(std::move(forms));
}

Result<FormLibrary> FormLibrary::from_forms(std::vector<Form> forms) {
  if (forms.empty()) return fail("form.no_versions", "a form library needs at least one version");
  std::sort(forms.begin(), forms.end(),
            [](const Form& a, const Form& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < forms.size(); ++i) {
    if (forms[i].id != forms[0].id)
      return fail("form.wrong_form", "a form library holds one form, not \"" + forms[0].id +
                                         "\" and \"" + forms[i].id + "\"");
    if (forms[i].version == forms[i - 1].version)
      return fail("form.duplicate_version",
                  forms[i].schema() + ": the same version twice in one form library");
  }
  return FormLibrary(std::move(forms));
}

const Form* FormLibrary::find(std::string_view form_id, int version) const {
  for (const Form& form : versions_)
    if (form.id == form_id && form.version == version) return &form;
  return nullptr;
}

const Form* FormLibrary::find_for_record(const nlohmann::json& record) const {
  if (!record.is_object()) return nullptr;
  const auto form = record.find("form");
  if (form == record.end() || !form->is_object()) return nullptr;
  const auto id = form->find("id");
  const auto version = form->find("version");
  if (id == form->end() || !id->is_string() || version == form->end() ||
      !version->is_number_integer())
    return nullptr;
  return find(id->get_ref<const std::string&>(), version->get<int>());
}

}  // namespace sichtbar
