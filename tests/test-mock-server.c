/* test-mock-server.c: the mock of POLYV's concurrence endpoint, exercised over real HTTP
 *
 * Every request here is built and signed by hand with lc_signature_compute and sent with a
 * plain SoupSession to the server on 127.0.0.1, so that these tests hold the mock to the API's
 * rules without depending on the app's own client. The server's clock is pinned to a fixed
 * instant through its clock skew, so nothing depends on today's date or the machine's TZ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lc-client.h"
#include "lc-mock-server.h"
#include "lc-signature.h"

/* How long any wait for the server may take before the test fails. */
#define WAIT_TIMEOUT_MS 20000

#define DEMO LC_MOCK_DEMO_APP_ID

typedef struct
{
  LcMockServer *server;
  SoupSession  *session;
  char         *base_url;
  gint64        skew_ms; /* the server's clock minus this machine's */
} Fixture;

typedef struct
{
  gboolean            done;
  SoupMessage        *message;
  GCancellable       *cancellable;
  guint               status;
  GBytes             *body;
  char               *text; /* the body with a NUL byte at its end */
  SoupMessageHeaders *headers;
  GError             *error;
  gint64              started_us;
  gint64              finished_us;
} Answer;

/* Waiting without sleeping */

static gboolean
wait_timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer user_data);

static void
wait_for (Condition condition,
          gpointer  user_data)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (WAIT_TIMEOUT_MS, wait_timed_out_cb, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

static gboolean
answer_is_done (gpointer user_data)
{
  Answer *answer = user_data;

  return answer->done;
}

typedef struct
{
  LcMockServer *server;
  guint         n_in_flight;
} InFlight;

static gboolean
in_flight_reached (gpointer user_data)
{
  InFlight *in_flight = user_data;

  return lc_mock_server_get_n_in_flight (in_flight->server) == in_flight->n_in_flight;
}

static void
wait_for_in_flight (LcMockServer *server,
                    guint         n_in_flight)
{
  InFlight in_flight = { server, n_in_flight };

  wait_for (in_flight_reached, &in_flight);
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  f->server = lc_mock_server_new ();
  g_assert_null (lc_mock_server_get_base_url (f->server));
  g_assert_true (lc_mock_server_start (f->server, 0, &error));
  g_assert_no_error (error);
  f->base_url = lc_mock_server_get_base_url (f->server);
  g_assert_true (g_str_has_prefix (f->base_url, "http://127.0.0.1:"));

  f->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->session);
  lc_mock_server_stop (f->server);
  g_assert_null (lc_mock_server_get_base_url (f->server));
  g_assert_finalize_object (f->server);
  g_free (f->base_url);
}

static gint64
server_now_ms (Fixture *f)
{
  return g_get_real_time () / 1000 + f->skew_ms;
}

/* Puts the server's clock at @unix_ms, whatever the time is on this machine. */
static void
set_server_time (Fixture *f,
                 gint64   unix_ms)
{
  f->skew_ms = unix_ms - g_get_real_time () / 1000;
  lc_mock_server_set_clock_skew (f->server, f->skew_ms);
}

/* The Unix time of @hh:@mm:@ss on @yyyy_mm_dd on the platform's clock (UTC+8). */
static gint64
platform_time (const char *yyyy_mm_dd,
               int         hh,
               int         mm,
               int         ss)
{
  LcDay day;

  g_assert_true (lc_day_parse (yyyy_mm_dd, &day));

  return lc_minute_to_unix_ms ((LcMinute) day * LC_MINUTES_PER_DAY + hh * 60 + mm) + ss * 1000;
}

/* Requests */

/* Builds a URL of the endpoint from NULL-terminated name and value pairs, signed with @secret
 * over every non-empty value unless @secret is NULL. A NULL value leaves the parameter out. */
static char *
build_url (Fixture    *f,
           const char *secret,
           const char *first_name,
           ...)
{
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) params = g_array_new (FALSE, FALSE, sizeof (LcParam));
  g_autofree char *signature = NULL;
  g_autofree char *query = NULL;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      LcParam param = { name, value };

      if (value == NULL)
        continue;
      g_hash_table_insert (form, (gpointer) name, (gpointer) value);
      if (*value != '\0')
        g_array_append_val (params, param);
    }
  va_end (args);

  if (secret != NULL)
    {
      signature = lc_signature_compute (secret, (const LcParam *) params->data, params->len);
      g_hash_table_insert (form, "sign", signature);
    }

  query = soup_form_encode_hash (form);

  return g_strconcat (f->base_url, LC_CONCURRENCE_PATH, "?", query, NULL);
}

static char *
timestamp_text (gint64 unix_ms)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, unix_ms);
}

/* A correctly signed request of the demo app for a range, stamped with the server's time. */
static char *
demo_url (Fixture    *f,
          const char *start_date,
          const char *end_date)
{
  g_autofree char *timestamp = timestamp_text (server_now_ms (f));

  return build_url (f, LC_MOCK_DEMO_APP_SECRET, "appId", DEMO, "timestamp", timestamp,
                    "startDate", start_date, "endDate", end_date, NULL);
}

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->message);
  g_clear_object (&answer->cancellable);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->text, g_free);
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_clear_error (&answer->error);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
sent_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Answer *answer = user_data;

  answer->body = soup_session_send_and_read_finish (SOUP_SESSION (source_object), result,
                                                    &answer->error);
  answer->status = soup_message_get_status (answer->message);
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (answer->message));
  answer->finished_us = g_get_monotonic_time ();
  answer->done = TRUE;
}

static Answer *
send_with_method (Fixture    *f,
                  const char *method,
                  const char *url)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->message = soup_message_new (method, url);
  g_assert_nonnull (answer->message);
  answer->cancellable = g_cancellable_new ();
  answer->started_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (f->session, answer->message, G_PRIORITY_DEFAULT,
                                    answer->cancellable, sent_cb, answer);

  return answer;
}

static Answer *
send (Fixture    *f,
      const char *url)
{
  return send_with_method (f, SOUP_METHOD_GET, url);
}

