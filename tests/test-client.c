/* test-client.c: the API client against a real HTTP server on loopback
 *
 * A SoupServer inside the test plays the concurrence endpoint. Its handler records every request
 * (and checks its signature with the same rule the service uses), then answers from a script:
 * documented errors, rate limits, pages from proxies, bodies cut short or too large, or nothing
 * at all. The client's clock is injected, so the dates and timestamps are the same on every
 * machine. Nothing sleeps: the tests iterate the main context until what they wait for happens,
 * and a guard timer fails them if it never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "lc-client.h"
#include "lc-error.h"
#include "lc-mock-server.h"
#include "lc-signature.h"
#include "lc-test-support.h"

#define TEST_APP_ID     "test-app"
#define TEST_APP_SECRET "s3cret-that-never-goes-on-the-wire"

/* The server's limit for the difference between its clock and a request's timestamp. */
#define TIMESTAMP_WINDOW_MS (3 * 60 * 1000)

/* A self-signed certificate for 127.0.0.1 that nothing on this machine trusts. */
static const char untrusted_certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBkDCCATagAwIBAgIUV8r1XFqyPSAu70iYCh1eVMTL0LYwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMzE2MDczMloYDzIxMjYxMTA5\n"
  "MTYwNzMyWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAATOZi+LW7jZQi/CgObSorW7X+Jk74vG0eUgXN2Fj86mMQUNxW3aSzy8\n"
  "xi/qhI7TmCNtOcVXFp4KyNQ9NYg5qbCDo2QwYjAdBgNVHQ4EFgQUguFhzpwSH83b\n"
  "tbeI8t+fZMxXVo8wHwYDVR0jBBgwFoAUguFhzpwSH83btbeI8t+fZMxXVo8wDwYD\n"
  "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC\n"
  "IB3WfEN8mzRnwKqLnAr+KFZThokUW1nim7BZBlVBV3WPAiEAxMm41Frl6J29rRhF\n"
  "THQ55mNoZ/NvjE5b2rWawanKFco=\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgunJTUGxKNKqys/Yi\n"
  "cwTcFYX26n0zMAxgXtgi3iW0OQihRANCAATOZi+LW7jZQi/CgObSorW7X+Jk74vG\n"
  "0eUgXN2Fj86mMQUNxW3aSzy8xi/qhI7TmCNtOcVXFp4KyNQ9NYg5qbCD\n"
  "-----END PRIVATE KEY-----\n";

/* One scripted answer of the test server. */
typedef struct
{
  guint     status;
  char     *body;
  char     *content_type;
  char     *retry_after;
  char     *date;          /* replaces the server's Date header; "" removes it */
  gboolean  chunked;
  gboolean  never_answer;
} Answer;

/* What the test server saw of one request. */
typedef struct
{
  char     *app_id;
  char     *timestamp;
  char     *start_date;
  char     *end_date;
  char     *raw_query;
  gboolean  signature_ok;
} Request;

typedef struct _Fixture Fixture;

typedef struct
{
  Fixture           *fixture;
  SoupServerMessage *message;
  guint              source_id;
} DelayedAnswer;

struct _Fixture
{
  SoupServer    *server;
  char          *base_url;
  LcClient      *client;

  /* The client's clock: fixed, but a millisecond later on every read. */
  gint64         now_ms;
  guint          clock_reads;

  /* The test server's behaviour. */
  gboolean       check_timestamp;
  gint64         server_skew_ms;
  GQueue         answers;      /* Answer, served in order before anything else */
  Answer        *always;       /* served once the queue is empty, if set */
  guint          answer_delay_ms;
  gboolean       messy_rows;   /* answer rows backwards and each twice */
  GCancellable  *cancel_on_request;

  /* What the test server saw. */
  GPtrArray     *requests;
  guint          in_flight;
  guint          max_in_flight;
  GPtrArray     *held;         /* SoupServerMessage, never answered */
  GList         *delayed;      /* DelayedAnswer */

  /* The fetch under test. */
  gboolean       done;
  LcSeries      *result;
  GError        *error;
  guint          n_progress;
  guint          last_done;
  guint          last_total;
  GCancellable  *cancel_on_progress;
};

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_free (answer->content_type);
  g_free (answer->retry_after);
  g_free (answer->date);
  g_free (answer);
}

static Answer *
answer_new (guint       status,
            const char *content_type,
            const char *body)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_strdup (body);

  return answer;
}

static Answer *
answer_new_api_error (guint       http_status,
                      guint       code,
                      const char *message)
{
  g_autofree char *body = g_strdup_printf ("{\"code\":%u,\"status\":\"error\","
                                           "\"message\":\"%s\",\"data\":\"\"}", code, message);

  return answer_new (http_status, "application/json", body);
}

static void
request_free (Request *request)
{
  g_free (request->app_id);
  g_free (request->timestamp);
  g_free (request->start_date);
  g_free (request->end_date);
  g_free (request->raw_query);
  g_free (request);
}

static LcDay
day_of (int year,
        int month,
        int day)
{
  LcDay result;

  g_assert_true (lc_day_from_ymd (year, month, day, &result));

  return result;
}

