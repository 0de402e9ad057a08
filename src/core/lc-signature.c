/* lc-signature.c: being written; see lc-signature.h. */
#include "config.h"
