/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "beckon-application.h"
#include "beckon-password.h"

int
main (int   argc,
      char *argv[])
{
  /* First of all, before anything could copy the environment. */
  g_autoptr (BeckonPassword)    password = beckon_password_take_from_environment ("BECKON_PASSWORD");
  g_autoptr (BeckonApplication) app = NULL;
  /* Run from the build tree (build-aux/dev demo), the catalogs are in
   * BUILDDIR/po, not yet installed under LOCALEDIR. */
  const char                   *localedir = g_getenv ("BECKON_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = beckon_application_new ();
  beckon_application_take_startup_password (app, g_steal_pointer (&password));
  return g_application_run (G_APPLICATION (app), argc, argv);
}
