/* lc-chart.c: draws the concurrent-viewers chart with Cairo and Pango
 *
 * The drawing has three parts. The min/max pyramid turns "the lowest and highest viewers in
 * this stretch of points" into a logarithmic-time question. The layout picks the plot area,
 * the rounded steps of the viewers axis and the calendar steps of the time axis. The data path
 * then asks the pyramid once per device-pixel column for the first, lowest, highest and last
 * value (the M4 reduction), which draws the same pixels as one vertex per point would, at a
 * cost bounded by the width of the chart.
 *
 * Into an image (the widget's texture, PNG files), the line and the area are then painted
 * straight into the image's memory, column by column, because Cairo's general rasterizer takes
 * hundreds of milliseconds over the thousands of overlapping vertical strokes of a dense year.
 * Into SVG and PDF, the same vertices become an ordinary Cairo path.
 *
 * Time is only ever handled as LcMinute arithmetic on the platform's clock: no label goes
 * through the local time zone of the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "lc-chart.h"

/* The pyramid's finest level summarises this many points; shorter stretches are scanned. */
#define PYRAMID_BASE_SHIFT 4
#define PYRAMID_BASE_BLOCK (1u << PYRAMID_BASE_SHIFT)
#define PYRAMID_MAX_LEVELS 32

/* Below this many minutes per device pixel every minute gets its own vertex. */
#define RAW_MINUTES_PER_PIXEL 2.0

/* Room left above the peak, as a fraction of it, so the peak's label fits inside the plot. */
#define PEAK_HEADROOM 1.15

#define FONT_FAMILY "Cantarell, DejaVu Sans, Sans"

typedef struct
{
  guint32 *min;
  guint32 *max;
  guint    length;
} PyramidLevel;

struct _LcChartPyramid
{
  LcSeries       *series;
  const LcMinute *minutes;
  const guint32  *viewers;
  guint           n_points;

  PyramidLevel    levels[PYRAMID_MAX_LEVELS];
  guint           n_levels;
};

G_DEFINE_BOXED_TYPE (LcChartPyramid, lc_chart_pyramid, lc_chart_pyramid_ref,
                     lc_chart_pyramid_unref)

/* The index of the first point at or after minute, searched within [low, high). */
static guint
lower_bound (const LcMinute *minutes,
             guint           low,
             guint           high,
             gint64          minute)
{
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if ((gint64) minutes[middle] < minute)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* The same, for a minute expected a little after low: the search first doubles its step from
 * low, so that walking a window column by column stays within the cache lines just read. */
static guint
lower_bound_near (const LcMinute *minutes,
                  guint           low,
                  guint           high,
                  gint64          minute)
{
  guint step = 1;

  while (low < high && (gint64) minutes[low] < minute)
    {
      guint probe = (guint) MIN ((gsize) low + step, (gsize) high);

      if (probe == high || (gint64) minutes[probe] >= minute)
        return lower_bound (minutes, low + 1, probe, minute);
      low = probe;
      step *= 2;
    }

  return low;
}

static void
lc_chart_pyramid_free (LcChartPyramid *self)
{
  for (guint level = 0; level < self->n_levels; level++)
    {
      g_free (self->levels[level].min);
      g_free (self->levels[level].max);
    }
  lc_series_unref (self->series);
}

/**
 * lc_chart_pyramid_new:
 * @series: a normalized series, not changed from now on
 *
 * Builds the min/max pyramid of @series: level k holds the lowest and highest viewers of each
 * aligned block of 16 << k points. It costs one pass over the points and about one byte per
 * point, and is safe to build in a worker thread and to share between threads afterwards.
 */
LcChartPyramid *
lc_chart_pyramid_new (LcSeries *series)
{
  LcChartPyramid *self;
  guint           block_count;

  g_return_val_if_fail (series != NULL, NULL);

  self = g_atomic_rc_box_new0 (LcChartPyramid);
  self->series = lc_series_ref (series);
  self->minutes = lc_series_get_minutes (series);
  self->viewers = lc_series_get_viewers (series);
  self->n_points = lc_series_get_length (series);

  /* The finest level reads the points themselves. */
  block_count = self->n_points / PYRAMID_BASE_BLOCK;
  if (block_count > 0)
    {
      PyramidLevel *base = &self->levels[0];

      base->length = block_count;
      base->min = g_new (guint32, block_count);
      base->max = g_new (guint32, block_count);
      for (guint block = 0; block < block_count; block++)
        {
          const guint32 *viewers = self->viewers + (gsize) block * PYRAMID_BASE_BLOCK;
          guint32        low = viewers[0];
          guint32        high = viewers[0];

          for (guint k = 1; k < PYRAMID_BASE_BLOCK; k++)
            {
              low = MIN (low, viewers[k]);
              high = MAX (high, viewers[k]);
            }
          base->min[block] = low;
          base->max[block] = high;
        }
      self->n_levels = 1;
    }

  /* Each coarser level pairs up the blocks of the one below; a lone last block is dropped,
   * since the query falls back to the finer level for it. */
  while (self->n_levels > 0 && self->n_levels < PYRAMID_MAX_LEVELS
         && self->levels[self->n_levels - 1].length >= 2)
    {
      const PyramidLevel *finer = &self->levels[self->n_levels - 1];
      PyramidLevel       *coarser = &self->levels[self->n_levels];

      coarser->length = finer->length / 2;
      coarser->min = g_new (guint32, coarser->length);
      coarser->max = g_new (guint32, coarser->length);
      for (guint block = 0; block < coarser->length; block++)
        {
          coarser->min[block] = MIN (finer->min[2 * block], finer->min[2 * block + 1]);
          coarser->max[block] = MAX (finer->max[2 * block], finer->max[2 * block + 1]);
        }
      self->n_levels++;
    }

  return self;
}

LcChartPyramid *
lc_chart_pyramid_ref (LcChartPyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
lc_chart_pyramid_unref (LcChartPyramid *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) lc_chart_pyramid_free);
}

LcSeries *
lc_chart_pyramid_get_series (LcChartPyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->series;
}

/* The largest aligned block that starts at point index and ends at or before end, as a level,
 * or -1 when only single points fit. */
static inline int
lowest_set_bit (guint value)
{
#if defined(__GNUC__)
  return __builtin_ctz (value);
#else
  return (int) g_bit_nth_lsf (value, -1);
#endif
}

static int
pyramid_block_level_at (const LcChartPyramid *self,
                        guint                 index,
                        guint                 end)
{
  /* The block must be aligned at index (its size divides index) and must fit before end. */
  int alignment = index == 0 ? 31 : lowest_set_bit (index);
  int fit = (int) g_bit_storage (end - index) - 1;
  int level = MIN (alignment, fit) - PYRAMID_BASE_SHIFT;

  return MIN (level, (int) self->n_levels - 1);
}

/* The lowest and highest viewers among the points with indices [start, end), which must not be
 * empty. */
static void
pyramid_index_range (const LcChartPyramid *self,
                     guint                 start,
                     guint                 end,
                     guint32              *out_min,
                     guint32              *out_max)
{
  guint32 low = G_MAXUINT32;
  guint32 high = 0;
  guint   index = start;

  g_assert (start < end && end <= self->n_points);

  while (index < end)
    {
      int level = pyramid_block_level_at (self, index, end);

      if (level < 0)
        {
          low = MIN (low, self->viewers[index]);
          high = MAX (high, self->viewers[index]);
          index++;
        }
      else
        {
          guint shift = PYRAMID_BASE_SHIFT + level;
          guint block = index >> shift;

          low = MIN (low, self->levels[level].min[block]);
          high = MAX (high, self->levels[level].max[block]);
          index += 1u << shift;
        }
    }

  *out_min = low;
  *out_max = high;
}

/* The index of the earliest point in [start, end) that holds peak, the known maximum there. */
static guint
pyramid_index_of_peak (const LcChartPyramid *self,
                       guint                 start,
                       guint                 end,
                       guint32               peak)
{
  guint index = start;

  while (index < end)
    {
      int level = pyramid_block_level_at (self, index, end);

      if (level < 0)
        {
          if (self->viewers[index] == peak)
            return index;
          index++;
          continue;
        }

      if (self->levels[level].max[index >> (PYRAMID_BASE_SHIFT + level)] == peak)
        {
          /* Walk down into the block, always taking the first half that holds the peak. */
          guint block = index >> (PYRAMID_BASE_SHIFT + level);

          for (int finer = level - 1; finer >= 0; finer--)
            {
              block *= 2;
              if (self->levels[finer].max[block] != peak)
                block++;
            }
          for (guint point = block << PYRAMID_BASE_SHIFT;; point++)
            {
              if (self->viewers[point] == peak)
                return point;
            }
        }
      index += 1u << (PYRAMID_BASE_SHIFT + level);
    }

  g_assert_not_reached ();
  return start;
}

