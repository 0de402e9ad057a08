/* test-cli.c: live-concurrency-cli end to end, against the mock server on loopback
 *
 * Each case runs the real binary as a child process while this process serves the mock API,
 * then checks the exit status, what was printed, the files written, and how many requests the
 * server saw: a command refused for bad input must not have sent anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lc-date.h"
#include "lc-mock-server.h"
#include "lc-test-support.h"

typedef struct
{
  LcMockServer  *server;
  char          *base_url;
  char          *work_dir;
  char          *data_dir;
  LcDay          yesterday;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->server = lc_mock_server_new ();
  g_assert_true (lc_mock_server_start (fixture->server, 0, &error));
  g_assert_no_error (error);
  fixture->base_url = lc_mock_server_get_base_url (fixture->server);
  fixture->work_dir = lc_test_make_temp_dir ("lc-test-cli-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->work_dir, "data", NULL);
  g_assert_cmpint (g_mkdir (fixture->data_dir, 0700), ==, 0);
  fixture->yesterday = lc_day_today (g_get_real_time () / 1000) - 1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lc_test_remove_tree (fixture->work_dir);
  g_clear_pointer (&fixture->work_dir, g_free);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
  lc_mock_server_stop (fixture->server);
  g_clear_object (&fixture->server);
}

/* Runs the CLI with @arguments (NULL-terminated), serving the mock API meanwhile. The demo
 * credentials come from the environment unless @environment says otherwise: it holds pairs of
 * a variable and its value, a NULL value to unset the variable. */