static char *
format_http_date (gint64 unix_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_ms / 1000);

  return soup_date_time_to_string (time, SOUP_DATE_HTTP);
}

static gint64
test_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now_ms + f->clock_reads++;
}

/* The rows the test server reports for one day, and the points they stand for. */
static const struct
{
  const char *minute;
  int         minute_of_day;
} active_minutes[] = {
  { "10:00", 600 },
  { "10:01", 601 },
  { "23:59", 1439 },
};

static guint32
viewers_at (LcDay day,
            guint index)
{
  return 1 + (guint32) ((day * 3 + (LcDay) index) % 97);
}

static LcSeries *
expected_series (LcRange range)
{
  LcSeries *series = lc_series_new (0);

  for (LcDay day = range.start; day <= range.end; day++)
    for (guint i = 0; i < G_N_ELEMENTS (active_minutes); i++)
      lc_series_append (series, day * LC_MINUTES_PER_DAY + active_minutes[i].minute_of_day,
                        viewers_at (day, i));

  return series;
}

static char *
success_body (Fixture    *f,
              const char *start_text,
              const char *end_text)
{
  GString *body = g_string_new ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  LcDay start;
  LcDay end;

  g_assert_true (lc_day_parse (start_text, &start));
  g_assert_true (lc_day_parse (end_text, &end));

  for (LcDay day = start; day <= end; day++)
    {
      char day_text[11];

      lc_day_format_into (day, day_text);
      for (guint i = 0; i < G_N_ELEMENTS (active_minutes); i++)
        g_ptr_array_add (rows, g_strdup_printf ("{\"day\":\"%s\",\"minute\":\"%s\","
                                                "\"viewers\":%u}",
                                                day_text, active_minutes[i].minute,
                                                viewers_at (day, i)));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      guint index = f->messy_rows ? rows->len - 1 - i : i;
      guint copies = f->messy_rows ? 2 : 1;

      for (guint c = 0; c < copies; c++)
        {
          if (body->str[body->len - 1] != '[')
            g_string_append_c (body, ',');
          g_string_append (body, g_ptr_array_index (rows, index));
        }
    }
  g_string_append (body, "]}");

  return g_string_free (body, FALSE);
}

static Request *
record_request (Fixture           *f,
                SoupServerMessage *message,
                GHashTable        *query)
{
  Request *request = g_new0 (Request, 1);
  const char *sign;

  request->app_id = g_strdup (query != NULL ? g_hash_table_lookup (query, "appId") : NULL);
  request->timestamp = g_strdup (query != NULL ? g_hash_table_lookup (query, "timestamp") : NULL);
  request->start_date = g_strdup (query != NULL ? g_hash_table_lookup (query, "startDate") : NULL);
  request->end_date = g_strdup (query != NULL ? g_hash_table_lookup (query, "endDate") : NULL);
  request->raw_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (message)));
  sign = query != NULL ? g_hash_table_lookup (query, "sign") : NULL;

  if (sign != NULL && request->app_id != NULL && request->timestamp != NULL
      && request->start_date != NULL && request->end_date != NULL)
    {
      const LcParam params[] = {
        { "endDate", request->end_date },
        { "startDate", request->start_date },
        { "appId", request->app_id },
        { "timestamp", request->timestamp },
      };
      g_autofree char *expected = lc_signature_compute (TEST_APP_SECRET, params,
                                                        G_N_ELEMENTS (params));

      request->signature_ok = g_strcmp0 (expected, sign) == 0;
    }

  g_ptr_array_add (f->requests, request);

  return request;
}

/* Picks the answer for @request; the caller owns it. */
static Answer *
choose_answer (Fixture *f,
               Request *request)
{
  Answer *answer;

  if (!request->signature_ok)
    return answer_new_api_error (403, 403, "invalid signature.");

  if (f->check_timestamp)
    {
      gint64 server_now = f->now_ms + f->server_skew_ms;
      gint64 timestamp = g_ascii_strtoll (request->timestamp, NULL, 10);

      if (ABS (timestamp - server_now) > TIMESTAMP_WINDOW_MS)
        {
          answer = answer_new_api_error (400, 400, "invalid timestamp.");
          answer->date = format_http_date (server_now);
          return answer;
        }
    }

  answer = g_queue_pop_head (&f->answers);
  if (answer != NULL)
    return answer;

  if (f->always != NULL)
    {
      answer = answer_new (f->always->status, f->always->content_type, f->always->body);
      answer->retry_after = g_strdup (f->always->retry_after);
      answer->date = g_strdup (f->always->date);
      answer->chunked = f->always->chunked;
      answer->never_answer = f->always->never_answer;
      return answer;
    }

  {
    g_autofree char *body = success_body (f, request->start_date, request->end_date);

    return answer_new (200, "application/json", body);
  }
}

static gboolean
send_delayed_answer_cb (gpointer user_data)
{
  DelayedAnswer *delayed = user_data;
  Fixture *f = delayed->fixture;

  f->in_flight--;
  soup_server_message_unpause (delayed->message);
  g_object_unref (delayed->message);
  f->delayed = g_list_remove (f->delayed, delayed);
  g_free (delayed);

  return G_SOURCE_REMOVE;
}

