// Names and collation from ICU; see names.h.
#include "domain/names.h"

#include <unicode/brkiter.h>
#include <unicode/calendar.h>
#include <unicode/coll.h>
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "domain/unicode_util.h"

namespace sichtbar::script {
namespace {

// "fa-AF" and "fa_AF" both name Dari; ICU's C++ API wants the underscore form.
icu::Locale locale_of(std::string_view code) {
  std::string id(code);
  std::replace(id.begin(), id.end(), '-', '_');
  return icu::Locale(id.c_str());
}

// ICU's display-name and date-format objects cost far more to build than to use, and a profile
// page asks for dozens of names: each thread keeps one per locale, built on first use (ICU's
// formatters are not shared between threads). The locales are the UI languages, so the caches
// stay small; a cache is emptied should it ever pass kMaxCachedLocales.
constexpr std::size_t kMaxCachedLocales = 64;

template <typename T, typename Make>
T* cached_per_thread(std::map<std::string, std::unique_ptr<T>, std::less<>>& cache,
                     const icu::Locale& locale, Make make) {
  const std::string key = locale.getName();
  if (auto it = cache.find(key); it != cache.end()) return it->second.get();
  if (cache.size() >= kMaxCachedLocales) cache.clear();
  return cache.emplace(key, make()).first->second.get();
}

// Display names as a menu shows them: dialect names ("fa_AF" is "Dari", not "Persian
// (Afghanistan)") and CLDR's capitalisation for lists and menus ("Français", "Русский").
const icu::LocaleDisplayNames* display_names(const icu::Locale& in) {
  thread_local std::map<std::string, std::unique_ptr<icu::LocaleDisplayNames>, std::less<>> cache;
  return cached_per_thread(cache, in, [&] {
    UDisplayContext contexts[] = {UDISPCTX_DIALECT_NAMES,
                                  UDISPCTX_CAPITALIZATION_FOR_UI_LIST_OR_MENU};
    return std::unique_ptr<icu::LocaleDisplayNames>(
        icu::LocaleDisplayNames::createInstance(in, contexts, 2));
  });
}

// A long date in the Gregorian calendar, in GMT (dates are calendar days, not instants).
const icu::DateFormat* long_date_format(const icu::Locale& in) {
  thread_local std::map<std::string, std::unique_ptr<icu::DateFormat>, std::less<>> cache;
  return cached_per_thread(cache, in, [&] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = in;
    locale.setKeywordValue("calendar", "gregorian", status);
    std::unique_ptr<icu::DateFormat> format(
        icu::DateFormat::createDateInstance(icu::DateFormat::kLong, locale));
    if (U_FAILURE(status)) format.reset();
    if (format) format->setTimeZone(*icu::TimeZone::getGMT());
    return format;
  });
}

// CLDR has no capitalisation data for some languages (Kurmanji "kurdî"); a menu entry still
// starts with a capital where the script has one. Titlecasing the first code point is right for
// the scripts concerned (Latin, Cyrillic) and a no-op for the others.
icu::UnicodeString capitalise_first(icu::UnicodeString s) {
  if (s.isEmpty()) return s;
  const UChar32 first = s.char32At(0);
  if (!u_islower(first)) return s;
  icu::UnicodeString head(u_totitle(first));
  return head + s.tempSubString(U16_LENGTH(first));
}

std::string language_display(std::string_view code, const icu::Locale& in) {
  const icu::Locale language = locale_of(code);
  icu::UnicodeString name;
  if (auto names = display_names(in)) names->localeDisplayName(language, name);
  // Without a name ICU gives back the code; keep it as it was, not capitalised.
  const std::string raw = detail::to_utf8(name);
  if (raw.empty() || raw == language.getName()) return std::string(code);
  return detail::to_utf8(capitalise_first(name));
}

bool has_language_name(const char* code) {
  const auto names = display_names(icu::Locale("en"));
  if (!names) return false;
  icu::UnicodeString name;
  names->languageDisplayName(code, name);
  return !name.isEmpty() && name != icu::UnicodeString(code, -1, US_INV);
}

}  // namespace

std::string language_autonym(std::string_view locale) {
  return language_display(locale, locale_of(locale));
}

