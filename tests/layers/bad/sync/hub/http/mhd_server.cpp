// Allowed: the HTTP layer's server is the one place that sees libmicrohttpd.
#include <microhttpd.h>
