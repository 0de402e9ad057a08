/* bench-cache.c: a dense year from the history cache against the same year from the API
 *
 * A separate live-concurrency-mock process serves every minute of every day. The benchmark asks
 * LcHistory for the year that ended yesterday (525,600 points) four times:
 *
 *   fetch only      NO_CACHE: what every query would cost without the cache;
 *   cold            an empty cache: the fetch, plus storing every day;
 *   warm            the same query again, from the cache;
 *   reopened        the cache opened anew (its check included), with the mock stopped, so that
 *                   any request would fail the benchmark.
 *
 * and fails if a warm or reopened query (the best of three) takes more than a fifth of a fetch.
 * The mock answers on loopback at memory speed; against the real service, over a network, a
 * fetch takes far longer and the fraction is smaller still.
 *
 * Usage: bench-cache MOCK-BINARY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lc-cache.h"
#include "lc-history.h"
#include "lc-mock-server.h"
#include "lc-test-support.h"

/* A query that takes longer than the benchmark's whole time limit in meson has hung. */
#define QUERY_GUARD_SECONDS 600

typedef struct
{
  LcSeries *series;
  GError   *error;
  gboolean  done;
} Query;

static void
queried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Query *query = user_data;

  query->series = lc_history_query_finish (LC_HISTORY (source), result, NULL, &query->error);
  query->done = TRUE;
}

/* Runs one query and returns its wall-clock time in seconds. */
static double
measure (LcHistory          *history,
         const char         *name,
         LcRange             range,
         LcHistoryQueryFlags flags,
         LcSeries          **out_series)
{
  Query query = { 0 };
  gint64 started = g_get_monotonic_time ();
  double seconds;

  lc_history_query_async (history, range, flags, NULL, NULL, NULL, NULL, queried_cb, &query);
  lc_test_iterate_until (&query.done, QUERY_GUARD_SECONDS);
  seconds = (g_get_monotonic_time () - started) / 1e6;

  if (query.error != NULL)
    g_error ("%s: %s", name, query.error->message);
  if (lc_series_get_length (query.series) != lc_range_get_n_days (range) * LC_MINUTES_PER_DAY)
    g_error ("%s: expected every minute, got %u points", name,
             lc_series_get_length (query.series));

  g_print ("%-12s %8u points %8.3f s\n", name, lc_series_get_length (query.series), seconds);
  *out_series = query.series;

  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GSubprocess) mock = NULL;
  g_autoptr (LcClient) client = NULL;
  g_autoptr (LcCache) cache = NULL;
  g_autoptr (LcHistory) history = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr (LcSeries) fetched = NULL;
  g_autoptr (LcSeries) cold = NULL;
  g_autoptr (LcSeries) warm = NULL;
  g_autoptr (LcSeries) reopened = NULL;
  LcCacheSize size;
  double fetch_seconds, warm_seconds, reopened_seconds, open_seconds;
  LcRange year;

  if (argc != 2)
    g_error ("usage: %s MOCK-BINARY", argv[0]);

  mock = lc_test_spawn_dense_mock (argv[1], &base_url);

  client = lc_client_new (base_url, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, &error);
  g_assert_no_error (error);

  folder = lc_test_make_temp_dir ("bench-cache-XXXXXX");
  path = g_build_filename (folder, LC_CACHE_FILE_NAME, NULL);
  cache = lc_cache_open (path, &error);
  g_assert_no_error (error);
  history = lc_history_new (client, cache);

  year.end = lc_client_get_today (client) - 1;
  year.start = year.end - 364;

  fetch_seconds = measure (history, "fetch only", year, LC_HISTORY_QUERY_NO_CACHE, &fetched);
  measure (history, "cold", year, LC_HISTORY_QUERY_NONE, &cold);

  /* The best of three, here and below: the machine may be busy with something else. */
  warm_seconds = G_MAXDOUBLE;
  for (guint i = 0; i < 3; i++)
    {
      double seconds;

      g_clear_pointer (&warm, lc_series_unref);
      seconds = measure (history, "warm", year, LC_HISTORY_QUERY_NONE, &warm);
      warm_seconds = MIN (warm_seconds, seconds);
    }

  /* From here on, a request would fail: the mock is gone. */
  g_subprocess_send_signal (mock, SIGTERM);
  g_subprocess_wait (mock, NULL, NULL);

  reopened_seconds = G_MAXDOUBLE;
  for (guint i = 0; i < 3; i++)
    {
      gint64 open_started;
      double seconds;

      g_clear_object (&history);
      g_clear_object (&cache);
      g_clear_pointer (&reopened, lc_series_unref);

      open_started = g_get_monotonic_time ();
      cache = lc_cache_open (path, &error);
      g_assert_no_error (error);
      open_seconds = (g_get_monotonic_time () - open_started) / 1e6;
      history = lc_history_new (client, cache);
      seconds = measure (history, "reopened", year, LC_HISTORY_QUERY_NONE, &reopened);
      g_print ("%-12s %8.3f s (opening and checking the file)\n", "open", open_seconds);
      reopened_seconds = MIN (reopened_seconds, open_seconds + seconds);
    }

  if (!lc_series_equal (fetched, cold) || !lc_series_equal (fetched, warm)
      || !lc_series_equal (fetched, reopened))
    g_error ("The cached year differs from the fetched one");

  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_print ("%-12s %8.1f MiB on disk for %u days\n", "cache", size.file_bytes / 1048576.0,
           size.n_days);
  g_print ("%-12s %7.1f%% of a fetch (warm), %.1f%% (reopened, open included), best of three\n",
           "ratio", 100 * warm_seconds / fetch_seconds, 100 * reopened_seconds / fetch_seconds);

  g_clear_object (&history);
  g_clear_object (&cache);
  lc_test_remove_tree (folder);

  if (warm_seconds > fetch_seconds / 5 || reopened_seconds > fetch_seconds / 5)
    g_error ("Reading a cached year should take a small fraction of fetching it");

  return 0;
}
