// The hub's files on its own disk and how every verb of sichtbar-hub opens its store: the
// database, the key folder and the erasure ledger private to the hub's user (fixed, and logged,
// where an older hub or a copy left them readable), and the ledger's erasures made again in the
// database (erasure_ledger.h), so a restored older database shows nothing erased since.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "base/error.h"
#include "hub/hub_store.h"
#include "hub/settings.h"

namespace sichtbar::hub {

// A postgresql:// (or postgres://) URL names a PostgreSQL database; anything else an SQLite file.
bool is_postgres_address(std::string_view database);

// The erasure ledger: erasures.log beside an SQLite database; in the keys folder for PostgreSQL,
// whose database has no folder of the hub's.
std::filesystem::path erasure_ledger_file(const HubSettings& settings);

// Takes the rights of group and others off the key folder and every file in it, the SQLite
// database and its -wal, -shm and -journal files, and the erasure ledger, logging each file it
// changed. Fails ("file.not_private") on one it cannot change: the hub then does not start.
Result<void> make_hub_files_private(const HubSettings& settings);

// The store the settings name, its files private (make_hub_files_private; a new SQLite folder is
// made 0700), with its erasure ledger kept and replayed (HubStore::keep_erasures_in): records
// the ledger names that the database holds are erased again, logged with their count, and a
// damaged ledger line is logged as a warning and skipped. With NewDatabase::refuse a database
// without the hub's tables is refused (hub_store.no_schema) with a message that names the setting
// and `sichtbar-hub init-db`, which creates it.
Result<std::unique_ptr<HubStore>> open_hub_store(const HubSettings& settings,
                                                 NewDatabase if_new = NewDatabase::create);

}  // namespace sichtbar::hub
