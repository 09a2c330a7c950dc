// Reading and checking the recognition map, and answering "which way for this occupation"; see
// recognition.h. Every error names where in the file it is ("entries[3] (arzt).bring[1]"), so
// whoever edits the map knows what to fix.
#include "domain/recognition.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "base/dates.h"
#include "base/files.h"

namespace sichtbar {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kRegulatedNames = {"yes", "self_employment", "no"};
constexpr std::array<std::string_view, 9> kProcedureNames = {
    "approbation",   "title",     "equivalence", "teacher", "state_recognition",
    "comparability", "admission", "licence",     "none"};

struct MapError {
  std::string where, what;
};

[[noreturn]] void bad(std::string where, std::string what) {
  throw MapError{std::move(where), std::move(what)};
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

bool is_isco_unit(std::string_view s) {
  return s.size() == 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A message key as the catalogues write them: lower-case words, digits and "_" joined by ".".
bool is_message_key(std::string_view key) {
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

class Reader {
 public:
  explicit Reader(const RecognitionChecks& checks) : checks_(checks) {}

  // Only the named properties: a misspelt one ("breing") would otherwise be ignored silently.
  static void only(const json& object, const std::string& where,
                   std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.items())
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        bad(where, "unknown property \"" + key + "\"");
  }

  static const json& member(const json& object, const std::string& where, const char* name) {
    if (!object.contains(name)) bad(where, "\"" + std::string(name) + "\" is missing");
    return object.at(name);
  }

  static std::string text(const json& object, const std::string& where, const char* name,
                          bool required = true) {
    if (!object.contains(name)) {
      if (required) bad(where, "\"" + std::string(name) + "\" is missing");
      return {};
    }
    const json& v = object.at(name);
    if (!v.is_string() || (required && v.get_ref<const std::string&>().empty()))
      bad(where + "." + name, "must be a non-empty text");
    return v.get<std::string>();
  }

  static std::vector<std::string> texts(const json& object, const std::string& where,
                                        const char* name) {
    std::vector<std::string> out;
    if (!object.contains(name)) return out;
    const json& list = object.at(name);
    if (!list.is_array()) bad(where + "." + name, "must be a list of texts");
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string() || list[i].get_ref<const std::string&>().empty())
        bad(where + "." + name + "[" + std::to_string(i) + "]", "must be a non-empty text");
      out.push_back(list[i].get<std::string>());
    }
    return out;
  }

  static std::string date(const json& object, const std::string& where, const char* name) {
    std::string d = text(object, where, name);
    if (!is_calendar_date(d))
      bad(where + "." + name, "\"" + d + "\" is not a date written YYYY-MM-DD");
    return d;
  }

  RecognitionBody read_body(const std::string& id, const json& b) {
    const std::string where = "bodies." + id;
    if (!b.is_object()) bad(where, "must be an object");
    only(b, where, {"name", "address", "url", "source", "checked"});
    RecognitionBody body;
    body.id = id;
    body.name = text(b, where, "name");
    body.address = text(b, where, "address", false);
    body.url = text(b, where, "url");
    if (!body.url.starts_with("https://"))
      bad(where + ".url", "\"" + body.url + "\" must start with https://");
    body.source = text(b, where, "source");
    body.checked = date(b, where, "checked");
    return body;
  }

  void check_key(const std::string& where, const std::string& key) {
    if (!is_message_key(key)) bad(where, "\"" + key + "\" is not a message key");
    for (const Catalogue* catalogue : checks_.catalogues)
      if (catalogue->find(key) == nullptr)
        bad(where, "the message key \"" + key + "\" is not in the " + catalogue->language() +
                       " catalogue");
  }

  // An entry, or a general one (no ESCO, no ISCO: it stands for a kind of qualification).
  RecognitionEntry read_entry(const json& e, const std::string& at, bool general) {
    if (!e.is_object()) bad(at, "must be an object");
    const std::string where =
        e.contains("id") && e["id"].is_string() ? at + " (" + e["id"].get<std::string>() + ")" : at;
    only(e, where,
         {"id", "reference", "esco", "isco", "regulated", "procedure", "bodies", "bring", "note",
          "legal_source", "checked", "expert_checked"});
    RecognitionEntry entry;
    entry.id = text(e, where, "id");
    const json& ref = member(e, where, "reference");
    if (!ref.is_object()) bad(where + ".reference", "must be an object with \"de\" and \"en\"");
    only(ref, where + ".reference", {"de", "en"});
    entry.reference_de = text(ref, where + ".reference", "de");
    entry.reference_en = text(ref, where + ".reference", "en");
    entry.esco = texts(e, where, "esco");
    entry.isco = texts(e, where, "isco");
    if (general && (!entry.esco.empty() || !entry.isco.empty()))
      bad(where, "a general entry names no ESCO occupation and no ISCO unit");
    if (!general && entry.esco.empty() && entry.isco.empty())
      bad(where, "names neither an ESCO occupation (\"esco\") nor an ISCO unit (\"isco\")");
    for (std::size_t i = 0; i < entry.esco.size(); ++i) {
      const std::string field = where + ".esco[" + std::to_string(i) + "]";
      const std::string& uri = entry.esco[i];
      if (!uri.starts_with(kEscoOccupationPrefix) ||
          !is_esco_uuid(std::string_view(uri).substr(kEscoOccupationPrefix.size())))
        bad(field, "\"" + uri + "\" is not an ESCO occupation URI (" +
                       std::string(kEscoOccupationPrefix) + "<uuid>)");
      if (checks_.esco && !checks_.esco->known(uri))
        bad(field, "\"" + uri + "\" is not an occupation of the ESCO reference data");
    }
    for (std::size_t i = 0; i < entry.isco.size(); ++i)
      if (!is_isco_unit(entry.isco[i]))
        bad(where + ".isco[" + std::to_string(i) + "]",
            "\"" + entry.isco[i] + "\" is not a 4-digit ISCO-08 unit");
    const std::string regulated = text(e, where, "regulated");
    auto r = std::find(kRegulatedNames.begin(), kRegulatedNames.end(), regulated);
    if (r == kRegulatedNames.end())
      bad(where + ".regulated", "\"" + regulated + "\" is not one of yes, self_employment, no");
    entry.regulated = static_cast<Regulated>(r - kRegulatedNames.begin());
    const std::string procedure = text(e, where, "procedure");
    auto p = std::find(kProcedureNames.begin(), kProcedureNames.end(), procedure);
    if (p == kProcedureNames.end()) {
      std::string names;
      for (std::string_view n : kProcedureNames)
        names += (names.empty() ? "" : ", ") + std::string(n);
      bad(where + ".procedure", "\"" + procedure + "\" is not one of " + names);
    }
    entry.procedure = static_cast<RecognitionProcedure>(p - kProcedureNames.begin());
    entry.bodies = texts(e, where, "bodies");
    if (entry.bodies.empty()) bad(where + ".bodies", "names no competent body");
    for (std::size_t i = 0; i < entry.bodies.size(); ++i)
      if (!body_ids_.contains(entry.bodies[i]))
        bad(where + ".bodies[" + std::to_string(i) + "]",
            "the body \"" + entry.bodies[i] + "\" is not defined under \"bodies\"");
    entry.bring = texts(e, where, "bring");
    if (entry.bring.empty()) bad(where + ".bring", "says nothing to bring");
    for (std::size_t i = 0; i < entry.bring.size(); ++i)
      check_key(where + ".bring[" + std::to_string(i) + "]", entry.bring[i]);
    entry.note_key = text(e, where, "note", false);
    if (e.contains("note")) check_key(where + ".note", entry.note_key);
    entry.legal_source = text(e, where, "legal_source");
    entry.checked = date(e, where, "checked");
    const json& expert = member(e, where, "expert_checked");
    if (!expert.is_boolean()) bad(where + ".expert_checked", "must be true or false");
    entry.expert_checked = expert.get<bool>();
    return entry;
  }

  std::set<std::string, std::less<>> body_ids_;

 private:
  const RecognitionChecks& checks_;
};

}  // namespace

