// Calendar dates and RFC 3339 times; see dates.h.
#include "base/dates.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace sichtbar {

int year_of(std::chrono::system_clock::time_point t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  return static_cast<int>(std::chrono::year_month_day(days).year());
}

int year_of_unix_ms(std::int64_t unix_ms) {
  return year_of(std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms)));
}

bool is_calendar_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  auto number = [&](std::size_t from, std::size_t count) {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) n = n * 10 + (d[i] - '0');
    return n;
  };
  const std::chrono::year_month_day date{std::chrono::year(number(0, 4)),
                                         std::chrono::month(static_cast<unsigned>(number(5, 2))),
                                         std::chrono::day(static_cast<unsigned>(number(8, 2)))};
  return date.ok();
}

std::optional<int> month_index(std::string_view yyyy_mm) {
  if (yyyy_mm.size() != 7 || !is_calendar_date(std::string(yyyy_mm) + "-01")) return std::nullopt;
  const int year = std::stoi(std::string(yyyy_mm.substr(0, 4)));
  const int month = std::stoi(std::string(yyyy_mm.substr(5, 2)));
  return year * 12 + month - 1;
}

std::string month_of_index(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string rfc3339_utc_of_unix_ms(std::int64_t unix_ms) {
  return rfc3339_utc(std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms)));
}

}  // namespace sichtbar
