/* test-chart.c: the chart renderer, checked on the pixels it draws
 *
 * Charts are drawn into image surfaces and read back: the line stays in the plot, the peak
 * marker sits over the peak, a run of empty minutes drops to the baseline, the styles differ,
 * the fast path agrees with drawing every point, and nothing depends on the machine's time
 * zone. The min/max pyramid is checked against a plain scan of the points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lc-chart.h"
#include "lc-test-support.h"

typedef struct
{
  guint red;
  guint green;
  guint blue;
} Rgb;

/* Draws input into a fresh image of its size times its scale. */
static cairo_surface_t *
render (const LcChartInput *input,
        LcChartLayout      *out_layout)
{
  double           scale = input->scale > 0 ? input->scale : 1;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil (input->width * scale),
                                                         (int) ceil (input->height * scale));
  cairo_t         *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  lc_chart_render (cr, input, out_layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static Rgb
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guchar  *data = cairo_image_surface_get_data (surface);
  int            stride = cairo_image_surface_get_stride (surface);
  guint32        pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  pixel = *(const guint32 *) (gconstpointer) (data + (gsize) y * stride + (gsize) x * 4);

  return (Rgb) { (pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff };
}

/* The light style's line is the accent blue: clearly bluer than anything grey or white. */
static gboolean
is_line_blue (Rgb pixel)
{
  return pixel.blue > 150 && pixel.blue > pixel.red + 100;
}

/* The light style's peak marker is a deep orange. */
static gboolean
is_peak_orange (Rgb pixel)
{
  return pixel.red > 150 && pixel.green < 130 && pixel.blue < 80;
}

/* A busy series over days: a daily rhythm with noise, every minute present. */
static LcSeries *
build_busy_series (LcMinute first,
                   guint    n_minutes,
                   guint32  seed)
{
  LcSeries        *series = lc_series_new (n_minutes);
  g_autoptr (GRand) noise = g_rand_new_with_seed (seed);

  for (guint k = 0; k < n_minutes; k++)
    {
      double daily = 1 + sin (k / 1440.0 * 2 * G_PI);

      lc_series_append (series, first + (LcMinute) k,
                        (guint32) (50 + 400 * daily + g_rand_int_range (noise, 0, 120)));
    }
  lc_series_normalize (series);

  return series;
}

static void
test_pyramid_matches_scan (void)
{
  g_autoptr (GRand) random = g_rand_new_with_seed (7);
  g_autoptr (LcSeries) series = lc_series_new (0);
  g_autoptr (LcChartPyramid) pyramid = NULL;
  LcMinute        first = lc_test_minute_of (2024, 3, 5, 0, 0);
  const LcMinute *minutes;
  const guint32  *viewers;
  guint           n_points;

  /* Runs of activity with quiet gaps of every length between them. */
  for (LcMinute minute = first; minute < first + 20000; minute++)
    {
      if (g_rand_int_range (random, 0, 100) < 70 && (minute / 300) % 4 != 3)
        lc_series_append (series, minute, (guint32) g_rand_int_range (random, 1, 100000));
    }
  lc_series_normalize (series);
  pyramid = lc_chart_pyramid_new (series);
  minutes = lc_series_get_minutes (series);
  viewers = lc_series_get_viewers (series);
  n_points = lc_series_get_length (series);
  g_assert_cmpuint (n_points, >, 5000);

  for (guint round = 0; round < 2000; round++)
    {
      LcMinute from = first - 50 + g_rand_int_range (random, 0, 20100);
      LcMinute to = from + g_rand_int_range (random, round % 2 == 0 ? 1 : 100, 9000);
      guint32  expected_min = G_MAXUINT32;
      guint32  expected_max = 0;
      LcMinute expected_peak_minute = 0;
      guint    present = 0;
      guint32  low;
      guint32  high;
      LcMinute peak_minute;
      guint32  peak_viewers;
      gboolean found;

      for (guint k = 0; k < n_points; k++)
        {
          if (minutes[k] < from || minutes[k] >= to)
            continue;
          present++;
          expected_min = MIN (expected_min, viewers[k]);
          if (viewers[k] > expected_max)
            {
              expected_max = viewers[k];
              expected_peak_minute = minutes[k];
            }
        }
      if (present < (guint) (to - from))
        expected_min = 0;

      lc_chart_pyramid_get_range (pyramid, from, to, &low, &high);
      g_assert_cmpuint (low, ==, expected_min);
      g_assert_cmpuint (high, ==, expected_max);

      found = lc_chart_pyramid_find_peak (pyramid, from, to, &peak_minute, &peak_viewers);
      g_assert_cmpint (found, ==, present > 0);
      if (found)
        {
          g_assert_cmpint (peak_minute, ==, expected_peak_minute);
          g_assert_cmpuint (peak_viewers, ==, expected_max);
        }
    }
}

static void
test_pyramid_fully_present_range (void)
{
  g_autoptr (LcSeries) series = lc_series_new (0);
  g_autoptr (LcChartPyramid) pyramid = NULL;
  guint32 low;
  guint32 high;

  for (LcMinute minute = 1000; minute < 1100; minute++)
    lc_series_append (series, minute, 500 + (guint32) (minute % 7));
  lc_series_normalize (series);
  pyramid = lc_chart_pyramid_new (series);

  /* Every minute present: the lowest is the lowest point. */
  lc_chart_pyramid_get_range (pyramid, 1000, 1100, &low, &high);
  g_assert_cmpuint (low, ==, 500);
  g_assert_cmpuint (high, ==, 506);

  /* One minute beyond the data counts as zero viewers. */
  lc_chart_pyramid_get_range (pyramid, 1000, 1101, &low, &high);
  g_assert_cmpuint (low, ==, 0);
  g_assert_cmpuint (high, ==, 506);
}

static void
test_line_inside_plot (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 0, 0);
  g_autoptr (LcSeries) series = build_busy_series (first, 3 * 1440, 11);
  const double zooms[][2] = { { 0, 3 * 1440 }, { 600, 700 }, { 1000, 1030 }, { -500, 5000 } };

  for (guint k = 0; k < G_N_ELEMENTS (zooms); k++)
    {
      LcChartInput     input;
      LcChartLayout    layout;
      cairo_surface_t *surface;
      int              height;
      int              width;
      guint            blue_inside = 0;

      lc_chart_input_init (&input, series);
      input.from = first + (LcMinute) zooms[k][0];
      input.to = first + (LcMinute) zooms[k][1];
      input.width = 640;
      input.height = 360;
      surface = render (&input, &layout);
      width = cairo_image_surface_get_width (surface);
      height = cairo_image_surface_get_height (surface);

      for (int y = 0; y < height; y++)
        {
          for (int x = 0; x < width; x++)
            {
              gboolean inside = x >= floor (layout.plot_x) - 1
                                && x <= ceil (layout.plot_x + layout.plot_width) + 1
                                && y >= floor (layout.plot_y) - 1
                                && y <= ceil (layout.plot_y + layout.plot_height) + 1;

              if (!is_line_blue (pixel_at (surface, x, y)))
                continue;
              if (!inside)
                g_error ("zoom %u: a line pixel at (%d, %d) is outside the plot", k, x, y);
              blue_inside++;
            }
        }
      g_assert_cmpuint (blue_inside, >, 300);
      cairo_surface_destroy (surface);
    }
}

