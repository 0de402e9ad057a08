/* lc-window.c: the main window, where a range is queried and its concurrency shown
 *
 * The window keeps one GCancellable for its whole life and one per query; closing the window
 * cancels both. Every asynchronous callback holds a reference on the window, so a late answer
 * never reaches a finalized window, and checks that it still belongs to the current query.
 *
 * Queries go through an LcHistory, so the days already saved in the offline history show at
 * once and only the others are fetched. A result built partly from saved days carries the runs
 * of days it lacks; a banner above it names them and says why they are missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-cache.h"
#include "lc-client.h"
#include "lc-error.h"
#include "lc-history.h"
#include "lc-range-popover.h"
#include "lc-window.h"

#include "lc-chart-view.h"
#include "lc-export-dialog.h"

struct _LcWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkMenuButton       *range_button;
  GtkLabel            *range_label;
  LcRangePopover      *range_popover;
  GtkStack            *query_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar  *switcher_bar;
  GtkProgressBar      *progress_bar;
  GtkWidget           *demo_bar;
  GtkRevealer         *history_bar;
  GtkLabel            *history_label;
  GtkWidget           *history_retry_button;
  GtkStack            *main_stack;
  AdwStatusPage       *error_page;
  GtkWidget           *error_preferences_button;
  AdwStatusPage       *empty_page;
  GtkLabel            *loading_label;
  GtkLabel            *peak_label;
  GtkLabel            *peak_when_label;
  GtkLabel            *average_label;
  GtkLabel            *viewer_minutes_label;
  GtkLabel            *active_time_label;
  GtkLabel            *events_count_label;
  GtkFlowBox          *summary_box;
  AdwViewStack        *view_stack;
  GtkBox              *chart_box;
  GtkColumnView       *events_view;
  GtkColumnView       *table_view;
  GtkColumnViewColumn *day_column;
  GtkColumnViewColumn *minute_column;
  GtkColumnViewColumn *viewers_column;

  /* Owned */
  GSettings           *settings;
  LcCredentials       *credentials;
  LcMockServer        *demo_server;
  GCancellable        *cancellable;       /* the window's whole life */
  GCancellable        *query_cancellable; /* the query that runs now, if any */
  LcCache             *cache;             /* shared by the application's windows, if any */
  LcHistory           *history;           /* around the client of the account queried last */
  char                *history_key;       /* which account and endpoint that client signs for */
  LcSeries            *series;            /* the result on screen */
  GArray              *missing_ranges;    /* days the result on screen lacks; NULL if whole */
  GError              *missing_reason;    /* why they are missing; NULL while they still load */
  GListStore          *events_store;
  LcSeriesModel       *table_model;
  LcSeriesRow         *probe_rows[2];
  GError              *last_error;
  char                *preset_id;         /* the preset of the range, if it was one */
  GtkWidget           *chart_view;
  LcSummaryText        summary;

  LcRange              range;
  LcRange              query_range;       /* the range of the query that runs or ran last */
  LcRange              result_range;
  LcSeriesOrder        probed_order;
  gboolean             probed;
  gboolean             running;
  gboolean             cancelled_by_user;
};

