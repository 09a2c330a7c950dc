// Breaks one layer rule on purpose: check_layers.cmake must name this file.
#include <cups/cups.h>
