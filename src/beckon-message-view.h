/* beckon-message-view.h: a conversation's messages, scrolled, as chat bubbles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "beckon-message-row.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MESSAGE_VIEW (beckon_message_view_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMessageView, beckon_message_view, BECKON, MESSAGE_VIEW, GtkWidget)

/* Signals:
 *  "retry" (BeckonMessageCopy *message): the user asks to send the text of
 *          @message, not delivered, again.
 */

GtkWidget         *beckon_message_view_new (void);
/* The header scrolled above the first message ("intro" property). */
void               beckon_message_view_set_intro (BeckonMessageView *self,
                                                  GtkWidget         *intro);
GtkWidget         *beckon_message_view_get_intro (BeckonMessageView *self);
/* @messages: BeckonMessageCopy, oldest first; @waiting: GtkStringObject, the
 * texts written while the account reconnects, shown after them. */
void               beckon_message_view_set_models (BeckonMessageView *self,
                                                   GListModel        *messages,
                                                   GListModel        *waiting);
/* What the waiting texts wait for (translated, static): a chat being
 * started says "Sending…"; NULL (the default): the connection. */
void               beckon_message_view_set_waiting_status (BeckonMessageView *self,
                                                           const char        *status);
/* What waits will never go: its rows say "Not delivered". */
void               beckon_message_view_set_waiting_lost (BeckonMessageView *self,
                                                         gboolean           lost);
/* Shows the newest message and follows the new ones again. */
void               beckon_message_view_scroll_to_bottom (BeckonMessageView *self);
GtkScrolledWindow *beckon_message_view_get_scrolled_window (BeckonMessageView *self);

/* The rows on screen (a recycling list has rows only for the messages in
 * view and near it): the row showing the message with @text, or the row
 * of the @index-th text that waits; %NULL if none is. */
BeckonMessageRow *beckon_message_view_find_row (BeckonMessageView *self,
                                                const char        *text);
BeckonMessageRow *beckon_message_view_get_waiting_row (BeckonMessageView *self,
                                                       guint              index);

G_END_DECLS
