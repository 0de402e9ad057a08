/* test-app-export.c: the export dialog and Copy Chart, driven in a real window
 *
 * Each test runs the demo query against an in-process mock of the POLYV endpoint (under Xvfb),
 * opens the export dialog through the window's action as a person would, and saves straight
 * into a temporary folder, past the file chooser. The files are then read back: a PNG's size in
 * pixels, an SVG that parses, a PDF's signature, a CSV's rows against the series. Every window
 * and dialog must be finalized at the end; waiting is done by iterating the main loop with a
 * deadline that fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lc-chart-view.h"
#include "lc-export-dialog.h"
#include "lc-export.h"
#include "lc-mock-server.h"
#include "lc-window.h"

#include "lc-app-test-support.h"

#define WAIT_SECONDS 60

typedef struct
{
  LcMockServer  *server;
  LcCredentials *credentials;
  LcWindow      *window;
  char          *folder;

  /* The last export's outcome. */
  gboolean       export_done;
  gboolean       export_ok;
  GError        *export_error;

  /* What came back from the clipboard. */
  GdkTexture    *pasted;
  gboolean       paste_done;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_for (Fixture    *fixture,
          Condition   condition,
          const char *what)
{
  lc_app_test_wait_for ((LcAppTestCondition) condition, fixture, WAIT_SECONDS, what);
}

static void
wait_for_finalize (gpointer   *weak,
                   const char *what)
{
  lc_app_test_wait_for_finalize (weak, WAIT_SECONDS, what);
}

static gboolean
query_done (Fixture *fixture)
{
  return !lc_window_get_running (fixture->window);
}

static gboolean
export_done (Fixture *fixture)
{
  return fixture->export_done;
}

static gboolean
paste_done (Fixture *fixture)
{
  return fixture->paste_done;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  lc_app_test_reset_settings (NULL);

  fixture->server = lc_app_test_start_service (NULL, &fixture->credentials);
  fixture->folder = g_dir_make_tmp ("lc-test-export-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->window = lc_window_new (NULL, fixture->credentials);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
remove_folder (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* Every window, the export dialogs included, must go away completely. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GList *toplevels;

  lc_app_test_destroy_window (GTK_WINDOW (g_steal_pointer (&fixture->window)), WAIT_SECONDS,
                              "the window");

  toplevels = gtk_window_list_toplevels ();
  g_assert_cmpuint (g_list_length (toplevels), ==, 0);
  g_list_free (toplevels);

  g_clear_object (&fixture->pasted);
  g_clear_error (&fixture->export_error);
  lc_app_test_stop_service (fixture->server, fixture->credentials);
  remove_folder (fixture->folder);
  g_free (fixture->folder);
}

static void
run_demo_query (Fixture *fixture)
{
  lc_window_start_demo (fixture->window, fixture->server);
  wait_for (fixture, query_done, "the demo query");
  g_assert_nonnull (lc_window_get_series (fixture->window));
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_RESULT);
}

static LcExportDialog *
find_export_dialog (void)
{
  LcExportDialog *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LC_IS_EXPORT_DIALOG (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }
  g_list_free (toplevels);

  return found;
}

/* Opens the dialog the way the menu and Ctrl+E do. */
static LcExportDialog *
open_export_dialog (Fixture *fixture)
{
  LcExportDialog *dialog;

  g_assert_null (find_export_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));

  return dialog;
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_clear_error (&fixture->export_error);
  fixture->export_ok = lc_export_dialog_export_to_file_finish (LC_EXPORT_DIALOG (object), result,
                                                               &fixture->export_error);
  fixture->export_done = TRUE;
}

/* Saves through @dialog into @name in the fixture's folder and waits for the outcome. On
 * success the dialog closes itself and must be finalized. */
static char *
export_to (Fixture        *fixture,
           LcExportDialog *dialog,
           const char     *name)
{
  g_autofree char *path = g_build_filename (fixture->folder, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  fixture->export_done = FALSE;
  lc_export_dialog_export_to_file (dialog, file, exported_cb, fixture);
  wait_for (fixture, export_done, "the export");

  if (fixture->export_ok)
    wait_for_finalize (&weak, "the export dialog");
  else
    g_object_remove_weak_pointer (G_OBJECT (dialog), &weak);

  return g_steal_pointer (&path);
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n_files = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n_files++;

  return n_files;
}

static guint32
read_big_endian (const guint8 *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8)
         | bytes[3];
}

