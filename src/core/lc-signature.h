/* lc-signature.h: the request signature the POLYV API expects
 *
 * Every parameter with a non-empty value except "sign" is sorted by name in byte order and
 * concatenated as name1value1name2value2…, the app secret is put at both ends, and the MD5 of
 * those UTF-8 bytes, in uppercase hex, is the signature. Values are signed raw, before any URL
 * encoding. The secret itself never leaves the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *value;
} LcParam;

char     *lc_signature_compute (const char    *secret,
                                const LcParam *params,
                                gsize          n_params);
gboolean  lc_signature_equal   (const char    *expected,
                                const char    *received);

G_END_DECLS