static Answer *
fetch (Fixture    *f,
       const char *url)
{
  Answer *answer = send (f, url);

  wait_for (answer_is_done, answer);

  return answer;
}

static const char *
answer_text (Answer *answer)
{
  gsize size;
  const char *data;

  g_assert_no_error (answer->error);
  g_assert_nonnull (answer->body);

  if (answer->text == NULL)
    {
      data = g_bytes_get_data (answer->body, &size);
      g_assert_null (memchr (data, '\0', size));
      answer->text = g_strndup (data, size);
    }

  return answer->text;
}

static void
assert_api_error (Answer     *answer,
                  guint       http_status,
                  guint       code,
                  const char *message)
{
  g_autofree char *expected = NULL;

  expected = g_strdup_printf ("{\"code\": %u, \"status\": \"error\", \"message\": \"%s\", "
                              "\"data\": \"\"}",
                              code, message);
  g_assert_cmpuint (answer->status, ==, http_status);
  g_assert_cmpstr (answer_text (answer), ==, expected);
  g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==,
                   "application/json");
}

/* Parses a success answer into a series, checking its shape on the way. */
static LcSeries *
parse_success (Answer *answer)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LcSeries) series = lc_series_new (0);
  JsonObject *root;
  JsonArray *rows;
  LcMinute previous = G_MININT32;

  g_assert_cmpuint (answer->status, ==, SOUP_STATUS_OK);
  json_parser_load_from_data (parser, answer_text (answer), -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "code"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (root, "message"), ==, "");
  rows = json_object_get_array_member (root, "data");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      LcDay day;
      LcMinute minute;
      gint64 viewers = json_object_get_int_member (row, "viewers");

      g_assert_cmpuint (json_object_get_size (row), ==, 3);
      g_assert_true (lc_day_parse (json_object_get_string_member (row, "day"), &day));
      g_assert_true (lc_minute_parse (day, json_object_get_string_member (row, "minute"),
                                      &minute));
      g_assert_cmpint (minute, >, previous);
      g_assert_cmpint (viewers, >, 0);
      g_assert_cmpint (viewers, <=, G_MAXUINT32);
      lc_series_append (series, minute, (guint32) viewers);
      previous = minute;
    }

  return g_steal_pointer (&series);
}

/* Counts the rows of a success answer without parsing it, fast enough for the largest answers
 * even under AddressSanitizer, which makes every strstr() read to the end of its text. */
static guint
count_rows (const char *text)
{
  static const char row_start[] = "{\"day\":";
  guint n_rows = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '{' && strncmp (p, row_start, sizeof row_start - 1) == 0)
      n_rows++;

  return n_rows;
}

static void
set_demo_time (Fixture *f)
{
  /* Midday on 15 June 2025 on the platform's clock: every range the tests ask for is past. */
  set_server_time (f, platform_time ("2025-06-15", 12, 0, 30));
}

/* The documented errors */

typedef enum
{
  SIGN_CORRECTLY,
  SIGN_WITH_WRONG_SECRET,
  SIGN_NOT_AT_ALL,
} SignMode;

typedef struct
{
  const char *description;
  const char *app_id;
  SignMode    sign_mode;
  const char *timestamp;    /* NULL: the server's now; "" or "-": left out */
  gint64      timestamp_offset_ms;
  const char *start_date;
  const char *end_date;
  guint       code;
  const char *message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "no appId", NULL, SIGN_CORRECTLY, NULL, 0, "2025-01-01", "2025-01-31",
    400, "appId is required." },
  { "empty appId", "", SIGN_CORRECTLY, NULL, 0, "2025-01-01", "2025-01-31",
    400, "appId is required." },
  { "unknown app, also bad timestamp and sign", "nobody", SIGN_WITH_WRONG_SECRET, "12", 0,
    "2025-01-01", "2025-01-31", 400, "application not found." },
  { "no timestamp", DEMO, SIGN_CORRECTLY, "-", 0, "2025-01-01", "2025-01-31",
    400, "invalid timestamp." },
  { "12 digits", DEMO, SIGN_CORRECTLY, "166027092673", 0, "2025-01-01", "2025-01-31",
    400, "invalid timestamp." },
  { "14 digits", DEMO, SIGN_CORRECTLY, "16602709267320", 0, "2025-01-01", "2025-01-31",
    400, "invalid timestamp." },
  { "letters", DEMO, SIGN_CORRECTLY, "16602709267x2", 0, "2025-01-01", "2025-01-31",
    400, "invalid timestamp." },
  { "an hour old, also wrong sign", DEMO, SIGN_WITH_WRONG_SECRET, NULL, -3600 * 1000,
    "2025-01-01", "2025-01-31", 400, "invalid timestamp." },
  { "wrong secret, also bad dates", DEMO, SIGN_WITH_WRONG_SECRET, NULL, 0, "2025-13-01",
    "2024-01-31", 403, "invalid signature." },
  { "no sign", DEMO, SIGN_NOT_AT_ALL, NULL, 0, "2025-01-01", "2025-01-31",
    403, "invalid signature." },
  { "start not a date", DEMO, SIGN_CORRECTLY, NULL, 0, "2025-1-01", "2025-01-31",
    400, "param is not digit: 2025-1-01" },
  { "end not a day", DEMO, SIGN_CORRECTLY, NULL, 0, "2025-02-01", "2025-02-30",
    400, "param is not digit: 2025-02-30" },
  { "end in another form", DEMO, SIGN_CORRECTLY, NULL, 0, "2025-02-01", "20250228",
    400, "param is not digit: 20250228" },
  { "start missing", DEMO, SIGN_CORRECTLY, NULL, 0, NULL, "2025-01-31",
    400, "startDate is required." },
  { "end missing", DEMO, SIGN_CORRECTLY, NULL, 0, "2025-01-01", NULL,
    400, "endDate is required." },
  { "start after end, also too long", DEMO, SIGN_CORRECTLY, NULL, 0, "2025-05-01", "2024-01-01",
    400, "startDate can not great endDater" },
  { "three months", DEMO, SIGN_CORRECTLY, NULL, 0, "2025-01-01", "2025-03-31",
    400, LC_MOCK_MESSAGE_RANGE_TOO_LONG },
};

