/* lc-cache-private.h: what the tests need to see inside the history cache
 *
 * The crash-safety test kills a writer while a transaction is open. To know that moment without
 * sleeping, the writer asks to be told each time a day has been written inside the transaction
 * of lc_cache_store(), before it commits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lc-cache.h"

G_BEGIN_DECLS

/* Called with the cache locked and the transaction open; it must not call into the cache. */
typedef void (*LcCacheDayWrittenFunc) (LcDay    day,
                                       gpointer user_data);

void lc_cache_set_day_written_func (LcCache               *self,
                                    LcCacheDayWrittenFunc  func,
                                    gpointer               user_data);

G_END_DECLS
