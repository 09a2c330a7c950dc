// Years in the Solar Hijri and Ethiopian calendars (see calendars.h).
#include "domain/calendars.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <cstdint>
#include <memory>

#include "base/dates.h"

namespace sichtbar {

namespace {

constexpr double kDayMs = 86'400'000.0;

// ICU's calendar for a year's calendar, in UTC so that a day is a day. nullptr if ICU fails.
std::unique_ptr<icu::Calendar> icu_calendar(YearCalendar calendar) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string locale = "en@calendar=" + std::string(calendar_keyword(calendar));
  std::unique_ptr<icu::Calendar> out(
      icu::Calendar::createInstance(*icu::TimeZone::getGMT(), icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status) || !out) return nullptr;
  // ICU's Gregorian calendar is Julian before 1582; years of this calendar never are.
  if (auto* gregorian = dynamic_cast<icu::GregorianCalendar*>(out.get()))
    gregorian->setGregorianChange(-1e300, status);
  return U_FAILURE(status) ? nullptr : std::move(out);
}

// The first day of `year` (month 1, day 1), as ICU's time.
std::optional<UDate> first_day(icu::Calendar& calendar, YearCalendar which, int year) {
  UErrorCode status = U_ZERO_ERROR;
  calendar.clear();
  // Year numbers count from the Amete Mihret era (Christ's incarnation by the Ethiopian
  // reckoning), the era Eritrea and Ethiopia write today.
  if (which == YearCalendar::ethiopian) calendar.set(UCAL_ERA, 1);
  calendar.set(year, 0, 1);
  const UDate at = calendar.getTime(status);
  if (U_FAILURE(status)) return std::nullopt;
  return at;
}

int year_at(icu::Calendar& calendar, UDate at) {
  UErrorCode status = U_ZERO_ERROR;
  calendar.setTime(at, status);
  const int year = calendar.get(UCAL_YEAR, status);
  return U_FAILURE(status) ? 0 : year;
}

}  // namespace

std::string_view calendar_name_key(YearCalendar calendar) {
  switch (calendar) {
    case YearCalendar::solar_hijri:
      return "ui.calendar.solar_hijri";
    case YearCalendar::ethiopian:
      return "ui.calendar.ethiopian";
    case YearCalendar::gregorian:
      break;
  }
  return "ui.calendar.gregorian";
}

std::string_view calendar_keyword(YearCalendar calendar) {
  switch (calendar) {
    case YearCalendar::gregorian:
      return "gregorian";
    case YearCalendar::solar_hijri:
      return "persian";
    case YearCalendar::ethiopian:
      return "ethiopic";
  }
  return "gregorian";
}

std::optional<GregorianYears> gregorian_years(YearCalendar calendar, int year) {
  if (calendar == YearCalendar::gregorian) return GregorianYears{year, year, year};
  auto own = icu_calendar(calendar);
  auto gregorian = icu_calendar(YearCalendar::gregorian);
  if (!own || !gregorian) return std::nullopt;
  const auto start = first_day(*own, calendar, year);
  const auto next = first_day(*own, calendar, year + 1);
  if (!start || !next || *next <= *start) return std::nullopt;
  GregorianYears out;
  out.first = year_at(*gregorian, *start);
  out.last = year_at(*gregorian, *next - kDayMs);
  out.kept = out.first;
  if (out.last != out.first) {
    // Days before and after the Gregorian new year that falls inside it.
    const auto new_year = first_day(*gregorian, YearCalendar::gregorian, out.last);
    if (!new_year) return std::nullopt;
    if (*next - *new_year > *new_year - *start) out.kept = out.last;
  }
  return out;
}

std::optional<std::string> first_day_gregorian(YearCalendar calendar, int year) {
  auto own = icu_calendar(calendar);
  if (!own) return std::nullopt;
  const auto start = first_day(*own, calendar, year);
  if (!start) return std::nullopt;
  // ICU's time counts milliseconds since 1970 as ours does; midnight UTC starts the day.
  return rfc3339_utc_of_unix_ms(static_cast<std::int64_t>(*start)).substr(0, 10);
}

std::optional<int> year_in_calendar(YearCalendar calendar, int gregorian) {
  if (calendar == YearCalendar::gregorian) return gregorian;
  auto own = icu_calendar(calendar);
  auto gregorian_calendar = icu_calendar(YearCalendar::gregorian);
  if (!own || !gregorian_calendar) return std::nullopt;
  const auto january = first_day(*gregorian_calendar, YearCalendar::gregorian, gregorian);
  const auto next_january = first_day(*gregorian_calendar, YearCalendar::gregorian, gregorian + 1);
  if (!january || !next_january) return std::nullopt;
  // The years that hold its first and its last day: one of them keeps it.
  for (const UDate day : {*january, *next_january - kDayMs}) {
    const int candidate = year_at(*own, day);
    const auto years = gregorian_years(calendar, candidate);
    if (years && years->kept == gregorian) return candidate;
  }
  return std::nullopt;
}

std::string gregorian_years_text(const GregorianYears& years) {
  if (years.first == years.last) return std::to_string(years.first);
  std::string last = std::to_string(years.last);
  if (years.first / 100 == years.last / 100 && last.size() >= 2)
    last = last.substr(last.size() - 2);
  return std::to_string(years.first) + "/" + last;
}

std::vector<YearCalendar> calendars_for_language(std::string_view ui_language) {
  if (ui_language == "fa" || ui_language == "ps")
    return {YearCalendar::solar_hijri, YearCalendar::gregorian, YearCalendar::ethiopian};
  if (ui_language == "ti")
    return {YearCalendar::ethiopian, YearCalendar::gregorian, YearCalendar::solar_hijri};
  return {YearCalendar::gregorian, YearCalendar::solar_hijri, YearCalendar::ethiopian};
}

}  // namespace sichtbar
