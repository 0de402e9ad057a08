/* lc-response-private.h: the two ways lc_response_parse() reads a body, for tests and benchmarks
 *
 * lc_response_parse() first tries a strict reader that only knows the exact shape of a successful
 * answer, and hands anything else to a general JSON reader. Both are exposed here so that tests
 * can check they agree on every shape and the benchmark can time them apart. The app and the CLI
 * only ever call lc_response_parse().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lc-response.h"

G_BEGIN_DECLS

/* Returns NULL, without an error, whenever the body is anything but a well-formed success. */
LcSeries *lc_response_parse_fast (const char  *body,
                                  gsize        length);

/* The general reader, built on json-glib: handles every shape, success or error. */
LcSeries *lc_response_parse_tree (const char  *body,
                                  gsize        length,
                                  guint        http_status,
                                  const char  *content_type,
                                  GError     **error);

G_END_DECLS