static void
test_documented_errors (Fixture       *f,
                        gconstpointer  user_data)
{
  set_demo_time (f);

  for (int always_200 = 0; always_200 <= 1; always_200++)
    {
      lc_mock_server_set_status_always_200 (f->server, always_200);

      for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
        {
          const ErrorCase *c = &error_cases[i];
          g_autofree char *now_text = timestamp_text (server_now_ms (f) + c->timestamp_offset_ms);
          const char *timestamp = c->timestamp != NULL ? c->timestamp : now_text;
          const char *secret = NULL;
          g_autofree char *url = NULL;
          g_autoptr (Answer) answer = NULL;

          g_test_message ("%s, HTTP status %s", c->description,
                          always_200 ? "always 200" : "as the code");

          if (strcmp (timestamp, "-") == 0)
            timestamp = NULL;
          if (c->sign_mode == SIGN_CORRECTLY)
            secret = LC_MOCK_DEMO_APP_SECRET;
          else if (c->sign_mode == SIGN_WITH_WRONG_SECRET)
            secret = "not-the-secret";

          url = build_url (f, secret, "appId", c->app_id, "timestamp", timestamp,
                           "startDate", c->start_date, "endDate", c->end_date, NULL);
          answer = fetch (f, url);
          assert_api_error (answer, always_200 ? 200 : c->code, c->code, c->message);
        }
    }

  g_assert_cmpuint (lc_mock_server_get_n_requests (f->server), ==,
                    2 * G_N_ELEMENTS (error_cases));
}

static void
test_error_message_escaped (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autofree char *timestamp = timestamp_text (server_now_ms (f));
  g_autofree char *url = NULL;
  g_autoptr (Answer) answer = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  /* A date full of characters JSON must escape still gives valid JSON with the value intact. */
  url = build_url (f, LC_MOCK_DEMO_APP_SECRET, "appId", DEMO, "timestamp", timestamp,
                   "startDate", "\"2025\\\n", "endDate", "2025-01-01", NULL);
  answer = fetch (f, url);

  g_assert_cmpuint (answer->status, ==, 400);
  json_parser_load_from_data (parser, answer_text (answer), -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "message"), ==,
                   "param is not digit: \"2025\\\n");
}

/* The signature */

static void
test_signature_awkward_app_id (Fixture       *f,
                               gconstpointer  user_data)
{
  const char *app_id = "直播 & app=1+2 %20ü";
  const char *secret = "密钥 with spaces & =";
  g_autofree char *timestamp = NULL;
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  set_demo_time (f);
  timestamp = timestamp_text (server_now_ms (f));
  lc_mock_server_add_app (f->server, app_id, secret);

  /* Signed over the raw values, the request passes. */
  {
    g_autofree char *url = build_url (f, secret, "appId", app_id, "timestamp", timestamp,
                                      "startDate", "2025-03-01", "endDate", "2025-03-02", NULL);
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);
  }

  /* Signed over the URL-encoded app id instead, it does not. */
  {
    g_autofree char *escaped = g_uri_escape_string (app_id, NULL, FALSE);
    const LcParam params[] = {
      { "appId", escaped },
      { "timestamp", timestamp },
      { "startDate", "2025-03-01" },
      { "endDate", "2025-03-02" },
    };
    g_autofree char *signature = lc_signature_compute (secret, params, G_N_ELEMENTS (params));
    g_autofree char *query = NULL;
    g_autofree char *url = NULL;
    g_autoptr (Answer) answer = NULL;

    g_hash_table_insert (form, "appId", (gpointer) app_id);
    g_hash_table_insert (form, "timestamp", timestamp);
    g_hash_table_insert (form, "startDate", "2025-03-01");
    g_hash_table_insert (form, "endDate", "2025-03-02");
    g_hash_table_insert (form, "sign", signature);
    query = soup_form_encode_hash (form);
    url = g_strconcat (f->base_url, LC_CONCURRENCE_PATH, "?", query, NULL);
    answer = fetch (f, url);
    assert_api_error (answer, 403, 403, "invalid signature.");
  }

  /* The signature is 32 upper-case hex digits; the same digits in lower case do not match. */
  {
    const LcParam params[] = {
      { "appId", app_id },
      { "timestamp", timestamp },
      { "startDate", "2025-03-01" },
      { "endDate", "2025-03-02" },
    };
    g_autofree char *signature = lc_signature_compute (secret, params, G_N_ELEMENTS (params));
    g_autofree char *lower = g_ascii_strdown (signature, -1);
    g_autofree char *query = NULL;
    g_autofree char *url = NULL;
    g_autoptr (Answer) answer = NULL;

    g_hash_table_insert (form, "sign", lower);
    query = soup_form_encode_hash (form);
    url = g_strconcat (f->base_url, LC_CONCURRENCE_PATH, "?", query, NULL);
    answer = fetch (f, url);
    assert_api_error (answer, 403, 403, "invalid signature.");
  }
}

static void
test_signature_covers_every_parameter (Fixture       *f,
                                       gconstpointer  user_data)
{
  g_autofree char *timestamp = NULL;

  set_demo_time (f);
  timestamp = timestamp_text (server_now_ms (f));

  /* An extra non-empty parameter is part of the signature... */
  {
    g_autofree char *url = build_url (f, LC_MOCK_DEMO_APP_SECRET, "appId", DEMO,
                                      "timestamp", timestamp, "startDate", "2025-03-01",
                                      "endDate", "2025-03-01", "channelIds", "2477096,2272655",
                                      NULL);
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);
  }

  /* ...so leaving it out of the signature fails... */
  {
    g_autofree char *url = build_url (f, LC_MOCK_DEMO_APP_SECRET, "appId", DEMO,
                                      "timestamp", timestamp, "startDate", "2025-03-01",
                                      "endDate", "2025-03-01", NULL);
    g_autofree char *with_extra = g_strconcat (url, "&channelIds=1", NULL);
    g_autoptr (Answer) answer = fetch (f, with_extra);

    assert_api_error (answer, 403, 403, "invalid signature.");
  }

  /* ...while an empty one is not signed. */
  {
    g_autofree char *url = build_url (f, LC_MOCK_DEMO_APP_SECRET, "appId", DEMO,
                                      "timestamp", timestamp, "startDate", "2025-03-01",
                                      "endDate", "2025-03-01", "channelIds", "", NULL);
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);
  }
}

