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
 * Pending, then Delivered or Failed; sent while the session reconnects, it
 * waits in "waiting" first: the core's BeckonOutbox). */
void beckon_conversation_copy_send (BeckonConversationCopy *self,
                                    const char             *text);
void beckon_conversation_copy_set_typing (BeckonConversationCopy *self);
void beckon_conversation_copy_leave (BeckonConversationCopy *self);

/* The conversation window's (conv): what the core's outbox keeps.
 * "waiting" (GListModel of GtkStringObject): the texts sent while the
 * session reconnects, shown "Waiting for the connection…" until they go;
 * "waiting-lost": the conversation ended before they could. */
GListModel *beckon_conversation_copy_get_waiting (BeckonConversationCopy *self);
gboolean    beckon_conversation_copy_get_waiting_lost (BeckonConversationCopy *self);
/* Leaves; done once the server answered the DELETE (or could not be reached). */
void        beckon_conversation_copy_leave_async (BeckonConversationCopy *self,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean    beckon_conversation_copy_leave_finish (BeckonConversationCopy *self,
                                                   GAsyncResult           *result,
                                                   GError                **error);
/* For the tests (beckon_conversation_window_set_send_timeout()): how long
 * the core's outbox lets a sent message wait for the server's
 * confirmation before it fails it (default 30 s). */
void        _beckon_conversation_copy_set_send_timeout (BeckonConversationCopy *self,
                                                        guint                   milliseconds);

G_END_DECLS
