/* lc-history.c: asking for a range of days, with the offline history cache in front of the API
 *
 * A query goes through these steps, each completing on the caller's main context:
 *
 *  1. the cache is read in a worker thread, and what it holds is handed to the caller;
 *  2. each run of missing days is fetched with lc_client_fetch_async(), which splits it into
 *     chunks the API accepts. Runs are fetched one after another: a range rarely has more than
 *     two (a gap in the middle, and today at the end), each run already has up to two requests
 *     in flight, and the API punishes bursts with a five-minute block;
 *  3. each fetched run is stored in a worker thread while the next run is fetched;
 *  4. once every run is fetched and stored, the cached days and the fetched runs are merged.
 *
 * A failed run ends the query: the runs after it would most likely fail the same way, and each
 * failure costs a request the API counts. What was had until then is kept for the caller.
 *
 * Writing to the cache is a courtesy: a query whose store fails still succeeds, and the days are
 * fetched again next time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-history"

#include "config.h"

#include "lc-history.h"

struct _LcHistory
{
  GObject      parent_instance;

  LcClient    *client;
  LcCache     *cache;

  LcClockFunc  clock_func;
  gpointer     clock_data;
};

G_DEFINE_FINAL_TYPE (LcHistory, lc_history, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (LcHistoryPartial, lc_history_partial, lc_history_partial_copy,
                     lc_history_partial_free)

/* One query in progress; the task data of its GTask. */
typedef struct
{
  LcHistory           *history;
  LcRange              range;
  LcHistoryQueryFlags  flags;
  char                *endpoint;
  char                *app_id;

  LcHistoryCachedFunc  cached_func;
  LcProgressFunc       progress_func;
  gpointer             notify_data;

  /* What the cache held, and the runs of days to fetch. */
  LcSeries            *cached;
  GArray              *runs;
  guint                n_cached_days;

  /* Fetching: the run in flight, and the series of the runs fetched so far. */
  guint                next_run;
  GPtrArray           *fetched;
  gint64               run_started_at_ms;
  guint                chunks_done_before_run;
  guint                chunks_total;

  guint                n_pending_stores;
  gboolean             fetching_done;
  GError              *error;

  /* What lc_history_query_finish() hands out, besides the result. */
  LcHistoryPartial    *outcome;
} Query;

static gint64
system_clock (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

static void
lc_history_dispose (GObject *object)
{
  LcHistory *self = LC_HISTORY (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (lc_history_parent_class)->dispose (object);
}

static void
lc_history_class_init (LcHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lc_history_dispose;
}

static void
lc_history_init (LcHistory *self)
{
  self->clock_func = system_clock;
}

LcHistoryPartial *
lc_history_partial_copy (const LcHistoryPartial *self)
{
  LcHistoryPartial *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (LcHistoryPartial, 1);
  copy->series = lc_series_ref (self->series);
  copy->missing_ranges = g_array_copy (self->missing_ranges);
  copy->n_cached_days = self->n_cached_days;

  return copy;
}

void
lc_history_partial_free (LcHistoryPartial *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->series, lc_series_unref);
  g_clear_pointer (&self->missing_ranges, g_array_unref);
  g_free (self);
}

/**
 * lc_history_partial_get_n_missing_days:
 *
 * Returns: how many days of the range have no data, for a message such as "3 days are missing"
 */
guint
lc_history_partial_get_n_missing_days (const LcHistoryPartial *self)
{
  guint n_days = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->missing_ranges->len; i++)
    n_days += lc_range_get_n_days (g_array_index (self->missing_ranges, LcRange, i));

  return n_days;
}

/**
 * lc_history_new:
 * @cache: (nullable): the cache to use, or %NULL to always fetch, as with
 *   %LC_HISTORY_QUERY_NO_CACHE
 *
 * Returns: (transfer full): a history that asks @client for what @cache lacks
 */