/* The horizontal centre of the orange marker's pixels around the peak's height. */
static double
marker_center_x (cairo_surface_t     *surface,
                 const LcChartLayout *layout)
{
  double sum = 0;
  guint  count = 0;

  for (int y = (int) layout->peak_y - 6; y <= (int) layout->peak_y + 6; y++)
    {
      for (int x = (int) layout->plot_x; x < (int) (layout->plot_x + layout->plot_width); x++)
        {
          if (is_peak_orange (pixel_at (surface, x, y)))
            {
              sum += x + 0.5;
              count++;
            }
        }
    }
  g_assert_cmpuint (count, >, 10);

  return sum / count;
}

static void
test_peak_marker (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 0, 0);
  LcMinute peak = lc_test_minute_of (2024, 3, 6, 20, 15);
  g_autoptr (LcSeries) series = lc_series_new (0);
  const double spans[] = { 3 * 1440, 180, 40 };

  for (LcMinute minute = first; minute < first + 3 * 1440; minute++)
    lc_series_append (series, minute, minute == peak ? 9000 : 1000 + (guint32) (minute % 50));
  lc_series_normalize (series);

  for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
    {
      LcChartInput     input;
      LcChartLayout    layout;
      cairo_surface_t *surface;
      double           expected_x;

      lc_chart_input_init (&input, series);
      input.from = k == 0 ? first : peak - (LcMinute) spans[k] / 3;
      input.to = input.from + (LcMinute) spans[k];
      input.width = 800;
      input.height = 400;
      surface = render (&input, &layout);

      g_assert_true (layout.has_peak);
      g_assert_cmpint (layout.peak_minute, ==, peak);
      g_assert_cmpuint (layout.peak_viewers, ==, 9000);
      g_assert_cmpuint (layout.y_max, >=, 9000);

      /* The marker is where the peak's minute is, and where its pixels are. */
      expected_x = lc_chart_layout_minute_to_x (&layout, peak + 0.5);
      g_assert_cmpfloat (fabs (layout.peak_x - expected_x), <=, 1.0);
      g_assert_cmpfloat (fabs (layout.peak_y - lc_chart_layout_viewers_to_y (&layout, 9000)), <,
                         0.01);
      g_assert_cmpfloat (fabs (marker_center_x (surface, &layout) - expected_x), <=, 1.5);

      /* The line reaches up to the marker. */
      {
        gboolean line_near_peak = FALSE;

        for (int y = (int) layout.peak_y - 3; y <= (int) layout.peak_y + 8; y++)
          for (int x = (int) expected_x - 2; x <= (int) expected_x + 2; x++)
            line_near_peak |= is_line_blue (pixel_at (surface, x, y));
        g_assert_true (line_near_peak);
      }

      cairo_surface_destroy (surface);
    }
}

