/* lc-export.h: saving the chart as PNG, SVG or PDF, and the series as CSV
 *
 * Every file is drawn by the same renderer as the window shows and written atomically: the
 * content goes to a temporary file in the target's folder, which is renamed over the target
 * only once complete. A failed export leaves no file behind and never truncates the one that
 * was there.
 *
 * The CSV has the header `day,minute,viewers` and one row per minute with viewers, ascending,
 * for example `2024-03-05,14:32,1234`: the day and minute on the platform's clock, the viewers
 * as a plain integer, lines ending in `\n`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-chart.h"
#include "lc-series.h"

G_BEGIN_DECLS

typedef enum
{
  LC_EXPORT_FORMAT_PNG,
  LC_EXPORT_FORMAT_SVG,
  LC_EXPORT_FORMAT_PDF,
} LcExportFormat;

/* The size of an exported chart unless the user asks for another. */
#define LC_EXPORT_DEFAULT_WIDTH  1600
#define LC_EXPORT_DEFAULT_HEIGHT 900

/* The largest image side, in device pixels, so a typo cannot ask for gigabytes. */
#define LC_EXPORT_MAX_PIXELS 16384

gboolean  lc_export_format_from_path  (const char          *path,
                                       LcExportFormat      *out_format);

GBytes   *lc_export_chart_bytes       (const LcChartInput  *input,
                                       LcExportFormat       format,
                                       GError             **error);
GBytes   *lc_export_png_bytes         (const LcChartInput  *input,
                                       GError             **error);
gboolean  lc_export_chart_file        (const LcChartInput  *input,
                                       LcExportFormat       format,
                                       const char          *path,
                                       GError             **error);
gboolean  lc_export_series_chart_file (LcSeries            *series,
                                       LcExportFormat       format,
                                       const char          *path,
                                       int                  width,
                                       int                  height,
                                       double               scale,
                                       const char          *title,
                                       const char          *subtitle,
                                       GError             **error);

gboolean  lc_export_csv_stream        (const LcSeries      *series,
                                       LcMinute             from,
                                       LcMinute             to,
                                       GOutputStream       *stream,
                                       GCancellable        *cancellable,
                                       GError             **error);
gboolean  lc_export_csv_file          (const LcSeries      *series,
                                       LcMinute             from,
                                       LcMinute             to,
                                       const char          *path,
                                       GError             **error);

/* Pass as from and to for the whole series. */
#define LC_EXPORT_ALL_FROM G_MININT32
#define LC_EXPORT_ALL_TO   G_MAXINT32

G_END_DECLS
