// One SQLite prepared statement, for every SQLite database of Sichtbar (the kiosk's store and
// outbox, the hub's SQLite session): prepare, bind, step, read columns, reset for the next use.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/error.h"
#include "base/files.h"

namespace sichtbar {

// A prepared statement; finalized when it goes out of scope. Bound text and blobs are copied, so
// they need not outlive the call. `persistent` tells SQLite the statement is kept and reused.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql, bool persistent = false);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  // SQLITE_OK, or why preparing failed.
  int prepare_result() const { return prepare_rc_; }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, ByteView blob);
  Statement& bind_null(int index);
  int parameter_count() const;
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  // Ready to step again with new bindings (a statement prepared once, run many times).
  void reset();
  int column_count() const;
  std::int64_t column_int(int col) const;
  std::string column_text(int col) const;
  Bytes column_blob(int col) const;
  bool column_is_null(int col) const;
  bool column_is_integer(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int prepare_rc_ = SQLITE_OK;
};

// make_private (base/files.h) on an SQLite database and the files SQLite keeps beside it (-wal,
// -shm, -journal), which hold the same data. SQLite creates those with the database's own mode,
// so a database made private before its first write keeps them private too.
Result<std::vector<ModeFix>> make_database_private(const std::filesystem::path& database);

}  // namespace sichtbar
