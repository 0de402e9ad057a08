/* lc-window.h: the main window, where a range is queried and its concurrency shown
 *
 * A query never wipes the result on screen until a new one has arrived whole; a failure is
 * reported next to the result it leaves in place. The functions below the line are what the
 * application and the tests drive the window with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lc-app-logic.h"
#include "lc-cache.h"
#include "lc-credentials.h"
#include "lc-mock-server.h"
#include "lc-series.h"
#include "lc-series-model.h"

G_BEGIN_DECLS

#define LC_TYPE_WINDOW (lc_window_get_type ())

G_DECLARE_FINAL_TYPE (LcWindow, lc_window, LC, WINDOW, AdwApplicationWindow)

LcWindow      *lc_window_new                  (GtkApplication *application,
                                               LcCredentials  *credentials);

void           lc_window_start_demo           (LcWindow       *self,
                                               LcMockServer   *demo_server);
gboolean       lc_window_get_demo             (LcWindow       *self);
void           lc_window_set_range            (LcWindow       *self,
                                               LcRange         range);
LcRange        lc_window_get_range            (LcWindow       *self);
void           lc_window_query                (LcWindow       *self);
void           lc_window_cancel_query         (LcWindow       *self);
gboolean       lc_window_get_running          (LcWindow       *self);
gboolean       lc_window_has_credentials      (LcWindow       *self);
void           lc_window_set_cache            (LcWindow       *self,
                                               LcCache        *cache);
LcCache       *lc_window_get_cache            (LcWindow       *self);
void           lc_window_add_toast            (LcWindow       *self,
                                               AdwToast       *toast);

/* What is on screen, for the tests. */
LcView         lc_window_get_view             (LcWindow       *self);
LcSeries      *lc_window_get_series           (LcWindow       *self);
const GError  *lc_window_get_last_error       (LcWindow       *self);
const char    *lc_window_get_summary_peak     (LcWindow       *self);
GListModel    *lc_window_get_events_model     (LcWindow       *self);
LcSeriesModel *lc_window_get_table_model      (LcWindow       *self);
GtkColumnView *lc_window_get_table_view       (LcWindow       *self);
GtkColumnViewColumn *lc_window_get_table_column (LcWindow     *self,
                                                 const char   *name);
void           lc_window_activate_event       (LcWindow       *self,
                                               guint           position);
GtkWidget     *lc_window_get_chart_view       (LcWindow       *self);
const char    *lc_window_get_visible_page     (LcWindow       *self);
const GArray  *lc_window_get_missing_ranges   (LcWindow       *self);
const char    *lc_window_get_history_notice   (LcWindow       *self);

G_END_DECLS
