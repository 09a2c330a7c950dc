// The labels the kiosk's country and language pickers search, for one screen language: each
// item's name in that language (marked as such: it ranks first, see SearchIndex::query), then in
// German and English, and a language's name in itself, so any of them finds it. Names come from
// ICU's CLDR data (domain/names.h).
#pragma once

#include <string_view>
#include <vector>

#include "domain/search.h"

namespace sichtbar::script {

// Every language of world_language_codes().
std::vector<SearchEntry> language_search_entries(std::string_view ui_language);
// Every country of country_codes().
std::vector<SearchEntry> country_search_entries(std::string_view ui_language);

}  // namespace sichtbar::script