static void
handle_concurrence (SoupServer        *server,
                    SoupServerMessage *message,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  Fixture *f = user_data;
  Request *request = record_request (f, message, query);
  Answer *answer = choose_answer (f, request);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (f->cancel_on_request != NULL)
    g_cancellable_cancel (f->cancel_on_request);

  if (answer->never_answer)
    {
      soup_server_message_pause (message);
      g_ptr_array_add (f->held, g_object_ref (message));
      answer_free (answer);
      return;
    }

  soup_server_message_set_status (message, answer->status, NULL);
  if (answer->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", answer->retry_after);
  if (answer->date != NULL && answer->date[0] == '\0')
    soup_message_headers_remove (headers, "Date");
  else if (answer->date != NULL)
    soup_message_headers_replace (headers, "Date", answer->date);

  if (answer->chunked)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (message);

      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, answer->content_type, NULL);
      soup_message_body_append (body, SOUP_MEMORY_COPY, answer->body, strlen (answer->body));
      soup_message_body_complete (body);
    }
  else
    {
      soup_server_message_set_response (message, answer->content_type, SOUP_MEMORY_COPY,
                                        answer->body, strlen (answer->body));
    }

  if (f->answer_delay_ms > 0)
    {
      DelayedAnswer *delayed = g_new0 (DelayedAnswer, 1);

      f->in_flight++;
      f->max_in_flight = MAX (f->max_in_flight, f->in_flight);
      soup_server_message_pause (message);
      delayed->fixture = f;
      delayed->message = g_object_ref (message);
      delayed->source_id = g_timeout_add (f->answer_delay_ms, send_delayed_answer_cb, delayed);
      f->delayed = g_list_prepend (f->delayed, delayed);
    }

  answer_free (answer);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) noon = NULL;
  GSList *uris;

  /* 2024-06-15 12:00 on the platform's clock (UTC+8). */
  noon = g_date_time_new_utc (2024, 6, 15, 4, 0, 0);
  f->now_ms = g_date_time_to_unix (noon) * 1000;
  f->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&f->answers);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, LC_CONCURRENCE_PATH, handle_concurrence, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = lc_client_new (f->base_url, TEST_APP_ID, TEST_APP_SECRET, &error);
  g_assert_no_error (error);
  lc_client_set_clock (f->client, test_clock, f);
  lc_client_set_retry_base_delay (f->client, 5);
}

static void
client_finalized_cb (gpointer  user_data,
                     GObject  *where_the_object_was)
{
  gboolean *finalized = user_data;

  *finalized = TRUE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  LcClient *client = f->client;

  /* Every fetch must let go of the client once it has returned, even with requests it
   * cancelled still winding down: the client is gone shortly after the last reference. */
  if (client != NULL)
    {
      gboolean finalized = FALSE;

      g_object_weak_ref (G_OBJECT (client), client_finalized_cb, &finalized);
      g_clear_object (&f->client);
      lc_test_iterate_until (&finalized, 10);
    }

  for (GList *l = f->delayed; l != NULL; l = l->next)
    {
      DelayedAnswer *delayed = l->data;

      g_source_remove (delayed->source_id);
      g_object_unref (delayed->message);
      g_free (delayed);
    }
  g_list_free (f->delayed);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_pointer (&f->requests, g_ptr_array_unref);
  g_queue_clear_full (&f->answers, (GDestroyNotify) answer_free);
  g_clear_pointer (&f->always, answer_free);
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_error (&f->error);
  g_clear_object (&f->cancel_on_progress);
  g_clear_object (&f->cancel_on_request);
  g_free (f->base_url);
}

static void
progress_cb (guint    chunks_done,
             guint    chunks_total,
             gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_cmpuint (chunks_done, ==, f->last_done + 1);
  g_assert_cmpuint (chunks_done, <=, chunks_total);

  f->n_progress++;
  f->last_done = chunks_done;
  f->last_total = chunks_total;

  if (f->cancel_on_progress != NULL)
    g_cancellable_cancel (f->cancel_on_progress);
}

static void
fetch_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_false (f->done);
  f->result = lc_client_fetch_finish (LC_CLIENT (source_object), result, &f->error);
  f->done = TRUE;
}

static void
start_fetch (Fixture      *f,
             LcRange       range,
             GCancellable *cancellable)
{
  g_clear_pointer (&f->result, lc_series_unref);
  g_clear_error (&f->error);
  f->done = FALSE;
  f->n_progress = 0;
  f->last_done = 0;

  lc_client_fetch_async (f->client, range, cancellable, progress_cb, f, fetch_done_cb, f);
}

static void
run_fetch (Fixture *f,
           LcRange  range)
{
  start_fetch (f, range, NULL);
  lc_test_iterate_until (&f->done, 30);

  /* Exactly one of a result and an error. */
  g_assert_true ((f->result == NULL) != (f->error == NULL));
}

static Request *
request_at (Fixture *f,
            guint    index)
{
  g_assert_cmpuint (index, <, f->requests->len);

  return g_ptr_array_index (f->requests, index);
}