/**
 * lc_chart_pyramid_get_range:
 *
 * The lowest and highest viewers over the minutes [from, to), counting a minute missing from
 * the series as zero viewers: the lowest is zero unless every minute of the range is present.
 */
void
lc_chart_pyramid_get_range (LcChartPyramid *self,
                            LcMinute        from,
                            LcMinute        to,
                            guint32        *out_min,
                            guint32        *out_max)
{
  guint   start;
  guint   end;
  guint32 low = 0;
  guint32 high = 0;

  g_return_if_fail (self != NULL);

  start = lower_bound (self->minutes, 0, self->n_points, from);
  end = lower_bound (self->minutes, start, self->n_points, to);
  if (to > from && end > start)
    {
      pyramid_index_range (self, start, end, &low, &high);
      if ((gint64) (end - start) < (gint64) to - from)
        low = 0;
    }

  if (out_min != NULL)
    *out_min = low;
  if (out_max != NULL)
    *out_max = high;
}

/**
 * lc_chart_pyramid_find_peak:
 *
 * Finds the earliest minute in [from, to) with the most viewers. Returns FALSE when nobody
 * watched during the range.
 */
gboolean
lc_chart_pyramid_find_peak (LcChartPyramid *self,
                            LcMinute        from,
                            LcMinute        to,
                            LcMinute       *out_minute,
                            guint32        *out_viewers)
{
  guint   start;
  guint   end;
  guint32 low;
  guint32 high;
  guint   index;

  g_return_val_if_fail (self != NULL, FALSE);

  start = lower_bound (self->minutes, 0, self->n_points, from);
  end = lower_bound (self->minutes, start, self->n_points, to);
  if (to <= from || end <= start)
    return FALSE;

  pyramid_index_range (self, start, end, &low, &high);
  if (high == 0)
    return FALSE;

  index = pyramid_index_of_peak (self, start, end, high);
  if (out_minute != NULL)
    *out_minute = self->minutes[index];
  if (out_viewers != NULL)
    *out_viewers = high;

  return TRUE;
}

/* Formatting ------------------------------------------------------------------------------ */

/* Formats a day with a strftime-style pattern through GDate, which knows nothing of time
 * zones, so the machine's own zone can never shift the label. */
static char *
format_day (LcDay       day,
            const char *pattern)
{
  GDate date;
  int   year;
  int   month;
  int   day_of_month;
  char  buffer[128];

  lc_day_to_ymd (day, &year, &month, &day_of_month);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day_of_month, month, year);
  if (!g_date_valid (&date) || g_date_strftime (buffer, sizeof buffer, pattern, &date) == 0)
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day_of_month);

  return g_strdup (buffer);
}

/* The three ways the time axis writes a day, each one translatable string so that a language
 * can put the year, month and day in its own order and with its own words. */
static char *
format_axis_day (LcDay day)
{
  /* TRANSLATORS: a strftime pattern for a day on the chart's time axis, "Mar 5"; "%-d" is the
   * day of the month without padding. Keep it short: the axis has little room. */
  /* xgettext:no-c-format */
  return format_day (day, _("%b %-d"));
}

static char *
format_axis_month (LcDay day)
{
  /* TRANSLATORS: a strftime pattern for a month on the chart's time axis, "Mar". */
  /* xgettext:no-c-format */
  return format_day (day, _("%b"));
}

static char *
format_axis_year (LcDay day)
{
  /* TRANSLATORS: a strftime pattern for a year on the chart's time axis, "2024". */
  /* xgettext:no-c-format */
  return format_day (day, _("%Y"));
}

static char *
format_time_of_day (LcMinute minute)
{
  char buffer[6];

  lc_minute_format_into (minute, buffer);

  return g_strdup (buffer);
}

/**
 * lc_chart_format_viewers:
 *
 * A viewer count with the locale's thousands separator, as the chart's labels show it.
 */
char *
lc_chart_format_viewers (guint32 viewers)
{
  return g_strdup_printf ("%'" G_GUINT32_FORMAT, viewers);
}

/**
 * lc_chart_format_minute:
 *
 * A minute as people read it, with the weekday, the date and the time on the platform's clock.
 */
char *
lc_chart_format_minute (LcMinute minute)
{
  /* TRANSLATORS: a strftime pattern for a date with its weekday, on the chart's tooltip and
   * peak label and in the command-line summary, for example "Tue, Mar 5, 2024"; "%-d" is the
   * day of the month without padding and "%a" the abbreviated weekday. */
  /* xgettext:no-c-format */
  g_autofree char *date = format_day (lc_minute_get_day (minute), _("%a, %b %-d, %Y"));
  g_autofree char *time = format_time_of_day (minute);

  /* TRANSLATORS: a date, then a time of day, such as "Tue, Mar 5, 2024 14:32". */
  return g_strdup_printf (C_("chart date and time", "%s %s"), date, time);
}

/**
 * lc_chart_describe:
 * @pyramid: (nullable): the pyramid of the series shown
 *
 * One or two sentences for assistive technologies: the time window and its peak.
 */
char *
lc_chart_describe (LcChartPyramid *pyramid,
                   LcMinute        from,
                   LcMinute        to)
{
  g_autofree char *from_text = lc_chart_format_minute (from);
  g_autofree char *to_text = lc_chart_format_minute (to > from ? to - 1 : from);
  LcMinute         peak_minute;
  guint32          peak_viewers;

  if (pyramid == NULL
      || !lc_chart_pyramid_find_peak (pyramid, from, to, &peak_minute, &peak_viewers))
    return g_strdup_printf (_("Concurrent viewers from %s to %s. Nobody was watching."),
                            from_text, to_text);

  {
    g_autofree char *peak_text = lc_chart_format_viewers (peak_viewers);
    g_autofree char *peak_time = lc_chart_format_minute (peak_minute);

    return g_strdup_printf (ngettext ("Concurrent viewers from %s to %s. "
                                      "Peak of %s viewer at %s.",
                                      "Concurrent viewers from %s to %s. "
                                      "Peak of %s viewers at %s.",
                                      peak_viewers),
                            from_text, to_text, peak_text, peak_time);
  }
}

/* Input ----------------------------------------------------------------------------------- */

/**
 * lc_chart_get_series_window:
 *
 * The window that shows all of @series: from its first active minute to just after its last,
 * widened to at least an hour so that a single minute is still readable. An empty series gets
 * the day 1970-01-01, which callers usually replace with the range they asked for.
 */
void
lc_chart_get_series_window (LcSeries *series,
                            LcMinute *out_from,
                            LcMinute *out_to)
{
  LcMinute from = 0;
  LcMinute to = LC_MINUTES_PER_DAY;
  guint    length = series != NULL ? lc_series_get_length (series) : 0;

  if (length > 0)
    {
      const LcMinute *minutes = lc_series_get_minutes (series);

      from = minutes[0];
      to = minutes[length - 1] + 1;
      if (to - from < 60)
        {
          LcMinute widen = 60 - (to - from);

          from -= widen / 2;
          to = from + 60;
        }
    }

  *out_from = from;
  *out_to = to;
}

/**
 * lc_chart_input_init:
 * @series: (nullable): the series to draw
 *
 * Fills @input with the defaults: the whole series, 1600 × 900 at scale 1, the light style,
 * no events and no title.
 */
void
lc_chart_input_init (LcChartInput *input,
                     LcSeries     *series)
{
  g_return_if_fail (input != NULL);

  memset (input, 0, sizeof *input);
  input->series = series;
  input->width = 1600;
  input->height = 900;
  input->scale = 1;
  input->style = LC_CHART_STYLE_LIGHT;
  lc_chart_get_series_window (series, &input->from, &input->to);
}

/* Colours --------------------------------------------------------------------------------- */

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} ChartColor;

typedef struct
{
  ChartColor background;
  ChartColor text;
  ChartColor dim_text;
  ChartColor grid;
  ChartColor baseline;
  ChartColor line;
  ChartColor fill;
  ChartColor event;
  ChartColor peak;
  ChartColor label_background;
} ChartPalette;

