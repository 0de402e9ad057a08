/* lc-export-dialog.h: saving what the chart shows as a picture or a table, and copying it
 *
 * The export dialog offers the chart as PNG, SVG or PDF at a chosen size and background, or the
 * minutes behind it as CSV, then asks where to save through the file chooser (a portal in a
 * sandbox). Files are drawn and written on a worker thread, so a large picture or a year of
 * minutes never freezes the window; the window is told with a toast once the file is there.
 * "Copy Chart" puts a PNG of the chart as shown on the clipboard.
 *
 * Everything covers the chart's visible window: what people see is what they save. The pure
 * functions at the end decide names and texts, and are tested without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lc-date.h"
#include "lc-window.h"

G_BEGIN_DECLS

/* What a file holds: the first three are the chart, the last the minutes as a table. */
typedef enum
{
  LC_EXPORT_KIND_PNG,
  LC_EXPORT_KIND_SVG,
  LC_EXPORT_KIND_PDF,
  LC_EXPORT_KIND_CSV,
} LcExportKind;

typedef enum
{
  LC_EXPORT_BACKGROUND_LIGHT,
  LC_EXPORT_BACKGROUND_DARK,
  LC_EXPORT_BACKGROUND_TRANSPARENT,
} LcExportBackground;

/* The smallest and largest width or height of a chart, in logical pixels. */
#define LC_EXPORT_MIN_SIDE 16
#define LC_EXPORT_MAX_SIDE 16384

/* The size of a copied chart, in logical pixels: it reads well when pasted. */
#define LC_EXPORT_COPY_WIDTH  1600
#define LC_EXPORT_COPY_HEIGHT 900

#define LC_TYPE_EXPORT_DIALOG (lc_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LcExportDialog, lc_export_dialog, LC, EXPORT_DIALOG, AdwWindow)

LcExportDialog     *lc_export_dialog_new                 (LcWindow            *window,
                                                          AdwToastOverlay     *toast_overlay);

void                lc_export_dialog_set_kind            (LcExportDialog      *self,
                                                          LcExportKind         kind);
LcExportKind        lc_export_dialog_get_kind            (LcExportDialog      *self);
void                lc_export_dialog_set_size            (LcExportDialog      *self,
                                                          int                  width,
                                                          int                  height);
void                lc_export_dialog_get_size            (LcExportDialog      *self,
                                                          int                 *out_width,
                                                          int                 *out_height);
void                lc_export_dialog_set_scale           (LcExportDialog      *self,
                                                          guint                scale);
guint               lc_export_dialog_get_scale           (LcExportDialog      *self);
void                lc_export_dialog_set_background      (LcExportDialog      *self,
                                                          LcExportBackground   background);
LcExportBackground  lc_export_dialog_get_background      (LcExportDialog      *self);
void                lc_export_dialog_set_whole_result    (LcExportDialog      *self,
                                                          gboolean             whole_result);
char               *lc_export_dialog_get_suggested_name  (LcExportDialog      *self);
const char         *lc_export_dialog_get_error_message   (LcExportDialog      *self);

void                lc_export_dialog_export_to_file      (LcExportDialog      *self,
                                                          GFile               *file,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            lc_export_dialog_export_to_file_finish (LcExportDialog    *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

void                lc_export_copy_chart                 (LcWindow            *window,
                                                          AdwToastOverlay     *toast_overlay);

/* Decisions, without widgets. */
const char         *lc_export_kind_get_extension         (LcExportKind         kind);
gboolean            lc_export_kind_allows_scale          (LcExportKind         kind);
gboolean            lc_export_kind_allows_transparent    (LcExportKind         kind);
char               *lc_export_suggest_file_name          (LcExportKind         kind,
                                                          LcMinute             from,
                                                          LcMinute             to);
char               *lc_export_describe_window            (LcMinute             from,
                                                          LcMinute             to);
char               *lc_export_describe_error             (const GError        *error);

G_END_DECLS