LcHistory *
lc_history_new (LcClient *client,
                LcCache  *cache)
{
  LcHistory *self;

  g_return_val_if_fail (LC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (cache == NULL || LC_IS_CACHE (cache), NULL);

  self = g_object_new (LC_TYPE_HISTORY, NULL);
  self->client = g_object_ref (client);
  self->cache = cache != NULL ? g_object_ref (cache) : NULL;

  return self;
}

LcClient *
lc_history_get_client (LcHistory *self)
{
  g_return_val_if_fail (LC_IS_HISTORY (self), NULL);

  return self->client;
}

/**
 * lc_history_get_cache:
 *
 * Returns: (transfer none) (nullable): the cache, or %NULL if the history has none
 */
LcCache *
lc_history_get_cache (LcHistory *self)
{
  g_return_val_if_fail (LC_IS_HISTORY (self), NULL);

  return self->cache;
}

/**
 * lc_history_set_clock:
 * @clock_func: (nullable): the local time in milliseconds since the Unix epoch, or %NULL for the
 *   system clock
 *
 * Replaces the clock that decides when a day was fetched and whether a cached day is final.
 * Tests that give the client a clock give the same one here. The client's measured offset to
 * the server's clock is added to it, as the client does.
 */
void
lc_history_set_clock (LcHistory  *self,
                      LcClockFunc clock_func,
                      gpointer    user_data)
{
  g_return_if_fail (LC_IS_HISTORY (self));

  self->clock_func = clock_func != NULL ? clock_func : system_clock;
  self->clock_data = clock_func != NULL ? user_data : NULL;
}

/* The time as the server sees it, as far as the client knows. */
static gint64
get_server_now_ms (LcHistory *self)
{
  return self->clock_func (self->clock_data) + lc_client_get_clock_offset (self->client);
}

static void
query_free (Query *query)
{
  g_clear_object (&query->history);
  g_free (query->endpoint);
  g_free (query->app_id);
  g_clear_pointer (&query->cached, lc_series_unref);
  g_clear_pointer (&query->runs, g_array_unref);
  g_clear_pointer (&query->fetched, g_ptr_array_unref);
  g_clear_error (&query->error);
  g_clear_pointer (&query->outcome, lc_history_partial_free);
  g_free (query);
}

static gboolean
query_uses_cache (Query *query)
{
  return query->history->cache != NULL && !(query->flags & LC_HISTORY_QUERY_NO_CACHE);
}

/* The cached days and every run fetched so far, as one series. */
static LcSeries *
query_merge (Query *query)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();

  /* Empty parts add nothing, and are left out so that no copy is made from an empty array. */
  if (lc_series_get_length (query->cached) > 0)
    g_ptr_array_add (parts, query->cached);
  for (guint i = 0; i < query->fetched->len; i++)
    {
      LcSeries *run = g_ptr_array_index (query->fetched, i);

      if (lc_series_get_length (run) > 0)
        g_ptr_array_add (parts, run);
    }

  /* The usual case once a range is cached: one part, already in order, that needs no copy. */
  if (parts->len == 1)
    return lc_series_ref (g_ptr_array_index (parts, 0));

  return lc_series_merge ((LcSeries *const *) parts->pdata, parts->len);
}

/* Ends the query once nothing is in flight: no fetch, and no store the next query should see. */
static void
query_complete_if_done (GTask *task)
{
  Query *query = g_task_get_task_data (task);
  g_autoptr (LcSeries) merged = NULL;

  if (!query->fetching_done || query->n_pending_stores > 0)
    return;

  merged = query_merge (query);
  query->outcome = g_new0 (LcHistoryPartial, 1);
  query->outcome->series = lc_series_ref (merged);
  query->outcome->missing_ranges = g_array_new (FALSE, FALSE, sizeof (LcRange));
  query->outcome->n_cached_days = query->n_cached_days;

  if (query->error != NULL)
    {
      /* The failed run and every run after it are still missing. */
      for (guint i = query->next_run; i < query->runs->len; i++)
        g_array_append_val (query->outcome->missing_ranges,
                            g_array_index (query->runs, LcRange, i));
      g_task_return_error (task, g_steal_pointer (&query->error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&merged), (GDestroyNotify) lc_series_unref);
}

static void
run_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Query *query = g_task_get_task_data (task);

  if (!lc_cache_store_finish (LC_CACHE (source), result, &error))
    g_debug ("Could not save fetched days; they will be fetched again: %s", error->message);

  query->n_pending_stores--;
  query_complete_if_done (task);
}