/* The timestamp window */

static guint
status_for_timestamp_offset (Fixture *f,
                             gint64   offset_ms)
{
  g_autofree char *timestamp = timestamp_text (server_now_ms (f) + offset_ms);
  g_autofree char *url = build_url (f, LC_MOCK_DEMO_APP_SECRET, "appId", DEMO,
                                    "timestamp", timestamp, "startDate", "2025-01-01",
                                    "endDate", "2025-01-01", NULL);
  g_autoptr (Answer) answer = fetch (f, url);

  if (answer->status != SOUP_STATUS_OK)
    assert_api_error (answer, 400, 400, "invalid timestamp.");

  return answer->status;
}

static void
test_timestamp_window (Fixture       *f,
                       gconstpointer  user_data)
{
  const gint64 window = 3 * 60 * 1000;
  const gint64 margin = 2000; /* far more than a request on loopback takes */

  set_demo_time (f);
  g_assert_cmpuint (status_for_timestamp_offset (f, -window + margin), ==, 200);
  g_assert_cmpuint (status_for_timestamp_offset (f, -window - margin), ==, 400);
  g_assert_cmpuint (status_for_timestamp_offset (f, window - margin), ==, 200);
  g_assert_cmpuint (status_for_timestamp_offset (f, window + margin), ==, 400);

  /* A server whose clock runs ten minutes ahead of this machine refuses this machine's time,
   * and takes its own. */
  lc_mock_server_set_clock_skew (f->server, 10 * 60 * 1000);
  f->skew_ms = 10 * 60 * 1000;
  g_assert_cmpuint (status_for_timestamp_offset (f, -10 * 60 * 1000), ==, 400);
  g_assert_cmpuint (status_for_timestamp_offset (f, 0), ==, 200);
  lc_mock_server_set_clock_skew (f->server, -10 * 60 * 1000);
  f->skew_ms = -10 * 60 * 1000;
  g_assert_cmpuint (status_for_timestamp_offset (f, 10 * 60 * 1000), ==, 400);
  g_assert_cmpuint (status_for_timestamp_offset (f, 0), ==, 200);
}

/* The two-month rule */

typedef struct
{
  const char *start;
  const char *end;
  gboolean    accepted;
} RangeCase;

static const RangeCase range_cases[] = {
  { "2025-01-01", "2025-01-01", TRUE },
  { "2024-06-01", "2024-07-31", TRUE },  /* 60 days apart, before 1 August */
  { "2024-06-01", "2024-08-01", FALSE }, /* 61 days apart */
  { "2024-07-01", "2024-08-30", TRUE },  /* 61 days, 60 apart */
  { "2024-07-01", "2024-08-31", FALSE }, /* 62 days, 61 apart, though before 1 September */
  { "2025-01-31", "2025-03-30", TRUE },  /* 58 apart, before 31 March */
  { "2025-01-31", "2025-03-31", FALSE }, /* 59 apart, but two calendar months */
  { "2023-12-31", "2024-02-28", TRUE },  /* two months on is 29 February in a leap year */
  { "2023-12-31", "2024-02-29", FALSE },
  { "2024-12-31", "2025-02-27", TRUE },  /* and 28 February in another year */
  { "2024-12-31", "2025-02-28", FALSE },
  { "2024-01-01", "2024-02-29", TRUE },  /* 59 apart, through a leap day */
  { "2024-01-01", "2024-03-01", FALSE }, /* 60 apart, but two calendar months */
  { "2023-01-01", "2023-03-01", FALSE }, /* 59 apart, but two calendar months */
  { "2023-01-01", "2023-02-28", TRUE },
};

static void
test_two_month_rule (Fixture       *f,
                     gconstpointer  user_data)
{
  set_demo_time (f);
  lc_mock_server_set_data (f->server, LC_MOCK_DATA_DENSE);

  for (gsize i = 0; i < G_N_ELEMENTS (range_cases); i++)
    {
      const RangeCase *c = &range_cases[i];
      g_autofree char *url = demo_url (f, c->start, c->end);
      g_autoptr (Answer) answer = fetch (f, url);
      LcRange range;

      g_test_message ("%s to %s", c->start, c->end);
      g_assert_true (lc_day_parse (c->start, &range.start));
      g_assert_true (lc_day_parse (c->end, &range.end));

      if (c->accepted)
        {
          const char *text = answer_text (answer);
          g_autofree char *first_row = NULL;
          g_autofree char *last_row = NULL;

          /* Dense data: every minute from the first day's first to the last day's last. */
          first_row = g_strdup_printf ("\"data\":[{\"day\":\"%s\",\"minute\":\"00:00\",",
                                       c->start);
          last_row = g_strdup_printf ("{\"day\":\"%s\",\"minute\":\"23:59\",", c->end);
          g_assert_cmpuint (answer->status, ==, 200);
          g_assert_cmpuint (count_rows (text), ==,
                            lc_range_get_n_days (range) * LC_MINUTES_PER_DAY);
          g_assert_nonnull (strstr (text, first_row));
          g_assert_nonnull (g_strrstr (text, last_row));
        }
      else
        {
          assert_api_error (answer, 400, 400, LC_MOCK_MESSAGE_RANGE_TOO_LONG);
        }
    }
}

/* The data */

