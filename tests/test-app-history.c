/* test-app-history.c: the offline history in the desktop app, against the mock on loopback
 *
 * Real windows (under Xvfb) query the in-process mock of the POLYV endpoint through a history
 * cache kept in the data folder that XDG_DATA_HOME names, which the test environment points at
 * the build tree and this suite empties when it starts. Days fetched once open again without a
 * request; when the service cannot be reached, the window keeps the saved part of the range and
 * its banner names the missing days and why; the preferences measure and clear the history.
 * Every window and dialog is destroyed and checked to be finalized.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "lc-application.h"
#include "lc-cache.h"
#include "lc-client.h"
#include "lc-error.h"
#include "lc-mock-server.h"
#include "lc-preferences.h"
#include "lc-window.h"

#include "lc-app-test-support.h"

#define WAIT_SECONDS 30

typedef struct
{
  LcMockServer  *server;
  char          *base_url;
  LcCredentials *credentials;
  LcCache       *cache;
  GSettings     *settings;
  LcDay          today;
  guint          n_requests_before; /* requests the mock had when the application started */
} Fixture;

static void
wait_for (LcAppTestCondition  condition,
          gpointer            object,
          const char         *what)
{
  lc_app_test_wait_for (condition, object, WAIT_SECONDS, what);
}

static gboolean
window_idle (gpointer window)
{
  return !lc_window_get_running (window);
}

static gboolean
window_has_series (gpointer window)
{
  return lc_window_get_series (window) != NULL;
}

static gboolean
preferences_idle (gpointer preferences)
{
  return !lc_preferences_get_history_busy (preferences);
}

/* Destroys a toplevel and fails unless nothing else keeps it alive. */
static void
destroy_and_check_finalized (gpointer window)
{
  lc_app_test_destroy_window (GTK_WINDOW (window), WAIT_SECONDS, "the window");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  LcCacheSize size;

  fixture->settings = g_settings_new (APP_ID);
  lc_app_test_reset_settings (fixture->settings);

  fixture->server = lc_app_test_start_service (&fixture->base_url, &fixture->credentials);
  fixture->today = lc_day_today (g_get_real_time () / 1000);

  /* A real account against the mock, its secret kept for the session: no keyring involved. */
  g_settings_set_string (fixture->settings, "app-id", LC_MOCK_DEMO_APP_ID);
  g_settings_set_string (fixture->settings, "endpoint", fixture->base_url);
  lc_credentials_keep_for_session (fixture->credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url,
                                   LC_MOCK_DEMO_APP_SECRET);

  /* The default path, as the application opens it; every test starts with nothing saved. */
  fixture->cache = lc_cache_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lc_cache_clear (fixture->cache, &error));
  g_assert_no_error (error);
  g_assert_true (lc_cache_get_size (fixture->cache, NULL, NULL, &size, &error));
  g_assert_cmpuint (size.n_days, ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->cache);
  lc_app_test_stop_service (fixture->server, fixture->credentials);
  g_clear_object (&fixture->settings);
  g_free (fixture->base_url);
}

static LcWindow *
open_window (Fixture *fixture,
             LcRange  range)
{
  LcWindow *window = lc_window_new (NULL, fixture->credentials);

  lc_window_set_cache (window, fixture->cache);
  lc_window_set_range (window, range);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
query_and_wait (LcWindow *window)
{
  lc_window_query (window);
  g_assert_true (lc_window_get_running (window));
  wait_for (window_idle, window, "the query");
}

static LcRange
days_ago (Fixture *fixture,
          int      first,
          int      last)
{
  LcRange range = { fixture->today - first, fixture->today - last };

  return range;
}

static void
assert_same_series (LcSeries *a,
                    LcSeries *b)
{
  g_assert_cmpuint (lc_series_get_length (a), ==, lc_series_get_length (b));
  g_assert_cmpmem (lc_series_get_minutes (a), lc_series_get_length (a) * sizeof (LcMinute),
                   lc_series_get_minutes (b), lc_series_get_length (b) * sizeof (LcMinute));
  g_assert_cmpmem (lc_series_get_viewers (a), lc_series_get_length (a) * sizeof (guint32),
                   lc_series_get_viewers (b), lc_series_get_length (b) * sizeof (guint32));
}

static void
test_default_path_is_isolated (Fixture       *fixture,
                               gconstpointer  user_data)
{
  const char *data_home = g_getenv ("XDG_DATA_HOME");
  g_autofree char *expected = NULL;

  /* The suite must never write to the user's real data folder. */
  g_assert_nonnull (data_home);
  expected = g_build_filename (data_home, "live-concurrency", LC_CACHE_FILE_NAME, NULL);
  g_assert_cmpstr (lc_cache_get_path (fixture->cache), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_EXISTS));
}

