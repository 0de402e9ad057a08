/* lc-mock-server.c: a strict stand-in for POLYV's concurrence endpoint, served on loopback
 *
 * Every request to the endpoint passes the same checks as on the real service, in the same
 * order: appId, application, timestamp, signature, dates. A request that passes gets the
 * viewers of the range, minute by minute, from a generator that is deterministic per app and
 * day, cut off at the server's "now" so that the future never has viewers.
 *
 * The answers of the real service's API are JSON with the error's code as HTTP status, or with
 * HTTP 200 throughout when the switch for that is on, because the real service's choice is not
 * documented. Faults that come from the network in front of the service (rate limit, proxy
 * pages, unavailability) keep their HTTP status whatever the switch says, as a proxy would.
 *
 * Slow answers never block the main loop: the message is paused and a timeout source resumes
 * it. A request counts as in flight from the moment its handler runs until its answer is
 * written or its connection goes away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-mock-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "lc-client.h"
#include "lc-mock-server.h"
#include "lc-signature.h"

/* How far, in milliseconds, a request's timestamp may be from the server's clock. */
#define TIMESTAMP_WINDOW_MS (3 * 60 * 1000)

/* What a SLOW fault waits when no delay was configured. */
#define DEFAULT_SLOW_DELAY_MS 2000

#define DEFAULT_RETRY_AFTER_SECONDS 1
#define DEFAULT_HTML_PAGE_SIZE      0

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

/* The longest row the success answer can hold, with room to spare:
 * {"day":"2019-04-10","minute":"10:30","viewers":"-12345678901234567890"}, */
#define MAX_ROW_LENGTH 96

typedef struct
{
  LcMockFault fault;
  guint       n_remaining;
} LcQueuedFault;

/* One request to the endpoint between its arrival and its answer. */
typedef struct
{
  LcMockServer      *server; /* not owned: the server outlives every request it tracks */
  SoupServerMessage *message;
  GSource           *resume_source;
  GSource           *hangup_source;
  gulong             finished_handler;
  gulong             disconnected_handler;
  GBytes            *cut_body; /* when set, the answer is written by hand and cut short */
  gsize              promised_length;
} LcMockRequest;

struct _LcMockServer
{
  GObject       parent_instance;

  /* What the server serves and how. */
  GHashTable   *apps; /* app id → app secret */
  LcMockData    data;
  guint         delay_ms;
  guint         retry_after_seconds;
  gint64        clock_skew_ms;
  gboolean      status_always_200;
  LcMockQuirks  quirks;
  gsize         html_page_size;
  GQueue        faults; /* of LcQueuedFault, the head applies to the next request */

  /* While listening. */
  SoupServer   *soup_server;
  GMainContext *context;
  guint         port;
  GList        *requests; /* of LcMockRequest, every request in flight */

  /* What tests ask about. */
  guint         n_requests;
  guint         n_in_flight;
  guint         max_in_flight;
};

G_DEFINE_FINAL_TYPE (LcMockServer, lc_mock_server, G_TYPE_OBJECT)

static gint64
get_server_now_ms (LcMockServer *self)
{
  return g_get_real_time () / 1000 + self->clock_skew_ms;
}

/* Requests and their lifetime */

static void
request_forget (LcMockRequest *request)
{
  LcMockServer *self = request->server;

  self->requests = g_list_remove (self->requests, request);
  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;

  if (request->resume_source != NULL)
    {
      g_source_destroy (request->resume_source);
      g_clear_pointer (&request->resume_source, g_source_unref);
    }
  if (request->hangup_source != NULL)
    {
      g_source_destroy (request->hangup_source);
      g_clear_pointer (&request->hangup_source, g_source_unref);
    }
  g_clear_signal_handler (&request->finished_handler, request->message);
  g_clear_signal_handler (&request->disconnected_handler, request->message);
  g_clear_pointer (&request->cut_body, g_bytes_unref);
  g_clear_object (&request->message);
  g_free (request);
}

static void
request_finished_cb (SoupServerMessage *message,
                     gpointer           user_data)
{
  LcMockRequest *request = user_data;

  request_forget (request);
}

static LcMockRequest *
request_track (LcMockServer      *self,
               SoupServerMessage *message)
{
  LcMockRequest *request = g_new0 (LcMockRequest, 1);

  request->server = self;
  request->message = g_object_ref (message);

  /* "finished" comes once the answer is written, "disconnected" when the connection ends
   * before that. A held-back answer needs a watch of its own, see request_hangup_cb(). */
  request->finished_handler = g_signal_connect (message, "finished",
                                                G_CALLBACK (request_finished_cb), request);
  request->disconnected_handler = g_signal_connect (message, "disconnected",
                                                    G_CALLBACK (request_finished_cb), request);

  self->requests = g_list_prepend (self->requests, request);
  self->n_in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->n_in_flight);

  return request;
}