static void
assert_png_size (const char *path,
                 guint32     width,
                 guint32     height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *content = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &content, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (content, 8, signature, 8);
  /* The first chunk is IHDR: width and height, big-endian, after its length and type. */
  g_assert_cmpmem (content + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_big_endian ((const guint8 *) content + 16), ==, width);
  g_assert_cmpuint (read_big_endian ((const guint8 *) content + 20), ==, height);
}

/* Zooms the chart to one day of the demo week, around its peak, as a person would. */
static void
zoom_to_one_day (Fixture  *fixture,
                 LcMinute *out_from,
                 LcMinute *out_to)
{
  LcChartView *chart = LC_CHART_VIEW (lc_window_get_chart_view (fixture->window));
  LcSeriesStats stats;

  g_assert_true (lc_series_get_stats (lc_window_get_series (fixture->window), &stats));
  lc_chart_view_set_visible_window (chart, stats.peak_minute - 12 * 60, stats.peak_minute + 12 * 60);
  lc_chart_view_get_visible_window (chart, out_from, out_to);
  g_assert_cmpint (*out_to - *out_from, ==, 24 * 60);
}

/* --- Decisions ------------------------------------------------------------------------------ */

static void
test_file_names_and_texts (void)
{
  LcDay first, last;
  g_autofree char *png_name = NULL;
  g_autofree char *csv_name = NULL;
  g_autofree char *one_day_name = NULL;
  g_autofree char *days_text = NULL;
  g_autofree char *hours_text = NULL;
  g_autofree char *overnight_text = NULL;
  g_autofree char *missing_text = NULL;
  g_autofree char *denied_text = NULL;
  g_autoptr (GError) missing = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x.AB12CD");
  g_autoptr (GError) denied = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "x");
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Odd failure");
  g_autofree char *other_text = NULL;

  g_assert_true (lc_day_from_ymd (2024, 5, 1, &first));
  g_assert_true (lc_day_from_ymd (2024, 5, 31, &last));

  /* [from, to): the minute after the window is not part of it. */
  png_name = lc_export_suggest_file_name (LC_EXPORT_KIND_PNG, first * LC_MINUTES_PER_DAY,
                                          (last + 1) * LC_MINUTES_PER_DAY);
  g_assert_cmpstr (png_name, ==, "concurrency-2024-05-01-2024-05-31.png");
  csv_name = lc_export_suggest_file_name (LC_EXPORT_KIND_CSV, first * LC_MINUTES_PER_DAY + 600,
                                          last * LC_MINUTES_PER_DAY + 601);
  g_assert_cmpstr (csv_name, ==, "concurrency-2024-05-01-2024-05-31.csv");
  one_day_name = lc_export_suggest_file_name (LC_EXPORT_KIND_SVG, first * LC_MINUTES_PER_DAY + 60,
                                              first * LC_MINUTES_PER_DAY + 120);
  g_assert_cmpstr (one_day_name, ==, "concurrency-2024-05-01.svg");

  days_text = lc_export_describe_window (first * LC_MINUTES_PER_DAY,
                                         (last + 1) * LC_MINUTES_PER_DAY);
  g_assert_cmpstr (days_text, ==, "1 – 31 May 2024");
  hours_text = lc_export_describe_window (first * LC_MINUTES_PER_DAY + 20 * 60 + 15,
                                          first * LC_MINUTES_PER_DAY + 22 * 60 + 40);
  g_assert_cmpstr (hours_text, ==, "1 May 2024, 20:15 – 22:40");
  overnight_text = lc_export_describe_window (first * LC_MINUTES_PER_DAY + 23 * 60,
                                              (first + 1) * LC_MINUTES_PER_DAY + 60);
  g_assert_cmpstr (overnight_text, ==, "1 May 2024, 23:00 – 2 May 2024, 01:00");

  /* Only PNG has pixels to multiply; PDF has no transparent background. */
  g_assert_true (lc_export_kind_allows_scale (LC_EXPORT_KIND_PNG));
  g_assert_false (lc_export_kind_allows_scale (LC_EXPORT_KIND_SVG));
  g_assert_false (lc_export_kind_allows_scale (LC_EXPORT_KIND_PDF));
  g_assert_true (lc_export_kind_allows_transparent (LC_EXPORT_KIND_SVG));
  g_assert_false (lc_export_kind_allows_transparent (LC_EXPORT_KIND_PDF));

  /* The temporary file's name in an error never reaches the user. */
  missing_text = lc_export_describe_error (missing);
  g_assert_null (strstr (missing_text, "AB12CD"));
  g_assert_nonnull (strstr (missing_text, "folder"));
  denied_text = lc_export_describe_error (denied);
  g_assert_nonnull (strstr (denied_text, "not allowed"));
  other_text = lc_export_describe_error (other);
  g_assert_cmpstr (other_text, ==, "Odd failure");
}

