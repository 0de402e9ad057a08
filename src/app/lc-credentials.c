/* lc-credentials.c: where the app secret is kept
 *
 * Every keyring call is asynchronous, because the Secret Service may have to ask the user to
 * unlock the keyring. A secret kept for the session shadows the keyring for its App ID and
 * endpoint, so a user without a keyring can still work, and loses the secret on quit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-credentials"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lc-credentials.h"

#define ATTRIBUTE_APP_ID   "app-id"
#define ATTRIBUTE_ENDPOINT "endpoint"

struct _LcCredentials
{
  GObject     parent_instance;

  GHashTable *session_secrets; /* "app-id\nendpoint" → secret */
};

G_DEFINE_FINAL_TYPE (LcCredentials, lc_credentials, G_TYPE_OBJECT)

G_DEFINE_QUARK (lc-credentials-error-quark, lc_credentials_error)

const SecretSchema *
lc_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID,
    SECRET_SCHEMA_NONE,
    {
      { ATTRIBUTE_APP_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTRIBUTE_ENDPOINT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Secrets are wiped before their memory goes back to the allocator. */
static void
wipe_secret (gpointer secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static char *
session_key (const char *app_id,
             const char *endpoint)
{
  return g_strconcat (app_id, "\n", endpoint, NULL);
}

static void
lc_credentials_finalize (GObject *object)
{
  LcCredentials *self = LC_CREDENTIALS (object);

  g_clear_pointer (&self->session_secrets, g_hash_table_unref);

  G_OBJECT_CLASS (lc_credentials_parent_class)->finalize (object);
}

static void
lc_credentials_class_init (LcCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lc_credentials_finalize;
}

static void
lc_credentials_init (LcCredentials *self)
{
  self->session_secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_secret);
}

LcCredentials *
lc_credentials_new (void)
{
  return g_object_new (LC_TYPE_CREDENTIALS, NULL);
}

/* Whatever libsecret reports (no bus, no service, a locked or refused collection), the user can
 * do one thing about it, so it becomes one plain error; the original words go to the debug log. */
static GError *
no_service_error (const GError *cause)
{
  g_debug ("Secret Service call failed: %s", cause->message);

  return g_error_new_literal (LC_CREDENTIALS_ERROR, LC_CREDENTIALS_ERROR_NO_SERVICE,
                              _("No keyring is available to keep the App Secret safely."));
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, no_service_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
lc_credentials_store_async (LcCredentials       *self,
                            const char          *app_id,
                            const char          *endpoint,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (LC_IS_CREDENTIALS (self));
  g_return_if_fail (app_id != NULL && endpoint != NULL && secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lc_credentials_store_async);

  /* Translators: the name of the keyring item; the placeholder is the App ID. */
  label = g_strdup_printf (_("Live Concurrency App Secret for %s"), app_id);

  secret_password_store (lc_credentials_get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, password_stored_cb, g_steal_pointer (&task),
                         ATTRIBUTE_APP_ID, app_id,
                         ATTRIBUTE_ENDPOINT, endpoint,
                         NULL);
}

gboolean
lc_credentials_store_finish (LcCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (LC_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
password_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, no_service_error (error));
      return;
    }

  /* libsecret hands out non-pageable memory; the caller gets an ordinary string. */
  g_task_return_pointer (task, g_strdup (secret), wipe_secret);
  secret_password_free (secret);
}

void
lc_credentials_lookup_async (LcCredentials       *self,
                             const char          *app_id,
                             const char          *endpoint,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *session_secret;

  g_return_if_fail (LC_IS_CREDENTIALS (self));
  g_return_if_fail (app_id != NULL && endpoint != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lc_credentials_lookup_async);

  key = session_key (app_id, endpoint);
  session_secret = g_hash_table_lookup (self->session_secrets, key);
  if (session_secret != NULL)
    {
      g_task_return_pointer (task, g_strdup (session_secret), wipe_secret);
      return;
    }

  secret_password_lookup (lc_credentials_get_schema (), cancellable, password_looked_up_cb,
                          g_steal_pointer (&task),
                          ATTRIBUTE_APP_ID, app_id,
                          ATTRIBUTE_ENDPOINT, endpoint,
                          NULL);
}

/* Returns NULL without an error when nothing is stored for that App ID and endpoint. */
char *
lc_credentials_lookup_finish (LcCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (LC_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lc_credentials_keep_for_session (LcCredentials *self,
                                 const char    *app_id,
                                 const char    *endpoint,
                                 const char    *secret)
{
  g_autofree char *key = NULL;

  g_return_if_fail (LC_IS_CREDENTIALS (self));
  g_return_if_fail (app_id != NULL && endpoint != NULL);

  key = session_key (app_id, endpoint);
  if (secret == NULL || secret[0] == '\0')
    g_hash_table_remove (self->session_secrets, key);
  else
    g_hash_table_replace (self->session_secrets, g_steal_pointer (&key), g_strdup (secret));
}

gboolean
lc_credentials_has_session_secret (LcCredentials *self,
                                   const char    *app_id,
                                   const char    *endpoint)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (LC_IS_CREDENTIALS (self), FALSE);

  key = session_key (app_id, endpoint);

  return g_hash_table_contains (self->session_secrets, key);
}