static void query_fetch_next_run (GTask *task);

static void
run_progress_cb (guint    chunks_done,
                 guint    chunks_total,
                 gpointer user_data)
{
  Query *query = user_data;

  if (query->progress_func != NULL)
    query->progress_func (query->chunks_done_before_run + chunks_done, query->chunks_total,
                          query->notify_data);
}

static void
run_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Query *query = g_task_get_task_data (task);
  LcRange run = g_array_index (query->runs, LcRange, query->next_run);
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GArray) chunks = NULL;
  GError *error = NULL;

  series = lc_client_fetch_finish (LC_CLIENT (source), result, &error);
  if (series == NULL)
    {
      g_debug ("Fetching days %d to %d failed: %s", run.start, run.end, error->message);
      query->error = error;
      query->fetching_done = TRUE;
      query_complete_if_done (task);
      return;
    }

  g_ptr_array_add (query->fetched, lc_series_ref (series));

  if (query_uses_cache (query))
    {
      /* The start of the request, by the server's clock as the client knows it now: if the
       * request corrected the client's clock, the correction applies. A day still running at
       * that moment is stored as stale. */
      gint64 fetched_at = query->run_started_at_ms
                          + lc_client_get_clock_offset (query->history->client);

      query->n_pending_stores++;
      lc_cache_store_async (query->history->cache, query->endpoint, query->app_id, run, series,
                            fetched_at, NULL, run_stored_cb, g_object_ref (task));
    }

  chunks = lc_range_plan_chunks (run);
  query->chunks_done_before_run += chunks->len;
  query->next_run++;
  query_fetch_next_run (task);
}

static void
query_fetch_next_run (GTask *task)
{
  Query *query = g_task_get_task_data (task);
  LcRange run;

  if (query->next_run >= query->runs->len)
    {
      query->fetching_done = TRUE;
      query_complete_if_done (task);
      return;
    }

  run = g_array_index (query->runs, LcRange, query->next_run);
  g_debug ("Fetching days %d to %d", run.start, run.end);

  query->run_started_at_ms = query->history->clock_func (query->history->clock_data);
  lc_client_fetch_async (query->history->client, run, g_task_get_cancellable (task),
                         run_progress_cb, query, run_fetched_cb, g_object_ref (task));
}

/* Hands what the cache held to the caller, then fetches what it lacked. */
static void
query_report_cached_and_fetch (GTask *task)
{
  Query *query = g_task_get_task_data (task);

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &query->error))
    {
      query->fetching_done = TRUE;
      query_complete_if_done (task);
      return;
    }

  if (query->cached_func != NULL)
    {
      LcHistoryPartial cached = {
        .series = query->cached,
        .missing_ranges = query->runs,
        .n_cached_days = query->n_cached_days,
      };

      query->cached_func (&cached, query->notify_data);
    }

  for (guint i = 0; i < query->runs->len; i++)
    {
      g_autoptr (GArray) chunks = lc_range_plan_chunks (g_array_index (query->runs, LcRange, i));

      query->chunks_total += chunks->len;
    }

  query_fetch_next_run (task);
}

