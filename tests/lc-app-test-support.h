/* lc-app-test-support.h: what the desktop app's window suites of Live Concurrency set up alike
 *
 * The window suites run real windows against the mock of the POLYV endpoint on loopback. Each
 * starts from the settings' defaults, with the mock running and an empty set of credentials,
 * waits on what the window shows by iterating the main loop until it holds, and ends by
 * checking that every window it opened was finalized. Each suite keeps its own fixture; only
 * the steps that every one of them would otherwise write again live here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lc-credentials.h"
#include "lc-mock-server.h"
#include "lc-window.h"

G_BEGIN_DECLS

void          lc_app_test_init              (int                 *argc,
                                             char              ***argv);

/* Whether what a test waits for in @object holds yet. */
typedef gboolean (*LcAppTestCondition) (gpointer object);

void          lc_app_test_wait_for          (LcAppTestCondition   condition,
                                             gpointer             object,
                                             guint                guard_seconds,
                                             const char          *what);
void          lc_app_test_wait_for_finalize (gpointer            *weak,
                                             guint                guard_seconds,
                                             const char          *what);
void          lc_app_test_destroy_window    (GtkWindow           *window,
                                             guint                guard_seconds,
                                             const char          *what);

void          lc_app_test_reset_settings    (GSettings           *settings);

LcMockServer *lc_app_test_start_service     (char               **out_base_url,
                                             LcCredentials      **out_credentials);
void          lc_app_test_stop_service      (LcMockServer        *server,
                                             LcCredentials       *credentials);

/* What a suite that drives one window, and nothing else, holds for each test. A suite that
 * needs more keeps a fixture of its own and the steps above. */
typedef struct
{
  LcMockServer  *server;
  char          *base_url;
  LcCredentials *credentials;
  LcWindow      *window;
} LcAppTestWindowFixture;

void lc_app_test_window_fixture_set_up    (LcAppTestWindowFixture *fixture);
void lc_app_test_window_fixture_tear_down (LcAppTestWindowFixture *fixture,
                                           guint                   guard_seconds);

G_END_DECLS
