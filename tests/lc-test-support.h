/* lc-test-support.h: what several test suites and benchmarks of Live Concurrency need alike
 *
 * Waiting on the main context with a guard that fails a hung test, fetching a range at once,
 * days and series to compare against, scratch folders, and the live-concurrency-cli binary run
 * as a child process while this process serves the mock API. Each suite keeps its own
 * fixtures; only what would otherwise be written again in each of them lives here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lc-client.h"
#include "lc-date.h"
#include "lc-mock-server.h"
#include "lc-series.h"

G_BEGIN_DECLS

/* How long a test waits for any one thing before it counts as hung. */
#define LC_TEST_GUARD_SECONDS 60

/* Waiting and fetching. */

void      lc_test_iterate_until       (const gboolean  *condition,
                                       guint            guard_seconds);
LcSeries *lc_test_fetch_sync          (LcClient        *client,
                                       LcRange          range,
                                       guint            guard_seconds,
                                       GError         **error);

/* Days, minutes and series. */

LcDay     lc_test_day_of              (const char      *text);
LcMinute  lc_test_minute_of           (int              year,
                                       int              month,
                                       int              day,
                                       int              hour,
                                       int              minute);
LcSeries *lc_test_generate_range      (const char      *app_id,
                                       LcRange          range,
                                       LcMockData       data);
void      lc_test_assert_series_equal (const LcSeries  *actual,
                                       const LcSeries  *expected);
void      lc_test_assert_ranges       (GArray          *ranges,
                                       const LcRange   *expected,
                                       guint            n_expected);

/* Scratch folders. */

char     *lc_test_make_temp_dir       (const char      *name_template);
void      lc_test_remove_tree         (const char      *path);

/* The command line tool as a child process. */

/* What one run of the CLI printed and how it ended. */
typedef struct
{
  gboolean  exited;
  int       exit_status;
  char     *standard_output;
  char     *standard_error;
} LcTestCliRun;

void                 lc_test_cli_run_clear    (LcTestCliRun        *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LcTestCliRun, lc_test_cli_run_clear)

GSubprocessLauncher *lc_test_cli_launcher_new (const char          *app_id,
                                               const char          *app_secret,
                                               const char          *data_dir);
GSubprocess         *lc_test_cli_spawn        (GSubprocessLauncher *launcher,
                                               const char *const   *arguments,
                                               LcTestCliRun        *run);
void                 lc_test_cli_wait         (LcTestCliRun        *run);
void                 lc_test_run_cli          (GSubprocessLauncher *launcher,
                                               const char *const   *arguments,
                                               LcTestCliRun        *run);

/* The mock server as a separate process, for benchmarks. */

GSubprocess         *lc_test_spawn_dense_mock (const char          *mock_path,
                                               char               **out_base_url);

G_END_DECLS