std::string_view regulated_name(Regulated regulated) {
  return kRegulatedNames[static_cast<std::size_t>(regulated)];
}

std::string_view procedure_name(RecognitionProcedure procedure) {
  return kProcedureNames[static_cast<std::size_t>(procedure)];
}

std::span<const std::string_view> regulated_names() { return kRegulatedNames; }
std::span<const std::string_view> procedure_names() { return kProcedureNames; }

EscoIndex esco_index(const EscoReference& esco) {
  return {[&esco](std::string_view uri) { return esco.find(uri).has_value(); },
          [&esco](std::string_view uri) {
            const auto row = esco.find(uri);
            return row ? std::string(esco.isco(*row)) : std::string();
          }};
}

bool is_esco_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

QualificationKind usual_kind_of_unit(std::string_view isco_unit) {
  if (!isco_unit.empty() && (isco_unit.front() == '1' || isco_unit.front() == '2'))
    return QualificationKind::degree;
  return QualificationKind::vocational;
}

Result<RecognitionMap> RecognitionMap::parse(std::string_view json_text,
                                             std::string_view source_name,
                                             const RecognitionChecks& checks) {
  const std::string source(source_name);
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::exception& e) {
    std::string what = e.what();
    if (const std::size_t tag_end = what.find("] "); tag_end != std::string::npos)
      what.erase(0, tag_end + 2);
    return fail("recognition.not_json", source + ": not valid JSON: " + what);
  }
  RecognitionMap map;
  Reader reader(checks);
  try {
    if (!root.is_object()) bad("top level", "must be an object");
    Reader::only(root, "top level",
                 {"format", "region", "status", "about", "least_sure", "bodies", "counselling",
                  "general", "entries"});
    const json& format = Reader::member(root, "top level", "format");
    if (!format.is_number_integer() || format.get<int>() != 1)
      bad("format", "must be 1 (this program reads format 1)");
    Reader::text(root, "top level", "region");
    Reader::text(root, "top level", "status");
    const json& bodies = Reader::member(root, "top level", "bodies");
    if (!bodies.is_object() || bodies.empty()) bad("bodies", "must be an object of bodies");
    for (const auto& [id, b] : bodies.items()) reader.body_ids_.insert(id);
    for (const auto& [id, b] : bodies.items()) map.bodies_.emplace(id, reader.read_body(id, b));
    map.counselling_ = Reader::text(root, "top level", "counselling");
    if (!map.bodies_.contains(map.counselling_))
      bad("counselling", "the body \"" + map.counselling_ + "\" is not defined under \"bodies\"");
    const json& general = Reader::member(root, "top level", "general");
    if (!general.is_object())
      bad("general", "must be an object with \"degree\" and \"vocational\"");
    Reader::only(general, "general", {"degree", "vocational"});
    map.general_degree_ =
        reader.read_entry(Reader::member(general, "general", "degree"), "general.degree", true);
    map.general_vocational_ = reader.read_entry(Reader::member(general, "general", "vocational"),
                                                "general.vocational", true);
    const json& entries = Reader::member(root, "top level", "entries");
    if (!entries.is_array() || entries.empty()) bad("entries", "must be a non-empty list");
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const std::string at = "entries[" + std::to_string(i) + "]";
      RecognitionEntry entry = reader.read_entry(entries[i], at, false);
      const std::string where = at + " (" + entry.id + ")";
      if (!map.by_id_.emplace(entry.id, i).second)
        bad(where + ".id", "another entry has the id \"" + entry.id + "\"");
      for (const std::string& uri : entry.esco)
        if (auto [it, fresh] = map.by_uri_.emplace(uri, i); !fresh)
          bad(where + ".esco",
              "\"" + uri + "\" is claimed by entries[" + std::to_string(it->second) + "] too");
      for (const std::string& unit : entry.isco)
        if (auto [it, fresh] = map.by_unit_.emplace(unit, i); !fresh)
          bad(where + ".isco", "the unit " + unit + " is claimed by entries[" +
                                   std::to_string(it->second) + "] too");
      map.entries_.push_back(std::move(entry));
    }
    if (root.contains("least_sure")) {
      const json& least = root.at("least_sure");
      if (!least.is_array()) bad("least_sure", "must be a list");
      for (std::size_t i = 0; i < least.size(); ++i) {
        const std::string where = "least_sure[" + std::to_string(i) + "]";
        if (!least[i].is_object()) bad(where, "must be an object with \"id\" and \"why\"");
        Reader::only(least[i], where, {"id", "why"});
        const std::string id = Reader::text(least[i], where, "id");
        Reader::text(least[i], where, "why");
        if (!map.by_id_.contains(id)) bad(where + ".id", "no entry has the id \"" + id + "\"");
      }
    }
  } catch (const MapError& e) {
    return fail("recognition.invalid", source + ": " + e.where + ": " + e.what);
  } catch (const json::exception& e) {
    return fail("recognition.invalid", source + ": " + e.what());
  }
  return map;
}