static gint64
timestamp_of (Request *request)
{
  g_assert_nonnull (request->timestamp);
  g_assert_cmpuint (strlen (request->timestamp), ==, 13);

  return g_ascii_strtoll (request->timestamp, NULL, 10);
}

static void
assert_all_signed (Fixture *f)
{
  for (guint i = 0; i < f->requests->len; i++)
    {
      Request *request = request_at (f, i);

      g_assert_true (request->signature_ok);
      g_assert_cmpstr (request->app_id, ==, TEST_APP_ID);
      g_assert_null (strstr (request->raw_query, TEST_APP_SECRET));
    }
}

/* Constructing a client. */

static void
test_new_urls (void)
{
  const struct
  {
    const char *url;
    int         expected; /* -1 for success */
  } cases[] = {
    { "https://api.polyv.net", -1 },
    { "https://api.polyv.net/", -1 },
    { "https://example.com:8443/prefix", -1 },
    { "http://127.0.0.1:8080", -1 },
    { "http://127.9.8.7", -1 },
    { "http://localhost:1234", -1 },
    { "http://LOCALHOST", -1 },
    { "http://[::1]:8080", -1 },
    { "http://api.polyv.net", LC_ERROR_INSECURE_URL },
    { "http://192.168.1.10:8080", LC_ERROR_INSECURE_URL },
    { "http://128.0.0.1", LC_ERROR_INSECURE_URL },
    { "http://localhost.example.com", LC_ERROR_INSECURE_URL },
    { "ftp://api.polyv.net", LC_ERROR_INVALID_URL },
    { "api.polyv.net", LC_ERROR_INVALID_URL },
    { "", LC_ERROR_INVALID_URL },
    { "https://", LC_ERROR_INVALID_URL },
    { "https://user:password@api.polyv.net", LC_ERROR_INVALID_URL },
    { "https://api.polyv.net/?appId=x", LC_ERROR_INVALID_URL },
    { "https://api polyv net", LC_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcClient) client = lc_client_new (cases[i].url, "id", "secret", &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].expected < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (client);
          g_assert_false (g_str_has_suffix (lc_client_get_base_url (client), "/"));
        }
      else
        {
          g_assert_null (client);
          g_assert_error (error, LC_ERROR, cases[i].expected);
          g_assert_true (lc_error_is_input_error (error));
        }
    }
}

static void
test_new_default_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcClient) client = lc_client_new (NULL, "id", "secret", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lc_client_get_base_url (client), ==, LC_DEFAULT_BASE_URL);
  g_assert_cmpstr (lc_client_get_app_id (client), ==, "id");
  g_assert_cmpint (lc_client_get_clock_offset (client), ==, 0);
}

static void
test_new_credentials (void)
{
  const char *ids[] = { NULL, "", "id", "id" };
  const char *secrets[] = { "secret", "secret", NULL, "" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcClient) client = lc_client_new ("https://api.polyv.net", ids[i], secrets[i],
                                                  &error);

      g_assert_null (client);
      g_assert_error (error, LC_ERROR, LC_ERROR_MISSING_CREDENTIALS);
    }
}

static void
test_today_uses_injected_clock (Fixture       *f,
                                gconstpointer  user_data)
{
  /* 2024-06-14 20:00 UTC is already 2024-06-15 on the platform's clock. */
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2024, 6, 14, 20, 0, 0);

  f->now_ms = g_date_time_to_unix (evening) * 1000;
  g_assert_cmpint (lc_client_get_today (f->client), ==, day_of (2024, 6, 15));
}

/* Fetching. */

static void
test_fetch_one_chunk (Fixture       *f,
                      gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(LcSeries) expected = expected_series (range);
  Request *request;

  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
  g_assert_cmpuint (f->requests->len, ==, 1);
  assert_all_signed (f);

  request = request_at (f, 0);
  g_assert_cmpstr (request->start_date, ==, "2024-06-01");
  g_assert_cmpstr (request->end_date, ==, "2024-06-10");
  g_assert_cmpint (timestamp_of (request), >=, f->now_ms);
  g_assert_cmpint (timestamp_of (request), <, f->now_ms + 1000);
  g_assert_cmpuint (f->n_progress, ==, 1);
  g_assert_cmpuint (f->last_total, ==, 1);
}

static void
test_fetch_today_only (Fixture       *f,
                       gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 15), day_of (2024, 6, 15) };
  g_autoptr(LcSeries) expected = expected_series (range);

  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
}

static int
compare_requests_by_start (gconstpointer a,
                           gconstpointer b)
{
  const Request *request_a = *(const Request **) a;
  const Request *request_b = *(const Request **) b;

  return strcmp (request_a->start_date, request_b->start_date);
}

