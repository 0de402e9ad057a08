/* test-widget-logic.c: the desktop app's decisions, without a display
 *
 * Presets, labels, summaries, error wording, the page chosen for each state, and the table's
 * sort order are pure functions or plain GObjects; they are checked here with fixed days so the
 * results never depend on today's date or the machine's time zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "lc-app-logic.h"
#include "lc-error.h"
#include "lc-series-model.h"

static LcDay
day (int year,
     int month,
     int mday)
{
  LcDay result = 0;

  g_assert_true (lc_day_from_ymd (year, month, mday, &result));

  return result;
}

static void
assert_range (LcRange range,
              LcDay   start,
              LcDay   end)
{
  char got_start[11], got_end[11], want_start[11], want_end[11];

  lc_day_format_into (range.start, got_start);
  lc_day_format_into (range.end, got_end);
  lc_day_format_into (start, want_start);
  lc_day_format_into (end, want_end);
  g_assert_cmpstr (got_start, ==, want_start);
  g_assert_cmpstr (got_end, ==, want_end);
}

static void
test_presets_mid_month (void)
{
  LcDay today = day (2024, 5, 15);

  assert_range (lc_preset_get_range (LC_PRESET_TODAY, today), today, today);
  assert_range (lc_preset_get_range (LC_PRESET_YESTERDAY, today), day (2024, 5, 14),
                day (2024, 5, 14));
  assert_range (lc_preset_get_range (LC_PRESET_LAST_7_DAYS, today), day (2024, 5, 9), today);
  assert_range (lc_preset_get_range (LC_PRESET_LAST_30_DAYS, today), day (2024, 4, 16), today);
  assert_range (lc_preset_get_range (LC_PRESET_THIS_MONTH, today), day (2024, 5, 1), today);
  assert_range (lc_preset_get_range (LC_PRESET_LAST_MONTH, today), day (2024, 4, 1),
                day (2024, 4, 30));
  assert_range (lc_preset_get_range (LC_PRESET_LAST_3_MONTHS, today), day (2024, 2, 16), today);
  assert_range (lc_preset_get_range (LC_PRESET_LAST_12_MONTHS, today), day (2023, 5, 16), today);
}

static void
test_presets_edges (void)
{
  /* Last month across a year boundary, and in a leap year's February. */
  assert_range (lc_preset_get_range (LC_PRESET_LAST_MONTH, day (2024, 1, 1)), day (2023, 12, 1),
                day (2023, 12, 31));
  assert_range (lc_preset_get_range (LC_PRESET_LAST_MONTH, day (2024, 3, 31)), day (2024, 2, 1),
                day (2024, 2, 29));
  assert_range (lc_preset_get_range (LC_PRESET_THIS_MONTH, day (2024, 3, 1)), day (2024, 3, 1),
                day (2024, 3, 1));
  assert_range (lc_preset_get_range (LC_PRESET_YESTERDAY, day (2024, 3, 1)), day (2024, 2, 29),
                day (2024, 2, 29));
}

static void
test_presets_are_valid (void)
{
  LcDay today = day (2024, 5, 15);

  for (LcPreset preset = 0; preset < LC_N_PRESETS; preset++)
    {
      g_autoptr (GError) error = NULL;
      LcPreset parsed;

      g_assert_true (lc_range_validate (lc_preset_get_range (preset, today), today, &error));
      g_assert_no_error (error);
      g_assert_true (lc_preset_from_id (lc_preset_get_id (preset), &parsed));
      g_assert_cmpint (parsed, ==, preset);
      g_assert_nonnull (lc_preset_get_label (preset));
    }

  g_assert_false (lc_preset_from_id ("last-week", NULL));
}

static void
test_range_label (void)
{
  g_autofree char *same_month = NULL;
  g_autofree char *same_year = NULL;
  g_autofree char *across_years = NULL;
  g_autofree char *one_day = NULL;
  LcRange range;

  range = (LcRange) { day (2024, 5, 1), day (2024, 5, 31) };
  same_month = lc_format_range_label (range);
  g_assert_cmpstr (same_month, ==, "1 – 31 May 2024");

  range = (LcRange) { day (2024, 4, 28), day (2024, 5, 3) };
  same_year = lc_format_range_label (range);
  g_assert_cmpstr (same_year, ==, "28 April – 3 May 2024");

  range = (LcRange) { day (2023, 12, 30), day (2024, 1, 2) };
  across_years = lc_format_range_label (range);
  g_assert_cmpstr (across_years, ==, "30 December 2023 – 2 January 2024");

  range = (LcRange) { day (2024, 2, 29), day (2024, 2, 29) };
  one_day = lc_format_range_label (range);
  g_assert_cmpstr (one_day, ==, "29 February 2024");
}

