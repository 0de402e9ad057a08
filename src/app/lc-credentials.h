/* lc-credentials.h: where the app secret is kept
 *
 * The App ID and the endpoint are settings; the secret that signs every request is kept in the
 * user's keyring through the Secret Service, one item per App ID and endpoint so that accounts
 * never mix. When no Secret Service answers, the secret can be kept in memory for this session
 * only. It is never written to a file or to GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define LC_CREDENTIALS_ERROR (lc_credentials_error_quark ())

typedef enum
{
  LC_CREDENTIALS_ERROR_NO_SERVICE, /* no Secret Service, or it refused to answer */
} LcCredentialsError;

#define LC_TYPE_CREDENTIALS (lc_credentials_get_type ())

G_DECLARE_FINAL_TYPE (LcCredentials, lc_credentials, LC, CREDENTIALS, GObject)

GQuark              lc_credentials_error_quark        (void);
const SecretSchema *lc_credentials_get_schema         (void);

LcCredentials      *lc_credentials_new                (void);

void                lc_credentials_store_async        (LcCredentials       *self,
                                                       const char          *app_id,
                                                       const char          *endpoint,
                                                       const char          *secret,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            lc_credentials_store_finish       (LcCredentials       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

void                lc_credentials_lookup_async       (LcCredentials       *self,
                                                       const char          *app_id,
                                                       const char          *endpoint,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char               *lc_credentials_lookup_finish      (LcCredentials       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

void                lc_credentials_keep_for_session   (LcCredentials       *self,
                                                       const char          *app_id,
                                                       const char          *endpoint,
                                                       const char          *secret);
gboolean            lc_credentials_has_session_secret (LcCredentials       *self,
                                                       const char          *app_id,
                                                       const char          *endpoint);

G_END_DECLS
