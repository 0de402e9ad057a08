/* main.c: starts the Live Concurrency desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-main"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "lc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (LcApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = lc_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
