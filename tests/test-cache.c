/* test-cache.c: the SQLite history cache
 *
 * Each test works in its own temporary folder. Days and fetch times are absolute, so nothing
 * here depends on today's date or the machine's time zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "lc-cache.h"
#include "lc-mock-server.h"
#include "lc-test-support.h"

#define ENDPOINT       "https://api.polyv.net"
#define OTHER_ENDPOINT "http://127.0.0.1:8080"
#define APP_ID         "app-one"
#define OTHER_APP_ID   "app-two"

/* The writer's key and range length; see cache-writer.c. */
#define WRITER_ENDPOINT   "http://127.0.0.1:9"
#define WRITER_APP_ID     "writer"
#define WRITER_RANGE_DAYS 30

typedef struct
{
  char *folder;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("lc-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->folder, "history.sqlite3", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->folder, name, NULL);

      g_assert_cmpint (g_unlink (file), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->folder), ==, 0);
  g_free (fixture->folder);
  g_free (fixture->path);
}

/* A fetch time just after @day ended on the platform's clock. */
static gint64
after_end_of (LcDay day)
{
  return lc_minute_to_unix_ms (((LcMinute) day + 1) * LC_MINUTES_PER_DAY) + 1000;
}

static LcCache *
open_cache (const char *path)
{
  g_autoptr (GError) error = NULL;
  LcCache *cache = lc_cache_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cache);

  return cache;
}

static void
store_range (LcCache    *cache,
             const char *endpoint,
             const char *app_id,
             LcRange     range,
             LcSeries   *series,
             gint64      fetched_at)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lc_cache_store (cache, endpoint, app_id, range, series, fetched_at, &error));
  g_assert_no_error (error);
}

static void
read_range (LcCache    *cache,
            const char *endpoint,
            const char *app_id,
            LcRange     range,
            gint64      now_ms,
            LcSeries  **out_series,
            GArray    **out_missing)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lc_cache_read_range (cache, endpoint, app_id, range, now_ms, out_series,
                                      out_missing, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-02-26"), lc_test_day_of ("2024-03-06") };
  g_autoptr (LcSeries) dense = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) sparse = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_SPARSE);
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GArray) missing = NULL;
  gint64 now = after_end_of (range.end) + 3600 * 1000;

  g_assert_cmpstr (lc_cache_get_path (cache), ==, fixture->path);
  g_assert_null (lc_cache_get_open_warning (cache));
  g_assert_null (lc_cache_get_set_aside_path (cache));

  /* Nothing stored yet: the whole range is missing, as one run. */
  read_range (cache, ENDPOINT, APP_ID, range, now, &series, &missing);
  g_assert_cmpuint (lc_series_get_length (series), ==, 0);
  lc_test_assert_ranges (missing, &range, 1);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* A dense range, every minute of ten days, across a leap day. */
  g_assert_cmpuint (lc_series_get_length (dense), ==, 10 * LC_MINUTES_PER_DAY);
  store_range (cache, ENDPOINT, APP_ID, range, dense, after_end_of (range.end));
  read_range (cache, ENDPOINT, APP_ID, range, now, &series, &missing);
  lc_test_assert_series_equal (series, dense);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* Storing again replaces the days: the sparse data is what is read back now. */
  g_assert_cmpuint (lc_series_get_length (sparse), >, 0);
  store_range (cache, ENDPOINT, APP_ID, range, sparse, after_end_of (range.end));
  read_range (cache, ENDPOINT, APP_ID, range, now, &series, &missing);
  lc_test_assert_series_equal (series, sparse);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* A part of the range reads exactly that part. */
  {
    LcRange part = { range.start + 3, range.start + 5 };
    g_autoptr (LcSeries) expected = lc_test_generate_range (APP_ID, part, LC_MOCK_DATA_SPARSE);

    read_range (cache, ENDPOINT, APP_ID, part, now, &series, &missing);
    lc_test_assert_series_equal (series, expected);
    g_assert_cmpuint (missing->len, ==, 0);
    g_clear_pointer (&series, lc_series_unref);
    g_clear_pointer (&missing, g_array_unref);
  }

  /* Extreme values survive the packing: the last minute of a day and the largest count. */
  {
    LcRange one_day = { lc_test_day_of ("2023-12-31"), lc_test_day_of ("2023-12-31") };
    g_autoptr (LcSeries) extremes = lc_series_new (0);
    LcMinute first = (LcMinute) one_day.start * LC_MINUTES_PER_DAY;

    lc_series_append (extremes, first, 1);
    lc_series_append (extremes, first + 777, 65536);
    lc_series_append (extremes, first + LC_MINUTES_PER_DAY - 1, G_MAXUINT32);
    store_range (cache, ENDPOINT, APP_ID, one_day, extremes, after_end_of (one_day.end));
    read_range (cache, ENDPOINT, APP_ID, one_day, now, &series, &missing);
    lc_test_assert_series_equal (series, extremes);
    g_assert_cmpuint (missing->len, ==, 0);
  }

  /* What survives closing and opening again. */
  g_clear_object (&cache);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);
  cache = open_cache (fixture->path);
  g_assert_null (lc_cache_get_open_warning (cache));
  read_range (cache, ENDPOINT, APP_ID, range, now, &series, &missing);
  lc_test_assert_series_equal (series, sparse);
  g_assert_cmpuint (missing->len, ==, 0);
}