std::string language_name(std::string_view code, std::string_view ui_locale) {
  return language_display(code, locale_of(ui_locale));
}

std::string country_name(std::string_view iso2, std::string_view ui_locale) {
  icu::UnicodeString name;
  if (auto names = display_names(locale_of(ui_locale))) {
    names->regionDisplayName(std::string(iso2).c_str(), name);
  }
  std::string out = detail::to_utf8(name);
  return out.empty() ? std::string(iso2) : out;
}

std::string date_name(std::string_view iso_date, std::string_view ui_locale) {
  const std::string iso(iso_date);
  const auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return -1;
      v = v * 10 + (iso[i] - '0');
    }
    return v;
  };
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (year < 1 || month < 1 || day < 1) return iso;
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar calendar(*icu::TimeZone::getGMT(), status);
  calendar.setLenient(false);
  calendar.clear();
  calendar.set(year, month - 1, day);
  const UDate when = calendar.getTime(status);  // fails on 2026-02-30: not lenient
  const icu::DateFormat* format = long_date_format(locale_of(ui_locale));
  if (U_FAILURE(status) || !format) return iso;
  icu::UnicodeString text;
  format->format(when, text);
  return text.isEmpty() ? iso : detail::to_utf8(text);
}

std::vector<std::string> country_codes() {
  // ICU's list holds codes that are not countries a person comes from: Antarctica and
  // uninhabited islands, and regions that are parts of other countries.
  static constexpr std::array<const char*, 9> kNotCountries = {
      "AQ", "BV", "HM", "GS", "TF", "UM",  // Antarctica, uninhabited islands
      "DG", "EA", "IC",                    // Diego Garcia, Ceuta & Melilla, Canary Islands
  };
  std::vector<std::string> out;
  for (const char* const* code = uloc_getISOCountries(); *code; ++code) {
    const bool excluded = std::any_of(kNotCountries.begin(), kNotCountries.end(),
                                      [&](const char* x) { return std::strcmp(x, *code) == 0; });
    if (!excluded) out.emplace_back(*code);
  }
  if (std::find(out.begin(), out.end(), "XK") == out.end()) out.emplace_back("XK");
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> world_language_codes() {
  std::vector<std::string> out;
  for (const char* const* code = uloc_getISOLanguages(); *code; ++code) {
    if (std::strlen(*code) == 2 && has_language_name(*code)) out.emplace_back(*code);
  }
  // Spoken by many who come to Bavaria, but without a two-letter code.
  for (const char* extra : {"ckb", "tig", "byn", "ssy", "bej"}) {
    if (has_language_name(extra)) out.emplace_back(extra);
  }
  out.emplace_back("fa_AF");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct LocaleCollation::Impl {
  std::unique_ptr<icu::Collator> collator;
};

LocaleCollation::LocaleCollation(std::string_view ui_locale) : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->collator.reset(icu::Collator::createInstance(locale_of(ui_locale), status));
  if (U_FAILURE(status) || !impl_->collator) {
    // ICU falls back to the root collation for unknown locales; failing here means its data
    // is missing, and no list could be sorted at all.
    std::fprintf(stderr, "sichtbar_domain: ICU collator unavailable: %s\n", u_errorName(status));
    std::abort();
  }
}

LocaleCollation::~LocaleCollation() = default;
LocaleCollation::LocaleCollation(LocaleCollation&&) noexcept = default;
LocaleCollation& LocaleCollation::operator=(LocaleCollation&&) noexcept = default;

bool LocaleCollation::less(std::string_view a, std::string_view b) const {
  UErrorCode status = U_ZERO_ERROR;
  return impl_->collator->compareUTF8(
             icu::StringPiece(a.data(), static_cast<std::int32_t>(a.size())),
             icu::StringPiece(b.data(), static_cast<std::int32_t>(b.size())), status) == UCOL_LESS;
}

std::vector<std::string> sort_for_locale(std::vector<std::string> items,
                                         std::string_view ui_locale) {
  const LocaleCollation collation(ui_locale);
  std::stable_sort(items.begin(), items.end(), [&](const std::string& a, const std::string& b) {
    return collation.less(a, b);
  });
  return items;
}

}  // namespace sichtbar::script
