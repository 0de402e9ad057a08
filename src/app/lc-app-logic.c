/* lc-app-logic.c: the desktop app's decisions, as pure functions
 *
 * Dates and times here are always on the platform's clock (UTC+8). Where GDateTime is used it
 * is built in UTC from the platform's year, month and day, only to borrow its localised month
 * names; no conversion through the machine's time zone ever happens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-app-logic"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "lc-app-logic.h"
#include "lc-error.h"

static const struct
{
  const char *id;
  const char *label;
} preset_names[LC_N_PRESETS] = {
  [LC_PRESET_TODAY] = { "today", N_("Today") },
  [LC_PRESET_YESTERDAY] = { "yesterday", N_("Yesterday") },
  [LC_PRESET_LAST_7_DAYS] = { "last-7-days", N_("Last 7 days") },
  [LC_PRESET_LAST_30_DAYS] = { "last-30-days", N_("Last 30 days") },
  [LC_PRESET_THIS_MONTH] = { "this-month", N_("This month") },
  [LC_PRESET_LAST_MONTH] = { "last-month", N_("Last month") },
  [LC_PRESET_LAST_3_MONTHS] = { "last-3-months", N_("Last 3 months") },
  [LC_PRESET_LAST_12_MONTHS] = { "last-12-months", N_("Last 12 months") },
};

static LcDay
first_of_month (LcDay day)
{
  int year, month, mday;
  LcDay first = day;

  lc_day_to_ymd (day, &year, &month, &mday);
  lc_day_from_ymd (year, month, 1, &first);

  return first;
}

/* The preset ranges end today, on the platform's calendar, and include both ends; "the last
 * N months" starts on the day after the same day N months ago, so it never covers the same day
 * of the month twice. */
LcRange
lc_preset_get_range (LcPreset preset,
                     LcDay    today)
{
  LcRange range = { today, today };

  g_return_val_if_fail (preset < LC_N_PRESETS, range);

  switch (preset)
    {
    case LC_PRESET_TODAY:
      break;

    case LC_PRESET_YESTERDAY:
      range.start = range.end = today - 1;
      break;

    case LC_PRESET_LAST_7_DAYS:
      range.start = today - 6;
      break;

    case LC_PRESET_LAST_30_DAYS:
      range.start = today - 29;
      break;

    case LC_PRESET_THIS_MONTH:
      range.start = first_of_month (today);
      break;

    case LC_PRESET_LAST_MONTH:
      range.end = first_of_month (today) - 1;
      range.start = first_of_month (range.end);
      break;

    case LC_PRESET_LAST_3_MONTHS:
      range.start = lc_day_add_months (today, -3) + 1;
      break;

    case LC_PRESET_LAST_12_MONTHS:
      range.start = lc_day_add_months (today, -12) + 1;
      break;

    case LC_N_PRESETS:
    default:
      g_assert_not_reached ();
    }

  return range;
}

const char *
lc_preset_get_label (LcPreset preset)
{
  g_return_val_if_fail (preset < LC_N_PRESETS, NULL);

  return _(preset_names[preset].label);
}

const char *
lc_preset_get_id (LcPreset preset)
{
  g_return_val_if_fail (preset < LC_N_PRESETS, NULL);

  return preset_names[preset].id;
}

