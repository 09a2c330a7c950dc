// PostgreSQL's part of backup and restore through libpq; see postgres_backup.h.
#include "hub/postgres_backup.h"

#include <libpq-fe.h>

#include <memory>
#include <vector>

#include "hub/postgres_conninfo.h"
#include "hub/postgres_handles.h"
#include "hub/sql_session.h"

namespace sichtbar::hub {
namespace {

using Conn = PgConn;

std::string redacted(const std::string& conninfo, std::string text) {
  const auto passwords = conninfo_passwords(conninfo);
  return redact(std::move(text), passwords ? *passwords : std::vector<std::string>{});
}

Result<Conn> connect(const std::string& conninfo) {
  Conn conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    return fail("restore.database_unreachable",
                "The hub's PostgreSQL database cannot be reached: " +
                    redacted(conninfo, conn ? PQerrorMessage(conn.get()) : "out of memory") +
                    " Nothing was changed.");
  return conn;
}

Result<PgResult> run(PGconn* conn, const std::string& conninfo, const std::string& sql,
                     const std::vector<std::string>& params = {}) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  // Without parameters a plain exec, which takes several statements (a transaction).
  PgResult r(params.empty() ? PQexec(conn, sql.c_str())
                            : PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()),
                                           nullptr, values.data(), nullptr, nullptr, 0));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return fail("restore.database_failed",
                "The hub's PostgreSQL database refused a step of the restore: " +
                    redacted(conninfo, PQerrorMessage(conn)));
  return r;
}

std::string identifier(PGconn* conn, const std::string& name) {
  char* quoted = PQescapeIdentifier(conn, name.c_str(), name.size());
  std::string out = quoted ? quoted : "\"\"";
  PQfreemem(quoted);
  return out;
}

}  // namespace

Result<PostgresClientAddress> postgres_client_address(const std::string& conninfo) {
  if (auto checked = conninfo_passwords(conninfo); !checked)
    return std::unexpected(checked.error());
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), nullptr);
  PostgresClientAddress out;
  for (PQconninfoOption* o = options; o && o->keyword; ++o) {
    if (!o->val) continue;
    if (std::string_view(o->keyword) == "password") {
      if (*o->val) out.password = o->val;
      continue;
    }
    // key='value' with \ and ' escaped, as libpq reads it.
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\\' || *c == '\'') value += '\\';
      value += *c;
    }
    if (!out.conninfo.empty()) out.conninfo += ' ';
    out.conninfo += std::string(o->keyword) + "='" + value + "'";
  }
  PQconninfoFree(options);
  return out;
}

Result<PostgresTarget> inspect_postgres_target(const std::string& conninfo) {
  auto conn = connect(conninfo);
  if (!conn) return std::unexpected(conn.error());
  auto found = run(conn->get(), conninfo,
                   "SELECT coalesce(current_schema(), 'public'), "
                   "to_regclass('sichtbar_schema') IS NOT NULL, "
                   "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "   AND pid <> pg_backend_pid() AND backend_type = 'client backend')");
  if (!found) return std::unexpected(found.error());
  PostgresTarget target;
  target.schema = PQgetvalue(found->get(), 0, 0);
  target.has_tables = std::string_view(PQgetvalue(found->get(), 0, 1)) == "t";
  target.other_connections = std::stoull(PQgetvalue(found->get(), 0, 2));
  if (!target.has_tables) return target;
  auto counted = run(conn->get(), conninfo,
                     "SELECT (SELECT version FROM sichtbar_schema WHERE application = $1), "
                     "(SELECT count(*) FROM devices) + (SELECT count(*) FROM records) + "
                     "(SELECT count(*) FROM office_users)",
                     {std::string(kSchemaOwner)});
  if (!counted) return std::unexpected(counted.error());
  target.schema_version = std::stoi(PQgetvalue(counted->get(), 0, 0));
  target.rows = std::stoull(PQgetvalue(counted->get(), 0, 1));
  return target;
}

Result<void> set_postgres_schema_aside(const std::string& conninfo, const std::string& schema,
                                       const std::string& aside) {
  auto conn = connect(conninfo);
  if (!conn) return std::unexpected(conn.error());
  const std::string from = identifier(conn->get(), schema), to = identifier(conn->get(), aside);
  auto moved = run(
      conn->get(), conninfo,
      "BEGIN; ALTER SCHEMA " + from + " RENAME TO " + to + "; CREATE SCHEMA " + from + "; COMMIT;");
  if (!moved) return std::unexpected(moved.error());
  return {};
}

Result<void> put_postgres_schema_back(const std::string& conninfo, const std::string& schema,
                                      const std::string& aside) {
  auto conn = connect(conninfo);
  if (!conn) return std::unexpected(conn.error());
  const std::string name = identifier(conn->get(), schema), to = identifier(conn->get(), aside);
  // RESTRICT: only an empty schema goes; a half restore left nothing (single transaction).
  auto moved = run(conn->get(), conninfo,
                   "BEGIN; DROP SCHEMA " + name + " RESTRICT; ALTER SCHEMA " + to + " RENAME TO " +
                       name + "; COMMIT;");
  if (!moved) return std::unexpected(moved.error());
  return {};
}

}  // namespace sichtbar::hub
