// The PostgreSQL backend of HubStore (hub_store.h): for a network of offices that share one
// database, possibly with several hub processes. Same behaviour as the SQLite backend
// (sqlite_hub_store.h), same error codes where they apply: the .cpp is only the PostgreSQL session
// under the one store (sql_session.h); callers only see HubStore.
//
// open_postgres_hub_store(conninfo) takes a libpq connection string, a URL such as
//   postgresql://sichtbar@db.example.org:5432/sichtbar_hub?sslmode=verify-full
//   postgresql://sichtbar@/sichtbar_hub?host=/run/postgresql        (unix socket)
// or key=value pairs. The password may come from the URL, from ~/.pgpass or from PGPASSWORD;
// no message ever contains it. Tables go into the connection's current schema (the first of
// search_path), made or updated by migrations in one transaction; the table sichtbar_schema
// records the version. It refuses, and leaves the database exactly as it was:
//   hub_store.bad_address      the connection string does not parse
//   hub_store.unreachable      no server answers there (not running, wrong host/port, firewall)
//   hub_store.auth_failed      the server refused the login (user, password, pg_hba.conf)
//   hub_store.no_database      the server has no database of that name
//   hub_store.connect_failed   the connection failed for another reason (the server's words)
//   hub_store.bad_encoding     the database is not UTF8 (people's names are in every script)
//   hub_store.foreign_database the schema holds another program's tables and none of ours
//   hub_store.newer_schema     made by a newer Sichtbar hub: update the hub, never downgrade
//   hub_store.read_only        the user may not create tables, or the server is a read-only standby
// Later calls may fail with hub_store.unreachable (the connection broke: the next call
// reconnects), hub_store.write_failed (the server's disk is full or failing), hub_store.busy
// (a lock was held for more than a minute), hub_store.read_only, hub_store.failed (anything
// else), and the codes in hub_store.h.
//
// Several hub processes may share one database: store_batch and tombstone take a transaction
// advisory lock per record id (and store_batch one per kiosk for its sequence ranges), and the
// unique keys decide the rest, so a record is stored once however many hubs receive it.
// Within one process: one connection, every call takes an internal mutex (as SQLite's does).
//
// Erasure removes every row of the person; PostgreSQL itself drops the old row versions from
// its files only when (auto)vacuum reuses the space, and keeps them in WAL archives and backups
// for as long as the office keeps those.
#pragma once

#include <memory>
#include <string>

#include "hub/hub_store.h"

namespace sichtbar::hub {

// Highest schema version of the PostgreSQL tables this build knows (in sichtbar_schema). It
// counts on its own: the SQLite schema may change without the PostgreSQL one, and the reverse.
inline constexpr int kPostgresHubSchemaVersion = 2;

Result<std::unique_ptr<HubStore>> open_postgres_hub_store(const std::string& conninfo);

}  // namespace sichtbar::hub
