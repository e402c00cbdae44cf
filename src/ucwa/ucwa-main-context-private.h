/* ucwa-main-context-private.h: timeouts and idles on the thread-default main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every object of the protocol library belongs to the thread-default main
 * context it was created on (libsoup's sessions and GDBus's subscriptions
 * follow that context by themselves), so that the application can run the
 * whole protocol core on a thread of its own (src/beckon-core.c).
 * g_timeout_add(), g_idle_add() and g_source_remove() always use the
 * global default context instead, which is the GTK thread's: a watchdog or
 * a retry would fire there, on objects another thread owns.  These do the
 * same on the thread-default context; the ids they return are that
 * context's, and only ucwa_clear_source(), called on the same thread,
 * removes them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint
ucwa_attach_source (GSource       *source,
                    gint           priority,
                    GSourceFunc    func,
                    gpointer       data,
                    GDestroyNotify notify)
{
  guint id;

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, data, notify);
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return id;
}

static inline guint
ucwa_timeout_add (guint       interval_ms,
                  GSourceFunc func,
                  gpointer    data)
{
  return ucwa_attach_source (g_timeout_source_new (interval_ms), G_PRIORITY_DEFAULT, func, data, NULL);
}

static inline guint
ucwa_timeout_add_seconds (guint       interval_s,
                          GSourceFunc func,
                          gpointer    data)
{
  return ucwa_attach_source (g_timeout_source_new_seconds (interval_s), G_PRIORITY_DEFAULT, func, data, NULL);
}

static inline guint
ucwa_idle_add_full (gint           priority,
                    GSourceFunc    func,
                    gpointer       data,
                    GDestroyNotify notify)
{
  return ucwa_attach_source (g_idle_source_new (), priority, func, data, notify);
}

/* g_clear_handle_id (id, g_source_remove) for the ids above. */
static inline void
ucwa_clear_source (guint *id)
{
  GSource *source;

  if (*id == 0)
    return;
  source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), *id);
  /* As g_source_remove() says: the id must still be attached, and to this
   * thread's context. */
  g_return_if_fail (source != NULL);
  *id = 0;
  g_source_destroy (source);
}

G_END_DECLS
