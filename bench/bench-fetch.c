/* bench-fetch.c: fetching and converting dense data with the core client
 *
 * A separate live-concurrency-mock process serves every minute of every day, so that building
 * the answers does not compete with this process's main loop. The client then fetches one
 * two-month chunk (87,840 rows) and a year (525,600 rows, nine chunks, two in flight) and the
 * benchmark prints the time, the process's peak memory after each, and the bytes each stored
 * point costs in the resulting series.
 *
 * Usage: bench-fetch MOCK-BINARY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <sys/resource.h>

#include "lc-client.h"
#include "lc-mock-server.h"
#include "lc-test-support.h"

/* A fetch that takes longer than the benchmark's whole time limit in meson has hung. */
#define FETCH_GUARD_SECONDS 600

static double
peak_memory_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return usage.ru_maxrss / 1024.0;
}

static void
measure (LcClient   *client,
         const char *name,
         LcRange     range,
         guint       expected_points)
{
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double seconds;
  guint points;

  series = lc_test_fetch_sync (client, range, FETCH_GUARD_SECONDS, &error);
  seconds = (g_get_monotonic_time () - started) / 1e6;

  if (error != NULL)
    g_error ("%s: %s", name, error->message);

  points = lc_series_get_length (series);
  if (points != expected_points)
    g_error ("%s: expected %u points, got %u", name, expected_points, points);

  g_print ("%-22s %8u points %8.3f s %8.1f MiB peak %6.2f bytes/point\n", name, points, seconds,
           peak_memory_mib (),
           (double) lc_series_get_memory_size (series) / points);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GSubprocess) mock = NULL;
  g_autoptr (LcClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base_url = NULL;
  LcDay yesterday;

  if (argc != 2)
    g_error ("usage: %s MOCK-BINARY", argv[0]);

  mock = lc_test_spawn_dense_mock (argv[1], &base_url);

  client = lc_client_new (base_url, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, &error);
  g_assert_no_error (error);

  g_print ("%-22s %8.1f MiB peak before fetching\n", "baseline", peak_memory_mib ());

  yesterday = lc_client_get_today (client) - 1;
  measure (client, "one chunk (61 days)", (LcRange) { yesterday - 60, yesterday }, 61 * 1440);
  measure (client, "a year (365 days)", (LcRange) { yesterday - 364, yesterday }, 365 * 1440);

  g_subprocess_send_signal (mock, SIGTERM);
  g_subprocess_wait (mock, NULL, NULL);

  return 0;
}
