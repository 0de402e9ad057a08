/* lc-series.c: a compact, columnar time series of concurrent viewers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-series"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lc-series.h"

struct _LcSeries
{
  gatomicrefcount  ref_count;
  guint            length;
  guint            capacity;
  LcMinute        *minutes;
  guint32         *viewers;
};

G_DEFINE_BOXED_TYPE (LcSeries, lc_series, lc_series_ref, lc_series_unref)

/**
 * lc_series_new:
 * @reserved_points: how many points to make room for up front; 0 is fine
 *
 * Returns: (transfer full): a new, empty series
 */
LcSeries *
lc_series_new (guint reserved_points)
{
  LcSeries *self = g_new0 (LcSeries, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->capacity = reserved_points;
  if (reserved_points > 0)
    {
      self->minutes = g_new (LcMinute, reserved_points);
      self->viewers = g_new (guint32, reserved_points);
    }

  return self;
}

LcSeries *
lc_series_ref (LcSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
lc_series_unref (LcSeries *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->minutes);
  g_free (self->viewers);
  g_free (self);
}

static void
lc_series_reserve (LcSeries *self,
                   guint     capacity)
{
  if (capacity <= self->capacity)
    return;

  self->minutes = g_renew (LcMinute, self->minutes, capacity);
  self->viewers = g_renew (guint32, self->viewers, capacity);
  self->capacity = capacity;
}

/**
 * lc_series_append:
 *
 * Adds one point. Points may come in any order and more than once; call lc_series_normalize()
 * once they are all in, before anything reads the series.
 */
void
lc_series_append (LcSeries *self,
                  LcMinute  minute,
                  guint32   viewers)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->length < G_MAXUINT / 2);

  if (self->length == self->capacity)
    lc_series_reserve (self, MAX (64, self->capacity * 2));

  self->minutes[self->length] = minute;
  self->viewers[self->length] = viewers;
  self->length++;
}

static gboolean
is_strictly_ascending_and_active (const LcSeries *self)
{
  for (guint i = 0; i < self->length; i++)
    {
      if (self->viewers[i] == 0)
        return FALSE;
      if (i > 0 && self->minutes[i - 1] >= self->minutes[i])
        return FALSE;
    }

  return TRUE;
}

/* One point packed into a single integer whose order is time first, then viewers, so that a
 * plain integer sort puts points in time order with the largest count of a minute last. */
static guint64
pack_point (LcMinute minute,
            guint32  viewers)
{
  guint32 biased_minute = (guint32) minute ^ 0x80000000u;

  return ((guint64) biased_minute << 32) | viewers;
}

static int
compare_packed_points (const void *a,
                       const void *b)
{
  guint64 point_a = *(const guint64 *) a;
  guint64 point_b = *(const guint64 *) b;

  return (point_a > point_b) - (point_a < point_b);
}

/**
 * lc_series_normalize:
 *
 * Puts the points in ascending time order, keeps one point per minute and drops minutes with
 * no viewers. When the source reported the same minute twice with different counts, the larger
 * count is kept: the result then does not depend on the order rows arrived in.
 */
void
lc_series_normalize (LcSeries *self)
{
  g_autofree guint64 *packed = NULL;
  guint kept = 0;

  g_return_if_fail (self != NULL);

  /* The API answers in time order, so this is almost always all there is to do. */
  if (is_strictly_ascending_and_active (self))
    return;

  packed = g_new (guint64, self->length);
  for (guint i = 0; i < self->length; i++)
    packed[i] = pack_point (self->minutes[i], self->viewers[i]);
  qsort (packed, self->length, sizeof (guint64), compare_packed_points);

  for (guint i = 0; i < self->length; i++)
    {
      LcMinute minute = (LcMinute) ((guint32) (packed[i] >> 32) ^ 0x80000000u);
      guint32 viewers = (guint32) packed[i];

      if (viewers == 0)
        continue;

      /* Sorted by count within a minute: a later point of the same minute is larger. */
      if (kept > 0 && self->minutes[kept - 1] == minute)
        kept--;

      self->minutes[kept] = minute;
      self->viewers[kept] = viewers;
      kept++;
    }
  self->length = kept;
}

/**
 * lc_series_merge:
 * @parts: (array length=n_parts): normalized series, typically one per chunk of a range
 *
 * Returns: (transfer full): one normalized series holding every point of @parts
 */
LcSeries *
lc_series_merge (LcSeries *const *parts,
                 guint            n_parts)
{
  LcSeries *merged;
  guint64 total = 0;

  g_return_val_if_fail (parts != NULL || n_parts == 0, NULL);

  for (guint i = 0; i < n_parts; i++)
    total += parts[i]->length;
  g_return_val_if_fail (total < G_MAXUINT / 2, NULL);

  merged = lc_series_new ((guint) total);
  for (guint i = 0; i < n_parts; i++)
    {
      /* An empty part may have no arrays at all, and memcpy wants real pointers. */
      if (parts[i]->length == 0)
        continue;

      memcpy (merged->minutes + merged->length, parts[i]->minutes,
              parts[i]->length * sizeof (LcMinute));
      memcpy (merged->viewers + merged->length, parts[i]->viewers,
              parts[i]->length * sizeof (guint32));
      merged->length += parts[i]->length;
    }

  /* Chunks in time order that do not overlap concatenate into an already sorted series; any
   * overlap or disorder is sorted out here. */
  lc_series_normalize (merged);

  return merged;
}

