/* lc-app-test-support.c: what the desktop app's window suites of Live Concurrency set up alike
 *
 * The waits here poll: what a window suite waits for is mostly the state of a widget (a query
 * no longer running, a window finalized), not a flag that one callback sets, so the condition
 * is asked again after each turn of the main context. A wait that runs out fails the test with
 * what it was waiting for, so that a hung test says where it hung.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-test"

#include "config.h"

#include <adwaita.h>

#include "lc-app-test-support.h"

/**
 * lc_app_test_init:
 * @argc: the suite's argument count, as main() got it
 * @argv: the suite's arguments, as main() got them
 *
 * Starts GTest with the suite's arguments, then GTK and libadwaita, which every window suite
 * needs before it adds its tests.
 */
void
lc_app_test_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
}

/**
 * lc_app_test_wait_for:
 * @condition: asked with @object after every turn of the main context
 * @object: what @condition looks at
 * @guard_seconds: how long the wait may take before the test fails as hung
 * @what: what is waited for, as the failure message names it
 *
 * Iterates the default main context, without blocking, until @condition holds.
 */
void
lc_app_test_wait_for (LcAppTestCondition  condition,
                      gpointer            object,
                      guint               guard_seconds,
                      const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) guard_seconds * G_USEC_PER_SEC;

  g_assert_nonnull (condition);

  while (!condition (object))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * lc_app_test_wait_for_finalize:
 * @weak: a weak pointer already added to the object that must go away
 * @guard_seconds: how long the object may live on before the test fails
 * @what: the object, as the failure message names it
 *
 * Iterates the default main context until the object behind @weak is finalized. Anything
 * still holding it (a pending callback, a signal handler, a leaked reference) fails the test.
 */
void
lc_app_test_wait_for_finalize (gpointer   *weak,
                               guint       guard_seconds,
                               const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) guard_seconds * G_USEC_PER_SEC;

  g_assert_nonnull (weak);

  while (*weak != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s to be finalized", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * lc_app_test_destroy_window:
 * @window: (transfer none): a toplevel the test opened
 * @guard_seconds: how long the window may live on before the test fails
 * @what: the window, as the failure message names it
 *
 * Destroys @window and fails the test unless it is finalized within @guard_seconds.
 */
void
lc_app_test_destroy_window (GtkWindow  *window,
                            guint       guard_seconds,
                            const char *what)
{
  gpointer weak = window;

  g_assert_true (GTK_IS_WINDOW (window));

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);
  lc_app_test_wait_for_finalize (&weak, guard_seconds, what);
}

/**
 * lc_app_test_reset_settings:
 * @settings: (nullable): the app's settings, or %NULL to open them here
 *
 * Puts every key of the app's schema back to its default, so that no test sees what an
 * earlier one chose.
 */
void
lc_app_test_reset_settings (GSettings *settings)
{
  g_autoptr (GSettings) opened = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  if (settings == NULL)
    settings = opened = g_settings_new (APP_ID);

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/**
 * lc_app_test_start_service:
 * @out_base_url: (out) (optional): where the mock's base URL goes
 * @out_credentials: (out): where a new, empty set of credentials goes
 *
 * Starts the mock of the POLYV endpoint on a free loopback port, and makes the credentials a
 * window of the test will read. Stop both with lc_app_test_stop_service().
 *
 * Returns: (transfer full): the running mock
 */
LcMockServer *
lc_app_test_start_service (char          **out_base_url,
                           LcCredentials **out_credentials)
{
  g_autoptr (GError) error = NULL;
  LcMockServer *server;

  g_assert_nonnull (out_credentials);

  server = lc_mock_server_new ();
  g_assert_true (lc_mock_server_start (server, 0, &error));
  g_assert_no_error (error);
  if (out_base_url != NULL)
    *out_base_url = lc_mock_server_get_base_url (server);
  *out_credentials = lc_credentials_new ();

  return server;
}

/**
 * lc_app_test_stop_service:
 * @server: (transfer full): the mock from lc_app_test_start_service()
 * @credentials: (transfer full): the credentials from lc_app_test_start_service()
 *
 * Drops the test's references to both and fails unless each is finalized then: by now every
 * window that held them must be gone.
 */
void
lc_app_test_stop_service (LcMockServer  *server,
                          LcCredentials *credentials)
{
  g_assert_finalize_object (credentials);
  lc_mock_server_stop (server);
  g_assert_finalize_object (server);
}

/**
 * lc_app_test_window_fixture_set_up:
 * @fixture: the test's fixture, zeroed
 *
 * Puts the settings back to their defaults, starts the mock and the credentials, and makes the
 * window on them. The window is not presented yet, so that the suite can set it up first.
 */
void
lc_app_test_window_fixture_set_up (LcAppTestWindowFixture *fixture)
{
  g_assert_nonnull (fixture);

  lc_app_test_reset_settings (NULL);

  fixture->server = lc_app_test_start_service (&fixture->base_url, &fixture->credentials);

  fixture->window = lc_window_new (NULL, fixture->credentials);
}

/**
 * lc_app_test_window_fixture_tear_down:
 * @fixture: the test's fixture
 * @guard_seconds: how long the window may live on before the test fails
 *
 * Destroys the window, unless the test has closed it and checked its finalization itself, and
 * fails unless the window, the credentials and the mock are all finalized.
 */
void
lc_app_test_window_fixture_tear_down (LcAppTestWindowFixture *fixture,
                                      guint                   guard_seconds)
{
  g_assert_nonnull (fixture);

  if (fixture->window != NULL)
    lc_app_test_destroy_window (GTK_WINDOW (g_steal_pointer (&fixture->window)), guard_seconds,
                                "the window");

  lc_app_test_stop_service (fixture->server, fixture->credentials);
  g_clear_pointer (&fixture->base_url, g_free);
}