static void
test_second_window_from_cache (Fixture       *fixture,
                               gconstpointer  user_data)
{
  LcRange range = days_ago (fixture, 9, 3);
  LcWindow *first = open_window (fixture, range);
  LcWindow *second = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first_peak = NULL;
  LcCacheSize size;
  guint n_requests;

  query_and_wait (first);
  g_assert_null (lc_window_get_last_error (first));
  g_assert_nonnull (lc_window_get_series (first));
  g_assert_cmpuint (lc_series_get_length (lc_window_get_series (first)), >, 0);
  g_assert_null (lc_window_get_missing_ranges (first));
  g_assert_null (lc_window_get_history_notice (first));
  n_requests = lc_mock_server_get_n_requests (fixture->server);
  g_assert_cmpuint (n_requests, >, 0);

  /* Every day of the range was over when it was fetched, so every day is saved as final. */
  g_assert_true (lc_cache_get_size (fixture->cache, fixture->base_url, LC_MOCK_DEMO_APP_ID, &size,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, lc_range_get_n_days (range));

  /* Another window, with its own client and history around the same cache, asks nothing. */
  second = open_window (fixture, range);
  query_and_wait (second);
  g_assert_null (lc_window_get_last_error (second));
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, n_requests);
  assert_same_series (lc_window_get_series (first), lc_window_get_series (second));
  first_peak = g_strdup (lc_window_get_summary_peak (first));
  g_assert_cmpstr (lc_window_get_summary_peak (second), ==, first_peak);
  g_assert_null (lc_window_get_history_notice (second));

  /* Asking again in the same window costs nothing either. */
  query_and_wait (first);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==, n_requests);

  destroy_and_check_finalized (first);
  destroy_and_check_finalized (second);
}

/* The missing days as the window should name them: one run from @first to @last days ago. */
static char *
expected_notice (Fixture      *fixture,
                 int           first,
                 int           last,
                 const GError *reason)
{
  g_autoptr (GArray) missing = g_array_new (FALSE, FALSE, sizeof (LcRange));
  LcRange run = days_ago (fixture, first, last);

  g_array_append_val (missing, run);

  return lc_format_saved_data_notice (missing, reason);
}

static void
assert_missing (LcWindow *window,
                LcRange   expected)
{
  const GArray *missing = lc_window_get_missing_ranges (window);

  g_assert_nonnull (missing);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (g_array_index (missing, LcRange, 0).start, ==, expected.start);
  g_assert_cmpint (g_array_index (missing, LcRange, 0).end, ==, expected.end);
}

