/* lc-cache.c: the offline history of concurrent viewers, kept in a SQLite database
 *
 * Layout (schema version 1):
 *
 *   source (id, endpoint, app_id)                 one row per endpoint and app ID
 *   day (source_id, day, fetched_at, n_points, points)
 *
 * `day` is an LcDay (days since 1970-01-01 on the platform's calendar), `fetched_at` the Unix
 * time in milliseconds at which the request that brought the day was started, and `points` the
 * day's active minutes packed as n_points records of six bytes: the minute of the day as an
 * unsigned 16-bit integer, then the viewers as an unsigned 32-bit integer, both little-endian,
 * in ascending minute order. A dense day is 8,640 bytes and a quiet day an empty blob; one row
 * per day keeps a year at a few hundred rows, read with a single indexed range scan.
 *
 * Durability: the database runs in WAL mode with synchronous=NORMAL. Every write is one
 * BEGIN IMMEDIATE … COMMIT transaction, so a process killed at any instant leaves either the
 * whole transaction or none of it: WAL recovery drops frames that were never committed. On a
 * power cut, NORMAL may lose the last few commits but never corrupts the file; a lost day is
 * simply fetched again, which is cheaper than an fsync on every commit. WAL also lets the CLI
 * read while the app writes, and a five-second busy timeout covers the rare moment when both
 * write.
 *
 * Threads: the cache holds one connection, opened without SQLite's own locking, and a mutex
 * that every call holds while it uses the connection. A query touches one short range scan or
 * one transaction of at most a few hundred rows, so serialising them costs nothing a person
 * would notice, and a single connection cannot deadlock against itself.
 *
 * A file that is not a SQLite database, belongs to another program, comes from a newer version
 * of this one or fails SQLite's quick check is renamed to "<name>.corrupt-<UTC time>" and a new
 * database is started; the reason is kept for the user interface to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-cache"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "lc-cache-private.h"

/* The bytes one point takes in a day's blob. */
#define POINT_RECORD_SIZE 6

/* How long a call waits for another process that holds the write lock. */
#define BUSY_TIMEOUT_MS 5000

/* How far in the future a day's fetch time may lie before the clock it was read from is
 * distrusted; see lc_cache_read_range(). */
#define FUTURE_FETCH_TOLERANCE_MS (5 * 60 * 1000)

struct _LcCache
{
  GObject                parent_instance;

  char                  *path;
  char                  *open_warning;
  char                  *set_aside_path;

  /* Held by whichever thread uses the connection. */
  GMutex                 lock;
  sqlite3               *db;

  LcCacheDayWrittenFunc  day_written_func;
  gpointer               day_written_data;
};

G_DEFINE_FINAL_TYPE (LcCache, lc_cache, G_TYPE_OBJECT)

/* One step of the schema: the SQL that takes a database from to_version - 1 to to_version.
 * Version 0 is a database without any of our tables. A future version 2 adds an entry here;
 * lc_cache_open() runs every step the file has not had yet, in one transaction. */
typedef struct
{
  int         to_version;
  const char *sql;
} SchemaStep;

static const SchemaStep schema_steps[] = {
  {
    1,
    "CREATE TABLE source ("
    "  id INTEGER PRIMARY KEY,"
    "  endpoint TEXT NOT NULL,"
    "  app_id TEXT NOT NULL,"
    "  UNIQUE (endpoint, app_id));"
    "CREATE TABLE day ("
    "  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,"
    "  day INTEGER NOT NULL,"
    "  fetched_at INTEGER NOT NULL,"
    "  n_points INTEGER NOT NULL,"
    "  points BLOB NOT NULL,"
    "  PRIMARY KEY (source_id, day));",
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == LC_CACHE_SCHEMA_VERSION);

/* Why a file found at the cache's path cannot be used. */
typedef enum
{
  VERDICT_USABLE,
  VERDICT_NOT_A_DATABASE,
  VERDICT_FOREIGN,
  VERDICT_NEWER_SCHEMA,
  VERDICT_DAMAGED,
} Verdict;

static void
lc_cache_finalize (GObject *object)
{
  LcCache *self = LC_CACHE (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->open_warning, g_free);
  g_clear_pointer (&self->set_aside_path, g_free);

  G_OBJECT_CLASS (lc_cache_parent_class)->finalize (object);
}

static void
lc_cache_class_init (LcCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lc_cache_finalize;
}

static void
lc_cache_init (LcCache *self)
{
  g_mutex_init (&self->lock);
}

/* What the cache was doing when SQLite failed, so that the message can say it. */
typedef enum
{
  CACHE_STEP_OPEN,
  CACHE_STEP_UPDATE,
  CACHE_STEP_READ,
  CACHE_STEP_SAVE,
  CACHE_STEP_MEASURE,
  CACHE_STEP_CLEAR,
} CacheStep;

/* Whole sentences, one per step, so that translators never have to fit a verb into a frame. */
static char *
describe_failure (CacheStep   step,
                  const char *reason)
{
  switch (step)
    {
    case CACHE_STEP_OPEN:
      return g_strdup_printf (_("Could not open the saved history: %s"), reason);
    case CACHE_STEP_UPDATE:
      return g_strdup_printf (_("Could not update the saved history: %s"), reason);
    case CACHE_STEP_READ:
      return g_strdup_printf (_("Could not read the saved history: %s"), reason);
    case CACHE_STEP_SAVE:
      return g_strdup_printf (_("Could not save to the saved history: %s"), reason);
    case CACHE_STEP_MEASURE:
      return g_strdup_printf (_("Could not measure the saved history: %s"), reason);
    case CACHE_STEP_CLEAR:
      return g_strdup_printf (_("Could not clear the saved history: %s"), reason);
    default:
      g_assert_not_reached ();
    }
}

/* Turns a SQLite failure into a GError the user interface can show. */
static void
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  CacheStep   step)
{
  g_autofree char *message = NULL;
  GIOErrorEnum code;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = G_IO_ERROR_BUSY;
      break;
    case SQLITE_FULL:
      code = G_IO_ERROR_NO_SPACE;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      code = G_IO_ERROR_PERMISSION_DENIED;
      break;
    case SQLITE_CANTOPEN:
      code = G_IO_ERROR_NOT_FOUND;
      break;
    default:
      code = G_IO_ERROR_FAILED;
      break;
    }

  message = describe_failure (step, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  g_set_error_literal (error, G_IO_ERROR, code, message);
}

