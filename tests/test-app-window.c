/* test-app-window.c: the main window, driven against the mock service on loopback
 *
 * Each test opens a real window (under Xvfb), runs real queries against an in-process mock of
 * the POLYV endpoint, checks what the window shows, then destroys the window and checks that it
 * was finalized. Waiting is done by iterating the main loop until a condition holds, with a
 * deadline that fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "lc-client.h"
#include "lc-error.h"
#include "lc-mock-server.h"
#include "lc-preferences.h"
#include "lc-range-popover.h"
#include "lc-window.h"

#include "lc-chart-view.h"

#include "lc-app-test-support.h"

#define WAIT_SECONDS 30

typedef LcAppTestWindowFixture Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_for (Fixture    *fixture,
          Condition   condition,
          const char *what)
{
  lc_app_test_wait_for ((LcAppTestCondition) condition, fixture, WAIT_SECONDS, what);
}

static gboolean
query_done (Fixture *fixture)
{
  return !lc_window_get_running (fixture->window);
}

static gboolean
table_sorted (Fixture *fixture)
{
  return !lc_series_model_get_sorting (lc_window_get_table_model (fixture->window));
}

static gboolean
mock_got_request (Fixture *fixture)
{
  return lc_mock_server_get_n_requests (fixture->server) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  lc_app_test_window_fixture_set_up (fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

/* The window must go away completely: anything still holding it (a pending callback, a signal
 * handler, a leaked reference) keeps the weak pointer set and fails the test. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* A test that closed the window itself has checked its finalization already. */
  lc_app_test_window_fixture_tear_down (fixture, WAIT_SECONDS);
}

static void
run_demo_query (Fixture *fixture)
{
  lc_window_start_demo (fixture->window, fixture->server);
  g_assert_true (lc_window_get_running (fixture->window));
  wait_for (fixture, query_done, "the demo query");
}

static void
test_first_run_welcome (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_assert_false (lc_window_has_credentials (fixture->window));
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_WELCOME);
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "welcome");
}

static void
test_demo_fills_window (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *expected_peak = NULL;
  g_autoptr (GArray) events = NULL;
  LcSeries *series;
  LcSeriesStats stats;
  LcRange range;

  run_demo_query (fixture);

  g_assert_null (lc_window_get_last_error (fixture->window));
  g_assert_true (lc_window_get_demo (fixture->window));
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_RESULT);
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "chart");

  /* The demo covers the last seven days, which always hold live events. */
  range = lc_window_get_range (fixture->window);
  g_assert_cmpuint (lc_range_get_n_days (range), ==, 7);

  series = lc_window_get_series (fixture->window);
  g_assert_nonnull (series);
  g_assert_cmpuint (lc_series_get_length (series), >, 0);
  g_assert_true (lc_series_get_stats (series, &stats));

  expected_peak = g_strdup_printf ("%u", stats.peak_viewers);
  g_assert_cmpstr (lc_window_get_summary_peak (fixture->window), ==, expected_peak);

  events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);
  g_assert_cmpuint (events->len, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lc_window_get_events_model (fixture->window)), ==,
                    events->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lc_window_get_table_model (fixture->window))),
                    ==, lc_series_get_length (series));
}

