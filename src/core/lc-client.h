/* lc-client.h: an asynchronous client for POLYV's concurrence statistics
 *
 * A fetch validates its range, splits it into chunks the API accepts, runs at most two signed
 * requests at a time, retries what is worth retrying, and hands back one merged series. It
 * either succeeds whole or fails whole: a cancelled or failed fetch leaves no partial result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-date.h"
#include "lc-series.h"

G_BEGIN_DECLS

#define LC_TYPE_CLIENT (lc_client_get_type ())

G_DECLARE_FINAL_TYPE (LcClient, lc_client, LC, CLIENT, GObject)

#define LC_DEFAULT_BASE_URL             "https://api.polyv.net"
#define LC_CONCURRENCE_PATH             "/live/v3/user/statistics/concurrence"
#define LC_DEFAULT_CONNECT_TIMEOUT      10 /* seconds */
#define LC_DEFAULT_REQUEST_TIMEOUT      30 /* seconds, like the vendor's own CLI */
#define LC_DEFAULT_MAX_RESPONSE_SIZE    (32 * 1024 * 1024)
#define LC_MAX_REQUESTS_IN_FLIGHT       2
#define LC_MAX_ATTEMPTS_PER_CHUNK       3

/* Milliseconds since the Unix epoch; tests replace the system clock with their own. */
typedef gint64 (*LcClockFunc)    (gpointer user_data);

/* Called on the thread-default main context of the fetch, after each chunk completes. */
typedef void   (*LcProgressFunc) (guint    chunks_done,
                                  guint    chunks_total,
                                  gpointer user_data);

LcClient   *lc_client_new                   (const char      *base_url,
                                             const char      *app_id,
                                             const char      *app_secret,
                                             GError         **error);

const char *lc_client_get_base_url          (LcClient        *self);
const char *lc_client_get_app_id            (LcClient        *self);

void        lc_client_set_timeouts          (LcClient        *self,
                                             guint            connect_seconds,
                                             guint            request_seconds);
void        lc_client_set_max_response_size (LcClient        *self,
                                             gsize            max_bytes);
void        lc_client_set_clock             (LcClient        *self,
                                             LcClockFunc      clock_func,
                                             gpointer         user_data);
void        lc_client_set_retry_base_delay  (LcClient        *self,
                                             guint            milliseconds);
gint64      lc_client_get_clock_offset      (LcClient        *self);
LcDay       lc_client_get_today             (LcClient        *self);

void        lc_client_fetch_async           (LcClient        *self,
                                             LcRange          range,
                                             GCancellable    *cancellable,
                                             LcProgressFunc   progress_func,
                                             gpointer         progress_data,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
LcSeries   *lc_client_fetch_finish          (LcClient        *self,
                                             GAsyncResult    *result,
                                             GError         **error);

G_END_DECLS
