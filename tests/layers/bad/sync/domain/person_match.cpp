// Allowed: the person matcher is the one place that sees libphonenumber.
#include <phonenumbers/phonenumberutil.h>