G_DEFINE_FINAL_TYPE (LcWindow, lc_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CREDENTIALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LcDay
get_today (void)
{
  return lc_day_today (g_get_real_time () / 1000);
}

static void
update_actions (LcWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-query", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-error-details",
                                 self->last_error != NULL);
  /* Only a chart with viewers on it is worth saving or copying. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 lc_window_get_view (self) == LC_VIEW_RESULT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-chart",
                                 lc_window_get_view (self) == LC_VIEW_RESULT);
}

/* The banner shows while the result on screen lacks days. Its button fetches them again, and is
 * hidden while a query already does. */
static void
update_history_bar (LcWindow *self)
{
  gboolean partial = self->series != NULL && self->missing_ranges != NULL
                     && self->missing_ranges->len > 0;

  if (partial)
    {
      g_autofree char *notice = lc_format_saved_data_notice (self->missing_ranges,
                                                             self->missing_reason);

      gtk_label_set_text (self->history_label, notice);
    }

  gtk_revealer_set_reveal_child (self->history_bar, partial);
  gtk_widget_set_visible (self->history_retry_button, partial && !self->running);
}

/* Puts the page that fits the state in front; the view switcher only makes sense with a
 * result to switch between. */
static void
update_view (LcWindow *self)
{
  static const char *const page_names[] = {
    [LC_VIEW_WELCOME] = "welcome",
    [LC_VIEW_IDLE] = "idle",
    [LC_VIEW_LOADING] = "loading",
    [LC_VIEW_ERROR] = "error",
    [LC_VIEW_EMPTY] = "empty",
    [LC_VIEW_RESULT] = "result",
  };
  LcView view = lc_window_get_view (self);

  gtk_stack_set_visible_child_name (self->main_stack, page_names[view]);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, view == LC_VIEW_RESULT);
  /* In a narrow window the header has no room for the switcher: it moves to the bottom. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    view == LC_VIEW_RESULT
                                      && adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_stack_set_visible_child_name (self->query_stack, self->running ? "cancel" : "query");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->running);
  gtk_widget_set_visible (self->demo_bar, self->demo_server != NULL);
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        self->demo_server != NULL ? _("Demo data") : NULL);
  update_history_bar (self);
  update_actions (self);
}

static void
switcher_title_visible_changed_cb (AdwViewSwitcherTitle *switcher_title,
                                   GParamSpec           *pspec,
                                   LcWindow             *self)
{
  update_view (self);
}

static void
update_range_label (LcWindow *self)
{
  g_autofree char *label = lc_format_range_label (self->range);
  g_autofree char *accessible_label = NULL;

  gtk_label_set_text (self->range_label, label);

  /* A screen reader names the range button, and the button it holds, by this label alone, so it
   * carries the days shown as well as what the button is for. */
  /* Translators: the range button's name for screen readers; the placeholder is the days. */
  accessible_label = g_strdup_printf (_("Days: %s"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->range_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
}

static void
show_error_details_dialog (LcWindow *self)
{
  g_autofree char *description = NULL;
  g_autoptr (GString) body = NULL;
  const char *server_message;
  guint http_status;
  GtkWidget *dialog;

  if (self->last_error == NULL)
    return;

  description = lc_describe_query_error (self->last_error);
  body = g_string_new (description);
  server_message = lc_error_get_server_message (self->last_error);
  http_status = lc_error_get_http_status (self->last_error);

  if (server_message != NULL && server_message[0] != '\0')
    {
      g_string_append (body, "\n\n");
      /* Translators: the placeholder is the service's own message, in English. */
      g_string_append_printf (body, _("The service said: “%s”"), server_message);
    }
  if (http_status != 0)
    {
      g_string_append (body, "\n");
      /* Translators: the placeholder is an HTTP status code such as 500. */
      g_string_append_printf (body, _("HTTP status: %u"), http_status);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Load Viewers"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_result (LcWindow *self,
             LcSeries *series)
{
  LcSeriesStats stats;
  g_autoptr (GArray) events = NULL;
  g_autofree char *empty_text = NULL;
  g_autofree char *range_text = NULL;
  gboolean has_stats;

  g_clear_pointer (&self->series, lc_series_unref);
  self->series = lc_series_ref (series);
  self->result_range = self->query_range;
  g_clear_pointer (&self->missing_ranges, g_array_unref);
  g_clear_error (&self->missing_reason);

  has_stats = lc_series_get_stats (series, &stats);
  events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);

  lc_summary_text_clear (&self->summary);
  lc_summary_text_init (&self->summary, has_stats ? &stats : NULL, events->len);
  gtk_label_set_text (self->peak_label, self->summary.peak);
  gtk_label_set_text (self->peak_when_label, self->summary.peak_when);
  gtk_label_set_text (self->average_label, self->summary.average);
  gtk_label_set_text (self->viewer_minutes_label, self->summary.viewer_minutes);
  gtk_label_set_text (self->active_time_label, self->summary.active_time);
  gtk_label_set_text (self->events_count_label, self->summary.events);

  g_list_store_remove_all (self->events_store);
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr (LcEventRow) row = lc_event_row_new (&g_array_index (events, LcEvent, i));

      g_list_store_append (self->events_store, row);
    }

  lc_series_model_set_series (self->table_model, series);

  /* "Show everything" means the whole range asked for, quiet days included. */
  lc_chart_view_set_series (LC_CHART_VIEW (self->chart_view), series);
  lc_chart_view_set_events (LC_CHART_VIEW (self->chart_view), events);
  lc_chart_view_set_full_window (LC_CHART_VIEW (self->chart_view),
                                 self->query_range.start * LC_MINUTES_PER_DAY,
                                 (self->query_range.end + 1) * LC_MINUTES_PER_DAY);

  range_text = lc_format_range_label (self->query_range);
  /* Translators: the placeholder is a date range such as "1 – 31 May 2024". */
  empty_text = g_strdup_printf (_("Nobody watched any live stream of this account in %s."),
                                range_text);
  adw_status_page_set_description (self->empty_page, empty_text);
}

/* Keeps the error for the error page and the details dialog. */
static void
remember_error (LcWindow     *self,
                const GError *error)
{
  g_autofree char *description = lc_describe_query_error (error);

  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);

  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (self->error_preferences_button, self->demo_server == NULL);
}

