/* lc-response.c: turning one answer of the concurrence endpoint into a series or an error
 *
 * A dense chunk of two months is 87,840 rows and about 4.4 MB of JSON, and a year is nine of
 * them, so reading a successful answer is the hot path of every fetch. A general JSON parser
 * builds a tree of several small allocations per row before a single point is stored; most of
 * the time goes there, and the tree briefly needs many times the memory of the series it becomes.
 *
 * So there are two readers. The fast reader knows exactly one shape, the successful answer as
 * the service sends it, and appends points straight into the series without building anything.
 * It gives up, without judging, at the first byte that does not fit that shape. Everything it
 * gives up on goes to the general reader, built on json-glib, which knows every shape, success
 * or error, and decides what the answer means. Because the fast reader either produces the same
 * series the general reader would or declines, which reader ran never changes the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-response"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "lc-date.h"
#include "lc-error.h"
#include "lc-response-private.h"

/* The most digits a count of viewers may have: G_MAXINT32 has ten. */
#define VIEWERS_MAX_DIGITS 10

/* A row of the compact answer is about fifty bytes; this guess sizes the series up front so
 * that it is not grown a dozen times while a chunk is read. */
#define BYTES_PER_ROW_ESTIMATE 48

/* The documented error messages, matched exactly as the service spells them. */
static const struct
{
  const char *message;
  LcError     code;
} known_messages[] = {
  { "appId is required.", LC_ERROR_APP_ID_REQUIRED },
  { "application not found.", LC_ERROR_APPLICATION_NOT_FOUND },
  { "invalid timestamp.", LC_ERROR_INVALID_TIMESTAMP },
  { "invalid signature.", LC_ERROR_INVALID_SIGNATURE },
  { "startDate can not great endDater", LC_ERROR_START_AFTER_END },
};

#define PARAM_NOT_DIGIT_PREFIX "param is not digit:"

/* Reads a count of viewers written as decimal digits, the form both a JSON number and the
 * numeric strings of the vendor's Java SDK take. Signs, spaces, fractions and anything above
 * G_MAXINT32 are refused: a count of viewers is never any of those. */
static gboolean
parse_viewers_digits (const char *text,
                      gsize       length,
                      guint32    *out_viewers)
{
  guint64 value = 0;

  if (length == 0 || length > VIEWERS_MAX_DIGITS)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint64) (text[i] - '0');
    }

  if (value > G_MAXINT32)
    return FALSE;

  *out_viewers = (guint32) value;
  return TRUE;
}

static LcError
error_code_for_message (const char *message)
{
  if (message == NULL)
    return LC_ERROR_API;

  for (guint i = 0; i < G_N_ELEMENTS (known_messages); i++)
    {
      if (strcmp (message, known_messages[i].message) == 0)
        return known_messages[i].code;
    }

  if (g_str_has_prefix (message, PARAM_NOT_DIGIT_PREFIX))
    return LC_ERROR_PARAM_NOT_DIGIT;

  return LC_ERROR_API;
}

/* Says what arrived without quoting it: a body can be megabytes of someone else's HTML. */
static char *
describe_arrival (guint       http_status,
                  const char *content_type,
                  gsize       length)
{
  return g_strdup_printf ("HTTP %u, content type %.64s, %" G_GSIZE_FORMAT " bytes",
                          http_status,
                          content_type != NULL ? content_type : "(none)",
                          length);
}

static void
set_unexpected_shape (GError     **error,
                      guint        http_status,
                      const char  *content_type,
                      gsize        length,
                      const char  *what)
{
  g_autofree char *arrival = describe_arrival (http_status, content_type, length);
  g_autofree char *detail = g_strdup_printf ("%s: %s", arrival, what);

  lc_set_error (error, LC_ERROR_UNEXPECTED_RESPONSE, detail, http_status);
}

/* The fast reader. */

typedef struct
{
  const char *pos;
  const char *end;

  /* Consecutive rows almost always share their day, so the last one is remembered. */
  char        last_day_text[10];
  LcDay       last_day;
  gboolean    has_last_day;
} FastReader;

static inline void
fast_skip_space (FastReader *reader)
{
  while (reader->pos < reader->end
         && (*reader->pos == ' ' || *reader->pos == '\n' || *reader->pos == '\r'
             || *reader->pos == '\t'))
    reader->pos++;
}