static void
test_generate_deterministic (void)
{
  LcDay first;
  guint n_days_different = 0;

  g_assert_true (lc_day_parse ("2025-03-01", &first));

  for (LcDay day = first; day < first + 30; day++)
    {
      for (int data = LC_MOCK_DATA_SPARSE; data <= LC_MOCK_DATA_DENSE; data++)
        {
          g_autoptr (LcSeries) once = lc_mock_server_generate_day (DEMO, day, data);
          g_autoptr (LcSeries) twice = lc_mock_server_generate_day (DEMO, day, data);
          g_autoptr (LcSeries) other = lc_mock_server_generate_day ("another-app", day, data);

          g_assert_true (lc_series_equal (once, twice));
          if (!lc_series_equal (once, other))
            n_days_different++;
        }
    }

  /* Two apps may both be quiet on a sparse day, but never on every day. */
  g_assert_cmpuint (n_days_different, >=, 40);
}

static void
test_answer_deterministic (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autofree char *first_url = NULL;
  g_autofree char *second_url = NULL;
  g_autoptr (Answer) first = NULL;
  g_autoptr (Answer) second = NULL;

  set_demo_time (f);
  first_url = demo_url (f, "2025-02-01", "2025-03-31");
  first = fetch (f, first_url);
  second_url = demo_url (f, "2025-02-01", "2025-03-31");
  second = fetch (f, second_url);

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_true (g_bytes_equal (first->body, second->body));
}

static void
test_sparse_data (void)
{
  enum { N_DAYS = 120 };
  LcSeries *days[N_DAYS];
  g_autoptr (LcSeries) all_days = NULL;
  g_autoptr (GArray) events = NULL;
  guint n_events_on[N_DAYS] = { 0, };
  guint n_quiet_days = 0;
  guint n_small_events = 0;
  guint n_big_events = 0;
  guint n_past_midnight = 0;
  LcDay first;

  g_assert_true (lc_day_parse ("2024-01-01", &first));

  for (guint i = 0; i < N_DAYS; i++)
    {
      const LcMinute *minutes;
      guint length;

      days[i] = lc_mock_server_generate_day (DEMO, first + (LcDay) i, LC_MOCK_DATA_SPARSE);
      minutes = lc_series_get_minutes (days[i]);
      length = lc_series_get_length (days[i]);

      /* Only the minutes of a few events have viewers, and they are all on this day. */
      g_assert_cmpuint (length, <, LC_MINUTES_PER_DAY / 2);
      if (length > 0)
        {
          g_assert_cmpint (lc_minute_get_day (minutes[0]), ==, first + (LcDay) i);
          g_assert_cmpint (lc_minute_get_day (minutes[length - 1]), ==, first + (LcDay) i);
        }
      for (guint j = 0; j < length; j++)
        g_assert_cmpuint (lc_series_get_viewers (days[i])[j], >, 0);
    }

  /* Events are looked for across days, since a late show can run on past midnight. */
  all_days = lc_series_merge ((LcSeries *const *) days, N_DAYS);
  events = lc_series_find_events (all_days, 15);
  for (guint i = 0; i < N_DAYS; i++)
    lc_series_unref (days[i]);

  for (guint i = 0; i < events->len; i++)
    {
      const LcEvent *event = &g_array_index (events, LcEvent, i);
      LcDay start_day = lc_minute_get_day (event->start);

      n_events_on[start_day - first]++;
      if (lc_minute_get_day (event->end) != start_day)
        n_past_midnight++;
      if (event->peak_viewers <= 40)
        n_small_events++;

      /* A big show ramps up and falls off: it neither starts nor ends near its peak. */
      if (event->peak_viewers >= 150 && i > 0 && i + 1 < events->len)
        {
          n_big_events++;
          g_assert_cmpuint (lc_series_get_viewers_at (all_days, event->start), <,
                            event->peak_viewers / 2);
          g_assert_cmpuint (lc_series_get_viewers_at (all_days, event->end), <,
                            event->peak_viewers / 2);
        }
    }

  for (guint i = 0; i < N_DAYS; i++)
    {
      g_assert_cmpuint (n_events_on[i], <=, 5);
      if (n_events_on[i] == 0)
        n_quiet_days++;
    }

  g_test_message ("%u quiet days, %u small and %u big events, %u past midnight, in %u days",
                  n_quiet_days, n_small_events, n_big_events, n_past_midnight, N_DAYS);
  g_assert_cmpuint (n_quiet_days, >=, 3);
  g_assert_cmpuint (n_quiet_days, <=, 40);
  g_assert_cmpuint (n_small_events, >=, 10);
  g_assert_cmpuint (n_big_events, >=, 60);
  g_assert_cmpuint (n_past_midnight, >=, 1);
}

static void
test_dense_data (void)
{
  const char *apps[] = { DEMO, "another-app", "直播" };
  LcDay first;

  g_assert_true (lc_day_parse ("2024-02-27", &first));

  for (gsize a = 0; a < G_N_ELEMENTS (apps); a++)
    for (LcDay day = first; day < first + 5; day++)
      {
        g_autoptr (LcSeries) series = lc_mock_server_generate_day (apps[a], day,
                                                                   LC_MOCK_DATA_DENSE);
        const LcMinute *minutes = lc_series_get_minutes (series);

        g_assert_cmpuint (lc_series_get_length (series), ==, LC_MINUTES_PER_DAY);
        for (guint i = 0; i < LC_MINUTES_PER_DAY; i++)
          {
            g_assert_cmpint (minutes[i], ==, (LcMinute) day * LC_MINUTES_PER_DAY + (LcMinute) i);
            g_assert_cmpuint (lc_series_get_viewers (series)[i], >, 0);
          }
      }
}

static void
test_nothing_after_now (Fixture       *f,
                        gconstpointer  user_data)
{
  LcMinute now_minute;

  set_server_time (f, platform_time ("2024-03-15", 12, 0, 30));
  now_minute = lc_minute_from_unix_ms (platform_time ("2024-03-15", 12, 0, 0));

  /* Dense: the day before whole, today up to this minute, tomorrow nothing. */
  lc_mock_server_set_data (f->server, LC_MOCK_DATA_DENSE);
  {
    g_autofree char *url = demo_url (f, "2024-03-14", "2024-03-16");
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);
    guint length = lc_series_get_length (series);

    g_assert_cmpuint (length, ==, LC_MINUTES_PER_DAY + 12 * 60 + 1);
    g_assert_cmpint (lc_series_get_minutes (series)[length - 1], ==, now_minute);
  }

  /* Sparse: whatever there is ends by now, and the full day has more. */
  lc_mock_server_set_data (f->server, LC_MOCK_DATA_SPARSE);
  {
    g_autofree char *url = demo_url (f, "2024-03-15", "2024-03-15");
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);
    g_autoptr (LcSeries) whole_day = NULL;
    guint length = lc_series_get_length (series);

    whole_day = lc_mock_server_generate_day (DEMO, lc_minute_get_day (now_minute),
                                             LC_MOCK_DATA_SPARSE);
    if (length > 0)
      g_assert_cmpint (lc_series_get_minutes (series)[length - 1], <=, now_minute);
    g_assert_cmpuint (length, ==, lc_series_lower_bound (whole_day, now_minute + 1));
  }
}