static void
test_offline_shows_saved_part (Fixture       *fixture,
                               gconstpointer  user_data)
{
  LcWindow *window = open_window (fixture, days_ago (fixture, 9, 5));
  g_autoptr (LcSeries) saved = NULL;
  g_autoptr (GArray) saved_missing = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) network = NULL;
  g_autofree char *notice = NULL;

  query_and_wait (window);
  g_assert_null (lc_window_get_last_error (window));
  g_assert_true (lc_cache_read_range (fixture->cache, fixture->base_url, LC_MOCK_DEMO_APP_ID,
                                      days_ago (fixture, 9, 5), g_get_real_time () / 1000,
                                      &saved, &saved_missing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (saved_missing->len, ==, 0);

  /* The service goes away; three more days than were saved are asked for. */
  lc_mock_server_stop (fixture->server);
  lc_window_set_range (window, days_ago (fixture, 9, 2));
  query_and_wait (window);

  g_assert_error (lc_window_get_last_error (window), LC_ERROR, LC_ERROR_NETWORK);
  g_assert_cmpint (lc_window_get_view (window), ==, LC_VIEW_RESULT);
  assert_same_series (lc_window_get_series (window), saved);
  assert_missing (window, days_ago (fixture, 4, 2));

  lc_set_error (&network, LC_ERROR_NETWORK, NULL, 0);
  notice = expected_notice (fixture, 4, 2, network);
  g_assert_cmpstr (lc_window_get_history_notice (window), ==, notice);
  g_assert_true (strstr (notice, "3 days are missing") != NULL);
  g_assert_true (g_str_has_suffix (notice, "because POLYV could not be reached."));

  destroy_and_check_finalized (window);
}

static void
test_server_error_keeps_more_complete (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  LcWindow *window = open_window (fixture, days_ago (fixture, 12, 8));
  g_autoptr (GError) server_error = NULL;
  g_autofree char *notice = NULL;
  LcSeries *before;
  guint n_requests;

  /* The window shows a whole result for another range; part of the next range is saved. */
  query_and_wait (window);
  lc_window_set_range (window, days_ago (fixture, 5, 3));
  query_and_wait (window);
  g_assert_null (lc_window_get_missing_ranges (window));
  lc_window_set_range (window, days_ago (fixture, 12, 8));
  query_and_wait (window);
  before = lc_window_get_series (window);

  /* Every attempt at the one run still missing fails: the saved days of the new range beat the
   * old range on screen, and the banner says which days are missing and why. */
  lc_mock_server_queue_fault (fixture->server, LC_MOCK_FAULT_SERVER_ERROR,
                              LC_MAX_ATTEMPTS_PER_CHUNK);
  n_requests = lc_mock_server_get_n_requests (fixture->server);
  lc_window_set_range (window, days_ago (fixture, 7, 3));
  query_and_wait (window);
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==,
                    n_requests + LC_MAX_ATTEMPTS_PER_CHUNK);
  g_assert_error (lc_window_get_last_error (window), LC_ERROR, LC_ERROR_SERVER);
  g_assert_true (lc_window_get_series (window) != before);
  assert_missing (window, days_ago (fixture, 7, 6));
  lc_set_error (&server_error, LC_ERROR_SERVER, NULL, 0);
  notice = expected_notice (fixture, 7, 6, server_error);
  g_assert_cmpstr (lc_window_get_history_notice (window), ==, notice);

  /* Trying again fetches only the two missing days, and the banner goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.query", NULL));
  wait_for (window_idle, window, "the query that tries again");
  g_assert_null (lc_window_get_last_error (window));
  g_assert_null (lc_window_get_missing_ranges (window));
  g_assert_null (lc_window_get_history_notice (window));

  /* A refresh that fails never swaps a whole result for a partial one. Today is never saved
   * as final, so a range that ends today always asks for it again. */
  lc_window_set_range (window, days_ago (fixture, 3, 0));
  query_and_wait (window);
  g_assert_null (lc_window_get_missing_ranges (window));
  before = lc_window_get_series (window);
  lc_mock_server_stop (fixture->server);
  query_and_wait (window);
  g_assert_error (lc_window_get_last_error (window), LC_ERROR, LC_ERROR_NETWORK);
  g_assert_true (lc_window_get_series (window) == before);
  g_assert_null (lc_window_get_missing_ranges (window));
  g_assert_null (lc_window_get_history_notice (window));

  destroy_and_check_finalized (window);
}

static void
test_saved_part_shows_at_once (Fixture       *fixture,
                               gconstpointer  user_data)
{
  LcWindow *window = open_window (fixture, days_ago (fixture, 9, 5));
  g_autofree char *loading = NULL;

  query_and_wait (window);
  destroy_and_check_finalized (window);

  /* A new window, a range half saved, and a slow service: the saved half shows while the rest
   * loads, with the progress still running and the banner saying so. */
  window = open_window (fixture, days_ago (fixture, 9, 2));
  lc_mock_server_set_delay (fixture->server, 1500);
  lc_window_query (window);
  wait_for (window_has_series, window, "the saved days");
  g_assert_true (lc_window_get_running (window));
  assert_missing (window, days_ago (fixture, 4, 2));
  loading = expected_notice (fixture, 4, 2, NULL);
  g_assert_cmpstr (lc_window_get_history_notice (window), ==, loading);

  wait_for (window_idle, window, "the rest of the range");
  g_assert_null (lc_window_get_last_error (window));
  g_assert_null (lc_window_get_missing_ranges (window));
  g_assert_null (lc_window_get_history_notice (window));
  g_assert_cmpint (lc_window_get_range (window).start, ==, days_ago (fixture, 9, 2).start);
  lc_mock_server_set_delay (fixture->server, 0);

  destroy_and_check_finalized (window);
}

/* The message dialog that @parent shows, once it is there. */
static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
message_dialog_shown (gpointer parent)
{
  return find_message_dialog (parent) != NULL;
}

/* Answers the dialog as a click on one of its buttons would, then checks that it goes away. */
static void
respond (GtkWindow  *parent,
         const char *response)
{
  AdwMessageDialog *dialog;
  gpointer weak;

  wait_for (message_dialog_shown, parent, "the dialog");
  dialog = g_object_ref (find_message_dialog (parent));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);

  if (find_message_dialog (parent) == dialog)
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  lc_app_test_wait_for_finalize (&weak, WAIT_SECONDS, "the dialog");
}

