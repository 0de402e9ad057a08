/* lc-export-dialog.c: saving what the chart shows as a picture or a table, and copying it
 *
 * The dialog takes a snapshot of the chart (its series, window, events and style) when the
 * user confirms, and hands it to a worker thread together with references to everything the
 * worker reads: the window may go on changing meanwhile, the snapshot does not. The worker only
 * ever touches the snapshot, so the task that carries it may safely be freed on either thread;
 * the widgets to report to travel separately and are released on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-export-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-app-logic.h"
#include "lc-chart-view.h"
#include "lc-export-dialog.h"
#include "lc-export.h"

/* The presets of the size row, in its order; the last entry is "Custom". */
static const struct
{
  int width;
  int height;
} size_presets[] = {
  { 1280, 720 },
  { 1920, 1080 },
  { 3840, 2160 },
};
#define SIZE_PRESET_CUSTOM G_N_ELEMENTS (size_presets)
#define SIZE_PRESET_DEFAULT 1

#define BACKGROUND_TRANSPARENT_POSITION 2

/* The chart kinds are passed to the exporters as their formats. */
G_STATIC_ASSERT ((int) LC_EXPORT_KIND_PNG == (int) LC_EXPORT_FORMAT_PNG);
G_STATIC_ASSERT ((int) LC_EXPORT_KIND_SVG == (int) LC_EXPORT_FORMAT_SVG);
G_STATIC_ASSERT ((int) LC_EXPORT_KIND_PDF == (int) LC_EXPORT_FORMAT_PDF);

struct _LcExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkStack            *export_stack;
  GtkWidget           *export_button;
  GtkSpinner          *busy_spinner;
  AdwPreferencesGroup *format_group;
  AdwComboRow         *format_row;
  AdwPreferencesGroup *chart_group;
  AdwComboRow         *size_row;
  AdwActionRow        *width_row;
  AdwActionRow        *height_row;
  GtkSpinButton       *width_spin;
  GtkSpinButton       *height_spin;
  AdwComboRow         *scale_row;
  AdwComboRow         *background_row;
  GtkStringList       *background_list;
  AdwPreferencesGroup *table_group;
  AdwActionRow        *visible_range_row;
  AdwActionRow        *whole_result_row;
  GtkCheckButton      *visible_range_check;
  GtkCheckButton      *whole_result_check;

  /* Owned */
  LcChartView         *chart_view;
  AdwToastOverlay     *toast_overlay;     /* the window's, for the toast after saving */
  LcSeries            *series;
  char                *source_name;       /* the App ID, or "Demo" */
  char                *error_message;     /* of the last failed export, if any */
  GtkFileChooserNative *chooser;

  LcExportBackground   background;        /* as chosen, even while a format hides Transparent */
  gboolean             updating;
  gboolean             busy;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (LcExportDialog, lc_export_dialog, ADW_TYPE_WINDOW)

/* --- Decisions ------------------------------------------------------------------------------ */

const char *
lc_export_kind_get_extension (LcExportKind kind)
{
  static const char *const extensions[] = {
    [LC_EXPORT_KIND_PNG] = "png",
    [LC_EXPORT_KIND_SVG] = "svg",
    [LC_EXPORT_KIND_PDF] = "pdf",
    [LC_EXPORT_KIND_CSV] = "csv",
  };

  g_return_val_if_fail (kind <= LC_EXPORT_KIND_CSV, NULL);

  return extensions[kind];
}

/* Only a bitmap has pixels to multiply; vector files scale by themselves. */
gboolean
lc_export_kind_allows_scale (LcExportKind kind)
{
  return kind == LC_EXPORT_KIND_PNG;
}

/* A PDF page is printed on paper, where "transparent" means white anyway, and the renderer's
 * light text would vanish on it; PNG and SVG go onto slides and web pages of any colour. */
gboolean
lc_export_kind_allows_transparent (LcExportKind kind)
{
  return kind == LC_EXPORT_KIND_PNG || kind == LC_EXPORT_KIND_SVG;
}

/**
 * lc_export_suggest_file_name:
 * @from: the first minute covered
 * @to: the minute after the last one covered
 *
 * A file name that says which days the file covers, on the platform's calendar:
 * "concurrency-2024-05-01-2024-05-31.png", or one date for a single day.
 */
