// Test support: the hub store's backends side by side, so one test body runs against SQLite and
// PostgreSQL alike (tests/unit/hub_store.cpp, tests/unit/ingest.cpp).
//
// A HubDatabase is a fresh, empty hub database for one run of a test case: an SQLite file in its
// own temporary folder, or a new database on the throwaway PostgreSQL server named by the
// environment variable SICHTBAR_TEST_POSTGRES (tests/support/pg_cluster.sh makes it; CTest starts
// it as the fixture "postgres"), dropped again when the HubDatabase goes away.
//
// Without SICHTBAR_TEST_POSTGRES (a test binary run by hand) a PostgreSQL HubDatabase throws, so
// the test fails with the way to start the server: the PostgreSQL half never skips silently.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "hub/hub_store.h"
#include "support/temp_dir.h"

namespace sichtbar::test {

enum class HubBackend { Sqlite, Postgres };

inline const char* backend_name(HubBackend backend) {
  return backend == HubBackend::Sqlite ? "sqlite" : "postgres";
}
inline std::ostream& operator<<(std::ostream& out, HubBackend backend) {
  return out << backend_name(backend);
}

class HubDatabase {
 public:
  explicit HubDatabase(HubBackend backend);
  ~HubDatabase();
  HubDatabase(const HubDatabase&) = delete;
  HubDatabase& operator=(const HubDatabase&) = delete;

  HubBackend backend() const { return backend_; }
  // What the hub is given: the SQLite file, or the PostgreSQL connection string (a URL).
  const std::string& location() const { return location_; }
  // A new store object on this database (open_sqlite_hub_store / open_postgres_hub_store).
  Result<std::unique_ptr<hub::HubStore>> open() const;

  // The first column of the first row of a query, as text ("" without a row), on a connection
  // of its own. Throws if the query fails.
  std::string query(const std::string& sql) const;
  // Runs SQL that returns nothing on a connection of its own. Throws if it fails.
  void execute(const std::string& sql) const;

  // Makes the database from SQL (a fixture of an earlier schema, tests/fixtures/schema/): the
  // SQLite file is created; PostgreSQL's database is the empty one made for this run.
  void load(const std::string& sql) const;

  // Takes a database of the current schema back to what schema 4 had (no offices, events,
  // people, cases or links; the schema's version 4), as a hub from before offices left it: for
  // the migration tests, which store with the current hub first.
  void make_schema_4() const;
  // Takes it back to schema 5: persons without the event date of their first profile, cases
  // without the index of the tab counts.
  void make_schema_5() const;
  // Takes it back to schema 6: no consent texts kept.
  void make_schema_6() const;
  // Takes it back to schema 7: the overdue and "mine" work lists' indexes without the person at
  // their end (the earlier ones start from here too).
  void make_schema_7() const;

  // Where the hub's storage holds these bytes. SQLite: every file in the database's folder (the
  // database, its WAL, ...). PostgreSQL: "table.column" for every text or bytea column of the
  // hub's tables that has a row containing them (the server's files are not the hub's to scan).
  std::vector<std::string> places_containing(const std::string& needle) const;

  // The SQLite database's folder (for PostgreSQL an empty folder nobody uses).
  const TempDir& folder() const { return tmp_; }
  // The PostgreSQL database's name ("" for SQLite).
  const std::string& database_name() const { return pg_database_; }

 private:
  HubBackend backend_;
  TempDir tmp_;
  std::string location_;
  std::string pg_database_;
};

// A new store object on the database, for a test that cannot go on without one: throws with the
// store's message when it does not open (the test fails saying why).
std::unique_ptr<hub::HubStore> open_store(const HubDatabase& db);

// The test server's connection string (SICHTBAR_TEST_POSTGRES); throws, saying how to start
// the server, when it is not set.
std::string test_postgres_server();
// A connection string for another database on the test server, with other settings replaced or
// added (e.g. {"user", "x"}, {"password", "y"}), as a postgresql:// URL.
std::string test_postgres_url(const std::string& database,
                              const std::vector<std::pair<std::string, std::string>>& with = {});

}  // namespace sichtbar::test
