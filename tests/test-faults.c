/* test-faults.c: what a broken network or a broken server does to a fetch, through LcClient and
 * through the CLI
 *
 * Every fault is played on loopback: by the mock server's fault switches and quirks, or by a
 * small server of this file where the mock has no switch for it (a connection reset in the
 * middle of a body, a body that never ends, a body that arrives one byte a second, two answers
 * glued into one body). Each case checks that the client ends with the right code of the
 * LC_ERROR domain, or with the right series when the damage can be repaired, and that the CLI
 * ends with status 1, says so in one line on stderr, and leaves no output file behind, an
 * existing one untouched.
 *
 * Nothing sleeps: the tests iterate the main context until what they wait for happens, and a
 * guard timer fails them if it never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "lc-client.h"
#include "lc-error.h"
#include "lc-mock-server.h"
#include "lc-test-support.h"

/* The size of the page a misconfigured proxy sends: far more than any error page should be. */
#define HTML_PAGE_SIZE (10 * 1024 * 1024)

/* The body that never ends is cut into blocks of this size, up to far more than any limit. */
#define ENDLESS_BLOCK_SIZE (64 * 1024)
#define ENDLESS_TOTAL_SIZE ((gsize) 1024 * 1024 * 1024)

/* The limit the client tests set, and how far past a limit a refused body may have been sent:
 * the client reads in blocks, and loopback sockets buffer a few megabytes on either side. */
#define SMALL_LIMIT      (1024 * 1024)
#define SEND_SLACK_BYTES (16 * 1024 * 1024)

/* A wait long enough for the client's clock check to refuse every timestamp. */
#define SKEW_BEYOND_WINDOW_MS (10 * 60 * 1000)

typedef enum
{
  SCRIPT_FIXED,    /* one answer, all at once */
  SCRIPT_ENDLESS,  /* a chunked body that goes on until the client hangs up */
  SCRIPT_TRICKLE,  /* a chunked body, one byte a second */
} ScriptKind;

/* A server of this file, for faults the mock has no switch for. */
typedef struct
{
  SoupServer        *soup_server;
  char              *base_url;
  ScriptKind         kind;
  guint              status;
  char              *body;

  guint              n_requests;
  gsize              bytes_written;
  gboolean           finished;
  gboolean           body_complete;
  SoupServerMessage *streaming;
  GSource           *trickle_source;
} ScriptedServer;

typedef struct
{
  LcMockServer    *mock;
  char            *mock_url;
  LcRange          range;       /* one past day with plenty of viewers */
  char            *day_text;
  char            *work_dir;
  char            *data_dir;    /* the CLI's user data, where its history of days is kept */
  ScriptedServer  *scripted;

  /* The fetch under test. */
  LcSeries        *result;
  GError          *error;
} Fixture;

/* The scripted server. */

static void
scripted_message_finished_cb (SoupServerMessage *message,
                              gpointer           user_data)
{
  ScriptedServer *scripted = user_data;

  scripted->finished = TRUE;
  if (scripted->trickle_source != NULL)
    {
      g_source_destroy (scripted->trickle_source);
      g_clear_pointer (&scripted->trickle_source, g_source_unref);
    }
  g_clear_object (&scripted->streaming);
}

static void
scripted_wrote_body_data_cb (SoupServerMessage *message,
                             guint              chunk_size,
                             gpointer           user_data)
{
  ScriptedServer *scripted = user_data;

  scripted->bytes_written += chunk_size;
}

/* Queues the next block of an endless body as soon as the previous one is on the wire. */
static void
scripted_endless_wrote_chunk_cb (SoupServerMessage *message,
                                 gpointer           user_data)
{
  ScriptedServer *scripted = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (scripted->bytes_written >= ENDLESS_TOTAL_SIZE)
    {
      scripted->body_complete = TRUE;
      soup_message_body_complete (body);
      return;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, scripted->body, ENDLESS_BLOCK_SIZE);
}

