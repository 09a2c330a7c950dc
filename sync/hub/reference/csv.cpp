// The RFC 4180 reader; see csv.h.
#include "hub/reference/csv.h"

namespace sichtbar::hub {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

Result<CsvTable> parse_csv(std::string_view text, std::string_view name) {
  const auto malformed = [&](std::size_t line, const std::string& what) {
    return fail("csv.malformed", "The CSV file " + std::string(name) + " is broken at line " +
                                     std::to_string(line) + ": " + what +
                                     ". Use the unchanged export.");
  };
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> row;
  std::string cell;
  std::size_t line = 1, row_line = 1, i = 0;
  bool any_row = false;
  bool pending = false;  // a row has begun and not ended

  const auto end_row = [&]() -> Result<void> {
    row.push_back(std::move(cell));
    cell.clear();
    if (!any_row) {
      table.header = std::move(row);
      any_row = true;
    } else {
      if (row.size() != table.header.size())
        return malformed(row_line, "the row has " + std::to_string(row.size()) +
                                       " cells, the header " + std::to_string(table.header.size()));
      table.rows.push_back(std::move(row));
      table.row_lines.push_back(row_line);
    }
    row.clear();
    return {};
  };

  while (i < text.size()) {
    // At the start of a cell.
    pending = true;
    if (text[i] == '"') {
      const std::size_t opened = line;
      ++i;
      while (true) {
        if (i >= text.size())
          return malformed(opened, "a quoted cell is never closed (is the file cut short?)");
        const char c = text[i];
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (c == '\n') ++line;
        cell += c;
        ++i;
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
          !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
        return malformed(line, "text follows a closing quote");
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\n' &&
             !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
        if (text[i] == '"') return malformed(line, "a quote inside an unquoted cell");
        cell += text[i++];
      }
    }
    // After a cell: a comma, a row end, or the end of the text.
    if (i >= text.size()) break;
    if (text[i] == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      ++i;
      if (i >= text.size()) break;  // "a,b," at the very end: one empty cell follows
      continue;
    }
    i += text[i] == '\r' ? 2 : 1;
    if (auto r = end_row(); !r) return std::unexpected(r.error());
    pending = false;
    ++line;
    row_line = line;
  }
  // The last row, unless the text ended with a row end.
  if (pending) {
    if (auto r = end_row(); !r) return std::unexpected(r.error());
  }
  if (!any_row) return malformed(1, "it is empty");
  return table;
}

}  // namespace sichtbar::hub