static void
show_error (LcWindow     *self,
            const GError *error)
{
  g_autofree char *description = lc_describe_query_error (error);
  AdwToast *toast;

  remember_error (self, error);

  /* With a result on screen the error page would hide it, so a toast tells instead. */
  if (self->series != NULL)
    {
      toast = adw_toast_new (description);
      adw_toast_set_timeout (toast, 10);
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.show-error-details");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* Shows what a query could have of its range: the saved days, and those fetched before it
 * failed. @reason is NULL while the missing days still load.
 *
 * FIXME: the chart draws the missing days as days without viewers; only the banner tells them
 * apart. The chart widget has no way yet to shade a run of days as "no data". */
static void
show_partial (LcWindow               *self,
              const LcHistoryPartial *partial,
              const GError           *reason)
{
  show_result (self, partial->series);
  if (partial->missing_ranges->len > 0)
    self->missing_ranges = g_array_copy (partial->missing_ranges);
  self->missing_reason = reason != NULL ? g_error_copy (reason) : NULL;
  update_view (self);
}

static gboolean
shows_query_range (LcWindow *self)
{
  return self->series != NULL && self->result_range.start == self->query_range.start
         && self->result_range.end == self->query_range.end;
}

static gboolean
partial_is_better (LcWindow               *self,
                   const LcHistoryPartial *partial)
{
  return lc_partial_is_better (lc_range_get_n_days (self->query_range),
                               lc_history_partial_get_n_missing_days (partial),
                               shows_query_range (self),
                               lc_ranges_count_days (self->missing_ranges));
}

static void
query_finished (LcWindow *self)
{
  self->running = FALSE;
  g_clear_object (&self->query_cancellable);
  update_view (self);
}

static void
progress_cb (guint    chunks_done,
             guint    chunks_total,
             gpointer user_data)
{
  LcWindow *self = user_data;
  g_autofree char *text = lc_format_progress (chunks_done, chunks_total);

  if (chunks_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) chunks_done / chunks_total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_label_set_text (self->loading_label, text);
}

/* Saved days show at once when they hold more of the range than the screen does; the query
 * goes on for the rest, with its progress bar, and the banner says the result is partial. */
static void
cached_cb (const LcHistoryPartial *cached,
           gpointer                user_data)
{
  LcWindow *self = user_data;

  if (!partial_is_better (self, cached))
    return;

  g_debug ("Showing %u saved days while %u load", cached->n_cached_days,
           lc_history_partial_get_n_missing_days (cached));
  show_partial (self, cached, NULL);
}

static void
history_queried_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (LcWindow) self = user_data;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (LcHistoryPartial) partial = NULL;
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  gboolean cancelled;

  series = lc_history_query_finish (LC_HISTORY (object), result, &partial, &error);

  /* A query replaced by a newer one, or a window being closed, reports nothing. */
  if (cancellable != self->query_cancellable)
    return;

  if (error == NULL)
    {
      g_clear_error (&self->last_error);
      show_result (self, series);
      query_finished (self);
      return;
    }

  /* A cancellation is not an error, but it leaves days missing all the same. */
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (!cancelled)
    {
      g_debug ("Query failed: %s", error->message);
      remember_error (self, error);
    }

  /* Of what the query could have and what the screen shows, the more complete stays; a partial
   * result carries its reason in the banner rather than in a toast. */
  if (partial != NULL && partial_is_better (self, partial))
    {
      show_partial (self, partial, error);
    }
  else if (shows_query_range (self) && self->missing_ranges != NULL)
    {
      g_clear_error (&self->missing_reason);
      self->missing_reason = g_error_copy (error);
    }
  else if (!cancelled)
    {
      show_error (self, error);
    }

  if (cancelled && self->cancelled_by_user)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Query cancelled")));

  query_finished (self);
}

/* The digest of the secret tells whether the client can be kept, without a second copy of the
 * secret in memory. */
static char *
make_history_key (const char *base_url,
                  const char *app_id,
                  const char *app_secret)
{
  g_autofree char *secret_digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, app_secret,
                                                                  -1);

  return g_strjoin ("\n", base_url, app_id, secret_digest, NULL);
}

/* The history, and the client inside it, last as long as the account and endpoint: the client
 * keeps what it learned of the service's clock. Other credentials or another endpoint make a
 * new client, with a new history around the same cache. */
static void
start_query (LcWindow   *self,
             const char *base_url,
             const char *app_id,
             const char *app_secret,
             LcCache    *cache)
{
  g_autofree char *key = make_history_key (base_url, app_id, app_secret);
  g_autoptr (LcClient) client = NULL;
  g_autoptr (GError) error = NULL;

  if (self->history == NULL || g_strcmp0 (key, self->history_key) != 0
      || lc_history_get_cache (self->history) != cache)
    {
      client = lc_client_new (base_url, app_id, app_secret, &error);
      if (client == NULL)
        {
          show_error (self, error);
          query_finished (self);
          return;
        }

      g_clear_object (&self->history);
      self->history = lc_history_new (client, cache);
      g_free (self->history_key);
      self->history_key = g_steal_pointer (&key);
    }

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  lc_history_query_async (self->history, self->query_range, LC_HISTORY_QUERY_NONE,
                          self->query_cancellable, cached_cb, progress_cb, self,
                          history_queried_cb, g_object_ref (self));
}