/* GNOME's palette: the accent blue on white, and a lighter blue that keeps its contrast on the
 * dark window background. */
static const ChartPalette light_palette = {
  .background = { 1.0, 1.0, 1.0, 1.0 },
  .text = { 0.0, 0.0, 0.0, 0.8 },
  .dim_text = { 0.0, 0.0, 0.0, 0.55 },
  .grid = { 0.0, 0.0, 0.0, 0.08 },
  .baseline = { 0.0, 0.0, 0.0, 0.35 },
  .line = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1.0 },
  .fill = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 0.22 },
  .event = { 0xf6 / 255.0, 0xd3 / 255.0, 0x2d / 255.0, 0.18 },
  .peak = { 0xc6 / 255.0, 0x46 / 255.0, 0x00 / 255.0, 1.0 },
  .label_background = { 1.0, 1.0, 1.0, 0.88 },
};

static const ChartPalette dark_palette = {
  .background = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1.0 },
  .text = { 1.0, 1.0, 1.0, 0.88 },
  .dim_text = { 1.0, 1.0, 1.0, 0.6 },
  .grid = { 1.0, 1.0, 1.0, 0.09 },
  .baseline = { 1.0, 1.0, 1.0, 0.4 },
  .line = { 0x78 / 255.0, 0xae / 255.0, 0xed / 255.0, 1.0 },
  .fill = { 0x78 / 255.0, 0xae / 255.0, 0xed / 255.0, 0.25 },
  .event = { 0xf8 / 255.0, 0xe4 / 255.0, 0x5c / 255.0, 0.1 },
  .peak = { 0xff / 255.0, 0xa3 / 255.0, 0x48 / 255.0, 1.0 },
  .label_background = { 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0, 0.9 },
};

static void
set_color (cairo_t          *cr,
           const ChartColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* Layout ---------------------------------------------------------------------------------- */

typedef enum
{
  TICK_MINUTES,
  TICK_DAYS,
  TICK_WEEKS,
  TICK_MONTHS,
  TICK_YEARS,
} TickUnit;

typedef struct
{
  TickUnit unit;
  int      count;
} TickStep;

/* The calendar steps of the time axis, finest first; the first whose labels fit is taken. */
static const TickStep tick_steps[] = {
  { TICK_MINUTES, 1 },  { TICK_MINUTES, 2 },   { TICK_MINUTES, 5 },   { TICK_MINUTES, 10 },
  { TICK_MINUTES, 15 }, { TICK_MINUTES, 30 },  { TICK_MINUTES, 60 },  { TICK_MINUTES, 120 },
  { TICK_MINUTES, 180 }, { TICK_MINUTES, 360 }, { TICK_MINUTES, 720 }, { TICK_DAYS, 1 },
  { TICK_DAYS, 2 },     { TICK_WEEKS, 1 },     { TICK_WEEKS, 2 },     { TICK_MONTHS, 1 },
  { TICK_MONTHS, 2 },   { TICK_MONTHS, 3 },    { TICK_MONTHS, 6 },    { TICK_YEARS, 1 },
  { TICK_YEARS, 2 },    { TICK_YEARS, 5 },     { TICK_YEARS, 10 },
};

/* Everything one frame needs, computed once before drawing. */
typedef struct
{
  const LcChartInput *input;
  const ChartPalette *palette;
  LcChartPyramid     *pyramid;
  PangoLayout        *text;
  LcChartLayout       layout;

  double              scale;
  guint               columns;          /* device-pixel columns across the plot */
  double              minutes_per_column;
  gint64              span;             /* to - from, in minutes */

  guint32             y_step;           /* between labelled rows of the viewers axis */
  const TickStep     *tick_step;
  double              line_height;
  double              title_height;
} ChartFrame;

static void
set_font (PangoLayout *text,
          double       pixel_size,
          PangoWeight  weight)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, pixel_size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (text, font);
  pango_font_description_free (font);
}

static void
measure_text (PangoLayout *text,
              const char  *content,
              double      *out_width,
              double      *out_height)
{
  int width;
  int height;

  pango_layout_set_text (text, content, -1);
  pango_layout_get_pixel_size (text, &width, &height);
  if (out_width != NULL)
    *out_width = width;
  if (out_height != NULL)
    *out_height = height;
}

/* The smallest 1, 2 or 5 × 10^k at or above raw_step, never below one viewer. */
static guint32
nice_step (double raw_step)
{
  double magnitude;

  if (raw_step <= 1)
    return 1;

  magnitude = pow (10, floor (log10 (raw_step)));
  if (raw_step <= magnitude)
    return (guint32) magnitude;
  if (raw_step <= 2 * magnitude)
    return (guint32) (2 * magnitude);
  if (raw_step <= 5 * magnitude)
    return (guint32) (5 * magnitude);

  return (guint32) MIN (10 * magnitude, (double) G_MAXUINT32 / 4);
}

static gint64
floor_div (gint64 numerator,
           gint64 denominator)
{
  gint64 quotient = numerator / denominator;

  if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0)))
    quotient--;

  return quotient;
}

static double
tick_step_minutes (const TickStep *step)
{
  switch (step->unit)
    {
    case TICK_MINUTES:
      return step->count;
    case TICK_DAYS:
      return step->count * (double) LC_MINUTES_PER_DAY;
    case TICK_WEEKS:
      return step->count * 7.0 * LC_MINUTES_PER_DAY;
    case TICK_MONTHS:
      return step->count * 30.44 * LC_MINUTES_PER_DAY;
    case TICK_YEARS:
    default:
      return step->count * 365.25 * LC_MINUTES_PER_DAY;
    }
}

/* A label as wide as any of the unit's, to space the ticks. */
static char *
widest_tick_label (TickUnit unit)
{
  LcDay late_september = 0;

  lc_day_from_ymd (2024, 9, 30, &late_september);
  switch (unit)
    {
    case TICK_MINUTES:
      return g_strdup ("00:00");
    case TICK_DAYS:
    case TICK_WEEKS:
      return format_axis_day (late_september);
    case TICK_MONTHS:
      return format_axis_month (late_september);
    case TICK_YEARS:
    default:
      return format_axis_year (late_september);
    }
}

static void
chart_frame_compute_layout (ChartFrame *frame)
{
  const LcChartInput *input = frame->input;
  LcChartLayout      *layout = &frame->layout;
  double              top = 12;
  double              bottom;
  double              left;
  double              right = 18;
  double              widest_label = 0;
  double              headroom;
  guint               rows;
  double              label_widths[TICK_YEARS + 1] = { -1, -1, -1, -1, -1 };

  /* The title block, only for exported files. */
  frame->title_height = 0;
  if (input->title != NULL && input->title[0] != '\0')
    {
      double height;

      set_font (frame->text, 17, PANGO_WEIGHT_BOLD);
      measure_text (frame->text, input->title, NULL, &height);
      frame->title_height += height + 2;
    }
  if (input->subtitle != NULL && input->subtitle[0] != '\0')
    {
      double height;

      set_font (frame->text, 13, PANGO_WEIGHT_NORMAL);
      measure_text (frame->text, input->subtitle, NULL, &height);
      frame->title_height += height;
    }
  if (frame->title_height > 0)
    top += frame->title_height + 14;

  set_font (frame->text, 12, PANGO_WEIGHT_NORMAL);
  measure_text (frame->text, "0123456789", NULL, &frame->line_height);
  bottom = 2 * frame->line_height + 14;

  layout->plot_y = top;
  layout->plot_height = MAX (1, input->height - top - bottom);

  /* The viewers axis: rounded steps about every 48 pixels, over the window's peak. */
  rows = MAX (2, (guint) (layout->plot_height / 48));
  headroom = layout->has_peak ? layout->peak_viewers * PEAK_HEADROOM : 10;
  frame->y_step = nice_step (headroom / rows);
  layout->y_max = (guint32) MIN ((double) G_MAXUINT32,
                                 ceil (headroom / frame->y_step) * frame->y_step);
  if (layout->y_max < frame->y_step)
    layout->y_max = frame->y_step;

  for (guint64 value = 0; value <= layout->y_max; value += frame->y_step)
    {
      g_autofree char *label = lc_chart_format_viewers ((guint32) value);
      double           width;

      measure_text (frame->text, label, &width, NULL);
      widest_label = MAX (widest_label, width);
    }
  left = 14 + widest_label + 10;

  layout->plot_x = left;
  layout->plot_width = MAX (1, input->width - left - right);

  /* The time axis: the finest calendar step whose labels do not crowd each other. */
  frame->tick_step = &tick_steps[G_N_ELEMENTS (tick_steps) - 1];
  for (guint k = 0; k < G_N_ELEMENTS (tick_steps); k++)
    {
      double spacing;

      /* Each unit's widest label is measured once, when its first step comes up. */
      if (label_widths[tick_steps[k].unit] < 0)
        {
          g_autofree char *widest = widest_tick_label (tick_steps[k].unit);

          measure_text (frame->text, widest, &label_widths[tick_steps[k].unit], NULL);
        }
      spacing = tick_step_minutes (&tick_steps[k]) / frame->span * layout->plot_width;
      if (spacing >= label_widths[tick_steps[k].unit] + 28)
        {
          frame->tick_step = &tick_steps[k];
          break;
        }
    }
}

