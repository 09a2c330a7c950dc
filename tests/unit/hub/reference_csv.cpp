// The CSV reader behind `sichtbar-hub reference build`: ESCO's exports as they are (quoted cells
// with doubled quotes and line breaks, LF and CRLF row ends, a byte order mark), and a torn or
// broken file refused with its line, never read as fewer rows.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "hub/reference/csv.h"

using sichtbar::hub::parse_csv;

using Rows = std::vector<std::vector<std::string>>;

TEST_CASE("quoted cells keep commas, doubled quotes and line breaks") {
  auto t = parse_csv(
      "conceptUri,preferredLabel,altLabels\n"
      "u1,\"Koch, Köchin\",\"Koch\nKöchin\"\n"
      "u2,\"Der \"\"Chef\"\"\",\n",
      "x.csv");
  REQUIRE(t);
  CHECK(t->header == std::vector<std::string>{"conceptUri", "preferredLabel", "altLabels"});
  CHECK(t->rows == Rows{{"u1", "Koch, Köchin", "Koch\nKöchin"}, {"u2", "Der \"Chef\"", ""}});
  CHECK(t->row_lines == std::vector<std::size_t>{2, 4});
  CHECK(t->column("altLabels") == 2);
  CHECK_FALSE(t->column("hiddenLabels"));
}

TEST_CASE("CRLF row ends read like LF ones, with LF inside cells and no final row end") {
  const auto lf = parse_csv("a,b\n1,\"x\ny\"\n2,z", "lf.csv");
  const auto crlf = parse_csv("a,b\r\n1,\"x\ny\"\r\n2,z\r\n", "crlf.csv");
  REQUIRE(lf);
  REQUIRE(crlf);
  CHECK(lf->rows == Rows{{"1", "x\ny"}, {"2", "z"}});
  CHECK(crlf->rows == lf->rows);
  // A byte order mark is not part of the first column's name.
  const auto bom = parse_csv(
      "\xEF\xBB\xBF"
      "code,preferredLabel\n1,x\n",
      "bom.csv");
  REQUIRE(bom);
  CHECK(bom->column("code") == 0);
  // Empty cells, also the last one.
  const auto empty = parse_csv("a,b,c\n,,\n\"\",x,\n", "e.csv");
  REQUIRE(empty);
  CHECK(empty->rows == Rows{{"", "", ""}, {"", "x", ""}});
}

TEST_CASE("a torn file is refused with the line its open cell starts on") {
  // The export cut off inside a quoted multi-line cell: not a shorter last row.
  auto torn = parse_csv("a,b\n1,x\n2,\"Koch\nKöch", "torn.csv");
  REQUIRE_FALSE(torn);
  CHECK(torn.error().code == "csv.malformed");
  CHECK(torn.error().message.find("torn.csv is broken at line 3") != std::string::npos);
  CHECK(torn.error().message.find("never closed") != std::string::npos);

  auto short_row = parse_csv("a,b,c\n1,2,3\n4,5\n", "short.csv");
  REQUIRE_FALSE(short_row);
  CHECK(short_row.error().message.find("line 3") != std::string::npos);
  CHECK(short_row.error().message.find("2 cells") != std::string::npos);

  CHECK_FALSE(parse_csv("a,b\n1,\"x\"y\n", "after.csv"));
  CHECK_FALSE(parse_csv("a,b\n1,x\"y\n", "inside.csv"));
  CHECK_FALSE(parse_csv("", "empty.csv"));
}

TEST_CASE("line numbers count the breaks inside cells") {
  auto t = parse_csv("a,b\n1,\"x\n\ny\"\n2,\"z\"\n3,w,extra\n", "n.csv");
  REQUIRE_FALSE(t);
  CHECK(t.error().message.find("line 6") != std::string::npos);
}