Result<RecognitionMap> RecognitionMap::load(const std::filesystem::path& file,
                                            const RecognitionChecks& checks) {
  const auto text = read_whole_file(file);
  if (!text)
    return fail("recognition.unreadable",
                "cannot read the recognition map " + file.string() +
                    " (missing, not a file, or no permission to read it)");
  return parse(*text, file.filename().string(), checks);
}

std::filesystem::path RecognitionMap::shipped_file(const std::filesystem::path& assets_dir) {
  return assets_dir / "recognition" / "de-by.json";
}

const RecognitionBody* RecognitionMap::body(std::string_view id) const {
  auto it = bodies_.find(id);
  return it == bodies_.end() ? nullptr : &it->second;
}

std::vector<std::string> RecognitionMap::competent_bodies() const {
  std::set<std::string> ids;
  for (const RecognitionEntry* entry : {&general_degree_, &general_vocational_})
    ids.insert(entry->bodies.begin(), entry->bodies.end());
  for (const RecognitionEntry& entry : entries_) ids.insert(entry.bodies.begin(), entry.bodies.end());
  return {ids.begin(), ids.end()};
}

const RecognitionBody& RecognitionMap::counselling() const { return *body(counselling_); }

const RecognitionEntry& RecognitionMap::general(QualificationKind kind) const {
  return kind == QualificationKind::degree ? general_degree_ : general_vocational_;
}

