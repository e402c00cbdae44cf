/* beckon-tsan-private.h: telling ThreadSanitizer what GLib's hand-offs guarantee
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian's GLib is not built with ThreadSanitizer, and its GMutex and GCond
 * are futexes, not pthread calls: ThreadSanitizer cannot see that
 * g_main_context_invoke() (which attaches under the context's GMutex) or a
 * GMutex/GCond pair orders what one thread wrote before what another reads,
 * and would report every hand-off between our threads as a race in our
 * code.  Each hand-off says so here instead: the sending side releases the
 * address of what it hands over after its last write, the receiving side
 * acquires it before its first read.  Without -fsanitize=thread these are
 * nothing.  (build-aux/tsan.supp keeps GLib's own insides out of the
 * reports; our code is never suppressed.)
 */
#pragma once

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define BECKON_TSAN_RELEASE(address) __tsan_release ((void *) (address))
#define BECKON_TSAN_ACQUIRE(address) __tsan_acquire ((void *) (address))
#else
#define BECKON_TSAN_RELEASE(address) ((void) (address))
#define BECKON_TSAN_ACQUIRE(address) ((void) (address))
#endif

#include <glib.h>

/* g_mutex_lock() and g_mutex_unlock(), with what they order said. */
static inline void
beckon_mutex_lock (GMutex *mutex)
{
  g_mutex_lock (mutex);
  BECKON_TSAN_ACQUIRE (mutex);
}

static inline void
beckon_mutex_unlock (GMutex *mutex)
{
  BECKON_TSAN_RELEASE (mutex);
  g_mutex_unlock (mutex);
}

/* g_cond_wait() and g_cond_wait_until(): @mutex is released while waiting
 * and taken again before they return. */
static inline void
beckon_cond_wait (GCond  *cond,
                  GMutex *mutex)
{
  BECKON_TSAN_RELEASE (mutex);
  g_cond_wait (cond, mutex);
  BECKON_TSAN_ACQUIRE (mutex);
}

static inline gboolean
beckon_cond_wait_until (GCond  *cond,
                        GMutex *mutex,
                        gint64  end_time)
{
  gboolean signalled;

  BECKON_TSAN_RELEASE (mutex);
  signalled = g_cond_wait_until (cond, mutex, end_time);
  BECKON_TSAN_ACQUIRE (mutex);
  return signalled;
}
