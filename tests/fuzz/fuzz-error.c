/* fuzz-error.c: libFuzzer harness for the mapping from an error answer to an LcError
 *
 * The API's error answers are matched on their message first and on their code and HTTP
 * status after, because the vendor's pages disagree on the codes. This harness builds a
 * well-formed answer from the input, so that the fuzzer spends its time on the mapping rather
 * than on JSON syntax: the first byte picks the "code", the second the HTTP status, the third
 * the shape of the other members, and the rest is the "message". A small model of the mapping,
 * written from the documented error table, says what the parser must decide; the extended
 * error's accessors must then hand back the server's words and the status unchanged, also
 * after the error is copied.
 *
 * The raw input also goes through the parser as a body of its own, so that every byte string
 * the fuzzer invents is held to the general promises too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-fuzz"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fuzz-answer.h"
#include "lc-error.h"
#include "lc-response.h"

static const gint64 codes[] = {
  400, 403, 401, 500, 429, 200, 404, 502, 503, 0, -1, 1, 999, 4000000000, G_MININT64, 200,
};

static const guint http_statuses[] = {
  200, 400, 403, 401, 500, 429, 502, 503, 404, 301, 204, 0, 599, 600, 999, 200,
};

/* The third byte of an input, bit by bit. */
typedef enum
{
  STATUS_ERROR,
  STATUS_MISSING,
  STATUS_SUCCESS,
  STATUS_OTHER,
} StatusShape;

typedef enum
{
  MESSAGE_STRING,
  MESSAGE_MISSING,
  MESSAGE_NUMBER,
  MESSAGE_NULL,
} MessageShape;

typedef enum
{
  DATA_EMPTY_STRING,
  DATA_NULL,
  DATA_EMPTY_LIST,
  DATA_MISSING,
} DataShape;

typedef struct
{
  gint64        code;
  gboolean      code_as_string;
  guint         http_status;
  StatusShape   status;
  MessageShape  message_shape;
  DataShape     data;
  char         *message;
} ErrorAnswer;

/* What the parser must decide about an ErrorAnswer. */
typedef struct
{
  gboolean    success;
  LcError     code;
  const char *server_message; /* checked only when the answer is the API's own error */
  gboolean    check_server_message;
} Verdict;

static const struct
{
  const char *message;
  LcError     code;
} documented_messages[] = {
  { "appId is required.", LC_ERROR_APP_ID_REQUIRED },
  { "application not found.", LC_ERROR_APPLICATION_NOT_FOUND },
  { "invalid timestamp.", LC_ERROR_INVALID_TIMESTAMP },
  { "invalid signature.", LC_ERROR_INVALID_SIGNATURE },
  { "startDate can not great endDater", LC_ERROR_START_AFTER_END },
};

static void
error_answer_read (ErrorAnswer   *answer,
                   const uint8_t *data,
                   size_t         size)
{
  guint8 shape = size > 2 ? data[2] : 0;
  g_autofree char *raw_message = NULL;

  answer->code = codes[(size > 0 ? data[0] : 0) % G_N_ELEMENTS (codes)];
  answer->http_status = http_statuses[(size > 1 ? data[1] : 0) % G_N_ELEMENTS (http_statuses)];
  answer->status = (StatusShape) (shape & 3);
  answer->message_shape = (MessageShape) ((shape >> 2) & 3);
  answer->data = (DataShape) ((shape >> 4) & 3);
  answer->code_as_string = (shape & 0x40) != 0;

  /* JSON strings are UTF-8 without NUL; the message is what a generator can write. */
  raw_message = size > 3 ? g_strndup ((const char *) data + 3, size - 3) : g_strdup ("");
  answer->message = g_utf8_make_valid (raw_message, -1);
}

static char *
error_answer_to_json (const ErrorAnswer *answer,
                      gsize             *out_length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char *const status_texts[] = { "error", NULL, "success", "fail" };

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "code");
  if (answer->code_as_string)
    {
      g_autofree char *code_text = g_strdup_printf ("%" G_GINT64_FORMAT, answer->code);

      json_builder_add_string_value (builder, code_text);
    }
  else
    json_builder_add_int_value (builder, answer->code);

  if (status_texts[answer->status] != NULL)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_texts[answer->status]);
    }

  switch (answer->message_shape)
    {
    case MESSAGE_STRING:
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, answer->message);
      break;
    case MESSAGE_NUMBER:
      json_builder_set_member_name (builder, "message");
      json_builder_add_int_value (builder, 42);
      break;
    case MESSAGE_NULL:
      json_builder_set_member_name (builder, "message");
      json_builder_add_null_value (builder);
      break;
    case MESSAGE_MISSING:
    default:
      break;
    }

  switch (answer->data)
    {
    case DATA_EMPTY_STRING:
      json_builder_set_member_name (builder, "data");
      json_builder_add_string_value (builder, "");
      break;
    case DATA_NULL:
      json_builder_set_member_name (builder, "data");
      json_builder_add_null_value (builder);
      break;
    case DATA_EMPTY_LIST:
      json_builder_set_member_name (builder, "data");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      break;
    case DATA_MISSING:
    default:
      break;
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, out_length);
}