char *
lc_export_suggest_file_name (LcExportKind kind,
                             LcMinute     from,
                             LcMinute     to)
{
  char  first_text[11], last_text[11];
  LcDay first_day = lc_minute_get_day (from);
  LcDay last_day = lc_minute_get_day (MAX (from, to - 1));

  lc_day_format_into (first_day, first_text);
  lc_day_format_into (last_day, last_text);

  if (first_day == last_day)
    return g_strdup_printf ("concurrency-%s.%s", first_text, lc_export_kind_get_extension (kind));

  return g_strdup_printf ("concurrency-%s-%s.%s", first_text, last_text,
                          lc_export_kind_get_extension (kind));
}

/**
 * lc_export_describe_window:
 * @from: the first minute covered
 * @to: the minute after the last one covered
 *
 * The stretch of time an export covers, as people read it: whole days as a range of days
 * ("1 – 31 May 2024"), anything else with the times of day ("3 May 2024, 20:15 – 22:40").
 */
char *
lc_export_describe_window (LcMinute from,
                           LcMinute to)
{
  LcDay first_day = lc_minute_get_day (from);
  LcDay last_day = lc_minute_get_day (MAX (from, to - 1));
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *day_text = NULL;

  if (lc_minute_get_minute_of_day (from) == 0 && lc_minute_get_minute_of_day (to) == 0 && to > from)
    {
      LcRange days = { first_day, last_day };

      return lc_format_range_label (days);
    }

  if (first_day == last_day)
    {
      day_text = lc_format_day (first_day);
      from_text = lc_format_time_of_day (from);
      /* The window ends at the midnight after its last minute. */
      to_text = lc_minute_get_minute_of_day (to) == 0 ? g_strdup ("24:00")
                                                      : lc_format_time_of_day (to);
      /* Translators: part of one day, "3 May 2024, 20:15 – 22:40". */
      return g_strdup_printf (_("%s, %s – %s"), day_text, from_text, to_text);
    }

  from_text = lc_format_minute (from);
  to_text = lc_format_minute (to);
  /* Translators: a stretch of time over several days, "3 May 2024, 20:15 – 4 May 2024, 01:00". */
  return g_strdup_printf (_("%s – %s"), from_text, to_text);
}

/**
 * lc_export_describe_error:
 *
 * Why a file could not be written, in words that suggest what to do. The exporters report
 * file errors from the temporary file they write first, whose odd name would only confuse.
 */
char *
lc_export_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
      || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    return g_strdup (_("The folder was not found. Choose another one."));

  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
      || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_strdup (_("You are not allowed to save in this folder. Choose another one."));

  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ROFS)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    return g_strdup (_("This disk is read-only. Choose another place."));

  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_strdup (_("The disk is full. Free some space or choose another place."));

  return g_strdup (error->message);
}

/* --- The snapshot a worker thread writes -------------------------------------------------- */

typedef struct
{
  LcExportKind  kind;
  LcChartInput  input;      /* series and pyramid referenced; events and texts owned below */
  GArray       *events;
  char         *title;
  char         *subtitle;
  LcMinute      csv_from;
  LcMinute      csv_to;
  GFile        *file;       /* NULL keeps a PNG in memory, for the clipboard */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->input.series, lc_series_unref);
  g_clear_pointer (&job->input.pyramid, lc_chart_pyramid_unref);
  g_clear_pointer (&job->events, g_array_unref);
  g_clear_pointer (&job->title, g_free);
  g_clear_pointer (&job->subtitle, g_free);
  g_clear_object (&job->file);
  g_free (job);
}

static char *
describe_source (LcWindow *window)
{
  g_autoptr (GSettings) settings = NULL;

  if (lc_window_get_demo (window))
    /* Translators: stands for the account in an exported chart made from the demo data. */
    return g_strdup (_("Demo"));

  settings = g_settings_new (APP_ID);

  return g_settings_get_string (settings, "app-id");
}

/* The exported chart's subtitle: the time it covers, and whose viewers these are. */
static char *
make_subtitle (const char *window_text,
               const char *source_name)
{
  if (source_name == NULL || source_name[0] == '\0')
    return g_strdup (window_text);

  /* Translators: the subtitle of an exported chart: the time it covers and the App ID. */
  return g_strdup_printf (_("%s · %s"), window_text, source_name);
}

