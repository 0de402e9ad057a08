/* lc-client.c: an asynchronous client for POLYV's concurrence statistics
 *
 * A fetch is a small scheduler. The range the user asked for is split into chunks the API
 * accepts; at most two chunk requests are active at a time, each going through attempts:
 * sign and send, read the body under a size limit and a deadline, parse it on a worker thread.
 * An attempt that fails in a way worth retrying waits (exponential backoff with jitter, or what
 * the server's Retry-After says) and tries again with a fresh timestamp and signature; any
 * other failure ends the whole fetch at once, and so does the caller's GCancellable. The parts
 * are merged in time order only when every chunk has arrived, so no partial result ever escapes.
 *
 * Everything but parsing runs on the thread-default main context of the caller of
 * lc_client_fetch_async(), and every callback comes back there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-client"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "lc-client.h"
#include "lc-error.h"
#include "lc-response.h"
#include "lc-signature.h"

/* How much of a body is read at a time. */
#define READ_BLOCK_SIZE (64 * 1024)

/* The longest wait a Retry-After header can impose: the user is watching a progress bar. */
#define MAX_RETRY_AFTER_MS (60 * 1000)

#define DEFAULT_RETRY_BASE_DELAY_MS 1000

struct _LcClient
{
  GObject       parent_instance;

  /* Fixed by lc_client_new(). The secret lives only here, never on disk, in a URL or a log. */
  char         *base_url;
  char         *app_id;
  char         *app_secret;
  SoupSession  *session;

  /* Settings. */
  guint         request_timeout_seconds;
  gsize         max_response_size;
  guint         retry_base_delay_ms;
  LcClockFunc   clock_func;
  gpointer      clock_data;

  /* Learned from the server: how far its clock is ahead of ours. */
  gint64        clock_offset_ms;
};

G_DEFINE_FINAL_TYPE (LcClient, lc_client, G_TYPE_OBJECT)

typedef struct _Fetch        Fetch;
typedef struct _ChunkRequest ChunkRequest;

/* One call of lc_client_fetch_async(), owned by its GTask as the task data. */
struct _Fetch
{
  LcClient       *client;        /* borrowed from the task's source object */
  GTask          *task;          /* owned until the fetch returns, so it outlives every step */
  GMainContext   *context;

  GArray         *chunks;        /* LcRange, in time order */
  LcSeries      **parts;         /* one per chunk, filled as chunks arrive */
  guint           next_chunk;
  guint           n_done;
  GPtrArray      *active;        /* ChunkRequest, never more than LC_MAX_REQUESTS_IN_FLIGHT */

  GSource        *cancel_source;
  LcProgressFunc  progress_func;
  gpointer        progress_data;

  gboolean        finished;      /* returned; whatever still runs only cleans up */
};

/* One chunk of a fetch, from its first attempt to its last. */
struct _ChunkRequest
{
  Fetch         *fetch;
  GTask         *task;           /* keeps the fetch alive until this request is freed */
  guint          index;
  LcRange        range;
  guint          n_attempts;
  gboolean       clock_retried;
  gboolean       has_clock_offset;
  gint64         measured_clock_offset_ms;

  /* The attempt in progress. */
  SoupMessage   *message;
  GCancellable  *cancellable;    /* cancelled by the deadline or by the end of the fetch */
  GSource       *deadline_source;
  gboolean       timed_out;
  GInputStream  *stream;
  GByteArray    *body;
  gsize          body_filled;
  goffset        content_length; /* as announced, or -1 */
  guint          http_status;
  char          *content_type;
  char          *date_header;
  char          *retry_after_header;
  gint64         received_at_ms;

  /* Between attempts. */
  GSource       *backoff_source;
};

/* What a worker thread needs to parse one body. */
typedef struct
{
  GBytes      *body;
  guint        http_status;
  char        *content_type;
  LcRange      range;
} ParseJob;

static void chunk_request_start_attempt (ChunkRequest *request);
static void fetch_start_pending_chunks  (Fetch        *fetch);

/* Clock and time. */

static gint64
system_clock (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

static gint64
lc_client_get_local_time (LcClient *self)
{
  return self->clock_func (self->clock_data);
}

/* The time as the server sees it, as far as we know. */
static gint64
lc_client_get_server_time (LcClient *self)
{
  return lc_client_get_local_time (self) + self->clock_offset_ms;
}

/* Object. */

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      /* A volatile pointer keeps the compiler from dropping a write nobody reads afterwards. */
      volatile char *byte = text;

      while (*byte != '\0')
        *byte++ = '\0';
    }
}

