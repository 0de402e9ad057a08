/* lc-preferences.c: the preferences window, where the POLYV account is set up
 *
 * The App ID and the endpoint go to GSettings when applied; the App Secret goes to the keyring,
 * filed under both, so that switching accounts brings back the right secret. If no keyring
 * answers, the user is told so and may keep the secret for this session only.
 *
 * The Saved History group measures the offline history and clears it. Forgetting the
 * credentials removes the App Secret from the keyring and the App ID from the settings, then
 * offers to delete that account's saved days too: they are the account's data, but the user may
 * want to keep looking at them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-preferences"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-app-logic.h"
#include "lc-cache.h"
#include "lc-client.h"
#include "lc-error.h"
#include "lc-preferences.h"

struct _LcPreferences
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwEntryRow   *app_id_row;
  AdwEntryRow   *secret_row;
  AdwEntryRow   *endpoint_row;
  GtkLabel      *secret_status_label;
  GtkStack      *test_stack;
  GtkLabel      *test_result_label;
  AdwActionRow  *history_row;

  /* Owned */
  GSettings     *settings;
  LcCredentials *credentials;
  GCancellable  *cancellable;
  GCancellable  *test_cancellable;
  LcClient      *test_client;
  LcCache       *cache;             /* the application's offline history, if it has one */

  guint          n_saved_days;      /* as last measured, for every account */
  guint          n_pending_history_jobs;
  gboolean       carry_secret_over; /* the endpoint changed, the account did not */
};

G_DEFINE_FINAL_TYPE (LcPreferences, lc_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_CREDENTIALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
get_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_secret_status (LcPreferences *self,
                   const char    *text,
                   gboolean       is_problem)
{
  gtk_label_set_text (self->secret_status_label, text);
  if (is_problem)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->secret_status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->secret_status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_status_label), "dim-label");
    }
}

static void secret_row_applied_cb (AdwEntryRow   *row,
                                   LcPreferences *self);

static void
secret_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (LcPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *endpoint = NULL;

  secret = lc_credentials_lookup_finish (LC_CREDENTIALS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      set_secret_status (self, error->message, TRUE);
      return;
    }

  app_id = g_settings_get_string (self->settings, "app-id");
  endpoint = g_settings_get_string (self->settings, "endpoint");

  /* The same account moved to another endpoint takes its secret along; the signature, not the
   * secret, is what reaches the endpoint. */
  if (secret == NULL && self->carry_secret_over
      && gtk_editable_get_text (GTK_EDITABLE (self->secret_row))[0] != '\0')
    {
      secret_row_applied_cb (self->secret_row, self);
      return;
    }

  if (secret != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->secret_row), secret);

  if (secret == NULL)
    set_secret_status (self, _("No App Secret is saved for this App ID yet."), FALSE);
  else if (lc_credentials_has_session_secret (self->credentials, app_id, endpoint))
    set_secret_status (self, _("The App Secret is kept for this session only and will be "
                               "forgotten when Live Concurrency quits."),
                       FALSE);
  else
    set_secret_status (self, _("The App Secret is saved in your keyring."), FALSE);
}

/* Shows the secret filed under the App ID and endpoint now in settings, if any. Another App ID
 * is another account, so its row starts empty; the same account at another endpoint keeps
 * the secret the row shows. */
static void
look_up_secret (LcPreferences *self,
                gboolean       account_changed)
{
  g_autofree char *app_id = g_settings_get_string (self->settings, "app-id");
  g_autofree char *endpoint = g_settings_get_string (self->settings, "endpoint");

  self->carry_secret_over = !account_changed;
  if (account_changed)
    gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  if (app_id[0] == '\0')
    {
      set_secret_status (self, _("Enter the App ID first."), FALSE);
      return;
    }

  lc_credentials_lookup_async (self->credentials, app_id, endpoint, self->cancellable,
                               secret_looked_up_cb, g_object_ref (self));
}

