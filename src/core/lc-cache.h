/* lc-cache.h: the offline history of concurrent viewers, kept in a SQLite database
 *
 * A past day's viewers never change, and the API blocks an address for five minutes when it is
 * asked too often, so every day that was fetched is kept. The cache is keyed by endpoint, app
 * ID and day: demo data, or another endpoint, never mixes with an account's real data.
 *
 * A day fetched after it ended on the platform's clock is final and never asked for again; a
 * day fetched while it was still running is stale and counts as missing until it is fetched
 * again. An empty final day is knowledge too: it is stored, and not asked for again.
 *
 * All calls block on disk I/O. They are safe to call from any thread; the _async variants run
 * them in a worker thread and are what the main loop should use. Failures are reported in the
 * G_IO_ERROR domain with a translated message (G_IO_ERROR_BUSY when another process held the
 * database for too long, G_IO_ERROR_NO_SPACE for a full disk).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-date.h"
#include "lc-series.h"

G_BEGIN_DECLS

#define LC_TYPE_CACHE (lc_cache_get_type ())

G_DECLARE_FINAL_TYPE (LcCache, lc_cache, LC, CACHE, GObject)

/* Written into the database header, so that a file of another program is never taken for
 * ours: the bytes "LCh1". */
#define LC_CACHE_APPLICATION_ID 0x4C436831

/* The schema this build writes; a file with an older one is migrated on open. */
#define LC_CACHE_SCHEMA_VERSION 1

#define LC_CACHE_FILE_NAME "history.sqlite3"

typedef struct
{
  guint64 file_bytes;   /* the database on disk, journal included, for every endpoint and app */
  guint64 data_bytes;   /* the stored days' points, for what was asked */
  guint   n_days;       /* the stored days, final or not, for what was asked */
} LcCacheSize;

char       *lc_cache_get_default_path   (void);

LcCache    *lc_cache_open               (const char          *path,
                                         GError             **error);
void        lc_cache_open_async         (const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
LcCache    *lc_cache_open_finish        (GAsyncResult        *result,
                                         GError             **error);

const char *lc_cache_get_path           (LcCache             *self);
const char *lc_cache_get_open_warning   (LcCache             *self);
const char *lc_cache_get_set_aside_path (LcCache             *self);

gboolean    lc_cache_read_range         (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         LcRange              range,
                                         gint64               now_ms,
                                         LcSeries           **out_series,
                                         GArray             **out_missing_ranges,
                                         GError             **error);
void        lc_cache_read_range_async   (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         LcRange              range,
                                         gint64               now_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    lc_cache_read_range_finish  (LcCache             *self,
                                         GAsyncResult        *result,
                                         LcSeries           **out_series,
                                         GArray             **out_missing_ranges,
                                         GError             **error);

gboolean    lc_cache_store              (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         LcRange              fetched_range,
                                         LcSeries            *series,
                                         gint64               fetched_at_ms,
                                         GError             **error);
void        lc_cache_store_async        (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         LcRange              fetched_range,
                                         LcSeries            *series,
                                         gint64               fetched_at_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    lc_cache_store_finish       (LcCache             *self,
                                         GAsyncResult        *result,
                                         GError             **error);

gboolean    lc_cache_lookup_day         (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         LcDay                day,
                                         gint64              *out_fetched_at_ms,
                                         guint               *out_n_points,
                                         GError             **error);

gboolean    lc_cache_get_size           (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         LcCacheSize         *out_size,
                                         GError             **error);
void        lc_cache_get_size_async     (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    lc_cache_get_size_finish    (LcCache             *self,
                                         GAsyncResult        *result,
                                         LcCacheSize         *out_size,
                                         GError             **error);

gboolean    lc_cache_clear              (LcCache             *self,
                                         GError             **error);
gboolean    lc_cache_clear_app          (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         GError             **error);
void        lc_cache_clear_async        (LcCache             *self,
                                         const char          *endpoint,
                                         const char          *app_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    lc_cache_clear_finish       (LcCache             *self,
                                         GAsyncResult        *result,
                                         GError             **error);

gboolean    lc_cache_day_is_final       (LcDay                day,
                                         gint64               fetched_at_ms);

G_END_DECLS
