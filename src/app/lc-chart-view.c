/* lc-chart-view.c: the interactive chart of concurrent viewers in the main window
 *
 * The chart is drawn in two layers. The data layer (axes, events, area, line, peak) comes from
 * the core renderer into a texture that is kept until the size, the visible window, the data
 * or the style change. The hover layer (crosshair, dot, tooltip, the Shift-drag selection) is
 * drawn over it on every frame with a handful of snapshot nodes, so moving the pointer never
 * draws the data again. A counter of data-layer renders lets the tests check exactly that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-chart-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "lc-chart-view.h"
#include "lc-export.h"

/* How much one wheel notch or one + / − press zooms, and how far an arrow press pans. */
#define ZOOM_STEP      1.25
#define KEY_ZOOM_STEP  1.5
#define KEY_PAN_SHARE  0.1

/* A Shift-drag shorter than this, in pixels, is a click rather than a selection. */
#define MIN_SELECTION_PIXELS 4

struct _LcChartView
{
  GtkWidget        parent_instance;

  /* What is shown. */
  LcSeries        *series;
  LcChartPyramid  *pyramid;
  GArray          *events;
  LcMinute         full_from;      /* what reset shows, and the limits of panning */
  LcMinute         full_to;
  LcMinute         from;           /* the visible window, [from, to) */
  LcMinute         to;
  gboolean         dark;

  /* The data layer, and what it was drawn for. */
  GdkTexture      *data_texture;
  int              texture_width;
  int              texture_height;
  int              texture_scale;
  gboolean         data_stale;
  LcChartLayout    layout;
  gboolean         has_layout;
  guint            data_render_count;

  /* The hover layer. */
  gboolean         has_hit;
  LcChartHit       hit;
  double           pointer_x;

  /* Gestures in progress. */
  LcMinute         gesture_from;   /* the window when a drag or a pinch began */
  LcMinute         gesture_to;
  double           gesture_anchor; /* the minute under the fingers when a pinch began */
  double           drag_start_x;
  gboolean         selecting;
  double           selection_x0;
  double           selection_x1;
};

