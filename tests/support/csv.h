// Test support: reading the office's CSV export back (RFC 4180 quoting, ';' between cells,
// CRLF between rows, after a UTF-8 byte order mark), to compare it cell by cell.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sichtbar::test {

inline std::vector<std::vector<std::string>> parse_office_csv(std::string_view text) {
  REQUIRE(text.starts_with("\xEF\xBB\xBF"));
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 3; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ';') {
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
      ++i;
    } else {
      FAIL("a character outside quotes: every cell of the export is quoted");
    }
  }
  REQUIRE(rows.back().empty());  // the last row ended with CRLF
  rows.pop_back();
  return rows;
}

}  // namespace sichtbar::test
