/* lc-chart.h: the concurrent-viewers chart, drawn with Cairo and Pango only
 *
 * One renderer draws the chart for the desktop widget and for every exported file (PNG, SVG,
 * PDF), so what people see on screen is what they save. It knows nothing about GTK.
 *
 * A year of minutes is over half a million points, far more than a chart has pixels. The
 * renderer therefore never walks every point: a min/max pyramid, built once per series, answers
 * "what is the lowest and highest value among these points" in logarithmic time, and each
 * frame asks that question once per pixel column. A frame costs time in proportion to its
 * width, whatever the length of the series, and the peak is never lost to decimation.
 *
 * A minute missing from a series means nobody was watching, so the line drops to the baseline
 * over a gap instead of being drawn straight across it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "lc-date.h"
#include "lc-series.h"

G_BEGIN_DECLS

#define LC_TYPE_CHART_PYRAMID (lc_chart_pyramid_get_type ())

/* The smallest time window the chart shows, so that zooming in stops at a readable scale. */
#define LC_CHART_MIN_WINDOW_MINUTES 10

typedef enum
{
  LC_CHART_STYLE_LIGHT,
  LC_CHART_STYLE_DARK,
} LcChartStyle;

/* The min/max pyramid of one series. It holds a reference to the series, which must not be
 * changed while the pyramid lives (series are built, normalized, then only read). */
typedef struct _LcChartPyramid LcChartPyramid;

/* What to draw. Fields a caller does not set keep the values from lc_chart_input_init(). */
typedef struct
{
  LcSeries        *series;        /* NULL draws an empty chart */
  LcChartPyramid  *pyramid;       /* of series; NULL builds one for this call */

  LcMinute         from;          /* visible window, [from, to) */
  LcMinute         to;

  double           width;         /* logical size, in the units of the cairo_t */
  double           height;
  double           scale;         /* device pixels per logical pixel: sets the column count */

  LcChartStyle     style;
  gboolean         transparent;   /* leave the background unpainted (the widget's own shows) */

  const LcEvent   *events;        /* shaded lightly behind the line; may be NULL */
  guint            n_events;

  const char      *title;         /* drawn above the plot when set, for exported files */
  const char      *subtitle;

  gboolean         every_point;   /* draw one vertex per point: the slow reference, for tests
                                   * and the benchmark only */
} LcChartInput;

/* Where things ended up, for hit-testing and zooming in the widget. */
typedef struct
{
  double    plot_x;               /* the plot area, in logical units */
  double    plot_y;
  double    plot_width;
  double    plot_height;

  LcMinute  from;
  LcMinute  to;
  guint32   y_max;                /* the value at the top of the plot */

  gboolean  has_peak;             /* whether the window holds any viewers */
  LcMinute  peak_minute;          /* the earliest minute that reached the window's peak */
  guint32   peak_viewers;
  double    peak_x;               /* where the peak marker was drawn */
  double    peak_y;
} LcChartLayout;

/* The point a pointer is over: see lc_chart_hit_test(). */
typedef struct
{
  LcMinute  minute;
  guint32   viewers;
  double    x;
  double    y;
} LcChartHit;

GType            lc_chart_pyramid_get_type     (void) G_GNUC_CONST;
LcChartPyramid  *lc_chart_pyramid_new          (LcSeries             *series);
LcChartPyramid  *lc_chart_pyramid_ref          (LcChartPyramid       *self);
void             lc_chart_pyramid_unref        (LcChartPyramid       *self);
LcSeries        *lc_chart_pyramid_get_series   (LcChartPyramid       *self);
void             lc_chart_pyramid_get_range    (LcChartPyramid       *self,
                                                LcMinute              from,
                                                LcMinute              to,
                                                guint32              *out_min,
                                                guint32              *out_max);
gboolean         lc_chart_pyramid_find_peak    (LcChartPyramid       *self,
                                                LcMinute              from,
                                                LcMinute              to,
                                                LcMinute             *out_minute,
                                                guint32              *out_viewers);

void             lc_chart_input_init           (LcChartInput         *input,
                                                LcSeries             *series);
void             lc_chart_get_series_window    (LcSeries             *series,
                                                LcMinute             *out_from,
                                                LcMinute             *out_to);

void             lc_chart_render               (cairo_t              *cr,
                                                const LcChartInput   *input,
                                                LcChartLayout        *out_layout);

double           lc_chart_layout_x_to_minute   (const LcChartLayout  *layout,
                                                double                x);
double           lc_chart_layout_minute_to_x   (const LcChartLayout  *layout,
                                                double                minute);
double           lc_chart_layout_viewers_to_y  (const LcChartLayout  *layout,
                                                double                viewers);
gboolean         lc_chart_hit_test             (LcChartPyramid       *pyramid,
                                                const LcChartLayout  *layout,
                                                double                x,
                                                LcChartHit           *out_hit);

char            *lc_chart_format_viewers       (guint32               viewers);
char            *lc_chart_format_minute        (LcMinute              minute);
char            *lc_chart_describe             (LcChartPyramid       *pyramid,
                                                LcMinute              from,
                                                LcMinute              to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcChartPyramid, lc_chart_pyramid_unref)

G_END_DECLS