/**
 * lc_series_slice:
 *
 * Returns: (transfer full): a new series with the points of @self in [@from, @to)
 */
LcSeries *
lc_series_slice (const LcSeries *self,
                 LcMinute        from,
                 LcMinute        to)
{
  LcSeries *slice;
  guint first, last;

  g_return_val_if_fail (self != NULL, NULL);

  first = lc_series_lower_bound (self, from);
  last = MAX (first, lc_series_lower_bound (self, to));

  slice = lc_series_new (last - first);
  if (last == first)
    return slice;

  memcpy (slice->minutes, self->minutes + first, (last - first) * sizeof (LcMinute));
  memcpy (slice->viewers, self->viewers + first, (last - first) * sizeof (guint32));
  slice->length = last - first;

  return slice;
}

guint
lc_series_get_length (const LcSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

/**
 * lc_series_get_minutes:
 *
 * Returns: (transfer none) (array): the minutes of the points, ascending
 */
const LcMinute *
lc_series_get_minutes (const LcSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->minutes;
}

/**
 * lc_series_get_viewers:
 *
 * Returns: (transfer none) (array): the viewers of each point, in the same order as the minutes
 */
const guint32 *
lc_series_get_viewers (const LcSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->viewers;
}

/**
 * lc_series_get_memory_size:
 *
 * Returns: the bytes the series holds on the heap, for benchmarks and budgets
 */
gsize
lc_series_get_memory_size (const LcSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self + (gsize) self->capacity * (sizeof (LcMinute) + sizeof (guint32));
}

/**
 * lc_series_lower_bound:
 *
 * Returns: the index of the first point at or after @minute, or the length if there is none
 */
guint
lc_series_lower_bound (const LcSeries *self,
                       LcMinute        minute)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (self != NULL, 0);

  high = self->length;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (self->minutes[middle] < minute)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/**
 * lc_series_get_viewers_at:
 *
 * Returns: the viewers in @minute; zero for a minute the series does not hold
 */
guint32
lc_series_get_viewers_at (const LcSeries *self,
                          LcMinute        minute)
{
  guint index;

  g_return_val_if_fail (self != NULL, 0);

  index = lc_series_lower_bound (self, minute);
  if (index < self->length && self->minutes[index] == minute)
    return self->viewers[index];

  return 0;
}

gboolean
lc_series_equal (const LcSeries *a,
                 const LcSeries *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->length != b->length)
    return FALSE;
  if (a->length == 0)
    return TRUE;

  return memcmp (a->minutes, b->minutes, a->length * sizeof (LcMinute)) == 0
         && memcmp (a->viewers, b->viewers, a->length * sizeof (guint32)) == 0;
}

/**
 * lc_series_get_stats:
 *
 * Summarises the series. The average is taken over minutes that had viewers, because an
 * average diluted by the hours between live events says nothing about any of them.
 *
 * Returns: %FALSE, leaving @out_stats zeroed, if the series has no points
 */
gboolean
lc_series_get_stats (const LcSeries *self,
                     LcSeriesStats  *out_stats)
{
  LcSeriesStats stats = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_stats != NULL, FALSE);

  *out_stats = stats;
  if (self->length == 0)
    return FALSE;

  for (guint i = 0; i < self->length; i++)
    {
      stats.viewer_minutes += self->viewers[i];
      if (self->viewers[i] > stats.peak_viewers)
        {
          stats.peak_viewers = self->viewers[i];
          stats.peak_minute = self->minutes[i];
        }
    }
  stats.active_minutes = self->length;
  stats.average_viewers = (double) stats.viewer_minutes / self->length;
  stats.first_minute = self->minutes[0];
  stats.last_minute = self->minutes[self->length - 1];

  *out_stats = stats;

  return TRUE;
}

static void
close_event (LcEvent *event)
{
  event->duration_minutes = (guint) (event->end - event->start) + 1;
  event->average_viewers = (double) event->viewer_minutes / event->active_minutes;
}

/**
 * lc_series_find_events:
 * @gap_minutes: how many quiet minutes in a row end an event; at least 1
 *
 * Splits the series into events: stretches of activity with fewer than @gap_minutes quiet
 * minutes inside them. A live stream that briefly loses every viewer stays one event, while
 * the morning show and the evening show become two.
 *
 * Returns: (transfer full) (element-type LcEvent): the events in time order
 */
GArray *
lc_series_find_events (const LcSeries *self,
                       guint           gap_minutes)
{
  GArray *events;
  LcEvent event = { 0 };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (gap_minutes > 0, NULL);

  events = g_array_new (FALSE, FALSE, sizeof (LcEvent));

  for (guint i = 0; i < self->length; i++)
    {
      LcMinute minute = self->minutes[i];
      guint32 viewers = self->viewers[i];

      if (i > 0 && (gint64) minute - event.end - 1 >= gap_minutes)
        {
          close_event (&event);
          g_array_append_val (events, event);
        }

      if (i == 0 || (gint64) minute - event.end - 1 >= gap_minutes)
        {
          memset (&event, 0, sizeof event);
          event.start = minute;
        }

      event.end = minute;
      event.active_minutes++;
      event.viewer_minutes += viewers;
      if (viewers > event.peak_viewers)
        {
          event.peak_viewers = viewers;
          event.peak_minute = minute;
        }
    }

  if (self->length > 0)
    {
      close_event (&event);
      g_array_append_val (events, event);
    }

  return events;
}