static void
test_points_outside_range_ignored (Fixture      *fixture,
                                   gconstpointer user_data)
{
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange wide = { lc_test_day_of ("2024-05-01"), lc_test_day_of ("2024-05-05") };
  LcRange stored = { wide.start + 1, wide.start + 2 };
  g_autoptr (LcSeries) dense = lc_test_generate_range (APP_ID, wide, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) expected = lc_test_generate_range (APP_ID, stored, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GArray) missing = NULL;
  const LcRange expected_missing[] = { { wide.start, wide.start }, { stored.end + 1, wide.end } };

  store_range (cache, ENDPOINT, APP_ID, stored, dense, after_end_of (wide.end));
  read_range (cache, ENDPOINT, APP_ID, wide, after_end_of (wide.end), &series, &missing);
  lc_test_assert_series_equal (series, expected);
  lc_test_assert_ranges (missing, expected_missing, G_N_ELEMENTS (expected_missing));
}

static void
test_empty_days_are_final (Fixture      *fixture,
                           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-01-10"), lc_test_day_of ("2024-01-16") };
  g_autoptr (LcSeries) empty = lc_series_new (0);
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GArray) missing = NULL;
  gint64 fetched_at = 0;
  guint n_points = 99;
  LcCacheSize size;

  store_range (cache, ENDPOINT, APP_ID, range, empty, after_end_of (range.end));
  read_range (cache, ENDPOINT, APP_ID, range, after_end_of (range.end), &series, &missing);
  g_assert_cmpuint (lc_series_get_length (series), ==, 0);
  g_assert_cmpuint (missing->len, ==, 0);

  g_assert_true (lc_cache_lookup_day (cache, ENDPOINT, APP_ID, range.start + 3, &fetched_at,
                                      &n_points, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fetched_at, ==, after_end_of (range.end));
  g_assert_cmpuint (n_points, ==, 0);
  g_assert_false (lc_cache_lookup_day (cache, ENDPOINT, APP_ID, range.end + 1, NULL, NULL,
                                       &error));
  g_assert_no_error (error);

  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, 7);
  g_assert_cmpuint (size.data_bytes, ==, 0);
}

static void
test_final_and_stale (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-06-01"), lc_test_day_of ("2024-06-05") };
  LcDay last = range.end;
  /* Noon of the last day on the platform's clock: that day is still running. */
  gint64 noon = lc_minute_to_unix_ms ((LcMinute) last * LC_MINUTES_PER_DAY + 12 * 60);
  g_autoptr (LcSeries) full = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) until_noon = NULL;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (LcSeries) expected = NULL;
  g_autoptr (GArray) missing = NULL;
  const LcRange last_day[] = { { last, last } };

  g_assert_true (lc_cache_day_is_final (last, after_end_of (last)));
  g_assert_true (lc_cache_day_is_final (last, after_end_of (last) - 1000));
  g_assert_false (lc_cache_day_is_final (last, after_end_of (last) - 1001));
  g_assert_false (lc_cache_day_is_final (last, noon));
  g_assert_true (lc_cache_day_is_final (last - 1, noon));

  /* A fetch at noon of the last day: the days before it are final, the last one is stale. */
  until_noon = lc_series_slice (full, (LcMinute) range.start * LC_MINUTES_PER_DAY,
                                (LcMinute) last * LC_MINUTES_PER_DAY + 12 * 60);
  store_range (cache, ENDPOINT, APP_ID, range, until_noon, noon);
  read_range (cache, ENDPOINT, APP_ID, range, noon + 60 * 1000, &series, &missing);
  expected = lc_series_slice (full, (LcMinute) range.start * LC_MINUTES_PER_DAY,
                              (LcMinute) last * LC_MINUTES_PER_DAY);
  lc_test_assert_series_equal (series, expected);
  lc_test_assert_ranges (missing, last_day, 1);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* Fetched again the next day, the whole range is final. */
  store_range (cache, ENDPOINT, APP_ID, last_day[0], full, after_end_of (last));
  read_range (cache, ENDPOINT, APP_ID, range, after_end_of (last), &series, &missing);
  lc_test_assert_series_equal (series, full);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* A fetch time far ahead of now means the clock was wrong then: the day is not trusted. */
  read_range (cache, ENDPOINT, APP_ID, range, after_end_of (last) - 3600 * 1000, &series,
              &missing);
  g_assert_cmpuint (lc_series_get_length (series), ==, 4 * LC_MINUTES_PER_DAY);
  lc_test_assert_ranges (missing, last_day, 1);
}