double
lc_chart_layout_minute_to_x (const LcChartLayout *layout,
                             double               minute)
{
  double span = MAX (1, (double) layout->to - layout->from);

  return layout->plot_x + (minute - layout->from) / span * layout->plot_width;
}

double
lc_chart_layout_x_to_minute (const LcChartLayout *layout,
                             double               x)
{
  double span = MAX (1, (double) layout->to - layout->from);

  return layout->from + (x - layout->plot_x) / layout->plot_width * span;
}

double
lc_chart_layout_viewers_to_y (const LcChartLayout *layout,
                              double               viewers)
{
  double top = MAX (1, layout->y_max);

  return layout->plot_y + layout->plot_height - viewers / top * layout->plot_height;
}

/* Drawing --------------------------------------------------------------------------------- */

/* Shows what the layout holds now, its left edge at x: for text just measured, so that it is
 * not shaped a second time. */
static void
show_measured_text (ChartFrame       *frame,
                    cairo_t          *cr,
                    double            x,
                    double            y,
                    const ChartColor *color)
{
  set_color (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, frame->text);
}

static void
draw_text (ChartFrame       *frame,
           cairo_t          *cr,
           const char       *content,
           double            x,
           double            y,
           double            x_align,
           const ChartColor *color)
{
  double width;

  measure_text (frame->text, content, &width, NULL);
  set_color (cr, color);
  cairo_move_to (cr, x - x_align * width, y);
  pango_cairo_show_layout (cr, frame->text);
}

static void
draw_title (ChartFrame *frame,
            cairo_t    *cr)
{
  const LcChartInput *input = frame->input;
  double              y = 12;

  if (input->title != NULL && input->title[0] != '\0')
    {
      double height;

      set_font (frame->text, 17, PANGO_WEIGHT_BOLD);
      measure_text (frame->text, input->title, NULL, &height);
      draw_text (frame, cr, input->title, 14, y, 0, &frame->palette->text);
      y += height + 2;
    }
  if (input->subtitle != NULL && input->subtitle[0] != '\0')
    {
      set_font (frame->text, 13, PANGO_WEIGHT_NORMAL);
      draw_text (frame, cr, input->subtitle, 14, y, 0, &frame->palette->dim_text);
    }
}

static void
draw_events (ChartFrame *frame,
             cairo_t    *cr)
{
  const LcChartInput  *input = frame->input;
  const LcChartLayout *layout = &frame->layout;
  gboolean             any = FALSE;

  for (guint k = 0; k < input->n_events; k++)
    {
      const LcEvent *event = &input->events[k];
      double         start_x;
      double         end_x;

      if ((gint64) event->end + 1 <= layout->from || event->start >= layout->to)
        continue;

      start_x = MAX (layout->plot_x, lc_chart_layout_minute_to_x (layout, event->start));
      end_x = MIN (layout->plot_x + layout->plot_width,
                   lc_chart_layout_minute_to_x (layout, (double) event->end + 1));
      cairo_rectangle (cr, start_x, layout->plot_y, MAX (end_x - start_x, 1 / frame->scale),
                       layout->plot_height);
      any = TRUE;
    }

  if (any)
    {
      set_color (cr, &frame->palette->event);
      cairo_fill (cr);
    }
}

static void
draw_value_axis (ChartFrame *frame,
                 cairo_t    *cr)
{
  const LcChartLayout *layout = &frame->layout;
  double               pixel = 1 / frame->scale;

  set_font (frame->text, 12, PANGO_WEIGHT_NORMAL);
  for (guint64 value = frame->y_step; value <= layout->y_max; value += frame->y_step)
    {
      /* Grid lines sit on device pixels so they stay one crisp pixel wide. */
      double y = lc_chart_layout_viewers_to_y (layout, (double) value);

      y = (floor (y * frame->scale) + 0.5) / frame->scale;
      cairo_move_to (cr, layout->plot_x, y);
      cairo_rel_line_to (cr, layout->plot_width, 0);
    }
  set_color (cr, &frame->palette->grid);
  cairo_set_line_width (cr, pixel);
  cairo_stroke (cr);

  for (guint64 value = 0; value <= layout->y_max; value += frame->y_step)
    {
      g_autofree char *label = lc_chart_format_viewers ((guint32) value);
      double           y = lc_chart_layout_viewers_to_y (layout, (double) value);

      draw_text (frame, cr, label, layout->plot_x - 10, y - frame->line_height / 2, 1,
                 &frame->palette->dim_text);
    }
}

/* The first tick at or after the window's start, as a day for calendar steps or a minute. */
static gint64
first_tick (const ChartFrame *frame)
{
  const TickStep *step = frame->tick_step;
  LcMinute        from = frame->layout.from;
  gint64          first_day = floor_div ((gint64) from + LC_MINUTES_PER_DAY - 1,
                                         LC_MINUTES_PER_DAY);
  int             year;
  int             month;
  int             day;
  LcDay           result;

  switch (step->unit)
    {
    case TICK_MINUTES:
      /* Every minute step divides a day, so ticks land on round times of the platform's day. */
      return floor_div ((gint64) from + step->count - 1, step->count) * step->count;
    case TICK_DAYS:
      return floor_div (first_day + step->count - 1, step->count) * step->count;
    case TICK_WEEKS:
      /* Day 0, 1970-01-01, was a Thursday, so Mondays are the days 4 + 7k. */
      return first_day + ((4 - first_day) % 7 + 7) % 7;
    case TICK_MONTHS:
      lc_day_to_ymd ((LcDay) first_day, &year, &month, &day);
      if (day != 1)
        month++;
      while ((month - 1) % step->count != 0)
        month++;
      year += (month - 1) / 12;
      month = (month - 1) % 12 + 1;
      if (!lc_day_from_ymd (year, month, 1, &result))
        return G_MAXINT32;
      return result;
    case TICK_YEARS:
    default:
      lc_day_to_ymd ((LcDay) first_day, &year, &month, &day);
      if (month != 1 || day != 1)
        year++;
      while (year % step->count != 0)
        year++;
      if (!lc_day_from_ymd (year, 1, 1, &result))
        return G_MAXINT32;
      return result;
    }
}

static gint64
next_tick (const ChartFrame *frame,
           gint64            tick)
{
  const TickStep *step = frame->tick_step;
  LcDay           result;

  switch (step->unit)
    {
    case TICK_MINUTES:
    case TICK_DAYS:
      return tick + step->count;
    case TICK_WEEKS:
      return tick + 7 * step->count;
    case TICK_MONTHS:
      return lc_day_add_months ((LcDay) tick, step->count);
    case TICK_YEARS:
    default:
      {
        int year;
        int month;
        int day;

        lc_day_to_ymd ((LcDay) tick, &year, &month, &day);
        if (!lc_day_from_ymd (year + step->count, 1, 1, &result))
          return G_MAXINT32;
        return result;
      }
    }
}

static int
year_of_day (LcDay day)
{
  int year;
  int month;
  int day_of_month;

  lc_day_to_ymd (day, &year, &month, &day_of_month);

  return year;
}