/* An answer that is no API answer at all: the status decides, as for a proxy's page. */
static LcError
code_for_non_answer (guint http_status)
{
  if (http_status >= 500 && http_status <= 599)
    return LC_ERROR_SERVER;
  if (http_status == 403)
    return LC_ERROR_RATE_LIMITED;

  return LC_ERROR_UNEXPECTED_RESPONSE;
}

/* The documented error table, written down independently of the parser. */
static Verdict
expected_verdict (const ErrorAnswer *answer)
{
  Verdict verdict = { FALSE, LC_ERROR_API, NULL, FALSE };
  const char *message = answer->message_shape == MESSAGE_STRING ? answer->message : NULL;

  /* A 429 means slow down, whatever came with it. */
  if (answer->http_status == 429)
    {
      verdict.code = LC_ERROR_RATE_LIMITED;
      return verdict;
    }

  if (answer->code_as_string)
    {
      verdict.code = code_for_non_answer (answer->http_status);
      return verdict;
    }

  /* The API's own error: the message decides first, as the codes disagree across its pages. */
  if (answer->code != 200 || answer->status == STATUS_ERROR)
    {
      verdict.check_server_message = TRUE;
      verdict.server_message = message;

      for (guint i = 0; message != NULL && i < G_N_ELEMENTS (documented_messages); i++)
        {
          if (strcmp (message, documented_messages[i].message) == 0)
            {
              verdict.code = documented_messages[i].code;
              return verdict;
            }
        }

      if (message != NULL && g_str_has_prefix (message, "param is not digit:"))
        verdict.code = LC_ERROR_PARAM_NOT_DIGIT;
      else if (answer->code == 429)
        verdict.code = LC_ERROR_RATE_LIMITED;
      else if (answer->code == 500 || answer->http_status >= 500)
        verdict.code = LC_ERROR_SERVER;
      else
        verdict.code = LC_ERROR_API;

      return verdict;
    }

  /* Code 200 and no "error": a success, if everything else says so too. */
  if (answer->status == STATUS_OTHER)
    {
      verdict.code = LC_ERROR_UNEXPECTED_RESPONSE;
      return verdict;
    }

  if (answer->http_status != 200)
    {
      verdict.code = code_for_non_answer (answer->http_status);
      return verdict;
    }

  if (answer->data == DATA_NULL || answer->data == DATA_EMPTY_LIST)
    {
      verdict.success = TRUE;
      return verdict;
    }

  verdict.code = LC_ERROR_UNEXPECTED_RESPONSE;
  return verdict;
}

/* The details of an extended error survive a copy, and a clock offset set on the copy stays
 * there. */
static void
check_error_details_survive_copy (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);

  FUZZ_CHECK (copy->domain == error->domain);
  FUZZ_CHECK (copy->code == error->code);
  FUZZ_CHECK (g_strcmp0 (copy->message, error->message) == 0);
  FUZZ_CHECK (g_strcmp0 (lc_error_get_server_message (copy),
                         lc_error_get_server_message (error)) == 0);
  FUZZ_CHECK (lc_error_get_http_status (copy) == lc_error_get_http_status (error));

  lc_error_set_clock_offset (copy, -181000);
  FUZZ_CHECK (lc_error_get_clock_offset (copy) == -181000);
  FUZZ_CHECK (lc_error_get_clock_offset (error) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ErrorAnswer answer = { 0 };
  g_autofree char *body = NULL;
  g_autoptr(LcSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  Verdict verdict;

  /* The well-formed answer the input describes, against the model. */
  error_answer_read (&answer, data, size);
  body = error_answer_to_json (&answer, &length);
  verdict = expected_verdict (&answer);

  series = lc_response_parse (body, length, answer.http_status, "application/json", &error);
  FUZZ_CHECK ((series == NULL) != (error == NULL));
  if (verdict.success)
    {
      FUZZ_CHECK (series != NULL);
      FUZZ_CHECK (lc_series_get_length (series) == 0);
    }
  else
    {
      FUZZ_CHECK (series == NULL);
      fuzz_check_parser_error (error, answer.http_status);
      FUZZ_CHECK (error->code == (int) verdict.code);
      if (verdict.check_server_message)
        FUZZ_CHECK (g_strcmp0 (lc_error_get_server_message (error), verdict.server_message) == 0);
      check_error_details_survive_copy (error);
    }
  g_clear_pointer (&series, lc_series_unref);
  g_clear_error (&error);
  g_free (answer.message);

  /* The same bytes as a body of their own. */
  {
    g_auto(FuzzAnswer) raw = { 0 };

    fuzz_answer_read (&raw, data, size);
    series = lc_response_parse (raw.body, raw.length, raw.http_status, raw.content_type, &error);
    FUZZ_CHECK ((series == NULL) != (error == NULL));
    if (series != NULL)
      fuzz_check_series (series);
    else
      {
        fuzz_check_parser_error (error, raw.http_status);
        check_error_details_survive_copy (error);
      }
  }

  return 0;
}
