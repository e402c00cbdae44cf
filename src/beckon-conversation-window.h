/* beckon-conversation-window.h: one conversation: its state, messages, typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "beckon-account-copy.h"
#include "beckon-conversation-copy.h"
#include "beckon-invitation-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_CONVERSATION_WINDOW (beckon_conversation_window_get_type ())
G_DECLARE_FINAL_TYPE (BeckonConversationWindow, beckon_conversation_window, BECKON, CONVERSATION_WINDOW, AdwWindow)

BeckonConversationWindow *beckon_conversation_window_new (GtkApplication         *application,
                                                          BeckonAccountCopy      *account,
                                                          BeckonConversationCopy *conversation,
                                                          BeckonInvitationCopy   *item);
/* A chat the user starts, before its conversation exists (see the .c). */
BeckonConversationWindow *beckon_conversation_window_new_draft (GtkApplication       *application,
                                                                BeckonAccountCopy    *account,
                                                                BeckonInvitationCopy *item);
/* Built ahead of time for the next conversation, which it then takes. */
BeckonConversationWindow *beckon_conversation_window_new_spare (gboolean realize);
void                      beckon_conversation_window_take_conversation (BeckonConversationWindow *self,
                                                                        GtkApplication           *application,
                                                                        BeckonAccountCopy        *account,
                                                                        BeckonConversationCopy   *conversation,
                                                                        BeckonInvitationCopy     *item);
BeckonConversationCopy   *beckon_conversation_window_get_conversation (BeckonConversationWindow *self);
BeckonInvitationCopy     *beckon_conversation_window_get_item (BeckonConversationWindow *self);
/* The state as shown in the header, e.g. "Connected", "Conferenced" (translated). */
const char               *beckon_conversation_window_get_state_text (BeckonConversationWindow *self);

G_END_DECLS
