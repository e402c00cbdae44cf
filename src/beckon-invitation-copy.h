/* beckon-invitation-copy.h: an invitation item as the GTK thread sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "beckon-conversation-copy.h"
#include "beckon-invitation-item.h"

G_BEGIN_DECLS

#define BECKON_TYPE_INVITATION_COPY (beckon_invitation_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonInvitationCopy, beckon_invitation_copy, BECKON, INVITATION_COPY, GObject)

/* The properties of BeckonInvitationItem, read-only, by the same names
 * ("conversation" is a BeckonConversationCopy), and the account's verdicts:
 * "can-accept", "can-decline", "accept-refusal", "decline-refusal". */

BeckonInvitationState   beckon_invitation_copy_get_state (BeckonInvitationCopy *self);
gboolean                beckon_invitation_copy_get_answerable (BeckonInvitationCopy *self);
gboolean                beckon_invitation_copy_get_is_meeting (BeckonInvitationCopy *self);
gboolean                beckon_invitation_copy_get_restored (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_inviter (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_summary (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_body (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_status_text (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_error_message (BeckonInvitationCopy *self);
GDateTime              *beckon_invitation_copy_get_received (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_conversation_key (BeckonInvitationCopy *self);
BeckonConversationCopy *beckon_invitation_copy_get_conversation (BeckonInvitationCopy *self);
gboolean                beckon_invitation_copy_get_can_accept (BeckonInvitationCopy *self);
gboolean                beckon_invitation_copy_get_can_decline (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_accept_refusal (BeckonInvitationCopy *self);
const char             *beckon_invitation_copy_get_decline_refusal (BeckonInvitationCopy *self);
/* "inviter-uri": the inviter's address, whom a reply goes to. */
const char             *beckon_invitation_copy_get_inviter_uri (BeckonInvitationCopy *self);

/* The main window's: "can-reply" (beckon_account_can_reply()'s verdict). */
gboolean beckon_invitation_copy_get_can_reply (BeckonInvitationCopy *self);

G_END_DECLS