static void
test_separation (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-07-01"), lc_test_day_of ("2024-07-03") };
  g_autoptr (LcSeries) one = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_SPARSE);
  g_autoptr (LcSeries) two = lc_test_generate_range (OTHER_APP_ID, range, LC_MOCK_DATA_DENSE);
  gint64 now = after_end_of (range.end);
  struct
  {
    const char *endpoint;
    const char *app_id;
    LcSeries   *expected;
  } cases[] = {
    { ENDPOINT, APP_ID, one },
    { ENDPOINT "/", APP_ID, one },  /* the same endpoint, spelled with a slash */
    { OTHER_ENDPOINT, APP_ID, NULL },
    { ENDPOINT, OTHER_APP_ID, two },
    { OTHER_ENDPOINT, OTHER_APP_ID, NULL },
    { ENDPOINT, "APP-ONE", NULL },  /* app IDs are compared exactly */
  };

  g_assert_false (lc_series_equal (one, two));
  store_range (cache, ENDPOINT, APP_ID, range, one, now);
  store_range (cache, ENDPOINT "/", OTHER_APP_ID, range, two, now);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LcSeries) series = NULL;
      g_autoptr (GArray) missing = NULL;

      read_range (cache, cases[i].endpoint, cases[i].app_id, range, now, &series, &missing);
      if (cases[i].expected != NULL)
        {
          lc_test_assert_series_equal (series, cases[i].expected);
          g_assert_cmpuint (missing->len, ==, 0);
        }
      else
        {
          g_assert_cmpuint (lc_series_get_length (series), ==, 0);
          lc_test_assert_ranges (missing, &range, 1);
        }
    }
}

static void
test_size_and_clear (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-08-01"), lc_test_day_of ("2024-08-20") };
  g_autoptr (LcSeries) dense = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) other = lc_test_generate_range (OTHER_APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (GArray) missing = NULL;
  gint64 now = after_end_of (range.end);
  LcCacheSize empty_size;
  LcCacheSize full_size;
  LcCacheSize size;

  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &empty_size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (empty_size.n_days, ==, 0);
  g_assert_cmpuint (empty_size.data_bytes, ==, 0);
  g_assert_cmpuint (empty_size.file_bytes, >, 0);

  store_range (cache, ENDPOINT, APP_ID, range, dense, now);
  store_range (cache, OTHER_ENDPOINT, APP_ID, range, other, now);
  store_range (cache, ENDPOINT, OTHER_APP_ID, range, other, now);

  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &full_size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (full_size.n_days, ==, 60);
  g_assert_cmpuint (full_size.data_bytes, ==, 60 * LC_MINUTES_PER_DAY * 6);
  g_assert_cmpuint (full_size.file_bytes, >, full_size.data_bytes);

  g_assert_true (lc_cache_get_size (cache, ENDPOINT, APP_ID, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, 20);
  g_assert_cmpuint (size.data_bytes, ==, 20 * LC_MINUTES_PER_DAY * 6);
  g_assert_cmpuint (size.file_bytes, ==, full_size.file_bytes);

  /* Clearing one endpoint and app leaves the others alone. */
  g_assert_true (lc_cache_clear_app (cache, ENDPOINT, APP_ID, &error));
  g_assert_no_error (error);
  g_assert_true (lc_cache_get_size (cache, ENDPOINT, APP_ID, &size, &error));
  g_assert_cmpuint (size.n_days, ==, 0);
  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_assert_cmpuint (size.n_days, ==, 40);
  read_range (cache, ENDPOINT, APP_ID, range, now, &series, &missing);
  lc_test_assert_ranges (missing, &range, 1);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);
  read_range (cache, ENDPOINT, OTHER_APP_ID, range, now, &series, &missing);
  lc_test_assert_series_equal (series, other);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* Clearing everything forgets every day and gives the space back. */
  g_assert_true (lc_cache_clear (cache, &error));
  g_assert_no_error (error);
  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, 0);
  g_assert_cmpuint (size.data_bytes, ==, 0);
  g_assert_cmpuint (size.file_bytes, <, full_size.file_bytes / 4);
  read_range (cache, ENDPOINT, OTHER_APP_ID, range, now, &series, &missing);
  lc_test_assert_ranges (missing, &range, 1);
  g_clear_pointer (&series, lc_series_unref);
  g_clear_pointer (&missing, g_array_unref);

  /* The cache keeps working after it was cleared. */
  store_range (cache, ENDPOINT, APP_ID, range, dense, now);
  read_range (cache, ENDPOINT, APP_ID, range, now, &series, &missing);
  lc_test_assert_series_equal (series, dense);
}