static inline gboolean
fast_expect_char (FastReader *reader,
                  char        expected)
{
  fast_skip_space (reader);

  if (reader->pos >= reader->end || *reader->pos != expected)
    return FALSE;

  reader->pos++;
  return TRUE;
}

/* Matches `"name" :` where quoted_name includes the quotes. */
static inline gboolean
fast_expect_key (FastReader *reader,
                 const char *quoted_name,
                 gsize       quoted_length)
{
  fast_skip_space (reader);

  if ((gsize) (reader->end - reader->pos) < quoted_length
      || memcmp (reader->pos, quoted_name, quoted_length) != 0)
    return FALSE;

  reader->pos += quoted_length;
  return fast_expect_char (reader, ':');
}

#define FAST_EXPECT_KEY(reader, literal) \
  fast_expect_key ((reader), "\"" literal "\"", sizeof (literal) + 1)

/* Matches a literal token such as `"success"` or `200`. */
static inline gboolean
fast_expect_token (FastReader *reader,
                   const char *token,
                   gsize       token_length)
{
  fast_skip_space (reader);

  if ((gsize) (reader->end - reader->pos) < token_length
      || memcmp (reader->pos, token, token_length) != 0)
    return FALSE;

  reader->pos += token_length;
  return TRUE;
}

/* Skips a string made of printable ASCII without escapes; anything else is left to json-glib,
 * which knows the rules for escapes and for UTF-8. */
static gboolean
fast_skip_plain_string (FastReader *reader)
{
  fast_skip_space (reader);

  if (reader->pos >= reader->end || *reader->pos != '"')
    return FALSE;

  for (reader->pos++; reader->pos < reader->end; reader->pos++)
    {
      char c = *reader->pos;

      if (c == '"')
        {
          reader->pos++;
          return TRUE;
        }
      if (c == '\\' || c < 0x20 || c > 0x7e)
        return FALSE;
    }

  return FALSE;
}

static inline gboolean
is_digit_at (const char *text,
             guint       index)
{
  return text[index] >= '0' && text[index] <= '9';
}

static gboolean
fast_read_day (FastReader *reader,
               LcDay      *out_day)
{
  const char *text;
  char day_text[11];

  fast_skip_space (reader);
  if (reader->end - reader->pos < 12 || reader->pos[0] != '"' || reader->pos[11] != '"')
    return FALSE;

  text = reader->pos + 1;
  reader->pos += 12;

  if (reader->has_last_day && memcmp (text, reader->last_day_text, 10) == 0)
    {
      *out_day = reader->last_day;
      return TRUE;
    }

  if (!is_digit_at (text, 0) || !is_digit_at (text, 1) || !is_digit_at (text, 2)
      || !is_digit_at (text, 3) || text[4] != '-' || !is_digit_at (text, 5)
      || !is_digit_at (text, 6) || text[7] != '-' || !is_digit_at (text, 8)
      || !is_digit_at (text, 9))
    return FALSE;

  memcpy (day_text, text, 10);
  day_text[10] = '\0';
  if (!lc_day_parse (day_text, out_day))
    return FALSE;

  memcpy (reader->last_day_text, text, 10);
  reader->last_day = *out_day;
  reader->has_last_day = TRUE;

  return TRUE;
}

static gboolean
fast_read_minute_of_day (FastReader *reader,
                         int        *out_minute_of_day)
{
  const char *text;
  int hours;
  int minutes;

  fast_skip_space (reader);
  if (reader->end - reader->pos < 7 || reader->pos[0] != '"' || reader->pos[6] != '"')
    return FALSE;

  text = reader->pos + 1;
  if (!is_digit_at (text, 0) || !is_digit_at (text, 1) || text[2] != ':'
      || !is_digit_at (text, 3) || !is_digit_at (text, 4))
    return FALSE;

  hours = (text[0] - '0') * 10 + (text[1] - '0');
  minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59)
    return FALSE;

  reader->pos += 7;
  *out_minute_of_day = hours * 60 + minutes;
  return TRUE;
}