static void
cut_body_written_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GIOStream) stream = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source_object), result, NULL, &error))
    g_debug ("Could not write a cut-short answer: %s", error->message);

  /* Closing the connection right after the short body is what makes it a truncated answer
   * rather than one that is merely slow. */
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* Takes the connection away from libsoup and writes a response whose Content-Length promises
 * more than the body that follows, then closes the connection. */
static void
request_answer_cut_short (LcMockRequest *request)
{
  LcMockServer *self = request->server;
  SoupServerMessage *message = g_object_ref (request->message);
  g_autoptr (GBytes) body = g_bytes_ref (request->cut_body);
  gsize promised_length = request->promised_length;
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (GString) response = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *date = NULL;
  gsize half;

  /* The message leaves libsoup's hands with the connection, so it is no longer tracked. */
  request_forget (request);
  stream = soup_server_message_steal_connection (message);
  g_object_unref (message);
  if (stream == NULL)
    return;

  now = g_date_time_new_from_unix_utc (get_server_now_ms (self) / 1000);
  date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  half = g_bytes_get_size (body) / 2;
  response = g_string_new (NULL);
  g_string_append_printf (response,
                          "HTTP/1.1 200 OK\r\n"
                          "Content-Type: " JSON_CONTENT_TYPE "\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Date: %s\r\n"
                          "Connection: close\r\n"
                          "\r\n",
                          promised_length, date);
  g_string_append_len (response, g_bytes_get_data (body, NULL), half);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   response->str, response->len, G_PRIORITY_DEFAULT, NULL,
                                   cut_body_written_cb, g_object_ref (stream));

  /* The write reads from the buffer until it completes, so the buffer goes with the stream. */
  g_object_set_data_full (G_OBJECT (stream), "lc-mock-response",
                          g_string_free (g_steal_pointer (&response), FALSE), g_free);
}

static gboolean
request_resume_cb (gpointer user_data)
{
  LcMockRequest *request = user_data;

  g_clear_pointer (&request->resume_source, g_source_unref);

  if (request->cut_body != NULL)
    {
      request_answer_cut_short (request);
      return G_SOURCE_REMOVE;
    }

  /* From here on libsoup reads and writes the connection again, and notices a hang-up. */
  if (request->hangup_source != NULL)
    {
      g_source_destroy (request->hangup_source);
      g_clear_pointer (&request->hangup_source, g_source_unref);
    }
  soup_server_message_unpause (request->message);

  return G_SOURCE_REMOVE;
}

/* libsoup does not read from the connection of a paused message, so it would not notice a
 * client that gives up on a held-back answer. This watches the socket instead: a client that
 * closed its end makes it readable with nothing to read. */
static gboolean
request_hangup_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  LcMockRequest *request = user_data;
  SoupServerMessage *message;
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  g_autoptr (GError) error = NULL;
  gssize n_read;

  n_read = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);
  if (n_read < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;

  /* More bytes from the client: a pipelined request, not a hang-up. There is no telling when
   * it hangs up after that, so stop watching rather than wake up for those bytes forever. */
  if (n_read > 0)
    {
      g_clear_pointer (&request->hangup_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  g_debug ("A client went away while its answer was held back");

  /* Resuming makes libsoup write into the closed connection, fail, and free what it holds. */
  message = g_object_ref (request->message);
  request_forget (request);
  if (soup_server_message_get_status (message) == 0)
    soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  soup_server_message_unpause (message);
  g_object_unref (message);

  return G_SOURCE_REMOVE;
}

static void
request_hold (LcMockRequest *request,
              guint          delay_ms)
{
  LcMockServer *self = request->server;
  GSocket *socket = soup_server_message_get_socket (request->message);

  soup_server_message_pause (request->message);

  if (socket != NULL)
    {
      request->hangup_source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                                       NULL);
      g_source_set_callback (request->hangup_source, G_SOURCE_FUNC (request_hangup_cb), request,
                             NULL);
      g_source_set_name (request->hangup_source, "[lc-mock-server] client hang-up");
      g_source_attach (request->hangup_source, self->context);
    }

  if (delay_ms == G_MAXUINT)
    return;

  request->resume_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (request->resume_source, request_resume_cb, request, NULL);
  g_source_set_name (request->resume_source, "[lc-mock-server] delayed answer");
  g_source_attach (request->resume_source, self->context);
}

/* Writing answers */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
set_date_header (LcMockServer      *self,
                 SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *date = NULL;

  /* libsoup stamps its own clock on every answer; the server's clock is the one that counts,
   * skew included, because clients measure their clock offset from it. */
  if (self->quirks & LC_MOCK_QUIRK_GARBAGE_DATE)
    {
      soup_message_headers_replace (headers, "Date", "the day after yesterday, noonish");
      return;
    }

  now = g_date_time_new_from_unix_utc (get_server_now_ms (self) / 1000);
  date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  soup_message_headers_replace (headers, "Date", date);
}

static void
answer_api_error (LcMockServer      *self,
                  SoupServerMessage *message,
                  guint              code,
                  const char        *text)
{
  g_autoptr (GString) body = g_string_new (NULL);
  gsize length;

  g_string_append_printf (body, "{\"code\": %u, \"status\": \"error\", \"message\": ", code);
  append_json_string (body, text);
  g_string_append (body, ", \"data\": \"\"}");

  g_debug ("Answering %u: %s", code, text);

  length = body->len;
  soup_server_message_set_status (message, self->status_always_200 ? SOUP_STATUS_OK : code, NULL);
  soup_server_message_set_response (message, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&body), FALSE), length);
}

