/* lc-series.h: a compact, columnar time series of concurrent viewers
 *
 * A year of minute-by-minute data is over half a million points, so a series keeps two plain
 * arrays (the minute on the platform's clock, and the viewers in it) and nothing per point:
 * eight bytes a point. Points are kept in ascending time order with one point per minute, and
 * only minutes that had viewers are stored; a missing minute means nobody was watching.
 *
 * The summary (peak, average, viewer-minutes, first and last activity) and the events (runs of
 * activity split by quiet gaps) are what people ask about a live stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lc-date.h"

G_BEGIN_DECLS

#define LC_TYPE_SERIES (lc_series_get_type ())

/* The quiet gap, in minutes, that separates one event from the next unless told otherwise. */
#define LC_EVENT_DEFAULT_GAP_MINUTES 30

typedef struct _LcSeries LcSeries;

typedef struct
{
  guint     active_minutes;   /* minutes with at least one viewer */
  guint32   peak_viewers;
  LcMinute  peak_minute;      /* the earliest minute that reached the peak */
  double    average_viewers;  /* over active minutes only */
  guint64   viewer_minutes;   /* the sum of viewers over all minutes */
  LcMinute  first_minute;
  LcMinute  last_minute;
} LcSeriesStats;

typedef struct
{
  LcMinute  start;            /* first active minute */
  LcMinute  end;              /* last active minute, inclusive */
  guint     duration_minutes; /* end - start + 1 */
  guint     active_minutes;
  guint32   peak_viewers;
  LcMinute  peak_minute;
  double    average_viewers;  /* over the event's active minutes */
  guint64   viewer_minutes;
} LcEvent;

GType            lc_series_get_type        (void) G_GNUC_CONST;

LcSeries        *lc_series_new             (guint            reserved_points);
LcSeries        *lc_series_ref             (LcSeries        *self);
void             lc_series_unref           (LcSeries        *self);

void             lc_series_append          (LcSeries        *self,
                                            LcMinute         minute,
                                            guint32          viewers);
void             lc_series_normalize       (LcSeries        *self);
LcSeries        *lc_series_merge           (LcSeries *const *parts,
                                            guint            n_parts);
LcSeries        *lc_series_slice           (const LcSeries  *self,
                                            LcMinute         from,
                                            LcMinute         to);

guint            lc_series_get_length      (const LcSeries  *self);
const LcMinute  *lc_series_get_minutes     (const LcSeries  *self);
const guint32   *lc_series_get_viewers     (const LcSeries  *self);
gsize            lc_series_get_memory_size (const LcSeries  *self);
guint            lc_series_lower_bound     (const LcSeries  *self,
                                            LcMinute         minute);
guint32          lc_series_get_viewers_at  (const LcSeries  *self,
                                            LcMinute         minute);
gboolean         lc_series_equal           (const LcSeries  *a,
                                            const LcSeries  *b);

gboolean         lc_series_get_stats       (const LcSeries  *self,
                                            LcSeriesStats   *out_stats);
GArray          *lc_series_find_events     (const LcSeries  *self,
                                            guint            gap_minutes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcSeries, lc_series_unref)

G_END_DECLS