static gboolean
scripted_trickle_cb (gpointer user_data)
{
  ScriptedServer *scripted = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (scripted->streaming);
  gsize length = strlen (scripted->body);
  gsize next = scripted->bytes_written;

  /* libsoup paused the message when it ran out of body; one more byte, and on it goes. */
  if (next < length)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, scripted->body + next, 1);
  else
    {
      scripted->body_complete = TRUE;
      soup_message_body_complete (body);
    }
  soup_server_message_unpause (scripted->streaming);

  if (scripted->body_complete)
    {
      g_clear_pointer (&scripted->trickle_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
scripted_handle_cb (SoupServer        *soup_server,
                    SoupServerMessage *message,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  ScriptedServer *scripted = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  scripted->n_requests++;
  g_signal_connect (message, "finished", G_CALLBACK (scripted_message_finished_cb), scripted);
  g_signal_connect (message, "wrote-body-data", G_CALLBACK (scripted_wrote_body_data_cb),
                    scripted);

  switch (scripted->kind)
    {
    case SCRIPT_FIXED:
      soup_server_message_set_status (message, scripted->status, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        scripted->body, strlen (scripted->body));
      break;

    case SCRIPT_ENDLESS:
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      scripted->streaming = g_object_ref (message);
      g_signal_connect (message, "wrote-chunk", G_CALLBACK (scripted_endless_wrote_chunk_cb),
                        scripted);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, scripted->body, ENDLESS_BLOCK_SIZE);
      break;

    case SCRIPT_TRICKLE:
    default:
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      scripted->streaming = g_object_ref (message);
      soup_server_message_pause (message);
      scripted->trickle_source = g_timeout_source_new_seconds (1);
      g_source_set_callback (scripted->trickle_source, scripted_trickle_cb, scripted, NULL);
      g_source_attach (scripted->trickle_source, NULL);
      break;
    }
}

static ScriptedServer *
scripted_server_new (ScriptKind  kind,
                     guint       status,
                     const char *body)
{
  ScriptedServer *scripted = g_new0 (ScriptedServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  scripted->kind = kind;
  scripted->status = status;
  if (kind == SCRIPT_ENDLESS)
    {
      /* The start of a success answer, then rows without end. */
      GString *block = g_string_new ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[");

      while (block->len < ENDLESS_BLOCK_SIZE)
        g_string_append (block, "{\"day\":\"2024-06-01\",\"minute\":\"10:30\",\"viewers\":2},");
      scripted->body = g_string_free (block, FALSE);
    }
  else
    scripted->body = g_strdup (body);

  scripted->soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (scripted->soup_server, NULL, scripted_handle_cb, scripted, NULL);
  g_assert_true (soup_server_listen_local (scripted->soup_server, 0,
                                           SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (scripted->soup_server);
  scripted->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return scripted;
}

static void
scripted_server_free (ScriptedServer *scripted)
{
  if (scripted->trickle_source != NULL)
    {
      g_source_destroy (scripted->trickle_source);
      g_clear_pointer (&scripted->trickle_source, g_source_unref);
    }
  if (scripted->streaming != NULL)
    g_signal_handlers_disconnect_by_data (scripted->streaming, scripted);
  g_clear_object (&scripted->streaming);
  soup_server_disconnect (scripted->soup_server);
  g_clear_object (&scripted->soup_server);
  g_free (scripted->base_url);
  g_free (scripted->body);
  g_free (scripted);
}

/* A server that answers with headers and the start of a body, then resets the connection. */

static gboolean
reset_connection_cb (GThreadedSocketService *service,
                     GSocketConnection      *connection,
                     GObject                *source_object,
                     gpointer                user_data)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GSocket *socket = g_socket_connection_get_socket (connection);
  const char reply[] = "HTTP/1.1 200 OK\r\n"
                       "Content-Type: application/json\r\n"
                       "Content-Length: 100000\r\n"
                       "\r\n"
                       "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                       "{\"day\":\"2024-06-01\",\"minute\":\"10:30\",\"viewers\":2},";
  struct linger reset_on_close = { 1, 0 };
  g_autoptr(GString) head = g_string_new (NULL);
  char byte;

  /* The whole request first, so that what the client sees is the reset, not a refused send. */
  while (!g_str_has_suffix (head->str, "\r\n\r\n")
         && g_input_stream_read (input, &byte, 1, NULL, NULL) == 1)
    g_string_append_c (head, byte);

  g_output_stream_write_all (output, reply, sizeof reply - 1, NULL, NULL, NULL);
  g_output_stream_flush (output, NULL, NULL);

  /* Lingering for zero seconds makes close() send a reset instead of an orderly end. */
  g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER,
                               &reset_on_close, sizeof reset_on_close), ==, 0);
  g_socket_close (socket, NULL);

  return TRUE;
}

static GSocketService *
reset_server_new (char **out_base_url)
{
  GSocketService *service = g_threaded_socket_service_new (2);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (service, "run", G_CALLBACK (reset_connection_cb), NULL);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  *out_base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                   g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  return service;
}

static void
reset_server_stop (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

/* A base URL where nothing listens: a port that was free a moment ago and is closed now. */
static char *
refusing_base_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* The fixture. */

/* A past day on which the demo app had plenty of viewers, so that every quirk of the mock that
 * works on some rows finds them. */
static LcDay
find_busy_day (void)
{
  LcDay yesterday = lc_day_today (g_get_real_time () / 1000) - 1;

  for (LcDay day = yesterday; day > yesterday - 60; day--)
    {
      g_autoptr(LcSeries) series = lc_mock_server_generate_day (LC_MOCK_DEMO_APP_ID, day,
                                                                LC_MOCK_DATA_SPARSE);

      if (lc_series_get_length (series) >= 120)
        return day;
    }

  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->mock = lc_mock_server_new ();
  g_assert_true (lc_mock_server_start (f->mock, 0, &error));
  g_assert_no_error (error);
  f->mock_url = lc_mock_server_get_base_url (f->mock);
  lc_mock_server_set_retry_after (f->mock, 0);

  f->range.start = f->range.end = find_busy_day ();
  f->day_text = lc_day_format (f->range.start);

  f->work_dir = lc_test_make_temp_dir ("lc-test-faults-XXXXXX");
  f->data_dir = lc_test_make_temp_dir ("lc-test-faults-data-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  lc_test_remove_tree (f->work_dir);
  g_clear_pointer (&f->work_dir, g_free);
  lc_test_remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);

  g_clear_pointer (&f->scripted, scripted_server_free);
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_error (&f->error);
  g_clear_pointer (&f->day_text, g_free);
  g_clear_pointer (&f->mock_url, g_free);
  lc_mock_server_stop (f->mock);
  g_clear_object (&f->mock);
}

static LcClient *
client_for (const char *base_url)
{
  g_autoptr(GError) error = NULL;
  LcClient *client;

  client = lc_client_new (base_url, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, &error);
  g_assert_no_error (error);
  lc_client_set_retry_base_delay (client, 10);

  return client;
}

/* Runs one fetch of the fixture's day; afterwards exactly one of result and error is set. */
static void
run_fetch (Fixture  *f,
           LcClient *client)
{
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_error (&f->error);

  f->result = lc_test_fetch_sync (client, f->range, LC_TEST_GUARD_SECONDS, &f->error);
}

/* Checks that the fetch failed with @code and a detail for whoever debugs it. */
static void
assert_fetch_failed (Fixture *f,
                     LcError  code)
{
  g_assert_error (f->error, LC_ERROR, (int) code);
  g_assert_null (f->result);
  g_assert_cmpstr (f->error->message, ==, lc_error_describe (code));
}

/* The series the mock serves for the fixture's day, with every viewer count raised by
 * @extra_every_50th on the rows the duplicate quirk repeats with a larger count. */
static LcSeries *
expected_day (Fixture *f,
              guint32  extra_every_50th)
{
  g_autoptr(LcSeries) day = lc_mock_server_generate_day (LC_MOCK_DEMO_APP_ID, f->range.start,
                                                         LC_MOCK_DATA_SPARSE);
  const LcMinute *minutes = lc_series_get_minutes (day);
  const guint32 *viewers = lc_series_get_viewers (day);
  LcSeries *expected = lc_series_new (lc_series_get_length (day));

  for (guint i = 0; i < lc_series_get_length (day); i++)
    lc_series_append (expected, minutes[i], viewers[i] + (i % 50 == 0 ? extra_every_50th : 0));
  lc_series_normalize (expected);

  return expected;
}

/* The CLI. */

/* Runs the CLI for the fixture's day against @base_url, with the demo credentials and the
 * extra @arguments (NULL-terminated), serving every loopback server meanwhile. */
static void
run_cli (Fixture      *f,
         const char   *base_url,
         LcTestCliRun *run,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *argument;
  va_list arguments;

  g_ptr_array_add (argv, (gpointer) "--base-url");
  g_ptr_array_add (argv, (gpointer) base_url);
  g_ptr_array_add (argv, (gpointer) "--start");
  g_ptr_array_add (argv, f->day_text);
  g_ptr_array_add (argv, (gpointer) "--end");
  g_ptr_array_add (argv, f->day_text);
  va_start (arguments, run);
  while ((argument = va_arg (arguments, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) argument);
  va_end (arguments);
  g_ptr_array_add (argv, NULL);

  launcher = lc_test_cli_launcher_new (LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, f->data_dir);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");

  lc_test_run_cli (launcher, (const char *const *) argv->pdata, run);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n_files = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n_files++;

  return n_files;
}

/* Runs the CLI with an existing CSV file to overwrite and a new chart to write, and checks
 * that it failed with @code: status 1, one line on stderr that says what went wrong, nothing
 * on stdout, the existing file untouched and no other file left behind. @extra_argument and
 * @extra_value, when not NULL, are one more option for the CLI. */
static void
assert_cli_fails (Fixture    *f,
                  const char *base_url,
                  LcError     code,
                  const char *extra_argument,
                  const char *extra_value)
{
  g_autofree char *csv_path = g_build_filename (f->work_dir, "existing.csv", NULL);
  g_autofree char *png_path = g_build_filename (f->work_dir, "new.png", NULL);
  g_autofree char *expected_start = g_strconcat ("live-concurrency-cli: ",
                                                 lc_error_describe (code), NULL);
  g_autofree char *contents = NULL;
  g_auto(LcTestCliRun) run = { 0 };

  g_assert_true (g_file_set_contents (csv_path, "precious\n", -1, NULL));

  run_cli (f, base_url, &run, "--csv", csv_path, "--png", png_path, extra_argument, extra_value,
           NULL);

  g_test_message ("CLI said: %s", run.standard_error);
  g_assert_cmpint (run.exit_status, ==, 1);
  g_assert_cmpstr (run.standard_output, ==, "");
  g_assert_true (g_str_has_prefix (run.standard_error, expected_start));
  g_assert_true (g_str_has_suffix (run.standard_error, "\n"));
  for (const char *c = run.standard_error; *c != '\0'; c++)
    {
      /* One line, and nothing a terminal would take as a command. */
      if (c[1] != '\0')
        g_assert_false (g_ascii_iscntrl (*c));
    }

  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");
  g_assert_false (g_file_test (png_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->work_dir), ==, 1);
}

/* Checks that the CLI wrote @expected as CSV and succeeded. */
static void
assert_cli_writes (Fixture        *f,
                   const char     *base_url,
                   const LcSeries *expected)
{
  g_autofree char *csv_path = g_build_filename (f->work_dir, "day.csv", NULL);
  g_autoptr(GString) expected_csv = g_string_new ("day,minute,viewers\n");
  g_autofree char *written = NULL;
  g_auto(LcTestCliRun) run = { 0 };

  for (guint i = 0; i < lc_series_get_length (expected); i++)
    {
      char minute_text[6];

      lc_minute_format_into (lc_series_get_minutes (expected)[i], minute_text);
      g_string_append_printf (expected_csv, "%s,%s,%u\n", f->day_text, minute_text,
                              lc_series_get_viewers (expected)[i]);
    }

  run_cli (f, base_url, &run, "--csv", csv_path, NULL);

  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.standard_error, ==, "");
  g_assert_true (g_file_get_contents (csv_path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected_csv->str);
}

/* The faults. */

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autofree char *url = refusing_base_url ();
  g_autoptr(LcClient) client = client_for (url);

  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_NETWORK);
  g_assert_nonnull (lc_error_get_server_message (f->error));

  assert_cli_fails (f, url, LC_ERROR_NETWORK, NULL, NULL);
}

static void
test_connection_reset_in_body (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autofree char *url = NULL;
  GSocketService *service = reset_server_new (&url);
  g_autoptr(LcClient) client = client_for (url);

  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_NETWORK);

  assert_cli_fails (f, url, LC_ERROR_NETWORK, NULL, NULL);

  reset_server_stop (service);
}

static void
test_body_cut_short (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);

  lc_mock_server_set_quirks (f->mock, LC_MOCK_QUIRK_TRUNCATED_BODY);

  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_NETWORK);
  g_assert_nonnull (strstr (lc_error_get_server_message (f->error), "cut short"));

  assert_cli_fails (f, f->mock_url, LC_ERROR_NETWORK, NULL, NULL);
}

