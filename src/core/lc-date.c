/* lc-date.c: days, minutes and date ranges on the platform's wall clock
 *
 * Calendar arithmetic goes through GDate, which knows nothing of time zones, and the current
 * day comes from adding the platform's fixed offset to Unix time. The machine's TZ never takes
 * part, so a user in Berlin and one in Beijing see the same days for the same data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-date"

#include "config.h"

#include <string.h>

#include "lc-date.h"
#include "lc-error.h"

/* GDate counts days from 1 January of year 1; this is 1970-01-01 on that count. */
#define JULIAN_OF_UNIX_EPOCH 719163

#define MS_PER_MINUTE ((gint64) 60 * 1000)

/* The last year whose every minute an LcMinute, 32 bits wide, can count: minutes from 1970 run
 * past G_MAXINT32 in the year 6053. A day any later, say "9999-12-31" in an answer, would turn
 * into a minute that overflows. */
#define MAX_YEAR 5999

/* Division that rounds towards minus infinity, so that instants before 1970 land on the right
 * day instead of the day after. */
static gint64
floor_divide (gint64 numerator,
              gint64 denominator)
{
  gint64 quotient = numerator / denominator;

  if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0)))
    quotient--;

  return quotient;
}

static void
day_to_gdate (LcDay  day,
              GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, (guint32) (day + JULIAN_OF_UNIX_EPOCH));
}

static LcDay
gdate_to_day (const GDate *date)
{
  return (LcDay) g_date_get_julian (date) - JULIAN_OF_UNIX_EPOCH;
}

/**
 * lc_day_from_ymd:
 *
 * Returns: %TRUE if @year, @month and @day name a real calendar day between the years 1 and
 * 5999 (MAX_YEAR), which is then stored in @out_day
 */
