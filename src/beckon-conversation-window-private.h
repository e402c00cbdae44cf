/* beckon-conversation-window-private.h: what the tests may change of a conversation window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-conversation-window.h"

G_BEGIN_DECLS

/* How long a message may wait for the server's confirmation before it
 * turns failed for the user (default 30 s). */
void beckon_conversation_window_set_send_timeout (BeckonConversationWindow *self,
                                                  guint                     milliseconds);

G_END_DECLS