/* A choice of minutes for the table: which days, and how many rows that makes. */
static char *
describe_rows (const char *days_text,
               guint       n_rows)
{
  /* Translators: the days a table covers, then its number of rows: "1 – 31 May 2024 · 965
   * minutes". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u minute", "%s · %u minutes",
                                       n_rows),
                          days_text, n_rows);
}

/* Everything the chart shows now, with references of its own. */
static ExportJob *
export_job_new (LcChartView *chart_view,
                LcExportKind kind,
                const char  *source_name)
{
  ExportJob *job = g_new0 (ExportJob, 1);
  g_autofree char *window_text = NULL;

  job->kind = kind;
  lc_chart_view_fill_input (chart_view, &job->input);
  if (job->input.series != NULL)
    lc_series_ref (job->input.series);
  if (job->input.pyramid != NULL)
    lc_chart_pyramid_ref (job->input.pyramid);

  job->events = g_array_sized_new (FALSE, FALSE, sizeof (LcEvent), job->input.n_events);
  if (job->input.n_events > 0)
    g_array_append_vals (job->events, job->input.events, job->input.n_events);
  job->input.events = (const LcEvent *) (gpointer) job->events->data;

  window_text = lc_export_describe_window (job->input.from, job->input.to);
  job->title = g_strdup (_("Concurrent viewers"));
  job->subtitle = make_subtitle (window_text, source_name);
  job->input.title = job->title;
  job->input.subtitle = job->subtitle;

  job->csv_from = job->input.from;
  job->csv_to = job->input.to;

  return job;
}

static GBytes *
export_job_render (ExportJob  *job,
                   GError    **error)
{
  g_autoptr (GOutputStream) memory = NULL;

  if (job->kind != LC_EXPORT_KIND_CSV)
    return lc_export_chart_bytes (&job->input, (LcExportFormat) job->kind, error);

  memory = g_memory_output_stream_new_resizable ();
  if (!lc_export_csv_stream (job->input.series, job->csv_from, job->csv_to, memory, NULL, error)
      || !g_output_stream_close (memory, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* Runs on a worker thread and reads nothing but the job. */
static void
write_job_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *path = NULL;
  g_autoptr (GBytes) content = NULL;
  GError *error = NULL;
  gboolean written;

  if (job->file == NULL)
    {
      content = export_job_render (job, &error);
      if (content == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, g_steal_pointer (&content), (GDestroyNotify) g_bytes_unref);
      return;
    }

  /* A local path (the portal's too) goes through the exporters, which write atomically; any
   * other location is drawn in memory and replaced in one go by GIO. */
  path = g_file_get_path (job->file);
  if (path != NULL && job->kind == LC_EXPORT_KIND_CSV)
    written = lc_export_csv_file (job->input.series, job->csv_from, job->csv_to, path, &error);
  else if (path != NULL)
    written = lc_export_chart_file (&job->input, (LcExportFormat) job->kind, path, &error);
  else
    {
      content = export_job_render (job, &error);
      written = content != NULL
                && g_file_replace_contents (job->file, g_bytes_get_data (content, NULL),
                                            g_bytes_get_size (content), NULL, FALSE,
                                            G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                            cancellable, &error);
    }

  if (!written)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* --- Toasts on the window ----------------------------------------------------------------- */

/* After its window was closed the overlay is no longer in any window, and is told nothing. */
static gboolean
toast_overlay_is_shown (AdwToastOverlay *toast_overlay)
{
  return toast_overlay != NULL && gtk_widget_get_root (GTK_WIDGET (toast_overlay)) != NULL;
}

static void
file_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    g_debug ("Could not open the exported file: %s", error->message);
}

static void
open_button_clicked_cb (AdwToast   *toast,
                        const char *uri)
{
  GtkWidget *root = NULL;
  GtkWidget *toast_overlay = g_object_get_data (G_OBJECT (toast), "lc-toast-overlay");

  if (toast_overlay != NULL)
    root = GTK_WIDGET (gtk_widget_get_root (toast_overlay));
  if (root == NULL)
    return;

  gtk_show_uri_full (GTK_WINDOW (root), uri, GDK_CURRENT_TIME, NULL, file_shown_cb, NULL);
}

static void
announce_saved_file (AdwToastOverlay *toast_overlay,
                     LcExportKind     kind,
                     GFile           *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *escaped_name = g_markup_escape_text (name != NULL ? name : "", -1);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!toast_overlay_is_shown (toast_overlay))
    return;

  if (kind == LC_EXPORT_KIND_CSV)
    /* Translators: the placeholder is a file name. */
    title = g_strdup_printf (_("Minutes saved as “%s”"), escaped_name);
  else
    /* Translators: the placeholder is a file name. */
    title = g_strdup_printf (_("Chart saved as “%s”"), escaped_name);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data (G_OBJECT (toast), "lc-toast-overlay", toast_overlay);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_button_clicked_cb),
                         g_file_get_uri (file), (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_toast_overlay_add_toast (toast_overlay, toast);
}

/* --- The dialog ----------------------------------------------------------------------------- */

static LcExportKind
get_kind (LcExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return selected <= LC_EXPORT_KIND_CSV ? (LcExportKind) selected : LC_EXPORT_KIND_PNG;
}

static gboolean
size_fits (LcExportDialog *self)
{
  int width, height;
  guint scale = lc_export_dialog_get_scale (self);

  lc_export_dialog_get_size (self, &width, &height);

  return width * (int) scale <= LC_EXPORT_MAX_PIXELS && height * (int) scale <= LC_EXPORT_MAX_PIXELS;
}

/* Keeps the rows in step with the format: which groups show, what can be chosen, and whether
 * the choice can be saved at all. */
static void
update_options (LcExportDialog *self)
{
  LcExportKind kind = get_kind (self);
  gboolean allows_transparent = lc_export_kind_allows_transparent (kind);
  guint n_backgrounds = g_list_model_get_n_items (G_LIST_MODEL (self->background_list));
  gboolean fits;
  int width, height;
  guint scale;

  if (self->updating || self->disposed)
    return;
  self->updating = TRUE;

  gtk_widget_set_visible (GTK_WIDGET (self->chart_group), kind != LC_EXPORT_KIND_CSV);
  gtk_widget_set_visible (GTK_WIDGET (self->table_group), kind == LC_EXPORT_KIND_CSV);

  /* Transparent leaves the list for formats without it, and the earlier choice comes back
   * with the item. */
  if (!allows_transparent && n_backgrounds > BACKGROUND_TRANSPARENT_POSITION)
    {
      adw_combo_row_set_selected (self->background_row, LC_EXPORT_BACKGROUND_LIGHT);
      gtk_string_list_remove (self->background_list, BACKGROUND_TRANSPARENT_POSITION);
    }
  else if (allows_transparent && n_backgrounds <= BACKGROUND_TRANSPARENT_POSITION)
    {
      gtk_string_list_append (self->background_list, _("Transparent"));
    }
  adw_combo_row_set_selected (self->background_row,
                              allows_transparent || self->background != LC_EXPORT_BACKGROUND_TRANSPARENT
                                ? (guint) self->background
                                : LC_EXPORT_BACKGROUND_LIGHT);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->background_row),
                               allows_transparent ? ""
                                                  : _("Transparent is for PNG and SVG only"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), lc_export_kind_allows_scale (kind));
  gtk_widget_set_sensitive (GTK_WIDGET (self->width_row),
                            adw_combo_row_get_selected (self->size_row) == SIZE_PRESET_CUSTOM);
  gtk_widget_set_sensitive (GTK_WIDGET (self->height_row),
                            adw_combo_row_get_selected (self->size_row) == SIZE_PRESET_CUSTOM);

  /* What a PNG will measure, or why it cannot be made. */
  fits = kind != LC_EXPORT_KIND_PNG || size_fits (self);
  lc_export_dialog_get_size (self, &width, &height);
  scale = lc_export_dialog_get_scale (self);
  if (kind != LC_EXPORT_KIND_PNG)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row),
                                   _("Vector files are sharp at any size"));
    }
  else if (fits)
    {
      /* Translators: the size of the saved picture, "3840 × 2160 pixels". */
      g_autofree char *pixels = g_strdup_printf (_("%d × %d pixels"), width * (int) scale,
                                                 height * (int) scale);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), pixels);
    }
  else
    {
      g_autofree char *limit = g_strdup_printf (_("Too large: at most %d pixels a side"),
                                                LC_EXPORT_MAX_PIXELS);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), limit);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-file", !self->busy && fits);
  gtk_stack_set_visible_child_name (self->export_stack, self->busy ? "busy" : "idle");
  gtk_spinner_set_spinning (self->busy_spinner, self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_group), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->chart_group), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->table_group), !self->busy);

  self->updating = FALSE;
}