/* Faults */

static void
test_fault_rate_limit (Fixture       *f,
                       gconstpointer  user_data)
{
  set_demo_time (f);
  lc_mock_server_set_retry_after (f->server, 7);
  lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_RATE_LIMIT, 2);

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
      g_autoptr (Answer) answer = fetch (f, url);

      g_assert_cmpuint (answer->status, ==, 429);
      g_assert_cmpstr (soup_message_get_reason_phrase (answer->message), ==, "Too Many Requests");
      g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Retry-After"), ==, "7");
      g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==,
                       "text/plain");
      g_assert_false (g_str_has_prefix (answer_text (answer), "{"));
    }

  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);
  }

  g_assert_cmpuint (lc_mock_server_get_n_requests (f->server), ==, 3);
}

static void
test_fault_server_error (Fixture       *f,
                         gconstpointer  user_data)
{
  set_demo_time (f);

  for (int always_200 = 0; always_200 <= 1; always_200++)
    {
      g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
      g_autoptr (Answer) answer = NULL;

      lc_mock_server_set_status_always_200 (f->server, always_200);
      lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_SERVER_ERROR, 1);
      answer = fetch (f, url);
      assert_api_error (answer, always_200 ? 200 : 500, 500, "server error");
    }
}

static void
test_fault_unavailable (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *url = NULL;
  g_autoptr (Answer) answer = NULL;

  set_demo_time (f);
  lc_mock_server_set_status_always_200 (f->server, TRUE);
  lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_UNAVAILABLE, 1);
  url = demo_url (f, "2025-01-01", "2025-01-02");
  answer = fetch (f, url);

  /* It comes from in front of the API, so the API's always-200 habit does not apply. */
  g_assert_cmpuint (answer->status, ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Retry-After"), ==, "1");
}

static void
test_fault_html_page (Fixture       *f,
                      gconstpointer  user_data)
{
  set_demo_time (f);

  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = NULL;

    lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_HTML_PAGE, 1);
    answer = fetch (f, url);
    g_assert_cmpuint (answer->status, ==, 502);
    g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==,
                     "text/html");
    g_assert_true (g_str_has_prefix (answer_text (answer), "<html>"));
    g_assert_cmpuint (g_bytes_get_size (answer->body), <, 1024);
  }

  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = NULL;

    lc_mock_server_set_html_page_size (f->server, 4 * 1024 * 1024);
    lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_HTML_PAGE, 1);
    answer = fetch (f, url);
    g_assert_cmpuint (answer->status, ==, 502);
    g_assert_cmpuint (g_bytes_get_size (answer->body), >=, 4 * 1024 * 1024);
    g_assert_true (g_str_has_suffix (answer_text (answer), "</html>\r\n"));
  }
}

static void
test_fault_slow (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *slow_url = NULL;
  g_autofree char *quick_url = NULL;
  g_autoptr (Answer) slow = NULL;
  g_autoptr (Answer) quick = NULL;
  g_autoptr (LcSeries) slow_series = NULL;
  g_autoptr (LcSeries) quick_series = NULL;

  set_demo_time (f);
  lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_SLOW, 1);
  slow_url = demo_url (f, "2025-01-01", "2025-01-02");
  slow = send (f, slow_url);
  wait_for_in_flight (f->server, 1);

  /* While the slow answer is held back, the server goes on answering others. */
  quick_url = demo_url (f, "2025-01-01", "2025-01-02");
  quick = fetch (f, quick_url);
  quick_series = parse_success (quick);
  g_assert_false (slow->done);

  wait_for (answer_is_done, slow);
  slow_series = parse_success (slow);
  g_assert_true (lc_series_equal (slow_series, quick_series));
  g_assert_cmpint (slow->finished_us - slow->started_us, >=, 2000 * 1000);
  g_assert_cmpint (quick->finished_us, <, slow->finished_us);
  g_assert_cmpuint (lc_mock_server_get_max_in_flight (f->server), ==, 2);
}

static void
test_delay_every_request (Fixture       *f,
                          gconstpointer  user_data)
{
  set_demo_time (f);
  lc_mock_server_set_delay (f->server, 150);
  lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_SERVER_ERROR, 1);

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
      g_autoptr (Answer) answer = fetch (f, url);

      g_assert_cmpuint (answer->status, ==, i == 0 ? 500 : 200);
      g_assert_cmpint (answer->finished_us - answer->started_us, >=, 150 * 1000);
    }
}

static void
test_fault_never_answer (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autofree char *url = NULL;
  g_autoptr (Answer) abandoned = NULL;
  g_autoptr (Answer) cut_off = NULL;

  set_demo_time (f);
  lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_NEVER_ANSWER, 2);

  /* A client that gives up on the request frees the server from it. */
  url = demo_url (f, "2025-01-01", "2025-01-02");
  abandoned = send (f, url);
  wait_for_in_flight (f->server, 1);
  g_assert_false (abandoned->done);
  g_cancellable_cancel (abandoned->cancellable);
  wait_for (answer_is_done, abandoned);
  g_assert_error (abandoned->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_for_in_flight (f->server, 0);

  /* Stopping the server drops a request it holds. */
  cut_off = send (f, url);
  wait_for_in_flight (f->server, 1);
  lc_mock_server_stop (f->server);
  wait_for (answer_is_done, cut_off);
  g_assert_nonnull (cut_off->error);
  g_assert_cmpuint (lc_mock_server_get_n_in_flight (f->server), ==, 0);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->server), ==, 2);
}

