/* beckon-account.h: the signed-in account and what happens to its invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "beckon-invitation-item.h"
#include "ucwa-session.h"

G_BEGIN_DECLS

#define BECKON_TYPE_ACCOUNT (beckon_account_get_type ())
G_DECLARE_FINAL_TYPE (BeckonAccount, beckon_account, BECKON, ACCOUNT, GObject)

/* Signals:
 *  "invitation-added"   (BeckonInvitationItem *item): a new invitation rings, exactly once.
 *  "conversation-ready" (BeckonInvitationItem *item, UcwaConversation *conversation):
 *                       accepted: open the conversation window.
 * Properties: "session", "invitations" (GListModel of BeckonInvitationItem, newest first),
 *             "status-text" (translated account status), "online" (gboolean).
 */

BeckonAccount        *beckon_account_new (UcwaSession *session);
UcwaSession          *beckon_account_get_session (BeckonAccount *self);
GListModel           *beckon_account_get_invitations (BeckonAccount *self);
const char           *beckon_account_get_status_text (BeckonAccount *self);
gboolean              beckon_account_get_online (BeckonAccount *self);
BeckonInvitationItem *beckon_account_find_item (BeckonAccount  *self,
                                                UcwaInvitation *invitation);
void                  beckon_account_accept (BeckonAccount        *self,
                                             BeckonInvitationItem *item);
void                  beckon_account_decline (BeckonAccount        *self,
                                              BeckonInvitationItem *item);

G_END_DECLS