static gboolean
fast_read_viewers (FastReader *reader,
                   guint32    *out_viewers)
{
  const char *start;
  gboolean quoted;

  fast_skip_space (reader);
  if (reader->pos >= reader->end)
    return FALSE;

  quoted = *reader->pos == '"';
  if (quoted)
    reader->pos++;

  start = reader->pos;
  while (reader->pos < reader->end && *reader->pos >= '0' && *reader->pos <= '9')
    reader->pos++;

  /* JSON forbids leading zeros in numbers; json-glib's verdict on them is the one that counts. */
  if (!quoted && reader->pos - start > 1 && start[0] == '0')
    return FALSE;

  if (!parse_viewers_digits (start, (gsize) (reader->pos - start), out_viewers))
    return FALSE;

  if (quoted)
    {
      if (reader->pos >= reader->end || *reader->pos != '"')
        return FALSE;
      reader->pos++;
    }

  return TRUE;
}

static gboolean
fast_read_row (FastReader *reader,
               LcSeries   *series)
{
  LcDay day;
  int minute_of_day;
  guint32 viewers;

  if (!fast_expect_char (reader, '{')
      || !FAST_EXPECT_KEY (reader, "day") || !fast_read_day (reader, &day)
      || !fast_expect_char (reader, ',')
      || !FAST_EXPECT_KEY (reader, "minute") || !fast_read_minute_of_day (reader, &minute_of_day)
      || !fast_expect_char (reader, ',')
      || !FAST_EXPECT_KEY (reader, "viewers") || !fast_read_viewers (reader, &viewers)
      || !fast_expect_char (reader, '}'))
    return FALSE;

  /* A minute nobody watched carries no information: the series stores only active minutes. */
  if (viewers > 0)
    lc_series_append (series, (LcMinute) day * LC_MINUTES_PER_DAY + minute_of_day, viewers);

  return TRUE;
}

/**
 * lc_response_parse_fast:
 * @body: the body of the answer
 * @length: its length in bytes
 *
 * Reads the exact shape of a successful answer,
 * `{"code":200,"status":"success","message":"…","data":[{"day":…,"minute":…,"viewers":…},…]}`,
 * keys in that order, whitespace allowed between tokens.
 *
 * Returns: (transfer full) (nullable): the normalized series, or %NULL if the body is anything
 *   else, in which case the general reader must decide what it is
 */
LcSeries *
lc_response_parse_fast (const char *body,
                        gsize       length)
{
  g_autoptr(LcSeries) series = NULL;
  FastReader reader = { 0 };

  g_return_val_if_fail (body != NULL || length == 0, NULL);

  if (length == 0)
    return NULL;

  reader.pos = body;
  reader.end = body + length;

  if (!fast_expect_char (&reader, '{')
      || !FAST_EXPECT_KEY (&reader, "code") || !fast_expect_token (&reader, "200", 3)
      || !fast_expect_char (&reader, ',')
      || !FAST_EXPECT_KEY (&reader, "status") || !fast_expect_token (&reader, "\"success\"", 9)
      || !fast_expect_char (&reader, ',')
      || !FAST_EXPECT_KEY (&reader, "message") || !fast_skip_plain_string (&reader)
      || !fast_expect_char (&reader, ',')
      || !FAST_EXPECT_KEY (&reader, "data") || !fast_expect_char (&reader, '['))
    return NULL;

  series = lc_series_new (length / BYTES_PER_ROW_ESTIMATE + 1);

  fast_skip_space (&reader);
  if (reader.pos < reader.end && *reader.pos == ']')
    {
      reader.pos++;
    }
  else
    {
      for (;;)
        {
          if (!fast_read_row (&reader, series))
            return NULL;

          fast_skip_space (&reader);
          if (reader.pos < reader.end && *reader.pos == ',')
            reader.pos++;
          else if (reader.pos < reader.end && *reader.pos == ']')
            {
              reader.pos++;
              break;
            }
          else
            return NULL;
        }
    }

  if (!fast_expect_char (&reader, '}'))
    return NULL;

  fast_skip_space (&reader);
  if (reader.pos != reader.end)
    return NULL;

  lc_series_normalize (series);

  return g_steal_pointer (&series);
}

/* The general reader. */

static gboolean
tree_read_viewers (JsonNode *node,
                   guint32  *out_viewers)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      {
        gint64 value = json_node_get_int (node);

        if (value < 0 || value > G_MAXINT32)
          return FALSE;
        *out_viewers = (guint32) value;
        return TRUE;
      }

    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        return parse_viewers_digits (text, strlen (text), out_viewers);
      }

    default:
      return FALSE;
    }
}

