/* test-secrets.c: the App Secret stays out of logs, errors, the process list and every file
 *
 * A distinctive secret is used for real fetches against the mock server on loopback, with
 * every debug message of every library turned on and captured by a log writer of this test:
 * successes, a wrong secret, server errors, rate limits, timeouts and a clock correction. Not
 * one message, error message or error detail may contain the secret, a signature, or the
 * signed query ("sign="). The CLI is run the same way, with the secret in its environment and
 * in a secret file: its output, its command line as the process list shows it while it
 * waits on a slow server, the files it exports and the history it keeps must not contain the
 * secret either.
 *
 * The desktop app keeps the secret in the keyring and the rest in GSettings; its own suites
 * check that side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lc-client.h"
#include "lc-error.h"
#include "lc-mock-server.h"
#include "lc-signature.h"
#include "lc-test-support.h"

#define CANARY_APP_ID     "canary-app"
#define CANARY_SECRET     "S3CR3T-canary-9f2c"
#define REGISTERED_SECRET "registered-secret-4d1e"

/* How long the slow server holds an answer while the CLI's command line is read. */
#define SLOW_ANSWER_MS 3000

/* Every log message of the process, whatever its domain, level or thread. */
static GMutex   captured_lock;
static GString *captured_logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&captured_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured_logs, fields[i].value);
      else
        g_string_append_len (captured_logs, fields[i].value, fields[i].length);
      g_string_append_c (captured_logs, ' ');
    }
  g_string_append_c (captured_logs, '\n');
  g_mutex_unlock (&captured_lock);

  /* Anything worse than a debug message still reaches the terminal, and fails the test. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static char *
take_captured_logs (void)
{
  char *logs;

  g_mutex_lock (&captured_lock);
  logs = g_strdup (captured_logs->str);
  g_string_truncate (captured_logs, 0);
  g_mutex_unlock (&captured_lock);

  return logs;
}

typedef struct
{
  LcMockServer  *mock;
  char          *mock_url;
  LcRange        range;
  char          *day_text;
  gint64         now_ms;        /* the client's clock, fixed so that signatures are known */
  char          *work_dir;      /* where the CLI writes its exports */
  char          *data_dir;      /* the CLI's user data, where its history is kept */

  LcSeries      *result;
  GError        *error;
} Fixture;

/* Checks that @text (of @length bytes, or nul-terminated if -1) holds no secret, no signed
 * query and no signature: neither any of @signatures nor anything shaped like one. */
static void
assert_clean (const char         *what,
              const char         *text,
              gssize              length,
              const char *const  *signatures)
{
  g_autoptr(GRegex) signature_shape = NULL;
  g_autofree char *lowered = NULL;
  gsize size = length < 0 ? strlen (text) : (gsize) length;

  if (g_strstr_len (text, size, CANARY_SECRET) != NULL
      || g_strstr_len (text, size, "sign=") != NULL)
    g_error ("%s leaks the secret or the signed query: %.*s", what, (int) MIN (size, 2000), text);

  for (guint i = 0; signatures != NULL && signatures[i] != NULL; i++)
    {
      if (g_strstr_len (text, size, signatures[i]) != NULL)
        g_error ("%s leaks the signature %s", what, signatures[i]);
    }

  /* A signature is 32 hex digits; in text meant for people nothing else looks like that. */
  if (length < 0)
    {
      signature_shape = g_regex_new ("(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])", 0, 0,
                                     NULL);
      if (g_regex_match (signature_shape, text, 0, NULL))
        g_error ("%s holds something shaped like a signature: %s", what, text);
    }

  /* The secret folded to another case is no better. */
  lowered = g_ascii_strdown (text, size);
  g_assert_null (g_strstr_len (lowered, size, "s3cr3t-canary-9f2c"));
}

/* The logs, the error and its detail are all clean of the secret. */
static void
assert_fetch_left_no_trace (Fixture            *f,
                            const char *const  *signatures)
{
  g_autofree char *logs = take_captured_logs ();

  /* The capture works: the client's own debug messages are in it. */
  g_assert_nonnull (strstr (logs, "lc-client"));
  assert_clean ("the log", logs, -1, signatures);

  if (f->error != NULL)
    {
      assert_clean ("an error message", f->error->message, -1, signatures);
      if (lc_error_get_server_message (f->error) != NULL)
        assert_clean ("an error detail", lc_error_get_server_message (f->error), -1, signatures);
    }
}

static gint64
fixed_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now_ms;
}

