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
  Office office;
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
  CHECK(office.hub({"user", "list"}).out.find("anna  (added ") != std::string::npos);
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