G_DEFINE_FINAL_TYPE (LcChartView, lc_chart_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_VISIBLE_WINDOW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_accessible_description (LcChartView *self)
{
  g_autofree char *description = lc_chart_describe (self->pyramid, self->from, self->to);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Concurrent viewers chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
invalidate_data (LcChartView *self)
{
  self->data_stale = TRUE;
  self->has_hit = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keeps a window inside the full window and no narrower than the chart's smallest, moving it
 * rather than shrinking it where possible. */
static void
clamp_window (LcChartView *self,
              gint64      *from,
              gint64      *to)
{
  gint64 full_span = (gint64) self->full_to - self->full_from;
  gint64 span = *to - *from;

  span = CLAMP (span, MIN (LC_CHART_MIN_WINDOW_MINUTES, full_span), full_span);
  if (*from < self->full_from)
    *from = self->full_from;
  if (*from + span > self->full_to)
    *from = self->full_to - span;
  *to = *from + span;
}

static void
apply_window (LcChartView *self,
              gint64       from,
              gint64       to)
{
  clamp_window (self, &from, &to);
  if (from == self->from && to == self->to)
    return;

  self->from = (LcMinute) from;
  self->to = (LcMinute) to;
  invalidate_data (self);
  update_accessible_description (self);
  g_signal_emit (self, signals[SIGNAL_VISIBLE_WINDOW_CHANGED], 0, self->from, self->to);
}

/* The minute at x in the visible window, over the plot of the last data layer (whose
 * margins barely move as the window changes), or the middle before any was drawn. */
static double
minute_at_x (LcChartView *self,
             double       x)
{
  double span = (double) self->to - self->from;

  if (!self->has_layout)
    return self->from + span / 2;

  return self->from + CLAMP ((x - self->layout.plot_x) / MAX (1, self->layout.plot_width), 0, 1)
                      * span;
}

/* Zooms by factor (above 1 zooms in) keeping the minute at anchor where it is on screen. */
static void
zoom_around (LcChartView *self,
             LcMinute     base_from,
             LcMinute     base_to,
             double       factor,
             double       anchor)
{
  double base_span = MAX (1, (double) base_to - base_from);
  double span = base_span / factor;
  double share = CLAMP ((anchor - base_from) / base_span, 0, 1);
  double from = anchor - share * span;

  apply_window (self, (gint64) llround (from), (gint64) llround (from + MAX (1, span)));
}

static void
update_hover (LcChartView *self,
              double       x)
{
  gboolean had_hit = self->has_hit;

  self->pointer_x = x;
  self->has_hit = self->has_layout && !self->data_stale
                  && lc_chart_hit_test (self->pyramid, &self->layout, x, &self->hit);
  if (self->has_hit || had_hit)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Input --------------------------------------------------------------------------------- */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LcChartView              *self)
{
  update_hover (self, x);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          LcChartView              *self)
{
  if (self->has_hit)
    {
      self->has_hit = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LcChartView              *self)
{
  if (dy == 0 || self->series == NULL)
    return FALSE;

  /* Scrolling up or away zooms in, as in maps and most charts. */
  zoom_around (self, self->from, self->to, pow (ZOOM_STEP, -dy),
               minute_at_x (self, self->pointer_x));

  return TRUE;
}

static void
pointer_enter_cb (GtkEventControllerMotion *controller,
                  double                    x,
                  double                    y,
                  LcChartView              *self)
{
  self->pointer_x = x;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               LcChartView      *self)
{
  double x;
  double y;

  self->gesture_from = self->from;
  self->gesture_to = self->to;
  /* Between the fingers; the pointer's last place if the gesture has no touch points. */
  if (!gtk_gesture_is_active (gesture) || !gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    x = self->pointer_x;
  self->gesture_anchor = minute_at_x (self, x);
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       LcChartView    *self)
{
  if (scale > 0)
    zoom_around (self, self->gesture_from, self->gesture_to, scale, self->gesture_anchor);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               LcChartView    *self)
{
  GtkEventController *controller = GTK_EVENT_CONTROLLER (gesture);
  GdkModifierType     modifiers = gtk_event_controller_get_current_event_state (controller);

  self->gesture_from = self->from;
  self->gesture_to = self->to;
  self->drag_start_x = x;
  self->selecting = (modifiers & GDK_SHIFT_MASK) != 0;
  self->selection_x0 = self->selection_x1 = x;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                LcChartView    *self)
{
  if (self->selecting)
    {
      /* The selection belongs to the hover layer: the data is not drawn again. */
      self->selection_x1 = self->drag_start_x + offset_x;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (self->series != NULL)
    {
      double shift = offset_x * ((double) self->gesture_to - self->gesture_from)
                     / MAX (1, self->has_layout ? self->layout.plot_width : 1);

      apply_window (self, self->gesture_from - (gint64) llround (shift),
                    self->gesture_to - (gint64) llround (shift));
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             LcChartView    *self)
{
  if (!self->selecting)
    return;

  self->selecting = FALSE;
  if (fabs (offset_x) >= MIN_SELECTION_PIXELS && self->series != NULL)
    {
      double first = minute_at_x (self, MIN (self->selection_x0, self->selection_x1));
      double last = minute_at_x (self, MAX (self->selection_x0, self->selection_x1));

      apply_window (self, (gint64) floor (first), (gint64) ceil (last));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  LcChartView     *self)
{
  if (n_press == 2)
    lc_chart_view_reset_zoom (self);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LcChartView           *self)
{
  double middle = self->from + ((double) self->to - self->from) / 2;
  gint64 pan = MAX (1, (gint64) llround (((double) self->to - self->from) * KEY_PAN_SHARE));

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom_around (self, self->from, self->to, KEY_ZOOM_STEP, middle);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_underscore:
    case GDK_KEY_KP_Subtract:
      zoom_around (self, self->from, self->to, 1 / KEY_ZOOM_STEP, middle);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      apply_window (self, (gint64) self->from - pan, (gint64) self->to - pan);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      apply_window (self, (gint64) self->from + pan, (gint64) self->to + pan);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
    case GDK_KEY_Escape:
      lc_chart_view_reset_zoom (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
dark_changed_cb (AdwStyleManager *style_manager,
                 GParamSpec      *pspec,
                 LcChartView     *self)
{
  self->dark = adw_style_manager_get_dark (style_manager);
  invalidate_data (self);
}

/* Drawing ------------------------------------------------------------------------------- */

void
lc_chart_view_fill_input (LcChartView  *self,
                          LcChartInput *input)
{
  g_return_if_fail (LC_IS_CHART_VIEW (self));
  g_return_if_fail (input != NULL);

  lc_chart_input_init (input, self->series);
  input->pyramid = self->pyramid;
  input->from = self->from;
  input->to = self->to;
  input->style = self->dark ? LC_CHART_STYLE_DARK : LC_CHART_STYLE_LIGHT;
  if (self->events != NULL)
    {
      input->events = (const LcEvent *) (gpointer) self->events->data;
      input->n_events = self->events->len;
    }
}

static void
render_data_layer (LcChartView *self,
                   int          width,
                   int          height,
                   int          scale)
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  LcChartInput     input;
  g_autoptr (GBytes) pixels = NULL;

  lc_chart_view_fill_input (self, &input);
  input.width = width;
  input.height = height;
  input.scale = scale;
  input.transparent = TRUE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  lc_chart_render (cr, &input, &self->layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK's default memory format, so the pixels go over as they are. */
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * height * scale);
  g_clear_object (&self->data_texture);
  self->data_texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT,
                                               pixels, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);

  self->texture_width = width;
  self->texture_height = height;
  self->texture_scale = scale;
  self->has_layout = TRUE;
  self->data_stale = FALSE;
  self->data_render_count++;
}

static void
append_rounded_box (GtkSnapshot           *snapshot,
                    const graphene_rect_t *bounds,
                    double                 radius,
                    const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, bounds, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, bounds);
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_hover (LcChartView *self,
                GtkSnapshot *snapshot,
                int          width)
{
  const LcChartLayout *layout = &self->layout;
  GdkRGBA              crosshair = self->dark ? (GdkRGBA) { 1, 1, 1, 0.45 }
                                              : (GdkRGBA) { 0, 0, 0, 0.35 };
  GdkRGBA              dot = self->dark ? (GdkRGBA) { 0x78 / 255.0, 0xae / 255.0, 0xed / 255.0, 1 }
                                        : (GdkRGBA) { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1 };
  GdkRGBA              box = self->dark ? (GdkRGBA) { 0.22, 0.22, 0.22, 0.96 }
                                        : (GdkRGBA) { 1, 1, 1, 0.96 };
  GdkRGBA              border = self->dark ? (GdkRGBA) { 1, 1, 1, 0.15 }
                                           : (GdkRGBA) { 0, 0, 0, 0.15 };
  GdkRGBA              text = self->dark ? (GdkRGBA) { 1, 1, 1, 0.9 }
                                         : (GdkRGBA) { 0, 0, 0, 0.85 };
  g_autofree char     *when = lc_chart_format_minute (self->hit.minute);
  g_autofree char     *count = lc_chart_format_viewers (self->hit.viewers);
  g_autofree char     *label = NULL;
  g_autoptr (PangoLayout) pango = NULL;
  int                  text_width;
  int                  text_height;
  double               box_x;
  double               box_y;
  graphene_rect_t      bounds;

  /* The crosshair: a vertical rule across the plot and a dot on the line. */
  gtk_snapshot_append_color (snapshot, &crosshair,
                             &GRAPHENE_RECT_INIT (floor (self->hit.x), layout->plot_y, 1,
                                                  layout->plot_height));
  bounds = GRAPHENE_RECT_INIT (self->hit.x - 5, self->hit.y - 5, 10, 10);
  append_rounded_box (snapshot, &bounds, 5, &box);
  bounds = GRAPHENE_RECT_INIT (self->hit.x - 3.5, self->hit.y - 3.5, 7, 7);
  append_rounded_box (snapshot, &bounds, 3.5, &dot);

  /* TRANSLATORS: the chart's tooltip: a date and time, then a count of viewers. */
  label = g_strdup_printf (ngettext ("%s\n%s viewer", "%s\n%s viewers", self->hit.viewers), when,
                           count);
  pango = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
  pango_layout_get_pixel_size (pango, &text_width, &text_height);

  /* Beside the crosshair, on whichever side has room, near the top of the plot. */
  box_x = self->hit.x + 12;
  if (box_x + text_width + 16 > width)
    box_x = self->hit.x - 12 - text_width - 16;
  box_x = MAX (0, box_x);
  box_y = layout->plot_y + 8;

  bounds = GRAPHENE_RECT_INIT (box_x - 1, box_y - 1, text_width + 18, text_height + 14);
  append_rounded_box (snapshot, &bounds, 7, &border);
  bounds = GRAPHENE_RECT_INIT (box_x, box_y, text_width + 16, text_height + 12);
  append_rounded_box (snapshot, &bounds, 6, &box);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box_x + 8, box_y + 6));
  gtk_snapshot_append_layout (snapshot, pango, &text);
  gtk_snapshot_restore (snapshot);
}

static void
lc_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LcChartView *self = LC_CHART_VIEW (widget);
  int          width = gtk_widget_get_width (widget);
  int          height = gtk_widget_get_height (widget);
  int          scale = gtk_widget_get_scale_factor (widget);

  if (width <= 0 || height <= 0)
    return;

  if (self->data_texture == NULL || self->data_stale || self->texture_width != width
      || self->texture_height != height || self->texture_scale != scale)
    {
      render_data_layer (self, width, height, scale);
      if (self->has_hit)
        self->has_hit = lc_chart_hit_test (self->pyramid, &self->layout, self->pointer_x,
                                           &self->hit);
    }

  gtk_snapshot_append_texture (snapshot, self->data_texture,
                               &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->selecting)
    {
      GdkRGBA selection = self->dark ? (GdkRGBA) { 0.47, 0.68, 0.93, 0.25 }
                                     : (GdkRGBA) { 0.21, 0.52, 0.89, 0.2 };
      double  left = CLAMP (MIN (self->selection_x0, self->selection_x1), self->layout.plot_x,
                            self->layout.plot_x + self->layout.plot_width);
      double  right = CLAMP (MAX (self->selection_x0, self->selection_x1), self->layout.plot_x,
                             self->layout.plot_x + self->layout.plot_width);

      gtk_snapshot_append_color (snapshot, &selection,
                                 &GRAPHENE_RECT_INIT (left, self->layout.plot_y, right - left,
                                                      self->layout.plot_height));
    }
  else if (self->has_hit && self->series != NULL)
    {
      snapshot_hover (self, snapshot, width);
    }
}

static void
lc_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* Small enough for a narrow window, large enough for the axes to stay readable. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 400;
}

/* Lifecycle ----------------------------------------------------------------------------- */

static void
lc_chart_view_dispose (GObject *object)
{
  LcChartView *self = LC_CHART_VIEW (object);

  g_clear_object (&self->data_texture);
  g_clear_pointer (&self->pyramid, lc_chart_pyramid_unref);
  g_clear_pointer (&self->series, lc_series_unref);
  g_clear_pointer (&self->events, g_array_unref);

  G_OBJECT_CLASS (lc_chart_view_parent_class)->dispose (object);
}

static void
lc_chart_view_class_init (LcChartViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lc_chart_view_dispose;
  widget_class->snapshot = lc_chart_view_snapshot;
  widget_class->measure = lc_chart_view_measure;

  /**
   * LcChartView::visible-window-changed:
   * @from: the first visible minute
   * @to: the minute after the last visible one
   *
   * Emitted whenever zooming, panning or a call changes the visible window.
   */
  signals[SIGNAL_VISIBLE_WINDOW_CHANGED] =
    g_signal_new ("visible-window-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lc_chart_view_init (LcChartView *self)
{
  GtkWidget          *widget = GTK_WIDGET (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture         *zoom = gtk_gesture_zoom_new ();
  GtkGesture         *drag = gtk_gesture_drag_new ();
  GtkGesture         *click = gtk_gesture_click_new ();
  AdwStyleManager    *style_manager = adw_style_manager_get_default ();

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  lc_chart_get_series_window (NULL, &self->full_from, &self->full_to);
  self->from = self->full_from;
  self->to = self->full_to;
  self->data_stale = TRUE;

  g_signal_connect (motion, "enter", G_CALLBACK (pointer_enter_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, scroll);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (widget, keys);

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  self->dark = adw_style_manager_get_dark (style_manager);
  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, 0);

  update_accessible_description (self);
}

/* Public API ---------------------------------------------------------------------------- */

GtkWidget *
lc_chart_view_new (void)
{
  return g_object_new (LC_TYPE_CHART_VIEW, NULL);
}

/**
 * lc_chart_view_set_series:
 * @series: (nullable): the series to show, not changed from now on
 *
 * Shows @series whole, its events shaded. Building the min/max pyramid takes about a
 * millisecond for a year of minutes, so it is done here rather than in a thread.
 */
void
lc_chart_view_set_series (LcChartView *self,
                          LcSeries    *series)
{
  LcMinute from;
  LcMinute to;

  g_return_if_fail (LC_IS_CHART_VIEW (self));

  if (series != NULL)
    lc_series_ref (series);
  g_clear_pointer (&self->series, lc_series_unref);
  g_clear_pointer (&self->pyramid, lc_chart_pyramid_unref);
  g_clear_pointer (&self->events, g_array_unref);
  self->series = series;
  if (series != NULL)
    {
      self->pyramid = lc_chart_pyramid_new (series);
      self->events = lc_series_find_events (series, LC_EVENT_DEFAULT_GAP_MINUTES);
    }

  lc_chart_get_series_window (series, &from, &to);
  lc_chart_view_set_full_window (self, from, to);
  invalidate_data (self);
  update_accessible_description (self);
}

LcSeries *
lc_chart_view_get_series (LcChartView *self)
{
  g_return_val_if_fail (LC_IS_CHART_VIEW (self), NULL);

  return self->series;
}

/**
 * lc_chart_view_set_events:
 * @events: (nullable) (element-type LcEvent): the events to shade, replacing those found in
 *   the series
 */
void
lc_chart_view_set_events (LcChartView *self,
                          GArray      *events)
{
  g_return_if_fail (LC_IS_CHART_VIEW (self));

  if (events != NULL)
    g_array_ref (events);
  g_clear_pointer (&self->events, g_array_unref);
  self->events = events;
  invalidate_data (self);
}

/**
 * lc_chart_view_set_full_window:
 *
 * Sets what "show everything" shows, such as the whole range that was asked for even where
 * nobody watched, and shows it.
 */
void
lc_chart_view_set_full_window (LcChartView *self,
                               LcMinute     from,
                               LcMinute     to)
{
  g_return_if_fail (LC_IS_CHART_VIEW (self));

  self->full_from = from;
  self->full_to = MAX ((gint64) from + 1, (gint64) to);
  lc_chart_view_reset_zoom (self);
}

void
lc_chart_view_set_visible_window (LcChartView *self,
                                  LcMinute     from,
                                  LcMinute     to)
{
  g_return_if_fail (LC_IS_CHART_VIEW (self));

  apply_window (self, from, to);
}

void
lc_chart_view_get_visible_window (LcChartView *self,
                                  LcMinute    *out_from,
                                  LcMinute    *out_to)
{
  g_return_if_fail (LC_IS_CHART_VIEW (self));

  if (out_from != NULL)
    *out_from = self->from;
  if (out_to != NULL)
    *out_to = self->to;
}

void
lc_chart_view_reset_zoom (LcChartView *self)
{
  g_return_if_fail (LC_IS_CHART_VIEW (self));

  apply_window (self, self->full_from, self->full_to);
}

/**
 * lc_chart_view_focus_range:
 * @first: the first minute to show
 * @last: the last minute to show, included
 *
 * Zooms to a stretch of time, such as one event, with a little room on either side.
 */
void
lc_chart_view_focus_range (LcChartView *self,
                           LcMinute     first,
                           LcMinute     last)
{
  gint64 span;
  gint64 margin;

  g_return_if_fail (LC_IS_CHART_VIEW (self));

  span = MAX (1, (gint64) last - first + 1);
  margin = MAX (2, span / 10);
  apply_window (self, first - margin, (gint64) last + 1 + margin);
}

/**
 * lc_chart_view_render_png:
 *
 * The chart as it is shown (window, events, style), drawn at another size into a PNG: what
 * "Copy chart" puts on the clipboard.
 */
GBytes *
lc_chart_view_render_png (LcChartView *self,
                          int          width,
                          int          height,
                          double       scale,
                          GError     **error)
{
  LcChartInput input;

  g_return_val_if_fail (LC_IS_CHART_VIEW (self), NULL);

  lc_chart_view_fill_input (self, &input);
  input.width = width;
  input.height = height;
  input.scale = scale;

  return lc_export_png_bytes (&input, error);
}

/**
 * lc_chart_view_get_data_render_count:
 *
 * How many times the data layer was drawn: moving the pointer must not change it.
 */
guint
lc_chart_view_get_data_render_count (LcChartView *self)
{
  g_return_val_if_fail (LC_IS_CHART_VIEW (self), 0);

  return self->data_render_count;
}
