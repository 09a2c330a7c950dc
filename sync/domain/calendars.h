// Years in the calendars people at the stand count in: the Solar Hijri calendar of Afghanistan
// and Iran (ICU "persian") and the Ethiopian calendar of Eritrea and Ethiopia (ICU "ethiopic",
// the Amete Mihret era), converted to the Gregorian year the form asks for and back, through
// ICU's calendars (no arithmetic of our own).
//
// Such a year spans two Gregorian years (1400 SH = 21 Mar 2021 - 20 Mar 2022; 2014 EC =
// 11 Sep 2021 - 10 Sep 2022). The form keeps one Gregorian year, and it keeps the one that holds
// most of the year's days: the likeliest for a birth or an arrival on an unknown day (2001 for
// 1380 SH, which has 286 of its days there; 2022 for 2014 EC, 253 days). So a Solar Hijri year
// is kept as the Gregorian year it starts in and an Ethiopian one as the year it ends in; the
// person sees both years on the screen ("1380 = 2001/02").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sichtbar {

enum class YearCalendar { gregorian, solar_hijri, ethiopian };

// The catalogue key of a calendar's name on its button ("ui.calendar.solar_hijri"): the screen
// shows it and read aloud says it.
std::string_view calendar_name_key(YearCalendar calendar);

// ICU's keyword for the calendar ("gregorian", "persian", "ethiopic"); also its stable name.
std::string_view calendar_keyword(YearCalendar calendar);

// The Gregorian years one year of a calendar touches: first (its first day), last (its last
// day) and kept (the one holding most of its days; the one the form stores).
struct GregorianYears {
  int first = 0;
  int last = 0;
  int kept = 0;
  bool operator==(const GregorianYears&) const = default;
};

// The Gregorian years of `year` in `calendar` (a Gregorian year is itself). nullopt if ICU cannot
// place it (a year far outside any person's life).
std::optional<GregorianYears> gregorian_years(YearCalendar calendar, int year);

// The Gregorian date of the first day of `year` in `calendar`, YYYY-MM-DD: Nowruz for the Solar
// Hijri year (1 Farvardin 1403 -> "2024-03-20"), Enkutatash for the Ethiopian one (1 Meskerem
// 2016 -> "2023-09-12"). nullopt if ICU cannot place it.
std::optional<std::string> first_day_gregorian(YearCalendar calendar, int year);

// Back: the year of `calendar` whose kept Gregorian year is `gregorian` (2001 -> 1380 SH,
// 2022 -> 2014 EC), so a stored answer shows again as the person typed it.
std::optional<int> year_in_calendar(YearCalendar calendar, int gregorian);

// "2021/22", or "2021" for a year within one Gregorian year; the century is written out when it
// changes ("1999/2000").
std::string gregorian_years_text(const GregorianYears& years);

// The calendars a person is offered for a year, the likeliest for their UI language first:
// Solar Hijri for Dari/Persian and Pashto ("fa", "ps"), Ethiopian for Tigrinya ("ti"),
// Gregorian for everyone else. Always all three: anyone can count in any of them.
std::vector<YearCalendar> calendars_for_language(std::string_view ui_language);

}  // namespace sichtbar