static void
lc_client_finalize (GObject *object)
{
  LcClient *self = LC_CLIENT (object);

  wipe_string (self->app_secret);
  g_clear_pointer (&self->app_secret, g_free);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (lc_client_parent_class)->finalize (object);
}

static void
lc_client_dispose (GObject *object)
{
  LcClient *self = LC_CLIENT (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (lc_client_parent_class)->dispose (object);
}

static void
lc_client_class_init (LcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lc_client_dispose;
  object_class->finalize = lc_client_finalize;
}

static void
lc_client_init (LcClient *self)
{
  self->request_timeout_seconds = LC_DEFAULT_REQUEST_TIMEOUT;
  self->max_response_size = LC_DEFAULT_MAX_RESPONSE_SIZE;
  self->retry_base_delay_ms = DEFAULT_RETRY_BASE_DELAY_MS;
  self->clock_func = system_clock;
}

/* Plain HTTP is allowed only where nobody can listen in: this very computer. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* GUri takes almost anything as a host; a name or an address has a much smaller alphabet. */
static gboolean
host_is_plausible (const char *host)
{
  if (host == NULL || host[0] == '\0')
    return FALSE;

  for (const char *c = host; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.' && *c != ':' && *c != '%'
          && (guchar) *c < 0x80)
        return FALSE;
    }

  return TRUE;
}

/* Checks the base URL and returns it without trailing slashes, ready for the path. */
static char *
normalize_base_url (const char  *base_url,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  gsize length;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      lc_set_error (error, LC_ERROR_INVALID_URL, "the address cannot be parsed", 0);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if ((g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || !host_is_plausible (host))
    {
      lc_set_error (error, LC_ERROR_INVALID_URL, "not an http or https address with a host", 0);
      return NULL;
    }

  /* The client adds the path and the signed query itself; anything else there would change
   * what is signed or carry a password in the open. */
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL)
    {
      lc_set_error (error, LC_ERROR_INVALID_URL,
                    "the address may not hold a user name, a query or a fragment", 0);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      lc_set_error (error, LC_ERROR_INSECURE_URL, NULL, 0);
      return NULL;
    }

  length = strlen (base_url);
  while (length > 0 && base_url[length - 1] == '/')
    length--;

  return g_strndup (base_url, length);
}

/**
 * lc_client_new:
 * @base_url: (nullable): where the API lives, %LC_DEFAULT_BASE_URL if %NULL; https, unless it
 *   is this computer
 * @app_id: the App ID of the POLYV account
 * @app_secret: its App Secret, used to sign requests and never sent
 * @error: return location for an input error in the %LC_ERROR domain
 *
 * Returns: (transfer full) (nullable): a new client, or %NULL if the URL or credentials are
 *   unusable
 */
LcClient *
lc_client_new (const char  *base_url,
               const char  *app_id,
               const char  *app_secret,
               GError     **error)
{
  g_autoptr(LcClient) self = NULL;
  g_autofree char *normalized_url = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normalized_url = normalize_base_url (base_url != NULL ? base_url : LC_DEFAULT_BASE_URL, error);
  if (normalized_url == NULL)
    return NULL;

  if (app_id == NULL || app_id[0] == '\0' || app_secret == NULL || app_secret[0] == '\0')
    {
      lc_set_error (error, LC_ERROR_MISSING_CREDENTIALS, NULL, 0);
      return NULL;
    }

  self = g_object_new (LC_TYPE_CLIENT, NULL);
  self->base_url = g_steal_pointer (&normalized_url);
  self->app_id = g_strdup (app_id);
  self->app_secret = g_strdup (app_secret);

  /* The session's own timeout bounds connecting and each wait on the socket (libsoup has no
   * separate connect timeout); the deadline of a whole request is kept by the fetch.
   * Certificates are checked against the system's trust store, and nothing here ever overrides
   * that check. The fetch keeps the number of requests in flight; the session allows more
   * connections than that so that one still closing after a cancelled attempt never holds up
   * the next request. */
  self->session = soup_session_new_with_options ("timeout", LC_DEFAULT_CONNECT_TIMEOUT,
                                                 "user-agent", "LiveConcurrency/" PACKAGE_VERSION,
                                                 "max-conns-per-host",
                                                 2 * LC_MAX_REQUESTS_IN_FLIGHT,
                                                 NULL);

  return g_steal_pointer (&self);
}

