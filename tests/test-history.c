/* test-history.c: queries through the history cache, against the mock server on loopback
 *
 * The client, the history and the mock server share one clock set to 2024-03-15 15:00:05 on the
 * platform's calendar (that day's demo data starts at 10:08), so the days asked for are the same
 * whatever today is. The local clock stands still while the mock's runs on from there: its
 * timestamp window is three minutes and its data stops at its own "now", so a test has most of
 * a minute before today's data could change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "lc-cache.h"
#include "lc-error.h"
#include "lc-history.h"
#include "lc-mock-server.h"
#include "lc-test-support.h"

typedef struct
{
  char         *folder;
  LcMockServer *mock;
  char         *base_url;
  LcClient     *client;
  LcCache      *cache;
  LcHistory    *history;
  gint64        now_ms;
  LcDay         today;

  /* What the last query reported. */
  gboolean          done;
  gboolean          cached_reported;
  guint             requests_when_cached;
  LcHistoryPartial *cached;
  guint             last_chunks_done;
  guint             last_chunks_total;
  guint             fault_after_chunks;
  LcSeries         *result;
  LcHistoryPartial *partial;
  GError           *error;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now_ms;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->today = lc_test_day_of ("2024-03-15");
  f->now_ms = lc_minute_to_unix_ms ((LcMinute) f->today * LC_MINUTES_PER_DAY + 15 * 60) + 5000;

  f->mock = lc_mock_server_new ();
  lc_mock_server_add_app (f->mock, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET);
  lc_mock_server_set_clock_skew (f->mock, f->now_ms - g_get_real_time () / 1000);
  lc_mock_server_set_retry_after (f->mock, 0);
  g_assert_true (lc_mock_server_start (f->mock, 0, &error));
  g_assert_no_error (error);
  f->base_url = lc_mock_server_get_base_url (f->mock);

  f->client = lc_client_new (f->base_url, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, &error);
  g_assert_no_error (error);
  lc_client_set_clock (f->client, fixture_clock, f);
  lc_client_set_retry_base_delay (f->client, 1);
  g_assert_cmpint (lc_client_get_today (f->client), ==, f->today);

  f->folder = g_dir_make_tmp ("lc-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->folder, "history.sqlite3", NULL);
  f->cache = lc_cache_open (path, &error);
  g_assert_no_error (error);

  f->history = lc_history_new (f->client, f->cache);
  lc_history_set_clock (f->history, fixture_clock, f);
  g_assert_true (lc_history_get_client (f->history) == f->client);
  g_assert_true (lc_history_get_cache (f->history) == f->cache);
}

static void
fixture_clear_query (Fixture *f)
{
  f->done = FALSE;
  f->cached_reported = FALSE;
  f->requests_when_cached = 0;
  f->last_chunks_done = 0;
  f->last_chunks_total = 0;
  g_clear_pointer (&f->cached, lc_history_partial_free);
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_pointer (&f->partial, lc_history_partial_free);
  g_clear_error (&f->error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  fixture_clear_query (f);
  g_clear_object (&f->history);
  g_clear_object (&f->client);
  g_clear_object (&f->cache);
  lc_mock_server_stop (f->mock);
  g_clear_object (&f->mock);
  g_free (f->base_url);

  dir = g_dir_open (f->folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->folder, name, NULL);

      g_assert_cmpint (g_unlink (file), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->folder), ==, 0);
  g_free (f->folder);
}

static void
cached_cb (const LcHistoryPartial *cached,
           gpointer                user_data)
{
  Fixture *f = user_data;

  g_assert_false (f->cached_reported);
  g_assert_false (f->done);
  f->cached_reported = TRUE;
  f->requests_when_cached = lc_mock_server_get_n_requests (f->mock);
  f->cached = lc_history_partial_copy (cached);
}

