/* beckon-notification-content-private.h: what an invitation's notification says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-account.h"
#include "beckon-invitation-item.h"
#include "beckon-notify-worker-private.h"

G_BEGIN_DECLS

/* Each returns a new content for beckon_notify_worker_show(), which takes it. */

/* Ringing: the invitation's words, a button for each answer the account
 * would take (or, in the body, why there is none); resident, with sound. */
BeckonNotifyContent *beckon_notify_content_new_ringing (BeckonAccount        *account,
                                                        BeckonInvitationItem *item);
/* On its way ("Joining…", "Declining…", "Waiting in the lobby…"): no buttons. */
BeckonNotifyContent *beckon_notify_content_new_busy (BeckonInvitationItem *item,
                                                     const char           *status);
/* The answer failed: the reason, and the buttons back if it can be retried. */
BeckonNotifyContent *beckon_notify_content_new_failed (BeckonAccount        *account,
                                                       BeckonInvitationItem *item);
/* "Missed chat from …": a notice that expires, with Reply if the account
 * says it can be replied to. */
BeckonNotifyContent *beckon_notify_content_new_missed (BeckonAccount        *account,
                                                       BeckonInvitationItem *item);

G_END_DECLS