static void
option_changed_cb (LcExportDialog *self)
{
  update_options (self);
}

static void
background_changed_cb (LcExportDialog *self)
{
  guint selected;

  /* Only a choice made in the list counts: hiding Transparent for a PDF is not the user's. */
  if (self->updating || self->disposed)
    return;

  selected = adw_combo_row_get_selected (self->background_row);
  if (selected != GTK_INVALID_LIST_POSITION)
    self->background = (LcExportBackground) selected;

  update_options (self);
}

static void
size_preset_changed_cb (LcExportDialog *self)
{
  guint preset = adw_combo_row_get_selected (self->size_row);

  if (self->disposed)
    return;

  if (preset < SIZE_PRESET_CUSTOM)
    {
      self->updating = TRUE;
      gtk_spin_button_set_value (self->width_spin, size_presets[preset].width);
      gtk_spin_button_set_value (self->height_spin, size_presets[preset].height);
      self->updating = FALSE;
    }

  update_options (self);
}

static void
set_busy (LcExportDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  update_options (self);
}

static void
show_error (LcExportDialog *self,
            LcExportKind    kind,
            const GError   *error)
{
  g_autofree char *reason = lc_export_describe_error (error);
  AdwToast *toast;
  GtkWidget *message;

  g_free (self->error_message);
  self->error_message = g_strdup (reason);

  if (!self->disposed)
    {
      message = adw_message_dialog_new (GTK_WINDOW (self),
                                        kind == LC_EXPORT_KIND_CSV ? _("Could Not Save the Minutes")
                                                                   : _("Could Not Save the Chart"),
                                        reason);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (message), TRUE);
      gtk_window_present (GTK_WINDOW (message));
      return;
    }

  /* The dialog was closed while the file was written: the window says it instead. */
  if (toast_overlay_is_shown (self->toast_overlay))
    {
      g_autofree char *escaped = g_markup_escape_text (reason, -1);

      toast = adw_toast_new (escaped);
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* What the worker's callback needs, released on the main thread. */
typedef struct
{
  LcExportDialog *dialog;
  GTask          *caller_task;
  LcExportKind    kind;
  GFile          *file;
} ExportCompletion;

static void
export_completion_free (ExportCompletion *completion)
{
  g_clear_object (&completion->dialog);
  g_clear_object (&completion->caller_task);
  g_clear_object (&completion->file);
  g_free (completion);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportCompletion, export_completion_free)

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (ExportCompletion) completion = user_data;
  LcExportDialog *self = completion->dialog;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("Export failed: %s", error->message);
      if (!self->disposed)
        set_busy (self, FALSE);
      show_error (self, completion->kind, error);
      g_task_return_error (completion->caller_task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->error_message, g_free);
  announce_saved_file (self->toast_overlay, completion->kind, completion->file);
  g_task_return_boolean (completion->caller_task, TRUE);

  /* Done: the window's toast takes over. */
  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * lc_export_dialog_export_to_file:
 * @file: where to save; its extension is left as the user typed it
 *
 * Saves what the dialog's choices describe into @file, on a worker thread. On success the
 * window shows a toast and the dialog closes; on failure the dialog says why and stays open.
 * The file chooser ends here, and so can tests.
 */
void
lc_export_dialog_export_to_file (LcExportDialog      *self,
                                 GFile               *file,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) caller_task = NULL;
  g_autoptr (GTask) task = NULL;
  ExportCompletion *completion;
  ExportJob *job;
  int width, height;

  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  caller_task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (caller_task, lc_export_dialog_export_to_file);

  if (self->busy || self->disposed)
    {
      g_task_return_new_error (caller_task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "An export is already running");
      return;
    }

  job = export_job_new (self->chart_view, get_kind (self), self->source_name);
  lc_export_dialog_get_size (self, &width, &height);
  job->input.width = width;
  job->input.height = height;
  job->input.scale = lc_export_kind_allows_scale (job->kind) ? lc_export_dialog_get_scale (self) : 1;
  job->input.style = self->background == LC_EXPORT_BACKGROUND_DARK ? LC_CHART_STYLE_DARK
                                                                   : LC_CHART_STYLE_LIGHT;
  job->input.transparent = lc_export_kind_allows_transparent (job->kind)
                           && self->background == LC_EXPORT_BACKGROUND_TRANSPARENT;
  if (gtk_check_button_get_active (self->whole_result_check))
    {
      job->csv_from = LC_EXPORT_ALL_FROM;
      job->csv_to = LC_EXPORT_ALL_TO;
    }
  job->file = g_object_ref (file);

  completion = g_new0 (ExportCompletion, 1);
  completion->dialog = g_object_ref (self);
  completion->caller_task = g_steal_pointer (&caller_task);
  completion->kind = job->kind;
  completion->file = g_object_ref (file);

  set_busy (self, TRUE);

  /* No source object: the task may be freed on the worker thread, which must never drop the
   * last reference to a widget. */
  task = g_task_new (NULL, NULL, file_written_cb, completion);
  g_task_set_source_tag (task, lc_export_dialog_export_to_file);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, write_job_in_thread);
}

