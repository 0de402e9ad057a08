/* lc-application.c: the Live Concurrency desktop application
 *
 * "--demo" works whether this process becomes the primary instance or hands over to one: it is
 * turned into the "app.demo" action, which the primary instance runs.
 *
 * The offline history is opened once, at startup, in a worker thread, and lent to every window.
 * The first window's first query waits for it, so that saved days show even on the first query;
 * if it cannot be opened the application works without it, and says so once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-application.h"
#include "lc-preferences.h"
#include "lc-window.h"

struct _LcApplication
{
  AdwApplication parent_instance;

  LcCredentials *credentials;
  LcMockServer  *demo_server;
  LcCache       *cache;
  GCancellable  *cancellable;
  char          *cache_notice;  /* what happened to the history, until it is shown */
  char          *cache_detail;  /* the full story, with the file's path, for the Details button */

  gboolean       cache_pending; /* the history is being opened */
  gboolean       query_when_cache_ready;
};

G_DEFINE_FINAL_TYPE (LcApplication, lc_application, ADW_TYPE_APPLICATION)

static void
cache_notice_details_clicked_cb (AdwToast *toast,
                                 LcWindow *window)
{
  const char *detail = g_object_get_data (G_OBJECT (toast), "lc-cache-detail");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Saved History"), detail);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A notice about the history is shown once, in the first window that can show it: a short
 * toast, whose Details button tells the whole story, file paths included. */
static void
show_cache_notice (LcApplication *self,
                   LcWindow      *window)
{
  AdwToast *toast;

  if (self->cache_notice == NULL || window == NULL)
    return;

  toast = adw_toast_new (self->cache_notice);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Details"));
  g_object_set_data_full (G_OBJECT (toast), "lc-cache-detail",
                          g_steal_pointer (&self->cache_detail), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (cache_notice_details_clicked_cb),
                           window, 0);
  lc_window_add_toast (window, toast);
  g_clear_pointer (&self->cache_notice, g_free);
}

static LcWindow *
get_or_create_window (LcApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  LcWindow *window;

  if (LC_IS_WINDOW (active))
    return LC_WINDOW (active);

  window = lc_window_new (GTK_APPLICATION (self), self->credentials);
  lc_window_set_cache (window, self->cache);
  show_cache_notice (self, window);

  return window;
}

static void
cache_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (LcApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LcCache) cache = NULL;
  GtkWindow *active;

  cache = lc_cache_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->cache_pending = FALSE;
  if (cache == NULL)
    {
      g_debug ("Working without the saved history: %s", error->message);
      self->cache_notice = g_strdup (_("Viewers cannot be saved for offline use"));
      self->cache_detail = g_strdup (error->message);
    }
  else
    {
      self->cache = g_steal_pointer (&cache);
      if (lc_cache_get_open_warning (self->cache) != NULL)
        {
          self->cache_notice = g_strdup (_("The saved history could not be used and was started "
                                           "anew"));
          self->cache_detail = g_strdup (lc_cache_get_open_warning (self->cache));
        }
    }

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (LC_IS_WINDOW (l->data))
        lc_window_set_cache (LC_WINDOW (l->data), self->cache);
    }

  active = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (LC_IS_WINDOW (active))
    {
      LcWindow *window = LC_WINDOW (active);

      show_cache_notice (self, window);
      if (self->query_when_cache_ready && lc_window_has_credentials (window)
          && !lc_window_get_running (window) && lc_window_get_series (window) == NULL)
        lc_window_query (window);
    }
  self->query_when_cache_ready = FALSE;
}

static void
lc_application_activate (GApplication *application)
{
  LcApplication *self = LC_APPLICATION (application);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  LcWindow *window;

  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  window = get_or_create_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (!lc_window_has_credentials (window))
    return;

  if (self->cache_pending)
    self->query_when_cache_ready = TRUE;
  else
    lc_window_query (window);
}

static int
lc_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autoptr (GError) error = NULL;

  if (!g_variant_dict_contains (options, "demo"))
    return -1;

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_action_group_activate_action (G_ACTION_GROUP (application), "demo", NULL);

  return 0;
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  LcApplication *self = user_data;
  g_autoptr (GError) error = NULL;
  LcMockServer *server;
  LcWindow *window;

  server = lc_application_ensure_demo_server (self, &error);
  window = get_or_create_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (server == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window),
                                                  _("Could Not Start the Demo"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  lc_window_start_demo (window, server);
}