/* --- The window's actions ------------------------------------------------------------------ */

/* Menu entries made from a menu model carry their text, not their action. */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *text)
{
  GParamSpec *text_property = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "text");

  if (text_property != NULL && g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    {
      g_autofree char *item_text = NULL;

      g_object_get (widget, "text", &item_text, NULL);
      if (g_strcmp0 (item_text, text) == 0)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_actions_need_result (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkMenuButton *menu_button = find_menu_button (GTK_WIDGET (fixture->window));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  GtkWidget *export_item;
  GtkWidget *copy_item;

  /* The main menu's entries follow the actions. */
  g_assert_nonnull (menu_button);
  gtk_menu_button_popup (menu_button);
  export_item = find_menu_item (GTK_WIDGET (gtk_menu_button_get_popover (menu_button)),
                                "Export…");
  copy_item = find_menu_item (GTK_WIDGET (gtk_menu_button_get_popover (menu_button)),
                              "Copy Chart");
  gtk_menu_button_popdown (menu_button);
  g_assert_nonnull (export_item);
  g_assert_nonnull (copy_item);
  g_assert_false (gtk_widget_get_sensitive (export_item));
  g_assert_false (gtk_widget_get_sensitive (copy_item));

  /* Without a result, the shortcut opens nothing and copies nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-chart", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (find_export_dialog ());
  g_assert_true (gdk_clipboard_get_content (clipboard) == NULL);

  run_demo_query (fixture);
  g_assert_true (gtk_widget_get_sensitive (export_item));
  g_assert_true (gtk_widget_get_sensitive (copy_item));
}

/* --- Files --------------------------------------------------------------------------------- */

static void
test_png_size_and_scale (Fixture       *fixture,
                         gconstpointer  user_data)
{
  LcExportDialog *dialog;
  g_autofree char *preset_path = NULL;
  g_autofree char *custom_path = NULL;

  run_demo_query (fixture);

  dialog = open_export_dialog (fixture);
  g_assert_cmpint (lc_export_dialog_get_kind (dialog), ==, LC_EXPORT_KIND_PNG);
  lc_export_dialog_set_size (dialog, 1280, 720);
  lc_export_dialog_set_scale (dialog, 2);
  preset_path = export_to (fixture, dialog, "preset.png");
  g_assert_no_error (fixture->export_error);
  g_assert_true (fixture->export_ok);
  assert_png_size (preset_path, 2560, 1440);

  dialog = open_export_dialog (fixture);
  lc_export_dialog_set_size (dialog, 333, 222);
  lc_export_dialog_set_scale (dialog, 3);
  lc_export_dialog_set_background (dialog, LC_EXPORT_BACKGROUND_TRANSPARENT);
  custom_path = export_to (fixture, dialog, "custom.png");
  g_assert_no_error (fixture->export_error);
  assert_png_size (custom_path, 999, 666);

  /* Written atomically: nothing but the two files is left in the folder. */
  g_assert_cmpuint (count_files (fixture->folder), ==, 2);
}

typedef struct
{
  char *root_name;
  char *width;
  char *height;
} SvgRoot;

static void
svg_element_started (GMarkupParseContext  *context,
                     const char           *element_name,
                     const char          **attribute_names,
                     const char          **attribute_values,
                     gpointer              user_data,
                     GError              **error)
{
  SvgRoot *root = user_data;

  if (root->root_name != NULL)
    return;

  root->root_name = g_strdup (element_name);
  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (g_str_equal (attribute_names[i], "width"))
        root->width = g_strdup (attribute_values[i]);
      else if (g_str_equal (attribute_names[i], "height"))
        root->height = g_strdup (attribute_values[i]);
    }
}

static void
test_svg_parses (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const GMarkupParser parser = { svg_element_started, NULL, NULL, NULL, NULL };
  LcExportDialog *dialog;
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) error = NULL;
  SvgRoot root = { NULL, NULL, NULL };
  gsize length;

  run_demo_query (fixture);

  dialog = open_export_dialog (fixture);
  lc_export_dialog_set_kind (dialog, LC_EXPORT_KIND_SVG);
  lc_export_dialog_set_size (dialog, 1920, 1080);
  lc_export_dialog_set_background (dialog, LC_EXPORT_BACKGROUND_DARK);
  path = export_to (fixture, dialog, "chart.svg");
  g_assert_no_error (fixture->export_error);

  g_assert_true (g_file_get_contents (path, &content, &length, NULL));
  context = g_markup_parse_context_new (&parser, 0, &root, NULL);
  g_assert_true (g_markup_parse_context_parse (context, content, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  /* A vector file is as many points as the chosen size has pixels. */
  g_assert_cmpstr (root.root_name, ==, "svg");
  g_assert_true (g_str_has_prefix (root.width, "1920"));
  g_assert_true (g_str_has_prefix (root.height, "1080"));
  g_free (root.root_name);
  g_free (root.width);
  g_free (root.height);
}

static void
test_pdf_signature (Fixture       *fixture,
                    gconstpointer  user_data)
{
  LcExportDialog *dialog;
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;
  gsize length;

  run_demo_query (fixture);

  dialog = open_export_dialog (fixture);
  lc_export_dialog_set_kind (dialog, LC_EXPORT_KIND_PDF);

  /* PDF has no transparent background: the choice falls back to light, and comes back with a
   * format that has it. */
  lc_export_dialog_set_background (dialog, LC_EXPORT_BACKGROUND_TRANSPARENT);
  g_assert_cmpint (lc_export_dialog_get_background (dialog), ==, LC_EXPORT_BACKGROUND_LIGHT);
  lc_export_dialog_set_kind (dialog, LC_EXPORT_KIND_SVG);
  g_assert_cmpint (lc_export_dialog_get_background (dialog), ==, LC_EXPORT_BACKGROUND_TRANSPARENT);
  lc_export_dialog_set_kind (dialog, LC_EXPORT_KIND_PDF);

  path = export_to (fixture, dialog, "chart.pdf");
  g_assert_no_error (fixture->export_error);
  g_assert_true (g_file_get_contents (path, &content, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  g_assert_true (g_str_has_prefix (content, "%PDF-"));
  /* The trailer comes last: the file was finished, not cut short. */
  g_assert_cmpmem (content + length - 6, 6, "%%EOF\n", 6);
}

static guint
count_lines (const char *path,
             char      **out_second_line)
{
  g_autofree char *content = NULL;
  g_auto (GStrv) lines = NULL;
  guint n_lines;

  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  g_assert_true (g_str_has_suffix (content, "\n"));
  lines = g_strsplit (content, "\n", -1);
  n_lines = g_strv_length (lines) - 1;
  g_assert_cmpstr (lines[0], ==, "day,minute,viewers");
  if (out_second_line != NULL)
    *out_second_line = g_strdup (lines[1]);

  return n_lines;
}

static void
test_csv_visible_and_whole (Fixture       *fixture,
                            gconstpointer  user_data)
{
  LcSeries *series;
  LcExportDialog *dialog;
  LcMinute from, to;
  g_autofree char *visible_path = NULL;
  g_autofree char *whole_path = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *first_row = NULL;
  g_autofree char *expected_row = NULL;
  char day_text[11], time_text[6];
  guint first_index, n_visible;

  run_demo_query (fixture);
  series = lc_window_get_series (fixture->window);
  zoom_to_one_day (fixture, &from, &to);
  first_index = lc_series_lower_bound (series, from);
  n_visible = lc_series_lower_bound (series, to) - first_index;
  g_assert_cmpuint (n_visible, >, 0);
  g_assert_cmpuint (n_visible, <, lc_series_get_length (series));

  /* The visible range: one row per minute of the series in the chart's window. */
  dialog = open_export_dialog (fixture);
  lc_export_dialog_set_kind (dialog, LC_EXPORT_KIND_CSV);
  suggested = lc_export_dialog_get_suggested_name (dialog);
  g_assert_true (g_str_has_prefix (suggested, "concurrency-"));
  g_assert_true (g_str_has_suffix (suggested, ".csv"));
  visible_path = export_to (fixture, dialog, suggested);
  g_assert_no_error (fixture->export_error);
  g_assert_cmpuint (count_lines (visible_path, &first_row), ==, 1 + n_visible);

  lc_day_format_into (lc_minute_get_day (lc_series_get_minutes (series)[first_index]), day_text);
  lc_minute_format_into (lc_series_get_minutes (series)[first_index], time_text);
  expected_row = g_strdup_printf ("%s,%s,%u", day_text, time_text,
                                  lc_series_get_viewers (series)[first_index]);
  g_assert_cmpstr (first_row, ==, expected_row);

  /* The whole result, whatever the chart shows. */
  dialog = open_export_dialog (fixture);
  lc_export_dialog_set_kind (dialog, LC_EXPORT_KIND_CSV);
  lc_export_dialog_set_whole_result (dialog, TRUE);
  whole_path = export_to (fixture, dialog, "whole.csv");
  g_assert_no_error (fixture->export_error);
  g_assert_cmpuint (count_lines (whole_path, NULL), ==, 1 + lc_series_get_length (series));
}

static void
test_failure_leaves_nothing (Fixture       *fixture,
                             gconstpointer  user_data)
{
  LcExportDialog *dialog;
  g_autofree char *missing_folder = NULL;
  g_autofree char *path = NULL;
  gpointer weak_dialog;
  gpointer weak_message = NULL;
  GList *toplevels;

  run_demo_query (fixture);
  dialog = open_export_dialog (fixture);
  weak_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak_dialog);

  missing_folder = g_build_filename (fixture->folder, "gone", NULL);
  path = export_to (fixture, dialog, "gone/chart.png");
  g_assert_false (fixture->export_ok);
  g_assert_nonnull (fixture->export_error);

  /* The dialog stays open, says why in words, and nothing was written anywhere. */
  g_assert_nonnull (weak_dialog);
  g_assert_nonnull (lc_export_dialog_get_error_message (dialog));
  g_assert_null (strstr (lc_export_dialog_get_error_message (dialog), "chart.png."));
  g_assert_false (g_file_test (missing_folder, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->folder), ==, 0);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        g_assert_null (weak_message);
        g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (dialog));
        weak_message = l->data;
      }
  g_list_free (toplevels);
  g_assert_nonnull (weak_message);
  g_object_add_weak_pointer (G_OBJECT (weak_message), &weak_message);

  /* The dialog can still save elsewhere afterwards. */
  gtk_window_destroy (GTK_WINDOW (weak_message));
  wait_for_finalize (&weak_message, "the error message");
  g_free (path);
  path = export_to (fixture, dialog, "chart.png");
  g_assert_no_error (fixture->export_error);
  g_assert_null (weak_dialog);
  g_assert_cmpuint (count_files (fixture->folder), ==, 1);
}

static void
test_cancel_closes (Fixture       *fixture,
                    gconstpointer  user_data)
{
  LcExportDialog *dialog;
  gpointer weak;

  run_demo_query (fixture);
  dialog = open_export_dialog (fixture);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  wait_for_finalize (&weak, "the cancelled export dialog");
  g_assert_cmpuint (count_files (fixture->folder), ==, 0);
}

/* --- Clipboard ----------------------------------------------------------------------------- */

static gboolean
clipboard_has_texture (Fixture *fixture)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));

  return gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard),
                                            GDK_TYPE_TEXTURE);
}

