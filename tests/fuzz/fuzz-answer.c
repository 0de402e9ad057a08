/* fuzz-answer.c: reading a fuzz input as an answer, the parser's promises as checks, and the
 * set-up every harness shares
 *
 * An input is a body as it came off the wire, optionally preceded by one line that says how it
 * came: `#403 text/html` then a newline. The line lets the fuzzer vary the HTTP status and the
 * Content-Type while the seed corpus stays readable; an input without it is a body with status
 * 200 and the API's JSON type, which is what a mutated success answer mostly is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-fuzz"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-answer.h"
#include "lc-error.h"

/* The statuses a header line can name have at most three digits, like HTTP's own. */
#define STATUS_MAX_DIGITS 3

void
fuzz_fail (const char *file,
           int         line,
           const char *condition)
{
  fprintf (stderr, "%s:%d: broken promise: %s\n", file, line, condition);
  fflush (stderr);
  abort ();
}

/**
 * LLVMFuzzerInitialize:
 *
 * libFuzzer's set-up, the same for every harness: makes every warning and critical fatal, as
 * in the test suites, since a g_return_if_fail() that trips inside the parser is a finding, not
 * noise.
 */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("GLib", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("Json", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  return 0;
}

void
fuzz_answer_read (FuzzAnswer    *answer,
                  const uint8_t *data,
                  size_t         size)
{
  const char *text = (const char *) data;
  const char *body = text;
  const char *end = text + size;

  answer->http_status = FUZZ_DEFAULT_STATUS;
  answer->content_type = g_strdup (FUZZ_DEFAULT_CONTENT_TYPE);

  if (size > 0 && text[0] == '#')
    {
      const char *line_end = memchr (text, '\n', size);
      const char *pos = text + 1;
      guint status = 0;
      guint n_digits = 0;

      if (line_end == NULL)
        line_end = end;

      while (pos < line_end && n_digits < STATUS_MAX_DIGITS && g_ascii_isdigit (*pos))
        {
          status = status * 10 + (guint) (*pos - '0');
          pos++;
          n_digits++;
        }
      if (n_digits > 0)
        answer->http_status = status;

      /* A header line without a type stands for an answer that had no Content-Type at all.
       * libsoup hands over a type only in ASCII (it turns anything else into '?'), so the
       * harness does the same rather than test what can never reach the parser. */
      g_clear_pointer (&answer->content_type, g_free);
      if (pos < line_end && *pos == ' ')
        {
          answer->content_type = g_strndup (pos + 1, (gsize) (line_end - pos - 1));
          for (char *c = answer->content_type; *c != '\0'; c++)
            {
              if ((guchar) *c >= 0x80)
                *c = '?';
            }
        }

      body = line_end < end ? line_end + 1 : end;
    }

  /* A copy of exactly the body's size: a read past its end is caught by AddressSanitizer even
   * when the input came from a file that GLib would have nul-terminated. */
  answer->length = (gsize) (end - body);
  answer->body = g_malloc (MAX (answer->length, 1));
  if (answer->length > 0)
    memcpy (answer->body, body, answer->length);
}

void
fuzz_answer_clear (FuzzAnswer *answer)
{
  g_clear_pointer (&answer->content_type, g_free);
  g_clear_pointer (&answer->body, g_free);
  answer->length = 0;
}

/**
 * fuzz_check_series:
 *
 * A series from the parser is strictly ascending, one point per minute, and stores only
 * minutes that had viewers.
 */
void
fuzz_check_series (const LcSeries *series)
{
  const LcMinute *minutes = lc_series_get_minutes (series);
  const guint32 *viewers = lc_series_get_viewers (series);
  guint length = lc_series_get_length (series);

  for (guint i = 0; i < length; i++)
    {
      FUZZ_CHECK (viewers[i] > 0);
      FUZZ_CHECK (viewers[i] <= G_MAXINT32);
      if (i > 0)
        FUZZ_CHECK (minutes[i - 1] < minutes[i]);
    }
}

static gboolean
is_parser_error_code (int code)
{
  switch (code)
    {
    case LC_ERROR_APP_ID_REQUIRED:
    case LC_ERROR_APPLICATION_NOT_FOUND:
    case LC_ERROR_INVALID_TIMESTAMP:
    case LC_ERROR_INVALID_SIGNATURE:
    case LC_ERROR_PARAM_NOT_DIGIT:
    case LC_ERROR_START_AFTER_END:
    case LC_ERROR_API:
    case LC_ERROR_SERVER:
    case LC_ERROR_RATE_LIMITED:
    case LC_ERROR_UNEXPECTED_RESPONSE:
      return TRUE;

    /* The transport and the user's input are none of the parser's business. */
    default:
      return FALSE;
    }
}

/**
 * fuzz_check_parser_error:
 *
 * An error from the parser names what the answer meant in the LC_ERROR domain, with the
 * plain-language message of its code, and keeps the HTTP status and a detail in UTF-8 that an
 * app can show in a label and a terminal can print.
 */
void
fuzz_check_parser_error (const GError *error,
                         guint         http_status)
{
  const char *detail;

  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->domain == LC_ERROR);
  FUZZ_CHECK (is_parser_error_code (error->code));
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
  FUZZ_CHECK (strcmp (error->message, lc_error_describe (error->code)) == 0);
  FUZZ_CHECK (!lc_error_is_input_error (error));
  FUZZ_CHECK (lc_error_get_http_status (error) == http_status);
  FUZZ_CHECK (lc_error_get_clock_offset (error) == 0);

  detail = lc_error_get_server_message (error);
  if (detail != NULL)
    FUZZ_CHECK (g_utf8_validate (detail, -1, NULL));

  /* Answers the parser did not understand always say what arrived, for whoever debugs it. */
  if (error->code == LC_ERROR_UNEXPECTED_RESPONSE)
    FUZZ_CHECK (detail != NULL && detail[0] != '\0');
}

/**
 * fuzz_check_same_verdict:
 *
 * Two readings of the same answer agree: the same series, or the same error with the same
 * detail.
 */
void
fuzz_check_same_verdict (const LcSeries *series_a,
                         const GError   *error_a,
                         const LcSeries *series_b,
                         const GError   *error_b)
{
  FUZZ_CHECK ((series_a != NULL) == (series_b != NULL));

  if (series_a != NULL)
    {
      FUZZ_CHECK (lc_series_equal (series_a, series_b));
      return;
    }

  FUZZ_CHECK (error_a != NULL && error_b != NULL);
  FUZZ_CHECK (error_a->domain == error_b->domain);
  FUZZ_CHECK (error_a->code == error_b->code);
  FUZZ_CHECK (g_strcmp0 (lc_error_get_server_message (error_a),
                         lc_error_get_server_message (error_b)) == 0);
  FUZZ_CHECK (lc_error_get_http_status (error_a) == lc_error_get_http_status (error_b));
}