/* Checks the column of pixels at minute: nothing drawn between the plot's top and just above
 * the baseline. */
static void
assert_column_empty (cairo_surface_t     *surface,
                     const LcChartLayout *layout,
                     double               minute)
{
  int x = (int) lc_chart_layout_minute_to_x (layout, minute);
  int base = (int) floor (layout->plot_y + layout->plot_height);

  for (int y = (int) ceil (layout->plot_y); y < base - 2; y++)
    {
      Rgb pixel = pixel_at (surface, x, y);

      /* Only the background and the faint grid lines may show. */
      if (pixel.red < 200 || pixel.blue < 200 || is_line_blue (pixel))
        g_error ("minute %.0f: pixel (%d, %d) is drawn (%u, %u, %u)", minute, x, y, pixel.red,
                 pixel.green, pixel.blue);
    }
}

static void
assert_column_reaches (cairo_surface_t     *surface,
                       const LcChartLayout *layout,
                       double               minute,
                       guint32              viewers)
{
  int      x = (int) lc_chart_layout_minute_to_x (layout, minute);
  int      y = (int) lc_chart_layout_viewers_to_y (layout, viewers);
  gboolean found = FALSE;

  for (int row = y - 2; row <= y + 2; row++)
    found |= is_line_blue (pixel_at (surface, x, row));
  g_assert_true (found);
}

static void
test_gap_drops_to_baseline (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 0, 0);
  g_autoptr (LcSeries) series = lc_series_new (0);

  /* A day of viewers, a day with nobody, and another day of viewers. */
  for (LcMinute minute = first; minute < first + 3 * 1440; minute++)
    {
      if (minute < first + 1440 || minute >= first + 2 * 1440)
        lc_series_append (series, minute, 1000);
    }
  lc_series_normalize (series);

  /* Zoomed out, several minutes share a pixel column. */
  {
    LcChartInput     input;
    LcChartLayout    layout;
    cairo_surface_t *surface;

    lc_chart_input_init (&input, series);
    input.width = 800;
    input.height = 400;
    surface = render (&input, &layout);
    assert_column_reaches (surface, &layout, first + 700, 1000);
    assert_column_empty (surface, &layout, first + 1440 + 720);
    assert_column_empty (surface, &layout, first + 1440 + 60);
    assert_column_reaches (surface, &layout, first + 2 * 1440 + 700, 1000);
    cairo_surface_destroy (surface);
  }

  /* Zoomed in around the start of the gap, every minute has its own vertex. */
  {
    LcChartInput     input;
    LcChartLayout    layout;
    cairo_surface_t *surface;

    lc_chart_input_init (&input, series);
    input.from = first + 1440 - 30;
    input.to = first + 1440 + 90;
    input.width = 800;
    input.height = 400;
    surface = render (&input, &layout);
    assert_column_reaches (surface, &layout, first + 1440 - 15, 1000);
    assert_column_empty (surface, &layout, first + 1440 + 10);
    assert_column_empty (surface, &layout, first + 1440 + 60);
    cairo_surface_destroy (surface);
  }
}

