/* lc-chart-view.h: the interactive chart of concurrent viewers in the main window
 *
 * The widget draws with the core's renderer and lets people explore the series: the scroll
 * wheel, a pinch, the + and − keys zoom around the pointer (or the centre); dragging pans;
 * Shift-dragging selects a stretch of time to zoom into; the arrow keys pan; a double click,
 * Escape or Home shows everything again. Hovering shows the day, the minute and the viewers of
 * the point under the pointer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lc-chart.h"
#include "lc-series.h"

G_BEGIN_DECLS

#define LC_TYPE_CHART_VIEW (lc_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (LcChartView, lc_chart_view, LC, CHART_VIEW, GtkWidget)

GtkWidget *lc_chart_view_new                  (void);

void       lc_chart_view_set_series           (LcChartView   *self,
                                               LcSeries      *series);
LcSeries  *lc_chart_view_get_series           (LcChartView   *self);
void       lc_chart_view_set_events           (LcChartView   *self,
                                               GArray        *events);
void       lc_chart_view_set_full_window      (LcChartView   *self,
                                               LcMinute       from,
                                               LcMinute       to);

void       lc_chart_view_set_visible_window   (LcChartView   *self,
                                               LcMinute       from,
                                               LcMinute       to);
void       lc_chart_view_get_visible_window   (LcChartView   *self,
                                               LcMinute      *out_from,
                                               LcMinute      *out_to);
void       lc_chart_view_reset_zoom           (LcChartView   *self);
void       lc_chart_view_focus_range          (LcChartView   *self,
                                               LcMinute       first,
                                               LcMinute       last);

void       lc_chart_view_fill_input           (LcChartView   *self,
                                               LcChartInput  *input);
GBytes    *lc_chart_view_render_png           (LcChartView   *self,
                                               int            width,
                                               int            height,
                                               double         scale,
                                               GError       **error);

guint      lc_chart_view_get_data_render_count (LcChartView  *self);

G_END_DECLS
