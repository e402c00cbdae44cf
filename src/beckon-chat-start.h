/* beckon-chat-start.h: a chat the user starts (Reply, New Chat, a sip: link)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "beckon-account.h"

G_BEGIN_DECLS

#define BECKON_TYPE_CHAT_START (beckon_chat_start_get_type ())
G_DECLARE_FINAL_TYPE (BeckonChatStart, beckon_chat_start, BECKON, CHAT_START, GObject)

/* Signals:
 *  "finished" (UcwaConversation *conversation, const char *error_message):
 *             the remote party accepted: @conversation is Connected, its
 *             first message in it (delivered), @error_message NULL; or
 *             @conversation NULL and why not (translated).  Once, last.
 */

/* "sip:ada@contoso.com" from a typed address, or a sip: or im: link
 * ("im:ada@contoso.com", "sip:ada@contoso.com;transport=tls", percent-
 * encoded or not); NULL if it names no one. */
char *beckon_chat_start_parse_address (const char *text);

BeckonChatStart      *beckon_chat_start_new (BeckonAccount *account,
                                             const char    *address,
                                             const char    *name);
/* Starts the chat with @first_message, at once or once the session is
 * online; the item turns JOINING. */
void                  beckon_chat_start_send (BeckonChatStart *self,
                                              const char      *first_message);
void                  beckon_chat_start_cancel (BeckonChatStart *self);
const char           *beckon_chat_start_get_address (BeckonChatStart *self);
/* NULL until sent. */
const char           *beckon_chat_start_get_first_message (BeckonChatStart *self);
gboolean              beckon_chat_start_get_finished (BeckonChatStart *self);
/* What the window follows: the person as the inviter; JOINING once sent,
 * ACCEPTED once connected, FAILED with the reason. */
BeckonInvitationItem *beckon_chat_start_get_item (BeckonChatStart *self);

G_END_DECLS
