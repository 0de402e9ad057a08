/* lc-signature.c: the request signature the POLYV API expects
 *
 * The same rule serves both sides: the client signs what it sends, and the mock server checks
 * what it receives, so a mistake here cannot hide behind a matching mistake elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-signature"

#include "config.h"

#include <string.h>

#include "lc-signature.h"

static int
compare_param_names (gconstpointer a,
                     gconstpointer b)
{
  const LcParam *param_a = *(const LcParam **) a;
  const LcParam *param_b = *(const LcParam **) b;

  /* strcmp compares unsigned bytes, which is the byte order the API sorts in. */
  return strcmp (param_a->name, param_b->name);
}

/**
 * lc_signature_compute:
 * @secret: the app secret
 * @params: the request's parameters, in any order
 * @n_params: how many there are
 *
 * Computes the signature for a request. Parameters named "sign" and parameters whose value is
 * %NULL or empty take no part, as the API's rule says.
 *
 * Returns: (transfer full): 32 uppercase hexadecimal digits
 */
char *
lc_signature_compute (const char    *secret,
                      const LcParam *params,
                      gsize          n_params)
{
  g_autoptr (GPtrArray) signed_params = NULL;
  g_autoptr (GChecksum) checksum = NULL;
  char *signature;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (params != NULL || n_params == 0, NULL);

  signed_params = g_ptr_array_sized_new (n_params);
  for (gsize i = 0; i < n_params; i++)
    {
      if (params[i].value == NULL || params[i].value[0] == '\0')
        continue;
      if (strcmp (params[i].name, "sign") == 0)
        continue;
      g_ptr_array_add (signed_params, (gpointer) &params[i]);
    }
  g_ptr_array_sort (signed_params, compare_param_names);

  /* The secret wraps the concatenated names and raw values on both sides. */
  checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (checksum, (const guchar *) secret, strlen (secret));
  for (guint i = 0; i < signed_params->len; i++)
    {
      const LcParam *param = g_ptr_array_index (signed_params, i);

      g_checksum_update (checksum, (const guchar *) param->name, strlen (param->name));
      g_checksum_update (checksum, (const guchar *) param->value, strlen (param->value));
    }
  g_checksum_update (checksum, (const guchar *) secret, strlen (secret));

  signature = g_ascii_strup (g_checksum_get_string (checksum), -1);

  return signature;
}

/**
 * lc_signature_equal:
 * @expected: the signature computed locally
 * @received: the signature that came with a request, or %NULL
 *
 * Compares two signatures in time that does not depend on where they differ, so that a server
 * built on this code does not leak how much of a forged signature was right.
 *
 * Returns: %TRUE when both are present and identical
 */
gboolean
lc_signature_equal (const char *expected,
                    const char *received)
{
  gsize expected_length;
  guchar difference = 0;

  g_return_val_if_fail (expected != NULL, FALSE);

  if (received == NULL)
    return FALSE;

  expected_length = strlen (expected);
  if (strlen (received) != expected_length)
    return FALSE;

  for (gsize i = 0; i < expected_length; i++)
    difference |= (guchar) expected[i] ^ (guchar) received[i];

  return difference == 0;
}