static void offer_to_clear_account_history (LcPreferences *self,
                                            const char    *endpoint,
                                            const char    *app_id);

static void
app_id_row_applied_cb (AdwEntryRow   *row,
                       LcPreferences *self)
{
  g_autofree char *app_id = get_row_text (row);
  g_autofree char *previous_app_id = g_settings_get_string (self->settings, "app-id");
  g_autofree char *endpoint = g_settings_get_string (self->settings, "endpoint");

  g_settings_set_string (self->settings, "app-id", app_id);
  look_up_secret (self, TRUE);

  /* Emptying the App ID leaves the account behind, as forgetting it does; its secret stays in
   * the keyring, but its saved days may go. */
  if (app_id[0] == '\0' && previous_app_id[0] != '\0')
    offer_to_clear_account_history (self, endpoint, previous_app_id);
}

static void
endpoint_row_applied_cb (AdwEntryRow   *row,
                         LcPreferences *self)
{
  g_autofree char *endpoint = get_row_text (row);
  g_autoptr (LcClient) probe = NULL;
  g_autoptr (GError) error = NULL;

  /* The client refuses addresses it would not use, plain HTTP to another machine included. */
  probe = lc_client_new (endpoint, "app-id", "secret", &error);
  if (probe == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "endpoint", endpoint);
  look_up_secret (self, FALSE);
}

static void
reset_endpoint_button_clicked_cb (GtkButton     *button,
                                  LcPreferences *self)
{
  g_settings_reset (self->settings, "endpoint");
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), LC_DEFAULT_BASE_URL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
  look_up_secret (self, FALSE);
}

typedef struct
{
  LcPreferences *self;
  char          *app_id;
  char          *endpoint;
  char          *secret;
} StoreRequest;

static void
store_request_free (StoreRequest *request)
{
  g_clear_object (&request->self);
  g_free (request->app_id);
  g_free (request->endpoint);
  g_free (request->secret);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreRequest, store_request_free)

static void
no_keyring_dialog_responded_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                gpointer          user_data)
{
  g_autoptr (StoreRequest) request = user_data;

  if (!g_str_equal (response, "session"))
    return;

  lc_credentials_keep_for_session (request->self->credentials, request->app_id,
                                   request->endpoint, request->secret);
  set_secret_status (request->self,
                     _("The App Secret is kept for this session only and will be forgotten "
                       "when Live Concurrency quits."),
                     FALSE);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (StoreRequest) request = user_data;
  LcPreferences *self = request->self;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;

  if (lc_credentials_store_finish (LC_CREDENTIALS (object), result, &error))
    {
      /* A secret kept for the session would shadow the one now in the keyring. */
      lc_credentials_keep_for_session (self->credentials, request->app_id, request->endpoint,
                                       NULL);
      set_secret_status (self, _("The App Secret is saved in your keyring."), FALSE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_secret_status (self, error->message, TRUE);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("No Keyring Available"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", error->message,
                                  _("Live Concurrency never writes the App Secret to a file. "
                                    "It can keep it in memory until it quits, and you will "
                                    "have to enter it again next time."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "session", _("_Keep for This Session"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "session",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "session");
  g_signal_connect (dialog, "response", G_CALLBACK (no_keyring_dialog_responded_cb),
                    g_steal_pointer (&request));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
secret_row_applied_cb (AdwEntryRow   *row,
                       LcPreferences *self)
{
  StoreRequest *request;

  request = g_new0 (StoreRequest, 1);
  request->self = g_object_ref (self);
  request->app_id = g_settings_get_string (self->settings, "app-id");
  request->endpoint = g_settings_get_string (self->settings, "endpoint");
  request->secret = get_row_text (row);

  if (request->app_id[0] == '\0' || request->secret[0] == '\0')
    {
      set_secret_status (self, _("Enter and save the App ID first, then the App Secret."), TRUE);
      store_request_free (request);
      return;
    }

  set_secret_status (self, _("Saving…"), FALSE);
  lc_credentials_store_async (self->credentials, request->app_id, request->endpoint,
                              request->secret, self->cancellable, secret_stored_cb, request);
}

static void
show_test_result (LcPreferences *self,
                  const char    *text,
                  gboolean       is_problem)
{
  gtk_label_set_text (self->test_result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), TRUE);
  if (is_problem)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->test_result_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "success");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->test_result_label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "error");
    }
  gtk_stack_set_visible_child_name (self->test_stack, "button");
}

static void
test_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (LcPreferences) self = user_data;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *text = NULL;
  LcSeriesStats stats;

  series = lc_client_fetch_finish (LC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->test_client);

  if (error != NULL)
    {
      description = lc_describe_query_error (error);
      show_test_result (self, description, TRUE);
      return;
    }

  if (lc_series_get_stats (series, &stats) && stats.active_minutes > 0)
    {
      g_autofree char *peak = lc_format_count (stats.peak_viewers);
      g_autofree char *when = lc_format_minute (stats.peak_minute);

      /* Translators: the placeholders are a number of viewers and a time. */
      text = g_strdup_printf (_("Connected. Yesterday’s peak was %s viewers, at %s."), peak, when);
    }
  else
    {
      text = g_strdup (_("Connected. Nobody watched yesterday."));
    }

  show_test_result (self, text, FALSE);
}

