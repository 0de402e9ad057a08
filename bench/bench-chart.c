/* bench-chart.c: how long one chart frame takes for a dense year of minutes
 *
 * A year with a viewer in every minute is the largest series the app shows (525,600 points).
 * This draws it at 1200 and 2400 pixels wide twice, once through the min/max pyramid the app
 * uses and once with a vertex per point, and prints both times and their ratio, the time to
 * build the pyramid, and what one pointer move costs to find the point under the pointer.
 * Times are processor time of the drawing thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-bench-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "lc-chart.h"

#define YEAR_MINUTES    525600
#define FRAME_HEIGHT    600
#define HOVER_EVENTS    100000

/* A dense year shaped like a live-stream account: a daily rhythm, evening broadcasts that are
 * much busier, and noise. The seed is fixed so every run draws the same picture. */
static LcSeries *
build_dense_year (LcMinute first_minute)
{
  LcSeries        *series = lc_series_new (YEAR_MINUTES);
  g_autoptr (GRand) noise = g_rand_new_with_seed (20240305);

  for (guint k = 0; k < YEAR_MINUTES; k++)
    {
      double minute_of_day = k % LC_MINUTES_PER_DAY;
      double daily = 1 + sin (minute_of_day / LC_MINUTES_PER_DAY * 2 * G_PI);
      double broadcast = (minute_of_day >= 1200 && minute_of_day < 1320) ? 40 : 0;
      guint32 viewers = (guint32) (20 + 60 * daily + broadcast * (k % 7 + 1)
                                   + g_rand_double_range (noise, 0, 30));

      lc_series_append (series, first_minute + (LcMinute) k, viewers);
    }
  lc_series_normalize (series);

  return series;
}

/* The time this thread spent on the processor, in milliseconds. The machines that run the
 * benchmark are often busy with builds, and processor time is what the chart costs whatever
 * else runs beside it. */
static double
thread_time_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  double first = *(const double *) a;
  double second = *(const double *) b;

  return (first > second) - (first < second);
}

/* The median time of one frame, drawn repeats times into a surface of that size. The median
 * keeps a frame that another process interrupted from counting. */
static double
time_frames (const LcChartInput *input,
             guint               repeats)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) input->width,
                                                         (int) input->height);
  g_autofree double *times = g_new (double, repeats);
  double           median;

  for (guint k = 0; k < repeats; k++)
    {
      cairo_t *cr = cairo_create (surface);
      double   start = thread_time_ms ();

      lc_chart_render (cr, input, NULL);
      cairo_surface_flush (surface);
      times[k] = thread_time_ms () - start;
      cairo_destroy (cr);
    }

  qsort (times, repeats, sizeof (double), compare_times);
  median = repeats % 2 == 1 ? times[repeats / 2]
                            : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
  cairo_surface_destroy (surface);

  return median;
}

int
main (int    argc,
      char **argv)
{
  LcDay            first_day;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (LcChartPyramid) pyramid = NULL;
  const double     widths[] = { 1200, 2400 };
  double           pyramid_ms = G_MAXDOUBLE;
  double           hover_us;
  double           ratio_at_1200 = 0;
  double           frame_at_1200 = 0;
  gboolean         skip_reference = argc > 1 && g_str_equal (argv[1], "--skip-reference");

  lc_day_from_ymd (2024, 1, 1, &first_day);
  series = build_dense_year (first_day * LC_MINUTES_PER_DAY);
  g_print ("series: %u points, %.1f MiB\n", lc_series_get_length (series),
           lc_series_get_memory_size (series) / 1048576.0);

  /* The pyramid is built once per series; the best of a few builds is its cost. */
  for (guint k = 0; k < 5; k++)
    {
      double          start = thread_time_ms ();
      LcChartPyramid *built = lc_chart_pyramid_new (series);

      pyramid_ms = MIN (pyramid_ms, thread_time_ms () - start);
      g_clear_pointer (&pyramid, lc_chart_pyramid_unref);
      pyramid = built;
    }
  g_print ("pyramid build: %.2f ms\n", pyramid_ms);

  for (guint k = 0; k < G_N_ELEMENTS (widths); k++)
    {
      LcChartInput input;
      double       decimated_ms;
      double       every_point_ms;
      double       axes_ms;

      lc_chart_input_init (&input, series);
      input.pyramid = pyramid;
      input.width = widths[k];
      input.height = FRAME_HEIGHT;

      /* One untimed frame warms the font caches, as the app's first frame would. */
      time_frames (&input, 1);
      decimated_ms = time_frames (&input, 61);

      input.every_point = TRUE;
      input.pyramid = NULL;
      every_point_ms = skip_reference ? NAN : time_frames (&input, 1);

      /* What every frame costs whatever the data: background, axes and their labels. */
      {
        LcChartInput empty = input;

        empty.series = NULL;
        empty.pyramid = NULL;
        empty.every_point = FALSE;
        axes_ms = time_frames (&empty, 61);
      }

      g_print ("%4.0f px: axes and labels alone %.2f ms/frame\n", widths[k], axes_ms);
      g_print ("%4.0f px: pyramid %.2f ms/frame, every point %.1f ms/frame, %.0fx faster\n",
               widths[k], decimated_ms, every_point_ms, every_point_ms / decimated_ms);
      if (k == 0)
        {
          ratio_at_1200 = every_point_ms / decimated_ms;
          frame_at_1200 = decimated_ms;
        }
    }

  /* Hover: find the point under the pointer for many pointer positions across the plot. */
  {
    LcChartInput  input;
    LcChartLayout layout;
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200,
                                                           FRAME_HEIGHT);
    cairo_t      *cr = cairo_create (surface);
    LcChartHit    hit;
    guint64       checksum = 0;
    double        start;

    lc_chart_input_init (&input, series);
    input.pyramid = pyramid;
    input.width = 1200;
    input.height = FRAME_HEIGHT;
    lc_chart_render (cr, &input, &layout);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);

    start = thread_time_ms ();
    for (guint k = 0; k < HOVER_EVENTS; k++)
      {
        double x = layout.plot_x + fmod (k * 7.31, layout.plot_width);

        if (lc_chart_hit_test (pyramid, &layout, x, &hit))
          checksum += hit.viewers;
      }
    hover_us = (thread_time_ms () - start) * 1000.0 / HOVER_EVENTS;
    g_print ("hover hit-test: %.2f us per pointer event (checksum %" G_GUINT64_FORMAT ")\n",
             hover_us, checksum);
  }

  g_print ("target at 1200 px: >= 50x faster and < 4 ms per frame: %s (%.0fx, %.2f ms)\n",
           ratio_at_1200 >= 50 && frame_at_1200 < 4 ? "met" : "missed", ratio_at_1200,
           frame_at_1200);

  return 0;
}