static void
draw_time_axis (ChartFrame *frame,
                cairo_t    *cr)
{
  const LcChartLayout *layout = &frame->layout;
  const TickStep      *step = frame->tick_step;
  double               label_y = layout->plot_y + layout->plot_height + 6;
  double               context_y = label_y + frame->line_height + 1;
  double               context_right = -G_MAXDOUBLE;
  gint64               context_shown = G_MININT64;
  GArray              *tick_xs = g_array_new (FALSE, FALSE, sizeof (double));
  double               pixel = 1 / frame->scale;

  set_font (frame->text, 12, PANGO_WEIGHT_NORMAL);
  for (gint64 tick = first_tick (frame); tick < G_MAXINT32; tick = next_tick (frame, tick))
    {
      LcMinute         minute = step->unit == TICK_MINUTES ? (LcMinute) tick
                                                           : (LcMinute) (tick * LC_MINUTES_PER_DAY);
      LcDay            day = lc_minute_get_day (minute);
      g_autofree char *label = NULL;
      g_autofree char *context = NULL;
      gint64           context_key;
      double           x;
      double           width;

      if ((gint64) minute >= layout->to || tick_xs->len > 1000)
        break;

      x = lc_chart_layout_minute_to_x (layout, minute);
      x = (floor (x * frame->scale) + 0.5) / frame->scale;
      g_array_append_val (tick_xs, x);

      /* The tick's own label, then the wider context (the date under times of day, the year
       * under days and months) whenever that context changes. */
      switch (step->unit)
        {
        case TICK_MINUTES:
          label = format_time_of_day (minute);
          context = format_axis_day (day);
          context_key = day;
          break;
        case TICK_DAYS:
        case TICK_WEEKS:
          label = format_axis_day (day);
          context = format_axis_year (day);
          context_key = year_of_day (day);
          break;
        case TICK_MONTHS:
          label = format_axis_month (day);
          context = format_axis_year (day);
          context_key = year_of_day (day);
          break;
        case TICK_YEARS:
        default:
          label = format_axis_year (day);
          context_key = context_shown;
          break;
        }

      measure_text (frame->text, label, &width, NULL);
      x = CLAMP (x, width / 2, frame->input->width - width / 2);
      show_measured_text (frame, cr, x - width / 2, label_y, &frame->palette->dim_text);

      if (context != NULL && context_key != context_shown)
        {
          double context_width;
          double context_x;

          measure_text (frame->text, context, &context_width, NULL);
          context_x = CLAMP (x - context_width / 2, 0, frame->input->width - context_width);
          if (context_x > context_right + 12)
            {
              show_measured_text (frame, cr, context_x, context_y, &frame->palette->text);
              context_right = context_x + context_width;
              context_shown = context_key;
            }
        }
    }

  for (guint k = 0; k < tick_xs->len; k++)
    {
      cairo_move_to (cr, g_array_index (tick_xs, double, k), layout->plot_y);
      cairo_rel_line_to (cr, 0, layout->plot_height + 4);
    }
  set_color (cr, &frame->palette->grid);
  cairo_set_line_width (cr, pixel);
  cairo_stroke (cr);
  g_array_unref (tick_xs);

  /* The baseline, where zero viewers is. */
  cairo_move_to (cr, layout->plot_x, (floor ((layout->plot_y + layout->plot_height) * frame->scale)
                                      + 0.5) / frame->scale);
  cairo_rel_line_to (cr, layout->plot_width, 0);
  set_color (cr, &frame->palette->baseline);
  cairo_stroke (cr);
}

/* What the line covers in each device-pixel column of an image: the highest and lowest point
 * of the line within the column, in device pixels (so top <= bottom). */
typedef struct
{
  double  scale_x;            /* user space to device space, axis aligned */
  double  scale_y;
  double  offset_x;
  double  offset_y;
  int     first_column;       /* the device x of column 0 */
  guint   n_columns;
  float  *top;
  float  *bottom;
} ColumnSpans;

/* floor() for the per-column arithmetic, where a library call per use shows in a frame. */
static inline int
floor_to_int (double value)
{
  int truncated = (int) value;

  return truncated - (value < truncated);
}

/* Builds the line vertex by vertex, dropping repeats, and remembers its ends so the area
 * under it can be closed along the baseline. The vertices become a cairo path, or, when
 * drawing into an image, the span each segment covers in each pixel column. */
typedef struct
{
  cairo_t     *cr;
  ColumnSpans *spans;
  gboolean     started;
  double       first_x;
  double       last_x;
  double       last_y;
} PathBuilder;

static inline void
column_spans_cover (ColumnSpans *spans,
                    int          column,
                    double       y_start,
                    double       y_end)
{
  guint index = (guint) (column - spans->first_column);

  spans->top[index] = MIN (spans->top[index], (float) MIN (y_start, y_end));
  spans->bottom[index] = MAX (spans->bottom[index], (float) MAX (y_start, y_end));
}

/* Records the straight segment between two user-space points in every column it crosses. */
static void
column_spans_add_segment (ColumnSpans *spans,
                          double       x0,
                          double       y0,
                          double       x1,
                          double       y1)
{
  double device_x0 = x0 * spans->scale_x + spans->offset_x;
  double device_y0 = y0 * spans->scale_y + spans->offset_y;
  double device_x1 = x1 * spans->scale_x + spans->offset_x;
  double device_y1 = y1 * spans->scale_y + spans->offset_y;
  int    last_column = spans->first_column + (int) spans->n_columns - 1;
  int    column_start;
  int    column_end;

  if (device_x1 < device_x0)
    {
      double swap_x = device_x0;
      double swap_y = device_y0;

      device_x0 = device_x1;
      device_y0 = device_y1;
      device_x1 = swap_x;
      device_y1 = swap_y;
    }

  column_start = MAX (floor_to_int (device_x0), spans->first_column);
  column_end = MIN (floor_to_int (device_x1), last_column);
  if (device_x1 == device_x0)
    {
      if (column_start <= column_end)
        column_spans_cover (spans, column_start, device_y0, device_y1);
      return;
    }

  for (int column = column_start; column <= column_end; column++)
    {
      double slope = (device_y1 - device_y0) / (device_x1 - device_x0);
      double enter = MAX (device_x0, column);
      double leave = MIN (device_x1, column + 1.0);

      column_spans_cover (spans, column, device_y0 + (enter - device_x0) * slope,
                          device_y0 + (leave - device_x0) * slope);
    }
}

static inline void
path_add (PathBuilder *path,
          double       x,
          double       y)
{
  if (!path->started)
    {
      if (path->spans == NULL)
        cairo_move_to (path->cr, x, y);
      path->started = TRUE;
      path->first_x = x;
    }
  else if (x == path->last_x && y == path->last_y)
    {
      return;
    }
  else if (path->spans != NULL)
    {
      column_spans_add_segment (path->spans, path->last_x, path->last_y, x, y);
    }
  else
    {
      cairo_line_to (path->cr, x, y);
    }

  path->last_x = x;
  path->last_y = y;
}

/* Zoomed in far enough that every minute of the window, present or not, gets a vertex. */
static void
build_path_by_minute (ChartFrame  *frame,
                      PathBuilder *path)
{
  const LcChartLayout *layout = &frame->layout;
  LcSeries            *series = frame->input->series;
  const LcMinute      *minutes = lc_series_get_minutes (series);
  const guint32       *viewers = lc_series_get_viewers (series);
  guint                n_points = lc_series_get_length (series);
  guint                index = lower_bound (minutes, 0, n_points, (gint64) layout->from - 1);

  /* One minute beyond each edge keeps the line continuous; the plot clip trims it. */
  for (gint64 minute = (gint64) layout->from - 1; minute <= layout->to; minute++)
    {
      guint32 value = 0;

      if (index < n_points && minutes[index] == minute)
        value = viewers[index++];
      path_add (path, lc_chart_layout_minute_to_x (layout, minute + 0.5),
                lc_chart_layout_viewers_to_y (layout, value));
    }
}

