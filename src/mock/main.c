/* main.c: live-concurrency-mock, the mock of POLYV's concurrence endpoint as a program
 *
 * It serves LcMockServer on 127.0.0.1, prints its base URL as the only line on standard output
 * once it is listening, so that a script can read where to send requests, and runs until it is
 * interrupted or terminated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-mock"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "lc-mock-server.h"

typedef struct
{
  const char  *name;
  LcMockFault  fault;
} LcFaultName;

static const LcFaultName fault_names[] = {
  { "rate-limit", LC_MOCK_FAULT_RATE_LIMIT },
  { "server-error", LC_MOCK_FAULT_SERVER_ERROR },
  { "unavailable", LC_MOCK_FAULT_UNAVAILABLE },
  { "html-page", LC_MOCK_FAULT_HTML_PAGE },
  { "slow", LC_MOCK_FAULT_SLOW },
  { "never-answer", LC_MOCK_FAULT_NEVER_ANSWER },
};

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
parse_fault (const char  *name,
             LcMockFault *out_fault)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fault_names); i++)
    {
      if (strcmp (name, fault_names[i].name) == 0)
        {
          *out_fault = fault_names[i].fault;
          return TRUE;
        }
    }

  return FALSE;
}

/* Reads an app secret from a file, so that it never shows in the process list. One trailing
 * newline, as editors leave, is not part of the secret. */
static char *
read_secret (const char  *path,
             GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (length > 0 && contents[length - 1] == '\n')
    contents[--length] = '\0';
  if (length > 0 && contents[length - 1] == '\r')
    contents[--length] = '\0';

  if (length == 0 || strlen (contents) != length || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The secret file %s is empty or not UTF-8 text", path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

int
main (int   argc,
      char *argv[])
{
  int port = 0;
  gboolean dense = FALSE;
  g_autofree char *app_id = NULL;
  g_autofree char *secret_file = NULL;
  gint64 skew_ms = 0;
  g_autofree char *fault_name = NULL;
  int fault_count = 1;
  int delay_ms = 0;
  gboolean always_200 = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port to listen on at 127.0.0.1 (default: any free port)", "N" },
    { "dense", 0, 0, G_OPTION_ARG_NONE, &dense,
      "Give every minute of every day viewers, for benchmarks", NULL },
    { "app-id", 0, 0, G_OPTION_ARG_STRING, &app_id,
      "Register this app id besides the demo app (needs --secret-file)", "ID" },
    { "secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file,
      "Read the secret of --app-id from FILE", "FILE" },
    { "skew-ms", 0, 0, G_OPTION_ARG_INT64, &skew_ms,
      "Run the server's clock this many milliseconds ahead (negative: behind)", "N" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &fault_name,
      "Answer the first requests with a fault: rate-limit, server-error, unavailable, "
      "html-page, slow or never-answer", "NAME" },
    { "fault-count", 0, 0, G_OPTION_ARG_INT, &fault_count,
      "How many requests get the fault (default: 1)", "N" },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &delay_ms,
      "Hold back every answer this many milliseconds", "N" },
    { "status-always-200", 0, 0, G_OPTION_ARG_NONE, &always_200,
      "Send the API's error answers with HTTP status 200 instead of their code", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LcMockServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *base_url = NULL;
  LcMockFault fault = LC_MOCK_FAULT_NONE;
  guint sigint_id, sigterm_id;

  /* Standard output carries the base URL and nothing else, so debug messages go to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Serves a strict mock of POLYV's user concurrence endpoint on "
                                "127.0.0.1 and prints its base URL.");
  g_option_context_set_description (context,
                                    "The demo app \"" LC_MOCK_DEMO_APP_ID "\" with the secret \""
                                    LC_MOCK_DEMO_APP_SECRET "\" is always registered.\n"
                                    "Stop the server with Ctrl+C or SIGTERM.\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("--port must be between 0 and 65535\n");
      return EXIT_FAILURE;
    }
  if ((app_id == NULL) != (secret_file == NULL))
    {
      g_printerr ("--app-id and --secret-file go together\n");
      return EXIT_FAILURE;
    }
  if (fault_name != NULL && !parse_fault (fault_name, &fault))
    {
      g_printerr ("Unknown fault \"%s\"; see --help\n", fault_name);
      return EXIT_FAILURE;
    }
  if (fault_count < 0 || delay_ms < 0)
    {
      g_printerr ("--fault-count and --delay-ms cannot be negative\n");
      return EXIT_FAILURE;
    }

  server = lc_mock_server_new ();
  if (app_id != NULL)
    {
      g_autofree char *secret = read_secret (secret_file, &error);

      if (secret == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      lc_mock_server_add_app (server, app_id, secret);
    }
  lc_mock_server_set_data (server, dense ? LC_MOCK_DATA_DENSE : LC_MOCK_DATA_SPARSE);
  lc_mock_server_set_clock_skew (server, skew_ms);
  lc_mock_server_set_delay (server, (guint) delay_ms);
  lc_mock_server_set_status_always_200 (server, always_200);
  if (fault != LC_MOCK_FAULT_NONE)
    lc_mock_server_queue_fault (server, fault, (guint) fault_count);

  if (!lc_mock_server_start (server, (guint) port, &error))
    {
      g_printerr ("Could not listen on 127.0.0.1:%d: %s\n", port, error->message);
      return EXIT_FAILURE;
    }

  base_url = lc_mock_server_get_base_url (server);
  printf ("%s\n", base_url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  lc_mock_server_stop (server);

  return EXIT_SUCCESS;
}