const char *
lc_client_get_base_url (LcClient *self)
{
  g_return_val_if_fail (LC_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
lc_client_get_app_id (LcClient *self)
{
  g_return_val_if_fail (LC_IS_CLIENT (self), NULL);

  return self->app_id;
}

/**
 * lc_client_set_timeouts:
 * @connect_seconds: the limit for connecting and for each wait on the socket, 0 for none
 * @request_seconds: the limit for a whole request, from sending to the last byte, 0 for none
 *
 * Applies to requests started afterwards.
 */
void
lc_client_set_timeouts (LcClient *self,
                        guint     connect_seconds,
                        guint     request_seconds)
{
  g_return_if_fail (LC_IS_CLIENT (self));

  soup_session_set_timeout (self->session, connect_seconds);
  self->request_timeout_seconds = MIN (request_seconds, G_MAXUINT / 1000);
}

void
lc_client_set_max_response_size (LcClient *self,
                                 gsize     max_bytes)
{
  g_return_if_fail (LC_IS_CLIENT (self));
  g_return_if_fail (max_bytes > 0);

  self->max_response_size = max_bytes;
}

/**
 * lc_client_set_clock:
 * @clock_func: (nullable): returns the time in milliseconds since the Unix epoch, or %NULL for
 *   the system clock
 */
void
lc_client_set_clock (LcClient    *self,
                     LcClockFunc  clock_func,
                     gpointer     user_data)
{
  g_return_if_fail (LC_IS_CLIENT (self));

  self->clock_func = clock_func != NULL ? clock_func : system_clock;
  self->clock_data = clock_func != NULL ? user_data : NULL;
}

/**
 * lc_client_set_retry_base_delay:
 * @milliseconds: the wait before the first retry; each later retry waits twice as long
 */
void
lc_client_set_retry_base_delay (LcClient *self,
                                guint     milliseconds)
{
  g_return_if_fail (LC_IS_CLIENT (self));

  self->retry_base_delay_ms = milliseconds;
}

/**
 * lc_client_get_clock_offset:
 *
 * Returns: how far the server's clock is ahead of this computer's, in milliseconds, as learned
 *   from its answers; 0 until a wrong clock has been noticed
 */
gint64
lc_client_get_clock_offset (LcClient *self)
{
  g_return_val_if_fail (LC_IS_CLIENT (self), 0);

  return self->clock_offset_ms;
}

/**
 * lc_client_get_today:
 *
 * Returns: the day it is now on the platform's calendar, by the corrected clock
 */
LcDay
lc_client_get_today (LcClient *self)
{
  g_return_val_if_fail (LC_IS_CLIENT (self), 0);

  return lc_day_today (lc_client_get_server_time (self));
}

/* Parsing, on a worker thread. */

static void
parse_job_free (ParseJob *job)
{
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_pointer (&job->content_type, g_free);
  g_free (job);
}

/* A chunk's answer should hold only the days asked for; anything outside them belongs to no
 * question the user asked, and would be counted twice where chunks meet. */
static LcSeries *
keep_inside_range (LcSeries *series,
                   LcRange   range)
{
  LcMinute first = (LcMinute) range.start * LC_MINUTES_PER_DAY;
  LcMinute after_last = (LcMinute) (range.end + 1) * LC_MINUTES_PER_DAY;
  guint length = lc_series_get_length (series);
  const LcMinute *minutes = lc_series_get_minutes (series);
  LcSeries *inside;

  if (length == 0 || (minutes[0] >= first && minutes[length - 1] < after_last))
    return series;

  g_debug ("Dropping points outside %d..%d from an answer", range.start, range.end);
  inside = lc_series_slice (series, first, after_last);
  lc_series_unref (series);

  return inside;
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ParseJob *job = task_data;
  g_autoptr(GError) error = NULL;
  const char *body;
  gsize length;
  LcSeries *series;

  body = g_bytes_get_data (job->body, &length);
  series = lc_response_parse (body, length, job->http_status, job->content_type, &error);

  /* The body can be megabytes; it is of no use once parsed. */
  g_clear_pointer (&job->body, g_bytes_unref);

  if (series == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, keep_inside_range (series, job->range),
                         (GDestroyNotify) lc_series_unref);
}

/* Chunk requests. */

/* Drops a body stream that was not read to its end without waiting for the rest: closing it
 * with a cancellable that is already cancelled ends the message at once. */
static void
discard_stream (GInputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, cancelled, NULL, NULL);
  g_object_unref (stream);
}

/* Forgets everything about the attempt in progress, keeping what the retry decision needs. */
static void
chunk_request_end_attempt (ChunkRequest *request)
{
  if (request->deadline_source != NULL)
    {
      g_source_destroy (request->deadline_source);
      g_clear_pointer (&request->deadline_source, g_source_unref);
    }

  if (request->stream != NULL)
    discard_stream (g_steal_pointer (&request->stream));

  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->message);
}

