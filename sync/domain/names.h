// Language and country names from ICU's CLDR data, in any UI language: the autonyms for the
// language picker, names of languages and countries for choice lists, the lists themselves,
// and collation so that every list sorts the way a reader of the UI language expects.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sichtbar::script {

// Locale codes are ICU/BCP 47 style: "de", "fa", "fa_AF" or "fa-AF" (Dari), "ckb".

// A language's name in itself, capitalised as a menu entry: "ps" -> "پښتو", "ti" -> "ትግርኛ",
// "ku" -> "Kurdî" (Kurmanji), "fa" -> "فارسی", "fa_AF" -> "دری" (Dari), "uk" -> "Українська".
// The code itself if ICU has no name for it.
std::string language_autonym(std::string_view locale);

// A language's name in the UI language, as a menu entry: ("tr", "de") -> "Türkisch",
// ("fa_AF", "en") -> "Dari". The code itself if ICU has no name for it.
std::string language_name(std::string_view code, std::string_view ui_locale);

// A country's name in the UI language: ("EG", "de") -> "Ägypten". The code if unknown.
std::string country_name(std::string_view iso2, std::string_view ui_locale);

// A calendar date ("2026-11-28", as the kiosk records it) written out the way a reader of the
// UI language writes it, in the Gregorian calendar (the office reads the same date alongside):
// ("2026-11-28", "de") -> "28. November 2026", "ar" -> "٢٨ نوفمبر ٢٠٢٦". Anything that is not
// a valid ISO date comes back as it was.
std::string date_name(std::string_view iso_date, std::string_view ui_locale);

// ISO 3166-1 alpha-2 codes of the countries and inhabited territories ICU knows, sorted by
// code: without Antarctica and the uninhabited islands, and without the codes ICU lists that
// are parts of other countries (Canary Islands, Ceuta and Melilla, Diego Garcia); with Kosovo
// ("XK"), which Germany recognises and many people in Bavaria come from.
std::vector<std::string> country_codes();

// Languages for "which languages do you speak": every ISO 639-1 language ICU names (about
// 180), plus Dari ("fa_AF"), Central Kurdish ("ckb") and the Eritrean languages without a
// two-letter code that ICU names (Tigre "tig", Blin "byn", Saho "ssy", Beja "bej"). Sorted by
// code; sort the display names with sort_for_locale.
std::vector<std::string> world_language_codes();

// Orders strings as ICU's collation for ui_locale does (German: "Ägypten" between "Afghanistan"
// and "Albanien"; Turkish: "Ç" after "C").
class LocaleCollation {
 public:
  explicit LocaleCollation(std::string_view ui_locale);
  ~LocaleCollation();
  LocaleCollation(LocaleCollation&&) noexcept;
  LocaleCollation& operator=(LocaleCollation&&) noexcept;

  bool less(std::string_view a, std::string_view b) const;

 private:
  struct Impl;  // keeps ICU's headers out of this one
  std::unique_ptr<Impl> impl_;
};

std::vector<std::string> sort_for_locale(std::vector<std::string> items,
                                         std::string_view ui_locale);

}  // namespace sichtbar::script
