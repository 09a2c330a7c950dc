// `sichtbar-hub user add|list|remove` as office admins run it: the password only from a private
// file (or the terminal), never stored in clear, clear errors for a short password, a file
// others can read, a bad name, a name taken or unknown, and each change in the audit log.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "support/office_ui.h"

using namespace sichtbar;
using namespace sichtbar::test;

namespace {

RunResult user_add(Office& office, const std::string& name, const std::string& password,
                   mode_t mode = 0600) {
  const auto file = office.tmp_.path() / "new-password";
  write_file(file, password + "\n");
  ::chmod(file.c_str(), mode);
  return office.hub({"user", "add", name, "--password-file", file.string()});
}

}  // namespace

TEST_CASE("sichtbar-hub user: add, list and remove logins, with errors an admin can act on") {
  Office office(false, {}, {}, /*first_office_complete=*/false);  // its audit: the logins only
  auto none = office.hub({"user", "list"});
  CHECK(none.exit_code == 0);
  CHECK(none.out.find("No office login yet") != std::string::npos);

  auto shortpw = user_add(office, "anna", "kurz");
  CHECK(shortpw.exit_code == 1);
  CHECK(shortpw.err.find("at least 10 characters") != std::string::npos);
  auto readable = user_add(office, "anna", kStaffPassword, 0644);
  CHECK(readable.exit_code == 1);
  CHECK(readable.err.find("chmod 600") != std::string::npos);
  auto bad_name = user_add(office, "anna schmidt", kStaffPassword);
  CHECK(bad_name.exit_code == 1);
  CHECK(bad_name.err.find("cannot be a login name") != std::string::npos);
  auto on_argv = office.hub({"user", "add", "anna", "--password", kStaffPassword});
  CHECK(on_argv.exit_code == 2);  // no such option: a password never goes on the command line
  CHECK(office.hub({"user", "list"}).out.find("No office login yet") != std::string::npos);

  auto added = user_add(office, "anna", kStaffPassword);
  INFO(added.err);
  CHECK(added.exit_code == 0);
  CHECK(added.out.find("/office") != std::string::npos);
  auto taken = user_add(office, "anna", "ein anderes Passwort");
  CHECK(taken.exit_code == 1);
  CHECK(taken.err.find("already") != std::string::npos);
  CHECK(office.hub({"user", "list"}).out.find("anna  administrator  office 1 (") !=
        std::string::npos);
  // The hub keeps an argon2id hash, never the password.
  CHECK(files_containing(office.database().parent_path(), kStaffPassword).empty());
  CHECK(!files_containing(office.database().parent_path(), "$argon2id$").empty());
  // The new login works.
  CHECK(try_login(office, "anna", kStaffPassword).status == 303);

  auto unknown = office.hub({"user", "remove", "bernd"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("no office login named \"bernd\"") != std::string::npos);
  auto removed = office.hub({"user", "remove", "anna"});
  CHECK(removed.exit_code == 0);
  CHECK(try_login(office, "anna", kStaffPassword).status == 401);

  auto store = hub::open_sqlite_hub_store(office.database());
  REQUIRE(store);
  auto audit = (*store)->list_audit(10);
  REQUIRE(audit);
  std::vector<std::string> actions;
  for (const auto& e : *audit)
    if (e.user == "(command line)") actions.push_back(e.action + " " + e.subject);
  CHECK(actions == std::vector<std::string>{"user_remove anna", "user_add anna"});
}

TEST_CASE("sichtbar-hub user and office: roles, offices and their settings from the command line") {
  Office office(false, {}, {}, /*first_office_complete=*/false);
  // The hub's first login administers it; the next ones counsel in office 1, as printed.
  auto first = user_add(office, "anna", kStaffPassword);
  INFO(first.out << first.err);
  CHECK(first.out.find("as administrator of office 1") != std::string::npos);
  auto second = user_add(office, "ben", kStaffPassword);
  CHECK(second.out.find("as counsellor of office 1") != std::string::npos);

  // An office to put logins in: bad settings are refused and change nothing.
  auto no_office = office.hub({"user", "set", "ben", "--role", "counsellor", "--office", "2"});
  CHECK(no_office.exit_code == 1);
  CHECK(no_office.err.find("There is no office 2. See: sichtbar-hub office list") !=
        std::string::npos);
  auto bad_days =
      office.hub({"office", "add", "Beratungsstelle München", "--retention-days", "4000"});
  CHECK(bad_days.exit_code == 1);
  CHECK(bad_days.err.find("--retention-days must be 0") != std::string::npos);
  auto listed = office.hub({"office", "list"});
  CHECK(listed.out.find("2  ") == std::string::npos);
  CHECK(listed.out.find("1  ") != std::string::npos);
  CHECK(listed.out.find("INCOMPLETE") != std::string::npos);  // the first office's placeholder
  auto added = office.hub({"office", "add", "Beratungsstelle München", "--contact",
                           "Marienplatz 1, München", "--retention-days", "365"});
  INFO(added.err);
  CHECK(added.exit_code == 0);
  CHECK(added.out.find("Added office 2 (Beratungsstelle München)") != std::string::npos);
  auto again = office.hub({"office", "add", "Beratungsstelle München"});
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("already") != std::string::npos);
  auto set =
      office.hub({"office", "set", "1", "--name", "Beratungsstelle Augsburg", "--contact",
                  "Rathausplatz 1", "--dpo", "dsb@augsburg.example", "--authority", "BayLDA"});
  INFO(set.err);
  CHECK(set.exit_code == 0);
  CHECK(office.hub({"office", "list"})
            .out.find("1  Beratungsstelle Augsburg  (retention 730 "
                      "days)\n") != std::string::npos);
  CHECK(office.hub({"office", "set", "7", "--name", "x"}).err.find("There is no office 7") !=
        std::string::npos);

  // Roles: a bad one says which there are; a good one shows in the list.
  auto bad_role = office.hub({"user", "set", "ben", "--role", "chief"});
  CHECK(bad_role.exit_code == 1);
  CHECK(bad_role.err.find("administrator, counsellor or statistics") != std::string::npos);
  auto moved = office.hub({"user", "set", "ben", "--role", "statistics", "--office", "2"});
  INFO(moved.err);
  CHECK(moved.exit_code == 0);
  const std::string users = office.hub({"user", "list"}).out;
  CHECK(users.find("ben  statistics  office 2 (Beratungsstelle München)") != std::string::npos);
  CHECK(users.find("anna  administrator  office 1 (Beratungsstelle Augsburg)") !=
        std::string::npos);
  const auto file = office.tmp_.path() / "carla-password";
  write_file(file, std::string(kStaffPassword) + "\n");
  ::chmod(file.c_str(), 0600);
  auto carla = office.hub({"user", "add", "carla", "--role", "counsellor", "--office", "9",
                           "--password-file", file.string()});
  CHECK(carla.exit_code == 1);
  CHECK(carla.err.find("There is no office 9") != std::string::npos);
  CHECK(office.hub({"user", "list"}).out.find("carla") == std::string::npos);
  // Taking the last administrator away is allowed here (this is how a locked-out hub is
  // mended), and says how to add one.
  auto demoted = office.hub({"user", "set", "anna", "--role", "counsellor"});
  CHECK(demoted.exit_code == 0);
  CHECK(demoted.out.find("No login is an administrator now") != std::string::npos);
}

