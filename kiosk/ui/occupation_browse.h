// The occupation picker's browse path, for a person who would rather tap than type: the ten
// ISCO-08 major groups as big tiles with a pictogram (script::Icon), then the chosen group's
// sub-major groups, then the occupations in it (the common ones with a name in the nine
// languages ESCO lacks first, then the rest alphabetically), each named as the search names it
// with German below. A tap on an occupation chooses it (its ESCO URI, as the search does); Back
// steps up one level; "my occupation is not in the list" is there on every level. Each new
// level ignores taps for a moment (TapGate), so a double tap never skips one.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ui/screen.h"

namespace sichtbar::ui {

class Taxonomies;

// The occupations of an ISCO-08 sub-major group ("74") in the order the browse path lists them:
// those with a draft label in the languages ESCO lacks first, then the rest, each part by its
// name in ui_language (ICU's collation for it). Rows of the EscoReference.
std::vector<std::uint32_t> browse_occupations(const Taxonomies& taxonomies,
                                              std::string_view sub_major,
                                              std::string_view ui_language);
// The sub-major groups of a major group ("7" -> "71" ... "75"), as the reference lists them.
std::vector<std::string> sub_major_groups(const Taxonomies& taxonomies, std::string_view major);

class OccupationBrowse {
 public:
  struct Outcome {
    std::optional<std::string> chosen;  // the ESCO URI of the occupation tapped
    bool not_listed = false;            // "my occupation is not in the list" was tapped
  };

  // Draws the level shown at the cursor, `width` wide.
  Outcome draw(Frame& frame, float width);
  // Back to the major groups (an occupation was chosen, or the person left).
  void reset();
  // "" (the major groups), a major group ("7") or a sub-major group ("74").
  const std::string& level() const { return level_; }
  // Where the last frame drew a tile or row, for tests: a group's code ("7", "74"), an
  // occupation's URI, "back" or "not_listed".
  std::optional<std::pair<ImVec2, ImVec2>> rect(std::string_view what) const;
  // The occupations' URIs in the order the last frame drew them (a sub-major level).
  std::vector<std::string> shown_occupations() const;

 private:
  void go(Ui& ui, std::string level);
  void remember(std::string what);
  bool not_listed_row(Ui& ui, float width);

  std::string level_;
  std::string rows_for_;  // "74/ar": what rows_ was ordered for
  std::vector<std::uint32_t> rows_;
  std::vector<std::string> shown_;
  std::map<std::string, std::pair<ImVec2, ImVec2>, std::less<>> rects_;
};

}  // namespace sichtbar::ui
