/* beckon-message-bubble.h: a chat bubble's column, its text measured with one layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BECKON_TYPE_MESSAGE_BUBBLE (beckon_message_bubble_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMessageBubble, beckon_message_bubble, BECKON, MESSAGE_BUBBLE, GtkWidget)

GtkWidget *beckon_message_bubble_new (void);
/* The child that shows the message's text ("text-label"): a label that
 * wraps (word-char), whose width the bubble measures itself. */
void       beckon_message_bubble_set_text_label (BeckonMessageBubble *self,
                                                 GtkLabel            *label);
GtkLabel  *beckon_message_bubble_get_text_label (BeckonMessageBubble *self);

G_END_DECLS