TEST_CASE("sichtbar-hub enroll --office: the kiosk that uses the code joins that office") {
  Office office;
  auto none = office.hub({"enroll", "--office", "2"});
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("There is no office 2. See: sichtbar-hub office list") != std::string::npos);
  REQUIRE(office.hub({"office", "add", "Beratungsstelle München", "--contact", "Marienplatz 8",
                      "--dpo", "dsb@muenchen.example", "--authority", "BayLDA, Ansbach"})
              .exit_code == 0);
  auto made = office.hub({"enroll", "--office", "2"});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(made.out.find("joins office 2, Beratungsstelle München") != std::string::npos);
  const auto at = made.out.find("Enrollment code: ");
  REQUIRE(at != std::string::npos);
  Kiosk munich{office.tmp_ / "munich"};
  auto enrolled = munich.run({"enroll", "--hub", office.url(), "--code",
                              made.out.substr(at + 17, 19), "--name", "Kiosk München"});
  INFO(enrolled.out << enrolled.err);
  REQUIRE(enrolled.exit_code == 0);
  Kiosk augsburg{office.tmp_ / "augsburg"};
  augsburg.enroll(office);  // without --office: the first office
  const std::string devices = office.hub({"devices"}).out;
  CHECK(devices.find("Kiosk München  office 2") != std::string::npos);
  CHECK(devices.find("Kiosk Augsburg 1  office 1") != std::string::npos);
}
