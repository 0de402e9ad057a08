/* lc-error.c: being written; see lc-error.h. */
#include "config.h"
