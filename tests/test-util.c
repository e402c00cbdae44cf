/* test-util.c: waiting on the main loop, and small helpers, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every wait is for a condition, with a generous safety limit that turns a
 * hang into a failure; none of them is a speed check, and nothing here
 * sleeps for a while "to let things settle": a test that must show that
 * something did NOT happen waits for a later event that the same ordered
 * pipeline delivers after it.
 *
 * Everything iterates the caller's thread-default main context (the global
 * default one unless the caller pushed another), where the code under test
 * attached its sources.
 */

#include "config.h"

#include "test-util.h"

#include <glib/gstdio.h>

#define SAFETY_LIMIT_S 30

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the thread-default main context until @cond holds.  A tick
 * wakes the loop now and then, for conditions that no event of this
 * context announces (another process, another thread). */
void
test_wait_until (TestCondition cond,
                 gpointer      user_data,
                 const char   *what)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr (GSource)      limit = g_timeout_source_new_seconds (SAFETY_LIMIT_S);
  g_autoptr (GSource)      tick = g_timeout_source_new (50);
  gboolean                 timed_out = FALSE;

  g_source_set_callback (limit, timeout_cb, &timed_out, NULL);
  g_source_attach (limit, context);
  g_source_set_callback (tick, tick_cb, NULL, NULL);
  g_source_attach (tick, context);

  while (!cond (user_data) && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (tick);
  g_source_destroy (limit);
  if (timed_out)
    g_test_message ("Timed out waiting for %s", what);
  g_assert_false (timed_out);
}

typedef struct
{
  const guint *counter;
  guint        n;
} CountWait;

static gboolean
count_reached (gpointer user_data)
{
  CountWait *wait = user_data;

  return *wait->counter >= wait->n;
}

/* Waits until *@counter (bumped by a signal handler) reaches @n. */
void
test_wait_for_count (const guint *counter,
                     guint        n,
                     const char  *what)
{
  CountWait wait = { counter, n };

  test_wait_until (count_reached, &wait, what);
}

/* Dispatches what is ready in the thread-default main context without
 * blocking, e.g. in a tear-down so that cancelled work unwinds before the
 * next test. */
void
test_drain_main_context (void)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

  while (g_main_context_iteration (context, FALSE))
    ;
}

/* A GAsyncReadyCallback that stores a reference to the result in @slot. */
void
test_async_result_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      exited)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) exited = TRUE;
}

void
test_watch_exit (GSubprocess *process,
                 gboolean    *exited)
{
  g_subprocess_wait_async (process, NULL, exited_cb, exited);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

GAsyncResult *
test_wait_result (GAsyncResult **slot)
{
  test_wait_until (has_result, slot, "an async result");
  return *slot;
}

/* For hostile input: keeps the TAP log valid UTF-8, one line per message. */
void
test_note (const char *format,
           ...)
{
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  va_list          args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  valid = g_utf8_make_valid (text, -1);
  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  g_test_message ("%s", valid);
}

/* @text, which must be a valid URI. */
GUri *
test_parse_uri (const char *text)
{
  g_autoptr (GError) error = NULL;
  GUri              *uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, &error);

  g_assert_no_error (error);
  return uri;
}

/* A private session bus with no services at all (GTestDBus), for a test
 * that must activate nothing whatever the machine has installed.  DISPLAY
 * survives: g_test_dbus_up() unsets it (against X11 autolaunch), and GTK
 * needs it.  End it with g_test_dbus_stop(), not _down(): libraries'
 * process-wide connections to it outlive main. */
GTestDBus *
test_private_bus_up (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  GTestDBus       *bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  return bus;
}

/* A $XDG_DATA_HOME of the test's own, where the application keeps its
 * history database: nothing of an earlier run or of another test shows in
 * its lists.  Set before anything reads it (GLib caches it).  Returns
 * (transfer full) the folder, for test_remove_tree(). */
char *
test_private_data_home (void)
{
  g_autoptr (GError) error = NULL;
  char              *dir = g_dir_make_tmp ("beckon-test-data-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

/* Deletes @path and everything under it (symbolic links, not what they
 * point to): a scratch directory made with g_dir_make_tmp(). */
void
test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char      *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry = g_build_filename (path, name, NULL);

      if (g_file_test (entry, G_FILE_TEST_IS_DIR) && !g_file_test (entry, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (entry);
      else
        g_unlink (entry);
    }
  g_rmdir (path);
}
