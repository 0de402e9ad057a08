/* test-chart-view.c: the interactive chart widget, in a real window under Xvfb
 *
 * The widget's own event controllers are driven by emitting their signals, as the toolkit
 * would on input: zooming and panning change the visible window and announce it, resetting
 * brings the whole series back, and moving the pointer redraws the hover layer only, never the
 * data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "lc-chart-view.h"

/* Generous, so a slow machine never fails a test that would pass; a hang still fails. */
#define WAIT_TIMEOUT_SECONDS 20

typedef struct
{
  GtkWindow   *window;
  LcChartView *view;
  LcSeries    *series;
  guint        window_changes;
  LcMinute     announced_from;
  LcMinute     announced_to;
  guint        paints;
} Fixture;

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until condition holds, failing the test if it takes too long. */
static void
wait_until (gboolean (*condition) (Fixture *fixture),
            Fixture   *fixture)
{
  gboolean timed_out = FALSE;
  guint    timeout = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, timed_out_cb, &timed_out);

  while (!condition (fixture) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static guint paints_wanted;

static gboolean
painted_enough (Fixture *fixture)
{
  return fixture->paints >= paints_wanted;
}

/* Waits for the window to paint at least once more. */
static void
wait_for_paint (Fixture *fixture)
{
  paints_wanted = fixture->paints + 1;
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  wait_until (painted_enough, fixture);
}

static gboolean
has_drawn_data (Fixture *fixture)
{
  return lc_chart_view_get_data_render_count (fixture->view) > 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *fixture)
{
  fixture->paints++;
}

static void
visible_window_changed_cb (LcChartView *view,
                           int          from,
                           int          to,
                           Fixture     *fixture)
{
  fixture->window_changes++;
  fixture->announced_from = from;
  fixture->announced_to = to;
}

static gboolean
is_mapped (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->view))
         && gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view)) != NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  LcDay first_day;

  /* Three days with a daily rhythm, on the platform's clock. */
  g_assert_true (lc_day_from_ymd (2024, 3, 5, &first_day));
  fixture->series = lc_series_new (0);
  for (guint k = 0; k < 3 * 1440; k++)
    lc_series_append (fixture->series, first_day * 1440 + (LcMinute) k,
                      (guint32) (100 + 80 * sin (k / 1440.0 * 2 * G_PI)));
  lc_series_normalize (fixture->series);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 400);
  fixture->view = LC_CHART_VIEW (lc_chart_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  lc_chart_view_set_series (fixture->view, fixture->series);
  g_signal_connect (fixture->view, "visible-window-changed",
                    G_CALLBACK (visible_window_changed_cb), fixture);
  gtk_window_present (fixture->window);

  wait_until (is_mapped, fixture);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view)), "after-paint",
                    G_CALLBACK (after_paint_cb), fixture);
  wait_until (has_drawn_data, fixture);
  wait_for_paint (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view)),
                                        fixture);
  gtk_window_destroy (fixture->window);
  lc_series_unref (fixture->series);
}

/* The view's controller of the given type, as the toolkit delivers input through it. */
static gpointer
find_controller (LcChartView *view,
                 GType        type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint k = 0; k < g_list_model_get_n_items (controllers); k++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, k);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
move_pointer (Fixture *fixture,
              double   x,
              double   y)
{
  g_signal_emit_by_name (find_controller (fixture->view, GTK_TYPE_EVENT_CONTROLLER_MOTION),
                         "motion", x, y);
}

static gboolean
press_key (Fixture *fixture,
           guint    keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (fixture->view, GTK_TYPE_EVENT_CONTROLLER_KEY),
                         "key-pressed", keyval, 0, 0, &handled);

  return handled;
}

static void
test_starts_with_whole_series (Fixture       *fixture,
                               gconstpointer  user_data)
{
  const LcMinute *minutes = lc_series_get_minutes (fixture->series);
  guint           length = lc_series_get_length (fixture->series);
  LcMinute        from;
  LcMinute        to;

  lc_chart_view_get_visible_window (fixture->view, &from, &to);
  g_assert_cmpint (from, ==, minutes[0]);
  g_assert_cmpint (to, ==, minutes[length - 1] + 1);
  g_assert_true (lc_chart_view_get_series (fixture->view) == fixture->series);
}