static void
test_fetch_chunks_merge_in_order (Fixture       *f,
                                  gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 1, 1), day_of (2024, 6, 15) };
  g_autoptr(LcSeries) expected = expected_series (range);
  g_autoptr(GArray) plan = lc_range_plan_chunks (range);

  f->messy_rows = TRUE;
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
  assert_all_signed (f);

  /* One request per planned chunk, each asking exactly for its days. */
  g_assert_cmpuint (plan->len, >, 2);
  g_assert_cmpuint (f->requests->len, ==, plan->len);
  g_ptr_array_sort (f->requests, compare_requests_by_start);
  for (guint i = 0; i < plan->len; i++)
    {
      LcRange chunk = g_array_index (plan, LcRange, i);
      g_autofree char *start_text = lc_day_format (chunk.start);
      g_autofree char *end_text = lc_day_format (chunk.end);

      g_assert_cmpstr (request_at (f, i)->start_date, ==, start_text);
      g_assert_cmpstr (request_at (f, i)->end_date, ==, end_text);
    }

  g_assert_cmpuint (f->n_progress, ==, plan->len);
  g_assert_cmpuint (f->last_done, ==, plan->len);
  g_assert_cmpuint (f->last_total, ==, plan->len);
}

static void
test_fetch_drops_points_outside_chunk (Fixture       *f,
                                       gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 2) };
  LcRange answered = { day_of (2024, 5, 31), day_of (2024, 6, 3) };
  g_autoptr(LcSeries) expected = expected_series (range);
  g_autoptr(LcSeries) answered_series = expected_series (answered);
  g_autofree char *body = success_body (f, "2024-05-31", "2024-06-03");

  g_queue_push_tail (&f->answers, answer_new (200, "application/json", body));
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_cmpuint (lc_series_get_length (f->result), <, lc_series_get_length (answered_series));
  g_assert_true (lc_series_equal (f->result, expected));
}

static void
test_fetch_at_most_two_in_flight (Fixture       *f,
                                  gconstpointer  user_data)
{
  LcRange range = { day_of (2023, 6, 16), day_of (2024, 6, 15) };
  g_autoptr(LcSeries) expected = expected_series (range);

  f->answer_delay_ms = 30;
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
  g_assert_cmpuint (f->requests->len, >=, 6);
  g_assert_cmpuint (f->max_in_flight, ==, LC_MAX_REQUESTS_IN_FLIGHT);
}

static void
test_input_errors_make_no_request (Fixture       *f,
                                   gconstpointer  user_data)
{
  const struct
  {
    LcRange range;
    LcError expected;
  } cases[] = {
    { { day_of (2024, 6, 10), day_of (2024, 6, 1) }, LC_ERROR_RANGE_REVERSED },
    { { day_of (2024, 6, 10), day_of (2024, 6, 16) }, LC_ERROR_RANGE_IN_FUTURE },
    { { day_of (2020, 1, 1), day_of (2024, 6, 1) }, LC_ERROR_RANGE_TOO_LONG },
    { { day_of (2010, 1, 1), day_of (2010, 2, 1) }, LC_ERROR_RANGE_TOO_OLD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_fetch (f, cases[i].range);
      g_assert_error (f->error, LC_ERROR, (int) cases[i].expected);
      g_assert_true (lc_error_is_input_error (f->error));
    }

  g_assert_cmpuint (f->requests->len, ==, 0);
  g_assert_cmpuint (f->n_progress, ==, 0);
}

/* Retries. */

static void
test_retry_capped (Fixture       *f,
                   gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };

  f->always = answer_new (503, "text/html", "<html><body>Service Unavailable</body></html>");
  run_fetch (f, range);

  g_assert_error (f->error, LC_ERROR, LC_ERROR_SERVER);
  g_assert_cmpuint (lc_error_get_http_status (f->error), ==, 503);
  g_assert_cmpuint (f->requests->len, ==, LC_MAX_ATTEMPTS_PER_CHUNK);
  assert_all_signed (f);

  /* Every attempt carries a fresh timestamp, and so a fresh signature. */
  for (guint i = 1; i < f->requests->len; i++)
    g_assert_cmpint (timestamp_of (request_at (f, i)), >, timestamp_of (request_at (f, i - 1)));
}

static void
test_retry_code_500_then_success (Fixture       *f,
                                  gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(LcSeries) expected = expected_series (range);

  g_queue_push_tail (&f->answers, answer_new_api_error (200, 500, "internal error"));
  g_queue_push_tail (&f->answers, answer_new_api_error (500, 500, "internal error"));
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
  g_assert_cmpuint (f->requests->len, ==, 3);
}