static void
secret_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (LcWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *endpoint = NULL;

  secret = lc_credentials_lookup_finish (LC_CREDENTIALS (object), result, &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->query_cancellable)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      query_finished (self);
      return;
    }

  if (error == NULL && (secret == NULL || secret[0] == '\0'))
    lc_set_error (&error, LC_ERROR_MISSING_CREDENTIALS, NULL, 0);

  if (error != NULL)
    {
      show_error (self, error);
      query_finished (self);
      return;
    }

  app_id = g_settings_get_string (self->settings, "app-id");
  endpoint = g_settings_get_string (self->settings, "endpoint");
  start_query (self, endpoint, app_id, secret, self->cache);
}

static void
remember_range (LcWindow *self)
{
  char start_text[11], end_text[11];

  /* The demo's range is not the user's. */
  if (self->demo_server != NULL)
    return;

  lc_day_format_into (self->range.start, start_text);
  lc_day_format_into (self->range.end, end_text);
  g_settings_set_string (self->settings, "last-range-start", start_text);
  g_settings_set_string (self->settings, "last-range-end", end_text);
  g_settings_set_string (self->settings, "last-preset", self->preset_id ? self->preset_id : "");
}

void
lc_window_query (LcWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *endpoint = NULL;

  g_return_if_fail (LC_IS_WINDOW (self));

  /* A newer query replaces the one running; the result on screen stays until it succeeds. Saved
   * days shown while the replaced query loaded the rest will not get it from that query. */
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  if (self->running && self->missing_ranges != NULL && self->missing_reason == NULL)
    g_set_error_literal (&self->missing_reason, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         "Replaced by a newer query");
  self->query_cancellable = g_cancellable_new ();
  self->query_range = self->range;
  self->cancelled_by_user = FALSE;
  self->running = TRUE;

  if (!lc_range_validate (self->range, get_today (), &error))
    {
      show_error (self, error);
      query_finished (self);
      return;
    }

  remember_range (self);
  progress_cb (0, 0, self);
  update_view (self);

  /* The demo bypasses the saved history. Its stand-in service listens on a new port each time,
   * so its days would be saved under a new endpoint on every run and never read again, and
   * made-up data has no business in the user's history file anyway. */
  if (self->demo_server != NULL)
    {
      g_autofree char *base_url = lc_mock_server_get_base_url (self->demo_server);

      start_query (self, base_url, LC_MOCK_DEMO_APP_ID, LC_MOCK_DEMO_APP_SECRET, NULL);
      return;
    }

  app_id = g_settings_get_string (self->settings, "app-id");
  endpoint = g_settings_get_string (self->settings, "endpoint");
  if (app_id[0] == '\0')
    {
      query_finished (self);
      return;
    }

  lc_credentials_lookup_async (self->credentials, app_id, endpoint, self->query_cancellable,
                               secret_looked_up_cb, g_object_ref (self));
}

void
lc_window_cancel_query (LcWindow *self)
{
  g_return_if_fail (LC_IS_WINDOW (self));

  if (!self->running)
    return;

  self->cancelled_by_user = TRUE;
  g_cancellable_cancel (self->query_cancellable);
}

static void
query_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  lc_window_query (LC_WINDOW (widget));
}

static void
cancel_query_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  lc_window_cancel_query (LC_WINDOW (widget));
}

static void
choose_range_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LcWindow *self = LC_WINDOW (widget);

  lc_range_popover_set_today (self->range_popover, get_today ());
  lc_range_popover_set_range (self->range_popover, self->range);
  gtk_menu_button_popup (self->range_button);
}

static void
show_error_details_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  show_error_details_dialog (LC_WINDOW (widget));
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LcWindow *self = LC_WINDOW (widget);

  if (lc_window_get_view (self) == LC_VIEW_RESULT)
    adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LcWindow *self = LC_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (lc_export_dialog_new (self, self->toast_overlay)));
}

static void
copy_chart_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LcWindow *self = LC_WINDOW (widget);

  lc_export_copy_chart (self, self->toast_overlay);
}

static void
range_popover_shown_cb (GtkWidget *popover,
                        LcWindow  *self)
{
  lc_range_popover_set_today (self->range_popover, get_today ());
  lc_range_popover_set_range (self->range_popover, self->range);
}