static void
chunk_request_clear_answer (ChunkRequest *request)
{
  request->http_status = 0;
  request->timed_out = FALSE;
  g_clear_pointer (&request->content_type, g_free);
  g_clear_pointer (&request->date_header, g_free);
  g_clear_pointer (&request->retry_after_header, g_free);
}

static void
chunk_request_free (ChunkRequest *request)
{
  chunk_request_end_attempt (request);
  chunk_request_clear_answer (request);

  if (request->backoff_source != NULL)
    {
      g_source_destroy (request->backoff_source);
      g_clear_pointer (&request->backoff_source, g_source_unref);
    }

  g_ptr_array_remove (request->fetch->active, request);
  g_clear_object (&request->task);
  g_free (request);
}

/* Fetch completion. */

static void
fetch_free (Fetch *fetch)
{
  g_assert (fetch->active->len == 0);

  if (fetch->parts != NULL)
    {
      for (guint i = 0; i < fetch->chunks->len; i++)
        g_clear_pointer (&fetch->parts[i], lc_series_unref);
      g_free (fetch->parts);
    }

  g_clear_pointer (&fetch->chunks, g_array_unref);
  g_clear_pointer (&fetch->active, g_ptr_array_unref);
  g_clear_pointer (&fetch->context, g_main_context_unref);
  g_free (fetch);
}

/* Stops every chunk still active: waits are dropped at once, requests on the wire are
 * cancelled and free themselves when their callback sees the fetch has finished. */
static void
fetch_stop_active (Fetch *fetch)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  g_autoptr(GPtrArray) to_cancel = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < fetch->active->len; i++)
    {
      ChunkRequest *request = g_ptr_array_index (fetch->active, i);

      if (request->backoff_source != NULL)
        g_ptr_array_add (waiting, request);
      else if (request->cancellable != NULL)
        g_ptr_array_add (to_cancel, g_object_ref (request->cancellable));
    }

  for (guint i = 0; i < waiting->len; i++)
    chunk_request_free (g_ptr_array_index (waiting, i));

  for (guint i = 0; i < to_cancel->len; i++)
    g_cancellable_cancel (g_ptr_array_index (to_cancel, i));
}

/* Marks the fetch finished and hands back the task, whose reference passes to the caller. */
static GTask *
fetch_finish (Fetch *fetch)
{
  g_assert (!fetch->finished);

  fetch->finished = TRUE;

  if (fetch->cancel_source != NULL)
    {
      g_source_destroy (fetch->cancel_source);
      g_clear_pointer (&fetch->cancel_source, g_source_unref);
    }

  fetch_stop_active (fetch);

  return g_steal_pointer (&fetch->task);
}

/* Ends the whole fetch with @error, which it takes. */
static void
fetch_fail (Fetch  *fetch,
            GError *error)
{
  g_autoptr(GTask) task = NULL;

  if (fetch->finished)
    {
      g_error_free (error);
      return;
    }

  g_debug ("Fetch failed: %s (%s)", error->message,
           lc_error_get_server_message (error) != NULL ? lc_error_get_server_message (error)
                                                       : "no detail");

  task = fetch_finish (fetch);
  g_task_return_error (task, error);
}

static void
fetch_fail_cancelled (Fetch *fetch)
{
  GError *error = NULL;

  /* GIO's own wording, already translated, is what every GNOME app shows for this. */
  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (fetch->task), &error))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");

  fetch_fail (fetch, error);
}

static void
fetch_complete (Fetch *fetch)
{
  g_autoptr(GTask) task = NULL;
  LcSeries *merged;

  merged = lc_series_merge (fetch->parts, fetch->chunks->len);
  g_debug ("Fetched %u chunks, %u points", fetch->chunks->len, lc_series_get_length (merged));

  for (guint i = 0; i < fetch->chunks->len; i++)
    g_clear_pointer (&fetch->parts[i], lc_series_unref);

  task = fetch_finish (fetch);
  g_task_return_pointer (task, merged, (GDestroyNotify) lc_series_unref);
}

static gboolean
fetch_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch_fail_cancelled (fetch);

  return G_SOURCE_REMOVE;
}

/* Errors. */