static void
test_retry_after_zero_overrides_backoff (Fixture       *f,
                                         gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(LcSeries) expected = expected_series (range);
  gint64 started = g_get_monotonic_time ();

  /* A backoff of a minute would time the test out; Retry-After: 0 says go again now. */
  lc_client_set_retry_base_delay (f->client, 60 * 1000);
  for (guint i = 0; i < 2; i++)
    {
      Answer *answer = answer_new (429, "text/plain", "Too Many Requests");

      answer->retry_after = g_strdup ("0");
      g_queue_push_tail (&f->answers, answer);
    }
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
  g_assert_cmpuint (f->requests->len, ==, 3);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_retry_after_one_second (Fixture       *f,
                             gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  Answer *answer = answer_new (503, "text/plain", "Service Unavailable");
  gint64 started = g_get_monotonic_time ();

  answer->retry_after = g_strdup ("1");
  g_queue_push_tail (&f->answers, answer);
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_cmpuint (f->requests->len, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
}

static void
test_retry_after_http_date (Fixture       *f,
                            gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  Answer *answer = answer_new (429, "text/plain", "Too Many Requests");
  gint64 started = g_get_monotonic_time ();

  /* One second after the server's own Date, whatever the client's clock says. */
  answer->date = format_http_date (1700000000000);
  answer->retry_after = format_http_date (1700000001000);
  g_queue_push_tail (&f->answers, answer);
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_cmpuint (f->requests->len, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

static void
test_not_retried (Fixture       *f,
                  gconstpointer  user_data)
{
  const struct
  {
    Answer  *answer;
    LcError  expected;
  } cases[] = {
    { answer_new_api_error (403, 403, "invalid signature."), LC_ERROR_INVALID_SIGNATURE },
    { answer_new_api_error (200, 400, "application not found."), LC_ERROR_APPLICATION_NOT_FOUND },
    { answer_new_api_error (400, 400, "param is not digit: x"), LC_ERROR_PARAM_NOT_DIGIT },
    { answer_new (403, "text/html", "<html>blocked</html>"), LC_ERROR_RATE_LIMITED },
    { answer_new (200, "text/html", "<html>Sign in to the Wi-Fi</html>"),
      LC_ERROR_UNEXPECTED_RESPONSE },
    { answer_new (302, "text/html", "<html>moved</html>"), LC_ERROR_UNEXPECTED_RESPONSE },
  };
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint before = f->requests->len;

      g_queue_push_tail (&f->answers, cases[i].answer);
      run_fetch (f, range);

      g_assert_error (f->error, LC_ERROR, (int) cases[i].expected);
      g_assert_cmpuint (f->requests->len, ==, before + 1);
      g_assert_null (strstr (f->error->message, TEST_APP_SECRET));
      g_assert_null (strstr (lc_error_get_server_message (f->error), TEST_APP_SECRET));
    }
}

/* The computer's clock. */

static void
test_clock_corrected_once (Fixture       *f,
                           gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(LcSeries) expected = expected_series (range);
  gint64 skew = 10 * 60 * 1000;
  gint64 offset;

  f->check_timestamp = TRUE;
  f->server_skew_ms = skew;
  run_fetch (f, range);

  g_assert_no_error (f->error);
  g_assert_true (lc_series_equal (f->result, expected));
  g_assert_cmpuint (f->requests->len, ==, 2);

  /* The second attempt's timestamp is the server's time, not the computer's. */
  g_assert_cmpint (ABS (timestamp_of (request_at (f, 0)) - f->now_ms), <, 1000);
  g_assert_cmpint (ABS (timestamp_of (request_at (f, 1)) - (f->now_ms + skew)), <, 2000);

  offset = lc_client_get_clock_offset (f->client);
  g_assert_cmpint (ABS (offset - skew), <, 2000);

  /* The offset is kept: the next fetch gets it right the first time. */
  run_fetch (f, range);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->requests->len, ==, 3);
}

static void
test_clock_still_refused (Fixture       *f,
                          gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  gint64 skew = -7 * 60 * 1000;

  for (guint i = 0; i < 3; i++)
    {
      Answer *answer = answer_new_api_error (400, 400, "invalid timestamp.");

      answer->date = format_http_date (f->now_ms + skew);
      g_queue_push_tail (&f->answers, answer);
    }
  run_fetch (f, range);

  g_assert_error (f->error, LC_ERROR, LC_ERROR_INVALID_TIMESTAMP);
  g_assert_cmpuint (f->requests->len, ==, 2);
  g_assert_cmpint (ABS (lc_error_get_clock_offset (f->error) - skew), <, 2000);
  g_assert_cmpint (ABS (lc_client_get_clock_offset (f->client) - skew), <, 2000);
}

static void
test_clock_without_usable_date (Fixture       *f,
                                gconstpointer  user_data)
{
  const char *dates[] = { "garbage", "" };
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      Answer *answer = answer_new_api_error (400, 400, "invalid timestamp.");
      guint before = f->requests->len;

      answer->date = g_strdup (dates[i]);
      g_queue_push_tail (&f->answers, answer);
      run_fetch (f, range);

      g_assert_error (f->error, LC_ERROR, LC_ERROR_INVALID_TIMESTAMP);
      g_assert_cmpuint (f->requests->len, ==, before + 1);
      g_assert_cmpint (lc_error_get_clock_offset (f->error), ==, 0);
      g_assert_cmpint (lc_client_get_clock_offset (f->client), ==, 0);
    }
}

/* Limits. */

static void
test_request_timeout (Fixture       *f,
                      gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  lc_client_set_timeouts (f->client, 10, 1);
  f->always = answer_new (200, "application/json", "");
  f->always->never_answer = TRUE;
  run_fetch (f, range);
  elapsed = g_get_monotonic_time () - started;

  g_assert_error (f->error, LC_ERROR, LC_ERROR_TIMEOUT);
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

static void
run_size_limit_case (Fixture  *f,
                     gboolean  chunked)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autofree char *body = success_body (f, "2024-06-01", "2024-06-10");
  gsize length = strlen (body);
  Answer *answer;

  /* One byte over the limit is refused... */
  answer = answer_new (200, "application/json", body);
  answer->chunked = chunked;
  g_queue_push_tail (&f->answers, answer);
  lc_client_set_max_response_size (f->client, length - 1);
  run_fetch (f, range);
  g_assert_error (f->error, LC_ERROR, LC_ERROR_RESPONSE_TOO_LARGE);
  g_assert_cmpuint (f->requests->len, ==, 1);

  /* ...and a body exactly at the limit is read. */
  answer = answer_new (200, "application/json", body);
  answer->chunked = chunked;
  g_queue_push_tail (&f->answers, answer);
  lc_client_set_max_response_size (f->client, length);
  run_fetch (f, range);
  g_assert_no_error (f->error);
  g_assert_cmpuint (lc_series_get_length (f->result), ==, 30);
}

static void
test_too_large_announced (Fixture       *f,
                          gconstpointer  user_data)
{
  run_size_limit_case (f, FALSE);
}

static void
test_too_large_streamed (Fixture       *f,
                         gconstpointer  user_data)
{
  run_size_limit_case (f, TRUE);
}

/* Cancellation. */

static void
test_cancel_after_first_chunk (Fixture       *f,
                               gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 1, 1), day_of (2024, 6, 15) };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  f->cancel_on_progress = g_object_ref (cancellable);
  start_fetch (f, range, cancellable);
  lc_test_iterate_until (&f->done, 30);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->result);
  g_assert_cmpuint (f->n_progress, ==, 1);
  g_assert_cmpuint (f->requests->len, <=, LC_MAX_REQUESTS_IN_FLIGHT);
}