/* The signature the client sends for the fixture's day at @timestamp_ms with @secret. */
static char *
expected_signature (Fixture    *f,
                    const char *secret,
                    gint64      timestamp_ms)
{
  char timestamp_text[24];
  const LcParam params[] = {
    { "appId", CANARY_APP_ID },
    { "timestamp", timestamp_text },
    { "startDate", f->day_text },
    { "endDate", f->day_text },
  };

  g_snprintf (timestamp_text, sizeof timestamp_text, "%" G_GINT64_FORMAT, timestamp_ms);

  return lc_signature_compute (secret, params, G_N_ELEMENTS (params));
}

/* Checks every file under @path, however deep, for the secret and the signed query. Returns
 * how many files there were. */
static guint
assert_tree_clean (const char *path)
{
  guint n_files = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          n_files += assert_tree_clean (child);
        }
    }
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      assert_clean (path, contents, (gssize) length, NULL);
      n_files++;
    }

  return n_files;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->mock = lc_mock_server_new ();
  lc_mock_server_add_app (f->mock, CANARY_APP_ID, CANARY_SECRET);
  g_assert_true (lc_mock_server_start (f->mock, 0, &error));
  g_assert_no_error (error);
  f->mock_url = lc_mock_server_get_base_url (f->mock);
  lc_mock_server_set_retry_after (f->mock, 0);

  f->now_ms = g_get_real_time () / 1000;
  f->range.start = f->range.end = lc_day_today (f->now_ms) - 1;
  f->day_text = lc_day_format (f->range.start);

  f->work_dir = lc_test_make_temp_dir ("lc-test-secrets-XXXXXX");
  f->data_dir = lc_test_make_temp_dir ("lc-test-secrets-data-XXXXXX");

  g_free (take_captured_logs ());
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  lc_test_remove_tree (f->work_dir);
  g_clear_pointer (&f->work_dir, g_free);
  lc_test_remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_error (&f->error);
  g_clear_pointer (&f->day_text, g_free);
  g_clear_pointer (&f->mock_url, g_free);
  lc_mock_server_stop (f->mock);
  g_clear_object (&f->mock);
}

static LcClient *
client_with_secret (Fixture    *f,
                    const char *secret)
{
  g_autoptr(GError) error = NULL;
  LcClient *client;

  client = lc_client_new (f->mock_url, CANARY_APP_ID, secret, &error);
  g_assert_no_error (error);
  lc_client_set_clock (client, fixed_clock, f);
  lc_client_set_retry_base_delay (client, 10);

  return client;
}

static void
run_fetch (Fixture  *f,
           LcClient *client)
{
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_error (&f->error);

  f->result = lc_test_fetch_sync (client, f->range, LC_TEST_GUARD_SECONDS, &f->error);
}

/* LcClient. */

static void
test_client_success (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_with_secret (f, CANARY_SECRET);
  g_autofree char *signature = expected_signature (f, CANARY_SECRET, f->now_ms);
  const char *const signatures[] = { signature, NULL };

  run_fetch (f, client);

  g_assert_no_error (f->error);
  g_assert_nonnull (f->result);
  assert_fetch_left_no_trace (f, signatures);
}

static void
test_client_wrong_secret (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_with_secret (f, CANARY_SECRET);
  g_autofree char *signature = expected_signature (f, CANARY_SECRET, f->now_ms);
  const char *const signatures[] = { signature, NULL };

  /* The service knows the app by another secret: the canary is the wrong one. */
  lc_mock_server_add_app (f->mock, CANARY_APP_ID, REGISTERED_SECRET);
  run_fetch (f, client);

  g_assert_error (f->error, LC_ERROR, LC_ERROR_INVALID_SIGNATURE);
  assert_fetch_left_no_trace (f, signatures);
}

static void
test_client_server_errors (Fixture       *f,
                           gconstpointer  user_data)
{
  const LcMockFault faults[] = {
    LC_MOCK_FAULT_SERVER_ERROR,
    LC_MOCK_FAULT_RATE_LIMIT,
    LC_MOCK_FAULT_UNAVAILABLE,
    LC_MOCK_FAULT_HTML_PAGE,
  };
  g_autoptr(LcClient) client = client_with_secret (f, CANARY_SECRET);
  g_autofree char *signature = expected_signature (f, CANARY_SECRET, f->now_ms);
  const char *const signatures[] = { signature, NULL };

  /* Every attempt fails, so every retry is signed and logged too. */
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      lc_mock_server_queue_fault (f->mock, faults[i], LC_MAX_ATTEMPTS_PER_CHUNK);
      run_fetch (f, client);

      g_assert_nonnull (f->error);
      g_assert_true (f->error->domain == LC_ERROR);
      assert_fetch_left_no_trace (f, signatures);
    }
}