static void
answer_text (SoupServerMessage *message,
             guint              status,
             const char        *reason_phrase,
             const char        *content_type,
             const char        *text)
{
  soup_server_message_set_status (message, status, reason_phrase);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
answer_html_page (LcMockServer      *self,
                  SoupServerMessage *message)
{
  g_autoptr (GString) page = g_string_new (NULL);
  gsize length;

  g_string_append (page,
                   "<html>\r\n"
                   "<head><title>502 Bad Gateway</title></head>\r\n"
                   "<body>\r\n"
                   "<center><h1>502 Bad Gateway</h1></center>\r\n");

  /* A page as big as asked for shows whether a client reads an error page without limit. */
  while (page->len + 64 < self->html_page_size)
    g_string_append (page, "<!-- a padding comment of a proxy that likes to talk -->\r\n");
  g_string_append (page, "<hr><center>proxy</center>\r\n</body>\r\n</html>\r\n");

  length = page->len;
  soup_server_message_set_status (message, SOUP_STATUS_BAD_GATEWAY, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&page), FALSE), length);
}

static void
set_retry_after (LcMockServer      *self,
                 SoupServerMessage *message)
{
  char seconds[16];

  g_snprintf (seconds, sizeof seconds, "%u", self->retry_after_seconds);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Retry-After", seconds);
}

static void
answer_fault (LcMockServer      *self,
              SoupServerMessage *message,
              LcMockFault        fault)
{
  switch (fault)
    {
    case LC_MOCK_FAULT_RATE_LIMIT:
      /* The vendor documents no body for this; a plain-text page is what a rate-limiting
       * proxy in front of an API typically sends. libsoup 3.2 has no name for status 429. */
      set_retry_after (self, message);
      answer_text (message, 429, "Too Many Requests", "text/plain; charset=utf-8",
                   "Too many requests. Slow down and try again later.\n");
      break;

    case LC_MOCK_FAULT_SERVER_ERROR:
      answer_api_error (self, message, 500, "server error");
      break;

    case LC_MOCK_FAULT_UNAVAILABLE:
      set_retry_after (self, message);
      answer_text (message, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, "text/html",
                   "<html><head><title>503 Service Temporarily Unavailable</title></head>"
                   "<body><h1>503 Service Temporarily Unavailable</h1></body></html>\r\n");
      break;

    case LC_MOCK_FAULT_HTML_PAGE:
      answer_html_page (self, message);
      break;

    case LC_MOCK_FAULT_NONE:
    case LC_MOCK_FAULT_SLOW:
    case LC_MOCK_FAULT_NEVER_ANSWER:
    default:
      g_assert_not_reached ();
    }
}

static inline char *
write_integer (char   *out,
               gint64  value)
{
  char digits[20];
  guint64 magnitude;
  int n = 0;

  if (value < 0)
    {
      *out++ = '-';
      magnitude = (guint64) (-(value + 1)) + 1;
    }
  else
    {
      magnitude = (guint64) value;
    }

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);

  while (n > 0)
    *out++ = digits[--n];

  return out;
}

/* Appends one {"day":…,"minute":…,"viewers":…} row, with a comma before it unless it is the
 * first. This runs for every row of the answer, up to 87,840 per request, so it fills a buffer
 * by hand rather than going through printf. */
static void
append_row (GString    *out,
            const char *day_text,
            int         minute_of_day,
            gint64      viewers,
            gboolean    viewers_as_string)
{
  char row[MAX_ROW_LENGTH];
  char *p = row;
  int hour = minute_of_day / 60;
  int minute = minute_of_day % 60;

  if (out->str[out->len - 1] != '[')
    *p++ = ',';

  memcpy (p, "{\"day\":\"", 8);
  p += 8;
  memcpy (p, day_text, 10);
  p += 10;
  memcpy (p, "\",\"minute\":\"", 12);
  p += 12;
  *p++ = (char) ('0' + hour / 10);
  *p++ = (char) ('0' + hour % 10);
  *p++ = ':';
  *p++ = (char) ('0' + minute / 10);
  *p++ = (char) ('0' + minute % 10);
  memcpy (p, "\",\"viewers\":", 12);
  p += 12;
  if (viewers_as_string)
    *p++ = '"';
  p = write_integer (p, viewers);
  if (viewers_as_string)
    *p++ = '"';
  *p++ = '}';

  g_string_append_len (out, row, p - row);
}

