/* lc-range-popover.h: choosing the range of days to query
 *
 * Two calendars pick the first and last day; presets pick common ranges relative to today on
 * the platform's calendar. A range the API cannot serve is explained in place and cannot be
 * applied. The chosen range is announced with the "range-chosen" signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lc-date.h"

G_BEGIN_DECLS

#define LC_TYPE_RANGE_POPOVER (lc_range_popover_get_type ())

G_DECLARE_FINAL_TYPE (LcRangePopover, lc_range_popover, LC, RANGE_POPOVER, GtkPopover)

GtkWidget *lc_range_popover_new          (void);
void       lc_range_popover_set_today    (LcRangePopover *self,
                                          LcDay           today);
void       lc_range_popover_set_range    (LcRangePopover *self,
                                          LcRange         range);
LcRange    lc_range_popover_get_range    (LcRangePopover *self);
gboolean   lc_range_popover_get_valid    (LcRangePopover *self);
const char *lc_range_popover_get_problem (LcRangePopover *self);
void       lc_range_popover_choose_preset (LcRangePopover *self,
                                           const char     *preset_id);

G_END_DECLS