static void
test_huge_html_page (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);

  /* A proxy's 502 page is the server's trouble, worth two more attempts. */
  lc_mock_server_set_html_page_size (f->mock, HTML_PAGE_SIZE);
  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_HTML_PAGE, LC_MAX_ATTEMPTS_PER_CHUNK);
  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_SERVER);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, LC_MAX_ATTEMPTS_PER_CHUNK);
  g_assert_cmpuint (lc_error_get_http_status (f->error), ==, 502);

  /* Under a smaller limit the page is refused by its announced length, before it is read,
   * and a page that big is not asked for again. */
  lc_client_set_max_response_size (client, SMALL_LIMIT);
  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_HTML_PAGE, LC_MAX_ATTEMPTS_PER_CHUNK);
  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_RESPONSE_TOO_LARGE);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, LC_MAX_ATTEMPTS_PER_CHUNK + 1);

  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_HTML_PAGE, LC_MAX_ATTEMPTS_PER_CHUNK);
  assert_cli_fails (f, f->mock_url, LC_ERROR_SERVER, NULL, NULL);
}

static void
test_body_over_limit_refused_early (Fixture       *f,
                                    gconstpointer  user_data)
{
  g_autoptr(LcClient) client = NULL;

  f->scripted = scripted_server_new (SCRIPT_ENDLESS, 200, NULL);
  client = client_for (f->scripted->base_url);
  lc_client_set_max_response_size (client, SMALL_LIMIT);

  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_RESPONSE_TOO_LARGE);
  g_assert_cmpuint (f->scripted->n_requests, ==, 1);

  /* The client hung up as soon as the limit was crossed: the server notices on its next
   * write, having sent not much more than the limit, never the whole body. */
  lc_test_iterate_until (&f->scripted->finished, LC_TEST_GUARD_SECONDS);
  g_test_message ("%" G_GSIZE_FORMAT " bytes sent for a limit of %d", f->scripted->bytes_written,
                  SMALL_LIMIT);
  g_assert_false (f->scripted->body_complete);
  g_assert_cmpuint (f->scripted->bytes_written, >, SMALL_LIMIT);
  g_assert_cmpuint (f->scripted->bytes_written, <, SMALL_LIMIT + SEND_SLACK_BYTES);

  /* The CLI keeps the default limit, and gives up just as early past it. */
  f->scripted->finished = FALSE;
  f->scripted->bytes_written = 0;
  assert_cli_fails (f, f->scripted->base_url, LC_ERROR_RESPONSE_TOO_LARGE, NULL, NULL);
  lc_test_iterate_until (&f->scripted->finished, LC_TEST_GUARD_SECONDS);
  g_assert_false (f->scripted->body_complete);
  g_assert_cmpuint (f->scripted->bytes_written, <,
                    LC_DEFAULT_MAX_RESPONSE_SIZE + SEND_SLACK_BYTES);
}