/* Builds the success answer for @range, leaving out every minute after @now_minute. */
static char *
build_success_body (LcMockServer *self,
                    const char   *app_id,
                    LcRange       range,
                    LcMinute      now_minute,
                    gsize        *out_length)
{
  LcDay today = lc_minute_get_day (now_minute);
  gboolean as_strings = (self->quirks & LC_MOCK_QUIRK_VIEWERS_AS_STRINGS) != 0;
  gboolean duplicates = (self->quirks & LC_MOCK_QUIRK_DUPLICATE_ROWS) != 0;
  gboolean bad_viewers = (self->quirks & LC_MOCK_QUIRK_BAD_VIEWERS) != 0;
  gboolean outside = (self->quirks & LC_MOCK_QUIRK_ROWS_OUTSIDE_RANGE) != 0;
  guint n_days = (guint) (range.end - range.start + 1);
  gsize reserved;
  GString *body;
  char day_text[11];
  guint row_index = 0;

  /* Sized for a sparse answer; a dense one grows the buffer a handful of times at most. */
  reserved = (gsize) n_days * (self->data == LC_MOCK_DATA_DENSE ? 1440 : 400) * 52 + 64;
  body = g_string_sized_new (reserved);
  g_string_append (body, "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[");

  if (outside)
    {
      lc_day_format_into (range.start - 1, day_text);
      append_row (body, day_text, 12 * 60, 5, as_strings);
    }

  for (LcDay day = range.start; day <= range.end && day <= today; day++)
    {
      g_autoptr (LcSeries) series = lc_mock_server_generate_day (app_id, day, self->data);
      const LcMinute *minutes = lc_series_get_minutes (series);
      const guint32 *viewers = lc_series_get_viewers (series);
      guint length = lc_series_get_length (series);

      lc_day_format_into (day, day_text);

      for (guint i = 0; i < length && minutes[i] <= now_minute; i++, row_index++)
        {
          int minute_of_day = lc_minute_get_minute_of_day (minutes[i]);
          gint64 count = viewers[i];

          if (bad_viewers && row_index % 100 == 1)
            count = -3;
          else if (bad_viewers && row_index % 100 == 2)
            count = G_GINT64_CONSTANT (10000000000000);

          append_row (body, day_text, minute_of_day, count, as_strings);

          if (duplicates && row_index % 50 == 0)
            append_row (body, day_text, minute_of_day, count + 7, as_strings);
          else if (duplicates && row_index % 50 == 25)
            append_row (body, day_text, minute_of_day, count, as_strings);
        }
    }

  if (outside)
    {
      lc_day_format_into (range.end + 1, day_text);
      append_row (body, day_text, 12 * 60, 5, as_strings);
    }

  g_string_append (body, "]}");

  *out_length = body->len;
  return g_string_free (body, FALSE);
}

/* Checking a request */

static gboolean
parse_timestamp (const char *text,
                 gint64     *out_ms)
{
  if (text == NULL || strlen (text) != 13)
    return FALSE;
  for (int i = 0; i < 13; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  *out_ms = g_ascii_strtoll (text, NULL, 10);
  return TRUE;
}

static gboolean
signature_matches (GHashTable *query,
                   const char *secret)
{
  const char *received = g_hash_table_lookup (query, "sign");
  g_autoptr (GArray) params = g_array_new (FALSE, FALSE, sizeof (LcParam));
  g_autofree char *expected = NULL;
  GHashTableIter iter;
  gpointer name, value;

  if (received == NULL || *received == '\0')
    return FALSE;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      LcParam param = { name, value };

      if (strcmp (name, "sign") == 0 || value == NULL || *(const char *) value == '\0')
        continue;
      g_array_append_val (params, param);
    }

  expected = lc_signature_compute (secret, (const LcParam *) params->data, params->len);

  return lc_signature_equal (expected, received);
}

static gboolean
range_fits_two_months (LcRange range)
{
  /* Both readings of "two months" must hold, as on the safest reading of the real service. */
  if (range.end - range.start > LC_CHUNK_MAX_DAY_DIFFERENCE)
    return FALSE;

  return range.end < lc_day_add_months (range.start, 2);
}

