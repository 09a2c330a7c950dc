// Opening the hub's store with private files and its erasure ledger; see hub_files.h.
#include "hub/hub_files.h"

#include <fmt/format.h>

#include "base/files.h"
#include "base/sqlite.h"
#include "hub/erasure_ledger.h"
#include "hub/request_log.h"

namespace sichtbar::hub {

bool is_postgres_address(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::filesystem::path erasure_ledger_file(const HubSettings& settings) {
  if (is_postgres_address(settings.database)) return settings.keys / kErasureLedgerFileName;
  return std::filesystem::path(settings.database).parent_path() / kErasureLedgerFileName;
}

Result<void> make_hub_files_private(const HubSettings& settings) {
  std::vector<ModeFix> fixed;
  const auto take = [&](Result<std::optional<ModeFix>> fix) -> Result<void> {
    if (!fix) return std::unexpected(fix.error());
    if (*fix) fixed.push_back(std::move(**fix));
    return {};
  };
  // The key folder is the hub's own; a database's folder may be any folder the operator chose,
  // so only the hub's files in it are changed.
  if (auto r = take(make_private(settings.keys)); !r) return r;
  std::error_code ec;
  if (std::filesystem::is_directory(settings.keys, ec))
    for (const auto& entry : std::filesystem::directory_iterator(settings.keys, ec))
      if (entry.is_regular_file(ec))
        if (auto r = take(make_private(entry.path())); !r) return r;
  if (!is_postgres_address(settings.database)) {
    auto db = make_database_private(settings.database);
    if (!db) return std::unexpected(db.error());
    for (ModeFix& fix : *db) fixed.push_back(std::move(fix));
  }
  if (auto r = take(make_private(erasure_ledger_file(settings))); !r) return r;
  for (const ModeFix& fix : fixed)
    log_warning("files.made_private", fmt::format("file=\"{}\" mode_was={:04o} mode_now={:04o}",
                                                  fix.path.string(), fix.before, fix.after));
  return {};
}

Result<std::unique_ptr<HubStore>> open_hub_store(const HubSettings& settings, NewDatabase if_new) {
  if (auto r = make_hub_files_private(settings); !r) return std::unexpected(r.error());
  Result<std::unique_ptr<HubStore>> store = [&] {
    if (is_postgres_address(settings.database))
      return open_postgres_hub_store(settings.database, if_new);
    return open_sqlite_hub_store(settings.database, if_new,
                                 static_cast<std::uint64_t>(settings.min_free_disk_mb) << 20);
  }();
  if (!store && store.error().code == "hub_store.no_schema") {
    Error e = store.error();
    e.message +=
        " Check the setting \"database\" (--database, SICHTBAR_HUB_DATABASE or the config "
        "file). If the hub's database belongs there, create it once with: sichtbar-hub init-db "
        "(with the same settings as serve).";
    return std::unexpected(std::move(e));
  }
  if (!store) return store;
  // An update's first start: the operator sees that the database was brought forward.
  if (const int from = (*store)->opened_at_schema(); from > 0 && from < kHubSchemaVersion)
    log_info("store.migrated", fmt::format("from={} to={}", from, kHubSchemaVersion));
  auto ledger = ErasureLedger::open(erasure_ledger_file(settings));
  if (!ledger) return std::unexpected(ledger.error());
  if ((*ledger)->damaged_lines() > 0)
    log_warning("erasures.damaged_lines",
                fmt::format("file=\"{}\" skipped={} (a torn write or an edit; the other lines "
                            "count)",
                            (*ledger)->file().string(), (*ledger)->damaged_lines()));
  auto replay = (*store)->keep_erasures_in(*ledger);
  if (!replay) return std::unexpected(replay.error());
  // Quiet when nothing was to do: every verb opens the store.
  if (replay->erased_again > 0 || replay->added_to_ledger > 0)
    log_info("erasures.replayed",
             fmt::format("in_ledger={} erased_again={} added_to_ledger={}", replay->in_ledger,
                         replay->erased_again, replay->added_to_ledger));
  return store;
}

}  // namespace sichtbar::hub