/* Turns what libsoup or GIO reported about the transport into the user's terms. */
static GError *
transport_error_new (const GError *cause,
                     gboolean      timed_out,
                     guint         request_timeout_seconds)
{
  GError *error = NULL;

  if (timed_out)
    {
      g_autofree char *detail = g_strdup_printf ("no complete answer within %u s",
                                                 request_timeout_seconds);

      lc_set_error (&error, LC_ERROR_TIMEOUT, detail, 0);
    }
  else if (cause->domain == G_TLS_ERROR)
    lc_set_error (&error, LC_ERROR_TLS, cause->message, 0);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    lc_set_error (&error, LC_ERROR_TIMEOUT, cause->message, 0);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    {
      g_autofree char *detail = g_strdup_printf ("the answer was cut short: %s", cause->message);

      lc_set_error (&error, LC_ERROR_NETWORK, detail, 0);
    }
  else if (cause->domain == SOUP_SESSION_ERROR
           && (cause->code == SOUP_SESSION_ERROR_PARSING
               || cause->code == SOUP_SESSION_ERROR_ENCODING))
    lc_set_error (&error, LC_ERROR_UNEXPECTED_RESPONSE, cause->message, 0);
  else
    lc_set_error (&error, LC_ERROR_NETWORK, cause->message, 0);

  return error;
}

/* Reads a Retry-After value, seconds or an HTTP date, as a wait in milliseconds, or -1. */
static gint64
parse_retry_after (const char *value,
                   const char *date_header,
                   gint64      now_ms)
{
  g_autoptr(GDateTime) retry_at = NULL;
  guint64 seconds;
  gint64 reference_ms = now_ms;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return MIN ((gint64) seconds * 1000, MAX_RETRY_AFTER_MS);

  retry_at = soup_date_time_new_from_http_string (value);
  if (retry_at == NULL)
    return -1;

  /* A date is best compared with the server's own idea of now, when it says what that is. */
  if (date_header != NULL)
    {
      g_autoptr(GDateTime) server_now = soup_date_time_new_from_http_string (date_header);

      if (server_now != NULL)
        reference_ms = g_date_time_to_unix (server_now) * 1000;
    }

  return CLAMP (g_date_time_to_unix (retry_at) * 1000 - reference_ms, 0, MAX_RETRY_AFTER_MS);
}

static gint64
backoff_delay_ms (ChunkRequest *request)
{
  LcClient *client = request->fetch->client;
  gint64 retry_after_ms;
  gint64 delay;

  retry_after_ms = parse_retry_after (request->retry_after_header, request->date_header,
                                      lc_client_get_server_time (client));
  if (retry_after_ms >= 0)
    return retry_after_ms;

  /* Doubling per attempt; the jitter keeps the two chunks in flight from retrying in step. */
  delay = (gint64) client->retry_base_delay_ms << (request->n_attempts - 1);
  delay += g_random_int_range (0, (gint32) (client->retry_base_delay_ms / 2) + 1);

  return delay;
}

/* Measures the server's clock from the Date of its answer; FALSE if it sent none usable. */
static gboolean
measure_clock_offset (ChunkRequest *request,
                      gint64       *out_offset_ms)
{
  g_autoptr(GDateTime) server_time = NULL;

  if (request->date_header == NULL)
    return FALSE;

  server_time = soup_date_time_new_from_http_string (request->date_header);
  if (server_time == NULL)
    return FALSE;

  /* The Date header is truncated to the second; half a second is the expected error. */
  *out_offset_ms = g_date_time_to_unix (server_time) * 1000 + 500 - request->received_at_ms;

  return TRUE;
}

static gboolean
chunk_request_retry_cb (gpointer user_data)
{
  ChunkRequest *request = user_data;

  g_clear_pointer (&request->backoff_source, g_source_unref);
  chunk_request_start_attempt (request);

  return G_SOURCE_REMOVE;
}

static void
chunk_request_retry_after (ChunkRequest *request,
                           gint64        delay_ms)
{
  Fetch *fetch = request->fetch;

  g_debug ("Retrying chunk %u in %" G_GINT64_FORMAT " ms", request->index, delay_ms);

  request->backoff_source = g_timeout_source_new ((guint) delay_ms);
  g_source_set_callback (request->backoff_source, chunk_request_retry_cb, request, NULL);
  g_source_attach (request->backoff_source, fetch->context);
}

/* Decides what a failed attempt leads to: another attempt, or the end of the fetch. Takes
 * @error. */
