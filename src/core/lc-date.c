/* lc-date.c: being written; see lc-date.h. */
#include "config.h"