static void
test_single_missing_minute (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 10, 0);
  g_autoptr (LcSeries) series = lc_series_new (0);
  LcChartInput     input;
  LcChartLayout    layout;
  cairo_surface_t *surface;
  double           x;
  int              base;
  gboolean         dips = FALSE;

  /* One minute missing in the middle of a busy hour is one minute with nobody watching. */
  for (LcMinute minute = first; minute < first + 60; minute++)
    {
      if (minute != first + 30)
        lc_series_append (series, minute, 5000);
    }
  lc_series_normalize (series);

  lc_chart_input_init (&input, series);
  input.from = first;
  input.to = first + 60;
  input.width = 800;
  input.height = 400;
  surface = render (&input, &layout);

  x = lc_chart_layout_minute_to_x (&layout, first + 30.5);
  base = (int) floor (layout.plot_y + layout.plot_height);
  for (int y = base - 4; y < base; y++)
    dips |= is_line_blue (pixel_at (surface, (int) x, y));
  g_assert_true (dips);
  cairo_surface_destroy (surface);
}

static void
test_styles_differ (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 0, 0);
  g_autoptr (LcSeries) series = build_busy_series (first, 1440, 3);
  LcChartInput     input;
  LcChartLayout    layout;
  cairo_surface_t *light;
  cairo_surface_t *dark;
  Rgb              light_corner;
  Rgb              dark_corner;
  guint            light_line = 0;
  guint            dark_line = 0;

  lc_chart_input_init (&input, series);
  input.width = 400;
  input.height = 240;
  light = render (&input, &layout);
  input.style = LC_CHART_STYLE_DARK;
  dark = render (&input, NULL);

  light_corner = pixel_at (light, 1, 1);
  dark_corner = pixel_at (dark, 1, 1);
  g_assert_cmpuint (light_corner.red, >, 240);
  g_assert_cmpuint (dark_corner.red, <, 60);

  /* Each style's line colour shows up in its own chart only. */
  for (int y = (int) layout.plot_y; y < (int) (layout.plot_y + layout.plot_height); y++)
    {
      for (int x = (int) layout.plot_x; x < (int) (layout.plot_x + layout.plot_width); x++)
        {
          Rgb on_light = pixel_at (light, x, y);
          Rgb on_dark = pixel_at (dark, x, y);

          light_line += on_light.red == 0x35 && on_light.green == 0x84 && on_light.blue == 0xe4;
          dark_line += on_dark.red == 0x78 && on_dark.green == 0xae && on_dark.blue == 0xed;
        }
    }
  g_assert_cmpuint (light_line, >, 100);
  g_assert_cmpuint (dark_line, >, 100);

  /* Without a background the corner stays transparent, for the widget's own to show. */
  {
    cairo_surface_t *transparent;
    const guchar    *data;

    input.transparent = TRUE;
    transparent = render (&input, NULL);
    data = cairo_image_surface_get_data (transparent);
    g_assert_cmpuint (*(const guint32 *) (gconstpointer) data, ==, 0);
    cairo_surface_destroy (transparent);
  }

  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
}

/* The share of pixels whose colour differs clearly between two images of the same size. */
static double
differing_share (cairo_surface_t *a,
                 cairo_surface_t *b,
                 guint            threshold)
{
  int   width = cairo_image_surface_get_width (a);
  int   height = cairo_image_surface_get_height (a);
  guint differing = 0;

  g_assert_cmpint (width, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (b));

  for (int y = 0; y < height; y++)
    {
      for (int x = 0; x < width; x++)
        {
          Rgb first = pixel_at (a, x, y);
          Rgb second = pixel_at (b, x, y);
          guint largest = MAX (MAX ((guint) abs ((int) first.red - (int) second.red),
                                    (guint) abs ((int) first.green - (int) second.green)),
                               (guint) abs ((int) first.blue - (int) second.blue));

          differing += largest > threshold;
        }
    }

  return (double) differing / ((double) width * height);
}