/* Answers @message as the real endpoint would, without any fault. */
static void
answer_request (LcMockServer      *self,
                SoupServerMessage *message,
                GHashTable        *query,
                LcMockRequest     *request)
{
  const char *app_id = g_hash_table_lookup (query, "appId");
  const char *secret;
  const char *start_text;
  const char *end_text;
  gint64 timestamp_ms;
  gint64 now_ms = get_server_now_ms (self);
  LcRange range;
  g_autofree char *body = NULL;
  gsize length;

  if (app_id == NULL || *app_id == '\0')
    {
      answer_api_error (self, message, 400, "appId is required.");
      return;
    }

  secret = g_hash_table_lookup (self->apps, app_id);
  if (secret == NULL)
    {
      answer_api_error (self, message, 400, "application not found.");
      return;
    }

  if (!parse_timestamp (g_hash_table_lookup (query, "timestamp"), &timestamp_ms)
      || ABS (timestamp_ms - now_ms) > TIMESTAMP_WINDOW_MS)
    {
      answer_api_error (self, message, 400, "invalid timestamp.");
      return;
    }

  if (!signature_matches (query, secret))
    {
      answer_api_error (self, message, 403, "invalid signature.");
      return;
    }

  /* The real service's words for a missing date are not documented; these follow the style
   * of its message for a missing appId. */
  start_text = g_hash_table_lookup (query, "startDate");
  end_text = g_hash_table_lookup (query, "endDate");
  if (start_text == NULL || *start_text == '\0')
    {
      answer_api_error (self, message, 400, "startDate is required.");
      return;
    }
  if (end_text == NULL || *end_text == '\0')
    {
      answer_api_error (self, message, 400, "endDate is required.");
      return;
    }
  if (!lc_day_parse (start_text, &range.start))
    {
      g_autofree char *text = g_strconcat ("param is not digit: ", start_text, NULL);
      answer_api_error (self, message, 400, text);
      return;
    }
  if (!lc_day_parse (end_text, &range.end))
    {
      g_autofree char *text = g_strconcat ("param is not digit: ", end_text, NULL);
      answer_api_error (self, message, 400, text);
      return;
    }

  if (range.start > range.end)
    {
      answer_api_error (self, message, 400, "startDate can not great endDater");
      return;
    }

  if (!range_fits_two_months (range))
    {
      answer_api_error (self, message, 400, LC_MOCK_MESSAGE_RANGE_TOO_LONG);
      return;
    }

  {
    gint64 build_start = g_get_monotonic_time ();

    body = build_success_body (self, app_id, range, lc_minute_from_unix_ms (now_ms), &length);
    g_debug ("Built a success answer of %" G_GSIZE_FORMAT " bytes in %.1f ms", length,
             (g_get_monotonic_time () - build_start) / 1000.0);
  }

  if (self->quirks & LC_MOCK_QUIRK_TRUNCATED_BODY)
    {
      /* The body is only written once the request is resumed, by hand, so it stays with the
       * request; the message itself gets no body. */
      request->promised_length = length + 1024;
      request->cut_body = g_bytes_new_take (g_steal_pointer (&body), length);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), length);
}

static LcMockFault
take_next_fault (LcMockServer *self)
{
  LcQueuedFault *queued = g_queue_peek_head (&self->faults);
  LcMockFault fault;

  if (queued == NULL)
    return LC_MOCK_FAULT_NONE;

  fault = queued->fault;
  if (--queued->n_remaining == 0)
    g_free (g_queue_pop_head (&self->faults));

  return fault;
}

static void
server_request_cb (SoupServer        *soup_server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  LcMockServer *self = user_data;
  g_autoptr (GHashTable) empty_query = NULL;
  LcMockRequest *request;
  LcMockFault fault;
  guint delay_ms;

  set_date_header (self, message);

  if (g_strcmp0 (path, LC_CONCURRENCE_PATH) != 0)
    {
      answer_text (message, SOUP_STATUS_NOT_FOUND, NULL, "text/plain; charset=utf-8",
                   "Not Found\n");
      return;
    }

  self->n_requests++;
  request = request_track (self, message);

  if (query == NULL)
    query = empty_query = g_hash_table_new (g_str_hash, g_str_equal);

  fault = take_next_fault (self);
  if (strcmp (soup_server_message_get_method (message), SOUP_METHOD_GET) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "GET");
      answer_text (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, "text/plain; charset=utf-8",
                   "Method Not Allowed\n");
    }
  else if (fault == LC_MOCK_FAULT_NONE || fault == LC_MOCK_FAULT_SLOW
           || fault == LC_MOCK_FAULT_NEVER_ANSWER)
    {
      answer_request (self, message, query, request);
    }
  else
    {
      answer_fault (self, message, fault);
    }

  if (fault == LC_MOCK_FAULT_NEVER_ANSWER)
    delay_ms = G_MAXUINT;
  else if (fault == LC_MOCK_FAULT_SLOW && self->delay_ms == 0)
    delay_ms = DEFAULT_SLOW_DELAY_MS;
  else
    delay_ms = self->delay_ms;

  if (delay_ms > 0)
    request_hold (request, delay_ms);
  else if (request->cut_body != NULL)
    request_answer_cut_short (request);
}

/* The object */

static void
lc_mock_server_dispose (GObject *object)
{
  LcMockServer *self = (LcMockServer *) object;

  lc_mock_server_stop (self);

  G_OBJECT_CLASS (lc_mock_server_parent_class)->dispose (object);
}

