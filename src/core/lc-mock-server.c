/* lc-mock-server.c: being written; see lc-mock-server.h. */
#include "config.h"