static void
test_server_never_answers (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  lc_client_set_timeouts (client, 1, 1);
  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_NEVER_ANSWER, 1);
  run_fetch (f, client);
  elapsed = g_get_monotonic_time () - started;

  assert_fetch_failed (f, LC_ERROR_TIMEOUT);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, 1);
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);

  lc_mock_server_queue_fault (f->mock, LC_MOCK_FAULT_NEVER_ANSWER, 1);
  assert_cli_fails (f, f->mock_url, LC_ERROR_TIMEOUT, "--timeout", "1");
}

static void
test_one_byte_a_second (Fixture       *f,
                        gconstpointer  user_data)
{
  const char *body = "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[]}";
  g_autoptr(LcClient) client = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  /* Each byte comes well within the socket's own timeout; only the deadline of the whole
   * request can end this. */
  f->scripted = scripted_server_new (SCRIPT_TRICKLE, 200, body);
  client = client_for (f->scripted->base_url);
  lc_client_set_timeouts (client, 10, 2);

  run_fetch (f, client);
  elapsed = g_get_monotonic_time () - started;

  assert_fetch_failed (f, LC_ERROR_TIMEOUT);
  g_assert_cmpuint (f->scripted->n_requests, ==, 1);
  g_assert_cmpint (elapsed, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->scripted->bytes_written, <, strlen (body));

  lc_test_iterate_until (&f->scripted->finished, LC_TEST_GUARD_SECONDS);
  f->scripted->finished = FALSE;
  f->scripted->bytes_written = 0;
  assert_cli_fails (f, f->scripted->base_url, LC_ERROR_TIMEOUT, "--timeout", "2");
}