static void
test_cancel_on_the_wire (Fixture       *f,
                         gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 started = g_get_monotonic_time ();

  /* The server holds the request; the user gives up as soon as it has arrived. */
  f->always = answer_new (200, "application/json", "");
  f->always->never_answer = TRUE;
  f->cancel_on_request = g_object_ref (cancellable);
  start_fetch (f, range, cancellable);
  lc_test_iterate_until (&f->done, 10);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->result);
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *f,
                            gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 started = g_get_monotonic_time ();

  /* The server asks for a wait of half a minute; the user does not wait for it. */
  f->always = answer_new (503, "text/plain", "Service Unavailable");
  f->always->retry_after = g_strdup ("30");
  start_fetch (f, range, cancellable);
  g_timeout_add (300, cancel_cb, cancellable);
  lc_test_iterate_until (&f->done, 10);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_cancelled_before_start (Fixture       *f,
                             gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  start_fetch (f, range, cancellable);
  lc_test_iterate_until (&f->done, 10);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->requests->len, ==, 0);
}

/* The network. */

static void
replace_client (Fixture    *f,
                const char *base_url)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->client);
  f->client = lc_client_new (base_url, TEST_APP_ID, TEST_APP_SECRET, &error);
  g_assert_no_error (error);
  lc_client_set_clock (f->client, test_clock, f);
  lc_client_set_retry_base_delay (f->client, 5);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  replace_client (f, url);
  run_fetch (f, range);

  g_assert_error (f->error, LC_ERROR, LC_ERROR_NETWORK);
  g_assert_nonnull (lc_error_get_server_message (f->error));
}