gboolean
lc_export_dialog_export_to_file_finish (LcExportDialog  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (LC_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                LcExportDialog  *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL && !self->disposed)
    lc_export_dialog_export_to_file (self, file, NULL, NULL);
}

static GtkFileFilter *
new_filter (LcExportKind kind)
{
  static const struct
  {
    const char *name;
    const char *mime_type;
  } filters[] = {
    [LC_EXPORT_KIND_PNG] = { N_("PNG images"), "image/png" },
    [LC_EXPORT_KIND_SVG] = { N_("SVG images"), "image/svg+xml" },
    [LC_EXPORT_KIND_PDF] = { N_("PDF documents"), "application/pdf" },
    [LC_EXPORT_KIND_CSV] = { N_("CSV tables"), "text/csv" },
  };
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _(filters[kind].name));
  gtk_file_filter_add_mime_type (filter, filters[kind].mime_type);
  gtk_file_filter_add_suffix (filter, lc_export_kind_get_extension (kind));

  return filter;
}

/* The native chooser goes through the file chooser portal in a sandbox, where the app sees
 * nothing of the disk but the file the user picks. */
static void
choose_file_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LcExportDialog *self = LC_EXPORT_DIALOG (widget);
  g_autoptr (GtkFileFilter) filter = new_filter (get_kind (self));
  g_autofree char *name = lc_export_dialog_get_suggested_name (self);

  if (self->chooser != NULL || self->busy)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (file_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
lc_export_dialog_dispose (GObject *object)
{
  LcExportDialog *self = LC_EXPORT_DIALOG (object);

  self->disposed = TRUE;

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), LC_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->chart_view);
  g_clear_object (&self->toast_overlay);
  g_clear_pointer (&self->series, lc_series_unref);

  G_OBJECT_CLASS (lc_export_dialog_parent_class)->dispose (object);
}

