/* test-password-env.c: the password taken out of the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The environment under test must be the one a process starts with (the
 * block /proc/PID/environ shows), not one set with setenv(): each test runs
 * this program again as a child, with the environment it gives it, and the
 * child checks what it sees from the inside.
 */

#include "config.h"

#include <string.h>

#include "beckon-password.h"

#define CHILD_ARG "--take-password"

/* The child's side */

/* The entries of a NUL-separated environment block (/proc/PID/environ). */
static GStrv
split_block (const char *block,
             gsize       length)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (const char *entry = block; entry < block + length; entry += strlen (entry) + 1)
    g_strv_builder_add (builder, entry);
  return g_strv_builder_end (builder);
}

static void
assert_block_clean (GStrv entries)
{
  g_assert_true (g_strv_contains ((const char *const *) entries, "BECKON_OTHER=kept"));
  for (guint i = 0; entries[i] != NULL; i++)
    {
      /* Not even the name: nothing says a password was given. */
      g_assert_false (g_str_has_prefix (entries[i], "BECKON_PASSWORD"));
      g_assert_null (strstr (entries[i], "first secret"));
      g_assert_null (strstr (entries[i], "second secret"));
    }
}

static int
child_main (void)
{
  g_autoptr (BeckonPassword) password = beckon_password_take_from_environment ("BECKON_PASSWORD");
  g_autofree char           *block = NULL;
  g_autofree char           *inherited = NULL;
  gsize                      length = 0;
  int                        wait_status = 0;
  g_auto (GStrv)             entries = NULL;
  g_autoptr (GError)         error = NULL;
  const char                *env_argv[] = { "env", NULL };

  /* The first, as getenv() would have said. */
  g_assert_cmpstr (password, ==, "first secret");
  g_assert_null (g_getenv ("BECKON_PASSWORD"));
  g_assert_cmpstr (g_getenv ("BECKON_OTHER"), ==, "kept");

  /* What /proc shows: the block the process started with. */
  g_assert_true (g_file_get_contents ("/proc/self/environ", &block, &length, &error));
  g_assert_no_error (error);
  entries = split_block (block, length);
  assert_block_clean (entries);
  g_clear_pointer (&entries, g_strfreev);

  /* What a child inherits: the live environment. */
  g_assert_true (g_spawn_sync (NULL, (char **) env_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &inherited, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, &error));
  g_assert_no_error (error);
  entries = g_strsplit (inherited, "\n", -1);
  assert_block_clean (entries);

  return 0;
}

/* The test's side */

static void
test_taken_and_wiped (void)
{
  g_autofree char   *self = g_file_read_link ("/proc/self/exe", NULL);
  const char        *argv[] = { self, CHILD_ARG, NULL };
  g_autofree char   *child_stderr = NULL;
  int                wait_status = 0;
  g_autoptr (GError) error = NULL;
  /* Twice, as a careless or hostile parent may pass it: execve() keeps
   * both, and getenv() would find the first. */
  const char        *envp[] = {
           "BECKON_PASSWORD=first secret",
           "BECKON_OTHER=kept",
           "BECKON_PASSWORD=second secret",
           NULL,
  };

  g_assert_nonnull (self);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               &child_stderr, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("child: %s", child_stderr);
  g_assert_true (g_spawn_check_wait_status (wait_status, &error));
  g_assert_no_error (error);
}

static void
test_not_set (void)
{
  g_autoptr (BeckonPassword) password = NULL;

  g_unsetenv ("BECKON_PASSWORD");
  password = beckon_password_take_from_environment ("BECKON_PASSWORD");
  g_assert_null (password);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], CHILD_ARG))
    return child_main ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/password/environment/taken-and-wiped", test_taken_and_wiped);
  g_test_add_func ("/password/environment/not-set", test_not_set);

  return g_test_run ();
}