/* The test uses what the rows say now, saved or not, so the user can try before saving. */
static void
test_button_clicked_cb (GtkButton     *button,
                        LcPreferences *self)
{
  g_autofree char *app_id = get_row_text (self->app_id_row);
  g_autofree char *endpoint = get_row_text (self->endpoint_row);
  g_autofree char *secret = get_row_text (self->secret_row);
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  LcDay yesterday;
  LcRange range;

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->test_client);

  self->test_client = lc_client_new (endpoint, app_id, secret, &error);
  if (self->test_client == NULL)
    {
      description = lc_describe_query_error (error);
      show_test_result (self, description, TRUE);
      return;
    }

  yesterday = lc_client_get_today (self->test_client) - 1;
  range.start = range.end = yesterday;

  self->test_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->test_stack, "spinner");
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), FALSE);
  lc_client_fetch_async (self->test_client, range, self->test_cancellable, NULL, NULL,
                         test_fetched_cb, g_object_ref (self));
}

/* The offline history: how much it holds, clearing it, and forgetting an account. */

static void
update_actions (LcPreferences *self)
{
  g_autofree char *app_id = g_settings_get_string (self->settings, "app-id");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-history",
                                 self->cache != NULL && self->n_saved_days > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.forget-credentials",
                                 app_id[0] != '\0');
}

static void
history_measured_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (LcPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  LcCacheSize size;

  self->n_pending_history_jobs--;
  if (!lc_cache_get_size_finish (LC_CACHE (object), result, &size, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      adw_action_row_set_subtitle (self->history_row, error->message);
      return;
    }

  self->n_saved_days = size.n_days;
  text = lc_format_cache_size (size.n_days, size.file_bytes);
  adw_action_row_set_subtitle (self->history_row, text);
  update_actions (self);
}

static void
measure_history (LcPreferences *self)
{
  if (self->cache == NULL)
    {
      self->n_saved_days = 0;
      adw_action_row_set_subtitle (self->history_row,
                                   _("Not available: every day is fetched each time"));
      update_actions (self);
      return;
    }

  self->n_pending_history_jobs++;
  lc_cache_get_size_async (self->cache, NULL, NULL, self->cancellable, history_measured_cb,
                           g_object_ref (self));
}

static void
history_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (LcPreferences) self = user_data;
  g_autoptr (GError) error = NULL;

  self->n_pending_history_jobs--;
  if (!lc_cache_clear_finish (LC_CACHE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
    }
  else
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Saved viewers deleted")));
    }

  measure_history (self);
}