static void
chunk_request_handle_error (ChunkRequest *request,
                            GError       *error)
{
  Fetch *fetch = request->fetch;
  LcClient *client = fetch->client;
  gboolean attempts_left = request->n_attempts < LC_MAX_ATTEMPTS_PER_CHUNK;

  chunk_request_end_attempt (request);

  if (fetch->finished)
    {
      g_error_free (error);
      chunk_request_free (request);
      return;
    }

  g_debug ("Chunk %u, attempt %u: %s (%s)", request->index, request->n_attempts, error->message,
           lc_error_get_server_message (error) != NULL ? lc_error_get_server_message (error)
                                                       : "no detail");

  /* A wrong clock is fixed by asking the server for the time, once: if the corrected
   * timestamp is refused as well, something else is wrong. */
  if (g_error_matches (error, LC_ERROR, LC_ERROR_INVALID_TIMESTAMP))
    {
      gint64 offset_ms;

      if (!request->clock_retried && measure_clock_offset (request, &offset_ms))
        {
          request->has_clock_offset = TRUE;
          request->measured_clock_offset_ms = offset_ms;
          if (attempts_left)
            {
              request->clock_retried = TRUE;
              client->clock_offset_ms = offset_ms;
              g_debug ("The server's clock is %" G_GINT64_FORMAT " ms ahead; retrying", offset_ms);
              g_error_free (error);
              chunk_request_clear_answer (request);
              chunk_request_retry_after (request, 0);
              return;
            }
        }

      if (request->has_clock_offset)
        lc_error_set_clock_offset (error, request->measured_clock_offset_ms);
    }

  /* The server being busy or briefly down is worth waiting out. A 403 block page is not: the
   * provider blocks for five minutes, far longer than any backoff here. */
  if (attempts_left
      && (g_error_matches (error, LC_ERROR, LC_ERROR_SERVER)
          || (g_error_matches (error, LC_ERROR, LC_ERROR_RATE_LIMITED)
              && request->http_status != 403)))
    {
      gint64 delay_ms = backoff_delay_ms (request);

      g_error_free (error);
      chunk_request_clear_answer (request);
      chunk_request_retry_after (request, delay_ms);
      return;
    }

  chunk_request_free (request);
  fetch_fail (fetch, error);
}

static void
chunk_request_parsed_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ChunkRequest *request = user_data;
  Fetch *fetch = request->fetch;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  LcSeries *series;

  series = g_task_propagate_pointer (G_TASK (result), &error);

  if (series == NULL)
    {
      chunk_request_handle_error (request, error);
      return;
    }

  if (fetch->finished)
    {
      lc_series_unref (series);
      chunk_request_free (request);
      return;
    }

  g_debug ("Chunk %u: %u points", request->index, lc_series_get_length (series));
  fetch->parts[request->index] = series;
  fetch->n_done++;

  /* The fetch must outlive the progress callback, whatever the caller does in it. */
  task = g_object_ref (request->task);
  chunk_request_free (request);

  if (fetch->progress_func != NULL)
    fetch->progress_func (fetch->n_done, fetch->chunks->len, fetch->progress_data);

  if (fetch->finished)
    return;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    fetch_fail_cancelled (fetch);
  else if (fetch->n_done == fetch->chunks->len)
    fetch_complete (fetch);
  else
    fetch_start_pending_chunks (fetch);
}

static void
chunk_request_start_parse (ChunkRequest *request)
{
  Fetch *fetch = request->fetch;
  g_autoptr(GTask) parse_task = NULL;
  ParseJob *job;

  job = g_new0 (ParseJob, 1);
  job->body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  job->http_status = request->http_status;
  job->content_type = g_strdup (request->content_type);
  job->range = request->range;

  chunk_request_end_attempt (request);

  g_main_context_push_thread_default (fetch->context);
  parse_task = g_task_new (NULL, NULL, chunk_request_parsed_cb, request);
  g_task_set_source_tag (parse_task, chunk_request_start_parse);
  g_task_set_task_data (parse_task, job, (GDestroyNotify) parse_job_free);
  g_task_run_in_thread (parse_task, parse_in_thread);
  g_main_context_pop_thread_default (fetch->context);
}

static void chunk_request_read_next (ChunkRequest *request);