static void
lc_mock_server_finalize (GObject *object)
{
  LcMockServer *self = (LcMockServer *) object;

  g_clear_pointer (&self->apps, g_hash_table_unref);
  g_queue_clear_full (&self->faults, g_free);

  G_OBJECT_CLASS (lc_mock_server_parent_class)->finalize (object);
}

static void
lc_mock_server_class_init (LcMockServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lc_mock_server_dispose;
  object_class->finalize = lc_mock_server_finalize;
}

static void
lc_mock_server_init (LcMockServer *self)
{
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->data = LC_MOCK_DATA_SPARSE;
  self->retry_after_seconds = DEFAULT_RETRY_AFTER_SECONDS;
  self->html_page_size = DEFAULT_HTML_PAGE_SIZE;
  g_queue_init (&self->faults);

  lc_mock_server_add_app (self, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET);
}

/**
 * lc_mock_server_new:
 *
 * Returns: (transfer full): a server that knows the demo app and is not listening yet
 */
LcMockServer *
lc_mock_server_new (void)
{
  return g_object_new (LC_TYPE_MOCK_SERVER, NULL);
}

/**
 * lc_mock_server_add_app:
 *
 * Registers an app, or gives a registered one a new secret.
 */
void
lc_mock_server_add_app (LcMockServer *self,
                        const char   *app_id,
                        const char   *app_secret)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));
  g_return_if_fail (app_id != NULL && *app_id != '\0');
  g_return_if_fail (app_secret != NULL);

  g_hash_table_replace (self->apps, g_strdup (app_id), g_strdup (app_secret));
}

/**
 * lc_mock_server_start:
 * @port: the port to listen on, or 0 for any free one
 *
 * Starts listening on 127.0.0.1 only. The server answers on the thread-default main context of
 * the caller.
 *
 * Returns: %TRUE if the server is listening
 */
gboolean
lc_mock_server_start (LcMockServer *self,
                      guint         port,
                      GError      **error)
{
  g_autoptr (SoupServer) soup_server = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  GSList *uris;

  g_return_val_if_fail (LC_IS_MOCK_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup_server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  soup_server = soup_server_new ("server-header", "live-concurrency-mock ", NULL);
  soup_server_add_handler (soup_server, NULL, server_request_cb, self, NULL);

  address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  if (!soup_server_listen (soup_server, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (soup_server);
  g_assert (uris != NULL);
  self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->context = g_main_context_ref_thread_default ();
  self->soup_server = g_steal_pointer (&soup_server);
  g_debug ("Listening on 127.0.0.1:%u", self->port);

  return TRUE;
}

/**
 * lc_mock_server_stop:
 *
 * Stops listening and drops every connection, including requests that are being held back.
 * Does nothing if the server is not listening.
 */
void
lc_mock_server_stop (LcMockServer *self)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  if (self->soup_server == NULL)
    return;

  while (self->requests != NULL)
    request_forget (self->requests->data);

  soup_server_disconnect (self->soup_server);
  g_clear_object (&self->soup_server);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
}

/**
 * lc_mock_server_get_base_url:
 *
 * Returns: (transfer full) (nullable): "http://127.0.0.1:PORT", or %NULL if not listening
 */
char *
lc_mock_server_get_base_url (LcMockServer *self)
{
  g_return_val_if_fail (LC_IS_MOCK_SERVER (self), NULL);

  if (self->soup_server == NULL)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
lc_mock_server_set_data (LcMockServer *self,
                         LcMockData    data)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  self->data = data;
}

/**
 * lc_mock_server_queue_fault:
 *
 * Makes the next @n_requests requests to the endpoint, after any faults queued before, answer
 * with @fault. Queuing %LC_MOCK_FAULT_NONE lets that many requests through normally first.
 */
void
lc_mock_server_queue_fault (LcMockServer *self,
                            LcMockFault   fault,
                            guint         n_requests)
{
  LcQueuedFault *queued;

  g_return_if_fail (LC_IS_MOCK_SERVER (self));
  g_return_if_fail (fault <= LC_MOCK_FAULT_NEVER_ANSWER);

  if (n_requests == 0)
    return;

  queued = g_new0 (LcQueuedFault, 1);
  queued->fault = fault;
  queued->n_remaining = n_requests;
  g_queue_push_tail (&self->faults, queued);
}

/**
 * lc_mock_server_set_delay:
 *
 * Holds back every answer by @milliseconds. A SLOW fault waits this long too, or two seconds
 * when no delay is set.
 */
void
lc_mock_server_set_delay (LcMockServer *self,
                          guint         milliseconds)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));
  g_return_if_fail (milliseconds < G_MAXUINT);

  self->delay_ms = milliseconds;
}

void
lc_mock_server_set_retry_after (LcMockServer *self,
                                guint         seconds)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  self->retry_after_seconds = seconds;
}

/**
 * lc_mock_server_set_clock_skew:
 *
 * Sets how far the server's clock is ahead of this machine's (behind, if negative). The
 * timestamp window, the Date header and the cut-off of data at "now" all follow it.
 */