static void
range_chosen_cb (LcRangePopover *popover,
                 int             start,
                 int             end,
                 const char     *preset_id,
                 LcWindow       *self)
{
  LcRange range = { start, end };

  lc_window_set_range (self, range);
  g_free (self->preset_id);
  self->preset_id = g_strdup (preset_id);
  lc_window_query (self);
}

static void
focus_event (LcWindow      *self,
             const LcEvent *event)
{
  lc_chart_view_focus_range (LC_CHART_VIEW (self->chart_view), event->start, event->end);
  adw_view_stack_set_visible_child_name (self->view_stack, "chart");
}

static void
events_view_activated_cb (GtkColumnView *view,
                          guint          position,
                          LcWindow      *self)
{
  lc_window_activate_event (self, position);
}

/* The cells of both lists are labels; numbers align right in tabular figures. */
static void
text_cell_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    LcWindow                 *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
number_cell_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      LcWindow                 *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
set_cell_text (GtkListItem *item,
               char        *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  g_free (text);
}

static void
day_cell_bound_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   LcWindow                 *self)
{
  LcSeriesRow *row = gtk_list_item_get_item (item);
  char buffer[11];

  lc_day_format_into (lc_minute_get_day (lc_series_row_get_minute (row)), buffer);
  set_cell_text (item, g_strdup (buffer));
}

static void
minute_cell_bound_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      LcWindow                 *self)
{
  LcSeriesRow *row = gtk_list_item_get_item (item);

  set_cell_text (item, lc_format_time_of_day (lc_series_row_get_minute (row)));
}

static void
viewers_cell_bound_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       LcWindow                 *self)
{
  LcSeriesRow *row = gtk_list_item_get_item (item);

  set_cell_text (item, lc_format_count (lc_series_row_get_viewers (row)));
}

static void
event_date_cell_bound_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          LcWindow                 *self)
{
  const LcEvent *event = lc_event_row_get_event (gtk_list_item_get_item (item));

  set_cell_text (item, lc_format_day (lc_minute_get_day (event->start)));
}

static void
event_span_cell_bound_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          LcWindow                 *self)
{
  const LcEvent *event = lc_event_row_get_event (gtk_list_item_get_item (item));

  set_cell_text (item, lc_format_event_span (event));
}

static void
event_duration_cell_bound_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              LcWindow                 *self)
{
  const LcEvent *event = lc_event_row_get_event (gtk_list_item_get_item (item));

  set_cell_text (item, lc_format_duration (event->duration_minutes));
}

static void
event_peak_cell_bound_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          LcWindow                 *self)
{
  const LcEvent *event = lc_event_row_get_event (gtk_list_item_get_item (item));

  set_cell_text (item, lc_format_count (event->peak_viewers));
}

static void
event_average_cell_bound_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             LcWindow                 *self)
{
  const LcEvent *event = lc_event_row_get_event (gtk_list_item_get_item (item));

  set_cell_text (item, lc_format_average_viewers (event->average_viewers));
}

/* GTK 4.8 does not say which column the user sorts by. Each column's sorter therefore only
 * records that it was asked, and the column view's sorter is probed once per change: the
 * column whose sorter answers first is the primary one, and an inverted answer means
 * descending order. The real sorting happens in the model, off the main thread. */
static int
probe_time_compare (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  LcWindow *self = user_data;

  self->probed = TRUE;
  self->probed_order = LC_SERIES_ORDER_TIME_ASCENDING;

  return GTK_ORDERING_SMALLER;
}

static int
probe_viewers_compare (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  LcWindow *self = user_data;

  self->probed = TRUE;
  self->probed_order = LC_SERIES_ORDER_VIEWERS_ASCENDING;

  return GTK_ORDERING_SMALLER;
}

/* The states of win.sort-table, indexed by the order they give. */
static const struct
{
  const char  *name;
  gboolean     by_viewers;
  GtkSortType  direction;
} table_orders[] = {
  [LC_SERIES_ORDER_TIME_ASCENDING] = { "time-ascending", FALSE, GTK_SORT_ASCENDING },
  [LC_SERIES_ORDER_TIME_DESCENDING] = { "time-descending", FALSE, GTK_SORT_DESCENDING },
  [LC_SERIES_ORDER_VIEWERS_ASCENDING] = { "viewers-ascending", TRUE, GTK_SORT_ASCENDING },
  [LC_SERIES_ORDER_VIEWERS_DESCENDING] = { "viewers-descending", TRUE, GTK_SORT_DESCENDING },
};