static void
test_client_timeout (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_with_secret (f, CANARY_SECRET);
  g_autofree char *signature = expected_signature (f, CANARY_SECRET, f->now_ms);
  const char *const signatures[] = { signature, NULL };

  lc_client_set_timeouts (client, 1, 1);
  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_NEVER_ANSWER, 1);
  run_fetch (f, client);

  g_assert_error (f->error, LC_ERROR, LC_ERROR_TIMEOUT);
  assert_fetch_left_no_trace (f, signatures);
}

static void
test_client_clock_corrected (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_with_secret (f, CANARY_SECRET);
  g_autofree char *signature = expected_signature (f, CANARY_SECRET, f->now_ms);
  const char *const signatures[] = { signature, NULL };

  /* The first attempt is refused for its timestamp; the second, signed anew after the clock
   * is measured, succeeds. Neither signature may show. */
  lc_mock_server_set_clock_skew (f->mock, 10 * 60 * 1000);
  run_fetch (f, client);

  g_assert_no_error (f->error);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, 2);
  assert_fetch_left_no_trace (f, signatures);
}

/* The CLI. */

/* Where the CLI is told its secret: in the environment, or in a file. */
typedef enum
{
  SECRET_IN_ENVIRONMENT,
  SECRET_IN_FILE,
} SecretSource;

static GSubprocess *
spawn_cli (Fixture      *f,
           SecretSource  source,
           LcTestCliRun *run,
           const char   *const *arguments)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *secret_path = g_build_filename (f->data_dir, "secret", NULL);

  g_ptr_array_add (argv, (gpointer) "--base-url");
  g_ptr_array_add (argv, f->mock_url);
  g_ptr_array_add (argv, (gpointer) "--start");
  g_ptr_array_add (argv, f->day_text);
  g_ptr_array_add (argv, (gpointer) "--end");
  g_ptr_array_add (argv, f->day_text);
  if (source == SECRET_IN_FILE)
    {
      g_assert_true (g_file_set_contents (secret_path, CANARY_SECRET "\n", -1, NULL));
      g_assert_cmpint (g_chmod (secret_path, 0600), ==, 0);
      g_ptr_array_add (argv, (gpointer) "--secret-file");
      g_ptr_array_add (argv, secret_path);
    }
  for (guint i = 0; arguments != NULL && arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);

  launcher = lc_test_cli_launcher_new (CANARY_APP_ID,
                                       source == SECRET_IN_ENVIRONMENT ? CANARY_SECRET : NULL,
                                       f->data_dir);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);

  return lc_test_cli_spawn (launcher, (const char *const *) argv->pdata, run);
}

static void
assert_cli_output_clean (const LcTestCliRun *run)
{
  assert_clean ("the CLI's standard output", run->standard_output, -1, NULL);
  assert_clean ("the CLI's standard error", run->standard_error, -1, NULL);

  /* The debug messages were on, so the run said something; GLib writes them to stdout. */
  g_assert_true (strstr (run->standard_output, "lc-client") != NULL
                 || strstr (run->standard_error, "lc-client") != NULL);
}

static void
run_cli_case (Fixture            *f,
              SecretSource        source,
              int                 expected_status,
              const char *const  *arguments)
{
  g_autoptr(GSubprocess) process = NULL;
  g_auto(LcTestCliRun) run = { 0 };

  process = spawn_cli (f, source, &run, arguments);
  lc_test_cli_wait (&run);

  g_test_message ("CLI exited with %d", run.exit_status);
  g_assert_cmpint (run.exit_status, ==, expected_status);
  assert_cli_output_clean (&run);
}

static void
test_cli_output (Fixture       *f,
                 gconstpointer  user_data)
{
  const char *const quick_timeout[] = { "--timeout", "1", NULL };
  const SecretSource sources[] = { SECRET_IN_ENVIRONMENT, SECRET_IN_FILE };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      const char *const no_history[] = { "--no-cache", NULL };

      lc_mock_server_add_app (f->mock, CANARY_APP_ID, CANARY_SECRET);
      run_cli_case (f, sources[i], 0, no_history);

      lc_mock_server_add_app (f->mock, CANARY_APP_ID, REGISTERED_SECRET);
      run_cli_case (f, sources[i], 1, no_history);

      lc_mock_server_add_app (f->mock, CANARY_APP_ID, CANARY_SECRET);
      lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_SERVER_ERROR, LC_MAX_ATTEMPTS_PER_CHUNK);
      lc_mock_server_set_retry_after (f->mock, 0);
      run_cli_case (f, sources[i], 1, no_history);

      lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_NEVER_ANSWER, 1);
      run_cli_case (f, sources[i], 1, quick_timeout);
    }

  /* Nothing of what the logs said went anywhere else. */
  g_free (take_captured_logs ());
}