static void
test_duplicate_and_conflicting_rows (Fixture       *f,
                                     gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);
  g_autoptr(LcSeries) expected = expected_day (f, 7);

  /* A minute reported twice keeps its larger count, whatever order the rows came in. */
  lc_mock_server_set_quirks (f->mock, LC_MOCK_QUIRK_DUPLICATE_ROWS);
  run_fetch (f, client);
  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));

  assert_cli_writes (f, f->mock_url, expected);
}

static void
test_negative_and_enormous_viewers (Fixture       *f,
                                    gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);

  /* A count no stream can have means the answer cannot be trusted at all; asking again
   * would get the same answer. */
  lc_mock_server_set_quirks (f->mock, LC_MOCK_QUIRK_BAD_VIEWERS);
  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_UNEXPECTED_RESPONSE);
  g_assert_nonnull (strstr (lc_error_get_server_message (f->error), "viewers"));
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, 1);

  assert_cli_fails (f, f->mock_url, LC_ERROR_UNEXPECTED_RESPONSE, NULL, NULL);
}

static void
test_rows_outside_range (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);
  g_autoptr(LcSeries) expected = expected_day (f, 0);

  /* Rows of days nobody asked for are dropped: they belong to the neighbouring chunk, which
   * reports them itself, and keeping them would let two chunks disagree about one minute. */
  lc_mock_server_set_quirks (f->mock, LC_MOCK_QUIRK_ROWS_OUTSIDE_RANGE);
  run_fetch (f, client);
  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));

  assert_cli_writes (f, f->mock_url, expected);
}

