// The languages the kiosk's screens can speak: their codes (the catalogue names in assets/i18n),
// in the order the volunteer's language list shows them, and which of them are written right to
// left (the layout mirrors for those).
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace sichtbar {

// German, English, Arabic, Farsi (also for Dari speakers), Pashto, Ukrainian, Russian, Turkish,
// French, Tigrinya, Kurmanji (Latin script), Somali.
inline constexpr std::array<std::string_view, 12> kUiLanguages = {
    "de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "fr", "ti", "ku", "so"};

// The language a kiosk shows when nobody has chosen one: the events are in Bavaria.
inline constexpr std::string_view kDefaultUiLanguage = "de";

constexpr bool is_ui_language(std::string_view code) {
  return std::find(kUiLanguages.begin(), kUiLanguages.end(), code) != kUiLanguages.end();
}

// Arabic, Farsi and Pashto are written in Arabic script, right to left.
constexpr bool is_right_to_left(std::string_view code) {
  return code == "ar" || code == "fa" || code == "ps";
}

}  // namespace sichtbar
