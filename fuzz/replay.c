/* replay.c: runs a fuzz target over its corpora without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   replay-TARGET PATH...   every file under each PATH (recursively, in
 *                           name order) through LLVMFuzzerTestOneInput
 *
 * Linked with each target's source in every build (gcc, --sanitize), so the
 * seed corpora and every input that once crashed a target
 * (tests/data/fuzz-regressions/TARGET/) stay ordinary tests where clang and
 * libFuzzer are absent.  A regressions folder a target does not have yet
 * is an empty corpus; any other missing path is an error.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
replay_path (const char *path,
             guint      *count,
             GError    **error)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir)      dir = g_dir_open (path, 0, error);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char           *name;

      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_names);

      for (guint i = 0; i < names->len; i++)
        if (!replay_path (g_ptr_array_index (names, i), count, error))
          return FALSE;
      return TRUE;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  (*count)++;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  /* A critical or a warning is a bug the input found, like a crash. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char   *parent = g_path_get_dirname (argv[i]);

      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS) && g_file_test (parent, G_FILE_TEST_IS_DIR))
        {
          printf ("%s: no inputs yet\n", argv[i]);
          continue;
        }
      if (!replay_path (argv[i], &count, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
    }

  printf ("%u inputs replayed\n", count);
  return count > 0 ? 0 : 1;
}
