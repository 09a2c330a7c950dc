// Calendar dates and times as this project writes them: years for validation, real calendar
// dates (YYYY-MM-DD) for events and filters, and RFC 3339 UTC times for records and exports.
// Pure functions; "now" is the caller's.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sichtbar {

// The calendar year (UTC) of a time point, or of milliseconds since the Unix epoch.
int year_of(std::chrono::system_clock::time_point t);
int year_of_unix_ms(std::int64_t unix_ms);

// True if d is a real calendar date written YYYY-MM-DD: 2026-02-30 and 2026-99-99 are not.
bool is_calendar_date(std::string_view d);

// A calendar month written YYYY-MM (the figures' months) as a count of months, year * 12 + month
// - 1, so a range of months is a range of integers; nullopt if it is not one ("2026-13", "26-1").
std::optional<int> month_index(std::string_view yyyy_mm);
// The month of a count of months, YYYY-MM.
std::string month_of_index(int index);

// "2026-11-28T14:03:07Z": RFC 3339 in UTC, whole seconds.
std::string rfc3339_utc(std::chrono::system_clock::time_point t);
std::string rfc3339_utc_of_unix_ms(std::int64_t unix_ms);

}  // namespace sichtbar