static gboolean
exec_sql (sqlite3    *db,
          const char *sql,
          CacheStep   step,
          GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, step);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (sqlite3 *db)
{
  /* Nothing more can be done if this fails: SQLite rolls back on close anyway. */
  if (sqlite3_get_autocommit (db) == 0)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a statement that yields one integer. */
static int
query_int (sqlite3    *db,
           const char *sql,
           gint64     *out_value)
{
  sqlite3_stmt *statement = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &statement, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    {
      *out_value = sqlite3_column_int64 (statement, 0);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      *out_value = 0;
      rc = SQLITE_OK;
    }
  sqlite3_finalize (statement);

  return rc;
}

/* SQLite's answers that mean the bytes themselves are wrong, as opposed to a lock or a full
 * disk that will pass. */
static gboolean
rc_means_damaged (int rc)
{
  return (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT;
}

/* Looks at a freshly opened database and decides whether it is ours. Returns FALSE with @error
 * set only for a failure that says nothing about the file, such as a lock held too long. */
static gboolean
inspect_database (sqlite3  *db,
                  Verdict  *out_verdict,
                  gint64   *out_version,
                  GError  **error)
{
  gint64 n_objects = 0;
  gint64 application_id = 0;
  gint64 version = 0;
  gint64 n_tables = 0;
  sqlite3_stmt *statement = NULL;
  gboolean quick_check_ok;
  int rc;

  /* The first read of the header is where a file of random bytes shows itself. */
  rc = query_int (db, "SELECT count(*) FROM sqlite_master", &n_objects);
  if (rc_means_damaged (rc))
    {
      *out_verdict = (rc & 0xff) == SQLITE_NOTADB ? VERDICT_NOT_A_DATABASE : VERDICT_DAMAGED;
      return TRUE;
    }
  if (rc == SQLITE_OK)
    rc = query_int (db, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      if (rc_means_damaged (rc))
        {
          *out_verdict = VERDICT_DAMAGED;
          return TRUE;
        }
      set_sqlite_error (error, db, rc, CACHE_STEP_OPEN);
      return FALSE;
    }

  *out_version = version;

  /* A new, empty file: nothing to check. */
  if (application_id == 0 && version == 0 && n_objects == 0)
    {
      *out_verdict = VERDICT_USABLE;
      return TRUE;
    }

  if (application_id != LC_CACHE_APPLICATION_ID)
    {
      *out_verdict = VERDICT_FOREIGN;
      return TRUE;
    }

  if (version > LC_CACHE_SCHEMA_VERSION)
    {
      *out_verdict = VERDICT_NEWER_SCHEMA;
      return TRUE;
    }

  /* Ours and of a version we know: the tables that version has must be there. */
  if (version >= 1)
    {
      rc = query_int (db,
                      "SELECT count(*) FROM sqlite_master"
                      " WHERE type = 'table' AND name IN ('source', 'day')",
                      &n_tables);
      if (rc != SQLITE_OK || n_tables != 2)
        {
          *out_verdict = VERDICT_DAMAGED;
          return TRUE;
        }
    }

  /* The quick check reads every page once: a few milliseconds for years of history. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &statement, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (statement);
  quick_check_ok = rc == SQLITE_ROW
                   && g_strcmp0 ((const char *) sqlite3_column_text (statement, 0), "ok") == 0;
  sqlite3_finalize (statement);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
      set_sqlite_error (error, db, rc, CACHE_STEP_OPEN);
      return FALSE;
    }

  *out_verdict = quick_check_ok ? VERDICT_USABLE : VERDICT_DAMAGED;

  return TRUE;
}

static const char *
describe_verdict (Verdict verdict)
{
  switch (verdict)
    {
    case VERDICT_NOT_A_DATABASE:
      return _("The saved history was not a database file.");
    case VERDICT_FOREIGN:
      return _("The saved history file belongs to another program.");
    case VERDICT_NEWER_SCHEMA:
      return _("The saved history was written by a newer version of Live Concurrency.");
    case VERDICT_DAMAGED:
      return _("The saved history file was damaged.");
    case VERDICT_USABLE:
    default:
      break;
    }

  g_assert_not_reached ();
  return NULL;
}

/* Renames @path, and the journal files SQLite keeps beside it, out of the way. Returns the new
 * name of the database file. */
static char *
set_aside (const char *path,
           GError    **error)
{
  const char *const companions[] = { "-wal", "-journal" };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *shm_path = NULL;
  char *target = NULL;

  for (guint attempt = 1; target == NULL; attempt++)
    {
      g_autofree char *candidate = NULL;

      if (attempt == 1)
        candidate = g_strdup_printf ("%s.corrupt-%s", path, stamp);
      else
        candidate = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, attempt);
      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        target = g_steal_pointer (&candidate);
    }

  if (g_rename (path, target) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not move the unusable saved history aside: %s"),
                   g_strerror (saved_errno));
      g_free (target);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (target, companions[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_debug ("Could not move %s aside: %s", from, g_strerror (errno));
    }

  /* The shared-memory index is rebuilt from the WAL; a stale one must not meet a new file. */
  shm_path = g_strconcat (path, "-shm", NULL);
  g_unlink (shm_path);

  return target;
}

static sqlite3 *
open_connection (const char *path,
                 GError    **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                   | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, CACHE_STEP_OPEN);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  return db;
}

/* Brings the schema up to LC_CACHE_SCHEMA_VERSION in one transaction. The version is read again
 * under the write lock, since another process may have migrated the file meanwhile. */
static gboolean
migrate (sqlite3 *db,
         GError **error)
{
  gint64 version = 0;
  g_autofree char *stamp_sql = NULL;
  int rc;

  if (!exec_sql (db, "BEGIN IMMEDIATE", CACHE_STEP_UPDATE, error))
    return FALSE;

  rc = query_int (db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, CACHE_STEP_UPDATE);
      rollback (db);
      return FALSE;
    }

  if (version >= LC_CACHE_SCHEMA_VERSION)
    return exec_sql (db, "COMMIT", CACHE_STEP_UPDATE, error);

  for (guint i = 0; i < G_N_ELEMENTS (schema_steps); i++)
    {
      if (schema_steps[i].to_version <= version)
        continue;

      g_debug ("Migrating the history cache to schema version %d", schema_steps[i].to_version);
      if (!exec_sql (db, schema_steps[i].sql, CACHE_STEP_UPDATE, error))
        {
          rollback (db);
          return FALSE;
        }
    }

  stamp_sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d",
                               LC_CACHE_APPLICATION_ID, LC_CACHE_SCHEMA_VERSION);
  if (!exec_sql (db, stamp_sql, CACHE_STEP_UPDATE, error)
      || !exec_sql (db, "COMMIT", CACHE_STEP_UPDATE, error))
    {
      rollback (db);
      return FALSE;
    }

  return TRUE;
}

