/* main.c: live-concurrency-cli, the headless way to fetch and export concurrent viewers
 *
 * For scripts and analysts: one command fetches a date range, prints a plain-language summary
 * or writes the minutes as CSV or the chart as PNG, SVG or PDF. The app secret comes from the
 * environment or a file, never from the command line, where other users could read it in the
 * process list. Exit status: 0 on success, 1 when the API or the network failed, 2 when the
 * command itself was wrong (nothing is sent then).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <unistd.h>

#include "lc-cache.h"
#include "lc-chart.h"
#include "lc-client.h"
#include "lc-error.h"
#include "lc-export.h"
#include "lc-history.h"

#define EXIT_API_FAILED 1
#define EXIT_BAD_USAGE  2

/* How many of the largest events the summary lists. */
#define SUMMARY_MAX_EVENTS 5

typedef struct
{
  char      *start_text;
  char      *end_text;
  char      *app_id;
  char      *base_url;
  char      *secret_file;
  char      *csv_path;
  char      *png_path;
  char      *svg_path;
  char      *pdf_path;
  int        width;
  int        height;
  int        scale;
  int        timeout_seconds;
  gboolean   quiet;
  gboolean   no_cache;
  gboolean   refresh;
} CliOptions;

typedef struct
{
  GMainLoop  *loop;
  LcSeries   *series;
  GError     *error;
  guint       n_cached_days;
  gboolean    show_progress;
} FetchState;

static void
cli_options_clear (CliOptions *options)
{
  g_clear_pointer (&options->start_text, g_free);
  g_clear_pointer (&options->end_text, g_free);
  g_clear_pointer (&options->app_id, g_free);
  g_clear_pointer (&options->base_url, g_free);
  g_clear_pointer (&options->secret_file, g_free);
  g_clear_pointer (&options->csv_path, g_free);
  g_clear_pointer (&options->png_path, g_free);
  g_clear_pointer (&options->svg_path, g_free);
  g_clear_pointer (&options->pdf_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliOptions, cli_options_clear)

/* The detail can hold a server's own words, which may be anything: a line break would split the
 * one line, and an escape sequence would let the server write to the user's terminal. Control
 * characters become spaces. */
static char *
make_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *printable = g_string_sized_new (strlen (valid));

  for (const char *c = valid; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar character = g_utf8_get_char (c);

      if (g_unichar_iscntrl (character))
        g_string_append_c (printable, ' ');
      else
        g_string_append_unichar (printable, character);
    }

  return g_string_free (printable, FALSE);
}

static void
print_error (const char *message,
             const char *detail)
{
  /* One line on stderr, so that scripts can log it as it is. */
  if (detail != NULL && detail[0] != '\0')
    {
      g_autofree char *printable = make_printable (detail);

      g_printerr ("live-concurrency-cli: %s (%s)\n", message, printable);
    }
  else
    g_printerr ("live-concurrency-cli: %s\n", message);
}

static char *
describe_error_detail (const GError *error)
{
  const char *server_message = NULL;
  gint64 clock_offset_ms = 0;

  if (error->domain != LC_ERROR)
    return NULL;

  server_message = lc_error_get_server_message (error);
  clock_offset_ms = lc_error_get_clock_offset (error);

  if (error->code == LC_ERROR_INVALID_TIMESTAMP && clock_offset_ms != 0)
    {
      /* TRANSLATORS: the clock of this computer differs from the server's by this many seconds;
       * the sign says which one is ahead. */
      return g_strdup_printf (_("this computer's clock is %+d s off the server's"),
                              (int) CLAMP (-clock_offset_ms / 1000, G_MININT, G_MAXINT));
    }

  return g_strdup (server_message);
}

static char *
read_secret_file (const char  *path,
                  GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  /* Files written by editors and `echo` end in a newline that is no part of the secret. */
  g_strchomp (contents);

  return g_steal_pointer (&contents);
}

static void
fetch_progressed (guint    chunks_done,
                  guint    chunks_total,
                  gpointer user_data)
{
  FetchState *state = user_data;

  if (!state->show_progress || chunks_total < 2)
    return;

  /* TRANSLATORS: progress of a long query, shown on a terminal: requests done of total. */
  g_printerr ("\r%s", "");
  g_printerr (_("Fetching… %u of %u requests done"), chunks_done, chunks_total);
  if (chunks_done == chunks_total)
    g_printerr ("\n");
}

static void
cache_read (const LcHistoryPartial *cached,
            gpointer                user_data)
{
  FetchState *state = user_data;

  state->n_cached_days = cached->n_cached_days;
}