static void
table_sorter_changed_cb (GtkSorter       *sorter,
                         GtkSorterChange  change,
                         LcWindow        *self)
{
  GtkOrdering ordering;
  LcSeriesOrder order;
  GAction *action;

  /* Disposing the window removes the columns, which changes a sorted table's sorter once more,
   * after the probe rows and the model are gone. */
  if (self->table_model == NULL)
    return;

  self->probed = FALSE;
  /* Two distinct items: GtkSorter answers "equal" for an item compared with itself. */
  ordering = gtk_sorter_compare (sorter, self->probe_rows[0], self->probe_rows[1]);

  if (!self->probed)
    order = LC_SERIES_ORDER_TIME_ASCENDING;
  else if (self->probed_order == LC_SERIES_ORDER_TIME_ASCENDING)
    order = ordering == GTK_ORDERING_LARGER ? LC_SERIES_ORDER_TIME_DESCENDING
                                            : LC_SERIES_ORDER_TIME_ASCENDING;
  else
    order = ordering == GTK_ORDERING_LARGER ? LC_SERIES_ORDER_VIEWERS_DESCENDING
                                            : LC_SERIES_ORDER_VIEWERS_ASCENDING;

  lc_series_model_set_order (self->table_model, order);

  /* The sort menu shows the order whichever way it was chosen, header or menu. */
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sort-table");
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_string (table_orders[order].name));
}

/* The sort menu is the keyboard's way to sort: GTK 4.8 never lets Tab reach the headers. It
 * sorts through the column view's sorter, exactly as a click on a header would, so the arrows
 * show the order and table_sorter_changed_cb() sets the menu's state. */
static void
sort_table_state_changed (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  LcWindow *self = user_data;
  const char *name = g_variant_get_string (state, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (table_orders); i++)
    {
      if (g_str_equal (name, table_orders[i].name))
        {
          GtkColumnViewColumn *column = table_orders[i].by_viewers ? self->viewers_column
                                                                   : self->day_column;

          gtk_column_view_sort_by_column (self->table_view, column, table_orders[i].direction);
          return;
        }
    }

  g_debug ("Unknown table order “%s”", name);
}

/* GTK 4.8 exports a column view as a grid holding a separate list of its rows, and that list
 * takes keyboard focus; both get the name, or a screen reader announces a nameless list. */
static void
set_column_view_name (GtkColumnView *view,
                      const char    *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
    }
}

static void
setup_table (LcWindow *self)
{
  g_autoptr (GtkSorter) day_sorter = NULL;
  g_autoptr (GtkSorter) minute_sorter = NULL;
  g_autoptr (GtkSorter) viewers_sorter = NULL;
  g_autoptr (GtkNoSelection) table_selection = NULL;
  g_autoptr (GtkSingleSelection) events_selection = NULL;
  g_autoptr (GSimpleAction) sort_action = NULL;

  self->table_model = lc_series_model_new ();
  self->probe_rows[0] = g_object_new (LC_TYPE_SERIES_ROW, NULL);
  self->probe_rows[1] = g_object_new (LC_TYPE_SERIES_ROW, NULL);
  self->events_store = g_list_store_new (LC_TYPE_EVENT_ROW);

  table_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->table_model)));
  gtk_column_view_set_model (self->table_view, GTK_SELECTION_MODEL (table_selection));

  events_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->events_store)));
  gtk_single_selection_set_autoselect (events_selection, FALSE);
  gtk_column_view_set_model (self->events_view, GTK_SELECTION_MODEL (events_selection));

  day_sorter = GTK_SORTER (gtk_custom_sorter_new (probe_time_compare, self, NULL));
  minute_sorter = GTK_SORTER (gtk_custom_sorter_new (probe_time_compare, self, NULL));
  viewers_sorter = GTK_SORTER (gtk_custom_sorter_new (probe_viewers_compare, self, NULL));
  gtk_column_view_column_set_sorter (self->day_column, day_sorter);
  gtk_column_view_column_set_sorter (self->minute_column, minute_sorter);
  gtk_column_view_column_set_sorter (self->viewers_column, viewers_sorter);

  sort_action = g_simple_action_new_stateful ("sort-table", G_VARIANT_TYPE_STRING,
                                              g_variant_new_string ("time-ascending"));
  g_signal_connect_object (sort_action, "change-state", G_CALLBACK (sort_table_state_changed),
                           self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (sort_action));

  g_signal_connect_object (gtk_column_view_get_sorter (self->table_view), "changed",
                           G_CALLBACK (table_sorter_changed_cb), self, 0);

  set_column_view_name (self->events_view, _("Live events"));
  set_column_view_name (self->table_view, _("Viewers per minute"));
}

static void
setup_chart (LcWindow *self)
{
  self->chart_view = lc_chart_view_new ();
  gtk_widget_set_vexpand (self->chart_view, TRUE);
  gtk_widget_set_hexpand (self->chart_view, TRUE);
  gtk_box_append (self->chart_box, self->chart_view);
}