/* With no @app_id, every account's days go. */
static void
clear_history (LcPreferences *self,
               const char    *endpoint,
               const char    *app_id)
{
  if (self->cache == NULL)
    return;

  self->n_pending_history_jobs++;
  lc_cache_clear_async (self->cache, endpoint, app_id, self->cancellable, history_cleared_cb,
                        g_object_ref (self));
}

static void
clear_history_dialog_responded_cb (AdwMessageDialog *dialog,
                                   const char       *response,
                                   LcPreferences    *self)
{
  if (g_str_equal (response, "clear"))
    clear_history (self, NULL, NULL);
}

static void
clear_history_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LcPreferences *self = LC_PREFERENCES (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Clear Saved History?"),
                                   _("The viewers saved on this computer are deleted, for every "
                                     "account. Days you look at again are fetched from POLYV "
                                     "again, which needs a connection."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("_Clear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_history_dialog_responded_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An account whose credentials were forgotten, whose saved days may go too. */
typedef struct
{
  LcPreferences *self;
  char          *endpoint;
  char          *app_id;
} ForgottenAccount;

static void
forgotten_account_free (ForgottenAccount *account)
{
  g_clear_object (&account->self);
  g_free (account->endpoint);
  g_free (account->app_id);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ForgottenAccount, forgotten_account_free)

static void
app_history_dialog_responded_cb (AdwMessageDialog *dialog,
                                 const char       *response,
                                 ForgottenAccount *account)
{
  if (g_str_equal (response, "delete"))
    clear_history (account->self, account->endpoint, account->app_id);
}

static void
app_history_measured_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (ForgottenAccount) account = user_data;
  LcPreferences *self = account->self;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;
  LcCacheSize size;

  self->n_pending_history_jobs--;
  if (!lc_cache_get_size_finish (LC_CACHE (object), result, &size, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not measure the account's saved days: %s", error->message);
      return;
    }

  /* Nothing saved, nothing to ask. */
  if (size.n_days == 0)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete the Account’s Saved Viewers?"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: the placeholders are a number of days and an
                                   * App ID. */
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The viewers of %u day of App ID “%s” are still "
                                               "saved on this computer. Keep them to look at them "
                                               "offline, or delete them.",
                                               "The viewers of %u days of App ID “%s” are still "
                                               "saved on this computer. Keep them to look at them "
                                               "offline, or delete them.",
                                               size.n_days),
                                  size.n_days, account->app_id);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (app_history_dialog_responded_cb),
                         g_steal_pointer (&account),
                         (GClosureNotify) G_CALLBACK (forgotten_account_free), 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Asks whether to delete the days saved for an account the user no longer uses, if any are. */
static void
offer_to_clear_account_history (LcPreferences *self,
                                const char    *endpoint,
                                const char    *app_id)
{
  ForgottenAccount *account;

  if (self->cache == NULL)
    return;

  account = g_new0 (ForgottenAccount, 1);
  account->self = g_object_ref (self);
  account->endpoint = g_strdup (endpoint);
  account->app_id = g_strdup (app_id);

  self->n_pending_history_jobs++;
  lc_cache_get_size_async (self->cache, endpoint, app_id, self->cancellable,
                           app_history_measured_cb, account);
}

static void
secret_forgotten_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (LcPreferences) self = user_data;
  g_autoptr (GError) error = NULL;

  /* FALSE without an error means that the keyring held no secret for the account. */
  if (secret_password_clear_finish (result, &error) || error == NULL
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Could not remove the App Secret from the keyring: %s", error->message);
  set_secret_status (self, _("The App Secret could not be removed from the keyring, because no "
                             "keyring answered."),
                     TRUE);
}

static void
forget_credentials_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  LcPreferences *self = LC_PREFERENCES (widget);
  g_autofree char *app_id = g_settings_get_string (self->settings, "app-id");
  g_autofree char *endpoint = g_settings_get_string (self->settings, "endpoint");

  if (app_id[0] == '\0')
    return;

  /* The account is what is forgotten: its secret goes for every endpoint it was filed under.
   * The attribute is the one lc-credentials.c files it under. */
  lc_credentials_keep_for_session (self->credentials, app_id, endpoint, NULL);
  secret_password_clear (lc_credentials_get_schema (), self->cancellable, secret_forgotten_cb,
                         g_object_ref (self),
                         "app-id", app_id,
                         NULL);

  g_settings_set_string (self->settings, "app-id", "");
  gtk_editable_set_text (GTK_EDITABLE (self->app_id_row), "");
  look_up_secret (self, TRUE);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Credentials forgotten")));

  offer_to_clear_account_history (self, endpoint, app_id);
}

static void
lc_preferences_constructed (GObject *object)
{
  LcPreferences *self = LC_PREFERENCES (object);
  g_autofree char *app_id = NULL;
  g_autofree char *endpoint = NULL;

  G_OBJECT_CLASS (lc_preferences_parent_class)->constructed (object);

  if (self->credentials == NULL)
    self->credentials = lc_credentials_new ();

  app_id = g_settings_get_string (self->settings, "app-id");
  endpoint = g_settings_get_string (self->settings, "endpoint");
  gtk_editable_set_text (GTK_EDITABLE (self->app_id_row), app_id);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);

  look_up_secret (self, TRUE);

  g_signal_connect_object (self->settings, "changed::app-id", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  measure_history (self);
}

static void
lc_preferences_dispose (GObject *object)
{
  LcPreferences *self = LC_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->test_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LC_TYPE_PREFERENCES);

  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->test_client);
  g_clear_object (&self->credentials);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lc_preferences_parent_class)->dispose (object);
}