void
lc_mock_server_set_clock_skew (LcMockServer *self,
                               gint64        milliseconds)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  self->clock_skew_ms = milliseconds;
}

/**
 * lc_mock_server_set_status_always_200:
 *
 * Whether the API's own error answers come with HTTP status 200 instead of their code. Faults
 * of the network in front of the service keep their status.
 */
void
lc_mock_server_set_status_always_200 (LcMockServer *self,
                                      gboolean      always_200)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  self->status_always_200 = always_200;
}

void
lc_mock_server_set_quirks (LcMockServer *self,
                           LcMockQuirks  quirks)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  self->quirks = quirks;
}

/**
 * lc_mock_server_set_html_page_size:
 *
 * Pads the page of an HTML_PAGE fault to at least @n_bytes.
 */
void
lc_mock_server_set_html_page_size (LcMockServer *self,
                                   gsize         n_bytes)
{
  g_return_if_fail (LC_IS_MOCK_SERVER (self));

  self->html_page_size = n_bytes;
}

guint
lc_mock_server_get_n_requests (LcMockServer *self)
{
  g_return_val_if_fail (LC_IS_MOCK_SERVER (self), 0);

  return self->n_requests;
}

guint
lc_mock_server_get_max_in_flight (LcMockServer *self)
{
  g_return_val_if_fail (LC_IS_MOCK_SERVER (self), 0);

  return self->max_in_flight;
}

guint
lc_mock_server_get_n_in_flight (LcMockServer *self)
{
  g_return_val_if_fail (LC_IS_MOCK_SERVER (self), 0);

  return self->n_in_flight;
}

/* The viewers */

/* FNV-1a: unlike g_str_hash it is fixed forever, so demo data stays the same across GLib
 * versions. */
static guint32
hash_bytes (guint32     hash,
            const void *bytes,
            gsize       length)
{
  const guchar *p = bytes;

  for (gsize i = 0; i < length; i++)
    {
      hash ^= p[i];
      hash *= 16777619u;
    }

  return hash;
}

static GRand *
rand_for (const char *app_id,
          LcDay       day,
          gboolean    whole_app)
{
  guint32 hash = hash_bytes (2166136261u, app_id, strlen (app_id));
  guchar day_bytes[4] = { day & 0xff, (day >> 8) & 0xff, (day >> 16) & 0xff, (day >> 24) & 0xff };

  if (!whole_app)
    hash = hash_bytes (hash, day_bytes, sizeof day_bytes);

  return g_rand_new_with_seed (hash);
}

/* Events are laid out on two days of minutes, because a late show runs on past midnight. */
#define EVENT_SPAN_MINUTES (2 * LC_MINUTES_PER_DAY)

/* Adds one live event to the viewers: the audience trickles in, holds at a level that wanders a
 * little below the peak, swells once at a highlight, and drains away at the end. */
static void
add_event (double *viewers,
           GRand  *rand,
           int     start,
           int     length,
           double  peak)
{
  int ramp = MAX (3, length * 15 / 100);
  int fall = MAX (3, length * 20 / 100);
  double highlight = g_rand_double_range (rand, 0.3, 0.8) * length;
  double highlight_width = MAX (2.0, length * 0.06);
  double level = 0.85;

  for (int t = 0; t < length && start + t < EVENT_SPAN_MINUTES; t++)
    {
      double shape;
      double swell;

      if (t < ramp)
        {
          shape = level * pow ((t + 1.0) / ramp, 1.6);
        }
      else if (t >= length - fall)
        {
          shape = level * exp (-3.0 * (t - (length - fall)) / (double) fall);
        }
      else
        {
          level = CLAMP (level + g_rand_double_range (rand, -0.02, 0.02), 0.6, 0.95);
          shape = level;
        }

      swell = (t - highlight) / highlight_width;
      shape += 0.15 * exp (-0.5 * swell * swell) * MIN (1.0, shape / level);
      shape *= 1.0 + g_rand_double_range (rand, -0.03, 0.03);

      viewers[start + t] += peak * shape;
    }
}

/* The typical audience of an app's main show, the same on every day. */
static double
get_app_audience (const char *app_id)
{
  g_autoptr (GRand) rand = rand_for (app_id, 0, TRUE);

  /* Log-uniform between a few hundred and twenty thousand viewers. */
  return exp (g_rand_double_range (rand, log (300.0), log (20000.0)));
}

