// Dates and times (base/dates.h): the event date a volunteer types, the office's date filter and
// the years a form's fields are checked against all rest on these.
#include "base/dates.h"

#include <catch2/catch.hpp>
#include <chrono>

using namespace sichtbar;
using namespace std::chrono;

TEST_CASE("is_calendar_date takes real dates written YYYY-MM-DD and nothing else") {
  CHECK(is_calendar_date("2026-11-28"));
  CHECK(is_calendar_date("2024-02-29"));  // a leap day
  CHECK_FALSE(is_calendar_date("2026-02-29"));
  CHECK_FALSE(is_calendar_date("2026-02-30"));
  CHECK_FALSE(is_calendar_date("2026-99-99"));  // the office's old rule took this
  CHECK_FALSE(is_calendar_date("2026-13-01"));
  CHECK_FALSE(is_calendar_date("2026-00-10"));
  CHECK_FALSE(is_calendar_date("28.11.2026"));
  CHECK_FALSE(is_calendar_date("2026-1-28"));
  CHECK_FALSE(is_calendar_date("2026-11-28 "));
  CHECK_FALSE(is_calendar_date("２０２６-11-28"));  // full-width digits
  CHECK_FALSE(is_calendar_date(""));
}

TEST_CASE("year_of and rfc3339_utc read the calendar in UTC") {
  // 2026-12-31T23:30:00Z: still 2026 in UTC, whatever the machine's time zone says.
  const auto t = sys_days{year{2026} / December / 31} + hours{23} + minutes{30};
  CHECK(year_of(t) == 2026);
  CHECK(year_of(t + hours{1}) == 2027);
  CHECK(rfc3339_utc(t) == "2026-12-31T23:30:00Z");
  const std::int64_t ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  CHECK(year_of_unix_ms(ms) == 2026);
  CHECK(rfc3339_utc_of_unix_ms(ms + 999) == "2026-12-31T23:30:00Z");  // whole seconds
  CHECK(rfc3339_utc_of_unix_ms(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("a month YYYY-MM counts as months, so a range of them crosses years") {
  REQUIRE(month_index("2026-12"));
  CHECK(*month_index("2027-01") == *month_index("2026-12") + 1);
  CHECK(month_of_index(*month_index("2026-12") + 1) == "2027-01");
  CHECK(month_of_index(*month_index("2026-03") - 11) == "2025-04");
  for (const char* bad : {"2026-13", "2026-00", "2026-3", "26-03", "2026/03", "", "2026-03-01"}) {
    INFO(bad);
    CHECK_FALSE(month_index(bad));
  }
}