/**
 * lc_cache_get_default_path:
 *
 * Returns: (transfer full): where the app and the CLI keep their history
 */
char *
lc_cache_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "live-concurrency", LC_CACHE_FILE_NAME, NULL);
}

/**
 * lc_cache_open:
 * @path: (nullable): the database file, or %NULL for lc_cache_get_default_path()
 *
 * Opens the cache, creating the file and its folder if needed and migrating an older schema.
 * A file that cannot be used is set aside and replaced by a new one; lc_cache_get_open_warning()
 * then says why. Fails only when no usable database can be had at @path at all, for instance
 * on a read-only disk.
 *
 * Returns: (transfer full): the cache, or %NULL with @error set
 */
LcCache *
lc_cache_open (const char *path,
               GError    **error)
{
  g_autoptr (LcCache) self = NULL;
  g_autofree char *folder = NULL;
  Verdict verdict = VERDICT_USABLE;
  gint64 version = 0;

  self = g_object_new (LC_TYPE_CACHE, NULL);
  self->path = path != NULL ? g_strdup (path) : lc_cache_get_default_path ();

  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder for the saved history: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  self->db = open_connection (self->path, error);
  if (self->db == NULL)
    return NULL;

  if (!inspect_database (self->db, &verdict, &version, error))
    return NULL;

  if (verdict != VERDICT_USABLE)
    {
      g_debug ("Setting the history cache aside: %s", describe_verdict (verdict));
      g_clear_pointer (&self->db, sqlite3_close);

      self->set_aside_path = set_aside (self->path, error);
      if (self->set_aside_path == NULL)
        return NULL;
      self->open_warning = g_strdup_printf (_("%s It was moved to “%s” and a new, empty "
                                              "history was started."),
                                            describe_verdict (verdict), self->set_aside_path);

      self->db = open_connection (self->path, error);
      if (self->db == NULL)
        return NULL;
    }

  if (!migrate (self->db, error))
    return NULL;

  /* journal_mode is kept in the file; synchronous and foreign_keys are per connection. */
  if (!exec_sql (self->db, "PRAGMA journal_mode = WAL", CACHE_STEP_OPEN, error)
      || !exec_sql (self->db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", CACHE_STEP_OPEN,
                    error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  LcCache *cache = lc_cache_open (task_data, &error);

  if (cache == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cache, g_object_unref);
}

/**
 * lc_cache_open_async:
 *
 * Runs lc_cache_open() in a worker thread: opening checks the whole file once.
 */
void
lc_cache_open_async (const char         *path,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, lc_cache_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_in_thread);
}

LcCache *
lc_cache_open_finish (GAsyncResult *result,
                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
lc_cache_get_path (LcCache *self)
{
  g_return_val_if_fail (LC_IS_CACHE (self), NULL);

  return self->path;
}

/**
 * lc_cache_get_open_warning:
 *
 * Returns: (nullable): a translated sentence to show the user when the file found at open had to
 *   be set aside, or %NULL when it was fine
 */
const char *
lc_cache_get_open_warning (LcCache *self)
{
  g_return_val_if_fail (LC_IS_CACHE (self), NULL);

  return self->open_warning;
}

/**
 * lc_cache_get_set_aside_path:
 *
 * Returns: (nullable): where the unusable file found at open was moved, or %NULL
 */
const char *
lc_cache_get_set_aside_path (LcCache *self)
{
  g_return_val_if_fail (LC_IS_CACHE (self), NULL);

  return self->set_aside_path;
}

/**
 * lc_cache_day_is_final:
 * @fetched_at_ms: when the request that brought @day was started
 *
 * Returns: %TRUE if @day had ended on the platform's clock when it was fetched, so that what
 *   was fetched is all there will ever be
 */
gboolean
lc_cache_day_is_final (LcDay  day,
                       gint64 fetched_at_ms)
{
  /* FIXME: this trusts that the service has counted a minute as soon as it is over. If it
   * turns out to publish the last minutes of a day late, a margin belongs here. */
  return lc_minute_to_unix_ms (((LcMinute) day + 1) * LC_MINUTES_PER_DAY) <= fetched_at_ms;
}

/* A base URL names the same endpoint with or without a trailing slash. */
static char *
normalize_endpoint (const char *endpoint)
{
  gsize length = strlen (endpoint);

  while (length > 0 && endpoint[length - 1] == '/')
    length--;

  return g_strndup (endpoint, length);
}

/* Appends the points of one day's blob to @series. Returns FALSE, appending nothing, if the blob
 * does not hold what the schema says, so that the day is fetched again rather than trusted. */
static gboolean
append_day_points (LcSeries     *series,
                   LcDay         day,
                   const guint8 *points,
                   gsize         n_bytes,
                   gint64        n_points)
{
  LcMinute first_minute = (LcMinute) day * LC_MINUTES_PER_DAY;
  guint16 minutes_of_day[LC_MINUTES_PER_DAY];
  guint32 viewers[LC_MINUTES_PER_DAY];
  int previous_minute = -1;

  if (n_points < 0 || n_points > LC_MINUTES_PER_DAY
      || n_bytes != (gsize) n_points * POINT_RECORD_SIZE)
    return FALSE;

  /* Decoded whole before anything is appended, so that a bad record leaves @series as it was. */
  for (gint64 i = 0; i < n_points; i++)
    {
      const guint8 *record = points + i * POINT_RECORD_SIZE;

      minutes_of_day[i] = (guint16) (record[0] | (guint) record[1] << 8);
      viewers[i] = record[2] | (guint32) record[3] << 8 | (guint32) record[4] << 16
                   | (guint32) record[5] << 24;

      if ((int) minutes_of_day[i] <= previous_minute || minutes_of_day[i] >= LC_MINUTES_PER_DAY
          || viewers[i] == 0)
        return FALSE;
      previous_minute = minutes_of_day[i];
    }

  for (gint64 i = 0; i < n_points; i++)
    lc_series_append (series, first_minute + (LcMinute) minutes_of_day[i], viewers[i]);

  return TRUE;
}

static void
append_missing (GArray *missing,
                LcDay   start,
                LcDay   end)
{
  LcRange run = { start, end };

  if (start <= end)
    g_array_append_val (missing, run);
}

/**
 * lc_cache_read_range:
 * @now_ms: the current time, in milliseconds since the Unix epoch, on the clock the days'
 *   fetch times were taken from
 * @out_series: (out) (transfer full): the points of every final day of @range the cache holds
 * @out_missing_ranges: (out) (transfer full) (element-type LcRange): the runs of days of @range,
 *   in time order, that the cache does not hold as final and that must be fetched
 *
 * Reads what the cache knows of @range for one endpoint and app. A day is final if it was
 * fetched after it ended (see lc_cache_day_is_final()). One exception: a day whose fetch time
 * lies well after @now_ms was fetched while the computer's clock was ahead, so it may have been
 * fetched before it really ended, and it counts as missing.
 */
gboolean
lc_cache_read_range (LcCache     *self,
                     const char  *endpoint,
                     const char  *app_id,
                     LcRange      range,
                     gint64       now_ms,
                     LcSeries   **out_series,
                     GArray     **out_missing_ranges,
                     GError     **error)
{
  g_autofree char *endpoint_key = NULL;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GArray) missing = NULL;
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *statement = NULL;
  LcDay next_day;
  int rc;

  g_return_val_if_fail (LC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (endpoint != NULL && app_id != NULL, FALSE);
  g_return_val_if_fail (range.start <= range.end, FALSE);
  g_return_val_if_fail (out_series != NULL && out_missing_ranges != NULL, FALSE);

  endpoint_key = normalize_endpoint (endpoint);
  missing = g_array_new (FALSE, FALSE, sizeof (LcRange));
  locker = g_mutex_locker_new (&self->lock);

  /* The point count is read first so that the series is allocated once, not grown: a dense year
   * is half a million points. Both reads run in one transaction and see the same days. */
  if (!exec_sql (self->db, "BEGIN", CACHE_STEP_READ, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT coalesce(sum(day.n_points), 0)"
                           " FROM day JOIN source ON source.id = day.source_id"
                           " WHERE source.endpoint = ?1 AND source.app_id = ?2"
                           " AND day.day BETWEEN ?3 AND ?4",
                           -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 3, range.start);
      sqlite3_bind_int64 (statement, 4, range.end);
      rc = sqlite3_step (statement);
    }
  series = lc_series_new (rc == SQLITE_ROW
                          ? (guint) CLAMP (sqlite3_column_int64 (statement, 0), 0,
                                           (gint64) lc_range_get_n_days (range)
                                           * LC_MINUTES_PER_DAY)
                          : 0);
  sqlite3_finalize (statement);
  statement = NULL;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT day.day, day.fetched_at, day.n_points, day.points"
                           " FROM day JOIN source ON source.id = day.source_id"
                           " WHERE source.endpoint = ?1 AND source.app_id = ?2"
                           " AND day.day BETWEEN ?3 AND ?4"
                           " ORDER BY day.day",
                           -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 3, range.start);
      sqlite3_bind_int64 (statement, 4, range.end);
    }

  /* Walk the days in order; a day that is absent, stale or unreadable stays in the current run
   * of missing days, which closes at the next final day. */
  next_day = range.start;
  while (rc == SQLITE_OK && (rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      LcDay day = (LcDay) sqlite3_column_int64 (statement, 0);
      gint64 fetched_at = sqlite3_column_int64 (statement, 1);
      gint64 n_points = sqlite3_column_int64 (statement, 2);
      const guint8 *points = sqlite3_column_blob (statement, 3);
      gsize n_bytes = (gsize) sqlite3_column_bytes (statement, 3);

      rc = SQLITE_OK;
      if (!lc_cache_day_is_final (day, fetched_at)
          || fetched_at > now_ms + FUTURE_FETCH_TOLERANCE_MS)
        continue;
      if (!append_day_points (series, day, points, n_bytes, n_points))
        {
          g_debug ("The cached points of day %d do not decode; fetching it again", day);
          continue;
        }

      append_missing (missing, next_day, day - 1);
      next_day = day + 1;
    }
  sqlite3_finalize (statement);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, CACHE_STEP_READ);
      rollback (self->db);
      return FALSE;
    }
  if (!exec_sql (self->db, "COMMIT", CACHE_STEP_READ, error))
    {
      rollback (self->db);
      return FALSE;
    }

  append_missing (missing, next_day, range.end);

  *out_series = g_steal_pointer (&series);
  *out_missing_ranges = g_steal_pointer (&missing);

  return TRUE;
}