static void
test_formats (void)
{
  g_autofree char *short_duration = lc_format_duration (45);
  g_autofree char *long_duration = lc_format_duration (725);
  g_autofree char *count = lc_format_count (615654);
  g_autofree char *average = lc_format_average_viewers (1023.3);
  g_autofree char *average_up = lc_format_average_viewers (1023.5);
  g_autofree char *minute = lc_format_minute (day (2024, 5, 3) * LC_MINUTES_PER_DAY + 20 * 60 + 15);
  g_autofree char *progress = lc_format_progress (2, 7);
  g_autofree char *no_progress = lc_format_progress (0, 0);

  g_assert_cmpstr (short_duration, ==, "45 min");
  g_assert_cmpstr (long_duration, ==, "12 h 05 min");
  /* The C locale groups no digits. */
  g_assert_cmpstr (count, ==, "615654");
  g_assert_cmpstr (average, ==, "1023");
  g_assert_cmpstr (average_up, ==, "1024");
  g_assert_cmpstr (minute, ==, "3 May 2024, 20:15");
  g_assert_cmpstr (progress, ==, "Loaded 2 of 7 parts");
  g_assert_cmpstr (no_progress, ==, "Loading…");
}

/* Averages group their digits like the peak does, with the locale's separator. */
static void
test_average_grouped (void)
{
  g_autofree char *average = NULL;
  g_autofree char *peak = NULL;

  if (setlocale (LC_NUMERIC, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("The en_US.UTF-8 locale is not installed");
      return;
    }

  average = lc_format_average_viewers (12345.6);
  peak = lc_format_count (12346);
  setlocale (LC_NUMERIC, "C");

  g_assert_cmpstr (average, ==, "12,346");
  g_assert_cmpstr (average, ==, peak);
}

static void
test_event_span (void)
{
  LcMinute base = day (2024, 5, 3) * LC_MINUTES_PER_DAY;
  LcEvent evening = { .start = base + 20 * 60, .end = base + 22 * 60 + 15 };
  LcEvent overnight = { .start = base + 23 * 60 + 10, .end = base + LC_MINUTES_PER_DAY + 75 };
  g_autofree char *evening_text = lc_format_event_span (&evening);
  g_autofree char *overnight_text = lc_format_event_span (&overnight);

  g_assert_cmpstr (evening_text, ==, "20:00 – 22:15");
  g_assert_cmpstr (overnight_text, ==, "23:10 – 01:15 (+1 day)");
}

static void
test_summary_text (void)
{
  LcSeriesStats stats = {
    .active_minutes = 965,
    .peak_viewers = 2006,
    .peak_minute = day (2024, 12, 1) * LC_MINUTES_PER_DAY + 20 * 60 + 32,
    .average_viewers = 638.04,
    .viewer_minutes = 615654,
  };
  LcSummaryText text = { 0 };

  lc_summary_text_init (&text, &stats, 17);
  g_assert_cmpstr (text.peak, ==, "2006");
  g_assert_cmpstr (text.peak_when, ==, "1 December 2024, 20:32");
  /* Averages read in whole viewers, rounded. */
  g_assert_cmpstr (text.average, ==, "638");
  g_assert_cmpstr (text.viewer_minutes, ==, "615654");
  g_assert_cmpstr (text.active_time, ==, "16 h 05 min");
  g_assert_cmpstr (text.events, ==, "17");
  lc_summary_text_clear (&text);
  g_assert_null (text.peak);

  /* An empty range shows dashes, not a peak of zero at some arbitrary minute. */
  lc_summary_text_init (&text, NULL, 0);
  g_assert_cmpstr (text.peak, ==, "—");
  g_assert_cmpstr (text.events, ==, "0");
  lc_summary_text_clear (&text);
}

static void
test_describe_error (void)
{
  g_autoptr (GError) behind = NULL;
  g_autoptr (GError) ahead = NULL;
  g_autoptr (GError) unknown_offset = NULL;
  g_autoptr (GError) server = NULL;
  g_autofree char *behind_text = NULL;
  g_autofree char *ahead_text = NULL;
  g_autofree char *unknown_text = NULL;
  g_autofree char *server_text = NULL;

  lc_set_error (&behind, LC_ERROR_INVALID_TIMESTAMP, "invalid timestamp.", 400);
  lc_error_set_clock_offset (behind, 5 * 60 * 1000);
  behind_text = lc_describe_query_error (behind);
  g_assert_nonnull (strstr (behind_text, "5 minutes behind"));

  lc_set_error (&ahead, LC_ERROR_INVALID_TIMESTAMP, "invalid timestamp.", 400);
  lc_error_set_clock_offset (ahead, -3 * 3600 * 1000);
  ahead_text = lc_describe_query_error (ahead);
  g_assert_nonnull (strstr (ahead_text, "3 hours ahead"));

  lc_set_error (&unknown_offset, LC_ERROR_INVALID_TIMESTAMP, "invalid timestamp.", 400);
  unknown_text = lc_describe_query_error (unknown_offset);
  g_assert_nonnull (strstr (unknown_text, "clock"));

  /* Other errors keep the core's words. */
  lc_set_error (&server, LC_ERROR_SERVER, "boom", 500);
  server_text = lc_describe_query_error (server);
  g_assert_cmpstr (server_text, ==, server->message);
}

static void
test_view_for_state (void)
{
  const struct
  {
    LcViewState state;
    LcView      view;
  } cases[] = {
    { { .has_credentials = FALSE }, LC_VIEW_WELCOME },
    { { .has_credentials = TRUE }, LC_VIEW_IDLE },
    { { .has_credentials = TRUE, .is_running = TRUE }, LC_VIEW_LOADING },
    { { .has_credentials = TRUE, .has_error = TRUE }, LC_VIEW_ERROR },
    { { .has_credentials = TRUE, .has_result = TRUE }, LC_VIEW_RESULT },
    { { .has_credentials = TRUE, .has_result = TRUE, .result_is_empty = TRUE }, LC_VIEW_EMPTY },
    /* A result stays on screen through a new query and through its failure. */
    { { .has_credentials = TRUE, .has_result = TRUE, .is_running = TRUE }, LC_VIEW_RESULT },
    { { .has_credentials = TRUE, .has_result = TRUE, .has_error = TRUE }, LC_VIEW_RESULT },
    /* An error with no credentials still asks for them first. */
    { { .has_credentials = FALSE, .has_error = TRUE }, LC_VIEW_WELCOME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (lc_view_for_state (&cases[i].state), ==, cases[i].view);
}

static GArray *
make_runs (const LcRange *runs,
           guint          n_runs)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (LcRange));

  g_array_append_vals (array, runs, n_runs);

  return array;
}

static void
test_saved_data_notice (void)
{
  g_autoptr (GError) network = NULL;
  g_autoptr (GError) server = NULL;
  g_autoptr (GError) cancelled = NULL;
  g_autoptr (GError) other = NULL;
  LcRange one_day[] = { { day (2024, 5, 3), day (2024, 5, 3) } };
  LcRange one_run[] = { { day (2024, 5, 12), day (2024, 5, 14) } };
  LcRange two_runs[] = {
    { day (2024, 5, 3), day (2024, 5, 3) },
    { day (2024, 4, 29), day (2024, 5, 2) },
  };
  LcRange five_runs[] = {
    { day (2024, 5, 1), day (2024, 5, 1) },
    { day (2024, 5, 3), day (2024, 5, 3) },
    { day (2024, 5, 5), day (2024, 5, 5) },
    { day (2024, 5, 7), day (2024, 5, 7) },
    { day (2024, 5, 9), day (2024, 5, 9) },
  };
  g_autoptr (GArray) single = make_runs (one_day, G_N_ELEMENTS (one_day));
  g_autoptr (GArray) three = make_runs (one_run, G_N_ELEMENTS (one_run));
  g_autoptr (GArray) several = make_runs (two_runs, G_N_ELEMENTS (two_runs));
  g_autoptr (GArray) many = make_runs (five_runs, G_N_ELEMENTS (five_runs));
  g_autoptr (GArray) none = g_array_new (FALSE, FALSE, sizeof (LcRange));
  g_autofree char *text = NULL;

  lc_set_error (&network, LC_ERROR_NETWORK, NULL, 0);
  lc_set_error (&server, LC_ERROR_SERVER, "busy", 500);
  g_set_error_literal (&cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_set_error_literal (&other, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");

  g_assert_cmpuint (lc_ranges_count_days (none), ==, 0);
  g_assert_cmpuint (lc_ranges_count_days (several), ==, 5);
  g_assert_cmpuint (lc_ranges_count_days (many), ==, 5);

  /* One run of days, named as the range button names a range. */
  text = lc_format_saved_data_notice (three, network);
  g_assert_cmpstr (text, ==, "Showing saved data. 3 days are missing (12 – 14 May 2024) because "
                             "POLYV could not be reached.");
  g_clear_pointer (&text, g_free);

  /* A single day takes the singular. */
  text = lc_format_saved_data_notice (single, network);
  g_assert_cmpstr (text, ==, "Showing saved data. 1 day is missing (3 May 2024) because POLYV "
                             "could not be reached.");
  g_clear_pointer (&text, g_free);

  /* Several runs are listed in the order given, each with its own dates. */
  text = lc_format_saved_data_notice (several, server);
  g_assert_cmpstr (text, ==, "Showing saved data. 5 days are missing (3 May 2024, 29 April – 2 "
                             "May 2024) because POLYV is having trouble.");
  g_clear_pointer (&text, g_free);

  /* A long list is cut after three runs, but the count covers every day. */
  text = lc_format_missing_days (many);
  g_assert_cmpstr (text, ==, "1 May 2024, 3 May 2024, 5 May 2024, …");
  g_clear_pointer (&text, g_free);
  text = lc_format_saved_data_notice (many, cancelled);
  g_assert_true (g_str_has_prefix (text, "Showing saved data. 5 days are missing (1 May 2024, "));
  g_assert_true (g_str_has_suffix (text, "because the query was stopped."));
  g_clear_pointer (&text, g_free);

  /* While the query still runs there is no reason yet, only days to come. */
  text = lc_format_saved_data_notice (three, NULL);
  g_assert_cmpstr (text, ==, "Showing saved data while 3 missing days load (12 – 14 May 2024).");
  g_clear_pointer (&text, g_free);
  text = lc_format_saved_data_notice (single, NULL);
  g_assert_cmpstr (text, ==, "Showing saved data while 1 missing day loads (3 May 2024).");
  g_clear_pointer (&text, g_free);

  /* Anything else still says that the days are missing and that the query failed. */
  text = lc_format_saved_data_notice (three, other);
  g_assert_cmpstr (text, ==, "Showing saved data. 3 days are missing (12 – 14 May 2024) because "
                             "the query failed.");
}

static void
test_cache_size_text (void)
{
  g_autofree char *empty = lc_format_cache_size (0, 8192);
  g_autofree char *one = lc_format_cache_size (1, 1000);
  g_autofree char *many = lc_format_cache_size (45, 1234567);

  g_assert_cmpstr (empty, ==, "No days saved");
  /* GLib keeps the number and its unit together with a no-break space. */
  g_assert_cmpstr (one, ==, "1 day saved, 1.0\302\240kB");
  g_assert_cmpstr (many, ==, "45 days saved, 1.2\302\240MB");
}

static void
test_partial_is_better (void)
{
  /* Nothing of the range is no better than anything. */
  g_assert_false (lc_partial_is_better (7, 7, FALSE, 0));
  /* Some days of a range the window does not show yet are better than another range. */
  g_assert_true (lc_partial_is_better (7, 3, FALSE, 0));
  /* A whole result of the same range is never swapped for a partial one. */
  g_assert_false (lc_partial_is_better (7, 3, TRUE, 0));
  /* Among partial results of the same range, fewer missing days win; a tie keeps the screen. */
  g_assert_true (lc_partial_is_better (7, 2, TRUE, 3));
  g_assert_false (lc_partial_is_better (7, 3, TRUE, 3));
}

static LcSeries *
make_series (guint n_points)
{
  LcSeries *series = lc_series_new (n_points);

  /* Viewers repeat with period 1000, so ties are plentiful and the order of ties shows. */
  for (guint i = 0; i < n_points; i++)
    lc_series_append (series, (LcMinute) (day (2024, 1, 1) * LC_MINUTES_PER_DAY + i),
                      (guint32) ((i * 7919u) % 1000u) + 1);

  return series;
}

static void
test_order_compute (void)
{
  g_autoptr (LcSeries) series = make_series (5000);
  const guint32 *viewers = lc_series_get_viewers (series);
  g_autofree guint32 *descending = NULL;
  g_autofree guint32 *ascending = NULL;
  g_autofree guint32 *reversed = NULL;

  g_assert_null (lc_series_order_compute (series, LC_SERIES_ORDER_TIME_ASCENDING));

  descending = lc_series_order_compute (series, LC_SERIES_ORDER_VIEWERS_DESCENDING);
  ascending = lc_series_order_compute (series, LC_SERIES_ORDER_VIEWERS_ASCENDING);
  reversed = lc_series_order_compute (series, LC_SERIES_ORDER_TIME_DESCENDING);

  g_assert_cmpuint (viewers[descending[0]], ==, 1000);
  g_assert_cmpuint (viewers[ascending[0]], ==, 1);
  g_assert_cmpuint (reversed[0], ==, 4999);
  g_assert_cmpuint (reversed[4999], ==, 0);

  for (guint i = 1; i < 5000; i++)
    {
      g_assert_cmpuint (viewers[descending[i - 1]], >=, viewers[descending[i]]);
      g_assert_cmpuint (viewers[ascending[i - 1]], <=, viewers[ascending[i]]);
      if (viewers[descending[i - 1]] == viewers[descending[i]])
        g_assert_cmpuint (descending[i - 1], <, descending[i]);
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_model_sorts_in_worker (void)
{
  g_autoptr (LcSeries) series = make_series (525600);
  g_autoptr (LcSeriesModel) model = lc_series_model_new ();
  g_autoptr (LcSeriesRow) first = NULL;
  g_autoptr (LcSeriesRow) last = NULL;
  gint64 deadline;
  guint n_signals = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &n_signals);

  lc_series_model_set_series (model, series);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 525600);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_false (lc_series_model_get_sorting (model));

  /* Asking for an order returns at once and leaves the rows as they were until the worker is
   * done; then they change in one go. */
  lc_series_model_set_order (model, LC_SERIES_ORDER_VIEWERS_DESCENDING);
  g_assert_true (lc_series_model_get_sorting (model));
  g_assert_cmpuint (n_signals, ==, 1);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (lc_series_model_get_sorting (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (lc_series_model_get_sorting (model));
  g_assert_cmpuint (n_signals, ==, 2);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), 525599);
  g_assert_cmpuint (lc_series_row_get_viewers (first), ==, 1000);
  g_assert_cmpuint (lc_series_row_get_viewers (last), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 525600));

  /* Back to time order needs no worker. */
  lc_series_model_set_order (model, LC_SERIES_ORDER_TIME_ASCENDING);
  g_assert_false (lc_series_model_get_sorting (model));
  g_assert_cmpuint (lc_series_model_get_source_index (model, 17), ==, 17);
}

static void
test_model_newest_order_wins (void)
{
  g_autoptr (LcSeries) series = make_series (200000);
  g_autoptr (LcSeriesModel) model = lc_series_model_new ();
  g_autoptr (LcSeriesRow) first = NULL;
  gint64 deadline;

  lc_series_model_set_series (model, series);
  lc_series_model_set_order (model, LC_SERIES_ORDER_VIEWERS_DESCENDING);
  lc_series_model_set_order (model, LC_SERIES_ORDER_VIEWERS_ASCENDING);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (lc_series_model_get_sorting (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (lc_series_row_get_viewers (first), ==, 1);
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_VIEWERS_ASCENDING);

  /* A model dropped while a worker runs goes away cleanly. */
  lc_series_model_set_order (model, LC_SERIES_ORDER_VIEWERS_DESCENDING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/logic/presets/mid-month", test_presets_mid_month);
  g_test_add_func ("/logic/presets/edges", test_presets_edges);
  g_test_add_func ("/logic/presets/valid", test_presets_are_valid);
  g_test_add_func ("/logic/format/range-label", test_range_label);
  g_test_add_func ("/logic/format/values", test_formats);
  g_test_add_func ("/logic/format/average-grouped", test_average_grouped);
  g_test_add_func ("/logic/format/event-span", test_event_span);
  g_test_add_func ("/logic/summary", test_summary_text);
  g_test_add_func ("/logic/describe-error", test_describe_error);
  g_test_add_func ("/logic/view-for-state", test_view_for_state);
  g_test_add_func ("/logic/saved-data-notice", test_saved_data_notice);
  g_test_add_func ("/logic/cache-size", test_cache_size_text);
  g_test_add_func ("/logic/partial-is-better", test_partial_is_better);
  g_test_add_func ("/model/order-compute", test_order_compute);
  g_test_add_func ("/model/sorts-in-worker", test_model_sorts_in_worker);
  g_test_add_func ("/model/newest-order-wins", test_model_newest_order_wins);

  return g_test_run ();
}
