// What the kiosk's pickers offer: countries and languages with their names from ICU in the UI
// language (plus German and English, so either finds them), and every ESCO occupation
// (assets/taxonomy/esco, the answer stored is its URI) named in the person's language. The
// occupation search is one index over every label for all screen languages, built on a worker
// thread as the kiosk starts, never inside a frame; until it is ready the picker says so.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"
#include "domain/esco.h"
#include "domain/occupation_labels.h"
#include "domain/occupations.h"
#include "domain/occupation_search.h"
#include "domain/search.h"

namespace sichtbar::ui {

// One result of a picker's search: the code stored as the answer and the label that matched.
struct PickerHit {
  std::string code;
  std::string label;
};

class Taxonomies {
 public:
  // Reads the ESCO reference data and the draft labels and starts building the occupation index on
  // a worker thread. Errors "taxonomy.unreadable", "reference.unreadable" / "reference.malformed",
  // "occupation_labels.missing" / "occupation_labels.malformed" name the file.
  // before_build runs on the worker before it builds (a test holds the build back with it).
  static Result<Taxonomies> load(const std::filesystem::path& assets_dir,
                                 std::function<void()> before_build = {});

  Taxonomies(Taxonomies&&) noexcept;
  Taxonomies& operator=(Taxonomies&&) noexcept;
  ~Taxonomies();  // waits for the worker

  // At most `limit` hits for what was typed into the picker of "occupation", "country" or
  // "language" on a screen in ui_language; nullopt while the occupation index is still being
  // built (a second or so after start on a slow kiosk).
  std::optional<std::vector<PickerHit>> search(std::string_view taxonomy,
                                               std::string_view ui_language, std::string_view typed,
                                               std::size_t limit);
  // How a chosen code reads in the UI language: an occupation by its name in that language (a
  // draft label in the languages ESCO lacks), else its German name with the English one beside.
  std::string display_name(std::string_view taxonomy, std::string_view code,
                           std::string_view ui_language) const;
  // What the atlas must hold for occupations: the code points of every ESCO label, as UTF-8
  // text, and the draft labels of the languages ESCO lacks (shaped, so their scripts join).
  std::vector<std::string> occupation_atlas_text() const;

  // Has the occupation search add the draft labels of a language ESCO lacks (its worker does it,
  // in a moment): the kiosk asks when a screen first shows the language, and search() asks
  // again. Only the languages asked for take memory; until a language's labels are there, its
  // screen finds occupations by their German and English labels. Nothing for de, en, fr.
  void want_occupation_language(std::string_view language);
  // Waits until a language asked for has its labels in the search; false on timeout. For tests
  // and the benchmarks.
  bool wait_for_occupation_language(std::string_view language,
                                    std::chrono::milliseconds timeout) const;

  // The occupation search, or null while it is being built.
  const script::OccupationSearch* occupations() const;
  // Waits until the occupation index is built (or failed); false on timeout. For tests and
  // the benchmarks.
  bool wait_for_occupations(std::chrono::milliseconds timeout) const;
  // The thread that built the occupation index (a test checks it is not the frame's).
  std::optional<std::thread::id> occupation_build_thread() const;
  // How long the worker took to build it (wall time; zero until it is built).
  std::chrono::duration<double, std::milli> occupation_build_time() const;
  const EscoReference& reference() const;
  // Whether an occupation (a row of the reference) is one of the common ones with a name of its
  // own in the languages ESCO lacks: the browse path lists those first.
  bool has_draft_labels(std::uint32_t row) const;

 private:
  struct Occupations;
  Taxonomies() = default;
  // The country and language indexes, built on first use per UI language (a few hundred labels).
  const script::SearchIndex* index(std::string_view taxonomy, std::string_view ui_language);

  std::shared_ptr<Occupations> occupations_;
  std::jthread builder_;
  std::map<std::string, script::SearchIndex, std::less<>> indexes_;  // "country/ar"
};

}  // namespace sichtbar::ui
