/* beckon-message-notifier.h: a notification for each new message the user
 * is not looking at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "beckon-conversation-window.h"
#include "beckon-core.h"
#include "beckon-notifier.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MESSAGE_NOTIFIER (beckon_message_notifier_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMessageNotifier, beckon_message_notifier, BECKON, MESSAGE_NOTIFIER, GObject)

/* @settings (nullable): where "show-message-text" is read; without it the
 * text is shown. */
BeckonMessageNotifier *beckon_message_notifier_new (BeckonCore     *core,
                                                    BeckonNotifier *notifier,
                                                    GSettings      *settings);
/* Follows @window's conversation until the window is destroyed. */
void                   beckon_message_notifier_watch (BeckonMessageNotifier    *self,
                                                      BeckonConversationWindow *window);

G_END_DECLS