static void
test_scroll_zooms_around_pointer (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  LcMinute from;
  LcMinute to;
  LcMinute zoomed_from;
  LcMinute zoomed_to;
  gboolean handled = FALSE;
  guint    renders;

  lc_chart_view_get_visible_window (fixture->view, &from, &to);
  renders = lc_chart_view_get_data_render_count (fixture->view);

  /* Three notches up with the pointer a quarter of the way across. */
  move_pointer (fixture, 200, 200);
  for (guint k = 0; k < 3; k++)
    g_signal_emit_by_name (find_controller (fixture->view, GTK_TYPE_EVENT_CONTROLLER_SCROLL),
                           "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);

  lc_chart_view_get_visible_window (fixture->view, &zoomed_from, &zoomed_to);
  g_assert_cmpint (zoomed_to - zoomed_from, <, (to - from) * 0.6);
  g_assert_cmpint (zoomed_from, >, from);
  g_assert_cmpint (zoomed_to, <, to);
  g_assert_cmpuint (fixture->window_changes, ==, 3);
  g_assert_cmpint (fixture->announced_from, ==, zoomed_from);
  g_assert_cmpint (fixture->announced_to, ==, zoomed_to);

  /* The new window is drawn, once. */
  wait_for_paint (fixture);
  g_assert_cmpuint (lc_chart_view_get_data_render_count (fixture->view), ==, renders + 1);

  /* Scrolling back down far enough shows everything, and no more. */
  for (guint k = 0; k < 10; k++)
    g_signal_emit_by_name (find_controller (fixture->view, GTK_TYPE_EVENT_CONTROLLER_SCROLL),
                           "scroll", 0.0, 1.0, &handled);
  lc_chart_view_get_visible_window (fixture->view, &zoomed_from, &zoomed_to);
  g_assert_cmpint (zoomed_from, ==, from);
  g_assert_cmpint (zoomed_to, ==, to);
}

static void
test_keys_zoom_pan_and_reset (Fixture       *fixture,
                              gconstpointer  user_data)
{
  LcMinute from;
  LcMinute to;
  LcMinute zoomed_from;
  LcMinute zoomed_to;
  LcMinute panned_from;
  LcMinute panned_to;

  lc_chart_view_get_visible_window (fixture->view, &from, &to);

  g_assert_true (press_key (fixture, GDK_KEY_plus));
  g_assert_true (press_key (fixture, GDK_KEY_KP_Add));
  lc_chart_view_get_visible_window (fixture->view, &zoomed_from, &zoomed_to);
  g_assert_cmpint (zoomed_to - zoomed_from, <, (to - from) / 2);

  /* Left shows earlier minutes, by the same span. */
  g_assert_true (press_key (fixture, GDK_KEY_Left));
  lc_chart_view_get_visible_window (fixture->view, &panned_from, &panned_to);
  g_assert_cmpint (panned_from, <, zoomed_from);
  g_assert_cmpint (panned_to - panned_from, ==, zoomed_to - zoomed_from);

  g_assert_true (press_key (fixture, GDK_KEY_minus));
  lc_chart_view_get_visible_window (fixture->view, &zoomed_from, &zoomed_to);
  g_assert_cmpint (zoomed_to - zoomed_from, >, panned_to - panned_from);

  g_assert_true (press_key (fixture, GDK_KEY_Home));
  lc_chart_view_get_visible_window (fixture->view, &zoomed_from, &zoomed_to);
  g_assert_cmpint (zoomed_from, ==, from);
  g_assert_cmpint (zoomed_to, ==, to);

  /* Escape resets too, and other keys are left to the window. */
  g_assert_true (press_key (fixture, GDK_KEY_plus));
  g_assert_true (press_key (fixture, GDK_KEY_Escape));
  lc_chart_view_get_visible_window (fixture->view, &zoomed_from, &zoomed_to);
  g_assert_cmpint (zoomed_to - zoomed_from, ==, to - from);
  g_assert_false (press_key (fixture, GDK_KEY_a));
}

static void
test_drag_pans_and_double_click_resets (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  GtkGestureDrag  *drag = find_controller (fixture->view, GTK_TYPE_GESTURE_DRAG);
  GtkGestureClick *click = find_controller (fixture->view, GTK_TYPE_GESTURE_CLICK);
  LcMinute         from;
  LcMinute         to;
  LcMinute         focused_from;
  LcMinute         focused_to;
  LcMinute         dragged_from;
  LcMinute         dragged_to;

  lc_chart_view_get_visible_window (fixture->view, &from, &to);
  lc_chart_view_focus_range (fixture->view, from + 1440, from + 1440 + 599);
  lc_chart_view_get_visible_window (fixture->view, &focused_from, &focused_to);
  g_assert_cmpint (focused_from, <, from + 1440);
  g_assert_cmpint (focused_to, >, from + 1440 + 599);
  g_assert_cmpint (focused_to - focused_from, <, 800);
  wait_for_paint (fixture);

  /* Dragging to the right brings earlier minutes into view. */
  g_signal_emit_by_name (drag, "drag-begin", 400.0, 200.0);
  g_signal_emit_by_name (drag, "drag-update", 100.0, 0.0);
  g_signal_emit_by_name (drag, "drag-end", 100.0, 0.0);
  lc_chart_view_get_visible_window (fixture->view, &dragged_from, &dragged_to);
  g_assert_cmpint (dragged_from, <, focused_from);
  g_assert_cmpint (dragged_to - dragged_from, ==, focused_to - focused_from);

  g_signal_emit_by_name (click, "pressed", 2, 400.0, 200.0);
  lc_chart_view_get_visible_window (fixture->view, &dragged_from, &dragged_to);
  g_assert_cmpint (dragged_from, ==, from);
  g_assert_cmpint (dragged_to, ==, to);
}

static void
test_pinch_zooms (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkGestureZoom *zoom = find_controller (fixture->view, GTK_TYPE_GESTURE_ZOOM);
  LcMinute        from;
  LcMinute        to;
  LcMinute        pinched_from;
  LcMinute        pinched_to;

  lc_chart_view_get_visible_window (fixture->view, &from, &to);
  move_pointer (fixture, 400, 200);
  g_signal_emit_by_name (zoom, "begin", NULL);
  g_signal_emit_by_name (zoom, "scale-changed", 4.0);
  lc_chart_view_get_visible_window (fixture->view, &pinched_from, &pinched_to);
  g_assert_cmpint (labs ((long) (pinched_to - pinched_from) - (to - from) / 4), <=, 1);
}

static void
test_hover_keeps_data_layer (Fixture       *fixture,
                             gconstpointer  user_data)
{
  guint renders = lc_chart_view_get_data_render_count (fixture->view);

  /* Every pointer move is painted, and none of them draws the data again. */
  for (double x = 60; x < 780; x += 45)
    {
      move_pointer (fixture, x, 150);
      wait_for_paint (fixture);
    }
  g_assert_cmpuint (lc_chart_view_get_data_render_count (fixture->view), ==, renders);

  g_signal_emit_by_name (find_controller (fixture->view, GTK_TYPE_EVENT_CONTROLLER_MOTION),
                         "leave");
  wait_for_paint (fixture);
  g_assert_cmpuint (lc_chart_view_get_data_render_count (fixture->view), ==, renders);

  /* A change of window does draw the data again, so the counter can tell. */
  g_assert_true (press_key (fixture, GDK_KEY_plus));
  wait_for_paint (fixture);
  g_assert_cmpuint (lc_chart_view_get_data_render_count (fixture->view), ==, renders + 1);
}

static void
test_follows_dark_style (Fixture       *fixture,
                         gconstpointer  user_data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  guint            renders = lc_chart_view_get_data_render_count (fixture->view);
  LcChartInput     input;

  /* The data layer is drawn again in the dark palette, and copies come out dark too. */
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_paint (fixture);
  g_assert_cmpuint (lc_chart_view_get_data_render_count (fixture->view), ==, renders + 1);
  lc_chart_view_fill_input (fixture->view, &input);
  g_assert_cmpint (input.style, ==, LC_CHART_STYLE_DARK);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_for_paint (fixture);
  lc_chart_view_fill_input (fixture->view, &input);
  g_assert_cmpint (input.style, ==, LC_CHART_STYLE_LIGHT);
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_png_for_clipboard (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = lc_chart_view_render_png (fixture->view, 300, 200, 2, &error);
  const guchar *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (png, NULL);
  g_assert_cmpmem (data + 1, 3, "PNG", 3);
  g_assert_cmpuint (data[19], ==, 600 & 0xff);
  g_assert_cmpuint (data[18], ==, 600 >> 8);
}

static void
test_empty_series (void)
{
  LcChartView *view = LC_CHART_VIEW (g_object_ref_sink (lc_chart_view_new ()));
  LcMinute     from;
  LcMinute     to;

  /* Without data the widget keeps a window and ignores zoom limits it cannot have. */
  lc_chart_view_set_series (view, NULL);
  lc_chart_view_set_full_window (view, 1000, 1000 + 1440);
  lc_chart_view_get_visible_window (view, &from, &to);
  g_assert_cmpint (from, ==, 1000);
  g_assert_cmpint (to, ==, 1000 + 1440);
  g_object_unref (view);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/chart-view/starts-with-whole-series", Fixture, NULL, fixture_set_up,
              test_starts_with_whole_series, fixture_tear_down);
  g_test_add ("/chart-view/scroll-zooms-around-pointer", Fixture, NULL, fixture_set_up,
              test_scroll_zooms_around_pointer, fixture_tear_down);
  g_test_add ("/chart-view/keys-zoom-pan-and-reset", Fixture, NULL, fixture_set_up,
              test_keys_zoom_pan_and_reset, fixture_tear_down);
  g_test_add ("/chart-view/drag-pans-and-double-click-resets", Fixture, NULL, fixture_set_up,
              test_drag_pans_and_double_click_resets, fixture_tear_down);
  g_test_add ("/chart-view/pinch-zooms", Fixture, NULL, fixture_set_up, test_pinch_zooms,
              fixture_tear_down);
  g_test_add ("/chart-view/hover-keeps-data-layer", Fixture, NULL, fixture_set_up,
              test_hover_keeps_data_layer, fixture_tear_down);
  g_test_add ("/chart-view/follows-dark-style", Fixture, NULL, fixture_set_up,
              test_follows_dark_style, fixture_tear_down);
  g_test_add ("/chart-view/png-for-clipboard", Fixture, NULL, fixture_set_up,
              test_png_for_clipboard, fixture_tear_down);
  g_test_add_func ("/chart-view/empty-series", test_empty_series);

  return g_test_run ();
}
