/* test-error.c: the LC_ERROR domain keeps the user's message and the engineer's details apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "lc-error.h"

static void
test_every_code_is_described (void)
{
  for (LcError code = LC_ERROR_APP_ID_REQUIRED; code <= LC_ERROR_RANGE_TOO_OLD; code++)
    {
      const char *text = lc_error_describe (code);

      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 10);
      /* Written as sentences for people, not as identifiers or status codes. */
      g_assert_true (g_str_has_suffix (text, "."));
      g_assert_null (strstr (text, "HTTP"));
      g_assert_null (strstr (text, "JSON"));
      /* The command-line tool shows the same text, and it has no Preferences. */
      g_assert_null (strstr (text, "Preferences"));
    }

  /* The App Secret message tells the user where to find the right one. */
  g_assert_nonnull (strstr (lc_error_describe (LC_ERROR_INVALID_SIGNATURE), "API settings"));
}

static void
test_unknown_code_has_a_message (void)
{
  g_assert_nonnull (lc_error_describe ((LcError) 9999));
  g_assert_cmpstr (lc_error_describe ((LcError) 9999), !=, "");
}

static void
test_set_error_keeps_details (void)
{
  g_autoptr(GError) error = NULL;

  lc_set_error (&error, LC_ERROR_INVALID_SIGNATURE, "invalid signature.", 403);

  g_assert_error (error, LC_ERROR, LC_ERROR_INVALID_SIGNATURE);
  g_assert_cmpstr (error->message, ==, lc_error_describe (LC_ERROR_INVALID_SIGNATURE));
  g_assert_null (strstr (error->message, "invalid signature."));
  g_assert_cmpstr (lc_error_get_server_message (error), ==, "invalid signature.");
  g_assert_cmpuint (lc_error_get_http_status (error), ==, 403);
  g_assert_cmpint (lc_error_get_clock_offset (error), ==, 0);
}

static void
test_set_error_without_server_message (void)
{
  g_autoptr(GError) error = NULL;

  lc_set_error (&error, LC_ERROR_RANGE_TOO_LONG, NULL, 0);

  g_assert_error (error, LC_ERROR, LC_ERROR_RANGE_TOO_LONG);
  g_assert_null (lc_error_get_server_message (error));
  g_assert_cmpuint (lc_error_get_http_status (error), ==, 0);
}

static void
test_set_error_ignores_null_location (void)
{
  lc_set_error (NULL, LC_ERROR_NETWORK, "refused", 0);
}

static void
test_clock_offset_survives_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  lc_set_error (&error, LC_ERROR_INVALID_TIMESTAMP, "invalid timestamp.", 400);
  lc_error_set_clock_offset (error, -600123);
  copy = g_error_copy (error);
  g_clear_error (&error);

  g_assert_error (copy, LC_ERROR, LC_ERROR_INVALID_TIMESTAMP);
  g_assert_cmpint (lc_error_get_clock_offset (copy), ==, -600123);
  g_assert_cmpstr (lc_error_get_server_message (copy), ==, "invalid timestamp.");
  g_assert_cmpuint (lc_error_get_http_status (copy), ==, 400);
}

static void
test_details_survive_prefix (void)
{
  g_autoptr(GError) error = NULL;

  lc_set_error (&error, LC_ERROR_SERVER, "HTTP 502", 502);
  g_prefix_error (&error, "Fetching April: ");

  g_assert_true (g_str_has_prefix (error->message, "Fetching April: "));
  g_assert_cmpstr (lc_error_get_server_message (error), ==, "HTTP 502");
  g_assert_cmpuint (lc_error_get_http_status (error), ==, 502);
}

static void
test_other_domains_have_no_details (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  g_assert_null (lc_error_get_server_message (error));
  g_assert_cmpuint (lc_error_get_http_status (error), ==, 0);
  g_assert_cmpint (lc_error_get_clock_offset (error), ==, 0);
  g_assert_false (lc_error_is_input_error (error));

  /* Silently ignored: a GIO error has nowhere to keep an offset. */
  lc_error_set_clock_offset (error, 5);
  g_assert_cmpint (lc_error_get_clock_offset (error), ==, 0);

  g_assert_null (lc_error_get_server_message (NULL));
  g_assert_false (lc_error_is_input_error (NULL));
}

static void
test_input_errors (void)
{
  for (LcError code = LC_ERROR_APP_ID_REQUIRED; code <= LC_ERROR_RANGE_TOO_OLD; code++)
    {
      g_autoptr(GError) error = NULL;
      gboolean expected = code >= LC_ERROR_INSECURE_URL && code <= LC_ERROR_RANGE_TOO_OLD;

      lc_set_error (&error, code, NULL, 0);
      g_assert_cmpint (lc_error_is_input_error (error), ==, expected);
    }

  g_assert_true (LC_ERROR_INSECURE_URL < LC_ERROR_INVALID_URL);
  g_assert_true (LC_ERROR_MISSING_CREDENTIALS < LC_ERROR_RANGE_TOO_OLD);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/describe/every-code", test_every_code_is_described);
  g_test_add_func ("/error/describe/unknown-code", test_unknown_code_has_a_message);
  g_test_add_func ("/error/set/details", test_set_error_keeps_details);
  g_test_add_func ("/error/set/no-server-message", test_set_error_without_server_message);
  g_test_add_func ("/error/set/null-location", test_set_error_ignores_null_location);
  g_test_add_func ("/error/details/copy", test_clock_offset_survives_copy);
  g_test_add_func ("/error/details/prefix", test_details_survive_prefix);
  g_test_add_func ("/error/details/other-domain", test_other_domains_have_no_details);
  g_test_add_func ("/error/input-errors", test_input_errors);

  return g_test_run ();
}