static LcRange
initial_range (LcWindow *self)
{
  g_autofree char *preset_id = g_settings_get_string (self->settings, "last-preset");
  g_autofree char *start_text = g_settings_get_string (self->settings, "last-range-start");
  g_autofree char *end_text = g_settings_get_string (self->settings, "last-range-end");
  LcDay today = get_today ();
  LcPreset preset;
  LcRange range;

  if (lc_preset_from_id (preset_id, &preset))
    {
      self->preset_id = g_strdup (preset_id);
      return lc_preset_get_range (preset, today);
    }

  if (lc_range_parse (start_text, end_text, today, &range, NULL))
    return range;

  self->preset_id = g_strdup (lc_preset_get_id (LC_PRESET_LAST_7_DAYS));
  return lc_preset_get_range (LC_PRESET_LAST_7_DAYS, today);
}

static gboolean
lc_window_close_request (GtkWindow *window)
{
  LcWindow *self = LC_WINDOW (window);
  int width, height;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->query_cancellable);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (lc_window_parent_class)->close_request (window);
}

static void
lc_window_constructed (GObject *object)
{
  LcWindow *self = LC_WINDOW (object);

  G_OBJECT_CLASS (lc_window_parent_class)->constructed (object);

  if (self->credentials == NULL)
    self->credentials = lc_credentials_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->range = initial_range (self);
  update_range_label (self);
  update_view (self);
}

static void
lc_window_dispose (GObject *object)
{
  LcWindow *self = LC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->query_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LC_TYPE_WINDOW);

  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->history);
  g_clear_object (&self->cache);
  g_clear_object (&self->table_model);
  g_clear_object (&self->events_store);
  g_clear_object (&self->probe_rows[0]);
  g_clear_object (&self->probe_rows[1]);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->series, lc_series_unref);

  G_OBJECT_CLASS (lc_window_parent_class)->dispose (object);
}

static void
lc_window_finalize (GObject *object)
{
  LcWindow *self = LC_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->last_error);
  g_clear_error (&self->missing_reason);
  g_clear_pointer (&self->missing_ranges, g_array_unref);
  g_clear_pointer (&self->history_key, g_free);
  g_clear_pointer (&self->preset_id, g_free);
  lc_summary_text_clear (&self->summary);

  G_OBJECT_CLASS (lc_window_parent_class)->finalize (object);
}

static void
lc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LcWindow *self = LC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS:
      g_set_object (&self->credentials, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lc_window_class_init (LcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lc_window_constructed;
  object_class->dispose = lc_window_dispose;
  object_class->finalize = lc_window_finalize;
  object_class->set_property = lc_window_set_property;
  window_class->close_request = lc_window_close_request;

  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, LC_TYPE_CREDENTIALS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LC_TYPE_RANGE_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liveconcurrency/LiveConcurrency/"
                                               "ui/lc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, range_button);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, range_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, range_popover);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, query_stack);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, demo_bar);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, history_bar);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, history_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, history_retry_button);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, error_preferences_button);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, peak_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, peak_when_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, average_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, viewer_minutes_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, active_time_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, events_count_label);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, summary_box);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, chart_box);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, events_view);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, table_view);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, day_column);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, minute_column);
  gtk_widget_class_bind_template_child (widget_class, LcWindow, viewers_column);

  gtk_widget_class_bind_template_callback (widget_class, range_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, switcher_title_visible_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, events_view_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, number_cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, minute_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, viewers_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_date_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_span_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_duration_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_peak_cell_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_average_cell_bound_cb);

  gtk_widget_class_install_action (widget_class, "win.query", NULL, query_activated);
  gtk_widget_class_install_action (widget_class, "win.cancel-query", NULL, cancel_query_activated);
  gtk_widget_class_install_action (widget_class, "win.choose-range", NULL, choose_range_activated);
  gtk_widget_class_install_action (widget_class, "win.show-error-details", NULL,
                                   show_error_details_activated);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "win.copy-chart", NULL, copy_chart_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-chart", NULL);

  /* Escape cancels a running query; the popovers and dialogs see it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-query", NULL);
}

static void
lc_window_init (LcWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  setup_table (self);
  setup_chart (self);

  /* The summary cards wrap in a narrow window; they are text to read, not stops for Tab. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

LcWindow *
lc_window_new (GtkApplication *application,
               LcCredentials  *credentials)
{
  return g_object_new (LC_TYPE_WINDOW,
                       "application", application,
                       "credentials", credentials,
                       NULL);
}

/* In demo mode the window queries the in-process mock with its demo account, over the last
 * seven days, which always hold a few live events. */
void
lc_window_start_demo (LcWindow     *self,
                      LcMockServer *demo_server)
{
  g_return_if_fail (LC_IS_WINDOW (self));
  g_return_if_fail (LC_IS_MOCK_SERVER (demo_server));

  g_set_object (&self->demo_server, demo_server);
  g_clear_pointer (&self->preset_id, g_free);
  self->preset_id = g_strdup (lc_preset_get_id (LC_PRESET_LAST_7_DAYS));
  lc_window_set_range (self, lc_preset_get_range (LC_PRESET_LAST_7_DAYS, get_today ()));
  update_view (self);
  lc_window_query (self);
}

gboolean
lc_window_get_demo (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), FALSE);

  return self->demo_server != NULL;
}