/* Reads /proc/PID/cmdline of a running process, its arguments separated by spaces. */
static char *
read_command_line (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline",
                                           g_subprocess_get_identifier (process));
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  for (gsize i = 0; i < length; i++)
    {
      if (contents[i] == '\0')
        contents[i] = ' ';
    }

  return g_steal_pointer (&contents);
}

static void
test_cli_command_line (Fixture       *f,
                       gconstpointer  user_data)
{
  const SecretSource sources[] = { SECRET_IN_ENVIRONMENT, SECRET_IN_FILE };

  if (!g_file_test ("/proc/self/cmdline", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No /proc to read a command line from");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *command_line = NULL;
      g_auto(LcTestCliRun) run = { 0 };
      guint n_before = lc_mock_server_get_n_requests (f->mock);
      gboolean asked = FALSE;

      /* The server holds the answer, so the CLI is alive and mid-fetch when it is looked at:
       * by then it has read its secret and signed a request with it. */
      lc_mock_server_set_delay (f->mock, SLOW_ANSWER_MS);
      lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_SLOW, 1);
      process = spawn_cli (f, sources[i], &run, (const char *const[]) { "--no-cache", NULL });
      while (!asked && !run.exited)
        {
          g_main_context_iteration (NULL, TRUE);
          asked = lc_mock_server_get_n_in_flight (f->mock) > 0;
        }
      g_assert_true (asked);
      g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, n_before + 1);

      command_line = read_command_line (process);
      g_test_message ("While fetching: %s", command_line);
      g_assert_nonnull (strstr (command_line, "--start"));
      assert_clean ("the CLI's command line", command_line, -1, NULL);

      lc_test_cli_wait (&run);
      g_assert_cmpint (run.exit_status, ==, 0);
      assert_cli_output_clean (&run);
    }

  g_free (take_captured_logs ());
}

static void
test_cli_exports_and_history (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autofree char *csv_path = g_build_filename (f->work_dir, "day.csv", NULL);
  g_autofree char *png_path = g_build_filename (f->work_dir, "day.png", NULL);
  g_autofree char *svg_path = g_build_filename (f->work_dir, "day.svg", NULL);
  g_autofree char *pdf_path = g_build_filename (f->work_dir, "day.pdf", NULL);
  const char *const exports[] = {
    "--csv", csv_path, "--png", png_path, "--svg", svg_path, "--pdf", pdf_path, NULL,
  };
  const char *const from_history[] = { "--csv", "-", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_auto(LcTestCliRun) run = { 0 };

  /* The history is on: the day is saved under the user data directory, then read back. */
  run_cli_case (f, SECRET_IN_FILE, 0, exports);
  g_assert_cmpuint (assert_tree_clean (f->work_dir), ==, 4);

  process = spawn_cli (f, SECRET_IN_ENVIRONMENT, &run, from_history);
  lc_test_cli_wait (&run);
  g_assert_cmpint (run.exit_status, ==, 0);
  assert_clean ("the CSV from the history", run.standard_output, -1, NULL);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, 1);

  /* The secret file itself is the only place the secret may be. */
  {
    g_autofree char *secret_path = g_build_filename (f->data_dir, "secret", NULL);

    g_assert_cmpint (g_unlink (secret_path), ==, 0);
  }
  g_assert_cmpuint (assert_tree_clean (f->data_dir), >=, 1);

  g_free (take_captured_logs ());
}

int
main (int   argc,
      char *argv[])
{
  /* Every debug message of every library, so that whatever could leak is written. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_logs = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  /* GTest prints the old API's messages itself; send them through the writer instead. */
  g_log_set_default_handler (g_log_default_handler, NULL);

  g_assert_nonnull (g_getenv ("LC_CLI_PATH"));

#define ADD_SECRET_TEST(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

  ADD_SECRET_TEST ("/secrets/client/success", test_client_success);
  ADD_SECRET_TEST ("/secrets/client/wrong-secret", test_client_wrong_secret);
  ADD_SECRET_TEST ("/secrets/client/server-errors", test_client_server_errors);
  ADD_SECRET_TEST ("/secrets/client/timeout", test_client_timeout);
  ADD_SECRET_TEST ("/secrets/client/clock-corrected", test_client_clock_corrected);
  ADD_SECRET_TEST ("/secrets/cli/output", test_cli_output);
  ADD_SECRET_TEST ("/secrets/cli/command-line", test_cli_command_line);
  ADD_SECRET_TEST ("/secrets/cli/exports-and-history", test_cli_exports_and_history);

  return g_test_run ();
}
