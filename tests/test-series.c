/* test-series.c: the columnar series, its summary and the events found in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lc-series.h"

/* Minute @minute_of_day of 2024-05-20 on the platform's clock. */
static LcMinute
at (int minute_of_day)
{
  LcDay day;

  g_assert_true (lc_day_from_ymd (2024, 5, 20, &day));

  return day * LC_MINUTES_PER_DAY + minute_of_day;
}

static LcSeries *
series_from (const LcMinute *minutes,
             const guint32  *viewers,
             guint           n_points)
{
  LcSeries *series = lc_series_new (0);

  for (guint i = 0; i < n_points; i++)
    lc_series_append (series, minutes[i], viewers[i]);
  lc_series_normalize (series);

  return series;
}

static void
test_normalize (void)
{
  const LcMinute minutes[] = { at (30), at (10), at (20), at (10), at (40), at (20), at (50) };
  const guint32 viewers[] = { 3, 5, 7, 9, 0, 2, 1 };
  g_autoptr (LcSeries) series = series_from (minutes, viewers, G_N_ELEMENTS (minutes));
  const LcMinute *sorted_minutes = lc_series_get_minutes (series);
  const guint32 *sorted_viewers = lc_series_get_viewers (series);

  /* Ascending, one point a minute with the larger count kept, the empty minute dropped. */
  g_assert_cmpuint (lc_series_get_length (series), ==, 4);
  g_assert_cmpint (sorted_minutes[0], ==, at (10));
  g_assert_cmpuint (sorted_viewers[0], ==, 9);
  g_assert_cmpint (sorted_minutes[1], ==, at (20));
  g_assert_cmpuint (sorted_viewers[1], ==, 7);
  g_assert_cmpint (sorted_minutes[2], ==, at (30));
  g_assert_cmpuint (sorted_viewers[2], ==, 3);
  g_assert_cmpint (sorted_minutes[3], ==, at (50));
  g_assert_cmpuint (sorted_viewers[3], ==, 1);

  g_assert_cmpuint (lc_series_get_viewers_at (series, at (20)), ==, 7);
  g_assert_cmpuint (lc_series_get_viewers_at (series, at (40)), ==, 0);
  g_assert_cmpuint (lc_series_lower_bound (series, at (21)), ==, 2);
  g_assert_cmpuint (lc_series_lower_bound (series, at (51)), ==, 4);
  g_assert_cmpuint (lc_series_lower_bound (series, at (0)), ==, 0);
}

static void
test_normalize_before_epoch (void)
{
  const LcMinute minutes[] = { 5, -5, 0, -1440 };
  const guint32 viewers[] = { 1, 2, 3, 4 };
  g_autoptr (LcSeries) series = series_from (minutes, viewers, G_N_ELEMENTS (minutes));

  g_assert_cmpint (lc_series_get_minutes (series)[0], ==, -1440);
  g_assert_cmpint (lc_series_get_minutes (series)[1], ==, -5);
  g_assert_cmpint (lc_series_get_minutes (series)[3], ==, 5);
}

static void
test_merge_and_slice (void)
{
  const LcMinute first_minutes[] = { at (1), at (2), at (3) };
  const guint32 first_viewers[] = { 10, 20, 30 };
  const LcMinute second_minutes[] = { at (3), at (4), at (5) };
  const guint32 second_viewers[] = { 30, 40, 50 };
  g_autoptr (LcSeries) first = series_from (first_minutes, first_viewers, 3);
  g_autoptr (LcSeries) second = series_from (second_minutes, second_viewers, 3);
  LcSeries *in_order[] = { first, second };
  LcSeries *reversed[] = { second, first };
  g_autoptr (LcSeries) merged = lc_series_merge (in_order, 2);
  g_autoptr (LcSeries) merged_reversed = lc_series_merge (reversed, 2);
  g_autoptr (LcSeries) slice = lc_series_slice (merged, at (2), at (4));
  g_autoptr (LcSeries) empty_slice = lc_series_slice (merged, at (4), at (2));
  g_autoptr (LcSeries) nothing = lc_series_merge (NULL, 0);
  g_autoptr (LcSeries) empty = lc_series_new (0);
  LcSeries *with_empty[] = { empty, first, empty };
  g_autoptr (LcSeries) merged_with_empty = lc_series_merge (with_empty, 3);
  g_autoptr (LcSeries) slice_of_empty = lc_series_slice (empty, at (0), at (10));

  g_assert_cmpuint (lc_series_get_length (merged), ==, 5);
  g_assert_true (lc_series_equal (merged, merged_reversed));
  g_assert_false (lc_series_equal (merged, first));
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (lc_series_get_minutes (merged)[i], ==, at (1 + (int) i));
      g_assert_cmpuint (lc_series_get_viewers (merged)[i], ==, 10 * (i + 1));
    }

  g_assert_cmpuint (lc_series_get_length (slice), ==, 2);
  g_assert_cmpint (lc_series_get_minutes (slice)[0], ==, at (2));
  g_assert_cmpint (lc_series_get_minutes (slice)[1], ==, at (3));
  g_assert_cmpuint (lc_series_get_length (empty_slice), ==, 0);
  g_assert_cmpuint (lc_series_get_length (nothing), ==, 0);
  g_assert_true (lc_series_equal (merged_with_empty, first));
  g_assert_cmpuint (lc_series_get_length (slice_of_empty), ==, 0);
}