static void
test_decimated_matches_every_point (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 0, 0);
  g_autoptr (LcSeries) series = build_busy_series (first, 4 * 1440, 5);
  const double spans[] = { 4 * 1440, 1440, 400 };

  for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
    {
      LcChartInput     input;
      cairo_surface_t *decimated;
      cairo_surface_t *every_point;
      double           share;

      lc_chart_input_init (&input, series);
      input.from = first + 300;
      input.to = input.from + (LcMinute) spans[k];
      input.width = 600;
      input.height = 320;
      decimated = render (&input, NULL);
      input.every_point = TRUE;
      every_point = render (&input, NULL);

      share = differing_share (decimated, every_point, 96);
      g_test_message ("span %.0f minutes: %.3f%% of pixels differ", spans[k], share * 100);
      g_assert_cmpfloat (share, <, 0.02);

      cairo_surface_destroy (decimated);
      cairo_surface_destroy (every_point);
    }
}

static void
test_time_zone_independent (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 9, 18, 0);
  g_autoptr (LcSeries) series = build_busy_series (first, 2 * 1440, 9);
  const char *zones[] = { "UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Shanghai" };
  g_autofree char *original_zone = g_strdup (g_getenv ("TZ"));
  cairo_surface_t *reference = NULL;
  g_autofree char *label = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (zones); k++)
    {
      LcChartInput     input;
      cairo_surface_t *surface;

      g_setenv ("TZ", zones[k], TRUE);
      tzset ();

      lc_chart_input_init (&input, series);
      input.width = 500;
      input.height = 300;
      surface = render (&input, NULL);
      if (reference == NULL)
        reference = surface;
      else
        {
          g_assert_cmpfloat (differing_share (reference, surface, 0), ==, 0);
          cairo_surface_destroy (surface);
        }

      /* A label is the platform's wall clock whatever the zone. */
      label = lc_chart_format_minute (lc_test_minute_of (2024, 3, 10, 0, 5));
      g_assert_cmpstr (label, ==, "Sun, Mar 10, 2024 00:05");
      g_clear_pointer (&label, g_free);
    }

  cairo_surface_destroy (reference);
  if (original_zone != NULL)
    g_setenv ("TZ", original_zone, TRUE);
  else
    g_unsetenv ("TZ");
  tzset ();
}

static void
test_hit_test (void)
{
  LcMinute first = lc_test_minute_of (2024, 3, 5, 0, 0);
  g_autoptr (LcSeries) series = lc_series_new (0);
  g_autoptr (LcChartPyramid) pyramid = NULL;
  LcChartInput     input;
  LcChartLayout    layout;
  LcChartHit       hit;
  cairo_surface_t *surface;

  for (LcMinute minute = first; minute < first + 120; minute++)
    lc_series_append (series, minute, 100 + (guint32) (minute - first));
  lc_series_append (series, first + 100, 777);
  lc_series_normalize (series);
  pyramid = lc_chart_pyramid_new (series);

  lc_chart_input_init (&input, series);
  input.pyramid = pyramid;
  input.from = first;
  input.to = first + 240;
  input.width = 600;
  input.height = 300;
  surface = render (&input, &layout);
  cairo_surface_destroy (surface);

  /* Over a minute with viewers. */
  g_assert_true (lc_chart_hit_test (pyramid, &layout,
                                    lc_chart_layout_minute_to_x (&layout, first + 50.5), &hit));
  g_assert_cmpint (hit.minute, ==, first + 50);
  g_assert_cmpuint (hit.viewers, ==, 150);
  g_assert_cmpfloat (fabs (hit.y - lc_chart_layout_viewers_to_y (&layout, 150)), <, 0.01);

  /* Over the gap after the data: that minute, nobody watching. */
  g_assert_true (lc_chart_hit_test (pyramid, &layout,
                                    lc_chart_layout_minute_to_x (&layout, first + 200.5), &hit));
  g_assert_cmpint (hit.minute, ==, first + 200);
  g_assert_cmpuint (hit.viewers, ==, 0);

  /* Outside the plot there is nothing to point at. */
  g_assert_false (lc_chart_hit_test (pyramid, &layout, layout.plot_x - 5, &hit));

  /* Zoomed out, the busiest minute under the pointer wins. */
  input.from = first - 20000;
  input.to = first + 20000;
  surface = render (&input, &layout);
  cairo_surface_destroy (surface);
  g_assert_true (lc_chart_hit_test (pyramid, &layout,
                                    lc_chart_layout_minute_to_x (&layout, first + 100.5), &hit));
  g_assert_cmpint (hit.minute, ==, first + 100);
  g_assert_cmpuint (hit.viewers, ==, 777);
}