static void
test_sort_by_viewers (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkColumnView *view;
  LcSeriesModel *model;
  g_autoptr (LcSeriesRow) first = NULL;
  g_autoptr (LcSeriesRow) last = NULL;
  g_autoptr (LcSeriesRow) newest = NULL;
  LcSeriesStats stats;
  guint n_rows;

  run_demo_query (fixture);
  view = lc_window_get_table_view (fixture->window);
  model = lc_window_get_table_model (fixture->window);
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_true (lc_series_get_stats (lc_window_get_series (fixture->window), &stats));

  /* What a click on the header does: the window works out the column and direction from the
   * column view's sorter and has the model sort on a worker. */
  gtk_column_view_sort_by_column (view, lc_window_get_table_column (fixture->window, "viewers"),
                                  GTK_SORT_DESCENDING);
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_VIEWERS_DESCENDING);
  wait_for (fixture, table_sorted, "the table to sort");

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (lc_series_row_get_viewers (first), ==, stats.peak_viewers);
  g_assert_cmpint (lc_series_row_get_minute (first), ==, stats.peak_minute);

  gtk_column_view_sort_by_column (view, lc_window_get_table_column (fixture->window, "viewers"),
                                  GTK_SORT_ASCENDING);
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_VIEWERS_ASCENDING);
  wait_for (fixture, table_sorted, "the table to sort");
  last = g_list_model_get_item (G_LIST_MODEL (model), n_rows - 1);
  g_assert_cmpuint (lc_series_row_get_viewers (last), ==, stats.peak_viewers);

  gtk_column_view_sort_by_column (view, lc_window_get_table_column (fixture->window, "day"),
                                  GTK_SORT_DESCENDING);
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_TIME_DESCENDING);
  wait_for (fixture, table_sorted, "the table to sort");
  newest = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (lc_series_row_get_minute (newest), ==, stats.last_minute);

  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_TIME_ASCENDING);
}

static char *
get_sort_state (Fixture *fixture)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (fixture->window),
                                                                "sort-table");

  return g_variant_dup_string (state, NULL);
}

/* The sort menu sorts through the column view, as a header click does, and a header click shows
 * in the menu. */
static void
test_sort_menu (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkColumnView *view;
  LcSeriesModel *model;
  g_autoptr (LcSeriesRow) first = NULL;
  g_autofree char *initial_state = NULL;
  g_autofree char *menu_state = NULL;
  g_autofree char *header_state = NULL;
  LcSeriesStats stats;

  run_demo_query (fixture);
  view = lc_window_get_table_view (fixture->window);
  model = lc_window_get_table_model (fixture->window);
  g_assert_true (lc_series_get_stats (lc_window_get_series (fixture->window), &stats));
  initial_state = get_sort_state (fixture);
  g_assert_cmpstr (initial_state, ==, "time-ascending");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sort-table", "s",
                                             "viewers-descending"));
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_VIEWERS_DESCENDING);
  wait_for (fixture, table_sorted, "the table to sort");
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (lc_series_row_get_viewers (first), ==, stats.peak_viewers);
  menu_state = get_sort_state (fixture);
  g_assert_cmpstr (menu_state, ==, "viewers-descending");

  gtk_column_view_sort_by_column (view, lc_window_get_table_column (fixture->window, "minute"),
                                  GTK_SORT_DESCENDING);
  header_state = get_sort_state (fixture);
  g_assert_cmpstr (header_state, ==, "time-descending");
  g_assert_cmpint (lc_series_model_get_order (model), ==, LC_SERIES_ORDER_TIME_DESCENDING);
  wait_for (fixture, table_sorted, "the table to sort");
}

static void
test_event_focuses_chart (Fixture       *fixture,
                          gconstpointer  user_data)
{
  run_demo_query (fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "events"));
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "events");

  lc_window_activate_event (fixture->window, 1);
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "chart");

  {
    g_autoptr (LcEventRow) row = g_list_model_get_item (lc_window_get_events_model (fixture->window), 1);
    const LcEvent *event = lc_event_row_get_event (row);
    LcChartView *chart = LC_CHART_VIEW (lc_window_get_chart_view (fixture->window));
    LcMinute from, to;

    /* The chart shows the event, with a little room, and not the whole week. */
    lc_chart_view_get_visible_window (chart, &from, &to);
    g_assert_cmpint (from, <=, event->start);
    g_assert_cmpint (to, >, event->end);
    g_assert_cmpint (to - from, <, 2 * LC_MINUTES_PER_DAY);
  }
}

