/* lc-response.h: turning one answer of the concurrence endpoint into a series or an error
 *
 * The body is parsed straight into an LcSeries; the JSON tree, when one is built, lives only
 * while a chunk is converted. This runs on a worker thread, never on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lc-series.h"

G_BEGIN_DECLS

LcSeries *lc_response_parse (const char  *body,
                             gsize        length,
                             guint        http_status,
                             const char  *content_type,
                             GError     **error);

G_END_DECLS