const RecognitionEntry* RecognitionMap::find_by_id(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::vector<std::string> RecognitionMap::message_keys() const {
  std::set<std::string> keys;
  auto add = [&](const RecognitionEntry& e) {
    keys.insert(e.bring.begin(), e.bring.end());
    if (!e.note_key.empty()) keys.insert(e.note_key);
  };
  for (const RecognitionEntry& e : entries_) add(e);
  add(general_degree_);
  add(general_vocational_);
  return {keys.begin(), keys.end()};
}

std::string isco_unit_of_answer(std::string_view answer, const EscoIndex* esco) {
  if (is_isco_unit(answer)) return std::string(answer);  // a record made before the ESCO data
  if (!esco || !esco->unit) return {};
  return esco->unit(is_esco_uuid(answer) ? std::string(kEscoOccupationPrefix) + std::string(answer)
                                         : std::string(answer));
}

RecognitionAnswer RecognitionMap::lookup(std::string_view answer, QualificationKind kind,
                                         const EscoIndex* esco) const {
  if (!is_isco_unit(answer)) {
    std::string uri(answer);
    if (is_esco_uuid(answer)) uri = std::string(kEscoOccupationPrefix) + uri;
    if (auto it = by_uri_.find(uri); it != by_uri_.end())
      return {&entries_[it->second], RecognitionMatch::exact};
  }
  const std::string unit = isco_unit_of_answer(answer, esco);
  if (auto it = by_unit_.find(unit); !unit.empty() && it != by_unit_.end())
    return {&entries_[it->second], RecognitionMatch::unit};
  return {&general(kind), RecognitionMatch::general};
}

RecognitionAnswer RecognitionMap::way_for(std::string_view answer, const EscoIndex* esco) const {
  return lookup(answer, usual_kind_of_unit(isco_unit_of_answer(answer, esco)), esco);
}

}  // namespace sichtbar
