// Naming occupation answers; see occupations.h.
#include "domain/occupations.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace sichtbar {
namespace {

std::optional<EscoLanguage> esco_language(std::string_view language) {
  if (language == "de") return EscoLanguage::de;
  if (language == "en") return EscoLanguage::en;
  if (language == "fr") return EscoLanguage::fr;
  return std::nullopt;
}

}  // namespace

Result<OccupationList> OccupationList::load(const std::filesystem::path& assets_dir) {
  const auto file = assets_dir / "taxonomy" / "occupations.json";
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!in || json.is_discarded() || !json.contains("occupations") ||
      !json["occupations"].is_array())
    return fail("taxonomy.unreadable", "The occupation list " + file.string() +
                                           " is missing or broken: reinstall the assets folder.");
  OccupationList list;
  for (const auto& o : json["occupations"]) {
    if (!o.is_object() || !o.contains("code") || !o["code"].is_string())
      return fail("taxonomy.unreadable", "The occupation list " + file.string() +
                                             " has an entry without a code: reinstall the "
                                             "assets folder.");
    list.occupations_.push_back({o.value("code", ""), o.value("de", ""), o.value("en", "")});
  }
  auto esco = EscoReference::load(assets_dir);
  if (!esco) return std::unexpected(esco.error());
  list.esco_ = std::move(*esco);
  return list;
}

const Occupation* OccupationList::find(std::string_view code) const {
  for (const Occupation& o : occupations_)
    if (o.code == code) return &o;
  return nullptr;
}

bool OccupationList::is_unknown_esco(std::string_view code) const {
  return code.starts_with(EscoReference::uri_prefix) && !esco_.find(code);
}

std::string_view OccupationList::isco_unit(std::string_view code) const {
  if (code.starts_with(EscoReference::uri_prefix)) {
    const auto row = esco_.find(code);
    return row ? esco_.isco(*row) : std::string_view{};
  }
  return find(code) || !esco_.isco_title(code, EscoLanguage::de).empty() ? code
                                                                         : std::string_view{};
}

std::optional<std::string> OccupationList::find_name(std::string_view code,
                                                     std::string_view language) const {
  const auto lang = esco_language(language);
  if (code.starts_with(EscoReference::uri_prefix)) {
    const auto row = esco_.find(code);
    if (!row) return std::nullopt;
    // The 102 occupations newer than ESCO's English and French release have German only.
    const std::string_view named = lang ? esco_.preferred(*row, *lang) : std::string_view{};
    return std::string(named.empty() ? esco_.preferred(*row, EscoLanguage::de) : named);
  }
  // Codes of records made before ESCO: as the old list named them (English standing in for the
  // languages it lacks), French from ISCO-08.
  const std::string_view french =
      language == "fr" ? esco_.isco_title(code, EscoLanguage::fr) : std::string_view{};
  if (const Occupation* o = find(code)) {
    if (language == "de") return o->de;
    return french.empty() ? o->en : std::string(french);
  }
  if (code.size() != 4 || esco_.isco_title(code, EscoLanguage::de).empty()) return std::nullopt;
  if (!french.empty()) return std::string(french);
  return std::string(
      esco_.isco_title(code, language == "de" ? EscoLanguage::de : EscoLanguage::en));
}

namespace {

void collect_unknown(const OccupationList& list, const std::vector<Field>& fields,
                     const nlohmann::json& values, const std::string& prefix,
                     std::vector<OccupationList::UnknownAnswer>& out) {
  if (!values.is_object()) return;
  for (const Field& field : fields) {
    const auto it = values.find(field.id);
    if (it == values.end()) continue;
    const std::string path = prefix + field.id;
    if (field.type == FieldType::Group && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i)
        collect_unknown(list, field.fields, (*it)[i], path + "[" + std::to_string(i) + "].", out);
    } else if (field.type == FieldType::Taxonomy && field.taxonomy == "occupation" &&
               it->is_string() && list.is_unknown_esco(it->get_ref<const std::string&>())) {
      out.push_back({path, it->get<std::string>()});
    }
  }
}

}  // namespace

std::vector<OccupationList::UnknownAnswer> OccupationList::unknown_esco_answers(
    const Form& form, const nlohmann::json& answers) const {
  std::vector<UnknownAnswer> out;
  if (!answers.is_object()) return out;
  for (const Section& section : form.sections)
    if (const auto it = answers.find(section.id); it != answers.end())
      collect_unknown(*this, section.fields, *it, section.id + ".", out);
  return out;
}

std::string OccupationList::name(std::string_view code, std::string_view language) const {
  return find_name(code, language).value_or(std::string(code));
}

}  // namespace sichtbar