static void
test_default_path (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "live-concurrency",
                                                "history.sqlite3", NULL);
  g_autofree char *path = lc_cache_get_default_path ();
  g_autoptr (LcCache) cache = NULL;

  /* The test runs with its own data folder, so this creates nothing in the real one. */
  g_assert_cmpstr (path, ==, expected);
  cache = lc_cache_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lc_cache_get_path (cache), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

/* Reads a pragma of the database at @path with SQLite directly. */
static gint64
read_pragma (const char *path,
             const char *pragma)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return value;
}

/* The journal mode is kept in the file, so a fresh connection reports it. */
static const char *
read_journal_mode (const char *path)
{
  static char mode[16];
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &statement, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  g_strlcpy (mode, (const char *) sqlite3_column_text (statement, 0), sizeof mode);
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return mode;
}

static char *
integrity_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *result;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &statement, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return result;
}

static void
write_sqlite (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Opens @path where an unusable file lies, and checks that it was set aside with its bytes
 * intact and that a working, empty cache took its place. */
static void
assert_set_aside_and_rebuilt (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *check = NULL;
  gsize original_length = 0;
  gsize moved_length = 0;
  g_autoptr (LcCache) cache = NULL;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (LcSeries) stored = NULL;
  g_autoptr (GArray) missing = NULL;
  LcRange range = { lc_test_day_of ("2024-09-01"), lc_test_day_of ("2024-09-02") };
  LcCacheSize size;

  g_assert_true (g_file_get_contents (path, &original, &original_length, NULL));

  cache = open_cache (path);
  g_assert_nonnull (lc_cache_get_open_warning (cache));
  g_assert_nonnull (lc_cache_get_set_aside_path (cache));
  g_assert_true (g_str_has_prefix (lc_cache_get_set_aside_path (cache), path));
  g_assert_nonnull (strstr (lc_cache_get_set_aside_path (cache), ".corrupt-"));
  g_assert_nonnull (strstr (lc_cache_get_open_warning (cache),
                            lc_cache_get_set_aside_path (cache)));
  g_test_message ("%s", lc_cache_get_open_warning (cache));

  g_assert_true (g_file_get_contents (lc_cache_get_set_aside_path (cache), &moved, &moved_length,
                                      NULL));
  g_assert_cmpmem (moved, moved_length, original, original_length);

  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, 0);
  stored = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_SPARSE);
  store_range (cache, ENDPOINT, APP_ID, range, stored, after_end_of (range.end));
  read_range (cache, ENDPOINT, APP_ID, range, after_end_of (range.end), &series, &missing);
  lc_test_assert_series_equal (series, stored);
  g_clear_object (&cache);

  g_assert_cmpint (read_pragma (path, "application_id"), ==, LC_CACHE_APPLICATION_ID);
  g_assert_cmpint (read_pragma (path, "user_version"), ==, LC_CACHE_SCHEMA_VERSION);
  check = integrity_check (path);
  g_assert_cmpstr (check, ==, "ok");

  /* Opened again, the new file is fine. */
  cache = open_cache (path);
  g_assert_null (lc_cache_get_open_warning (cache));
}

