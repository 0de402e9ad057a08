/* lc-response.c: being written; see lc-response.h. */
#include "config.h"