static void
progress_cb (guint    chunks_done,
             guint    chunks_total,
             gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_true (f->cached_reported);
  g_assert_cmpuint (chunks_done, >, f->last_chunks_done);
  g_assert_cmpuint (chunks_done, <=, chunks_total);
  f->last_chunks_done = chunks_done;
  f->last_chunks_total = chunks_total;

  /* Lets a test make the API fail from a given point of a query on. */
  if (f->fault_after_chunks != 0 && chunks_done == f->fault_after_chunks)
    lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_SERVER_ERROR, 100);
}

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = lc_history_query_finish (LC_HISTORY (source), result, &f->partial, &f->error);
  f->done = TRUE;
}

/* Runs one query to its end and returns how many requests it made. */
static guint
run_query (Fixture            *f,
           LcHistory          *history,
           LcRange             range,
           LcHistoryQueryFlags flags,
           GCancellable       *cancellable)
{
  guint requests_before = lc_mock_server_get_n_requests (f->mock);

  fixture_clear_query (f);
  lc_history_query_async (history, range, flags, cancellable, cached_cb, progress_cb, f,
                          query_done_cb, f);
  g_assert_false (f->done);
  g_assert_false (f->cached_reported);

  lc_test_iterate_until (&f->done, 30);

  /* Whatever the outcome, the cache was reported first, unless the query was cancelled first. */
  if (f->partial != NULL && !g_error_matches (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_assert_true (f->cached_reported);
  if (f->cached_reported)
    g_assert_cmpuint (f->requests_when_cached, ==, requests_before);

  return lc_mock_server_get_n_requests (f->mock) - requests_before;
}

/* What a fetch of @range made on its own, without the cache. */
static LcSeries *
fetch_fresh (Fixture *f,
             LcRange  range)
{
  guint n_requests = run_query (f, f->history, range, LC_HISTORY_QUERY_NO_CACHE, NULL);
  g_autoptr (GArray) chunks = lc_range_plan_chunks (range);

  g_assert_no_error (f->error);
  g_assert_cmpuint (n_requests, ==, chunks->len);
  g_assert_cmpuint (f->cached->n_cached_days, ==, 0);

  return lc_series_ref (f->result);
}

/* What the mock serves the demo app for @range. */
static LcSeries *
generate_range (LcRange range)
{
  return lc_test_generate_range (LC_MOCK_DEMO_APP_ID, range, LC_MOCK_DATA_SPARSE);
}

static gint64
fetched_at_of (Fixture *f,
               LcDay    day)
{
  g_autoptr (GError) error = NULL;
  gint64 fetched_at = 0;

  g_assert_true (lc_cache_lookup_day (f->cache, f->base_url, LC_MOCK_DEMO_APP_ID, day,
                                      &fetched_at, NULL, &error));
  g_assert_no_error (error);

  return fetched_at;
}

static guint
count_cached_days (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  LcCacheSize size;

  g_assert_true (lc_cache_get_size (f->cache, f->base_url, LC_MOCK_DEMO_APP_ID, &size, &error));
  g_assert_no_error (error);

  return size.n_days;
}

static void
test_second_query_makes_no_request (Fixture      *f,
                                    gconstpointer user_data)
{
  LcRange range = { lc_test_day_of ("2023-11-01"), lc_test_day_of ("2024-01-29") };
  g_autoptr (GArray) chunks = lc_range_plan_chunks (range);
  g_autoptr (LcSeries) expected = generate_range (range);
  g_autoptr (LcSeries) first = NULL;
  g_autoptr (LcSeries) fresh = NULL;

  g_assert_cmpuint (chunks->len, ==, 2);

  /* Nothing cached: the whole range is reported missing, then fetched in its two chunks. */
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==, 2);
  g_assert_no_error (f->error);
  g_assert_cmpuint (lc_series_get_length (f->cached->series), ==, 0);
  lc_test_assert_ranges (f->cached->missing_ranges, &range, 1);
  g_assert_cmpuint (f->cached->n_cached_days, ==, 0);
  g_assert_cmpuint (f->last_chunks_done, ==, 2);
  g_assert_cmpuint (f->last_chunks_total, ==, 2);
  lc_test_assert_series_equal (f->result, expected);
  g_assert_nonnull (f->partial);
  lc_test_assert_series_equal (f->partial->series, expected);
  g_assert_cmpuint (f->partial->missing_ranges->len, ==, 0);
  g_assert_cmpuint (lc_history_partial_get_n_missing_days (f->partial), ==, 0);
  g_assert_cmpuint (count_cached_days (f), ==, lc_range_get_n_days (range));
  first = lc_series_ref (f->result);

  /* Asked again: everything comes from the cache, reported at once, without a request. */
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  g_assert_no_error (f->error);
  lc_test_assert_series_equal (f->cached->series, expected);
  g_assert_cmpuint (f->cached->missing_ranges->len, ==, 0);
  g_assert_cmpuint (f->cached->n_cached_days, ==, lc_range_get_n_days (range));
  g_assert_cmpuint (f->last_chunks_total, ==, 0);
  lc_test_assert_series_equal (f->result, first);
  g_assert_cmpuint (f->partial->n_cached_days, ==, lc_range_get_n_days (range));

  /* And it is what a fetch without the cache gives, row for row. */
  fresh = fetch_fresh (f, range);
  lc_test_assert_series_equal (fresh, first);
  g_assert_true (lc_series_equal (fresh, first));
}

static void
test_overlapping_range_fetches_missing_days (Fixture      *f,
                                             gconstpointer user_data)
{
  LcRange cached = { lc_test_day_of ("2024-01-10"), lc_test_day_of ("2024-02-08") };
  LcRange wider = { cached.start - 10, cached.end + 10 };
  const LcRange runs[] = { { wider.start, cached.start - 1 }, { cached.end + 1, wider.end } };
  g_autoptr (LcSeries) expected = generate_range (wider);
  g_autoptr (LcSeries) expected_cached = generate_range (cached);
  g_autoptr (LcSeries) fresh = NULL;
  gint64 first_fetch;

  g_assert_cmpuint (run_query (f, f->history, cached, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);
  first_fetch = fetched_at_of (f, cached.start);
  g_assert_cmpint (first_fetch, ==, f->now_ms);

  /* A minute later, a range with ten more days on each side: one request per missing run. */
  f->now_ms += 60 * 1000;
  g_assert_cmpuint (run_query (f, f->history, wider, LC_HISTORY_QUERY_NONE, NULL), ==, 2);
  g_assert_no_error (f->error);
  lc_test_assert_series_equal (f->cached->series, expected_cached);
  lc_test_assert_ranges (f->cached->missing_ranges, runs, G_N_ELEMENTS (runs));
  g_assert_cmpuint (f->cached->n_cached_days, ==, lc_range_get_n_days (cached));
  g_assert_cmpuint (lc_history_partial_get_n_missing_days (f->cached), ==, 20);
  g_assert_cmpuint (f->last_chunks_total, ==, 2);
  lc_test_assert_series_equal (f->result, expected);

  /* The cached days were not fetched again; the new ones were, just now. */
  for (LcDay day = cached.start; day <= cached.end; day++)
    g_assert_cmpint (fetched_at_of (f, day), ==, first_fetch);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    for (LcDay day = runs[i].start; day <= runs[i].end; day++)
      g_assert_cmpint (fetched_at_of (f, day), ==, f->now_ms);
  g_assert_cmpuint (count_cached_days (f), ==, lc_range_get_n_days (wider));

  fresh = fetch_fresh (f, wider);
  lc_test_assert_series_equal (f->result, fresh);
  lc_test_assert_series_equal (fresh, expected);
}

static void
test_gap_in_cache (Fixture      *f,
                   gconstpointer user_data)
{
  LcRange whole = { lc_test_day_of ("2023-06-01"), lc_test_day_of ("2023-06-30") };
  LcRange early = { whole.start, whole.start + 9 };
  LcRange late = { whole.start + 20, whole.end };
  LcRange gap = { early.end + 1, late.start - 1 };
  g_autoptr (LcSeries) expected = generate_range (whole);

  g_assert_cmpuint (run_query (f, f->history, early, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_cmpuint (run_query (f, f->history, late, LC_HISTORY_QUERY_NONE, NULL), ==, 1);

  g_assert_cmpuint (run_query (f, f->history, whole, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);
  lc_test_assert_ranges (f->cached->missing_ranges, &gap, 1);
  g_assert_cmpuint (f->cached->n_cached_days, ==, 20);
  lc_test_assert_series_equal (f->result, expected);
  g_assert_cmpuint (run_query (f, f->history, whole, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  lc_test_assert_series_equal (f->result, expected);
}

static void
test_today_is_fetched_again (Fixture      *f,
                             gconstpointer user_data)
{
  LcRange range = { f->today - 6, f->today };
  LcRange today = { f->today, f->today };
  LcRange past = { range.start, f->today - 1 };
  g_autoptr (LcSeries) expected_past = generate_range (past);
  g_autoptr (LcSeries) first = NULL;
  g_autoptr (LcSeries) fresh = NULL;
  LcDay yesterday = f->today - 1;

  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);
  first = lc_series_ref (f->result);
  g_assert_cmpuint (lc_series_get_length (first), >, lc_series_get_length (expected_past));

  /* Today was still running when it was fetched, so only today is asked for again. */
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);
  lc_test_assert_ranges (f->cached->missing_ranges, &today, 1);
  lc_test_assert_series_equal (f->cached->series, expected_past);
  lc_test_assert_series_equal (f->result, first);

  fresh = fetch_fresh (f, range);
  lc_test_assert_series_equal (f->result, fresh);

  /* Yesterday's fetch time is this morning, after yesterday ended: it is final. */
  g_assert_true (lc_cache_day_is_final (yesterday, fetched_at_of (f, yesterday)));
  g_assert_false (lc_cache_day_is_final (f->today, fetched_at_of (f, f->today)));
}

static void
assert_offline_outcome (Fixture       *f,
                        LcSeries      *expected_cached,
                        const LcRange *runs,
                        guint          n_runs)
{
  g_assert_null (f->result);
  g_assert_nonnull (f->error);
  g_assert_nonnull (f->partial);
  lc_test_assert_series_equal (f->partial->series, expected_cached);
  lc_test_assert_ranges (f->partial->missing_ranges, runs, n_runs);
  lc_test_assert_series_equal (f->cached->series, expected_cached);
  lc_test_assert_ranges (f->cached->missing_ranges, runs, n_runs);
  g_test_message ("Showing saved data; %u days are missing: %s",
                  lc_history_partial_get_n_missing_days (f->partial), f->error->message);
}

static void
test_failing_server_keeps_cached_part (Fixture      *f,
                                       gconstpointer user_data)
{
  LcRange cached = { lc_test_day_of ("2024-02-01"), lc_test_day_of ("2024-02-20") };
  LcRange wider = { cached.start - 5, cached.end + 5 };
  const LcRange runs[] = { { wider.start, cached.start - 1 }, { cached.end + 1, wider.end } };
  g_autoptr (LcSeries) expected_cached = generate_range (cached);
  guint n_requests;

  g_assert_cmpuint (run_query (f, f->history, cached, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);

  /* Every answer is a server error: the first run fails after its retries, and the second is
   * not even tried. */
  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_SERVER_ERROR, 100);
  n_requests = run_query (f, f->history, wider, LC_HISTORY_QUERY_NONE, NULL);
  g_assert_cmpuint (n_requests, >=, 1);
  g_assert_cmpuint (n_requests, <=, LC_MAX_ATTEMPTS_PER_CHUNK);
  g_assert_error (f->error, LC_ERROR, LC_ERROR_SERVER);
  assert_offline_outcome (f, expected_cached, runs, G_N_ELEMENTS (runs));
  g_assert_cmpuint (lc_history_partial_get_n_missing_days (f->partial), ==, 10);
  g_assert_cmpuint (f->partial->n_cached_days, ==, 20);
  g_assert_cmpuint (count_cached_days (f), ==, lc_range_get_n_days (cached));
}

static void
test_stopped_server_keeps_cached_part (Fixture      *f,
                                       gconstpointer user_data)
{
  LcRange cached = { lc_test_day_of ("2024-02-01"), lc_test_day_of ("2024-02-20") };
  LcRange wider = { cached.start, cached.end + 3 };
  const LcRange runs[] = { { cached.end + 1, wider.end } };
  g_autoptr (LcSeries) expected_cached = generate_range (cached);

  g_assert_cmpuint (run_query (f, f->history, cached, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);

  lc_mock_server_stop (f->mock);
  g_assert_cmpuint (run_query (f, f->history, wider, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  g_assert_error (f->error, LC_ERROR, LC_ERROR_NETWORK);
  assert_offline_outcome (f, expected_cached, runs, G_N_ELEMENTS (runs));

  /* Offline, the cached days alone still come back whole and without error. */
  g_assert_cmpuint (run_query (f, f->history, cached, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  g_assert_no_error (f->error);
  lc_test_assert_series_equal (f->result, expected_cached);
}

static void
test_failure_after_a_run_keeps_that_run (Fixture      *f,
                                         gconstpointer user_data)
{
  LcRange cached = { lc_test_day_of ("2023-09-11"), lc_test_day_of ("2023-09-20") };
  LcRange wider = { cached.start - 10, cached.end + 100 };
  LcRange first_run = { wider.start, cached.start - 1 };
  LcRange second_run = { cached.end + 1, wider.end };
  g_autoptr (LcSeries) expected_cached = generate_range (cached);
  g_autoptr (LcSeries) expected_first = generate_range (first_run);
  g_autoptr (LcSeries) expected_partial = NULL;
  g_autoptr (GArray) second_chunks = lc_range_plan_chunks (second_run);

  g_assert_cmpuint (run_query (f, f->history, cached, LC_HISTORY_QUERY_NONE, NULL), ==, 1);

  /* The first run is one chunk; the server fails from the moment it has arrived. */
  f->fault_after_chunks = 1;
  run_query (f, f->history, wider, LC_HISTORY_QUERY_NONE, NULL);
  g_assert_error (f->error, LC_ERROR, LC_ERROR_SERVER);
  g_assert_cmpuint (f->last_chunks_total, ==, 1 + second_chunks->len);
  {
    LcSeries *parts[] = { expected_first, expected_cached };

    expected_partial = lc_series_merge (parts, G_N_ELEMENTS (parts));
  }
  lc_test_assert_series_equal (f->partial->series, expected_partial);
  lc_test_assert_ranges (f->partial->missing_ranges, &second_run, 1);
  g_assert_cmpuint (f->partial->n_cached_days, ==, 10);

  /* The run that arrived was stored before the query ended. */
  g_assert_cmpuint (count_cached_days (f), ==, 20);
  g_assert_cmpint (fetched_at_of (f, first_run.start), ==, f->now_ms);
}

static void
test_refresh (Fixture      *f,
              gconstpointer user_data)
{
  LcRange range = { lc_test_day_of ("2023-12-01"), lc_test_day_of ("2024-01-31") };
  g_autoptr (GArray) chunks = lc_range_plan_chunks (range);
  g_autoptr (LcSeries) expected = generate_range (range);
  gint64 first_fetch = f->now_ms;

  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==,
                    chunks->len);

  /* REFRESH reads nothing, fetches every day and overwrites what was stored. */
  f->now_ms += 2 * 60 * 1000;
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_REFRESH, NULL), ==,
                    chunks->len);
  g_assert_no_error (f->error);
  g_assert_cmpuint (lc_series_get_length (f->cached->series), ==, 0);
  lc_test_assert_ranges (f->cached->missing_ranges, &range, 1);
  lc_test_assert_series_equal (f->result, expected);
  for (LcDay day = range.start; day <= range.end; day++)
    g_assert_cmpint (fetched_at_of (f, day), ==, first_fetch + 2 * 60 * 1000);

  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  lc_test_assert_series_equal (f->result, expected);
}

static void
test_no_cache (Fixture      *f,
               gconstpointer user_data)
{
  LcRange range = { lc_test_day_of ("2024-02-10"), lc_test_day_of ("2024-02-19") };
  g_autoptr (LcSeries) expected = generate_range (range);
  g_autoptr (LcHistory) uncached = lc_history_new (f->client, NULL);

  /* NO_CACHE neither writes … */
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NO_CACHE, NULL), ==, 1);
  g_assert_no_error (f->error);
  lc_test_assert_series_equal (f->result, expected);
  g_assert_cmpuint (count_cached_days (f), ==, 0);

  /* … nor reads. */
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_cmpuint (count_cached_days (f), ==, 10);
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NO_CACHE, NULL), ==, 1);
  lc_test_assert_series_equal (f->result, expected);
  g_assert_cmpuint (f->cached->n_cached_days, ==, 0);

  /* A history without a cache always fetches. */
  lc_history_set_clock (uncached, fixture_clock, f);
  g_assert_null (lc_history_get_cache (uncached));
  g_assert_cmpuint (run_query (f, uncached, range, LC_HISTORY_QUERY_NONE, NULL), ==, 1);
  g_assert_no_error (f->error);
  lc_test_assert_series_equal (f->result, expected);
}

static void
test_invalid_range (Fixture      *f,
                    gconstpointer user_data)
{
  LcRange future = { f->today, f->today + 1 };
  LcRange reversed = { f->today - 1, f->today - 3 };

  g_assert_cmpuint (run_query (f, f->history, future, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  g_assert_error (f->error, LC_ERROR, LC_ERROR_RANGE_IN_FUTURE);
  g_assert_null (f->result);
  g_assert_null (f->partial);
  g_assert_false (f->cached_reported);

  g_assert_cmpuint (run_query (f, f->history, reversed, LC_HISTORY_QUERY_NONE, NULL), ==, 0);
  g_assert_error (f->error, LC_ERROR, LC_ERROR_RANGE_REVERSED);
  g_assert_null (f->partial);
}

static void
test_cancelled (Fixture      *f,
                gconstpointer user_data)
{
  LcRange range = { lc_test_day_of ("2024-01-01"), lc_test_day_of ("2024-01-05") };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (run_query (f, f->history, range, LC_HISTORY_QUERY_NONE, cancellable), ==, 0);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->result);
  g_assert_false (f->cached_reported);
  lc_test_assert_ranges (f->partial->missing_ranges, &range, 1);
  g_assert_cmpuint (count_cached_days (f), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_HISTORY_TEST(name, func) \
  g_test_add ("/history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_HISTORY_TEST ("second-query-makes-no-request", test_second_query_makes_no_request);
  ADD_HISTORY_TEST ("overlapping-range-fetches-missing-days",
                    test_overlapping_range_fetches_missing_days);
  ADD_HISTORY_TEST ("gap-in-cache", test_gap_in_cache);
  ADD_HISTORY_TEST ("today-is-fetched-again", test_today_is_fetched_again);
  ADD_HISTORY_TEST ("failing-server-keeps-cached-part", test_failing_server_keeps_cached_part);
  ADD_HISTORY_TEST ("stopped-server-keeps-cached-part", test_stopped_server_keeps_cached_part);
  ADD_HISTORY_TEST ("failure-after-a-run-keeps-that-run", test_failure_after_a_run_keeps_that_run);
  ADD_HISTORY_TEST ("refresh", test_refresh);
  ADD_HISTORY_TEST ("no-cache", test_no_cache);
  ADD_HISTORY_TEST ("invalid-range", test_invalid_range);
  ADD_HISTORY_TEST ("cancelled", test_cancelled);

#undef ADD_HISTORY_TEST

  return g_test_run ();
}