static void
test_random_bytes (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *noise = g_malloc (8192);

  for (guint i = 0; i < 8192; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (fixture->path, (const char *) noise, 8192, NULL));

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_text_file (Fixture      *fixture,
                gconstpointer user_data)
{
  g_assert_true (g_file_set_contents (fixture->path, "day,minute,viewers\n", -1, NULL));

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_foreign_database (Fixture      *fixture,
                       gconstpointer user_data)
{
  write_sqlite (fixture->path,
                "PRAGMA application_id = 1234;"
                "CREATE TABLE recipes (name TEXT, steps TEXT);"
                "INSERT INTO recipes VALUES ('bread', 'knead');");

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_plain_database (Fixture      *fixture,
                     gconstpointer user_data)
{
  /* Any SQLite file without our application ID belongs to someone else, tables and all. */
  write_sqlite (fixture->path, "CREATE TABLE day (day INTEGER, points BLOB);");

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_newer_schema (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;"
                                          "PRAGMA user_version = %d;"
                                          "CREATE TABLE day_v9 (day INTEGER);",
                                          LC_CACHE_APPLICATION_ID, LC_CACHE_SCHEMA_VERSION + 8);

  write_sqlite (fixture->path, sql);

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_missing_tables (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;"
                                          "PRAGMA user_version = %d;"
                                          "CREATE TABLE source (id INTEGER PRIMARY KEY);",
                                          LC_CACHE_APPLICATION_ID, LC_CACHE_SCHEMA_VERSION);

  write_sqlite (fixture->path, sql);

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_damaged_pages (Fixture      *fixture,
                    gconstpointer user_data)
{
  LcRange range = { lc_test_day_of ("2024-10-01"), lc_test_day_of ("2024-11-30") };
  g_autoptr (LcSeries) dense = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  g_autofree char *contents = NULL;
  gsize length = 0;

  store_range (cache, ENDPOINT, APP_ID, range, dense, after_end_of (range.end));
  g_clear_object (&cache);

  /* Closing the last connection folds the WAL into the file; then scribble over its pages. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16 * 4096);
  for (gsize offset = 4096; offset < length; offset += 4096 * 3)
    memset (contents + offset, 0x5a, 2048);
  g_assert_true (g_file_set_contents (fixture->path, contents, length, NULL));

  assert_set_aside_and_rebuilt (fixture->path);
}

static void
test_migration_from_version_0 (Fixture      *fixture,
                               gconstpointer user_data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;", LC_CACHE_APPLICATION_ID);
  g_autoptr (LcCache) cache = NULL;
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (LcSeries) stored = NULL;
  g_autoptr (GArray) missing = NULL;
  LcRange range = { lc_test_day_of ("2024-12-30"), lc_test_day_of ("2025-01-02") };

  /* Ours, but from before any table was made: version 0 is migrated, not set aside. */
  write_sqlite (fixture->path, sql);
  g_assert_cmpint (read_pragma (fixture->path, "user_version"), ==, 0);

  cache = open_cache (fixture->path);
  g_assert_null (lc_cache_get_open_warning (cache));
  g_assert_null (lc_cache_get_set_aside_path (cache));
  stored = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_SPARSE);
  store_range (cache, ENDPOINT, APP_ID, range, stored, after_end_of (range.end));
  read_range (cache, ENDPOINT, APP_ID, range, after_end_of (range.end), &series, &missing);
  lc_test_assert_series_equal (series, stored);
  g_clear_object (&cache);

  g_assert_cmpint (read_pragma (fixture->path, "user_version"), ==, LC_CACHE_SCHEMA_VERSION);
  g_assert_cmpint (read_pragma (fixture->path, "application_id"), ==, LC_CACHE_APPLICATION_ID);
  g_assert_cmpstr (read_journal_mode (fixture->path), ==, "wal");

  /* An empty file, as a crash right after creating it would leave, is a new cache too. */
  g_assert_true (g_file_set_contents (fixture->path, "", 0, NULL));
  cache = open_cache (fixture->path);
  g_assert_null (lc_cache_get_open_warning (cache));
}

static void
test_damaged_day_is_refetched (Fixture      *fixture,
                               gconstpointer user_data)
{
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-03-10"), lc_test_day_of ("2024-03-14") };
  g_autoptr (LcSeries) stored = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcSeries) series = NULL;
  g_autoptr (LcSeries) expected = NULL;
  g_autoptr (LcSeries) before = NULL;
  g_autoptr (LcSeries) after = NULL;
  g_autoptr (GArray) missing = NULL;
  g_autofree char *sql = NULL;
  const LcRange damaged_day[] = { { range.start + 2, range.start + 2 } };

  store_range (cache, ENDPOINT, APP_ID, range, stored, after_end_of (range.end));

  /* A row whose blob does not match its point count is not trusted: it is missing. */
  sql = g_strdup_printf ("UPDATE day SET n_points = n_points - 1 WHERE day = %d",
                         damaged_day[0].start);
  write_sqlite (fixture->path, sql);

  read_range (cache, ENDPOINT, APP_ID, range, after_end_of (range.end), &series, &missing);
  before = lc_series_slice (stored, (LcMinute) range.start * LC_MINUTES_PER_DAY,
                            (LcMinute) damaged_day[0].start * LC_MINUTES_PER_DAY);
  after = lc_series_slice (stored, ((LcMinute) damaged_day[0].end + 1) * LC_MINUTES_PER_DAY,
                           ((LcMinute) range.end + 1) * LC_MINUTES_PER_DAY);
  {
    LcSeries *parts[] = { before, after };

    expected = lc_series_merge (parts, G_N_ELEMENTS (parts));
  }
  lc_test_assert_series_equal (series, expected);
  g_assert_cmpuint (lc_series_get_length (series), ==, 4 * LC_MINUTES_PER_DAY);
  lc_test_assert_ranges (missing, damaged_day, 1);
}

static void
test_unnormalized_series_refused (Fixture      *fixture,
                                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LcCache) cache = open_cache (fixture->path);
  LcRange range = { lc_test_day_of ("2024-04-01"), lc_test_day_of ("2024-04-02") };
  g_autoptr (LcSeries) disordered = lc_series_new (0);
  LcMinute first = (LcMinute) range.start * LC_MINUTES_PER_DAY;
  LcCacheSize size;

  lc_series_append (disordered, first + 10, 4);
  lc_series_append (disordered, first + 5, 4);

  g_assert_false (lc_cache_store (cache, ENDPOINT, APP_ID, range, disordered,
                                  after_end_of (range.end), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  /* Nothing of the failed store remains. */
  g_clear_error (&error);
  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_assert_cmpuint (size.n_days, ==, 0);
}

/* Async calls, completed on the main loop. */
static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  guint *n_stored = user_data;

  g_assert_true (lc_cache_store_finish (LC_CACHE (source), result, &error));
  g_assert_no_error (error);
  (*n_stored)++;
}

typedef struct
{
  gboolean     done;
  LcSeries    *series;
  GArray      *missing;
  LcCacheSize  size;
  LcCache     *cache;
} AsyncOutcome;

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AsyncOutcome *outcome = user_data;

  g_assert_true (lc_cache_read_range_finish (LC_CACHE (source), result, &outcome->series,
                                             &outcome->missing, &error));
  g_assert_no_error (error);
  outcome->done = TRUE;
}

static void
size_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AsyncOutcome *outcome = user_data;

  g_assert_true (lc_cache_get_size_finish (LC_CACHE (source), result, &outcome->size, &error));
  g_assert_no_error (error);
  outcome->done = TRUE;
}