gboolean
lc_preset_from_id (const char *id,
                   LcPreset   *out_preset)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < LC_N_PRESETS; i++)
    {
      if (g_str_equal (id, preset_names[i].id))
        {
          if (out_preset != NULL)
            *out_preset = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Formats a platform day with a g_date_time_format() pattern; the GDateTime is in UTC and only
 * carries the year, month and day. */
static char *
format_day_with (LcDay       day,
                 const char *pattern)
{
  g_autoptr (GDateTime) date = NULL;
  int year, month, mday;

  lc_day_to_ymd (day, &year, &month, &mday);
  date = g_date_time_new_utc (year, month, mday, 0, 0, 0);
  if (date == NULL)
    return lc_day_format (day);

  return g_date_time_format (date, pattern);
}

char *
lc_format_day (LcDay day)
{
  /* Translators: a full date as g_date_time_format() reads it; "%-d %B %Y" gives "3 May 2024".
   * Write it the way a date is written in your language, in whatever order it takes. */
  /* xgettext:no-c-format */
  return format_day_with (day, _("%-d %B %Y"));
}

/* Writes out a range pattern: "{start:…}" becomes the first day of @range and "{end:…}" the
 * last one, each written with the g_date_time_format() pattern between the colon and the
 * closing brace; the text around them is kept. Returns NULL for a pattern that does not follow
 * these rules, so that a mistaken translation can fall back to the English pattern. */
static char *
expand_range_pattern (const char *pattern,
                      LcRange     range)
{
  g_autoptr (GString) label = g_string_new (NULL);
  const char *cursor = pattern;

  while (*cursor != '\0')
    {
      const char *opening = strchr (cursor, '{');
      const char *closing;
      g_autofree char *day_pattern = NULL;
      g_autofree char *day_text = NULL;
      LcDay day;

      if (opening == NULL)
        {
          g_string_append (label, cursor);
          break;
        }
      g_string_append_len (label, cursor, opening - cursor);

      if (g_str_has_prefix (opening, "{start:"))
        {
          day = range.start;
          opening += strlen ("{start:");
        }
      else if (g_str_has_prefix (opening, "{end:"))
        {
          day = range.end;
          opening += strlen ("{end:");
        }
      else
        return NULL;

      /* A brace before the closing one means a placeholder was left open. */
      closing = strpbrk (opening, "{}");
      if (closing == NULL || *closing != '}')
        return NULL;
      day_pattern = g_strndup (opening, closing - opening);
      day_text = format_day_with (day, day_pattern);
      if (day_text == NULL)
        return NULL;
      g_string_append (label, day_text);
      cursor = closing + 1;
    }

  return g_string_free (g_steal_pointer (&label), FALSE);
}

char *
lc_format_range_label (LcRange range)
{
  int start_year, start_month, start_day;
  int end_year, end_month, end_day;
  const char *pattern;
  char *label;

  lc_day_to_ymd (range.start, &start_year, &start_month, &start_day);
  lc_day_to_ymd (range.end, &end_year, &end_month, &end_day);

  if (range.start == range.end)
    return lc_format_day (range.start);

  /* Whatever the two ends share is written once, as people write it. Each case is one whole
   * pattern, because languages differ in which end carries the shared month and year: English
   * writes "28 April – 3 May 2024", Chinese puts the year first and on the first day. */
  if (start_year == end_year && start_month == end_month)
    /* Translators: a range of days within one month, "1 – 31 May 2024". {start:…} is the first
     * day and {end:…} the last, each written with the g_date_time_format() pattern inside the
     * braces; keep the words "start" and "end" and the braces, and put spaces around the dash. */
    /* xgettext:no-c-format */
    pattern = N_("{start:%-d} – {end:%-d %B %Y}");
  else if (start_year == end_year)
    /* Translators: a range of days within one year, "28 April – 3 May 2024"; {start:…} and
     * {end:…} work as in "{start:%-d} – {end:%-d %B %Y}". */
    /* xgettext:no-c-format */
    pattern = N_("{start:%-d %B} – {end:%-d %B %Y}");
  else
    /* Translators: a range of days across years, "30 December 2023 – 2 January 2024";
     * {start:…} and {end:…} work as in "{start:%-d} – {end:%-d %B %Y}". */
    /* xgettext:no-c-format */
    pattern = N_("{start:%-d %B %Y} – {end:%-d %B %Y}");

  label = expand_range_pattern (_(pattern), range);
  if (label == NULL)
    {
      g_debug ("The translation of the range pattern “%s” is not well formed", pattern);
      label = expand_range_pattern (pattern, range);
    }

  return label;
}

char *
lc_format_time_of_day (LcMinute minute)
{
  char buffer[6];

  lc_minute_format_into (minute, buffer);

  return g_strdup (buffer);
}

char *
lc_format_minute (LcMinute minute)
{
  g_autofree char *day_text = lc_format_day (lc_minute_get_day (minute));
  g_autofree char *time_text = lc_format_time_of_day (minute);

  /* Translators: a date and a time of day, "3 May 2024, 20:15". */
  return g_strdup_printf (_("%s, %s"), day_text, time_text);
}

char *
lc_format_duration (guint minutes)
{
  if (minutes < 60)
    /* Translators: a short duration in minutes, "45 min". */
    return g_strdup_printf (_("%u min"), minutes);

  /* Translators: a duration in hours and minutes, "3 h 05 min". */
  return g_strdup_printf (_("%u h %02u min"), minutes / 60, minutes % 60);
}

char *
lc_format_count (guint64 count)
{
  /* The apostrophe flag groups digits the way the user's locale does. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

/* An average of viewers reads as whole viewers, grouped like every other count: a tenth of a
 * viewer means nothing to the reader. */
char *
lc_format_average_viewers (double average)
{
  g_return_val_if_fail (average >= 0.0, g_strdup ("—"));

  return lc_format_count ((guint64) (average + 0.5));
}

char *
lc_format_event_span (const LcEvent *event)
{
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  LcDay start_day, end_day;

  g_return_val_if_fail (event != NULL, NULL);

  start_text = lc_format_time_of_day (event->start);
  end_text = lc_format_time_of_day (event->end);
  start_day = lc_minute_get_day (event->start);
  end_day = lc_minute_get_day (event->end);

  if (start_day == end_day)
    /* Translators: the start and end time of an event on one day, "20:00 – 22:15". */
    return g_strdup_printf (_("%s – %s"), start_text, end_text);

  /* Translators: an event that ends on a later day: "23:10 – 01:15 (+1 day)". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s – %s (+%d day)", "%s – %s (+%d days)",
                                       end_day - start_day),
                          start_text, end_text, (int) (end_day - start_day));
}

char *
lc_format_progress (guint chunks_done,
                    guint chunks_total)
{
  if (chunks_total == 0)
    return g_strdup (_("Loading…"));

  /* Translators: progress of a query split into several requests. */
  return g_strdup_printf (_("Loaded %u of %u parts"), chunks_done, chunks_total);
}

char *
lc_format_clock_offset (gint64 offset_ms)
{
  guint64 seconds = (guint64) ABS (offset_ms) / 1000;

  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                            (guint) seconds);

  if (seconds < 2 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", seconds / 60),
                            (guint) (seconds / 60));

  if (seconds < 2 * 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", seconds / 3600),
                            (guint) (seconds / 3600));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", seconds / 86400),
                          (guint) (seconds / 86400));
}

/* With no stats (an empty range) every figure reads as a dash rather than a misleading zero. */
void
lc_summary_text_init (LcSummaryText       *text,
                      const LcSeriesStats *stats,
                      guint                n_events)
{
  g_return_if_fail (text != NULL);

  if (stats == NULL || stats->active_minutes == 0)
    {
      text->peak = g_strdup ("—");
      text->peak_when = g_strdup (_("No viewers in this range"));
      text->average = g_strdup ("—");
      text->viewer_minutes = g_strdup ("0");
      text->active_time = lc_format_duration (0);
      text->events = lc_format_count (n_events);
      return;
    }

  text->peak = lc_format_count (stats->peak_viewers);
  text->peak_when = lc_format_minute (stats->peak_minute);
  text->average = lc_format_average_viewers (stats->average_viewers);
  text->viewer_minutes = lc_format_count (stats->viewer_minutes);
  text->active_time = lc_format_duration (stats->active_minutes);
  text->events = lc_format_count (n_events);
}

void
lc_summary_text_clear (LcSummaryText *text)
{
  g_return_if_fail (text != NULL);

  g_clear_pointer (&text->peak, g_free);
  g_clear_pointer (&text->peak_when, g_free);
  g_clear_pointer (&text->average, g_free);
  g_clear_pointer (&text->viewer_minutes, g_free);
  g_clear_pointer (&text->active_time, g_free);
  g_clear_pointer (&text->events, g_free);
}

/* The core's messages are already written for people; only a wrong clock needs more, because
 * the fix is on the user's side and the size of the offset tells them what to look for. */
char *
lc_describe_query_error (const GError *error)
{
  g_autofree char *offset_text = NULL;
  gint64 offset_ms;

  g_return_val_if_fail (error != NULL, NULL);

  if (!g_error_matches (error, LC_ERROR, LC_ERROR_INVALID_TIMESTAMP))
    return g_strdup (error->message);

  offset_ms = lc_error_get_clock_offset (error);
  if (offset_ms == 0)
    return g_strdup (_("The service refused the request because this computer’s clock seems to "
                       "be wrong. Set the date and time correctly and try again."));

  /* The offset is the service's clock minus this computer's: positive means this one is behind. */
  offset_text = lc_format_clock_offset (offset_ms);
  if (offset_ms < 0)
    /* Translators: the placeholder is a duration such as "5 minutes". */
    return g_strdup_printf (_("This computer’s clock is %s ahead of the service’s. The service only "
                              "accepts requests from a clock within three minutes of its own: set "
                              "the date and time correctly and try again."),
                            offset_text);

  /* Translators: the placeholder is a duration such as "5 minutes". */
  return g_strdup_printf (_("This computer’s clock is %s behind the service’s. The service only "
                            "accepts requests from a clock within three minutes of its own: set "
                            "the date and time correctly and try again."),
                          offset_text);
}

/* A result, once there, stays on screen through later queries and their failures: a failure
 * then shows as a toast, not as a page. */
LcView
lc_view_for_state (const LcViewState *state)
{
  g_return_val_if_fail (state != NULL, LC_VIEW_IDLE);

  if (state->has_result)
    return state->result_is_empty ? LC_VIEW_EMPTY : LC_VIEW_RESULT;

  if (!state->has_credentials)
    return LC_VIEW_WELCOME;

  if (state->is_running)
    return LC_VIEW_LOADING;

  if (state->has_error)
    return LC_VIEW_ERROR;

  return LC_VIEW_IDLE;
}

/* Adds up the days of runs of days, such as the days a query still lacks. */
guint
lc_ranges_count_days (const GArray *ranges)
{
  guint n_days = 0;

  if (ranges == NULL)
    return 0;

  for (guint i = 0; i < ranges->len; i++)
    n_days += lc_range_get_n_days (g_array_index (ranges, LcRange, i));

  return n_days;
}

/* At most this many runs of missing days are named; a longer list would bury the sentence. */
#define MAX_NAMED_RUNS 3

/* Names runs of days as the range button does: "3 May 2024, 12 – 14 May 2024". */
char *
lc_format_missing_days (const GArray *missing_ranges)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (missing_ranges != NULL, NULL);

  for (guint i = 0; i < missing_ranges->len && i < MAX_NAMED_RUNS; i++)
    {
      g_autofree char *run = lc_format_range_label (g_array_index (missing_ranges, LcRange, i));

      if (i > 0)
        /* Translators: separates two runs of days in a list, "3 May 2024, 12 – 14 May 2024". */
        g_string_append (text, _(", "));
      g_string_append (text, run);
    }

  if (missing_ranges->len > MAX_NAMED_RUNS)
    /* Translators: ends a list of runs of days that goes on but is cut short. */
    g_string_append (text, _(", …"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The sentence above a result built from saved days, while the rest loads or after fetching it
 * failed. Each reason is a whole sentence, so that translators never assemble fragments; the
 * reasons are the few things a user can tell apart and act on. */
char *
lc_format_saved_data_notice (const GArray *missing_ranges,
                             const GError *reason)
{
  g_autofree char *days = NULL;
  const char *format;
  guint n;

  g_return_val_if_fail (missing_ranges != NULL, NULL);

  n = lc_ranges_count_days (missing_ranges);
  days = lc_format_missing_days (missing_ranges);

  if (reason == NULL)
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data while %u missing day loads (%s).",
                          "Showing saved data while %u missing days load (%s).",
                          n);
  else if (g_error_matches (reason, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because the query was "
                          "stopped.",
                          "Showing saved data. %u days are missing (%s) because the query was "
                          "stopped.",
                          n);
  else if (g_error_matches (reason, LC_ERROR, LC_ERROR_NETWORK)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_TIMEOUT)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_TLS))
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because POLYV could not be "
                          "reached.",
                          "Showing saved data. %u days are missing (%s) because POLYV could not "
                          "be reached.",
                          n);
  else if (g_error_matches (reason, LC_ERROR, LC_ERROR_RATE_LIMITED))
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because POLYV has paused "
                          "requests from this computer for a while.",
                          "Showing saved data. %u days are missing (%s) because POLYV has paused "
                          "requests from this computer for a while.",
                          n);
  else if (g_error_matches (reason, LC_ERROR, LC_ERROR_SERVER)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_UNEXPECTED_RESPONSE)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_RESPONSE_TOO_LARGE))
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because POLYV is having "
                          "trouble.",
                          "Showing saved data. %u days are missing (%s) because POLYV is having "
                          "trouble.",
                          n);
  else if (g_error_matches (reason, LC_ERROR, LC_ERROR_APP_ID_REQUIRED)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_APPLICATION_NOT_FOUND)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_INVALID_SIGNATURE)
      || g_error_matches (reason, LC_ERROR, LC_ERROR_MISSING_CREDENTIALS))
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because POLYV did not "
                          "accept the App ID and App Secret.",
                          "Showing saved data. %u days are missing (%s) because POLYV did not "
                          "accept the App ID and App Secret.",
                          n);
  else if (g_error_matches (reason, LC_ERROR, LC_ERROR_INVALID_TIMESTAMP))
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because this computer’s "
                          "clock is wrong.",
                          "Showing saved data. %u days are missing (%s) because this computer’s "
                          "clock is wrong.",
                          n);
  else
    /* Translators: the first placeholder is a number of days, the second a list of dates. */
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Showing saved data. %u day is missing (%s) because the query failed.",
                          "Showing saved data. %u days are missing (%s) because the query failed.",
                          n);

  /* Each format above takes the number of days, then the list of dates. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (format, n, days);
#pragma GCC diagnostic pop
}

/* How much the saved history holds, for the preferences: "12 days, 1.2 MB". */
char *
lc_format_cache_size (guint   n_days,
                      guint64 file_bytes)
{
  g_autofree char *size = NULL;

  if (n_days == 0)
    return g_strdup (_("No days saved"));

  size = g_format_size (file_bytes);

  /* Translators: the placeholders are a number of days and a file size such as "1.2 MB". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day saved, %s", "%u days saved, %s",
                                       n_days),
                          n_days, size);
}

/* Whether what a query could have of its range (saved days, and those fetched before it
 * failed) should replace what the window shows. It must hold at least one day; and when the
 * window already shows the same range, it must lack fewer days, so a refresh that fails never
 * swaps a whole result for a partial one. */
gboolean
lc_partial_is_better (guint    n_range_days,
                      guint    partial_missing_days,
                      gboolean shows_same_range,
                      guint    shown_missing_days)
{
  if (partial_missing_days >= n_range_days)
    return FALSE;

  if (!shows_same_range)
    return TRUE;

  return partial_missing_days < shown_missing_days;
}