/* Answers with a Content-Length of 1000 and then hangs up after a few bytes. */
static gboolean
answer_cut_short_cb (GThreadedSocketService *service,
                     GSocketConnection      *connection,
                     GObject                *source_object,
                     gpointer                user_data)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  const char reply[] = "HTTP/1.1 200 OK\r\n"
                       "Content-Type: application/json\r\n"
                       "Content-Length: 1000\r\n"
                       "\r\n"
                       "{\"code\":200,\"status\":\"success\",\"data\":[";
  GString *head = g_string_new (NULL);
  char byte;

  /* Read the whole request first, so that closing is a clean end of stream. */
  while (!g_str_has_suffix (head->str, "\r\n\r\n")
         && g_input_stream_read (input, &byte, 1, NULL, NULL) == 1)
    g_string_append_c (head, byte);
  g_string_free (head, TRUE);

  g_output_stream_write_all (output, reply, sizeof reply - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static void
test_body_cut_short (Fixture       *f,
                     gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  g_signal_connect (service, "run", G_CALLBACK (answer_cut_short_cb), NULL);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  replace_client (f, url);
  run_fetch (f, range);

  g_socket_service_stop (service);

  g_assert_true (g_error_matches (f->error, LC_ERROR, LC_ERROR_NETWORK)
                 || g_error_matches (f->error, LC_ERROR, LC_ERROR_UNEXPECTED_RESPONSE));
  g_assert_nonnull (lc_error_get_server_message (f->error));
}

static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  user_data)
{
  LcRange range = { day_of (2024, 6, 1), day_of (2024, 6, 10) };
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend");
      return;
    }

  certificate = g_tls_certificate_new_from_pem (untrusted_certificate_pem, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, LC_CONCURRENCE_PATH, handle_concurrence, f, NULL);
  g_assert_true (soup_server_listen_local (server, 0,
                                           SOUP_SERVER_LISTEN_IPV4_ONLY
                                           | SOUP_SERVER_LISTEN_HTTPS, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  replace_client (f, url);
  run_fetch (f, range);

  /* The certificate is refused, never waved through, and the server sees no request. */
  g_assert_error (f->error, LC_ERROR, LC_ERROR_TLS);
  g_assert_cmpuint (f->requests->len, ==, 0);

  soup_server_disconnect (server);
}

/* Against the project's mock of the service, which is as strict as the real one. */
static void
test_mock_server_year (void)
{
  g_autoptr(LcMockServer) mock = lc_mock_server_new ();
  g_autoptr(LcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) lc_series_unref);
  g_autoptr(LcSeries) expected = NULL;
  Fixture f = { 0 };
  LcRange range;

  g_assert_true (lc_mock_server_start (mock, 0, &error));
  g_assert_no_error (error);
  url = lc_mock_server_get_base_url (mock);
  lc_mock_server_queue_fault (mock, LC_MOCK_FAULT_RATE_LIMIT, 1);
  lc_mock_server_set_retry_after (mock, 0);

  client = lc_client_new (url, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, &error);
  g_assert_no_error (error);
  lc_client_set_retry_base_delay (client, 5);

  /* The mock checks timestamps against the real time, so this runs on the system clock. */
  range.end = lc_client_get_today (client) - 1;
  range.start = range.end - 180;
  for (LcDay day = range.start; day <= range.end; day++)
    g_ptr_array_add (days, lc_mock_server_generate_day (LC_MOCK_DEMO_APP_ID, day,
                                                        LC_MOCK_DATA_SPARSE));
  expected = lc_series_merge ((LcSeries *const *) days->pdata, days->len);

  f.client = client;
  lc_client_fetch_async (client, range, NULL, progress_cb, &f, fetch_done_cb, &f);
  lc_test_iterate_until (&f.done, 60);

  g_assert_no_error (f.error);
  g_assert_true (lc_series_equal (f.result, expected));
  g_assert_cmpuint (lc_mock_server_get_n_requests (mock), ==, f.last_total + 1);
  g_assert_cmpuint (lc_mock_server_get_max_in_flight (mock), <=, LC_MAX_REQUESTS_IN_FLIGHT);

  g_clear_pointer (&f.result, lc_series_unref);
  lc_mock_server_stop (mock);
}

static void
add_fixture_test (const char *path,
                  void      (*test_func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test_func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/new/urls", test_new_urls);
  g_test_add_func ("/client/new/default-url", test_new_default_url);
  g_test_add_func ("/client/new/credentials", test_new_credentials);
  add_fixture_test ("/client/today", test_today_uses_injected_clock);

  add_fixture_test ("/client/fetch/one-chunk", test_fetch_one_chunk);
  add_fixture_test ("/client/fetch/today-only", test_fetch_today_only);
  add_fixture_test ("/client/fetch/chunks", test_fetch_chunks_merge_in_order);
  add_fixture_test ("/client/fetch/outside-chunk", test_fetch_drops_points_outside_chunk);
  add_fixture_test ("/client/fetch/in-flight", test_fetch_at_most_two_in_flight);
  add_fixture_test ("/client/fetch/input-errors", test_input_errors_make_no_request);

  add_fixture_test ("/client/retry/capped", test_retry_capped);
  add_fixture_test ("/client/retry/code-500", test_retry_code_500_then_success);
  add_fixture_test ("/client/retry/retry-after-zero", test_retry_after_zero_overrides_backoff);
  add_fixture_test ("/client/retry/retry-after-one", test_retry_after_one_second);
  add_fixture_test ("/client/retry/retry-after-date", test_retry_after_http_date);
  add_fixture_test ("/client/retry/not-retried", test_not_retried);

  add_fixture_test ("/client/clock/corrected", test_clock_corrected_once);
  add_fixture_test ("/client/clock/still-refused", test_clock_still_refused);
  add_fixture_test ("/client/clock/no-usable-date", test_clock_without_usable_date);

  add_fixture_test ("/client/limits/timeout", test_request_timeout);
  add_fixture_test ("/client/limits/too-large-announced", test_too_large_announced);
  add_fixture_test ("/client/limits/too-large-streamed", test_too_large_streamed);

  add_fixture_test ("/client/cancel/after-first-chunk", test_cancel_after_first_chunk);
  add_fixture_test ("/client/cancel/on-the-wire", test_cancel_on_the_wire);
  add_fixture_test ("/client/cancel/during-backoff", test_cancel_during_backoff);
  add_fixture_test ("/client/cancel/before-start", test_cancelled_before_start);

  add_fixture_test ("/client/network/refused", test_connection_refused);
  add_fixture_test ("/client/network/cut-short", test_body_cut_short);
  add_fixture_test ("/client/network/untrusted-certificate", test_untrusted_certificate);

  g_test_add_func ("/client/mock-server/half-year", test_mock_server_year);

  return g_test_run ();
}
