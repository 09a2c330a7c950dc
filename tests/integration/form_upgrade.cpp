// A form upgrade end to end, with real processes: the hub is upgraded to the form version after
// the newest published one (made here from it, with tests/fixtures/forms/skills-profile-2.json's
// change: a field added, a label changed), a kiosk still running the published versions syncs
// its profiles, and they are stored and shown with their version's labels; a kiosk already
// upgraded syncs profiles of the next version to the same hub.
#include <catch2/catch.hpp>

#include "domain/form_library.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using sichtbar::test::Kiosk;
using sichtbar::test::Office;
namespace fs = std::filesystem;

namespace {

// The newest published version of the form, as a kiosk of the source tree makes records with.
int published_version() {
  auto forms = FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  REQUIRE(forms);
  return forms->latest().version;
}

// The source tree's assets with the next version of the form published next to the others: the
// newest with the fixture's change (about.district added, about.place_of_residence's label
// changed).
fs::path upgraded_assets(const fs::path& at) {
  fs::copy(test::asset(""), at, fs::copy_options::recursive);
  const int newest = published_version();
  const fs::path folder = form_folder(at, kProfileFormId);
  auto form = nlohmann::json::parse(test::read_file(folder / (std::to_string(newest) + ".json")));
  form["version"] = newest + 1;
  for (auto& section : form["sections"]) {
    if (section["id"] != "about") continue;
    auto& fields = section["fields"];
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i]["id"] != "place_of_residence") continue;
      fields[i]["label_key"] = "about.place_of_residence.help";
      const nlohmann::json district = {{"id", "district"},
                                       {"type", "text"},
                                       {"label_key", "about.district.label"},
                                       {"max_length", 120}};
      fields.insert(fields.begin() + static_cast<std::ptrdiff_t>(i) + 1, district);
      break;
    }
  }
  test::write_file(folder / (std::to_string(newest + 1) + ".json"), form.dump(2));
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

  // The kiosk was not upgraded: it runs with the source tree's assets (the published versions).
  const int newest = published_version();
  Kiosk old_kiosk{office.tmp_ / "old-kiosk"};
  old_kiosk.enroll(office);
  const std::string link = test::fill_profile(old_kiosk, "de", "Hamid Rahimi", "Königsbrunn");
  auto r = old_kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 sent, 1 new at the office") != std::string::npos);
  CHECK(old_kiosk.counts().waiting_for_sync() == 0);
  CHECK(versions_at_hub(office) == std::vector<int>{newest});

  // Its person's page, with its version's label for where they live.
  auto page = test::get(office, test::path_of(link));
  REQUIRE(page->status == 200);
  CHECK(page->body.find("Hamid Rahimi") != std::string::npos);
  CHECK(page->body.find("Königsbrunn") != std::string::npos);
  CHECK(page->body.find("Wo wohnen Sie?") != std::string::npos);

  // An upgraded kiosk makes profiles of the next version, with the field that version added.
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
  CHECK(versions_at_hub(office) == std::vector<int>{newest, newest + 1});
}