/* Nothing is left running, and no dialog came up. */
static void
assert_no_dialog (GtkWindow *parent)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (lc_preferences_get_history_busy (LC_PREFERENCES (parent)));
  g_assert_null (find_message_dialog (parent));
}

static LcPreferences *
open_preferences (Fixture *fixture)
{
  LcPreferences *preferences = lc_preferences_new (NULL, fixture->credentials);

  lc_preferences_set_cache (preferences, fixture->cache);
  gtk_window_present (GTK_WINDOW (preferences));
  wait_for (preferences_idle, preferences, "the history to be measured");

  return preferences;
}

static void
test_preferences_clear (Fixture       *fixture,
                        gconstpointer  user_data)
{
  LcWindow *window = open_window (fixture, days_ago (fixture, 9, 3));
  LcPreferences *preferences;
  g_autoptr (GError) error = NULL;
  LcCacheSize size;

  query_and_wait (window);
  destroy_and_check_finalized (window);

  preferences = open_preferences (fixture);
  g_assert_true (g_str_has_prefix (lc_preferences_get_history_summary (preferences),
                                   "7 days saved, "));

  /* Cancelling the confirmation keeps everything. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.clear-history",
                                             NULL));
  respond (GTK_WINDOW (preferences), "cancel");
  g_assert_false (lc_preferences_get_history_busy (preferences));
  g_assert_true (lc_cache_get_size (fixture->cache, NULL, NULL, &size, &error));
  g_assert_cmpuint (size.n_days, ==, 7);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.clear-history",
                                             NULL));
  respond (GTK_WINDOW (preferences), "clear");
  wait_for (preferences_idle, preferences, "the history to be cleared");
  g_assert_true (lc_cache_get_size (fixture->cache, NULL, NULL, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, 0);
  g_assert_cmpstr (lc_preferences_get_history_summary (preferences), ==, "No days saved");

  destroy_and_check_finalized (preferences);
}

static void
test_preferences_without_cache (Fixture       *fixture,
                                gconstpointer  user_data)
{
  LcPreferences *preferences = lc_preferences_new (NULL, fixture->credentials);

  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_false (lc_preferences_get_history_busy (preferences));
  g_assert_cmpstr (lc_preferences_get_history_summary (preferences), ==,
                   "Not available: every day is fetched each time");
  gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.clear-history", NULL);
  assert_no_dialog (GTK_WINDOW (preferences));

  destroy_and_check_finalized (preferences);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
async_done (gpointer location)
{
  return *(gpointer *) location != NULL;
}

/* Looks up what the keyring holds for the mock's account, bypassing any session secret. */
static char *
keyring_lookup (Fixture *fixture)
{
  g_autoptr (LcCredentials) credentials = lc_credentials_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *secret;

  lc_credentials_lookup_async (credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url, NULL,
                               async_done_cb, &result);
  wait_for (async_done, &result, "the keyring lookup");
  secret = lc_credentials_lookup_finish (credentials, result, &error);
  g_assert_no_error (error);

  return secret;
}

static void
keyring_store (Fixture *fixture)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stored = NULL;

  lc_credentials_store_async (fixture->credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url,
                              LC_MOCK_DEMO_APP_SECRET, NULL, async_done_cb, &result);
  wait_for (async_done, &result, "the keyring to store the secret");
  g_assert_true (lc_credentials_store_finish (fixture->credentials, result, &error));
  g_assert_no_error (error);

  stored = keyring_lookup (fixture);
  g_assert_cmpstr (stored, ==, LC_MOCK_DEMO_APP_SECRET);
}

static gboolean
keyring_forgot (gpointer user_data)
{
  g_autofree char *secret = keyring_lookup (user_data);

  return secret == NULL;
}