static void
lc_export_dialog_finalize (GObject *object)
{
  LcExportDialog *self = LC_EXPORT_DIALOG (object);

  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (lc_export_dialog_parent_class)->finalize (object);
}

static void
lc_export_dialog_class_init (LcExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lc_export_dialog_dispose;
  object_class->finalize = lc_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liveconcurrency/LiveConcurrency/"
                                               "ui/lc-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, export_stack);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, format_group);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, chart_group);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, background_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, background_list);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, table_group);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, visible_range_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, whole_result_row);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, visible_range_check);
  gtk_widget_class_bind_template_child (widget_class, LcExportDialog, whole_result_check);
  gtk_widget_class_bind_template_callback (widget_class, option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, size_preset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, background_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL,
                                   choose_file_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lc_export_dialog_init (LcExportDialog *self)
{
  self->background = LC_EXPORT_BACKGROUND_LIGHT;

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_selected (self->size_row, SIZE_PRESET_DEFAULT);
}

/**
 * lc_export_dialog_new:
 * @window: the window whose chart is exported; it must show a result
 * @toast_overlay: where to say that a file was saved
 */
LcExportDialog *
lc_export_dialog_new (LcWindow        *window,
                      AdwToastOverlay *toast_overlay)
{
  LcExportDialog *self;
  LcMinute from, to;
  LcMinute first, last;
  LcRange whole_days;
  guint n_visible = 0, n_whole = 0;
  g_autofree char *visible_text = NULL;
  g_autofree char *whole_text = NULL;
  g_autofree char *description = NULL;
  g_autofree char *visible_rows = NULL;
  g_autofree char *whole_rows = NULL;

  g_return_val_if_fail (LC_IS_WINDOW (window), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (toast_overlay), NULL);
  g_return_val_if_fail (LC_IS_CHART_VIEW (lc_window_get_chart_view (window)), NULL);

  self = g_object_new (LC_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       NULL);
  self->chart_view = g_object_ref (LC_CHART_VIEW (lc_window_get_chart_view (window)));
  self->toast_overlay = g_object_ref (toast_overlay);
  self->source_name = describe_source (window);
  if (lc_chart_view_get_series (self->chart_view) != NULL)
    self->series = lc_series_ref (lc_chart_view_get_series (self->chart_view));

  /* What the chart's subtitle will say, so nobody is surprised by the file. */
  lc_chart_view_get_visible_window (self->chart_view, &from, &to);
  visible_text = lc_export_describe_window (from, to);
  description = make_subtitle (visible_text, self->source_name);
  adw_preferences_group_set_description (self->format_group, description);

  /* The table's choices say how many rows each makes, so the difference is plain even when
   * the chart shows everything. */
  lc_chart_get_series_window (self->series, &first, &last);
  whole_days.start = lc_minute_get_day (first);
  whole_days.end = lc_minute_get_day (last - 1);
  whole_text = lc_format_range_label (whole_days);
  if (self->series != NULL)
    {
      n_visible = lc_series_lower_bound (self->series, to) - lc_series_lower_bound (self->series, from);
      n_whole = lc_series_get_length (self->series);
    }
  visible_rows = describe_rows (visible_text, n_visible);
  whole_rows = describe_rows (whole_text, n_whole);
  adw_action_row_set_subtitle (self->visible_range_row, visible_rows);
  adw_action_row_set_subtitle (self->whole_result_row, whole_rows);

  update_options (self);

  /* The defaults are usually right: Enter goes straight on to choosing the file, and the
   * first Tab reaches the options. */
  gtk_window_set_focus (GTK_WINDOW (self), self->export_button);

  return self;
}

void
lc_export_dialog_set_kind (LcExportDialog *self,
                           LcExportKind    kind)
{
  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (kind <= LC_EXPORT_KIND_CSV);

  adw_combo_row_set_selected (self->format_row, kind);
}

LcExportKind
lc_export_dialog_get_kind (LcExportDialog *self)
{
  g_return_val_if_fail (LC_IS_EXPORT_DIALOG (self), LC_EXPORT_KIND_PNG);

  return get_kind (self);
}

/* Picks the preset of that size, or Custom. */
void
lc_export_dialog_set_size (LcExportDialog *self,
                           int             width,
                           int             height)
{
  guint preset = SIZE_PRESET_CUSTOM;

  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    if (size_presets[i].width == width && size_presets[i].height == height)
      preset = i;

  adw_combo_row_set_selected (self->size_row, preset);
  if (preset == SIZE_PRESET_CUSTOM)
    {
      gtk_spin_button_set_value (self->width_spin, width);
      gtk_spin_button_set_value (self->height_spin, height);
    }
}

void
lc_export_dialog_get_size (LcExportDialog *self,
                           int            *out_width,
                           int            *out_height)
{
  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));

  *out_width = gtk_spin_button_get_value_as_int (self->width_spin);
  *out_height = gtk_spin_button_get_value_as_int (self->height_spin);
}

