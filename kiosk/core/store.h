// The kiosk store: the one place that opens the kiosk's SQLite database (WAL, synchronous=FULL,
// secure_delete), runs its schema migrations, and holds settings, the device identity and the
// audit log. The outbox of sealed envelopes lives in outbox.h on top of it.
// Plaintext personal data never reaches this store: only sealed envelopes do.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/sqlite.h"
#include "protocol/keys.h"

namespace sichtbar {

class KioskStore {
 public:
  static constexpr const char* kDatabaseFile = "kiosk.db";
  // Highest schema version this build knows; see the migrations in store.cpp.
  static constexpr int kSchemaVersion = 2;

  // Opens (or creates) the store in data_dir. A foreign, corrupt, newer or unwritable database is
  // refused with a clear error and left exactly as it was.
  static Result<KioskStore> open(const std::filesystem::path& data_dir);

  KioskStore(KioskStore&& other) noexcept;
  KioskStore& operator=(KioskStore&& other) noexcept;
  KioskStore(const KioskStore&) = delete;
  KioskStore& operator=(const KioskStore&) = delete;
  ~KioskStore();

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::filesystem::path database_path() const { return data_dir_ / kDatabaseFile; }
  int schema_version() const;

  Result<void> exec(std::string_view sql);
  // Copies committed pages from the WAL into the database file once the WAL holds more than
  // kCheckpointFrames pages. SQLite's automatic checkpoint is off: it would land on a person's
  // finish -> QR path, and so would restarting the WAL after every checkpoint (an extra fsync).
  // The kiosk calls this while the QR code is on screen; closing the store checkpoints as well.
  static constexpr int kCheckpointFrames = 1000;
  Result<void> checkpoint_if_due();
  // An SQLite failure as an error a volunteer can act on (disk full, read-only, corrupt...).
  Error error_from(int rc, std::string_view doing) const;

  Result<std::optional<std::string>> setting(std::string_view key) const;
  Result<void> set_setting(std::string_view key, std::string_view value);

  // The device's signing identity, made once at setup and kept for the kiosk's life.
  Result<std::optional<DeviceIdentity>> device_identity() const;
  Result<void> save_device_identity(const DeviceIdentity& identity, std::int64_t now_ms);

  // Audit log: what happened and when, as codes and counts. Never personal data.
  Result<void> audit(std::string_view event, std::string_view detail = {});

  // BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed without commit().
  class Transaction {
   public:
    explicit Transaction(KioskStore& store) : store_(&store) {}
    Transaction(Transaction&& other) noexcept : store_(other.store_) { other.store_ = nullptr; }
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Result<void> commit();

   private:
    KioskStore* store_;
  };
  Result<Transaction> begin();

 private:
  KioskStore(sqlite3* db, std::filesystem::path dir) : db_(db), data_dir_(std::move(dir)) {}
  Result<void> migrate();

  sqlite3* db_ = nullptr;
  std::filesystem::path data_dir_;
  // Pages in the WAL after the last commit (from sqlite3_wal_hook); boxed so moves keep it valid.
  std::unique_ptr<int> wal_frames_ = std::make_unique<int>(0);
};

}  // namespace sichtbar
