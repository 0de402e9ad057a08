/* bench-parse.c: how long one dense chunk takes to read, with json-glib alone and as shipped
 *
 * A chunk of two months in which every minute had viewers is 87,840 rows, about 4.4 MB of the
 * compact JSON the service sends; a dense year is nine of them. This benchmark builds such a
 * body once and parses it repeatedly with the general json-glib reader alone and with
 * lc_response_parse(), which tries the strict fast reader first, checks that both give the
 * same series, and prints the best and median times. It then runs itself once per reader in a
 * fresh process to measure how much the process's peak memory grows during one parse.
 *
 * Usage: bench-parse [--memory tree|final]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lc-response-private.h"

#define N_DAYS   61
#define N_ROUNDS 7

typedef LcSeries *(*ReaderFunc) (const char *body,
                                 gsize       length);

static LcSeries *
read_with_json_glib (const char *body,
                     gsize       length)
{
  return lc_response_parse_tree (body, length, 200, "application/json", NULL);
}

static LcSeries *
read_as_shipped (const char *body,
                 gsize       length)
{
  return lc_response_parse (body, length, 200, "application/json", NULL);
}

/* Every minute of 61 days from 2024-01-01, with viewer counts of one to five digits. */
static GString *
build_dense_chunk (void)
{
  /* Sized for the whole body, so that growing it leaves no peak of its own behind. */
  GString *body = g_string_sized_new (N_DAYS * LC_MINUTES_PER_DAY * 60);
  LcDay first_day;

  g_assert_true (lc_day_from_ymd (2024, 1, 1, &first_day));

  g_string_append (body, "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[");
  for (guint d = 0; d < N_DAYS; d++)
    {
      char day_text[11];

      lc_day_format_into (first_day + (LcDay) d, day_text);
      for (guint m = 0; m < LC_MINUTES_PER_DAY; m++)
        {
          guint viewers = 1 + (d * 7919 + m * 104729) % 40000;

          g_string_append_printf (body, "%s{\"day\":\"%s\",\"minute\":\"%02u:%02u\","
                                  "\"viewers\":%u}",
                                  d == 0 && m == 0 ? "" : ",", day_text, m / 60, m % 60,
                                  viewers);
        }
    }
  g_string_append (body, "]}");

  return body;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
time_reader (const char *name,
             ReaderFunc  reader,
             GString    *body,
             double     *out_best_ms)
{
  double round_ms[N_ROUNDS];

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      gint64 started = g_get_monotonic_time ();
      g_autoptr(LcSeries) series = reader (body->str, body->len);

      round_ms[i] = (g_get_monotonic_time () - started) / 1000.0;
      g_assert_nonnull (series);
      g_assert_cmpuint (lc_series_get_length (series), ==, N_DAYS * LC_MINUTES_PER_DAY);
    }

  qsort (round_ms, N_ROUNDS, sizeof (double), compare_doubles);
  *out_best_ms = round_ms[0];

  g_print ("%-10s best %7.1f ms, median %7.1f ms, %6.0f MB/s, %5.2f M rows/s\n",
           name, round_ms[0], round_ms[N_ROUNDS / 2],
           body->len / (round_ms[0] / 1000.0) / 1e6,
           N_DAYS * LC_MINUTES_PER_DAY / (round_ms[0] / 1000.0) / 1e6);
}

/* The high-water mark of this process's resident memory. VmHWM is used rather than
 * getrusage(), whose maxrss survives exec and would report the parent's peak. */
static long
peak_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;

  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

/* Run in a fresh process: prints how far one parse raised the peak memory, in KiB. */
static int
measure_memory (const char *reader_name)
{
  g_autoptr(GString) body = build_dense_chunk ();
  g_autoptr(LcSeries) series = NULL;
  long before = peak_memory_kib ();

  if (g_strcmp0 (reader_name, "tree") == 0)
    series = read_with_json_glib (body->str, body->len);
  else
    series = read_as_shipped (body->str, body->len);

  g_assert_nonnull (series);
  g_print ("%ld\n", peak_memory_kib () - before);

  return EXIT_SUCCESS;
}

static long
memory_in_child (const char *self_path,
                 const char *reader_name)
{
  const char *argv[] = { self_path, "--memory", reader_name, NULL };
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                     &wait_status, &error)
      || !g_spawn_check_wait_status (wait_status, &error))
    g_error ("Measuring memory failed: %s", error->message);

  return strtol (output, NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) body = NULL;
  g_autoptr(LcSeries) tree_series = NULL;
  g_autoptr(LcSeries) final_series = NULL;
  double tree_best_ms;
  double final_best_ms;
  long tree_kib;
  long final_kib;

  if (argc == 3 && strcmp (argv[1], "--memory") == 0)
    return measure_memory (argv[2]);

  body = build_dense_chunk ();
  g_print ("One dense chunk: %u rows, %.1f MB of JSON\n", N_DAYS * LC_MINUTES_PER_DAY,
           body->len / 1e6);

  /* Both readers must agree before their speeds mean anything. */
  tree_series = read_with_json_glib (body->str, body->len);
  final_series = read_as_shipped (body->str, body->len);
  g_assert_true (lc_series_equal (tree_series, final_series));
  g_assert_nonnull (lc_response_parse_fast (body->str, body->len));

  time_reader ("json-glib", read_with_json_glib, body, &tree_best_ms);
  time_reader ("shipped", read_as_shipped, body, &final_best_ms);
  g_print ("Speed-up: %.1f times\n", tree_best_ms / final_best_ms);

  tree_kib = memory_in_child (argv[0], "tree");
  final_kib = memory_in_child (argv[0], "final");
  g_print ("Peak memory growth during one parse: json-glib %.1f MiB, shipped %.1f MiB\n",
           tree_kib / 1024.0, final_kib / 1024.0);

  return EXIT_SUCCESS;
}
