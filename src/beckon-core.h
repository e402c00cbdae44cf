/* beckon-core.h: the thread that runs the protocol core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BeckonCore BeckonCore;

/* Run on the core's thread (beckon_core_invoke(), beckon_core_call()) or on
 * the owner's (beckon_core_invoke_owner()). */
typedef void (*BeckonCoreFunc) (gpointer data);

BeckonCore   *beckon_core_new (const char *name);
BeckonCore   *beckon_core_new_inline (void);
gboolean      beckon_core_is_threaded (BeckonCore *core);
GMainContext *beckon_core_get_context (BeckonCore *core);
gboolean      beckon_core_is_core_thread (BeckonCore *core);

void beckon_core_invoke (BeckonCore    *core,
                         BeckonCoreFunc func,
                         gpointer       data,
                         GDestroyNotify destroy);
void beckon_core_invoke_owner (BeckonCore    *core,
                               BeckonCoreFunc func,
                               gpointer       data,
                               GDestroyNotify destroy);
void beckon_core_run (BeckonCore    *core,
                      BeckonCoreFunc func,
                      gpointer       data,
                      GDestroyNotify destroy);
void beckon_core_call (BeckonCore    *core,
                       BeckonCoreFunc func,
                       gpointer       data);

void beckon_core_free (BeckonCore *core);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeckonCore, beckon_core_free)

G_END_DECLS
