/* fuzz-answer.h: what every fuzz harness of the response parser shares
 *
 * A fuzz input stands for one answer of the concurrence endpoint: a body, and the HTTP status
 * and Content-Type it arrived with. The checks here are the parser's promises, stated once:
 * a series is strictly ascending with no minute of zero viewers, an error is in the LC_ERROR
 * domain with a message for people and the HTTP status it came with, and the fast reader never
 * disagrees with the json-glib reader. A broken promise aborts, which is what libFuzzer and the
 * replay driver both count as a failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "lc-series.h"

G_BEGIN_DECLS

/* The status and type an answer gets when its input does not say. */
#define FUZZ_DEFAULT_STATUS       200
#define FUZZ_DEFAULT_CONTENT_TYPE "application/json; charset=utf-8"

typedef struct
{
  guint   http_status;
  char   *content_type;
  char   *body;         /* exactly length bytes, not nul-terminated */
  gsize   length;
} FuzzAnswer;

/* libFuzzer's entry points, which the replay driver calls as well: each harness has its own
 * LLVMFuzzerTestOneInput(), and fuzz-answer.c the LLVMFuzzerInitialize() they all share. */
int      LLVMFuzzerInitialize          (int             *argc,
                                        char          ***argv);
int      LLVMFuzzerTestOneInput        (const uint8_t   *data,
                                        size_t           size);

void     fuzz_answer_read              (FuzzAnswer      *answer,
                                        const uint8_t   *data,
                                        size_t           size);
void     fuzz_answer_clear             (FuzzAnswer      *answer);

void     fuzz_check_series             (const LcSeries  *series);
void     fuzz_check_parser_error       (const GError    *error,
                                        guint            http_status);
void     fuzz_check_same_verdict       (const LcSeries  *series_a,
                                        const GError    *error_a,
                                        const LcSeries  *series_b,
                                        const GError    *error_b);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FuzzAnswer, fuzz_answer_clear)

/* An assertion that holds in every build, with or without G_DISABLE_ASSERT. */
#define FUZZ_CHECK(condition)                                                        \
  G_STMT_START                                                                       \
  {                                                                                  \
    if (G_UNLIKELY (!(condition)))                                                   \
      fuzz_fail (__FILE__, __LINE__, #condition);                                    \
  }                                                                                  \
  G_STMT_END

G_NORETURN void fuzz_fail (const char *file,
                           int         line,
                           const char *condition);

G_END_DECLS