/* The slow reference: a vertex for every point, and two at the edges of every gap. */
static void
build_path_every_point (ChartFrame  *frame,
                        PathBuilder *path)
{
  const LcChartLayout *layout = &frame->layout;
  LcSeries            *series = frame->input->series;
  const LcMinute      *minutes = lc_series_get_minutes (series);
  const guint32       *viewers = lc_series_get_viewers (series);
  guint                n_points = lc_series_get_length (series);
  guint                index = lower_bound (minutes, 0, n_points, (gint64) layout->from - 1);
  guint                end = lower_bound (minutes, index, n_points, (gint64) layout->to + 1);
  gint64               cursor = (gint64) layout->from - 1;
  double               base_y = lc_chart_layout_viewers_to_y (layout, 0);

  if (index < end && minutes[index] == cursor)
    path_add (path, lc_chart_layout_minute_to_x (layout, cursor + 0.5),
              lc_chart_layout_viewers_to_y (layout, viewers[index++]));
  else
    path_add (path, lc_chart_layout_minute_to_x (layout, cursor + 0.5), base_y);

  for (; index < end; index++)
    {
      gint64 minute = minutes[index];

      if (minute > cursor + 1)
        {
          path_add (path, lc_chart_layout_minute_to_x (layout, cursor + 1.5), base_y);
          path_add (path, lc_chart_layout_minute_to_x (layout, minute - 0.5), base_y);
        }
      path_add (path, lc_chart_layout_minute_to_x (layout, minute + 0.5),
                lc_chart_layout_viewers_to_y (layout, viewers[index]));
      cursor = minute;
    }

  if (cursor < layout->to)
    {
      path_add (path, lc_chart_layout_minute_to_x (layout, cursor + 1.5), base_y);
      path_add (path, lc_chart_layout_minute_to_x (layout, (double) layout->to + 0.5), base_y);
    }
}

/* The first minute of device-pixel column c. */
static inline gint64
column_start (const ChartFrame *frame,
              guint             column)
{
  if (column >= frame->columns)
    return frame->layout.to;

  /* Truncation is floor here: the product is never negative. */
  return frame->layout.from + (gint64) (column * frame->minutes_per_column);
}

static double
column_center_x (const ChartFrame *frame,
                 guint             column)
{
  return frame->layout.plot_x + (column + 0.5) * frame->layout.plot_width / frame->columns;
}

/* Zoomed out: per device-pixel column, the value at its first minute, its lowest, its highest
 * and the value at its last minute, all on the column's centre. That draws what one vertex per
 * point would, with four vertices a column at most. */
static void
build_path_by_column (ChartFrame  *frame,
                      PathBuilder *path)
{
  const LcChartLayout *layout = &frame->layout;
  LcChartPyramid      *pyramid = frame->pyramid;
  const LcMinute      *minutes = pyramid->minutes;
  const guint32       *viewers = pyramid->viewers;
  guint                n_points = pyramid->n_points;
  guint                start = lower_bound (minutes, 0, n_points, layout->from);

  for (guint column = 0; column < frame->columns; column++)
    {
      gint64  first_minute = column_start (frame, column);
      gint64  end_minute = column_start (frame, column + 1);
      guint   end = lower_bound_near (minutes, start, n_points, end_minute);
      double  x = column_center_x (frame, column);
      guint32 first = 0;
      guint32 last = 0;
      guint32 low = 0;
      guint32 high = 0;

      if (end > start)
        {
          if (minutes[start] == first_minute)
            first = viewers[start];
          if (minutes[end - 1] == end_minute - 1)
            last = viewers[end - 1];
          pyramid_index_range (pyramid, start, end, &low, &high);
          if ((gint64) (end - start) < end_minute - first_minute)
            low = 0;
        }

      path_add (path, x, lc_chart_layout_viewers_to_y (layout, first));
      path_add (path, x, lc_chart_layout_viewers_to_y (layout, low));
      path_add (path, x, lc_chart_layout_viewers_to_y (layout, high));
      path_add (path, x, lc_chart_layout_viewers_to_y (layout, last));
      start = end;
    }
}

static gboolean
frame_draws_by_minute (const ChartFrame *frame)
{
  return frame->minutes_per_column <= RAW_MINUTES_PER_PIXEL;
}

static void
build_path (ChartFrame  *frame,
            PathBuilder *path)
{
  if (frame->input->every_point)
    build_path_every_point (frame, path);
  else if (frame_draws_by_minute (frame))
    build_path_by_minute (frame, path);
  else
    build_path_by_column (frame, path);
}

/* Whether the series can be drawn by writing the pixels of the image behind cr directly: the
 * target must be a plain image in memory, drawn without rotation. */
static gboolean
can_draw_pixels (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_matrix_t   matrix;
  double           offset_x;
  double           offset_y;
  cairo_format_t   format;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;

  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;

  cairo_surface_get_device_offset (target, &offset_x, &offset_y);
  cairo_get_matrix (cr, &matrix);

  return offset_x == 0 && offset_y == 0 && matrix.xy == 0 && matrix.yx == 0 && matrix.xx > 0
         && matrix.yy > 0;
}

typedef struct
{
  guint32 red;                /* premultiplied by alpha, 0 to 255 */
  guint32 green;
  guint32 blue;
  guint32 alpha;
  guint32 packed;             /* the four channels as one ARGB32 pixel */
} PixelColor;

static PixelColor
pixel_color (const ChartColor *color,
             double            coverage)
{
  double     alpha = color->alpha * CLAMP (coverage, 0, 1);
  PixelColor pixel = {
    .red = (guint32) (color->red * alpha * 255 + 0.5),
    .green = (guint32) (color->green * alpha * 255 + 0.5),
    .blue = (guint32) (color->blue * alpha * 255 + 0.5),
    .alpha = (guint32) (alpha * 255 + 0.5),
  };

  pixel.packed = (pixel.alpha << 24) | (pixel.red << 16) | (pixel.green << 8) | pixel.blue;

  return pixel;
}

