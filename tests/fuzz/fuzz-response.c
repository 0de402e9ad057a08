/* fuzz-response.c: libFuzzer harness for lc_response_parse(), the reader of every answer
 *
 * Each input is one answer (see fuzz-answer.c for how the HTTP status and Content-Type ride
 * along). The answer goes through lc_response_parse() and, apart, through the fast reader and
 * the json-glib reader. Whatever the bytes, the parser must return a well-formed series or a
 * well-formed error, never both and never neither, and the two readers must agree whenever the
 * fast one accepts a body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-fuzz"

#include "config.h"

#include "fuzz-answer.h"
#include "lc-error.h"
#include "lc-response-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(FuzzAnswer) answer = { 0 };
  g_autoptr(LcSeries) series = NULL;
  g_autoptr(LcSeries) tree_series = NULL;
  g_autoptr(LcSeries) fast_series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) tree_error = NULL;

  fuzz_answer_read (&answer, data, size);

  /* The entry point: exactly one of a series and an error, each keeping its promises. */
  series = lc_response_parse (answer.body, answer.length, answer.http_status,
                              answer.content_type, &error);
  FUZZ_CHECK ((series == NULL) != (error == NULL));
  if (series != NULL)
    fuzz_check_series (series);
  else
    fuzz_check_parser_error (error, answer.http_status);

  /* The general reader alone decides the same, whichever reader the entry point used. */
  tree_series = lc_response_parse_tree (answer.body, answer.length, answer.http_status,
                                        answer.content_type, &tree_error);
  FUZZ_CHECK ((tree_series == NULL) != (tree_error == NULL));
  fuzz_check_same_verdict (series, error, tree_series, tree_error);

  /* The fast reader may decline anything, but what it accepts the general reader reads the
   * same way. It knows nothing of HTTP, so the comparison holds for a 200 only. */
  fast_series = lc_response_parse_fast (answer.body, answer.length);
  if (fast_series != NULL)
    {
      g_autoptr(LcSeries) tree_series_200 = NULL;
      g_autoptr(GError) tree_error_200 = NULL;

      fuzz_check_series (fast_series);
      tree_series_200 = lc_response_parse_tree (answer.body, answer.length, 200,
                                                answer.content_type, &tree_error_200);
      FUZZ_CHECK (tree_series_200 != NULL);
      FUZZ_CHECK (lc_series_equal (fast_series, tree_series_200));
      if (answer.http_status == 200)
        FUZZ_CHECK (series != NULL && lc_series_equal (fast_series, series));
    }

  return 0;
}
