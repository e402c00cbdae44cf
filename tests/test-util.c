/* test-util.c: waiting on the main loop, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every wait has a generous safety limit that turns a hang into a failure;
 * none of them is a speed check.
 */

#include "config.h"

#include "test-util.h"

#define SAFETY_LIMIT_S 20

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
  gboolean timed_out = FALSE;
  guint    source = g_timeout_add_seconds (SAFETY_LIMIT_S, timeout_cb, &timed_out);
  guint    tick = g_timeout_add (50, tick_cb, NULL);

  while (!cond (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (timed_out)
    g_test_message ("Timed out waiting for %s", what);
  g_assert_false (timed_out);
  g_source_remove (source);
}

/* Lets the main loop run for a while, e.g. to give a duplicate the chance
 * to show up. */
void
test_spin (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A GAsyncReadyCallback that stores a reference to the result in @slot. */
void
test_async_result_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
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
