/* lc-test-support.c: what several test suites and benchmarks of Live Concurrency need alike
 *
 * Everything here fails the calling test the way the suites' own checks do, by a GLib
 * assertion, so a helper that finds something wrong stops the test at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-test"

#include "config.h"

#include <glib/gstdio.h>

#include "lc-test-support.h"

/* Waiting and fetching. */

static gboolean
guard_fired_cb (gpointer user_data)
{
  gboolean *fired = user_data;

  *fired = TRUE;

  return G_SOURCE_REMOVE;
}

/**
 * lc_test_iterate_until:
 * @condition: set by a callback when what the test waits for has happened
 * @guard_seconds: how long the wait may take before the test fails as hung
 *
 * Iterates the default main context until @condition holds. Tests never sleep: whatever they
 * wait for runs from the main context, and this returns as soon as it has.
 */
void
lc_test_iterate_until (const gboolean *condition,
                       guint           guard_seconds)
{
  gboolean guard_fired = FALSE;
  guint guard_id = g_timeout_add_seconds (guard_seconds, guard_fired_cb, &guard_fired);

  while (!*condition && !guard_fired)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (guard_fired);
  g_source_remove (guard_id);
}

typedef struct
{
  gboolean   done;
  LcSeries  *series;
  GError    *error;
} Fetch;

static void
fetched_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->series = lc_client_fetch_finish (LC_CLIENT (source_object), result, &fetch->error);
  fetch->done = TRUE;
}

/**
 * lc_test_fetch_sync:
 * @guard_seconds: how long the fetch may take before the caller fails as hung
 *
 * Fetches @range with @client, with no progress callback and nothing to cancel it, iterating
 * the default main context until it ends, so that loopback servers of the same process answer
 * meanwhile.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error set; never both
 */
LcSeries *
lc_test_fetch_sync (LcClient *client,
                    LcRange   range,
                    guint     guard_seconds,
                    GError  **error)
{
  Fetch fetch = { 0 };

  g_assert_true (LC_IS_CLIENT (client));

  lc_client_fetch_async (client, range, NULL, NULL, NULL, fetched_cb, &fetch);
  lc_test_iterate_until (&fetch.done, guard_seconds);

  /* Exactly one of a series and an error: the promise of every fetch. */
  g_assert_true ((fetch.series == NULL) != (fetch.error == NULL));
  if (fetch.error != NULL)
    g_propagate_error (error, fetch.error);

  return fetch.series;
}

/* Days, minutes and series. */

/* The platform day written as YYYY-MM-DD in @text, which must be a valid date. */
LcDay
lc_test_day_of (const char *text)
{
  LcDay day;

  g_assert_true (lc_day_parse (text, &day));

  return day;
}

/* The minute at @hour:@minute of a valid date, on the platform's clock. */
LcMinute
lc_test_minute_of (int year,
                   int month,
                   int day,
                   int hour,
                   int minute)
{
  LcDay platform_day;

  g_assert_true (lc_day_from_ymd (year, month, day, &platform_day));

  return platform_day * LC_MINUTES_PER_DAY + hour * 60 + minute;
}

/**
 * lc_test_generate_range:
 *
 * Returns: (transfer full): every day of @range as the mock server generates it for @app_id,
 *   in one series: what a fetch of @range from the mock must return
 */
LcSeries *
lc_test_generate_range (const char *app_id,
                        LcRange     range,
                        LcMockData  data)
{
  g_autoptr (GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) lc_series_unref);

  for (LcDay day = range.start; day <= range.end; day++)
    g_ptr_array_add (days, lc_mock_server_generate_day (app_id, day, data));

  return lc_series_merge ((LcSeries *const *) days->pdata, days->len);
}

/* Checks @actual against @expected point by point, so that a failure names the first point
 * that differs, then as a whole with lc_series_equal(). */
void
lc_test_assert_series_equal (const LcSeries *actual,
                             const LcSeries *expected)
{
  g_assert_cmpuint (lc_series_get_length (actual), ==, lc_series_get_length (expected));
  for (guint i = 0; i < lc_series_get_length (expected); i++)
    {
      g_assert_cmpint (lc_series_get_minutes (actual)[i], ==, lc_series_get_minutes (expected)[i]);
      g_assert_cmpuint (lc_series_get_viewers (actual)[i], ==,
                        lc_series_get_viewers (expected)[i]);
    }
  g_assert_true (lc_series_equal (actual, expected));
}

/* Checks that @ranges, an array of LcRange, holds exactly the @n_expected ranges of
 * @expected, in that order. */