/* Adds the events that start on @day to @viewers, which holds @day and the day after. */
static void
add_day_of_events (double     *viewers,
                   GRand      *rand,
                   const char *app_id,
                   LcDay       day)
{
  enum { REHEARSAL, MIDDAY, REPLAY, MORNING, N_SIDE_EVENTS };
  double audience = get_app_audience (app_id);
  int weekday = lc_day_get_weekday (day);
  gboolean chosen[N_SIDE_EVENTS] = { FALSE, };
  int n_side_events;
  int main_start, main_length, main_end;
  double main_peak;

  /* About one day in eight has no live event at all. */
  if (g_rand_double (rand) < 0.12)
    return;

  if (weekday >= 6)
    audience *= 1.4;

  /* Every active day has its main show in the evening; one to four smaller events go around
   * it. */
  main_start = 19 * 60 + g_rand_int_range (rand, 0, 91);
  main_length = g_rand_int_range (rand, 60, 181);
  main_end = main_start + main_length;
  main_peak = audience * g_rand_double_range (rand, 0.5, 1.5);
  add_event (viewers, rand, main_start, main_length, main_peak);

  n_side_events = g_rand_int_range (rand, 1, N_SIDE_EVENTS + 1);
  for (int i = 0; i < n_side_events; i++)
    {
      int which = g_rand_int_range (rand, 0, N_SIDE_EVENTS);

      while (chosen[which])
        which = (which + 1) % N_SIDE_EVENTS;
      chosen[which] = TRUE;
    }

  if (chosen[MORNING])
    add_event (viewers, rand, 7 * 60 + 30 + g_rand_int_range (rand, 0, 61),
               g_rand_int_range (rand, 15, 46),
               10 + audience * g_rand_double_range (rand, 0.01, 0.05));

  /* A rehearsal: a small crew checking the stream for half an hour. */
  if (chosen[REHEARSAL])
    add_event (viewers, rand, 9 * 60 + 15 + g_rand_int_range (rand, 0, 106),
               g_rand_int_range (rand, 20, 41), g_rand_double_range (rand, 6, 20));

  if (chosen[MIDDAY])
    add_event (viewers, rand, 12 * 60 + g_rand_int_range (rand, 0, 91),
               g_rand_int_range (rand, 30, 91),
               audience * g_rand_double_range (rand, 0.05, 0.3));

  /* A replay of the main show late at night, once the show is over; it often runs on into the
   * next day, as real late shows do. */
  if (chosen[REPLAY])
    add_event (viewers, rand, MAX (22 * 60 + g_rand_int_range (rand, 0, 61), main_end + 15),
               g_rand_int_range (rand, 30, 101), main_peak * g_rand_double_range (rand, 0.08, 0.2));
}

/* A day where every minute has viewers: a slow daily wave, low at five in the morning and high
 * in the evening, under the day's events. */
static void
add_day_of_background (double     *viewers,
                       GRand      *rand,
                       const char *app_id)
{
  double audience = get_app_audience (app_id) * 0.2;

  for (int m = 0; m < LC_MINUTES_PER_DAY; m++)
    {
      double wave = 0.5 - 0.5 * cos (2.0 * G_PI * (m - 5 * 60) / (double) LC_MINUTES_PER_DAY);
      double noise = 1.0 + g_rand_double_range (rand, -0.05, 0.05);

      viewers[m] += 1.0 + audience * (0.1 + 0.9 * wave) * noise;
    }
}

/**
 * lc_mock_server_generate_day:
 *
 * Generates the viewers of @app_id on @day. The result depends only on the app, the day and
 * @data: the same every time, on every machine.
 *
 * Returns: (transfer full): the day's series, empty on a quiet day
 */
LcSeries *
lc_mock_server_generate_day (const char *app_id,
                             LcDay       day,
                             LcMockData  data)
{
  g_autoptr (GRand) rand = NULL;
  g_autoptr (GRand) previous_rand = NULL;
  double *viewers;
  double *previous_viewers;
  LcSeries *series;
  LcMinute first_minute = (LcMinute) day * LC_MINUTES_PER_DAY;

  g_return_val_if_fail (app_id != NULL, NULL);

  /* The day's own events, and whatever of the day before ran on past midnight. */
  viewers = g_new0 (double, EVENT_SPAN_MINUTES);
  previous_viewers = g_new0 (double, EVENT_SPAN_MINUTES);
  rand = rand_for (app_id, day, FALSE);
  previous_rand = rand_for (app_id, day - 1, FALSE);
  add_day_of_events (viewers, rand, app_id, day);
  add_day_of_events (previous_viewers, previous_rand, app_id, day - 1);
  for (int m = 0; m < LC_MINUTES_PER_DAY; m++)
    viewers[m] += previous_viewers[LC_MINUTES_PER_DAY + m];
  if (data == LC_MOCK_DATA_DENSE)
    add_day_of_background (viewers, rand, app_id);

  series = lc_series_new (data == LC_MOCK_DATA_DENSE ? LC_MINUTES_PER_DAY : 512);
  for (int m = 0; m < LC_MINUTES_PER_DAY; m++)
    {
      guint32 count = (guint32) (viewers[m] + 0.5);

      if (count > 0)
        lc_series_append (series, first_minute + m, count);
    }

  g_free (viewers);
  g_free (previous_viewers);

  return series;
}
