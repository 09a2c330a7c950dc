// What `sichtbar-hub backup` and `restore` (backup.h) ask of a PostgreSQL hub database, through
// libpq (which only the store's PostgreSQL files may see): the connection string without its
// password for pg_dump and pg_restore, which the hub runs as programs of their own, whether the
// database is in use and holds anything, and setting the hub's tables aside before a restore.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/error.h"

namespace sichtbar::hub {

// conninfo split for a client program: the connection string in key=value form without any
// password (it goes on the program's command line, which every user sees in ps), and the
// password, which goes to the program through its environment (PGPASSWORD), readable only by
// the hub's user. "hub_store.bad_address" as conninfo_passwords.
struct PostgresClientAddress {
  std::string conninfo;  // no password in it
  std::optional<std::string> password;
};
Result<PostgresClientAddress> postgres_client_address(const std::string& conninfo);

// The hub's database as a restore finds it.
struct PostgresTarget {
  std::string schema;           // the hub's schema (current_schema(): public unless search_path)
  bool has_tables = false;      // the hub's tables are there (init-db made them, or a hub ran)
  int schema_version = 0;       // sichtbar_schema's version; 0 without tables
  std::uint64_t rows = 0;       // kiosks, records and logins: what an empty init-db lacks
  std::uint64_t other_connections = 0;  // sessions on the database besides this one
};
// "restore.database_unreachable" (the reason, its password redacted) when it cannot connect.
Result<PostgresTarget> inspect_postgres_target(const std::string& conninfo);

// Renames the hub's schema to aside and creates the schema again, empty, in one transaction:
// what was there stays, under the new name, for the administrator to drop once the restored
// hub runs. put_back reverses it (the new schema must be empty: a restore that failed).
Result<void> set_postgres_schema_aside(const std::string& conninfo, const std::string& schema,
                                       const std::string& aside);
Result<void> put_postgres_schema_back(const std::string& conninfo, const std::string& schema,
                                      const std::string& aside);

}  // namespace sichtbar::hub
