/* lc-series-model.c: the minute-by-minute table, as a list model over a columnar series
 *
 * Positions map to points of the series through an optional permutation of 32-bit indices
 * (four bytes a row); time order needs none. A change of order starts a worker that sorts
 * 64-bit keys built from (viewers, index), which is both fast and stable, and the newest
 * request always wins: an older worker's result is dropped when it arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-series-model"

#include "config.h"

#include "lc-series-model.h"

struct _LcSeriesRow
{
  GObject  parent_instance;

  guint    index;
  LcMinute minute;
  guint32  viewers;
};

G_DEFINE_FINAL_TYPE (LcSeriesRow, lc_series_row, G_TYPE_OBJECT)

static void
lc_series_row_class_init (LcSeriesRowClass *klass)
{
}

static void
lc_series_row_init (LcSeriesRow *self)
{
}

guint
lc_series_row_get_index (LcSeriesRow *self)
{
  g_return_val_if_fail (LC_IS_SERIES_ROW (self), 0);

  return self->index;
}

LcMinute
lc_series_row_get_minute (LcSeriesRow *self)
{
  g_return_val_if_fail (LC_IS_SERIES_ROW (self), 0);

  return self->minute;
}

guint32
lc_series_row_get_viewers (LcSeriesRow *self)
{
  g_return_val_if_fail (LC_IS_SERIES_ROW (self), 0);

  return self->viewers;
}

struct _LcEventRow
{
  GObject parent_instance;

  LcEvent event;
};

G_DEFINE_FINAL_TYPE (LcEventRow, lc_event_row, G_TYPE_OBJECT)

static void
lc_event_row_class_init (LcEventRowClass *klass)
{
}

static void
lc_event_row_init (LcEventRow *self)
{
}

LcEventRow *
lc_event_row_new (const LcEvent *event)
{
  LcEventRow *self;

  g_return_val_if_fail (event != NULL, NULL);

  self = g_object_new (LC_TYPE_EVENT_ROW, NULL);
  self->event = *event;

  return self;
}

const LcEvent *
lc_event_row_get_event (LcEventRow *self)
{
  g_return_val_if_fail (LC_IS_EVENT_ROW (self), NULL);

  return &self->event;
}

struct _LcSeriesModel
{
  GObject        parent_instance;

  LcSeries      *series;
  guint32       *permutation; /* NULL means time order */
  LcSeriesOrder  order;       /* what was asked for, even while the worker runs */
  GCancellable  *sort_cancellable;
  guint          sort_generation;
};

enum
{
  PROP_0,
  PROP_ORDER,
  PROP_SORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void lc_series_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LcSeriesModel, lc_series_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      lc_series_model_list_model_init))

static GType
lc_series_model_get_item_type (GListModel *model)
{
  return LC_TYPE_SERIES_ROW;
}

static guint
lc_series_model_get_n_items (GListModel *model)
{
  LcSeriesModel *self = LC_SERIES_MODEL (model);

  return self->series != NULL ? lc_series_get_length (self->series) : 0;
}

static gpointer
lc_series_model_get_item (GListModel *model,
                          guint       position)
{
  LcSeriesModel *self = LC_SERIES_MODEL (model);
  LcSeriesRow *row;
  guint index;

  if (self->series == NULL || position >= lc_series_get_length (self->series))
    return NULL;

  index = lc_series_model_get_source_index (self, position);
  row = g_object_new (LC_TYPE_SERIES_ROW, NULL);
  row->index = index;
  row->minute = lc_series_get_minutes (self->series)[index];
  row->viewers = lc_series_get_viewers (self->series)[index];

  return row;
}

static void
lc_series_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lc_series_model_get_item_type;
  iface->get_n_items = lc_series_model_get_n_items;
  iface->get_item = lc_series_model_get_item;
}

static void
lc_series_model_dispose (GObject *object)
{
  LcSeriesModel *self = LC_SERIES_MODEL (object);

  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  g_clear_pointer (&self->series, lc_series_unref);
  g_clear_pointer (&self->permutation, g_free);

  G_OBJECT_CLASS (lc_series_model_parent_class)->dispose (object);
}

