/* ucwa-conversation.h: a conversation, its messaging modality and roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ucwa-enums.h"
#include "ucwa-message.h"
#include "ucwa-participant.h"

G_BEGIN_DECLS

#define UCWA_TYPE_CONVERSATION (ucwa_conversation_get_type ())
G_DECLARE_FINAL_TYPE (UcwaConversation, ucwa_conversation, UCWA, CONVERSATION, GObject)

const char           *ucwa_conversation_get_href (UcwaConversation *self);
UcwaConversationState ucwa_conversation_get_state (UcwaConversation *self);
const char           *ucwa_conversation_get_subject (UcwaConversation *self);
const char           *ucwa_conversation_get_thread_id (UcwaConversation *self);
const char           *ucwa_conversation_get_importance (UcwaConversation *self);
UcwaModalityState     ucwa_conversation_get_messaging_state (UcwaConversation *self);
/* Capability links of the messaging modality: NULL while not offered. */
const char           *ucwa_conversation_get_messaging_href (UcwaConversation *self);
const char           *ucwa_conversation_get_send_message_href (UcwaConversation *self);
const char           *ucwa_conversation_get_set_is_typing_href (UcwaConversation *self);
const char           *ucwa_conversation_get_add_messaging_href (UcwaConversation *self);
const char           *ucwa_conversation_get_stop_messaging_href (UcwaConversation *self);
const char           *ucwa_conversation_get_typing_participants_href (UcwaConversation *self);
GListModel           *ucwa_conversation_get_messages (UcwaConversation *self);            /* UcwaMessage */
GListModel           *ucwa_conversation_get_participants (UcwaConversation *self);        /* UcwaParticipant, remote ones */
GListModel           *ucwa_conversation_get_typing_participants (UcwaConversation *self); /* UcwaParticipant */
const char           *ucwa_conversation_get_title (UcwaConversation *self);               /* subject, else the remote names */

G_END_DECLS