static void
test_failure_keeps_result (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const GError *error;
  LcSeries *before;

  run_demo_query (fixture);
  before = lc_window_get_series (fixture->window);
  g_assert_nonnull (before);

  /* Every attempt at the one chunk of a seven-day range fails. */
  lc_mock_server_queue_fault (fixture->server, LC_MOCK_FAULT_SERVER_ERROR, LC_MAX_ATTEMPTS_PER_CHUNK);
  lc_window_query (fixture->window);
  g_assert_true (lc_window_get_running (fixture->window));
  g_assert_true (lc_window_get_series (fixture->window) == before);
  wait_for (fixture, query_done, "the failing query");

  error = lc_window_get_last_error (fixture->window);
  g_assert_error (error, LC_ERROR, LC_ERROR_SERVER);
  g_assert_true (lc_window_get_series (fixture->window) == before);
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_RESULT);

  /* The next success clears the error. */
  lc_window_query (fixture->window);
  wait_for (fixture, query_done, "the query after the failure");
  g_assert_null (lc_window_get_last_error (fixture->window));
  g_assert_nonnull (lc_window_get_series (fixture->window));
}

static void
test_bad_secret (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* A real account whose secret is kept for the session, so no keyring is involved. */
  g_settings_set_string (settings, "app-id", LC_MOCK_DEMO_APP_ID);
  g_settings_set_string (settings, "endpoint", fixture->base_url);
  lc_credentials_keep_for_session (fixture->credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url,
                                   "not-the-secret");
  g_assert_true (lc_window_has_credentials (fixture->window));

  lc_window_query (fixture->window);
  wait_for (fixture, query_done, "the query with a wrong secret");
  g_assert_error (lc_window_get_last_error (fixture->window), LC_ERROR, LC_ERROR_INVALID_SIGNATURE);
  g_assert_null (lc_window_get_series (fixture->window));
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_ERROR);
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "error");

  lc_credentials_keep_for_session (fixture->credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url,
                                   LC_MOCK_DEMO_APP_SECRET);
  lc_window_query (fixture->window);
  wait_for (fixture, query_done, "the query with the right secret");
  g_assert_null (lc_window_get_last_error (fixture->window));
  g_assert_nonnull (lc_window_get_series (fixture->window));
  g_assert_false (lc_window_get_demo (fixture->window));
}

static void
test_cancel_mid_range (Fixture       *fixture,
                       gconstpointer  user_data)
{
  LcSeries *before;
  LcRange long_range;
  gint64 cancelled_at;

  run_demo_query (fixture);
  before = lc_window_get_series (fixture->window);

  /* Half a year is several chunks; each answer takes a while, so the query is caught midway. */
  long_range.end = lc_window_get_range (fixture->window).end;
  long_range.start = long_range.end - 180;
  lc_window_set_range (fixture->window, long_range);
  lc_mock_server_set_delay (fixture->server, 1500);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 1);

  lc_window_query (fixture->window);
  wait_for (fixture, mock_got_request, "the first request");
  g_assert_true (lc_window_get_running (fixture->window));

  cancelled_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-query",
                                             NULL));
  wait_for (fixture, query_done, "the cancelled query to stop");
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 1000 * 1000);

  /* Nothing partial reached the screen and a cancellation is not an error. */
  g_assert_true (lc_window_get_series (fixture->window) == before);
  g_assert_null (lc_window_get_last_error (fixture->window));
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_RESULT);
  lc_mock_server_set_delay (fixture->server, 0);
}

static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_remembers_size_and_range (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  gpointer window = fixture->window;
  LcRange range;
  char start_text[11], end_text[11];

  /* A range picked on the calendars is kept as days, and the size as it was on closing. */
  range = lc_window_get_range (fixture->window);
  range.start -= 20;
  range.end -= 10;
  lc_window_set_range (fixture->window, range);
  g_settings_set_string (settings, "app-id", LC_MOCK_DEMO_APP_ID);
  g_settings_set_string (settings, "endpoint", fixture->base_url);
  lc_credentials_keep_for_session (fixture->credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url,
                                   LC_MOCK_DEMO_APP_SECRET);
  lc_window_query (fixture->window);
  wait_for (fixture, query_done, "the query");
  g_assert_null (lc_window_get_last_error (fixture->window));

  lc_day_format_into (range.start, start_text);
  lc_day_format_into (range.end, end_text);
  assert_setting (settings, "last-range-start", start_text);
  assert_setting (settings, "last-range-end", end_text);
  assert_setting (settings, "last-preset", "");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 812, 604);
  g_object_add_weak_pointer (G_OBJECT (window), &window);
  gtk_window_close (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  while (window != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 812);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 604);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window starts where this one stopped. */
  fixture->window = lc_window_new (NULL, fixture->credentials);
  range = lc_window_get_range (fixture->window);
  lc_day_format_into (range.start, start_text);
  lc_day_format_into (range.end, end_text);
  assert_setting (settings, "last-range-start", start_text);
  assert_setting (settings, "last-range-end", end_text);
}