static void
lc_preferences_finalize (GObject *object)
{
  LcPreferences *self = LC_PREFERENCES (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lc_preferences_parent_class)->finalize (object);
}

static void
lc_preferences_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LcPreferences *self = LC_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS:
      g_set_object (&self->credentials, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lc_preferences_class_init (LcPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lc_preferences_constructed;
  object_class->dispose = lc_preferences_dispose;
  object_class->finalize = lc_preferences_finalize;
  object_class->set_property = lc_preferences_set_property;

  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, LC_TYPE_CREDENTIALS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liveconcurrency/LiveConcurrency/"
                                               "ui/lc-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, app_id_row);
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, secret_row);
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, secret_status_label);
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, test_stack);
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, test_result_label);
  gtk_widget_class_bind_template_child (widget_class, LcPreferences, history_row);
  gtk_widget_class_bind_template_callback (widget_class, app_id_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_endpoint_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "prefs.clear-history", NULL,
                                   clear_history_activated);
  gtk_widget_class_install_action (widget_class, "prefs.forget-credentials", NULL,
                                   forget_credentials_activated);
}

static void
lc_preferences_init (LcPreferences *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));
}

LcPreferences *
lc_preferences_new (GtkWindow     *parent,
                    LcCredentials *credentials)
{
  return g_object_new (LC_TYPE_PREFERENCES,
                       "transient-for", parent,
                       "credentials", credentials,
                       NULL);
}

/* Lends the application's offline history, to measure and clear; without one the group says
 * that nothing is saved. */
void
lc_preferences_set_cache (LcPreferences *self,
                          LcCache       *cache)
{
  g_return_if_fail (LC_IS_PREFERENCES (self));
  g_return_if_fail (cache == NULL || LC_IS_CACHE (cache));

  if (g_set_object (&self->cache, cache))
    measure_history (self);
}

/* Whether the history is being measured or cleared, for the tests to wait on. */
gboolean
lc_preferences_get_history_busy (LcPreferences *self)
{
  g_return_val_if_fail (LC_IS_PREFERENCES (self), FALSE);

  return self->n_pending_history_jobs > 0;
}

/* What the Saved History group says about the history's size. */
const char *
lc_preferences_get_history_summary (LcPreferences *self)
{
  g_return_val_if_fail (LC_IS_PREFERENCES (self), NULL);

  return adw_action_row_get_subtitle (self->history_row);
}