static void
lc_series_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LcSeriesModel *self = LC_SERIES_MODEL (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_int (value, self->order);
      break;

    case PROP_SORTING:
      g_value_set_boolean (value, lc_series_model_get_sorting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lc_series_model_class_init (LcSeriesModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lc_series_model_dispose;
  object_class->get_property = lc_series_model_get_property;

  properties[PROP_ORDER] =
    g_param_spec_int ("order", NULL, NULL,
                      LC_SERIES_ORDER_TIME_ASCENDING, LC_SERIES_ORDER_VIEWERS_DESCENDING,
                      LC_SERIES_ORDER_TIME_ASCENDING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* True while a worker computes the order that was asked for last. */
  properties[PROP_SORTING] =
    g_param_spec_boolean ("sorting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lc_series_model_init (LcSeriesModel *self)
{
  self->order = LC_SERIES_ORDER_TIME_ASCENDING;
}

LcSeriesModel *
lc_series_model_new (void)
{
  return g_object_new (LC_TYPE_SERIES_MODEL, NULL);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  guint64 key_a = *(const guint64 *) a;
  guint64 key_b = *(const guint64 *) b;

  return key_a < key_b ? -1 : key_a > key_b ? 1 : 0;
}

/* Returns the permutation that puts @series in @order, or NULL for plain time order. Each key
 * holds the viewers (or their complement, for descending order) above the point's index, so
 * keys are unique and equal viewers stay in time order. */
guint32 *
lc_series_order_compute (const LcSeries *series,
                         LcSeriesOrder   order)
{
  g_autofree guint64 *keys = NULL;
  const guint32 *viewers;
  guint32 *permutation;
  guint n_points;

  g_return_val_if_fail (series != NULL, NULL);

  n_points = lc_series_get_length (series);
  if (order == LC_SERIES_ORDER_TIME_ASCENDING)
    return NULL;

  permutation = g_new (guint32, MAX (n_points, 1));

  if (order == LC_SERIES_ORDER_TIME_DESCENDING)
    {
      for (guint i = 0; i < n_points; i++)
        permutation[i] = n_points - 1 - i;
      return permutation;
    }

  viewers = lc_series_get_viewers (series);
  keys = g_new (guint64, MAX (n_points, 1));
  for (guint i = 0; i < n_points; i++)
    {
      guint64 rank = order == LC_SERIES_ORDER_VIEWERS_ASCENDING ? viewers[i]
                                                                : G_MAXUINT32 - viewers[i];
      keys[i] = (rank << 32) | i;
    }

  qsort (keys, n_points, sizeof (guint64), compare_keys);

  for (guint i = 0; i < n_points; i++)
    permutation[i] = (guint32) (keys[i] & G_MAXUINT32);

  return permutation;
}

typedef struct
{
  LcSeries      *series;
  LcSeriesOrder  order;
  guint          generation;
} SortRequest;

static void
sort_request_free (SortRequest *request)
{
  g_clear_pointer (&request->series, lc_series_unref);
  g_free (request);
}

static void
sort_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SortRequest *request = task_data;
  guint32 *permutation;

  permutation = lc_series_order_compute (request->series, request->order);
  g_task_return_pointer (task, permutation, g_free);
}

static void
replace_permutation (LcSeriesModel *self,
                     guint32       *permutation)
{
  guint n_items = lc_series_model_get_n_items (G_LIST_MODEL (self));
  gboolean changed = self->permutation != NULL || permutation != NULL;

  g_clear_pointer (&self->permutation, g_free);
  self->permutation = permutation;

  /* From time order to time order, nothing moved. */
  if (changed && n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_items, n_items);
}

static void
sort_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LcSeriesModel *self = LC_SERIES_MODEL (object);
  SortRequest *request = g_task_get_task_data (G_TASK (result));
  g_autofree guint32 *permutation = NULL;
  g_autoptr (GError) error = NULL;

  permutation = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL || request->generation != self->sort_generation)
    return;

  g_clear_object (&self->sort_cancellable);
  replace_permutation (self, g_steal_pointer (&permutation));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
}

/* Starts a worker for the current series and order; whatever ran before is forgotten. */
static void
start_sort (LcSeriesModel *self)
{
  g_autoptr (GTask) task = NULL;
  SortRequest *request;
  gboolean was_sorting = lc_series_model_get_sorting (self);

  self->sort_generation++;
  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);

  /* Time order needs no work: the series is kept in it. */
  if (self->series == NULL || self->order == LC_SERIES_ORDER_TIME_ASCENDING)
    {
      replace_permutation (self, NULL);
      if (was_sorting)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
      return;
    }

  self->sort_cancellable = g_cancellable_new ();

  request = g_new0 (SortRequest, 1);
  request->series = lc_series_ref (self->series);
  request->order = self->order;
  request->generation = self->sort_generation;

  task = g_task_new (self, self->sort_cancellable, sort_finished_cb, NULL);
  g_task_set_source_tag (task, start_sort);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, request, (GDestroyNotify) sort_request_free);
  g_task_run_in_thread (task, sort_in_worker);

  if (!was_sorting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
}

/* The new series shows at once in time order, then in the chosen order when it is ready. */
void
lc_series_model_set_series (LcSeriesModel *self,
                            LcSeries      *series)
{
  guint old_n_items, new_n_items;

  g_return_if_fail (LC_IS_SERIES_MODEL (self));

  if (series == self->series)
    return;

  old_n_items = lc_series_model_get_n_items (G_LIST_MODEL (self));

  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  g_clear_pointer (&self->permutation, g_free);
  g_clear_pointer (&self->series, lc_series_unref);
  if (series != NULL)
    self->series = lc_series_ref (series);

  new_n_items = lc_series_model_get_n_items (G_LIST_MODEL (self));
  if (old_n_items > 0 || new_n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, new_n_items);

  start_sort (self);
}

LcSeries *
lc_series_model_get_series (LcSeriesModel *self)
{
  g_return_val_if_fail (LC_IS_SERIES_MODEL (self), NULL);

  return self->series;
}

void
lc_series_model_set_order (LcSeriesModel *self,
                           LcSeriesOrder  order)
{
  g_return_if_fail (LC_IS_SERIES_MODEL (self));
  g_return_if_fail (order <= LC_SERIES_ORDER_VIEWERS_DESCENDING);

  if (order == self->order)
    return;

  self->order = order;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);

  start_sort (self);
}

LcSeriesOrder
lc_series_model_get_order (LcSeriesModel *self)
{
  g_return_val_if_fail (LC_IS_SERIES_MODEL (self), LC_SERIES_ORDER_TIME_ASCENDING);

  return self->order;
}

gboolean
lc_series_model_get_sorting (LcSeriesModel *self)
{
  g_return_val_if_fail (LC_IS_SERIES_MODEL (self), FALSE);

  return self->sort_cancellable != NULL;
}

guint
lc_series_model_get_source_index (LcSeriesModel *self,
                                  guint          position)
{
  g_return_val_if_fail (LC_IS_SERIES_MODEL (self), 0);

  return self->permutation != NULL ? self->permutation[position] : position;
}