static void
cache_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Query *query = g_task_get_task_data (task);
  LcSeries *cached = NULL;
  GArray *runs = NULL;

  /* A cache that cannot be read is no reason to fail: everything is fetched instead. */
  if (lc_cache_read_range_finish (LC_CACHE (source), result, &cached, &runs, &error))
    {
      g_clear_pointer (&query->cached, lc_series_unref);
      g_clear_pointer (&query->runs, g_array_unref);
      query->cached = cached;
      query->runs = runs;
      query->n_cached_days = lc_range_get_n_days (query->range);
      for (guint i = 0; i < runs->len; i++)
        query->n_cached_days -= lc_range_get_n_days (g_array_index (runs, LcRange, i));
    }
  else
    {
      g_debug ("Could not read the saved history; fetching every day: %s", error->message);
    }

  query_report_cached_and_fetch (task);
}

static gboolean
report_nothing_cached_cb (gpointer user_data)
{
  query_report_cached_and_fetch (G_TASK (user_data));

  return G_SOURCE_REMOVE;
}

/**
 * lc_history_query_async:
 * @flags: whether to use the cache, and how
 * @cancellable: (nullable): cancels the query; runs fetched before are still stored
 * @cached_func: (nullable): told what the cache holds, before any request
 * @progress_func: (nullable): told after each chunk, counting the chunks of every run
 * @notify_data: data for @cached_func and @progress_func
 * @callback: called on the caller's thread-default main context when the query ends
 *
 * Gets the viewers of every minute of @range, from the cache where it holds the days as final
 * and from the API for the rest. An invalid range fails before the cache is read.
 */
void
lc_history_query_async (LcHistory           *self,
                        LcRange              range,
                        LcHistoryQueryFlags  flags,
                        GCancellable        *cancellable,
                        LcHistoryCachedFunc  cached_func,
                        LcProgressFunc       progress_func,
                        gpointer             notify_data,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Query *query;

  g_return_if_fail (LC_IS_HISTORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lc_history_query_async);

  /* The client validates too, but the cache must not be asked about days that cannot be. */
  if (!lc_range_validate (range, lc_client_get_today (self->client), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  query = g_new0 (Query, 1);
  query->history = g_object_ref (self);
  query->range = range;
  query->flags = flags;
  query->endpoint = g_strdup (lc_client_get_base_url (self->client));
  query->app_id = g_strdup (lc_client_get_app_id (self->client));
  query->cached_func = cached_func;
  query->progress_func = progress_func;
  query->notify_data = notify_data;
  query->cached = lc_series_new (0);
  query->runs = g_array_new (FALSE, FALSE, sizeof (LcRange));
  g_array_append_val (query->runs, range);
  query->fetched = g_ptr_array_new_with_free_func ((GDestroyNotify) lc_series_unref);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);

  if (query_uses_cache (query) && !(flags & LC_HISTORY_QUERY_REFRESH))
    {
      lc_cache_read_range_async (self->cache, query->endpoint, query->app_id, range,
                                 get_server_now_ms (self), cancellable, cache_read_cb,
                                 g_steal_pointer (&task));
    }
  else
    {
      /* Nothing to read; still report from the main loop, never from within this call. */
      g_autoptr (GSource) idle = g_idle_source_new ();

      g_task_attach_source (task, idle, report_nothing_cached_cb);
    }
}

/**
 * lc_history_query_finish:
 * @out_partial: (out) (optional) (nullable) (transfer full): what the query had when it ended:
 *   on success the whole range, with no day missing; on failure the cached days and the runs
 *   fetched before it, and the days still missing. %NULL if the range was invalid.
 *
 * Returns: (transfer full) (nullable): the series of the whole range, or %NULL with @error set
 */
LcSeries *
lc_history_query_finish (LcHistory         *self,
                         GAsyncResult      *result,
                         LcHistoryPartial **out_partial,
                         GError           **error)
{
  Query *query;

  g_return_val_if_fail (LC_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lc_history_query_async, NULL);

  query = g_task_get_task_data (G_TASK (result));
  if (out_partial != NULL)
    *out_partial = query != NULL ? g_steal_pointer (&query->outcome) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}