static void
run_cli (Fixture            *fixture,
         const char *const  *environment,
         LcTestCliRun       *run,
         ...)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *argument;
  va_list arguments;

  va_start (arguments, run);
  while ((argument = va_arg (arguments, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) argument);
  va_end (arguments);
  g_ptr_array_add (argv, NULL);

  launcher = lc_test_cli_launcher_new (LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET,
                                       fixture->data_dir);
  for (guint i = 0; environment != NULL && environment[i] != NULL; i += 2)
    {
      if (environment[i + 1] != NULL)
        g_subprocess_launcher_setenv (launcher, environment[i], environment[i + 1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, environment[i]);
    }

  lc_test_run_cli (launcher, (const char *const *) argv->pdata, run);
}

static char *
format_day (LcDay day)
{
  return lc_day_format (day);
}

/* The CSV the CLI must write for @range, built from the mock's own generator. */
static char *
expected_csv (LcRange range)
{
  GString *csv = g_string_new ("day,minute,viewers\n");

  for (LcDay day = range.start; day <= range.end; day++)
    {
      g_autoptr (LcSeries) series = lc_mock_server_generate_day (LC_MOCK_DEMO_APP_ID, day,
                                                                 LC_MOCK_DATA_SPARSE);
      const LcMinute *minutes = lc_series_get_minutes (series);
      const guint32 *viewers = lc_series_get_viewers (series);
      char day_text[11];

      lc_day_format_into (day, day_text);
      for (guint i = 0; i < lc_series_get_length (series); i++)
        {
          char minute_text[6];

          lc_minute_format_into (minutes[i], minute_text);
          g_string_append_printf (csv, "%s,%s,%u\n", day_text, minute_text, viewers[i]);
        }
    }

  return g_string_free (csv, FALSE);
}

static void
test_summary (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *start = format_day (fixture->yesterday - 6);
  g_autofree char *end = format_day (fixture->yesterday);
  g_auto (LcTestCliRun) run = { 0 };

  run_cli (fixture, NULL, &run, "--base-url", fixture->base_url, "--start", start, "--end",
           end, NULL);

  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.standard_error, ==, "");
  g_assert_nonnull (strstr (run.standard_output, start));
  g_assert_nonnull (strstr (run.standard_output, "Peak:"));
  g_assert_nonnull (strstr (run.standard_output, "Live events:"));
  g_assert_nonnull (strstr (run.standard_output, "Largest events:"));
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_csv_file_and_stdout (Fixture       *fixture,
                          gconstpointer  user_data)
{
  /* 75 days: two requests under the two-month rule. */
  LcRange range = { fixture->yesterday - 74, fixture->yesterday };
  g_autofree char *start = format_day (range.start);
  g_autofree char *end = format_day (range.end);
  g_autofree char *csv_path = g_build_filename (fixture->work_dir, "out.csv", NULL);
  g_autofree char *expected = expected_csv (range);
  g_autofree char *written = NULL;
  g_auto (LcTestCliRun) to_file = { 0 };
  g_auto (LcTestCliRun) to_stdout = { 0 };

  run_cli (fixture, NULL, &to_file, "--base-url", fixture->base_url, "--start", start, "--end",
           end, "--csv", csv_path, NULL);
  g_assert_cmpint (to_file.exit_status, ==, 0);
  g_assert_cmpstr (to_file.standard_output, ==, "");
  g_assert_true (g_file_get_contents (csv_path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 2);

  run_cli (fixture, NULL, &to_stdout, "--base-url", fixture->base_url, "--start", start,
           "--end", end, "--csv", "-", NULL);
  g_assert_cmpint (to_stdout.exit_status, ==, 0);
  g_assert_cmpstr (to_stdout.standard_output, ==, expected);
}

static void
test_secret_file (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const char *const no_secret[] = { "POLYV_APP_SECRET", NULL, NULL };
  g_autofree char *secret_path = g_build_filename (fixture->work_dir, "secret", NULL);
  g_autofree char *day = format_day (fixture->yesterday);
  g_auto (LcTestCliRun) run = { 0 };

  g_assert_true (g_file_set_contents (secret_path, LC_MOCK_DEMO_APP_SECRET "\n", -1, NULL));

  run_cli (fixture, no_secret, &run, "--base-url", fixture->base_url, "--secret-file",
           secret_path, "--start", day, "--end", day, "--quiet", NULL);

  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.standard_output, ==, "");
  g_assert_cmpstr (run.standard_error, ==, "");
}

static void
assert_refused (Fixture            *fixture,
                const char *const  *environment,
                const char         *expected_words,
                ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (LcTestCliRun) run = { 0 };
  const char *argument;
  va_list arguments;

  va_start (arguments, expected_words);
  while ((argument = va_arg (arguments, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) argument);
  va_end (arguments);
  while (argv->len < 8)
    g_ptr_array_add (argv, NULL);

  run_cli (fixture, environment, &run, argv->pdata[0], argv->pdata[1], argv->pdata[2],
           argv->pdata[3], argv->pdata[4], argv->pdata[5], argv->pdata[6], argv->pdata[7], NULL);

  /* Bad usage: status 2, one line on stderr that says what is wrong, nothing sent. */
  g_assert_cmpint (run.exit_status, ==, 2);
  g_assert_cmpstr (run.standard_output, ==, "");
  g_assert_true (g_str_has_prefix (run.standard_error, "live-concurrency-cli: "));
  g_assert_true (g_str_has_suffix (run.standard_error, "\n"));
  g_assert_true (strchr (run.standard_error, '\n') == strrchr (run.standard_error, '\n'));
  g_assert_nonnull (strstr (run.standard_error, expected_words));
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 0);
}

static void
test_bad_usage_sends_nothing (Fixture       *fixture,
                              gconstpointer  user_data)
{
  const char *const no_credentials[] = { "POLYV_APP_ID", NULL, "POLYV_APP_SECRET", NULL, NULL };
  g_autofree char *today = format_day (fixture->yesterday + 1);
  g_autofree char *tomorrow = format_day (fixture->yesterday + 2);
  const char *url = fixture->base_url;

  assert_refused (fixture, NULL, "--start", "--base-url", url, "--end", today, NULL);
  assert_refused (fixture, NULL, "valid date", "--base-url", url, "--start", "2024-02-30",
                  "--end", today, NULL);
  assert_refused (fixture, NULL, "future", "--base-url", url, "--start", today, "--end",
                  tomorrow, NULL);
  assert_refused (fixture, NULL, "comes after", "--base-url", url, "--start", today, "--end",
                  "2024-01-01", NULL);
  assert_refused (fixture, NULL, "https://", "--base-url", "http://example.com", "--start",
                  today, "--end", today, NULL);
  assert_refused (fixture, no_credentials, "POLYV_APP_SECRET", "--base-url", url, "--start",
                  today, "--end", today, NULL);
  assert_refused (fixture, NULL, "--scale", "--base-url", url, "--start", today, "--end", today,
                  "--scale", "7", NULL);
  assert_refused (fixture, NULL, "secret file", "--secret-file", "/nonexistent/secret",
                  "--start", today, "--end", today, NULL);
}

static void
test_api_failure_keeps_existing_file (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  const char *const wrong_secret[] = { "POLYV_APP_SECRET", "not-the-secret-42", NULL };
  g_autofree char *day = format_day (fixture->yesterday);
  g_autofree char *csv_path = g_build_filename (fixture->work_dir, "keep.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GDir) dir = NULL;
  g_auto (LcTestCliRun) run = { 0 };
  const char *name;
  guint n_files = 0;

  g_assert_true (g_file_set_contents (csv_path, "precious\n", -1, NULL));

  run_cli (fixture, wrong_secret, &run, "--base-url", fixture->base_url, "--start", day,
           "--end", day, "--csv", csv_path, NULL);

  g_assert_cmpint (run.exit_status, ==, 1);
  g_assert_nonnull (strstr (run.standard_error, "invalid signature."));
  g_assert_null (strstr (run.standard_error, "not-the-secret-42"));
  g_assert_null (strstr (run.standard_output, "not-the-secret-42"));
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");

  /* No temporary file is left beside it either. */
  dir = g_dir_open (fixture->work_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_strcmp0 (name, "data") != 0)
        n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_server_errors_are_retried (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *day = format_day (fixture->yesterday);
  g_autofree char *csv_path = g_build_filename (fixture->work_dir, "never.csv", NULL);
  g_auto (LcTestCliRun) run = { 0 };

  lc_mock_server_set_retry_after (fixture->server, 0);
  lc_mock_server_queue_fault (fixture->server, LC_MOCK_FAULT_SERVER_ERROR, 3);

  run_cli (fixture, NULL, &run, "--base-url", fixture->base_url, "--start", day, "--end", day,
           "--csv", csv_path, NULL);

  g_assert_cmpint (run.exit_status, ==, 1);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 3);
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
}

static void
test_chart_files (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const guchar png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *day = format_day (fixture->yesterday);
  g_autofree char *png_path = g_build_filename (fixture->work_dir, "chart.png", NULL);
  g_autofree char *pdf_path = g_build_filename (fixture->work_dir, "chart.pdf", NULL);
  g_autofree char *svg_path = g_build_filename (fixture->work_dir, "chart.svg", NULL);
  g_autofree char *png = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *svg = NULL;
  g_auto (LcTestCliRun) run = { 0 };
  gsize png_length;

  run_cli (fixture, NULL, &run, "--base-url", fixture->base_url, "--start", day, "--end", day,
           "--png", png_path, "--pdf", pdf_path, "--svg", svg_path, "--width", "800",
           "--height", "450", "--scale", "2", "--quiet", NULL);

  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_true (g_file_get_contents (png_path, &png, &png_length, NULL));
  g_assert_cmpuint (png_length, >, 24);
  g_assert_cmpmem (png, sizeof png_signature, png_signature, sizeof png_signature);
  /* The IHDR chunk holds the size in device pixels: the logical size times the scale. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (png + 16)), ==, 1600);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (png + 20)), ==, 900);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
}

static void
test_history_cache (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *start = format_day (fixture->yesterday - 9);
  g_autofree char *end = format_day (fixture->yesterday);
  g_autofree char *first_csv = NULL;
  g_auto (LcTestCliRun) first = { 0 };
  g_auto (LcTestCliRun) again = { 0 };
  g_auto (LcTestCliRun) summary = { 0 };
  g_auto (LcTestCliRun) refreshed = { 0 };
  g_auto (LcTestCliRun) uncached = { 0 };

  run_cli (fixture, NULL, &first, "--base-url", fixture->base_url, "--start", start, "--end",
           end, "--csv", "-", NULL);
  g_assert_cmpint (first.exit_status, ==, 0);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 1);

  /* Past days are final: asking again is answered from the saved history alone, identically. */
  run_cli (fixture, NULL, &again, "--base-url", fixture->base_url, "--start", start, "--end",
           end, "--csv", "-", NULL);
  g_assert_cmpint (again.exit_status, ==, 0);
  g_assert_cmpstr (again.standard_output, ==, first.standard_output);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 1);

  run_cli (fixture, NULL, &summary, "--base-url", fixture->base_url, "--start", start, "--end",
           end, NULL);
  g_assert_nonnull (strstr (summary.standard_output, "Saved history:   10 of 10 days"));
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 1);

  run_cli (fixture, NULL, &refreshed, "--base-url", fixture->base_url, "--start", start,
           "--end", end, "--csv", "-", "--refresh", NULL);
  g_assert_cmpstr (refreshed.standard_output, ==, first.standard_output);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 2);

  run_cli (fixture, NULL, &uncached, "--base-url", fixture->base_url, "--start", start,
           "--end", end, "--csv", "-", "--no-cache", NULL);
  g_assert_cmpstr (uncached.standard_output, ==, first.standard_output);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, 3);
}