void
lc_window_set_range (LcWindow *self,
                     LcRange   range)
{
  g_return_if_fail (LC_IS_WINDOW (self));

  self->range = range;
  g_clear_pointer (&self->preset_id, g_free);
  update_range_label (self);
}

LcRange
lc_window_get_range (LcWindow *self)
{
  LcRange none = { 0, 0 };

  g_return_val_if_fail (LC_IS_WINDOW (self), none);

  return self->range;
}

gboolean
lc_window_get_running (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), FALSE);

  return self->running;
}

/* Only the App ID is checked here: whether a secret goes with it is known after an
 * asynchronous keyring lookup, and a missing one is reported as an error then. */
gboolean
lc_window_has_credentials (LcWindow *self)
{
  g_autofree char *app_id = NULL;

  g_return_val_if_fail (LC_IS_WINDOW (self), FALSE);

  if (self->demo_server != NULL)
    return TRUE;

  app_id = g_settings_get_string (self->settings, "app-id");

  return app_id[0] != '\0';
}

LcView
lc_window_get_view (LcWindow *self)
{
  LcViewState state = { 0 };

  g_return_val_if_fail (LC_IS_WINDOW (self), LC_VIEW_IDLE);

  state.has_credentials = lc_window_has_credentials (self);
  state.is_running = self->running;
  state.has_result = self->series != NULL;
  state.result_is_empty = self->series != NULL && lc_series_get_length (self->series) == 0;
  state.has_error = self->last_error != NULL;

  return lc_view_for_state (&state);
}

LcSeries *
lc_window_get_series (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->series;
}

const GError *
lc_window_get_last_error (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->last_error;
}

const char *
lc_window_get_summary_peak (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return gtk_label_get_text (self->peak_label);
}

GListModel *
lc_window_get_events_model (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->events_store);
}

LcSeriesModel *
lc_window_get_table_model (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->table_model;
}

GtkColumnView *
lc_window_get_table_view (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->table_view;
}

/* @name is "day", "minute" or "viewers". */
GtkColumnViewColumn *
lc_window_get_table_column (LcWindow   *self,
                            const char *name)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  if (g_str_equal (name, "day"))
    return self->day_column;
  if (g_str_equal (name, "minute"))
    return self->minute_column;
  if (g_str_equal (name, "viewers"))
    return self->viewers_column;

  g_return_val_if_reached (NULL);
}

void
lc_window_activate_event (LcWindow *self,
                          guint     position)
{
  g_autoptr (LcEventRow) row = NULL;

  g_return_if_fail (LC_IS_WINDOW (self));

  row = g_list_model_get_item (G_LIST_MODEL (self->events_store), position);
  if (row != NULL)
    focus_event (self, lc_event_row_get_event (row));
}

/* The application opens the offline history once and lends it to each of its windows; a window
 * without one (a test's, or when the file could not be opened) fetches every day. */
void
lc_window_set_cache (LcWindow *self,
                     LcCache  *cache)
{
  g_return_if_fail (LC_IS_WINDOW (self));
  g_return_if_fail (cache == NULL || LC_IS_CACHE (cache));

  /* The next query builds its history around the new cache. */
  if (g_set_object (&self->cache, cache))
    {
      g_clear_object (&self->history);
      g_clear_pointer (&self->history_key, g_free);
    }
}

LcCache *
lc_window_get_cache (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->cache;
}

/* The runs of days the result on screen lacks, or NULL when it is whole. */
const GArray *
lc_window_get_missing_ranges (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->missing_ranges;
}

/* The banner's sentence, or NULL when the banner is hidden. */
const char *
lc_window_get_history_notice (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->history_bar))
    return NULL;

  return gtk_label_get_text (self->history_label);
}

/* For news that concerns the whole application, such as a saved history that had to be set
 * aside. */
void
lc_window_add_toast (LcWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (LC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Returns the chart widget, or NULL in a build without one. */
GtkWidget *
lc_window_get_chart_view (LcWindow *self)
{
  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  return self->chart_view;
}

/* The name of the page in front: "chart", "events" or "table" with a result, or the name of
 * the status page shown instead. */
const char *
lc_window_get_visible_page (LcWindow *self)
{
  const char *main_page;

  g_return_val_if_fail (LC_IS_WINDOW (self), NULL);

  main_page = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (main_page, "result") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);

  return main_page;
}