static const char *
tree_get_string_member (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Appends every row of @rows to @series; on a malformed row, says which and why in @out_what. */
static gboolean
tree_read_rows (JsonArray  *rows,
                LcSeries   *series,
                char      **out_what)
{
  guint n_rows = json_array_get_length (rows);

  for (guint i = 0; i < n_rows; i++)
    {
      JsonNode *row_node = json_array_get_element (rows, i);
      JsonObject *row;
      const char *day_text;
      const char *minute_text;
      LcDay day;
      LcMinute minute;
      guint32 viewers;

      if (!JSON_NODE_HOLDS_OBJECT (row_node))
        {
          *out_what = g_strdup_printf ("row %u is not an object", i);
          return FALSE;
        }
      row = json_node_get_object (row_node);

      day_text = tree_get_string_member (row, "day");
      if (day_text == NULL || !lc_day_parse (day_text, &day))
        {
          *out_what = g_strdup_printf ("row %u has no valid \"day\"", i);
          return FALSE;
        }

      minute_text = tree_get_string_member (row, "minute");
      if (minute_text == NULL || !lc_minute_parse (day, minute_text, &minute))
        {
          *out_what = g_strdup_printf ("row %u has no valid \"minute\"", i);
          return FALSE;
        }

      if (!tree_read_viewers (json_object_get_member (row, "viewers"), &viewers))
        {
          *out_what = g_strdup_printf ("row %u has no valid \"viewers\"", i);
          return FALSE;
        }

      if (viewers > 0)
        lc_series_append (series, minute, viewers);
    }

  return TRUE;
}

/* Maps an error answer: first by its message, which is what the service is consistent about,
 * then by its code and HTTP status. */
static void
tree_set_api_error (GError     **error,
                    gint64       code,
                    const char  *message,
                    guint        http_status)
{
  LcError lc_code = error_code_for_message (message);

  if (lc_code == LC_ERROR_API)
    {
      if (code == 429)
        lc_code = LC_ERROR_RATE_LIMITED;
      else if (code == 500 || http_status >= 500)
        lc_code = LC_ERROR_SERVER;
    }

  lc_set_error (error, lc_code, message, http_status);
}

/* Decides what a body that is not valid JSON, or JSON of no known shape, means: a 5xx is the
 * server's trouble whatever the page says, and a 403 page that is not the API's own JSON is the
 * provider's block page for clients over the rate limit. */
static void
set_not_an_answer (GError     **error,
                   guint        http_status,
                   const char  *content_type,
                   gsize        length,
                   const char  *what)
{
  if (http_status >= 500 && http_status <= 599)
    {
      g_autofree char *arrival = describe_arrival (http_status, content_type, length);

      lc_set_error (error, LC_ERROR_SERVER, arrival, http_status);
    }
  else if (http_status == 403)
    {
      g_autofree char *arrival = describe_arrival (http_status, content_type, length);

      lc_set_error (error, LC_ERROR_RATE_LIMITED, arrival, http_status);
    }
  else
    {
      set_unexpected_shape (error, http_status, content_type, length, what);
    }
}

static inline gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* json-glib 1.6 takes a body of several JSON values one after the other, such as two answers
 * glued together, without an error: it keeps one of them as the root and leaks the others, so
 * tens of megabytes of tiny objects leak gigabytes. This finds the end of the first value, minding
 * strings and nesting but nothing else, and says whether anything but whitespace follows it.
 * A body that is malformed in any other way is left for json-glib to refuse. */
static gboolean
has_more_than_one_value (const char *body,
                         gsize       length)
{
  const char *pos = body;
  const char *end = body + length;
  gsize depth = 0;

  while (pos < end && is_json_space (*pos))
    pos++;
  if (pos == end)
    return FALSE;

  do
    {
      char c = *pos++;

      if (c == '"')
        {
          while (pos < end && *pos != '"')
            pos += *pos == '\\' && pos + 1 < end ? 2 : 1;
          if (pos >= end)
            return FALSE;
          pos++;
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return FALSE;
          depth--;
        }
      else if (depth == 0)
        {
          /* A number or a literal at the top: it runs to the next delimiter. */
          while (pos < end && !is_json_space (*pos) && strchr ("{}[],:\"", *pos) == NULL)
            pos++;
        }
    }
  while (pos < end && depth > 0);

  while (pos < end && is_json_space (*pos))
    pos++;

  return pos < end;
}

/* Reads @body into @series with json-glib. The tree lives only inside this function, so it is
 * gone before the series is sorted and handed on. */
static gboolean
tree_convert (const char  *body,
              gsize        length,
              guint        http_status,
              const char  *content_type,
              LcSeries   **out_series,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;
  g_autofree char *what = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *code_node;
  JsonNode *data_node;
  const char *status;
  const char *message;
  gint64 code;

  if (length == 0)
    {
      set_not_an_answer (error, http_status, content_type, length, "empty body");
      return FALSE;
    }

  if (has_more_than_one_value (body, length))
    {
      set_not_an_answer (error, http_status, content_type, length, "more than one JSON value");
      return FALSE;
    }

  if (length > G_MAXSSIZE
      || !json_parser_load_from_data (parser, body, (gssize) length, &json_error))
    {
      set_not_an_answer (error, http_status, content_type, length, "not JSON");
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_not_an_answer (error, http_status, content_type, length, "JSON but not an object");
      return FALSE;
    }
  object = json_node_get_object (root);

  code_node = json_object_get_member (object, "code");
  if (code_node == NULL || JSON_NODE_TYPE (code_node) != JSON_NODE_VALUE
      || json_node_get_value_type (code_node) != G_TYPE_INT64)
    {
      set_not_an_answer (error, http_status, content_type, length, "no numeric \"code\"");
      return FALSE;
    }
  code = json_node_get_int (code_node);

  status = tree_get_string_member (object, "status");
  message = tree_get_string_member (object, "message");

  /* Anything that is not a plain success is an error answer, whatever else it holds. */
  if (code != 200 || g_strcmp0 (status, "error") == 0)
    {
      tree_set_api_error (error, code, message, http_status);
      return FALSE;
    }

  if (status != NULL && strcmp (status, "success") != 0)
    {
      set_unexpected_shape (error, http_status, content_type, length, "unknown \"status\"");
      return FALSE;
    }

  if (http_status != 200)
    {
      set_not_an_answer (error, http_status, content_type, length,
                         "a successful body with an unsuccessful HTTP status");
      return FALSE;
    }

  /* A success with nothing to report is an empty series; "data": null is read the same way. */
  data_node = json_object_get_member (object, "data");
  if (data_node != NULL && JSON_NODE_HOLDS_NULL (data_node))
    {
      *out_series = lc_series_new (0);
      return TRUE;
    }

  if (data_node == NULL || !JSON_NODE_HOLDS_ARRAY (data_node))
    {
      set_unexpected_shape (error, http_status, content_type, length,
                            "\"data\" of a success is not a list");
      return FALSE;
    }

  *out_series = lc_series_new (json_array_get_length (json_node_get_array (data_node)));
  if (!tree_read_rows (json_node_get_array (data_node), *out_series, &what))
    {
      g_clear_pointer (out_series, lc_series_unref);
      set_unexpected_shape (error, http_status, content_type, length, what);
      return FALSE;
    }

  return TRUE;
}

/**
 * lc_response_parse_tree:
 *
 * The general reader: see lc_response_parse() for the meaning of the arguments.
 */
LcSeries *
lc_response_parse_tree (const char  *body,
                        gsize        length,
                        guint        http_status,
                        const char  *content_type,
                        GError     **error)
{
  LcSeries *series = NULL;

  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Whatever a 429 says, it means slow down; it may not even be the API's own JSON. */
  if (http_status == 429)
    {
      g_autofree char *arrival = describe_arrival (http_status, content_type, length);

      lc_set_error (error, LC_ERROR_RATE_LIMITED, arrival, http_status);
      return NULL;
    }

  if (!tree_convert (body, length, http_status, content_type, &series, error))
    return NULL;

  lc_series_normalize (series);

  return series;
}

/**
 * lc_response_parse:
 * @body: (array length=length): the body of the answer, not necessarily nul-terminated
 * @length: its length in bytes
 * @http_status: the HTTP status it came with
 * @content_type: (nullable): its Content-Type, used only to describe an answer not understood
 * @error: return location for an error in the %LC_ERROR domain
 *
 * Turns one answer of the concurrence endpoint into a series, ascending with one point per
 * minute and no minute without viewers, or into the error the answer stands for.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error set
 */
LcSeries *
lc_response_parse (const char  *body,
                   gsize        length,
                   guint        http_status,
                   const char  *content_type,
                   GError     **error)
{
  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (http_status == 200)
    {
      LcSeries *series = lc_response_parse_fast (body, length);

      if (series != NULL)
        return series;
    }

  return lc_response_parse_tree (body, length, http_status, content_type, error);
}