static void
chunk_request_read_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ChunkRequest *request = user_data;
  LcClient *client = request->fetch->client;
  GError *read_error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source_object), result, &read_error);

  if (request->fetch->finished)
    {
      g_clear_error (&read_error);
      chunk_request_free (request);
      return;
    }

  if (n_read < 0)
    {
      GError *error = transport_error_new (read_error, request->timed_out,
                                           client->request_timeout_seconds);

      g_error_free (read_error);
      chunk_request_handle_error (request, error);
      return;
    }

  request->body_filled += (gsize) n_read;
  g_byte_array_set_size (request->body, (guint) request->body_filled);

  if (request->body_filled > client->max_response_size)
    {
      GError *error = NULL;
      g_autofree char *detail = g_strdup_printf ("more than %" G_GSIZE_FORMAT " bytes",
                                                 client->max_response_size);

      lc_set_error (&error, LC_ERROR_RESPONSE_TOO_LARGE, detail, request->http_status);
      chunk_request_handle_error (request, error);
      return;
    }

  if (n_read == 0 && request->content_length >= 0
      && request->body_filled != (guint64) request->content_length)
    {
      GError *error = NULL;
      g_autofree char *detail = NULL;

      /* libsoup takes the end of a "Connection: close" answer for the end of its body, even
       * when it is shorter than its Content-Length said: a connection lost on the way. */
      detail = g_strdup_printf ("the answer was cut short: %" G_GSIZE_FORMAT " of %"
                                G_GOFFSET_FORMAT " bytes", request->body_filled,
                                request->content_length);
      lc_set_error (&error, LC_ERROR_NETWORK, detail, 0);
      chunk_request_handle_error (request, error);
      return;
    }

  if (n_read == 0)
    {
      /* The whole answer is in: the deadline no longer applies, parsing has no network in it. */
      g_clear_object (&request->stream);
      chunk_request_start_parse (request);
      return;
    }

  chunk_request_read_next (request);
}

static void
chunk_request_read_next (ChunkRequest *request)
{
  Fetch *fetch = request->fetch;
  gsize block = READ_BLOCK_SIZE;

  /* Always a whole block, even near the limit: libsoup's chunked decoder cannot serve reads of
   * a couple of bytes. The body can pass the limit by at most one block before it is refused. */
  g_byte_array_set_size (request->body, (guint) (request->body_filled + block));

  g_main_context_push_thread_default (fetch->context);
  g_input_stream_read_async (request->stream,
                             request->body->data + request->body_filled,
                             block,
                             G_PRIORITY_DEFAULT,
                             request->cancellable,
                             chunk_request_read_cb,
                             request);
  g_main_context_pop_thread_default (fetch->context);
}

static void
chunk_request_sent_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ChunkRequest *request = user_data;
  LcClient *client = request->fetch->client;
  GError *send_error = NULL;
  GInputStream *stream;
  SoupMessageHeaders *headers;
  goffset content_length = -1;

  stream = soup_session_send_finish (SOUP_SESSION (source_object), result, &send_error);

  if (request->fetch->finished)
    {
      g_clear_error (&send_error);
      if (stream != NULL)
        discard_stream (stream);
      chunk_request_free (request);
      return;
    }

  if (stream == NULL)
    {
      GError *error = transport_error_new (send_error, request->timed_out,
                                           client->request_timeout_seconds);

      g_error_free (send_error);
      chunk_request_handle_error (request, error);
      return;
    }

  request->stream = stream;
  request->received_at_ms = lc_client_get_local_time (client);
  request->http_status = soup_message_get_status (request->message);

  headers = soup_message_get_response_headers (request->message);
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->date_header = g_strdup (soup_message_headers_get_one (headers, "Date"));
  request->retry_after_header = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));

  g_debug ("Chunk %u: HTTP %u", request->index, request->http_status);

  /* A body announced too large is refused before a byte of it is read. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      content_length = soup_message_headers_get_content_length (headers);
      if (content_length > 0 && (guint64) content_length > client->max_response_size)
        {
          GError *error = NULL;
          g_autofree char *detail = g_strdup_printf ("%" G_GOFFSET_FORMAT " bytes announced, "
                                                     "more than %" G_GSIZE_FORMAT,
                                                     content_length, client->max_response_size);

          lc_set_error (&error, LC_ERROR_RESPONSE_TOO_LARGE, detail, request->http_status);
          chunk_request_handle_error (request, error);
          return;
        }
    }

  request->body = g_byte_array_sized_new (content_length > 0 ? (guint) content_length + 1
                                                             : READ_BLOCK_SIZE);
  request->body_filled = 0;
  request->content_length = content_length;
  chunk_request_read_next (request);
}

static gboolean
chunk_request_deadline_cb (gpointer user_data)
{
  ChunkRequest *request = user_data;

  g_debug ("Chunk %u: no complete answer in time", request->index);

  request->timed_out = TRUE;
  g_clear_pointer (&request->deadline_source, g_source_unref);
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static void
chunk_request_start_attempt (ChunkRequest *request)
{
  Fetch *fetch = request->fetch;
  LcClient *client = fetch->client;
  g_autofree char *signature = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  char start_text[11];
  char end_text[11];
  char timestamp_text[24];

  request->n_attempts++;

  /* Every attempt is signed afresh: the server refuses a timestamp older than three minutes. */
  lc_day_format_into (request->range.start, start_text);
  lc_day_format_into (request->range.end, end_text);
  g_snprintf (timestamp_text, sizeof timestamp_text, "%" G_GINT64_FORMAT,
              lc_client_get_server_time (client));

  {
    const LcParam params[] = {
      { "appId", client->app_id },
      { "timestamp", timestamp_text },
      { "startDate", start_text },
      { "endDate", end_text },
    };

    signature = lc_signature_compute (client->app_secret, params, G_N_ELEMENTS (params));
  }

  query = soup_form_encode ("appId", client->app_id,
                            "timestamp", timestamp_text,
                            "startDate", start_text,
                            "endDate", end_text,
                            "sign", signature,
                            NULL);
  url = g_strconcat (client->base_url, LC_CONCURRENCE_PATH, "?", query, NULL);

  /* The URL carries the signature: only the path and the days go to the log. */
  g_debug ("GET %s for %s to %s, attempt %u of %u",
           LC_CONCURRENCE_PATH, start_text, end_text, request->n_attempts,
           LC_MAX_ATTEMPTS_PER_CHUNK);

  request->message = soup_message_new (SOUP_METHOD_GET, url);
  if (request->message == NULL)
    {
      GError *error = NULL;

      lc_set_error (&error, LC_ERROR_INVALID_URL, "the request address cannot be built", 0);
      chunk_request_free (request);
      fetch_fail (fetch, error);
      return;
    }

  /* The API never redirects; a redirect is a captive portal or a proxy, not an answer. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");

  request->cancellable = g_cancellable_new ();
  request->timed_out = FALSE;

  if (client->request_timeout_seconds > 0)
    {
      request->deadline_source = g_timeout_source_new (client->request_timeout_seconds * 1000);
      g_source_set_callback (request->deadline_source, chunk_request_deadline_cb, request, NULL);
      g_source_attach (request->deadline_source, fetch->context);
    }

  g_main_context_push_thread_default (fetch->context);
  soup_session_send_async (client->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, chunk_request_sent_cb, request);
  g_main_context_pop_thread_default (fetch->context);
}

/* Starts chunks in time order until LC_MAX_REQUESTS_IN_FLIGHT are active. */
static void
fetch_start_pending_chunks (Fetch *fetch)
{
  while (!fetch->finished
         && fetch->active->len < LC_MAX_REQUESTS_IN_FLIGHT
         && fetch->next_chunk < fetch->chunks->len)
    {
      ChunkRequest *request = g_new0 (ChunkRequest, 1);

      request->fetch = fetch;
      request->task = g_object_ref (fetch->task);
      request->index = fetch->next_chunk++;
      request->range = g_array_index (fetch->chunks, LcRange, request->index);
      g_ptr_array_add (fetch->active, request);

      chunk_request_start_attempt (request);
    }
}

