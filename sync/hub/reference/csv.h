// A small RFC 4180 reader for the CSV exports the reference builder reads (ESCO's): commas,
// cells quoted with '"' and doubled quotes inside, line breaks inside quoted cells, LF or CRLF row
// ends (ESCO's exports use both). A byte order mark is tolerated. Columns are found by name,
// because the exports of one release order them differently per language.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar::hub {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each exactly header.size() cells
  std::vector<std::size_t> row_lines;          // the line each row starts on (1-based)

  // The index of the column named name, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
};

// Error "csv.malformed" names the file (name) and the line: a quoted cell that never closes (a
// torn file), a quote in the middle of an unquoted cell or text after a closing quote, a row
// whose cell count differs from the header's, an empty file.
Result<CsvTable> parse_csv(std::string_view text, std::string_view name);

}  // namespace sichtbar::hub
