// The SQLite backend of HubStore (hub_store.h): the default for a single office. One database
// file, WAL with synchronous=FULL (an ACK is only sent for what survives power loss),
// secure_delete (erased records are overwritten, not just unlinked), its own application_id and
// schema migrations. The .cpp is only the SQLite session under the one store (sql_session.h):
// callers only see HubStore.
//
// open_sqlite_hub_store(file) creates the file (and missing parent folders, mode 0700) or opens
// an existing one. It refuses, and leaves the file exactly as it was:
//   hub_store.not_a_database   the file is not SQLite at all (damaged or some other file)
//   hub_store.foreign_database an SQLite database of another program (application_id differs)
//   hub_store.newer_schema     made by a newer Sichtbar hub: update the hub, never downgrade
//   hub_store.corrupt          PRAGMA quick_check fails
//   hub_store.read_only        file or folder cannot be written
// Later calls may fail with hub_store.write_failed (disk full / I/O), hub_store.busy (another
// program holds the database), hub_store.failed (anything else), and the codes in hub_store.h.
//
// Threads: one connection, every call takes an internal mutex, so calls are serialised; the
// slow parts of ingest (verify, open, validate) run outside the store and can run in parallel.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "hub/hub_store.h"

namespace sichtbar::hub {

// "SBHB" in the database header: tells a hub database from any other SQLite file (the kiosk's
// database uses "SICH", so one can never be opened as the other).
inline constexpr std::int64_t kHubApplicationId = 0x53424842;
// Highest schema version this build knows (PRAGMA user_version); see the migrations in the .cpp.
inline constexpr int kHubSchemaVersion = 2;

Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& database_file);

}  // namespace sichtbar::hub