static void
clear_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AsyncOutcome *outcome = user_data;

  g_assert_true (lc_cache_clear_finish (LC_CACHE (source), result, &error));
  g_assert_no_error (error);
  outcome->done = TRUE;
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AsyncOutcome *outcome = user_data;

  outcome->cache = lc_cache_open_finish (result, &error);
  g_assert_no_error (error);
  outcome->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the cache");

  return G_SOURCE_REMOVE;
}

static void
wait_until (gboolean *done)
{
  guint timeout_id = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  *done = FALSE;
}

static void
test_async (Fixture      *fixture,
            gconstpointer user_data)
{
  guint n_stored = 0;
  guint timeout_id;
  LcRange range = { lc_test_day_of ("2024-02-01"), lc_test_day_of ("2024-02-29") };
  LcRange later = { range.end + 1, range.end + 3 };
  g_autoptr (LcSeries) stored = lc_test_generate_range (APP_ID, range, LC_MOCK_DATA_DENSE);
  g_autoptr (LcCache) cache = NULL;
  AsyncOutcome outcome = { 0, };
  LcRange both = { range.start, later.end };

  lc_cache_open_async (fixture->path, NULL, open_done_cb, &outcome);
  wait_until (&outcome.done);
  cache = g_steal_pointer (&outcome.cache);
  g_assert_nonnull (cache);

  /* Two stores and a read queued at once, each completing on the main loop; the read may run
   * before, between or after the stores. */
  lc_cache_store_async (cache, ENDPOINT, APP_ID, range, stored, after_end_of (range.end), NULL,
                        store_done_cb, &n_stored);
  lc_cache_store_async (cache, ENDPOINT, APP_ID, later, stored, after_end_of (later.end), NULL,
                        store_done_cb, &n_stored);
  lc_cache_read_range_async (cache, ENDPOINT, APP_ID, both, after_end_of (later.end), NULL,
                             read_done_cb, &outcome);
  wait_until (&outcome.done);
  g_clear_pointer (&outcome.series, lc_series_unref);
  g_clear_pointer (&outcome.missing, g_array_unref);
  timeout_id = g_timeout_add_seconds (20, timeout_cb, NULL);
  while (n_stored < 2)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);

  lc_cache_get_size_async (cache, NULL, NULL, NULL, size_done_cb, &outcome);
  wait_until (&outcome.done);
  g_assert_cmpuint (outcome.size.n_days, ==, lc_range_get_n_days (both));

  lc_cache_read_range_async (cache, ENDPOINT, APP_ID, both, after_end_of (later.end), NULL,
                             read_done_cb, &outcome);
  wait_until (&outcome.done);
  lc_test_assert_series_equal (outcome.series, stored);
  g_assert_cmpuint (outcome.missing->len, ==, 0);
  g_clear_pointer (&outcome.series, lc_series_unref);
  g_clear_pointer (&outcome.missing, g_array_unref);

  lc_cache_clear_async (cache, ENDPOINT, APP_ID, NULL, clear_done_cb, &outcome);
  wait_until (&outcome.done);
  lc_cache_get_size_async (cache, ENDPOINT, APP_ID, NULL, size_done_cb, &outcome);
  wait_until (&outcome.done);
  g_assert_cmpuint (outcome.size.n_days, ==, 0);
}