static void
texture_pasted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr (GError) error = NULL;

  fixture->pasted = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  fixture->paste_done = TRUE;
}

static void
test_copy_chart (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  int scale;

  run_demo_query (fixture);
  scale = gtk_widget_get_scale_factor (lc_window_get_chart_view (fixture->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-chart",
                                             NULL));
  wait_for (fixture, clipboard_has_texture, "the chart on the clipboard");

  gdk_clipboard_read_texture_async (clipboard, NULL, texture_pasted_cb, fixture);
  wait_for (fixture, paste_done, "the chart to be pasted");
  g_assert_nonnull (fixture->pasted);
  g_assert_cmpint (gdk_texture_get_width (fixture->pasted), ==, LC_EXPORT_COPY_WIDTH * scale);
  g_assert_cmpint (gdk_texture_get_height (fixture->pasted), ==, LC_EXPORT_COPY_HEIGHT * scale);
}

int
main (int   argc,
      char *argv[])
{
  lc_app_test_init (&argc, &argv);

  g_test_add_func ("/app/export/file-names-and-texts", test_file_names_and_texts);

#define ADD(path, func) g_test_add ("/app/export/" path, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("actions-need-result", test_actions_need_result);
  ADD ("png-size-and-scale", test_png_size_and_scale);
  ADD ("svg-parses", test_svg_parses);
  ADD ("pdf-signature", test_pdf_signature);
  ADD ("csv-visible-and-whole", test_csv_visible_and_whole);
  ADD ("failure-leaves-nothing", test_failure_leaves_nothing);
  ADD ("cancel-closes", test_cancel_closes);
  ADD ("copy-chart", test_copy_chart);
#undef ADD

  return g_test_run ();
}