static void
test_garbage_date_with_wrong_clock (Fixture       *f,
                                    gconstpointer  user_data)
{
  g_autoptr(LcClient) client = client_for (f->mock_url);

  /* Without a usable Date there is no measuring the clock, so the refusal stands. */
  lc_mock_server_set_clock_skew (f->mock, SKEW_BEYOND_WINDOW_MS);
  lc_mock_server_set_quirks (f->mock, LC_MOCK_QUIRK_GARBAGE_DATE);
  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_INVALID_TIMESTAMP);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, 1);
  g_assert_cmpint (lc_error_get_clock_offset (f->error), ==, 0);
  g_assert_cmpint (lc_client_get_clock_offset (client), ==, 0);

  assert_cli_fails (f, f->mock_url, LC_ERROR_INVALID_TIMESTAMP, NULL, NULL);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->mock), ==, 2);
}

static void
test_server_words_on_one_line (Fixture       *f,
                               gconstpointer  user_data)
{
  const char *body = "{\"code\":400,\"status\":\"error\","
                     "\"message\":\"first line\\nsecond line \\u001b[31mred\\r\",\"data\":\"\"}";
  g_autoptr(LcClient) client = NULL;

  /* The server's words reach the user as they are in the error's details; how they are shown
   * is up to the CLI and the app. */
  f->scripted = scripted_server_new (SCRIPT_FIXED, 400, body);
  client = client_for (f->scripted->base_url);
  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_API);
  g_assert_cmpstr (lc_error_get_server_message (f->error), ==,
                   "first line\nsecond line \033[31mred\r");

  assert_cli_fails (f, f->scripted->base_url, LC_ERROR_API, NULL, NULL);
}

