/* beckon-notifier-private.h: what the tests and benchmarks read of the
 * notifier's bookkeeping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-notifier.h"

G_BEGIN_DECLS

/* How many invitations the notifier follows: bounded by the account's
 * history, plus the few whose notice is still on screen. */
guint beckon_notifier_get_n_entries (BeckonNotifier *self);

G_END_DECLS
