/* lc-preferences.c: the preferences window, where the POLYV account is set up
 *
 * The App ID and the endpoint go to GSettings when applied; the App Secret goes to the keyring,
 * filed under both, so that switching accounts brings back the right secret. If no keyring
 * answers, the user is told so and may keep the secret for this session only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-preferences"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-app-logic.h"
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

  /* Owned */
  GSettings     *settings;
  LcCredentials *credentials;
  GCancellable  *cancellable;
  GCancellable  *test_cancellable;
  LcClient      *test_client;

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

static void
app_id_row_applied_cb (AdwEntryRow   *row,
                       LcPreferences *self)
{
  g_autofree char *app_id = get_row_text (row);

  g_settings_set_string (self->settings, "app-id", app_id);
  look_up_secret (self, TRUE);
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
  gtk_widget_class_bind_template_callback (widget_class, app_id_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_endpoint_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_button_clicked_cb);
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
