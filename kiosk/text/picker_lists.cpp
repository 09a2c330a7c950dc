// The pickers' search labels; see picker_lists.h.
#include "text/picker_lists.h"

#include <string>

#include "domain/names.h"

namespace sichtbar::script {

std::vector<SearchEntry> language_search_entries(std::string_view ui_language) {
  std::vector<SearchEntry> entries;
  for (const std::string& code : world_language_codes()) {
    entries.push_back({code, language_name(code, ui_language), true});
    for (const char* other : {"de", "en"})
      if (ui_language != other) entries.push_back({code, language_name(code, other), false});
    entries.push_back({code, language_autonym(code), false});
  }
  return entries;
}

std::vector<SearchEntry> country_search_entries(std::string_view ui_language) {
  std::vector<SearchEntry> entries;
  for (const std::string& code : country_codes()) {
    entries.push_back({code, country_name(code, ui_language), true});
    for (const char* other : {"de", "en"})
      if (ui_language != other) entries.push_back({code, country_name(code, other), false});
  }
  return entries;
}

}  // namespace sichtbar::script