/* Looks up, or adds, the row of an endpoint and app. Runs inside the caller's transaction. */
static int
ensure_source (sqlite3    *db,
               const char *endpoint_key,
               const char *app_id,
               gint64     *out_source_id)
{
  sqlite3_stmt *statement = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO source (endpoint, app_id) VALUES (?1, ?2)"
                           " ON CONFLICT (endpoint, app_id) DO NOTHING",
                           -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (statement);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (statement);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_prepare_v2 (db, "SELECT id FROM source WHERE endpoint = ?1 AND app_id = ?2", -1,
                           &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (statement);
      if (rc == SQLITE_ROW)
        {
          *out_source_id = sqlite3_column_int64 (statement, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (statement);

  return rc;
}

/* Packs the points of @series in [@first, @last) into @buffer, which has room for a full day.
 * Returns the number of points, or -1 if they are not one ascending, active point per minute. */
static int
pack_day (const LcSeries *series,
          LcDay           day,
          guint           first,
          guint           last,
          guint8         *buffer)
{
  const LcMinute *minutes = lc_series_get_minutes (series);
  const guint32 *viewers = lc_series_get_viewers (series);
  LcMinute first_minute = (LcMinute) day * LC_MINUTES_PER_DAY;
  int previous_minute = -1;

  if (last - first > LC_MINUTES_PER_DAY)
    return -1;

  for (guint i = first; i < last; i++)
    {
      guint8 *record = buffer + (i - first) * POINT_RECORD_SIZE;
      int minute_of_day = minutes[i] - first_minute;

      if (minute_of_day <= previous_minute || viewers[i] == 0)
        return -1;
      previous_minute = minute_of_day;

      record[0] = (guint8) (minute_of_day & 0xff);
      record[1] = (guint8) (minute_of_day >> 8);
      record[2] = (guint8) (viewers[i] & 0xff);
      record[3] = (guint8) ((viewers[i] >> 8) & 0xff);
      record[4] = (guint8) ((viewers[i] >> 16) & 0xff);
      record[5] = (guint8) (viewers[i] >> 24);
    }

  return (int) (last - first);
}

/**
 * lc_cache_store:
 * @fetched_range: the days the request covered; every one of them is stored, those without
 *   any point included, and points of @series outside it are ignored
 * @series: a normalized series, as lc_client_fetch_finish() returns it
 * @fetched_at_ms: when the request was started; a day that had not ended by then is stored as
 *   stale and will be fetched again
 *
 * Stores the answer to one fetch in one transaction, replacing whatever the cache held for those
 * days: either all of @fetched_range is stored or, on failure, none of it.
 */
gboolean
lc_cache_store (LcCache    *self,
                const char *endpoint,
                const char *app_id,
                LcRange     fetched_range,
                LcSeries   *series,
                gint64      fetched_at_ms,
                GError    **error)
{
  g_autofree char *endpoint_key = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 source_id = 0;
  guint index;
  int rc;

  g_return_val_if_fail (LC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (endpoint != NULL && app_id != NULL, FALSE);
  g_return_val_if_fail (fetched_range.start <= fetched_range.end, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);

  endpoint_key = normalize_endpoint (endpoint);
  buffer = g_malloc (LC_MINUTES_PER_DAY * POINT_RECORD_SIZE);
  locker = g_mutex_locker_new (&self->lock);

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", CACHE_STEP_SAVE, error))
    return FALSE;

  rc = ensure_source (self->db, endpoint_key, app_id, &source_id);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "INSERT OR REPLACE INTO day"
                             " (source_id, day, fetched_at, n_points, points)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             -1, &statement, NULL);

  index = lc_series_lower_bound (series, (LcMinute) fetched_range.start * LC_MINUTES_PER_DAY);
  for (LcDay day = fetched_range.start; rc == SQLITE_OK && day <= fetched_range.end; day++)
    {
      guint end_index = lc_series_lower_bound (series, ((LcMinute) day + 1) * LC_MINUTES_PER_DAY);
      int n_points = pack_day (series, day, index, end_index, buffer);

      index = end_index;
      if (n_points < 0)
        {
          sqlite3_finalize (statement);
          rollback (self->db);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The series to store is not normalized");
          return FALSE;
        }

      sqlite3_bind_int64 (statement, 1, source_id);
      sqlite3_bind_int64 (statement, 2, day);
      sqlite3_bind_int64 (statement, 3, fetched_at_ms);
      sqlite3_bind_int64 (statement, 4, n_points);
      sqlite3_bind_blob (statement, 5, buffer, n_points * POINT_RECORD_SIZE, SQLITE_STATIC);
      rc = sqlite3_step (statement);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      sqlite3_reset (statement);

      if (rc == SQLITE_OK && self->day_written_func != NULL)
        self->day_written_func (day, self->day_written_data);
    }
  sqlite3_finalize (statement);

  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, CACHE_STEP_SAVE);
      rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

/**
 * lc_cache_lookup_day:
 * @out_fetched_at_ms: (out) (optional): when the stored day was fetched
 * @out_n_points: (out) (optional): how many active minutes it holds
 *
 * Returns: %TRUE if the cache holds @day, final or not; %FALSE with @error unset if it does not
 */
gboolean
lc_cache_lookup_day (LcCache    *self,
                     const char *endpoint,
                     const char *app_id,
                     LcDay       day,
                     gint64     *out_fetched_at_ms,
                     guint      *out_n_points,
                     GError    **error)
{
  g_autofree char *endpoint_key = NULL;
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *statement = NULL;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (LC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (endpoint != NULL && app_id != NULL, FALSE);

  endpoint_key = normalize_endpoint (endpoint);
  locker = g_mutex_locker_new (&self->lock);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT day.fetched_at, day.n_points"
                           " FROM day JOIN source ON source.id = day.source_id"
                           " WHERE source.endpoint = ?1 AND source.app_id = ?2 AND day.day = ?3",
                           -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 3, day);
      rc = sqlite3_step (statement);
    }
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      if (out_fetched_at_ms != NULL)
        *out_fetched_at_ms = sqlite3_column_int64 (statement, 0);
      if (out_n_points != NULL)
        *out_n_points = (guint) sqlite3_column_int64 (statement, 1);
      rc = SQLITE_DONE;
    }
  sqlite3_finalize (statement);

  if (rc != SQLITE_DONE)
    set_sqlite_error (error, self->db, rc, CACHE_STEP_READ);

  return found;
}

/**
 * lc_cache_get_size:
 * @endpoint: (nullable): with @app_id, limits data_bytes and n_days to one endpoint and app
 * @app_id: (nullable): %NULL, with @endpoint %NULL, for every endpoint and app
 *
 * Measures the cache, for the preferences to show next to the button that clears it.
 */
gboolean
lc_cache_get_size (LcCache     *self,
                   const char  *endpoint,
                   const char  *app_id,
                   LcCacheSize *out_size,
                   GError     **error)
{
  g_autofree char *endpoint_key = NULL;
  g_autofree char *wal_path = NULL;
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 page_count = 0;
  gint64 page_size = 0;
  GStatBuf wal_stat;
  int rc;

  g_return_val_if_fail (LC_IS_CACHE (self), FALSE);
  g_return_val_if_fail ((endpoint == NULL) == (app_id == NULL), FALSE);
  g_return_val_if_fail (out_size != NULL, FALSE);

  memset (out_size, 0, sizeof (*out_size));
  if (endpoint != NULL)
    endpoint_key = normalize_endpoint (endpoint);
  locker = g_mutex_locker_new (&self->lock);

  rc = query_int (self->db, "PRAGMA page_count", &page_count);
  if (rc == SQLITE_OK)
    rc = query_int (self->db, "PRAGMA page_size", &page_size);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "SELECT count(*), coalesce(sum(length(day.points)), 0)"
                             " FROM day JOIN source ON source.id = day.source_id"
                             " WHERE ?1 IS NULL OR (source.endpoint = ?1 AND source.app_id = ?2)",
                             -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (statement);
    }
  if (rc == SQLITE_ROW)
    {
      out_size->n_days = (guint) sqlite3_column_int64 (statement, 0);
      out_size->data_bytes = (guint64) sqlite3_column_int64 (statement, 1);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (statement);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, CACHE_STEP_MEASURE);
      return FALSE;
    }

  out_size->file_bytes = (guint64) (page_count * page_size);
  wal_path = g_strconcat (self->path, "-wal", NULL);
  if (g_stat (wal_path, &wal_stat) == 0)
    out_size->file_bytes += (guint64) wal_stat.st_size;

  return TRUE;
}

