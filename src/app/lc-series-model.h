/* lc-series-model.h: the minute-by-minute table, as a list model over a columnar series
 *
 * A year of data is over half a million rows, so the model keeps no object per row: it reads
 * the series' two arrays and makes a small row object only when the list view asks for one.
 * Sorting never goes through GtkSortListModel; the model computes an index permutation on a
 * worker thread and swaps it in when it is ready, so the window never freezes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-series.h"

G_BEGIN_DECLS

typedef enum
{
  LC_SERIES_ORDER_TIME_ASCENDING,
  LC_SERIES_ORDER_TIME_DESCENDING,
  LC_SERIES_ORDER_VIEWERS_ASCENDING,  /* ties keep time order */
  LC_SERIES_ORDER_VIEWERS_DESCENDING, /* ties keep time order */
} LcSeriesOrder;

#define LC_TYPE_SERIES_ROW (lc_series_row_get_type ())

G_DECLARE_FINAL_TYPE (LcSeriesRow, lc_series_row, LC, SERIES_ROW, GObject)

guint          lc_series_row_get_index         (LcSeriesRow   *self);
LcMinute       lc_series_row_get_minute        (LcSeriesRow   *self);
guint32        lc_series_row_get_viewers       (LcSeriesRow   *self);

#define LC_TYPE_SERIES_MODEL (lc_series_model_get_type ())

G_DECLARE_FINAL_TYPE (LcSeriesModel, lc_series_model, LC, SERIES_MODEL, GObject)

LcSeriesModel *lc_series_model_new             (void);
void           lc_series_model_set_series      (LcSeriesModel *self,
                                                LcSeries      *series);
LcSeries      *lc_series_model_get_series      (LcSeriesModel *self);
void           lc_series_model_set_order       (LcSeriesModel *self,
                                                LcSeriesOrder  order);
LcSeriesOrder  lc_series_model_get_order       (LcSeriesModel *self);
gboolean       lc_series_model_get_sorting     (LcSeriesModel *self);
guint          lc_series_model_get_source_index (LcSeriesModel *self,
                                                guint          position);

/* One live event, as a row of the events list; there are few enough of them to keep. */
#define LC_TYPE_EVENT_ROW (lc_event_row_get_type ())

G_DECLARE_FINAL_TYPE (LcEventRow, lc_event_row, LC, EVENT_ROW, GObject)

LcEventRow    *lc_event_row_new                (const LcEvent *event);
const LcEvent *lc_event_row_get_event          (LcEventRow    *self);

guint32       *lc_series_order_compute         (const LcSeries *series,
                                                LcSeriesOrder   order);

G_END_DECLS
