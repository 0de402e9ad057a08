/* lc-client.c: being written; see lc-client.h. */
#include "config.h"
