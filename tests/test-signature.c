/* test-signature.c: the request signature, checked against the vendor's documented example and
 * against vectors computed independently (Python's hashlib) for the awkward cases: non-ASCII
 * text, values holding '&', '=' and spaces, empty values, a stray "sign", and upper-case names
 * that sort before lower-case ones in byte order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "lc-signature.h"

static void
test_vendor_example (void)
{
  const LcParam params[] = {
    { "appId", "g4rqgmmjuo" },
    { "timestamp", "1660270926732" },
    { "channelIds", "2477096,2272655" },
    { "startDay", "2022-05-20" },
    { "endDay", "2022-06-18" },
  };
  g_autofree char *signature = NULL;

  signature = lc_signature_compute ("fsq2k5weced1h8vui657xtdva66whf0g", params,
                                    G_N_ELEMENTS (params));

  g_assert_cmpstr (signature, ==, "0D2BDA2FD04D93A2B8832B91FD973C4D");
}

static void
test_non_ascii_and_separators (void)
{
  const LcParam params[] = {
    { "startDate", "2024-05-01" },
    { "appId", "直播&app=1 x" },
    { "endDate", "2024-05-31" },
    { "timestamp", "1700000000000" },
  };
  g_autofree char *signature = NULL;

  signature = lc_signature_compute ("密钥 secret", params, G_N_ELEMENTS (params));

  g_assert_cmpstr (signature, ==, "AD814494753E188D85862200228AAB8C");
}

static void
test_skips_empty_and_sign (void)
{
  const LcParam params[] = {
    { "appId", "abc" },
    { "timestamp", "1700000000000" },
    { "startDate", "2024-05-01" },
    { "endDate", "" },
    { "sign", "XYZ" },
    { "Zeta", "z" },
    { "alpha", "a" },
    { "missing", NULL },
  };
  g_autofree char *signature = NULL;

  signature = lc_signature_compute ("s3cr3t", params, G_N_ELEMENTS (params));

  g_assert_cmpstr (signature, ==, "96A5E79BA9D2162D09C948AF1876FA17");
}

static void
test_order_does_not_matter (void)
{
  const LcParam forward[] = { { "a", "1" }, { "b", "2" }, { "c", "3" } };
  const LcParam backward[] = { { "c", "3" }, { "b", "2" }, { "a", "1" } };
  const LcParam changed[] = { { "a", "1" }, { "b", "2" }, { "c", "4" } };
  g_autofree char *forward_signature = lc_signature_compute ("k", forward, 3);
  g_autofree char *backward_signature = lc_signature_compute ("k", backward, 3);
  g_autofree char *changed_signature = lc_signature_compute ("k", changed, 3);
  g_autofree char *other_secret_signature = lc_signature_compute ("K", forward, 3);

  g_assert_cmpstr (forward_signature, ==, backward_signature);
  g_assert_cmpstr (forward_signature, !=, changed_signature);
  g_assert_cmpstr (forward_signature, !=, other_secret_signature);
  g_assert_cmpuint (strlen (forward_signature), ==, 32);
  for (guint i = 0; i < 32; i++)
    g_assert_true (g_ascii_isdigit (forward_signature[i])
                   || (forward_signature[i] >= 'A' && forward_signature[i] <= 'F'));
}

static void
test_equal (void)
{
  g_assert_true (lc_signature_equal ("0D2BDA2F", "0D2BDA2F"));
  g_assert_false (lc_signature_equal ("0D2BDA2F", "0D2BDA2E"));
  g_assert_false (lc_signature_equal ("0D2BDA2F", "0d2bda2f"));
  g_assert_false (lc_signature_equal ("0D2BDA2F", "0D2BDA2"));
  g_assert_false (lc_signature_equal ("0D2BDA2F", ""));
  g_assert_false (lc_signature_equal ("0D2BDA2F", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signature/vendor-example", test_vendor_example);
  g_test_add_func ("/signature/non-ascii-and-separators", test_non_ascii_and_separators);
  g_test_add_func ("/signature/skips-empty-and-sign", test_skips_empty_and_sign);
  g_test_add_func ("/signature/order-does-not-matter", test_order_does_not_matter);
  g_test_add_func ("/signature/equal", test_equal);

  return g_test_run ();
}