void
lc_export_dialog_set_scale (LcExportDialog *self,
                            guint           scale)
{
  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (scale >= 1 && scale <= 3);

  adw_combo_row_set_selected (self->scale_row, scale - 1);
}

guint
lc_export_dialog_get_scale (LcExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (LC_IS_EXPORT_DIALOG (self), 1);

  selected = adw_combo_row_get_selected (self->scale_row);

  return selected <= 2 ? selected + 1 : 1;
}

void
lc_export_dialog_set_background (LcExportDialog     *self,
                                 LcExportBackground  background)
{
  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (background <= LC_EXPORT_BACKGROUND_TRANSPARENT);

  self->background = background;
  update_options (self);
}

/* The background a file gets with the chosen format. */
LcExportBackground
lc_export_dialog_get_background (LcExportDialog *self)
{
  g_return_val_if_fail (LC_IS_EXPORT_DIALOG (self), LC_EXPORT_BACKGROUND_LIGHT);

  if (self->background == LC_EXPORT_BACKGROUND_TRANSPARENT
      && !lc_export_kind_allows_transparent (get_kind (self)))
    return LC_EXPORT_BACKGROUND_LIGHT;

  return self->background;
}

void
lc_export_dialog_set_whole_result (LcExportDialog *self,
                                   gboolean        whole_result)
{
  g_return_if_fail (LC_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (whole_result ? self->whole_result_check : self->visible_range_check,
                               TRUE);
}

char *
lc_export_dialog_get_suggested_name (LcExportDialog *self)
{
  LcExportKind kind;
  LcMinute from, to;

  g_return_val_if_fail (LC_IS_EXPORT_DIALOG (self), NULL);

  kind = get_kind (self);
  if (kind == LC_EXPORT_KIND_CSV && gtk_check_button_get_active (self->whole_result_check))
    lc_chart_get_series_window (self->series, &from, &to);
  else
    lc_chart_view_get_visible_window (self->chart_view, &from, &to);

  return lc_export_suggest_file_name (kind, from, to);
}

/* Why the last export failed, or NULL after a success. */
const char *
lc_export_dialog_get_error_message (LcExportDialog *self)
{
  g_return_val_if_fail (LC_IS_EXPORT_DIALOG (self), NULL);

  return self->error_message;
}

/* --- Copy Chart ----------------------------------------------------------------------------- */

typedef struct
{
  LcWindow        *window;
  AdwToastOverlay *toast_overlay;
} CopyCompletion;

static void
copy_completion_free (CopyCompletion *completion)
{
  g_clear_object (&completion->window);
  g_clear_object (&completion->toast_overlay);
  g_free (completion);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyCompletion, copy_completion_free)

static void
chart_rendered_for_copy_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr (CopyCompletion) completion = user_data;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  const char *title;

  png = g_task_propagate_pointer (G_TASK (result), &error);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);

  if (texture != NULL)
    {
      gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (completion->window)),
                                 texture);
      title = _("Chart copied");
    }
  else
    {
      g_debug ("Copying the chart failed: %s", error->message);
      title = _("Could not copy the chart");
    }

  if (toast_overlay_is_shown (completion->toast_overlay))
    adw_toast_overlay_add_toast (completion->toast_overlay, adw_toast_new (title));
}

