// libFuzzer target: the CSV reader of `sichtbar-hub reference build` (hub/reference/csv.h) on any
// bytes. A table it accepts has the header's width in every row and rising line numbers, and
// written out again (every cell quoted) it reads back as the same table.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "hub/reference/csv.h"

namespace {

std::string quoted(const std::string& cell) {
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string write_row(const std::vector<std::string>& row) {
  std::string out;
  for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + quoted(row[i]);
  return out + "\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(sichtbar::fuzz::as_text(data, size));
  const auto table = sichtbar::hub::parse_csv(text, "fuzz.csv");
  if (!table) {
    SICHTBAR_FUZZ_CHECK(table.error().code == "csv.malformed");
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(!table->header.empty());
  SICHTBAR_FUZZ_CHECK(table->rows.size() == table->row_lines.size());
  std::size_t last = 1;
  for (std::size_t i = 0; i < table->rows.size(); ++i) {
    SICHTBAR_FUZZ_CHECK(table->rows[i].size() == table->header.size());
    SICHTBAR_FUZZ_CHECK(table->row_lines[i] > last);
    last = table->row_lines[i];
  }
  std::string again = write_row(table->header);
  for (const auto& row : table->rows) again += write_row(row);
  const auto reread = sichtbar::hub::parse_csv(again, "again.csv");
  SICHTBAR_FUZZ_CHECK(reread && reread->header == table->header && reread->rows == table->rows);
  return 0;
}
