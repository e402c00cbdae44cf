/* beckon-chat-start-copy.h: a chat the user starts, as the GTK thread follows it, run on the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-core.h"

G_BEGIN_DECLS

#define BECKON_TYPE_CHAT_START_COPY (beckon_chat_start_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonChatStartCopy, beckon_chat_start_copy, BECKON, CHAT_START_COPY, GObject)

/* Signal, as BeckonChatStart's, with a copy, on the owner's thread:
 *  "finished" (BeckonConversationCopy *conversation or NULL, const char *error_message) */

BeckonChatStartCopy  *beckon_chat_start_copy_new (BeckonCore        *core,
                                                  BeckonAccountCopy *copy,
                                                  BeckonAccount     *account,
                                                  const char        *address,
                                                  const char        *name);
BeckonInvitationCopy *beckon_chat_start_copy_get_item (BeckonChatStartCopy *self);
void                  beckon_chat_start_copy_send (BeckonChatStartCopy *self,
                                                   const char          *first_message);
void                  beckon_chat_start_copy_cancel (BeckonChatStartCopy *self);

G_END_DECLS
