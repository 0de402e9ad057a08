/* test-export.c: the files the chart and the series are saved as
 *
 * PNG, SVG, PDF and CSV are checked for what a reader of each format relies on (the PNG's
 * signature and pixel size, well-formed SVG, a one-page PDF, the exact CSV rows), and every
 * failure is checked to leave the folder as it was: no partial file, no temporary file, and
 * the previous file intact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "lc-export.h"
#include "lc-test-support.h"

static LcSeries *
build_series (void)
{
  LcSeries *series = lc_series_new (0);
  LcMinute  first = lc_test_minute_of (2024, 3, 5, 23, 58);

  /* Across midnight on the platform's clock, with a gap, and a large count. */
  lc_series_append (series, first, 12);
  lc_series_append (series, first + 1, 3456789);
  lc_series_append (series, first + 2, 7);
  lc_series_append (series, first + 10, 1);
  lc_series_append (series, first + 1440, 42);
  lc_series_normalize (series);

  return series;
}

/* A scratch folder, removed with everything in it at the end of a test. */
static char *
make_folder (void)
{
  g_autoptr (GError) error = NULL;
  char *folder = g_dir_make_tmp ("lc-export-XXXXXX", &error);

  g_assert_no_error (error);

  return folder;
}

static void
remove_folder (const char *folder)
{
  GDir       *dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_folder (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_chmod (folder, 0700);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The names in folder, sorted and joined with spaces. */
static char *
list_folder (const char *folder)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir       *dir = g_dir_open (folder, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static guint32
read_big_endian (const guchar *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8)
         | bytes[3];
}

static void
assert_png_size (const guchar *data,
                 gsize         length,
                 guint32       width,
                 guint32       height)
{
  static const guchar signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  g_assert_cmpuint (length, >, 33);
  g_assert_cmpmem (data, 8, signature, 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_big_endian (data + 16), ==, width);
  g_assert_cmpuint (read_big_endian (data + 20), ==, height);
}

static void
test_png (void)
{
  g_autoptr (LcSeries) series = build_series ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "chart.png", NULL);
  g_autofree char *content = NULL;
  gsize            length;
  LcChartInput     input;

  lc_chart_input_init (&input, series);
  input.width = 320;
  input.height = 200;
  input.scale = 2;
  input.title = "Concurrent viewers";

  png = lc_export_png_bytes (&input, &error);
  g_assert_no_error (error);
  assert_png_size (g_bytes_get_data (png, NULL), g_bytes_get_size (png), 640, 400);

  g_assert_true (lc_export_chart_file (&input, LC_EXPORT_FORMAT_PNG, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &content, &length, &error));
  assert_png_size ((const guchar *) content, length, 640, 400);
  g_clear_pointer (&content, g_free);

  /* What the command line writes: the whole series, at the size asked for. */
  g_assert_true (lc_export_series_chart_file (series, LC_EXPORT_FORMAT_PNG, path, 1600, 900, 1,
                                              "Title", "Subtitle", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &content, &length, &error));
  assert_png_size ((const guchar *) content, length, 1600, 900);

  remove_folder (folder);
}

typedef struct
{
  guint  elements;
  char  *root;
} SvgCount;

static void
svg_start_element_cb (GMarkupParseContext *context,
                      const char          *element_name,
                      const char         **attribute_names,
                      const char         **attribute_values,
                      gpointer             user_data,
                      GError             **error)
{
  SvgCount *count = user_data;

  if (count->root == NULL)
    count->root = g_strdup (element_name);
  count->elements++;
}

static void
test_svg (void)
{
  static const GMarkupParser parser = { .start_element = svg_start_element_cb };
  g_autoptr (LcSeries) series = build_series ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) svg = NULL;
  GMarkupParseContext *context;
  SvgCount             count = { 0 };
  LcChartInput         input;
  gsize                length;
  const char          *text;

  lc_chart_input_init (&input, series);
  input.width = 800;
  input.height = 450;
  input.title = "Viewers <&> \"quotes\"";

  svg = lc_export_chart_bytes (&input, LC_EXPORT_FORMAT_SVG, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (svg, &length);

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &count, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, (gssize) length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_cmpstr (count.root, ==, "svg");
  g_assert_cmpuint (count.elements, >, 20);
  g_assert_nonnull (g_strstr_len (text, (gssize) length, "width=\"800"));
  g_free (count.root);
}

/* How often needle occurs in haystack not followed by the letter s. */
static guint
count_not_plural (const char *haystack,
                  gsize       length,
                  const char *needle)
{
  gsize needle_length = strlen (needle);
  guint count = 0;

  for (gsize k = 0; k + needle_length <= length; k++)
    {
      if (memcmp (haystack + k, needle, needle_length) == 0
          && (k + needle_length == length || haystack[k + needle_length] != 's'))
        count++;
    }

  return count;
}

static void
test_pdf (void)
{
  g_autoptr (LcSeries) series = build_series ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;
  LcChartInput input;
  gsize        length;
  const char  *data;

  lc_chart_input_init (&input, series);
  input.title = "Concurrent viewers";
  input.subtitle = "2024-03-05 to 2024-03-06";

  pdf = lc_export_chart_bytes (&input, LC_EXPORT_FORMAT_PDF, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &length);

  g_assert_cmpuint (length, >, 100);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  g_assert_cmpuint (count_not_plural (data, length, "/Type /Page"), ==, 1);
  g_assert_nonnull (g_strstr_len (data + length - 32, 32, "%%EOF"));
}

static const char *expected_csv =
  "day,minute,viewers\n"
  "2024-03-05,23:58,12\n"
  "2024-03-05,23:59,3456789\n"
  "2024-03-06,00:00,7\n"
  "2024-03-06,00:08,1\n"
  "2024-03-06,23:58,42\n";

static char *
csv_to_string (const LcSeries *series,
               LcMinute        from,
               LcMinute        to)
{
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  g_assert_true (lc_export_csv_stream (series, from, to, memory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (memory, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (memory, NULL, &error));

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_csv (void)
{
  g_autoptr (LcSeries) series = build_series ();
  g_autoptr (LcSeries) empty = lc_series_new (0);
  g_autoptr (GError) error = NULL;
  g_autofree char *whole = csv_to_string (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO);
  g_autofree char *window = NULL;
  g_autofree char *nothing = csv_to_string (empty, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO);
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "series.csv", NULL);
  g_autofree char *content = NULL;

  g_assert_cmpstr (whole, ==, expected_csv);
  g_assert_cmpstr (nothing, ==, "day,minute,viewers\n");

  /* A window is [from, to): the minute at to is left out. */
  window = csv_to_string (series, lc_test_minute_of (2024, 3, 5, 23, 59),
                          lc_test_minute_of (2024, 3, 6, 0, 8));
  g_assert_cmpstr (window, ==,
                   "day,minute,viewers\n"
                   "2024-03-05,23:59,3456789\n"
                   "2024-03-06,00:00,7\n");

  g_assert_true (lc_export_csv_file (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &content, NULL, &error));
  g_assert_cmpstr (content, ==, expected_csv);

  remove_folder (folder);
}

static void
test_csv_large (void)
{
  g_autoptr (LcSeries) series = lc_series_new (0);
  g_autofree char *csv = NULL;
  g_auto (GStrv) lines = NULL;
  LcMinute first = lc_test_minute_of (2024, 1, 1, 0, 0);

  /* More than one write block's worth of rows. */
  for (guint k = 0; k < 20000; k++)
    lc_series_append (series, first + (LcMinute) k * 2, k + 1);
  lc_series_normalize (series);

  csv = csv_to_string (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 20000 + 2);
  g_assert_cmpstr (lines[1], ==, "2024-01-01,00:00,1");
  g_assert_cmpstr (lines[20000], ==, "2024-01-28,18:38,20000");
  g_assert_cmpstr (lines[20001], ==, "");
}

static void
test_csv_stream_failure (void)
{
  g_autoptr (LcSeries) series = build_series ();
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_output_stream_close (memory, NULL, NULL));
  g_assert_false (lc_export_csv_stream (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO, memory,
                                        NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_failures_leave_folder_alone (void)
{
  g_autoptr (LcSeries) series = build_series ();
  g_autofree char *folder = make_folder ();
  g_autofree char *existing = g_build_filename (folder, "chart.png", NULL);
  g_autofree char *missing_folder = g_build_filename (folder, "no-such-folder", "chart.png",
                                                      NULL);
  g_autofree char *taken_by_folder = g_build_filename (folder, "taken", NULL);
  g_autofree char *content = NULL;
  g_autofree char *listing = NULL;
  LcChartInput     input;

  g_assert_true (g_file_set_contents (existing, "the previous chart", -1, NULL));
  g_assert_cmpint (g_mkdir (taken_by_folder, 0700), ==, 0);
  lc_chart_input_init (&input, series);
  input.width = 300;
  input.height = 200;

  /* Into a folder that does not exist. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (lc_export_chart_file (&input, LC_EXPORT_FORMAT_PNG, missing_folder, &error));
    g_assert_nonnull (error);
    g_assert_false (lc_export_csv_file (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO,
                                        missing_folder, NULL));
  }

  /* A chart that cannot be drawn leaves the previous file as it was. */
  {
    g_autoptr (GError) error = NULL;
    LcChartInput       broken = input;

    broken.width = 0;
    g_assert_false (lc_export_chart_file (&broken, LC_EXPORT_FORMAT_PNG, existing, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    broken.width = 100000;
    g_assert_false (lc_export_chart_file (&broken, LC_EXPORT_FORMAT_PDF, existing, NULL));
  }

  /* The rename itself fails when a folder has the name: the temporary file goes away. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (lc_export_chart_file (&input, LC_EXPORT_FORMAT_SVG, taken_by_folder, &error));
    g_assert_nonnull (error);
    g_assert_false (lc_export_csv_file (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO,
                                        taken_by_folder, NULL));
    g_assert_true (g_file_test (taken_by_folder, G_FILE_TEST_IS_DIR));
  }

  /* A folder that cannot be written to, for users other than root, who may write anywhere. */
  if (geteuid () != 0)
    {
      g_autoptr (GError) error = NULL;

      g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
      g_assert_false (lc_export_chart_file (&input, LC_EXPORT_FORMAT_PNG, existing, &error));
      g_assert_nonnull (error);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
    }

  g_assert_true (g_file_get_contents (existing, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "the previous chart");
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "chart.png taken");
  g_clear_pointer (&content, g_free);

  /* A successful export replaces the file whole. */
  g_assert_true (lc_export_chart_file (&input, LC_EXPORT_FORMAT_PNG, existing, NULL));
  g_assert_true (g_file_get_contents (existing, &content, NULL, NULL));
  g_assert_cmpmem (content, 4, "\x89PNG", 4);
  g_clear_pointer (&listing, g_free);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "chart.png taken");

  remove_folder (folder);
}

static void
test_format_from_path (void)
{
  LcExportFormat format;

  g_assert_true (lc_export_format_from_path ("viewers.png", &format));
  g_assert_cmpint (format, ==, LC_EXPORT_FORMAT_PNG);
  g_assert_true (lc_export_format_from_path ("/tmp/a.b/Viewers.SVG", &format));
  g_assert_cmpint (format, ==, LC_EXPORT_FORMAT_SVG);
  g_assert_true (lc_export_format_from_path ("report.pdf", &format));
  g_assert_cmpint (format, ==, LC_EXPORT_FORMAT_PDF);
  g_assert_false (lc_export_format_from_path ("viewers.csv", &format));
  g_assert_false (lc_export_format_from_path ("viewers", &format));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/png", test_png);
  g_test_add_func ("/export/svg", test_svg);
  g_test_add_func ("/export/pdf", test_pdf);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/csv-large", test_csv_large);
  g_test_add_func ("/export/csv-stream-failure", test_csv_stream_failure);
  g_test_add_func ("/export/failures-leave-folder-alone", test_failures_leave_folder_alone);
  g_test_add_func ("/export/format-from-path", test_format_from_path);

  return g_test_run ();
}