static void
query_finished_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FetchState *state = user_data;

  state->series = lc_history_query_finish (LC_HISTORY (source), result, NULL, &state->error);
  g_main_loop_quit (state->loop);
}

/* The history cache keeps days already fetched, so that asking again costs no request. A cache
 * that cannot be opened is no reason to fail: the query then goes to the API alone. */
static LcCache *
open_cache (const CliOptions *options)
{
  g_autoptr (GError) error = NULL;
  LcCache *cache;

  if (options->no_cache)
    return NULL;

  cache = lc_cache_open (NULL, &error);
  if (cache == NULL)
    {
      if (!options->quiet)
        print_error (_("The saved history cannot be used; fetching everything."), error->message);
      return NULL;
    }

  if (lc_cache_get_open_warning (cache) != NULL && !options->quiet)
    print_error (lc_cache_get_open_warning (cache), NULL);

  return cache;
}

static char *
format_duration (guint minutes)
{
  if (minutes < 60)
    return g_strdup_printf (_("%u min"), minutes);
  if (minutes % 60 == 0)
    return g_strdup_printf (_("%u h"), minutes / 60);

  /* TRANSLATORS: a duration in hours and minutes, as in "2 h 15 min". */
  return g_strdup_printf (_("%u h %u min"), minutes / 60, minutes % 60);
}

static int
compare_events_by_peak (gconstpointer a,
                        gconstpointer b)
{
  const LcEvent *event_a = a;
  const LcEvent *event_b = b;

  if (event_a->peak_viewers != event_b->peak_viewers)
    return event_a->peak_viewers < event_b->peak_viewers ? 1 : -1;

  return (event_a->start > event_b->start) - (event_a->start < event_b->start);
}

static void
print_summary (LcSeries *series,
               LcRange   range,
               guint     n_cached_days)
{
  g_autoptr (GArray) events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);
  char start_text[11], end_text[11];
  LcSeriesStats stats;

  lc_day_format_into (range.start, start_text);
  lc_day_format_into (range.end, end_text);
  /* TRANSLATORS: the first line of the summary: the range asked for, on the platform's clock. */
  g_print (_("Range:           %s to %s (China Standard Time)\n"), start_text, end_text);
  if (n_cached_days > 0)
    {
      /* TRANSLATORS: how much of the range came from data saved on this computer. */
      g_print (g_dngettext (GETTEXT_PACKAGE, "Saved history:   %u of %u day\n",
                            "Saved history:   %u of %u days\n", lc_range_get_n_days (range)),
               n_cached_days, lc_range_get_n_days (range));
    }

  if (!lc_series_get_stats (series, &stats))
    {
      g_print (_("Nobody was watching in this range.\n"));
      return;
    }

  {
    g_autofree char *peak = lc_chart_format_viewers (stats.peak_viewers);
    g_autofree char *peak_when = lc_chart_format_minute (stats.peak_minute);
    g_autofree char *average = lc_chart_format_viewers ((guint32) (stats.average_viewers + 0.5));
    g_autofree char *active = format_duration (stats.active_minutes);
    g_autofree char *viewer_minutes = g_strdup_printf ("%'" G_GUINT64_FORMAT,
                                                       stats.viewer_minutes);

    g_print (_("Peak:            %s viewers at %s\n"), peak, peak_when);
    g_print (_("Average:         %s viewers while live (%s live in all)\n"), average, active);
    g_print (_("Viewer-minutes:  %s\n"), viewer_minutes);
    g_print (_("Live events:     %u\n"), events->len);
  }

  g_array_sort (events, compare_events_by_peak);
  if (events->len > 0)
    g_print (_("Largest events:\n"));
  for (guint i = 0; i < MIN (events->len, SUMMARY_MAX_EVENTS); i++)
    {
      const LcEvent *event = &g_array_index (events, LcEvent, i);
      g_autofree char *start = lc_chart_format_minute (event->start);
      g_autofree char *duration = format_duration (event->duration_minutes);
      g_autofree char *peak = lc_chart_format_viewers (event->peak_viewers);
      g_autofree char *average = lc_chart_format_viewers ((guint32) (event->average_viewers
                                                                     + 0.5));

      /* TRANSLATORS: one event in the summary: when it started, how long it lasted, its peak
       * and its average audience. */
      g_print (_("  %s  for %s, peak %s, average %s\n"), start, duration, peak, average);
    }
}