static void
test_value_axis_is_rounded (void)
{
  const guint32 peaks[] = { 1, 7, 98, 1234, 45678, 999999, 3000000000u };

  for (guint k = 0; k < G_N_ELEMENTS (peaks); k++)
    {
      g_autoptr (LcSeries) series = lc_series_new (0);
      LcChartInput     input;
      LcChartLayout    layout;
      cairo_surface_t *surface;
      guint32          top;

      lc_series_append (series, 1000, peaks[k]);
      lc_series_normalize (series);
      lc_chart_input_init (&input, series);
      input.width = 500;
      input.height = 300;
      surface = render (&input, &layout);
      cairo_surface_destroy (surface);

      /* The top of the axis is over the peak and a round number: 1, 2 or 5 times a power of
       * ten, times a small count of steps. */
      g_assert_cmpuint (layout.y_max, >=, peaks[k]);
      g_assert_cmpfloat (layout.y_max, <=, MAX (10.0, peaks[k] * 3.0));
      top = layout.y_max;
      while (top >= 10 && top % 10 == 0)
        top /= 10;
      g_assert_cmpuint (top, <, 100);
    }
}

static void
test_every_span_draws (void)
{
  LcMinute first = lc_test_minute_of (2023, 12, 30, 0, 0);
  g_autoptr (LcSeries) series = build_busy_series (first, 800 * 1440 / 10, 1);
  const gint64 spans[] = { 10, 45, 300, 1440, 3 * 1440, 12 * 1440, 70 * 1440, 400 * 1440,
                           1096 * 1440, 3650 * 1440 };

  /* Every step of the time axis, from minutes to years, and empty windows too. */
  for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
    {
      LcChartInput     input;
      LcChartLayout    layout;
      cairo_surface_t *surface;

      lc_chart_input_init (&input, series);
      input.from = first + 5000;
      input.to = (LcMinute) (input.from + spans[k]);
      input.width = 900;
      input.height = 400;
      input.title = "Title";
      input.subtitle = "Subtitle";
      surface = render (&input, &layout);
      g_assert_cmpint (layout.from, ==, input.from);
      g_assert_cmpint (layout.to, ==, input.to);
      g_assert_true (layout.has_peak);
      cairo_surface_destroy (surface);

      input.series = NULL;
      surface = render (&input, &layout);
      g_assert_false (layout.has_peak);
      cairo_surface_destroy (surface);
    }
}

static void
test_describe (void)
{
  g_autoptr (LcSeries) series = lc_series_new (0);
  g_autoptr (LcChartPyramid) pyramid = NULL;
  LcMinute         peak = lc_test_minute_of (2024, 3, 5, 20, 15);
  g_autofree char *with_peak = NULL;
  g_autofree char *without = NULL;

  lc_series_append (series, peak - 1, 10);
  lc_series_append (series, peak, 1234);
  lc_series_normalize (series);
  pyramid = lc_chart_pyramid_new (series);

  with_peak = lc_chart_describe (pyramid, peak - 60, peak + 60);
  g_assert_nonnull (strstr (with_peak, "1234"));
  g_assert_nonnull (strstr (with_peak, "Tue, Mar 5, 2024 20:15"));

  without = lc_chart_describe (pyramid, peak + 60, peak + 120);
  g_assert_nonnull (strstr (without, "Nobody"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/pyramid/matches-scan", test_pyramid_matches_scan);
  g_test_add_func ("/chart/pyramid/fully-present", test_pyramid_fully_present_range);
  g_test_add_func ("/chart/render/line-inside-plot", test_line_inside_plot);
  g_test_add_func ("/chart/render/peak-marker", test_peak_marker);
  g_test_add_func ("/chart/render/gap-drops-to-baseline", test_gap_drops_to_baseline);
  g_test_add_func ("/chart/render/single-missing-minute", test_single_missing_minute);
  g_test_add_func ("/chart/render/styles-differ", test_styles_differ);
  g_test_add_func ("/chart/render/decimated-matches-every-point",
                   test_decimated_matches_every_point);
  g_test_add_func ("/chart/render/time-zone-independent", test_time_zone_independent);
  g_test_add_func ("/chart/render/value-axis-rounded", test_value_axis_is_rounded);
  g_test_add_func ("/chart/render/every-span", test_every_span_draws);
  g_test_add_func ("/chart/hit-test", test_hit_test);
  g_test_add_func ("/chart/describe", test_describe);

  return g_test_run ();
}