/**
 * lc_cache_clear:
 *
 * Forgets every stored day of every endpoint and app, and gives the disk space back.
 */
gboolean
lc_cache_clear (LcCache *self,
                GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (LC_IS_CACHE (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);

  if (!exec_sql (self->db, "BEGIN IMMEDIATE; DELETE FROM day; DELETE FROM source; COMMIT",
                 CACHE_STEP_CLEAR, error))
    {
      rollback (self->db);
      return FALSE;
    }

  /* Shrinking the file is a courtesy: the data is gone already if it fails. */
  if (sqlite3_exec (self->db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL)
      != SQLITE_OK)
    g_debug ("Could not shrink the history cache: %s", sqlite3_errmsg (self->db));

  return TRUE;
}

/**
 * lc_cache_clear_app:
 *
 * Forgets every stored day of one endpoint and app.
 */
gboolean
lc_cache_clear_app (LcCache    *self,
                    const char *endpoint,
                    const char *app_id,
                    GError    **error)
{
  g_autofree char *endpoint_key = NULL;
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *statement = NULL;
  int rc;

  g_return_val_if_fail (LC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (endpoint != NULL && app_id != NULL, FALSE);

  endpoint_key = normalize_endpoint (endpoint);
  locker = g_mutex_locker_new (&self->lock);

  /* The days go with their source row, by the foreign key's ON DELETE CASCADE. */
  rc = sqlite3_prepare_v2 (self->db, "DELETE FROM source WHERE endpoint = ?1 AND app_id = ?2",
                           -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, endpoint_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, app_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (statement);
    }
  sqlite3_finalize (statement);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, CACHE_STEP_CLEAR);
      return FALSE;
    }

  return TRUE;
}

