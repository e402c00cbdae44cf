/* beckon-conversation-copy.h: a conversation as the GTK thread sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ucwa-enums.h"

G_BEGIN_DECLS

#define BECKON_TYPE_CONVERSATION_COPY (beckon_conversation_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonConversationCopy, beckon_conversation_copy, BECKON, CONVERSATION_COPY, GObject)

/* Properties, as UcwaConversation's: "state" (UcwaConversationState),
 * "messaging-state" (UcwaModalityState), "title", "subject", "messages"
 * (GListModel of BeckonMessageCopy), "participants" and
 * "typing-participants" (GListModel of BeckonParticipantCopy); and
 * "can-send", "can-type": whether the server offers those links. */

UcwaConversationState beckon_conversation_copy_get_state (BeckonConversationCopy *self);
UcwaModalityState     beckon_conversation_copy_get_messaging_state (BeckonConversationCopy *self);
const char           *beckon_conversation_copy_get_title (BeckonConversationCopy *self);
const char           *beckon_conversation_copy_get_subject (BeckonConversationCopy *self);
gboolean              beckon_conversation_copy_get_can_send (BeckonConversationCopy *self);
gboolean              beckon_conversation_copy_get_can_type (BeckonConversationCopy *self);
GListModel           *beckon_conversation_copy_get_messages (BeckonConversationCopy *self);
GListModel           *beckon_conversation_copy_get_participants (BeckonConversationCopy *self);
GListModel           *beckon_conversation_copy_get_typing_participants (BeckonConversationCopy *self);

/* Commands, run by the core on its conversation; what they change comes
 * back as changes of the copy (the message sent appears in "messages",
 * Pending, then Delivered or Failed). */
void beckon_conversation_copy_send (BeckonConversationCopy *self,
                                    const char             *text);
void beckon_conversation_copy_set_typing (BeckonConversationCopy *self);
void beckon_conversation_copy_leave (BeckonConversationCopy *self);

G_END_DECLS