/* Paints color over one premultiplied ARGB32 pixel, two channels at a time. */
static inline void
blend_pixel (guint32          *pixel,
             const PixelColor *color)
{
  guint32 under = *pixel;
  guint32 keep = 255 - color->alpha;
  guint32 red_blue = (under & 0x00ff00ff) * keep + 0x00800080;
  guint32 alpha_green = ((under >> 8) & 0x00ff00ff) * keep + 0x00800080;

  red_blue = ((red_blue + ((red_blue >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  alpha_green = (alpha_green + ((alpha_green >> 8) & 0x00ff00ff)) & 0xff00ff00;

  /* Premultiplied colours never sum past 255 a channel, so the channels cannot carry. */
  *pixel = (red_blue | alpha_green) + color->packed;
}

/* How much of the pixel row [row, row + 1) the span [top, bottom] covers. */
static inline double
row_coverage (int    row,
              double top,
              double bottom)
{
  return MAX (0, MIN (bottom, row + 1.0) - MAX (top, (double) row));
}

/* The line's extra width reaches this many columns to each side at most (a scale of 5). */
#define MAX_LINE_REACH 4

/* What covers the rows of one pixel column: the area, the line's own span, and its halos, the
 * spans of the columns within 1, 2, … columns, which the line's width reaches into with partial
 * weight. As the line is continuous, each halo is one interval. */
typedef struct
{
  double fill_top;
  double base_y;
  double line_top;
  double line_bottom;
  double halo_top[MAX_LINE_REACH];
  double halo_bottom[MAX_LINE_REACH];
  double halo_weight[MAX_LINE_REACH];
  int    reach;
} ColumnCover;

static void
column_cover_row (const ColumnCover *cover,
                  int                row,
                  double            *out_fill,
                  double            *out_line)
{
  double line = row_coverage (row, cover->line_top, cover->line_bottom);

  for (int k = 0; k < cover->reach && line < 1; k++)
    line = MAX (line, cover->halo_weight[k]
                      * row_coverage (row, cover->halo_top[k], cover->halo_bottom[k]));

  *out_fill = MIN (1, row_coverage (row, cover->fill_top, cover->base_y));
  *out_line = MIN (1, line);
}

/* An insertion sort: a column has a dozen cuts at most, mostly in order already. */
static void
sort_rows (int   *rows,
           guint  n_rows)
{
  for (guint k = 1; k < n_rows; k++)
    {
      int   row = rows[k];
      guint slot = k;

      for (; slot > 0 && rows[slot - 1] > row; slot--)
        rows[slot] = rows[slot - 1];
      rows[slot] = row;
    }
}

/* Draws the area and the line column by column into the image's memory. Cairo's general
 * rasterizer spends most of a frame on the thousands of overlapping vertical segments of a
 * dense series, while here each pixel is blended once or twice. A column is cut at the rows
 * where something starts or ends; between the cuts the coverage is constant, so only the few
 * rows at the cuts work out their coverage. */
static void
draw_series_pixels (ChartFrame *frame,
                    cairo_t    *cr)
{
  const LcChartLayout *layout = &frame->layout;
  cairo_surface_t     *target = cairo_get_group_target (cr);
  int                  surface_width = cairo_image_surface_get_width (target);
  int                  surface_height = cairo_image_surface_get_height (target);
  int                  stride;
  int                  pixel_step;
  guchar              *pixels;
  PathBuilder          path = { .cr = cr };
  ColumnSpans          spans = { 0 };
  ColumnCover          cover = { 0 };
  cairo_matrix_t       matrix;
  double               clip_x0, clip_y0, clip_x1, clip_y1;
  double               half_line;
  double               bleed;
  int                  row_start;
  int                  row_end;
  int                  column_start;
  int                  column_end;
  PixelColor           fill_shades[256];
  PixelColor           line_shades[256];

  cairo_get_matrix (cr, &matrix);
  spans.scale_x = matrix.xx;
  spans.scale_y = matrix.yy;
  spans.offset_x = matrix.x0;
  spans.offset_y = matrix.y0;
  spans.first_column = (int) floor (layout->plot_x * matrix.xx + matrix.x0);
  spans.n_columns = (guint) MAX (1, (int) ceil ((layout->plot_x + layout->plot_width) * matrix.xx
                                                + matrix.x0) - spans.first_column);
  spans.top = g_new (float, spans.n_columns);
  spans.bottom = g_new (float, spans.n_columns);
  for (guint k = 0; k < spans.n_columns; k++)
    {
      spans.top[k] = G_MAXFLOAT;
      spans.bottom[k] = -G_MAXFLOAT;
    }

  path.spans = &spans;
  build_path (frame, &path);

  /* Only the plot, within the image and within whatever clip the caller set, is painted. */
  cairo_clip_extents (cr, &clip_x0, &clip_y0, &clip_x1, &clip_y1);
  cover.base_y = lc_chart_layout_viewers_to_y (layout, 0) * matrix.yy + matrix.y0;
  row_start = MAX (0, (int) floor (MAX (layout->plot_y, clip_y0) * matrix.yy + matrix.y0));
  row_end = MIN (surface_height, (int) ceil (MIN (cover.base_y, clip_y1 * matrix.yy + matrix.y0)));
  column_start = MAX (MAX (0, spans.first_column), (int) floor (clip_x0 * matrix.xx + matrix.x0));
  column_end = MIN (MIN (surface_width, spans.first_column + (int) spans.n_columns),
                    (int) ceil (clip_x1 * matrix.xx + matrix.x0));

  /* The line is 1.5 logical pixels wide: each column draws its own span, and the line's
   * extra width reaches into its neighbours. */
  half_line = 0.75 * matrix.yy;
  bleed = MAX (0, (1.5 * matrix.xx - 1) / 2);
  cover.reach = MIN (MAX_LINE_REACH, (int) ceil (bleed));
  for (int k = 0; k < cover.reach; k++)
    cover.halo_weight[k] = MIN (1, bleed - k);
  for (guint k = 0; k < 256; k++)
    {
      fill_shades[k] = pixel_color (&frame->palette->fill, k / 255.0);
      line_shades[k] = pixel_color (&frame->palette->line, k / 255.0);
    }

  cairo_surface_flush (target);
  pixels = cairo_image_surface_get_data (target);
  stride = cairo_image_surface_get_stride (target);
  pixel_step = stride / (int) sizeof (guint32);
  for (int column = column_start; column < column_end && row_start < row_end; column++)
    {
      guint index = (guint) (column - spans.first_column);
      int   cuts[4 + 2 * MAX_LINE_REACH];
      guint n_cuts = 0;
      int   first_row;
      int   row;

      if (spans.top[index] > spans.bottom[index])
        continue;

      cover.fill_top = spans.top[index];
      cover.line_top = spans.top[index] - half_line;
      cover.line_bottom = spans.bottom[index] + half_line;
      first_row = floor_to_int (cover.line_top);
      for (int k = 0; k < cover.reach; k++)
        {
          double top = k == 0 ? cover.line_top : cover.halo_top[k - 1];
          double bottom = k == 0 ? cover.line_bottom : cover.halo_bottom[k - 1];
          guint  left = index - (guint) (k + 1);
          guint  right = index + (guint) (k + 1);

          if (index >= (guint) (k + 1) && spans.top[left] <= spans.bottom[left])
            {
              top = MIN (top, spans.top[left] - half_line);
              bottom = MAX (bottom, spans.bottom[left] + half_line);
            }
          if (right < spans.n_columns && spans.top[right] <= spans.bottom[right])
            {
              top = MIN (top, spans.top[right] - half_line);
              bottom = MAX (bottom, spans.bottom[right] + half_line);
            }
          cover.halo_top[k] = top;
          cover.halo_bottom[k] = bottom;
          cuts[n_cuts++] = floor_to_int (top);
          cuts[n_cuts++] = floor_to_int (bottom);
          first_row = MIN (first_row, floor_to_int (top));
        }
      cuts[n_cuts++] = floor_to_int (cover.line_top);
      cuts[n_cuts++] = floor_to_int (cover.line_bottom);
      cuts[n_cuts++] = floor_to_int (cover.fill_top);
      cuts[n_cuts++] = floor_to_int (cover.base_y);
      sort_rows (cuts, n_cuts);

      row = MAX (row_start, first_row);
      for (guint cut = 0; row < row_end;)
        {
          int        band_end;
          double     fill;
          double     line;
          PixelColor fill_color;
          PixelColor line_color;
          guint32   *pixel;

          /* A cut row holds the fractional end of something and makes a band of its own. */
          while (cut < n_cuts && cuts[cut] < row)
            cut++;
          band_end = cut < n_cuts ? (cuts[cut] == row ? row + 1 : cuts[cut]) : row_end;
          band_end = MIN (band_end, row_end);

          column_cover_row (&cover, row, &fill, &line);
          fill_color = fill_shades[(int) (fill * 255 + 0.5)];
          line_color = line_shades[(int) (line * 255 + 0.5)];

          pixel = (guint32 *) (gpointer) (pixels + (gsize) row * stride) + column;
          if (line_color.alpha == 255)
            {
              /* Inside the line: its colour, whatever was under it. */
              for (; row < band_end; row++, pixel += pixel_step)
                *pixel = line_color.packed;
            }
          else if (line_color.alpha == 0 && fill_color.alpha == 0)
            {
              row = band_end;
            }
          else
            {
              /* Most of a band lies over one flat background, so the blend of the last pixel
               * is reused whenever the next one had the same colour. */
              guint32 under = 0;
              guint32 over = 0;

              for (gboolean known = FALSE; row < band_end; row++, pixel += pixel_step)
                {
                  if (known && *pixel == under)
                    {
                      *pixel = over;
                      continue;
                    }

                  under = *pixel;
                  if (fill_color.alpha > 0)
                    blend_pixel (pixel, &fill_color);
                  if (line_color.alpha > 0)
                    blend_pixel (pixel, &line_color);
                  over = *pixel;
                  known = TRUE;
                }
            }
        }
    }
  cairo_surface_mark_dirty (target);

  g_free (spans.top);
  g_free (spans.bottom);
}

static void
draw_series (ChartFrame *frame,
             cairo_t    *cr)
{
  const LcChartLayout *layout = &frame->layout;
  PathBuilder          path = { .cr = cr };
  cairo_path_t        *line;
  double               base_y = lc_chart_layout_viewers_to_y (layout, 0);

  if (!frame->input->every_point && can_draw_pixels (cr))
    {
      draw_series_pixels (frame, cr);
      return;
    }

  cairo_save (cr);
  cairo_rectangle (cr, layout->plot_x, 0, layout->plot_width, layout->plot_y + layout->plot_height);
  cairo_clip (cr);

  cairo_new_path (cr);
  build_path (frame, &path);
  if (!path.started)
    {
      cairo_restore (cr);
      return;
    }

  /* The area under the line first, then the line over it. */
  line = cairo_copy_path (cr);
  cairo_line_to (cr, path.last_x, base_y);
  cairo_line_to (cr, path.first_x, base_y);
  cairo_close_path (cr);
  set_color (cr, &frame->palette->fill);
  cairo_fill (cr);

  cairo_append_path (cr, line);
  cairo_path_destroy (line);
  set_color (cr, &frame->palette->line);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_stroke (cr);

  cairo_restore (cr);
}

/* Where the line reaches the peak: the centre of the peak's minute when every minute has its
 * own vertex, else the centre of the device-pixel column that holds it. */
static double
peak_x (const ChartFrame *frame)
{
  const LcChartLayout *layout = &frame->layout;
  gint64               offset = (gint64) layout->peak_minute - layout->from;
  guint                column;

  if (frame->input->every_point || frame_draws_by_minute (frame))
    return lc_chart_layout_minute_to_x (layout, layout->peak_minute + 0.5);

  column = (guint) CLAMP (floor (offset / frame->minutes_per_column), 0, frame->columns - 1);
  while (column + 1 < frame->columns && column_start (frame, column + 1) <= layout->peak_minute)
    column++;
  while (column > 0 && column_start (frame, column) > layout->peak_minute)
    column--;

  return column_center_x (frame, column);
}

static void
draw_peak (ChartFrame *frame,
           cairo_t    *cr)
{
  LcChartLayout   *layout = &frame->layout;
  g_autofree char *viewers = lc_chart_format_viewers (layout->peak_viewers);
  g_autofree char *when = lc_chart_format_minute (layout->peak_minute);
  g_autofree char *label = NULL;
  double           width;
  double           height;
  double           label_x;
  double           label_y;

  layout->peak_x = peak_x (frame);
  layout->peak_y = lc_chart_layout_viewers_to_y (layout, layout->peak_viewers);

  /* The marker: a ring in the peak colour around the line. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, layout->peak_x, layout->peak_y, 4.5, 0, 2 * G_PI);
  set_color (cr, &frame->palette->label_background);
  cairo_fill_preserve (cr);
  set_color (cr, &frame->palette->peak);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  /* TRANSLATORS: the label of the chart's highest point: viewers, then the date and time. */
  label = g_strdup_printf (_("Peak %s · %s"), viewers, when);
  set_font (frame->text, 12, PANGO_WEIGHT_BOLD);
  measure_text (frame->text, label, &width, &height);

  /* Above the marker when it fits, else beside it; never outside the plot horizontally. */
  label_x = CLAMP (layout->peak_x - width / 2, layout->plot_x + 2,
                   layout->plot_x + layout->plot_width - width - 2);
  label_y = layout->peak_y - 10 - height;
  if (label_y < layout->plot_y - 4)
    {
      label_y = layout->peak_y - height / 2;
      label_x = layout->peak_x + 12;
      if (label_x + width > layout->plot_x + layout->plot_width)
        label_x = layout->peak_x - 12 - width;
    }

  cairo_rectangle (cr, label_x - 4, label_y - 1, width + 8, height + 2);
  set_color (cr, &frame->palette->label_background);
  cairo_fill (cr);
  draw_text (frame, cr, label, label_x, label_y, 0, &frame->palette->peak);
}

static void
draw_no_viewers (ChartFrame *frame,
                 cairo_t    *cr)
{
  const LcChartLayout *layout = &frame->layout;

  set_font (frame->text, 14, PANGO_WEIGHT_NORMAL);
  draw_text (frame, cr, _("Nobody was watching in this time range"),
             layout->plot_x + layout->plot_width / 2,
             layout->plot_y + layout->plot_height / 2 - frame->line_height, 0.5,
             &frame->palette->dim_text);
}

/**
 * lc_chart_render:
 * @cr: where to draw, in logical units (scaled by the caller for high-density output)
 * @input: what to draw
 * @out_layout: (optional): where the plot and the peak ended up
 *
 * Draws the chart into the rectangle (0, 0, width, height) of @cr. The cost depends on the
 * width, not on the number of points, unless @input asks for every point.
 */
void
lc_chart_render (cairo_t            *cr,
                 const LcChartInput *input,
                 LcChartLayout      *out_layout)
{
  g_autoptr (LcChartPyramid) own_pyramid = NULL;
  ChartFrame frame = { 0 };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (input != NULL);
  g_return_if_fail (input->pyramid == NULL
                    || lc_chart_pyramid_get_series (input->pyramid) == input->series);

  frame.input = input;
  frame.palette = input->style == LC_CHART_STYLE_DARK ? &dark_palette : &light_palette;
  frame.scale = input->scale > 0 ? input->scale : 1;
  frame.layout.from = input->from;
  frame.layout.to = MAX ((gint64) input->from + 1, (gint64) input->to);
  frame.span = (gint64) frame.layout.to - frame.layout.from;

  frame.pyramid = input->pyramid;
  if (frame.pyramid == NULL && input->series != NULL && !input->every_point)
    frame.pyramid = own_pyramid = lc_chart_pyramid_new (input->series);

  /* The window's peak sets the viewers axis, so it is found before the layout. */
  if (frame.pyramid != NULL)
    frame.layout.has_peak = lc_chart_pyramid_find_peak (frame.pyramid, frame.layout.from,
                                                        frame.layout.to, &frame.layout.peak_minute,
                                                        &frame.layout.peak_viewers);
  else if (input->series != NULL)
    {
      /* The reference path reads the points directly, so it finds its peak the same way. */
      const LcMinute *minutes = lc_series_get_minutes (input->series);
      const guint32  *viewers = lc_series_get_viewers (input->series);
      guint           n_points = lc_series_get_length (input->series);
      guint           index = lower_bound (minutes, 0, n_points, frame.layout.from);
      guint           end = lower_bound (minutes, index, n_points, frame.layout.to);

      for (; index < end; index++)
        {
          if (viewers[index] > frame.layout.peak_viewers)
            {
              frame.layout.peak_viewers = viewers[index];
              frame.layout.peak_minute = minutes[index];
              frame.layout.has_peak = TRUE;
            }
        }
    }

  cairo_save (cr);
  frame.text = pango_cairo_create_layout (cr);
  chart_frame_compute_layout (&frame);
  frame.columns = MAX (1, (guint) ceil (frame.layout.plot_width * frame.scale));
  frame.minutes_per_column = (double) frame.span / frame.columns;

  if (!input->transparent)
    {
      set_color (cr, &frame.palette->background);
      cairo_paint (cr);
    }

  draw_title (&frame, cr);
  draw_events (&frame, cr);
  draw_value_axis (&frame, cr);
  draw_time_axis (&frame, cr);
  if (input->series != NULL && frame.layout.has_peak)
    {
      draw_series (&frame, cr);
      draw_peak (&frame, cr);
    }
  else
    {
      draw_no_viewers (&frame, cr);
    }

  g_object_unref (frame.text);
  cairo_restore (cr);

  if (out_layout != NULL)
    *out_layout = frame.layout;
}

/**
 * lc_chart_hit_test:
 * @pyramid: (nullable): the pyramid of the series drawn with @layout
 * @x: the pointer's position across the chart
 *
 * Finds the point the pointer is over: the busiest minute within the logical pixel under @x,
 * or, where nobody watched, that minute with zero viewers. Returns FALSE outside the plot.
 * The cost is logarithmic in the number of points.
 */
gboolean
lc_chart_hit_test (LcChartPyramid      *pyramid,
                   const LcChartLayout *layout,
                   double               x,
                   LcChartHit          *out_hit)
{
  LcMinute minute;
  guint32  viewers = 0;
  gint64   first;
  gint64   end;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (out_hit != NULL, FALSE);

  if (x < layout->plot_x || x > layout->plot_x + layout->plot_width || layout->to <= layout->from)
    return FALSE;

  minute = (LcMinute) CLAMP (floor (lc_chart_layout_x_to_minute (layout, x)), layout->from,
                             (gint64) layout->to - 1);
  first = (gint64) floor (lc_chart_layout_x_to_minute (layout, x - 0.5));
  end = (gint64) floor (lc_chart_layout_x_to_minute (layout, x + 0.5));
  first = CLAMP (first, layout->from, minute);
  end = CLAMP (end, (gint64) minute + 1, layout->to);

  if (pyramid != NULL)
    {
      LcMinute busiest;
      guint32  busiest_viewers;

      if (lc_chart_pyramid_find_peak (pyramid, (LcMinute) first, (LcMinute) end, &busiest,
                                      &busiest_viewers))
        {
          minute = busiest;
          viewers = busiest_viewers;
        }
    }

  out_hit->minute = minute;
  out_hit->viewers = viewers;
  out_hit->x = lc_chart_layout_minute_to_x (layout, minute + 0.5);
  out_hit->y = lc_chart_layout_viewers_to_y (layout, viewers);

  return TRUE;
}
