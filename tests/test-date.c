/* test-date.c: platform days and minutes, range validation, and the chunk plan
 *
 * Meson runs this suite under several TZ values; every expectation below is absolute, so the
 * runs agree only if nothing passes through the machine's local time zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lc-date.h"
#include "lc-error.h"

static LcDay
day_of (const char *text)
{
  LcDay day;

  g_assert_true (lc_day_parse (text, &day));

  return day;
}

static void
test_parse_and_format (void)
{
  const char *valid[] = { "1970-01-01", "2024-02-29", "2000-02-29", "2023-12-31", "0001-01-01" };
  const char *invalid[] = {
    "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01",
    "2024/01/01", "20240101", "2024-01-01 ", " 2024-01-01", "2024-01-0a", "", "0000-01-01",
  };
  LcDay day;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *formatted = NULL;

      g_assert_true (lc_day_parse (valid[i], &day));
      formatted = lc_day_format (day);
      g_assert_cmpstr (formatted, ==, valid[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (lc_day_parse (invalid[i], &day));
  g_assert_false (lc_day_parse (NULL, &day));

  g_assert_cmpint (day_of ("1970-01-01"), ==, 0);
  g_assert_cmpint (day_of ("1970-01-02"), ==, 1);
  g_assert_cmpint (day_of ("1969-12-31"), ==, -1);
  g_assert_cmpint (day_of ("2024-03-01") - day_of ("2024-02-28"), ==, 2);
  g_assert_cmpint (day_of ("2023-03-01") - day_of ("2023-02-28"), ==, 1);
}

static void
test_weekday (void)
{
  g_assert_cmpint (lc_day_get_weekday (day_of ("1970-01-01")), ==, G_DATE_THURSDAY);
  g_assert_cmpint (lc_day_get_weekday (day_of ("2024-05-20")), ==, G_DATE_MONDAY);
  g_assert_cmpint (lc_day_get_weekday (day_of ("2026-12-06")), ==, G_DATE_SUNDAY);
  g_assert_cmpint (lc_day_get_weekday (day_of ("1969-12-29")), ==, G_DATE_MONDAY);
}

static void
test_add_months (void)
{
  g_assert_cmpint (lc_day_add_months (day_of ("2024-01-31"), 1), ==, day_of ("2024-02-29"));
  g_assert_cmpint (lc_day_add_months (day_of ("2023-01-31"), 1), ==, day_of ("2023-02-28"));
  g_assert_cmpint (lc_day_add_months (day_of ("2023-12-31"), 2), ==, day_of ("2024-02-29"));
  g_assert_cmpint (lc_day_add_months (day_of ("2024-05-15"), 2), ==, day_of ("2024-07-15"));
  g_assert_cmpint (lc_day_add_months (day_of ("2024-03-31"), -1), ==, day_of ("2024-02-29"));
  g_assert_cmpint (lc_day_add_months (day_of ("2026-12-03"), -120), ==, day_of ("2016-12-03"));
}

static void
test_today_is_platform_day (void)
{
  /* 2024-05-31 15:59:59.999 UTC is the last millisecond of 31 May in Beijing. */
  gint64 before_midnight = G_GINT64_CONSTANT (1717171199999);
  LcMinute minute = lc_minute_from_unix_ms (before_midnight);

  g_assert_cmpint (lc_day_today (before_midnight), ==, day_of ("2024-05-31"));
  g_assert_cmpint (lc_day_today (before_midnight + 1), ==, day_of ("2024-06-01"));
  g_assert_cmpint (lc_minute_get_minute_of_day (minute), ==, 23 * 60 + 59);
  g_assert_cmpint (lc_minute_to_unix_ms (minute), ==, before_midnight - 59999);
  g_assert_cmpint (lc_day_today (0), ==, 0);
  g_assert_cmpint (lc_day_today (-8 * 3600 * 1000 - 1), ==, -1);
}

