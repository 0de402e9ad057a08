/* lc-preferences.h: the preferences window, where the POLYV account is set up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lc-cache.h"
#include "lc-credentials.h"

G_BEGIN_DECLS

#define LC_TYPE_PREFERENCES (lc_preferences_get_type ())

G_DECLARE_FINAL_TYPE (LcPreferences, lc_preferences, LC, PREFERENCES, AdwPreferencesWindow)

LcPreferences *lc_preferences_new                 (GtkWindow     *parent,
                                                   LcCredentials *credentials);
void           lc_preferences_set_cache           (LcPreferences *self,
                                                   LcCache       *cache);

/* What the Saved History group shows, for the tests. */
gboolean       lc_preferences_get_history_busy    (LcPreferences *self);
const char    *lc_preferences_get_history_summary (LcPreferences *self);

G_END_DECLS
