/* cache-writer.c: a process for test-cache to kill in the middle of writing the history cache
 *
 * Usage: cache-writer PATH hold|run
 *
 * It stores dense thirty-day ranges one after another, each in one lc_cache_store() call, and
 * prints "committed START END" once a range is stored. In "hold" mode it prints
 * "in-transaction START END" halfway through writing the third range and then waits, with the
 * transaction open, for a kill; in "run" mode it keeps writing until it is killed or has written
 * a bounded number of ranges. The data of every day comes from the mock server's generator, so
 * the test can check each stored day against it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lc-cache-private.h"
#include "lc-mock-server.h"

#define WRITER_ENDPOINT  "http://127.0.0.1:9"
#define WRITER_APP_ID    "writer"
#define WRITER_RANGE_DAYS 30
#define WRITER_MAX_RANGES 400

typedef struct
{
  gboolean hold;
  LcRange  range;
  guint    range_index;
} WriterState;

/* The first day of the @index-th range. Ranges are consecutive from 2001-01-01. */
static LcDay
range_start (guint index)
{
  LcDay first;

  g_assert_true (lc_day_from_ymd (2001, 1, 1, &first));

  return first + (LcDay) (index * WRITER_RANGE_DAYS);
}

static void
day_written_cb (LcDay    day,
                gpointer user_data)
{
  WriterState *state = user_data;
  char byte;

  if (!state->hold || state->range_index != 2 || day != state->range.start + WRITER_RANGE_DAYS / 2)
    return;

  printf ("in-transaction %d %d\n", state->range.start, state->range.end);
  fflush (stdout);

  /* The test never writes to our standard input; it kills us instead. */
  while (read (STDIN_FILENO, &byte, 1) > 0)
    ;
  _exit (3);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LcCache) cache = NULL;
  WriterState state = { 0, };

  if (argc != 3 || (strcmp (argv[2], "hold") != 0 && strcmp (argv[2], "run") != 0))
    {
      fprintf (stderr, "Usage: %s PATH hold|run\n", argv[0]);
      return 2;
    }
  state.hold = strcmp (argv[2], "hold") == 0;

  cache = lc_cache_open (argv[1], &error);
  if (cache == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  lc_cache_set_day_written_func (cache, day_written_cb, &state);

  for (state.range_index = 0; state.range_index < WRITER_MAX_RANGES; state.range_index++)
    {
      g_autoptr (LcSeries) series = NULL;
      g_autoptr (GPtrArray) days = NULL;
      gint64 fetched_at;

      days = g_ptr_array_new_with_free_func ((GDestroyNotify) lc_series_unref);
      state.range.start = range_start (state.range_index);
      state.range.end = state.range.start + WRITER_RANGE_DAYS - 1;
      for (LcDay day = state.range.start; day <= state.range.end; day++)
        g_ptr_array_add (days, lc_mock_server_generate_day (WRITER_APP_ID, day,
                                                            LC_MOCK_DATA_DENSE));
      series = lc_series_merge ((LcSeries *const *) days->pdata, days->len);
      fetched_at = lc_minute_to_unix_ms (((LcMinute) state.range.end + 1) * LC_MINUTES_PER_DAY);

      if (!lc_cache_store (cache, WRITER_ENDPOINT, WRITER_APP_ID, state.range, series, fetched_at,
                           &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }

      printf ("committed %d %d\n", state.range.start, state.range.end);
      fflush (stdout);
    }

  return 0;
}