static void
test_minutes (void)
{
  LcDay day = day_of ("2019-04-10");
  LcMinute minute;
  char text[6];

  g_assert_true (lc_minute_parse (day, "10:30", &minute));
  g_assert_cmpint (minute, ==, day * 1440 + 630);
  g_assert_cmpint (lc_minute_get_day (minute), ==, day);
  g_assert_cmpint (lc_minute_get_minute_of_day (minute), ==, 630);
  lc_minute_format_into (minute, text);
  g_assert_cmpstr (text, ==, "10:30");

  g_assert_true (lc_minute_parse (day, "00:00", &minute));
  g_assert_true (lc_minute_parse (day, "23:59", &minute));
  g_assert_false (lc_minute_parse (day, "24:00", &minute));
  g_assert_false (lc_minute_parse (day, "12:60", &minute));
  g_assert_false (lc_minute_parse (day, "1:30", &minute));
  g_assert_false (lc_minute_parse (day, "10:30:00", &minute));
  g_assert_false (lc_minute_parse (day, "10-30", &minute));
  g_assert_false (lc_minute_parse (day, NULL, &minute));

  /* Minutes before 1970 still belong to the right day. */
  g_assert_cmpint (lc_minute_get_day (-1), ==, -1);
  g_assert_cmpint (lc_minute_get_minute_of_day (-1), ==, 1439);
}

static void
assert_range_error (const char *start,
                    const char *end,
                    const char *today,
                    int         expected)
{
  g_autoptr (GError) error = NULL;
  LcRange range = { -1, -1 };

  g_assert_false (lc_range_parse (start, end, day_of (today), &range, &error));
  g_assert_error (error, LC_ERROR, expected);
  g_assert_true (lc_error_is_input_error (error));
  g_assert_nonnull (error->message);
  g_assert_cmpint (range.start, ==, -1);
}

