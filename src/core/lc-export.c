/* lc-export.c: saving the chart as PNG, SVG or PDF, and the series as CSV
 *
 * Files are produced in memory first and handed to g_file_set_contents(), which writes a
 * temporary file beside the target and renames it into place; a failure anywhere before the
 * rename leaves the folder as it was. A year of minutes is about 13 MB of CSV, which is fine to
 * hold in memory on a desktop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "lc-export.h"

/* CSV rows are gathered into blocks of about this size before each write to the stream. */
#define CSV_BLOCK_SIZE (64 * 1024)

/**
 * lc_export_format_from_path:
 *
 * Picks the format from the file name's extension (.png, .svg or .pdf, in any case).
 * Returns FALSE for any other name.
 */
gboolean
lc_export_format_from_path (const char     *path,
                            LcExportFormat *out_format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_format != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *out_format = LC_EXPORT_FORMAT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *out_format = LC_EXPORT_FORMAT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *out_format = LC_EXPORT_FORMAT_PDF;
  else
    return FALSE;

  return TRUE;
}

static cairo_status_t
append_to_byte_array_cb (void                *closure,
                         const unsigned char *chunk,
                         unsigned int         length)
{
  g_byte_array_append (closure, chunk, length);

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_input (const LcChartInput *input,
             GError            **error)
{
  double scale = input->scale > 0 ? input->scale : 1;

  if (!(input->width >= 1 && input->height >= 1)
      || input->width * scale > LC_EXPORT_MAX_PIXELS
      || input->height * scale > LC_EXPORT_MAX_PIXELS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A chart can be from 1 to %d pixels wide and high, scale included"),
                   LC_EXPORT_MAX_PIXELS);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_cairo (cairo_status_t status,
             GError       **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the chart: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

static GBytes *
render_png (const LcChartInput *input,
            GError            **error)
{
  double              scale = input->scale > 0 ? input->scale : 1;
  int                 pixel_width = (int) ceil (input->width * scale);
  int                 pixel_height = (int) ceil (input->height * scale);
  g_autoptr (GByteArray) content = g_byte_array_new ();
  cairo_surface_t    *surface;
  cairo_t            *cr;
  cairo_status_t      status;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  lc_chart_render (cr, input, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_to_byte_array_cb, content);
  cairo_surface_destroy (surface);

  if (!check_cairo (status, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&content));
}

static GBytes *
render_vector (const LcChartInput *input,
               LcExportFormat      format,
               GError            **error)
{
  g_autoptr (GByteArray) content = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t         *cr;
  cairo_status_t   status;

  if (format == LC_EXPORT_FORMAT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (append_to_byte_array_cb, content,
                                                     input->width, input->height);
    }
  else
    {
      surface = cairo_pdf_surface_create_for_stream (append_to_byte_array_cb, content,
                                                     input->width, input->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Live Concurrency");
      if (input->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, input->title);
    }

  cr = cairo_create (surface);
  lc_chart_render (cr, input, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  /* Finishing writes the trailer (and the one PDF page) into the byte array. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_cairo (status, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&content));
}

/**
 * lc_export_chart_bytes:
 *
 * Draws the chart described by @input into a PNG, SVG or PDF held in memory. A PNG is
 * width × scale by height × scale pixels; an SVG or PDF is width × height points, one page.
 */
GBytes *
lc_export_chart_bytes (const LcChartInput *input,
                       LcExportFormat      format,
                       GError            **error)
{
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_input (input, error))
    return NULL;

  if (format == LC_EXPORT_FORMAT_PNG)
    return render_png (input, error);

  return render_vector (input, format, error);
}

/**
 * lc_export_png_bytes:
 *
 * The chart as a PNG in memory, for the clipboard.
 */
GBytes *
lc_export_png_bytes (const LcChartInput *input,
                     GError            **error)
{
  return lc_export_chart_bytes (input, LC_EXPORT_FORMAT_PNG, error);
}

static gboolean
write_file_atomically (const char *path,
                       GBytes     *content,
                       GError    **error)
{
  gsize         length;
  gconstpointer bytes = g_bytes_get_data (content, &length);

  /* g_file_set_contents() writes a temporary file in the same folder and renames it over
   * path only when everything was written and synced, removing it on failure. */
  return g_file_set_contents (path, bytes, (gssize) length, error);
}

/**
 * lc_export_chart_file:
 *
 * Draws the chart into @path, atomically: see lc_export_chart_bytes() for the sizes.
 */
gboolean
lc_export_chart_file (const LcChartInput *input,
                      LcExportFormat      format,
                      const char         *path,
                      GError            **error)
{
  g_autoptr (GBytes) content = NULL;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  content = lc_export_chart_bytes (input, format, error);
  if (content == NULL)
    return FALSE;

  return write_file_atomically (path, content, error);
}

/**
 * lc_export_series_chart_file:
 * @title: (nullable): drawn above the chart
 * @subtitle: (nullable): drawn under the title
 *
 * Draws all of @series, its events shaded, into @path: what the command line's --png, --svg
 * and --pdf write.
 */
gboolean
lc_export_series_chart_file (LcSeries       *series,
                             LcExportFormat  format,
                             const char     *path,
                             int             width,
                             int             height,
                             double          scale,
                             const char     *title,
                             const char     *subtitle,
                             GError        **error)
{
  g_autoptr (GArray) events = NULL;
  LcChartInput input;

  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);

  lc_chart_input_init (&input, series);
  input.width = width;
  input.height = height;
  input.scale = scale;
  input.title = title;
  input.subtitle = subtitle;
  if (events != NULL)
    {
      input.events = (const LcEvent *) (gpointer) events->data;
      input.n_events = events->len;
    }

  return lc_export_chart_file (&input, format, path, error);
}

/**
 * lc_export_csv_stream:
 * @from: the first minute to write, or %LC_EXPORT_ALL_FROM
 * @to: the minute after the last to write, or %LC_EXPORT_ALL_TO
 *
 * Writes the minutes of @series within [from, to) as CSV: the header, then one row per minute
 * with viewers, oldest first.
 */
gboolean
lc_export_csv_stream (const LcSeries *series,
                      LcMinute        from,
                      LcMinute        to,
                      GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  const LcMinute *minutes;
  const guint32  *viewers;
  guint           n_points;
  guint           index;
  g_autoptr (GString) block = g_string_sized_new (CSV_BLOCK_SIZE + 64);
  LcDay           row_day = 0;
  char            day_text[11] = "";

  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  minutes = lc_series_get_minutes (series);
  viewers = lc_series_get_viewers (series);
  n_points = lc_series_get_length (series);
  index = lc_series_lower_bound (series, from);

  g_string_append (block, "day,minute,viewers\n");
  for (; index < n_points && minutes[index] < to; index++)
    {
      LcDay day = lc_minute_get_day (minutes[index]);
      char  time_text[6];

      /* Formatting a day goes through the calendar, so it is done once per day, not per row. */
      if (day_text[0] == '\0' || day != row_day)
        {
          lc_day_format_into (day, day_text);
          row_day = day;
        }
      lc_minute_format_into (minutes[index], time_text);
      g_string_append_printf (block, "%s,%s,%" G_GUINT32_FORMAT "\n", day_text, time_text,
                              viewers[index]);

      if (block->len >= CSV_BLOCK_SIZE)
        {
          if (!g_output_stream_write_all (stream, block->str, block->len, NULL, cancellable,
                                          error))
            return FALSE;
          g_string_truncate (block, 0);
        }
    }

  if (block->len > 0
      && !g_output_stream_write_all (stream, block->str, block->len, NULL, cancellable, error))
    return FALSE;

  return g_output_stream_flush (stream, cancellable, error);
}

/**
 * lc_export_csv_file:
 *
 * Writes the CSV of lc_export_csv_stream() into @path, atomically.
 */
gboolean
lc_export_csv_file (const LcSeries *series,
                    LcMinute        from,
                    LcMinute        to,
                    const char     *path,
                    GError        **error)
{
  g_autoptr (GOutputStream) memory = NULL;
  g_autoptr (GBytes) content = NULL;

  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memory = g_memory_output_stream_new_resizable ();
  if (!lc_export_csv_stream (series, from, to, memory, NULL, error)
      || !g_output_stream_close (memory, NULL, error))
    return FALSE;

  content = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

  return write_file_atomically (path, content, error);
}