void
lc_test_assert_ranges (GArray        *ranges,
                       const LcRange *expected,
                       guint          n_expected)
{
  g_assert_cmpuint (ranges->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_assert_cmpint (g_array_index (ranges, LcRange, i).start, ==, expected[i].start);
      g_assert_cmpint (g_array_index (ranges, LcRange, i).end, ==, expected[i].end);
    }
}

/* Scratch folders. */

/**
 * lc_test_make_temp_dir:
 * @name_template: a folder name ending in XXXXXX, as g_dir_make_tmp() takes it
 *
 * Returns: (transfer full): the path of a new, empty folder under the system's temporary one
 */
char *
lc_test_make_temp_dir (const char *name_template)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp (name_template, &error);

  g_assert_no_error (error);

  return path;
}

/* Removes @path and, if it is a folder, everything in it; a symbolic link is removed, never
 * followed. Every file must go: one that cannot be removed fails the test. */
void
lc_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          lc_test_remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

/* The command line tool as a child process. */

void
lc_test_cli_run_clear (LcTestCliRun *run)
{
  g_clear_pointer (&run->standard_output, g_free);
  g_clear_pointer (&run->standard_error, g_free);
}

/**
 * lc_test_cli_launcher_new:
 * @app_secret: (nullable): the secret in the environment, or %NULL for none at all
 * @data_dir: the CLI's user data folder, where it keeps its history of days
 *
 * A launcher for the CLI that captures both of its outputs, with the credentials in the
 * environment, messages in plain English, and the history cache in the test's own folder,
 * never the user's. The caller may change the environment further before spawning.
 *
 * Returns: (transfer full): the launcher
 */
GSubprocessLauncher *
lc_test_cli_launcher_new (const char *app_id,
                          const char *app_secret,
                          const char *data_dir)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                             | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "POLYV_APP_ID", app_id, TRUE);
  if (app_secret != NULL)
    g_subprocess_launcher_setenv (launcher, "POLYV_APP_SECRET", app_secret, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "POLYV_APP_SECRET");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);

  return launcher;
}

static void
communicated_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LcTestCliRun *run = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source_object), result,
                                                       &run->standard_output,
                                                       &run->standard_error, &error));
  g_assert_no_error (error);
  run->exit_status = g_subprocess_get_exit_status (G_SUBPROCESS (source_object));
  run->exited = TRUE;
}

/**
 * lc_test_cli_spawn:
 * @arguments: the CLI's arguments, %NULL-terminated, without the program itself
 * @run: where the outputs and the exit status go once the CLI has exited
 *
 * Starts the CLI that $LC_CLI_PATH names and collects its outputs as the main context runs;
 * @run says when it has exited. The caller keeps the main context running meanwhile, with
 * lc_test_cli_wait() or a loop of its own that looks at the child while it runs.
 *
 * Returns: (transfer full): the child process
 */
GSubprocess *
lc_test_cli_spawn (GSubprocessLauncher *launcher,
                   const char *const   *arguments,
                   LcTestCliRun        *run)
{
  const char *cli_path = g_getenv ("LC_CLI_PATH");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  g_assert_nonnull (cli_path);

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; arguments != NULL && arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  run->exited = FALSE;
  run->exit_status = -1;
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);

  return process;
}

/* Serves the main context until the CLI of @run has exited and its outputs are read. */
void
lc_test_cli_wait (LcTestCliRun *run)
{
  lc_test_iterate_until (&run->exited, LC_TEST_GUARD_SECONDS);
}

/* Runs the CLI with @arguments to its end, serving every loopback server of this process
 * meanwhile. */
void
lc_test_run_cli (GSubprocessLauncher *launcher,
                 const char *const   *arguments,
                 LcTestCliRun        *run)
{
  GSubprocess *process = lc_test_cli_spawn (launcher, arguments, run);

  lc_test_cli_wait (run);
  g_object_unref (process);
}

/* The mock server as a separate process, for benchmarks. */

/**
 * lc_test_spawn_dense_mock:
 * @mock_path: the live-concurrency-mock binary
 * @out_base_url: (out): where it listens
 *
 * Starts the mock server binary with every minute of every day full of viewers, and waits
 * until it prints the address it listens on. Stop it with SIGTERM.
 *
 * Returns: (transfer full): the mock's process
 */
GSubprocess *
lc_test_spawn_dense_mock (const char  *mock_path,
                          char       **out_base_url)
{
  g_autoptr (GDataInputStream) mock_output = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocess *mock;

  mock = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, mock_path, "--dense", NULL);
  g_assert_no_error (error);
  mock_output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (mock));
  /* The pipe stays open with the process: closed, the mock would die writing to it. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (mock_output), FALSE);
  *out_base_url = g_data_input_stream_read_line (mock_output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_base_url);

  return mock;
}