/**
 * lc_client_fetch_async:
 * @range: the days to fetch, on the platform's calendar
 * @cancellable: (nullable): cancels the whole fetch, promptly
 * @progress_func: (nullable): called after each chunk arrives
 * @progress_data: data for @progress_func
 * @callback: called on the caller's thread-default main context when the fetch ends
 * @user_data: data for @callback
 *
 * Fetches the viewers of every minute of @range. Invalid ranges fail before any request.
 */
void
lc_client_fetch_async (LcClient            *self,
                       LcRange              range,
                       GCancellable        *cancellable,
                       LcProgressFunc       progress_func,
                       gpointer             progress_data,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Fetch *fetch;

  g_return_if_fail (LC_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lc_client_fetch_async);

  if (!lc_range_validate (range, lc_client_get_today (self), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  fetch = g_new0 (Fetch, 1);
  fetch->client = self;
  fetch->task = g_object_ref (task);
  fetch->context = g_main_context_ref_thread_default ();
  fetch->chunks = lc_range_plan_chunks (range);
  fetch->parts = g_new0 (LcSeries *, fetch->chunks->len);
  fetch->active = g_ptr_array_new ();
  fetch->progress_func = progress_func;
  fetch->progress_data = progress_data;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  g_debug ("Fetching %u days in %u chunks", lc_range_get_n_days (range), fetch->chunks->len);

  if (cancellable != NULL)
    {
      fetch->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (fetch->cancel_source, G_SOURCE_FUNC (fetch_cancelled_cb), fetch,
                             NULL);
      g_source_attach (fetch->cancel_source, fetch->context);
    }

  fetch_start_pending_chunks (fetch);
}

/**
 * lc_client_fetch_finish:
 *
 * Returns: (transfer full) (nullable): the merged series of the whole range, or %NULL with
 *   @error set; cancellation gives %G_IO_ERROR_CANCELLED and never a partial series
 */
LcSeries *
lc_client_fetch_finish (LcClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lc_client_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