void
lc_cache_set_day_written_func (LcCache              *self,
                               LcCacheDayWrittenFunc func,
                               gpointer              user_data)
{
  g_return_if_fail (LC_IS_CACHE (self));

  g_mutex_lock (&self->lock);
  self->day_written_func = func;
  self->day_written_data = user_data;
  g_mutex_unlock (&self->lock);
}

/* What an asynchronous call carries to its worker thread and back. */
typedef struct
{
  char        *endpoint;
  char        *app_id;
  LcRange      range;
  gint64       time_ms;
  LcSeries    *series;
  GArray      *missing_ranges;
  LcCacheSize  size;
} CacheJob;

static void
cache_job_free (CacheJob *job)
{
  g_free (job->endpoint);
  g_free (job->app_id);
  g_clear_pointer (&job->series, lc_series_unref);
  g_clear_pointer (&job->missing_ranges, g_array_unref);
  g_free (job);
}

static CacheJob *
cache_job_new (const char *endpoint,
               const char *app_id)
{
  CacheJob *job = g_new0 (CacheJob, 1);

  job->endpoint = g_strdup (endpoint);
  job->app_id = g_strdup (app_id);

  return job;
}

/* Hands @job to @worker in a thread of GTask's pool; the task owns the job from here on, and
 * its callback runs in the caller's thread-default main context. */
