/* lc-series.c: being written; see lc-series.h. */
#include "config.h"