static void
preferences_closed_cb (GtkWindow *preferences,
                       LcWindow  *window)
{
  /* Newly entered credentials are put to use at once, unless something is already shown. */
  if (lc_window_has_credentials (window) && lc_window_get_series (window) == NULL
      && !lc_window_get_running (window))
    lc_window_query (window);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  LcApplication *self = user_data;
  LcWindow *window = get_or_create_window (self);
  LcPreferences *preferences;

  gtk_window_present (GTK_WINDOW (window));
  preferences = lc_preferences_new (GTK_WINDOW (window), self->credentials);
  lc_preferences_set_cache (preferences, self->cache);
  g_signal_connect_object (preferences, "close-request", G_CALLBACK (preferences_closed_cb),
                           window, G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  LcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Live Concurrency developers"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("Live Concurrency"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See how many people watched your POLYV live streams at "
                                       "the same time, minute by minute."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  LcApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window first lets it save its size and cancel its query. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
lc_application_startup (GApplication *application)
{
  LcApplication *self = LC_APPLICATION (application);
  static const GActionEntry actions[] = {
    { "demo", demo_activated, NULL, NULL, NULL, { 0 } },
    { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  };
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Ctrl>q", NULL } },
    { "app.preferences", { "<Ctrl>comma", NULL } },
    { "window.close", { "<Ctrl>w", NULL } },
    { "win.query", { "<Ctrl>r", "F5", NULL } },
    { "win.choose-range", { "<Ctrl>d", NULL } },
    { "win.show-page::chart", { "<Alt>1", NULL } },
    { "win.show-page::events", { "<Alt>2", NULL } },
    { "win.show-page::table", { "<Alt>3", NULL } },
  };

  G_APPLICATION_CLASS (lc_application_parent_class)->startup (application);

  /* Opening may migrate or set aside an old file: that is disk work, kept off the main loop. */
  self->cache_pending = TRUE;
  lc_cache_open_async (NULL, self->cancellable, cache_opened_cb, g_object_ref (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
lc_application_shutdown (GApplication *application)
{
  LcApplication *self = LC_APPLICATION (application);

  if (self->demo_server != NULL)
    lc_mock_server_stop (self->demo_server);
  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (lc_application_parent_class)->shutdown (application);
}

static void
lc_application_dispose (GObject *object)
{
  LcApplication *self = LC_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->credentials);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->cache_notice, g_free);
  g_clear_pointer (&self->cache_detail, g_free);

  G_OBJECT_CLASS (lc_application_parent_class)->dispose (object);
}

static void
lc_application_class_init (LcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lc_application_dispose;
  application_class->activate = lc_application_activate;
  application_class->startup = lc_application_startup;
  application_class->shutdown = lc_application_shutdown;
  application_class->handle_local_options = lc_application_handle_local_options;
}

static void
lc_application_init (LcApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show made-up data from a stand-in for the POLYV service, without an account"), NULL },
    { NULL }
  };

  self->credentials = lc_credentials_new ();
  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

LcApplication *
lc_application_new (void)
{
  return g_object_new (LC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/liveconcurrency/LiveConcurrency",
                       NULL);
}

LcCredentials *
lc_application_get_credentials (LcApplication *self)
{
  g_return_val_if_fail (LC_IS_APPLICATION (self), NULL);

  return self->credentials;
}

/**
 * lc_application_get_cache:
 *
 * Returns: (transfer none) (nullable): the offline history, or %NULL while it is being opened
 *   or when it could not be
 */
LcCache *
lc_application_get_cache (LcApplication *self)
{
  g_return_val_if_fail (LC_IS_APPLICATION (self), NULL);

  return self->cache;
}

/* The demo's mock listens on a free loopback port and lives as long as the application. */
LcMockServer *
lc_application_ensure_demo_server (LcApplication  *self,
                                   GError        **error)
{
  g_autoptr (LcMockServer) server = NULL;

  g_return_val_if_fail (LC_IS_APPLICATION (self), NULL);

  if (self->demo_server != NULL)
    return self->demo_server;

  server = lc_mock_server_new ();
  lc_mock_server_add_app (server, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET);
  if (!lc_mock_server_start (server, 0, error))
    return NULL;

  self->demo_server = g_steal_pointer (&server);

  return self->demo_server;
}
