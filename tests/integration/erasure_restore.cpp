// Erasure against restored backups, the way an office lives it, with a real `sichtbar-hub serve`
// and real kiosks: profiles synced, the database backed up, one profile erased by its person on
// the profile page and one by the office, the hub's disk "fails" and last night's copy of
// hub.db is put back, the hub starts again; and a kiosk restored from its own backup sends
// everything again. No erased profile may show on its link, in the office's list or in any file
// of the database, and none may be stored again.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "support/office_ui.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;
namespace fs = std::filesystem;

namespace {

const std::string kUnknownToken = "AAAAAAAAAAAAAAAAAAAAAA";

}  // namespace

TEST_CASE("profiles erased after the last backup stay erased when the backup is restored") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::string person_marker = "Löschmarke-Person-R5", office_marker = "Löschmarke-Büro-R6";
  const std::string link =
      fill_answers(kiosk, demo_answers("Ayaan Warsame", person_marker), "a.json");
  fill_answers(kiosk, demo_answers("Bashir Nuur", office_marker), "b.json");
  fill_answers(kiosk, demo_answers("Bleibt Hier", "Augsburg"), "c.json");
  // The kiosk's own backup (its SD card copied) while it still holds all three.
  const fs::path kiosk_backup = office.tmp_ / "kiosk-backup";
  fs::copy(kiosk.data, kiosk_backup, fs::copy_options::recursive);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  REQUIRE(office.records_at_hub() == 3);
  add_office_user(office, "anna");

  // The night's backup: the hub stopped, its database copied.
  office.stop_hub();
  const fs::path backup = office.tmp_ / "hub-backup.db";
  fs::copy_file(office.database(), backup);
  office.start_hub();

  // The person erases their profile on its page...
  const std::string token = token_of(link);
  const std::string nonce = nonce_in(get(office, "/p/" + token + "/erase")->body);
  REQUIRE(post_erase(office, token, {{"nonce", nonce}})->status == 200);
  // ...and the office erases another, with a reason.
  {
    Staff anna{office, "anna"};
    const std::string hex = record_hex_in(anna.get("/office/records")->body, "Bashir Nuur");
    const std::string path = "/office/records/" + hex + "/erase";
    const std::string csrf = hidden_field(anna.get(path)->body, "csrf");
    REQUIRE(anna.post(path, {{"csrf", csrf}, {"reason", "Widerruf per Telefon"}})->status == 200);
  }
  CHECK(office.records_at_hub() == 1);

  // The disk fails; last night's copy is put back (no WAL of the lost database comes with it).
  office.stop_hub();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(office.database().string() + suffix);
  fs::copy_file(backup, office.database());
  REQUIRE(office.records_at_hub() == 3);  // the copy holds both profiles again

  office.start_hub();
  CHECK(office.records_at_hub() == 1);
  // The link shows the neutral page, byte for byte the one of a link nobody ever had.
  CHECK(get(office, path_of(link))->body == get(office, "/p/" + kUnknownToken)->body);
  // The office's list and search find neither; the third profile is untouched.
  {
    Staff anna{office, "anna"};
    const std::string list = anna.get("/office/records")->body;
    CHECK(list.find("Ayaan Warsame") == std::string::npos);
    CHECK(list.find("Bashir Nuur") == std::string::npos);
    CHECK(list.find("Bleibt Hier") != std::string::npos);
    CHECK(anna.get("/office/records?q=Ayaan")->body.find("Ayaan Warsame") == std::string::npos);
  }
  // Erased from every file of the database's folder again, not just hidden.
  CHECK(files_containing(office.database().parent_path(), person_marker).empty());
  CHECK(files_containing(office.database().parent_path(), office_marker).empty());

  // The kiosk restored from its own backup sends all three again: the hub acknowledges them
  // (the kiosk stops sending) and stores neither erased one.
  fs::remove_all(kiosk.data);
  fs::copy(kiosk_backup, kiosk.data, fs::copy_options::recursive);
  auto resent = kiosk.run({"sync"});
  INFO(resent.out << resent.err);
  REQUIRE(resent.exit_code == 0);
  CHECK(office.records_at_hub() == 1);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
  CHECK(get(office, path_of(link))->body == get(office, "/p/" + kUnknownToken)->body);
  CHECK(files_containing(office.database().parent_path(), person_marker).empty());
}