static void
test_never_answer_at_finalize (void)
{
  g_autoptr (GError) error = NULL;
  Fixture fixture = { NULL, };
  Fixture *f = &fixture;
  g_autofree char *url = NULL;
  g_autoptr (Answer) answer = NULL;

  f->server = lc_mock_server_new ();
  g_assert_true (lc_mock_server_start (f->server, 0, &error));
  g_assert_no_error (error);
  f->base_url = lc_mock_server_get_base_url (f->server);
  f->session = soup_session_new ();

  lc_mock_server_queue_fault (f->server, LC_MOCK_FAULT_NEVER_ANSWER, 1);
  url = demo_url (f, "2025-01-01", "2025-01-02");
  answer = send (f, url);
  wait_for_in_flight (f->server, 1);

  /* The last reference goes while the request is held: it must be dropped, not leaked. */
  g_assert_finalize_object (f->server);
  wait_for (answer_is_done, answer);
  g_assert_nonnull (answer->error);

  g_clear_object (&f->session);
  g_free (f->base_url);
}

static void
test_max_in_flight (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr (Answer) first = NULL;
  g_autoptr (Answer) second = NULL;

  set_demo_time (f);

  /* One request after the other is never more than one at once. */
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
      g_autoptr (Answer) answer = fetch (f, url);

      g_assert_cmpuint (answer->status, ==, 200);
    }
  g_assert_cmpuint (lc_mock_server_get_max_in_flight (f->server), ==, 1);

  /* Two slow ones side by side are both in flight until answered. */
  lc_mock_server_set_delay (f->server, 300);
  {
    g_autofree char *first_url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autofree char *second_url = demo_url (f, "2025-01-03", "2025-01-04");

    first = send (f, first_url);
    second = send (f, second_url);
  }
  wait_for_in_flight (f->server, 2);
  wait_for (answer_is_done, first);
  wait_for (answer_is_done, second);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);

  g_assert_cmpuint (lc_mock_server_get_max_in_flight (f->server), ==, 2);
  wait_for_in_flight (f->server, 0);
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->server), ==, 5);
}

/* Headers, paths and quirks */

static void
assert_date_header (Answer *answer,
                    gint64  expected_unix_ms)
{
  const char *date = soup_message_headers_get_one (answer->headers, "Date");
  g_autoptr (GDateTime) parsed = NULL;

  g_assert_nonnull (date);
  parsed = soup_date_time_new_from_http_string (date);
  g_assert_nonnull (parsed);
  g_assert_cmpint (ABS (g_date_time_to_unix (parsed) - expected_unix_ms / 1000), <=, 5);
}

static void
test_date_header (Fixture       *f,
                  gconstpointer  user_data)
{
  gint64 server_time = platform_time ("2024-03-15", 12, 0, 30);

  set_server_time (f, server_time);

  /* The server's own clock, skew included, on success and on errors alike. */
  {
    g_autofree char *url = demo_url (f, "2024-03-14", "2024-03-14");
    g_autoptr (Answer) answer = fetch (f, url);

    g_assert_cmpuint (answer->status, ==, 200);
    assert_date_header (answer, server_time);
    g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==,
                     "application/json");
  }
  {
    g_autofree char *url = build_url (f, NULL, "appId", "", NULL);
    g_autoptr (Answer) answer = fetch (f, url);

    assert_api_error (answer, 400, 400, "appId is required.");
    assert_date_header (answer, server_time);
  }

  lc_mock_server_set_quirks (f->server, LC_MOCK_QUIRK_GARBAGE_DATE);
  {
    g_autofree char *url = demo_url (f, "2024-03-14", "2024-03-14");
    g_autoptr (Answer) answer = fetch (f, url);
    const char *date = soup_message_headers_get_one (answer->headers, "Date");

    g_assert_cmpuint (answer->status, ==, 200);
    g_assert_nonnull (date);
    g_assert_null (soup_date_time_new_from_http_string (date));
  }
}

static void
test_other_paths_and_methods (Fixture       *f,
                              gconstpointer  user_data)
{
  set_demo_time (f);

  {
    g_autofree char *url = g_strconcat (f->base_url, "/live/v3/channel/statistics/concurrence",
                                        NULL);
    g_autoptr (Answer) answer = fetch (f, url);

    g_assert_cmpuint (answer->status, ==, 404);
  }
  {
    g_autofree char *url = g_strconcat (f->base_url, LC_CONCURRENCE_PATH, "/more", NULL);
    g_autoptr (Answer) answer = fetch (f, url);

    g_assert_cmpuint (answer->status, ==, 404);
  }
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->server), ==, 0);

  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = send_with_method (f, SOUP_METHOD_POST, url);

    wait_for (answer_is_done, answer);
    g_assert_cmpuint (answer->status, ==, 405);
    g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Allow"), ==, "GET");
  }
  g_assert_cmpuint (lc_mock_server_get_n_requests (f->server), ==, 1);
}