static void
test_help (Fixture       *fixture,
           gconstpointer  user_data)
{
  const char *options[] = {
    "--start", "--end", "--app-id", "--secret-file", "--base-url", "--csv", "--png", "--svg",
    "--pdf", "--width", "--height", "--scale", "--timeout", "--no-cache", "--refresh",
    "--quiet", "Examples:",
  };
  g_auto (LcTestCliRun) run = { 0 };

  run_cli (fixture, NULL, &run, "--help", NULL);

  g_assert_cmpint (run.exit_status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (run.standard_output, options[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("LC_CLI_PATH"));

#define ADD_CLI_TEST(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

  ADD_CLI_TEST ("/cli/summary", test_summary);
  ADD_CLI_TEST ("/cli/csv-file-and-stdout", test_csv_file_and_stdout);
  ADD_CLI_TEST ("/cli/secret-file", test_secret_file);
  ADD_CLI_TEST ("/cli/bad-usage-sends-nothing", test_bad_usage_sends_nothing);
  ADD_CLI_TEST ("/cli/api-failure-keeps-existing-file", test_api_failure_keeps_existing_file);
  ADD_CLI_TEST ("/cli/server-errors-are-retried", test_server_errors_are_retried);
  ADD_CLI_TEST ("/cli/chart-files", test_chart_files);
  ADD_CLI_TEST ("/cli/history-cache", test_history_cache);
  ADD_CLI_TEST ("/cli/help", test_help);

  return g_test_run ();
}
