/* lc-app-logic.h: the desktop app's decisions, as pure functions
 *
 * What the window shows is decided here, away from any widget: which range a preset such as
 * "Last 7 days" covers on the platform's calendar, how a range, a duration, a summary or an error
 * reads, which page (welcome, loading, empty, error or result) fits the window's state, and how
 * saved history that lacks some days is explained and weighed against what is on screen. None
 * of this needs a display, so the unit tests cover it directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lc-date.h"
#include "lc-series.h"

G_BEGIN_DECLS

typedef enum
{
  LC_PRESET_TODAY,
  LC_PRESET_YESTERDAY,
  LC_PRESET_LAST_7_DAYS,
  LC_PRESET_LAST_30_DAYS,
  LC_PRESET_THIS_MONTH,
  LC_PRESET_LAST_MONTH,
  LC_PRESET_LAST_3_MONTHS,
  LC_PRESET_LAST_12_MONTHS,
  LC_N_PRESETS
} LcPreset;

/* The pages of the window's content, from first run to a shown result. */
typedef enum
{
  LC_VIEW_WELCOME, /* no credentials yet: offer to set them up or to try the demo */
  LC_VIEW_IDLE,    /* ready, but nothing asked yet (or the first query was cancelled) */
  LC_VIEW_LOADING, /* a first query runs and there is nothing to show meanwhile */
  LC_VIEW_ERROR,   /* the last query failed and there is no earlier result to keep */
  LC_VIEW_EMPTY,   /* the range had no viewers at all */
  LC_VIEW_RESULT,
} LcView;

typedef struct
{
  gboolean has_credentials; /* always true in demo mode */
  gboolean is_running;
  gboolean has_result;
  gboolean result_is_empty;
  gboolean has_error;
} LcViewState;

/* Every field is a translated, ready-to-show string. */
typedef struct
{
  char *peak;           /* "1,234" */
  char *peak_when;      /* "3 May 2024, 20:15" */
  char *average;        /* "88", in whole viewers */
  char *viewer_minutes; /* "45,120" */
  char *active_time;    /* "12 h 05 min" */
  char *events;         /* "9" */
} LcSummaryText;

LcRange      lc_preset_get_range        (LcPreset              preset,
                                         LcDay                 today);
const char  *lc_preset_get_label        (LcPreset              preset);
const char  *lc_preset_get_id           (LcPreset              preset);
gboolean     lc_preset_from_id          (const char           *id,
                                         LcPreset             *out_preset);

char        *lc_format_day              (LcDay                 day);
char        *lc_format_range_label      (LcRange               range);
char        *lc_format_minute           (LcMinute              minute);
char        *lc_format_time_of_day      (LcMinute              minute);
char        *lc_format_duration         (guint                 minutes);
char        *lc_format_count            (guint64               count);
char        *lc_format_average_viewers  (double                average);
char        *lc_format_event_span       (const LcEvent        *event);
char        *lc_format_progress         (guint                 chunks_done,
                                         guint                 chunks_total);
char        *lc_format_clock_offset     (gint64                offset_ms);

void         lc_summary_text_init       (LcSummaryText        *text,
                                         const LcSeriesStats  *stats,
                                         guint                 n_events);
void         lc_summary_text_clear      (LcSummaryText        *text);

char        *lc_describe_query_error    (const GError         *error);

guint        lc_ranges_count_days       (const GArray         *ranges);
char        *lc_format_missing_days     (const GArray         *missing_ranges);
char        *lc_format_saved_data_notice (const GArray        *missing_ranges,
                                          const GError        *reason);
char        *lc_format_cache_size       (guint                 n_days,
                                         guint64               file_bytes);
gboolean     lc_partial_is_better       (guint                 n_range_days,
                                         guint                 partial_missing_days,
                                         gboolean              shows_same_range,
                                         guint                 shown_missing_days);

LcView       lc_view_for_state          (const LcViewState    *state);

G_END_DECLS