static void
test_two_answers_in_one_body (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autofree char *body = NULL;
  g_autoptr(LcClient) client = NULL;

  /* A refusal and a success glued together, as a broken proxy or cache might send them: the
   * body is no answer at all, and neither half may be taken for it. */
  body = g_strdup_printf ("{\"code\":403,\"status\":\"error\",\"message\":\"invalid signature.\","
                          "\"data\":\"\"}"
                          "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":"
                          "[{\"day\":\"%s\",\"minute\":\"10:30\",\"viewers\":2}]}",
                          f->day_text);
  f->scripted = scripted_server_new (SCRIPT_FIXED, 200, body);
  client = client_for (f->scripted->base_url);

  run_fetch (f, client);
  assert_fetch_failed (f, LC_ERROR_UNEXPECTED_RESPONSE);

  assert_cli_fails (f, f->scripted->base_url, LC_ERROR_UNEXPECTED_RESPONSE, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("LC_CLI_PATH"));

#define ADD_FAULT_TEST(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

  ADD_FAULT_TEST ("/faults/connection-refused", test_connection_refused);
  ADD_FAULT_TEST ("/faults/connection-reset-in-body", test_connection_reset_in_body);
  ADD_FAULT_TEST ("/faults/body-cut-short", test_body_cut_short);
  ADD_FAULT_TEST ("/faults/huge-html-page", test_huge_html_page);
  ADD_FAULT_TEST ("/faults/body-over-limit-refused-early", test_body_over_limit_refused_early);
  ADD_FAULT_TEST ("/faults/server-never-answers", test_server_never_answers);
  ADD_FAULT_TEST ("/faults/one-byte-a-second", test_one_byte_a_second);
  ADD_FAULT_TEST ("/faults/duplicate-and-conflicting-rows", test_duplicate_and_conflicting_rows);
  ADD_FAULT_TEST ("/faults/negative-and-enormous-viewers", test_negative_and_enormous_viewers);
  ADD_FAULT_TEST ("/faults/rows-outside-range", test_rows_outside_range);
  ADD_FAULT_TEST ("/faults/garbage-date-with-wrong-clock", test_garbage_date_with_wrong_clock);
  ADD_FAULT_TEST ("/faults/server-words-on-one-line", test_server_words_on_one_line);
  ADD_FAULT_TEST ("/faults/two-answers-in-one-body", test_two_answers_in_one_body);

  return g_test_run ();
}