/* Spawns the writer and reads its report lines. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *lines;
} Writer;

static void
writer_start (Writer     *writer,
              const char *path,
              const char *mode)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "cache-writer", NULL);

  writer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                      | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      program, path, mode, NULL);
  g_assert_no_error (error);
  writer->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer->process));
}

/* Returns the next line the writer printed, parsed into its word and range. */
static gboolean
writer_read_report (Writer  *writer,
                    char   **out_word,
                    LcRange *out_range)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line (writer->lines, NULL, NULL, &error);
  g_auto (GStrv) words = NULL;

  g_assert_no_error (error);
  if (line == NULL)
    return FALSE;

  words = g_strsplit (line, " ", 3);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  *out_word = g_strdup (words[0]);
  out_range->start = (LcDay) g_ascii_strtoll (words[1], NULL, 10);
  out_range->end = (LcDay) g_ascii_strtoll (words[2], NULL, 10);

  return TRUE;
}

static void
writer_kill (Writer *writer)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (writer->process, SIGKILL);
  g_assert_true (g_subprocess_wait (writer->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer->process));
  g_assert_cmpint (g_subprocess_get_term_sig (writer->process), ==, SIGKILL);
  g_clear_object (&writer->lines);
  g_clear_object (&writer->process);
}

/* Checks that the cache holds exactly @committed (an array of LcRange) and the days of
 * @maybe (all of them or none), and that each stored day is what the writer generated. */
static void
assert_writer_days (const char *path,
                    GArray     *committed,
                    LcRange     maybe)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *check = integrity_check (path);
  g_autoptr (LcCache) cache = open_cache (path);
  g_autoptr (LcSeries) maybe_series = NULL;
  g_autoptr (GArray) maybe_missing = NULL;
  guint expected_days = 0;
  LcCacheSize size;

  g_assert_cmpstr (check, ==, "ok");
  g_assert_null (lc_cache_get_open_warning (cache));

  for (guint i = 0; i < committed->len; i++)
    {
      LcRange range = g_array_index (committed, LcRange, i);
      g_autoptr (LcSeries) expected = lc_test_generate_range (WRITER_APP_ID, range,
                                                                       LC_MOCK_DATA_DENSE);
      g_autoptr (LcSeries) series = NULL;
      g_autoptr (GArray) missing = NULL;

      read_range (cache, WRITER_ENDPOINT, WRITER_APP_ID, range, after_end_of (range.end), &series,
                  &missing);
      g_assert_cmpuint (missing->len, ==, 0);
      lc_test_assert_series_equal (series, expected);
      expected_days += lc_range_get_n_days (range);
    }

  /* The range the writer was in the middle of is there whole, or not at all. */
  read_range (cache, WRITER_ENDPOINT, WRITER_APP_ID, maybe, after_end_of (maybe.end),
              &maybe_series, &maybe_missing);
  if (maybe_missing->len == 0)
    {
      g_autoptr (LcSeries) expected = lc_test_generate_range (WRITER_APP_ID, maybe,
                                                                       LC_MOCK_DATA_DENSE);

      g_test_message ("The interrupted range was committed before the kill");
      lc_test_assert_series_equal (maybe_series, expected);
      expected_days += lc_range_get_n_days (maybe);
    }
  else
    {
      lc_test_assert_ranges (maybe_missing, &maybe, 1);
      g_assert_cmpuint (lc_series_get_length (maybe_series), ==, 0);
    }

  g_assert_true (lc_cache_get_size (cache, NULL, NULL, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size.n_days, ==, expected_days);
}