/**
 * lc_export_copy_chart:
 *
 * Puts a PNG of the chart as shown (window, events, style) on the clipboard, drawn at a size
 * that reads well when pasted, with the same title and subtitle as an exported file.
 */
void
lc_export_copy_chart (LcWindow        *window,
                      AdwToastOverlay *toast_overlay)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *source_name = NULL;
  CopyCompletion *completion;
  GtkWidget *chart_view;
  ExportJob *job;

  g_return_if_fail (LC_IS_WINDOW (window));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toast_overlay));

  chart_view = lc_window_get_chart_view (window);
  g_return_if_fail (LC_IS_CHART_VIEW (chart_view));

  source_name = describe_source (window);
  job = export_job_new (LC_CHART_VIEW (chart_view), LC_EXPORT_KIND_PNG, source_name);
  job->input.width = LC_EXPORT_COPY_WIDTH;
  job->input.height = LC_EXPORT_COPY_HEIGHT;
  job->input.scale = gtk_widget_get_scale_factor (chart_view);
  job->input.transparent = FALSE;

  completion = g_new0 (CopyCompletion, 1);
  completion->window = g_object_ref (window);
  completion->toast_overlay = g_object_ref (toast_overlay);

  task = g_task_new (NULL, NULL, chart_rendered_for_copy_cb, completion);
  g_task_set_source_tag (task, lc_export_copy_chart);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, write_job_in_thread);
}
