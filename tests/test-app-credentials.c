/* test-app-credentials.c: the App Secret in a real keyring, and without one
 *
 * With a Secret Service on the session bus (tests/run-with-keyring.sh starts gnome-keyring in a
 * private D-Bus session), secrets round-trip, stay apart per App ID and endpoint, and never
 * reach GSettings. Without one (the bus disabled), storing fails with a plain "no keyring"
 * error and the secret can still be kept for the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lc-credentials.h"

#include "lc-app-test-support.h"

#define ENDPOINT "https://api.polyv.net"
#define WAIT_SECONDS 30

static gboolean
result_arrived (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  lc_app_test_wait_for (result_arrived, slot, WAIT_SECONDS, "the keyring");

  return *slot;
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
store (LcCredentials  *credentials,
       const char     *app_id,
       const char     *endpoint,
       const char     *secret,
       GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  lc_credentials_store_async (credentials, app_id, endpoint, secret, NULL, got_result_cb, &result);

  return lc_credentials_store_finish (credentials, wait_for_result (&result), error);
}

static char *
lookup (LcCredentials  *credentials,
        const char     *app_id,
        const char     *endpoint,
        GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  lc_credentials_lookup_async (credentials, app_id, endpoint, NULL, got_result_cb, &result);

  return lc_credentials_lookup_finish (credentials, wait_for_result (&result), error);
}

/* Reads every key of the app's schema as text and fails if any holds @secret. */
static void
assert_not_in_settings (const char *secret)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (keys), >, 0);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret));
    }
}

static void
test_round_trip (void)
{
  g_autoptr (LcCredentials) credentials = lc_credentials_new ();
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GError) error = NULL;
  g_autofree char *alpha = NULL;
  g_autofree char *beta = NULL;
  g_autofree char *alpha_elsewhere = NULL;
  g_autofree char *gamma = NULL;
  g_autofree char *alpha_again = NULL;

  /* What the preferences window does: the App ID to settings, the secret to the keyring. */
  g_settings_set_string (settings, "app-id", "alpha");

  store (credentials, "alpha", ENDPOINT, "alpha-secret-7f3a", &error);
  g_assert_no_error (error);
  store (credentials, "beta", ENDPOINT, "beta-secret-91c2", &error);
  g_assert_no_error (error);

  alpha = lookup (credentials, "alpha", ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alpha, ==, "alpha-secret-7f3a");

  beta = lookup (credentials, "beta", ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (beta, ==, "beta-secret-91c2");

  /* Another endpoint or App ID finds nothing, and that is not an error. */
  alpha_elsewhere = lookup (credentials, "alpha", "http://127.0.0.1:8080", &error);
  g_assert_no_error (error);
  g_assert_null (alpha_elsewhere);
  gamma = lookup (credentials, "gamma", ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_null (gamma);

  /* Storing again replaces the secret rather than adding a second one. */
  store (credentials, "alpha", ENDPOINT, "alpha-secret-new", &error);
  g_assert_no_error (error);
  alpha_again = lookup (credentials, "alpha", ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alpha_again, ==, "alpha-secret-new");

  assert_not_in_settings ("alpha-secret");
  assert_not_in_settings ("beta-secret");
}

static void
test_session_secret_shadows_keyring (void)
{
  g_autoptr (LcCredentials) credentials = lc_credentials_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *shadowed = NULL;
  g_autofree char *restored = NULL;

  store (credentials, "delta", ENDPOINT, "delta-keyring", &error);
  g_assert_no_error (error);

  lc_credentials_keep_for_session (credentials, "delta", ENDPOINT, "delta-session");
  shadowed = lookup (credentials, "delta", ENDPOINT, &error);
  g_assert_cmpstr (shadowed, ==, "delta-session");

  lc_credentials_keep_for_session (credentials, "delta", ENDPOINT, NULL);
  restored = lookup (credentials, "delta", ENDPOINT, &error);
  g_assert_cmpstr (restored, ==, "delta-keyring");
}

static void
test_no_secret_service (void)
{
  g_autoptr (LcCredentials) credentials = lc_credentials_new ();
  g_autoptr (GError) store_error = NULL;
  g_autoptr (GError) lookup_error = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *kept = NULL;

  g_assert_false (store (credentials, "epsilon", ENDPOINT, "epsilon-secret", &store_error));
  g_assert_error (store_error, LC_CREDENTIALS_ERROR, LC_CREDENTIALS_ERROR_NO_SERVICE);

  missing = lookup (credentials, "epsilon", ENDPOINT, &lookup_error);
  g_assert_error (lookup_error, LC_CREDENTIALS_ERROR, LC_CREDENTIALS_ERROR_NO_SERVICE);
  g_assert_null (missing);

  /* The fallback the user is offered: memory only, for this session. */
  lc_credentials_keep_for_session (credentials, "epsilon", ENDPOINT, "epsilon-secret");
  g_assert_true (lc_credentials_has_session_secret (credentials, "epsilon", ENDPOINT));
  kept = lookup (credentials, "epsilon", ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "epsilon-secret");

  assert_not_in_settings ("epsilon-secret");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The wrapper says which of the two worlds this run is in. */
  if (g_strcmp0 (g_getenv ("LC_TEST_SECRET_SERVICE"), "available") == 0)
    {
      g_test_add_func ("/credentials/keyring/round-trip", test_round_trip);
      g_test_add_func ("/credentials/keyring/session-shadows", test_session_secret_shadows_keyring);
    }
  else
    {
      g_test_add_func ("/credentials/no-keyring/session-only", test_no_secret_service);
    }

  return g_test_run ();
}