static void
test_forget_offers_to_clear (Fixture       *fixture,
                             gconstpointer  user_data)
{
  /* The suite's private keyring, when it has one, shows the secret leave it. */
  gboolean has_keyring = g_strcmp0 (g_getenv ("LC_TEST_SECRET_SERVICE"), "available") == 0;
  LcWindow *window = open_window (fixture, days_ago (fixture, 6, 3));
  g_autoptr (LcSeries) other_series = lc_series_new (1);
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  LcPreferences *preferences;
  LcRange other_range = days_ago (fixture, 6, 6);
  LcCacheSize size;

  /* This account's days, and a day of another account that must survive. */
  query_and_wait (window);
  destroy_and_check_finalized (window);
  lc_series_append (other_series, other_range.start * LC_MINUTES_PER_DAY + 600, 12);
  g_assert_true (lc_cache_store (fixture->cache, fixture->base_url, "another-app", other_range,
                                 other_series, g_get_real_time () / 1000, &error));
  g_assert_no_error (error);

  if (has_keyring)
    keyring_store (fixture);

  preferences = open_preferences (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences),
                                             "prefs.forget-credentials", NULL));
  app_id = g_settings_get_string (fixture->settings, "app-id");
  g_assert_cmpstr (app_id, ==, "");
  g_assert_false (lc_credentials_has_session_secret (fixture->credentials, LC_MOCK_DEMO_APP_ID,
                                                     fixture->base_url));

  if (has_keyring)
    wait_for (keyring_forgot, fixture, "the keyring to forget the secret");

  respond (GTK_WINDOW (preferences), "delete");
  wait_for (preferences_idle, preferences, "the account's days to be deleted");
  g_assert_true (lc_cache_get_size (fixture->cache, fixture->base_url, LC_MOCK_DEMO_APP_ID, &size,
                                    &error));
  g_assert_cmpuint (size.n_days, ==, 0);
  g_assert_true (lc_cache_get_size (fixture->cache, fixture->base_url, "another-app", &size,
                                    &error));
  g_assert_cmpuint (size.n_days, ==, 1);
  g_assert_true (g_str_has_prefix (lc_preferences_get_history_summary (preferences),
                                   "1 day saved, "));

  /* With no App ID left there is nothing more to forget. */
  gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.forget-credentials", NULL);
  assert_no_dialog (GTK_WINDOW (preferences));

  destroy_and_check_finalized (preferences);
}

static gboolean
application_window_done (gpointer application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  return LC_IS_WINDOW (window) && lc_window_get_series (LC_WINDOW (window)) != NULL
         && !lc_window_get_running (LC_WINDOW (window));
}

/* Runs inside g_application_run(), after the application made and presented its window. */
static void
application_activated_cb (GApplication *application,
                          Fixture      *fixture)
{
  LcCache *cache;
  LcWindow *window;

  wait_for (application_window_done, application, "the application's first query");

  window = LC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  cache = lc_application_get_cache (LC_APPLICATION (application));
  g_assert_nonnull (cache);
  g_assert_true (lc_window_get_cache (window) == cache);
  g_assert_cmpstr (lc_cache_get_path (cache), ==, lc_cache_get_path (fixture->cache));
  g_assert_null (lc_window_get_last_error (window));
  g_assert_cmpuint (lc_mock_server_get_n_requests (fixture->server), ==,
                    fixture->n_requests_before);

  destroy_and_check_finalized (window);
  g_application_quit (application);
}

static void
test_application_shares_cache (Fixture       *fixture,
                               gconstpointer  user_data)
{
  LcWindow *window = open_window (fixture, days_ago (fixture, 9, 3));
  LcApplication *application;

  /* A window fills the history, and the settings remember its range for the next start. */
  query_and_wait (window);
  destroy_and_check_finalized (window);

  /* The application opens the same file from the default path; its first window's first query
   * waits for it, and is answered from it without a request. */
  application = lc_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  lc_credentials_keep_for_session (lc_application_get_credentials (application),
                                   LC_MOCK_DEMO_APP_ID, fixture->base_url,
                                   LC_MOCK_DEMO_APP_SECRET);
  g_signal_connect_after (application, "activate", G_CALLBACK (application_activated_cb), fixture);
  fixture->n_requests_before = lc_mock_server_get_n_requests (fixture->server);
  g_assert_cmpint (g_application_run (G_APPLICATION (application), 0, NULL), ==, 0);
  g_assert_finalize_object (application);
}

int
main (int   argc,
      char *argv[])
{
  lc_app_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/app/history/" path, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("default-path-is-isolated", test_default_path_is_isolated);
  ADD ("second-window-from-cache", test_second_window_from_cache);
  ADD ("offline-shows-saved-part", test_offline_shows_saved_part);
  ADD ("server-error-keeps-more-complete", test_server_error_keeps_more_complete);
  ADD ("saved-part-shows-at-once", test_saved_part_shows_at_once);
  ADD ("preferences-clear", test_preferences_clear);
  ADD ("preferences-without-cache", test_preferences_without_cache);
  ADD ("forget-offers-to-clear", test_forget_offers_to_clear);
  ADD ("application-shares-cache", test_application_shares_cache);
#undef ADD

  return g_test_run ();
}