static void
test_killed_in_transaction (Fixture      *fixture,
                            gconstpointer user_data)
{
  g_autoptr (GArray) committed = g_array_new (FALSE, FALSE, sizeof (LcRange));
  Writer writer = { 0, };
  g_autofree char *word = NULL;
  LcRange range;

  writer_start (&writer, fixture->path, "hold");
  while (writer_read_report (&writer, &word, &range) && g_str_equal (word, "committed"))
    {
      g_array_append_val (committed, range);
      g_clear_pointer (&word, g_free);
    }
  g_assert_cmpstr (word, ==, "in-transaction");
  g_assert_cmpuint (committed->len, ==, 2);

  /* Half the range is written in the open transaction when the writer dies. */
  writer_kill (&writer);
  assert_writer_days (fixture->path, committed, range);
  {
    g_autoptr (LcCache) cache = open_cache (fixture->path);
    g_autoptr (GError) error = NULL;

    g_assert_false (lc_cache_lookup_day (cache, WRITER_ENDPOINT, WRITER_APP_ID, range.start,
                                         NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_killed_while_running (Fixture      *fixture,
                           gconstpointer user_data)
{
  g_autoptr (GArray) committed = g_array_new (FALSE, FALSE, sizeof (LcRange));
  Writer writer = { 0, };
  LcRange range = { 0, 0 };
  LcRange next;

  /* Killed wherever it happens to be after its fourth commit. */
  writer_start (&writer, fixture->path, "run");
  while (committed->len < 4)
    {
      g_autofree char *word = NULL;

      g_assert_true (writer_read_report (&writer, &word, &range));
      g_assert_cmpstr (word, ==, "committed");
      g_array_append_val (committed, range);
    }
  writer_kill (&writer);

  next.start = range.end + 1;
  next.end = range.end + WRITER_RANGE_DAYS;
  assert_writer_days (fixture->path, committed, next);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD_CACHE_TEST(name, func) \
  g_test_add ("/cache/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_CACHE_TEST ("round-trip", test_round_trip);
  ADD_CACHE_TEST ("points-outside-range-ignored", test_points_outside_range_ignored);
  ADD_CACHE_TEST ("empty-days-are-final", test_empty_days_are_final);
  ADD_CACHE_TEST ("final-and-stale", test_final_and_stale);
  ADD_CACHE_TEST ("separation", test_separation);
  ADD_CACHE_TEST ("size-and-clear", test_size_and_clear);
  g_test_add_func ("/cache/default-path", test_default_path);
  ADD_CACHE_TEST ("corrupt/random-bytes", test_random_bytes);
  ADD_CACHE_TEST ("corrupt/text-file", test_text_file);
  ADD_CACHE_TEST ("corrupt/foreign-database", test_foreign_database);
  ADD_CACHE_TEST ("corrupt/plain-database", test_plain_database);
  ADD_CACHE_TEST ("corrupt/newer-schema", test_newer_schema);
  ADD_CACHE_TEST ("corrupt/missing-tables", test_missing_tables);
  ADD_CACHE_TEST ("corrupt/damaged-pages", test_damaged_pages);
  ADD_CACHE_TEST ("corrupt/damaged-day-is-refetched", test_damaged_day_is_refetched);
  ADD_CACHE_TEST ("migration-from-version-0", test_migration_from_version_0);
  ADD_CACHE_TEST ("unnormalized-series-refused", test_unnormalized_series_refused);
  ADD_CACHE_TEST ("async", test_async);
  ADD_CACHE_TEST ("crash/killed-in-transaction", test_killed_in_transaction);
  ADD_CACHE_TEST ("crash/killed-while-running", test_killed_while_running);

#undef ADD_CACHE_TEST

  return g_test_run ();
}
