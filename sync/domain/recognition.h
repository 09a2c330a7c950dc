// The way to recognition of a foreign qualification in Bavaria, as curated data
// (assets/recognition/de-by.json): German reference occupations with the ESCO occupations and
// ISCO-08 units they cover, whether the occupation is regulated in Germany, the procedure, the
// competent body, what to bring (message keys) and the legal source with the date it was
// checked. Both sides read it through here; the hub may replace the shipped file with an
// imported one (reference import-recognition). Guidance, not a decision: the file says which
// entries an expert has not checked yet, and the pages say so.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/esco.h"

namespace sichtbar {

// yes: only with a licence or permission; self_employment: anyone may work in it, running
// one's own business needs a master-level qualification (the Annex A crafts of the HwO); no.
enum class Regulated : std::uint8_t { yes, self_employment, no };

// approbation    licence to practise (Approbation or Berufserlaubnis)
// title          permission to use the protected title (nursing, health professions, engineers)
// equivalence    Gleichwertigkeitsfeststellung under the BQFG (IHK FOSA, Handwerkskammer, ...)
// teacher        recognition of a teaching qualification
// state_recognition  state recognition (social pedagogy, childhood pedagogy)
// comparability  ZAB statement of comparability of a university degree (not a recognition)
// admission      admission by a professional chamber after an aptitude test (lawyers)
// licence        a permit of an authority for the activity (driving instructors, ship masters)
// none           no recognition needed to work; a related vocational qualification may still be
//                compared
enum class RecognitionProcedure : std::uint8_t {
  approbation,
  title,
  equivalence,
  teacher,
  state_recognition,
  comparability,
  admission,
  licence,
  none
};

std::string_view regulated_name(Regulated regulated);
std::string_view procedure_name(RecognitionProcedure procedure);
// Every name the two give, in the enums' order (what a filter may ask for).
std::span<const std::string_view> regulated_names();
std::span<const std::string_view> procedure_names();

struct RecognitionBody {
  std::string id, name, address, url, source, checked;
};

struct RecognitionEntry {
  std::string id;
  std::string reference_de, reference_en;  // the German reference occupation (Referenzberuf)
  std::vector<std::string> esco;           // full ESCO occupation URIs
  std::vector<std::string> isco;           // 4-digit units the entry claims as a whole (weaker)
  Regulated regulated = Regulated::no;
  RecognitionProcedure procedure = RecognitionProcedure::none;
  std::vector<std::string> bodies;  // ids into the map's bodies, first the usual one
  std::vector<std::string> bring;   // message keys
  std::string note_key;             // optional message key: what else to know
  std::string legal_source, checked;
  bool expert_checked = false;
};

// What the map needs of the ESCO reference data (EscoReference adapts to it; a test may give a
// small one): whether a URI is a known occupation, and its 4-digit ISCO unit ("" if unknown).
struct EscoIndex {
  std::function<bool(std::string_view uri)> known;
  std::function<std::string(std::string_view uri)> unit;
};

// The ESCO reference data (domain/esco.h) as the map needs it; the reference must outlive it.
EscoIndex esco_index(const EscoReference& esco);

// What validation checks beyond the file itself: every message key of the map is in each of
// these catalogues, and every ESCO URI is known to esco. Either may be left out.
struct RecognitionChecks {
  std::vector<const Catalogue*> catalogues;
  const EscoIndex* esco = nullptr;
};

// How sure an answer is: the occupation's own entry, an entry claiming its ISCO unit
// ("probably"), or the general way for its kind of qualification.
enum class RecognitionMatch : std::uint8_t { exact, unit, general };

// The kind of qualification when no entry matches: a degree goes to the ZAB, a vocational one to
// IHK FOSA or the chamber of crafts.
enum class QualificationKind : std::uint8_t { degree, vocational };

struct RecognitionAnswer {
  const RecognitionEntry* entry = nullptr;  // never null
  RecognitionMatch match = RecognitionMatch::general;
};

class RecognitionMap {
 public:
  // Errors "recognition.not_json", "recognition.invalid" (naming the entry and the field, e.g.
  // "entries[3] (arzt).bring[1]: ..."), "recognition.unreadable".
  static Result<RecognitionMap> parse(std::string_view json_text, std::string_view source_name,
                                      const RecognitionChecks& checks = {});
  static Result<RecognitionMap> load(const std::filesystem::path& file,
                                     const RecognitionChecks& checks = {});
  // assets/recognition/de-by.json: the map shipped with the product.
  static std::filesystem::path shipped_file(const std::filesystem::path& assets_dir);

  const std::vector<RecognitionEntry>& entries() const { return entries_; }
  const RecognitionBody* body(std::string_view id) const;
  // The ids of the bodies any entry (the general ones too) names as competent, sorted.
  std::vector<std::string> competent_bodies() const;
  // The free counselling every answer points to (the IQ network in Bavaria, MigraNet plus).
  const RecognitionBody& counselling() const;
  const RecognitionEntry& general(QualificationKind kind) const;
  const RecognitionEntry* find_by_id(std::string_view id) const;
  // How many distinct ESCO URIs the entries cover.
  std::size_t esco_uri_count() const { return by_uri_.size(); }
  // Every message key the map uses (bring, notes), sorted.
  std::vector<std::string> message_keys() const;

  // An occupation answer as the form stores it: an ESCO URI (or its bare UUID) -> its entry;
  // else its ISCO unit (through esco) -> an entry claiming the unit (match unit); a 4-digit ISCO
  // code (older records) -> the same unit rule; else the general entry for kind.
  RecognitionAnswer lookup(std::string_view answer, QualificationKind kind,
                           const EscoIndex* esco = nullptr) const;
  // The way the pages show for an occupation answer: lookup with the kind of qualification the
  // answer's ISCO unit usually needs (usual_kind_of_unit) when no entry matches. The person's
  // page and the office's filters both take it from here, so they never disagree.
  RecognitionAnswer way_for(std::string_view answer, const EscoIndex* esco = nullptr) const;

 private:
  std::map<std::string, RecognitionBody, std::less<>> bodies_;
  std::string counselling_;
  std::vector<RecognitionEntry> entries_;
  RecognitionEntry general_degree_, general_vocational_;
  std::map<std::string, std::size_t, std::less<>> by_uri_, by_unit_, by_id_;
};

inline constexpr std::string_view kEscoOccupationPrefix = "http://data.europa.eu/esco/occupation/";

// Whether text is a UUID as ESCO writes them (8-4-4-4-12 lower-case hex).
bool is_esco_uuid(std::string_view text);

// The 4-digit ISCO-08 unit of an occupation answer: a 4-digit code (older records) itself, an
// ESCO URI's (or bare UUID's) through esco; "" when neither tells.
std::string isco_unit_of_answer(std::string_view answer, const EscoIndex* esco);

// The kind of qualification an ISCO unit usually needs: major groups 1 and 2 (managers,
// professionals) a degree, the others vocational training; an empty unit: vocational.
QualificationKind usual_kind_of_unit(std::string_view isco_unit);

}  // namespace sichtbar
