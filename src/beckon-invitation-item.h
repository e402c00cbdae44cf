/* beckon-invitation-item.h: an invitation as the user sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ucwa-conversation.h"
#include "ucwa-invitation.h"

G_BEGIN_DECLS

typedef enum {
  BECKON_INVITATION_STATE_PENDING,   /* ringing: Accept and Decline offered */
  BECKON_INVITATION_STATE_JOINING,   /* accept sent (or waiting for the server's links), waiting for the server */
  BECKON_INVITATION_STATE_ACCEPTED,  /* the conversation is open */
  BECKON_INVITATION_STATE_DECLINING, /* decline sent (or waiting for the links, as JOINING) */
  BECKON_INVITATION_STATE_DECLINED,
  BECKON_INVITATION_STATE_FAILED,             /* accept/decline failed: see error-message; maybe answerable again */
  BECKON_INVITATION_STATE_MISSED,             /* the inviter gave up, or it timed out */
  BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE, /* answered on another device */
  BECKON_INVITATION_STATE_IN_LOBBY,           /* meeting accepted, the user waits in its lobby to be admitted */
  BECKON_INVITATION_STATE_NOT_JOINED,         /* left the lobby (or was not admitted): see error-message */
} BeckonInvitationState;

#define BECKON_TYPE_INVITATION_ITEM (beckon_invitation_item_get_type ())
G_DECLARE_FINAL_TYPE (BeckonInvitationItem, beckon_invitation_item, BECKON, INVITATION_ITEM, GObject)

BeckonInvitationItem *beckon_invitation_item_new (UcwaInvitation *invitation);
/* An invitation that ended in an earlier run, from the history: it has no
 * UcwaInvitation (get_invitation() returns NULL) and never changes. */
BeckonInvitationItem *beckon_invitation_item_new_restored (gboolean              is_meeting,
                                                           const char           *from_name,
                                                           const char           *from_uri,
                                                           const char           *body,
                                                           GDateTime            *received,
                                                           BeckonInvitationState state,
                                                           const char           *error_message,
                                                           const char           *conversation_key);
UcwaInvitation       *beckon_invitation_item_get_invitation (BeckonInvitationItem *self); /* NULL if restored */
gboolean              beckon_invitation_item_get_restored (BeckonInvitationItem *self);
/* The history's key of its conversation's messages (beckon-history.h), once known. */
const char           *beckon_invitation_item_get_conversation_key (BeckonInvitationItem *self);
void                  beckon_invitation_item_set_conversation_key (BeckonInvitationItem *self,
                                                                   const char           *key);
BeckonInvitationState beckon_invitation_item_get_state (BeckonInvitationItem *self);
void                  beckon_invitation_item_set_state (BeckonInvitationItem *self,
                                                        BeckonInvitationState state);
gboolean              beckon_invitation_item_get_answerable (BeckonInvitationItem *self);
gboolean              beckon_invitation_item_get_is_meeting (BeckonInvitationItem *self);
const char           *beckon_invitation_item_get_inviter (BeckonInvitationItem *self);       /* display name, else SIP address */
const char           *beckon_invitation_item_get_inviter_uri (BeckonInvitationItem *self);   /* sip:…, nullable */
const char           *beckon_invitation_item_get_summary (BeckonInvitationItem *self);       /* translated: "Ada invites you to chat" */
const char           *beckon_invitation_item_get_body (BeckonInvitationItem *self);          /* first message or meeting subject */
const char           *beckon_invitation_item_get_status_text (BeckonInvitationItem *self);   /* translated state, e.g. "Joining…" */
const char           *beckon_invitation_item_get_error_message (BeckonInvitationItem *self); /* translated, nullable */
void                  beckon_invitation_item_set_error_message (BeckonInvitationItem *self,
                                                                const char           *message);
UcwaConversation     *beckon_invitation_item_get_conversation (BeckonInvitationItem *self);
void                  beckon_invitation_item_set_conversation (BeckonInvitationItem *self,
                                                               UcwaConversation     *conversation);
GDateTime            *beckon_invitation_item_get_received (BeckonInvitationItem *self);

G_END_DECLS