static void
test_range_validation (void)
{
  g_autoptr (GError) error = NULL;
  LcRange range;

  g_assert_true (lc_range_parse ("2024-05-01", "2024-05-31", day_of ("2024-06-01"), &range,
                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (range.start, ==, day_of ("2024-05-01"));
  g_assert_cmpuint (lc_range_get_n_days (range), ==, 31);

  /* Today itself may be asked for: it is still running, but it has data. */
  g_assert_true (lc_range_parse ("2024-06-01", "2024-06-01", day_of ("2024-06-01"), &range,
                                 &error));

  assert_range_error ("2024-02-30", "2024-03-01", "2024-06-01", LC_ERROR_INVALID_DATE);
  assert_range_error ("2024-03-01", "tomorrow", "2024-06-01", LC_ERROR_INVALID_DATE);
  assert_range_error ("2024-05-02", "2024-05-01", "2024-06-01", LC_ERROR_RANGE_REVERSED);
  assert_range_error ("2024-05-01", "2024-06-02", "2024-06-01", LC_ERROR_RANGE_IN_FUTURE);
  assert_range_error ("2020-01-01", "2024-01-01", "2024-06-01", LC_ERROR_RANGE_TOO_LONG);
  assert_range_error ("2014-05-31", "2014-06-30", "2024-06-01", LC_ERROR_RANGE_TOO_OLD);

  /* The limits themselves are allowed. */
  range.start = day_of ("2021-06-01");
  range.end = range.start + LC_RANGE_MAX_DAYS - 1;
  g_assert_true (lc_range_validate (range, range.end, NULL));
  range.end++;
  g_assert_false (lc_range_validate (range, range.end, NULL));
  range.start = day_of ("2014-06-01");
  range.end = range.start;
  g_assert_true (lc_range_validate (range, day_of ("2024-06-01"), NULL));
}

/* Checks what every plan must be, whatever the range: chunks in order, touching, covering the
 * range exactly, each fitting one request under both readings of the two-month rule, and each
 * as long as those rules allow except the last. */
static void
assert_plan_is_sound (LcRange  range,
                      GArray  *chunks)
{
  g_assert_cmpuint (chunks->len, >, 0);
  g_assert_cmpint (g_array_index (chunks, LcRange, 0).start, ==, range.start);
  g_assert_cmpint (g_array_index (chunks, LcRange, chunks->len - 1).end, ==, range.end);

  for (guint i = 0; i < chunks->len; i++)
    {
      LcRange chunk = g_array_index (chunks, LcRange, i);
      LcRange longer = { chunk.start, chunk.end + 1 };

      g_assert_cmpint (chunk.start, <=, chunk.end);
      g_assert_cmpint (chunk.end - chunk.start, <=, 60);
      g_assert_cmpint (chunk.end, <, lc_day_add_months (chunk.start, 2));
      g_assert_true (lc_range_fits_one_request (chunk));
      if (i > 0)
        g_assert_cmpint (chunk.start, ==, g_array_index (chunks, LcRange, i - 1).end + 1);
      if (i + 1 < chunks->len)
        g_assert_false (lc_range_fits_one_request (longer));
    }
}

static GArray *
plan (const char *start,
      const char *end)
{
  LcRange range = { day_of (start), day_of (end) };
  GArray *chunks = lc_range_plan_chunks (range);

  assert_plan_is_sound (range, chunks);

  return chunks;
}

static void
assert_chunk (GArray     *chunks,
              guint       index,
              const char *start,
              const char *end)
{
  char start_text[11], end_text[11];

  g_assert_cmpuint (index, <, chunks->len);
  lc_day_format_into (g_array_index (chunks, LcRange, index).start, start_text);
  lc_day_format_into (g_array_index (chunks, LcRange, index).end, end_text);
  g_assert_cmpstr (start_text, ==, start);
  g_assert_cmpstr (end_text, ==, end);
}

static void
test_plan_chunks (void)
{
  g_autoptr (GArray) one_day = plan ("2024-05-20", "2024-05-20");
  g_autoptr (GArray) july = plan ("2024-07-01", "2024-08-31");
  g_autoptr (GArray) two_months = plan ("2024-03-15", "2024-05-14");
  g_autoptr (GArray) leap = plan ("2023-12-31", "2024-03-01");
  g_autoptr (GArray) february = plan ("2023-01-01", "2023-03-01");
  g_autoptr (GArray) year = plan ("2023-01-01", "2023-12-31");
  g_autoptr (GArray) years = plan ("2021-03-01", "2024-02-29");

  g_assert_cmpuint (one_day->len, ==, 1);
  assert_chunk (one_day, 0, "2024-05-20", "2024-05-20");

  /* 1 July + 60 days is 30 August: the day count binds, not the calendar. */
  g_assert_cmpuint (july->len, ==, 2);
  assert_chunk (july, 0, "2024-07-01", "2024-08-30");
  assert_chunk (july, 1, "2024-08-31", "2024-08-31");

  /* Exactly two calendar months less a day, and 60 days apart: one request. */
  g_assert_cmpuint (two_months->len, ==, 1);

  /* 31 December plus two months is the end of February: the calendar binds. */
  assert_chunk (leap, 0, "2023-12-31", "2024-02-28");
  assert_chunk (leap, 1, "2024-02-29", "2024-03-01");
  assert_chunk (february, 0, "2023-01-01", "2023-02-28");
  assert_chunk (february, 1, "2023-03-01", "2023-03-01");

  g_assert_cmpuint (year->len, ==, 7);
  g_assert_cmpuint (years->len, >=, 18);
  g_assert_cmpuint (years->len, <=, 19);
}

static void
test_plan_every_start (void)
{
  LcDay first = day_of ("2023-11-01");

  /* Every start day over a leap February and every length up to four months. */
  for (LcDay start = first; start < first + 200; start++)
    for (guint length = 1; length <= 125; length += 3)
      {
        LcRange range = { start, start + (LcDay) length - 1 };
        g_autoptr (GArray) chunks = lc_range_plan_chunks (range);

        assert_plan_is_sound (range, chunks);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse-and-format", test_parse_and_format);
  g_test_add_func ("/date/weekday", test_weekday);
  g_test_add_func ("/date/add-months", test_add_months);
  g_test_add_func ("/date/today-is-platform-day", test_today_is_platform_day);
  g_test_add_func ("/date/minutes", test_minutes);
  g_test_add_func ("/date/range-validation", test_range_validation);
  g_test_add_func ("/date/plan-chunks", test_plan_chunks);
  g_test_add_func ("/date/plan-every-start", test_plan_every_start);

  return g_test_run ();
}
