// Calendar tests: a year typed in the Solar Hijri or Ethiopian calendar becomes the Gregorian
// year the form keeps, and back, for dates known from outside ICU; and ICU asked directly (not
// through the module) agrees, so a wrong era or month index in the module shows.
#include "domain/calendars.h"

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "base/dates.h"

using namespace sichtbar;

namespace {

// The new year's day of `year` asked of ICU by its calendar's locale keyword, as YYYY-MM-DD.
std::string icu_new_year(const char* keyword, int year) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string locale = std::string("und@calendar=") + keyword;
  std::unique_ptr<icu::Calendar> own(
      icu::Calendar::createInstance(*icu::TimeZone::getGMT(), icu::Locale(locale.c_str()), status));
  own->clear();
  own->set(year, 0, 1);  // the default era: Amete Mihret for "ethiopic"
  const UDate at = own->getTime(status);
  REQUIRE(U_SUCCESS(status));
  return rfc3339_utc_of_unix_ms(static_cast<std::int64_t>(at)).substr(0, 10);
}

struct KnownYear {
  YearCalendar calendar;
  const char* keyword;
  int year;
  const char* new_year;  // its first day, Gregorian
  GregorianYears kept;
};

// Each row is a date known outside ICU:
// - 1 Farvardin 1403 = 20 Mar 2024: Nowruz 2024 was on Wednesday 20 March (equinox 03:06 UTC,
//   before noon in Tehran and Kabul).
// - 1 Farvardin 1404 = 21 Mar 2025: the equinox came at 09:01 UTC, after noon in Tehran, so
//   Nowruz 2025 was Friday 21 March.
// - 1 Farvardin 1400 = 21 Mar 2021 (the example: 1400 SH = 21 Mar 2021 - 20 Mar 2022).
// - 1 Farvardin 1380 = 21 Mar 2001: the year the GUI test types as a year of birth.
// - 1 Meskerem 2000 = 12 Sep 2007: the Ethiopian millennium was celebrated on 12 September 2007
//   (1999 EC had 366 days, ahead of the Gregorian leap day of 2008).
// - 1 Meskerem 2016 = 12 Sep 2023: 2015 EC was a leap year (Pagume had 6 days), ahead of 2024.
// - 1 Meskerem 2017 = 11 Sep 2024: Enkutatash back on 11 September.
// - 1 Meskerem 2014 = 11 Sep 2021 (the example: 2014 EC = 11 Sep 2021 - 10 Sep 2022).
const KnownYear kKnown[] = {
    {YearCalendar::solar_hijri, "persian", 1403, "2024-03-20", {2024, 2025, 2024}},
    {YearCalendar::solar_hijri, "persian", 1404, "2025-03-21", {2025, 2026, 2025}},
    {YearCalendar::solar_hijri, "persian", 1400, "2021-03-21", {2021, 2022, 2021}},
    {YearCalendar::solar_hijri, "persian", 1380, "2001-03-21", {2001, 2002, 2001}},
    {YearCalendar::ethiopian, "ethiopic", 2000, "2007-09-12", {2007, 2008, 2008}},
    {YearCalendar::ethiopian, "ethiopic", 2016, "2023-09-12", {2023, 2024, 2024}},
    {YearCalendar::ethiopian, "ethiopic", 2017, "2024-09-11", {2024, 2025, 2025}},
    {YearCalendar::ethiopian, "ethiopic", 2014, "2021-09-11", {2021, 2022, 2022}},
};

}  // namespace

TEST_CASE("a Solar Hijri or Ethiopian year starts on the day known for it, as ICU says") {
  for (const KnownYear& known : kKnown) {
    CAPTURE(known.keyword, known.year);
    CHECK(first_day_gregorian(known.calendar, known.year) == std::string(known.new_year));
    CHECK(icu_new_year(known.keyword, known.year) == known.new_year);
  }
}

TEST_CASE("the form keeps the Gregorian year holding most of the typed year, and shows both") {
  for (const KnownYear& known : kKnown) {
    CAPTURE(known.keyword, known.year);
    CHECK(gregorian_years(known.calendar, known.year) == known.kept);
    // What the person typed comes back from what is kept.
    CHECK(year_in_calendar(known.calendar, known.kept.kept) == known.year);
  }
  CHECK(gregorian_years_text(*gregorian_years(YearCalendar::solar_hijri, 1380)) == "2001/02");
  CHECK(gregorian_years_text(*gregorian_years(YearCalendar::ethiopian, 2014)) == "2021/22");
  CHECK(gregorian_years_text(*gregorian_years(YearCalendar::solar_hijri, 1378)) == "1999/2000");
  CHECK(gregorian_years_text(*gregorian_years(YearCalendar::gregorian, 1999)) == "1999");
}

TEST_CASE("every Gregorian year of a lifetime has exactly one Solar Hijri and one Ethiopian year") {
  // The form asks for years from 1920 on; a stored year must show again as one typed year, and
  // two typed years must never be kept as the same Gregorian year.
  for (const YearCalendar calendar : {YearCalendar::solar_hijri, YearCalendar::ethiopian}) {
    for (int gregorian = 1900; gregorian <= 2100; ++gregorian) {
      CAPTURE(calendar_keyword(calendar), gregorian);
      const auto typed = year_in_calendar(calendar, gregorian);
      REQUIRE(typed);
      CHECK(gregorian_years(calendar, *typed)->kept == gregorian);
      CHECK(gregorian_years(calendar, *typed + 1)->kept == gregorian + 1);
    }
  }
}

TEST_CASE("the calendar offered first follows the person's language, and all three are offered") {
  using enum YearCalendar;
  CHECK(calendars_for_language("fa") == std::vector{solar_hijri, gregorian, ethiopian});
  CHECK(calendars_for_language("ps") == std::vector{solar_hijri, gregorian, ethiopian});
  CHECK(calendars_for_language("ti") == std::vector{ethiopian, gregorian, solar_hijri});
  CHECK(calendars_for_language("ar") == std::vector{gregorian, solar_hijri, ethiopian});
  CHECK(calendars_for_language("de") == std::vector{gregorian, solar_hijri, ethiopian});
}
