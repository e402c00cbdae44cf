/* beckon-password.c: a password the app holds, wiped when it lets go of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The environment is the one place a password reaches Beckon from outside
 * the keyring and the sign-in page, and it outlives its use there: every
 * child inherits it, and /proc/PID/environ shows the block the process
 * started with for as long as it runs, whatever unsetenv() says.  So the
 * password is copied out of it once, as the first thing main() does (before
 * GLib or GTK could copy the environment), and wiped where it lay.
 */

#include "config.h"

#include "beckon-password.h"

#include <stdlib.h>
#include <string.h>

/* The live environment: what getenv() reads and children inherit. */
extern char **environ;

/* explicit_bzero(), unlike memset(), is not dropped by the compiler as a
 * dead store before the free that follows. */
static void
wipe (char *text)
{
  explicit_bzero (text, strlen (text));
}

/**
 * beckon_password_new:
 * @text: (nullable): a password
 *
 * Returns: (transfer full) (nullable): a copy of @text, to free with
 *   beckon_password_free()
 */
BeckonPassword *
beckon_password_new (const char *text)
{
  return g_strdup (text);
}

/**
 * beckon_password_free:
 * @password: (nullable): a password from beckon_password_new() or
 *   beckon_password_take_from_environment()
 *
 * Overwrites @password, then frees it.
 */
void
beckon_password_free (BeckonPassword *password)
{
  if (password == NULL)
    return;
  wipe (password);
  g_free (password);
}

/**
 * beckon_password_take_from_environment:
 * @name: the variable, e.g. "BECKON_PASSWORD"
 *
 * Takes the value of @name out of the environment: returns a copy, unsets
 * it and overwrites the entry where it lies (for a variable the process
 * started with, that is the block /proc/PID/environ shows), so that neither
 * a child nor a reader of /proc sees it.  Every occurrence is wiped, should
 * @name appear more than once; the first is the one getenv() would have
 * returned.
 *
 * Call it before anything else runs: a copy of the environment made earlier
 * (GSubprocessLauncher, g_get_environ()) would keep the password.
 *
 * Returns: (transfer full) (nullable): the password, to free with
 *   beckon_password_free(); %NULL if @name is not set
 */
BeckonPassword *
beckon_password_take_from_environment (const char *name)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  BeckonPassword       *password = NULL;
  size_t                name_len;

  g_return_val_if_fail (name != NULL && *name != '\0' && strchr (name, '=') == NULL, NULL);

  name_len = strlen (name);
  for (char **entry = environ; entry != NULL && *entry != NULL; entry++)
    if (strncmp (*entry, name, name_len) == 0 && (*entry)[name_len] == '=')
      g_ptr_array_add (entries, *entry);

  if (entries->len > 0)
    password = beckon_password_new ((char *) g_ptr_array_index (entries, 0) + name_len + 1);

  /* Unset while the entries still say "NAME=", which unsetenv() looks for;
   * then wiped whole, so that not even the name says a password was given. */
  unsetenv (name);
  for (guint i = 0; i < entries->len; i++)
    wipe (g_ptr_array_index (entries, i));

  return password;
}