static void
range_chosen_cb (LcRangePopover *popover,
                 int             start,
                 int             end,
                 const char     *preset_id,
                 LcRange        *chosen)
{
  chosen->start = start;
  chosen->end = end;
}

static void
test_range_popover (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *popover = lc_range_popover_new ();
  gpointer weak = popover;
  LcRange chosen = { 0, 0 };
  LcRange reversed;
  LcDay today;

  g_assert_true (lc_day_from_ymd (2024, 5, 15, &today));
  g_object_add_weak_pointer (G_OBJECT (popover), &weak);
  g_object_ref_sink (popover);
  g_signal_connect (popover, "range-chosen", G_CALLBACK (range_chosen_cb), &chosen);
  lc_range_popover_set_today (LC_RANGE_POPOVER (popover), today);

  /* A reversed or future range is explained and cannot be applied. */
  reversed.start = today - 1;
  reversed.end = today - 5;
  lc_range_popover_set_range (LC_RANGE_POPOVER (popover), reversed);
  g_assert_false (lc_range_popover_get_valid (LC_RANGE_POPOVER (popover)));
  g_assert_nonnull (lc_range_popover_get_problem (LC_RANGE_POPOVER (popover)));
  gtk_widget_activate_action (popover, "range.apply", NULL);
  g_assert_cmpint (chosen.start, ==, 0);

  reversed.start = today + 1;
  reversed.end = today + 2;
  lc_range_popover_set_range (LC_RANGE_POPOVER (popover), reversed);
  g_assert_false (lc_range_popover_get_valid (LC_RANGE_POPOVER (popover)));

  /* The calendars hold the platform's days whatever the machine's time zone. */
  lc_range_popover_choose_preset (LC_RANGE_POPOVER (popover), "last-month");
  g_assert_true (lc_range_popover_get_valid (LC_RANGE_POPOVER (popover)));
  g_assert_true (lc_day_from_ymd (2024, 4, 1, &reversed.start));
  g_assert_true (lc_day_from_ymd (2024, 4, 30, &reversed.end));
  g_assert_cmpint (chosen.start, ==, reversed.start);
  g_assert_cmpint (chosen.end, ==, reversed.end);
  g_assert_cmpint (lc_range_popover_get_range (LC_RANGE_POPOVER (popover)).start, ==, reversed.start);

  g_object_unref (popover);
  g_assert_null (weak);
}

static void
test_preferences_finalized (Fixture       *fixture,
                            gconstpointer  user_data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  LcPreferences *preferences = lc_preferences_new (GTK_WINDOW (fixture->window),
                                                   fixture->credentials);
  gpointer weak = preferences;

  g_object_add_weak_pointer (G_OBJECT (preferences), &weak);
  gtk_window_present (GTK_WINDOW (preferences));
  g_main_context_iteration (NULL, FALSE);
  gtk_window_destroy (GTK_WINDOW (preferences));

  while (weak != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);
}

int
main (int   argc,
      char *argv[])
{
  lc_app_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/app/window/" path, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("first-run-welcome", test_first_run_welcome);
  ADD ("demo-fills-window", test_demo_fills_window);
  ADD ("sort-by-viewers", test_sort_by_viewers);
  ADD ("sort-menu", test_sort_menu);
  ADD ("event-focuses-chart", test_event_focuses_chart);
  ADD ("failure-keeps-result", test_failure_keeps_result);
  ADD ("bad-secret", test_bad_secret);
  ADD ("cancel-mid-range", test_cancel_mid_range);
  ADD ("remembers-size-and-range", test_remembers_size_and_range);
  ADD ("range-popover", test_range_popover);
  ADD ("preferences-finalized", test_preferences_finalized);
#undef ADD

  return g_test_run ();
}
