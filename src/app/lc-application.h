/* lc-application.h: the Live Concurrency desktop application
 *
 * It owns what windows share: the keyring access for the App Secret, the offline history of
 * fetched days and, in demo mode, a mock of the POLYV service running in-process on loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lc-cache.h"
#include "lc-credentials.h"
#include "lc-mock-server.h"

G_BEGIN_DECLS

#define LC_TYPE_APPLICATION (lc_application_get_type ())

G_DECLARE_FINAL_TYPE (LcApplication, lc_application, LC, APPLICATION, AdwApplication)

LcApplication *lc_application_new                 (void);
LcCredentials *lc_application_get_credentials     (LcApplication  *self);
LcCache       *lc_application_get_cache           (LcApplication  *self);
LcMockServer  *lc_application_ensure_demo_server  (LcApplication  *self,
                                                   GError        **error);

G_END_DECLS
