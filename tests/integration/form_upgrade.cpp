// A form upgrade end to end, with real processes: the hub is upgraded to form version 2 (the
// published version 1 plus tests/fixtures/forms/skills-profile-2.json), a kiosk still running
// version 1 syncs its profiles, and they are stored and shown with version 1's labels; a kiosk
// already upgraded syncs version 2 profiles to the same hub.
#include <catch2/catch.hpp>

#include "support/profile_pages.h"

using namespace sichtbar;
using sichtbar::test::Kiosk;
using sichtbar::test::Office;
namespace fs = std::filesystem;

namespace {

// The source tree's assets with version 2 of the form published next to version 1.
fs::path upgraded_assets(const fs::path& at) {
  fs::copy(test::asset(""), at, fs::copy_options::recursive);
  fs::copy_file(test::fixture("forms/skills-profile-2.json"),
                at / "forms" / "skills-profile" / "2.json");
  return at;
}

// The form versions of the records at the hub, oldest received first.
std::vector<int> versions_at_hub(Office& office) {
  auto store = hub::open_sqlite_hub_store(office.database());
  REQUIRE(store);
  hub::RecordFilter all;
  all.limit = 0;
  auto page = (*store)->search_records(all);
  REQUIRE(page);
  std::vector<int> versions;
  for (auto it = page->rows.rbegin(); it != page->rows.rend(); ++it)
    versions.push_back(nlohmann::json::parse(it->record_json)["form"]["version"].get<int>());
  return versions;
}

}  // namespace

TEST_CASE("a kiosk still on the previous form version syncs to an upgraded hub") {
  test::TempDir assets_dir;
  const fs::path assets = upgraded_assets(assets_dir / "assets");
  Office office(false, assets);

  // The kiosk was not upgraded: it runs with the source tree's assets (version 1 only).
  Kiosk old_kiosk{office.tmp_ / "old-kiosk"};
  old_kiosk.enroll(office);
  const std::string link = test::fill_profile(old_kiosk, "de", "Hamid Rahimi", "Königsbrunn");
  auto r = old_kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 sent, 1 new at the office") != std::string::npos);
  CHECK(old_kiosk.counts().waiting_for_sync() == 0);
  CHECK(versions_at_hub(office) == std::vector<int>{1});

  // Its person's page, with version 1's label for where they live.
  auto page = test::get(office, test::path_of(link));
  REQUIRE(page->status == 200);
  CHECK(page->body.find("Hamid Rahimi") != std::string::npos);
  CHECK(page->body.find("Königsbrunn") != std::string::npos);
  CHECK(page->body.find("Wo wohnen Sie?") != std::string::npos);

  // An upgraded kiosk makes version 2 profiles, with the field version 2 added.
  Kiosk new_kiosk{office.tmp_ / "new-kiosk"};
  new_kiosk.enroll(office);
  auto answers = test::demo_answers("Selam Tesfay", "Augsburg");
  answers["answers"]["about"]["district"] = "Lechhausen";
  const fs::path answers_file = office.tmp_ / "answers-v2.json";
  test::write_file(answers_file, answers.dump());
  r = new_kiosk.run({"fill", "--answers", answers_file.string(), "--no-terminal-qr", "--assets",
                     assets.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  r = new_kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 sent, 1 new at the office") != std::string::npos);
  CHECK(versions_at_hub(office) == std::vector<int>{1, 2});
}