static void
test_stats (void)
{
  const LcMinute minutes[] = { at (600), at (601), at (602), at (900), at (901) };
  const guint32 viewers[] = { 100, 250, 250, 50, 10 };
  g_autoptr (LcSeries) series = series_from (minutes, viewers, G_N_ELEMENTS (minutes));
  g_autoptr (LcSeries) empty = lc_series_new (0);
  LcSeriesStats stats;

  g_assert_true (lc_series_get_stats (series, &stats));
  g_assert_cmpuint (stats.peak_viewers, ==, 250);
  g_assert_cmpint (stats.peak_minute, ==, at (601));
  g_assert_cmpuint (stats.viewer_minutes, ==, 660);
  g_assert_cmpuint (stats.active_minutes, ==, 5);
  g_assert_cmpfloat_with_epsilon (stats.average_viewers, 132.0, 1e-9);
  g_assert_cmpint (stats.first_minute, ==, at (600));
  g_assert_cmpint (stats.last_minute, ==, at (901));

  g_assert_false (lc_series_get_stats (empty, &stats));
  g_assert_cmpuint (stats.peak_viewers, ==, 0);
  g_assert_cmpuint (stats.active_minutes, ==, 0);
}

static void
test_events (void)
{
  g_autoptr (LcSeries) series = lc_series_new (0);
  g_autoptr (GArray) events = NULL;
  g_autoptr (GArray) fine_events = NULL;
  LcEvent *morning, *evening;

  /* A morning show from 9:00 to 10:59 with a 29-minute dropout in the middle, then an evening
   * show from 20:00 to 20:09. */
  for (int minute = 9 * 60; minute < 11 * 60; minute++)
    if (minute < 9 * 60 + 50 || minute >= 9 * 60 + 79)
      lc_series_append (series, at (minute), minute == 10 * 60 + 30 ? 500 : 100);
  for (int minute = 20 * 60; minute < 20 * 60 + 10; minute++)
    lc_series_append (series, at (minute), 10 + minute % 3);
  lc_series_normalize (series);

  events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);
  g_assert_cmpuint (events->len, ==, 2);

  morning = &g_array_index (events, LcEvent, 0);
  g_assert_cmpint (morning->start, ==, at (9 * 60));
  g_assert_cmpint (morning->end, ==, at (11 * 60 - 1));
  g_assert_cmpuint (morning->duration_minutes, ==, 120);
  g_assert_cmpuint (morning->active_minutes, ==, 91);
  g_assert_cmpuint (morning->peak_viewers, ==, 500);
  g_assert_cmpint (morning->peak_minute, ==, at (10 * 60 + 30));
  g_assert_cmpuint (morning->viewer_minutes, ==, 90 * 100 + 500);
  g_assert_cmpfloat_with_epsilon (morning->average_viewers, 9500.0 / 91, 1e-9);

  evening = &g_array_index (events, LcEvent, 1);
  g_assert_cmpint (evening->start, ==, at (20 * 60));
  g_assert_cmpuint (evening->duration_minutes, ==, 10);
  g_assert_cmpuint (evening->peak_viewers, ==, 12);

  /* A 29-minute dropout splits the show once the gap is 29 minutes or shorter. */
  fine_events = lc_series_find_events (series, 29);
  g_assert_cmpuint (fine_events->len, ==, 3);
  g_assert_cmpint (g_array_index (fine_events, LcEvent, 1).start, ==, at (9 * 60 + 79));
}

static void
test_events_edge_cases (void)
{
  g_autoptr (LcSeries) empty = lc_series_new (0);
  g_autoptr (LcSeries) single = lc_series_new (1);
  g_autoptr (GArray) no_events = lc_series_find_events (empty, 30);
  g_autoptr (GArray) one_event = NULL;

  g_assert_cmpuint (no_events->len, ==, 0);

  lc_series_append (single, at (0), 7);
  lc_series_normalize (single);
  one_event = lc_series_find_events (single, 30);
  g_assert_cmpuint (one_event->len, ==, 1);
  g_assert_cmpuint (g_array_index (one_event, LcEvent, 0).duration_minutes, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (one_event, LcEvent, 0).average_viewers, 7.0,
                                  1e-9);
}

static void
test_compact_storage (void)
{
  g_autoptr (LcSeries) year = lc_series_new (525600);

  for (LcMinute minute = 0; minute < 525600; minute++)
    lc_series_append (year, minute, 1 + (guint32) minute % 1000);
  lc_series_normalize (year);

  g_assert_cmpuint (lc_series_get_length (year), ==, 525600);
  g_assert_cmpuint (lc_series_get_memory_size (year), <=, 525600 * 8 + 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/series/normalize", test_normalize);
  g_test_add_func ("/series/normalize-before-epoch", test_normalize_before_epoch);
  g_test_add_func ("/series/merge-and-slice", test_merge_and_slice);
  g_test_add_func ("/series/stats", test_stats);
  g_test_add_func ("/series/events", test_events);
  g_test_add_func ("/series/events-edge-cases", test_events_edge_cases);
  g_test_add_func ("/series/compact-storage", test_compact_storage);

  return g_test_run ();
}
