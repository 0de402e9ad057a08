/* lc-range-popover.c: choosing the range of days to query
 *
 * GtkCalendar speaks GDateTime. Its dates are built in UTC from the platform's year, month and
 * day and read back the same way, so the machine's time zone never shifts a day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-range-popover"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-app-logic.h"
#include "lc-range-popover.h"

struct _LcRangePopover
{
  GtkPopover   parent_instance;

  /* Template widgets */
  GtkCalendar *start_calendar;
  GtkCalendar *end_calendar;
  GtkLabel    *status_label;
  GtkButton   *apply_button;

  LcDay        today;
  LcRange      range;
  char        *problem;
  gboolean     updating_calendars;
};

G_DEFINE_FINAL_TYPE (LcRangePopover, lc_range_popover, GTK_TYPE_POPOVER)

enum
{
  RANGE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
select_day (GtkCalendar *calendar,
            LcDay        day)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) date = NULL;
  int year, month, mday;

  lc_day_to_ymd (day, &year, &month, &mday);
  date = g_date_time_new (utc, year, month, mday, 0, 0, 0);
  if (date != NULL)
    gtk_calendar_select_day (calendar, date);
}

static LcDay
get_selected_day (GtkCalendar *calendar,
                  LcDay        fallback)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);
  int year, month, mday;
  LcDay day;

  g_date_time_get_ymd (date, &year, &month, &mday);
  if (!lc_day_from_ymd (year, month, mday, &day))
    return fallback;

  return day;
}

/* Explains what is wrong with the range, or how long it is, and allows applying only what the
 * API can serve: the Apply button follows its action's state. */
static void
update_status (LcRangePopover *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_days;

  g_clear_pointer (&self->problem, g_free);

  if (!lc_range_validate (self->range, self->today, &error))
    {
      self->problem = g_strdup (error->message);
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "range.apply", FALSE);
      return;
    }

  n_days = lc_range_get_n_days (self->range);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n_days), n_days);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "range.apply", TRUE);
}

static void
day_selected_cb (GtkCalendar    *calendar,
                 LcRangePopover *self)
{
  if (self->updating_calendars)
    return;

  self->range.start = get_selected_day (self->start_calendar, self->range.start);
  self->range.end = get_selected_day (self->end_calendar, self->range.end);
  update_status (self);
}

static void
apply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LcRangePopover *self = LC_RANGE_POPOVER (widget);

  if (self->problem != NULL)
    return;

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[RANGE_CHOSEN], 0, self->range.start, self->range.end, NULL);
}

static void
preset_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  lc_range_popover_choose_preset (LC_RANGE_POPOVER (widget), g_variant_get_string (parameter, NULL));
}

static void
lc_range_popover_finalize (GObject *object)
{
  LcRangePopover *self = LC_RANGE_POPOVER (object);

  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (lc_range_popover_parent_class)->finalize (object);
}

static void
lc_range_popover_class_init (LcRangePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lc_range_popover_finalize;

  /* Emitted with the first and last day (LcDay values) and, for a preset, its id. */
  signals[RANGE_CHOSEN] = g_signal_new ("range-chosen", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                        G_TYPE_INT, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liveconcurrency/LiveConcurrency/"
                                               "ui/lc-range-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, LcRangePopover, start_calendar);
  gtk_widget_class_bind_template_child (widget_class, LcRangePopover, end_calendar);
  gtk_widget_class_bind_template_child (widget_class, LcRangePopover, status_label);
  gtk_widget_class_bind_template_child (widget_class, LcRangePopover, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "range.apply", NULL, apply_activated);
  gtk_widget_class_install_action (widget_class, "range.preset", "s", preset_activated);
}

/* GTK 4.8 draws the calendar's four arrow buttons as bare icons, with neither a tooltip nor a
 * name a screen reader could say. Its header holds them in a fixed order around the month and
 * the year; a calendar built differently, as later versions may be, is left as it is. */
static void
name_calendar_arrows (GtkCalendar *calendar)
{
  const char *names[] = {
    N_("Previous Month"), N_("Next Month"), N_("Previous Year"), N_("Next Year"),
  };
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (calendar));
  GtkWidget *arrows[G_N_ELEMENTS (names)];
  guint n_arrows = 0;

  if (header == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (header);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_BUTTON (child))
        continue;
      if (n_arrows == G_N_ELEMENTS (arrows))
        return;
      arrows[n_arrows++] = child;
    }

  if (n_arrows != G_N_ELEMENTS (arrows))
    return;

  for (guint i = 0; i < n_arrows; i++)
    {
      if (gtk_widget_get_tooltip_text (arrows[i]) == NULL)
        gtk_widget_set_tooltip_text (arrows[i], _(names[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrows[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(names[i]),
                                      -1);
    }
}

static void
lc_range_popover_init (LcRangePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  name_calendar_arrows (self->start_calendar);
  name_calendar_arrows (self->end_calendar);
}

GtkWidget *
lc_range_popover_new (void)
{
  return g_object_new (LC_TYPE_RANGE_POPOVER, NULL);
}

void
lc_range_popover_set_today (LcRangePopover *self,
                            LcDay           today)
{
  g_return_if_fail (LC_IS_RANGE_POPOVER (self));

  self->today = today;
  update_status (self);
}

void
lc_range_popover_set_range (LcRangePopover *self,
                            LcRange         range)
{
  g_return_if_fail (LC_IS_RANGE_POPOVER (self));

  self->range = range;

  self->updating_calendars = TRUE;
  select_day (self->start_calendar, range.start);
  select_day (self->end_calendar, range.end);
  self->updating_calendars = FALSE;

  update_status (self);
}

LcRange
lc_range_popover_get_range (LcRangePopover *self)
{
  LcRange none = { 0, 0 };

  g_return_val_if_fail (LC_IS_RANGE_POPOVER (self), none);

  return self->range;
}

gboolean
lc_range_popover_get_valid (LcRangePopover *self)
{
  g_return_val_if_fail (LC_IS_RANGE_POPOVER (self), FALSE);

  return self->problem == NULL;
}

/* Returns why the range cannot be applied, or NULL when it can. */
const char *
lc_range_popover_get_problem (LcRangePopover *self)
{
  g_return_val_if_fail (LC_IS_RANGE_POPOVER (self), NULL);

  return self->problem;
}

/* A preset is applied at once: it is always a range the API can serve. */
void
lc_range_popover_choose_preset (LcRangePopover *self,
                                const char     *preset_id)
{
  LcPreset preset;

  g_return_if_fail (LC_IS_RANGE_POPOVER (self));

  if (!lc_preset_from_id (preset_id, &preset))
    return;

  lc_range_popover_set_range (self, lc_preset_get_range (preset, self->today));
  if (self->problem != NULL)
    return;

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[RANGE_CHOSEN], 0, self->range.start, self->range.end, preset_id);
}
