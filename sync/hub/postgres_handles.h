// libpq's connection and result as owning handles (PQfinish, PQclear), for the store, the
// backup and the tests' throwaway databases. Only postgres_* files and tests include libpq.
#pragma once

#include <libpq-fe.h>

#include <memory>

namespace sichtbar::hub {

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConn = std::unique_ptr<PGconn, PgConnDeleter>;

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

}  // namespace sichtbar::hub
