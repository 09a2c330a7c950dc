// See sqlite.h.
#include "base/sqlite.h"

namespace sichtbar {

Statement::Statement(sqlite3* db, std::string_view sql, bool persistent) : db_(db) {
  prepare_rc_ = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                   persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_, nullptr);
  if (prepare_rc_ != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}
Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
  // An empty string_view may have no data pointer, which SQLite would store as NULL.
  sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, ByteView blob) {
  sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
int Statement::parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}
int Statement::step() { return stmt_ ? sqlite3_step(stmt_) : sqlite3_errcode(db_); }
int Statement::column_count() const { return sqlite3_column_count(stmt_); }
std::int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
std::string Statement::column_text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
Bytes Statement::column_blob(int col) const {
  auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
  return p ? Bytes(p, p + sqlite3_column_bytes(stmt_, col)) : Bytes();
}
bool Statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
bool Statement::column_is_integer(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_INTEGER;
}

Result<std::vector<ModeFix>> make_database_private(const std::filesystem::path& database) {
  std::vector<ModeFix> fixed;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    auto fix = make_private(database.string() + suffix);
    if (!fix) return std::unexpected(fix.error());
    if (*fix) fixed.push_back(std::move(**fix));
  }
  return fixed;
}

}  // namespace sichtbar