static void
cache_job_run (LcCache            *self,
               CacheJob           *job,
               GTaskThreadFunc     worker,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data,
               gpointer            source_tag)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) cache_job_free);
  g_task_run_in_thread (task, worker);
}

/* Ends a job's task with the outcome of the synchronous call the worker made: success, or
 * @error, which the task takes. */
static void
cache_job_return (GTask    *task,
                  gboolean  succeeded,
                  GError   *error)
{
  if (succeeded)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
read_range_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;
  gboolean was_read;

  was_read = lc_cache_read_range (source_object, job->endpoint, job->app_id, job->range,
                                  job->time_ms, &job->series, &job->missing_ranges, &error);
  cache_job_return (task, was_read, error);
}

/**
 * lc_cache_read_range_async:
 *
 * Runs lc_cache_read_range() in a worker thread.
 */
void
lc_cache_read_range_async (LcCache            *self,
                           const char         *endpoint,
                           const char         *app_id,
                           LcRange             range,
                           gint64              now_ms,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  CacheJob *job;

  g_return_if_fail (LC_IS_CACHE (self));
  g_return_if_fail (endpoint != NULL && app_id != NULL);
  g_return_if_fail (range.start <= range.end);

  job = cache_job_new (endpoint, app_id);
  job->range = range;
  job->time_ms = now_ms;
  cache_job_run (self, job, read_range_in_thread, cancellable, callback, user_data,
                 lc_cache_read_range_async);
}

