// PostgreSQL connection strings as libpq reads them (PQconninfoParse), for keeping their
// passwords out of every message the hub shows or logs.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"

namespace sichtbar::hub {

// The password(s) conninfo carries (URL user:password@ or ?password=, or key=value password=),
// as libpq parses them. A string libpq cannot parse fails with "hub_store.bad_address" and
// libpq's reason, with every part of the string libpq quoted left out: it may hold the password.
Result<std::vector<std::string>> conninfo_passwords(const std::string& conninfo);

// text with every occurrence of each secret replaced by "***".
std::string redact(std::string text, const std::vector<std::string>& secrets);

}  // namespace sichtbar::hub
