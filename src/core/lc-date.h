/* lc-date.h: days, minutes and date ranges on the platform's wall clock
 *
 * POLYV reports every minute in China Standard Time (UTC+8, no daylight saving). Live
 * Concurrency keeps time in that clock from end to end and never converts through the local
 * time zone of the machine it runs on, so a day here is the platform's day wherever the user is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The platform's fixed offset from UTC. */
#define LC_PLATFORM_UTC_OFFSET_SECONDS (8 * 3600)

#define LC_MINUTES_PER_DAY 1440

/* A calendar day on the platform's clock, counted from 1970-01-01 (day 0). */
typedef gint32 LcDay;

/* A minute on the platform's wall clock, counted from 1970-01-01 00:00 (minute 0):
 * day * 1440 + hour * 60 + minute. */
typedef gint32 LcMinute;

/* The longest range one query may cover, and how far back it may start: documented in README. */
#define LC_RANGE_MAX_DAYS    1096 /* three years, leap day included */
#define LC_RANGE_MAX_YEARS_BACK 10

/* What one request to the API may cover: both readings of "two months" hold. */
#define LC_CHUNK_MAX_DAY_DIFFERENCE 60

typedef struct
{
  LcDay start;
  LcDay end; /* inclusive */
} LcRange;

gboolean lc_day_from_ymd          (int          year,
                                   int          month,
                                   int          day,
                                   LcDay       *out_day);
void     lc_day_to_ymd            (LcDay        day,
                                   int         *out_year,
                                   int         *out_month,
                                   int         *out_day);
gboolean lc_day_parse             (const char  *text,
                                   LcDay       *out_day);
char    *lc_day_format            (LcDay        day);
void     lc_day_format_into       (LcDay        day,
                                   char         buffer[11]);
LcDay    lc_day_add_months        (LcDay        day,
                                   int          months);
int      lc_day_get_weekday       (LcDay        day);
LcDay    lc_day_from_unix_ms      (gint64       unix_ms);
LcDay    lc_day_today             (gint64       now_unix_ms);

LcMinute lc_minute_from_unix_ms   (gint64       unix_ms);
gint64   lc_minute_to_unix_ms     (LcMinute     minute);
gboolean lc_minute_parse          (LcDay        day,
                                   const char  *hh_mm,
                                   LcMinute    *out_minute);
void     lc_minute_format_into    (LcMinute     minute,
                                   char         buffer[6]);
LcDay    lc_minute_get_day        (LcMinute     minute);
int      lc_minute_get_minute_of_day (LcMinute  minute);

gboolean lc_range_validate        (LcRange      range,
                                   LcDay        today,
                                   GError     **error);
gboolean lc_range_parse           (const char  *start_text,
                                   const char  *end_text,
                                   LcDay        today,
                                   LcRange     *out_range,
                                   GError     **error);
guint    lc_range_get_n_days      (LcRange      range);
gboolean lc_range_fits_one_request (LcRange     range);
GArray  *lc_range_plan_chunks     (LcRange      range);

G_END_DECLS
