/* lc-history.h: asking for a range of days, with the offline history cache in front of the API
 *
 * A query first reads what the cache holds for the range and hands it over at once, so the
 * chart can show it before any request is made. It then fetches only the days the cache does
 * not hold as final, stores them, and completes with the series of the whole range, identical
 * to what a fetch of the whole range would give.
 *
 * When the API cannot be reached or fails, the query fails, but what could be had (the cached
 * days and the runs fetched before the failure) and the days still missing come with the error,
 * so that the app can say "Showing saved data; 3 days are missing because the network is
 * unreachable".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-cache.h"
#include "lc-client.h"
#include "lc-date.h"
#include "lc-series.h"

G_BEGIN_DECLS

#define LC_TYPE_HISTORY (lc_history_get_type ())

G_DECLARE_FINAL_TYPE (LcHistory, lc_history, LC, HISTORY, GObject)

#define LC_TYPE_HISTORY_PARTIAL (lc_history_partial_get_type ())

typedef enum
{
  LC_HISTORY_QUERY_NONE     = 0,
  LC_HISTORY_QUERY_NO_CACHE = 1 << 0, /* neither read nor write the cache */
  LC_HISTORY_QUERY_REFRESH  = 1 << 1, /* ignore what is cached, fetch every day and store it */
} LcHistoryQueryFlags;

/* What a query knows of its range at some point: the days it has, and the days it lacks. */
typedef struct
{
  LcSeries *series;          /* the points of every day of the range not in missing_ranges */
  GArray   *missing_ranges;  /* (element-type LcRange) runs of days without data, in time order */
  guint     n_cached_days;   /* how many days of the range came from the cache */
} LcHistoryPartial;

/* Called once per query, on the query's main context, with what the cache holds, before any
 * request is made; not at all for an invalid range or a query cancelled before that point.
 * Nothing is cached for a query with NO_CACHE or REFRESH: the series is then empty and the whole
 * range is missing. @cached is lent for the call; lc_history_partial_copy() keeps it. */
typedef void (*LcHistoryCachedFunc) (const LcHistoryPartial *cached,
                                     gpointer                user_data);

GType             lc_history_partial_get_type           (void) G_GNUC_CONST;
LcHistoryPartial *lc_history_partial_copy               (const LcHistoryPartial *self);
void              lc_history_partial_free               (LcHistoryPartial       *self);
guint             lc_history_partial_get_n_missing_days (const LcHistoryPartial *self);

LcHistory        *lc_history_new                        (LcClient               *client,
                                                         LcCache                *cache);
LcClient         *lc_history_get_client                 (LcHistory              *self);
LcCache          *lc_history_get_cache                  (LcHistory              *self);
void              lc_history_set_clock                  (LcHistory              *self,
                                                         LcClockFunc             clock_func,
                                                         gpointer                user_data);

void              lc_history_query_async                (LcHistory              *self,
                                                         LcRange                 range,
                                                         LcHistoryQueryFlags     flags,
                                                         GCancellable           *cancellable,
                                                         LcHistoryCachedFunc     cached_func,
                                                         LcProgressFunc          progress_func,
                                                         gpointer                notify_data,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
LcSeries         *lc_history_query_finish               (LcHistory              *self,
                                                         GAsyncResult           *result,
                                                         LcHistoryPartial      **out_partial,
                                                         GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcHistoryPartial, lc_history_partial_free)

G_END_DECLS
