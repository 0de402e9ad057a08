/* lc-mock-server.h: a stand-in for POLYV's concurrence endpoint, served on loopback
 *
 * It is as strict as the real service: it checks the signature with the same rule, refuses
 * timestamps outside the three-minute window and ranges longer than two months, and answers
 * every documented error with the service's exact message. Its data is sparse and realistic,
 * several live events a day of different sizes, and the same for the same app and day every
 * time. Tests and demo mode run against it; switches inject the faults a real network has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-date.h"
#include "lc-series.h"

G_BEGIN_DECLS

#define LC_TYPE_MOCK_SERVER (lc_mock_server_get_type ())

G_DECLARE_FINAL_TYPE (LcMockServer, lc_mock_server, LC, MOCK_SERVER, GObject)

#define LC_MOCK_DEMO_APP_ID     "demo"
#define LC_MOCK_DEMO_APP_SECRET "demo-secret-not-a-real-one"

typedef enum
{
  LC_MOCK_FAULT_NONE,
  LC_MOCK_FAULT_RATE_LIMIT,      /* HTTP 429 with Retry-After and a plain-text body, no JSON */
  LC_MOCK_FAULT_SERVER_ERROR,    /* HTTP 500 with {"code": 500, ...} */
  LC_MOCK_FAULT_UNAVAILABLE,     /* HTTP 503 with Retry-After and an HTML body */
  LC_MOCK_FAULT_HTML_PAGE,       /* a proxy's HTML page with status 502 */
  LC_MOCK_FAULT_SLOW,            /* answers after the configured delay */
  LC_MOCK_FAULT_NEVER_ANSWER,    /* holds the request open until the client gives up */
} LcMockFault;

/* Ways a success answer can be broken, for testing how a client copes; they can be combined and
 * apply to every success answer until cleared. */
typedef enum
{
  LC_MOCK_QUIRK_NONE               = 0,
  LC_MOCK_QUIRK_TRUNCATED_BODY     = 1 << 0, /* Content-Length promises more than is sent */
  LC_MOCK_QUIRK_GARBAGE_DATE       = 1 << 1, /* a Date header that is not a date */
  LC_MOCK_QUIRK_DUPLICATE_ROWS     = 1 << 2, /* some minutes twice, some with other viewers */
  LC_MOCK_QUIRK_BAD_VIEWERS        = 1 << 3, /* negative and enormous viewer counts */
  LC_MOCK_QUIRK_ROWS_OUTSIDE_RANGE = 1 << 4, /* a row the day before and the day after */
  LC_MOCK_QUIRK_VIEWERS_AS_STRINGS = 1 << 5, /* "viewers": "2", as the vendor's Java SDK types it */
} LcMockQuirks;

/* The message of the mock's answer to a range longer than two months. The real service's
 * wording for this case is not documented. */
#define LC_MOCK_MESSAGE_RANGE_TOO_LONG "startDate and endDate can not over two months"

typedef enum
{
  LC_MOCK_DATA_SPARSE,           /* realistic: a few events a day */
  LC_MOCK_DATA_DENSE,            /* every minute has viewers: for benchmarks */
} LcMockData;

LcMockServer *lc_mock_server_new                (void);
void          lc_mock_server_add_app            (LcMockServer *self,
                                                 const char   *app_id,
                                                 const char   *app_secret);
gboolean      lc_mock_server_start              (LcMockServer *self,
                                                 guint         port,
                                                 GError      **error);
void          lc_mock_server_stop               (LcMockServer *self);
char         *lc_mock_server_get_base_url       (LcMockServer *self);

void          lc_mock_server_set_data           (LcMockServer *self,
                                                 LcMockData    data);
void          lc_mock_server_queue_fault        (LcMockServer *self,
                                                 LcMockFault   fault,
                                                 guint         n_requests);
void          lc_mock_server_set_delay          (LcMockServer *self,
                                                 guint         milliseconds);
void          lc_mock_server_set_retry_after    (LcMockServer *self,
                                                 guint         seconds);
void          lc_mock_server_set_clock_skew     (LcMockServer *self,
                                                 gint64        milliseconds);
void          lc_mock_server_set_status_always_200 (LcMockServer *self,
                                                    gboolean      always_200);
void          lc_mock_server_set_quirks         (LcMockServer *self,
                                                 LcMockQuirks  quirks);
void          lc_mock_server_set_html_page_size (LcMockServer *self,
                                                 gsize         n_bytes);

guint         lc_mock_server_get_n_requests     (LcMockServer *self);
guint         lc_mock_server_get_max_in_flight  (LcMockServer *self);
guint         lc_mock_server_get_n_in_flight    (LcMockServer *self);

LcSeries     *lc_mock_server_generate_day       (const char   *app_id,
                                                 LcDay         day,
                                                 LcMockData    data);

G_END_DECLS
