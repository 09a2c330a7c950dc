// The figures over HTTP, against a real `sichtbar-hub serve` on loopback with the planted month
// of tests/support/planted_figures.h: a statistics login sees its own office's figures, and is
// refused another office's and all offices' (page and CSV); an administrator chooses any office
// or all; the CSV carries the page's cells ("< 5", never a count of 1 to 4) and is audited.
#include <catch2/catch.hpp>

#include "support/csv.h"
#include "support/office_ui.h"
#include "support/planted_figures.h"

using namespace sichtbar;
using namespace sichtbar::test;

namespace {

struct PlantedOffice {
  Office office;
  PlantedFigures planted;

  PlantedOffice() {
    // The running hub and this store share the SQLite file, as two hub processes would.
    auto store = hub::open_sqlite_hub_store(office.database());
    REQUIRE(store);
    planted = plant_figures(**store);
    add_office_user(office, "zahlen");
    add_office_user(office, "chefin");
    REQUIRE((*store)->set_user_role("zahlen", hub::OfficeRole::statistics, hub::kFirstOffice));
    // Not the hub's first login, so `user add` made her a counsellor: she runs the hub.
    REQUIRE((*store)->set_user_role("chefin", hub::OfficeRole::administrator, hub::kFirstOffice));
  }
};

const std::string kRange = "from=2026-03&to=2026-04";

}  // namespace

TEST_CASE("a statistics login sees its own office's figures and is refused any other's") {
  PlantedOffice o;
  Staff stats(o.office, "zahlen");

  auto own = stats.get("/office/figures?" + kRange);
  CHECK(own->status == 200);
  CHECK(own->body.find("&lt;b&gt;Augsburg&lt;/b&gt;") != std::string::npos);
  CHECK(own->body.find("M\xC3\xBCnchen") == std::string::npos);  // no office choice, no Munich
  CHECK(own->body.find("<td class=\"num\">8</td>") != std::string::npos);  // March's profiles

  const std::string other = std::to_string(o.planted.second_office);
  for (const std::string& path : std::vector<std::string>{
           "/office/figures?office=" + other + "&" + kRange, "/office/figures.csv?office=" + other,
           "/office/figures?office=all", "/office/figures.csv?office=0"}) {
    INFO(path);
    auto refused = stats.get(path);
    CHECK(refused->status == 403);
    CHECK(refused->body.find("Messe M") == std::string::npos);
  }

  auto csv = stats.get("/office/figures.csv?" + kRange);
  REQUIRE(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
  const auto rows = parse_office_csv(csv->body);
  for (const auto& row : rows) {
    CHECK(row.at(0) != "M\xC3\xBCnchen");
    for (std::size_t c = 3; c < row.size(); ++c) {
      INFO("row " << row.at(2));
      CHECK((row[c] != "1" && row[c] != "2" && row[c] != "3" && row[c] != "4"));
    }
  }
  auto store = hub::open_sqlite_hub_store(o.office.database());
  REQUIRE(store);
  auto audit = (*store)->list_audit(10);
  REQUIRE(audit);
  REQUIRE_FALSE(audit->empty());
  CHECK(audit->front().action == "export_figures");
  CHECK(audit->front().user == "zahlen");
  CHECK(audit->front().subject == "office 1, 2026-03 .. 2026-04");
}

TEST_CASE("an administrator sees each office's figures and all together, with the office choice") {
  PlantedOffice o;
  Staff admin(o.office, "chefin");
  const std::string munich = std::to_string(o.planted.second_office);

  auto all = admin.get("/office/figures?" + kRange);
  REQUIRE(all->status == 200);
  CHECK(all->body.find("Alle Beratungsstellen zusammen") != std::string::npos);
  CHECK(all->body.find("<option value=\"" + munich + "\">M\xC3\xBCnchen</option>") !=
        std::string::npos);
  CHECK(all->body.find("<td class=\"num\">13</td>") != std::string::npos);  // March, both

  auto one = admin.get("/office/figures?office=" + munich + "&" + kRange);
  REQUIRE(one->status == 200);
  CHECK(one->body.find("<td class=\"num\">5</td>") != std::string::npos);
  CHECK(one->body.find("<td class=\"num\">13</td>") == std::string::npos);

  // A month that is none: the last 12 months, and the page says why.
  auto bad = admin.get("/office/figures?from=2026-13&to=2026-04");
  REQUIRE(bad->status == 200);
  CHECK(bad->body.find("JJJJ-MM") != std::string::npos);
}
