// Allowed: the PostgreSQL store is the one place that sees libpq.
#include <libpq-fe.h>
#include "domain/form.h"