static gboolean
write_outputs (const CliOptions *options,
               LcSeries         *series,
               LcRange           range,
               const char       *app_id,
               GError          **error)
{
  const struct
  {
    const char     *path;
    LcExportFormat  format;
  } charts[] = {
    { options->png_path, LC_EXPORT_FORMAT_PNG },
    { options->svg_path, LC_EXPORT_FORMAT_SVG },
    { options->pdf_path, LC_EXPORT_FORMAT_PDF },
  };
  g_autoptr (GArray) events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);
  g_autofree char *subtitle = NULL;
  char start_text[11], end_text[11];
  LcChartInput chart;

  if (g_strcmp0 (options->csv_path, "-") == 0)
    {
      g_autoptr (GOutputStream) stdout_stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      if (!lc_export_csv_stream (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO, stdout_stream,
                                 NULL, error))
        return FALSE;
    }
  else if (options->csv_path != NULL
           && !lc_export_csv_file (series, LC_EXPORT_ALL_FROM, LC_EXPORT_ALL_TO,
                                   options->csv_path, error))
    return FALSE;

  /* The chart covers the whole range asked for, quiet days at either end included. */
  lc_day_format_into (range.start, start_text);
  lc_day_format_into (range.end, end_text);
  /* TRANSLATORS: the subtitle of a chart the command-line tool draws: the first and last day
   * asked for, as YYYY-MM-DD, then the App ID. */
  subtitle = g_strdup_printf (_("%s – %s · %s"), start_text, end_text, app_id);

  lc_chart_input_init (&chart, series);
  chart.from = (LcMinute) range.start * LC_MINUTES_PER_DAY;
  chart.to = (LcMinute) (range.end + 1) * LC_MINUTES_PER_DAY;
  chart.width = options->width;
  chart.height = options->height;
  chart.scale = options->scale;
  chart.events = (const LcEvent *) events->data;
  chart.n_events = events->len;
  chart.title = _("Concurrent viewers");
  chart.subtitle = subtitle;

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      if (charts[i].path != NULL
          && !lc_export_chart_file (&chart, charts[i].format, charts[i].path, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_options (const CliOptions  *options,
               GError           **error)
{
  if (options->start_text == NULL || options->end_text == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Both --start and --end are required, as YYYY-MM-DD."));
      return FALSE;
    }
  if (options->timeout_seconds < 1 || options->timeout_seconds > 600)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--timeout takes a number of seconds from 1 to 600."));
      return FALSE;
    }
  if (options->width < 16 || options->width > 16384
      || options->height < 16 || options->height > 16384)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--width and --height take a size from 16 to 16384 pixels."));
      return FALSE;
    }
  if (options->no_cache && options->refresh)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--no-cache and --refresh cannot be used together."));
      return FALSE;
    }
  if (options->scale < 1 || options->scale > 3)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--scale takes 1, 2 or 3."));
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto (CliOptions) options = {
    .width = 1600,
    .height = 900,
    .scale = 1,
    .timeout_seconds = LC_DEFAULT_REQUEST_TIMEOUT,
  };
  const GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &options.start_text,
      N_("First day of the range, on the platform's calendar (UTC+8)"), N_("YYYY-MM-DD") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &options.end_text,
      N_("Last day of the range, inclusive; today at the latest"), N_("YYYY-MM-DD") },
    { "app-id", 0, 0, G_OPTION_ARG_STRING, &options.app_id,
      N_("The App ID from POLYV's API settings (default: $POLYV_APP_ID)"), N_("ID") },
    { "secret-file", 0, 0, G_OPTION_ARG_FILENAME, &options.secret_file,
      N_("Read the App Secret from this file (default: $POLYV_APP_SECRET)"), N_("FILE") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &options.base_url,
      N_("Where the API lives (default: https://api.polyv.net)"), N_("URL") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &options.csv_path,
      N_("Write every minute with viewers as CSV; - for standard output"), N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &options.png_path,
      N_("Draw the chart into a PNG image"), N_("FILE") },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &options.svg_path,
      N_("Draw the chart into an SVG image"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &options.pdf_path,
      N_("Draw the chart into a one-page PDF"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &options.width,
      N_("Chart width in pixels (default: 1600)"), N_("PIXELS") },
    { "height", 0, 0, G_OPTION_ARG_INT, &options.height,
      N_("Chart height in pixels (default: 900)"), N_("PIXELS") },
    { "scale", 0, 0, G_OPTION_ARG_INT, &options.scale,
      N_("Pixel density of the PNG: 1, 2 or 3 (default: 1)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout_seconds,
      N_("Give up on a request after this many seconds (default: 30)"), N_("SECONDS") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &options.no_cache,
      N_("Neither read nor save the history of fetched days"), NULL },
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &options.refresh,
      N_("Fetch every day again, replacing the saved history"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options.quiet,
      N_("Print nothing but errors and the CSV"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LcClient) client = NULL;
  g_autoptr (LcCache) cache = NULL;
  g_autoptr (LcHistory) history = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *description = NULL;
  FetchState state = { 0 };
  const char *app_id;
  const char *base_url;
  LcRange range;
  LcDay today;

  /* Standard output may be the CSV: debug messages must never end up in it. */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Step 1: read the command line. */
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Fetch how many viewers watched a POLYV account's live streams "
                                  "at the same time, minute by minute."));
  description = g_strdup_printf ("%s\n\n  %s\n  %s\n  %s\n\n%s",
                                 _("Examples:"),
                                 "POLYV_APP_ID=abc123 POLYV_APP_SECRET=… live-concurrency-cli "
                                 "--start 2024-05-01 --end 2024-05-31",
                                 "live-concurrency-cli --app-id abc123 --secret-file ~/.polyv "
                                 "--start 2024-01-01 --end 2024-12-31 --csv year.csv",
                                 "live-concurrency-cli --start 2024-05-20 --end 2024-05-20 "
                                 "--png may20.png --width 1920 --height 1080 --scale 2",
                                 _("Days and minutes are China Standard Time (UTC+8), as POLYV "
                                   "reports them. Exit status: 0 on success, 1 when the API or "
                                   "the network failed, 2 when the command was wrong."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error) || !check_options (&options, &error))
    {
      print_error (error->message, NULL);
      return EXIT_BAD_USAGE;
    }

  /* Step 2: the credentials, from the environment or a file, never from argv. */
  app_id = options.app_id != NULL ? options.app_id : g_getenv ("POLYV_APP_ID");
  if (options.secret_file != NULL)
    {
      secret = read_secret_file (options.secret_file, &error);
      if (secret == NULL)
        {
          print_error (_("Could not read the secret file."), error->message);
          return EXIT_BAD_USAGE;
        }
    }
  else
    secret = g_strdup (g_getenv ("POLYV_APP_SECRET"));

  if (app_id == NULL || app_id[0] == '\0' || secret == NULL || secret[0] == '\0')
    {
      print_error (_("Give the App ID with --app-id or POLYV_APP_ID, and the App Secret with "
                     "--secret-file or POLYV_APP_SECRET."), NULL);
      return EXIT_BAD_USAGE;
    }

  /* Step 3: refuse a bad range before anything is sent. */
  today = lc_day_today (g_get_real_time () / 1000);
  if (!lc_range_parse (options.start_text, options.end_text, today, &range, &error))
    {
      print_error (error->message, lc_error_get_server_message (error));
      return EXIT_BAD_USAGE;
    }

  base_url = options.base_url != NULL ? options.base_url : LC_DEFAULT_BASE_URL;
  client = lc_client_new (base_url, app_id, secret, &error);
  if (client == NULL)
    {
      print_error (error->message, lc_error_get_server_message (error));
      return EXIT_BAD_USAGE;
    }
  lc_client_set_timeouts (client, MIN (options.timeout_seconds, LC_DEFAULT_CONNECT_TIMEOUT),
                          options.timeout_seconds);

  /* Step 4: fetch what the history lacks, with progress on a terminal only, so that logs
   * stay clean. */
  cache = open_cache (&options);
  history = lc_history_new (client, cache);
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.show_progress = !options.quiet && isatty (STDERR_FILENO);
  lc_history_query_async (history, range,
                          options.refresh ? LC_HISTORY_QUERY_REFRESH : LC_HISTORY_QUERY_NONE,
                          NULL, cache_read, fetch_progressed, &state, query_finished_cb, &state);
  g_main_loop_run (loop);

  if (state.series == NULL)
    {
      g_autofree char *detail = describe_error_detail (state.error);

      print_error (state.error->message, detail);
      g_clear_error (&state.error);
      return EXIT_API_FAILED;
    }

  /* Step 5: write what was asked for; a failure here leaves no half-written file behind. */
  if (!write_outputs (&options, state.series, range, app_id, &error))
    {
      print_error (_("Could not write the output."), error->message);
      lc_series_unref (state.series);
      return EXIT_API_FAILED;
    }

  if (options.csv_path == NULL && !options.quiet)
    print_summary (state.series, range, state.n_cached_days);

  lc_series_unref (state.series);

  return EXIT_SUCCESS;
}