gboolean
lc_cache_read_range_finish (LcCache      *self,
                            GAsyncResult *result,
                            LcSeries    **out_series,
                            GArray      **out_missing_ranges,
                            GError      **error)
{
  CacheJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (out_series != NULL && out_missing_ranges != NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  *out_series = g_steal_pointer (&job->series);
  *out_missing_ranges = g_steal_pointer (&job->missing_ranges);

  return TRUE;
}

static void
store_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;
  gboolean stored;

  stored = lc_cache_store (source_object, job->endpoint, job->app_id, job->range, job->series,
                           job->time_ms, &error);
  cache_job_return (task, stored, error);
}

/**
 * lc_cache_store_async:
 *
 * Runs lc_cache_store() in a worker thread. @series is only read, and must not be changed until
 * the call completes.
 */
void
lc_cache_store_async (LcCache            *self,
                      const char         *endpoint,
                      const char         *app_id,
                      LcRange             fetched_range,
                      LcSeries           *series,
                      gint64              fetched_at_ms,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  CacheJob *job;

  g_return_if_fail (LC_IS_CACHE (self));
  g_return_if_fail (endpoint != NULL && app_id != NULL);
  g_return_if_fail (fetched_range.start <= fetched_range.end);
  g_return_if_fail (series != NULL);

  job = cache_job_new (endpoint, app_id);
  job->range = fetched_range;
  job->series = lc_series_ref (series);
  job->time_ms = fetched_at_ms;
  cache_job_run (self, job, store_in_thread, cancellable, callback, user_data,
                 lc_cache_store_async);
}

gboolean
lc_cache_store_finish (LcCache      *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
get_size_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;
  gboolean measured;

  measured = lc_cache_get_size (source_object, job->endpoint, job->app_id, &job->size, &error);
  cache_job_return (task, measured, error);
}

/**
 * lc_cache_get_size_async:
 *
 * Runs lc_cache_get_size() in a worker thread.
 */
void
lc_cache_get_size_async (LcCache            *self,
                         const char         *endpoint,
                         const char         *app_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_return_if_fail (LC_IS_CACHE (self));
  g_return_if_fail ((endpoint == NULL) == (app_id == NULL));

  cache_job_run (self, cache_job_new (endpoint, app_id), get_size_in_thread, cancellable,
                 callback, user_data, lc_cache_get_size_async);
}

gboolean
lc_cache_get_size_finish (LcCache      *self,
                          GAsyncResult *result,
                          LcCacheSize  *out_size,
                          GError      **error)
{
  CacheJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (out_size != NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  *out_size = job->size;

  return TRUE;
}

static void
clear_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;
  gboolean cleared;

  if (job->endpoint == NULL)
    cleared = lc_cache_clear (source_object, &error);
  else
    cleared = lc_cache_clear_app (source_object, job->endpoint, job->app_id, &error);
  cache_job_return (task, cleared, error);
}

/**
 * lc_cache_clear_async:
 * @endpoint: (nullable): with @app_id, what to forget; %NULL for everything
 *
 * Runs lc_cache_clear() or lc_cache_clear_app() in a worker thread.
 */
void
lc_cache_clear_async (LcCache            *self,
                      const char         *endpoint,
                      const char         *app_id,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_return_if_fail (LC_IS_CACHE (self));
  g_return_if_fail ((endpoint == NULL) == (app_id == NULL));

  cache_job_run (self, cache_job_new (endpoint, app_id), clear_in_thread, cancellable, callback,
                 user_data, lc_cache_clear_async);
}

gboolean
lc_cache_clear_finish (LcCache      *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