static void
test_quirks (Fixture       *f,
             gconstpointer  user_data)
{
  set_demo_time (f);
  lc_mock_server_set_data (f->server, LC_MOCK_DATA_DENSE);

  lc_mock_server_set_quirks (f->server, LC_MOCK_QUIRK_TRUNCATED_BODY);
  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = fetch (f, url);

    goffset promised;

    /* libsoup 3.2 ends such a body without an error at the early end of the connection, so
     * the only sign of the cut is a body shorter than its Content-Length. */
    promised = soup_message_headers_get_content_length (answer->headers);
    g_assert_no_error (answer->error);
    g_assert_cmpint (promised, >, 0);
    g_assert_cmpint ((goffset) g_bytes_get_size (answer->body), <, promised);
    g_assert_cmpuint (answer->status, ==, 200);
  }
  wait_for_in_flight (f->server, 0);

  /* The same, held back first: the connection is taken over from a paused message. */
  lc_mock_server_set_delay (f->server, 50);
  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = fetch (f, url);

    g_assert_no_error (answer->error);
    g_assert_cmpuint (answer->status, ==, 200);
    g_assert_cmpint ((goffset) g_bytes_get_size (answer->body), <,
                     soup_message_headers_get_content_length (answer->headers));
  }
  wait_for_in_flight (f->server, 0);
  lc_mock_server_set_delay (f->server, 0);

  lc_mock_server_set_quirks (f->server, LC_MOCK_QUIRK_VIEWERS_AS_STRINGS
                                          | LC_MOCK_QUIRK_ROWS_OUTSIDE_RANGE);
  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-02");
    g_autoptr (Answer) answer = fetch (f, url);
    const char *text = answer_text (answer);

    g_assert_true (g_str_has_prefix (text, "{\"code\":200,\"status\":\"success\",\"message\":\"\","
                                           "\"data\":[{\"day\":\"2024-12-31\",\"minute\":\"12:00\","
                                           "\"viewers\":\"5\"}"));
    g_assert_true (g_str_has_suffix (text, "{\"day\":\"2025-01-03\",\"minute\":\"12:00\","
                                           "\"viewers\":\"5\"}]}"));
  }

  lc_mock_server_set_quirks (f->server, LC_MOCK_QUIRK_DUPLICATE_ROWS | LC_MOCK_QUIRK_BAD_VIEWERS);
  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-01");
    g_autoptr (Answer) answer = fetch (f, url);
    const char *text = answer_text (answer);

    g_assert_true (g_str_has_prefix (text, "{\"code\":200,\"status\":\"success\",\"message\":\"\","
                                           "\"data\":[{\"day\":\"2025-01-01\","
                                           "\"minute\":\"00:00\","));
    g_assert_nonnull (strstr (text, "\"minute\":\"00:01\",\"viewers\":-3}"));
    g_assert_nonnull (strstr (text, "\"minute\":\"00:02\",\"viewers\":10000000000000}"));
    g_assert_nonnull (strstr (text, "\"minute\":\"00:25\",\"viewers\":"));
    g_assert_cmpuint (g_strstr_len (text, -1, "\"minute\":\"00:25\"") - text, <,
                      strstr (text, "\"minute\":\"00:26\"") - text);
  }

  lc_mock_server_set_quirks (f->server, LC_MOCK_QUIRK_NONE);
  {
    g_autofree char *url = demo_url (f, "2025-01-01", "2025-01-01");
    g_autoptr (Answer) answer = fetch (f, url);
    g_autoptr (LcSeries) series = parse_success (answer);

    g_assert_cmpuint (lc_series_get_length (series), ==, LC_MINUTES_PER_DAY);
  }
}

/* The largest chunk a client can ask for, dense: 61 days of 1440 minutes. */
static void
test_dense_full_chunk (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autofree char *url = NULL;
  g_autoptr (Answer) answer = NULL;
  const char *text;
  gint64 generated_us;
  LcDay first;

  set_demo_time (f);
  lc_mock_server_set_data (f->server, LC_MOCK_DATA_DENSE);

  generated_us = g_get_monotonic_time ();
  g_assert_true (lc_day_parse ("2024-07-01", &first));
  for (LcDay day = first; day < first + 61; day++)
    lc_series_unref (lc_mock_server_generate_day (DEMO, day, LC_MOCK_DATA_DENSE));
  generated_us = g_get_monotonic_time () - generated_us;

  url = demo_url (f, "2024-07-01", "2024-08-30");
  answer = fetch (f, url);
  g_assert_cmpuint (answer->status, ==, 200);
  text = answer_text (answer);
  g_assert_cmpuint (count_rows (text), ==, 61 * LC_MINUTES_PER_DAY);
  g_test_message ("61 dense days: generated in %.1f ms; %" G_GSIZE_FORMAT
                  " bytes answered over loopback in %.1f ms",
                  generated_us / 1000.0, g_bytes_get_size (answer->body),
                  (answer->finished_us - answer->started_us) / 1000.0);
}

static void
test_restart (void)
{
  g_autoptr (LcMockServer) server = lc_mock_server_new ();
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *base_url = NULL;

      g_assert_true (lc_mock_server_start (server, 0, &error));
      g_assert_no_error (error);
      base_url = lc_mock_server_get_base_url (server);
      g_assert_true (g_str_has_prefix (base_url, "http://127.0.0.1:"));
      lc_mock_server_stop (server);
      g_assert_null (lc_mock_server_get_base_url (server));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/mock-server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("errors/documented", test_documented_errors);
  ADD ("errors/message-escaped", test_error_message_escaped);
  ADD ("signature/awkward-app-id", test_signature_awkward_app_id);
  ADD ("signature/every-parameter", test_signature_covers_every_parameter);
  ADD ("timestamp/window", test_timestamp_window);
  ADD ("range/two-months", test_two_month_rule);
  g_test_add_func ("/mock-server/data/deterministic", test_generate_deterministic);
  ADD ("data/answer-deterministic", test_answer_deterministic);
  g_test_add_func ("/mock-server/data/sparse", test_sparse_data);
  g_test_add_func ("/mock-server/data/dense", test_dense_data);
  ADD ("data/nothing-after-now", test_nothing_after_now);
  ADD ("data/dense-full-chunk", test_dense_full_chunk);
  ADD ("fault/rate-limit", test_fault_rate_limit);
  ADD ("fault/server-error", test_fault_server_error);
  ADD ("fault/unavailable", test_fault_unavailable);
  ADD ("fault/html-page", test_fault_html_page);
  ADD ("fault/slow", test_fault_slow);
  ADD ("fault/delay", test_delay_every_request);
  ADD ("fault/never-answer", test_fault_never_answer);
  g_test_add_func ("/mock-server/fault/never-answer-at-finalize", test_never_answer_at_finalize);
  ADD ("in-flight/max", test_max_in_flight);
  ADD ("headers/date", test_date_header);
  ADD ("paths-and-methods", test_other_paths_and_methods);
  ADD ("quirks", test_quirks);
  g_test_add_func ("/mock-server/restart", test_restart);

#undef ADD

  return g_test_run ();
}
