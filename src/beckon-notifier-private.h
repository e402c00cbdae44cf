/* beckon-notifier-private.h: what the tests and benchmarks read of the
 * notifier's bookkeeping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-notifier.h"
#include "beckon-notify-worker-private.h"

G_BEGIN_DECLS

/* How many invitations the notifier follows: bounded by the account's
 * history, plus the few whose notice is still on screen. */
guint beckon_notifier_get_n_entries (BeckonNotifier *self);

/* For other notifications on the notifier's worker: a key of their own,
 * whose action and closed events go to @func (on the notifier's context,
 * never after it shut down) instead of the invitations' handling. */
typedef void (*BeckonNotifierKeyFunc) (BeckonNotifyEventType type,
                                       guint                 key,
                                       const char           *action,
                                       int                   reason,
                                       gpointer              user_data);

BeckonNotifyWorker *beckon_notifier_get_worker (BeckonNotifier *self);
guint               beckon_notifier_reserve_key (BeckonNotifier       *self,
                                                 BeckonNotifierKeyFunc func,
                                                 gpointer              user_data);
void                beckon_notifier_release_key (BeckonNotifier *self,
                                                 guint           key);

G_END_DECLS