gboolean
lc_day_from_ymd (int    year,
                 int    month,
                 int    day,
                 LcDay *out_day)
{
  GDate date;

  g_return_val_if_fail (out_day != NULL, FALSE);

  if (year < 1 || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *out_day = gdate_to_day (&date);

  return TRUE;
}

void
lc_day_to_ymd (LcDay day,
               int  *out_year,
               int  *out_month,
               int  *out_day)
{
  GDate date;

  day_to_gdate (day, &date);

  if (out_year != NULL)
    *out_year = g_date_get_year (&date);
  if (out_month != NULL)
    *out_month = g_date_get_month (&date);
  if (out_day != NULL)
    *out_day = g_date_get_day (&date);
}

static gboolean
parse_digits (const char *text,
              guint       n_digits,
              int        *out_value)
{
  int value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  *out_value = value;

  return TRUE;
}

/**
 * lc_day_parse:
 * @text: a date written as YYYY-MM-DD, exactly as the API writes it
 *
 * Returns: %TRUE if @text is a real calendar day in that exact form
 */
gboolean
lc_day_parse (const char *text,
              LcDay      *out_day)
{
  int year, month, day;

  g_return_val_if_fail (out_day != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (!parse_digits (text, 4, &year)
      || !parse_digits (text + 5, 2, &month)
      || !parse_digits (text + 8, 2, &day))
    return FALSE;

  return lc_day_from_ymd (year, month, day, out_day);
}

void
lc_day_format_into (LcDay day,
                    char  buffer[11])
{
  int year, month, day_of_month;

  lc_day_to_ymd (day, &year, &month, &day_of_month);
  g_snprintf (buffer, 11, "%04d-%02d-%02d", year, month, day_of_month);
}

/**
 * lc_day_format:
 *
 * Returns: (transfer full): @day as YYYY-MM-DD
 */
char *
lc_day_format (LcDay day)
{
  char buffer[11];

  lc_day_format_into (day, buffer);

  return g_strdup (buffer);
}

/**
 * lc_day_add_months:
 *
 * Moves @day by whole calendar months. A day that does not exist in the target month becomes
 * that month's last day: 31 January plus one month is 28 or 29 February.
 */
LcDay
lc_day_add_months (LcDay day,
                   int   months)
{
  GDate date;

  day_to_gdate (day, &date);
  if (months >= 0)
    g_date_add_months (&date, (guint) months);
  else
    g_date_subtract_months (&date, (guint) -months);

  return gdate_to_day (&date);
}

/**
 * lc_day_get_weekday:
 *
 * Returns: 1 for Monday through 7 for Sunday, as #GDateWeekday counts
 */
int
lc_day_get_weekday (LcDay day)
{
  /* 1970-01-01 was a Thursday, the fourth day of an ISO week. */
  return (int) (((gint64) day + 3) % 7 + 7) % 7 + 1;
}

LcMinute
lc_minute_from_unix_ms (gint64 unix_ms)
{
  gint64 platform_ms = unix_ms + (gint64) LC_PLATFORM_UTC_OFFSET_SECONDS * 1000;

  return (LcMinute) floor_divide (platform_ms, MS_PER_MINUTE);
}

gint64
lc_minute_to_unix_ms (LcMinute minute)
{
  return (gint64) minute * MS_PER_MINUTE - (gint64) LC_PLATFORM_UTC_OFFSET_SECONDS * 1000;
}

LcDay
lc_day_from_unix_ms (gint64 unix_ms)
{
  return lc_minute_get_day (lc_minute_from_unix_ms (unix_ms));
}

/**
 * lc_day_today:
 * @now_unix_ms: the current time, in milliseconds since the Unix epoch
 *
 * Returns: the day it is now on the platform's calendar, which can differ from the user's own
 */
LcDay
lc_day_today (gint64 now_unix_ms)
{
  return lc_day_from_unix_ms (now_unix_ms);
}

LcDay
lc_minute_get_day (LcMinute minute)
{
  return (LcDay) floor_divide (minute, LC_MINUTES_PER_DAY);
}

int
lc_minute_get_minute_of_day (LcMinute minute)
{
  return (int) (minute - (gint64) lc_minute_get_day (minute) * LC_MINUTES_PER_DAY);
}

/**
 * lc_minute_parse:
 * @day: the day the minute belongs to
 * @hh_mm: the time of day as HH:MM, 24-hour clock
 *
 * Returns: %TRUE if @hh_mm is a valid time of day, stored in @out_minute together with @day
 */
gboolean
lc_minute_parse (LcDay       day,
                 const char *hh_mm,
                 LcMinute   *out_minute)
{
  int hours, minutes;

  g_return_val_if_fail (out_minute != NULL, FALSE);

  if (hh_mm == NULL || strlen (hh_mm) != 5 || hh_mm[2] != ':')
    return FALSE;
  if (!parse_digits (hh_mm, 2, &hours) || !parse_digits (hh_mm + 3, 2, &minutes))
    return FALSE;
  if (hours > 23 || minutes > 59)
    return FALSE;

  *out_minute = (LcMinute) day * LC_MINUTES_PER_DAY + hours * 60 + minutes;

  return TRUE;
}

void
lc_minute_format_into (LcMinute minute,
                       char     buffer[6])
{
  int minute_of_day = lc_minute_get_minute_of_day (minute);

  g_snprintf (buffer, 6, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
}

guint
lc_range_get_n_days (LcRange range)
{
  g_return_val_if_fail (range.start <= range.end, 0);

  return (guint) (range.end - range.start) + 1;
}

/**
 * lc_range_validate:
 * @today: the current day on the platform's calendar
 *
 * Checks a range before anything is asked of the API: the start may not come after the end,
 * the end may not be later than today, the range may span at most %LC_RANGE_MAX_DAYS days, and
 * it may start at most %LC_RANGE_MAX_YEARS_BACK years ago. The limits keep one query to a size
 * a desktop handles comfortably and well inside what the service is willing to answer.
 */
gboolean
lc_range_validate (LcRange  range,
                   LcDay    today,
                   GError **error)
{
  if (range.start > range.end)
    {
      lc_set_error (error, LC_ERROR_RANGE_REVERSED, NULL, 0);
      return FALSE;
    }

  if (range.end > today)
    {
      lc_set_error (error, LC_ERROR_RANGE_IN_FUTURE, NULL, 0);
      return FALSE;
    }

  if (lc_range_get_n_days (range) > LC_RANGE_MAX_DAYS)
    {
      lc_set_error (error, LC_ERROR_RANGE_TOO_LONG, NULL, 0);
      return FALSE;
    }

  if (range.start < lc_day_add_months (today, -12 * LC_RANGE_MAX_YEARS_BACK))
    {
      lc_set_error (error, LC_ERROR_RANGE_TOO_OLD, NULL, 0);
      return FALSE;
    }

  return TRUE;
}

/**
 * lc_range_parse:
 * @start_text: the first day, as YYYY-MM-DD
 * @end_text: the last day, as YYYY-MM-DD
 * @today: the current day on the platform's calendar
 *
 * Reads a range as a person typed it and validates it with lc_range_validate().
 */
gboolean
lc_range_parse (const char *start_text,
                const char *end_text,
                LcDay       today,
                LcRange    *out_range,
                GError    **error)
{
  LcRange range;

  g_return_val_if_fail (out_range != NULL, FALSE);

  if (!lc_day_parse (start_text, &range.start))
    {
      lc_set_error (error, LC_ERROR_INVALID_DATE, start_text, 0);
      return FALSE;
    }
  if (!lc_day_parse (end_text, &range.end))
    {
      lc_set_error (error, LC_ERROR_INVALID_DATE, end_text, 0);
      return FALSE;
    }
  if (!lc_range_validate (range, today, error))
    return FALSE;

  *out_range = range;

  return TRUE;
}

/* The last day one request starting on @start may reach. The vendor says "two months" without
 * saying which: its own CLI allows at most 60 days between the dates, while a calendar reading
 * allows anything before the same day two months later. Both must hold. */
static LcDay
get_last_day_of_chunk (LcDay start)
{
  LcDay by_day_count = start + LC_CHUNK_MAX_DAY_DIFFERENCE;
  LcDay by_calendar = lc_day_add_months (start, 2) - 1;

  return MIN (by_day_count, by_calendar);
}

/**
 * lc_range_fits_one_request:
 *
 * Returns: %TRUE if one request may cover @range under both readings of the two-month rule
 */
gboolean
lc_range_fits_one_request (LcRange range)
{
  return range.start <= range.end && range.end <= get_last_day_of_chunk (range.start);
}

/**
 * lc_range_plan_chunks:
 *
 * Splits @range into consecutive chunks that each fit one request, as few as possible.
 *
 * Returns: (transfer full) (element-type LcRange): the chunks, in time order
 */
GArray *
lc_range_plan_chunks (LcRange range)
{
  GArray *chunks;
  LcDay start;

  g_return_val_if_fail (range.start <= range.end, NULL);

  chunks = g_array_new (FALSE, FALSE, sizeof (LcRange));
  for (start = range.start; start <= range.end;)
    {
      LcRange chunk = { start, MIN (range.end, get_last_day_of_chunk (start)) };

      g_array_append_val (chunks, chunk);
      start = chunk.end + 1;
    }

  return chunks;
}
